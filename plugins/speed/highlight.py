"""Highlighted code blocks cached one by one, by everything that decides their HTML, next to the
whole bodies in content_cache.py: an edit to a post's prose renders its body again but not its
code. In a new process each lexer first compiles its regular expressions, about 0.15 s a language,
which was a third of a quick rebuild (quick.py).

(A cache of Pygments formatters, one per option set instead of a new ``HtmlFormatter`` per block,
was measured in issue 18: the same 400 bodies took 1.003 s with it and 1.011 s without, so it was
removed.)
"""

from __future__ import annotations

from typing import Callable

from markdown.extensions.codehilite import CodeHilite


class BlockCache:
    """Where ``CodeHilite.hilite`` looks for a block's HTML first, and puts what it made."""

    def __init__(self, lookup: Callable[[str], str | None], store: Callable[[str, str], None]):
        self.lookup = lookup
        self.store = store


pygments_hilite = CodeHilite.hilite  # Python-Markdown's own, put back by use(None)


def use(cache: BlockCache | None) -> None:
    """Install ``cache`` for this process's Markdown rendering (``CodeHilite.hilite`` looks there
    first), or, with None, put Python-Markdown's own ``hilite`` back. Called when a build starts
    reading (bodies.Bodies, and each pool worker) and when it stops (bodies.finish): the patch is
    never left in place between builds, and nothing is patched on import."""
    if cache is None:
        CodeHilite.hilite = pygments_hilite
        return

    def hilite(self: CodeHilite, shebang: bool = True) -> str:
        key = block_key(self, shebang)
        if key is None:
            return pygments_hilite(self, shebang)
        html = cache.lookup(key)
        if html is None:
            html = pygments_hilite(self, shebang)
            cache.store(key, html)
        return html

    hilite.block_cache = cache  # what active() reads: the state lives on the installed function
    CodeHilite.hilite = hilite


def active() -> BlockCache | None:
    return getattr(CodeHilite.hilite, "block_cache", None)


def add_blocks(blocks: dict[str, str]) -> None:
    """Blocks a pool worker highlighted, for this process's block cache."""
    cache = active()
    if cache is not None:
        for block, html in blocks.items():
            cache.store(block, html)


def block_key(block: CodeHilite, shebang: bool) -> str | None:
    """What decides the HTML of ``block`` (the library versions and Markdown settings are in the
    cache's generation key); None when it is not known exactly (a formatter of the author's)."""
    formatter = block.pygments_formatter
    if not isinstance(formatter, str):
        return None
    text = repr((block.src, block.lang, block.guess_lang, block.use_pygments, block.lang_prefix, formatter,
                 sorted(block.options.items()), shebang))
    return None if " at 0x" in text else text
