"""`invoke screenshots`: the first screen of the pages a recruiter opens, on a phone (390x844)
and a desktop (1280x800), as PNG files in docs/screenshots/.

The sample site (content/) is built for production into a temporary folder, served on
127.0.0.1 and opened in Debian's Chromium through Playwright (a test dependency). Only the
first screen of each page is taken: that is what the issue measures, and it keeps the files small.
"""

from __future__ import annotations

import functools
import http.server
import os
import tempfile
import threading
from pathlib import Path

SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
PAGES = ("home", "projects", "project", "skills", "skill", "resume")
CHROMIUM = os.environ.get("FOOTHOLD_CHROMIUM", "/usr/bin/chromium")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature fixed by http.server
        pass


def take_screenshots(root: Path, target: Path, scheme: str = "light") -> list[Path]:
    from playwright.sync_api import sync_playwright

    from foothold.build import build_site
    from sitecheck.lighthouse import page_types

    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="foothold-shots-") as temp:
        output = Path(temp) / "site"
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(output.parent)))
        base = f"http://127.0.0.1:{server.server_address[1]}/site"
        result = build_site(root, production=True, overrides={
            "OUTPUT_PATH": str(output), "SITEURL": base,
            "SPEED": {"cache_path": str(Path(temp) / "cache")}})
        if not result.ok:
            raise RuntimeError(result.stderr_text)
        pages = page_types(output)
        missing = [name for name in PAGES if name not in pages]
        if missing:
            raise RuntimeError(f"the sample site has no {', '.join(missing)} page")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        written = []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                for size, (width, height) in SIZES.items():
                    context = browser.new_context(viewport={"width": width, "height": height},
                                                  color_scheme=scheme)
                    page = context.new_page()
                    for name in PAGES:
                        rel = pages[name].removesuffix("index.html")
                        page.goto(f"{base}/{rel}", wait_until="networkidle")
                        path = target / f"{name}-{size}.png"
                        page.screenshot(path=str(path), type="png")
                        written.append(path)
                    context.close()
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    return written
