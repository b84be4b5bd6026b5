"""The development cache of rendered Markdown: source bytes -> HTML, never stale, never trusted blindly.

An entry's key is the SHA-256 of a *generation key* and the file's exact bytes. The generation key
covers everything the HTML of a body can depend on: the MARKDOWN settings, the code of every local
plugin (this reader, and any Markdown extension kept under PLUGIN_PATHS), the Python version and
every installed distribution's version (Markdown, Pygments and any installed Markdown extension). The cache holds only the HTML of the body;
metadata, links, summaries, templates and the skill map are computed afresh by every build, so a
change to a template, a setting or the taxonomy cannot be served stale. Each entry starts with the
SHA-256 of its payload: a truncated or edited entry is detected, deleted and rendered again.
Production builds never use the cache (reader.py decides).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

FORMAT = "foothold-markdown-cache-1"


def _stable(value):
    """A JSON-able form of a settings value (callables and classes by their qualified name)."""
    if isinstance(value, dict):
        return {str(k): _stable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_stable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    name = getattr(value, "__qualname__", None) or type(value).__qualname__
    module = getattr(value, "__module__", None) or type(value).__module__
    return f"<{module}.{name}>"


def _distributions() -> list[str]:
    """The installed distributions, by their metadata folder names (``name-version.dist-info``).

    The packaging spec puts the name and version in the folder's name, and pip replaces the folder
    when it upgrades a package, so the names alone say what is installed; reading every METADATA
    file through importlib.metadata cost 40 ms per build, and this a directory listing.
    """
    found = set()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:  # a zip file or a folder that does not exist
            continue
        found.update(name.lower() for name in names if name.endswith((".dist-info", ".egg-info")))
    return sorted(found)


def _code_digest(plugin_paths) -> str:
    """SHA-256 over the Python files of this plugin and of every folder in PLUGIN_PATHS."""
    folders = {Path(__file__).resolve().parent, *(Path(p).resolve() for p in plugin_paths or ())}
    code = hashlib.sha256()
    for folder in sorted(folders):
        for path in sorted(folder.rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            code.update(str(path.relative_to(folder)).encode() + b"\0")
            try:
                code.update(path.read_bytes())
            except OSError:
                code.update(b"-")
    return code.hexdigest()


def generation_key(markdown_settings: dict, plugin_paths=()) -> str:
    data = {
        "format": FORMAT,
        "markdown": _stable(markdown_settings),
        "python": sys.version,
        "distributions": _distributions(),
        "code": _code_digest(plugin_paths),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


class MarkdownCache:
    """Body HTML by source bytes, in ``folder/<generation key>/``; other generations are pruned."""

    def __init__(self, folder: str | os.PathLike, generation: str):
        self.root = Path(folder)
        self.folder = self.root / generation[:24]
        self.generation = generation
        self.hits = 0
        self.misses = 0
        self.corrupt: list[str] = []
        self._pruned = False

    def key(self, raw: bytes) -> str:
        return hashlib.sha256(self.generation.encode() + b"\0" + raw).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.html"

    def has(self, key: str) -> bool:
        return self._path(key).is_file()

    def get(self, key: str, source: str = "") -> str | None:
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        digest, _, payload = data.partition(b"\n")
        try:
            if hashlib.sha256(payload).hexdigest().encode() != digest:
                raise ValueError("checksum mismatch")
            html = payload.decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            self.corrupt.append(source or str(path))
            self.misses += 1
            path.unlink(missing_ok=True)
            return None
        self.hits += 1
        return html

    def put(self, key: str, html: str) -> None:
        """Write atomically (temp file + rename), so a killed build leaves no half entry."""
        self._prune_other_generations()
        path = self._path(key)
        payload = html.encode("utf-8")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time; the build itself is unaffected

    def _prune_other_generations(self) -> None:
        if self._pruned:
            return
        self._pruned = True
        if not self.root.is_dir():
            return
        for entry in self.root.iterdir():
            if entry.is_dir() and entry.name != self.folder.name:
                shutil.rmtree(entry, ignore_errors=True)
