"""Table-of-contents tokens from a post's rendered HTML, as a Jinja filter.

Python-Markdown's toc extension computes the same tokens while converting, but the rendered body
may come from a cache or a worker process; the headings' ids in the HTML are the one source that
is always there, so the tokens are rebuilt from them at render time.

The headings are found with regular expressions rather than html.parser: a post's body is
Python-Markdown's own well-formed output, and a parser that visits every highlighted-code span cost
more than all the rest of rendering the post's page (about 5 ms a post).
"""

from __future__ import annotations

import html
import re

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3}
# An h1-h3 start tag (attributes may hold quoted ">"), its content, and its end tag.
_HEADING = re.compile(r"""<(h[123])((?:\s(?:[^>"']|"[^"]*"|'[^']*')*)?)>(.*?)</\1\s*>""", re.I | re.S)
_ID = re.compile(r"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)
_TAG = re.compile(r"<[^>]*>")
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _headings(rendered: str) -> list[dict]:
    found = []
    for match in _HEADING.finditer(rendered):
        ident = _ID.search(match.group(2))
        value = next((g for g in ident.groups() if g is not None), "") if ident else ""
        if not value:
            continue
        text = html.unescape(_TAG.sub("", _COMMENT.sub("", match.group(3))))
        found.append({"level": _HEADINGS[match.group(1).lower()], "id": html.unescape(value), "text": text})
    return found


def toc_tokens(rendered: str) -> list[dict]:
    """Headings with ids as nested ``{level, id, name, children}`` (name is escaped HTML text)."""
    tokens: list[dict] = []
    stack: list[dict] = []
    for heading in _headings(rendered or ""):
        token = {"level": heading["level"], "id": heading["id"], "name": html.escape(heading["text"].strip()),
                 "children": []}
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else tokens).append(token)
        stack.append(token)
    return tokens
