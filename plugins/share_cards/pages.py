"""Which card a page has, and what goes on it, read from the built page itself.

The cards are drawn once every page is written (``finalized``), from the pages in the output: a
page rendered in a worker process, linked from the previous output or written by any template
gets its card the same way, and the card shows exactly the title the page gives social sites
(``og:title``). The theme marks the pages that want a card on their ``og:image`` tag
(``data-card-focus``, and ``data-card-image`` for a project's raster screenshot).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import lxml.html


def card_path(output_file: str, folder: str) -> str:
    """The card of the page written to ``output_file`` (site-relative): ``posts/x/index.html`` ->
    ``cards/posts/x.png``, ``index.html`` -> ``cards/index.png``, ``404.html`` -> ``cards/404.png``."""
    rel = str(output_file).replace(os.sep, "/").lstrip("/")
    if rel.endswith("/index.html"):
        rel = rel[: -len("/index.html")]
    elif rel.endswith(".html"):
        rel = rel[: -len(".html")]
    return f"{folder}/{rel or 'index'}.png"


@dataclass(frozen=True)
class PageCard:
    page: str       # the page, relative to the output folder
    card: str       # its card, relative to the output folder
    title: str
    focus: str
    image: str      # site-relative path of a PNG/JPEG screenshot, or ""


def read_page(output: str, rel: str, folder: str) -> PageCard | None:
    """The card a built page asks for, or None (a page without the theme's og:image card tag)."""
    try:
        with open(os.path.join(output, rel), "rb") as handle:
            text = handle.read()
    except OSError:
        return None
    end = text.find(b"</head>")
    if end < 0 or b"data-card-focus" not in text[:end]:
        return None
    head = lxml.html.fromstring(text[: end + len(b"</head>")])
    card = card_path(rel, folder)
    image_tag = next((m for m in head.iter("meta") if m.get("property") == "og:image"
                      and m.get("data-card-focus") is not None), None)
    if image_tag is None or not (image_tag.get("content") or "").endswith(card):
        return None
    title_tag = next((m for m in head.iter("meta") if m.get("property") == "og:title"), None)
    title = title_tag.get("content", "") if title_tag is not None else ""
    return PageCard(rel, card, title, image_tag.get("data-card-focus", ""), image_tag.get("data-card-image", ""))


def find_pages(output: str, folder: str) -> list[PageCard]:
    """Every built HTML page that asks for a card, in a stable order."""
    found = []
    for dirpath, dirnames, filenames in os.walk(output):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(".html"):
                rel = os.path.relpath(os.path.join(dirpath, name), output).replace(os.sep, "/")
                page = read_page(output, rel, folder)
                if page is not None:
                    found.append(page)
    return found
