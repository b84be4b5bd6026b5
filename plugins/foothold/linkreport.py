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


_CONTENT_LINK = re.compile(r"""(?:\]\(\s*<?|\b(?:href|src)\s*=\s*["']|^\s{0,3}\[[^\]\n]+\]:\s*<?)"""
                           r"""(\{(?:filename|attach)\}([^)\s"'<>#?]+))""", re.M)


def report_dependents(settings, problems: ProblemLog) -> None:
    """Name every source that links to a file that fails (and, in turn, to those): removing the
    files a failed build names must leave a build that passes, and a post whose {filename} link
    points at a removed post would fail the next build (issue 17). Each is one problem at the
    link's line: fix the failing file, or remove both."""
    if not problems:
        return
    content = settings["PATH"]
    sources = sorted({os.path.abspath(s) for s in build_state(settings).output_sources.values()})
    failing = {p.path for p in problems.problems}
    links: dict[str, list[tuple[str, int]]] = {}  # target (as problems name it) -> [(source, line)]
    for source in sources:
        try:
            with open(source, encoding="utf-8", errors="replace") as handle:
                text = handle.read()
        except OSError:
            continue
        for number, line in _prose_lines(text):
            for match in _CONTENT_LINK.finditer(line):
                path = match.group(2)
                base = content if path.startswith("/") else os.path.dirname(source)
                target = os.path.normpath(os.path.join(base, path.lstrip("/")))
                if target != source:
                    links.setdefault(problems.rel(target), []).append((source, number))
    todo = sorted(failing)
    while todo:  # breadth first, so each file is blamed on the nearest failing file it links to
        target = todo.pop(0)
        for source, number in links.get(target, ()):
            rel = problems.rel(source)
            if rel in failing:
                continue
            failing.add(rel)
            todo.append(rel)
            problems.add(source, number, f"links to {target}, which fails to build",
                         f"fix {target} (its problems are listed here), or remove both files")


def _prose_lines(text: str):
    """(line number, line) outside fenced code, with inline code spans blanked: a {filename} link
    written as an example in code is no link."""
    fence = None
    for number, line in enumerate(text.split("\n"), start=1):
        opening = re.match(r" {0,3}(`{3,}|~{3,})", line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        yield number, re.sub(r"(`+).+?\1", "", line)
