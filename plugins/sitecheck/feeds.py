"""Feeds (Atom/RSS) parse cleanly with feedparser and their links lead to pages of the site."""

from __future__ import annotations

import feedparser

from foothold.linkcheck.links import check_ref
from foothold.linkcheck.site import Site
from foothold.problems import Problem

_HINT = "feeds are written by Pelican from post metadata; check the titles and summaries named"


def is_feed(rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1].lower()
    return name.endswith((".atom", ".rss")) or (
        name.endswith(".xml") and not name.startswith("sitemap"))


def _line_of(exception) -> int | None:
    getter = getattr(exception, "getLineNumber", None)
    return getter() if callable(getter) else None


def check_feeds(site: Site) -> list[Problem]:
    problems = []
    for rel in site.files():
        if not is_feed(rel) or not (site.dir / rel).is_file():
            continue
        feed = feedparser.parse((site.dir / rel).read_bytes())
        if feed.bozo:
            error = feed.bozo_exception
            problems.append(Problem(rel, _line_of(error), f"malformed feed: {error}", _HINT))
            continue
        if not feed.version:
            problems.append(Problem(rel, None, "not an Atom or RSS feed (no feed root element)",
                                    _HINT))
            continue
        for number, entry in enumerate(feed.entries, start=1):
            link = entry.get("link")
            if not link:
                problems.append(Problem(rel, None, f"feed entry {number} has no link", _HINT))
                continue
            problem = check_ref(site, rel, None, f"feed entry {number} link", link)
            if problem:
                problems.append(problem)
    return problems
