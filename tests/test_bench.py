"""The benchmark (bench/, run by `make bench`, never by this suite: it takes minutes) at least
parses, and its report reads wrk's output and judges the goals as docs/performance.md says."""

import ast
import importlib.util
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


def bench_module():
    spec = importlib.util.spec_from_file_location("ccin_bench", BENCH / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # the driver imports nothing of Django; importing runs nothing
    return module


def result(rps: float, p95_ms: float = 10.0, label: str = "x") -> dict:
    return {"rps": rps, "p50_ms": p95_ms / 2, "p95_ms": p95_ms, "error_count": 0, "label": label}


def test_the_entry_point_is_valid_bash():
    assert subprocess.run(["bash", "-n", str(BENCH / "run")]).returncode == 0
    assert (BENCH / "run").stat().st_mode & 0o111


def test_the_django_side_parses():
    ast.parse((BENCH / "prepare.py").read_text())


def test_the_wrk_script_has_its_hooks_and_reports_the_95th_percentile():
    script = (BENCH / "wrk.lua").read_text()
    for hook in ("function setup(", "function init(", "function request(", "function done("):
        assert hook in script
    assert "BENCH-JSON" in script and "percentile(95)" in script


def test_the_report_reads_the_line_wrk_prints():
    bench = bench_module()
    output = 'Running 10s test\n  2 threads\nBENCH-JSON {"requests": 10, "duration_us": 2000000}\n'
    assert bench.last_json(output, "BENCH-JSON ") == {"requests": 10, "duration_us": 2000000}


def verdicts(bench, results, rss) -> dict:
    return {(goal.key, goal.kind): met for goal, _value, met in bench.evaluate(results, rss)}


def test_goals_are_judged_against_the_floor_of_the_same_run():
    bench = bench_module()
    results = {
        "floor": result(1000),
        "browse": result(500),
        "case_study": result(499),
        "call": result(900),
        "search": result(250),
        "search_real": result(249),
        "search_2": result(40, p95_ms=20.0),
        "search_real_2": result(40, p95_ms=20.1),
        "publication": result(500),
        "eoi_post": {**result(200, p95_ms=150.0), "lost": 0},
    }
    assert verdicts(bench, results, [90.0, 151.0]) == {
        ("browse", "ratio"): True,
        ("case_study", "ratio"): False,
        ("call", "ratio"): True,
        ("search", "ratio"): True,
        ("search_real", "ratio"): False,
        ("search_2", "p95"): True,
        ("search_real_2", "p95"): False,
        ("publication", "ratio"): True,
        ("eoi_post", "p95"): True,
        ("eoi_post", "kept"): True,
        ("workers", "rss"): False,
    }


def test_an_eoi_load_that_lost_a_submission_falls_short():
    bench = bench_module()
    results = {"floor": result(1000), "eoi_post": {**result(200, p95_ms=151.0), "confirmed": 10}}
    results["eoi_post"]["lost"] = bench.eoi_lost(results, {"eois": 9, "sent": 9})
    assert results["eoi_post"]["lost"] == 1
    assert verdicts(bench, results, [90.0]) == {
        ("eoi_post", "p95"): False,
        ("eoi_post", "kept"): False,
        ("workers", "rss"): True,
    }
    assert bench.eoi_lost(results, {"eois": 12, "sent": 11, "pending": 1}) == 1


def test_the_table_has_a_row_per_endpoint_with_its_queries():
    bench = bench_module()
    results = {"floor": result(1000, label="floor"), "browse": result(400, label="browse list")}
    queries = {"browse": {"queries_cached": 0, "queries_cold": 6, "ms_cold": 30.0}}
    table = bench.table(results, queries)
    assert "| browse list | 400 | 0.40 |" in table
    assert "| 0 (6) |" in table
    assert table.splitlines()[0].endswith("| load avg |")


def test_rows_left_out_with_only_are_not_judged():
    bench = bench_module()
    results = {"floor": result(1000), "eoi_post": result(300)}
    assert verdicts(bench, results, [90.0]) == {("eoi_post", "p95"): True, ("workers", "rss"): True}


def test_the_bench_only_ceiling_view_is_not_part_of_the_site():
    """/bench/commit/ exists only in bench/urls.py, which only the benchmark's server loads."""
    assert "bench" not in (ROOT / "ccin_site" / "urls.py").read_text()
    assert 'ROOT_URLCONF = "bench.urls"' in (BENCH / "settings.py").read_text()
    tree = ast.parse((BENCH / "urls.py").read_text())
    assert any(isinstance(node, ast.FunctionDef) and node.name == "commit_one_row" for node in tree.body)


def test_the_two_instance_script_parses_and_its_s3_server_is_pinned_apart_from_the_app():
    """bench/two_instances.py runs for minutes (never here); moto is a bench-only requirement."""
    tree = ast.parse((BENCH / "two_instances.py").read_text())
    names = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert {"check_eoi_across", "check_rate_limit", "check_image_and_publish", "check_load", "check_kill"} <= names
    assert "moto[server]==" in (BENCH / "requirements-s3.txt").read_text()
    for requirements in ("requirements.txt", "requirements-dev.txt"):
        assert "moto" not in (ROOT / requirements).read_text()


def test_the_publication_goal_is_judged_as_a_browser_asks_and_the_uncompressed_row_loads_the_same_page():
    bench = bench_module()
    modes = {key: mode for key, _label, mode in bench.ENDPOINTS}
    assert modes["publication"] == "browser" and modes["publication_plain"] == "get"
    assert bench.TARGET_OF["publication_plain"] == "publication"
    assert [goal.key for goal in bench.GOALS if goal.text.startswith("publication page")] == ["publication"]
    script = (BENCH / "wrk.lua").read_text()
    assert 'mode == "browser"' in script and '["Accept-Encoding"] = "gzip, deflate, br' in script
