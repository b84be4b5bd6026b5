"""Serve the built site on localhost, with pretty URLs working as they do on GitHub Pages."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path

from .config import load_settings


class _Handler(http.server.SimpleHTTPRequestHandler):
    def send_error(self, code, message=None, explain=None):
        # Show the site's own 404 page, as GitHub Pages does.
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


def serve_output(root: Path, bind: str = "127.0.0.1", port: int = 8000) -> None:
    output = Path(load_settings(root)["OUTPUT_PATH"])
    if not (output / "index.html").is_file():
        raise SystemExit(f"{output} has no site yet: run `invoke build` first")
    handler = functools.partial(_Handler, directory=str(output))
    with http.server.ThreadingHTTPServer((bind, port), handler) as server:
        print(f"Serving {output} at http://{bind}:{port}/ (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
