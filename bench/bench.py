"""The speed benchmark (issue 7): the public pages and the EOI submit under gunicorn on PostgreSQL.

``bench/run`` (or ``make bench``) runs this. It is a measurement, not a test: it prints a table
and PASS or FALL SHORT for each goal, and exits 0 either way (non-zero only if it cannot run).
What it does, in order (docs/performance.md explains the method and the results):

1. installs ``wrk`` from Debian's packages if it is missing; checks PostgreSQL and Redis;
2. creates and migrates the database (``ccin_bench``), seeds it with ``seed_demo`` unless it
   already holds exactly that sample (``--reseed`` forces it), and VACUUM ANALYZEs it;
3. collects the static files into a temporary STATIC_ROOT;
4. requests every address once through Django's test client (``bench/prepare.py queries``) to
   count its queries, cold (new cache generation) and cached;
5. starts gunicorn (``ccin_site.wsgi``, 2 sync workers, production settings, Redis cache) on
   127.0.0.1 and, from a second process, drives each address with ``wrk`` (2 threads, 16
   connections, a 2 s warm-up then 10 s measured; search also with 2 connections, one per worker);
6. reads each worker's resident memory from /proc, stops gunicorn, removes the EOIs it made.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WRK_SCRIPT = ROOT / "bench" / "wrk.lua"
GENERATION_SECONDS = 1.2  # a little more than public_cache.GENERATION_CHECK_SECONDS

# The sample: 10,000 published case studies (half of 20,000 invited) and about 50,000
# contributions (27,778 EOIs of 1.8 contributions on average), shared between 100 calls so
# that each publication holds 100 case studies, as a collection "well past one call" would.
SEED = {
    "calls": 100,
    "councils": 80,
    "case-studies": 20_000,
    "published-fraction": 0.5,
    "eois": 27_778,
    "seed": 2020,
}
PUBLISHED = 10_000

# (key, what the table calls it, wrk mode)
ENDPOINTS = [
    ("floor", "trivial view /healthz/ (floor)", "get"),
    ("call", "call page /", "get"),
    ("browse", "browse list /case-studies/", "get"),
    ("filtered", "filtered list (theme + region)", "get"),
    ("search", "search, hard mix (12 common-word queries in turn)", "search"),
    ("search_real", "search, realistic mix (places, themes, phrases, misspellings)", "search"),
    ("case_study", "case study page", "get"),
    ("publication", "publication page (100 case studies), as a browser asks (Accept-Encoding)", "browser"),
    ("publication_plain", "publication page (100 case studies), uncompressed (wrk's default)", "get"),
    ("static", "static file (CSS, WhiteNoise)", "get"),
    ("eoi_post", "EOI POST (final submit)", "post"),
    ("commit", "ceiling: a POST that commits one row (bench only)", "commit"),
]
LATENCY_ROWS = [
    ("search_2", "search, hard mix, 2 connections (latency)", "search"),
    ("search_real_2", "search, realistic mix, 2 connections (latency)", "search"),
]
# Which list of queries each search row takes in turn (prepare.py's SEARCHES and REALISTIC_SEARCHES).
SEARCH_MIX = {"search": "searches", "search_2": "searches", "search_real": "realistic", "search_real_2": "realistic"}
# Rows that load another row's address (search rows: the mix is appended to the search path).
TARGET_OF = {**dict.fromkeys(SEARCH_MIX, "search"), "publication_plain": "publication"}


@dataclass(frozen=True)
class Goal:
    text: str
    key: str
    kind: str  # "ratio" (of the floor's requests/s), "p95" (ms), "rss" (MB) or "ceiling" (of the commit row)
    limit: float


GOALS = [
    Goal("browse list >= 0.5 x floor requests/s", "browse", "ratio", 0.5),
    Goal("case study page >= 0.5 x floor requests/s", "case_study", "ratio", 0.5),
    Goal("call page >= 0.5 x floor requests/s", "call", "ratio", 0.5),
    Goal("search, hard mix >= 0.25 x floor requests/s (16 connections)", "search", "ratio", 0.25),
    Goal("search, realistic mix >= 0.25 x floor requests/s (16 connections)", "search_real", "ratio", 0.25),
    Goal("search, hard mix p95 <= 20 ms (2 connections, one per worker)", "search_2", "p95", 20.0),
    Goal("search, realistic mix p95 <= 20 ms (2 connections, one per worker)", "search_real_2", "p95", 20.0),
    Goal("publication page >= 0.5 x floor requests/s", "publication", "ratio", 0.5),
    Goal("EOI POST p95 <= 150 ms at 16 connections", "eoi_post", "p95", 150.0),
    Goal("EOI POST: every confirmed submission stored and acknowledged (none lost)", "eoi_post", "kept", 0.0),
    Goal("each gunicorn worker < 150 MB resident", "workers", "rss", 150.0),
]


# --- running things -------------------------------------------------------------------------------


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def run(command: list, *, env: dict | None = None, timeout: int = 600, capture: bool = False) -> str:
    result = subprocess.run(command, cwd=ROOT, env=env, timeout=timeout, capture_output=capture, text=True)
    if result.returncode != 0:
        detail = (result.stderr or "")[-3000:] if capture else ""
        raise SystemExit(f"bench: {' '.join(map(str, command))} failed ({result.returncode}) {detail}")
    return result.stdout if capture else ""


def last_json(output: str, marker: str = "") -> dict:
    for line in reversed(output.strip().splitlines()):
        if line.startswith(marker):
            try:
                return json.loads(line[len(marker) :])
            except json.JSONDecodeError:
                continue
    raise SystemExit(f"bench: no result in output: {output[-2000:]}")


def prepare(command: list, env: dict, timeout: int = 900) -> dict:
    return last_json(run([sys.executable, "bench/prepare.py", *command], env=env, timeout=timeout, capture=True))


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    say("installing wrk from Debian's packages")
    apt = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=apt, capture_output=True).returncode != 0:
        run(["apt-get", "update", "-qq"], env=apt, capture=True)
        run(["apt-get", "install", "-y", "-qq", "wrk"], env=apt, capture=True)
    return shutil.which("wrk") or "wrk"


def ensure_services(postgres_host: str, redis_url: str) -> None:
    if subprocess.run(["pg_isready", "-h", postgres_host, "-q"]).returncode != 0:
        raise SystemExit(f"bench: PostgreSQL is not answering on {postgres_host}:5432")
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_timeout=3).ping()
    except redis.RedisError as error:
        raise SystemExit(f"bench: Redis is not answering at {redis_url}: {error}") from error


def psql(database: str, sql: str, *, server: str, timeout: int = 600) -> str:
    command = ["psql", "-h", server, "-U", "postgres", "-d", database, "-tAc", sql]
    return run(command, timeout=timeout, capture=True).strip()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bench_env(args, *, static_root: Path, media_root: Path, port: int) -> dict:
    env = dict(os.environ)
    for name in ("DEBUG", "SESSION_ENGINE", "AWS_STORAGE_BUCKET_NAME", "EMAIL_HOST", "TRUSTED_PROXY_COUNT"):
        env.pop(name, None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "ccin_site.settings.prod",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"postgres://postgres@{args.postgres_host}:5432/{args.database}",
            "REDIS_URL": args.redis_url,
            "CACHE_KEY_PREFIX": "ccin-bench",
            "STATIC_ROOT": str(static_root),
            "MEDIA_ROOT": str(media_root),
            "SITE_URL": f"http://127.0.0.1:{port}",
            # Every bench POST comes from 127.0.0.1: lift the per-address limit for this server only.
            "EOI_SUBMISSIONS_PER_HOUR": "1000000000",
            # As deployed for throughput (docs/deploy.md): the request logs the rendered email in
            # EmailLog and a separate `send_emails --loop` process sends it. That process runs
            # during the benchmark on the same CPUs; only the SMTP hand-over itself is skipped.
            "EMAIL_SENDING": "queue",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


# --- the steps ----------------------------------------------------------------------------------


def database_ready(args, env: dict) -> dict:
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", args.database):
        raise SystemExit("bench: --database takes lower-case letters, digits and underscores")
    exists = f"SELECT 1 FROM pg_database WHERE datname = '{args.database}'"  # noqa: S608 - checked above
    if psql("postgres", exists, server=args.postgres_host) != "1":
        say(f"creating database {args.database}")
        psql("postgres", f'CREATE DATABASE "{args.database}"', server=args.postgres_host)
    say("migrating")
    run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env=env, timeout=900)
    prepare(["cleanup"], env)  # anything a run that was stopped half-way left behind
    size = prepare(["size"], env)
    wanted = size["published_case_studies"] == PUBLISHED and size["sample_eois"] == SEED["eois"]
    if args.reseed or not wanted:
        say(f"seeding ({size} found): seed_demo --reset " + " ".join(f"--{k} {v}" for k, v in SEED.items()))
        options = [item for name, value in SEED.items() for item in (f"--{name}", str(value))]
        run([sys.executable, "manage.py", "seed_demo", "--reset", *options], env=env, timeout=1800)
        size = prepare(["size"], env)
    else:
        say(f"the database already holds the sample: {size} (--reseed to make it again)")
    say("VACUUM ANALYZE")
    psql(args.database, "VACUUM ANALYZE", server=args.postgres_host, timeout=1800)
    return size


def start_gunicorn(env: dict, port: int, workers: int, log: Path, threads: int = 1) -> subprocess.Popen:
    command = [
        str(BIN / "gunicorn"),
        "ccin_site.wsgi:application",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--graceful-timeout",
        "5",
        "--timeout",  # making the publication's PDF (once) can take longer than gunicorn's default 30 s
        "120",
    ]
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
        if server.poll() is not None:
            break
    stop(server)
    raise SystemExit(f"bench: gunicorn did not start; see {log}:\n{log.read_text()[-3000:]}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


def worker_rss_mb(master_pid: int) -> list[float]:
    """Resident memory of the master's children (the workers), in MB, from /proc."""
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master_pid) and "VmRSS" in fields:
            sizes.append(round(int(fields["VmRSS"].split()[0]) / 1024, 1))
    return sorted(sizes)


def wrk(url: str, mode_args: list, *, seconds: int, connections: int, threads: int) -> dict:
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s"]
    command += ["-s", str(WRK_SCRIPT), url, "--", *mode_args]
    output = run(command, timeout=seconds + 60, capture=True)
    result = last_json(output, "BENCH-JSON ")
    seconds_run = result["duration_us"] / 1_000_000
    result["rps"] = result["requests"] / seconds_run if seconds_run else 0.0
    result["p50_ms"] = result["p50_us"] / 1000
    result["p95_ms"] = result["p95_us"] / 1000
    result["error_count"] = sum(result["errors"].values())
    return result


def load(args, base: str, targets: dict, work: Path, env: dict) -> dict:
    mixes = {}
    for name in set(SEARCH_MIX.values()):
        mixes[name] = work / f"{name}.txt"
        mixes[name].write_text("".join(f"{urllib.request.quote(q)}\n" for q in targets[name]))
    results = {}
    plan = [row for row in [*ENDPOINTS, *LATENCY_ROWS] if not args.only or row[0] in args.only]
    for key, label, mode in plan:
        target = targets[TARGET_OF.get(key, key)] if key != "commit" else "/bench/commit/"
        connections = args.workers if key in ("search_2", "search_real_2") else args.connections
        threads = min(args.threads, connections)
        if mode == "post":
            warm, measured = work / "eoi-warm.txt", work / "eoi.txt"
            say(f"preparing {args.eoi_warmup_sessions} + {args.eoi_sessions} ready-to-submit EOIs")
            prepare(["eoi-sessions", str(args.eoi_warmup_sessions), str(warm)], env)
            prepare(["eoi-sessions", str(args.eoi_sessions), str(measured)], env)
            warm_args, mode_args = ["post", str(warm), str(threads)], ["post", str(measured), str(threads)]
        elif mode == "search":
            warm_args = mode_args = ["search", str(mixes[SEARCH_MIX[key]])]
        elif mode == "commit":
            warm_args = mode_args = ["commit"]
        else:
            warm_args = mode_args = [mode]
        say(f"{label}: {args.warmup} s warm-up, {args.duration} s measured, {connections} connections")
        warm = wrk(base + target, warm_args, seconds=args.warmup, connections=connections, threads=threads)
        results[key] = wrk(base + target, mode_args, seconds=args.duration, connections=connections, threads=threads)
        results[key]["label"] = label
        results[key]["load_average"] = os.getloadavg()[0]  # the machine is shared: every figure says how busy
        if mode == "post":  # submissions answered with their confirmation (a redirect), warm-up included
            answered = [run["requests"] - run["errors"]["status"] for run in (warm, results[key])]
            results[key]["confirmed"] = sum(answered)
    return results


def first_byte_ms(url: str) -> tuple[float, int]:
    """Milliseconds to the first byte of the body of a GET of ``url``, and the body's size."""
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as response:  # noqa: S310 - its own loopback server
        response.read(1)
        elapsed = (time.perf_counter() - started) * 1000
        size = 1 + len(response.read())
    return elapsed, size


def pdf_timings(base: str, target: str, env: dict) -> dict:
    """The publication's PDF: time to first byte when it has to be made, then once stored (median of 10)."""
    prepare(["pdf-reset"], env)
    time.sleep(GENERATION_SECONDS)  # every worker sees the new generation within a second
    made_ms, size = first_byte_ms(base + target)
    stored = sorted(first_byte_ms(base + target)[0] for _ in range(10))
    return {
        "made_ms": made_ms,
        "stored_median_ms": stored[len(stored) // 2],
        "stored_max_ms": stored[-1],
        "bytes": size,
        "load_average": os.getloadavg()[0],
    }


def eoi_lost(results: dict, emails: dict) -> int:
    """Confirmed submissions not stored, and acknowledgements not sent (pending or failed)."""
    confirmed = results.get("eoi_post", {}).get("confirmed", 0)
    return max(0, confirmed - emails.get("eois", 0)) + emails.get("pending", 0) + emails.get("failed", 0)


# --- the report ---------------------------------------------------------------------------------------


def evaluate(results: dict, rss: list[float]) -> list[tuple[Goal, str, bool]]:
    floor = results["floor"]["rps"] or 1.0
    outcomes = []
    for goal in GOALS:
        if goal.kind != "rss" and goal.key not in results:
            continue  # a row left out with --only
        if goal.kind == "ratio":
            value = results[goal.key]["rps"] / floor
            outcomes.append((goal, f"{value:.2f} x", value >= goal.limit))
        elif goal.kind == "kept":
            lost = results[goal.key].get("lost")
            if lost is None:
                continue  # not counted (the report's own tests)
            outcomes.append((goal, f"{lost} lost", lost == 0))
        elif goal.kind == "p95":
            value = results[goal.key]["p95_ms"]
            outcomes.append((goal, f"{value:.1f} ms", value <= goal.limit))
        else:
            value = max(rss) if rss else float("inf")
            outcomes.append((goal, f"{', '.join(f'{mb:.0f}' for mb in rss)} MB", value < goal.limit))
    return outcomes


def table(results: dict, queries: dict) -> str:
    floor = results["floor"]["rps"] or 1.0
    rows = [
        "| endpoint | requests/s | x floor | median ms | p95 ms | queries cached (cold) | cold render ms | errors "
        "| load avg |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key, result in results.items():
        counted = queries.get(key.removesuffix("_2").removesuffix("_plain"), {})
        if counted:
            cached, cold = counted["queries_cached"], counted["queries_cold"]
            query_text = f"{cold}" if key == "eoi_post" else f"{cached} ({cold})"
            cold_ms = f"{counted['ms_cold']:.1f}"
        else:
            query_text = cold_ms = "–"
        rows.append(
            f"| {result['label']} | {result['rps']:.0f} | {result['rps'] / floor:.2f} | {result['p50_ms']:.1f} "
            f"| {result['p95_ms']:.1f} | {query_text} | {cold_ms} | {result['error_count']} "
            f"| {result.get('load_average', 0.0):.1f} |"
        )
    return "\n".join(rows)


def machine(args, env: dict) -> dict:
    import redis

    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    memory = next(line.split(":", 1)[1].strip() for line in meminfo if line.startswith("MemTotal"))
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory": f"{int(memory.split()[0]) // 1024} MB",
        "kernel": os.uname().release,
        "postgresql": psql("postgres", "SHOW server_version", server=args.postgres_host),
        "redis": redis.Redis.from_url(args.redis_url).info("server")["redis_version"],
        "python": sys.version.split()[0],
        "gunicorn": run([str(BIN / "gunicorn"), "--version"], capture=True).strip(),
        "wrk": _wrk_version(),
        "load_average_before": os.getloadavg(),
    }


def _wrk_version() -> str:
    # ``wrk --version`` prints its banner and exits non-zero.
    output = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout
    return output.splitlines()[0] if output else "?"


def report(info: dict, size: dict, results: dict, queries: dict, rss: list[float], args, pdf=None) -> bool:
    print()
    print("## Machine")
    for name, value in info.items():
        print(f"- {name}: {value}")
    print(f"- data: {size}")
    print(f"- load average after: {os.getloadavg()}")
    print(
        f"- gunicorn {args.workers} sync workers; wrk {args.threads} threads, {args.connections} connections, "
        f"{args.warmup} s warm-up + {args.duration} s per row"
    )
    print()
    print("## Results")
    print(table(results, queries))
    eoi = results.get("eoi_post", {})
    if eoi.get("threads_exhausted"):
        used = eoi["lines_used"]
        print(f"\nWARNING: the EOI load ran out of prepared submissions ({used} used); raise --eoi-sessions.")
    if "eoi_post" in results and "commit" in results and results["commit"]["rps"]:
        ceiling = results["eoi_post"]["rps"] / results["commit"]["rps"]
        print(f"\nEOI POST against the ceiling of the same run (a bare durable commit): {ceiling:.2f} x")
    if "lost" in eoi:
        print(f"EOI POST: {eoi['confirmed']} confirmed (warm-up included), {eoi['lost']} lost")
    if pdf:
        print(
            f"publication PDF ({pdf['bytes']:,} bytes), time to first byte: made {pdf['made_ms']:.0f} ms, "
            f"stored {pdf['stored_median_ms']:.1f} ms median, {pdf['stored_max_ms']:.1f} ms max of 10 "
            f"(load average {pdf['load_average']:.1f})"
        )
    print(f"\nworker memory after the run (VmRSS): {', '.join(f'{mb} MB' for mb in rss)}")
    print()
    print("## Goals")
    all_met = True
    for goal, value, met in evaluate(results, rss):
        all_met &= met
        print(f"- {'PASS' if met else 'FALL SHORT'}: {goal.text}: {value}")
    return all_met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reseed", action="store_true", help="seed the database again even if it holds the sample")
    parser.add_argument("--database", default="ccin_bench")
    parser.add_argument("--postgres-host", default="127.0.0.1")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads")
    parser.add_argument("--gunicorn-threads", type=int, default=1, help="threads per gunicorn worker (gthread if > 1)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up per row")
    parser.add_argument("--duration", type=int, default=10, help="seconds measured per row")
    parser.add_argument("--eoi-sessions", type=int, default=12_000, help="ready-to-submit EOIs for the measured run")
    parser.add_argument("--eoi-warmup-sessions", type=int, default=3_000)
    parser.add_argument(
        "--only",
        type=lambda text: {"floor", *text.split(",")},
        default=set(),
        help="measure only these rows (and the floor), e.g. --only eoi_post,search_2; pdf: the PDF's first byte; keys: "
        + ", ".join(key for key, *_ in [*ENDPOINTS, *LATENCY_ROWS]),
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)

    ensure_wrk()
    ensure_services(args.postgres_host, args.redis_url)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="ccin-bench-") as folder:
        work = Path(folder)
        env = bench_env(args, static_root=work / "static", media_root=work / "media", port=port)
        info = machine(args, env)
        if max(info["load_average_before"]) > 1.0:
            say(f"note: the machine is busy (load average {info['load_average_before']}); results will be noisy")
        size = database_ready(args, env)
        say("collectstatic")
        run([sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], env=env, timeout=600)
        targets = prepare(["targets"], env)
        say("counting queries per request through the test client")
        queries = prepare(["queries"], env)
        say(f"starting gunicorn on 127.0.0.1:{port}")
        server_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.settings"}
        server = start_gunicorn(server_env, port, args.workers, work / "gunicorn.log", threads=args.gunicorn_threads)
        say("starting the email sender (manage.py send_emails --loop), as deployed with EMAIL_SENDING=queue")
        with (work / "send_emails.log").open("w") as out:
            sender = subprocess.Popen(
                [sys.executable, "manage.py", "send_emails", "--loop"], cwd=ROOT, env=env, stdout=out, stderr=out
            )
        try:
            results = load(args, f"http://127.0.0.1:{port}", targets, work, env)
            rss = worker_rss_mb(server.pid)
            emails = prepare(["emails"], env)
            for _ in range(20):  # let the sender finish the last EOIs' emails
                if not emails.get("pending"):
                    break
                time.sleep(1)
                emails = prepare(["emails"], env)
            if "eoi_post" in results:
                results["eoi_post"]["lost"] = eoi_lost(results, emails)
            pdf = None
            if not args.only or "pdf" in args.only:
                say("the publication's PDF: time to first byte, made and then stored")
                pdf = pdf_timings(f"http://127.0.0.1:{port}", targets["publication_pdf"], env)
        finally:
            stop(server)
            stop(sender)
            cleaned = prepare(["cleanup"], env)
        say(f"removed what the EOI load made: {cleaned}")
        say(f"the EOI acknowledgements: {emails}")
        report(info, size, results, queries, rss, args, pdf=pdf)
        if args.json:
            data = {"machine": info, "size": size, "targets": targets, "results": results, "queries": queries}
            data["emails"] = emails
            data["pdf"] = pdf
            args.json.write_text(json.dumps({**data, "worker_rss_mb": rss}, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
