"""One Pygments formatter per option set for codehilite, instead of a new one per code block.

codehilite builds ``HtmlFormatter(**options)`` for every fenced block, and each construction
rebuilds the style's whole stylesheet (about a third of all highlighting time in a profile of
1,000 posts). codehilite accepts a callable as ``pygments_formatter``; this one hands back a cached
HtmlFormatter per distinct option set, which renders exactly what a fresh one would (the formatter
keeps no state between ``format`` calls).

Highlighted blocks are also cached one by one (``BlockCache``), by everything that decides their
HTML, next to the whole bodies in content_cache.py: an edit to a post's prose renders its body again
but not its code. In a new process each lexer first compiles its regular expressions, about 0.15 s
a language, which was a third of a quick rebuild (foothold/quick.py).
"""

from __future__ import annotations

from typing import Callable

from markdown.extensions.codehilite import CodeHilite
from pygments.formatters.html import HtmlFormatter

CODEHILITE = "markdown.extensions.codehilite"


class FormatterCache:
    """Callable used as codehilite's ``pygments_formatter``; one instance per Markdown instance."""

    def __init__(self):
        self._formatters: dict[str, HtmlFormatter] = {}

    def __call__(self, lang_str: str = "", **options) -> HtmlFormatter:
        # lang_str is only given to custom formatters; HtmlFormatter ignores it, as codehilite's
        # default ``get_formatter_by_name('html', **options)`` never passes it.
        key = repr(sorted(options.items()))
        formatter = self._formatters.get(key)
        if formatter is None:
            formatter = self._formatters[key] = HtmlFormatter(**options)
        return formatter


def with_formatter_cache(config: dict) -> dict:
    """A copy of a Markdown config whose codehilite reuses formatters (unless a formatter is set)."""
    configs = dict(config.get("extension_configs", {}))
    uses_codehilite = CODEHILITE in configs or CODEHILITE in config.get("extensions", [])
    current = dict(configs.get(CODEHILITE, {}))
    if uses_codehilite and current.get("pygments_formatter", "html") == "html":
        current["pygments_formatter"] = FormatterCache()
        configs[CODEHILITE] = current
    return {**config, "extension_configs": configs}


class BlockCache:
    """Where ``CodeHilite.hilite`` looks for a block's HTML first, and puts what it made."""

    def __init__(self, lookup: Callable[[str], str | None], store: Callable[[str, str], None]):
        self.lookup = lookup
        self.store = store


_active: BlockCache | None = None  # this process's, while a build renders Markdown
_hilite = CodeHilite.hilite  # Python-Markdown's own


def use(cache: BlockCache | None) -> None:
    global _active
    _active = cache


def active() -> BlockCache | None:
    return _active


def add_blocks(blocks: dict[str, str]) -> None:
    """Blocks a pool worker highlighted, for this process's block cache."""
    cache = _active
    if cache is not None:
        for block, html in blocks.items():
            cache.store(block, html)


def block_key(block: CodeHilite, shebang: bool) -> str | None:
    """What decides the HTML of ``block`` (the library versions and Markdown settings are in the
    cache's generation key); None when it is not known exactly (a formatter of the author's)."""
    formatter = block.pygments_formatter
    if isinstance(formatter, FormatterCache):
        formatter = "html"  # it hands out HtmlFormatter(**options), as "html" does
    if not isinstance(formatter, str):
        return None
    text = repr((block.src, block.lang, block.guess_lang, block.use_pygments, block.lang_prefix, formatter,
                 sorted(block.options.items()), shebang))
    return None if " at 0x" in text else text


def _cached_hilite(self: CodeHilite, shebang: bool = True) -> str:
    cache = _active
    key = block_key(self, shebang) if cache is not None else None
    if key is None:
        return _hilite(self, shebang)
    html = cache.lookup(key)
    if html is None:
        html = _hilite(self, shebang)
        cache.store(key, html)
    return html


# Both codehilite's own tree processor and fenced_code make a CodeHilite and call hilite(); with no
# cache in use this is Python-Markdown's method as it is.
CodeHilite.hilite = _cached_hilite
