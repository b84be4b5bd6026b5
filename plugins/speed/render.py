"""Markdown to HTML for one source body: the same code in the main process and in pool workers.

The same HTML as content_model.body_html.render_body (a new Markdown instance per body), made
faster: one instance reset between bodies, and the inline processor that skips patterns whose
characters the text lacks (inline_fast.py)."""

from __future__ import annotations

from content_model.body_html import markdown_config
from markdown import Markdown

from .inline_fast import SkippingInlineExtension


class BodyRenderer:
    """One Markdown instance, reset between files, instead of one per file."""

    def __init__(self, markdown_settings: dict, skip_inline: bool = True):
        config = markdown_config(markdown_settings)
        if skip_inline:  # last, so that it sees the inline processor the other extensions left
            config["extensions"] = [*config.get("extensions", []), SkippingInlineExtension()]
        self._config = config
        self._md: Markdown | None = None

    def render(self, body: str) -> str:
        if self._md is None:
            self._md = Markdown(**self._config)
        else:
            self._md.reset()
        return self._md.convert(body)
