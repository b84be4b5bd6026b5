"""The level rules, table-driven: each row is a set of evidence and the level it must give."""

from __future__ import annotations

import pytest
from skill_helpers import ev

from skill_map.levels import LEVELS, RULES, derive_level

S, L = "shipped", "learning-log"

CASES = [
    ("nothing", [], "none", "no post or project"),
    ("gap only", [ev("2026-01-05", role="gap", kind="reflection", title="Rejected")], "none", "named as a gap in “Rejected”"),
    ("one learning log", [ev("2026-01-05")], "learning", "written about in 1 post"),
    ("a reflection counts as writing", [ev("2026-01-05", kind="reflection")], "learning", "not used in a project yet"),
    ("other post", [ev("2026-01-05", kind="post")], "learning", "1 post"),
    ("in-progress project", [ev("2026-02-01", kind="project", status="in-progress", title="Weather")],
     "applied", "used in the project(s) “Weather” (in-progress); no shipped project"),
    ("archived project", [ev("2026-02-01", kind="project", status="archived", link=True)], "applied", "archived"),
    ("shipped without demo or repo", [ev("2026-02-01", kind="project", status=S, link=False)], "applied", "shipped"),
    ("shipped with a link", [ev("2026-02-01", kind="project", status=S, link=True, title="Quiz")],
     "shipped", "shipped project(s) “Quiz”"),
    ("two shipped, posts in two months",
     [ev("2026-01-01", kind="project", status=S, link=True, title="A"), ev("2026-02-01", kind="project", status=S, link=True, title="B"),
      ev("2026-01-05"), ev("2026-02-05")], "shipped", "shipped project(s)"),
    ("one shipped, posts in three months",
     [ev("2026-01-01", kind="project", status=S, link=True), ev("2026-01-05"), ev("2026-02-05"), ev("2026-03-05")],
     "shipped", "used in the shipped"),
    ("two shipped, posts in three months",
     [ev("2026-01-01", kind="project", status=S, link=True, title="A"), ev("2026-02-01", kind="project", status=S, link=True, title="B"),
      ev("2026-01-05"), ev("2026-02-05"), ev("2026-03-05", kind="reflection")], "deep",
     "shipped in 2 projects (“A”, “B”) and written about in 3 posts over 3 months"),
    ("three posts in one month do not make deep",
     [ev("2026-01-01", kind="project", status=S, link=True, title="A"), ev("2026-02-01", kind="project", status=S, link=True, title="B"),
      ev("2026-01-05"), ev("2026-01-06"), ev("2026-01-07")], "shipped", "deep needs posts in 2 more month(s)"),
    ("gaps do not count as writing",
     [ev("2026-01-01", kind="project", status=S, link=True, title="A"), ev("2026-02-01", kind="project", status=S, link=True, title="B"),
      ev("2026-01-05"), ev("2026-02-05"), ev("2026-03-05", role="gap")], "shipped", "deep needs"),
]


@pytest.mark.parametrize("label, evidence, level, reason", CASES, ids=[c[0] for c in CASES])
def test_level_rules(label, evidence, level, reason):
    result = derive_level(evidence)
    assert result.level == level
    assert reason in f"{result.reason} | {result.next_step}"


def test_next_step_is_named_below_deep():
    assert derive_level([ev("2026-01-05")]).next_step.startswith("applied needs")
    assert derive_level([ev("2026-01-05", kind="project", status="in-progress")]).next_step.startswith("shipped needs")
    assert derive_level([ev("2026-01-05", kind="project", status=S, link=True)]).next_step.startswith("deep needs")


def test_long_title_lists_are_shortened():
    items = [ev(f"2026-01-{d:02d}", title=f"Post {d}") for d in range(1, 7)]
    assert "and 3 more" in derive_level(items).reason


def test_rules_cover_every_level_once():
    assert sorted(level for level, _ in RULES) == sorted(LEVELS)
