"""Which pages the search index covers, and how they are split into shards.

Pagefind's time and memory grow with the pages of one index (about 0.25 MB of memory per page:
1.2 GB for 5,000 posts), and it cannot update an index in place. So the indexed pages are split
into shards of a few hundred pages by a hash of their path, each shard is indexed by
its own Pagefind run, and the search page merges them in the browser (Pagefind's ``mergeIndex``).
A development rebuild then re-indexes only the shards whose pages changed, and no run ever holds
more than one shard in memory. SEARCH_INDEX['pages_per_shard'] sets the size (default 250;
development builds at most 'development_pages_per_shard', default 50).

``shards.json`` in the search folder lists the shard folders for the search page, and the number
of shards the pages were split into, which a later build needs to tell which shards it can reuse.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from foothold.linkcheck.site import site_entries

MANIFEST = "shards.json"
# Pagefind indexes only pages marked by the theme once any page is marked; a shard without a marked
# page would be indexed whole, so only marked pages are handed to it at all.
MARKER = b"data-pagefind-body"


@dataclass
class Shard:
    name: str  # its folder under the search folder
    pages: list[str]  # POSIX paths of its pages, relative to the site


def is_indexed(path) -> bool:
    """Whether Pagefind indexes the file at ``path``: an .html page (its default glob) the theme marked."""
    if not str(path).endswith(".html"):
        return False
    try:
        with open(path, "rb") as handle:
            return MARKER in handle.read()
    except OSError:
        return False


def _html_files(site: Path, search_subdir: str) -> dict[str, os.DirEntry]:
    """{page: its directory entry} for the .html files under ``site`` (Pagefind's default glob),
    outside the search folder; pages are POSIX paths relative to the site."""
    return {rel: entry for rel, entry in site_entries(str(site), {search_subdir})
            if entry.name.endswith(".html") and entry.is_file()}


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def indexed_pages(site: Path, search_subdir: str) -> list[str]:
    """The pages Pagefind would index: .html files (its default glob) the theme marked."""
    return sorted(rel for rel, entry in _html_files(site, search_subdir).items() if MARKER in _read(entry.path))


@dataclass
class Inventory:
    pages: list[str]  # indexed pages of the new output
    previous: list[str]  # indexed pages of the previous output
    changed: set[str]  # pages of the new output whose bytes differ from the previous output's


def compare_outputs(site: Path, previous: Path, search_subdir: str) -> Inventory:
    """The indexed pages of ``site`` and of the ``previous`` output, and which pages changed.

    A development build links its unchanged pages from the previous output, so most pages are the
    same file in both (same inode): those are read once, for the marker, and not compared. The
    others are read in both and compared byte for byte.
    """
    new, old = _html_files(site, search_subdir), _html_files(previous, search_subdir)
    pages, before, changed = [], [], set()
    for rel, entry in new.items():
        data = _read(entry.path)
        marked = MARKER in data
        if marked:
            pages.append(rel)
        was = old.pop(rel, None)
        if was is None:
            changed.add(rel)
            continue
        # The inode number first (free from the directory listing), then device and inode.
        if was.inode() == entry.inode() and os.path.samestat(was.stat(), entry.stat()):
            if marked:
                before.append(rel)
            continue
        old_data = _read(was.path)
        if MARKER in old_data:
            before.append(rel)
        if old_data != data:
            changed.add(rel)
    before.extend(rel for rel, entry in old.items() if MARKER in _read(entry.path))
    return Inventory(sorted(pages), sorted(before), changed)


def shard_count(pages: int, pages_per_shard: int) -> int:
    return max(1, math.ceil(pages / pages_per_shard))


def plan(pages: list[str], count: int) -> list[Shard]:
    """The non-empty shards of ``pages`` split ``count`` ways; a page's shard depends on its path only."""
    buckets: list[list[str]] = [[] for _ in range(count)]
    for page in pages:
        buckets[int(hashlib.sha1(page.encode("utf-8")).hexdigest()[:8], 16) % count].append(page)
    return [Shard(str(number), bucket) for number, bucket in enumerate(buckets) if bucket]


def write_manifest(folder: Path, count: int, shards: list[Shard]) -> None:
    text = json.dumps({"count": count, "shards": [shard.name for shard in shards]}, separators=(",", ":"))
    (folder / MANIFEST).write_text(text + "\n", encoding="utf-8")


def read_manifest(folder: Path) -> dict | None:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("count"), int) or not isinstance(data.get("shards"), list):
        return None
    return data


def written_by(index: Path, version: str) -> bool:
    """True when ``index`` is a complete shard written by this Pagefind version."""
    try:
        entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return entry.get("version") == version and (index / "pagefind.js").is_file()


def link_or_copy(source, target) -> None:
    """A hard link where the file system allows (the folders of one build are siblings), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def link_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, copy_function=link_or_copy)
