"""The pelican.conf loader: one settings file, validated before anything is written."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from foothold_test_support import ROOT, make_project
from foothold.config import DRAFT_PREVIEW, ConfigError, load_settings


@pytest.fixture
def project(tmp_path):
    """A project folder with the real pelican.conf, theme and plugins, and a tiny content folder."""
    return make_project(tmp_path, copy_code=True)


def edit_conf(project: Path, old: str, new: str) -> None:
    conf = project / "pelican.conf"
    text = conf.read_text()
    assert old in text
    conf.write_text(text.replace(old, new, 1))


def test_paths_resolve_against_the_project_root_from_any_directory(project, monkeypatch, tmp_path_factory):
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    settings = load_settings(project)
    assert settings["PATH"] == str(project / "content")
    assert settings["OUTPUT_PATH"] == str(project / "output")
    assert settings["THEME"] == str(project / "theme")


def test_production_applies_the_production_dict(project):
    dev = load_settings(project)
    prod = load_settings(project, production=True)
    assert dev["SITEURL"] == "" and dev["RELATIVE_URLS"] is True
    assert prod["SITEURL"].startswith("https://") and prod["RELATIVE_URLS"] is False
    assert prod["FEED_ALL_ATOM"] == "feeds/all.atom.xml" and not dev["FEED_ALL_ATOM"]
    assert prod["DRAFT_SAVE_AS"] == "" and dev["DRAFT_SAVE_AS"] == ""  # drafts: live reload only
    live = load_settings(project, overrides=DRAFT_PREVIEW)
    assert live["DRAFT_SAVE_AS"] == "drafts/posts/{slug}/index.html"


def test_typo_in_a_setting_names_it_and_its_line(project):
    edit_conf(project, 'TIMEZONE = "Europe/Lisbon"', 'TIMEZON = "Europe/Lisbon"')
    with pytest.raises(ConfigError) as err:
        load_settings(project)
    text = str(err.value)
    assert "unknown setting 'TIMEZON'" in text and "did you mean 'TIMEZONE'" in text
    line = next(i for i, l in enumerate((project / "pelican.conf").read_text().splitlines(), 1) if l.startswith("TIMEZON "))
    assert f"pelican.conf:{line}:" in text


def test_typo_inside_production_is_caught(project):
    edit_conf(project, '"SITEURL": "https', '"SITEURLL": "https')
    with pytest.raises(ConfigError, match="unknown setting 'SITEURLL'"):
        load_settings(project)


def test_invalid_timezone_suggests_zones(project):
    edit_conf(project, 'TIMEZONE = "Europe/Lisbon"', 'TIMEZONE = "Europe/Lisbn"')
    with pytest.raises(ConfigError) as err:
        load_settings(project)
    assert "TIMEZONE 'Europe/Lisbn' is not a known time zone" in str(err.value)
    assert "Europe/Lisbon" in str(err.value)


def test_missing_required_setting_is_named(project):
    edit_conf(project, 'AUTHOR = "Alex Placeholder"', 'AUTHOR = ""')
    with pytest.raises(ConfigError, match="required setting 'AUTHOR'"):
        load_settings(project)


def test_syntax_error_gives_the_line(project):
    edit_conf(project, 'SITEURL = ""', 'SITEURL = "')
    with pytest.raises(ConfigError) as err:
        load_settings(project)
    assert "syntax error" in str(err.value) and "pelican.conf:" in str(err.value)


def test_unknown_plugin_is_named(project):
    edit_conf(project, '"foothold",', '"foothold",\n    "no_such_plugin",')
    with pytest.raises(ConfigError, match="plugin 'no_such_plugin' was not found"):
        load_settings(project)


def test_production_needs_an_absolute_siteurl(project):
    edit_conf(project, '"SITEURL": "https://alex-placeholder.github.io/foothold"', '"SITEURL": "/foothold"')
    with pytest.raises(ConfigError, match="absolute SITEURL"):
        load_settings(project, production=True)


def test_invoke_build_fails_before_writing_on_a_bad_setting(project):
    edit_conf(project, 'TIMEZONE = "Europe/Lisbon"', 'TIMEZONE = "Mars/Olympus"')
    proc = subprocess.run([sys.executable, "-m", "invoke", "build"], cwd=project, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "TIMEZONE 'Mars/Olympus'" in proc.stderr
    assert not (project / "output").exists()


def test_invoke_build_then_preview_from_a_subfolder(project):
    """`invoke build` works right after cloning, run from anywhere inside the project."""
    proc = subprocess.run([sys.executable, "-m", "invoke", "build"], cwd=project / "content", capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert (project / "output" / "index.html").is_file()
    assert "Built development site" in proc.stdout


def test_an_old_speed_setting_is_refused_with_its_new_spelling(project):
    # Issue 18: the speed layer's settings are one SPEED dict; the old names say what to write.
    edit_conf(project, 'SITEURL = ""', 'SITEURL = ""\nFOOTHOLD_WORKERS = 2\nFOOTHOLD_CACHE_PATH = "cache"')
    with pytest.raises(ConfigError) as err:
        load_settings(project)
    problems = {problem.message: problem.line for problem in err.value.problems}
    assert problems['FOOTHOLD_WORKERS = 2 is now SPEED = {"workers": 2}'] is not None
    assert "FOOTHOLD_CACHE_PATH = 'cache' is now SPEED = {\"cache_path\": 'cache'}" in problems


def test_a_bad_speed_value_is_a_problem_at_its_line(project, tmp_path):
    from foothold.build import build_site

    edit_conf(project, 'SITEURL = ""', 'SITEURL = ""\nSPEED = {"workers": "two", "cach": False}')
    result = build_site(project, overrides={"OUTPUT_PATH": str(tmp_path / "out")})
    assert not result.ok
    messages = " | ".join(f"{p.line}: {p.message}" for p in result.problems)
    assert "SPEED['workers'] must be a number of processes" in messages and "unknown SPEED key 'cach'" in messages
    assert all(p.line for p in result.problems if "SPEED" in p.message)
