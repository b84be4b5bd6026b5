"""A source body's Markdown to HTML, the plain way: one Markdown instance per body, in this process.

The reader (reader.py) renders each body with ``render_body`` unless an optional layer offers a
renderer (``BuildState.body_renderer``: the speed plugin's cache and worker pool, which must give
the same HTML; tests/test_speed_off.py compares every file of a build with and without it).
"""

from __future__ import annotations

from markdown import Markdown

META = "markdown.extensions.meta"


def markdown_config(markdown_settings: dict) -> dict:
    """Pelican's MARKDOWN setting without the meta extension (the header is parsed by header.py)."""
    config = dict(markdown_settings)
    config["extensions"] = [e for e in config.get("extensions", []) if e != META]
    config["extension_configs"] = {k: v for k, v in config.get("extension_configs", {}).items() if k != META}
    return config


def render_body(markdown_settings: dict, body: str) -> str:
    return Markdown(**markdown_config(markdown_settings)).convert(body)
