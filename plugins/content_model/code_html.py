"""Highlighted code: lighter HTML, as a Jinja filter for the theme's ``rendered`` macro, and the
Pygments style Markdown highlights with (``StyledByTheme``, below).

Pygments wraps every run of whitespace between tokens in ``<span class="w">``: a post with a
few code blocks carries a kilobyte or more of them, and every page counts against a 30 KB budget
(SPEC 7). Whitespace shows no colour, so the spans are dropped and their spaces kept; the text of
the code is unchanged. One regular expression, not an HTML parser: the pattern only matches a
span holding nothing but spaces and tabs, which Pygments writes exactly like this.
"""

from __future__ import annotations

import re

from pygments.style import Style, StyleMeta

_WHITESPACE_SPAN = re.compile(r'<span class="w">([ \t]*)</span>')


def unwrap_whitespace_tokens(value) -> str:
    text = str(value or "")
    if '<span class="w">' not in text:
        return text
    return _WHITESPACE_SPAN.sub(r"\1", text)


class _NoTokenRules(StyleMeta):
    def __iter__(cls):
        return iter(())


class StyledByTheme(Style, metaclass=_NoTokenRules):
    """The Pygments style code blocks are highlighted with while rendering Markdown: one with no
    token rules, because the colours come from the theme's stylesheet (``invoke pygments``).

    With CSS classes (``noclasses`` off) Pygments writes the same HTML whatever the style, yet every
    ``HtmlFormatter`` (codehilite makes one per block) first works out the CSS of each of the style's
    80-odd token types: a third of all highlighting time, 0.46 s of 1,000 posts' Markdown. Iterating
    this style yields nothing, so there is nothing to work out; tests/test_fast_paths.py checks that
    the HTML is byte for byte what the default style gives.
    """

    name = "foothold-theme"
    styles = {}  # its own (StyleMeta fills in the dict of the class it is given)
