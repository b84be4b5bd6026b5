"""Run Pagefind over the freshly written output (the staging folder during a Foothold build).

The indexed pages are split into shards (shards.py), each indexed by its own Pagefind run, two at
a time, watched by background threads. In a Foothold build the runs overlap the build's link
check (BuildState.run_later, which the speed layer offers), and in a development rebuild that renders few pages, the rendering of
pages that are not indexed (offer_early_start); the build waits for them before the output is swapped in, so a
failed index still fails the build. A development rebuild links the shards whose pages did not
change from the output it replaces instead of indexing them again; production builds index all.

Which text is indexed is decided by the theme: only elements marked ``data-pagefind-body``
(published posts, projects and pages) are indexed, so lists, drafts and hidden pages are not.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import threading
import time
from importlib import metadata
from pathlib import Path

from foothold.problems import problems_of
from foothold.state import build_state

from .settings import SearchSettingsError, indexing, pages_per_shard, search_settings
from .shards import (MARKER, Shard, compare_outputs, indexed_pages, is_indexed, link_tree, plan,
                     read_manifest, shard_count, write_manifest, written_by)

log = logging.getLogger(__name__)

SETTINGS_FILE = "pelican.conf"
HINT_INSTALL = "install the pinned requirements (the `pagefind` package ships the binary)"
# Where each shard's pages are linked for its Pagefind run: next to the output, with the staging
# prefix, so foothold/build.py removes what a killed build left behind.
WORK_PREFIX = ".foothold-staging-search-"
# This plugin's slot in BuildState.extensions: (the runs started early, the pages rendered after
# they started); see offer_early_start.
SLOT = "search_index"


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
    """finalized receiver: start indexing (unless it started early and still holds); a Foothold
    build finishes it after its link check."""
    settings = pelican.settings
    early = build_state(settings).extensions.pop(SLOT, None)
    if early is not None:
        run, later = early
        if not any(is_indexed(path) for path in later):
            return  # every page rendered after the early start is one Pagefind does not index
        # A template marks pages that were rendered late: index again with them.
        if run is not None:
            run.cancel()
        shutil.rmtree(Path(pelican.output_path) / search_settings(settings)["output_subdir"], ignore_errors=True)
    _start(settings, Path(pelican.output_path))


def tell_theme(generator) -> None:
    """generator_init receiver: ``search_index_built`` in the template context, so that the search
    page of a build without an index says so instead of offering a form that cannot work."""
    try:
        built = indexing(generator.settings, search_settings(generator.settings))
    except SearchSettingsError:
        built = False  # reported when indexing would start (index_site)
    generator.context["search_index_built"] = built


def offer_early_start(generators) -> None:
    """all_generators_finalized receiver: a build that renders its pages in one process renders the
    pages of templates that mark search content first, and indexing starts while it renders the rest
    (BuildState.early_pages). ``index_site`` then checks the rest is unmarked indeed."""
    if not generators:
        return
    settings = generators[0].settings
    try:
        if not indexing(settings, search_settings(settings)):
            return
    except SearchSettingsError:
        return  # reported when indexing would start (index_site)
    known: dict[str, bool] = {}

    def wanted(template) -> bool:
        filename = getattr(template, "filename", None)
        if not filename:
            return False
        if filename not in known:
            try:
                known[filename] = MARKER in Path(filename).read_bytes()
            except OSError:
                known[filename] = False
        return known[filename]

    def start(settings, later) -> None:
        build_state(settings).extensions[SLOT] = (_start(settings, Path(settings["OUTPUT_PATH"])), later)

    build_state(settings).early_pages = (wanted, start)


_GLOB_SPECIAL = re.compile(r"([\\*?\[\]{},])")


def _glob(pages: list[str]) -> str:
    """A Pagefind glob that matches exactly ``pages`` (POSIX paths relative to the site)."""
    return "{" + ",".join(_GLOB_SPECIAL.sub(r"\\\1", page) for page in pages) + "}"


def _start(settings, output: Path):
    """Start indexing ``output``; the runs (None when there is nothing to run or it failed)."""
    problems = problems_of(settings)
    try:
        config = search_settings(settings)
    except SearchSettingsError as exc:
        problems.add(SETTINGS_FILE, None, str(exc), "fix SEARCH_INDEX in pelican.conf")
        return None
    if not indexing(settings, config):
        if config["enabled"] == "production":
            build_state(settings).summary.append(
                "search index: built in production builds only (SEARCH_INDEX['enabled']); "
                "`invoke preview --serve` to try search")
        return None
    if problems:
        return None  # the build has already failed; indexing its output would only cost time
    subdir = config["output_subdir"]
    previous = build_state(settings).previous_output
    reusing = bool(previous) and not build_state(settings).production and Path(previous).is_dir()
    inventory = compare_outputs(output, Path(previous), subdir) if reusing else None
    pages = inventory.pages if inventory is not None else indexed_pages(output, subdir)
    if not pages:
        problems.add(
            SETTINGS_FILE, None, "search index: no page to index (no page is marked data-pagefind-body)",
            "the theme must mark the main content of posts, projects and pages with data-pagefind-body",
        )
        return None
    count = shard_count(len(pages), pages_per_shard(settings, config))
    shards = plan(pages, count)
    folder = output / subdir
    folder.mkdir(parents=True, exist_ok=True)
    todo = _reuse_unchanged(Path(previous), shards, count, inventory, output, subdir) if reusing else list(shards)
    if todo:
        try:
            binary = _executable()
        except (ImportError, FileNotFoundError) as exc:
            problems.add(SETTINGS_FILE, None, f"search index: Pagefind is not installed ({exc})", HINT_INSTALL)
            return None
    else:
        binary = None
    run = _ShardRuns(binary, todo, shards, count, output, folder, config, problems)
    # Handed over before it starts: a Ctrl-C from here on reaches its cancel, which removes its folder.
    # The speed layer lets it run while the build checks links (BuildState.run_later); without it,
    # it is finished here.
    run_later = build_state(settings).run_later
    later = run_later is not None and run_later(run.finish, run.cancel, str(folder))
    run.start()
    if not later:
        run.finish()
    return run


def _reuse_unchanged(previous: Path, shards: list[Shard], count: int, inventory, output: Path,
                     subdir: str) -> list[Shard]:
    """Link the shards of the output this development build replaces that Pagefind would write
    again as they are: the same split, the same pages byte for byte, the same Pagefind version.
    Return the others."""
    old = previous / subdir
    manifest = read_manifest(old)
    if manifest is None or manifest["count"] != count:
        return list(shards)
    version = _pagefind_version()
    before = {shard.name: shard.pages for shard in plan(inventory.previous, count)}
    todo = []
    for shard in shards:
        if (shard.name in manifest["shards"] and before.get(shard.name) == shard.pages
                and not inventory.changed.intersection(shard.pages)
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
        self.thread: threading.Thread | None = None
        self.started = time.monotonic()

    def start(self) -> None:
        """Write each shard's Pagefind config and start the first runs from this thread, at once:
        a helper thread next to a build busy rendering waits for the interpreter lock on each step."""
        first = []
        try:
            for shard in self.todo:
                self._write_config(shard)
            with self.lock:
                while self.queue and len(first) < RUNS_AT_ONCE:
                    first.append(self._launch(self.queue.pop(0)))
        except OSError as exc:
            self.failure = f"Pagefind could not run: {exc}"
        except BaseException:  # Ctrl-C before the thread that removes the working folder started
            for process in first:
                process.kill()
            shutil.rmtree(self.work, ignore_errors=True)
            raise
        self.thread = threading.Thread(target=self._run, args=(first,), name="pagefind", daemon=True)
        self.thread.start()

    def _run(self, first: list) -> None:
        try:
            runners = [threading.Thread(target=self._run_shards, args=(process,), name=f"pagefind-{n}", daemon=True)
                       for n, process in enumerate(first)]
            for runner in runners:
                runner.start()
            for runner in runners:
                runner.join()
        finally:
            shutil.rmtree(self.work, ignore_errors=True)

    def _write_config(self, shard: Shard) -> None:
        # Pagefind reads a shard's pages straight from the output, picked by a glob of their exact
        # paths, in a pagefind.json in the run's working folder (no length limit, unlike an
        # argument). A folder of links to the pages instead cost 0.7 s per 250 pages.
        folder = self.work / shard.name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "pagefind.json").write_text(json.dumps({"glob": _glob(shard.pages)}), encoding="utf-8")

    def _launch(self, shard: Shard) -> subprocess.Popen:
        """Start Pagefind on ``shard`` (with the lock held)."""
        command = [str(self.binary), "--site", os.path.abspath(self.output),
                   "--output-path", os.path.abspath(self.folder / shard.name), "--silent"]
        # Errors only (--silent): the pipes stay small.
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   cwd=self.work / shard.name)
        self.processes.append(process)
        return process

    def _next(self) -> subprocess.Popen | None:
        with self.lock:
            if self.cancelled or self.failure or not self.queue:
                return None
            return self._launch(self.queue.pop(0))

    def _run_shards(self, process: subprocess.Popen | None) -> None:
        try:
            while process is not None:
                stdout, stderr = process.communicate()
                if process.returncode != 0:
                    with self.lock:
                        if not self.cancelled and not self.failure:
                            detail = (stderr or stdout).strip().splitlines()
                            self.failure = (f"Pagefind failed (exit {process.returncode}): "
                                            f"{detail[-1] if detail else 'no output'}")
                    return
                process = self._next()
        except OSError as exc:
            with self.lock:
                self.failure = self.failure or f"Pagefind could not run: {exc}"

    def cancel(self) -> None:
        with self.lock:
            self.cancelled = True
            running = [process for process in self.processes if process.poll() is None]
        for process in running:
            process.kill()
        if self.thread is not None:
            self.thread.join()  # its last step removes the working folder
        shutil.rmtree(self.work, ignore_errors=True)

    def finish(self) -> None:
        if self.cancelled:
            return  # replaced by another run (index_site), or the build stopped
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


def indexed_in(settings, output: Path) -> list[str] | None:
    """The pages of ``output`` in its search index (None when search is off)."""
    config = search_settings(settings)
    return indexed_pages(output, config["output_subdir"]) if indexing(settings, config) else None


def _remove_unused_ui(folder: Path) -> None:
    for name in UNUSED_UI:
        (folder / name).unlink(missing_ok=True)


def start_reindex(settings, output: Path, rendered: dict[str, Path], work: Path, indexed: list[str] | None = None):
    """For a quick rebuild (foothold/quick.py), which rewrites a few pages of ``output`` in place:
    start indexing again the shards that hold the pages in ``rendered`` (page -> its new file),
    from a folder of links to their pages in ``work``.

    ``indexed``: the indexed pages of ``output`` if known (a snapshot made them when the output was
    written); found by reading every page otherwise.
    Returns (runs or None, the shards run), or None when the index cannot be updated this way (a
    page would join or leave the index, or the index is not the one this build would write).
    """
    config = search_settings(settings)
    if not indexing(settings, config):
        return None, []
    subdir = config["output_subdir"]
    pages = indexed if indexed is not None else indexed_pages(output, subdir)
    known = set(pages)
    if any(is_indexed(path) != (page in known) for page, path in rendered.items()):
        return None
    count = shard_count(len(pages), pages_per_shard(settings, config))
    shards = plan(pages, count)
    manifest = read_manifest(output / subdir)
    if manifest is None or manifest["count"] != count or manifest["shards"] != [shard.name for shard in shards]:
        return None
    version = _pagefind_version()
    if not all(written_by(output / subdir / shard.name, version) for shard in shards):
        return None
    todo = [shard for shard in shards if not rendered.keys().isdisjoint(shard.pages)]
    if not todo:
        return None, []
    site = work / "site"
    for shard in todo:
        for page in shard.pages:
            target = site / page
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(rendered.get(page, output / page), target)
    run = _ShardRuns(_executable(), todo, shards, count, site, work / "index", config, problems_of(settings))
    run.start()
    return run, todo
