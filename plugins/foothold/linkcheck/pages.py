"""One parse per built HTML page: the ids it defines and every URL it refers to.

lxml's HTML parser is used because it is the fastest well-kept parser that keeps source lines;
the checkers only read these summaries, so a page is parsed once however many checks run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from .css import css_refs


class Ref(NamedTuple):
    # A named tuple, not a dataclass: development builds keep every page's refs between builds and
    # workers send them to the main process, and tuples pickle several times faster.
    line: int | None
    element: str  # e.g. "a href", "img srcset", "style url()"
    url: str
    fetched: bool  # True when a browser requests it while loading the page


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    refs: list[Ref] = field(default_factory=list)
    # What each of ``refs`` resolves to (urls.SiteUrl.resolve), worked out where the page was
    # rendered, in parallel, and kept with the page for the next development build; valid only for
    # the SiteUrl whose ``key`` is ``targets_for`` and the page's own path.
    targets: list | None = None
    targets_for: tuple | None = None

    def resolve(self, site_url, rel: str) -> None:
        """Resolve every ref of this page, the file ``rel`` of the site, against ``site_url``."""
        self.targets = site_url.resolve_all([ref.url for ref in self.refs], rel)
        self.targets_for = (site_url.key, rel)

    def targets_under(self, site_url, rel: str) -> list | None:
        """The resolved refs if they were resolved for this SiteUrl and path, else None."""
        return self.targets if self.targets_for == (site_url.key, rel) else None

    def __reduce__(self):
        # Workers send every page to the build process. The refs go as plain tuples (named tuples
        # pickle about 4x slower); the targets as they are: most are the very objects SiteUrl
        # memoised (resolve_all), which pickle writes once and then refers to (1,057 pages: loading
        # took 0.14 CPU-s with a tuple per target made a Target again here, 0.06 so).
        return _page, (self.ids, [tuple(ref) for ref in self.refs], self.targets, self.targets_for)


class LinkSummary(NamedTuple):
    """What a page that passed the link check needs in order to still pass it, unchanged.

    A development build keeps this, not the page's refs, for every page it wrote. A page linked
    unchanged into the next build has the same bytes, path and SITEURL (page_reuse checks its
    inputs), so its URLs resolve to the same targets: only whether each target file and anchor still
    exists can change. If one does not, the page is parsed again and checked in full (links.py),
    so the problem is reported with its line and URL.
    """

    ids: frozenset
    needs: tuple  # ((target file relative to the site, fragment), ...) of its internal URLs
    targets_for: tuple  # Page.targets_for it was made under


def summarize(page: Page) -> LinkSummary | None:
    """The page's LinkSummary, once its refs have been resolved (Page.resolve); else None."""
    from .urls import Target

    if page.targets is None:
        return None
    needs = {(t.rel, t.fragment) for t in page.targets if isinstance(t, Target) and not t.outside_base}
    return LinkSummary(frozenset(page.ids), tuple(sorted(needs)), page.targets_for)


def _page(ids, refs, targets, targets_for) -> Page:
    return Page(ids, [Ref._make(ref) for ref in refs], targets, targets_for)


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


_URL_TAGS = tuple(sorted({tag for tag, _attr in _FETCHED | _NAVIGATION} | {"link", "meta", "style"}))
# One walk for both kinds of anchor, and the styled elements as the parents of style attributes:
# lxml finds attributes faster than it tests each element for one (//*[@style] took twice as long).
_IDS = etree.XPath("//@id | //a/@name", smart_strings=False)
_STYLED = etree.XPath("//@style/..")


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
    return parse_html(path.read_bytes())


def parse_html(data: bytes) -> Page:
    """The ids and URLs of one page, given as the bytes of the file."""
    page = Page()
    if not data.strip():
        return page
    parser = etree.HTMLParser(encoding="utf-8", recover=True, huge_tree=True)
    root = etree.fromstring(data, parser)
    if root is None:
        return page
    # Most elements of a page are highlighted code (spans with a class and nothing else): lxml
    # picks out the ids and the few elements that can refer to a URL without visiting each one.
    page.ids.update(_IDS(root))
    page.ids.discard("")
    for element in root.iter(*_URL_TAGS):
        tag = element.tag
        attrib = element.attrib
        line = element.sourceline
        for attr, value in attrib.items():
            attr = attr.lower()
            key = (tag, attr)
            if key in _NAVIGATION:
                page.refs.append(Ref(line, f"{tag} {attr}", value, False))
            elif tag == "link" and attr == "href":
                page.refs.append(Ref(line, "link href", value, _link_fetched(element)))
            elif key in _FETCHED:
                urls = _srcset_urls(value) if attr == "srcset" else [value]
                page.refs.extend(Ref(line, f"{tag} {attr}", url, True) for url in urls)
        if tag == "meta" and (attrib.get("property") or attrib.get("name")) in _META_URLS:
            content = attrib.get("content")
            if content:
                page.refs.append(Ref(line, "meta content", content, False))
        if tag == "style" and element.text:
            for url in css_refs(element.text):
                page.refs.append(Ref(line, "style url()", url, True))
    for element in _STYLED(root):
        for url in css_refs(element.get("style")):
            page.refs.append(Ref(element.sourceline, f"{element.tag} style url()", url, True))
    return page
