"""Work that a build repeats, done once: slugs, content URLs, and compiling the theme's templates.

**Slugs.** Pelican slugifies each post's tags, category and author name when it reads the post,
and again to compare and hash them: about 5 slugs per post, 0.05 ms each (markup stripping,
Unicode normalisation, unidecode, regular expressions). ``slugify`` is a pure function of its
arguments, so its results are kept for the build (``SlugMemo``, installed at ``build_started``
and removed at ``build_finished`` by layer.py) in a bounded dict on the build's SpeedState.

**URLs.**
Pelican's ``Content.url`` and ``save_as`` format a URL setting from a copy of the metadata each
time they are read (about 0.1 ms). A build reads them again and again for every post: when the
pages are queued, on every listing page (1,000 posts in the archives, each post again on its tags,
category and related posts) and for the sitemap. Once the generators have run (Pelican asks for
its writer, ``get_writer``), nothing a URL is made from changes, so each object's URLs are kept
until the build ends (layer.py uninstalls the memo at ``build_finished``). The cache is not kept on the objects, so
their digests are not affected.

**Templates.** Each build process and each page worker compiled the theme's ~30 templates (about
0.15 s each time), and each generator's environment its own copy of base.html and the partials.
Development builds keep Jinja's compiled templates next to the Markdown cache
(``jinja2.FileSystemBytecodeCache``, which checks each against its template's source); other
builds keep them in memory for the build (``BuildTemplates``). Either is set on each generator's
environment, not in JINJA_ENVIRONMENT, so where the cache lives is no input of any page
(page_reuse digests the settings).
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import BytecodeCache, FileSystemBytecodeCache
from pelican import contents, urlwrappers, utils
from pelican.contents import Content

from .bodies import cache_folder
from .state import active

# Distinct slugs a build keeps: tags, categories, authors and titles without a slug.
SLUGS_KEPT = 65536


class SlugMemo:
    """Pelican's ``slugify`` as the modules that slugify content call it, with its results kept.

    ``install`` puts the memoised function in ``pelican.contents`` and ``pelican.urlwrappers``
    (they import ``slugify`` by name); ``uninstall`` puts Pelican's own back and forgets."""

    MODULES = (contents, urlwrappers)

    def __init__(self):
        self.slugs: dict[tuple, str] = {}
        self.saved: list[tuple[object, object]] = []

    def slugify(self, value, regex_subs=(), preserve_case=False, use_unicode=False):
        subs = list(regex_subs)  # read once: it may be an iterator
        try:
            key = (value, tuple(tuple(pair) for pair in subs), bool(preserve_case), bool(use_unicode))
            found = self.slugs.get(key)
        except TypeError:  # an unhashable value or substitution: slugified as Pelican would
            return utils.slugify(value, regex_subs=subs, preserve_case=preserve_case, use_unicode=use_unicode)
        if found is None:
            found = utils.slugify(value, regex_subs=subs, preserve_case=preserve_case, use_unicode=use_unicode)
            if len(self.slugs) < SLUGS_KEPT:
                self.slugs[key] = found
        return found

    def install(self) -> None:
        for module in self.MODULES:
            if module.slugify is utils.slugify:
                self.saved.append((module, module.slugify))
                module.slugify = self.slugify

    def uninstall(self) -> None:
        for module, original in reversed(self.saved):
            if module.slugify == self.slugify:
                module.slugify = original
        self.saved = []
        self.slugs.clear()


class ContentUrlMemo:
    """Memoises ``Content.get_url_setting`` (``url``, ``save_as`` and their language variants)."""

    def __init__(self):
        self._saved = None
        self._urls: dict[tuple[int, str], tuple[Content, str]] = {}

    def install(self) -> None:
        current = Content.__dict__["get_url_setting"]
        if getattr(current, "_memo", None) is not None:
            return  # in place already (get_writer sent more than once in one build)
        self._saved = current
        urls = self._urls

        def get_url_setting(instance, key):
            memo_key = (id(instance), key)
            try:
                return urls[memo_key][1]
            except KeyError:
                value = current(instance, key)
                # The object is kept with its URL so that its id is not reused while the memo lives.
                urls[memo_key] = (instance, value)
                return value

        get_url_setting._memo = self
        Content.get_url_setting = get_url_setting

    def uninstall(self) -> None:
        if self._saved is not None:
            Content.get_url_setting = self._saved
            self._saved = None
        self._urls.clear()


class BuildTemplates(BytecodeCache):
    """Compiled templates kept in memory for one build that keeps none on disk (production, or
    SPEED["cache"] off).

    Pelican gives each generator a Jinja environment of its own, and each compiled base.html and
    the partials again for its pages, in this process and once more in every page worker (about
    0.1 CPU-s per worker). Sharing compiled code between environments is what Jinja's bytecode
    caches are for; this one lives on the build's SpeedState, so forked workers inherit it.
    """

    def __init__(self):
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        found = self.codes.get(bucket.key)
        if found is not None:
            bucket.bytecode_from_string(found)  # the bucket checks it against the template's source

    def dump_bytecode(self, bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


def keep_compiled_templates(generator) -> None:
    """generator_init receiver: every environment of the build loads compiled templates from one
    cache: the development cache's folder, or the build's memory."""
    speed = active(generator.settings)
    if speed is not None:
        use_compiled_templates(generator, speed)


def use_compiled_templates(generator, speed=None) -> None:
    """``speed``: the build's SpeedState, which holds the in-memory cache where there is no folder."""
    env = getattr(generator, "env", None)
    if env is None or env.bytecode_cache is not None:
        return
    folder = cache_folder(generator.settings)
    if folder is not None:
        jinja = Path(folder).with_name(Path(folder).name + "-jinja")
        try:
            jinja.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = FileSystemBytecodeCache(str(jinja))
            return
        except OSError:
            pass  # kept in memory instead
    if speed is not None:
        if speed.templates is None:
            speed.templates = BuildTemplates()
        env.bytecode_cache = speed.templates
