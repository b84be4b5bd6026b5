"""Quick rebuilds (foothold/quick.py, issue 7): a development build after body-only edits renders
just the pages that show those bodies, without Pelican, and writes exactly what a full build
writes; every other change is built in full; a damaged snapshot is never used.

Real builds of Foothold's sample site (tests/sample) plus generated posts, compared with clean builds byte for byte.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from speed import snapshot
from foothold_test_support import ROOT, add_generated_posts, assert_same_tree, fixture_root, tree

POSTS = Path("posts") / "generated"


@pytest.fixture
def site(sample_content):
    return add_generated_posts(sample_content, 30)


@pytest.fixture
def builds(build_site_at, site, tmp_path):
    """build(**overrides) -> BuildResult of a development build into tmp/output, which must succeed;
    clean() -> a clean build of the same content into tmp/clean (no cache, no previous output)."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    # The index in development builds too: a quick rebuild re-indexes the shard of what it rendered.
    base = {"THEME": str(theme), "SPEED": {"cache_path": str(tmp_path / "cache")}, "SEARCH_INDEX": {"enabled": True}}

    class Builds:
        output = tmp_path / "output"

        def build(self, ok=True, **overrides):
            speed = {**base["SPEED"], **overrides.pop("SPEED", {})}
            result = build_site_at(site, output=self.output, **{**base, **overrides, "SPEED": speed})
            assert result.ok == ok, result.stderr_text
            return result

        def clean(self, **overrides):
            clean = tmp_path / "clean"
            shutil.rmtree(clean, ignore_errors=True)
            result = build_site_at(site, output=clean, **{**base, "SPEED": {"cache": False}, **overrides})
            assert result.ok, result.stderr_text
            return clean

    return Builds()


def _snapshot(tmp_path: Path) -> tuple[Path, Path]:
    """The snapshot's head and body (written by the build before it returns)."""
    return snapshot.paths({"SPEED": {"cache_path": str(tmp_path / "cache")}})


def _post(site: Path, number: int) -> Path:
    return site / POSTS / f"post-{number:05d}.md"


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


def _title(page: Path) -> str:
    return re.search(r"<h1[^>]*>([^<]*)</h1>", page.read_text(encoding="utf-8")).group(1).strip()


def _inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def _edit_paragraph(site: Path) -> None:
    _append(_post(site, 7), "A new closing paragraph with `code` and *emphasis*.")


def _edit_heading(site: Path) -> None:
    # Its ids change; no source links to an anchor in post 7.
    path = _post(site, 7)
    text = path.read_text(encoding="utf-8")
    first = re.search(r"^## .*$", text, flags=re.M).group(0)
    path.write_text(text.replace(first, "## A renamed section", 1), encoding="utf-8")


def _edit_code(site: Path) -> None:
    _append(_post(site, 7), "```python\ndef added():\n    return 'a new block'\n```")


BODY_EDITS = {"paragraph": _edit_paragraph, "heading": _edit_heading, "code block": _edit_code}


@pytest.mark.parametrize("edit", sorted(BODY_EDITS))
def test_a_body_edit_renders_only_its_page_and_equals_a_clean_build(builds, site, edit, monkeypatch):
    from speed import highlight

    builds.build()
    before = _inodes(builds.output)
    BODY_EDITS[edit](site)
    highlighted = []
    original = highlight.pygments_hilite
    monkeypatch.setattr(highlight, "pygments_hilite", lambda block, shebang=True: highlighted.append(block.src)
                        or original(block, shebang))
    warm = builds.build()
    monkeypatch.undo()
    assert warm.stats["quick"] == {"sources": 1, "pages": 1}
    # The post's unchanged code blocks come from the block cache the full build's workers filled.
    assert highlighted == (["def added():\n    return 'a new block'\n"] if edit == "code block" else [])
    assert_same_tree(builds.output, builds.clean())
    after = _inodes(builds.output)
    rewritten = sorted(name for name in after if after[name] != before.get(name))
    page = [name for name in rewritten if not name.startswith("pagefind/")]
    assert len(page) == 1 and page[0].startswith("posts/") and page[0].endswith("/index.html")
    assert "Title: " + _title(builds.output / page[0]) in _post(site, 7).read_text(encoding="utf-8")
    # The edited post's search shard was indexed again; the other shards are the same files.
    assert any(name.startswith("pagefind/") for name in rewritten)
    assert "pagefind/shards.json" not in rewritten


def test_edits_in_a_row_stay_equal_to_clean_builds(builds, site):
    builds.build()
    for number, edit in enumerate(["One more paragraph.", "Another paragraph.", "A third one."]):
        _append(_post(site, 3 + number), edit)
        assert builds.build().stats["quick"]["sources"] == 1
    # The snapshot keeps the edited bodies: an edit back to what post 3 was before is one change.
    path = _post(site, 3)
    path.write_text(path.read_text(encoding="utf-8").replace("\nOne more paragraph.\n", ""), encoding="utf-8")
    assert builds.build().stats["quick"]["sources"] == 1
    assert_same_tree(builds.output, builds.clean())


def test_a_rebuild_without_changes_is_quick_and_rewrites_nothing(builds):
    builds.build()
    before = {name: (p.stat().st_ino, p.stat().st_mtime_ns) for name, p in
              ((p.relative_to(builds.output).as_posix(), p) for p in builds.output.rglob("*") if p.is_file())}
    again = builds.build()
    assert again.stats["quick"] == {"sources": 0, "pages": 0}
    assert again.stats["posts"] >= 30
    after = {name: (p.stat().st_ino, p.stat().st_mtime_ns) for name, p in
             ((p.relative_to(builds.output).as_posix(), p) for p in builds.output.rglob("*") if p.is_file())}
    assert after == before


def _header_edit(site: Path, theme: Path, builds) -> dict:
    path = _post(site, 3)
    path.write_text(re.sub(r"^Tags: .*$", "Tags: career, a-new-tag", path.read_text(encoding="utf-8"),
                           count=1, flags=re.M), encoding="utf-8")
    return {}


def _new_link(site: Path, theme: Path, builds) -> dict:
    _append(_post(site, 9), "See also [the first post]({filename}/posts/generated/post-00001.md).")
    return {}


def _summary_from_body(site: Path, theme: Path, builds) -> dict:
    # Without a Summary the summary is made from the body: the lists that show it change too.
    path = _post(site, 4)
    text = re.sub(r"^Summary: .*\n", "", path.read_text(encoding="utf-8"), count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")
    builds.build()
    path.write_text(text.replace("\n\n## ", "\n\nA new first paragraph.\n\n## ", 1), encoding="utf-8")
    return {}


def _added_post(site: Path, theme: Path, builds) -> dict:
    shutil.copy(_post(site, 5), site / POSTS / "post-99999.md")
    path = site / POSTS / "post-99999.md"
    path.write_text(re.sub(r"^Title: .*$", "Title: A copied post", path.read_text(encoding="utf-8"),
                           count=1, flags=re.M), encoding="utf-8")
    return {}


def _removed_post(site: Path, theme: Path, builds) -> dict:
    _post(site, 29).unlink()  # no generated post links to the last one
    return {}


def _static_file(site: Path, theme: Path, builds) -> dict:
    path = site / "images" / "recipe-box.svg"
    path.write_text(path.read_text(encoding="utf-8").replace("</svg>", "<!-- edited --></svg>"), encoding="utf-8")
    return {}


def _template(site: Path, theme: Path, builds) -> dict:
    path = theme / "templates" / "article.html"
    path.write_text(path.read_text(encoding="utf-8").replace("block content %}", "block content %}<p>edited</p>", 1),
                    encoding="utf-8")
    _edit_paragraph(site)
    return {}


def _setting(site: Path, theme: Path, builds) -> dict:
    _edit_paragraph(site)
    return {"SITESUBTITLE": "An edited subtitle"}


def _taxonomy(site: Path, theme: Path, builds) -> dict:
    path = site / "skills.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: CSS Grid layout", "name: Grid (renamed)"),
                    encoding="utf-8")
    _edit_paragraph(site)
    return {}


FULL_EDITS = {
    "header": _header_edit, "new link": _new_link, "summary from the body": _summary_from_body,
    "added post": _added_post, "removed post": _removed_post, "static file": _static_file,
    "template": _template, "setting": _setting, "skill taxonomy": _taxonomy,
}


@pytest.mark.parametrize("edit", sorted(FULL_EDITS))
def test_other_changes_are_built_in_full_and_equal_a_clean_build(builds, site, tmp_path, edit):
    builds.build()
    overrides = FULL_EDITS[edit](site, tmp_path / "theme", builds)
    warm = builds.build(**overrides)
    assert "quick" not in warm.stats
    assert_same_tree(builds.output, builds.clean(**overrides))
    # ... and leave a snapshot the next body edit is rebuilt quickly from.
    _append(_post(site, 11), "A later edit.")
    assert builds.build(**overrides).stats["quick"] == {"sources": 1, "pages": 1}
    assert_same_tree(builds.output, builds.clean(**overrides))


def test_a_renamed_heading_that_another_post_links_to_is_reported(builds, site):
    target = _post(site, 2).read_text(encoding="utf-8")
    heading = re.search(r"^## (.*)$", target, flags=re.M).group(1)
    anchor = re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")
    _append(_post(site, 12), f"Back to [that section]({{filename}}/posts/generated/post-00002.md#{anchor}).")
    builds.build()
    _post(site, 2).write_text(target.replace(f"## {heading}", "## Something else entirely", 1), encoding="utf-8")
    before = tree(builds.output)
    failed = builds.build(ok=False)
    assert "quick" not in failed.stats
    assert f"#{anchor}" in failed.stderr_text and "post-00012.md" in failed.stderr_text
    assert tree(builds.output) == before


def test_a_broken_link_in_an_edited_body_fails_the_quick_rebuild_and_keeps_the_output(builds, site):
    builds.build()
    before = tree(builds.output)
    inodes = _inodes(builds.output)
    _append(_post(site, 6), 'A raw link to <a href="/nowhere/">a missing page</a>.')
    failed = builds.build(ok=False)
    assert "/nowhere/" in failed.stderr_text and "post-00006.md" in failed.stderr_text
    assert tree(builds.output) == before and _inodes(builds.output) == inodes
    assert not list(builds.output.parent.glob(".foothold-staging-*"))
    # A full build finds the same problem.
    assert "/nowhere/" in builds.build(ok=False, SPEED={"quick": False}).stderr_text
    path = _post(site, 6)
    path.write_text(path.read_text(encoding="utf-8").replace("/nowhere/", "/archives/"), encoding="utf-8")
    assert builds.build().stats["quick"] == {"sources": 1, "pages": 1}
    assert_same_tree(builds.output, builds.clean())


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "flipped byte":
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0x55]) + data[middle + 1:])
    else:
        path.unlink()


@pytest.mark.parametrize("part", ["head", "body"])
@pytest.mark.parametrize("how", ["truncated", "flipped byte", "deleted"])
def test_a_damaged_snapshot_is_never_used(builds, site, tmp_path, part, how):
    builds.build()
    head, body = _snapshot(tmp_path)
    _damage(head if part == "head" else body, how)
    _edit_paragraph(site)
    warm = builds.build()
    assert "quick" not in warm.stats
    assert_same_tree(builds.output, builds.clean())
    _edit_heading(site)  # the full build wrote a new snapshot
    assert builds.build().stats["quick"]["sources"] == 1


def test_a_snapshot_of_another_record_or_output_is_not_used(builds, site, tmp_path):
    builds.build()
    record = tmp_path / "cache-pages.pickle"
    kept = record.read_bytes()
    _edit_paragraph(site)
    builds.build()  # quick: writes a new record and head
    head = _snapshot(tmp_path)[0]
    record.write_bytes(kept)  # the record no longer matches the head
    _edit_heading(site)
    assert "quick" not in builds.build().stats
    assert_same_tree(builds.output, builds.clean())
    # A copy of the output elsewhere: the snapshot describes tmp/output only.
    shutil.copytree(builds.output, tmp_path / "elsewhere")
    moved = snapshot.read_head({"SPEED": {"cache_path": str(tmp_path / "cache")}}, tmp_path / "elsewhere")
    assert moved is None and head.exists()


def test_a_post_scheduled_for_soon_turns_quick_rebuilds_off(builds, site):
    soon = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=3)
    scheduled = site / POSTS / "post-soon.md"
    scheduled.write_text(f"Title: Coming soon\nDate: {soon:%Y-%m-%d %H:%M}+00:00\nCategory: Reflections\n"
                         "Summary: Not yet.\n\nIt goes live in three hours.\n", encoding="utf-8")
    first = builds.build()
    assert first.stats["scheduled"]
    _edit_paragraph(site)
    assert "quick" not in builds.build().stats  # it may go live before the next day's build


def test_production_builds_are_never_quick(build_site_at, site, tmp_path):
    settings = {"SPEED": {"cache_path": str(tmp_path / "cache")}}
    for _ in range(2):
        result = build_site_at(site, production=True, output=tmp_path / "prod", **settings)
        assert result.ok and "quick" not in result.stats
    assert not _snapshot(tmp_path)[0].exists()


def test_the_snapshot_describes_the_bytes_the_build_read(builds, site, tmp_path, monkeypatch):
    """A source edited while the build runs (after its hash, before its read) gets no snapshot,
    so the next build cannot mistake the output for the hashed bytes."""
    from content_model import reader

    read = reader.FootholdMarkdownReader.read
    edited = _post(site, 10)

    def read_and_edit(self, source_path):
        if source_path == str(edited):
            _append(edited, "Written while the build ran.")
        return read(self, source_path)

    monkeypatch.setattr(reader.FootholdMarkdownReader, "read", read_and_edit)
    builds.build()
    monkeypatch.undo()
    assert not _snapshot(tmp_path)[0].exists()
    assert "quick" not in builds.build().stats
    assert_same_tree(builds.output, builds.clean())


def test_horizon_is_the_first_date_after_the_build_started():
    class Item:
        def __init__(self, date):
            self.date = date

    started = dt.datetime(2026, 5, 1, 12, tzinfo=dt.timezone.utc)
    items = {"a": Item(started - dt.timedelta(days=3)), "b": Item(started + dt.timedelta(hours=5)),
             "c": Item(started + dt.timedelta(days=9))}
    assert snapshot._horizon(items, started) == started + dt.timedelta(hours=5)
    assert snapshot._horizon({"a": items["a"]}, started) is None
    naive = {"n": Item((started + dt.timedelta(hours=2)).astimezone().replace(tzinfo=None))}
    assert snapshot._horizon(naive, started) == started + dt.timedelta(hours=2)


def test_in_a_fresh_process_the_snapshot_writer_is_waited_for(site, tmp_path):
    """`invoke build` runs in a process that can fork: the snapshot is written by a forked process
    after the build returns, and the next build waits for it instead of building in full."""
    command = [sys.executable, "-m", "bench.run_build", str(fixture_root(tmp_path)), str(site), str(tmp_path / "out"),
               "--cache", str(tmp_path / "cache")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "tools"), str(ROOT / "plugins")])}
    first = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    assert "quick rebuild" not in first.stdout
    _edit_paragraph(site)
    second = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    assert "quick rebuild (only post bodies changed): 1 source read, 1 page rendered again" in second.stdout, \
        second.stdout


def test_a_production_build_into_the_same_folder_turns_the_snapshot_off(builds, site):
    builds.build()
    production = builds.build(production=True)
    assert production.production
    _edit_paragraph(site)
    warm = builds.build()
    assert "quick" not in warm.stats
    assert_same_tree(builds.output, builds.clean())


def test_the_summary_says_what_a_quick_rebuild_did(builds, site):
    from foothold.summary import format_summary

    first = builds.build()
    again = builds.build()
    unchanged = format_summary(again)
    assert "nothing changed since the last build" in unchanged
    assert f"{first.stats['posts']} posts, {first.stats['projects']} projects" in unchanged
    _edit_paragraph(site)
    _append(_post(site, 8), "Another edit.")
    edited = format_summary(builds.build())
    assert "quick rebuild (only post bodies changed): 2 sources read, 2 pages rendered again" in edited


def test_what_pelicans_read_file_adds_is_not_skipped(builds, site):
    """Bodies are read through Pelican's own read_file, as a full build reads them: its empty-alt
    check fails the build, quick or not."""
    builds.build()
    before = tree(builds.output)
    _append(_post(site, 5), "![](/images/grid-layout.png)")
    failed = builds.build(ok=False)
    assert "quick" not in failed.stats
    assert "Empty alt attribute" in failed.stderr_text and "post-00005.md" in failed.stderr_text
    assert tree(builds.output) == before


def test_a_build_that_writes_feeds_is_built_in_full(builds, site):
    feeds = {"FEED_ALL_ATOM": "feeds/all.atom.xml", "FEED_DOMAIN": "https://example.org"}
    builds.build(**feeds)
    _edit_paragraph(site)
    warm = builds.build(**feeds)
    assert "quick" not in warm.stats
    assert b"A new closing paragraph" in (builds.output / "feeds" / "all.atom.xml").read_bytes()
    assert_same_tree(builds.output, builds.clean(**feeds))


def test_an_edited_template_override_is_seen(builds, site, tmp_path):
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    shutil.copy(ROOT / "theme" / "templates" / "article.html", overrides / "article.html")
    settings = {"THEME_TEMPLATES_OVERRIDES": [str(overrides)]}
    builds.build(**settings)
    path = overrides / "article.html"
    path.write_text(path.read_text(encoding="utf-8").replace("block content %}", "block content %}<p>override</p>", 1),
                    encoding="utf-8")
    warm = builds.build(**settings)
    assert "quick" not in warm.stats
    assert_same_tree(builds.output, builds.clean(**settings))


def test_plugin_data_and_modules_from_the_project_are_in_the_inputs(tmp_path, monkeypatch):
    plugins = tmp_path / "project" / "plugins"
    (plugins / "demo" / "taxonomies").mkdir(parents=True)
    (plugins / "demo" / "taxonomies" / "areas.yml").write_text("areas: [a]\n", encoding="utf-8")
    helper = tmp_path / "project" / "filters.py"
    helper.write_text("def shout(text):\n    return text.upper()\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "project"))
    import importlib

    importlib.import_module("filters")  # as pelican.conf importing a filter module would
    from foothold.state import BuildSettings, BuildState

    settings = BuildSettings({"PATH": str(tmp_path / "project" / "content"), "PLUGIN_PATHS": [str(plugins)]},
                             BuildState(root=str(tmp_path / "project")))
    first = snapshot.project_code_digest(settings)
    (plugins / "demo" / "taxonomies" / "areas.yml").write_text("areas: [a, b]\n", encoding="utf-8")
    second = snapshot.project_code_digest(settings)
    helper.write_text("def shout(text):\n    return text.upper() + '!'\n", encoding="utf-8")
    third = snapshot.project_code_digest(settings)
    assert len({first, second, third}) == 3


def test_a_build_that_cannot_describe_its_inputs_is_simply_a_full_one(builds, site, monkeypatch):
    builds.build()

    def vanished(root, settings=None):
        raise FileNotFoundError(2, "a file was deleted while the content folder was listed")

    monkeypatch.setattr(snapshot, "content_files", vanished)
    _edit_paragraph(site)
    warm = builds.build()
    assert "quick" not in warm.stats
    monkeypatch.undo()
    assert_same_tree(builds.output, builds.clean())


def test_after_a_full_build_on_request_the_next_build_is_quick_again(builds, site):

    builds.build()
    _edit_paragraph(site)
    assert "quick" not in builds.build(SPEED={"quick": False}).stats
    _edit_heading(site)
    quick = builds.build()
    assert quick.stats["quick"] == {"sources": 1, "pages": 1}
    # Live reload names the pages written from their sources: a quick rebuild keeps the map.
    assert str(_post(site, 7)) in quick.settings.build.output_sources.values()


def test_a_warning_an_earlier_build_of_this_process_logged_is_reported_again(builds, site):
    """Pelican's LimitFilter drops a message it has seen in this process: without a reset, live
    reload's warm worker (or a full build after a quick attempt) would pass with the problem there."""
    _append(_post(site, 5), "![](/images/grid-layout.png)")
    for _ in range(2):
        failed = builds.build(ok=False, SPEED={"quick": False})
        assert "Empty alt attribute" in failed.stderr_text


def test_an_editors_swap_file_next_to_the_post_does_not_stop_a_quick_rebuild(builds, site):
    builds.build()
    swap = site / POSTS / ".post-00007.md.swp"  # vim keeps it while the post is open
    swap.write_bytes(b"b0VIM 9.0\0...")
    _edit_paragraph(site)
    swap.write_bytes(b"b0VIM 9.0\0... changed as the author typed")
    (site / POSTS / "post-00007.md~").write_text("a backup", encoding="utf-8")
    assert builds.build().stats["quick"] == {"sources": 1, "pages": 1}
    assert_same_tree(builds.output, builds.clean())
    # Files Pelican ignores (IGNORE_FILES: the project ignores hidden files, *~, *.swp...) are not
    # inputs anywhere, static folders included.
    (site / "images" / ".logo.svg.swp").write_bytes(b"b0VIM")
    assert builds.build().stats["quick"] == {"sources": 0, "pages": 0}
    assert_same_tree(builds.output, builds.clean())
    # A file Pelican copies is one.
    shutil.copy(site / "images" / "recipe-box.svg", site / "images" / "copy.svg")
    assert "quick" not in builds.build().stats
    assert_same_tree(builds.output, builds.clean())


def test_editors_files_count_in_a_static_folder_when_pelican_would_copy_them(tmp_path):
    content = tmp_path / "content"
    (content / "posts").mkdir(parents=True)
    (content / "images").mkdir()
    for rel in ("posts/a.md", "posts/.a.md.swp", "posts/a.md~", "images/.b.png.swp", "images/b.png"):
        (content / rel).write_text(rel, encoding="utf-8")
    found = snapshot.content_files(str(content), {"STATIC_PATHS": ["images"], "IGNORE_FILES": []})
    assert sorted(found) == ["images/.b.png.swp", "images/b.png", "posts/a.md"]
    ignoring = snapshot.content_files(str(content), {"STATIC_PATHS": ["images"], "IGNORE_FILES": [".*"]})
    assert sorted(ignoring) == ["images/b.png", "posts/a.md"]


@hypothesis_settings(max_examples=300, deadline=None)
@given(patterns=st.lists(st.text(alphabet="ab.*?[]!#~-", min_size=1, max_size=6), max_size=4),
       name=st.text(alphabet="ab.#~-[]", min_size=1, max_size=8))
def test_one_expression_for_all_patterns_matches_as_fnmatch_does(patterns, name):
    # content_files matches every file name against IGNORE_FILES and the editors' patterns with one
    # compiled expression instead of fnmatch per pattern; it must decide as fnmatch does.
    import fnmatch

    assert bool(snapshot._any_of(patterns)(name)) == any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def test_the_collector_is_paused_while_unpickling_and_left_as_it_was(tmp_path):
    import gc

    from speed import page_reuse

    seen = _GC_SEEN
    seen.clear()

    class Probe:
        def __reduce__(self):
            return (_gc_state, ())

    output = tmp_path / "output"
    output.mkdir()
    path = tmp_path / "record.pickle"
    page_reuse.write_record(path, output, {"a.html": Probe()})
    assert page_reuse.read_record(path, output) is not None
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        page_reuse.read_record(path, output)
        assert not gc.isenabled(), "a caller that turned the collector off keeps it off"
    finally:
        gc.enable()
    path.write_bytes(path.read_bytes()[:-5])  # damaged: no record, collector on again
    assert page_reuse.read_record(path, output) is None and gc.isenabled()


_GC_SEEN: list = []


def _gc_state():
    import gc

    _GC_SEEN.append(gc.isenabled())  # as the record is unpickled
    return "probe"
