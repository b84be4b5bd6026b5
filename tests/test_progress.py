"""Progress of a long build (foothold.progress): lines every N files when not on a terminal, a rich
bar on one, and nothing left connected after the build."""

from __future__ import annotations

import io
import re

from foothold.progress import build_progress, count_sources


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_lines_every_n_files_then_quiet_after_the_block(sample_content, build_site_at, tmp_path):
    total = count_sources(sample_content)
    assert total == len(list(sample_content.rglob("*.md")))
    stream = io.StringIO()
    with build_progress(sample_content, stream=stream, every=5, quiet_seconds=0) as meter:
        result = build_site_at(sample_content)
        meter.succeeded = result.ok
    assert result.ok, result.stderr_text
    lines = stream.getvalue().splitlines()
    reads = [ln for ln in lines if ln.startswith("read ")]
    assert reads[0].startswith(f"read 5/{total} files (")
    assert reads[-1].startswith(f"read {total}/{total} files (")
    rendered = [int(re.match(r"rendered (\d+) files", ln).group(1)) for ln in lines if ln.startswith("rendered ")]
    assert rendered == sorted(rendered) and rendered[0] == 5
    [wrote] = [int(re.match(r"wrote (\d+) files", ln).group(1)) for ln in lines if ln.startswith("wrote ")]
    written = sum(1 for p in result.output.rglob("*.html"))
    assert lines[-1].startswith("wrote ") and wrote >= written
    assert all(re.search(r"\(\d+\.\d s\)$", ln) for ln in lines)

    # The receivers are gone: a build outside the block adds nothing.
    before = stream.getvalue()
    assert build_site_at(sample_content, output=tmp_path / "again").ok
    assert stream.getvalue() == before


def test_a_failed_build_never_says_it_wrote_files(sample_content, build_site_at):
    post = next(sample_content.joinpath("posts").rglob("*.md"))
    post.write_text(post.read_text(encoding="utf-8").replace("Date:", "Date: 02/03/2026\nX-Date:", 1),
                    encoding="utf-8")
    stream = io.StringIO()
    with build_progress(sample_content, stream=stream, every=1, quiet_seconds=0) as meter:
        result = build_site_at(sample_content)
        meter.succeeded = result.ok
    assert not result.ok
    assert not [ln for ln in stream.getvalue().splitlines() if ln.startswith("wrote")]
    assert "Build failed" in result.stderr_text and "wrote" not in result.stderr_text


def test_short_builds_stay_quiet(sample_content, build_site_at):
    stream = io.StringIO()
    with build_progress(sample_content, stream=stream, every=1, quiet_seconds=3600):
        assert build_site_at(sample_content).ok
    assert stream.getvalue() == ""


def test_terminal_gets_a_progress_bar(sample_content, build_site_at):
    stream = FakeTerminal()
    with build_progress(sample_content, stream=stream, quiet_seconds=0) as meter:
        assert build_site_at(sample_content).ok
    assert type(meter).__name__ == "BarProgress"
    shown = stream.getvalue()
    assert "Reading" in shown and "Writing" in shown
