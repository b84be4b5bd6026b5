"""The skill map of one build: taxonomy + evidence -> levels, focus, growth, in template-ready form."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import stats
from .evidence import KIND_LABELS, Evidence
from .levels import LEVELS, RANK, RULES, derive_level
from .taxonomy import Specialization, Taxonomy


@dataclass
class SkillEntry:
    id: str
    name: str
    description: str
    level: str
    reason: str
    next_step: str | None
    in_focus: bool
    core: bool
    shared: bool
    area_names: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    url: str | None = None
    save_as: str | None = None
    self_assessment: str | None = None
    gap: stats.GapStory | None = None
    reference_date: dt.date | None = None  # the map's "today": timelines run to it, ages count to it

    @property
    def rank(self) -> int:
        return RANK[self.level]

    @property
    def shown(self) -> tuple[Evidence, ...]:
        return tuple(e for e in self.evidence if e.role == "skill")

    @property
    def first(self) -> dt.date | None:
        return self.shown[0].day if self.shown else None

    @property
    def latest(self) -> dt.date | None:
        return self.shown[-1].day if self.shown else None

    @property
    def evidence_newest_first(self) -> list[Evidence]:
        return sorted(self.evidence, key=lambda e: (e.day, e.source), reverse=True)

    @property
    def timeline(self) -> list[tuple[str, int]]:
        return stats.monthly_counts(self.evidence, until=self.reference_date)

    @property
    def latest_age(self) -> str | None:
        """How long before the map's reference day the latest evidence is ("8 months")."""
        return stats.age_words(self.latest, self.reference_date)

    @property
    def projects(self) -> list[Evidence]:
        """The projects that use this skill, newest first (the skill page lists them first)."""
        return [e for e in self.evidence_newest_first if e.kind == "project" and e.role == "skill"]

    @property
    def posts(self) -> list[Evidence]:
        return [e for e in self.evidence_newest_first if not (e.kind == "project" and e.role == "skill")]

    def chip(self, role: str = "skill") -> dict:
        return {"id": self.id, "name": self.name, "url": self.url, "level": self.level, "rank": self.rank, "role": role}


@dataclass
class AreaView:
    id: str
    name: str
    entries: list[SkillEntry]


@dataclass
class SkillMap:
    focus: Specialization
    reference_date: dt.date | None
    window_months: int
    focus_share: stats.Share
    focus_items: int  # posts and projects behind focus_share (which counts their skill mentions)
    coverage: stats.Share
    trend: list[stats.Quarter]
    trend_word: str
    areas: list[AreaView]
    shared_areas: list[AreaView]
    breadth: list[SkillEntry]
    skills: dict[str, SkillEntry]
    gaps: list[stats.GapStory]
    top_skills: list[SkillEntry]
    knows_about: list[str]
    url: str
    json_url: str
    evidence: list[Evidence] = field(default_factory=list)
    level_rules: tuple = RULES
    kind_labels: dict = field(default_factory=lambda: dict(KIND_LABELS))

    @property
    def focus_name(self) -> str:
        return self.focus.name

    @property
    def window_start(self) -> dt.date | None:
        return stats.months_before(self.reference_date, self.window_months) if self.reference_date else None

    @property
    def open_gaps(self) -> list[stats.GapStory]:
        return [g for g in self.gaps if g.state != "closed"]

    @property
    def closed_gaps(self) -> list[stats.GapStory]:
        return [g for g in self.gaps if g.state == "closed"]

    @property
    def pages(self) -> list[SkillEntry]:
        return [self.skills[k] for k in sorted(self.skills) if self.skills[k].url]


def compute_map(taxonomy: Taxonomy, evidence: list[Evidence], focus_id: str, *, window_months: int = 12,
                today: dt.date | None = None, top_skills: int = 6, knows_about_level: str = "applied",
                map_url: str = "skills/", skill_url: str = "skills/{id}/", skill_save_as: str = "skills/{id}/index.html",
                json_url: str = "skills.json") -> SkillMap:
    """Everything the pages need. Pure: same inputs, same map (whatever the order of ``evidence``)."""
    evidence = sorted(evidence)
    focus = taxonomy.specializations[focus_id]
    shared_specs = [s for s in taxonomy.specializations.values() if s.shared and s.id != focus_id]
    shared_ids = taxonomy.shared_ids()
    focus_ids = frozenset(focus.skill_ids) - shared_ids
    core_ids = frozenset(focus.core_ids) - shared_ids

    by_skill: dict[str, list[Evidence]] = {}
    for item in evidence:
        by_skill.setdefault(item.skill_id, []).append(item)
    stories = {g.skill_id: g for g in stats.gap_stories(evidence)}

    shown_ids = set(by_skill) | set(focus.skill_ids) | {s for spec in shared_specs for s in spec.skill_ids}
    entries: dict[str, SkillEntry] = {}
    for skill_id in sorted(shown_ids):
        skill = taxonomy.skills.get(skill_id)
        if skill is None:
            continue
        items = tuple(by_skill.get(skill_id, ()))
        result = derive_level(items)
        areas = [a for a in focus.areas if skill_id in a.skills] or \
            [a for spec in shared_specs for a in spec.areas if skill_id in a.skills] or taxonomy.areas_of(skill_id)
        entries[skill_id] = SkillEntry(
            id=skill_id, name=skill.name, description=skill.description, level=result.level,
            reason=result.reason, next_step=result.next_step, in_focus=skill_id in focus_ids,
            core=skill_id in core_ids, shared=skill_id in shared_ids,
            area_names=tuple(sorted({a.name for a in areas})), evidence=items,
            url=skill_url.format(id=skill_id) if items else None,
            save_as=skill_save_as.format(id=skill_id) if items else None,
            self_assessment=skill.self_assessment, gap=stories.get(skill_id),
        )

    ref = stats.reference_day(evidence, today)
    for entry in entries.values():
        entry.reference_date = ref

    def view(spec):
        return [AreaView(a.id, a.name, [entries[s] for s in a.skills if s in entries]) for a in spec.areas]

    start = stats.months_before(ref, window_months) if ref else None
    levels = {k: e.level for k, e in entries.items()}
    points = stats.quarters(evidence, focus_ids, shared_ids, ref, window_months)
    technical = [e for e in entries.values() if not e.shared and e.rank >= RANK["learning"]]
    top = sorted(technical, key=lambda e: (-e.rank, -len(e.shown), e.name.casefold(), e.id))[:top_skills]
    floor = RANK[knows_about_level]
    knows = sorted((e for e in entries.values() if e.rank >= floor), key=lambda e: (-e.rank, e.name.casefold(), e.id))
    breadth = sorted((e for e in entries.values() if not e.in_focus and not e.shared and e.evidence),
                     key=lambda e: (-e.rank, e.name.casefold(), e.id))
    return SkillMap(
        focus=focus, reference_date=ref, window_months=window_months,
        focus_share=stats.focus_share(evidence, focus_ids, shared_ids, start, ref),
        focus_items=stats.items_in(evidence, shared_ids, start, ref),
        coverage=stats.coverage(levels, core_ids), trend=points, trend_word=stats.trend_word(points),
        areas=view(focus), shared_areas=[a for spec in shared_specs for a in view(spec)], breadth=breadth,
        skills=entries, gaps=[stories[k] for k in sorted(stories)], top_skills=top,
        knows_about=[e.name for e in knows], url=map_url, json_url=json_url, evidence=evidence,
    )


def chips_for(resolved: dict, skill_map: SkillMap) -> list[dict]:
    """Chips for one item: its Skills, then its Gaps, each linking to the skill's page if it has one."""
    chips = []
    for role, key in (("skill", "skills"), ("gap", "gaps")):
        for skill_id in resolved.get(key, ()):
            entry = skill_map.skills.get(skill_id)
            if entry is not None:
                chips.append(entry.chip(role))
    return chips


SCHEMA_VERSION = "1.0"


def to_json(skill_map: SkillMap, site_url: str = "") -> dict:
    """The /skills.json document (schema: schema/skills.schema.json). URLs are site-relative."""

    def iso(day):
        return day.isoformat() if day else None

    def item(e: Evidence):
        out = {"date": iso(e.day), "kind": e.kind, "role": e.role, "title": e.title, "url": e.url}
        if e.kind == "project":
            out["project_status"] = e.project_status
        return out

    skills = []
    for skill_id in sorted(skill_map.skills):
        e = skill_map.skills[skill_id]
        skills.append({
            "id": e.id, "name": e.name, "areas": list(e.area_names), "in_focus": e.in_focus, "core": e.core,
            "shared": e.shared, "level": e.level, "why": e.reason, "self_assessment": e.self_assessment,
            "first": iso(e.first), "latest": iso(e.latest), "url": e.url,
            "evidence": [item(x) for x in e.evidence],
        })
    return {
        "version": SCHEMA_VERSION,
        "focus": {"id": skill_map.focus.id, "name": skill_map.focus.name},
        "reference_date": iso(skill_map.reference_date),
        "window_months": skill_map.window_months,
        "focus_share": {"inside": skill_map.focus_share.inside, "total": skill_map.focus_share.total,
                        "share": skill_map.focus_share.value},
        "coverage": {"reached": skill_map.coverage.inside, "core": skill_map.coverage.total,
                     "share": skill_map.coverage.value},
        "trend": {"direction": skill_map.trend_word,
                  "quarters": [{"quarter": q.label, "inside": q.share.inside, "total": q.share.total,
                                "share": q.share.value} for q in skill_map.trend]},
        "levels": [{"level": name, "rule": rule} for name, rule in reversed(skill_map.level_rules)],
        "skills": skills,
        "gaps": [{"skill": g.skill_id, "state": g.state, "found": iso(g.found.day), "found_in": g.found.url,
                  "closed": iso(g.closed_on)} for g in skill_map.gaps],
    }


__all__ = ["SkillMap", "SkillEntry", "compute_map", "chips_for", "to_json", "LEVELS"]
