"""Content URLs worked out once per page-rendering process instead of on every use.

Pelican's ``Content.url`` formats the URL setting from a copy of the metadata each time it is read
(about 0.1 ms), and a listing page reads it for every post it shows: 1,000 posts in the archives,
each post again on its tags, category and related posts. While pages render, nothing a URL is made
from changes (metadata and settings are final once the generators have run), so each object's URL
is kept for the rest of the rendering. Installed only around page rendering, like
page_reuse.BodyReads; the cache is not kept on the objects, so their digests are not affected.
"""

from __future__ import annotations

from pelican.contents import Content


class ContentUrlMemo:
    def __init__(self):
        self._saved: property | None = None
        self._urls: dict[int, str] = {}

    def install(self) -> None:
        self._saved = Content.__dict__["url"]
        urls, getter = self._urls, self._saved.fget

        def url(instance):
            key = id(instance)  # content objects live for the whole build: ids stay unique
            try:
                return urls[key]
            except KeyError:
                value = urls[key] = getter(instance)
                return value

        Content.url = property(url, self._saved.fset, self._saved.fdel, self._saved.__doc__)

    def uninstall(self) -> None:
        if self._saved is not None:
            Content.url = self._saved
            self._saved = None
        self._urls.clear()
