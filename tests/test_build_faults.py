"""One test per build fault (FAULTS 1-21, 23-28): exit status, file and line in the message, and the
previous output left byte for byte as it was."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from foothold.config import DRAFT_PREVIEW
from foothold_test_support import SITES, assert_same_tree, fixture_root, make_project, tree_digest, write


def assert_fails(result, output, digest, path_part, line, *words):
    assert not result.ok
    matching = [p for p in result.problems if path_part in p.path]
    assert matching, f"no problem names {path_part}:\n{result.stderr_text}"
    if line is not None:
        assert any(p.line == line for p in matching), result.stderr_text
    text = "\n".join(str(p) for p in matching).lower()
    for word in words:
        assert word.lower() in text, f"{word!r} not in:\n{text}"
    assert tree_digest(output) == digest, "the previous output changed"


POST = """\
Title: {title}
Date: 2026-03-10
Category: Learning Log

Body text.
"""


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("Date: 2026-03-10\n\nNo title here.\n", 1, ["required field 'title' is missing"]),
        ("Title:\nDate: 2026-03-10\n\nEmpty title.\n", 1, ["'title' is empty"]),
        ("---\ntitle: ''\ndate: 2026-03-10\n---\nEmpty YAML title.\n", 2, ["'title' is empty"]),
    ],
    ids=["missing", "empty", "empty-yaml"],
)
def test_missing_or_empty_title_fails(good_site, build_site_at, text, line, words):  # FAULTS 1
    content, output, digest = good_site
    write(content / "posts" / "bad.md", text)
    result = build_site_at(content, output=output)
    assert_fails(result, output, digest, "posts/bad.md", line, *words)


def test_header_not_on_line_one_fails(good_site, build_site_at):  # FAULTS 2
    content, output, digest = good_site
    (content / "posts" / "late.md").write_text("\n\nTitle: Late header\nDate: 2026-03-10\n\nBody.\n")
    result = build_site_at(content, output=output)
    assert_fails(result, output, digest, "posts/late.md", 3, "must start on line 1")


def test_unknown_key_suggests_the_right_one(good_site, build_site_at):  # FAULTS 3
    content, output, digest = good_site
    write(content / "posts" / "typo.md", "Title: Typo\nDate: 2026-03-10\nSkils: promises\n\nBody.\n")
    result = build_site_at(content, output=output)
    assert_fails(result, output, digest, "posts/typo.md", 3, "unknown metadata key 'skils'", "did you mean 'skills'")


def test_yaml_draft_true_is_honoured(good_site, build_site_at):  # FAULTS 4
    content, output, _ = good_site
    write(content / "posts" / "yaml-draft.md", """
        ---
        title: "Secret: a draft with 'quotes'"
        date: 2026-03-11
        draft: true
        tags: [one, "two, three"]
        ---
        DRAFT-BODY-TEXT
        """)
    dev = build_site_at(content, output=output)
    assert dev.ok, dev.stderr_text
    assert not (output / "drafts").exists()  # drafts are previewed in live reload only
    preview = build_site_at(content, output=output, **DRAFT_PREVIEW)
    assert preview.ok, preview.stderr_text
    assert (output / "drafts/posts/secret-a-draft-with-quotes/index.html").is_file()
    prod = build_site_at(content, production=True, output=output)
    assert prod.ok, prod.stderr_text
    assert not any("DRAFT-BODY-TEXT" in p.read_text(errors="ignore") for p in output.rglob("*") if p.is_file())
    assert not (output / "drafts").exists()


def test_invalid_yaml_fails_with_line(good_site, build_site_at):  # FAULTS 4
    content, output, digest = good_site
    write(content / "posts" / "bad-yaml.md", "---\ntitle: ok\ndate: 2026-03-11\ntags: [unclosed\n---\nBody.\n")
    result = build_site_at(content, output=output)
    assert_fails(result, output, digest, "posts/bad-yaml.md", None, "invalid yaml")
    assert any(p.line and p.line >= 4 for p in result.problems if "bad-yaml" in p.path)


@pytest.mark.parametrize(
    "date, words",
    [
        ("2026-02-30", ["not a real date"]),
        ("", ["date is empty"]),
        ("02/03/2026", ["not an iso 8601 date"]),
        ("2026", ["not an iso 8601 date"]),
        ("March 2026", ["not an iso 8601 date"]),
    ],
    ids=["impossible", "empty", "slashes", "year", "month-name"],
)
def test_bad_dates_fail_and_show_the_format(good_site, build_site_at, date, words):  # FAULTS 5, 6
    content, output, digest = good_site
    write(content / "posts" / "date.md", f"Title: Dated\nDate: {date}\n\nBody.\n")
    result = build_site_at(content, output=output)
    assert_fails(result, output, digest, "posts/date.md", 2, *words, "2026-03-02 10:00")


def test_yaml_year_only_date_fails(good_site, build_site_at):  # FAULTS 6, YAML reads 2026 as a number
    content, output, digest = good_site
    write(content / "posts" / "year.md", "---\ntitle: Year\ndate: 2026\n---\nBody.\n")
    result = build_site_at(content, output=output)
    assert_fails(result, output, digest, "posts/year.md", 3, "not an iso 8601 date")


@pytest.mark.parametrize("date", ["2026-03-02", "2026-03-02 10:00", "2026-03-02T10:00:00+01:00"])
def test_iso_dates_are_accepted(good_site, build_site_at, date):
    content, output, _ = good_site
    write(content / "posts" / "iso.md", f"Title: ISO date\nDate: {date}\n\nBody.\n")
    result = build_site_at(content, output=output)
    assert result.ok, result.stderr_text
    html = (output / "posts/iso-date/index.html").read_text()
    assert "2026-03-02" in html


def test_future_post_is_scheduled_not_published(good_site, build_site_at):  # FAULTS 7
    content, output, _ = good_site
    write(content / "posts" / "future.md", "Title: From the future\nDate: 2099-01-01\n\nFUTURE-BODY\n")
    result = build_site_at(content, production=True, output=output)
    assert result.ok, result.stderr_text
    assert [path.rsplit("/", 2)[-2:] for _, path in result.stats["scheduled"]] == [["posts", "future.md"]]
    assert not any("FUTURE-BODY" in p.read_text(errors="ignore") for p in output.rglob("*.html"))
    opted_in = build_site_at(content, production=True, output=output, PUBLISH_FUTURE=True)
    assert opted_in.ok, opted_in.stderr_text
    assert (output / "posts/from-the-future/index.html").is_file()


def test_invalid_post_time_zone_fails(good_site, build_site_at):  # FAULTS 8
    content, output, digest = good_site
    write(content / "posts" / "tz.md", "Title: Zoned\nDate: 2026-03-10\nTimezone: Europe/Lisbn\n\nBody.\n")
    result = build_site_at(content, output=output)
    assert_fails(result, output, digest, "posts/tz.md", 3, "not a known time zone", "europe/lisbon")


def test_invalid_global_time_zone_fails_before_writing(good_site, build_site_at):  # FAULTS 8
    content, output, digest = good_site
    result = build_site_at(content, output=output, TIMEZONE="Europe/Lisbn")
    assert not result.ok
    assert any("TIMEZONE 'Europe/Lisbn'" in p.message and "Europe/Lisbon" in (p.hint or "") for p in result.problems)
    assert tree_digest(output) == digest


@pytest.mark.parametrize("folder, status, allowed", [
    ("posts", "publshed", "published, draft, hidden"),
    ("projects", "done", "shipped, in-progress, archived"),
])
def test_unknown_status_lists_allowed_values(good_site, build_site_at, folder, status, allowed):  # FAULTS 9
    content, output, digest = good_site
    extra = "Summary: One line.\n" if folder == "projects" else ""
    write(content / folder / "status.md", f"Title: Status\nDate: 2026-03-10\n{extra}Status: {status}\n\nBody.\n")
    result = build_site_at(content, output=output)
    line = 4 if folder == "projects" else 3
    assert_fails(result, output, digest, f"{folder}/status.md", line, f"unknown status '{status}'", allowed)


def test_drafts_never_reach_production(good_site, build_site_at):  # FAULTS 10
    content, output, _ = good_site
    write(content / "posts" / "draft.md", "Title: Half done\nDate: 2026-03-10\nStatus: draft\n\nDRAFT-POST\n")
    write(content / "pages" / "draft-page.md", "Title: Draft page\nStatus: draft\n\nDRAFT-PAGE\n")
    write(content / "projects" / "draft-project.md",
          "Title: Secret project\nDate: 2026-03-10\nSummary: Not yet.\nStatus: in-progress\nDraft: yes\n\nDRAFT-PROJECT\n")
    result = build_site_at(content, production=True, output=output)
    assert result.ok, result.stderr_text
    for path in output.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".txt", ".json"):
            text = path.read_text(errors="ignore")
            for marker in ("DRAFT-POST", "DRAFT-PAGE", "DRAFT-PROJECT", "Half done", "Secret project"):
                assert marker not in text, f"{marker} leaked into {path}"
    assert not (output / "drafts").exists()


def test_published_page_linking_to_a_draft_fails(good_site, build_site_at):  # FAULTS 11
    content, output, digest = good_site
    write(content / "posts" / "draft.md", "Title: Half done\nDate: 2026-03-10\nStatus: draft\n\nDraft.\n")
    write(content / "posts" / "linker.md", "Title: Linker\nDate: 2026-03-10\n\nIntro.\n\nSee [it]({filename}draft.md).\n")
    result = build_site_at(content, output=output)
    assert_fails(result, output, digest, "posts/linker.md", 6, "draft.md", "which is draft")


def test_static_used_only_by_a_draft_is_not_copied(good_site, build_site_at):  # FAULTS 12
    content, output, _ = good_site
    shutil.copy(content / "images/diagram.png", content / "images/secret.png")
    write(content / "posts" / "draft.md",
          "Title: Half done\nDate: 2026-03-10\nStatus: draft\n\n![Secret]({static}/images/secret.png)\n")
    result = build_site_at(content, production=True, output=output)
    assert result.ok, result.stderr_text
    assert not (output / "images/secret.png").exists()
    assert (output / "images/diagram.png").exists()
    assert "images/secret.png" in result.stats["withheld_statics"]


def test_hidden_pages_stay_out_of_sitemap_and_feeds(good_site, build_site_at):  # FAULTS 13
    content, output, _ = good_site
    write(content / "pages" / "thanks.md", "Title: Thanks for applying\nSlug: thanks\nStatus: hidden\n\nHIDDEN-PAGE\n")
    write(content / "posts" / "hidden-post.md", "Title: Hidden post\nDate: 2026-03-12\nStatus: hidden\n\nHIDDEN-POST\n")
    result = build_site_at(content, production=True, output=output)
    assert result.ok, result.stderr_text
    assert (output / "thanks/index.html").is_file()
    sitemap = (output / "sitemap.xml").read_text()
    assert "/thanks/" not in sitemap and "hidden-post" not in sitemap
    assert "/posts/first-steps-with-promises/" in sitemap
    for feed in (output / "feeds").glob("*.xml"):
        assert "HIDDEN-POST" not in feed.read_text() and "hidden-post" not in feed.read_text()
    home = (output / "index.html").read_text()
    assert "Hidden post" not in home


@pytest.mark.parametrize("other_slug", ["first-steps-with-promises", "First-Steps-With-Promises"])
def test_two_sources_with_one_url_fail_naming_both(good_site, build_site_at, other_slug):  # FAULTS 14
    content, output, digest = good_site
    write(content / "posts" / "copy.md", f"Title: Copy\nDate: 2026-03-10\nSlug: {other_slug}\n\nBody.\n")
    result = build_site_at(content, output=output)
    assert_fails(result, output, digest, "posts/copy.md", 3, "same url", "first.md")
    # Once, on the newer file (FAULTS 36), naming the other: both sources are named. (first.md may be
    # named for linking to a file that fails since, so that removing every named file builds.)
    assert not any("posts/first.md" in p.path and not p.message.endswith("which fails to build")
                   for p in result.problems)


@pytest.mark.parametrize("name, text, line, words", [
    ("pages/tags.md", "Title: Tags\nSlug: tags\n\nBody.\n", 2, ["collides with the built-in /tags/"]),
    ("posts/emoji.md", "Title: 🚀🚀\nDate: 2026-03-10\n\nBody.\n", 1, ["empty url slug", "slug:"]),
    ("posts/path.md", "Title: Path\nDate: 2026-03-10\nSlug: ../../etc\n\nBody.\n", 3, ["not usable in a url"]),
    ("posts/emoji-tag.md", "Title: Tagged\nDate: 2026-03-10\nTags: ✨\n\nBody.\n", 3, ["no letters or digits"]),
], ids=["builtin", "emoji-title", "path-like", "emoji-tag"])
def test_bad_slugs_fail_with_the_reason(good_site, build_site_at, name, text, line, words):  # FAULTS 15
    content, output, digest = good_site
    write(content / name, text)
    result = build_site_at(content, output=output)
    assert_fails(result, output, digest, name, line, *words)


def test_c_cpp_csharp_tags_stay_distinct(good_site, build_site_at):  # FAULTS 16
    content, output, _ = good_site
    for tag in ("C", "C++", "C#"):
        write(content / "posts" / f"lang-{len(tag)}.md", f"Title: About {tag}\nDate: 2026-03-10\nTags: {tag}\n\nBody.\n")
    result = build_site_at(content, output=output)
    assert result.ok, result.stderr_text
    for slug, name in (("c", "C"), ("c-plus-plus", "C++"), ("c-sharp", "C#")):
        page = BeautifulSoup((output / "tags" / slug / "index.html").read_text(), "html.parser")
        assert f"About {name}" in page.get_text()


def test_tags_differing_only_in_case_are_merged_with_a_note(good_site, build_site_at):  # FAULTS 16, issue 17
    content, output, digest = good_site
    write(content / "posts" / "case.md", "Title: Case\nDate: 2026-03-10\nTags: JavaScript\n\nBody.\n")
    result = build_site_at(content, output=output)
    assert result.ok, result.stderr_text
    from foothold.summary import format_summary

    [note] = [line for line in format_summary(result).splitlines() if "merged" in line]
    assert "the tag 'JavaScript' merged into 'javascript' (only the case differed)" in note
    assert note.endswith("content/posts/case.md)")


@pytest.mark.parametrize("link, line, words", [
    ("[gone]({filename}missing.md)", 5, ["broken link", "missing.md"]),
    ("![Gone]({static}/images/nope.png)", 5, ["missing file", "images/nope.png"]),
    ("[anchor]({filename}first.md#no-such-heading)", 5, ["broken anchor", "#no-such-heading"]),
], ids=["filename", "static", "anchor"])
def test_broken_links_name_file_and_line(good_site, build_site_at, link, line, words):  # FAULTS 17
    content, output, digest = good_site
    write(content / "posts" / "links.md", f"Title: Links\nDate: 2026-03-10\n\nIntro.\n{link}\n")
    result = build_site_at(content, output=output)
    assert_fails(result, output, digest, "posts/links.md", line, *words)


def test_broken_plain_relative_link_fails_naming_the_source(good_site, build_site_at):  # FAULTS 17
    content, output, digest = good_site
    write(content / "posts" / "plain.md", "Title: Plain\nDate: 2026-03-10\n\n[nowhere](../no-such-post/)\n")
    result = build_site_at(content, output=output)
    assert_fails(result, output, digest, "posts/plain.md", None, "no-such-post")


@pytest.mark.parametrize("name, words", [
    ("notes.md", ["outside posts/, projects/ and pages/"]),
    ("posts/old.rst", ["markdown (.md) files only", ".rst"]),
    ("pages/legacy.html", ["markdown (.md) files only", ".html"]),
])
def test_content_that_nothing_would_build_fails(good_site, build_site_at, name, words):  # never skip silently
    content, output, digest = good_site
    write(content / name, "Title: Stray\nDate: 2026-03-10\n\nBody.\n")
    result = build_site_at(content, output=output)
    assert_fails(result, output, digest, name, None, *words)


def test_non_utf8_file_fails_with_position(good_site, build_site_at):  # FAULTS 19
    content, output, digest = good_site
    path = content / "posts" / "latin.md"
    path.write_bytes("Title: Café\nDate: 2026-03-10\n\nA café.\n".encode("latin-1"))
    result = build_site_at(content, output=output)
    assert_fails(result, output, digest, "posts/latin.md", 1, "not utf-8", "latin-1", "column 11")


def test_bom_crlf_emoji_and_rtl_build_fine(good_site, build_site_at):  # FAULTS 20
    content, output, _ = good_site
    text = "Title: Emoji 🎉 and עברית\r\nDate: 2026-03-10\r\nTags: 🎉 party\r\n\r\nשלום עולם — hello 👋\r\n"
    (content / "posts" / "bom.md").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = build_site_at(content, output=output)
    assert result.ok, result.stderr_text
    page = next((output / "posts").glob("emoji*/index.html"))
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert "Emoji 🎉 and עברית" in soup.find("h1").get_text()
    assert "שלום עולם" in soup.get_text()


def test_markup_in_metadata_is_escaped_everywhere(good_site, build_site_at):  # FAULTS 21
    content, output, _ = good_site
    evil = '</script><script>alert(1)</script> "quoted" <b>bold</b>'
    write(content / "posts" / "evil.md", f"""
        ---
        title: '{evil}'
        date: 2026-03-10
        summary: '{evil}'
        tags: ['<b>bold</b> & "quotes"']
        ---
        Body.
        """)
    result = build_site_at(content, production=True, output=output)
    assert result.ok, result.stderr_text
    for page in output.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        for script in soup.find_all("script"):
            assert "alert(1)" not in script.get_text() or script.get("type") == "application/ld+json", page
        assert not soup.find("img", src="x"), page
        assert not soup.find("b", string="bold"), page
    post = next((output / "posts").glob("alert1*/index.html"))
    assert evil in BeautifulSoup(post.read_text(), "html.parser").find("h1").get_text()


def test_huge_file_builds_and_is_reported_as_slowest(good_site, build_site_at):  # FAULTS 23
    content, output, _ = good_site
    paragraph = "Promises settle once; await unwraps them. " * 40 + "\n\n"  # 1.7 KB
    write(content / "posts" / "huge.md", "Title: Huge\nDate: 2026-03-10\n\n" + paragraph * 1500)
    assert (content / "posts/huge.md").stat().st_size > 2_000_000
    result = build_site_at(content, output=output)
    assert result.ok, result.stderr_text
    assert result.slowest[0][1].endswith("posts/huge.md")


def test_empty_content_folder_fails(tmp_path, build_site_at):  # FAULTS 24
    content = tmp_path / "empty"
    content.mkdir()
    result = build_site_at(content)
    assert not result.ok
    assert any("no posts, pages or projects" in p.message for p in result.problems)


def test_missing_markdown_reader_fails(tmp_path):  # FAULTS 24
    script = (
        "import sys; sys.modules['markdown'] = None; sys.path.insert(0, 'plugins');"
        "from foothold.build import build_site;"
        f"r = build_site('.', overrides={{'OUTPUT_PATH': {str(tmp_path / 'out')!r}, 'PATH': {str(SITES / 'minimal')!r}}});"
        "print(r.stderr_text); sys.exit(0 if r.ok else 1)"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=fixture_root(tmp_path), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "markdown" in proc.stdout.lower()
    assert not (tmp_path / "out").exists()


def test_setting_typo_fails_naming_the_setting(good_site, build_site_at):  # FAULTS 25
    content, output, digest = good_site
    result = build_site_at(content, output=output, TIMEZON="UTC")
    assert not result.ok
    assert any("unknown setting 'TIMEZON'" in p.message and "TIMEZONE" in (p.hint or "") for p in result.problems)
    assert tree_digest(output) == digest


def test_dot_files_backups_and_escaping_symlinks_are_never_copied(good_site, build_site_at, tmp_path):  # FAULTS 26
    content, output, digest = good_site
    (content / "images" / ".env").write_text("SECRET=1")
    (content / "images" / "diagram.png~").write_text("backup")
    (content / "images" / ".git").mkdir()
    (content / "images" / ".git" / "config").write_text("[core]")
    clean = build_site_at(content, production=True, output=output)
    assert clean.ok, clean.stderr_text
    names = {p.name for p in output.rglob("*")}
    assert not names & {".env", "diagram.png~", ".git", "config"}
    secret = tmp_path / "id_rsa"
    secret.write_text("PRIVATE KEY")
    os.symlink(secret, content / "images" / "key.png")
    digest = tree_digest(output)
    result = build_site_at(content, production=True, output=output)
    assert_fails(result, output, digest, "images/key.png", None, "outside the content folder")


def test_output_path_that_is_a_file_fails_cleanly(good_site, build_site_at, tmp_path):  # FAULTS 27
    content, _, _ = good_site
    target = tmp_path / "a-file"
    target.write_text("not a folder")
    result = build_site_at(content, output=target)
    assert not result.ok
    assert any("is a file" in p.message for p in result.problems)
    assert target.read_text() == "not a folder"


def _staged_pages(output: Path, written: bool) -> bool:
    """True once the build's staging folder holds bulk pages (``written``: with their HTML in)."""
    for staging in output.parent.glob(".foothold-staging-*"):
        for page in staging.glob("posts/bulk-*/index.html"):
            try:
                if not written or page.stat().st_size > 0:
                    return True
            except OSError:
                continue
    return False


def _build_script(content: Path, output: Path, prelude: str = "", **overrides) -> str:
    """Python code for a child process: ``prelude``, then a cache-less development build of ``content``
    into ``output``, exiting 130 if it was interrupted (as `invoke build` does), else 0 or 1."""
    settings = {"OUTPUT_PATH": str(output), "PATH": str(content), "SPEED": {"cache": False}, **overrides}
    return (f"import sys; sys.path.insert(0, 'plugins'); {prelude}"
            "from foothold.build import build_site;"
            f"r = build_site('.', overrides={settings!r});"
            "sys.exit(130 if r.interrupted else (0 if r.ok else 1))")


def _assert_interrupted_cleanly(returncode: int, output: Path, digest: str, why: str = "") -> None:
    assert returncode == 130, why
    assert tree_digest(output) == digest  # the previous site, untouched
    assert not [p for p in output.parent.iterdir() if p.name.startswith(".foothold-")]


@pytest.mark.parametrize("phase", ["reading", "rendering pages"])
def test_interrupted_build_exits_non_zero_and_keeps_output(good_site, tmp_path, phase):  # FAULTS 28
    content, output, digest = good_site
    body = "\n\n".join(f"Paragraph {i} about promises and `await`." for i in range(300))
    for i in range(400):
        write(content / "posts" / f"bulk-{i}.md", f"Title: Bulk {i}\nDate: 2026-03-10\n\n{body}\n")
    # No caches: the build must do all its work, whatever earlier test runs left behind.
    proc = subprocess.Popen([sys.executable, "-c", _build_script(content, output)], cwd=fixture_root(tmp_path))
    deadline = time.monotonic() + 120
    # Reading: Pelican has not written pages yet; rendering: workers are writing them.
    while proc.poll() is None and time.monotonic() < deadline:
        if (phase == "reading" and any(output.parent.glob(".foothold-staging-*"))
                and not _staged_pages(output, written=False)) or \
                (phase == "rendering pages" and _staged_pages(output, written=True)):
            break
        time.sleep(0.02)
    assert proc.poll() is None, f"the build finished before it could be interrupted while {phase}"
    proc.send_signal(signal.SIGINT)
    _assert_interrupted_cleanly(proc.wait(timeout=60), output, digest)


@pytest.mark.parametrize("signame, fork", [("SIGINT", n) for n in (1, 2, 3, 4, 5)] + [("SIGTERM", n) for n in (1, 4)])
def test_an_interrupt_during_a_fork_is_not_lost(good_site, tmp_path, signame, fork):  # FAULTS 28
    # Python runs at-fork callbacks (logging registers some); an exception raised in one is printed
    # as "Exception ignored" and dropped. Here Ctrl-C (or the SIGTERM of a killed build) arrives inside
    # the build's n-th fork, which is where a Ctrl-C once went missing and the build carried on.
    content, output, digest = good_site
    for i in range(30):
        write(content / "posts" / f"bulk-{i}.md", f"Title: Bulk {i}\nDate: 2026-03-10\n\nPost {i} about `await`.\n")
    prelude = ("import os, signal; forks = [];"
               f"os.register_at_fork(after_in_parent=lambda: forks.append(1) or (len(forks) == {fork} and "
               f"os.kill(os.getpid(), signal.{signame})));")
    script = _build_script(content, output, prelude, SPEED={"workers": 2})
    proc = subprocess.run([sys.executable, "-c", script], cwd=fixture_root(tmp_path), capture_output=True, text=True, timeout=120)
    assert "Exception ignored" not in proc.stderr
    _assert_interrupted_cleanly(proc.returncode, output, digest, proc.stderr[-3000:])


@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("module, step", [("foothold.build", "load_settings"), ("speed.snapshot", "inputs_of"),
                                          ("foothold.build", "_prepare_staging")])
def test_an_interrupt_before_pelican_starts_is_a_clean_stop(good_site, tmp_path, module, step, signame):  # FAULTS 28
    # Ctrl-C (or SIGTERM) right after the settings are loaded, the inputs hashed, or the staging
    # folder made: exit 130, no traceback, the previous output kept and no folder left behind.
    content, output, digest = good_site
    prelude = (f"import os, signal, {module} as target\n"
               f"step = target.{step}\n"
               "def stopped(*args, **kwargs):\n"
               "    value = step(*args, **kwargs)\n"
               f"    os.kill(os.getpid(), signal.{signame})\n"
               "    return value\n"
               f"target.{step} = stopped\n")
    script = _build_script(content, output, prelude, SPEED={"cache": True, "cache_path": str(tmp_path / "cache")})
    proc = subprocess.run([sys.executable, "-c", script], cwd=fixture_root(tmp_path), capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    _assert_interrupted_cleanly(proc.returncode, output, digest, proc.stderr[-3000:])


@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("path", ["full", "quick"])
def test_an_interrupt_once_the_new_site_is_in_place_says_so(good_site, tmp_path, build_site_at, path, signame):  # FAULTS 28
    # Ctrl-C (or SIGTERM) that lands once the new site is in output/ (a full build's folder swap, a
    # quick rebuild's held-back commit): exit 130, the new site whole in output/, and a message that
    # says so, not that the previous output was kept.
    content, output, _ = good_site
    # The fixture's settings, built as the interrupted build will be: in a process of its own, whose
    # code (no test modules loaded) its snapshot describes, so that a body edit is a quick rebuild.
    settings = {"SPEED": {"cache": True, "cache_path": str(tmp_path / "md-cache")}}
    first = subprocess.run([sys.executable, "-c", _build_script(content, output, **settings)], cwd=fixture_root(tmp_path),
                           capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr[-3000:]
    digest = tree_digest(output)
    post = content / "posts" / "first.md"  # its summary is its own: a body edit changes no metadata
    post.write_text(post.read_text(encoding="utf-8") + "\nA paragraph added after the first build.\n",
                    encoding="utf-8")
    if path == "full":
        write(content / "posts" / "added.md", "Title: Added\nDate: 2026-03-11\n\nA new post.\n")
        prelude = ("import os, signal, foothold.build as target\n"
                   "swap = target._swap_in\n"
                   "def swapped(*args):\n"
                   "    retired = swap(*args)\n"
                   f"    os.kill(os.getpid(), signal.{signame})\n"
                   "    return retired\n"
                   "target._swap_in = swapped\n")
    else:  # sent while the commit holds interrupts back: raised as it ends
        prelude = ("import os, signal, speed.quick as target\n"
                   "commit = target._Rebuild._check_and_commit\n"
                   "def held(self, *args):\n"
                   "    *args, describe = args\n"
                   "    def described():\n"
                   "        describe()\n"
                   f"        os.kill(os.getpid(), signal.{signame})\n"
                   "    return commit(self, *args, described)\n"
                   "target._Rebuild._check_and_commit = held\n")
    script = _build_script(content, output, prelude, **settings)
    script = script.replace("sys.exit(", "print(r.stderr_text, flush=True); sys.exit(", 1)
    proc = subprocess.run([sys.executable, "-c", script], cwd=fixture_root(tmp_path), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 130, proc.stdout + proc.stderr[-3000:]  # the signal was sent: quick or full as meant
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "new site was in place" in proc.stdout and "left as it was" not in proc.stdout, proc.stdout
    # The replaced output is deleted by a process of its own (build._discard), which may still run.
    deadline = time.monotonic() + 60
    while [p for p in output.parent.iterdir() if p.name.startswith(".foothold-retired-")] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p for p in output.parent.iterdir() if p.name.startswith(".foothold-")]
    reference = build_site_at(content, output=tmp_path / "reference", SPEED={"cache": False})
    assert reference.ok, reference.stderr_text
    assert tree_digest(output) != digest
    assert_same_tree(output, tmp_path / "reference")  # the new site, whole
    again = build_site_at(content, output=output)  # and the next build goes on from it
    assert again.ok, again.stderr_text
    assert_same_tree(output, tmp_path / "reference")


@pytest.fixture
def immutable(tmp_path):
    """Folders made immutable with chattr +i, which even root cannot write into; undone afterwards."""
    made = []

    def make(path: Path) -> None:
        subprocess.run(["chattr", "+i", str(path)], check=True)
        made.append(path)

    yield make
    for path in made:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def test_read_only_output_location_fails_with_one_line(good_site, build_site_at, immutable):  # FAULTS 27
    content, output, digest = good_site
    immutable(output.parent)
    result = build_site_at(content, output=output)
    assert not result.ok
    assert len(result.problems) == 1
    assert "cannot prepare the output folder" in result.problems[0].message
    assert "\n" not in result.problems[0].message
    assert tree_digest(output) == digest


def test_a_stamp_that_cannot_be_written_fails_the_production_build_and_says_the_site_is_new(tmp_path, immutable):  # FAULTS 27
    from commands.stamp import production_build, verify_stamp

    root = make_project(tmp_path / "project")
    (root / ".foothold").mkdir()
    immutable(root / ".foothold")
    result = production_build(root)
    assert not result.ok and not result.interrupted
    [problem] = result.problems
    assert problem.path.endswith("build-stamp.json") and "cannot write the success stamp" in problem.message
    # Not "the previous output is untouched": the new site is in place, and deploy will refuse it.
    assert "output/ holds the new site" in problem.hint and "untouched" not in str(problem)
    assert "The new site is in output/." in result.stderr_text and "left as it was" not in result.stderr_text
    assert (root / "output" / "index.html").is_file()
    assert verify_stamp(root, root / "output") is not None


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB tmpfs: a real file system that fills up."""
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], check=True)
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_disk_full_fails_with_one_line_and_keeps_output(good_site, build_site_at, small_disk):  # FAULTS 27
    content, _, _ = good_site
    output = small_disk / "output"
    first = build_site_at(content, output=output)
    assert first.ok, first.stderr_text
    digest = tree_digest(output)
    used = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    free = shutil.disk_usage(small_disk).free
    (small_disk / "filler").write_bytes(b"\0" * max(0, free - used // 3))
    # Without its caches the rebuild writes every page again (unchanged pages would otherwise be
    # hard links to the previous output, which take no space).
    result = build_site_at(content, output=output, SPEED={"cache": False})
    assert not result.ok
    assert any("No space left on device" in p.message for p in result.problems), result.stderr_text
    assert all("\n" not in p.message for p in result.problems)
    assert tree_digest(output) == digest
    assert not [p for p in small_disk.iterdir() if p.name.startswith(".foothold-")]


@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("module", ["commands.stamp", "pelican"])
def test_an_interrupt_while_invoke_build_imports_the_plugins_is_a_clean_stop(tmp_path, module, signame):  # FAULTS 28
    # `invoke build`: Ctrl-C (or SIGTERM) while tasks.py imports the build's code, before the build
    # has begun. invoke itself turns a KeyboardInterrupt there into exit 1 and SIGTERM's default is
    # death by signal (143); the command says 130 like any interrupted build, with no traceback and
    # the previous site kept.
    project = make_project(tmp_path / "project", content="minimal")
    built = subprocess.run([sys.executable, "-m", "invoke", "build"], cwd=project, capture_output=True, text=True,
                           timeout=300)
    assert built.returncode == 0, built.stderr[-2000:]
    digest = tree_digest(project / "output")
    # The signal is sent as Python starts importing ``module`` (a finder that only watches).
    prelude = ("import importlib.abc, os, signal, sys\n"
               "class Stop(importlib.abc.MetaPathFinder):\n"
               "    def find_spec(self, name, path=None, target=None):\n"
               f"        if name == {module!r}:\n"
               "            sys.meta_path.remove(self)\n"
               f"            os.kill(os.getpid(), signal.{signame})\n"
               "        return None\n"
               "sys.meta_path.insert(0, Stop())\n"
               "sys.argv = ['invoke', 'build']\n"
               "from invoke.main import program\n"
               "program.run()\n")
    proc = subprocess.run([sys.executable, "-c", prelude], cwd=project, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 130, (proc.returncode, proc.stderr[-3000:])
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert tree_digest(project / "output") == digest
    assert not [p for p in project.iterdir() if p.name.startswith(".foothold-")]


@pytest.mark.parametrize("command", ["migrate", "import"])
def test_a_task_with_a_positional_argument_shows_its_help(tmp_path, command):
    # invoke would take `--help` for the task's SOURCE or FEED and run it with that.
    project = make_project(tmp_path / "project", content="minimal")
    for flag in ("--help", "-h"):
        shown = subprocess.run([sys.executable, "-m", "invoke", command, flag], cwd=project, capture_output=True,
                               text=True, timeout=120)
        assert shown.returncode == 0, shown.stderr
        assert shown.stdout.startswith(f"Usage: inv[oke] [--core-opts] {command} "), shown.stdout
        assert not (project / "content" / "posts" / "imported").exists()
