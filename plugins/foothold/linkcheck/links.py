"""Internal links, images and #anchors that do not resolve, and leftover Pelican placeholders."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..problems import Problem
from .site import Site
from .urls import External

# Pelican's intra-site link syntax ({filename}, {static}, ... and the old |filename|) is replaced
# at build time; one still present in a URL means the target was not found.
_PLACEHOLDER = re.compile(r"[{|](filename|static|attach|category|tag|author|index)[}|]")
_IMAGE_ELEMENTS = ("img ", "source ", "video poster", "input src", "image href", "meta content")

_HINT_LINK = (
    "link to your own pages with {filename}posts/the-post.md (Markdown) or {{ SITEURL }}/... "
    "(templates) so the URL is written for you, or correct the path"
)
_HINT_ANCHOR = (
    "heading ids come from the heading text (lower-case, spaces as -); check the spelling "
    "or give the element that id"
)


def _placeholder_problem(rel, ref_line, element, url):
    match = _PLACEHOLDER.search(url)
    if not match:
        return None
    return Problem(
        rel, ref_line,
        f'leftover {{{match.group(1)}}} placeholder in {element} "{url}": Pelican found no such file',
        "the path after {" + match.group(1) + "} is relative to content/ (or to the page); "
        "check the file exists and its name is spelled exactly",
    )


_UNRESOLVED = object()


def check_ref(site: Site, rel: str, line, element: str, url: str, target=_UNRESOLVED) -> Problem | None:
    """The problem with one internal URL written in the file ``rel``, or None.

    ``target``: what ``url`` resolves to, if the caller has it already (``Site.refs``).
    """
    problem = _placeholder_problem(rel, line, element, url)
    if problem:
        return problem
    if target is _UNRESOLVED:
        target = site.url.resolve(url, rel)
    if target is None or isinstance(target, External):
        return None
    if target.outside_base:
        if urlsplit(url).scheme:
            # An absolute URL to another path of the same host is another site there (on
            # GitHub Pages every project site of a user shares user.github.io): the author's link.
            return None
        return Problem(
            rel, line,
            f'{element} "{url}" points outside the site\'s base path {site.url.base}/',
            f"the site is served under {site.url.base}/; a URL starting with / skips it. "
            "Use {filename} links in Markdown and {{ SITEURL }}/ in templates",
        )
    found, anchored = _lookup(site, target.rel, target.fragment)
    if found is None:
        what = "missing image" if element.startswith(_IMAGE_ELEMENTS) else "broken link"
        shown = "/" + target.rel
        return Problem(rel, line, f'{what}: {element} "{url}" -> {shown} does not exist', _HINT_LINK)
    if not anchored:
        return Problem(
            rel, line,
            f'broken anchor: {element} "{url}" -> no id="{target.fragment}" in {found}',
            _HINT_ANCHOR,
        )
    return None


def _lookup(site: Site, rel: str, fragment: str) -> tuple[str | None, bool]:
    """(the file served for ``rel`` or None, whether ``fragment`` names an element of it)."""
    found = site.served_file(rel)
    if found is None:
        return None, False
    if fragment and found.endswith((".html", ".htm")) and fragment.lower() != "top":
        return found, fragment in site.page(found).ids
    return found, True


def find_broken_links(site: Site, trust=None) -> list[Problem]:
    """``trust(rel, summary)``: whether a page known by its LinkSummary still passes; by default,
    whether every file and anchor it needs is still there."""
    # Pages linked unchanged from the previous build passed this check there; each is checked in
    # full again only if a file or an anchor it points to has gone.
    # Most pages need the same few targets (navigation, tags): each is looked up once.
    there: dict[tuple[str, str], bool] = {}

    def still_there(need) -> bool:
        found = there.get(need)
        if found is None:
            found = there[need] = _lookup(site, *need)[1]
        return found

    def targets_still_there(_rel, summary) -> bool:
        return all(map(still_there, summary.needs))

    problems = []
    for rel, ref, target in site.refs(trust=trust or targets_still_there):
        problem = check_ref(site, rel, ref.line, ref.element, ref.url, target)
        if problem:
            problems.append(problem)
    return problems
