"""Shared fixtures: real builds of real content with the repo's pelican.conf, theme and plugins."""

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

from foothold_test_support import ROOT, SITES  # noqa: E402

from foothold.build import build_site  # noqa: E402


@pytest.fixture
def build_site_at(tmp_path):
    """Build ``content_dir`` with the repo's settings, theme and plugins into a temp folder.

    Returns foothold.build.BuildResult; ``result.output`` is the built site (also after a failure,
    where it holds whatever the previous build left).
    """

    def build(content_dir, production=False, output=None, **overrides):
        # The repo's pelican.conf carries the template's identity: a production build of it refuses
        # to publish placeholders unless the test opts in as a demo of the template would.
        settings = {"PATH": str(content_dir), "OUTPUT_PATH": str(output or tmp_path / "output"),
                    "FOOTHOLD_CACHE_PATH": str(tmp_path / "md-cache"), "ALLOW_PLACEHOLDERS": True}
        settings.update(overrides)
        return build_site(ROOT, production=production, overrides=settings)

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
    """A private copy of the sample site's content/ folder."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target, symlinks=True)
    return target
