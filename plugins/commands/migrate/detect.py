"""Which tool made a blog folder."""

from __future__ import annotations

from pathlib import Path

TOOLS = ("pelican", "jekyll", "hugo")
HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "config.toml", "config.yaml", "config.yml")


class SourceError(Exception):
    """SOURCE cannot be migrated; str() says why and what to do."""


def detect(source: Path) -> str:
    if not source.is_dir():
        raise SourceError(f"{source} is not a folder: give the folder of the blog to migrate")
    if (source / "pelicanconf.py").is_file():
        return "pelican"
    if (source / "_config.yml").is_file() or (source / "_config.yaml").is_file() or (source / "_posts").is_dir():
        return "jekyll"
    if any((source / name).is_file() for name in HUGO_CONFIGS) and (source / "content").is_dir():
        return "hugo"
    raise SourceError(f"{source} does not look like a Pelican (pelicanconf.py), Jekyll (_config.yml, _posts/) "
                      "or Hugo (hugo.toml or config.toml, content/) site; name it with --from pelican|jekyll|hugo")
