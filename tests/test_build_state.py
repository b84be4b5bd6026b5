"""The build's own state (foothold/state.py) and Foothold's build signals (foothold/signals.py)."""

from __future__ import annotations

import pickle

import lxml.html
import pytest

from foothold import signals
from foothold.problems import ProblemLog, problems_of
from foothold.state import BuildSettings, BuildState, build_state

# The keys that carried the kernel's per-build state in Pelican's settings before state.py.
OLD_KERNEL_KEYS = {"FOOTHOLD_ROOT", "FOOTHOLD_PRODUCTION", "FOOTHOLD_PROBLEMS", "FOOTHOLD_STATS", "FOOTHOLD_READ_TIMES",
                   "FOOTHOLD_READ_METADATA", "FOOTHOLD_OUTPUT_SOURCES", "FOOTHOLD_PREVIOUS_OUTPUT",
                   "FOOTHOLD_PARSED_PAGES", "FOOTHOLD_EARLY_PAGES", "FOOTHOLD_SEARCH_EARLY"}


@pytest.fixture
def heard():
    """Every Foothold build signal sent during the test: (name, sender, keyword arguments)."""
    events = []
    receivers = {}
    for name in ("build_started", "before_pelican_run", "build_finished"):
        def receiver(sender, _name=name, **kwargs):
            events.append((_name, sender, kwargs))
        receivers[name] = receiver
        getattr(signals, name).connect(receiver)  # weak by default: the dict keeps them alive
    yield events
    for name, receiver in receivers.items():
        getattr(signals, name).disconnect(receiver)


def test_settings_made_outside_a_build_get_a_fresh_state():
    assert isinstance(build_state({}), BuildState)
    assert build_state({}).root == "" and not build_state({}).production
    assert isinstance(problems_of({}), ProblemLog)
    state = BuildState(root="/project", production=True)
    settings = BuildSettings({"PATH": "/project/content"}, state)
    assert build_state(settings) is state and problems_of(settings) is state.problems
    assert settings.copy() == {"PATH": "/project/content"} and not hasattr(settings.copy(), "build")


def test_pickled_settings_are_plain_settings_without_the_state():
    state = BuildState(root="/project")
    state.problems.add("/project/x.md", 1, "broken")
    copy = pickle.loads(pickle.dumps(BuildSettings({"SITENAME": "A"}, state)))
    assert type(copy) is dict and copy == {"SITENAME": "A"}


def test_a_build_keeps_its_state_on_the_settings_not_in_them(build_site_at, sample_content, fixture_project, heard):
    result = build_site_at(sample_content)
    assert result.ok, result.stderr_text
    settings = result.settings
    assert isinstance(settings, BuildSettings)
    state = settings.build
    assert state.root == str(fixture_project) and state.production is False and state.committed
    assert not OLD_KERNEL_KEYS & set(settings), "the kernel's per-build state is no settings key"
    assert state.stats["posts"] >= 1 and result.stats == state.stats
    source = next(path for path in state.read_metadata if path.endswith(".md"))
    assert source in state.read_times and state.read_metadata[source][0]  # (sha256, metadata)
    page, written_from = next(iter(state.output_sources.items()))
    assert written_from.startswith(str(sample_content)) and (result.output / page).is_file()
    assert [name for name, _, _ in heard if name != "before_pelican_run"] == ["build_started", "build_finished"]
    finished = heard[-1]
    assert finished[1] is state and finished[2]["ok"] is True and finished[2]["settings"] is settings


def test_build_finished_is_sent_after_a_failed_build(build_site_at, sample_content, heard):
    post = next((sample_content / "posts").rglob("*.md"))
    post.write_text("Title: Broken\nDate: 02/03/2026\n\nBody.\n", encoding="utf-8")
    result = build_site_at(sample_content)
    assert not result.ok and any("ISO 8601" in p.message for p in result.problems)
    name, state, kwargs = heard[-1]
    assert name == "build_finished" and kwargs["ok"] is False and state is result.settings.build
    assert not state.committed and state.problems.sorted() == result.problems


def test_a_before_pelican_run_answer_stands_for_the_build(build_site_at, sample_content, tmp_path):
    first = build_site_at(sample_content)
    assert first.ok, first.stderr_text
    index = (first.output / "index.html").read_bytes()
    (next((sample_content / "posts").rglob("*.md"))).write_text("Title: Gone\nDate: 2026-01-01\n\nNew.\n",
                                                                 encoding="utf-8")
    asked = []

    def answer(state, settings, output, **_):
        asked.append(output)
        state.committed = True
        return {"answered": True}

    signals.before_pelican_run.connect(answer)
    try:
        second = build_site_at(sample_content)
    finally:
        signals.before_pelican_run.disconnect(answer)
    assert asked == [first.output]
    assert second.ok and second.stats == {"answered": True} and second.committed
    assert (first.output / "index.html").read_bytes() == index, "Pelican did not run: nothing was rewritten"
    assert "Gone" not in lxml.html.fromstring(index).text_content()
