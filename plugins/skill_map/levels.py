"""Level rules: a skill's level follows from its evidence, never from what the author types.

The rules are data (``RULES``) so that the page, the README and the tests read the same text.
Every rule only counts things, so more evidence can never lower a level.
"""

from __future__ import annotations

from dataclasses import dataclass

LEVELS = ("none", "learning", "applied", "shipped", "deep")
RANK = {name: rank for rank, name in enumerate(LEVELS)}

# "deep" needs several shipped projects and writing sustained over time.
DEEP_SHIPPED_PROJECTS = 2
DEEP_POST_MONTHS = 3

RULES = (
    ("deep", f"shipped in at least {DEEP_SHIPPED_PROJECTS} projects, and written about in posts from at least "
             f"{DEEP_POST_MONTHS} different months"),
    ("shipped", "used in a shipped project that has a live demo or public code"),
    ("applied", "used in at least one project (in progress, archived, or shipped without a demo or code)"),
    ("learning", "named in posts (learning logs, reflections), not yet in a project"),
    ("none", "no evidence yet (naming a skill only as a gap does not count)"),
)


@dataclass(frozen=True)
class LevelResult:
    level: str
    reason: str
    next_step: str | None

    @property
    def rank(self) -> int:
        return RANK[self.level]


def _titles(items, limit=3) -> str:
    names = []
    for item in items:
        if item.title not in names:
            names.append(item.title)
    shown = ", ".join(f"“{n}”" for n in names[:limit])
    if len(names) > limit:
        shown += f" and {len(names) - limit} more"
    return shown


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def derive_level(evidence) -> LevelResult:
    """Level, reason in plain words, and what would raise it, from one skill's evidence items."""
    shown = [e for e in evidence if e.role == "skill"]
    posts = [e for e in shown if e.is_post]
    projects = [e for e in shown if e.kind == "project"]
    shipped = [e for e in projects if e.is_shipped_project]
    months = {(e.day.year, e.day.month) for e in posts}
    gaps = [e for e in evidence if e.role == "gap"]

    if len(shipped) >= DEEP_SHIPPED_PROJECTS and len(months) >= DEEP_POST_MONTHS:
        return LevelResult(
            "deep",
            f"shipped in {_plural(len(shipped), 'project')} ({_titles(shipped)}) and written about in "
            f"{_plural(len(posts), 'post')} over {_plural(len(months), 'month')}",
            None,
        )
    if shipped:
        missing = []
        if len(shipped) < DEEP_SHIPPED_PROJECTS:
            missing.append(f"{DEEP_SHIPPED_PROJECTS - len(shipped)} more shipped project(s)")
        if len(months) < DEEP_POST_MONTHS:
            missing.append(f"posts in {DEEP_POST_MONTHS - len(months)} more month(s)")
        return LevelResult("shipped", f"used in the shipped project(s) {_titles(shipped)}, with a live demo or public code",
                           "deep needs " + " and ".join(missing))
    if projects:
        statuses = sorted({e.project_status or "unknown" for e in projects})
        why = f"used in the project(s) {_titles(projects)} ({', '.join(statuses)}); no shipped project with a demo or code yet"
        return LevelResult("applied", why, "shipped needs a shipped project with a live demo or public code")
    if posts:
        return LevelResult("learning", f"written about in {_plural(len(posts), 'post')} ({_titles(posts)}); not used in a project yet",
                           "applied needs a project that lists it under Skills")
    if gaps:
        return LevelResult("none", f"named as a gap in {_titles(gaps)}; no post or project shows it yet",
                           "learning needs a post that lists it under Skills")
    return LevelResult("none", "no post or project names it yet", "learning needs a post that lists it under Skills")
