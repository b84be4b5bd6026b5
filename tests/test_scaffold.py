"""`invoke new`: each scaffold lands in the right folder, builds as it is, stays out of production
as a draft, lists real skill ids, and is never overwritten."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil

import pytest
from bs4 import BeautifulSoup

from foothold_test_support import make_project
from content_model.header import split_header
from commands.buildworker import DRAFT_OVERRIDES
from commands.scaffold import command_new, focus_skills, new
from foothold.config import load_settings

SUMMER = dt.datetime(2026, 7, 1, 9, 30, tzinfo=dt.timezone.utc)  # 10:30 in Europe/Lisbon (WEST)


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "site")


def listed_skills(text: str) -> list[str]:
    match = re.search(r"Core skills of your focus \([\w-]+\): ([^\n]+)", text)
    assert match, text
    return [s.strip() for s in match.group(1).split(",")]


@pytest.mark.parametrize("kind, title, folder, slug", [
    ("post", "What a final-round rejection taught me", "posts", "what-a-final-round-rejection-taught-me"),
    ("log", "Promises & async/await, day 3", "posts", "promises-asyncawait-day-3"),
    ("project", "Trail Finder (v2)", "projects", "trail-finder-v2"),
])
def test_scaffold_lands_in_its_folder_and_builds_as_is(project, build_site_at, kind, title, folder, slug):
    path = new(project, kind, title, now=SUMMER)
    assert path == project / "content" / folder / f"{slug}.md"
    header = split_header(path.read_text(encoding="utf-8"))
    assert header.values["title"] == title
    assert header.values["date"] == "2026-07-01 10:30"  # now, in the site's TIMEZONE
    assert header.values["skills"] == ""
    if kind == "project":
        assert header.values["status"] == "in-progress" and header.values["draft"] == "yes"
        for key in ("summary", "repo", "demo", "image", "imagealt", "role", "featured"):
            assert key in header.values
    else:
        assert header.values["draft"] == "yes" and "status" not in header.values
    # The comment right after the header lists the focus's skill ids.
    assert header.body.lstrip().startswith("<!-- Skills:")

    # As live reload builds it (drafts shown under /drafts/), and as plain `invoke build` does.
    assert build_site_at(project / "content", output=project / "dev").ok
    result = build_site_at(project / "content", **DRAFT_OVERRIDES)
    assert result.ok, result.stderr_text
    draft = result.output / "drafts" / folder / slug / "index.html"
    assert draft.is_file()
    soup = BeautifulSoup(draft.read_text(encoding="utf-8"), "html.parser")
    assert soup.find("h1").get_text(strip=True) == title
    if kind == "log":
        headings = [h.get_text(strip=True) for h in soup.select("article h2") if not h.find_parent("nav")]
        assert headings == ["What I learned", "What was hard", "What's next"]
        # Three headings make the post long enough for a table of contents that links to them.
        assert [a.get_text(strip=True) for a in soup.select("nav.toc a")] == headings
        assert header.values["category"] == "Learning Log"

    production = build_site_at(project / "content", production=True, output=project / "prod")
    assert production.ok, production.stderr_text
    assert not list((project / "prod").rglob(f"{slug}*")), "a draft reached the production build"


def test_listed_skills_are_the_focus_core_ids_and_build(project, build_site_at):
    path = new(project, "log", "CSS grid, day 1", now=SUMMER)
    text = path.read_text(encoding="utf-8")
    settings = load_settings(project)
    focus, core, _optional = focus_skills(settings)
    assert focus == "front-end" and core
    assert listed_skills(text) == core
    # Filling Skills: with the listed ids, writing the post and publishing must build and count as evidence.
    text = text.replace("Skills:\n", f"Skills: {', '.join(core[:3])}\n", 1).replace("Draft: yes\n", "", 1)
    text = re.sub(r"\[Write here: [^\]]*\]", "What I found out, in my own words.", text)
    path.write_text(text, encoding="utf-8")
    result = build_site_at(project / "content")
    assert result.ok, result.stderr_text
    assert (result.output / "skills" / core[0] / "index.html").is_file()


def test_second_new_with_the_same_title_refuses(project, capsys):
    assert command_new(project, "post", "Hello again") == 0
    assert capsys.readouterr().out.strip() == "content/posts/hello-again.md"
    path = project / "content" / "posts" / "hello-again.md"
    path.write_text(path.read_text() + "\nMy words.\n", encoding="utf-8")
    before = path.read_bytes()

    assert command_new(project, "post", "Hello again") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.strip()
    assert "\n" not in err and "content/posts/hello-again.md already exists" in err
    assert path.read_bytes() == before
    # A log with the same title would take the same URL: refused too.
    assert command_new(project, "log", "Hello again") == 1


def test_same_slug_in_a_sub_folder_refuses(project, capsys):
    (project / "content" / "posts" / "learning-log").mkdir()
    (project / "content" / "posts" / "learning-log" / "day-one.md").write_text("Title: Day one\nDate: 2026-01-01\n\nx\n")
    assert command_new(project, "log", "Day One!") == 1
    assert "learning-log/day-one.md already uses the slug 'day-one'" in capsys.readouterr().err
    assert not (project / "content" / "posts" / "day-one.md").exists()


@pytest.mark.parametrize("kind, title, words", [
    ("post", "🎉🎉", "no letters or digits"),
    ("post", "   ", "the title is empty"),
    ("essay", "Hello", "unknown kind 'essay'"),
])
def test_unusable_input_is_refused_in_one_line(project, capsys, kind, title, words):
    assert command_new(project, kind, title) == 1
    err = capsys.readouterr().err.strip()
    assert words in err and "\n" not in err
    assert sorted(p.name for p in (project / "content" / "posts").iterdir()) == ["first.md", "second.md"]


def test_c_plus_plus_titles_keep_distinct_files(project):
    """The site's SLUG_REGEX_SUBSTITUTIONS keep C, C++ and C# apart (FAULTS 16)."""
    names = {new(project, "log", title, now=SUMMER).name for title in ("Learning C", "Learning C++", "Learning C#")}
    assert names == {"learning-c.md", "learning-c-plus-plus.md", "learning-c-sharp.md"}


def test_invoke_new_cli_in_a_project_copy(tmp_path):
    """The real `invoke new` (tasks.py) in a temp copy of the project: path printed, then refused."""
    import subprocess
    import sys

    root = make_project(tmp_path / "cli")

    def run():
        return subprocess.run([sys.executable, "-m", "invoke", "new", "log", "Closures, day 1"], cwd=root,
                              capture_output=True, text=True, timeout=120)

    first = run()
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "content/posts/closures-day-1.md"
    assert (root / "content" / "posts" / "closures-day-1.md").is_file()
    second = run()
    assert second.returncode == 1
    assert second.stderr.strip() == ("invoke new: content/posts/closures-day-1.md already exists; "
                                     "not overwriting it (choose another title or edit that file)")


def test_every_kind_is_a_draft_by_the_one_convention(project):
    for kind, title in (("post", "A post"), ("log", "A log"), ("project", "A project")):
        header = split_header(new(project, kind, title, now=SUMMER).read_text(encoding="utf-8"))
        assert header.values["draft"] == "yes"
        assert str(header.values.get("status", "")).lower() != "draft"


def _post(folder, name, category):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text(f"Title: {name}\nDate: 2026-01-0{len(name) % 9 + 1}\nCategory: {category}\n\n"
                                       "Written.\n", encoding="utf-8")


def test_new_posts_go_to_the_sites_own_categories(project):
    posts = project / "content" / "posts"
    # minimal has Learning Log posts only: a post goes there too, not into a new category and feed.
    header = split_header(new(project, "post", "First thoughts", now=SUMMER).read_text(encoding="utf-8"))
    assert header.values["category"] == "Learning Log"
    _post(posts / "essays", "one", "Career Notes")
    _post(posts / "essays", "two", "career notes")  # spelled as the first file does
    text = new(project, "post", "Second thoughts", now=SUMMER).read_text(encoding="utf-8")
    assert split_header(text).values["category"] == "Career Notes"
    assert "this site also has Learning Log" in text
    assert split_header(new(project, "log", "Day 9", now=SUMMER).read_text(encoding="utf-8")).values["category"] \
        == "Learning Log"


def test_a_site_without_posts_gets_a_category_the_skill_map_knows(tmp_path):
    root = make_project(tmp_path / "empty")
    shutil.rmtree(root / "content" / "posts")
    header = split_header(new(root, "post", "Hello", now=SUMMER).read_text(encoding="utf-8"))
    assert header.values["category"] == "Reflections"


def test_a_project_shipped_without_its_body_written_fails_production_and_is_no_evidence(project, build_site_at):
    from content_model.header import split_header as split

    path = new(project, "project", "Packing List", now=SUMMER)
    # What an author in a hurry does: publish it, shipped, with skills, and write nothing else.
    text = path.read_text(encoding="utf-8").replace("Draft: yes\n", "", 1).replace("Status: in-progress", "Status: shipped")
    text = text.replace("Skills:\n", "Skills: vue, typescript\n", 1).replace("Repo:\n", "Repo: https://github.com/s/p\n", 1)
    path.write_text(text, encoding="utf-8")
    prompts = [n for n, line in enumerate(text.splitlines(), start=1) if "[Write here:" in line]
    assert len(prompts) == 4 and split(text).lines["summary"] == prompts[0]

    from foothold.build import build_site

    # Built as the project itself, so paths are the project's (content/projects/...).
    production = build_site(project, production=True, overrides={"OUTPUT_PATH": str(project / "prod"),
                                                                 "ALLOW_PLACEHOLDERS": False})
    assert not production.ok
    mine = [p for p in production.problems if p.path == "content/projects/packing-list.md"]
    assert [p.line for p in mine] == prompts
    assert all("scaffold text from `invoke new` was never replaced" in p.message for p in mine)
    assert not (project / "prod").exists(), "a failed build wrote its output"

    dev = build_site(project, overrides={"OUTPUT_PATH": str(project / "dev")})
    assert dev.ok, dev.stderr_text
    from foothold.summary import format_summary

    summary = format_summary(dev)
    assert "not counted as skill evidence (scaffold text not replaced yet): content/projects/packing-list.md" in summary
    assert f"content/projects/packing-list.md:{prompts[0]}: scaffold text" in summary
    # Vue and TypeScript have no other evidence in minimal: the unwritten project raised no level.
    skills = json.loads((dev.output / "skills.json").read_text(encoding="utf-8"))
    shown = json.dumps(skills)
    assert "packing-list" not in shown
    assert not (dev.output / "skills" / "vue" / "index.html").is_file()

    # Written, it is evidence and publishes.
    path.write_text(re.sub(r"\[Write here: [^\]]*\]", "Something I wrote myself.", text), encoding="utf-8")
    written = build_site(project, overrides={"OUTPUT_PATH": str(project / "dev2")})
    assert written.ok and "not counted as skill evidence" not in format_summary(written)
    assert (written.output / "skills" / "vue" / "index.html").is_file()
    assert "packing-list" in (written.output / "skills.json").read_text(encoding="utf-8")
