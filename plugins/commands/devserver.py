"""The live-reload web server: the livereload package's, plus an overlay naming a failed build's problems.

While the last build failed, every HTML page it sends carries the build's report in a box fixed over
the page (plain HTML and CSS, added here only: the built files never hold it, and no build for the
public site knows of it). Live reload tells the open pages to reload after every build, good or
failed, so the box appears on the page the author is looking at and goes with the next good build.
"""

from __future__ import annotations

import html
import os
import threading

from livereload import Server
from livereload.handlers import StaticFileHandler

OVERLAY_ID = "foothold-build-failed"
_BODY_END = b"</body>"


class BuildState:
    """The last build's outcome as the server shows it: ``report`` is empty after a good build."""

    def __init__(self):
        self._lock = threading.Lock()
        self._report = ""

    @property
    def report(self) -> str:
        with self._lock:
            return self._report

    def set(self, ok: bool, report: str) -> None:
        with self._lock:
            self._report = "" if ok else (report or "the build failed")


def overlay(report: str) -> bytes:
    """The box, as HTML with its style inline (the site's own CSS knows nothing of it)."""
    return (
        f'<div id="{OVERLAY_ID}" role="alert" style="position:fixed;left:0;right:0;bottom:0;max-height:60vh;'
        "overflow:auto;z-index:2147483647;margin:0;padding:1rem 1.25rem;background:#fff8f6;color:#1a1a1a;"
        'border-top:4px solid #b3261e;box-shadow:0 -2px 12px rgba(0,0,0,.25);font:15px/1.45 system-ui,sans-serif">'
        '<p style="margin:0 0 .5rem"><strong style="color:#b3261e">The last build failed.</strong> '
        "This page is from the last good build. Fix what is listed, save, and this box goes once a build "
        "succeeds.</p>"
        '<pre style="margin:0;white-space:pre-wrap;font:13px/1.45 ui-monospace,monospace">'
        f"{html.escape(report)}</pre></div>"
    ).encode("utf-8")


def with_overlay(page: bytes, report: str) -> bytes:
    box = overlay(report)
    at = page.rfind(_BODY_END)
    return page[:at] + box + page[at:] if at >= 0 else page + box


class OverlayFileHandler(StaticFileHandler):
    def initialize(self, path, default_filename=None, state=None):
        super().initialize(path, default_filename)
        self.state = state
        self.overlaid = False

    def compute_etag(self):
        # A page with the box is not the file on disk: no ETag, so no browser keeps it past the fix.
        return None if self.overlaid else super().compute_etag()

    async def get(self, path, include_body=True):
        report = self.state.report if self.state is not None else ""
        page = self._html_page(path) if report else None
        if page is None:
            return await super().get(path, include_body)
        with open(page, "rb") as handle:
            body = with_overlay(handle.read(), report)
        self.overlaid = True
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        if include_body:
            self.write(body)
        self.finish()

    def _html_page(self, path: str) -> str | None:
        """The HTML file ``path`` names inside the root (a folder: its index), or None."""
        root = os.path.realpath(self.root)
        target = os.path.realpath(os.path.join(root, path.lstrip("/")))
        if os.path.commonpath([root, target]) != root:
            return None
        if os.path.isdir(target):
            if path and not path.endswith("/"):
                return None  # the parent redirects to the address with the slash
            target = os.path.join(target, self.default_filename or "index.html")
        return target if target.endswith(".html") and os.path.isfile(target) else None


class DevServer(Server):
    def __init__(self, watcher, state: BuildState):
        super().__init__(watcher=watcher)
        self.state = state

    def get_web_handlers(self, script):
        return [(r"/(.*)", OverlayFileHandler,
                 {"path": self.root or ".", "default_filename": self.default_filename, "state": self.state})]
