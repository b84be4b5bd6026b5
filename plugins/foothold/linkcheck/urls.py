"""Where a URL written in a built page points: inside this site (which file), or elsewhere.

The same resolution serves the link checker, the feed and sitemap checks and the off-site check,
so "internal" means one thing everywhere: same host as SITEURL and under its base path
(``https://user.github.io/repo`` -> ``/repo``), or any relative URL.
"""

from __future__ import annotations

import posixpath
from typing import NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

# Dev builds have no SITEURL; pages are resolved against a placeholder origin that no real link
# can name (the .invalid TLD is reserved for exactly this).
_DEV_ORIGIN = "http://foothold.invalid"
_IGNORED_SCHEMES = {"mailto", "tel", "data", "javascript", "sms", "geo", "about", "blob"}


class Target(NamedTuple):
    """An internal URL: ``rel`` is the file it names relative to the site folder ('' = root).

    Named tuples (like pages.Ref): kept with each page between development builds.
    """

    rel: str
    fragment: str
    outside_base: bool = False


class External(NamedTuple):
    host: str


_URL_DROPS = frozenset("\t\r\n")  # what urlsplit removes from anywhere in a URL
_UNKNOWN = object()  # resolve_all: not looked up yet (None is a result: mailto:, data: ...)


def _memo_key(ref: str, page_rel: str) -> tuple:
    """What resolving ``ref`` written in ``page_rel`` depends on, as a memo key.

    A fragment- or query-only URL names the page itself; an absolute one (scheme, //host or /path)
    does not depend on the page; ``../../x`` written two folders down is ``x`` written at the
    ancestor: that is what lets one result serve every post of a site whose links look alike.
    ``..`` beyond the top folder stays in the key (it may climb out of SITEURL's base path).
    """
    if ref[0] in "#?":
        return ("page", ref, page_rel)
    if ref[0] == "/" and not ref.startswith("//"):
        return ("absolute", ref)
    if ref.startswith("//") or ":" in ref.split("/", 1)[0]:
        # A host makes it absolute, and so does a scheme that is never followed (mailto:, which
        # resolves to None); without either ("//", "http:x") urljoin reads it relative to the page.
        parts = urlsplit(ref)
        if parts.netloc or parts.scheme.lower() in _IGNORED_SCHEMES:
            return ("absolute", ref)
        return ("page", ref, page_rel)
    folder = posixpath.dirname(page_rel)
    while ref.startswith("../") and folder:
        ref = ref[3:]
        folder = posixpath.dirname(folder)
    return ("relative", ref, folder)


class SiteUrl:
    """SITEURL split into what resolution needs."""

    def __init__(self, siteurl: str):
        siteurl = (siteurl or "").strip().rstrip("/")
        parts = urlsplit(siteurl)
        if parts.scheme and parts.netloc:
            self.origin = f"{parts.scheme}://{parts.netloc}"
            self.host = parts.hostname or ""
            self.base = parts.path.rstrip("/")
        else:
            # A dev build (empty SITEURL) or a path-only SITEURL such as "/repo".
            self.origin = _DEV_ORIGIN
            self.host = ""
            self.base = parts.path.rstrip("/") if siteurl.startswith("/") else ""
        self.absolute = bool(self.host)
        # Everything resolution depends on: resolved refs kept with a page are valid under this key.
        self.key = (self.origin, self.base)
        self._own_host = self.host.lower() if self.absolute else urlsplit(_DEV_ORIGIN).hostname
        # A site repeats the same links on every page (navigation, tags, feeds), and resolving is
        # pure string work: memoised per (URL, folder of the page), which is all it depends on.
        self._resolved: dict[tuple, Target | External | None] = {}
        # resolve_all's first looks, by the URL as written: URLs that name the same thing from every
        # page (absolute ones), and (place, URL) for the rest but "#x" and "?q" (see resolve_all).
        self._anywhere: dict[str, Target | External | None] = {}
        self._placed: dict[tuple, Target | External | None] = {}

    def page_url(self, rel: str) -> str:
        """The URL a file of the site is served at (``rel`` relative to the site folder)."""
        return f"{self.origin}{self.base}/{rel}"

    def resolve(self, ref: str, page_rel: str) -> Target | External | None:
        """Resolve ``ref`` written in the file ``page_rel``; None for mailto:, data: and the like."""
        ref = ref.strip()
        if not ref:
            return Target(page_rel, "")
        return self._memoised(ref, _memo_key(ref, page_rel), page_rel)

    def resolve_all(self, refs, page_rel: str) -> list:
        """``[self.resolve(ref, page_rel) for ref in refs]``: the URLs of one page.

        Each distinct URL as written is resolved once per place it is written from, and only the
        first time is its memo key worked out (``_memo_key``, which cost more than the lookup): a
        site writes the same navigation, tag and feed links on every page. The place is the page's
        folder, or only how deep it is for a URL that climbs to the top folder first (``../../x``
        in any ``posts/<slug>/index.html``), and nothing for an absolute URL.
        """
        folder = posixpath.dirname(page_rel)
        depth = folder.count("/") + 1 if folder else 0
        climb = "../" * depth
        anywhere, placed = self._anywhere, self._placed
        here = None  # the page itself, for its "#x" links
        targets = []
        for ref in refs:
            target = anywhere.get(ref, _UNKNOWN)
            if target is _UNKNOWN:
                place = depth if ref.startswith(climb) else folder  # an int and a str: never equal
                target = placed.get((place, ref), _UNKNOWN)
                if target is _UNKNOWN:
                    stripped = ref.strip()
                    if not stripped:
                        target = Target(page_rel, "")
                    elif stripped[0] == "#" and not _URL_DROPS.intersection(stripped) and \
                            isinstance(here := here or self.resolve("#", page_rel), Target):
                        # A fragment names an element of the page: _resolve would join it to the
                        # page's URL and split it off again (urlsplit drops only tabs and line breaks).
                        target = Target(here.rel, unquote(stripped[1:]), here.outside_base)
                    else:
                        key = _memo_key(stripped, page_rel)
                        target = self._memoised(stripped, key, page_rel)
                        if key[0] == "absolute":
                            anywhere[ref] = target
                        elif key[0] == "relative":  # not "page": "#x" and "?q" name the page itself
                            placed[place, ref] = target
            targets.append(target)
        return targets

    def _memoised(self, ref: str, key: tuple, page_rel: str) -> Target | External | None:
        try:
            return self._resolved[key]
        except KeyError:
            target = self._resolved[key] = self._resolve(ref, page_rel)
            return target

    def _resolve(self, ref: str, page_rel: str) -> Target | External | None:
        scheme = urlsplit(ref).scheme.lower()
        if scheme in _IGNORED_SCHEMES:
            return None
        absolute = urlsplit(urljoin(self.page_url(page_rel), ref))
        if absolute.scheme not in ("http", "https"):
            return None
        host = (absolute.hostname or "").lower()
        if host != self._own_host:
            return External(host)
        path = unquote(absolute.path)
        fragment = unquote(absolute.fragment)
        if self.base and not (path == self.base or path.startswith(self.base + "/")):
            return Target(path.lstrip("/"), fragment, outside_base=True)
        rel = path[len(self.base):].lstrip("/")
        # Keep a trailing slash: it is what says "the index.html of this folder".
        normal = posixpath.normpath(rel) if rel else ""
        if normal in (".", ""):
            normal = ""
        elif rel.endswith("/"):
            normal += "/"
        return Target(normal, fragment)

