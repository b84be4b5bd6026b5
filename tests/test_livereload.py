"""`invoke livereload`, driven for real: the task runs in a subprocess on a free 127.0.0.1 port in a
temp copy of the project; the test saves files and watches the served pages (and, in the browser
test, a real Chromium page reloading itself)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from foothold_test_support import ROOT, SITES, make_project

TIMEOUT = 90  # seconds; generous, as CI machines may be busy
POST = "content/posts/first.md"
POST_URL = "/posts/first-steps-with-promises/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Live:
    """A running `invoke livereload` with its output collected line by line."""

    def __init__(self, root: Path, port: int):
        self.root = root
        self.base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "invoke", "livereload", "--port", str(port), "--bind", "127.0.0.1"],
            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True,
        )
        self.out: list[str] = []
        self.err: list[str] = []
        for stream, lines in ((self.proc.stdout, self.out), (self.proc.stderr, self.err)):
            threading.Thread(target=self._pump, args=(stream, lines), daemon=True).start()

    @staticmethod
    def _pump(stream, lines):
        for line in stream:
            lines.append(line.rstrip("\n"))

    def text(self) -> str:
        return "\n".join(self.out + ["--- stderr ---"] + self.err)

    def wait_for(self, predicate, what: str):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}:\n{self.text()}")

    def wait_for_line(self, pattern: str, stream: str = "out", start: int = 0) -> str:
        lines = self.out if stream == "out" else self.err
        regex = re.compile(pattern)
        return self.wait_for(lambda: next((ln for ln in lines[start:] if regex.search(ln)), None),
                             f"a line matching {pattern!r} on std{stream}")

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=5) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, ""
        except OSError:
            return 0, ""

    def h1(self, path: str) -> str | None:
        status, html = self.get(path)
        if status != 200:
            return None
        heading = BeautifulSoup(html, "html.parser").find("h1")
        return heading.get_text(strip=True) if heading else None

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "site", copy_code=True)


@pytest.fixture
def live(project):
    running = Live(project, free_port())
    try:
        running.wait_for_line(r"^Serving .* at http://127\.0\.0\.1:\d+/")
        running.wait_for(lambda: running.h1(POST_URL), "the first page to be served")
        yield running
    finally:
        running.stop()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_broken_save_shows_path_line_then_the_fix_is_served(live):
    post = live.root / POST
    assert live.h1(POST_URL) == "First steps with promises"
    start = len(live.err)
    edit(post, "Date: 2026-03-02 10:00", "Date: 2026-02-30")
    line = live.wait_for_line(r"^content/posts/first\.md:2: Date: '2026-02-30' is not a real date", "err", start)
    assert line
    live.wait_for_line(r"build failed, still serving the last good site", "err", start)
    assert "Traceback" not in live.text()
    assert live.h1(POST_URL) == "First steps with promises"  # the last good site is still served

    start = len(live.out)
    edit(post, "Date: 2026-02-30", "Date: 2026-03-02 10:00")
    edit(post, "A promise is a value that arrives later.", "A promise is a value that arrives LATER (edited).")
    live.wait_for_line(r"content/posts/first\.md.*: rebuilt in [\d.]+ s \(fixed\), reloading", "out", start)
    live.wait_for(lambda: "arrives LATER (edited)" in live.get(POST_URL)[1], "the edited page")
    assert "Traceback" not in live.text()


def test_drafts_are_shown_with_their_url(live):
    start = len(live.out)
    draft = live.root / "content" / "posts" / "idea.md"
    draft.write_text("Title: A draft idea\nDate: 2026-03-05\nStatus: draft\n\nNot public yet.\n", encoding="utf-8")
    line = live.wait_for_line(r"content/posts/idea\.md -> http://127\.0\.0\.1:\d+/drafts/posts/a-draft-idea/$",
                              "out", start)
    url = line.split(" -> ", 1)[1].removeprefix(live.base)
    assert live.h1(url) == "A draft idea"


def test_theme_and_settings_changes_rebuild(live):
    css = sorted((live.root / "theme" / "static" / "css").glob("*.css"))[0]
    css.write_text(css.read_text(encoding="utf-8") + "\n/* theme edited */\n", encoding="utf-8")
    served = f"/theme/css/{css.name}"
    live.wait_for(lambda: "/* theme edited */" in live.get(served)[1], "the theme change")
    edit(live.root / "pelican.conf", 'SITENAME = "Alex Placeholder"', 'SITENAME = "Renamed Site"')
    live.wait_for(lambda: "Renamed Site" in live.get("/")[1], "the settings change")


def test_plugin_change_takes_effect_in_a_fresh_build_process(live):
    """A warm process would keep the old module; a syntax error proves the plugin was re-imported."""
    module = live.root / "plugins" / "skill_map" / "svg.py"
    good = module.read_text(encoding="utf-8")
    start = len(live.err)
    module.write_text(good + "\ndef broken(:\n", encoding="utf-8")
    live.wait_for_line(r"build failed, still serving the last good site", "err", start)
    live.wait_for_line(r"svg\.py", "err", start)
    assert live.h1(POST_URL) == "First steps with promises"
    start = len(live.out)
    module.write_text(good, encoding="utf-8")
    live.wait_for_line(r"rebuilt in [\d.]+ s \(fixed\)", "out", start)


def workers_of(root: Path) -> list[int]:
    """Build processes started for this project (their command line names its root)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"commands.buildworker" in cmdline and str(root).encode() in cmdline:
                found.append(int(entry.name))
    return found


def test_ctrl_c_stops_everything_without_a_traceback(live):
    assert workers_of(live.root), "no build process found"
    live.stop()
    assert live.proc.returncode == 0, live.text()
    live.wait_for_line(r"^Stopped\.$")
    assert "Traceback" not in live.text()
    deadline = time.monotonic() + 15
    while workers_of(live.root) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not workers_of(live.root), "the build process outlived live reload"


def test_port_in_use_is_one_line(project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "invoke", "livereload", "--port", str(port)], cwd=project,
                              capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.strip() == (f"cannot serve on 127.0.0.1:{port}: Address already in use; "
                                   f"try another port: invoke livereload --port {port + 1}")
    assert not (project / "output").exists()


@pytest.mark.browser
def test_the_open_page_reloads_itself_after_a_save(live):
    from playwright.sync_api import sync_playwright

    chromium_path = os.environ.get("FOOTHOLD_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.goto(live.base + POST_URL)
            # livereload.js connects over a websocket; wait until the server knows the page.
            live.wait_for_line(r"Browser Connected", "err")
            page.evaluate("window.__notReloaded = true")
            saved = time.perf_counter()
            edit(live.root / POST, "A promise is a value that arrives later.", "Reloaded by the browser itself.")
            page.wait_for_function("() => document.body.innerText.includes('Reloaded by the browser itself.')",
                                   timeout=TIMEOUT * 1000)
            elapsed = time.perf_counter() - saved
            assert page.evaluate("window.__notReloaded === undefined"), "the text changed without a reload"
            assert elapsed < TIMEOUT
            print(f"save -> reloaded page: {elapsed:.2f} s")
        finally:
            browser.close()


def overlay_of(html: str):
    return BeautifulSoup(html, "html.parser").find(id="foothold-build-failed")


def test_a_failed_rebuild_shows_its_problems_on_the_page_until_the_next_good_build(live):
    post = live.root / POST
    assert overlay_of(live.get(POST_URL)[1]) is None
    start = len(live.err)
    edit(post, "Date: 2026-03-02 10:00", "Date: 2026-02-30")
    live.wait_for_line(r"build failed, still serving the last good site", "err", start)
    for path in (POST_URL, "/", "/projects/"):
        status, html = live.get(path)
        box = overlay_of(html)
        assert status == 200 and box is not None, path
        assert box.get("role") == "alert"
        assert "content/posts/first.md:2: Date: '2026-02-30' is not a real date" in box.get_text()
        # The last good page is still there under the box, livereload's script too.
        assert BeautifulSoup(html, "html.parser").find("h1").get_text(strip=True)
        assert "livereload.js" in html
    # Added by the server only: the built file has no box.
    built = (live.root / "output" / "posts" / "first-steps-with-promises" / "index.html").read_text(encoding="utf-8")
    assert "foothold-build-failed" not in built
    assert overlay_of(live.get("/theme/css/" + sorted((live.root / "output" / "theme" / "css").glob("*.css"))[0].name)[1]) is None

    start = len(live.out)
    edit(post, "Date: 2026-02-30", "Date: 2026-03-02 10:00")
    live.wait_for_line(r"rebuilt in [\d.]+ s \(fixed\)", "out", start)
    live.wait_for(lambda: overlay_of(live.get(POST_URL)[1]) is None, "the box to go after the good build")


def test_drafts_lists_the_drafts_with_links_that_serve_them(live):
    status, html = live.get("/drafts/")
    assert status == 200
    assert "No drafts" in BeautifulSoup(html, "html.parser").find("main").get_text()
    start = len(live.out)
    posts = live.root / "content" / "posts"
    (posts / "idea.md").write_text("Title: A draft idea\nDate: 2026-03-05\nDraft: yes\n\nNot public yet.\n",
                                   encoding="utf-8")
    (posts / "old-style.md").write_text("Title: An older draft\nDate: 2026-03-06\nStatus: draft\n\nAlso not public.\n",
                                        encoding="utf-8")
    live.wait_for_line(r"drafts/posts/a-draft-idea/$", "out", start)
    live.wait_for(lambda: "An older draft" in live.get("/drafts/")[1], "both drafts listed")
    page = BeautifulSoup(live.get("/drafts/")[1], "html.parser")
    assert page.find("h1").get_text(strip=True) == "Drafts"
    links = {a.get_text(strip=True): a["href"] for a in page.find("main").find_all("a")}
    assert set(links) >= {"A draft idea", "An older draft"}
    for title, href in links.items():
        if title in ("A draft idea", "An older draft"):
            url = urllib.parse.urljoin(live.base + "/drafts/", href)
            assert live.h1(url.removeprefix(live.base)) == title
    assert page.find("meta", attrs={"name": "robots", "content": "noindex"}) is not None
    # The old form still works, with a note saying so.
    assert any("Status: draft is deprecated" in line for line in live.out[start:]), live.text()


def test_the_box_appears_on_the_open_page_and_goes_in_chromium(live):
    from playwright.sync_api import sync_playwright

    chromium_path = os.environ.get("FOOTHOLD_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.goto(live.base + POST_URL)
            live.wait_for_line(r"Browser Connected", "err")
            edit(live.root / POST, "Date: 2026-03-02 10:00", "Date: 2026-02-30")
            box = page.wait_for_selector("#foothold-build-failed", timeout=TIMEOUT * 1000)
            assert box.is_visible()
            assert "is not a real date" in box.inner_text()
            top = page.evaluate("document.elementFromPoint(innerWidth / 2, innerHeight - 5).closest('#foothold-build-failed') !== null")
            assert top, "the box is drawn over the page"
            edit(live.root / POST, "Date: 2026-02-30", "Date: 2026-03-02 10:00")
            page.wait_for_selector("#foothold-build-failed", state="detached", timeout=TIMEOUT * 1000)
            assert page.locator("h1").first.inner_text() == "First steps with promises"
        finally:
            browser.close()
