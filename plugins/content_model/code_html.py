"""Lighter highlighted code, as a Jinja filter for the theme's ``rendered`` macro.

Pygments wraps every run of whitespace between tokens in ``<span class="w">``: a post with a
few code blocks carries a kilobyte or more of them, and every page counts against a 30 KB budget
(SPEC 7). Whitespace shows no colour, so the spans are dropped and their spaces kept; the text of
the code is unchanged. One regular expression, not an HTML parser: the pattern only matches a
span holding nothing but spaces and tabs, which Pygments writes exactly like this.
"""

from __future__ import annotations

import re

_WHITESPACE_SPAN = re.compile(r'<span class="w">([ \t]*)</span>')


def unwrap_whitespace_tokens(value) -> str:
    text = str(value or "")
    if '<span class="w">' not in text:
        return text
    return _WHITESPACE_SPAN.sub(r"\1", text)
