"""``SHARE_CARDS = {...}`` in pelican.conf: defaults and validation."""

from __future__ import annotations

import os
import re

from foothold.config import SettingsReader
from foothold.state import build_state

DEFAULTS = {
    "draw": "production",  # "production": cards in production builds only; True: every build; False: never
    "folder": "cards",   # where the cards go in the site: cards/posts/<slug>.png
    "cache": True,       # keep drawn cards between builds (cache.py says why it pays)
    "cache_path": None,  # default: next to Foothold's Markdown cache, .foothold/cache/share-cards
}

KNOWN_SETTINGS = frozenset({"SHARE_CARDS"})
_FOLDER = re.compile(r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*$")


def read_config(settings, report) -> dict:
    """The validated settings, with ``draw_wanted`` (this build draws the cards and its pages name
    them); each mistake goes to ``report(path, line, message, hint)`` and its default is used
    instead, so one build lists every mistake."""
    raw = settings.get("SHARE_CARDS")
    if isinstance(raw, dict) and set(raw) == {*DEFAULTS, "draw_wanted"}:
        return raw  # validated already (this settings dict went through ``initialized``)
    reader = SettingsReader(settings, "SHARE_CARDS", DEFAULTS, report, "e.g. SHARE_CARDS = {'draw': 'production'}")
    values, bad = reader.values, reader.bad

    if not (isinstance(values["draw"], bool) or values["draw"] == "production"):  # not 1 or 0 either
        bad("draw", f"must be True, False or 'production', not {values['draw']!r}", "e.g. 'production'")

    if not isinstance(values["folder"], str) or not _FOLDER.match(values["folder"].strip("/")):
        bad("folder", f"must be a folder name inside the site, not {values['folder']!r}", "e.g. 'cards'")
    values["folder"] = values["folder"].strip("/")
    if not isinstance(values["cache"], bool):
        bad("cache", f"must be True or False, not {values['cache']!r}", "e.g. True")
    cache_path = values["cache_path"]
    if cache_path is not None and (not isinstance(cache_path, str) or not cache_path.strip()):
        bad("cache_path", f"must be a folder path, not {cache_path!r}", "e.g. '.foothold/cache/share-cards', or leave it out")
        cache_path = None
    root = build_state(settings).root or os.getcwd()
    if cache_path is None:
        # Beside the speed layer's Markdown cache when the author moved that (SPEED["cache_path"]).
        speed = settings.get("SPEED")
        markdown_cache = speed.get("cache_path") if isinstance(speed, dict) else None
        cache_path = (os.path.join(os.path.dirname(os.path.abspath(os.path.join(root, markdown_cache))), "share-cards") if markdown_cache
                      else os.path.join(root, ".foothold", "cache", "share-cards"))
    cache_path = os.path.abspath(os.path.join(root, cache_path))
    content = os.path.abspath(settings.get("PATH") or root)
    if values["cache"] and (cache_path == content or cache_path.startswith(content + os.sep)):
        bad("cache_path", f"is inside the content folder ({cache_path})",
            "the cache must never write into content/: choose a folder outside it")
        cache_path = os.path.join(root, ".foothold", "cache", "share-cards")
    values["cache_path"] = cache_path
    # Social sites only ever see the deployed (production) site, so by default a development build
    # neither draws the cards (about 7 CPU-ms each, 1,000 posts: as much as a whole stock build) nor
    # names them in its pages.
    values["draw_wanted"] = values["draw"] is True or (values["draw"] == "production" and build_state(settings).production)
    return values
