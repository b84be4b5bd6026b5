"""Evidence: which published posts and projects name which skills (or gaps), resolved to ids."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from foothold.yamlfile import FileProblem

# The content model marks a file that still holds prompts of `invoke new` (foothold/placeholders.py):
# unwritten content is no evidence, whatever its Skills say.
UNWRITTEN_KEY = "unwritten"

KINDS = ("learning-log", "reflection", "post", "project")
KIND_LABELS = {"learning-log": "learning log", "reflection": "reflection", "post": "post", "project": "project"}
CATEGORY_KINDS = {"learning log": "learning-log", "reflections": "reflection", "reflection": "reflection"}


@dataclass(frozen=True, order=True)
class Evidence:
    """One content item naming one skill. Ordered by date, then source, so output is stable."""

    day: dt.date
    source: str
    skill_id: str
    role: str  # "skill" (the item shows the skill) or "gap" (the post names it as a weakness)
    kind: str
    title: str
    url: str
    project_status: str | None = None
    has_link: bool = False  # project with a demo or a repo
    updated: dt.date | None = None  # Modified, if later than the date (projects keep growing)

    @property
    def last_day(self) -> dt.date:
        return max(self.day, self.updated) if self.updated else self.day

    @property
    def is_post(self) -> bool:
        return self.kind != "project"

    @property
    def is_shipped_project(self) -> bool:
        return self.kind == "project" and self.project_status == "shipped" and self.has_link


def as_list(value) -> list[str]:
    """The content model gives lists; a bare string (another reader) is split on commas."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part for part in (p.strip() for p in value.split(",")) if part]
    return [str(part).strip() for part in value if str(part).strip()]


def kind_of(item, is_project: bool) -> str:
    if is_project:
        return "project"
    category = getattr(item, "category", None)
    return CATEGORY_KINDS.get(str(category).strip().casefold(), "post") if category else "post"


def day_of(item, attribute: str = "date") -> dt.date | None:
    date = getattr(item, attribute, None)
    if isinstance(date, dt.datetime):
        return date.date()
    if isinstance(date, dt.date):
        return date
    return dt.date.min if attribute == "date" else None


def _unknown(taxonomy, raw, path, line, key) -> FileProblem:
    normal = raw.strip().casefold()
    if normal in taxonomy.dropped:
        return FileProblem(path, line, f"skill '{raw}' in {key} was dropped in skills.yml",
                           "remove it here, or take it out of drop: in content/skills.yml")
    close = taxonomy.suggest(raw)
    hint = ("did you mean " + ", ".join(f"'{c}'" for c in close) + "? " if close else "") + \
        "or add it under skills: in content/skills.yml"
    return FileProblem(path, line, f"unknown skill '{raw}' in {key}", hint)


def resolve_item(item, taxonomy, is_project: bool, memo=None) -> tuple[dict[str, list[str]], list[FileProblem]]:
    """Resolve one item's Skills (and Gaps, for posts) to ids, in the order written, without repeats.

    ``memo`` (raw string -> id) is a per-build dict: sites repeat the same few values thousands of times.
    """
    memo = {} if memo is None else memo
    metadata = getattr(item, "metadata", {}) or {}
    lines = metadata.get("meta_lines") or {}
    path = getattr(item, "source_path", "") or ""
    problems = []
    resolved: dict[str, list[str]] = {}
    keys = ("skills",) if is_project else ("skills", "gaps")
    for key in keys:
        raw_values = metadata.get(key)
        if raw_values is None and key == "skills" and is_project:
            raw_values = getattr(item, "skills", None)
        ids: list[str] = []
        for raw in as_list(raw_values):
            skill_id = memo[raw] if raw in memo else memo.setdefault(raw, taxonomy.resolve(raw))
            if skill_id is None:
                problems.append(_unknown(taxonomy, raw, path, lines.get(key), key.capitalize()))
            elif skill_id not in ids:
                ids.append(skill_id)
        resolved[key] = ids
    return resolved, problems


def is_unwritten(item) -> bool:
    return bool((getattr(item, "metadata", None) or {}).get(UNWRITTEN_KEY))


def collect(posts, projects, taxonomy, checked_only=()) -> tuple[list[Evidence], dict[int, dict], list[FileProblem]]:
    """Evidence from published ``posts`` and ``projects`` that are written (not is_unwritten).

    ``checked_only`` are items (drafts, hidden) whose ids are validated and resolved for chips but
    which are not evidence. Returns the evidence (sorted), the resolved ids per item (by ``id()``)
    and the problems.
    """
    evidence: list[Evidence] = []
    resolved_by_item: dict[int, dict] = {}
    problems: list[FileProblem] = []
    memo: dict[str, str | None] = {}
    for items, is_project, counts in ((posts, False, True), (projects, True, True), (checked_only, False, False)):
        for item in items:
            project = is_project or hasattr(item, "project_status")
            resolved, found = resolve_item(item, taxonomy, project, memo)
            problems += found
            resolved_by_item[id(item)] = resolved
            if not counts or is_unwritten(item):
                continue
            kind = kind_of(item, project)
            base = dict(
                day=day_of(item), source=str(getattr(item, "source_path", "")), kind=kind,
                title=str(getattr(item, "title", "")), url=str(getattr(item, "url", "")),
                project_status=getattr(item, "project_status", None) if project else None,
                has_link=bool(getattr(item, "demo", None) or getattr(item, "repo", None)) if project else False,
                updated=day_of(item, "modified") if project else None,
            )
            for skill_id in resolved.get("skills", ()):
                evidence.append(Evidence(skill_id=skill_id, role="skill", **base))
            for skill_id in resolved.get("gaps", ()):
                evidence.append(Evidence(skill_id=skill_id, role="gap", **base))
    return sorted(evidence), resolved_by_item, sorted(set(problems))
