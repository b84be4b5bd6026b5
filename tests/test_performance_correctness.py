"""Speed must never change the output (issue 7): parallel rendering and the development cache give
exactly the bytes of a serial, clean build, in development and in production; a corrupted cache is
detected, never served.

Real builds of Foothold's sample site (tests/sample) plus generated posts, with its settings and the
repo's theme and plugins.
Timing is measured by `invoke bench`, never asserted here.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pelican.contents import Content

from speed.markdown_cache import PACK_MAGIC
from foothold_test_support import add_generated_posts, assert_same_tree, fixture_root, tree

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def content(sample_content):
    """The sample site plus 40 generated posts, enough for the worker pool to have work."""
    return add_generated_posts(sample_content, 40)


@pytest.fixture
def site(content):
    return content


def _build(build_site_at, content, output, **overrides):
    result = build_site_at(content, output=output, **overrides)
    assert result.ok, result.stderr_text
    return result


def test_parallel_and_serial_builds_are_identical(build_site_at, site, tmp_path):
    serial = _build(build_site_at, site, tmp_path / "serial", SPEED={"workers": 0, "cache": False})
    parallel = _build(build_site_at, site, tmp_path / "parallel", SPEED={"workers": 2, "cache": False})
    assert serial.stats["markdown"]["rendered_in_pool"] == 0
    assert parallel.stats["markdown"]["rendered_in_pool"] > 40
    assert_same_tree(tmp_path / "parallel", tmp_path / "serial")


def test_production_build_in_parallel_matches_serial(build_site_at, site, tmp_path):
    _build(build_site_at, site, tmp_path / "serial", production=True, SPEED={"workers": 0, "cache": False})
    parallel = _build(build_site_at, site, tmp_path / "parallel", production=True, SPEED={"workers": 2, "cache": False})
    assert parallel.stats["markdown"]["rendered_in_pool"] > 40
    assert_same_tree(tmp_path / "parallel", tmp_path / "serial")


def _edit_body(site: Path, theme: Path, settings: dict) -> None:
    path = site / "posts" / "generated" / "post-00007.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA new closing paragraph with `code`.\n", encoding="utf-8")


def _edit_header(site: Path, theme: Path, settings: dict) -> None:
    path = site / "posts" / "generated" / "post-00003.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^Tags: .*$", "Tags: career, a-new-tag", text, count=1, flags=re.M), encoding="utf-8")


def _edit_template(site: Path, theme: Path, settings: dict) -> None:
    path = theme / "templates" / "article.html"
    text = path.read_text(encoding="utf-8")
    assert "block content %}" in text
    path.write_text(text.replace("block content %}", "block content %}<p>edited template</p>", 1), encoding="utf-8")


def _edit_setting(site: Path, theme: Path, settings: dict) -> None:
    settings["SITESUBTITLE"] = "An edited subtitle"


def _edit_markdown_setting(site: Path, theme: Path, settings: dict) -> None:
    # Changes the HTML of every body: cached bodies of the old setting must not be served.
    settings["MARKDOWN"] = {
        "extension_configs": {
            "markdown.extensions.codehilite": {"css_class": "highlight", "guess_lang": False, "linenums": True},
            "markdown.extensions.extra": {},
            "markdown.extensions.toc": {"permalink": False},
        },
        "output_format": "html5",
    }


def _edit_taxonomy(site: Path, theme: Path, settings: dict) -> None:
    path = site / "skills.yml"
    text = path.read_text(encoding="utf-8")
    assert "name: CSS Grid layout" in text
    path.write_text(text.replace("name: CSS Grid layout", "name: Grid layout (renamed)"), encoding="utf-8")


EDITS = {
    "post body": _edit_body,
    "post header": _edit_header,
    "template": _edit_template,
    "setting": _edit_setting,
    "markdown setting": _edit_markdown_setting,
    "skill taxonomy": _edit_taxonomy,
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_warm_build_after_an_edit_equals_a_clean_build(build_site_at, site, tmp_path, edit):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    cache = tmp_path / "cache"
    settings = {"THEME": str(theme), "SPEED": {"cache_path": str(cache)}}
    first = _build(build_site_at, site, tmp_path / "output", **settings)
    assert first.stats["markdown"]["from_cache"] == 0
    EDITS[edit](site, theme, settings)
    warm = _build(build_site_at, site, tmp_path / "output", **settings)
    if edit == "post body":  # rebuilt without Pelican: test_quick_rebuild.py
        assert warm.stats["quick"] == {"sources": 1, "pages": 1}
    else:
        assert warm.stats["markdown"]["from_cache"] > 0 or edit == "markdown setting"
    clean = _build(build_site_at, site, tmp_path / "clean", **{**settings, "SPEED": {"cache": False}})
    assert clean.stats["markdown"]["from_cache"] == 0
    assert_same_tree(tmp_path / "output", tmp_path / "clean")


_PACK_HEADER = re.compile(rb"([0-9a-f]{64}) ([0-9a-f]{64}) ([0-9]+)\n")


def _packs(cache: Path) -> list[Path]:
    return sorted(cache.rglob("pack-*.bin"))


def _damage_entries(pack: Path, count: int, how: str) -> None:
    """Change ``count`` entries' payloads in place, keeping their length (the pack stays readable)."""
    data = bytearray(pack.read_bytes())
    headers = list(_PACK_HEADER.finditer(data))
    assert len(headers) > 40
    for header in headers[:count]:
        start = header.end()
        if how == "edited":
            at = data.index(b"<p>", start)
            data[at:at + 3] = b"<P>"
        else:  # not UTF-8
            data[start + 3:start + 5] = b"\xff\xfe"
    pack.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["truncated", "edited", "empty", "not utf-8"])
def test_corrupted_cache_is_detected_and_rebuilt(build_site_at, site, tmp_path, damage):
    cache = tmp_path / "cache"
    _build(build_site_at, site, tmp_path / "reference", SPEED={"cache": False})
    _build(build_site_at, site, tmp_path / "output", SPEED={"cache_path": str(cache)})
    [pack] = _packs(cache)  # one build, one pack
    if damage in ("edited", "not utf-8"):
        _damage_entries(pack, 5, damage)
    else:
        data = pack.read_bytes()
        pack.write_bytes(data[: len(data) // 2] if damage == "truncated" else b"")
    # In full: a quick rebuild of unchanged content reads no body (its own damage: test_quick_rebuild.py).
    again = _build(build_site_at, site, tmp_path / "output", SPEED={"cache_path": str(cache), "quick": False})
    markdown = again.stats["markdown"]
    if damage in ("edited", "not utf-8"):
        assert len(markdown["corrupt_cache_entries"]) == 5  # each damaged entry, by its source
        assert markdown["rendered_here"] + markdown["rendered_in_pool"] == 5
    else:  # the unreadable part of the pack is reported once, and its entries rendered again
        assert len(markdown["corrupt_cache_entries"]) == 1 and pack.name in markdown["corrupt_cache_entries"][0]
        assert markdown["rendered_here"] + markdown["rendered_in_pool"] > 20
    assert_same_tree(tmp_path / "output", tmp_path / "reference")
    # The damaged pack was merged away: the next build takes everything from the cache.
    assert pack not in _packs(cache) and len(_packs(cache)) == 1
    third = _build(build_site_at, site, tmp_path / "output", SPEED={"cache_path": str(cache), "quick": False})
    assert third.stats["markdown"]["corrupt_cache_entries"] == []
    assert third.stats["markdown"]["rendered_here"] + third.stats["markdown"]["rendered_in_pool"] == 0


def test_cache_packs_are_merged_and_keep_only_entries_in_use(tmp_path):
    from speed.markdown_cache import MAX_PACKS, MarkdownCache

    generation = "g" * 64
    for number in range(MAX_PACKS):  # one pack per build, each adding one body
        cache = MarkdownCache(tmp_path, generation)
        for earlier in range(number):
            assert cache.get(cache.key(b"source %d" % earlier)) == f"<p>{earlier}</p>"
        cache.put(cache.key(b"source %d" % number), f"<p>{number}</p>")
        cache.flush()
    assert len(_packs(tmp_path)) == MAX_PACKS
    # The next build uses only some of the entries (the other sources were deleted) and merges.
    cache = MarkdownCache(tmp_path, generation)
    assert cache.get(cache.key(b"source 3")) == "<p>3</p>"
    cache.put(cache.key(b"new source"), "<p>new</p>")
    cache.flush()
    assert len(_packs(tmp_path)) == 1
    cache = MarkdownCache(tmp_path, generation)
    assert cache.get(cache.key(b"source 3")) == "<p>3</p>" and cache.get(cache.key(b"new source")) == "<p>new</p>"
    assert cache.get(cache.key(b"source 4")) is None  # unused by the merging build: dropped
    assert cache.corrupt == []


def test_a_warm_production_build_writes_what_a_cold_one_writes(build_site_at, site, tmp_path):
    # The Pages workflow restores the cache of rendered bodies before its production build; a body
    # served from it must give the very bytes rendering it again gives.
    cache = tmp_path / "cache"
    cold = _build(build_site_at, site, tmp_path / "cold", production=True, SPEED={"cache": False})
    assert cold.stats["markdown"]["from_cache"] == 0
    sources = cold.stats["markdown"]["rendered_here"] + cold.stats["markdown"]["rendered_in_pool"]
    first = _build(build_site_at, site, tmp_path / "first", production=True, SPEED={"cache_path": str(cache)})
    assert first.stats["markdown"]["from_cache"] == 0 and _packs(cache)
    warm = _build(build_site_at, site, tmp_path / "warm", production=True, SPEED={"cache_path": str(cache)})
    assert warm.stats["markdown"]["from_cache"] == sources > 40
    assert warm.stats["markdown"]["rendered_here"] == warm.stats["markdown"]["rendered_in_pool"] == 0
    assert_same_tree(tmp_path / "warm", tmp_path / "cold")
    # A cache filled by development builds serves production too (same key), with the same bytes.
    dev_cache = tmp_path / "dev-cache"
    _build(build_site_at, site, tmp_path / "dev", SPEED={"cache_path": str(dev_cache)})
    from_dev = _build(build_site_at, site, tmp_path / "from-dev", production=True, SPEED={"cache_path": str(dev_cache)})
    assert from_dev.stats["markdown"]["from_cache"] == sources
    assert_same_tree(tmp_path / "from-dev", tmp_path / "cold")


def test_a_damaged_cache_entry_is_rendered_again_in_production(build_site_at, site, tmp_path):
    cache = tmp_path / "cache"
    cold = _build(build_site_at, site, tmp_path / "cold", production=True, SPEED={"cache": False})
    _build(build_site_at, site, tmp_path / "first", production=True, SPEED={"cache_path": str(cache)})
    [pack] = _packs(cache)
    _damage_entries(pack, 5, "edited")
    warm = _build(build_site_at, site, tmp_path / "warm", production=True, SPEED={"cache_path": str(cache)})
    markdown = warm.stats["markdown"]
    assert len(markdown["corrupt_cache_entries"]) == 5
    assert markdown["from_cache"] == cold.stats["markdown"]["rendered_here"] + cold.stats["markdown"]["rendered_in_pool"] - 5
    assert_same_tree(tmp_path / "warm", tmp_path / "cold")


def test_the_key_follows_functions_and_extensions_in_the_markdown_setting():
    # A slugify written in pelican.conf, or an extension instance, is keyed by its code and
    # configuration, not only its name: editing it must not serve bodies rendered with the old one.
    from markdown.extensions.toc import TocExtension

    from speed.markdown_cache import generation_key

    def slugify(value, separator):
        return value.lower()

    first = generation_key({"extension_configs": {"markdown.extensions.toc": {"slugify": slugify}}})
    assert first == generation_key({"extension_configs": {"markdown.extensions.toc": {"slugify": slugify}}})

    def slugify(value, separator):  # noqa: F811 - the author edited it
        return value.upper()

    assert generation_key({"extension_configs": {"markdown.extensions.toc": {"slugify": slugify}}}) != first
    one = generation_key({"extensions": [TocExtension(permalink=False)]})
    assert one == generation_key({"extensions": [TocExtension(permalink=False)]})
    assert one != generation_key({"extensions": [TocExtension(permalink=True)]})
    # Something it cannot describe: a key of its own every time, so nothing cached is used.
    opaque = {"extension_configs": {"x": {"state": object()}}}
    assert generation_key(opaque) != generation_key(opaque)


def test_a_template_error_fails_parallel_and_serial_builds_alike(build_site_at, site, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    path = theme / "templates" / "article.html"
    text = path.read_text(encoding="utf-8")
    broken = "block content %}{% if article.summary.startswith('Post 17 of') %}{{ no_such_macro() }}{% endif %}"
    path.write_text(text.replace("block content %}", broken, 1), encoding="utf-8")
    results = {}
    plain_urls = Content.get_url_setting
    for workers in (0, 2):
        results[workers] = build_site_at(site, output=tmp_path / f"out-{workers}", THEME=str(theme),
                                         SPEED={"workers": workers, "cache": False})
        # URLs are memoised from get_writer on; a failed build leaves Pelican as it found it.
        assert Content.get_url_setting is plain_urls
    assert not results[0].ok and not results[2].ok
    assert results[2].problems == results[0].problems
    assert any("no_such_macro" in p.message for p in results[0].problems)
    assert not (tmp_path / "out-2").exists()  # nothing was swapped in


def test_broken_links_are_found_alike_by_parallel_and_serial_builds(build_site_at, site, tmp_path):
    # Pages rendered by workers are parsed there for the link check; serial ones in the check.
    post = sorted((site / "posts" / "generated").glob("*.md"))[7]
    post.write_text(post.read_text(encoding="utf-8")
                    + "\n[gone](../no-such-post/) and [a section](#no-such-heading)\n", encoding="utf-8")
    results = {}
    for workers in (0, 2):
        results[workers] = build_site_at(site, output=tmp_path / f"out-{workers}", SPEED={"workers": workers, "cache": False})
    assert not results[0].ok and not results[2].ok
    assert results[2].problems == results[0].problems
    messages = [p.message for p in results[0].problems]
    assert any("broken link" in m and "no-such-post" in m for m in messages)
    assert any("broken anchor" in m and "no-such-heading" in m for m in messages), messages
    # A file that links to the broken post is named too (linkreport.report_dependents, issue 17).
    assert all(p.path == str(post) or str(post) in f"{p.message} {p.hint}" for p in results[0].problems), \
        [str(p) for p in results[0].problems]
    assert any(p.path == str(post) for p in results[0].problems)


def _inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*.html")}


def test_rebuild_links_unchanged_pages_and_renders_the_readers_of_an_edited_body(build_site_at, site, tmp_path):
    settings = {"SPEED": {"cache_path": str(tmp_path / "cache"), "workers": 2}}
    output = tmp_path / "output"
    _build(build_site_at, site, output, **settings)
    first = _inodes(output)
    _build(build_site_at, site, output, **settings)
    assert _inodes(output) == first, "a rebuild with nothing changed links every page of the previous output"

    # A closing paragraph of a post with its own Summary: only pages that read its body change.
    post = site / "posts" / "generated" / "post-00007.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nA closing zebrafish paragraph.\n", encoding="utf-8")
    _build(build_site_at, site, output, **settings)
    after = _inodes(output)
    changed = sorted(name for name in after if after[name] != first[name])
    readers = sorted(name for name in after if "zebrafish" in (output / name).read_text(encoding="utf-8"))
    assert readers and set(readers) <= set(changed)
    assert "about/index.html" not in changed and "resume/index.html" not in changed
    # Lists show the post's Summary, which is metadata: they did not read the body.
    assert "archives/index.html" not in changed and "index.html" not in changed
    assert len(changed) < len(after) // 4, changed
    _build(build_site_at, site, tmp_path / "clean", SPEED={"cache": False})
    assert_same_tree(output, tmp_path / "clean")

    # Without a Summary the first paragraph is the summary, which lists and related posts show:
    # the summary is site metadata, so every page is rendered again.
    text = re.sub(r"^Summary: .*\n", "", post.read_text(encoding="utf-8"), count=1, flags=re.M)
    header, _, body = text.partition("\n\n")
    post.write_text(header + "\n\nA brand-new opening sentence for the summary.\n\n" + body, encoding="utf-8")
    before = _inodes(output)
    _build(build_site_at, site, output, **settings)
    assert all(_inodes(output)[name] != before[name] for name in before)
    assert len([n for n in before if "brand-new opening" in (output / n).read_text(encoding="utf-8")]) > 1
    shutil.rmtree(tmp_path / "clean")
    _build(build_site_at, site, tmp_path / "clean", SPEED={"cache": False})
    assert_same_tree(output, tmp_path / "clean")

    # Still without a Summary, only the first paragraph changes: every page that shows the summary
    # made from the body is rendered again, though the header did not change.
    before = _inodes(output)
    showing = sorted(n for n in before if "brand-new opening" in (output / n).read_text(encoding="utf-8"))
    post.write_text(post.read_text(encoding="utf-8").replace("brand-new opening", "rewritten opening"), encoding="utf-8")
    _build(build_site_at, site, output, **settings)
    after = _inodes(output)
    assert "archives/index.html" in showing
    assert all(after[name] != before[name] for name in showing)
    shutil.rmtree(tmp_path / "clean")
    _build(build_site_at, site, tmp_path / "clean", SPEED={"cache": False})
    assert_same_tree(output, tmp_path / "clean")


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "empty"])
def test_a_damaged_page_record_renders_every_page(build_site_at, site, tmp_path, damage):
    cache = tmp_path / "cache"
    settings = {"SPEED": {"cache_path": str(cache), "workers": 2}}
    output = tmp_path / "output"
    _build(build_site_at, site, output, **settings)
    first = _inodes(output)
    record = cache.with_name(cache.name + "-pages.pickle")
    data = record.read_bytes()
    record.write_bytes({"truncated": data[: len(data) // 2], "empty": b"",
                        "flipped byte": data[:-10] + bytes([data[-10] ^ 1]) + data[-9:]}[damage])
    _build(build_site_at, site, output, **settings)
    assert all(_inodes(output)[name] != first[name] for name in first), "nothing may be linked on a bad record"
    _build(build_site_at, site, tmp_path / "clean", SPEED={"cache": False})
    assert_same_tree(output, tmp_path / "clean")


def test_production_builds_never_link_pages(build_site_at, site, tmp_path):
    settings = {"SPEED": {"cache_path": str(tmp_path / "cache"), "workers": 2}}
    _build(build_site_at, site, tmp_path / "output", production=True, **settings)
    first = _inodes(tmp_path / "output")
    _build(build_site_at, site, tmp_path / "output", production=True, **settings)
    assert all(_inodes(tmp_path / "output")[name] != first[name] for name in first)


class _Plain:
    def __init__(self, value):
        self.value = value


class _Opaque:
    __slots__ = ()


@pytest.mark.parametrize("first, second", [
    ("a", "b"), (1, 1.0), (True, 1), (None, "None"), ([1, 2], [2, 1]), ((1,), [1]), ({"a": 1}, {"a": 2}),
    ({1, 2}, {1, 3}), ("x", __import__("markupsafe").Markup("x")),
    (__import__("markupsafe").Markup("<b>a</b>"), __import__("markupsafe").Markup("<b>b</b>")),
    (Path("/a"), Path("/b")), (_Plain(1), _Plain(2)),
    (__import__("datetime").date(2026, 1, 1), __import__("datetime").date(2026, 1, 2)),
])
def test_the_page_digest_tells_different_values_apart(first, second):
    from speed.page_reuse import Digest

    def digest(value):
        made = Digest({})
        made.add(value)
        return made.hexdigest()

    assert digest(first) != digest(second)
    assert digest(first) == digest(type(first)(first) if isinstance(first, (list, dict, set)) else first)


def test_a_value_without_a_stable_description_turns_reuse_off():
    from speed.page_reuse import Unstable, Digest

    with pytest.raises(Unstable):
        Digest({}).add(_Opaque())
    with pytest.raises(Unstable):
        Digest({}).add(object())


def test_site_digest_of_a_long_chain_of_related_posts():
    # Content objects are described one after the other, not where first met: a chain of related
    # posts as long as a 5,000-post site must not recurse 5,000 levels deep.
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    from speed.page_reuse import site_digest

    settings = dict(DEFAULT_CONFIG)
    posts = [Article("<p>body</p>", metadata={"title": f"Post {i}"}, settings=settings,
                     source_path=f"posts/p{i}.md", context={}) for i in range(5000)]
    for post, nxt in zip(posts, posts[1:]):
        post.related_posts = [nxt]
    context = {"articles": list(reversed(posts))}
    first = site_digest(settings, context)
    assert first is not None and first == site_digest(settings, context)
    posts[2500].related_posts = [posts[0]]
    assert site_digest(settings, context) != first


def _record_digests(path: Path) -> dict[str, str]:
    import pickle

    from speed.page_reuse import FORMAT

    data = path.read_bytes()
    assert data.startswith(FORMAT)
    pages = pickle.loads(data[len(FORMAT) + 64:])["pages"]
    return {rel: record.digest for rel, record in pages.items()}


def test_page_digests_made_in_forked_processes_equal_those_made_here(build_site_at, site, tmp_path, monkeypatch):
    # Reuse.prepare digests pages in forked processes on large sites and in the build process on
    # small ones; a page must get the same digest either way, or reuse would silently stop.
    from speed import page_reuse

    digests = {}
    for threshold in (10**9, 0):  # never fork, always fork
        monkeypatch.setattr(page_reuse, "FORK_MIN_PAGES", threshold)
        cache = tmp_path / f"cache-{threshold}"
        _build(build_site_at, site, tmp_path / f"out-{threshold}", SPEED={"cache_path": str(cache), "workers": 2})
        digests[threshold] = _record_digests(cache.with_name(cache.name + "-pages.pickle"))
    assert len(digests[0]) > 40
    assert digests[0] == digests[10**9]


def _square(number: int) -> int:
    if number == 13:
        raise ValueError("thirteen")
    return number * number


@hypothesis_settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(min_value=-50, max_value=50), max_size=30), st.integers(min_value=1, max_value=3))
def test_forked_map_gives_what_a_plain_loop_gives(numbers, workers):
    from speed.forked import ForkedMap

    expected = None
    try:
        expected = [_square(n) for n in numbers]
    except ValueError:
        pass
    forked = ForkedMap(_square, numbers, workers).start()
    if expected is None:  # a child fails: its share is done again here and raises as the loop did
        with pytest.raises(ValueError, match="thirteen"):
            forked.results()
    else:
        assert forked.results() == expected


def test_a_rebuild_after_deleting_a_post_leaves_no_empty_folder(build_site_at, site, tmp_path):
    # Rebuilds make the previous output's page folders in advance (foothold/folders.py) and remove
    # the ones nothing was written into.
    settings = {"SPEED": {"cache_path": str(tmp_path / "cache")}}
    output = tmp_path / "output"
    _build(build_site_at, site, output, **settings)
    post = sorted((site / "posts" / "generated").glob("*.md"))[-1]  # the newest: no post links to it
    before = {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_dir()}
    post.unlink()
    _build(build_site_at, site, output, **settings)
    after = {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_dir()}
    assert not [p for p in output.rglob("*") if p.is_dir() and not any(p.iterdir())]
    assert any(folder.startswith("posts/") for folder in before - after), "the deleted post's folder is still there"
    clean = _build(build_site_at, site, tmp_path / "clean", SPEED={"cache": False})
    assert clean.ok
    assert_same_tree(output, tmp_path / "clean")


def test_the_replaced_output_is_deleted_after_the_build_returns(build_site_at, site, tmp_path):
    import time

    output = tmp_path / "output"
    _build(build_site_at, site, output, SPEED={"cache_path": str(tmp_path / "cache")})
    _build(build_site_at, site, output, SPEED={"cache_path": str(tmp_path / "cache")})
    deadline = time.monotonic() + 30
    while list(tmp_path.glob(".foothold-retired-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not list(tmp_path.glob(".foothold-*")), "the replaced output (or a staging folder) was left behind"
    assert (output / "index.html").is_file()


def test_a_production_build_in_between_is_not_mistaken_for_the_development_output(build_site_at, site, tmp_path):
    """The page record names the very folder it describes: after a production build into the same
    path, a development rebuild must not link production pages (absolute URLs) as its own."""
    settings = {"SPEED": {"cache_path": str(tmp_path / "cache"), "quick": False}}
    _build(build_site_at, site, tmp_path / "output", **settings)
    _build(build_site_at, site, tmp_path / "output", production=True, **settings)
    again = _build(build_site_at, site, tmp_path / "output", **settings)
    assert again.ok
    _build(build_site_at, site, tmp_path / "clean", SPEED={"cache": False})
    assert_same_tree(tmp_path / "output", tmp_path / "clean")


@pytest.mark.parametrize("production, speed", [(False, {}), (False, {"cache": False}), (True, {})],
                         ids=["development", "development-no-cache", "production"])
def test_workers_inherit_the_compiled_theme_and_lexers(build_site_at, site, tmp_path, monkeypatch, production, speed):
    # A parallel build compiles the Pygments lexers its fences name before forking its Markdown
    # workers, and the theme's base and partials while those workers run (the reader mostly waits
    # for them then): no worker compiles either again, each template is compiled once however many
    # generators' environments use it, and the theme is compiled before half the files are read.
    import os

    import jinja2
    from pelican.readers import Readers
    from pygments.lexer import RegexLexer, RegexLexerMeta

    log = tmp_path / "compiled.log"
    reads = []
    compile_template, process_tokendef, read_file = (
        jinja2.Environment.compile, RegexLexerMeta.process_tokendef, Readers.read_file)

    def note(kind, name):
        with open(log, "a", encoding="utf-8") as handle:  # forked workers append here too
            handle.write(f"{os.getpid()}\t{kind}\t{name}\t{len(reads)}\n")

    def compiling_template(self, source, name=None, filename=None, raw=False, defer_init=False):
        note("template", name)
        return compile_template(self, source, name, filename, raw, defer_init)

    def compiling_lexer(cls, name, tokendefs=None):
        note("lexer", f"{cls.__name__}:{name}")
        return process_tokendef(cls, name, tokendefs)

    def reading(self, base_path, path, *args, **kwargs):
        reads.append(path)
        return read_file(self, base_path, path, *args, **kwargs)

    # Lexers compiled by an earlier test of this process are compiled afresh (Pygments keeps each
    # lexer class's compiled rules on the class).
    lexers, seen = [RegexLexer], set()
    while lexers:
        cls = lexers.pop()
        if cls not in seen:
            seen.add(cls)
            lexers.extend(cls.__subclasses__())
            if "_tokens" in cls.__dict__:
                monkeypatch.delattr(cls, "_tokens")
    monkeypatch.setattr(jinja2.Environment, "compile", compiling_template)
    monkeypatch.setattr(RegexLexerMeta, "process_tokendef", compiling_lexer)
    monkeypatch.setattr(Readers, "read_file", reading)
    result = _build(build_site_at, site, tmp_path / "out", production=production,
                    SPEED={"workers": 2, "cache_path": str(tmp_path / "cache"), **speed})
    assert result.stats["markdown"]["rendered_in_pool"] > 40
    rows = [line.split("\t") for line in log.read_text(encoding="utf-8").splitlines()]
    elsewhere = [row for row in rows if int(row[0]) != os.getpid()]
    assert elsewhere == []
    assert any(row[1] == "lexer" for row in rows)  # the generated posts' fences are highlighted
    base = [int(row[3]) for row in rows if row[1] == "template" and row[2] == "base.html"]
    assert len(base) == 1
    templates = [row[2] for row in rows if row[1] == "template"]
    assert len(templates) == len(set(templates))
    assert 0 < base[0] < len(reads) / 2  # files read when base.html was compiled
