"""Reading Skills and Gaps from content objects: resolution, kinds, dates, drafts."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from skill_map.evidence import as_list, collect, kind_of, resolve_item
from skill_map.taxonomy import load_taxonomy

TAXONOMY, _ = load_taxonomy()
TZ = dt.timezone(dt.timedelta(hours=1))


def post(title, skills=(), gaps=(), category="Learning Log", day="2026-01-05", lines=None):
    metadata = {"skills": list(skills), "gaps": list(gaps), "meta_lines": lines or {"skills": 5, "gaps": 6}}
    return SimpleNamespace(title=title, metadata=metadata, source_path=f"/site/content/posts/{title}.md",
                           url=f"posts/{title}/", category=category,
                           date=dt.datetime.fromisoformat(day).replace(tzinfo=TZ))


def project(title, skills, status="shipped", repo=None, demo=None, day="2026-02-01"):
    return SimpleNamespace(title=title, metadata={"skills": list(skills), "meta_lines": {"skills": 5}},
                           skills=list(skills), source_path=f"/site/content/projects/{title}.md", url=f"projects/{title}/",
                           project_status=status, repo=repo, demo=demo,
                           date=dt.datetime.fromisoformat(day).replace(tzinfo=TZ))


def test_as_list_accepts_lists_and_comma_strings():
    assert as_list(None) == [] and as_list(["a", " b ", ""]) == ["a", "b"] and as_list("a, b,,c") == ["a", "b", "c"]


def test_kind_from_category():
    assert kind_of(post("x", category="Learning Log"), False) == "learning-log"
    assert kind_of(post("x", category="reflections"), False) == "reflection"
    assert kind_of(post("x", category="Notes"), False) == "post"
    assert kind_of(post("x", category=None), False) == "post"
    assert kind_of(project("p", []), True) == "project"


def test_resolve_item_keeps_order_and_drops_repeats():
    resolved, problems = resolve_item(post("a", ["JS", "javascript", "a11y"], ["React"]), TAXONOMY, False)
    assert problems == []
    assert resolved == {"skills": ["javascript", "accessibility"], "gaps": ["react"]}


def test_unknown_ids_name_file_line_id_and_suggestions():
    _, problems = resolve_item(post("a", ["promsies"], ["reactt"]), TAXONOMY, False)
    assert [(p.path, p.line, p.message) for p in problems] == [
        ("/site/content/posts/a.md", 5, "unknown skill 'promsies' in Skills"),
        ("/site/content/posts/a.md", 6, "unknown skill 'reactt' in Gaps"),
    ]
    assert problems[0].hint.startswith("did you mean 'promises'?")


def test_projects_have_no_gaps_and_use_links_for_shipping():
    evidence, _, problems = collect([], [project("quiz", ["react"], demo="https://x.example"),
                                         project("todo", ["react"], status="in-progress")], TAXONOMY)
    assert problems == []
    assert [(e.title, e.kind, e.project_status, e.has_link, e.is_shipped_project) for e in evidence] == [
        ("quiz", "project", "shipped", True, True), ("todo", "project", "in-progress", False, False)]


def test_drafts_are_checked_but_are_not_evidence():
    draft = post("draft", ["vue", "flexbx"])
    evidence, resolved, problems = collect([post("a", ["css"], day="2026-03-01")], [], TAXONOMY, [draft])
    assert [e.skill_id for e in evidence] == ["css"]
    assert resolved[id(draft)]["skills"] == ["vue"]
    assert [p.message for p in problems] == ["unknown skill 'flexbx' in Skills"]


def test_evidence_is_sorted_by_date_then_source_with_local_dates():
    evidence, _, _ = collect([post("b", ["css"], day="2026-03-01T23:30"), post("a", ["css", "dom"], day="2026-03-01")],
                             [], TAXONOMY)
    assert [(e.day.isoformat(), e.title, e.skill_id) for e in evidence] == [
        ("2026-03-01", "a", "css"), ("2026-03-01", "a", "dom"), ("2026-03-01", "b", "css")]
