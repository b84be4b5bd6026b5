"""SKILL_MAP and URL settings: defaults, validation messages, and KNOWN_SETTINGS."""

from __future__ import annotations

import datetime as dt

import pytest

import skill_map
from foothold.state import BuildSettings, BuildState
from skill_map.settings import SKILL_MAP_DEFAULTS, URL_DEFAULTS, apply_url_defaults, read_config


def _read(tmp_path, value, **settings):
    (tmp_path / "pelican.conf").write_text(f"SKILL_MAP = {value!r}\n", encoding="utf-8")
    (tmp_path / "content").mkdir(exist_ok=True)
    found = []
    config = read_config(BuildSettings({"PATH": str(tmp_path / "content"), "SKILL_MAP": value, **settings},
                                       BuildState(root=str(tmp_path))), lambda *args: found.append(args))
    return config, found


def test_known_settings_lists_every_name_the_plugin_reads():
    assert skill_map.KNOWN_SETTINGS == {"SKILL_MAP", *URL_DEFAULTS}


def test_defaults(tmp_path):
    config, found = _read(tmp_path, {})
    assert found == []
    assert (config.focus, config.window_months, config.today, config.top_skills) == ("front-end", 12, None, 6)
    assert config.taxonomy_path is None, "skills.yml is optional"
    assert (config.map_url, config.skill_save_as, config.json_save_as) == ("skills/", "skills/{id}/index.html", "skills.json")


def test_taxonomy_file_found_in_the_content_folder(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "skills.yml").write_text("drop: []\n")
    config, found = _read(tmp_path, {"focus": "data"})
    assert found == [] and config.taxonomy_path == str(tmp_path / "content" / "skills.yml")
    assert config.focus == "data"


@pytest.mark.parametrize("value, message, hint", [
    ({"focs": "data"}, "unknown SKILL_MAP key 'focs'", "did you mean 'focus'?"),
    ({"window_months": "12"}, "SKILL_MAP['window_months'] must be a whole number from 1 to 120, not '12'", "e.g. 12"),
    ({"window_months": True}, "SKILL_MAP['window_months'] must be a whole number", "e.g. 12"),
    ({"top_skills": 99}, "SKILL_MAP['top_skills'] must be a whole number from 0 to 50, not 99", "e.g. 6"),
    ({"today": "2026-02-30"}, "SKILL_MAP['today'] must be a date written YYYY-MM-DD", "leave it out"),
    ({"focus": ""}, "SKILL_MAP['focus'] must be a specialization id", "'front-end'"),
    ({"knows_about_level": "none"}, "SKILL_MAP['knows_about_level'] must be one of learning, applied, shipped, deep", "applied"),
    ({"taxonomy_file": "missing.yml"}, "SKILL_MAP['taxonomy_file'] names a file that does not exist", "create it"),
    (["focus", "front-end"], "SKILL_MAP must be a dict", "SKILL_MAP = {"),
])
def test_bad_values_are_reported_with_the_conf_file_and_line(tmp_path, value, message, hint):
    config, found = _read(tmp_path, value)
    assert len(found) == 1, found
    path, line, text, hint_text = found[0]
    assert path == str(tmp_path / "pelican.conf") and line == 1
    assert text.startswith(message) and hint in hint_text
    assert config.window_months >= 1 and config.focus, "defaults stand in so the build can report everything"


def test_today_accepts_dates_and_strings(tmp_path):
    assert _read(tmp_path, {"today": "2026-03-31"})[0].today == dt.date(2026, 3, 31)
    assert _read(tmp_path, {"today": dt.date(2026, 3, 31)})[0].today == dt.date(2026, 3, 31)
    assert _read(tmp_path, {"today": dt.datetime(2026, 3, 31, 10, 0)})[0].today == dt.date(2026, 3, 31)


def test_url_settings(tmp_path):
    config, found = _read(tmp_path, {}, SKILL_URL="competences/{id}.html", SKILL_SAVE_AS="competences/{id}.html",
                          SKILL_MAP_JSON_SAVE_AS="")
    assert found == [] and config.skill_url == "competences/{id}.html" and config.json_save_as == ""
    config, found = _read(tmp_path, {}, SKILL_URL="skills/all/")
    assert [f[2] for f in found] == ["SKILL_URL must contain {id}"] and config.skill_url == "skills/{id}/"


def test_apply_url_defaults_keeps_what_the_author_set():
    settings = {"SKILL_MAP_URL": "map/"}
    apply_url_defaults(settings)
    assert settings["SKILL_MAP_URL"] == "map/" and settings["SKILL_SAVE_AS"] == URL_DEFAULTS["SKILL_SAVE_AS"]
    assert set(SKILL_MAP_DEFAULTS) >= {"focus", "window_months", "today"}
