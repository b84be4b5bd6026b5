"""The speed layer's one user setting, ``SPEED = {...}`` in pelican.conf, read with its defaults.

- ``workers``: Markdown and page worker processes; None (default) = one per CPU, started only when
  a build has enough files for them to pay; 0 or 1 = everything in the build process; N = N.
- ``cache``: the cache of rendered Markdown (default True; production builds use it too, see
  bodies.markdown_cache_folder) and the development caches beside it.
- ``cache_path``: where the Markdown cache lives (default ``<project>/.foothold/cache/markdown``;
  a relative path is taken from the project folder).
- ``quick``: a development build after body-only edits may be a quick rebuild (quick.py); False
  always runs Pelican.

None of them changes a byte of the output (tests/test_speed_off.py).
"""

from __future__ import annotations

import os

from foothold.config import SettingsReader
from foothold.state import build_state

NAME = "SPEED"
DEFAULTS = {"workers": None, "cache": True, "cache_path": None, "quick": True}
EXAMPLE = 'SPEED = {"workers": 2, "cache": True}'


def read_speed_settings(settings, report=None) -> dict:
    """SPEED over its defaults, each mistake given to ``report(path, line, message, hint)`` (the
    build's problems when None) with the default standing in."""
    if report is None:
        report = build_state(settings).problems.add
    reader = SettingsReader(settings, NAME, DEFAULTS, report, EXAMPLE)
    values, bad = reader.values, reader.bad
    workers = values["workers"]
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 0):
        bad("workers", f"must be a number of processes (0 or more) or None, not {workers!r}",
            "e.g. 2, 0 for none, or leave it out for one per CPU")
    for key in ("cache", "quick"):
        if not isinstance(values[key], bool):
            bad(key, f"must be True or False, not {values[key]!r}", f'e.g. SPEED = {{"{key}": False}}')
    path = values["cache_path"]
    if path is not None and (not isinstance(path, (str, os.PathLike)) or not str(path).strip()):
        bad("cache_path", f"must be a folder path, not {path!r}", "e.g. '.foothold/cache/markdown', or leave it out")
    elif path is not None:
        root = build_state(settings).root or os.getcwd()
        values["cache_path"] = os.path.join(root, os.path.expanduser(os.fspath(path)))
    return values
