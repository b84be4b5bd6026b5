"""Browser fixtures: one production build of Foothold's sample site (tests/sample) served on 127.0.0.1 under a sub-path
(as on GitHub Pages project sites), and one Chromium per test module."""

from __future__ import annotations

import functools
import gzip
import io
import http.server
import os
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))

from foothold.build import build_site  # noqa: E402
from site_pages import page_types  # noqa: E402
from sitecheck.lighthouse import GzipHandler  # noqa: E402
from foothold_test_support import make_project, sample_settings  # noqa: E402

CHROMIUM = os.environ.get("FOOTHOLD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SUBPATH = "foothold"


def _configured_plugins() -> list:
    return list(sample_settings().get("PLUGINS", []))


_Handler = GzipHandler


class ServedSite:
    def __init__(self, base_url: str, output: Path, host: str):
        self.base_url = base_url  # ends without a slash, like SITEURL
        self.output = output
        self.host = host
        self.pages = page_types(output)

    def url(self, rel: str) -> str:
        if rel.endswith("index.html"):
            rel = rel[: -len("index.html")]
        return f"{self.base_url}/{rel}"


@pytest.fixture(scope="module")
def served_site(tmp_path_factory):
    """The sample site, built for production with SITEURL http://127.0.0.1:<port>/foothold."""
    root = tmp_path_factory.mktemp("served")
    project = make_project(root / "project", content="sample")
    webroot = root / "www"
    webroot.mkdir()
    handler = functools.partial(_Handler, directory=str(webroot))
    # Bind first: the port must be known before the build writes it into every URL.
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    host = f"127.0.0.1:{server.server_address[1]}"
    base_url = f"http://{host}/{SUBPATH}"
    overrides = {"OUTPUT_PATH": str(webroot / SUBPATH), "SITEURL": base_url,
                 # Small shards, so the search page merges several indexes as on a large site.
                 "SEARCH_INDEX": {"pages_per_shard": 4}}
    plugins = _configured_plugins()
    if "search_index" not in plugins:  # until pelican.conf enables it, the search test needs it
        overrides["PLUGINS"] = [*plugins, "search_index"]
    result = build_site(project, production=True, overrides=overrides)
    assert result.ok, result.stderr_text
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ServedSite(base_url, webroot / SUBPATH, host)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def artifacts() -> Path:
    """Where screenshots go: $FOOTHOLD_ARTIFACTS, else test-artifacts/screenshots (git-ignored,
    uploaded by CI)."""
    configured = os.environ.get("FOOTHOLD_ARTIFACTS")
    target = Path(configured) if configured else ROOT / "test-artifacts" / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    return target
