"""A stock Pelican 4.12 project for the benchmark corpus: default theme, no plugins, feeds on.

Stock Pelican reads our Skills/Gaps keys as plain metadata, so it builds the very same files.
"""

from __future__ import annotations

from pathlib import Path

PELICANCONF = """\
AUTHOR = "Bench Author"
SITENAME = "Bench"
SITEURL = ""
PATH = {content!r}
ARTICLE_PATHS = ["posts"]
TIMEZONE = "Europe/Lisbon"
DEFAULT_LANG = "en"
PLUGINS = []
CACHE_PATH = {cache!r}
CACHE_CONTENT = {cache_on}
LOAD_CONTENT_CACHE = {cache_on}
"""


def write_stock_conf(folder: Path, content: Path, cached: bool) -> Path:
    """pelicanconf.py for stock Pelican; ``cached`` turns CACHE_CONTENT and LOAD_CONTENT_CACHE on."""
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / ("pelicanconf-cached.py" if cached else "pelicanconf.py")
    conf.write_text(PELICANCONF.format(content=str(content), cache=str(folder / "cache"), cache_on=cached),
                    encoding="utf-8")
    return conf


def stock_command(python: str, conf: Path, content: Path, output: Path) -> list[str]:
    return [python, "-m", "pelican", str(content), "-s", str(conf), "-o", str(output), "-q"]
