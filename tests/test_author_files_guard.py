"""The suite never reads the author's content/ or pelican.conf: the guard in conftest.py proves it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from foothold_test_support import ROOT, SAMPLE_CONF, TESTS


def test_guard_refuses_and_records_the_authors_files(request):
    guard = request.config.foothold_guard
    for touch in (lambda: open(ROOT / "pelican.conf", encoding="utf-8"),
                  lambda: (ROOT / "content" / "pages" / "about.md").read_text(),
                  lambda: os.listdir(ROOT / "content"),
                  lambda: shutil.copytree(ROOT / "content", request.getfixturevalue("tmp_path") / "c")):
        with pytest.raises(PermissionError, match="author's"):
            touch()
    # pathlib's glob swallows PermissionError and finds nothing: the record still fails the test.
    assert list((ROOT / "content").rglob("*.md")) == []
    events = {line.split()[0] for line in guard.touched}
    assert events == {"open", "os.listdir", "os.scandir"} and all(str(ROOT) in line for line in guard.touched)
    guard.touched.clear()  # this test touched them on purpose
    # Next to them is fine: the fixture sample, the theme, the repo's other files.
    assert "AUTHOR" in SAMPLE_CONF.read_text(encoding="utf-8")
    assert (ROOT / "theme").is_dir() and os.listdir(ROOT / "theme")
    assert guard.touched == []


def test_a_test_that_reads_content_fails(tmp_path):
    """A throwaway checkout with this suite's conftest and one test that reads content/: pytest fails
    it and names the file, even though the test itself swallows the error."""
    checkout = tmp_path / "checkout"
    (checkout / "tests").mkdir(parents=True)
    for name in ("conftest.py", "foothold_test_support.py"):
        shutil.copy(TESTS / name, checkout / "tests" / name)
    (checkout / "plugins").symlink_to(ROOT / "plugins")
    (checkout / "content").mkdir()
    (checkout / "content" / "post.md").write_text("Title: Mine\n\nThe author's words.\n", encoding="utf-8")
    (checkout / "pelican.conf").write_text('AUTHOR = "Someone Real"\n', encoding="utf-8")
    (checkout / "tests" / "test_sneaky.py").write_text(
        "from pathlib import Path\n"
        "ROOT = Path(__file__).resolve().parent.parent\n"
        "def test_reads_content():\n"
        "    try:\n"
        "        (ROOT / 'content' / 'post.md').read_text()\n"
        "    except OSError:\n"
        "        pass\n"
        "def test_reads_conf():\n"
        "    assert 'AUTHOR' in (ROOT / 'pelican.conf').read_text()\n"
        "def test_reads_nothing(tmp_path):\n"
        "    (tmp_path / 'x').write_text('fine')\n",
        encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", "tests"],
                          cwd=checkout, capture_output=True, text=True, timeout=120)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "2 failed, 1 passed" in out, out
    assert "test_reads_content (call) touched the author's files" in out, out
    assert str(checkout / "content" / "post.md") in out and str(checkout / "pelican.conf") in out, out
