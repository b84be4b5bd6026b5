"""Table-of-contents tokens from a post's rendered HTML, as a Jinja filter.

Python-Markdown's toc extension computes the same tokens while converting, but the rendered body
may come from a cache or a worker process; the headings' ids in the HTML are the one source that
is always there, so the tokens are rebuilt from them at render time.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3}


class _HeadingParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[dict] = []
        self._current: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag in _HEADINGS:
            ident = dict(attrs).get("id")
            self._current = {"level": _HEADINGS[tag], "id": ident, "text": ""} if ident else None

    def handle_endtag(self, tag):
        if tag in _HEADINGS and self._current is not None:
            self.found.append(self._current)
            self._current = None

    def handle_data(self, data):
        if self._current is not None:
            self._current["text"] += data


def toc_tokens(rendered: str) -> list[dict]:
    """Headings with ids as nested ``{level, id, name, children}`` (name is escaped HTML text)."""
    parser = _HeadingParser()
    parser.feed(rendered or "")
    tokens: list[dict] = []
    stack: list[dict] = []
    for heading in parser.found:
        token = {"level": heading["level"], "id": heading["id"], "name": html.escape(heading["text"].strip()),
                 "children": []}
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else tokens).append(token)
        stack.append(token)
    return tokens
