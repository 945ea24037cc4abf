"""Load with nothing lost: 1,000 EOIs from 20 concurrent clients while reviewers read the admin.

A bounded load test on the loopback (127.0.0.1 only; at most 5,000 EOIs, 50 clients and
``--time-limit`` seconds). It makes a scratch PostgreSQL database, serves the app with gunicorn
(2 workers, production settings, SSL redirect off, the EOI rate limit raised, email to files),
sends the EOIs as browsers do (form, continue, check, send, confirmation; cookies and CSRF)
while steering group members read the admin's contributions list, then checks that exactly N
EOIs with distinct references exist, the ones the officers were shown, and that every
acknowledgement was recorded as sent and written. Exits 1 if anything was lost or doubled.

    .venv/bin/python bench/load_eois.py                   # 1,000 EOIs, 20 clients, 2 reviewers
    .venv/bin/python bench/load_eois.py --eois 100 --clients 5

docs/reliability.md describes it and its last result; tests/test_load_eois.py uses the same
functions for a 100-EOI run against the test server.
"""

import argparse
import http.client
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict, namedtuple
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"
MAX_EOIS = 5000
MAX_CLIENTS = 50
REVIEWER_PASSWORD = "load-test-reviewer-" + secrets.token_hex(8)
WORDS = (
    "residents volunteers council officers neighbours worked together to deliver food medicine and advice "
    "through local hubs while partners shared data skills and premises so that nobody was left without help"
).split()


# --- a browser, with the standard library -----------------------------------------------------------


Response = namedtuple("Response", "status location body")


class Browser:
    """One person's browser on the loopback: keeps cookies and sends them all back.

    Production settings mark the session and CSRF cookies Secure; behind TLS a browser sends
    them back, so this one does too over the loopback's plain HTTP.
    """

    def __init__(
        self, base_url: str, *, timeout: float = 60, timings: "Timings | None" = None, headers: dict | None = None
    ):
        parts = urlsplit(base_url)
        if parts.hostname not in {LOOPBACK, "localhost"}:
            raise ValueError("The load test only ever talks to 127.0.0.1.")
        self.host, self.port, self.timeout = parts.hostname, parts.port or 80, timeout
        self.cookies: dict[str, str] = {}
        self.timings = timings
        self.headers = headers or {}  # sent with every request (e.g. X-Forwarded-For, as a load balancer adds)

    def request(self, method: str, path: str, fields: dict | None = None, *, label: str = "") -> Response:
        headers = {"User-Agent": "ccin-load-test", "Connection": "close", **self.headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        if self.timings is not None:
            self.timings.add(label or f"{method} {path}", time.perf_counter() - started)
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return Response(response.status, response.headers.get("Location", ""), data.decode("utf-8", "replace"))

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, fields: dict, **kwargs) -> Response:
        return self.request("POST", path, fields, **kwargs)


class Timings:
    def __init__(self):
        self._lock = threading.Lock()
        self.seconds: dict[str, list[float]] = defaultdict(list)

    def add(self, label: str, seconds: float) -> None:
        with self._lock:
            self.seconds[label].append(seconds)

    def lines(self) -> list[str]:
        rows = []
        for label, values in sorted(self.seconds.items()):
            ordered = sorted(values)
            p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
            rows.append(
                f"  {label:<28} {len(values):>6}  median {statistics.median(values) * 1000:7.1f} ms"
                f"  p95 {p95 * 1000:7.1f} ms  max {ordered[-1] * 1000:7.1f} ms"
            )
        return rows


class LoadError(Exception):
    pass


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
    if not found:
        raise LoadError(f"no {name} on the page")
    return found.group(1)


def expect(response: Response, status: int, step: str) -> Response:
    if response.status != status:
        raise LoadError(f"{step}: HTTP {response.status}, expected {status}")
    return response


# --- the officers and the reviewers ----------------------------------------------------------------


@dataclass
class Scenario:
    base_url: str
    call_slug: str
    theme_ids: list[int]
    council_ids: list[int]
    reviewers: list[str]  # usernames, all with REVIEWER_PASSWORD unless password is given
    password: str = REVIEWER_PASSWORD


@dataclass
class Outcome:
    references: list[str] = field(default_factory=list)
    contributions: int = 0
    errors: list[str] = field(default_factory=list)
    reviewer_reads: int = 0
    elapsed: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


def send_one_eoi(
    scenario: Scenario, n: int, rng: random.Random, timings: Timings | None = None, *, browser: Browser | None = None
) -> tuple[str, int]:
    """One officer's whole journey. Returns (the reference shown to them, contributions sent)."""
    browser = browser or Browser(scenario.base_url, timings=timings)
    form = f"/calls/{scenario.call_slug}/expression-of-interest/"
    check = form + "check/"
    page = expect(browser.get(form, label="GET form"), 200, "form")
    count = rng.choice((1, 1, 2))
    listed = scenario.council_ids and rng.random() < 0.5
    fields = {
        "csrfmiddlewaretoken": hidden(page.body, "csrfmiddlewaretoken"),
        "council": str(rng.choice(scenario.council_ids)) if listed else "not-listed",
        "council_name": "" if listed else f"Loadtown {n} Town Council",
        "contact_name": f"Load Officer {n}",
        "contact_role": "Head of Communities",
        "contact_email": f"officer{n}@load.example",
        "contact_phone": "",
        "website": "",
        "contributions-TOTAL_FORMS": str(count),
        "contributions-INITIAL_FORMS": "0",
        "action": "continue",
    }
    for i in range(count):
        fields[f"contributions-{i}-theme"] = str(rng.choice(scenario.theme_ids))
        words = (WORDS[(n + i + w) % len(WORDS)] for w in range(rng.randint(52, 73)))
        fields[f"contributions-{i}-description"] = " ".join(words).capitalize() + "."
    moved = expect(browser.post(form, fields, label="POST continue"), 302, "continue")
    if not moved.location.endswith(check):
        raise LoadError(f"continue: went to {moved.location}, not the check page")
    page = expect(browser.get(check, label="GET check"), 200, "check")
    answer = {
        "csrfmiddlewaretoken": hidden(page.body, "csrfmiddlewaretoken"),
        "submission_token": hidden(page.body, "submission_token"),
    }
    sent = expect(browser.post(check, answer, label="POST submit"), 302, "submit")
    page = expect(browser.get(urlsplit(sent.location).path or sent.location, label="GET confirmation"), 200, "done")
    reference = re.search(r"<strong>([A-Z0-9-]+-\d{4,})</strong>", page.body)
    if not reference:
        raise LoadError("confirmation: no reference on the page")
    return reference.group(1), count


def officer(scenario: Scenario, numbers, outcome: Outcome, deadline: float, timings: Timings | None) -> None:
    rng = random.Random()  # noqa: S311 - test data, not secrets
    while time.monotonic() < deadline:
        with outcome.lock:
            n = next(numbers, None)
        if n is None:
            return
        try:
            reference, count = send_one_eoi(scenario, n, rng, timings)
        except (LoadError, OSError, http.client.HTTPException) as error:
            with outcome.lock:
                outcome.errors.append(f"EOI {n}: {error}")
            continue
        with outcome.lock:
            outcome.references.append(reference)
            outcome.contributions += count


def reviewer(scenario: Scenario, username: str, stop: threading.Event, outcome: Outcome, timings) -> None:
    """Log in to the admin, then read the contributions list (newest first, and a filtered page) until told to stop."""
    browser = Browser(scenario.base_url, timings=timings)
    try:
        page = expect(browser.get("/admin/login/?next=/admin/", label="GET admin login"), 200, "admin login")
        fields = {
            "csrfmiddlewaretoken": hidden(page.body, "csrfmiddlewaretoken"),
            "username": username,
            "password": scenario.password,
            "next": "/admin/",
        }
        expect(browser.post("/admin/login/?next=/admin/", fields, label="POST admin login"), 302, "admin login")
        pages = ["/admin/casestudies/contribution/", "/admin/casestudies/contribution/?status__exact=submitted&p=1"]
        while not stop.is_set():
            for path in pages:
                listed = expect(browser.get(path, label="GET admin contributions"), 200, "contributions list")
                if 'id="changelist"' not in listed.body:
                    raise LoadError("contributions list: not the list")
                with outcome.lock:
                    outcome.reviewer_reads += 1
            stop.wait(0.05)
    except (LoadError, OSError, http.client.HTTPException) as error:
        with outcome.lock:
            outcome.errors.append(f"reviewer {username}: {error}")


def run_load(scenario: Scenario, *, eois: int, clients: int, time_limit: float, timings=None) -> Outcome:
    """Officers send ``eois`` EOIs from ``clients`` threads while the reviewers read; bounded in time."""
    if not 0 < eois <= MAX_EOIS or not 0 < clients <= MAX_CLIENTS:
        raise ValueError(f"Keep to 1-{MAX_EOIS} EOIs and 1-{MAX_CLIENTS} clients.")
    outcome = Outcome()
    numbers = iter(range(1, eois + 1))
    deadline = time.monotonic() + time_limit
    stop = threading.Event()
    readers = [
        threading.Thread(target=reviewer, args=(scenario, name, stop, outcome, timings), daemon=True)
        for name in scenario.reviewers
    ]
    officers = [
        threading.Thread(target=officer, args=(scenario, numbers, outcome, deadline, timings), daemon=True)
        for _ in range(clients)
    ]
    started = time.monotonic()
    for thread in readers + officers:
        thread.start()
    for thread in officers:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + 5)
    outcome.elapsed = time.monotonic() - started
    stop.set()
    for thread in readers:
        thread.join(timeout=30)
    if any(thread.is_alive() for thread in officers):
        outcome.errors.append(f"time limit of {time_limit:.0f} s reached before every EOI was sent")
    return outcome


# --- what must be true afterwards --------------------------------------------------------------------


def check_nothing_lost(*, call, outcome: Outcome, eois: int, sent_messages: int | None = None) -> list[str]:
    """Every way an EOI could be lost or doubled, checked in the database. Returns the failures."""
    from django.contrib.contenttypes.models import ContentType

    from casestudies.models import Contribution, EmailLog, ExpressionOfInterest

    problems = []
    stored = ExpressionOfInterest.objects.filter(call=call)
    references = list(stored.values_list("reference", flat=True))
    if len(references) != eois:
        problems.append(f"{len(references)} EOIs stored, expected {eois}")
    if len(set(references)) != len(references):
        problems.append(f"{len(references) - len(set(references))} duplicate references")
    numbers = sorted(stored.values_list("number", flat=True))
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append("reference numbers are not 1..N without gaps")
    if sorted(outcome.references) != sorted(references):
        problems.append("the references shown to the officers are not the references stored")
    contributions = Contribution.objects.filter(eoi__call=call).count()
    if contributions != outcome.contributions:
        problems.append(f"{contributions} contributions stored, {outcome.contributions} sent")
    acknowledgements = EmailLog.objects.filter(
        kind="eoi_acknowledgement",
        content_type=ContentType.objects.get_for_model(ExpressionOfInterest),
        object_id__in=stored.values("pk"),
    )
    per_eoi = acknowledgements.values("object_id").distinct().count()
    if acknowledgements.count() != eois or per_eoi != eois:
        problems.append(f"{acknowledgements.count()} acknowledgements recorded for {per_eoi} EOIs, expected {eois}")
    not_sent = acknowledgements.exclude(status=EmailLog.Status.SENT).count()
    if not_sent:
        problems.append(f"{not_sent} acknowledgements not recorded as sent")
    if sent_messages is not None and sent_messages != eois:
        problems.append(f"the email backend wrote {sent_messages} acknowledgements, expected {eois}")
    return problems


def summary(*, outcome: Outcome, eois: int, clients: int, reviewers: int, problems: list[str], timings=None) -> str:
    lines = [
        f"EOIs sent: {len(outcome.references)} of {eois} from {clients} concurrent clients "
        f"in {outcome.elapsed:.1f} s ({len(outcome.references) / max(outcome.elapsed, 0.001):.1f} EOIs/s)",
        f"Contributions sent: {outcome.contributions}",
        f"Reviewer reads of the contributions list: {outcome.reviewer_reads} by {reviewers} reviewers",
        f"Request errors: {len(outcome.errors)}",
        *[f"  {error}" for error in outcome.errors[:20]],
    ]
    if timings is not None:
        lines += ["Response times (request, count, median, 95th percentile, max):", *timings.lines()]
    lines += ["Checks: " + ("PASSED: nothing lost, nothing duplicated" if not problems else "FAILED")]
    lines += [f"  {problem}" for problem in problems]
    return "\n".join(lines)


# --- the standalone run: database, gunicorn, load, checks --------------------------------------------


def count_written_messages(folder: Path) -> tuple[int, int]:
    """(messages, distinct officers) the file-based email backend wrote, from every gunicorn worker."""
    recipients = []
    for path in folder.glob("*.log"):
        recipients += re.findall(r"^To: (officer\d+@load\.example)$", path.read_text(errors="replace"), flags=re.M)
    return len(recipients), len(set(recipients))


def scratch_database(name: str, *, create: bool) -> None:
    """Drop the scratch database on the loopback server, and make it again empty if ``create``."""
    import psycopg2

    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or name in {"postgres", "ccin", "template0", "template1"}:
        raise SystemExit(f"Refusing to drop database {name!r}: give a scratch name such as ccin_load.")
    admin = psycopg2.connect(host=LOOPBACK, port=5432, user="postgres", dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def prepare(reviewers: int) -> tuple:
    """Migrate, load the 2020 call's reference data, open a call, and make reviewer accounts."""
    import datetime

    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.utils import timezone

    from casestudies.access import steering_group_sync
    from casestudies.models import Call, CallTheme, Council, Theme

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("load_ccin_call", verbosity=0)
    now = timezone.now()
    call = Call.objects.create(
        title="Load test call",
        slug="load-test-call",
        summary="A call opened by the load test.",
        purpose="To check that nothing is lost under load.",
        how_to_take_part="Send an expression of interest.",
        eoi_opens_at=now - datetime.timedelta(days=1),
        eoi_deadline_at=now + datetime.timedelta(days=10),
        councils_notified_week=(now + datetime.timedelta(days=14)).date(),
        case_study_deadline_at=now + datetime.timedelta(days=40),
        publication_month=(now + datetime.timedelta(days=60)).date(),
        reference_prefix="LOAD",
    )
    for theme in Theme.objects.all():
        CallTheme.objects.create(call=call, theme=theme)
    names = [f"reviewer{i}" for i in range(1, reviewers + 1)]
    for name in names:  # steering group members: they can read the contributions list, not manage users
        User.objects.create_user(name, f"{name}@load.example", REVIEWER_PASSWORD, is_staff=True).groups.add(
            steering_group_sync()
        )
    theme_ids = list(call.themes.values_list("pk", flat=True))
    council_ids = list(Council.objects.real().values_list("pk", flat=True))
    return call, theme_ids, council_ids, names


def wait_until_up(base_url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped before it served a page")
        try:
            if Browser(base_url, timeout=5).get("/privacy/").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not serve a page in time")


def production_env(database: str) -> dict:
    """This environment with production settings on the loopback: a fresh secret, the scratch
    database, plain HTTP (no SSL redirect)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ccin_site.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": f"postgres://postgres@{LOOPBACK}:5432/{database}",
        "ALLOWED_HOSTS": LOOPBACK,
        "SECURE_SSL_REDIRECT": "0",
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eois", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--reviewers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--database", default="ccin_load", help="scratch database, dropped and made again")
    parser.add_argument("--time-limit", type=float, default=900, help="seconds for the whole load")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards (for a look)")
    args = parser.parse_args(argv)
    if not 0 < args.eois <= MAX_EOIS or not 0 < args.clients <= MAX_CLIENTS or not 0 <= args.reviewers <= 10:
        parser.error(f"keep to 1-{MAX_EOIS} EOIs, 1-{MAX_CLIENTS} clients and 0-10 reviewers")

    work = Path(tempfile.mkdtemp(prefix="ccin-load-"))
    mail_dir = work / "mail"
    mail_dir.mkdir()
    env = {
        **production_env(args.database),
        "EOI_SUBMISSIONS_PER_HOUR": str(args.eois * 10),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "SITE_URL": f"http://{LOOPBACK}:{args.port}",
        "LOG_LEVEL": "WARNING",
    }
    for name in ("EMAIL_HOST", "REDIS_URL", "AWS_STORAGE_BUCKET_NAME"):
        env.pop(name, None)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    print(f"Preparing database {args.database} and static files in {work} ...", flush=True)
    scratch_database(args.database, create=True)
    django.setup()
    from django.db import connections

    call, theme_ids, council_ids, reviewer_names = prepare(args.reviewers)
    connections.close_all()

    base_url = f"http://{LOOPBACK}:{args.port}"
    gunicorn = [
        str(Path(sys.executable).with_name("gunicorn")),
        "ccin_site.wsgi",
        f"--workers={args.workers}",
        f"--bind={LOOPBACK}:{args.port}",
        "--timeout=60",
        "--log-level=warning",
    ]
    print(f"Serving with gunicorn ({args.workers} workers) on {base_url} ...", flush=True)
    server = subprocess.Popen(gunicorn, cwd=ROOT, env=env, start_new_session=True)
    timings = Timings()
    try:
        wait_until_up(base_url, server)
        scenario = Scenario(base_url, call.slug, theme_ids, council_ids, reviewer_names)
        print(
            f"Sending {args.eois} EOIs from {args.clients} clients, {args.reviewers} reviewers reading ...", flush=True
        )
        outcome = run_load(scenario, eois=args.eois, clients=args.clients, time_limit=args.time_limit, timings=timings)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)

    written, officers = count_written_messages(mail_dir)
    problems = check_nothing_lost(call=call, outcome=outcome, eois=args.eois, sent_messages=written)
    if officers != written:
        problems.append(f"{written - officers} officers were emailed more than once")
    if outcome.errors:
        problems.append(f"{len(outcome.errors)} requests went wrong")
    counts = {"eois": args.eois, "clients": args.clients, "reviewers": args.reviewers}
    print(summary(outcome=outcome, problems=problems, timings=timings, **counts))
    print(f"Acknowledgements written by the email backend (all workers): {written}, to {officers} officers")
    connections.close_all()
    if not args.keep:
        scratch_database(args.database, create=False)
        shutil.rmtree(work, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
