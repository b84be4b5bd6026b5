"""Production builds serve the theme's stylesheets and scripts minified.

A recruiter's first visit downloads the page, foothold.css, theme.js and (on posts with code)
pygments.css before anything else; the 30 KB budget (SPEC 7) counts all of it. The sources in
theme/static/ stay commented and readable, and development builds serve them as they are, so a
theme edit shows up as written. rcssmin and rjsmin (the minifiers webassets uses) keep
``/*! ... */`` comments and change nothing but whitespace and comments.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .state import build_state

MINIFIERS = {".css": "rcssmin:cssmin", ".js": "rjsmin:jsmin"}


def _minifier(suffix: str):
    module, name = MINIFIERS[suffix].split(":")
    return getattr(__import__(module), name)


def minify_file(path: Path) -> int:
    """Minify one file in place; returns the bytes saved. The new text is written to a new file
    and renamed over the old one: the output may hold a hard link to the theme's own file."""
    text = path.read_text(encoding="utf-8")
    small = _minifier(path.suffix)(text).strip() + "\n"
    if len(small) >= len(text):
        return 0
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".min-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(small)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return len(text) - len(small)


def minify_theme_assets(pelican) -> None:
    """``finalized`` receiver: minify the copied theme's .css and .js files (production only)."""
    settings = pelican.settings
    if not build_state(settings).production:
        return
    folder = Path(pelican.output_path) / settings.get("THEME_STATIC_DIR", "theme")
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.suffix in MINIFIERS and path.is_file() and not path.name.startswith(".min-"):
            minify_file(path)
