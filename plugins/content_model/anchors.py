"""Heading ids: Python-Markdown's ASCII ids where they keep the heading's words, Unicode ids where
they would lose them.

The toc extension's default ``slugify`` drops every character outside ASCII, so a heading written
in Chinese, Japanese, Cyrillic... gets an empty or meaningless id and a link to ``#查找公钥`` (as the
author's old blog made it) cannot resolve. ``slugify_unicode`` keeps them, but it would also change
ids that exist today ("Café" gives ``cafe`` now, ``café`` then). So: when the only characters the
ASCII form drops are accents (combining marks after NFKD), the id is exactly the default one;
otherwise it is ``slugify_unicode``'s.
"""

from __future__ import annotations

import unicodedata

from markdown.extensions.toc import slugify, slugify_unicode


def _loses_letters(text: str) -> bool:
    for char in unicodedata.normalize("NFKD", text):
        if ord(char) < 128 or unicodedata.combining(char):
            continue
        if unicodedata.category(char)[0] in "LN":  # a letter or digit the ASCII id would drop
            return True
    return False


def heading_slug(value: str, separator: str) -> str:
    """The toc extension's ``slugify``, Unicode-aware only where the ASCII id would lose words."""
    if _loses_letters(value):
        return slugify_unicode(value, separator)
    return slugify(value, separator)
