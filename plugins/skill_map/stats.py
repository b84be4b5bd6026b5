"""Focus, coverage, trend and growth figures, computed from evidence only (no clock, no I/O)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .levels import RANK


def months_before(day: dt.date, months: int) -> dt.date:
    """``day`` minus whole months, clamped to the month's last day (31 March - 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # unreachable: every month has a 28th


def reference_day(evidence, override: dt.date | None) -> dt.date | None:
    """The build's "today": the override, else the newest evidence date (never the wall clock,
    so a site rebuilt tomorrow from the same sources gives the same pages)."""
    if override is not None:
        return override
    days = [e.day for e in evidence]
    return max(days) if days else None


@dataclass(frozen=True)
class Share:
    inside: int
    total: int

    @property
    def value(self) -> float | None:
        return self.inside / self.total if self.total else None

    @property
    def percent(self) -> int | None:
        return None if self.total == 0 else round(100 * self.inside / self.total)


def focus_share(evidence, focus_ids, shared_ids, start: dt.date | None, end: dt.date | None) -> Share:
    """Share of skill evidence in [start, end] whose skill belongs to the focus.

    Gap mentions are not work done, and shared (soft) skills belong to every focus, so both are
    left out of numerator and denominator.
    """
    inside = total = 0
    for item in evidence:
        if item.role != "skill" or item.skill_id in shared_ids:
            continue
        if start is not None and item.day < start or end is not None and item.day > end:
            continue
        total += 1
        inside += item.skill_id in focus_ids
    return Share(inside, total)


def coverage(levels: dict[str, str], core_ids) -> Share:
    """Share of the focus's core skills at level applied or above."""
    core = sorted(set(core_ids))
    reached = sum(1 for skill_id in core if RANK[levels.get(skill_id, "none")] >= RANK["applied"])
    return Share(reached, len(core))


@dataclass(frozen=True)
class Quarter:
    year: int
    quarter: int
    share: Share

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.quarter}"

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> dt.date:
        if self.quarter == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.quarter + 1, 1) - dt.timedelta(days=1)


def quarters(evidence, focus_ids, shared_ids, ref: dt.date | None, window_months: int) -> list[Quarter]:
    """Focus share per calendar quarter: the last ceil(window / 3) quarters, ending with the
    reference day's quarter (whole quarters, so each bar compares like with like)."""
    if ref is None:
        return []
    last = ref.year * 4 + (ref.month - 1) // 3
    index = last - (window_months + 2) // 3 + 1
    out = []
    while index <= last:
        year, q = divmod(index, 4)
        probe = Quarter(year, q + 1, Share(0, 0))
        out.append(Quarter(year, q + 1, focus_share(evidence, focus_ids, shared_ids, probe.start, probe.end)))
        index += 1
    return out


def trend_word(points: list[Quarter]) -> str:
    """'rising', 'falling' or 'steady': the latest quarter with evidence against the mean of the
    earlier ones; a change under 10 points is steady."""
    values = [p.share.value for p in points if p.share.value is not None]
    if len(values) < 2:
        return "not enough data"
    earlier = sum(values[:-1]) / len(values[:-1])
    change = values[-1] - earlier
    if change >= 0.10:
        return "rising"
    if change <= -0.10:
        return "falling"
    return "steady"


@dataclass(frozen=True)
class GapStory:
    skill_id: str
    found: object  # the first Evidence naming it as a gap
    later_posts: tuple
    later_projects: tuple

    @property
    def state(self) -> str:
        """closed: a later project uses it; learning: only later posts; open: nothing later yet."""
        if self.later_projects:
            return "closed"
        if self.later_posts:
            return "learning"
        return "open"

    @property
    def closed_on(self) -> dt.date | None:
        if not self.later_projects:
            return None
        # A project dated before the gap post only counts from its Modified date.
        return min(e.day if e.day >= self.found.day else e.last_day for e in self.later_projects)

    @property
    def shipped(self) -> bool:
        return any(e.is_shipped_project for e in self.later_projects)


def gap_stories(evidence) -> list[GapStory]:
    """One story per skill named in Gaps: found (first gap post) -> later posts -> later projects."""
    stories = []
    by_skill: dict[str, list] = {}
    for item in evidence:
        by_skill.setdefault(item.skill_id, []).append(item)
    for skill_id in sorted(by_skill):
        items = sorted(by_skill[skill_id])
        gaps = [e for e in items if e.role == "gap"]
        if not gaps:
            continue
        found = gaps[0]
        # A project counts from its Modified date too: work on it after the gap post is growth.
        later = [e for e in items if e.role == "skill" and e.last_day >= found.day and e.source != found.source]
        stories.append(GapStory(skill_id, found, tuple(e for e in later if e.is_post),
                                tuple(e for e in later if e.kind == "project")))
    return stories


def monthly_counts(evidence, last_months: int = 24, min_months: int = 12,
                   until: dt.date | None = None) -> list[tuple[str, int]]:
    """(YYYY-MM, count) for each month from the first evidence to ``until`` (the map's reference
    day; default the last evidence), months without evidence included as 0, so the empty months
    since the latest evidence show how stale a skill is: at least ``min_months`` (earlier months
    padded, so a new skill's timeline still reads as a year) and at most the last ``last_months``."""
    items = [e for e in evidence if e.role == "skill"] or list(evidence)
    if not items:
        return []
    first = min(e.day for e in items)
    last = max(e.day for e in items)
    if until is not None and until > last:
        last = until
    counts: dict[tuple[int, int], int] = {}
    for e in items:
        counts[(e.day.year, e.day.month)] = counts.get((e.day.year, e.day.month), 0) + 1
    index, end = first.year * 12 + first.month - 1, last.year * 12 + last.month - 1
    index = min(index, end - min_months + 1)
    index = max(index, end - last_months + 1)
    out = []
    while index <= end:
        year, month = divmod(index, 12)
        out.append((f"{year:04d}-{month + 1:02d}", counts.get((year, month + 1), 0)))
        index += 1
    return out


def age_words(day: dt.date | None, ref: dt.date | None) -> str | None:
    """How long before ``ref`` ``day`` is, in words a reader takes in at a glance: "the same
    day", "5 days", "3 weeks", "8 months", "2 years" (whole units, rounded down)."""
    if day is None or ref is None:
        return None
    days = (ref - day).days
    if days <= 0:
        return "the same day"

    def unit(count: int, name: str) -> str:
        return f"{count} {name}{'' if count == 1 else 's'}"

    if days < 14:
        return unit(days, "day")
    months = (ref.year - day.year) * 12 + ref.month - day.month - (ref.day < day.day)
    if months < 2:
        return unit(days // 7, "week")
    if months < 24:
        return unit(months, "month")
    return unit(months // 12, "year")


def items_in(evidence, shared_ids, start: dt.date | None, end: dt.date | None) -> int:
    """How many posts and projects the focus share counts: those in [start, end] naming a skill
    that is not a soft skill (the share counts their skill mentions)."""
    sources = {item.source for item in evidence
               if item.role == "skill" and item.skill_id not in shared_ids
               and not (start is not None and item.day < start or end is not None and item.day > end)}
    return len(sources)
