"""Markdown to HTML for one source body: the same code in the main process and in pool workers."""

from __future__ import annotations

from markdown import Markdown

from .inline_fast import SkippingInlineExtension

META = "markdown.extensions.meta"


def markdown_config(markdown_settings: dict) -> dict:
    """Pelican's MARKDOWN setting without the meta extension (the header is parsed by header.py)."""
    config = dict(markdown_settings)
    config["extensions"] = [e for e in config.get("extensions", []) if e != META]
    config["extension_configs"] = {k: v for k, v in config.get("extension_configs", {}).items() if k != META}
    return config


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
