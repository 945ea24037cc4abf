"""Two app servers, one PostgreSQL, one Redis, one bucket: proof that instances agree (issue 18).

Not part of ``make test`` or CI: it takes a few minutes. It starts a local S3-compatible server
(moto in server mode, installed from bench/requirements-s3.txt into its own virtualenv,
``.venv-s3``), makes a scratch PostgreSQL database, empties one Redis database (``--redis-url``,
db 14 by default) and starts two gunicorn instances of the production settings on two loopback
ports, A and B, each with its ``send_emails --loop`` sender beside it, exactly as docs/deploy.md
runs several app servers: the same database, the same Redis (cache, sessions through the cached
database backend, the EOI rate limit) and the same bucket for images and the publication PDFs.
``TRUSTED_PROXY_COUNT=1``: every request carries ``X-Forwarded-For`` as a load balancer would
add it, so the rate limit counts per client address. Then it proves, and prints as a table:

1. a case study published through A (its editor's admin decisions) is listed by B within a second;
2. an EOI started on A, checked on B and sent on A is one EOI;
3. the rate limit counts submissions made through both;
4. an image uploaded through A (the council's private link) is served by B;
5. 400 EOIs from 20 clients, each request sent to A or B in turn, make 400 EOIs with 400
   distinct references and 400 acknowledgements, each written by a sender exactly once;
6. A (gunicorn and its sender) killed in the middle of a second load leaves every EOI whose
   confirmation page was shown stored and acknowledged, and B goes on serving.

    .venv/bin/python bench/two_instances.py                   # as above
    .venv/bin/python bench/two_instances.py --eois 100 --clients 10

Exits 1 if any check fails. docs/deploy.md gives its last results.
"""

import argparse
import io
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from load_eois import (  # noqa: E402 - beside this script
    LOOPBACK,
    Browser,
    LoadError,
    Outcome,
    Scenario,
    expect,
    hidden,
    prepare,
    production_env,
    scratch_database,
    send_one_eoi,
)

S3_VENV = ROOT / ".venv-s3"
BUCKET = "ccin-two-instances"
RATE_LIMIT = 5
EDITOR_PASSWORD = "two-instances-" + secrets.token_hex(8)


def say(message: str) -> None:
    print(f"[two] {message}", flush=True)


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


# --- the services -----------------------------------------------------------------------------------


def ensure_moto() -> Path:
    server = S3_VENV / "bin" / "moto_server"
    if not server.exists():
        say("installing moto (bench/requirements-s3.txt) into .venv-s3")
        subprocess.run([sys.executable, "-m", "venv", str(S3_VENV)], check=True)
        requirements = ROOT / "bench" / "requirements-s3.txt"
        subprocess.run([str(S3_VENV / "bin" / "pip"), "install", "-q", "-r", str(requirements)], check=True)
    return server


def start(command: list, env: dict, log: Path) -> subprocess.Popen:
    with log.open("w") as out:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def wait_for(url_check, what: str, seconds: float = 60) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        try:
            if url_check():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{what} did not start")


# --- browsers ---------------------------------------------------------------------------------------


def address(n: int) -> str:
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


class SpreadBrowser(Browser):
    """One person's browser whose requests go to the instances in turn, as a load balancer without
    sticky sessions would send them; an instance that refuses connections is left out."""

    dead: set[int] = set()
    lock = threading.Lock()

    def __init__(self, bases: list[str], *, headers: dict | None = None, first: int = 0):
        super().__init__(bases[0], headers=headers)
        self.ports = [int(base.rsplit(":", 1)[1]) for base in bases]
        self.turn = first

    def request(self, method: str, path: str, fields: dict | None = None, **kwargs):
        alive = [port for port in self.ports if port not in self.dead] or self.ports
        self.port = alive[self.turn % len(alive)]
        self.turn += 1
        try:
            return super().request(method, path, fields, **kwargs)
        except ConnectionRefusedError:
            with self.lock:
                self.dead.add(self.port)
            raise


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, values in fields.items():
        for value in values if isinstance(values, list) else [values]:
            out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content_type, data) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
        )
        out.write(data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def post_multipart(browser: Browser, path: str, fields: dict, files: dict):
    import http.client

    body, content_type = multipart(fields, files)
    headers = {"Content-Type": content_type, "Connection": "close", **browser.headers}
    headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
    connection = http.client.HTTPConnection(browser.host, browser.port, timeout=60)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
    finally:
        connection.close()
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        browser.cookies[name.strip()] = rest.split(";", 1)[0]
    return response.status, response.headers.get("Location", ""), data


def pair(base_a: str, base_b: str, n: int) -> tuple[Browser, Browser]:
    """One person's browser on A and on B: the same cookies, the same address."""
    headers = {"X-Forwarded-For": address(n)}
    on_a, on_b = Browser(base_a, headers=headers), Browser(base_b, headers=headers)
    on_b.cookies = on_a.cookies
    return on_a, on_b


def admin_login(browser: Browser, username: str) -> None:
    page = expect(browser.get("/admin/login/?next=/admin/"), 200, "admin login")
    fields = {"csrfmiddlewaretoken": hidden(page.body, "csrfmiddlewaretoken"), "username": username}
    fields.update({"password": EDITOR_PASSWORD, "next": "/admin/"})
    expect(browser.post("/admin/login/?next=/admin/", fields), 302, "admin login")


def admin_decide(read_on: Browser, send_on: Browser, decision: str, pk: int) -> None:
    """An editor's decision: the confirmation page read on one instance, confirmed on the other."""
    from django.urls import reverse

    url = reverse("admin:casestudies_casestudy_decide", kwargs={"decision": decision})
    page = expect(read_on.get(f"{url}?ids={pk}"), 200, f"{decision} confirmation")
    fields = {"csrfmiddlewaretoken": hidden(page.body, "csrfmiddlewaretoken"), "ids": str(pk), "confirm": "yes"}
    fields["next"] = "/admin/"
    message = re.search(r'<textarea name="message"[^>]*>(.*?)</textarea>', page.body, re.S)
    if message:
        import html

        fields["message"] = html.unescape(message.group(1)).strip()
    expect(send_on.post(url, fields), 302, f"{decision} confirmed")


# --- the checks -------------------------------------------------------------------------------------


class Checks:
    def __init__(self):
        self.rows: list[tuple[str, bool, str]] = []

    def add(self, what: str, passed: bool, detail: str) -> None:
        self.rows.append((what, passed, detail))
        say(f"{'PASS' if passed else 'FAIL'}: {what}: {detail}")

    def table(self) -> str:
        lines = ["| check | result | what was seen |", "|---|---|---|"]
        lines += [f"| {what} | {'PASS' if ok else 'FAIL'} | {detail} |" for what, ok, detail in self.rows]
        return "\n".join(lines)


def eoi_journey(browsers: list[Browser], call_slug: str, theme_id: int, n: int) -> str:
    """An officer's EOI, each step on the browser given for it (form, continue, check, send, done)."""
    form = f"/calls/{call_slug}/expression-of-interest/"
    check = form + "check/"
    page = expect(browsers[0].get(form), 200, "form")
    fields = {
        "csrfmiddlewaretoken": hidden(page.body, "csrfmiddlewaretoken"),
        "council": "not-listed",
        "council_name": f"Twotown {n} Town Council",
        "contact_name": f"Two Officer {n}",
        "contact_role": "Head of Communities",
        "contact_email": f"officer{n}@load.example",
        "contributions-TOTAL_FORMS": "1",
        "contributions-INITIAL_FORMS": "0",
        "contributions-0-theme": str(theme_id),
        "contributions-0-description": " ".join(["Residents and volunteers ran a food hub together"] * 7),
        "action": "continue",
    }
    expect(browsers[1].post(form, fields), 302, "continue")
    page = expect(browsers[2].get(check), 200, "check")
    answer = {k: hidden(page.body, k) for k in ("csrfmiddlewaretoken", "submission_token")}
    sent = browsers[3].post(check, answer)
    if sent.status != 302:
        return f"HTTP {sent.status}"
    page = expect(browsers[4].get(sent.location), 200, "confirmation")
    found = re.search(r"<strong>([A-Z0-9-]+-\d{4,})</strong>", page.body)
    return found.group(1) if found else "no reference"


def check_eoi_across(checks: Checks, base_a: str, base_b: str, call, theme_id: int) -> None:
    from casestudies.models import ExpressionOfInterest

    a, b = pair(base_a, base_b, 10_001)
    reference = eoi_journey([a, a, b, a, a], call.slug, theme_id, 10_001)
    stored = ExpressionOfInterest.objects.filter(contact_email="officer10001@load.example")
    references = list(stored.values_list("reference", flat=True))
    checks.add(
        "an EOI started on A, checked on B and sent on A is one EOI",
        references == [reference],
        f"confirmation showed {reference}; stored: {references}",
    )


def check_rate_limit(checks: Checks, base_a: str, base_b: str, call, theme_id: int) -> None:
    """One address submits through A and B in turn: the limit counts them together."""
    statuses = []
    for i in range(RATE_LIMIT + 2):
        a, b = pair(base_a, base_b, 20_000)  # the same address every time
        a.cookies.clear()
        on = a if i % 2 == 0 else b
        outcome = eoi_journey([on, on, on, on, on], call.slug, theme_id, 20_000 + i)
        statuses.append(("A" if on is a else "B") + (":ok" if "-" in outcome else f":{outcome}"))
    accepted = sum(status.endswith(":ok") for status in statuses)
    refused = sum(status.endswith("429") for status in statuses)
    checks.add(
        f"the rate limit ({RATE_LIMIT} an hour per address) counts submissions made through both",
        accepted == RATE_LIMIT and refused == 2,
        f"{' '.join(statuses)}",
    )


def check_image_and_publish(checks: Checks, base_a: str, base_b: str, editor: str) -> None:
    """A council uploads its image through A; B serves it; an editor approves and publishes
    through A (confirmation pages read on B); B lists the case study within a second."""
    from django.contrib.auth.models import User
    from PIL import Image

    from casestudies import links, workflow
    from casestudies.models import CaseStudy, Contribution, Principle

    contribution = Contribution.objects.get(eoi__contact_email="officer10001@load.example")
    by = User.objects.get(username=editor)
    workflow.contribution_shortlist(contribution=contribution, by=by)
    case_study = workflow.contribution_invite(contribution=contribution, by=by)
    token = links.case_study_link_token(case_study)
    a, b = pair(base_a, base_b, 30_000)
    edit = f"/write/{token}/"
    page = expect(a.get(edit), 200, "case study form")
    image = io.BytesIO()
    Image.new("RGB", (800, 600), (30, 120, 90)).save(image, format="JPEG")
    title = f"Two servers, one pantry {secrets.token_hex(3)}"
    fields = {
        "csrfmiddlewaretoken": hidden(page.body, "csrfmiddlewaretoken"),
        "version": str(CaseStudy.objects.get(pk=case_study.pk).version),
        "title": title,
        "standfirst": "Residents and the council ran food hubs together through the first lockdown.",
        "body": " ".join(["Neighbours and officers ran the pantry together every week."] * 30),
        "theme": str(case_study.theme_id),
        "principles": [str(Principle.objects.order_by("order").first().pk)],
        "partners": "The food bank and the tenants' federation.",
        "outcomes": "Every household that asked for help got it within a day.",
        "enquiry_name": "Sam Contact",
        "enquiry_role": "Community hubs manager",
        "enquiry_email": "sam.contact@example.gov.uk",
        "enquiry_consent": "on",
        "licence": CaseStudy.Licence.CC_BY,
        "image_alt": "A green square",
        "image_credit": "Photo: the test",
        "action": "continue",
    }
    status, location, body = post_multipart(a, edit, fields, {"image": ("pantry.jpg", "image/jpeg", image.getvalue())})
    if status != 302:
        raise LoadError(f"case study form: HTTP {status}: {body[:500]!r}")
    served = b.get(f"/write/{token}/image/display/")
    checks.add(
        "an image uploaded through A is served by B",
        served.status == 200 and len(served.body) > 100,
        f"uploaded {len(image.getvalue()):,} bytes through A; B answered HTTP {served.status}, "
        f"{len(served.body):,} bytes (re-encoded, from the bucket)",
    )
    page = expect(b.get(f"/write/{token}/check/"), 200, "case study check")
    fields = {"csrfmiddlewaretoken": hidden(page.body, "csrfmiddlewaretoken"), "version": hidden(page.body, "version")}
    expect(b.post(f"/write/{token}/check/", fields), 302, "case study submit")

    editor_a, editor_b = pair(base_a, base_b, 30_001)
    admin_login(editor_a, editor)
    admin_decide(editor_b, editor_a, "approve", case_study.pk)
    listed_before = b.get("/case-studies/")  # B keeps the list (and will be told it changed)
    admin_decide(editor_b, editor_a, "publish", case_study.pk)
    published_at = time.monotonic()
    seen_after = None
    while time.monotonic() - published_at < 5:
        if title in Browser(base_b).get("/case-studies/").body:
            seen_after = time.monotonic() - published_at
            break
        time.sleep(0.05)
    slug = CaseStudy.objects.get(pk=case_study.pk).slug
    public_image = Browser(base_b).get(f"/case-studies/{slug}/image/")
    checks.add(
        "a case study published through A is listed by B within one second",
        title not in listed_before.body and seen_after is not None and seen_after <= 1.0,
        (f"listed by B {seen_after:.2f} s after A confirmed" if seen_after is not None else "not within 5 s")
        + f"; its public image from B: HTTP {public_image.status}",
    )


def run_spread_load(bases, call_slug, theme_ids, first: int, count: int, clients: int, on_half=None) -> Outcome:
    """``count`` EOIs from ``clients`` threads, each request to the next live instance in turn."""
    outcome = Outcome()
    numbers = iter(range(first, first + count))
    scenario = Scenario(bases[0], call_slug, theme_ids, [], [])
    half = threading.Event()

    def officer(index: int) -> None:
        rng = random.Random(index)  # noqa: S311 - test data
        while True:
            with outcome.lock:
                n = next(numbers, None)
            if n is None:
                return
            browser = SpreadBrowser(bases, headers={"X-Forwarded-For": address(n)}, first=n)
            try:
                reference, contributions = send_one_eoi(scenario, n, rng, browser=browser)
            except (LoadError, OSError) as error:
                with outcome.lock:
                    outcome.errors.append(f"EOI {n}: {error}")
                continue
            with outcome.lock:
                outcome.references.append(reference)
                outcome.contributions += contributions
                if len(outcome.references) >= count // 2 and not half.is_set():
                    half.set()

    threads = [threading.Thread(target=officer, args=(i,), daemon=True) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    if on_half is not None:
        half.wait(timeout=600)
        on_half()
    for thread in threads:
        thread.join(timeout=900)
    outcome.elapsed = time.monotonic() - started
    return outcome


def written(mail: Path) -> Counter:
    recipients = Counter()
    for path in mail.glob("*.log"):
        recipients.update(re.findall(r"^To: (officer\d+@load\.example)$", path.read_text(errors="replace"), flags=re.M))
    return recipients


def wait_until_sent(call, seconds: float = 60) -> int:
    from casestudies.models import EmailLog

    until = time.monotonic() + seconds
    while True:
        pending = EmailLog.objects.filter(to__endswith="@load.example").exclude(status=EmailLog.Status.SENT).count()
        if not pending or time.monotonic() > until:
            return pending
        time.sleep(0.5)


def check_load(checks: Checks, bases, call, theme_ids, eois: int, clients: int, mail: Path) -> None:
    from casestudies.models import EmailLog, ExpressionOfInterest

    outcome = run_spread_load(bases, call.slug, theme_ids, 1, eois, clients)
    wait_until_sent(call)
    stored = ExpressionOfInterest.objects.filter(call=call)
    references = list(stored.values_list("reference", flat=True))
    logs = EmailLog.objects.filter(
        kind="eoi_acknowledgement", to__in=[f"officer{n}@load.example" for n in range(1, eois + 1)]
    )
    letters = written(mail)
    once = [letters[f"officer{n}@load.example"] for n in range(1, eois + 1)]
    checks.add(
        f"{eois} EOIs from {clients} clients spread over A and B",
        len(references) == eois
        and len(set(references)) == eois
        and sorted(references) == sorted(outcome.references)
        and logs.filter(status=EmailLog.Status.SENT).count() == eois
        and once.count(1) == eois
        and not outcome.errors,
        f"{len(references)} EOIs stored, {len(set(references))} distinct references, "
        f"{len(outcome.references)} confirmations shown, {logs.filter(status='sent').count()} acknowledgements "
        f"recorded sent, {once.count(1)} written exactly once ({sum(c > 1 for c in once)} more than once); "
        f"{len(outcome.errors)} request errors; {eois / outcome.elapsed:.1f} EOIs/s",
    )


def check_kill(checks: Checks, bases, call, theme_ids, eois, clients, mail, kill_a) -> None:
    from casestudies.models import EmailLog, ExpressionOfInterest

    first = 40_001
    outcome = run_spread_load(bases, call.slug, theme_ids, first, eois, clients, on_half=kill_a)
    pending = wait_until_sent(call)
    stored = set(ExpressionOfInterest.objects.filter(call=call).values_list("reference", flat=True))
    confirmed = set(outcome.references)
    health = [Browser(bases[1]).get("/healthz/").status for _ in range(5)]
    page = Browser(bases[1]).get("/case-studies/").status
    emails = [f"officer{n}@load.example" for n in range(first, first + eois)]
    stored_emails = set(ExpressionOfInterest.objects.filter(call=call).values_list("contact_email", flat=True))
    letters = written(mail)
    sent = EmailLog.objects.filter(kind="eoi_acknowledgement", to__in=emails, status=EmailLog.Status.SENT).count()
    twice = sum(letters[email] > 1 for email in stored_emails)
    checks.add(
        "A killed in the middle of a load: every confirmed EOI stored, B goes on serving",
        confirmed <= stored and health == [200] * 5 and page == 200 and not pending,
        f"{len(confirmed)} confirmation pages shown, all {len(confirmed & stored)} stored "
        f"({len(stored)} stored in all: {len(stored - confirmed)} sent when A died, their pages never shown); "
        f"{len(outcome.errors)} journeys cut off by the kill; {sent} acknowledgements sent, {pending} pending, "
        f"{twice} written twice; B after: /healthz/ {health[0]}, /case-studies/ {page}",
    )


# --- the run ------------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eois", type=int, default=400)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--kill-eois", type=int, default=200, help="EOIs in the load during which A is killed")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument("--database", default="ccin_bench_two", help="scratch database, dropped and made again")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14", help="emptied first")
    args = parser.parse_args(argv)

    import tempfile

    import redis

    work = Path(tempfile.mkdtemp(prefix="ccin-two-"))
    mail = work / "mail"
    mail.mkdir()
    s3_port, port_a, port_b = free_port(), free_port(), free_port()
    processes: list[subprocess.Popen] = []
    say(f"load average at the start: {os.getloadavg()}")
    moto = start([str(ensure_moto()), "-H", LOOPBACK, "-p", str(s3_port)], dict(os.environ), work / "moto.log")
    processes.append(moto)
    env = {
        **production_env(args.database),
        "TRUSTED_PROXY_COUNT": "1",
        "EOI_SUBMISSIONS_PER_HOUR": str(RATE_LIMIT),
        "REDIS_URL": args.redis_url,
        "CACHE_KEY_PREFIX": "ccin-two",
        "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": f"http://{LOOPBACK}:{s3_port}",
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "two-instances",
        "AWS_SECRET_ACCESS_KEY": "two-instances",  # noqa: S105 - moto's, on the loopback
        "EMAIL_SENDING": "queue",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail),
        "STATIC_ROOT": str(work / "static"),
        "SITE_URL": f"http://{LOOPBACK}:{port_a}",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("EMAIL_HOST", None)
    os.environ.update(env)
    checks = Checks()
    try:
        import boto3

        s3 = boto3.client("s3", endpoint_url=env["AWS_S3_ENDPOINT_URL"], region_name="us-east-1")
        from botocore.exceptions import EndpointConnectionError

        def s3_ready() -> bool:
            try:
                return s3.list_buckets() is not None
            except EndpointConnectionError:  # not yet listening (its first start compiles moto)
                return False

        wait_for(s3_ready, "moto")
        s3.create_bucket(Bucket=BUCKET)
        redis.Redis.from_url(args.redis_url).flushdb()
        say(f"database {args.database}, Redis {args.redis_url}, bucket {BUCKET} on port {s3_port}")
        scratch_database(args.database, create=True)
        import django

        django.setup()
        from django.contrib.auth.models import User
        from django.db import connections

        call, theme_ids, _councils, _names = prepare(0)
        checks_call = clone_call(call, "two-instance-checks", "TWO")
        kill_call = clone_call(call, "two-instance-kill", "KILL")
        User.objects.create_superuser("editor", "editor@load.example", EDITOR_PASSWORD)
        connections.close_all()

        bases = [f"http://{LOOPBACK}:{port_a}", f"http://{LOOPBACK}:{port_b}"]
        instance = {}
        for name, port in (("A", port_a), ("B", port_b)):
            gunicorn = [str(Path(sys.executable).with_name("gunicorn")), "ccin_site.wsgi", f"--workers={args.workers}"]
            gunicorn += [f"--bind={LOOPBACK}:{port}", "--timeout=120", "--log-level=warning"]
            server = start(gunicorn, env, work / f"gunicorn-{name}.log")
            sender = start([sys.executable, "manage.py", "send_emails", "--loop"], env, work / f"sender-{name}.log")
            processes += [server, sender]
            instance[name] = (server, sender)
        for base in bases:
            wait_for(lambda base=base: Browser(base).get("/healthz/").status == 200, f"gunicorn at {base}")
        say(f"A on {bases[0]}, B on {bases[1]}, each with its sender; load average {os.getloadavg()}")

        check_eoi_across(checks, *bases, checks_call, theme_ids[0])
        check_rate_limit(checks, *bases, checks_call, theme_ids[0])
        check_image_and_publish(checks, *bases, "editor")
        check_load(checks, bases, call, theme_ids, args.eois, args.clients, mail)

        def kill_a() -> None:
            say("killing A (gunicorn and its sender, SIGKILL)")
            for process in instance["A"]:
                stop(process, signal.SIGKILL)

        check_kill(checks, bases, kill_call, theme_ids, args.kill_eois, args.clients, mail, kill_a)
    finally:
        for process in reversed(processes):
            stop(process)
    say(f"load average at the end: {os.getloadavg()}")
    print()
    print(checks.table())
    failed = [row for row in checks.rows if not row[1]]
    print(f"\n{len(checks.rows) - len(failed)} passed, {len(failed)} failed")
    if failed:
        print(f"logs kept in {work}")
    else:
        import shutil

        scratch_database(args.database, create=False)
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


def clone_call(call, slug: str, prefix: str):
    from casestudies.models import Call, CallTheme

    call = Call.objects.get(pk=call.pk)  # a copy: the caller's stays as it is
    themes = list(call.themes.all())
    call.pk, call.id, call.slug, call.reference_prefix, call.last_reference_number = None, None, slug, prefix, 0
    call._state.adding = True
    call.save()
    for theme in themes:
        CallTheme.objects.create(call=call, theme=theme)
    return call


if __name__ == "__main__":
    sys.exit(main())
