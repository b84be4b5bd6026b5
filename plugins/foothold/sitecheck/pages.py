"""One parse per built HTML page: the ids it defines and every URL it refers to.

lxml's HTML parser is used because it is the fastest well-kept parser that keeps source lines;
the checkers only read these summaries, so a page is parsed once however many checks run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .css import css_refs


@dataclass(frozen=True)
class Ref:
    line: int | None
    element: str  # e.g. "a href", "img srcset", "style url()"
    url: str
    fetched: bool  # True when a browser requests it while loading the page


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    refs: list[Ref] = field(default_factory=list)


# (tag, attribute) pairs a browser fetches while loading the page. <link> is decided by its rel.
_FETCHED = {
    ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
    ("script", "src"), ("iframe", "src"), ("frame", "src"), ("embed", "src"),
    ("object", "data"), ("video", "src"), ("video", "poster"), ("audio", "src"),
    ("track", "src"), ("input", "src"), ("image", "href"),
}
# Followed only when the reader acts: links the author wrote may point anywhere.
_NAVIGATION = {("a", "href"), ("area", "href"), ("form", "action")}
# <link> relations that never make the browser request anything on load.
_LINK_RELS_NOT_FETCHED = {
    "canonical", "alternate", "me", "author", "license", "help", "next", "prev", "previous",
    "search", "bookmark", "external", "nofollow", "noopener", "noreferrer", "tag",
    "webmention", "pingback", "shortlink", "edit", "index", "first", "last", "up",
}
# Open Graph and similar meta tags whose content is a URL that must resolve.
_META_URLS = {"og:image", "og:url", "twitter:image", "og:image:url", "og:image:secure_url"}


def _srcset_urls(value: str) -> list[str]:
    # Candidates are "url descriptor" separated by commas; site URLs never contain a comma
    # followed by a space, so this simpler split is exact for what Foothold writes.
    urls = []
    for candidate in value.split(","):
        candidate = candidate.strip()
        if candidate:
            urls.append(candidate.split()[0])
    return urls


def _link_fetched(element) -> bool:
    rels = set((element.get("rel") or "").lower().split())
    return not rels or bool(rels - _LINK_RELS_NOT_FETCHED)


def parse_page(path: Path) -> Page:
    page = Page()
    data = path.read_bytes()
    if not data.strip():
        return page
    parser = etree.HTMLParser(encoding="utf-8", recover=True, huge_tree=True)
    root = etree.fromstring(data, parser)
    if root is None:
        return page
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue  # comments, processing instructions
        tag = tag.lower()
        line = element.sourceline
        for attr in ("id", "name") if tag == "a" else ("id",):
            value = element.get(attr)
            if value:
                page.ids.add(value)
        for attr, value in element.attrib.items():
            attr = attr.lower()
            key = (tag, attr)
            if attr == "style":
                for url in css_refs(value):
                    page.refs.append(Ref(line, f"{tag} style url()", url, True))
            elif key in _NAVIGATION:
                page.refs.append(Ref(line, f"{tag} {attr}", value, False))
            elif tag == "link" and attr == "href":
                page.refs.append(Ref(line, "link href", value, _link_fetched(element)))
            elif key in _FETCHED:
                urls = _srcset_urls(value) if attr == "srcset" else [value]
                page.refs.extend(Ref(line, f"{tag} {attr}", url, True) for url in urls)
        if tag == "meta" and (element.get("property") or element.get("name")) in _META_URLS:
            content = element.get("content")
            if content:
                page.refs.append(Ref(line, "meta content", content, False))
        if tag == "style" and element.text:
            for url in css_refs(element.text):
                page.refs.append(Ref(line, "style url()", url, True))
    return page
