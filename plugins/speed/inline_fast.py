"""Python-Markdown's inline processor, skipping patterns that cannot match a piece of text.

For every text node, Python-Markdown tries each inline pattern in turn (code spans, links,
emphasis, HTML...) with a regular expression search. Most paragraphs hold no ``[``, ``<``, ``&``
or backslash, yet each of those patterns is still searched for: in a profile of 300 benchmark
posts these calls were about a third of all Markdown time. Each core pattern below needs a
character its expression cannot match without; when the text left to scan holds none of them,
the pattern is skipped with the same result Python-Markdown gives when its search finds nothing.

Only patterns whose class and expression are exactly Python-Markdown's own (the version below)
are skipped; any other pattern, such as one an extension adds, is always searched. The output is
the same with and without this processor (tests/test_fast_paths.py).
"""

from __future__ import annotations

import markdown
from markdown import inlinepatterns as core
from markdown.extensions import Extension, footnotes
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString

# The expressions were read in this version; another one may change them, so it gets no skipping.
CHECKED_VERSION = (3, 11)

# (class, expression) -> characters of which the expression needs at least one.
_NEEDS = {
    (core.BacktickInlineProcessor, core.BACKTICK_RE): ("`",),
    (core.EscapeInlineProcessor, core.ESCAPE_RE): ("\\",),
    (core.ReferenceInlineProcessor, core.REFERENCE_RE): ("[",),
    (core.LinkInlineProcessor, core.LINK_RE): ("[",),
    (core.ImageInlineProcessor, core.IMAGE_LINK_RE): ("![",),
    (core.ImageReferenceInlineProcessor, core.IMAGE_REFERENCE_RE): ("![",),
    (core.ShortReferenceInlineProcessor, core.REFERENCE_RE): ("[",),
    (core.ShortImageReferenceInlineProcessor, core.IMAGE_REFERENCE_RE): ("![",),
    (core.AutolinkInlineProcessor, core.AUTOLINK_RE): ("<",),
    (core.AutomailInlineProcessor, core.AUTOMAIL_RE): ("<",),
    (core.SubstituteTagInlineProcessor, core.LINE_BREAK_RE): ("  \n",),
    (core.HtmlInlineProcessor, core.HTML_RE): ("<",),
    (core.HtmlInlineProcessor, core.ENTITY_RE): ("&",),
}
# The footnotes extension (in "extra") registers its pattern from a local variable, hence the text.
_NEEDS[(footnotes.FootnoteInlineProcessor, r"\[\^([^\]]*)\]")] = ("[^",)
_DELIMITER = getattr(core, "DelimiterProcessor", None)
if _DELIMITER is not None:
    _NEEDS[(_DELIMITER, r"\*|_")] = ("*", "_")


def needs(pattern) -> tuple[str, ...] | None:
    """What ``pattern`` cannot match without (one of), or None if it is not a known core pattern."""
    if tuple(markdown.__version_info__[:2]) != CHECKED_VERSION:
        return None
    return _NEEDS.get((type(pattern), getattr(pattern, "pattern", None)))


class SkippingInlineProcessor(InlineProcessor):
    """InlineProcessor that moves on to the next pattern at once when a pattern cannot match."""

    def run(self, tree, ancestors=None):
        # The patterns and what each needs, in the order Python-Markdown tries them (its registry
        # sorts on every indexed read otherwise).
        self._patterns = list(self.inlinePatterns)
        self._wanted = [needs(pattern) for pattern in self._patterns]
        return super().run(tree, ancestors)

    # Python-Markdown's private loop over the patterns, under its mangled name so that its own
    # code calls this one. Same loop, plus the skip; a skipped pattern leaves what a search that
    # finds nothing leaves: the same text, the next pattern, scanning from the start.
    def _InlineProcessor__handleInline(self, data, patternIndex=0):
        if isinstance(data, AtomicString):
            return data
        patterns, wanted = self._patterns, self._wanted
        apply = self._InlineProcessor__applyPattern
        startIndex = 0
        count = len(patterns)
        while patternIndex < count:
            need = wanted[patternIndex]
            if need is not None:
                for text in need:
                    if data.find(text, startIndex) >= 0:
                        break
                else:
                    patternIndex += 1
                    startIndex = 0
                    continue
            data, matched, startIndex = apply(patterns[patternIndex], data, patternIndex, startIndex)
            if not matched:
                patternIndex += 1
        return data


class SkippingInlineExtension(Extension):
    """Replaces the ``inline`` tree processor, if it is Python-Markdown's own, by the one above."""

    def extendMarkdown(self, md):
        if type(md.treeprocessors["inline"]) is InlineProcessor:
            # 20 is the priority Python-Markdown registers "inline" with.
            md.treeprocessors.register(SkippingInlineProcessor(md), "inline", 20)
