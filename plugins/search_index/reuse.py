"""Reuse the previous development build's search index when Pagefind would write the same one.

Pagefind reads only the site's ``.html`` files, so when every one of them is byte-for-byte the file
of the previous output and the index there was written by this Pagefind version, indexing again
would give the same index: it is linked (or copied) from the previous output instead. Production
builds never reuse anything (see ``index_site``). A rebuild with no change, or one that only touched
non-HTML files, so skips Pagefind's few seconds; any page that differs means a fresh index.
"""

from __future__ import annotations

import json
import os
import shutil
from importlib import metadata
from pathlib import Path

# Set by foothold/build.py for development builds: the output folder the staging folder replaces.
PREVIOUS_OUTPUT_KEY = "FOOTHOLD_PREVIOUS_OUTPUT"


def _html_files(site: Path, skip: str) -> dict[str, int]:
    """{relative path: size} of the .html files Pagefind would read (its default glob)."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(site):
        rel_dir = os.path.relpath(dirpath, site)
        if rel_dir == ".":
            dirnames[:] = [d for d in dirnames if d != skip]
        for name in filenames:
            if name.endswith(".html"):
                path = os.path.join(dirpath, name)
                found[os.path.normpath(os.path.join(rel_dir, name))] = os.path.getsize(path)
    return found


def _same_bytes(first: Path, second: Path) -> bool:
    with open(first, "rb") as a, open(second, "rb") as b:
        return a.read() == b.read()


def reusable(site: Path, previous: Path, subdir: str) -> bool:
    """True when ``previous/subdir`` is the index Pagefind would now write for ``site``."""
    index = previous / subdir
    try:
        entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
        version = metadata.version("pagefind_bin")
    except (OSError, ValueError, metadata.PackageNotFoundError):
        return False
    if entry.get("version") != version or not (index / "pagefind.js").is_file():
        return False
    pages = _html_files(site, subdir)
    if pages != _html_files(previous, subdir):
        return False
    return all(_same_bytes(site / rel, previous / rel) for rel in pages)


def copy_index(previous: Path, site: Path, subdir: str) -> None:
    """Hard links where the file system allows them (the folders are siblings), copies elsewhere."""
    def link_or_copy(source, target):
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)

    shutil.copytree(previous / subdir, site / subdir, copy_function=link_or_copy)
