"""A bound on how deeply a Markdown body nests, checked before Python-Markdown sees it (FAULTS 34).

Python-Markdown's block parser recurses once per list or quote level and re-parses each level's
text, and its inline link pattern rescans the rest of a block for every ``[``: measured, a list
200 levels deep took 0.7 s and 600 levels 19 s before a RecursionError ("Could not process" with
no line); 2,000 nested ``[`` took 3.5 s and 20,000 several minutes. Writing for people nests a few
levels, so anything past MAX_DEPTH is refused with its line, in time linear in the body's length.
Fenced code is skipped: brackets in code are not Markdown.
"""

from __future__ import annotations

import re

MAX_DEPTH = 32
# Python-Markdown looks for the closing run of every run of backticks through the rest of the
# paragraph: runs of many different lengths ("` `` ``` ...") made 80 KB take 4.7 s and 500 KB
# minutes. A code span needs one length; a paragraph with more than this many is refused.
MAX_BACKTICK_RUNS = 16
_BACKTICKS = re.compile(r"`+")
# Python-Markdown's footnotes extension looks through every footnote for each reference: 8,000
# footnotes took 11 s, 20,000 two minutes. A post has a few dozen.
MAX_FOOTNOTES = 500

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_QUOTES = re.compile(r"^(?: {0,3}>)+")
_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def _indent_levels(whitespace: str) -> int:
    return len(whitespace.expandtabs(4)) // 4


def nesting_problem(body: str, first_line: int = 1, limit: int = MAX_DEPTH) -> tuple[int, str, str] | None:
    """(line, message, hint) of the first place ``body`` nests deeper than ``limit``, or None.
    ``first_line``: the file's line number of the body's first line."""
    fence = None
    brackets = 0
    runs: set[int] = set()
    footnotes = 0
    for number, line in enumerate(body.split("\n"), start=first_line):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        if not line.strip():
            brackets = 0  # a blank line ends the paragraph, and the links and code spans in it
            runs.clear()
            continue
        if "[^" in line:
            footnotes += line.count("[^")
            if footnotes > MAX_FOOTNOTES:
                return (number, f"more than {MAX_FOOTNOTES} footnote references and definitions ([^...])",
                        "split the post, or turn most footnotes into links or sentences")
        if "`" in line:
            runs.update(len(run) for run in _BACKTICKS.findall(line))
            if len(runs) > MAX_BACKTICK_RUNS:
                return (number, f"backtick runs of more than {MAX_BACKTICK_RUNS} different lengths in one paragraph",
                        "write code spans with one or two backticks, or put the text in a fenced code block")
        quotes = _QUOTES.match(line)
        depth = quotes.group(0).count(">") if quotes else 0
        rest = line[quotes.end():] if quotes else line
        item = _ITEM.match(rest)
        if item:
            depth += _indent_levels(item.group(1)) + 1
        if depth > limit:
            return (number, f"lists or quotes nested {depth} levels deep (at most {limit})",
                    "flatten the list: Markdown this deep takes minutes to render and no reader can follow it")
        if "[" not in line:
            continue
        for char in _CODE_SPAN.sub("", line.replace("\\[", "").replace("\\]", "")):
            if char == "[":
                brackets += 1
                if brackets > limit:
                    return (number, f"more than {limit} '[' open at once in one paragraph",
                            "close the brackets, or escape a literal one as \\[ (nested '[' take minutes to render)")
            elif char == "]" and brackets:
                brackets -= 1
    return None


# {static}, {attach} and {filename} links (Pelican's INTRASITE_LINK_REGEX also allows |static|).
_CONTENT_LINK = re.compile(r"[{|](static|attach|filename)[|}]([^\s)\"'>\]]*)")


def links_leaving(body: str, first_line: int, source_rel: str) -> list[tuple[int, str, str]]:
    """(line, link as written, where it points) of each content link in ``body`` that leaves the
    content folder (``{static}/../pelican.conf``); ``source_rel``: the file's path in content/.

    Checked before Pelican sees the post: Pelican would register the target as a static file to
    copy, and the build would then blame the target instead of the post (FAULTS 32, issue 19)."""
    import posixpath

    found = []
    base = posixpath.dirname(source_rel.replace("\\", "/"))
    for number, line in enumerate(body.split("\n"), start=first_line):
        if "{" not in line and "|" not in line:
            continue
        for match in _CONTENT_LINK.finditer(line):
            path = match.group(2).split("#", 1)[0].split("?", 1)[0]
            target = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(base, path))
            if target == ".." or target.startswith("../"):
                found.append((number, match.group(0), target))
    return found
