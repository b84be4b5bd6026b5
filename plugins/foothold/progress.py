"""Progress of a long build: a rich progress bar on a terminal, otherwise a line every N files.

Pelican announces each content object it reads (``content_object_init``) and each file it writes
(``content_written``); this module counts them while a build runs inside ``build_progress()``.
Short builds stay quiet: nothing is shown before ``quiet_seconds`` have passed.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time

SOURCE_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")


def count_sources(content_path) -> int:
    """Markdown files under the content folder: the number of items the reading phase will see."""
    total = 0
    for _dirpath, dirnames, filenames in os.walk(content_path):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        total += sum(1 for name in filenames if name.endswith(SOURCE_EXTENSIONS) and not name.startswith("."))
    return total


class LineProgress:
    """Plain lines for logs and CI: ``read 200/1007 files (3.1 s)``, ``rendered 400 files (8.0 s)``.

    Files are rendered into the staging folder (build.py), which a failed build throws away: only
    ``succeeded`` (set by the caller once the build returned) makes the last line say they were written.
    """

    def __init__(self, stream, total: int, every: int, quiet_seconds: float):
        self.stream = stream
        self.total = total
        self.every = every
        self.quiet_seconds = quiet_seconds
        self.started = time.perf_counter()
        self.read = self.written = 0
        self.succeeded = False

    def _emit(self, text: str) -> None:
        elapsed = time.perf_counter() - self.started
        if elapsed >= self.quiet_seconds:
            self.stream.write(f"{text} ({elapsed:.1f} s)\n")
            self.stream.flush()

    def on_read(self) -> None:
        self.read += 1
        if self.read % self.every == 0 or self.read == self.total:
            self._emit(f"read {self.read}/{self.total} files")

    def on_written(self) -> None:
        self.written += 1
        if self.written % self.every == 0:
            self._emit(f"rendered {self.written} files")

    def close(self) -> None:
        if self.succeeded and self.written:
            self._emit(f"wrote {self.written} files")


class BarProgress:
    """A transient rich progress bar (rich ships with Pelican) for an interactive terminal."""

    def __init__(self, stream, total: int, quiet_seconds: float):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.started = time.perf_counter()
        self.quiet_seconds = quiet_seconds
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=Console(file=stream), transient=True)
        self.reading = self.bar.add_task("Reading", total=total or None)
        self.writing = self.bar.add_task("Writing", total=None, visible=False)
        self.shown = False
        self.succeeded = False  # the bar is transient: it never claims anything once gone

    def _show(self) -> None:
        if not self.shown and time.perf_counter() - self.started >= self.quiet_seconds:
            self.bar.start()
            self.shown = True

    def on_read(self) -> None:
        self.bar.advance(self.reading)
        self._show()

    def on_written(self) -> None:
        self.bar.update(self.writing, visible=True)
        self.bar.advance(self.writing)
        self._show()

    def close(self) -> None:
        if self.shown:
            self.bar.stop()


@contextlib.contextmanager
def build_progress(content_path, stream=None, every: int = 250, quiet_seconds: float = 2.0, bar: bool | None = None):
    """Show the progress of the build run inside this block (e.g. around ``build_site``)."""
    from pelican import signals

    stream = stream or sys.stderr
    total = count_sources(content_path)
    if bar is None:
        bar = hasattr(stream, "isatty") and stream.isatty()
    meter = BarProgress(stream, total, quiet_seconds) if bar else LineProgress(stream, total, every, quiet_seconds)

    def read(sender, **kwargs):
        if str(getattr(sender, "source_path", "") or "").endswith(SOURCE_EXTENSIONS):  # not static files
            meter.on_read()

    def written(path, **kwargs):
        meter.on_written()

    # weak=False with an explicit disconnect: the receivers live exactly as long as this block.
    signals.content_object_init.connect(read, weak=False)
    signals.content_written.connect(written, weak=False)
    try:
        yield meter
    finally:
        signals.content_object_init.disconnect(read)
        signals.content_written.disconnect(written)
        meter.close()
