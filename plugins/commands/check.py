"""`invoke check`: check the site in output/ and say plainly whether it can be published."""

from __future__ import annotations

import sys
from pathlib import Path

from foothold.config import ConfigError, load_settings
from sitecheck import check_site

from .stamp import read_stamp, tree_digest


def _siteurl_of_output(root: Path, output: Path) -> tuple[str, str]:
    """The SITEURL output/ was built for, and which kind of build it was.

    The success stamp says so when it matches output/ exactly. Otherwise (output/ was edited, or
    a development build replaced it) a production build is recognised by its absolute URLs.
    """
    stamp = read_stamp(root) or {}
    if (stamp.get("output") == str(output.resolve()) and output.is_dir()
            and tree_digest(output)[0] == stamp.get("digest")):
        return stamp.get("siteurl") or "", "production"
    candidates = [stamp.get("siteurl")]
    try:
        candidates.append(load_settings(root, production=True).get("SITEURL"))
    except ConfigError:
        pass  # no usable production settings: then it cannot be a production build either
    try:
        home = (output / "index.html").read_text(encoding="utf-8", errors="replace")
    except OSError:
        home = ""
    for siteurl in filter(None, candidates):
        if f'"{siteurl.rstrip("/")}/' in home:
            return siteurl.rstrip("/"), "production"
    return str(load_settings(root).get("SITEURL") or ""), "development"


def check_command(root: Path, *, html: bool = True, feeds: bool = True) -> int:
    """Print every problem of the built site; the exit code is 0 only when there are none."""
    root = Path(root)
    try:
        output = Path(load_settings(root)["OUTPUT_PATH"])
        siteurl, kind = _siteurl_of_output(root, output)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 1
    problems = check_site(output, siteurl, html=html, feeds=feeds,
                          allow_drafts=kind == "development")
    for problem in problems:
        print(problem, file=sys.stderr)
    where = f"{output} ({kind} build, SITEURL {siteurl or '(relative URLs)'})"
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        print(f"Check failed: {len(problems)} {noun} in {where}.", file=sys.stderr)
        return 1
    print(f"Check passed: {where}.")
    return 0
