"""Speed off changes no byte (issue 18): the sample site and a generated corpus of a few hundred
posts with links, tables and code, built with every speed mechanism on (worker pools, the caches,
page reuse and a warm rebuild) and with all of them off, give the same files; a failing fixture
fails the same way, with the same problems.

"Off" is PLUGINS without "speed" (the optional layer, plugins/speed): nothing of it is installed,
and the kernel and the features do the plain thing (each body rendered by the reader, pages by
Pelican's own writer, Pagefind finished at once, no caches, no page reuse, no quick rebuild).
"On" is the layer with two workers whatever the machine, its caches, page reuse and a warm rebuild.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from foothold_test_support import SITES, add_generated_posts, assert_same_tree, sample_settings

PLUGINS = list(sample_settings()["PLUGINS"])
assert "speed" in PLUGINS, "the fixture pelican.conf lists the speed layer"
SPEED_OFF = {"PLUGINS": [name for name in PLUGINS if name != "speed"]}
SPEED_ON = {"PLUGINS": PLUGINS}


def _built(build_site_at, content, output, **overrides):
    result = build_site_at(content, output=output, **overrides)
    assert result.ok, result.stderr_text
    return result


@pytest.mark.parametrize("posts", [0, 300])
def test_speed_on_and_off_write_the_same_bytes(build_site_at, sample_content, tmp_path, posts):
    if posts:
        add_generated_posts(sample_content, posts)
    cache = str(tmp_path / "cache")
    off = _built(build_site_at, sample_content, tmp_path / "off", **SPEED_OFF)
    on = _built(build_site_at, sample_content, tmp_path / "on", SPEED={"cache_path": cache, "workers": 2}, **SPEED_ON)
    assert "markdown" not in off.stats  # the layer's figures: it was not there
    if posts:  # the pool had work: the fast path was really taken
        assert on.stats["markdown"]["rendered_in_pool"] > 0
    assert_same_tree(tmp_path / "on", tmp_path / "off")
    # Warm: bodies from the cache and pages linked from the previous output, same bytes again.
    warm = _built(build_site_at, sample_content, tmp_path / "on", SPEED={"cache_path": cache, "workers": 2, "quick": False},
                  **SPEED_ON)
    assert warm.stats["markdown"]["from_cache"] > 0
    assert_same_tree(tmp_path / "on", tmp_path / "off")


def _problems(result) -> list[tuple]:
    return [(p.path, p.line, p.message) for p in result.problems]


def test_a_failing_site_fails_alike_with_speed_on_and_off(build_site_at, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITES / "linked_failures", content)
    off = build_site_at(content, output=tmp_path / "off", **SPEED_OFF)
    on = build_site_at(content, output=tmp_path / "on", SPEED={"cache_path": str(tmp_path / "cache"), "workers": 2},
                       **SPEED_ON)
    assert not off.ok and not on.ok
    assert off.problems, "the fixture must fail with problems"
    assert _problems(on) == _problems(off)
    assert not Path(tmp_path / "on").exists() or not any(Path(tmp_path / "on").iterdir())


def test_after_a_build_every_object_the_speed_layer_patched_is_pelicans_and_markdowns_again(build_site_at,
                                                                                           sample_content, tmp_path):
    import markdown
    from markdown.extensions.codehilite import CodeHilite
    from markdown.treeprocessors import InlineProcessor
    from pelican import contents, urlwrappers, utils, writers
    from pelican.contents import Content

    patched = ("get_url_setting", "content", "summary", "get_content", "get_summary")
    before = {name: Content.__dict__[name] for name in patched}
    hilite, writer = CodeHilite.hilite, writers.Writer
    add_generated_posts(sample_content, 20)  # enough for the pools to start (workers forced below)
    result = _built(build_site_at, sample_content, tmp_path / "on", SPEED={"workers": 2}, **SPEED_ON)
    assert result.stats["markdown"]["rendered_in_pool"] > 0  # the layer really was at work
    assert contents.slugify is utils.slugify and urlwrappers.slugify is utils.slugify
    assert {name: Content.__dict__[name] for name in patched} == before
    assert CodeHilite.hilite is hilite and writers.Writer is writer
    # Python-Markdown's own inline processor in any Markdown made after the build.
    assert type(markdown.Markdown().treeprocessors["inline"]) is InlineProcessor
    assert result.settings.build.body_renderer is None and result.settings.build.run_later is None
    assert "speed" not in result.settings.build.extensions


def test_the_page_digest_ignores_what_changes_from_one_build_to_the_next(tmp_path):
    # The site digest covers the settings; the staging folder's name, the speed layer's own setting
    # and the build's state (not a settings key) must not change it, or no page is ever reused.
    from foothold.state import BuildSettings, BuildState
    from foothold_test_support import ROOT
    from speed.page_reuse import site_digest

    def digest(build: BuildState, **values) -> str:
        settings = BuildSettings({"THEME": str(ROOT / "theme"), "MARKDOWN": {}, "SITENAME": "A", **values}, build)
        return site_digest(settings, {"SITENAME": settings["SITENAME"]})

    plain = digest(BuildState(), OUTPUT_PATH=str(tmp_path / ".foothold-staging-output-1"))
    busy = BuildState(root=str(tmp_path), previous_output=str(tmp_path / "output"))
    busy.stats["markdown"] = {"rendered_here": 3}
    busy.extensions["speed"] = object()
    assert digest(busy, OUTPUT_PATH=str(tmp_path / ".foothold-staging-output-2"),
                  SPEED={"workers": 2, "cache_path": str(tmp_path / "elsewhere")}) == plain
    assert digest(BuildState(), OUTPUT_PATH="x", SITENAME="B") != plain  # a real input still counts
