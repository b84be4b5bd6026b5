"""The résumé (plugins/resume): real builds of tests/sites/recruiter. Its levels are the skill
map's, its projects link to their pages, production builds add a PDF, and a bad resume.yml fails
with file:line problems."""

from __future__ import annotations

import json
import posixpath
import time
from pathlib import Path

import lxml.html
import pytest

SITEURL = "https://example.github.io/portfolio"


def page(output: Path, rel: str = "resume/index.html"):
    return lxml.html.fromstring((output / rel).read_bytes())



def resolve(output: Path, page_rel: str, href: str, siteurl: str | None = None) -> Path:
    if siteurl and href.startswith(siteurl + "/"):
        rel = href[len(siteurl) + 1:]
    else:
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), href)) + ("/" if href.endswith("/") else "")
    return output / (rel + "index.html" if rel.endswith("/") else rel)


@pytest.fixture
def build(build_site_at, site_copy):
    def run(production=False, content=None, **overrides):
        content = content or site_copy("recruiter")
        if production:
            overrides.setdefault("SITEURL", SITEURL)
        return build_site_at(content, production=production, **overrides)

    return run


def test_levels_are_the_skill_maps(build):
    result = build()
    assert result.ok, result.stderr_text
    skills = {s["id"]: s for s in json.loads((result.output / "skills.json").read_text(encoding="utf-8"))["skills"]}
    doc = page(result.output)
    named = doc.xpath("//*[@data-skill]")
    assert len(named) >= 5
    for element in named:
        level = element.xpath("string(.//span[contains(concat(' ', @class, ' '), ' level ')])")
        assert level == skills[element.get("data-skill")]["level"], element.get("data-skill")
    listed = [e.get("data-skill") for e in doc.xpath("//dl[@class='resume-skills']//li[@data-skill]")]
    # As resume.yml names them (ids, names, any case), in its order.
    assert listed == ["javascript", "fetch-api", "promises", "unit-testing", "css-grid"]
    # Skills link to their skill pages.
    for link in doc.xpath("//dl[@class='resume-skills']//li/a"):
        assert resolve(result.output, "resume/index.html", link.get("href")).is_file()


def test_every_project_links_to_its_page(build):
    result = build(production=True)
    assert result.ok, result.stderr_text
    doc = page(result.output)
    links = doc.xpath("//a[@data-project]")
    assert [a.get("data-project") for a in links] == ["quote-board", "habit-grid"]
    for link in links:
        assert link.get("href") == f"{SITEURL}/projects/{link.get('data-project')}/"
        assert resolve(result.output, "resume/index.html", link.get("href"), SITEURL).is_file()


def test_production_build_writes_a_pdf_linked_from_the_resume(build):
    started = time.perf_counter()
    result = build(production=True)
    seconds = time.perf_counter() - started
    assert result.ok, result.stderr_text
    doc = page(result.output)
    hrefs = [a.get("href") for a in doc.xpath("//a[@href]") if a.get("href").endswith(".pdf")]
    assert hrefs == [f"{SITEURL}/resume/alex-placeholder-resume.pdf"]
    pdf = resolve(result.output, "resume/index.html", hrefs[0], SITEURL)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 5000
    from foothold.summary import format_summary

    assert "résumé PDF: resume/alex-placeholder-resume.pdf (" in format_summary(result)
    print(f"\nproduction build with PDF: {seconds:.1f} s, PDF {len(data)} bytes")


def test_development_build_has_no_pdf_and_no_pdf_link(build):
    result = build()
    assert result.ok, result.stderr_text
    assert not list(result.output.rglob("*.pdf"))
    assert not [a for a in page(result.output).xpath("//a[@href]") if a.get("href").endswith(".pdf")]


def test_navigation_and_home_page_link_to_the_resume(build):
    result = build()
    assert result.ok, result.stderr_text
    home = page(result.output, "index.html")
    nav = {a.text_content().strip(): a.get("href") for a in home.xpath("//nav[@aria-label='Main']//a")}
    assert nav["Résumé"] in ("./resume/", "resume/")
    own = page(result.output)
    current = own.xpath("//nav[@aria-label='Main']//a[@aria-current='page']")
    assert [a.text_content() for a in current] == ["Résumé"]


def test_without_a_skills_list_the_map_gives_skills_by_level(build, site_copy):
    content = site_copy("recruiter")
    text = (content / "resume.yml").read_text(encoding="utf-8")
    start, end = text.index("skills:\n"), text.index("projects:")
    (content / "resume.yml").write_text(text[:start] + text[end:].replace("projects: [quote-board, habit-grid]\n", ""),
                                        encoding="utf-8")
    result = build(content=content)
    assert result.ok, result.stderr_text
    doc = page(result.output)
    groups = [dt.text_content() for dt in doc.xpath("//dl[@class='resume-skills']//dt")]
    assert groups == ["Shipped", "Applied", "Learning"]
    skills = {s["id"]: s["level"] for s in json.loads((result.output / "skills.json").read_text(encoding="utf-8"))["skills"]}
    for group, level in zip(doc.xpath("//dl[@class='resume-skills']/div"), ("shipped", "applied", "learning")):
        ids = [li.get("data-skill") for li in group.xpath(".//li")]
        assert ids and all(skills[i] == level for i in ids)
    # Every published project, in the site's order.
    assert [a.get("data-project") for a in doc.xpath("//a[@data-project]")] == ["quote-board", "habit-grid"]


BAD = """headline: Junior developer
sumary: typo in a key
skills:
  - group: Languages
    skills: []
projects: []
experience:
  - role: Bookseller
    organisation: a shop
    start: March 2018
  - role: Helper
    organisation: a club
    start: 2025-09
    end: 2024
education:
  - qualification: Course
links:
  - {label: Site, url: example.com}
"""


def test_bad_resume_gives_file_line_problems(build, site_copy):
    content = site_copy("recruiter")
    (content / "resume.yml").write_text(BAD, encoding="utf-8")
    result = build(content=content)
    assert not result.ok
    found = {(Path(p.path).name, p.line, p.message) for p in result.problems}
    hints = {p.message: p.hint or "" for p in result.problems}
    expected = [
        (2, "unknown key 'sumary'"),
        (5, "'skills[0].skills' lists no skills"),
        (10, "'experience[0].start': 'March 2018' is not a year or a year and month"),
        (14, "'experience[1].end' (2024) is before the start (2025-09)"),
        (16, "missing 'education[0].institution'"),
        (18, "'links[0].url': 'example.com' is not a web or e-mail address"),
    ]
    for line, message in expected:
        assert ("resume.yml", line, message) in found, (line, message, sorted(found))
    assert "did you mean 'summary'?" in hints["unknown key 'sumary'"]
    assert "resume.yml:2: unknown key 'sumary'" in result.stderr_text


def test_unknown_skills_and_projects_are_named_with_their_lines(build, site_copy):
    # Checked against the skill map and the projects once the rest of the build is clean (the
    # build stops before writing pages when reading the content found problems).
    content = site_copy("recruiter")
    text = (content / "resume.yml").read_text(encoding="utf-8")
    text = text.replace("skills: [javascript, Fetch API, promises]", "skills: [javascrpt, react, Fetch API]")
    text = text.replace("projects: [quote-board, habit-grid]", "projects: [quote-bord, habit-grid]")
    (content / "resume.yml").write_text(text, encoding="utf-8")
    result = build(content=content)
    assert not result.ok
    found = {(Path(p.path).name, p.line, p.message): p.hint for p in result.problems}
    assert "'javascript'" in found[("resume.yml", 10, "unknown skill 'javascrpt' in skills")]
    assert ("resume.yml", 10, "skill 'react' has no evidence on the skill map") in found
    assert "'quote-board'" in found[("resume.yml", 13, "unknown project 'quote-bord' in projects")]
    assert len(found) == 3, result.stderr_text


def test_yaml_aliases_and_broken_yaml_are_refused(build, site_copy):
    content = site_copy("recruiter")
    (content / "resume.yml").write_text("a: &x [1, 2]\nb: [*x, *x]\n", encoding="utf-8")
    result = build(content=content)
    assert not result.ok
    assert any("anchors and aliases" in p.message and p.line == 2 for p in result.problems), result.stderr_text
    (content / "resume.yml").write_text("headline: x\n  - broken: [\n", encoding="utf-8")
    result = build(content=content)
    assert not result.ok
    assert any(p.message.startswith("invalid YAML") and p.line for p in result.problems), result.stderr_text


def test_a_hand_written_resume_page_and_resume_yml_clash(build, site_copy):
    content = site_copy("recruiter")
    (content / "pages" / "resume.md").write_text("Title: Résumé\nSlug: resume\n\nOld.\n", encoding="utf-8")
    result = build(content=content)
    assert not result.ok
    assert any(p.path.endswith("pages/resume.md") and "both make /resume/" in p.message for p in result.problems), \
        result.stderr_text


def test_a_failing_pdf_step_fails_the_build_and_keeps_the_previous_site(build, site_copy, tmp_path):
    content = site_copy("recruiter")
    first = build(production=True, content=content)
    assert first.ok, first.stderr_text
    before = (first.output / "resume" / "index.html").read_bytes()
    failed = build(production=True, content=content, RESUME={"browser": "/bin/false"})
    assert not failed.ok
    assert any("cannot make the résumé PDF" in p.message and p.path.endswith("resume.yml") for p in failed.problems)
    assert "The previous output was left as it was." in failed.stderr_text
    assert (first.output / "resume" / "index.html").read_bytes() == before
    missing = build(production=True, content=content, RESUME={"browser": str(tmp_path / "no-such-chrome")})
    assert not missing.ok
    assert any("no Chromium or Chrome found" in p.message for p in missing.problems), missing.stderr_text


def test_bad_settings_are_reported(build):
    result = build(RESUME={"pdff": True, "pdf": "always", "pdf_save_as": "cv.doc"})
    assert not result.ok
    text = result.stderr_text
    assert "unknown RESUME key 'pdff'" in text and "did you mean 'pdf'?" in text
    assert "RESUME['pdf'] must be True, False or 'production'" in text
    assert "RESUME['pdf_save_as'] must end in .pdf" in text


def test_the_validated_keys_are_not_settings(build):
    # read_config adds pdf_wanted and path for the templates; written by hand they are refused,
    # not taken as a dict that was validated already.
    result = build(RESUME={"pdf_wanted": True, "path": "elsewhere.yml"})
    assert not result.ok
    assert "unknown RESUME key 'pdf_wanted'" in result.stderr_text
    assert "unknown RESUME key 'path'" in result.stderr_text
