"""The rendered-page link check of a build, with each broken link blamed on the source it came from.

Used by a full build (build.py) and by a quick rebuild (quick.py) alike.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

from .problems import ProblemLog, line_of
from .state import build_state


def report_links(settings, site: Path, problems: ProblemLog, skip: tuple, parsed: dict | None,
                 trust=None) -> None:
    """Check the links of the site in ``site`` and add what is broken to ``problems``, by source:
    with the line of the source that has the link and, when the target's name is a source file's,
    the {filename} link to write; not again when the source check reported that link already."""
    from .sitecheck import find_broken_links

    sources = build_state(settings).output_sources
    root = build_state(settings).root
    by_stem: dict[str, list[str]] = {}
    for source in sorted(set(sources.values())):
        rel = os.path.relpath(source, settings["PATH"]).replace(os.sep, "/")
        by_stem.setdefault(os.path.splitext(os.path.basename(rel))[0].lower(), []).append(rel)
    # Only what the source check found before this one counts as reported already: this check's own
    # messages name the page, and so would match every other link of the same page.
    earlier = list(problems.problems)
    for problem in find_broken_links(site, settings.get("SITEURL", ""), skip=skip, parsed=parsed, trust=trust):
        page = problem.path.replace(os.sep, "/")
        source = sources.get(page) or sources.get(page.removesuffix("index.html"))
        if source:
            written, target = _link_of(problem.message)
            if _reported_already(problems, earlier, source, written, target):
                continue
            line = (line_of(source, written) if written else None) or (line_of(source, target) if target else None)
            problems.add(source, line, f"{problem.message} (in the page /{page})",
                         _did_you_mean(target, by_stem) or problem.hint)
        else:
            problems.add(os.path.join(root, "theme") if not page.startswith("skills") else page,
                         None, f"/{page}: {problem.message}", problem.hint or "a template writes this link")


_LINK_IN_MESSAGE = re.compile(r'"([^"]+)"(?: -> (\S+))?')


def _link_of(message: str) -> tuple[str | None, str | None]:
    """(the URL as the page has it, the site path it resolves to) from a link checker message."""
    match = _LINK_IN_MESSAGE.search(message)
    if not match:
        return None, None
    return match.group(1), match.group(2)


def _reported_already(problems: ProblemLog, earlier: list, source: str, written: str | None,
                      target: str | None) -> bool:
    """The source check (checks.check_links) reported this link: a {filename} placeholder Pelican
    left, or a {static} file that is missing."""
    rel = problems.rel(source)
    names = []
    if written and written.startswith(("{filename}", "{static}", "{attach}")):
        names.append(written)
    if target:
        names.append(target.lstrip("/").split("#")[0])
    names = [n for n in names if n]
    return bool(names) and any(p.path == rel and any(n in p.message for n in names) for p in earlier)


def _did_you_mean(target: str | None, by_stem: dict[str, list[str]]) -> str | None:
    if not target:
        return None
    path, _, fragment = target.partition("#")
    name = posixpath.basename(path.rstrip("/"))
    stem = (name.rsplit(".", 1)[0] if name.endswith((".html", ".htm", ".md")) else name).lower()
    matches = by_stem.get(stem) or []
    if not matches:
        return None
    anchor = f"#{fragment}" if fragment else ""
    said = " or ".join(f"`{{filename}}/{m}{anchor}`" for m in matches[:2])
    return f"did you mean {said}? A {{filename}} link always gets the page's current URL"
