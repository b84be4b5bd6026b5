"""Hostile inputs, round two (issue 19; FAULTS 32-36): links out of content/, files git ignores at
deploy time, YAML and Markdown bombs, Pelican keys with bad values, blame for clashes, leftovers of
an interrupted search index, and Pelican link syntax in imported feeds.

Every case is a real build of a fixture site (tests/sites/minimal, copied to a temp folder) into a
temp output built once beforehand: the bad build must name the file and line, say what is wrong
and how to fix it, in bounded time and message size, leave ``output/`` byte-identical and leave no
folder behind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from foothold_test_support import ROOT, SAMPLE_CONF, SITES, fixture_root, make_project, tree_digest, write

MAX_STDERR = 20_000  # characters: every message is capped (problems.MAX_TEXT), so are their lists


def assert_refused(result, output: Path, digest: dict, path_part: str, line, *words, seconds: float = 60):
    """The build failed naming ``path_part`` (at ``line`` unless None) with ``words``, quickly and
    briefly, left the previous output as it was and no folder of its own behind."""
    assert not result.ok
    text = result.stderr_text
    assert len(text) < MAX_STDERR, f"{len(text)} characters of messages"
    assert result.seconds < seconds, f"took {result.seconds:.1f} s"
    matching = [p for p in result.problems if path_part in p.path]
    assert matching, f"no problem names {path_part}:\n{text}"
    if line is not None:
        assert any(p.line == line for p in matching), text
    found = "\n".join(str(p) for p in matching).lower()
    for word in words:
        assert word.lower() in found, f"{word!r} not in:\n{found}"
    assert all(p.hint for p in matching), text
    assert tree_digest(output) == digest, "the previous output changed"
    assert not [p.name for p in output.parent.iterdir() if p.name.startswith(".foothold-")]


POST = "Title: {title}\nDate: 2026-03-05\nCategory: Learning Log\n{extra}\nBody of {title}.\n"


def post(content: Path, name: str, extra: str = "", title: str | None = None) -> Path:
    return write(content / "posts" / f"{name}.md", POST.format(title=title or name, extra=extra))


# --- 1, 2: links out of content/ ------------------------------------------------------------------

def test_post_file_and_folder_linked_from_outside_are_refused_naming_the_link(good_site, build_site_at, tmp_path):
    content, output, digest = good_site
    outside = tmp_path / "elsewhere"
    write(outside / "secret.md", "Title: Secret\nDate: 2026-03-01\n\nTOP-SECRET-BODY\n")
    os.symlink(outside / "secret.md", content / "posts" / "linked.md")
    os.symlink(outside, content / "posts" / "linked-folder")
    os.symlink(outside, content / "pages" / "more")
    os.symlink(outside / "secret.md", content / "projects" / "linked.md")
    for production in (False, True):  # invoke build, and invoke preview / deploy
        result = build_site_at(content, production=production, output=output)
        for link in ("posts/linked.md", "posts/linked-folder", "pages/more", "projects/linked.md"):
            assert_refused(result, output, digest, link, None, "links outside the content folder",
                           str(outside), "copy the file into content/")
        assert "TOP-SECRET-BODY" not in result.stderr_text and "Secret" not in result.stderr_text
        # The folder's link is named once, not once per file in it.
        assert sum("linked-folder" in p.path for p in result.problems) == 1


def test_post_linked_to_etc_passwd_is_refused_and_never_read(good_site, build_site_at):
    content, output, digest = good_site
    os.symlink("/etc/passwd", content / "posts" / "passwd.md")
    result = build_site_at(content, output=output)
    assert_refused(result, output, digest, "posts/passwd.md", None, "links outside the content folder (to /etc/passwd)")
    assert "unknown metadata key" not in result.stderr_text and "root:x:" not in result.stderr_text
    assert len(result.problems) == 1


def test_link_target_is_never_opened(good_site, tmp_path):
    """A link to a named pipe outside content/: anything that opens it waits forever, so a build
    that finishes (in a child process, with a deadline) has opened nothing through the link."""
    content, output, digest = good_site
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    os.symlink(fifo, content / "posts" / "pipe.md")
    os.symlink(fifo, content / "skills.yml")
    os.mkfifo(content / "posts" / "local-pipe.md")  # a pipe inside content/ is refused too
    script = ("import sys; sys.path.insert(0, 'plugins'); from foothold.build import build_site;"
              f"r = build_site('.', overrides={{'PATH': {str(content)!r}, 'OUTPUT_PATH': {str(output)!r},"
              "'SPEED': {'cache': False, 'workers': 2}});"
              "print(r.stderr_text); sys.exit(0 if r.ok else 1)")
    proc = subprocess.run([sys.executable, "-c", script], cwd=fixture_root(tmp_path), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "posts/pipe.md: links outside the content folder" in proc.stdout
    assert "skills.yml: links outside the content folder" in proc.stdout
    assert "posts/local-pipe.md: is a named pipe (FIFO)" in proc.stdout
    assert tree_digest(output) == digest


def test_quick_rebuild_refuses_a_post_that_became_a_link_out(good_site, build_site_at, tmp_path):
    content, output, digest = good_site
    first = content / "posts" / "first.md"
    outside = tmp_path / "first-elsewhere.md"
    # Only the body differs: the quick path (foothold/quick.py) would take it as a body edit.
    outside.write_text(first.read_text() + "\nOUTSIDE-ONLY-TEXT\n")
    first.unlink()
    os.symlink(outside, first)
    result = build_site_at(content, output=output)
    assert_refused(result, output, digest, "posts/first.md", None, "links outside the content folder")
    assert not any("OUTSIDE-ONLY-TEXT" in p.read_text(errors="ignore") for p in output.rglob("*.html"))


def test_link_loops_and_links_inside_content(good_site, build_site_at):
    content, output, digest = good_site
    os.symlink("..", content / "posts" / "loop")
    os.symlink(content / "posts", content / "posts" / "again")
    result = build_site_at(content, output=output)
    assert_refused(result, output, digest, "posts/loop", None, "a folder that contains it", seconds=30)
    assert any("posts/again" in p.path for p in result.problems)
    (content / "posts" / "loop").unlink()
    (content / "posts" / "again").unlink()
    # A link that stays inside content/ is fine, as for static files.
    os.symlink("first.md", content / "posts" / "alias.md")
    result = build_site_at(content, output=output)
    assert not result.ok  # two sources, one URL: reported once, naming both
    [clash] = result.problems
    assert {clash.path.rsplit("/", 1)[-1], clash.message.rsplit("/", 1)[-1]} == {"first.md", "alias.md"}


# --- 3: deploy publishes what the commit holds ---------------------------------------------------

def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def repo(tmp_path):
    """A project in git with a bare `origin` named foothold.git (the SITEURL's repository)."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("theme", "plugins"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("tasks.py", ".gitignore"):
        shutil.copy2(ROOT / name, root / name)
    shutil.copy2(SAMPLE_CONF, root / "pelican.conf")
    with open(root / "pelican.conf", "a", encoding="utf-8") as handle:  # the template's identity: a demo
        handle.write("\nALLOW_PLACEHOLDERS = True\n")
    shutil.copytree(SITES / "check_deploy_content", root / "content")
    with open(root / ".gitignore", "a", encoding="utf-8") as handle:
        handle.write("private/\n")
    git(tmp_path, "init", "-q", "-b", "main", str(root))
    for key, value in (("user.name", "Test Author"), ("user.email", "author@example.com"), ("commit.gpgsign", "false")):
        git(root, "config", key, value)
    remote = tmp_path / "remotes" / "foothold.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(root, "remote", "add", "origin", str(remote))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "site")
    return root, remote


def _deploy_temp_folders() -> set[str]:
    return {name for name in os.listdir(tempfile.gettempdir()) if name.startswith("foothold-deploy-")}


def test_deploy_publishes_what_the_commit_holds_not_ignored_files(repo, capsys):
    from commands.deploy import deploy

    root, remote = repo
    head = git(root, "rev-parse", "HEAD")
    ignored = write(root / "content" / "posts" / "private" / "diary.md",
                    "Title: Private diary\nDate: 2026-03-01\nCategory: Notes\n\nIGNORED-BY-GIT\n")
    write(root / "content" / "images" / "__pycache__" / "leak.png", "not an image")
    assert git(root, "status", "--porcelain") == ""  # git sees a clean tree
    before = _deploy_temp_folders()
    assert deploy(root) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "clean checkout" in out and f"from source commit {head[:12]}" in out
    tree = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert "index.html" in tree
    assert not [path for path in tree if "private" in path or "diary" in path or "__pycache__" in path]
    site = "\n".join(git(remote, "show", f"gh-pages:{path}") for path in tree if path.endswith(".html"))
    assert "IGNORED-BY-GIT" not in site and "Private diary" not in site
    # Nothing is left: no worktree, no temporary folder; the working folder is as it was.
    assert len(git(root, "worktree", "list").splitlines()) == 1
    assert _deploy_temp_folders() <= before
    assert ignored.is_file() and not (root / "output").exists()


def test_deploy_with_allow_dirty_takes_uncommitted_changes_but_not_ignored_files(repo, capsys):
    from commands.deploy import deploy

    root, remote = repo
    write(root / "content" / "posts" / "private" / "diary.md",
          "Title: Private diary\nDate: 2026-03-01\nCategory: Notes\n\nIGNORED-BY-GIT\n")
    write(root / "content" / "posts" / "fresh.md",
          "Title: Fresh uncommitted post\nDate: 2026-03-02\nCategory: Notes\n\nNot committed yet.\n")
    assert deploy(root, dry_run=True) == 1  # refused: uncommitted changes
    assert "uncommitted changes" in capsys.readouterr().err
    assert deploy(root, allow_dirty=True) == 0, capsys.readouterr().err
    tree = git(remote, "ls-tree", "-r", "--name-only", "gh-pages").splitlines()
    assert "posts/fresh-uncommitted-post/index.html" in tree
    assert not [path for path in tree if "diary" in path]
    assert "(with uncommitted changes)" in git(remote, "log", "-1", "--format=%B", "gh-pages")
    assert len(git(root, "worktree", "list").splitlines()) == 1


# --- 4: YAML bombs, and message size ----------------------------------------------------------------

def _alias_bomb(indent: str = "") -> str:
    lines = [f'{indent}a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 9):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"{indent}a{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_in_skills_yml_fails_fast_naming_the_line(good_site, build_site_at):
    content, output, digest = good_site
    (content / "skills.yml").write_text("skills:\n  bomb:\n    name: Bomb\n" + _alias_bomb(), encoding="utf-8")
    result = build_site_at(content, output=output)
    assert_refused(result, output, digest, "skills.yml", 8, "expands to more than", "alias", seconds=30)


def test_alias_bomb_in_front_matter_fails_fast_with_a_short_message(good_site, build_site_at):
    content, output, digest = good_site
    write(content / "posts" / "bomb.md", "---\ntitle: Bomb\ndate: 2026-03-05\n" + _alias_bomb()
          + "tags: *a8\n---\nBody.\n")
    result = build_site_at(content, output=output)
    # Line 8 (a4): where the expansion passes the bound (9^5 values).
    assert_refused(result, output, digest, "posts/bomb.md", 8, "front matter", "expands to more than", seconds=30)


def test_deep_yaml_nesting_fails_naming_the_line(good_site, build_site_at):
    content, output, digest = good_site
    (content / "skills.yml").write_text("skills:\n  deep: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    write(content / "posts" / "deep.md", "---\ntitle: Deep\ndate: 2026-03-05\ntags: " + "[" * 5000 + "]" * 5000
          + "\n---\nBody.\n")
    result = build_site_at(content, output=output)
    assert_refused(result, output, digest, "skills.yml", 2, "nested more than", seconds=30)
    assert_refused(result, output, digest, "posts/deep.md", 4, "nested more than", seconds=30)


def test_every_message_is_capped(good_site, build_site_at):
    content, output, digest = good_site
    post(content, "huge-key", extra="X" * 200_000 + ": value")
    result = build_site_at(content, output=output)
    assert_refused(result, output, digest, "posts/huge-key.md", 4, "unknown metadata key", "more characters")
    assert max(len(str(p)) for p in result.problems) < 2_000


# --- 5: deep nesting in Markdown ------------------------------------------------------------------

@pytest.mark.parametrize("body, line, words", [
    ("\n".join("    " * i + "- item" for i in range(3000)), 37, ["nested 33 levels deep", "flatten the list"]),
    ("\n".join("    " * i + "- item" for i in range(600)), 37, ["nested 33 levels deep", "flatten the list"]),
    ("\n".join("> " * i + "- quoted" for i in range(200)), 37, ["nested 33 levels deep"]),
    ("[" * 20000 + "x" + "]" * 20000, 5, ["more than 32 '[' open", "escape a literal one as \\["]),
], ids=["list-3000", "list-600", "quotes", "brackets-20000"])
def test_deep_markdown_nesting_fails_fast_naming_line_cause_and_fix(good_site, build_site_at, body, line, words):
    content, output, digest = good_site
    write(content / "posts" / "deep.md", "Title: Deep\nDate: 2026-03-05\nCategory: Learning Log\n\n" + body + "\n")
    result = build_site_at(content, output=output)
    assert_refused(result, output, digest, "posts/deep.md", line, *words, seconds=30)
    assert "could not process" not in result.stderr_text.lower()


def test_reasonable_nesting_and_brackets_in_code_still_build(good_site, build_site_at):
    content, output, _ = good_site
    body = "\n".join("    " * i + "- level" for i in range(8)) + "\n\n```\n" + "[" * 500 + "\n```\n\n`[[[[`\n"
    write(content / "posts" / "nested.md", "Title: Nested\nDate: 2026-03-05\nCategory: Learning Log\n\n" + body)
    result = build_site_at(content, output=output)
    assert result.ok, result.stderr_text


# --- 6, 7: Pelican keys validated first ------------------------------------------------------------

def test_author_is_accepted_and_shown_template_and_lang_are_validated(good_site, build_site_at):
    content, output, digest = good_site
    post(content, "bad-template", extra="Template: nope")
    post(content, "quoted-lang", extra='Lang: "pt"')
    post(content, "empty-author", extra="Author:")
    result = build_site_at(content, output=output)
    assert_refused(result, output, digest, "posts/bad-template.md", 4, "template 'nope'", "use one of: article")
    assert_refused(result, output, digest, "posts/quoted-lang.md", 4, "not a bcp 47 language tag", "pt-br")
    assert_refused(result, output, digest, "posts/empty-author.md", 4, "author must be a name")
    assert not [p for p in result.problems if "internal error" in p.message or "pelican" in p.path]
    assert not [p for p in result.problems if "pelican.conf" in p.path]


def test_author_and_lang_build_with_the_right_url_and_lang_attribute(good_site, build_site_at):
    content, output, _ = good_site
    post(content, "por-bob", extra="Author: Bob Smith", title="Post by Bob")
    post(content, "em-portugues", extra="Lang: pt-br", title="Em portugues")
    post(content, "in-english", extra="Lang: EN", title="In English")
    result = build_site_at(content, output=output)
    assert result.ok, result.stderr_text
    page = (output / "posts" / "em-portugues" / "index.html").read_text(encoding="utf-8")
    assert BeautifulSoup(page, "html.parser").html["lang"] == "pt-BR"
    assert BeautifulSoup((output / "posts" / "in-english" / "index.html").read_text(), "html.parser").html["lang"] == "en"
    assert not list(output.glob("*-pt*.html")) and not list(output.rglob("*lang*"))
    assert "Em portugues" in (output / "index.html").read_text(encoding="utf-8")  # listed like any post
    bob = (output / "posts" / "post-by-bob" / "index.html").read_text(encoding="utf-8")
    assert '"name": "Bob Smith"' in bob


# --- 8: {static}/../ -------------------------------------------------------------------------------

def test_links_leaving_the_content_folder_name_the_post_and_line(good_site, build_site_at):
    content, output, digest = good_site
    write(content / "posts" / "dotdot.md", """
        Title: Dot dot
        Date: 2026-03-05
        Category: Learning Log

        See [the settings]({static}/../pelican.conf).

        And ![x]({attach}../../../etc/passwd) and [t]({filename}/../tasks.py).
        """)
    result = build_site_at(content, output=output)
    assert_refused(result, output, digest, "posts/dotdot.md", 5, "{static}/../pelican.conf leaves the content folder")
    assert_refused(result, output, digest, "posts/dotdot.md", 7, "{attach}../../../etc/passwd", "{filename}/../tasks.py")
    assert {p.path.rsplit("/", 1)[-1] for p in result.problems} == {"dotdot.md"}
    assert "symlink" not in result.stderr_text


# --- 9: clashes blamed on the file that introduced them ------------------------------------------

def test_category_from_a_folder_blames_the_new_file_once(good_site, build_site_at):
    content, output, digest = good_site
    write(content / "posts" / "learning-log" / "new.md", "Title: New log\nDate: 2026-03-05\n\nBody.\n")
    result = build_site_at(content, output=output)
    assert_refused(result, output, digest, "learning-log/new.md", 1, "has no category",
                   "folder's name 'learning-log'", "add 'category: learning log'")
    assert len(result.problems) == 1
    assert "categorys" not in result.stderr_text


def test_even_split_names_every_file_with_the_right_plural(good_site, build_site_at):
    content, output, digest = good_site
    for name, category in (("a", "Field Notes"), ("b", "Field Notes"), ("c", "Field-Notes"), ("d", "Field-Notes")):
        write(content / "posts" / f"{name}.md", f"Title: {name}\nDate: 2026-03-05\nCategory: {category}\n\nBody.\n")
    result = build_site_at(content, output=output)
    assert_refused(result, output, digest, "posts/c.md", 3, "the categories 'field notes' and 'field-notes' share")
    assert len([p for p in result.problems if "share the URL" in p.message]) == 4
    assert "categorys" not in result.stderr_text


# --- 10: invalid UTF-8 in skills.yml ---------------------------------------------------------------

def test_invalid_utf8_in_skills_yml_gives_line_and_column(good_site, build_site_at):
    content, output, digest = good_site
    (content / "skills.yml").write_bytes(b"skills:\n  caf\xe9:\n    name: Caf\xe9\n")
    result = build_site_at(content, output=output)
    assert_refused(result, output, digest, "skills.yml", 2, "not utf-8", "line 2, column 6", "latin-1", "iconv")


# --- 11: Ctrl-C during the search index -----------------------------------------------------------

def test_ctrl_c_during_the_search_index_leaves_no_folder(good_site, tmp_path):
    content, output, digest = good_site
    # Ctrl-C (SIGINT to this process) while the build waits for Pagefind, as a terminal delivers it.
    prelude = ("import os, signal, search_index.indexer as target\n"
               "finish = target._ShardRuns.finish\n"
               "def interrupted(self):\n"
               "    os.kill(os.getpid(), signal.SIGINT); time.sleep(5); finish(self)\n"
               "target._ShardRuns.finish = interrupted\n")
    script = ("import sys, time; sys.path.insert(0, 'plugins')\n" + prelude +
              "from foothold.build import build_site\n"
              f"r = build_site('.', overrides={{'PATH': {str(content)!r}, 'OUTPUT_PATH': {str(output)!r},"
              "'SPEED': {'cache': False}, 'SEARCH_INDEX': {'enabled': True}})\n"
              "sys.exit(130 if r.interrupted else (0 if r.ok else 1))\n")
    proc = subprocess.run([sys.executable, "-c", script], cwd=fixture_root(tmp_path), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 130, proc.stderr
    assert "Traceback" not in proc.stderr
    assert tree_digest(output) == digest
    assert not [p.name for p in output.parent.iterdir() if p.name.startswith(".foothold-")]


# --- 12: Pelican link syntax in imported feeds -----------------------------------------------------

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Hostile feed</title><id>urn:hostile</id><updated>2026-02-01T10:00:00Z</updated>
  <entry>
    <title>Links from elsewhere</title>
    <id>urn:hostile:1</id>
    <link href="https://blog.example.org/links-from-elsewhere"/>
    <published>2026-02-01T10:00:00Z</published>
    <content type="html">&lt;p&gt;Text [x]({static}/../../pelican.conf) and
      &lt;a href="{filename}/posts/first.md"&gt;a link&lt;/a&gt; and
      &lt;a href="|attach|/../tasks.py"&gt;bars&lt;/a&gt;.&lt;/p&gt;
      &lt;pre&gt;&lt;code&gt;[code]({static}/stays.png)&lt;/code&gt;&lt;/pre&gt;</content>
  </entry>
</feed>
"""


def test_import_escapes_pelican_link_syntax_from_the_feed(tmp_path, build_site_at):
    from commands.importer import import_feed

    root = make_project(tmp_path / "site")
    feed = tmp_path / "feed.xml"
    feed.write_text(ATOM, encoding="utf-8")
    report = import_feed(root, str(feed))
    [written] = report.written
    text = written.read_text(encoding="utf-8").split("\n\n", 1)[1]  # the body (Summary is plain text)
    prose = text.split("```")[0]
    for live in ("]({static}", "]({filename}", "](|attach|"):
        assert live not in prose, text
    assert "[code]({static}/stays.png)" in text  # code shows the text as it was
    output = tmp_path / "output"
    result = build_site_at(root / "content", output=output)
    # The escaped destinations are plain relative URLs that lead nowhere: the imported post is named.
    assert not result.ok
    assert {p.path.rsplit("/", 1)[-1] for p in result.problems} == {written.name}
    assert not [p for p in result.problems if "pelican.conf" in p.path or "tasks.py" in p.path]
    assert not output.exists()


# --- found by trying to break it further -----------------------------------------------------------

@pytest.mark.parametrize("extra, key, words", [
    ("Slug: a\x00b", "slug", ["'slug' contains a control character (u+0000)"]),
    ("Tags: \u202egnp.exe, fine", "tags", ["invisible or direction-changing character (u+202e)"]),
    ("Series: zero\u200bwidth", "series", ["(u+200b)"]),
], ids=["nul-in-slug", "bidi-override-in-tag", "zero-width-in-series"])
def test_invisible_and_control_characters_in_url_values_are_refused(good_site, build_site_at, extra, key, words):
    content, output, digest = good_site
    post(content, "sneaky", extra=extra)
    result = build_site_at(content, output=output)
    assert_refused(result, output, digest, "posts/sneaky.md", 4, *words, "delete it")
    assert not [p for p in result.problems if "internal error" in p.message]


def test_title_too_long_for_a_file_name_names_the_post(good_site, build_site_at):
    content, output, digest = good_site
    post(content, "long", title="Word " * 400_000)
    result = build_site_at(content, output=output)
    assert_refused(result, output, digest, "posts/long.md", 1, "the url slug is too long", "add a short 'slug:")
    assert not [p for p in result.problems if str(output) in p.path]


def test_backtick_runs_of_many_lengths_fail_fast(good_site, build_site_at):
    content, output, digest = good_site
    write(content / "posts" / "ticks.md", "Title: Ticks\nDate: 2026-03-05\nCategory: Learning Log\n\n"
          + " ".join("`" * i for i in range(1, 3000)) + "\n")
    result = build_site_at(content, output=output)
    assert_refused(result, output, digest, "posts/ticks.md", 5, "backtick runs of more than 16", seconds=30)


def test_skills_yml_that_is_a_folder_is_not_skipped_silently(good_site, build_site_at):
    content, output, digest = good_site
    (content / "skills.yml").mkdir()
    (content / "skills.yml" / "skills.yml").write_text("skills: {}\n")  # an empty folder changes no input
    result = build_site_at(content, output=output)
    assert_refused(result, output, digest, "skills.yml", None, "is a folder, not a yaml file")


def test_thousands_of_footnotes_and_yaml_merge_keys_are_refused(good_site, build_site_at):
    content, output, digest = good_site
    write(content / "posts" / "notes.md", "Title: Notes\nDate: 2026-03-05\nCategory: Learning Log\n\n"
          + " ".join(f"[^{i}]" for i in range(20_000)) + "\n\n" + "\n".join(f"[^{i}]: n" for i in range(20_000)) + "\n")
    write(content / "posts" / "merge.md", "---\nbase: &b {title: A}\n<<: *b\ndate: 2026-03-05\n---\nBody.\n")
    result = build_site_at(content, output=output)
    assert_refused(result, output, digest, "posts/notes.md", 5, "more than 500 footnote", seconds=30)
    assert_refused(result, output, digest, "posts/merge.md", 3, "merge keys (<<) are not allowed")
    assert "could not process" not in result.stderr_text.lower()


@pytest.mark.parametrize("where", ["content", "content/site", "project", "theme"])
def test_output_path_holding_the_sources_is_refused_before_anything_is_replaced(tmp_path, where):
    from foothold.build import build_site

    root = make_project(tmp_path / "site", copy_code=where == "theme")
    before = tree_digest(root / "content")
    target = {"content": root / "content", "content/site": root / "content" / "site", "project": root,
              "theme": root / "theme"}[where]
    result = build_site(root, overrides={"OUTPUT_PATH": str(target), "SPEED": {"cache": False}})
    assert not result.ok
    [problem] = result.problems
    assert problem.path == "pelican.conf" and "OUTPUT_PATH" in problem.message and problem.hint
    assert tree_digest(root / "content") == before  # the author's posts are still there
    assert (root / "theme" / "templates" / "base.html").is_file()
    assert not [p.name for p in root.parent.rglob(".foothold-*")]


def test_resume_data_linked_from_outside_is_refused(good_site, build_site_at, tmp_path):
    content, output, digest = good_site
    secret = write(tmp_path / "elsewhere" / "resume.yml", "name: SECRET-RESUME\n")
    os.symlink(secret, content / "resume.yml")
    result = build_site_at(content, output=output)
    assert_refused(result, output, digest, "resume.yml", None, "links outside the content folder")
    assert "SECRET-RESUME" not in result.stderr_text
