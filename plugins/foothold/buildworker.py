"""A warm build process for live reload: `python -m foothold.buildworker ROOT`.

It imports Pelican and the plugins once, then builds whenever a line arrives on stdin and answers
with one JSON line on the original stdout. Whatever Pelican or a plugin prints goes to stderr, so
it cannot corrupt the answers. Live reload replaces the process when plugin code or pelican.conf
changes, because Python cannot forget imported plugin modules or their signal receivers.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from foothold.config import DRAFT_PREVIEW as DRAFT_OVERRIDES  # drafts are shown in live reload

from .state import build_state


def _answers():
    """The real stdout for answers; fd 1 is pointed at stderr for everything else."""
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return answers


def _urls_of(result, changed: list[str]) -> list[list[str]]:
    """(source, URL path) for the changed content files that were written, drafts included."""
    if not result.settings or not changed:
        return []
    wanted = {os.path.realpath(p) for p in changed}
    pairs = []
    for save_as, source in build_state(result.settings).output_sources.items():
        if os.path.realpath(source) in wanted:
            url = "/" + save_as.removesuffix("index.html")
            pairs.append([os.path.relpath(source, build_state(result.settings).root), url])
    return sorted(pairs)


def build_once(root: Path, changed: list[str]) -> dict:
    from .build import build_site
    from .summary import format_summary

    result = build_site(root, production=False, overrides=dict(DRAFT_OVERRIDES))
    if result.interrupted:
        return {"ok": False, "seconds": result.seconds, "report": result.stderr_text, "pages": []}
    return {
        "ok": result.ok,
        "seconds": round(result.seconds, 3),
        "report": format_summary(result) if result.ok else result.stderr_text,
        "pages": _urls_of(result, changed) if result.ok else [],
    }


def main(argv: list[str]) -> int:
    root = Path(argv[0]).resolve()
    answers = _answers()
    # Warm up: the first build request should not pay for these imports.
    import pelican  # noqa: F401
    import markdown  # noqa: F401

    from . import build  # noqa: F401
    from .config import ConfigError, load_settings

    try:
        load_settings(root)  # imports the plugins; a broken pelican.conf is reported by the build
    except ConfigError:
        pass

    try:
        answers.write(json.dumps({"ready": True}) + "\n")
        for line in sys.stdin:
            request = json.loads(line)
            answers.write(json.dumps(build_once(root, request.get("changed", []))) + "\n")
    except (KeyboardInterrupt, BrokenPipeError):
        return 130  # Ctrl-C reaches the whole process group; live reload says goodbye itself
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
