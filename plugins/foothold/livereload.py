"""`invoke livereload`: build, serve, rebuild on change and reload the browser.

Each rebuild runs in a fresh Python process so that edits to plugins and pelican.conf take effect;
a failed rebuild prints its problems and keeps serving the last good output.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .config import load_settings

WATCHED = ("content", "theme", "plugins", "pelican.conf")


def rebuild(root: Path) -> bool:
    proc = subprocess.run(
        [sys.executable, "-m", "invoke", "build"], cwd=root, capture_output=True, text=True
    )
    stream = sys.stdout if proc.returncode == 0 else sys.stderr
    stream.write(proc.stdout + proc.stderr)
    stream.flush()
    return proc.returncode == 0


def run_livereload(root: Path, bind: str = "127.0.0.1", port: int = 8000) -> None:
    from livereload import Server

    settings = load_settings(root)
    rebuild(root)
    server = Server()
    for name in WATCHED:
        path = root / name
        if path.exists():
            # livereload walks a folder recursively when given the folder itself.
            server.watch(str(path), lambda: rebuild(root), delay=0.3)
    server.serve(root=settings["OUTPUT_PATH"], host=bind, port=port, open_url_delay=None)
