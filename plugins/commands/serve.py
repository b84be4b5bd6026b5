"""Serve the built site on localhost, with pretty URLs working as they do on GitHub Pages.

A development build (`invoke build`) has relative URLs and is served at the root. A production build
(`invoke preview`) has every URL absolute, made from its SITEURL (``https://USER.github.io/REPO``):
it is served under SITEURL's path (``http://127.0.0.1:8000/REPO/``, the ``/REPO/`` part mapped to
output/, as GitHub Pages serves a project site), and the text files it serves have SITEURL replaced
by this server's address, so styles, links and images load from here and not from the live site.
The files in output/ are never changed. Which build output/ holds is read from the success stamp
of the production build (stamp.py), checked against output/index.html.
"""

from __future__ import annotations

import functools
import http.server
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from foothold.config import load_settings

# Files whose text may hold absolute URLs of the site (pages, styles, feeds, the sitemap, scripts).
TEXT_TYPES = ("text/", "application/xml", "application/atom+xml", "application/rss+xml", "application/json",
              "application/javascript", "image/svg+xml", "application/manifest+json")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory``; with ``prefix`` (``/REPO``) only under it, with ``siteurl`` replaced by
    this server's address in text files."""

    def __init__(self, *args, prefix: str = "", siteurl: str = "", **kwargs):
        self.prefix = prefix
        self.siteurl = siteurl
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass  # a line per request would bury the one line that says what to open

    def _local_siteurl(self) -> str:
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        return f"http://{host}{self.prefix}"

    def _rewrite(self, data: bytes, ctype: str) -> bytes:
        if self.siteurl and ctype.startswith(TEXT_TYPES):
            return data.replace(self.siteurl.encode("utf-8"), self._local_siteurl().encode("utf-8"))
        return data

    def _send(self, code: int, path: Path, head_only: bool) -> None:
        ctype = self.guess_type(str(path))
        body = self._rewrite(path.read_bytes(), ctype)
        self.send_response(code)
        self.send_header("Content-Type", ctype if "charset" in ctype or not ctype.startswith("text/")
                         else f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def send_error(self, code, message=None, explain=None):
        # Show the site's own 404 page, as GitHub Pages does.
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            self._send(404, page, self.command == "HEAD")
            return
        super().send_error(code, message, explain)

    def _serve(self, head_only: bool) -> None:
        if not self.prefix and not self.siteurl:
            (super().do_HEAD if head_only else super().do_GET)()
            return
        path = unquote(urlsplit(self.path).path)
        if self.prefix and path in ("/", self.prefix):
            self._redirect(self.prefix + "/")
            return
        if not path.startswith(self.prefix + "/"):
            self.send_error(404)
            return
        rel = posixpath.normpath(path[len(self.prefix):]).lstrip("/")
        if rel.startswith(".."):
            self.send_error(404)
            return
        target = Path(self.directory, rel)
        if target.is_dir():
            if not path.endswith("/"):
                self._redirect(path + "/")
                return
            target = target / "index.html"
        if not target.is_file():
            self.send_error(404)
            return
        self._send(200, target, head_only)

    def do_GET(self):
        self._serve(head_only=False)

    def do_HEAD(self):
        self._serve(head_only=True)


def production_siteurl(root: Path, output: Path) -> str | None:
    """SITEURL of the production build in ``output``, or None when it holds a development build.

    The stamp says which SITEURL the last production build used; a development build since then
    replaced output/ with relative URLs, which index.html shows."""
    from .stamp import read_stamp

    stamp = read_stamp(root)
    siteurl = str((stamp or {}).get("siteurl") or "").rstrip("/")
    if not stamp or not stamp.get("production") or not siteurl:
        return None
    try:
        index = (output / "index.html").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return siteurl if siteurl + "/" in index else None


def make_server(root: Path, bind: str = "127.0.0.1", port: int = 8000):
    """(server, URL to open, what it serves): a ThreadingHTTPServer not yet serving."""
    output = Path(load_settings(root)["OUTPUT_PATH"])
    if not (output / "index.html").is_file():
        raise SystemExit(f"{output} has no site yet: run `invoke build` (or `invoke preview`) first")
    siteurl = production_siteurl(Path(root), output) or ""
    prefix = urlsplit(siteurl).path.rstrip("/") if siteurl else ""
    handler = functools.partial(_Handler, directory=str(output), prefix=prefix, siteurl=siteurl)
    try:
        server = http.server.ThreadingHTTPServer((bind, port), handler)
    except OSError as exc:
        raise SystemExit(f"cannot serve on {bind}:{port}: {exc.strerror}; "
                         f"try another port: invoke serve --port {port + 1}") from None
    host = f"[{bind}]" if ":" in bind else bind
    url = f"http://{host}:{server.server_address[1]}{prefix}/"
    if siteurl:
        what = (f"the production build of {siteurl}/ from {output}, under {prefix or '/'} as on GitHub Pages "
                f"(its links are pointed at this server)")
    else:
        what = f"the development build in {output}"
    return server, url, what


def serve_output(root: Path, bind: str = "127.0.0.1", port: int = 8000) -> None:
    server, url, what = make_server(root, bind, port)
    with server:
        print(f"Serving {what}.\nOpen {url}  (Ctrl-C to stop)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
