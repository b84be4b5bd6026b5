"""plugins/search_index: Pagefind runs on real builds, indexes only published posts, projects and
pages, leaves the unused UI bundles out, and rejects bad SEARCH_INDEX settings with the key named."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))

from search_index.settings import SearchSettingsError, search_settings  # noqa: E402


def _plugins() -> list:
    conf: dict = {}
    exec((ROOT / "pelican.conf").read_text(encoding="utf-8"), conf)
    plugins = list(conf.get("PLUGINS", []))
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
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = sum(language["page_count"] for language in entry["languages"].values())
    assert pages == _published_count(sample_content)
    assert (folder / "pagefind.js").is_file()
    assert not list(folder.glob("pagefind-*ui*")), "unused UI bundles were left in the output"
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
        ({"enabled": "yes"}, "True or False"),
        ({"output_subdir": "../up"}, "folder name inside the output"),
        ({"output_subdir": ""}, "folder name inside the output"),
        ({"timeout": 0}, "positive number"),
    ],
)
def test_settings_validation_messages(value, fragment):
    with pytest.raises(SearchSettingsError) as caught:
        search_settings({"SEARCH_INDEX": value})
    assert fragment in str(caught.value)


def test_settings_defaults():
    assert search_settings({}) == {"enabled": True, "output_subdir": "pagefind", "timeout": 120}
    assert search_settings({"SEARCH_INDEX": {"output_subdir": "/find/"}})["output_subdir"] == "find"
