"""Run Pagefind over the freshly written output (the staging folder during a Foothold build).

The indexed pages are split into shards (shards.py), each indexed by its own Pagefind run, two at
a time, in background threads. In a Foothold build the runs overlap the build's link
check (foothold/deferred.py); the build waits for them before the output is swapped in, so a
failed index still fails the build. A development rebuild links the shards whose pages did not
change from the output it replaces instead of indexing them again; production builds index all.

Which text is indexed is decided by the theme: only elements marked ``data-pagefind-body``
(published posts, projects and pages) are indexed, so lists, drafts and hidden pages are not.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import threading
import time
from importlib import metadata
from pathlib import Path

from foothold.deferred import run_later
from foothold.problems import problems_of

from .settings import SearchSettingsError, search_settings
from .shards import (Shard, indexed_digests, link_or_copy, link_tree, plan, read_manifest, shard_count,
                     write_manifest, written_by)

log = logging.getLogger(__name__)

SETTINGS_FILE = "pelican.conf"
HINT_INSTALL = "install the pinned requirements (the `pagefind` package ships the binary)"
# Set by foothold/build.py for development builds: the output folder the staging folder replaces.
PREVIOUS_OUTPUT_KEY = "FOOTHOLD_PREVIOUS_OUTPUT"
# Where each shard's pages are linked for its Pagefind run: next to the output, with the staging
# prefix, so foothold/build.py removes what a killed build left behind.
WORK_PREFIX = ".foothold-staging-search-"


def _executable() -> Path:
    # The PyPI package ships the binary; importing it here keeps the plugin importable without it.
    from pagefind_bin import get_executable

    return get_executable()


def _pagefind_version() -> str:
    try:
        return metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        return ""


def index_site(pelican) -> None:
    """finalized receiver: start indexing; a Foothold build finishes it after its link check."""
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
    subdir = config["output_subdir"]
    digests = indexed_digests(output, subdir)
    pages = sorted(digests)
    if not pages:
        problems.add(
            SETTINGS_FILE, None, "search index: no page to index (no page is marked data-pagefind-body)",
            "the theme must mark the main content of posts, projects and pages with data-pagefind-body",
        )
        return
    count = shard_count(len(pages), config["pages_per_shard"])
    shards = plan(pages, count)
    folder = output / subdir
    folder.mkdir(parents=True, exist_ok=True)
    todo = _reuse_unchanged(settings, shards, count, digests, output, subdir)
    if todo:
        try:
            binary = _executable()
        except (ImportError, FileNotFoundError) as exc:
            problems.add(SETTINGS_FILE, None, f"search index: Pagefind is not installed ({exc})", HINT_INSTALL)
            return
    else:
        binary = None
    run = _ShardRuns(binary, todo, shards, count, output, folder, config, problems)
    run.start()
    if not run_later(settings, run.finish, run.cancel, writes=str(folder)):
        run.finish()


def _reuse_unchanged(settings, shards: list[Shard], count: int, digests: dict[str, str], output: Path,
                     subdir: str) -> list[Shard]:
    """Link the shards of the output this development build replaces that Pagefind would write
    again as they are: the same split, the same pages byte for byte, the same Pagefind version.
    Return the others."""
    previous = settings.get(PREVIOUS_OUTPUT_KEY)
    if not previous or settings.get("FOOTHOLD_PRODUCTION"):
        return list(shards)
    old = Path(previous) / subdir
    manifest = read_manifest(old)
    if manifest is None or manifest["count"] != count:
        return list(shards)
    version = _pagefind_version()
    previous_digests = indexed_digests(Path(previous), subdir)
    before = {shard.name: shard.pages for shard in plan(sorted(previous_digests), count)}
    todo = []
    for shard in shards:
        if (shard.name in manifest["shards"] and before.get(shard.name) == shard.pages
                and all(digests[page] == previous_digests[page] for page in shard.pages)
                and written_by(old / shard.name, version)):
            link_tree(old / shard.name, output / subdir / shard.name)
        else:
            todo.append(shard)
    log.debug("search index: %d of %d shards reused", len(shards) - len(todo), len(shards))
    return todo


# Pagefind runs at a time. One run alone leaves a core idle part of the time; measured on 2 cores,
# 4 shards of 250 pages took 2.7 s one at a time and 2.1 s two at a time. Memory: two shards.
RUNS_AT_ONCE = 2


class _ShardRuns:
    """Pagefind over the shards, two at a time, in threads; ``finish`` waits and reports, ``cancel`` stops."""

    def __init__(self, binary, todo, shards, count, output: Path, folder: Path, config: dict, problems):
        self.binary, self.todo, self.shards, self.count = binary, todo, shards, count
        self.output, self.folder, self.config, self.problems = output, folder, config, problems
        self.work = output.parent / f"{WORK_PREFIX}{os.getpid()}"
        self.failure: str | None = None
        self.cancelled = False
        self.lock = threading.Lock()
        self.queue = list(todo)
        self.processes: list[subprocess.Popen] = []
        self.thread = threading.Thread(target=self._run, name="pagefind", daemon=True)
        self.started = time.monotonic()

    def start(self) -> None:
        self.thread.start()

    def _run(self) -> None:
        try:
            runners = [threading.Thread(target=self._run_shards, name=f"pagefind-{n}", daemon=True)
                       for n in range(min(RUNS_AT_ONCE, len(self.queue)))]
            for runner in runners:
                runner.start()
            for runner in runners:
                runner.join()
        finally:
            shutil.rmtree(self.work, ignore_errors=True)

    def _next(self) -> Shard | None:
        with self.lock:
            if self.cancelled or self.failure or not self.queue:
                return None
            return self.queue.pop(0)

    def _run_shards(self) -> None:
        while (shard := self._next()) is not None:
            try:
                site = self.work / shard.name
                for page in shard.pages:
                    (site / page).parent.mkdir(parents=True, exist_ok=True)
                    link_or_copy(self.output / page, site / page)
                command = [str(self.binary), "--site", str(site), "--output-path", str(self.folder / shard.name),
                           "--silent"]
                with self.lock:
                    if self.cancelled:
                        return
                    # Errors only (--silent): the pipes stay small.
                    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                    self.processes.append(process)
                stdout, stderr = process.communicate()
            except OSError as exc:
                with self.lock:
                    self.failure = self.failure or f"Pagefind could not run: {exc}"
                return
            if process.returncode != 0:
                with self.lock:
                    if not self.cancelled and not self.failure:
                        detail = (stderr or stdout).strip().splitlines()
                        self.failure = (f"Pagefind failed (exit {process.returncode}): "
                                        f"{detail[-1] if detail else 'no output'}")
                return

    def cancel(self) -> None:
        with self.lock:
            self.cancelled = True
            running = [process for process in self.processes if process.poll() is None]
        for process in running:
            process.kill()
        self.thread.join()

    def finish(self) -> None:
        config, problems = self.config, self.problems
        self.thread.join(max(0.0, config["timeout"] - (time.monotonic() - self.started)))
        if self.thread.is_alive():
            self.cancel()
            problems.add(
                SETTINGS_FILE, None, f"search index: Pagefind did not finish in {config['timeout']} s",
                "raise SEARCH_INDEX['timeout'] or set SEARCH_INDEX = {'enabled': False}",
            )
            return
        if self.failure:
            problems.add(SETTINGS_FILE, None, f"search index: {self.failure}",
                         "run the build again with the same content; if it persists, report the Pagefind message")
            return
        for shard in self.todo:
            entry = self.folder / shard.name / "pagefind.js"
            if not entry.is_file():
                problems.add(
                    SETTINGS_FILE, None, f"search index: Pagefind wrote no index for shard {shard.name}",
                    "the theme must mark the main content of posts, projects and pages with data-pagefind-body",
                )
                return
            _remove_unused_ui(entry.parent)
        # Written last: the search page never sees a shard list whose shards are not all there.
        write_manifest(self.folder, self.count, self.shards)
        log.debug("search index written to %s", self.folder)


# Pagefind always writes its ready-made UIs (about 450 KB). The theme's search.js talks to
# pagefind.js directly, so these would only be dead weight in every deploy.
UNUSED_UI = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
    "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js",
)


def _remove_unused_ui(folder: Path) -> None:
    for name in UNUSED_UI:
        (folder / name).unlink(missing_ok=True)
