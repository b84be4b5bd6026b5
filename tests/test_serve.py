"""`invoke serve` and `invoke preview --serve`: a real server on loopback, real requests, links and
styles followed through an HTML parser."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urljoin, urlsplit
from urllib.request import Request, urlopen

import lxml.html
import pytest

from foothold_test_support import make_project

INVOKE = str(Path(sys.executable).parent / "invoke")


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([INVOKE, *args], cwd=root, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return result


class Served:
    def __init__(self, root: Path, *args: str):
        self.proc = subprocess.Popen([INVOKE, *args, "--port", "0"], cwd=root, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, start_new_session=True,
                                     env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.said = []
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise AssertionError(f"the server stopped: {self.proc.stderr.read()}")
            self.said.append(line)
            match = re.match(r"Open (http://\S+)", line)
            if match:
                self.url = match.group(1)
                return
        raise AssertionError("no URL to open was printed")

    def stop(self):
        os.killpg(self.proc.pid, signal.SIGINT)
        self.proc.wait(timeout=30)


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "site")


def get(url: str):
    try:
        with urlopen(Request(url), timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read(), response.url
    except HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read(), url


def assert_site_works_from(start: str, prefix: str) -> None:
    """Every stylesheet, script, image and in-site link of the home page and one post answers 200,
    from this server, under ``prefix``."""
    status, ctype, body, _ = get(start)
    assert status == 200 and ctype.startswith("text/html")
    page = lxml.html.fromstring(body)
    css = page.xpath("//link[@rel='stylesheet']/@href")
    assert css, "the page has a stylesheet"
    local = urlsplit(start).netloc
    urls = set(css) | set(page.xpath("//script/@src | //img/@src")) | set(page.xpath("//a/@href"))
    followed = 0
    for raw in sorted(urls):
        url = urljoin(start, raw)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc != local:
            assert "github.io/foothold" not in url, f"{raw} still points at the live site"
            continue
        assert parts.path.startswith(prefix + "/"), url
        status, ctype, data, _ = get(url.split("#")[0])
        assert status == 200, url
        if raw in css:
            assert ctype.startswith("text/css") and b"{" in data
        followed += 1
    assert followed > 5


def test_serve_after_preview_serves_the_site_under_its_siteurl_path(project):
    run(project, "preview")
    html = (project / "output" / "index.html").read_text(encoding="utf-8")
    assert "https://alex-placeholder.github.io/foothold/theme/" in html  # a real production build
    served = Served(project, "serve")
    try:
        assert served.url.endswith("/foothold/")
        assert "production build of https://alex-placeholder.github.io/foothold/" in "".join(served.said)
        assert_site_works_from(served.url, "/foothold")
        root = served.url.removesuffix("foothold/")
        status, _, _, landed = get(root)
        assert status == 200 and landed == served.url, "the bare address leads to the site"
        status, _, body, _ = get(root + "posts/")  # outside the SITEURL path, as on GitHub Pages
        assert status == 404 and b"<html" in body.lower()
        post = sorted(p.name for p in (project / "output" / "posts").iterdir())[0]
        status, _, _, landed = get(served.url + f"posts/{post}")
        assert status == 200 and landed == served.url + f"posts/{post}/"
        feed = get(served.url + "feeds/all.atom.xml")
        assert feed[0] == 200 and served.url.encode() in feed[2]
    finally:
        served.stop()
    assert html == (project / "output" / "index.html").read_text(encoding="utf-8"), "output/ was changed"


def test_a_user_site_siteurl_is_served_at_the_root(project):
    run(project, "preview", "--siteurl", "https://samrivera.github.io")
    served = Served(project, "serve")
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", served.url)
        assert_site_works_from(served.url, "")
    finally:
        served.stop()


def test_preview_serve_builds_then_serves(project):
    served = Served(project, "preview", "--serve")
    try:
        assert any(line.startswith("Built production site") for line in served.said)
        assert_site_works_from(served.url, "/foothold")
    finally:
        served.stop()


def test_serve_after_build_serves_the_development_site_at_the_root(project):
    run(project, "preview")
    run(project, "build")  # replaces the production build: the stamp no longer describes output/
    served = Served(project, "serve")
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", served.url)
        assert "development build" in "".join(served.said)
        assert_site_works_from(served.url, "")
    finally:
        served.stop()
