"""Real-browser tests: one headless Chromium for this package, a fresh context per test, and axe.

The browser is Debian's Chromium (/usr/bin/chromium); Playwright never downloads one.
Pages come from pytest-django's ``live_server``, which also serves static files (the CSS
and JS under static/, after ``npm run build``). A failed test leaves a screenshot in
test-artifacts/.
"""

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
ARTIFACTS = "test-artifacts"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can see whether it failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def chromium():
    """Chromium, for as long as the tests of this package run.

    While Playwright's sync API is running, this thread has a running event loop, and Django
    refuses database calls from it unless DJANGO_ALLOW_ASYNC_UNSAFE is set. It is set here,
    and only while Playwright runs: set for the whole session it would leak into other tests
    (and into the subprocesses they start, where ``check --deploy`` rightly complains).
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: scripts/system-deps.sh browser (make test runs it)")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(chromium, request):
    """A page in a new browser context (no shared cookies or storage), 1280×900."""
    context = chromium.new_context(viewport=VIEWPORT, locale="en-GB", timezone_id="Europe/London")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        folder = Path(request.config.rootpath) / ARTIFACTS
        folder.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-180:]
        try:
            page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
        except Exception as error:  # noqa: BLE001 - a screenshot must never hide the real failure
            print(f"Could not save a screenshot of the failed test: {error}")
    context.close()


def _describe(violations: list[dict]) -> str:
    lines = [f"axe found {len(violations)} accessibility violation(s):"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact') or 'no impact given'}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node.get('failureSummary', '').strip().replace(chr(10), ' ')}")
    return "\n".join(lines)


def axe_check(page, context=None) -> None:
    """Run axe-core (every rule, best practices included) on the page as it is now.

    Fails with the id, impact and target nodes of each violation.
    """
    results = Axe().run(page, context=context)
    violations = results.response["violations"]
    assert not violations, _describe(violations)
