"""URLs a stylesheet makes the browser fetch: ``url(...)`` and ``@import``."""

from __future__ import annotations

import re

# A full CSS tokenizer is not needed: only url() tokens and @import strings request anything,
# and both have a fixed shape. Comments are blanked first (keeping their line breaks, so line
# numbers stay right) so that commented-out rules do not count.
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.I)
_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)


def css_refs_with_lines(text: str) -> list[tuple[int, str]]:
    """Each fetched URL in a stylesheet with its 1-based line."""
    text = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    found = []
    for pattern in (_URL, _IMPORT):
        for match in pattern.finditer(text):
            url = next(group for group in match.groups() if group is not None)
            if url and not url.startswith("#"):  # url(#id) names an SVG element on the page
                found.append((text.count("\n", 0, match.start()) + 1, url))
    return sorted(found)


def css_refs(text: str) -> list[str]:
    return [url for _, url in css_refs_with_lines(text)]
