"""A built site folder as the checkers see it: its files, and each page parsed once."""

from __future__ import annotations

import os
from pathlib import Path

from .pages import Page, parse_page
from .urls import SiteUrl


class Site:
    def __init__(self, site_dir: Path, siteurl: str):
        self.dir = Path(site_dir)
        self.url = SiteUrl(siteurl)
        self._files: list[str] | None = None
        self._file_set: set[str] = set()
        self._pages: dict[str, Page] = {}

    def files(self) -> list[str]:
        """Every file, as a POSIX path relative to the site folder, symlinks included unfollowed."""
        if self._files is None:
            found = []
            for dirpath, dirnames, filenames in os.walk(self.dir):
                rel_dir = Path(dirpath).relative_to(self.dir).as_posix()
                prefix = "" if rel_dir == "." else rel_dir + "/"
                # os.walk lists a symlink to a folder under dirnames and does not enter it;
                # it is still a file of the site for the leak check.
                found.extend(prefix + d for d in dirnames if os.path.islink(os.path.join(dirpath, d)))
                found.extend(prefix + name for name in filenames)
                dirnames.sort()
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

    def page(self, rel: str) -> Page:
        page = self._pages.get(rel)
        if page is None:
            page = self._pages[rel] = parse_page(self.dir / rel)
        return page
