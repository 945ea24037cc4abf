"""The benchmark's Django side (bench/run runs it; it is never imported by the application).

    python bench/prepare.py size                  # JSON: published case studies, contributions, sample EOIs
    python bench/prepare.py targets               # JSON: the addresses to load, picked from the data
    python bench/prepare.py queries               # JSON: queries and in-process time per request, cold and cached
    python bench/prepare.py eoi-sessions N FILE   # N ready-to-submit EOIs, one wrk request line each
    python bench/prepare.py emails                # JSON: the EOI load's emails by status (sent, pending, failed)
    python bench/prepare.py pdf-reset             # delete the stored publication PDFs (the next download makes one)
    python bench/prepare.py cleanup               # delete what the EOI load made (EOIs, their emails, sessions)

Run with the benchmark's environment (DATABASE_URL, DJANGO_SETTINGS_MODULE=ccin_site.settings.prod, …).

How an EOI POST is made at rate. The real submit is the "check your answers" page's POST: it
needs a session holding the officer's answers, the session's one-time submission token and a
CSRF token. ``eoi-sessions`` makes N such sessions in the session store, exactly as the form
and check pages leave them, with a CSRF secret each, and writes one line per session: the
Cookie header and the form body. bench/wrk.lua sends each line once, so every POST is a
first submission that saves a new EOI (a replayed token would only find the existing one).
Nothing in the application knows about the benchmark.
"""

import datetime
import json
import os
import secrets
import statistics
import sys
import time
import uuid
from importlib import import_module
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccin_site.settings.prod")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from casestudies import public_cache  # noqa: E402
from casestudies.models import (  # noqa: E402
    Call,
    CaseStudy,
    Contribution,
    Council,
    EmailLog,
    ExpressionOfInterest,
    Publication,
)
from casestudies.views.eoi import CONTACT_FIELDS  # noqa: E402

BENCH_EMAIL_DOMAIN = "bench.invalid"
HOST = "127.0.0.1"
# Search words of every breadth in the sample text: a place (a few hundred matches), a title
# word of one theme (about a thousand), a theme's name, words in most case studies, a phrase,
# an "or" and a "-word".
SEARCHES = [
    "northmoor",
    "ppe",
    "grants",
    "digital",
    "food",
    "community hubs",
    "credit union",
    '"mutual aid"',
    "tenants",
    "greener streets",
    "volunteers -food",
    "carers or youth",
]
# What readers are more likely to type: places (the sample's invented councils and towns), theme
# words, two-word phrases and misspellings (which find little or nothing: PostgreSQL does not
# correct spelling). Taken in turn, like SEARCHES.
REALISTIC_SEARCHES = [
    "pennyrigg",
    "marshby",
    "oakhurst fen",
    "redmarsh",
    "yarrowmere",
    "cresswick",
    "glanrhyd",
    "pontyfelin",
    "kilmarden",
    "hollinbridge",
    "food bank",
    "mutual aid",
    "homelessness",
    "domestic abuse",
    "community wealth building",
    "climate",
    "digital inclusion",
    "hardship fund",
    "social care",
    "co-production",
    "care at home",
    "emergency grants",
    "local jobs",
    "sleeping rough",
    "older neighbours",
    "small traders",
    "young people",
    "tenants groups",
    "pennyrigg food",
    "marshby grants",
    "volunters",
    "comunity hub",
    "foodbank",
    "homlessness",
    "mutal aid",
    "councill",
    "recovery plan",
    "every ward",
    "equal partners",
    "own languages",
]


def size() -> dict:
    return {
        "published_case_studies": CaseStudy.objects.published().count(),
        "contributions": Contribution.objects.exclude(eoi__contact_email__endswith=BENCH_EMAIL_DOMAIN).count(),
        "sample_eois": ExpressionOfInterest.objects.filter(call__is_sample=True)
        .exclude(contact_email__endswith=BENCH_EMAIL_DOMAIN)
        .count(),
        "calls": Call.objects.count(),
    }


def _open_call() -> Call:
    call = Call.objects.open_for_eoi().filter(is_sample=True).latest_first().first()
    if call is None:
        raise SystemExit("No open sample call: seed the database with seed_demo first.")
    return call


def targets() -> dict:
    case_study = CaseStudy.objects.published().order_by("-published_at", "-pk")[137]
    theme_slug, region = (
        CaseStudy.objects.published()
        .filter(council__region__gt="")
        .values_list("theme__slug", "council__region")
        .order_by("pk")
        .first()
    )
    publication = Publication.objects.published().filter(call__is_sample=True).order_by("-published_on").first()
    manifest = json.loads((Path(settings.STATIC_ROOT) / "staticfiles.json").read_text())
    return {
        "floor": "/healthz/",
        "call": "/",
        "browse": "/case-studies/",
        "filtered": f"/case-studies/?theme={theme_slug}&place={region}",
        "search": "/case-studies/search/?q=",
        "searches": SEARCHES,
        "realistic": REALISTIC_SEARCHES,
        "case_study": case_study.get_absolute_url(),
        "publication": publication.get_absolute_url(),
        "publication_pdf": reverse("casestudies:publication-download", kwargs={"slug": publication.slug}),
        "publication_case_studies": CaseStudy.objects.published().filter(call_id=publication.call_id).count(),
        "static": settings.STATIC_URL + manifest["paths"]["build/ccin.css"],
        "eoi_post": reverse("casestudies:eoi-check", kwargs={"slug": _open_call().slug}),
    }


# --- ready-to-submit EOIs ----------------------------------------------------------------------


def _answers(call: Call, councils: list[int], themes: list[int], n: int) -> dict:
    description = " ".join(["Residents and volunteers ran a food hub together every week"] * 6)  # 60 words
    contact = dict.fromkeys(CONTACT_FIELDS, "")
    contact.update(
        council=str(councils[n % len(councils)]),
        contact_name="Bench Officer",
        contact_role="Policy officer",
        contact_email=f"officer{n}@{BENCH_EMAIL_DOMAIN}",
    )
    count = 1 + n % 2
    contributions = [{"theme": str(themes[(n + i) % len(themes)]), "description": description} for i in range(count)]
    return {"contact": contact, "contributions": contributions}


def eoi_sessions(count: int, path: str) -> None:
    """``count`` sessions, each holding a valid EOI and its one-time token, and the wrk lines to submit them."""
    from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
    from django.contrib.sessions.models import Session

    call = _open_call()
    councils = list(Council.objects.filter(is_sample=True).values_list("pk", flat=True))
    themes = list(call.themes.values_list("pk", flat=True))
    store = import_module(settings.SESSION_ENGINE).SessionStore
    expires = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    lines, rows = [], []
    for n in range(count):
        data = {f"eoi-draft-{call.pk}": _answers(call, councils, themes, n), f"eoi-token-{call.pk}": str(uuid.uuid4())}
        csrf = secrets.token_hex(16)  # a CSRF secret: 32 characters, the cookie's form and the field's
        if store is DatabaseSessionStore:
            key = secrets.token_hex(16)
            rows.append(Session(session_key=key, session_data=store().encode(data), expire_date=expires))
        else:
            session = store()
            session.update(data)
            session.create()
            key = session.session_key
        cookie = f"{settings.SESSION_COOKIE_NAME}={key}; {settings.CSRF_COOKIE_NAME}={csrf}"
        body = f"csrfmiddlewaretoken={csrf}&submission_token={data[f'eoi-token-{call.pk}']}"
        lines.append(f"{cookie}\t{body}")
    with transaction.atomic():
        Session.objects.bulk_create(rows, batch_size=2000)
    Path(path).write_text("\n".join(lines) + "\n")


def emails() -> dict:
    """The benchmark's EOI acknowledgements by status: did the sender keep up?"""
    from django.db.models import Count

    rows = (
        EmailLog.objects.filter(to__endswith=BENCH_EMAIL_DOMAIN)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    found = {status: n for status, n in rows}
    found["eois"] = ExpressionOfInterest.objects.filter(contact_email__endswith=BENCH_EMAIL_DOMAIN).count()
    return found


def pdf_reset() -> dict:
    """Forget every stored publication PDF (files and which is current), so the next download makes one."""
    from django.core.files.storage import default_storage

    from casestudies import publication_document

    removed = 0

    def remove(folder: str) -> None:
        nonlocal removed
        try:
            folders, files = default_storage.listdir(folder)
        except FileNotFoundError:
            return
        for name in files:
            default_storage.delete(f"{folder}/{name}")
            removed += 1
        for name in folders:
            remove(f"{folder}/{name}")

    remove(publication_document.FOLDER)
    public_cache.new_generation()
    return {"removed": removed}


def cleanup() -> dict:
    """Remove the benchmark's EOIs, their contributions and emails, and every session."""
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sessions.models import Session

    with transaction.atomic():
        eois = ExpressionOfInterest.objects.filter(contact_email__endswith=BENCH_EMAIL_DOMAIN)
        ids = list(eois.values_list("pk", flat=True))
        content_type = ContentType.objects.get_for_model(ExpressionOfInterest)
        emails = EmailLog.objects.filter(content_type=content_type, object_id__in=ids).delete()[0]
        Contribution.objects.filter(eoi_id__in=ids).delete()
        deleted = ExpressionOfInterest.objects.filter(pk__in=ids).delete()[0]
        sessions = Session.objects.all().delete()[0]
    return {"eois": len(ids), "rows_deleted": deleted, "emails": emails, "sessions": sessions}


# --- queries per request -----------------------------------------------------------------------


def _measure(client: Client, method: str, url: str, **kwargs) -> tuple[int, float, int]:
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = getattr(client, method)(url, **kwargs)
        elapsed = (time.perf_counter() - started) * 1000
    return len(captured.captured_queries), elapsed, response.status_code


def queries() -> dict:
    """Each address requested through Django's test client: queries and time on a cold cache (a new
    generation before each request) and cached (the same address again). Medians of 5."""
    found = targets()
    client = Client(HTTP_HOST=HOST)
    pages = {name: found[name] for name in ("floor", "call", "browse", "filtered", "case_study", "publication")}
    pages["static"] = found["static"]
    pages["search"] = found["search"] + found["searches"][0]
    pages["search_real"] = found["search"] + found["realistic"][0]
    results = {}
    for name, url in pages.items():
        cold, cached = [], []
        for _ in range(5):
            public_cache.new_generation()
            cold.append(_measure(client, "get", url))
            cached.append(_measure(client, "get", url))
        statuses = {status for *_, status in cold + cached}
        results[name] = {
            "queries_cold": cold[-1][0],
            "queries_cached": cached[-1][0],
            "ms_cold": round(statistics.median(ms for _, ms, _ in cold), 1),
            "ms_cached": round(statistics.median(ms for _, ms, _ in cached), 1),
            "statuses": sorted(statuses),
        }
    results["eoi_post"] = _eoi_post_queries(found["eoi_post"])
    return results


def _eoi_post_queries(url: str) -> dict:
    tokens = Path(f"/tmp/ccin-bench-queries-{os.getpid()}.txt")
    eoi_sessions(5, str(tokens))
    counts, times, statuses = [], [], set()
    client = Client(HTTP_HOST=HOST)
    try:
        for line in tokens.read_text().splitlines():
            cookie, body = line.split("\t")
            client.cookies.clear()
            for pair in cookie.split("; "):
                name, value = pair.split("=", 1)
                client.cookies[name] = value
            fields = dict(item.split("=", 1) for item in body.split("&"))
            count, elapsed, status = _measure(client, "post", url, data=fields)
            counts.append(count)
            times.append(elapsed)
            statuses.add(status)
    finally:
        tokens.unlink(missing_ok=True)
    return {
        "queries_cold": counts[-1],
        "queries_cached": counts[-1],
        "ms_cold": round(statistics.median(times), 1),
        "ms_cached": round(statistics.median(times), 1),
        "statuses": sorted(statuses),
    }


def main(argv: list[str]) -> None:
    command = argv[1] if len(argv) > 1 else ""
    if command == "size":
        print(json.dumps(size()))
    elif command == "targets":
        print(json.dumps(targets()))
    elif command == "queries":
        print(json.dumps(queries()))
    elif command == "eoi-sessions":
        eoi_sessions(int(argv[2]), argv[3])
        print(json.dumps({"sessions": int(argv[2]), "file": argv[3]}))
    elif command == "emails":
        print(json.dumps(emails()))
    elif command == "pdf-reset":
        print(json.dumps(pdf_reset()))
    elif command == "cleanup":
        print(json.dumps(cleanup()))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
