"""The cache of rendered Markdown: source bytes -> HTML, never stale, never trusted blindly.

An entry's key is the SHA-256 of a *generation key* and the file's exact bytes. The generation key
covers everything the HTML of a body can depend on: the MARKDOWN settings, the code of every local
plugin (this reader, and any Markdown extension kept under PLUGIN_PATHS), the Python version and
every installed distribution's version (Markdown, Pygments and any installed Markdown extension). The cache holds only the HTML of the body;
metadata, links, summaries, templates and the skill map are computed afresh by every build, so a
change to a template, a setting or the taxonomy cannot be served stale. Entries are kept in pack
files (``MarkdownCache``), each with the SHA-256 of its payload: a truncated or edited entry is
detected, rendered again and dropped. Because an entry is a pure function of its key, production
builds use the cache too (bodies.markdown_cache_folder); a settings value the key cannot describe
(an object that is neither plain data, a function nor a Markdown extension) makes a key of its own
for every build, so nothing cached is used.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import re
import secrets
import shutil
import sys
import time
from pathlib import Path
from typing import NamedTuple

from markdown.extensions import Extension

FORMAT = "foothold-markdown-cache-1"


class _Unkeyable(Exception):
    """A settings value whose effect on the HTML the generation key cannot describe."""


def _stable(value):
    """A JSON-able form of a settings value that changes whenever the value's effect can.

    A function (a slugify of the author's in pelican.conf) by its name and its compiled code, a
    Markdown extension instance by its class and configuration, a class by its name (its code is in
    a plugin or an installed package, both in the key); anything else raises _Unkeyable.
    """
    if isinstance(value, dict):
        return {str(k): _stable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_stable(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    name = getattr(value, "__qualname__", None) or type(value).__qualname__
    module = getattr(value, "__module__", None) or type(value).__module__
    code = getattr(value, "__code__", None)
    if code is not None:
        defaults = _stable(list(getattr(value, "__defaults__", None) or ()))
        return f"<{module}.{name} {hashlib.sha256(marshal.dumps(code)).hexdigest()} {defaults}>"
    if isinstance(value, type):
        return f"<{module}.{name}>"
    if isinstance(value, Extension):
        return {"extension": f"<{module}.{name}>", "config": _stable(value.getConfigs())}
    raise _Unkeyable(f"{module}.{name}")


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
    """What every entry's HTML depends on besides the source. A Markdown setting holding a value it
    cannot describe gets a key never seen before: nothing cached is used (and no page reused)."""
    try:
        markdown = _stable(markdown_settings)
    except _Unkeyable as exc:
        markdown = f"unkeyable {exc} {secrets.token_hex(16)}"
    data = {
        "format": FORMAT,
        "markdown": markdown,
        "python": sys.version,
        "distributions": _distributions(),
        "code": _code_digest(plugin_paths),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


# A build that renders many bodies writes them as one pack, not one file each: creating a file costs
# 0.5-1 ms of system time here, a whole second of a 1,000-post build's reading. Packs are merged into
# one when there are this many, keeping only the entries the merging build used.
MAX_PACKS = 12
PACK_MAGIC = b"foothold-markdown-pack-1\n"
_HEADER = re.compile(rb"([0-9a-f]{64}) ([0-9a-f]{64}) ([0-9]{1,10})\n")


class _Entry(NamedTuple):
    pack: int  # index into MarkdownCache._packs
    offset: int
    length: int
    checksum: bytes


class MarkdownCache:
    """Body HTML by source bytes, in ``folder/<generation key>/``; other generations are pruned.

    Entries live in pack files: ``PACK_MAGIC``, then for each entry a header line ``<key> <SHA-256
    of the payload> <length>`` and the payload (UTF-8 HTML) followed by a newline. New entries are
    kept in memory and written as one new pack by ``flush`` (temporary file + rename, so a killed
    build leaves no half pack). An entry whose payload does not match its checksum is reported,
    rendered again, and dropped when the packs are next merged; a pack whose headers stop making
    sense is read up to that point.
    """

    def __init__(self, folder: str | os.PathLike, generation: str):
        self.root = Path(folder)
        self.folder = self.root / generation[:24]
        self.generation = generation
        self.hits = 0
        self.misses = 0
        self.corrupt: list[str] = []
        self._index: dict[str, _Entry] | None = None
        self._packs: list[tuple[Path, int]] = []  # (path, open file descriptor)
        self._damaged = False
        self._new: dict[str, bytes] = {}
        self._used: set[str] = set()

    def key(self, raw: bytes) -> str:
        return hashlib.sha256(self.generation.encode() + b"\0" + raw).hexdigest()

    def _load(self) -> dict[str, _Entry]:
        if self._index is not None:
            return self._index
        self._index = {}
        try:
            paths = sorted(self.folder.glob("pack-*.bin"))
        except OSError:
            paths = []
        for path in paths:
            try:
                fd = os.open(path, os.O_RDONLY)
            except OSError:
                continue
            number = len(self._packs)
            self._packs.append((path, fd))
            # Open packs stay readable while another build merges and deletes them.
            data = os.pread(fd, os.fstat(fd).st_size, 0)
            if not data.startswith(PACK_MAGIC):
                self._damage(f"{path.name} (not a pack)")
                continue
            position = len(PACK_MAGIC)
            while position < len(data):
                match = _HEADER.match(data, position)
                end = match.end() + int(match.group(3)) if match else -1
                if match is None or data[end:end + 1] != b"\n":
                    self._damage(f"{path.name} (damaged after byte {position})")  # the rest is unreadable
                    break
                key = match.group(1).decode()
                self._index[key] = _Entry(number, match.end(), int(match.group(3)), match.group(2))
                position = end + 1
        return self._index

    def _damage(self, what: str) -> None:
        self.corrupt.append(what)
        self._damaged = True

    def has(self, key: str) -> bool:
        return key in self._new or key in self._load()

    def get(self, key: str, source: str = "") -> str | None:
        if key in self._new:
            self.hits += 1
            return self._new[key].decode("utf-8")
        entry = self._load().get(key)
        if entry is None:
            self.misses += 1
            return None
        try:
            payload = os.pread(self._packs[entry.pack][1], entry.length, entry.offset)
            if len(payload) != entry.length or hashlib.sha256(payload).hexdigest().encode() != entry.checksum:
                raise ValueError("checksum mismatch")
            html = payload.decode("utf-8")
        except (OSError, ValueError, UnicodeDecodeError):
            self._damage(source or key)
            self.misses += 1
            del self._index[key]
            return None
        self.hits += 1
        self._used.add(key)
        return html

    def put(self, key: str, html: str) -> None:
        """Kept in memory until ``flush``."""
        self._new[key] = html.encode("utf-8")

    def flush(self) -> None:
        """Write this build's new entries as one pack; merge the packs when there are many or one is
        damaged. A cache that cannot be written only costs time: errors are ignored."""
        if self._index is None and not self._new:
            return  # flushed already (the end of reading, then the end of the build), or never read
        self._load()
        merge = self._damaged or len(self._packs) + 1 > MAX_PACKS
        if not self._new and not merge:
            self.close()
            return
        try:
            self._prune_other_generations()
            self.folder.mkdir(parents=True, exist_ok=True)
            entries = dict(self._new)
            if merge:
                for key in self._used:
                    if key not in entries and key in self._index:
                        entry = self._index[key]
                        entries[key] = os.pread(self._packs[entry.pack][1], entry.length, entry.offset)
            self._write_pack(entries)
            if merge:
                for path, _fd in self._packs:
                    path.unlink(missing_ok=True)
                self._damaged = False
        except OSError:
            pass
        finally:
            self._new = {}
            self.close()

    def _write_pack(self, entries: dict[str, bytes]) -> None:
        parts = [PACK_MAGIC]
        for key, payload in entries.items():
            parts.append(f"{key} {hashlib.sha256(payload).hexdigest()} {len(payload)}\n".encode())
            parts.append(payload)
            parts.append(b"\n")
        name = f"pack-{time.time_ns():020d}-{os.getpid()}-{secrets.token_hex(4)}"
        temporary = self.folder / f".{name}.tmp"
        temporary.write_bytes(b"".join(parts))
        os.replace(temporary, self.folder / f"{name}.bin")

    def close(self) -> None:
        for _path, fd in self._packs:
            try:
                os.close(fd)
            except OSError:
                pass
        self._packs = []
        self._index = None

    def _prune_other_generations(self) -> None:
        if not self.root.is_dir():
            return
        for entry in self.root.iterdir():
            if entry.is_dir() and entry.name != self.folder.name:
                shutil.rmtree(entry, ignore_errors=True)
