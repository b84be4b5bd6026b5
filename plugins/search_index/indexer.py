"""Run Pagefind over the freshly written output (the staging folder during a Foothold build).

In a Foothold build Pagefind runs while the build checks links (foothold/deferred.py); the build
waits for it before the output is swapped in, so a failed index still fails the build.

Which text is indexed is decided by the theme: only elements marked ``data-pagefind-body``
(published posts, projects and pages) are indexed, so lists, drafts and hidden pages are not.
"""

from __future__ import annotations

import logging
import subprocess
import time
from pathlib import Path

from foothold.deferred import run_later
from foothold.problems import problems_of

from .reuse import PREVIOUS_OUTPUT_KEY, copy_index, reusable
from .settings import SearchSettingsError, search_settings

log = logging.getLogger(__name__)

SETTINGS_FILE = "pelican.conf"
HINT_INSTALL = "install the pinned requirements (the `pagefind` package ships the binary)"


def _executable() -> Path:
    # The PyPI package ships the binary; importing it here keeps the plugin importable without it.
    from pagefind_bin import get_executable

    return get_executable()


def index_site(pelican) -> None:
    """finalized receiver: start Pagefind; a Foothold build finishes it after its link check."""
    settings = pelican.settings
    problems = problems_of(settings)
    try:
        config = search_settings(settings)
    except SearchSettingsError as exc:
        problems.add(SETTINGS_FILE, None, str(exc), "fix SEARCH_INDEX in pelican.conf")
        return
    if not config["enabled"]:
        return
    if problems:
        return  # the build has already failed; indexing its output would only cost time
    output = Path(pelican.output_path)
    previous = settings.get(PREVIOUS_OUTPUT_KEY)
    if previous and not settings.get("FOOTHOLD_PRODUCTION") and reusable(output, Path(previous), config["output_subdir"]):
        copy_index(Path(previous), output, config["output_subdir"])
        log.debug("search index: no indexed page changed, the previous index was reused")
        return
    try:
        binary = _executable()
    except (ImportError, FileNotFoundError) as exc:
        problems.add(SETTINGS_FILE, None, f"search index: Pagefind is not installed ({exc})", HINT_INSTALL)
        return
    command = [
        str(binary),
        "--site", str(output),
        "--output-subdir", config["output_subdir"],
        "--silent",
    ]
    # Pagefind's output goes to files: its stdout/stderr (errors only, --silent) are small.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    run = _PagefindRun(process, output, config, problems)
    if not run_later(settings, run.finish, run.cancel, writes=str(output / config["output_subdir"])):
        run.finish()


class _PagefindRun:
    def __init__(self, process: subprocess.Popen, output: Path, config: dict, problems):
        self.process = process
        self.output = output
        self.config = config
        self.problems = problems
        self.started = time.monotonic()

    def cancel(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()

    def finish(self) -> None:
        config, problems = self.config, self.problems
        left = max(0.0, config["timeout"] - (time.monotonic() - self.started))
        try:
            stdout, stderr = self.process.communicate(timeout=left)
        except subprocess.TimeoutExpired:
            self.cancel()
            problems.add(
                SETTINGS_FILE, None, f"search index: Pagefind did not finish in {config['timeout']} s",
                "raise SEARCH_INDEX['timeout'] or set SEARCH_INDEX = {'enabled': False}",
            )
            return
        if self.process.returncode != 0:
            detail = (stderr or stdout).strip().splitlines()
            problems.add(
                SETTINGS_FILE, None,
                f"search index: Pagefind failed (exit {self.process.returncode}): "
                f"{detail[-1] if detail else 'no output'}",
                "run the build again with the same content; if it persists, report the Pagefind message",
            )
            return
        entry = self.output / config["output_subdir"] / "pagefind.js"
        if not entry.is_file():
            problems.add(
                SETTINGS_FILE, None,
                "search index: Pagefind wrote no index (no page is marked data-pagefind-body?)",
                "the theme must mark the main content of posts, projects and pages with data-pagefind-body",
            )
            return
        _remove_unused_ui(entry.parent)
        log.debug("search index written to %s", entry.parent)


# Pagefind always writes its ready-made UIs (about 450 KB). The theme's search.js talks to
# pagefind.js directly, so these would only be dead weight in every deploy.
UNUSED_UI = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
    "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js",
)


def _remove_unused_ui(folder: Path) -> None:
    for name in UNUSED_UI:
        (folder / name).unlink(missing_ok=True)
