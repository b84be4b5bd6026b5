"""The skill taxonomy: specializations -> areas -> skills, loaded from the shipped YAML files
plus the author's ``content/skills.yml``, validated, and able to resolve what authors write.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from foothold.yamlfile import FileProblem, YamlDoc, dotted, load_yaml

from .yamlfile import schema_problems

DEFAULTS_DIR = Path(__file__).parent / "taxonomies"
CATALOG_FILE = "catalog.yml"


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    self_assessment: str | None = None


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    specialization: str
    core: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()

    @property
    def skills(self) -> tuple[str, ...]:
        return self.core + self.optional

    @property
    def key(self) -> str:
        return f"{self.specialization}/{self.id}"


@dataclass(frozen=True)
class Specialization:
    id: str
    name: str
    areas: tuple[Area, ...]
    description: str = ""
    shared: bool = False

    @property
    def skill_ids(self) -> tuple[str, ...]:
        return tuple(s for area in self.areas for s in area.skills)

    @property
    def core_ids(self) -> tuple[str, ...]:
        return tuple(s for area in self.areas for s in area.core)


def normalise(text: str) -> str:
    """Lookup key: case-insensitive, and spaces, hyphens and underscores count as one separator."""
    return re.sub(r"[\s_\-]+", "-", str(text).strip().casefold())


@dataclass
class Taxonomy:
    skills: dict[str, Skill]
    specializations: dict[str, Specialization]
    dropped: frozenset[str] = frozenset()
    lookup: dict[str, str] = field(default_factory=dict)

    def resolve(self, raw: str) -> str | None:
        """The skill id that ``raw`` (an id, alias or name, any case) names, or None."""
        return self.lookup.get(normalise(raw))

    def suggest(self, raw: str, n: int = 3) -> list[str]:
        """Nearest known ids, for "did you mean" hints."""
        key = normalise(raw)
        scored = []
        for known, skill_id in self.lookup.items():
            ratio = difflib.SequenceMatcher(None, key, known).ratio()
            if ratio >= 0.6:
                scored.append((-ratio, skill_id))
        scored.sort()
        ids: list[str] = []
        for score, skill_id in scored:
            # Only near-ties of the best match: a clear winner should not come with noise.
            if skill_id not in ids and -score >= -scored[0][0] - 0.1:
                ids.append(skill_id)
        return ids[:n]

    def shared_ids(self) -> frozenset[str]:
        return frozenset(s for spec in self.specializations.values() if spec.shared for s in spec.skill_ids)

    def areas_of(self, skill_id: str) -> list[Area]:
        return [area for spec in self.specializations.values() for area in spec.areas if skill_id in area.skills]


def build_lookup(skills: dict[str, Skill]) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Map every id, alias and name to its id; also return (key, id, other id) clashes."""
    lookup: dict[str, str] = {}
    clashes = []
    # Ids first, so an alias can never hide another skill's id.
    for skill in skills.values():
        lookup[normalise(skill.id)] = skill.id
    for skill_id in sorted(skills):
        skill = skills[skill_id]
        for text in (skill.name, *skill.aliases):
            key = normalise(text)
            owner = lookup.get(key)
            if owner is None:
                lookup[key] = skill.id
            elif owner != skill.id:
                clashes.append((text, skill.id, owner))
    return lookup, clashes


def _skill_from(skill_id: str, entry: dict) -> Skill:
    return Skill(
        id=skill_id,
        name=str(entry["name"]).strip(),
        aliases=tuple(str(a).strip() for a in entry.get("aliases", ())),
        description=str(entry.get("description", "")).strip(),
    )


def _spec_from(doc: YamlDoc, spec_id: str, data: dict, base: tuple, known: set[str]) -> tuple[Specialization, list]:
    problems = []
    areas = []
    seen_areas: set[str] = set()
    seen_skills: dict[str, str] = {}
    for index, area in enumerate(data["areas"]):
        where = base + ("areas", index)
        if area["id"] in seen_areas:
            problems.append(FileProblem(doc.path, doc.line(*where, "id"), f"duplicate area id '{area['id']}' in '{spec_id}'",
                                        "give each area of a specialization its own id"))
        seen_areas.add(area["id"])
        lists = {}
        for kind in ("core", "optional"):
            ids = []
            for position, skill_id in enumerate(area.get(kind, ())):
                spot = where + (kind, position)
                if skill_id not in known:
                    close = difflib.get_close_matches(skill_id, sorted(known), n=3)
                    problems.append(FileProblem(
                        doc.path, doc.line(*spot), f"unknown skill id '{skill_id}' in '{dotted(spot)}'",
                        ("did you mean " + ", ".join(f"'{c}'" for c in close) + "? " if close else "")
                        + "define new skills under skills: in content/skills.yml",
                    ))
                    continue
                if skill_id in seen_skills:
                    problems.append(FileProblem(doc.path, doc.line(*spot),
                                                f"skill '{skill_id}' is listed twice in '{spec_id}'",
                                                f"it is already in area '{seen_skills[skill_id]}'; keep one"))
                    continue
                seen_skills[skill_id] = area["id"]
                ids.append(skill_id)
            lists[kind] = tuple(ids)
        if not area.get("core") and not area.get("optional"):
            problems.append(FileProblem(doc.path, doc.line(*where), f"area '{area['id']}' lists no skills",
                                        "add core: [...] or optional: [...] ids, or remove the area"))
        areas.append(Area(area["id"], str(area["name"]).strip(), spec_id, lists["core"], lists["optional"]))
    spec = Specialization(spec_id, str(data["name"]).strip(), tuple(areas),
                          str(data.get("description", "")).strip(), bool(data.get("shared", False)))
    return spec, problems


def _load_defaults(defaults_dir: Path, check: bool) -> tuple[dict, dict, list, dict]:
    problems: list[FileProblem] = []
    skills: dict[str, Skill] = {}
    skill_lines: dict[str, tuple[str, int | None]] = {}
    catalog, found = load_yaml(defaults_dir / CATALOG_FILE)
    problems += found
    if catalog is not None:
        found = schema_problems(catalog, "catalog.schema.json") if check else []
        problems += found
        if not found:
            for skill_id, entry in catalog.data["skills"].items():
                skills[skill_id] = _skill_from(skill_id, entry)
                skill_lines[skill_id] = (catalog.path, catalog.line("skills", skill_id))
    specs: dict[str, Specialization] = {}
    for path in sorted(defaults_dir.glob("*.yml")):
        if path.name == CATALOG_FILE:
            continue
        doc, found = load_yaml(path)
        problems += found
        if doc is None:
            continue
        found = schema_problems(doc, "specialization.schema.json") if check else []
        problems += found
        if found:
            continue
        spec_id = doc.data.get("id") or path.stem
        if spec_id != path.stem:
            problems.append(FileProblem(doc.path, doc.line("id"), f"id '{spec_id}' differs from the file name",
                                        f"name the file {spec_id}.yml or change the id to '{path.stem}'"))
        spec, found = _spec_from(doc, spec_id, doc.data, (), set(skills))
        problems += found
        specs[spec_id] = spec
    return skills, specs, problems, skill_lines


def _apply_customisation(doc: YamlDoc, skills: dict, specs: dict, problems: list, broken=frozenset()) -> frozenset[str]:
    """Apply content/skills.yml: new or renamed skills, areas, dropped skills, new specializations.

    ``broken`` holds (section, key) pairs that failed the schema; they are left out.
    """
    data = doc.data or {}
    if ("drop",) in {k[:1] for k in broken if k[:1] == ("drop",)}:
        data = {**data, "drop": []}
    custom_skills = {k: v for k, v in (data.get("skills") or {}).items() if ("skills", k) not in broken}
    # Skills first, so new specializations can use them.
    placements = []
    unplaced = []
    for skill_id, entry in custom_skills.items():
        entry = entry or {}
        where = ("skills", skill_id)
        if skill_id in skills:
            old = skills[skill_id]
            skills[skill_id] = replace(
                old,
                name=str(entry.get("name", old.name)).strip(),
                aliases=old.aliases + tuple(str(a).strip() for a in entry.get("aliases", ())),
                description=str(entry.get("description", old.description)).strip(),
                self_assessment=entry.get("self_assessment", old.self_assessment),
            )
        else:
            if "name" not in entry:
                problems.append(FileProblem(
                    doc.path, doc.line(*where),
                    f"new skill '{skill_id}' needs a name",
                    "write e.g. svelte: {name: Svelte, area: front-end/framework}; "
                    "to change a shipped skill use its id (see the did-you-mean ids in build errors)",
                ))
                continue
            if "area" not in entry:
                unplaced.append(skill_id)
            skills[skill_id] = Skill(skill_id, str(entry["name"]).strip(),
                                     tuple(str(a).strip() for a in entry.get("aliases", ())),
                                     str(entry.get("description", "")).strip(), entry.get("self_assessment"))
        if "area" in entry:
            placements.append((skill_id, entry["area"], bool(entry.get("core", False)), where))
    for spec_id, spec_data in (data.get("specializations") or {}).items():
        where = ("specializations", spec_id)
        if where in broken:
            continue
        found = schema_problems(doc, "specialization.schema.json", spec_data, where)
        if found:
            problems += found
            continue
        if spec_id in specs:
            problems.append(FileProblem(doc.path, doc.line(*where), f"specialization '{spec_id}' already exists",
                                        "pick another id, or customise single skills under skills:"))
            continue
        spec, found = _spec_from(doc, spec_id, spec_data, where, set(skills))
        problems += found
        specs[spec_id] = spec
    for skill_id, area_key, core, where in placements:
        spec_id, area_id = area_key.split("/", 1)
        spec = specs.get(spec_id)
        area = next((a for a in spec.areas if a.id == area_id), None) if spec else None
        if area is None:
            keys = sorted(a.key for s in specs.values() for a in s.areas)
            close = difflib.get_close_matches(area_key, keys, n=3, cutoff=0.8)
            problems.append(FileProblem(doc.path, doc.line(*where, "area"), f"unknown area '{area_key}' for skill '{skill_id}'",
                                        ("did you mean " + ", ".join(f"'{c}'" for c in close) + "?") if close
                                        else "areas are written specialization/area, e.g. front-end/framework"))
            continue
        if skill_id in spec.skill_ids:
            continue  # already there; renaming alone must not move it
        new_area = replace(area, core=area.core + (skill_id,)) if core else replace(area, optional=area.optional + (skill_id,))
        specs[spec_id] = replace(spec, areas=tuple(new_area if a.id == area_id else a for a in spec.areas))
    for skill_id in unplaced:
        if not any(skill_id in spec.skill_ids for spec in specs.values()):
            problems.append(FileProblem(
                doc.path, doc.line("skills", skill_id), f"new skill '{skill_id}' is in no area",
                "add area: specialization/area, e.g. area: front-end/framework, or list it in one of your specializations",
            ))
            del skills[skill_id]
    dropped = []
    for index, skill_id in enumerate(data.get("drop") or ()):
        if skill_id not in skills:
            close = difflib.get_close_matches(skill_id, sorted(skills), n=3)
            problems.append(FileProblem(doc.path, doc.line("drop", index), f"cannot drop unknown skill '{skill_id}'",
                                        ("did you mean " + ", ".join(f"'{c}'" for c in close) + "?") if close else None))
            continue
        if skill_id in custom_skills:
            problems.append(FileProblem(doc.path, doc.line("drop", index), f"skill '{skill_id}' is both changed and dropped",
                                        "remove it from skills: or from drop:"))
            continue
        dropped.append(skill_id)
        del skills[skill_id]
    if dropped:
        gone = set(dropped)
        for spec_id, spec in list(specs.items()):
            areas = tuple(replace(a, core=tuple(s for s in a.core if s not in gone),
                                  optional=tuple(s for s in a.optional if s not in gone)) for a in spec.areas)
            specs[spec_id] = replace(spec, areas=tuple(a for a in areas if a.skills))
    return frozenset(dropped)


def load_taxonomy(custom_path=None, defaults_dir=DEFAULTS_DIR,
                  check_shipped: bool = False) -> tuple[Taxonomy, list[FileProblem]]:
    """Load the shipped taxonomies and apply ``custom_path`` (content/skills.yml) if given.

    Never raises for bad files: returns what could be loaded plus every problem found. The files
    shipped in ``taxonomies/`` are checked against their schemas by the tests
    (``check_shipped=True``), not by every build: a build checks them only when they come from
    another folder. Checking them cost every build about 0.1 s (importing jsonschema and
    validating seven files) for files no author edits.
    """
    defaults_dir = Path(defaults_dir)
    check = check_shipped or defaults_dir.resolve() != DEFAULTS_DIR.resolve()
    skills, specs, problems, skill_lines = _load_defaults(defaults_dir, check)
    dropped: frozenset[str] = frozenset()
    custom_doc = None
    if custom_path is not None:
        custom_doc, found = load_yaml(custom_path)
        problems += found
        if custom_doc is not None and custom_doc.data is not None:
            found = schema_problems(custom_doc, "customisation.schema.json")
            problems += found
            # Entries with schema problems are skipped; the rest is still applied, so one build
            # reports every problem of the file.
            broken = {p.keys[:2] for p in found}
            if not any(len(k) < 2 for k in broken):
                dropped = _apply_customisation(custom_doc, skills, specs, problems, broken)
    lookup, clashes = build_lookup(skills)
    for text, skill_id, owner in clashes:
        where = None
        if custom_doc is not None and custom_doc.lines.get(("skills", skill_id)):
            where = (custom_doc.path, custom_doc.line("skills", skill_id))
        elif custom_doc is not None and custom_doc.lines.get(("skills", owner)):
            where = (custom_doc.path, custom_doc.line("skills", owner))
        else:
            where = skill_lines.get(skill_id, (str(Path(defaults_dir) / CATALOG_FILE), None))
        problems.append(FileProblem(where[0], where[1], f"'{text}' names two skills: '{owner}' and '{skill_id}'",
                                    "remove the alias or name from one of them"))
    # Soft skills and the like are part of every map, not a focus to choose.
    return Taxonomy(skills, dict(sorted(specs.items())), dropped, lookup), sorted(problems)
