"""Focus, coverage, trend and growth figures, table-driven."""

from __future__ import annotations

import datetime as dt

import pytest
from skill_helpers import ev

from skill_map import stats

D = dt.date


@pytest.mark.parametrize("day, months, expected", [
    (D(2026, 3, 31), 1, D(2026, 2, 28)), (D(2024, 3, 31), 1, D(2024, 2, 29)), (D(2026, 1, 15), 12, D(2025, 1, 15)),
    (D(2026, 1, 15), 1, D(2025, 12, 15)), (D(2026, 5, 31), 3, D(2026, 2, 28)), (D(2026, 7, 4), 0, D(2026, 7, 4)),
])
def test_months_before(day, months, expected):
    assert stats.months_before(day, months) == expected


def test_reference_day_is_override_or_newest_evidence_never_the_clock():
    items = [ev("2025-05-01"), ev("2026-02-01")]
    assert stats.reference_day(items, None) == D(2026, 2, 1)
    assert stats.reference_day(items, D(2030, 1, 1)) == D(2030, 1, 1)
    assert stats.reference_day([], None) is None


FOCUS = frozenset({"promises", "css"})
SHARED = frozenset({"resilience"})


@pytest.mark.parametrize("items, start, end, inside, total", [
    ([], None, None, 0, 0),
    ([ev("2026-01-01", "promises"), ev("2026-01-02", "python")], None, None, 1, 2),
    ([ev("2026-01-01", "promises"), ev("2026-01-02", "resilience")], None, None, 1, 1),  # soft skills left out
    ([ev("2026-01-01", "promises"), ev("2026-01-02", "python", role="gap")], None, None, 1, 1),  # gaps left out
    ([ev("2025-01-01", "python"), ev("2026-01-01", "css")], D(2025, 6, 1), D(2026, 6, 1), 1, 1),  # window
    ([ev("2026-06-02", "python"), ev("2026-06-01", "css")], D(2025, 6, 1), D(2026, 6, 1), 1, 1),  # end inclusive
])
def test_focus_share(items, start, end, inside, total):
    share = stats.focus_share(items, FOCUS, SHARED, start, end)
    assert (share.inside, share.total) == (inside, total)
    assert share.value is None if total == 0 else share.value == inside / total


@pytest.mark.parametrize("levels, core, reached, total", [
    ({}, [], 0, 0),
    ({"css": "learning"}, ["css", "dom"], 0, 2),
    ({"css": "applied", "dom": "deep", "git": "shipped"}, ["css", "dom"], 2, 2),
    ({"css": "applied", "dom": "none"}, ["css", "dom", "git"], 1, 3),
])
def test_coverage(levels, core, reached, total):
    share = stats.coverage(levels, core)
    assert (share.inside, share.total) == (reached, total)


def test_quarters_cover_the_window_in_whole_quarters():
    items = [ev("2025-05-10", "css"), ev("2025-11-02", "python"), ev("2026-02-01", "css"), ev("2026-03-01", "css")]
    points = stats.quarters(items, FOCUS, SHARED, D(2026, 3, 1), 12)
    assert [p.label for p in points] == ["2025 Q2", "2025 Q3", "2025 Q4", "2026 Q1"]
    assert [(p.share.inside, p.share.total) for p in points] == [(1, 1), (0, 0), (0, 1), (2, 2)]
    assert stats.quarters(items, FOCUS, SHARED, None, 12) == []
    assert len(stats.quarters(items, FOCUS, SHARED, D(2026, 3, 1), 7)) == 3


def _q(*values):
    return [stats.Quarter(2026, 1, stats.Share(v, 10) if v is not None else stats.Share(0, 0)) for v in values]


@pytest.mark.parametrize("values, word", [
    ((), "not enough data"), ((5,), "not enough data"), ((None, 5, None), "not enough data"),
    ((2, 4, 8), "rising"), ((8, 8, 2), "falling"), ((5, 6, 5), "steady"), ((5, None, 6), "steady"),
])
def test_trend_word(values, word):
    assert stats.trend_word(_q(*values)) == word


def test_gap_stories_open_learning_closed():
    items = [
        ev("2026-01-10", "react", kind="reflection", role="gap", title="Rejected"),
        ev("2026-01-20", "react", title="React day 1"),
        ev("2026-03-01", "react", kind="project", status="shipped", link=True, title="Quiz"),
        ev("2026-01-10", "testing", kind="reflection", role="gap", title="Rejected"),
        ev("2026-02-10", "testing", title="Jest day 1"),
        ev("2026-01-10", "sql", kind="reflection", role="gap", title="Rejected"),
        ev("2025-12-01", "sql", kind="project", status="shipped", link=True, title="Old"),  # before: not growth
        ev("2026-02-01", "css"),
    ]
    stories = {s.skill_id: s for s in stats.gap_stories(items)}
    assert sorted(stories) == ["react", "sql", "testing"]
    assert stories["react"].state == "closed" and stories["react"].closed_on == D(2026, 3, 1) and stories["react"].shipped
    assert [e.title for e in stories["react"].later_posts] == ["React day 1"]
    assert stories["testing"].state == "learning" and stories["testing"].closed_on is None
    assert stories["sql"].state == "open"


def test_monthly_counts_fill_empty_months_and_cap():
    items = [ev("2025-11-03"), ev("2025-11-20"), ev("2026-02-01")]
    assert stats.monthly_counts(items, min_months=1) == [("2025-11", 2), ("2025-12", 0), ("2026-01", 0), ("2026-02", 1)]
    assert stats.monthly_counts(items, last_months=2, min_months=1) == [("2026-01", 0), ("2026-02", 1)]
    padded = stats.monthly_counts(items)
    assert len(padded) == 12 and padded[0] == ("2025-03", 0) and padded[-1] == ("2026-02", 1)
    assert sum(count for _, count in padded) == 3
    assert stats.monthly_counts([]) == []


def test_a_project_updated_after_the_gap_post_closes_it():
    items = [
        ev("2026-10-14", "e2e-testing", kind="reflection", role="gap", title="Rejected"),
        ev("2026-09-28", "e2e-testing", kind="project", status="in-progress", title="Trail", updated="2026-11-20"),
        ev("2026-10-14", "css", kind="reflection", role="gap", title="Rejected"),
        ev("2026-09-28", "css", kind="project", status="in-progress", title="Old"),  # not touched since
    ]
    stories = {s.skill_id: s for s in stats.gap_stories(items)}
    assert stories["e2e-testing"].state == "closed" and stories["e2e-testing"].closed_on == D(2026, 11, 20)
    assert stories["css"].state == "open"


def test_timeline_runs_to_the_reference_day_so_staleness_shows():
    items = [ev("2025-11-03"), ev("2026-01-20")]
    months = stats.monthly_counts(items, min_months=1, until=D(2026, 5, 2))
    assert months[0] == ("2025-11", 1) and months[-1] == ("2026-05", 0)
    assert [m for m, c in months if c] == ["2025-11", "2026-01"]
    # A reference day before the last evidence (a pinned `today` in the past) does not cut it off.
    assert stats.monthly_counts(items, min_months=1, until=D(2025, 12, 1))[-1] == ("2026-01", 1)


@pytest.mark.parametrize("day, ref, words", [
    (D(2026, 5, 2), D(2026, 5, 2), "the same day"), (D(2026, 5, 1), D(2026, 5, 2), "1 day"),
    (D(2026, 4, 20), D(2026, 5, 2), "12 days"), (D(2026, 4, 2), D(2026, 5, 2), "4 weeks"),
    (D(2026, 3, 2), D(2026, 5, 2), "2 months"), (D(2026, 3, 3), D(2026, 5, 2), "8 weeks"),
    (D(2025, 5, 3), D(2026, 5, 2), "11 months"), (D(2024, 5, 2), D(2026, 5, 2), "2 years"),
    (None, D(2026, 5, 2), None), (D(2026, 5, 2), None, None),
])
def test_age_words(day, ref, words):
    assert stats.age_words(day, ref) == words


def test_items_in_counts_posts_and_projects_not_mentions():
    items = [ev("2026-01-05", "promises", source="a.md"), ev("2026-01-05", "css", source="a.md"),
             ev("2026-02-01", "css", source="b.md"), ev("2026-02-03", "resilience", source="c.md"),
             ev("2026-02-04", "css", role="gap", source="d.md"), ev("2025-01-01", "css", source="old.md")]
    assert stats.items_in(items, frozenset({"resilience"}), D(2025, 6, 1), D(2026, 6, 1)) == 2
    assert stats.focus_share(items, FOCUS, frozenset({"resilience"}), D(2025, 6, 1), D(2026, 6, 1)).total == 3
