"""Collecting build problems so that one build reports all of them.

Every check in Foothold adds to one ProblemLog per build instead of raising, so the author sees
every problem of a build at once, each as ``path:line: message`` with a hint.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

# Every message, hint and path is cut to this many characters (FAULTS 34): a message that quotes
# a value (an alias bomb's expansion, a megabyte title) must not become megabytes on stderr.
MAX_TEXT = 600


def capped(text, limit: int = MAX_TEXT):
    """``text`` cut to ``limit`` characters, saying how much was left out."""
    if text is None or len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


class BuildInterrupted(BaseException):
    """SIGTERM arrived during a build (it takes the same clean-up path as Ctrl-C).

    A BaseException, as KeyboardInterrupt is: Pelican's reader catches ``Exception`` around each
    file and logs it, which turned a SIGTERM while reading into "Could not process ..." and exit 1."""


class ReportedError(Exception):
    """Raised by a plugin (the reader) for a file whose problems are in the build's ProblemLog
    already: Pelican should drop the file, and the log capture must not report it a second time."""


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int | None
    message: str
    hint: str | None = None

    def __post_init__(self):  # however a Problem is made, its text stays short
        object.__setattr__(self, "path", capped(os.fspath(self.path)))
        object.__setattr__(self, "message", capped(str(self.message)))
        if self.hint is not None:
            object.__setattr__(self, "hint", capped(str(self.hint)))

    def location(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}"
        return self.path

    def __str__(self) -> str:
        text = f"{self.location()}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


@dataclass
class ProblemLog:
    """The problems of one build. ``root`` makes reported paths relative to the project."""

    root: str = ""
    problems: list[Problem] = field(default_factory=list)
    # What the author should fix but what does not fail this build (placeholders in a development
    # build, deprecated forms): printed with the build summary, in the same path:line form.
    warnings: list[Problem] = field(default_factory=list)

    def rel(self, path) -> str:
        path = os.fspath(path or "")
        if self.root and os.path.isabs(path):
            try:
                rel = os.path.relpath(path, self.root)
            except ValueError:
                return path
            if not rel.startswith(".."):
                return rel
        return path

    def add(self, path, line: int | None, message: str, hint: str | None = None) -> Problem:
        problem = Problem(self.rel(path), line or None, message, hint)
        if problem not in self.problems:
            self.problems.append(problem)
        return problem

    def warn(self, path, line: int | None, message: str, hint: str | None = None) -> Problem:
        problem = Problem(self.rel(path), line or None, message, hint)
        if problem not in self.warnings:
            self.warnings.append(problem)
        return problem

    def sorted_warnings(self) -> list[Problem]:
        return sorted(self.warnings, key=lambda p: (p.path, p.line or 0, p.message))

    def __bool__(self) -> bool:
        return bool(self.problems)

    def __len__(self) -> int:
        return len(self.problems)

    def sorted(self) -> list[Problem]:
        return sorted(self.problems, key=lambda p: (p.path, p.line or 0, p.message))

    def report(self, committed: bool = False) -> str:
        """``committed``: the new site was put in place before the problem (build.py's stamp)."""
        items = self.sorted()
        noun = "problem" if len(items) == 1 else "problems"
        lines = [str(p) for p in items]
        kept = "The new site is in output/." if committed else "The previous output was left as it was."
        lines.append(f"Build failed: {len(items)} {noun}. {kept}")
        return "\n".join(lines)


def problems_of(settings) -> ProblemLog:
    """The ProblemLog of the build these settings belong to (``settings.build``, state.py).

    A settings dict made outside a build (a plugin's own unit test) gets a fresh log, so plugins
    can always report instead of raising."""
    state = getattr(settings, "build", None)  # duck-typed: state.py imports this module
    return state.problems if state is not None else ProblemLog()


def line_of(source_path, needle: str, default: int | None = None) -> int | None:
    """1-based line of the first occurrence of ``needle`` in a text file, for messages."""
    try:
        with open(source_path, encoding="utf-8", errors="replace") as handle:
            for number, text in enumerate(handle, start=1):
                if needle in text:
                    return number
    except OSError:
        pass
    return default
