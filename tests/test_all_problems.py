"""Every problem in one run (issue 17): a file with a metadata error still has its links and images
checked, the rendered-page check runs after other problems, each problem is reported once, on the
source file and line, with a fix."""

from __future__ import annotations

from pathlib import Path

from foothold_test_support import replace_in


def _by_file(result):
    found = {}
    for problem in result.problems:
        found.setdefault(problem.path.rsplit("/", 1)[-1], []).append(problem)
    return found


def test_one_build_lists_every_problem_once_with_file_and_line(site_copy, build_site_at, tmp_path):
    result = build_site_at(site_copy("all_problems"))
    assert not result.ok
    by_file = _by_file(result)
    assert sorted(by_file) == ["broken-meta.md", "good.md", "old-links.md", "twin-two.md"]
    # good.md has no problem of its own, but links to broken-meta.md: removing that would break it.
    [good] = by_file["good.md"]
    meta = by_file["broken-meta.md"][0].path
    assert (good.line, good.message) == (4, f"links to {meta}, which fails to build")
    assert good.hint == f"fix {meta} (its problems are listed here), or remove both files"
    broken = sorted((p.line, p.message.split(":")[0]) for p in by_file["broken-meta.md"])
    assert broken == [(3, "unknown metadata key 'Mood'"), (5, "broken link {filename}no-such-post.md"),
                      (7, "missing file {static}/images/missing.png")]
    [old] = by_file["old-links.md"]
    assert old.line == 4 and '"/posts/good.html"' in old.message
    assert old.hint.startswith("did you mean `{filename}/posts/good.md`?")
    [twin] = by_file["twin-two.md"]
    assert twin.line == 3 and "writes the same URL /posts/twin/index.html as" in twin.message
    assert twin.message.endswith("twin-one.md")
    assert not any(p.hint and "reported by pelican" in p.hint for p in result.problems)
    assert len(result.problems) == 6
    assert not (tmp_path / "output").exists()  # nothing written over


def test_fixing_the_listed_problems_is_enough(site_copy, build_site_at):
    content = site_copy("all_problems")
    broken = content / "posts" / "broken-meta.md"
    broken.write_text(broken.read_text().replace("Mood: tired\n", "").replace("{filename}no-such-post.md", "{filename}good.md")
                      .replace("missing.png", "diagram.png"))
    old = content / "posts" / "old-links.md"
    replace_in(old, "(/posts/good.html)", "({filename}/posts/good.md)")
    twin = content / "posts" / "twin-two.md"
    replace_in(twin, "Slug: twin", "Slug: twin-two")
    result = build_site_at(content)
    assert result.ok, result.stderr_text


def test_removing_the_named_files_builds_in_one_round(site_copy, build_site_at):
    """A post that links to a failing post is named too (and a post linking to that one), so that
    removing every file the first failed build names leaves a build that passes."""
    content = site_copy("linked_failures")
    result = build_site_at(content)
    assert not result.ok
    named = {(p.path.rsplit("/", 1)[-1], p.line): p for p in result.problems}
    assert sorted(named) == [("broken.md", 3), ("cites-broken.md", 6), ("cites-citer.md", 4)]
    citer = named[("cites-broken.md", 6)]
    assert citer.message == f"links to {named[('broken.md', 3)].path}, which fails to build"
    assert citer.hint.startswith(f"fix {named[('broken.md', 3)].path}") and "or remove both" in citer.hint
    assert named[("cites-citer.md", 4)].message.startswith(f"links to {citer.path},")
    for path in {p.path for p in result.problems}:
        Path(path).unlink()  # the fixture content lies outside the project: the paths are absolute
    again = build_site_at(content)
    assert again.ok, again.stderr_text


def test_the_same_text_twice_is_two_problems_at_their_lines(site_copy, build_site_at):
    """A shortcode or a bad formula written twice is reported twice, each at its own line: fixing
    the first alone must not leave a second round."""
    content = site_copy("minimal")
    post = content / "posts" / "twice.md"
    post.write_text("Title: Twice\nDate: 2024-03-01\n\n{{< box info >}}\nOne.\n{{< /box >}}\n\n"
                    "Then $x^$ here.\n\n{{< box info >}}\nTwo.\n{{< /box >}}\n\nAnd $x^$ again.\n", encoding="utf-8")
    result = build_site_at(content)
    assert not result.ok
    found = sorted((p.line, p.message) for p in result.problems if p.path.endswith("twice.md"))
    assert [line for line, _message in found] == [4, 6, 8, 10, 12, 14], found
    assert [m.split(" ")[0] for _line, m in found] == ["the", "the", "cannot", "the", "the", "cannot"]
