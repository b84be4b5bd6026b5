"""Where a URL written in a built page points: inside this site (which file), or elsewhere.

The same resolution serves the link checker, the feed and sitemap checks and the off-site check,
so "internal" means one thing everywhere: same host as SITEURL and under its base path
(``https://user.github.io/repo`` -> ``/repo``), or any relative URL.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

# Dev builds have no SITEURL; pages are resolved against a placeholder origin that no real link
# can name (the .invalid TLD is reserved for exactly this).
_DEV_ORIGIN = "http://foothold.invalid"
_IGNORED_SCHEMES = {"mailto", "tel", "data", "javascript", "sms", "geo", "about", "blob"}


@dataclass(frozen=True)
class Target:
    """An internal URL: ``rel`` is the file it names relative to the site folder ('' = root)."""

    rel: str
    fragment: str
    outside_base: bool = False


@dataclass(frozen=True)
class External:
    host: str


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

    def page_url(self, rel: str) -> str:
        """The URL a file of the site is served at (``rel`` relative to the site folder)."""
        return f"{self.origin}{self.base}/{rel}"

    def resolve(self, ref: str, page_rel: str) -> Target | External | None:
        """Resolve ``ref`` written in the file ``page_rel``; None for mailto:, data: and the like."""
        ref = ref.strip()
        if not ref:
            return Target(page_rel, "")
        scheme = urlsplit(ref).scheme.lower()
        if scheme in _IGNORED_SCHEMES:
            return None
        absolute = urlsplit(urljoin(self.page_url(page_rel), ref))
        if absolute.scheme not in ("http", "https"):
            return None
        host = (absolute.hostname or "").lower()
        own_host = self.host.lower() if self.absolute else urlsplit(_DEV_ORIGIN).hostname
        if host != own_host:
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

