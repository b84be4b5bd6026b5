"""Work that rendering repeats, done once: content URLs, and compiling the theme's templates.

**URLs.** 
Pelican's ``Content.url`` formats the URL setting from a copy of the metadata each time it is read
(about 0.1 ms), and a listing page reads it for every post it shows: 1,000 posts in the archives,
each post again on its tags, category and related posts. While pages render, nothing a URL is made
from changes (metadata and settings are final once the generators have run), so each object's URL
is kept for the rest of the rendering. Installed only around page rendering, like
page_reuse.BodyReads; the cache is not kept on the objects, so their digests are not affected.

**Templates.** Each build process and each page worker compiled the theme's ~30 templates (about
0.15 s each time). Development builds keep Jinja's compiled templates next to the Markdown cache
(``jinja2.FileSystemBytecodeCache``, which checks each against its template's source); it is set on
each generator's environment, not in JINJA_ENVIRONMENT, so where the cache lives is no input of
any page (page_reuse digests the settings).
"""

from __future__ import annotations

from pathlib import Path

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


def keep_compiled_templates(generator) -> None:
    """generator_init receiver: development builds load compiled templates from the cache."""
    from content_model.bodies import cache_folder
    from jinja2 import FileSystemBytecodeCache

    env = getattr(generator, "env", None)
    folder = cache_folder(generator.settings)
    if env is None or folder is None or env.bytecode_cache is not None:
        return
    jinja = Path(folder).with_name(Path(folder).name + "-jinja")
    try:
        jinja.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # templates are compiled as before
    env.bytecode_cache = FileSystemBytecodeCache(str(jinja))
