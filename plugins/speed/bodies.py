"""Where the HTML of a source's body comes from: the cache, the worker pool, or rendered here.

The speed layer's ``BuildState.body_renderer`` (content_model's reader calls it instead of
rendering each body itself). One ``Bodies`` per build, kept on the build's SpeedState (never in a
module: live reload runs many builds in one process). The first read of a build looks at every Markdown source once:
sources the cache has are served from it, the others go to the worker pool when there are enough
of them to pay for starting it. Whatever the route, the HTML is what ``BodyRenderer`` gives in a
serial build.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from content_model.settings import configure_markdown
from foothold.state import build_state

from . import highlight
from .markdown_cache import MarkdownCache, generation_key
from .markdown_pool import AUTO_MIN_FILES, RenderPool, close_pool, fence_languages, markdown_sources, worker_count
from .render import BodyRenderer
from .state import active, speed_of

STATS_NAME = "markdown"


def cache_folder(settings) -> str | None:
    """The development cache's folder, or None when this build keeps no development cache
    (production, SPEED["cache"] off). Compiled templates, the page record and the snapshot live
    beside it and are for development builds only; rendered bodies: see markdown_cache_folder."""
    if build_state(settings).production:
        return None
    return markdown_cache_folder(settings)


def markdown_cache_folder(settings) -> str | None:
    """Where rendered bodies and highlighted code blocks are cached, for development and
    production builds alike; None when SPEED["cache"] is off or there is no project.

    Production may read them because an entry is a pure function of its key (the source's bytes
    and content_cache.generation_key: Markdown settings, plugin code, Python and package versions)
    and is checksummed (a damaged one is rendered again): a warm production build writes the bytes
    a cold one writes (tests/test_performance_correctness.py). So the Pages workflow keeps this
    folder between runs (actions/cache) and a deploy renders only what changed."""
    config = speed_of(settings).config
    if not config["cache"]:
        return None
    folder = config["cache_path"]
    if not folder:
        root = build_state(settings).root
        if not root:
            return None  # a bare Pelican run (a plugin's unit test): no project to keep a cache in
        folder = os.path.join(root, ".foothold", "cache", "markdown")
    return folder


def _cache_for(settings) -> MarkdownCache | None:
    folder = markdown_cache_folder(settings)
    if folder is None:
        return None
    return MarkdownCache(folder, generation_key(settings["MARKDOWN"], settings.get("PLUGIN_PATHS")))


def _blocks_for(settings, bodies: MarkdownCache | None) -> MarkdownCache | None:
    if bodies is None:
        return None
    folder = Path(markdown_cache_folder(settings))
    return MarkdownCache(folder.with_name(folder.name + "-blocks"), bodies.generation)


class Bodies:
    def __init__(self, settings, pool: bool = True):
        configure_markdown(settings)
        self.settings = settings
        self.cache = _cache_for(settings)
        self.renderer = BodyRenderer(settings["MARKDOWN"])
        self.stats = {"rendered_here": 0, "rendered_in_pool": 0, "from_cache": 0, "corrupt_cache_entries": []}
        build_state(settings).stats[STATS_NAME] = self.stats
        # Highlighted code blocks, in a cache of their own next to the bodies' (highlight.py).
        self.blocks = _blocks_for(settings, self.cache)
        highlight.use(block_cache(self.blocks) if self.blocks is not None else None)  # before forking workers
        if pool:  # not for a quick rebuild's few files (quick.py)
            self._start_pool()

    def _start_pool(self) -> None:
        workers = worker_count(self.settings)
        if workers < 2:
            return
        todo = []
        languages: set[str] = set()
        for path in markdown_sources(self.settings):
            try:
                with open(path, "rb") as handle:
                    raw = handle.read()
            except OSError:
                continue  # the reader reports it
            if self.cache is not None and self.cache.has(self.cache.key(raw)):
                continue
            languages |= fence_languages(raw)  # compiled before the workers are forked (RenderPool)
            todo.append(path)
        # Workers render in the order Pelican will read, so the reader rarely waits for a file
        # while workers are busy with ones it needs only later.
        speed = speed_of(self.settings)
        order = speed.read_order
        if order:
            rank = {path: index for index, path in enumerate(order)}
            todo.sort(key=lambda path: rank.get(os.path.normpath(path), len(rank)))
        explicit = speed.config["workers"] is not None
        if todo and (explicit or len(todo) >= AUTO_MIN_FILES):
            speed.render_pool = RenderPool(self.settings, todo, workers, languages)

    def html(self, source_path: str, raw: bytes, body: str) -> tuple[str, float]:
        """(HTML of ``body``, seconds spent rendering it) for the source whose bytes are ``raw``."""
        key = self.cache.key(raw) if self.cache is not None else None
        if key is not None:
            html = self.cache.get(key, source_path)
            self.stats["corrupt_cache_entries"] = list(self.cache.corrupt)
            if html is not None:
                self.stats["from_cache"] += 1
                return html, 0.0
        pool = speed_of(self.settings).render_pool
        found = pool.take(source_path, hashlib.sha256(raw).hexdigest()) if pool is not None else None
        if found is not None:
            html, seconds = found
            self.stats["rendered_in_pool"] += 1
        else:
            started = time.perf_counter()
            html = self.renderer.render(body)
            seconds = time.perf_counter() - started
            self.stats["rendered_here"] += 1
        if key is not None:
            self.cache.put(key, html)
        return html, seconds


def block_cache(cache: MarkdownCache) -> highlight.BlockCache:
    def key(block: str) -> str:
        return cache.key(b"highlighted block\0" + block.encode("utf-8", "surrogatepass"))

    return highlight.BlockCache(lambda block: cache.get(key(block)), lambda block, html: cache.put(key(block), html))


def record_read_order(generator) -> None:
    """article_generator_preread receiver (sent before each article is read).

    Pelican reads the articles in the order of a set of paths (``get_files``), which is arbitrary but
    fixed within a process: building the same set again gives the same order, recorded here once.
    """
    settings = generator.settings
    speed = active(settings)
    if speed is None or speed.read_order is not None:
        return
    files = generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"])
    speed.read_order = [os.path.normpath(os.path.join(generator.path, path)) for path in files]


def bodies_of(settings) -> Bodies:
    speed = speed_of(settings)
    if speed.bodies is None:
        speed.bodies = Bodies(settings)
    return speed.bodies


def render_body(settings, source_path: str, raw: bytes, body: str) -> tuple[str, float]:
    """BuildState.body_renderer (installed by layer.py): the HTML content_model's reader would
    make, from the cache, a worker or this process; and the seconds spent rendering it."""
    return bodies_of(settings).html(source_path, raw, body)


def finish(settings) -> None:
    """End of the reading phase (or of a failed build): stop any workers still running, and write
    the bodies rendered by this build to the cache (they are right whatever happens next)."""
    close_pool(settings)
    highlight.use(None)
    state = speed_of(settings).bodies
    if state is not None and state.cache is not None:
        state.cache.flush()
    if state is not None and state.blocks is not None:
        state.blocks.flush()

