"""The page types of a built Foothold site, found in the output rather than hard-coded, so the
theme tests keep working when the sample content's titles (and so its slugs) change."""

from __future__ import annotations

from pathlib import Path

from sitecheck.lighthouse import page_types  # noqa: E402,F401 - shared with invoke check


def url_of(rel: str) -> str:
    """The pretty URL path of an output file: ``posts/x/index.html`` -> ``posts/x/``."""
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel
