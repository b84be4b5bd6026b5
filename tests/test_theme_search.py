"""plugins/search_index: Pagefind runs on real builds, indexes only published posts, projects and
pages, leaves the unused UI bundles out, and rejects bad SEARCH_INDEX settings with the key named."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))

from foothold_test_support import sample_settings  # noqa: E402
from foothold.summary import format_summary  # noqa: E402
from search_index.settings import SearchSettingsError, search_settings  # noqa: E402


EVERY_BUILD = {"enabled": True}  # development builds too (the default indexes production builds only)


def _plugins() -> list:
    plugins = list(sample_settings().get("PLUGINS", []))
    return plugins if "search_index" in plugins else [*plugins, "search_index"]


def _published_count(content: Path) -> int:
    count = 0
    for path in content.rglob("*.md"):
        head = path.read_text(encoding="utf-8").lower().split("\n\n", 1)[0]
        if "status: draft" not in head and "status: hidden" not in head:
            count += 1
    return count


def test_index_covers_published_content_only(build_site_at, sample_content):
    hidden = sample_content / "pages" / "secret.md"
    hidden.write_text("Title: Secret page\nSlug: secret\nStatus: hidden\n\nHIDDEN-WORDS here.\n", encoding="utf-8")
    result = build_site_at(sample_content, production=True, PLUGINS=_plugins())
    assert result.ok, result.stderr_text
    folder = result.output / "pagefind"
    manifest = json.loads((folder / "shards.json").read_text(encoding="utf-8"))
    pages = 0
    for name in manifest["shards"]:
        entry = json.loads((folder / name / "pagefind-entry.json").read_text(encoding="utf-8"))
        pages += sum(language["page_count"] for language in entry["languages"].values())
        assert (folder / name / "pagefind.js").is_file()
        assert not list((folder / name).glob("pagefind-*ui*")), "unused UI bundles were left in the output"
    assert pages == _published_count(sample_content)
    # The hidden page is written (it has a URL) but is not marked for indexing.
    secret = (result.output / "secret" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in secret
    assert '<meta name="robots" content="noindex">' in secret
    about = (result.output / "about" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" in about and "noindex" not in about


def test_disabled_index_writes_nothing(build_site_at, sample_content):
    result = build_site_at(sample_content, PLUGINS=_plugins(), SEARCH_INDEX={"enabled": False})
    assert result.ok, result.stderr_text
    assert not (result.output / "pagefind").exists()


def test_development_builds_leave_the_index_out_and_the_search_page_says_so(build_site_at, sample_content):
    from lxml import html as lxml_html

    result = build_site_at(sample_content, PLUGINS=_plugins())
    assert result.ok, result.stderr_text
    assert not (result.output / "pagefind").exists()
    assert "search index: built in production builds only" in format_summary(result)
    page = lxml_html.fromstring((result.output / "search" / "index.html").read_bytes())
    text = " ".join(page.xpath("//main")[0].text_content().split())
    assert "This build has no search index" in text and "invoke preview --serve" in text
    assert not page.xpath("//form[@role='search']") and not page.xpath("//script[contains(@src, 'search.js')]")
    assert page.xpath("//main//a[contains(@href, '/archives/')]")

    every = build_site_at(sample_content, PLUGINS=_plugins(), SEARCH_INDEX=EVERY_BUILD)
    assert every.ok, every.stderr_text
    assert (every.output / "pagefind" / "shards.json").is_file()
    page = lxml_html.fromstring((every.output / "search" / "index.html").read_bytes())
    assert page.xpath("//form[@role='search']") and page.xpath("//script[contains(@src, 'search.js')]")
    assert "search index" not in format_summary(every)


def test_unknown_setting_fails_the_build_naming_the_key(build_site_at, sample_content):
    result = build_site_at(sample_content, PLUGINS=_plugins(), SEARCH_INDEX={"enabeld": True})
    assert not result.ok
    text = result.stderr_text
    assert "SEARCH_INDEX" in text and "'enabeld'" in text and "enabled" in text
    assert any(p.path == "pelican.conf" for p in result.problems)


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("yes", "must be a dict"),
        ({"enabled": "yes"}, "True, False or 'production'"),
        ({"output_subdir": "../up"}, "folder name inside the output"),
        ({"output_subdir": ""}, "folder name inside the output"),
        ({"timeout": 0}, "positive number"),
        ({"pages_per_shard": 0}, "whole number of pages"),
        ({"pages_per_shard": 2.5}, "whole number of pages"),
        ({"development_pages_per_shard": 0}, "'development_pages_per_shard'] must be a whole number"),
    ],
)
def test_settings_validation_messages(value, fragment):
    with pytest.raises(SearchSettingsError) as caught:
        search_settings({"SEARCH_INDEX": value})
    assert fragment in str(caught.value)


def test_settings_defaults():
    assert search_settings({}) == {"enabled": "production", "output_subdir": "pagefind", "timeout": 120, "pages_per_shard": 250,
                                   "development_pages_per_shard": 50}
    assert search_settings({"SEARCH_INDEX": {"output_subdir": "/find/"}})["output_subdir"] == "find"


def _inodes(output: Path) -> dict[str, dict[Path, int]]:
    """{shard: {file: inode}} of the search index in ``output``."""
    folder = output / "pagefind"
    manifest = json.loads((folder / "shards.json").read_text(encoding="utf-8"))
    return {name: {p.relative_to(folder / name): p.stat().st_ino for p in (folder / name).rglob("*") if p.is_file()}
            for name in manifest["shards"]}


@pytest.mark.parametrize("quick", [True, False], ids=["quick rebuild", "full rebuild"])
def test_development_rebuild_indexes_again_only_the_shards_whose_pages_changed(build_site_at, sample_content,
                                                                               tmp_path, quick):
    from search_index.shards import indexed_pages, plan, shard_count

    output = tmp_path / "output"
    small = {"enabled": True, "pages_per_shard": 4}  # development builds index only when asked
    first = build_site_at(sample_content, PLUGINS=_plugins(), SEARCH_INDEX=small, SPEED={"quick": quick})
    assert first.ok, first.stderr_text
    before = _inodes(output)
    assert len(before) >= 3

    again = build_site_at(sample_content, PLUGINS=_plugins(), SEARCH_INDEX=small, SPEED={"quick": quick})
    assert again.ok, again.stderr_text
    assert ("quick" in again.stats) == quick
    assert _inodes(output) == before, "an unchanged site keeps the very same index files (linked, not rebuilt)"

    pages = indexed_pages(output, "pagefind")
    shard_of = {page: shard.name for shard in plan(pages, shard_count(len(pages), 4)) for page in shard.pages}
    sources = first.settings.build.output_sources  # {page written: its source file}
    page = next(p for p in pages if p.startswith("posts/") and p in sources)
    source = Path(sources[page])
    source.write_text(source.read_text(encoding="utf-8") + "\nZebrafishword appears now.\n", encoding="utf-8")
    edited = build_site_at(sample_content, PLUGINS=_plugins(), SEARCH_INDEX=small, SPEED={"quick": quick})
    assert edited.ok, edited.stderr_text
    assert ("quick" in edited.stats) == quick
    assert "Zebrafishword" in (output / page).read_text(encoding="utf-8")
    after = _inodes(output)
    changed = {name for name in before if after[name] != before[name]}
    assert changed == {shard_of[page]}, (changed, shard_of[page])

    inodes = []
    for _ in range(2):  # the same production build twice: the second still indexes its own pages
        production = build_site_at(sample_content, production=True, PLUGINS=_plugins(), SEARCH_INDEX=small)
        assert production.ok, production.stderr_text
        inodes.append(_inodes(output))
    assert all(inodes[0][name] != inodes[1][name] for name in inodes[0]), "production builds never reuse an index"


def test_failing_pagefind_fails_the_build_and_keeps_the_previous_site(build_site_at, sample_content, tmp_path,
                                                                     monkeypatch):
    import search_index.indexer as indexer

    good = build_site_at(sample_content, PLUGINS=_plugins(), SEARCH_INDEX=EVERY_BUILD)
    assert good.ok, good.stderr_text
    index = tmp_path / "output" / "index.html"
    kept = index.read_bytes()
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'Error: could not read the site folder' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(indexer, "_executable", lambda: fake)
    (sample_content / "pages" / "about.md").write_text(
        (sample_content / "pages" / "about.md").read_text(encoding="utf-8") + "\nA changed page.\n", encoding="utf-8")
    failed = build_site_at(sample_content, PLUGINS=_plugins(), SEARCH_INDEX=EVERY_BUILD)
    assert not failed.ok
    assert "Pagefind failed (exit 3): Error: could not read the site folder" in failed.stderr_text
    assert index.read_bytes() == kept
    assert not list(tmp_path.glob(".foothold-*"))


def _indexed_count(output: Path) -> int:
    folder = output / "pagefind"
    manifest = json.loads((folder / "shards.json").read_text(encoding="utf-8"))
    return sum(language["page_count"]
               for name in manifest["shards"]
               for language in json.loads((folder / name / "pagefind-entry.json").read_text(encoding="utf-8"))
               ["languages"].values())


@pytest.mark.parametrize("where", ["_render_here", "_render_forked"])
@pytest.mark.parametrize("mark_archives", [False, True])
def test_indexing_started_while_pages_render_covers_every_marked_page(build_site_at, sample_content, tmp_path,
                                                                       monkeypatch, mark_archives, where):
    # A build renders the pages of templates that mark search content first and starts Pagefind
    # while it renders the rest (BuildState.early_pages): in one process, or once each forked worker has
    # written its share of them. If a page rendered later is marked after all (a theme marks its
    # archives), indexing starts again.
    import inspect

    from speed import page_pool
    from search_index import indexer

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    # The archives read every post's body (as a theme showing word counts would), so the one-post
    # edit below renders them again, after the post page.
    archives = theme / "templates" / "archives.html"
    archives.write_text(archives.read_text(encoding="utf-8").replace(
        "{%- block content %}", "{%- block content %}{% for a in dates %}{% if a.content %}{% endif %}{% endfor %}", 1),
        encoding="utf-8")
    if mark_archives:  # from an included partial: the template's own source does not show it
        (theme / "templates" / "partials" / "mark_open.html").write_text("<div data-pagefind-body>", encoding="utf-8")
        head, _, tail = archives.read_text(encoding="utf-8").rpartition("{%- endblock %}")
        head = head.replace("{%- block content %}", '{%- block content %}{% include "partials/mark_open.html" %}', 1)
        archives.write_text(head + "</div>{%- endblock %}" + tail, encoding="utf-8")
    early = []
    original = indexer._start

    def recording(settings, output):
        early.append(any(frame.function == where for frame in inspect.stack()))
        return original(settings, output)

    # Two workers whatever the machine, without SPEED["workers"] (which forks for any number of pages).
    monkeypatch.setattr(page_pool, "worker_count", lambda settings: 2)
    speed = {"workers": 2} if where == "_render_forked" else {}  # forks for any number of pages
    settings = {"PLUGINS": _plugins(), "THEME": str(theme), "SEARCH_INDEX": EVERY_BUILD}
    first = build_site_at(sample_content, **settings, SPEED=speed)
    assert first.ok, first.stderr_text
    # A one-post edit: a full development rebuild renders the few pages that show that post, here.
    sources = first.settings.build.output_sources
    source = Path(next(path for page, path in sources.items() if page.startswith("posts/")))
    source.write_text(source.read_text(encoding="utf-8") + "\nOne more closing line.\n", encoding="utf-8")
    indexer._start = recording
    try:
        # In full: a quick rebuild (foothold/quick.py) re-indexes the post's shard without Pelican.
        result = build_site_at(sample_content, **settings, SPEED={**speed, "quick": False})
    finally:
        indexer._start = original
    assert result.ok, result.stderr_text
    marked = sum(1 for page in result.output.rglob("*.html") if b"data-pagefind-body" in page.read_bytes())
    assert _indexed_count(result.output) == marked
    assert b"data-pagefind-body" in (result.output / "archives" / "index.html").read_bytes() or not mark_archives
    # Indexing started while pages were rendering; with the archives marked, again once they were.
    assert early == ([True, False] if mark_archives else [True])


def test_pages_a_worker_failed_to_write_are_indexed_once_the_build_renders_them_again(build_site_at, sample_content,
                                                                                     monkeypatch):
    # Forked workers: indexing starts early only once every worker has written its share of the
    # indexed pages. Posts that fail in a worker (and render fine when the build renders them again
    # itself) must still be in the index, which then starts when Pelican finishes.
    import os

    from speed import page_pool

    parent = os.getpid()
    write = page_pool.Job.write

    def fails_in_a_worker(job):
        if os.getpid() != parent and "/posts/" in job.path.replace(os.sep, "/"):
            raise RuntimeError("a worker's failure")
        return write(job)

    monkeypatch.setattr(page_pool.Job, "write", fails_in_a_worker)
    result = build_site_at(sample_content, PLUGINS=_plugins(), SPEED={"workers": 2}, SEARCH_INDEX=EVERY_BUILD)
    assert result.ok, result.stderr_text
    marked = sum(1 for page in result.output.rglob("*.html") if b"data-pagefind-body" in page.read_bytes())
    assert marked > 3 and _indexed_count(result.output) == marked


def test_a_bad_search_setting_is_reported_also_where_indexing_would_start_early(build_site_at, sample_content,
                                                                                tmp_path, monkeypatch):
    from speed import page_pool

    monkeypatch.setattr(page_pool, "worker_count", lambda settings: 2)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "templates" / "partials" / "mark_open.html").write_text("<div data-pagefind-body>", encoding="utf-8")
    archives = theme / "templates" / "archives.html"
    head, _, tail = archives.read_text(encoding="utf-8").rpartition("{%- endblock %}")
    head = head.replace("{%- block content %}", '{%- block content %}{% include "partials/mark_open.html" %}', 1)
    archives.write_text(head + "</div>{%- endblock %}" + tail, encoding="utf-8")
    assert build_site_at(sample_content, PLUGINS=_plugins(), THEME=str(theme)).ok
    result = build_site_at(sample_content, PLUGINS=_plugins(), THEME=str(theme), SEARCH_INDEX={"pages_per_shard": 0})
    assert not result.ok
    messages = [p.message for p in result.problems]
    assert any("pages_per_shard" in m for m in messages), messages
    assert not any("internal error" in m for m in messages), messages


def test_compare_outputs_tells_linked_copied_changed_new_and_removed_pages_apart(tmp_path):
    from search_index.shards import compare_outputs

    old, new = tmp_path / "old", tmp_path / "new"
    marked, plain = b"<main data-pagefind-body>x</main>", b"<main>x</main>"
    files = {  # page: (in the previous output, in the new one); None = absent, "link" = the same file
        "linked.html": (marked, "link"),
        "linked-plain.html": (plain, "link"),
        "copied.html": (marked, marked),
        "edited.html": (marked, marked + b"!"),
        "unmarked-now.html": (marked, plain),
        "marked-now.html": (plain, marked),
        "added.html": (None, marked),
        "removed.html": (marked, None),
        "posts/deep.html": (marked, "link"),
        "pagefind/ignored.html": (marked, marked + b"?"),
        "notes.txt": (marked, marked + b"?"),
    }
    for rel, (before, after) in files.items():
        for root, data in ((old, before), (new, after)):
            if data is not None and data != "link":
                (root / rel).parent.mkdir(parents=True, exist_ok=True)
                (root / rel).write_bytes(data)
        if after == "link":
            (new / rel).parent.mkdir(parents=True, exist_ok=True)
            os.link(old / rel, new / rel)
    # A link to a folder is not a page, whatever its name (Pagefind's glob skips it too).
    (new / "folder.html").symlink_to(new / "posts", target_is_directory=True)
    inventory = compare_outputs(new, old, "pagefind")
    assert inventory.pages == ["added.html", "copied.html", "edited.html", "linked.html", "marked-now.html",
                               "posts/deep.html"]
    assert inventory.previous == ["copied.html", "edited.html", "linked.html", "posts/deep.html", "removed.html",
                                  "unmarked-now.html"]
    assert inventory.changed == {"edited.html", "unmarked-now.html", "marked-now.html", "added.html"}
