"""Taxonomy loading: shipped defaults, the author's skills.yml, and every malformed-file message."""

from __future__ import annotations

import shutil

import pytest
from skill_helpers import write

from skill_map.taxonomy import DEFAULTS_DIR, load_taxonomy, normalise

from foothold_test_support import replace_in

FRONT_END_IDS = """semantic-html accessibility forms css flexbox css-grid responsive-design javascript typescript
dom promises async-await fetch-api react state-management unit-testing e2e-testing git npm vite ci
web-performance""".split()
SOFT_IDS = "communication resilience interviewing learning-in-public feedback".split()


def test_shipped_defaults_load_without_problems():
    # Builds trust the shipped files; this is where they are checked against their schemas.
    taxonomy, problems = load_taxonomy(check_shipped=True)
    assert problems == []
    assert load_taxonomy()[0] == taxonomy
    assert {"front-end", "back-end", "full-stack", "data", "devops", "soft-skills"} <= set(taxonomy.specializations)
    assert taxonomy.specializations["soft-skills"].shared is True
    assert not any(s.shared for k, s in taxonomy.specializations.items() if k != "soft-skills")


def test_front_end_and_soft_skill_ids_exist():
    taxonomy, _ = load_taxonomy()
    front = set(taxonomy.specializations["front-end"].skill_ids)
    assert set(FRONT_END_IDS) <= front
    assert set(SOFT_IDS) <= set(taxonomy.specializations["soft-skills"].skill_ids)


def test_every_area_has_core_or_optional_skills_and_every_spec_has_core():
    taxonomy, _ = load_taxonomy()
    for spec in taxonomy.specializations.values():
        assert spec.core_ids, spec.id
        for area in spec.areas:
            assert area.skills, (spec.id, area.id)


@pytest.mark.parametrize("raw, expected", [
    ("JS", "javascript"), ("js", "javascript"), ("a11y", "accessibility"), ("async/await", "async-await"),
    ("Async Await", "async-await"), ("CSS Grid", "css-grid"), ("css_grid", "css-grid"), ("  React  ", "react"),
    ("semantic html", "semantic-html"), ("C#", "csharp"), ("Learning in public", "learning-in-public"),
    ("no-such-skill", None), ("", None),
])
def test_resolve_ids_aliases_and_names(raw, expected):
    taxonomy, _ = load_taxonomy()
    assert taxonomy.resolve(raw) == expected


def test_suggest_nearest_ids():
    taxonomy, _ = load_taxonomy()
    assert taxonomy.suggest("asyncawait")[0] == "async-await"
    assert "promises" in taxonomy.suggest("promis")
    assert taxonomy.suggest("zzzzqqq") == []


def test_normalise_treats_separators_alike():
    assert normalise(" CSS  grid ") == normalise("css-grid") == normalise("CSS_Grid") == "css-grid"


def test_customisation_adds_renames_and_drops(tmp_path):
    custom = write(tmp_path / "skills.yml", """
        skills:
          svelte:
            name: Svelte
            aliases: [sveltejs]
            area: front-end/framework
          css-grid:
            name: CSS Grid layout
            self_assessment: comfortable
          web-components:
            name: Web components
            area: front-end/javascript
            core: true
        drop: [angular]
    """)
    taxonomy, problems = load_taxonomy(custom)
    assert problems == []
    front = taxonomy.specializations["front-end"]
    framework = next(a for a in front.areas if a.id == "framework")
    assert "svelte" in framework.optional and "svelte" not in framework.core
    assert "web-components" in next(a for a in front.areas if a.id == "javascript").core
    assert taxonomy.skills["css-grid"].name == "CSS Grid layout"
    assert taxonomy.skills["css-grid"].self_assessment == "comfortable"
    assert taxonomy.resolve("sveltejs") == "svelte"
    assert taxonomy.resolve("grid") == "css-grid", "renaming keeps the shipped aliases"
    assert "angular" not in taxonomy.skills and "angular" not in front.skill_ids
    assert taxonomy.resolve("angular") is None and "angular" in taxonomy.dropped


def test_customisation_defines_a_specialization(tmp_path):
    custom = write(tmp_path / "skills.yml", """
        skills:
          figma: {name: Figma}
        specializations:
          design-engineer:
            name: Design engineer
            areas:
              - id: design
                name: Design
                core: [figma, css, accessibility]
    """)
    taxonomy, problems = load_taxonomy(custom)
    assert problems == []
    assert taxonomy.specializations["design-engineer"].core_ids == ("figma", "css", "accessibility")
    assert "figma" not in taxonomy.specializations["front-end"].skill_ids


def test_new_skill_in_no_area_is_reported(tmp_path):
    custom = write(tmp_path / "skills.yml", """
        skills:
          figma: {name: Figma}
    """)
    taxonomy, problems = load_taxonomy(custom)
    assert [(p.line, p.message) for p in problems] == [(2, "new skill 'figma' is in no area")]
    assert "area: front-end/framework" in problems[0].hint
    assert taxonomy.resolve("figma") is None


# (file text, expected line, words the message must contain, words the hint must contain)
MALFORMED = [
    ("skills:\n  svelte:\n    nmae: Svelte\n    area: front-end/framework\n", 3,
     ["unknown key", "skills.svelte.nmae"], ["did you mean 'name'"]),
    ("skills:\n  Svelte:\n    name: Svelte\n", 2, ["invalid id 'Svelte'"], ["lower-case"]),
    ("skills:\n  svelte:\n    name: Svelte\n    aliases: sveltejs\n    area: front-end/framework\n", 4,
     ["skills.svelte.aliases", "must be a list"], ["list of strings"]),
    ("skills:\n  svelte:\n    name: Svelte\n    area: front-end/frameworks\n", 4,
     ["unknown area 'front-end/frameworks'"], ["did you mean 'front-end/framework'"]),
    ("skills:\n  svelte:\n    name: Svelte\n    area: framework\n", 4, ["skills.svelte.area"], ["specialization/area"]),
    ("drop: [angualr]\n", 1, ["cannot drop unknown skill 'angualr'"], ["did you mean 'angular'"]),
    ("skills: [svelte]\n", 1, ["'skills' must be a mapping"], ["mapping from skill id"]),
    ("skills:\n  svelte:\n    name: Svelte\n   area: x\n", 4, ["invalid YAML"], ["indentation"]),
    ("skills:\n  css:\n    name: A\n  css:\n    name: B\n", 4, ["duplicate key 'skills.css'"], ["once"]),
    ("skills:\n  svelte:\n    name: Svelte\n    aliases: [react]\n    area: front-end/framework\n", 2,
     ["'react' names two skills"], ["remove the alias"]),
    ("specializations:\n  mine:\n    name: Mine\n    areas:\n      - id: a\n        name: A\n        core: [promsies]\n", 7,
     ["unknown skill id 'promsies'", "specializations.mine.areas[0].core[0]"], ["did you mean 'promises'"]),
    ("specializations:\n  mine:\n    name: Mine\n    areas:\n      - id: a\n        nam: A\n", 6,
     ["unknown key", "specializations.mine.areas[0].nam"], ["did you mean 'name'"]),
    ("specializations:\n  front-end:\n    name: Mine\n    areas:\n      - {id: a, name: A, core: [css]}\n", 2,
     ["specialization 'front-end' already exists"], ["another id"]),
    ("colours: {}\n", 1, ["unknown key 'colours'"], ["allowed keys"]),
]


@pytest.mark.parametrize("text, line, message_words, hint_words", MALFORMED)
def test_malformed_customisation_names_file_line_and_key(tmp_path, text, line, message_words, hint_words):
    custom = tmp_path / "skills.yml"
    custom.write_text(text, encoding="utf-8")
    taxonomy, problems = load_taxonomy(custom)
    assert problems, "a malformed file must be reported"
    matching = [p for p in problems if all(w in p.message for w in message_words)]
    assert len(matching) == 1, problems
    first = matching[0]
    assert first.path == str(custom)
    assert first.line == line, problems
    for word in hint_words:
        assert word in (first.hint or ""), problems
    assert "front-end" in taxonomy.specializations, "the shipped taxonomy still loads"


def test_not_utf8_customisation(tmp_path):
    custom = tmp_path / "skills.yml"
    custom.write_bytes("skills:\n  caf\xe9: {name: x}\n".encode("latin-1"))
    _, problems = load_taxonomy(custom)
    assert problems[0].path == str(custom) and "not UTF-8" in problems[0].message


@pytest.fixture
def defaults_copy(tmp_path):
    target = tmp_path / "taxonomies"
    shutil.copytree(DEFAULTS_DIR, target)
    return target


def test_broken_shipped_specialization_is_reported_with_file_and_key(defaults_copy):
    path = defaults_copy / "data.yml"
    replace_in(path, "core: [python, pandas, numpy]", "core: [python, pandaz, numpy]")
    taxonomy, problems = load_taxonomy(defaults_dir=defaults_copy)
    assert len(problems) == 1
    problem = problems[0]
    assert problem.path == str(path) and "pandaz" in problem.message and "areas[0].core[1]" in problem.message
    assert problem.line == 7 and "did you mean 'pandas'" in problem.hint


def test_specialization_file_name_must_match_id(defaults_copy):
    (defaults_copy / "devops.yml").rename(defaults_copy / "ops.yml")
    _, problems = load_taxonomy(defaults_dir=defaults_copy)
    assert [p.line for p in problems] == [1]
    assert "differs from the file name" in problems[0].message and problems[0].path.endswith("ops.yml")


def test_broken_catalog_entry(defaults_copy):
    path = defaults_copy / "catalog.yml"
    replace_in(path, "  promises:\n    name: Promises\n", "  promises:\n    title: Promises\n")
    _, problems = load_taxonomy(defaults_dir=defaults_copy)
    messages = [p.message for p in problems if p.path == str(path)]
    assert any("unknown key 'skills.promises.title'" in m for m in messages)
    assert any("missing key 'skills.promises.name'" in m for m in messages)
