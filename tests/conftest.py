"""Shared fixtures: real builds of fixture sites in temp projects, with the repo's theme and plugins.

Every build runs in a fixture project (foothold_test_support.make_project): a temp folder holding a
copy of tests/sample/pelican.conf, links to the repo's theme/, plugins/ and tasks.py, and a fixture
content folder. The repo's own content/ and pelican.conf are the author's: the guard below fails any
test that opens or lists them, so `invoke test` passes in a fork whatever its content holds.
"""

from __future__ import annotations

import shutil
import signal
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

# A test run started in the background without job control (`... &` in a script) ignores Ctrl-C,
# and so would every build it starts; the interrupt tests need SIGINT as a terminal delivers it.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

from foothold_test_support import SAMPLE_CONTENT, SITES, AuthorFilesGuard, fixture_root, tree_digest  # noqa: E402

from foothold.build import build_site  # noqa: E402


def pytest_configure(config):
    # One hook per test process (xdist workers load this conftest too); it stays for the session.
    config.foothold_guard = AuthorFilesGuard()
    sys.addaudithook(config.foothold_guard)


def _guarded(item, phase):
    """Arm the guard for one phase of a test; the phase fails if the test touched the author's files."""
    guard = item.config.foothold_guard
    guard.touched.clear()
    guard.armed = True
    try:
        yield
    finally:
        guard.armed = False
    if guard.touched:
        touched, guard.touched[:] = guard.touched[:], []
        raise pytest.fail.Exception(
            f"{item.nodeid} ({phase}) touched the author's files; build a fixture project instead:\n  "
            + "\n  ".join(touched[:10]), pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    return (yield from _guarded(item, "setup"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    return (yield from _guarded(item, "call"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item):
    return (yield from _guarded(item, "teardown"))


@pytest.fixture
def fixture_project(tmp_path):
    """A project folder without content: tests/sample's pelican.conf, the repo's theme, plugins and
    tasks.py linked. build_site_at builds in it; a test may edit its pelican.conf."""
    return fixture_root(tmp_path)


@pytest.fixture
def build_site_at(fixture_project, tmp_path):
    """Build ``content_dir`` with the fixture settings and the repo's theme and plugins into a temp folder.

    Returns foothold.build.BuildResult; ``result.output`` is the built site (also after a failure,
    where it holds whatever the previous build left).
    """

    def build(content_dir, production=False, output=None, **overrides):
        # tests/sample's pelican.conf carries the template's identity: a production build of it refuses
        # to publish placeholders unless the test opts in as a demo of the template would.
        # SPEED given here is merged over the test's own cache folder (plugins/speed/settings.py);
        # a build whose PLUGINS leave the speed layer out gets no SPEED (an unknown setting there).
        speed = {"cache_path": str(tmp_path / "md-cache"), **overrides.pop("SPEED", {})}
        settings = {"PATH": str(content_dir), "OUTPUT_PATH": str(output or tmp_path / "output"),
                    "ALLOW_PLACEHOLDERS": True}
        if "speed" in overrides.get("PLUGINS", ["speed"]):
            settings["SPEED"] = speed
        settings.update(overrides)
        return build_site(fixture_project, production=production, overrides=settings)

    return build


@pytest.fixture
def site_copy(tmp_path):
    """Copy a fixture content folder (tests/sites/<name>) to a temp folder and return its path."""

    def copy(name):
        target = tmp_path / "content"
        shutil.copytree(SITES / name, target, symlinks=True)
        return target

    return copy


@pytest.fixture
def sample_content(tmp_path):
    """A private copy of Foothold's sample site (tests/sample/content), never the repo's content/."""
    target = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, target, symlinks=True)
    return target


@pytest.fixture
def good_site(tmp_path, build_site_at):
    """The minimal fixture site (tests/sites/minimal) copied and built once into ``output``:
    (content, output, digest of output), for tests that check a bad build leaves it as it was."""
    content = tmp_path / "content"
    shutil.copytree(SITES / "minimal", content)
    output = tmp_path / "output"
    result = build_site_at(content, output=output)
    assert result.ok, result.stderr_text
    return content, output, tree_digest(output)
