"""A built site folder as the checkers see it: its files, and each page parsed once."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from .css import css_refs_with_lines
from .pages import LinkSummary, Page, Ref, parse_page
from .urls import SiteUrl


class Site:
    def __init__(self, site_dir: Path, siteurl: str, skip: tuple[str, ...] = (), parsed: dict | None = None):
        """``skip``: folders (relative POSIX paths) left out, such as one still being written.

        ``parsed``: pages already parsed where they were rendered, ``{absolute path: (signature,
        Page)}`` with ``file_signature`` of the file as it was written; a file whose signature has
        changed since (something rewrote it) is parsed again.
        """
        self.dir = Path(site_dir)
        self._root = str(self.dir)
        self.skip = {s.strip("/") for s in skip}
        self._parsed = parsed or {}
        self.url = SiteUrl(siteurl)
        self._files: list[str] | None = None
        self._file_set: set[str] = set()
        self._pages: dict[str, Page] = {}

    def files(self) -> list[str]:
        """Every file, as a POSIX path relative to the site folder, symlinks included unfollowed."""
        if self._files is None:
            found = [rel for rel, _entry in site_entries(self._root, self.skip)]
            self._files = sorted(found)
            self._file_set = set(found)
        return self._files

    def served_file(self, rel: str) -> str | None:
        """The file a static host serves for the URL path ``rel``, or None if there is none.

        Like GitHub Pages and ``python -m http.server``: a folder URL serves its index.html.
        Looked up in the file list rather than on disk: one walk, then no system call per link.
        """
        self.files()
        if rel == ".." or rel.startswith("../"):
            return None
        candidate = rel + "index.html" if rel == "" or rel.endswith("/") else rel
        if candidate in self._file_set:
            return candidate
        if candidate + "/index.html" in self._file_set:
            return candidate + "/index.html"
        return None

    def html_files(self) -> list[str]:
        return [rel for rel in self.files() if rel.endswith((".html", ".htm"))]

    def refs(self, trust=None):
        """(file, Ref, target) for every URL the site's pages and stylesheets refer to, with what
        it resolves to (``SiteUrl.resolve``); CSS url()s are fetched.

        ``trust(file, summary)``: a page known only by a LinkSummary valid here is skipped when this
        says so; otherwise (or without ``trust``) it is parsed and its refs given like any other.
        """
        for rel in self.html_files():
            page = self.page(rel)
            if isinstance(page, LinkSummary):
                if trust is not None and page.targets_for == (self.url.key, rel) and trust(rel, page):
                    continue
                page = self.reparse(rel)
            targets = page.targets_under(self.url, rel)
            if targets is None:  # not resolved where it was rendered (or for another SITEURL)
                page.resolve(self.url, rel)
                targets = page.targets
            yield from zip(itertools.repeat(rel), page.refs, targets)
        for rel in self.files():
            if rel.endswith(".css") and (self.dir / rel).is_file():
                text = (self.dir / rel).read_text(encoding="utf-8", errors="replace")
                for line, url in css_refs_with_lines(text):
                    yield rel, Ref(line, "css url()", url, True), self.url.resolve(url, rel)

    def reparse(self, rel: str) -> Page:
        """Parse the file ``rel`` whatever was known about it (a LinkSummary holds no refs)."""
        page = self._pages[rel] = parse_page(self.dir / rel)
        return page

    def page(self, rel: str) -> Page | LinkSummary:
        """The page's Page, or the LinkSummary it was linked into this build with (both have ids)."""
        page = self._pages.get(rel)
        if page is None:
            path = os.path.join(self._root, rel)  # str, not Path: called for every page of the site
            known = self._parsed.get(path)
            if known is not None and known[0] == file_signature(path):
                page = known[1]
            else:
                page = parse_page(Path(path))
            self._pages[rel] = page
        return page


def site_entries(root: str, skip=frozenset()):
    """(POSIX path relative to ``root``, os.DirEntry) of everything under ``root`` but the folders
    it enters: files, and links to folders (not entered; still files for the leak check). Folders
    in ``skip`` (relative paths) are not entered; a folder that cannot be listed is left out, as
    os.walk does. os.scandir, not os.walk and pathlib: the entries' types come with the listing, so
    a site of 2,000 folders costs no system call per folder beyond listing it."""
    folders = [(root, "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            rel = prefix + entry.name
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir and not entry.is_symlink():
                if rel not in skip:
                    folders.append((entry.path, rel + "/"))
            else:
                yield rel, entry


def file_signature(path) -> tuple[int, int] | None:
    """(size, modification time in ns) of a file, or None if it is gone."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns
