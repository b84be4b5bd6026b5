"""The link check every build runs on its staging folder: internal links, images and #anchors.

The HTML page and link parsing (pages.py, urls.py, css.py), the view of a built folder (site.py)
and the check itself (links.py). The site checks behind `invoke check` (plugins/sitecheck/) use
them too; the build needs only this.
"""

from __future__ import annotations

from pathlib import Path

from ..problems import Problem
from .links import find_broken_links as _broken_links
from .site import Site

__all__ = ["find_broken_links"]


def find_broken_links(site_dir: Path, siteurl: str, skip: tuple[str, ...] = (),
                      parsed: dict | None = None, trust=None) -> list[Problem]:
    """Internal links, images and #anchors that do not resolve (under SITEURL's base path).

    ``skip``: folders of the site not to look at (relative paths), such as one still being written;
    ``parsed``: pages parsed when they were written (see ``Site``); ``trust``: see
    ``links.find_broken_links``.
    """
    return _broken_links(Site(site_dir, siteurl, skip, parsed), trust)
