"""Full builds of fixture sites (tests/sites/skill_*) with the fixture settings (tests/sample) and the
repo's theme and plugins."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse

import jsonschema
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
SITES = ROOT / "tests" / "sites"
SCHEMA = ROOT / "plugins" / "skill_map" / "schema" / "skills.schema.json"

from foothold.build import build_site  # noqa: E402  (plugins/ is on sys.path via conftest)
from foothold_test_support import fixture_root, make_project  # noqa: E402


def _build(content, output, production=False, **overrides):
    settings = {"PATH": str(content), "OUTPUT_PATH": str(output), **overrides}
    return build_site(fixture_root(Path(output).parent), production=production, overrides=settings)


@pytest.fixture(scope="module")
def basic(tmp_path_factory):
    base = tmp_path_factory.mktemp("basic")
    content = base / "content"
    shutil.copytree(SITES / "skill_basic", content)
    result = _build(content, base / "output")
    assert result.ok, result.stderr_text
    return result


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def target_of(output: Path, page: Path, href: str) -> Path:
    """The output file a relative or root-relative href on ``page`` points to."""
    base = "file://" + str(page)
    url = urlparse(urljoin(base, href))
    target = Path(url.path)
    return target / "index.html" if href.endswith("/") or target.is_dir() else target


def test_map_page_lists_every_skill_as_a_link_with_its_level(basic):
    page = basic.output / "skills" / "index.html"
    doc = soup(page)
    # The levels are real text, not an image: no chart or table of them is needed beside it.
    bars = doc.find(id="skill-map-chart")
    assert doc.find("table") is None and bars.find("svg") is None
    rows = {li.find(class_="bar-name").get_text(" ", strip=True).removesuffix(" core"): li
            for li in bars.find_all("li")}
    levels = {name: li.find(class_="bar-level").get_text(strip=True) for name, li in rows.items()}
    assert levels["JavaScript"] == "deep"
    assert levels["React"] == "shipped"
    assert levels["State management"] == "applied"
    assert levels["Promises"] == "learning"
    assert levels["CSS Grid layout"] == "learning", "the rename in skills.yml is used"
    assert levels["Vue"] == "none", "a draft is not evidence"
    assert "Angular" not in levels, "dropped in skills.yml"
    data = json.loads((basic.output / "skills.json").read_text(encoding="utf-8"))
    has_page = {s["name"]: bool(s["url"]) for s in data["skills"]}
    assert not has_page["Vue"] and has_page["TypeScript"], "a gap alone gives a page"
    for name, li in rows.items():
        assert f"level-{levels[name]}" in li["class"]
        link = li.find("a")
        if has_page[name]:
            assert target_of(basic.output, page, link["href"]).is_file(), name
        else:
            assert link is None, f"{name} has no page to link to"
    # Skills come first: the first link in the article after the intro is a skill's page.
    first = [a["href"] for a in doc.find("article").find_all("a") if "#" not in a["href"]][0]
    assert first.rstrip("/").rsplit("/", 2)[-2] == "skills"
    charts = doc.find_all("svg")
    for svg in charts:
        assert svg["role"] == "img"
        for ident in svg["aria-labelledby"].split():
            assert svg.find(id=ident) is not None and svg.find(id=ident).get_text(strip=True)
    text = doc.main.get_text(" ", strip=True)
    assert "How levels work" in text and "shipped in at least 2 projects" in text


def test_focus_figures_say_what_is_counted(basic):
    doc = soup(basic.output / "skills" / "index.html")
    figures = doc.find("ul", class_="skill-figures").get_text(" ", strip=True)
    data = json.loads((basic.output / "skills.json").read_text(encoding="utf-8"))
    share, cov = data["focus_share"], data["coverage"]
    assert (share["inside"], share["total"]) == (18, 19)
    assert "name 19 skills: 18 are Front-end skills" in figures
    assert "posts and projects from the last 12 months" in figures
    assert "%" not in figures.split("Trend")[0], "a bare percentage of a handful of items"
    assert f"{cov['reached']} of the {cov['core']} core Front-end skills are used in at least one project" in figures
    # Figures come after the skills.
    html = (basic.output / "skills" / "index.html").read_text(encoding="utf-8")
    assert html.index('id="skill-map-chart"') < html.index('class="skill-figures"')
    breadth = doc.find("section", class_="breadth")
    assert [a.get_text(" ", strip=True) for a in breadth.find_all("a")] == ["Python , level learning"]


def test_gaps_open_and_closed(basic):
    doc = soup(basic.output / "skills" / "index.html")
    section = doc.find("h2", id="gaps").parent
    text = section.get_text(" ", strip=True)
    assert "Open" in text and "Closed" in text
    open_list, closed_list = section.find_all("ul")
    assert "TypeScript" in open_list.get_text()
    assert "React" in closed_list.get_text() and "Unit testing" in closed_list.get_text()
    assert "closed 20 January 2026 by Quiz game" in closed_list.get_text(" ", strip=True)


def test_skill_page_level_why_dates_and_links(basic):
    page = basic.output / "skills" / "javascript" / "index.html"
    doc = soup(page)
    assert doc.h1.get_text(strip=True) == "JavaScript"
    assert doc.find(class_="skill-level").strong.get_text() == "deep"
    text = doc.main.get_text(" ", strip=True)
    assert "shipped in 2 projects (“Weather now”, “Quiz game”)" in text
    assert "First evidence 1 October 2025" in text and "Latest evidence 15 February 2026" in text
    data = json.loads((basic.output / "skills.json").read_text(encoding="utf-8"))
    entry = next(s for s in data["skills"] if s["id"] == "javascript")
    ref = __import__("datetime").date.fromisoformat(data["reference_date"])
    from skill_map.stats import age_words
    age = age_words(__import__("datetime").date.fromisoformat(entry["latest"]), ref)
    assert doc.find(class_="age").get_text(strip=True) in (f"{age} ago", "the latest on the site")
    # Projects first (the projects list filtered by this skill), then the posts.
    projects = doc.find("h2", id="projects").find_next("ul").find_all("li")
    posts = doc.find("ol", class_="evidence-list").find_all("li")
    assert [li.a.get_text() for li in projects] == ["Quiz game", "Weather now"]
    assert len(projects) + len(posts) == 5
    html = page.read_text(encoding="utf-8")
    assert html.index('id="projects"') < html.index('id="evidence"')
    for li in projects + posts:
        assert target_of(basic.output, page, li.a["href"]).is_file(), li.a["href"]
    assert doc.find("svg", id="skill-timeline-chart") is not None


def test_skill_page_growth_story_and_self_assessment(basic):
    doc = soup(basic.output / "skills" / "react" / "index.html")
    story = doc.find("ol", class_="gap-story").get_text(" ", strip=True)
    assert "Found as a gap on 10 September 2025" in story
    assert "Learning: React, day 1" in story and "Shipped in the project Quiz game" in story
    assert "Gap closed on 20 January 2026" in story
    assessment = doc.find(class_="self-assessment").get_text(" ", strip=True)
    assert "comfortable with hooks" in assessment and "does not change the level" in assessment
    assert doc.find(class_="skill-level").strong.get_text() == "shipped"


def test_pages_exist_only_for_evidenced_skills(basic):
    pages = sorted(p.parent.name for p in (basic.output / "skills").glob("*/index.html"))
    data = json.loads((basic.output / "skills.json").read_text(encoding="utf-8"))
    assert pages == sorted(s["id"] for s in data["skills"] if s["evidence"])
    assert "vue" not in pages, "only a draft names vue"
    assert "typescript" in pages, "named as a gap: it has a page saying so"


def test_skills_json_matches_schema_and_has_no_drafts(basic):
    data = json.loads((basic.output / "skills.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert data["version"].startswith("1.")
    assert data["focus"] == {"id": "front-end", "name": "Front-end"}
    assert data["reference_date"] == "2026-02-20", "newest evidence; the hidden post is not evidence"
    urls = {e["url"] for s in data["skills"] for e in s["evidence"]}
    assert not any("trying-vue" in u or "typescript-notes" in u for u in urls)
    for url in urls:
        assert (basic.output / url / "index.html").is_file(), url


def test_chips_on_posts_and_projects_link_to_skill_pages(basic):
    checked = 0
    for page in [*(basic.output / "posts").glob("*/index.html"), *(basic.output / "projects").glob("*/index.html")]:
        for ul in soup(page).find_all("ul", class_="skill-chips"):
            for a in ul.find_all("a"):
                assert "/skills/" in a["href"] or a["href"].startswith("../../skills/")
                assert target_of(basic.output, page, a["href"]).is_file(), (page, a["href"])
                checked += 1
    assert checked >= 15
    doc = soup(basic.output / "posts" / "what-a-final-round-rejection-taught-me" / "index.html")
    gaps = doc.find("ul", attrs={"aria-label": "Gaps to work on"})
    assert [str(a.contents[0]).strip() for a in gaps.find_all("a")] == ["React", "Unit testing", "TypeScript"]


def test_home_summary_and_knows_about(basic):
    doc = soup(basic.output / "index.html")
    summary = doc.find("section", class_="skill-summary")
    assert summary is not None
    text = summary.get_text(" ", strip=True)
    assert "Focus: Front-end" in text and "6 of 17 core skills" in text
    assert summary.find("ul", attrs={"aria-label": "Top evidenced skills"}).a.get_text(" ", strip=True).startswith("JavaScript")
    assert "TypeScript" in text, "open gaps are listed"
    people = []
    for script in doc.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        people += [d for d in (data if isinstance(data, list) else [data]) if "knowsAbout" in d]
    assert people and "JavaScript" in people[0]["knowsAbout"] and "React" in people[0]["knowsAbout"]
    assert "Promises" not in people[0]["knowsAbout"], "learning is below the default knows_about_level"


def test_skill_names_are_escaped_everywhere(basic):
    page = basic.output / "skills" / "web-components" / "index.html"
    raw = page.read_text(encoding="utf-8")
    assert "<Components>" not in raw and "Web &lt;Components&gt; &amp;" in raw
    doc = soup(page)
    assert doc.h1.get_text() == 'Web <Components> & "Shadow DOM"'
    assert doc.find("components") is None
    chart = (basic.output / "skills" / "index.html").read_text(encoding="utf-8")
    assert "<Components>" not in chart
    data = json.loads((basic.output / "skills.json").read_text(encoding="utf-8"))
    assert any(s["name"] == 'Web <Components> & "Shadow DOM"' for s in data["skills"])


def test_links_work_under_a_sub_path(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITES / "skill_basic", content)
    result = _build(content, tmp_path / "output", production=True, SITEURL="https://example.org/sub")
    assert result.ok, result.stderr_text
    doc = soup(result.output / "skills" / "index.html")
    hrefs = [a["href"] for a in doc.main.find_all("a") if "skills" in a["href"] or "posts" in a["href"]]
    assert hrefs and all(h.startswith("https://example.org/sub/") or h.startswith("#") for h in hrefs), hrefs
    chips = soup(result.output / "projects" / "quiz-game" / "index.html").find("ul", class_="skill-chips")
    assert chips.a["href"] == "https://example.org/sub/skills/react/"
    assert not (result.output / "skills" / "vue").exists()


def _tree(root: Path) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_in_one_process_are_identical(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITES / "skill_basic", content)
    first = _build(content, tmp_path / "one")
    second = _build(content, tmp_path / "two")
    assert first.ok and second.ok
    one, two = _tree(first.output), _tree(second.output)
    assert sorted(one) == sorted(two)
    different = [name for name in one if one[name] != two[name]]
    assert different == []
    assert "skills.json" in one and "skills/index.html" in one


def test_today_override_moves_the_window(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITES / "skill_basic", content)
    result = _build(content, tmp_path / "out", SKILL_MAP={"focus": "front-end", "today": "2027-06-30", "window_months": 6})
    assert result.ok, result.stderr_text
    data = json.loads((result.output / "skills.json").read_text(encoding="utf-8"))
    assert data["reference_date"] == "2027-06-30" and data["window_months"] == 6
    assert data["focus_share"]["total"] == 0 and data["focus_share"]["share"] is None
    assert [q["quarter"] for q in data["trend"]["quarters"]] == ["2027 Q1", "2027 Q2"]


def test_other_focus_changes_the_map(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITES / "skill_basic", content)
    result = _build(content, tmp_path / "out", SKILL_MAP={"focus": "back-end"})
    assert result.ok, result.stderr_text
    data = json.loads((result.output / "skills.json").read_text(encoding="utf-8"))
    assert data["focus"]["id"] == "back-end"
    assert {s["id"]: s["in_focus"] for s in data["skills"]}["python"] is True
    assert {s["id"]: s["in_focus"] for s in data["skills"]}["javascript"] is False


def _problems(result):
    return [(p.path, p.line, p.message, p.hint or "") for p in result.problems]


def test_unknown_skill_ids_fail_with_file_line_and_suggestion(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITES / "skill_errors", content)
    previous = tmp_path / "output"
    previous.mkdir()
    (previous / "keep.txt").write_text("previous build")
    result = _build(content, previous)
    assert not result.ok
    found = {(Path(path).as_posix().split("content/")[-1], line, message, hint) for path, line, message, hint in _problems(result)}
    expected = {
        ("posts/typo.md", 5, "unknown skill 'promsies' in Skills", "did you mean 'promises'?"),
        ("posts/yaml-gap.md", 6, "unknown skill 'reactt' in Gaps", "did you mean 'react'?"),
        ("projects/api.md", 5, "unknown skill 'fetchapi' in Skills", "did you mean 'fetch-api'?"),
        ("posts/draft-typo.md", 4, "unknown skill 'flexbx' in Skills", "did you mean 'flexbox'?"),
        ("posts/draft-typo.md", 4, "skill 'angular' in Skills was dropped in skills.yml", "take it out of drop:"),
    }
    for path, line, message, hint in expected:
        assert any(f[0] == path and f[1] == line and f[2] == message and hint in f[3] for f in found), (path, found)
    assert len(found) == len(expected)
    assert "posts/typo.md:5: unknown skill 'promsies' in Skills" in result.stderr_text
    assert (previous / "keep.txt").read_text() == "previous build", "the previous output is untouched"


def test_malformed_taxonomy_fails_with_file_line_and_key(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITES / "skill_bad_taxonomy", content)
    result = _build(content, tmp_path / "output")
    assert not result.ok
    found = _problems(result)
    assert all(Path(p).name == "skills.yml" for p, *_ in found), found
    assert (6, "unknown key 'skills.css.nmae'") in [(line, message) for _, line, message, _ in found]
    assert (4, "unknown area 'front-end/frameworks' for skill 'svelte'") in [(line, m) for _, line, m, _ in found]
    assert "skills.yml:6: unknown key 'skills.css.nmae'" in result.stderr_text


@pytest.mark.parametrize("setting, message, hint", [
    ({"focus": "frontend"}, "SKILL_MAP focus 'frontend' is not a specialization", "'front-end'"),
    ({"focus": "soft-skills"}, "SKILL_MAP focus 'soft-skills' is shared by every specialization", "'devops'"),
    ({"focus": "front-end", "window_month": 6}, "unknown SKILL_MAP key 'window_month'", "did you mean 'window_months'?"),
    ({"focus": "front-end", "window_months": 0}, "SKILL_MAP['window_months'] must be a whole number from 1 to 120, not 0", "e.g. 12"),
    ({"focus": "front-end", "today": "31/03/2026"}, "SKILL_MAP['today'] must be a date written YYYY-MM-DD", "2026-03-31"),
    ({"focus": "front-end", "knows_about_level": "expert"}, "SKILL_MAP['knows_about_level'] must be one of", "applied"),
    ({"focus": "front-end", "taxonomy_file": "nope.yml"}, "SKILL_MAP['taxonomy_file'] names a file that does not exist", "create it"),
])
def test_bad_settings_fail_with_a_clear_message(tmp_path, setting, message, hint):
    content = tmp_path / "content"
    shutil.copytree(SITES / "skill_basic", content)
    result = _build(content, tmp_path / "output", SKILL_MAP=setting)
    assert not result.ok
    matches = [p for p in result.problems if message in p.message]
    assert len(matches) == 1, result.stderr_text
    assert hint in (matches[0].hint or "")
    assert Path(matches[0].path).name == "pelican.conf"


def test_invoke_build_exits_non_zero_on_unknown_skill(tmp_path):
    """The real command line: `invoke build` in a project whose content names an unknown skill."""
    project = make_project(tmp_path / "project", content="skill_errors")
    invoke = Path(sys.executable).parent / "invoke"
    run = subprocess.run([str(invoke), "build"], cwd=project, capture_output=True, text=True, timeout=300)
    assert run.returncode != 0
    report = run.stdout + run.stderr
    assert "content/posts/typo.md:5: unknown skill 'promsies' in Skills" in report
    assert "did you mean 'promises'?" in report
    assert not (project / "output" / "skills.json").exists()
