"""Properties that must hold for any evidence: checked with hypothesis."""

from __future__ import annotations

import datetime as dt

from skill_helpers import ev
from hypothesis import given, settings
from hypothesis import strategies as st

from skill_map.levels import RANK, derive_level
from skill_map.skillmap import compute_map, to_json
from skill_map.taxonomy import load_taxonomy

TAXONOMY, _ = load_taxonomy()
SKILLS = ["promises", "css", "react", "python", "resilience", "docker", "git"]

items = st.builds(
    lambda day, skill, kind, role, status, link, n: ev(day, skill, kind=kind, role=role, status=status, link=link,
                                                       source=f"src/{n}.md", title=f"Item {n}"),
    day=st.dates(dt.date(2023, 1, 1), dt.date(2026, 12, 31)),
    skill=st.sampled_from(SKILLS),
    kind=st.sampled_from(["learning-log", "reflection", "post", "project"]),
    role=st.sampled_from(["skill", "skill", "skill", "gap"]),
    status=st.sampled_from(["shipped", "in-progress", "archived"]),
    link=st.booleans(),
    n=st.integers(0, 40),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(items, max_size=25), items)
def test_adding_evidence_never_lowers_a_level(evidence, extra):
    before = derive_level([e for e in evidence if e.skill_id == extra.skill_id])
    after = derive_level([e for e in evidence + [extra] if e.skill_id == extra.skill_id])
    assert RANK[after.level] >= RANK[before.level]


@settings(max_examples=100, deadline=None)
@given(st.lists(items, max_size=30), st.sampled_from(["front-end", "back-end", "data", "devops", "full-stack"]),
       st.integers(1, 36))
def test_shares_stay_between_zero_and_one(evidence, focus, window):
    skill_map = compute_map(TAXONOMY, evidence, focus, window_months=window)
    for share in [skill_map.focus_share, skill_map.coverage] + [q.share for q in skill_map.trend]:
        assert 0 <= share.inside <= share.total
        assert share.value is None or 0.0 <= share.value <= 1.0


@settings(max_examples=100, deadline=None)
@given(st.lists(items, max_size=30), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_file_order(evidence, rnd):
    shuffled = list(evidence)
    rnd.shuffle(shuffled)
    first = to_json(compute_map(TAXONOMY, evidence, "front-end"))
    second = to_json(compute_map(TAXONOMY, shuffled, "front-end"))
    assert first == second
