"""Speed off changes no byte (issue 18): the sample site and a generated corpus of a few hundred
posts with links, tables and code, built with every speed mechanism on (worker pools, the caches,
page reuse and a warm rebuild) and with all of them off, give the same files; a failing fixture
fails the same way, with the same problems.

Until the speed mechanisms are one plugin ("speed" in PLUGINS), "off" is the three user settings
that turn them off (SPEED_OFF below); when the layer moves, SPEED_OFF becomes PLUGINS without it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from foothold_test_support import SITES, add_generated_posts, assert_same_tree

SPEED_OFF = {"FOOTHOLD_WORKERS": 0, "FOOTHOLD_CACHE": False, "FOOTHOLD_QUICK": False}
SPEED_ON = {"FOOTHOLD_WORKERS": 2, "FOOTHOLD_CACHE": True}


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
    on = _built(build_site_at, sample_content, tmp_path / "on", FOOTHOLD_CACHE_PATH=cache, **SPEED_ON)
    assert off.stats["markdown"]["rendered_in_pool"] == 0 and off.stats["markdown"]["from_cache"] == 0
    if posts:  # the pool had work: the fast path was really taken
        assert on.stats["markdown"]["rendered_in_pool"] > 0
    assert_same_tree(tmp_path / "on", tmp_path / "off")
    # Warm: bodies from the cache and pages linked from the previous output, same bytes again.
    warm = _built(build_site_at, sample_content, tmp_path / "on", FOOTHOLD_CACHE_PATH=cache, FOOTHOLD_QUICK=False,
                  **SPEED_ON)
    assert warm.stats["markdown"]["from_cache"] > 0
    assert_same_tree(tmp_path / "on", tmp_path / "off")


def _problems(result) -> list[tuple]:
    return [(p.path, p.line, p.message) for p in result.problems]


def test_a_failing_site_fails_alike_with_speed_on_and_off(build_site_at, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITES / "linked_failures", content)
    off = build_site_at(content, output=tmp_path / "off", **SPEED_OFF)
    on = build_site_at(content, output=tmp_path / "on", FOOTHOLD_CACHE_PATH=str(tmp_path / "cache"), **SPEED_ON)
    assert not off.ok and not on.ok
    assert off.problems, "the fixture must fail with problems"
    assert _problems(on) == _problems(off)
    assert not Path(tmp_path / "on").exists() or not any(Path(tmp_path / "on").iterdir())
