"""The strict, staged build: Pelican writes into a staging folder that replaces output/ only on success.

A failed, interrupted or crashed build leaves the previous output exactly as it was (FAULTS 27, 28).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from . import signals
from .config import ConfigError, load_settings, plugin_modules
from .problems import BuildInterrupted, Problem, ProblemLog, ReportedError
from .linkreport import report_dependents, report_links
from .checks import BuildFailed
from .interrupts import interrupts_held
from .state import BuildSettings

STAGING_PREFIX = ".foothold-staging-"
RETIRED_PREFIX = ".foothold-retired-"


@dataclass
class BuildResult:
    ok: bool
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    output: Path | None = None
    production: bool = False
    seconds: float = 0.0
    stats: dict = field(default_factory=dict)
    slowest: list[tuple[float, str]] = field(default_factory=list)
    interrupted: bool = False
    # The new site was put in place: a Ctrl-C that landed after that (while the caches for the next
    # build or the production stamp were written) leaves it there, whole.
    committed: bool = False
    settings: dict | None = None

    @property
    def stderr_text(self) -> str:
        if self.ok:
            return ""
        if self.interrupted and self.committed:
            then = ("it has no success stamp, so `invoke deploy` will not publish it; run `invoke preview` again"
                    if self.production else "the next build may be a full one")
            return f"Build interrupted once the new site was in place: output/ holds this build, whole; {then}."
        if self.interrupted:
            return "Build interrupted: the previous output was left as it was."
        return ProblemLog(problems=list(self.problems)).report(committed=self.committed)


@contextlib.contextmanager
def _capture_logs(problems: ProblemLog, settings):
    from .logcapture import ProblemHandler

    # Pelican's LimitFilter drops a warning it has seen before in this process (class-level sets):
    # the next build of a live-reload worker, or the full build after a quick attempt, would pass
    # with the problem still there.
    from pelican.log import LimitFilter

    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    handler = ProblemHandler(problems, settings["PATH"], reported_types=(ReportedError,))
    logger = logging.getLogger("pelican")
    # Every plugin's logger (by its package name, as logging.getLogger(__name__) makes it).
    names = {"foothold", *(name.split(".")[0] for name in settings.get("PLUGINS") or () if isinstance(name, str))}
    plugin_loggers = [logging.getLogger(name) for name in sorted(names - {"pelican"})]
    saved = [(lg, lg.propagate, lg.level) for lg in [logger, *plugin_loggers]]
    for lg in [logger, *plugin_loggers]:
        lg.addHandler(handler)
        lg.propagate = False
        if lg.level == logging.NOTSET or lg.level > logging.WARNING:
            lg.setLevel(logging.WARNING)
    try:
        yield handler
    finally:
        handler.finish()
        for lg, propagate, level in saved:
            lg.removeHandler(handler)
            lg.propagate = propagate
            lg.setLevel(level)


@contextlib.contextmanager
def _sigterm_as_interrupt():
    """SIGTERM (a killed `invoke build`) takes the same clean-up path as Ctrl-C."""
    if sys.platform == "win32":
        yield
        return
    try:
        previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _raise_interrupt(signum, frame):
    raise BuildInterrupted()


def _remove_leftovers(parent: Path) -> None:
    """Staging folders of builds that were killed outright (SIGKILL) are removed next time."""
    if not parent.is_dir():
        return
    for entry in parent.iterdir():
        if entry.name.startswith((STAGING_PREFIX, RETIRED_PREFIX)) and entry.is_dir():
            pid = entry.name.rsplit("-", 1)[-1]
            if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
                continue
            if entry.name.startswith(RETIRED_PREFIX) and _recent(entry.name):
                continue  # its own process (_discard) is most likely still deleting it
            shutil.rmtree(entry, ignore_errors=True)


def _recent(retired_name: str, seconds: float = 60) -> bool:
    parts = retired_name.rsplit("-", 2)
    return len(parts) == 3 and parts[1].isdigit() and time.time_ns() - int(parts[1]) < seconds * 1e9


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _staging_path(final: Path) -> Path:
    return final.parent / f"{STAGING_PREFIX}{final.name}-{os.getpid()}"


def unsafe_output(settings) -> str | None:
    """Why OUTPUT_PATH may not be built into: every build replaces that folder whole, so it must
    not hold the project, the content, the theme or the plugins (OUTPUT_PATH = "content" once
    replaced the author's posts with the site), nor sit inside the content folder."""
    final = os.path.realpath(settings["OUTPUT_PATH"])
    guarded = [("the project folder", getattr(settings, "build", None) and settings.build.root), ("the content folder (PATH)", settings.get("PATH")),
               ("the theme (THEME)", settings.get("THEME"))]
    guarded += [("a plugin folder (PLUGIN_PATHS)", folder) for folder in settings.get("PLUGIN_PATHS") or []]
    for name, folder in guarded:
        if not folder:
            continue
        real = os.path.realpath(folder)
        if real == final or real.startswith(final.rstrip(os.sep) + os.sep):
            return f"OUTPUT_PATH {settings['OUTPUT_PATH']} holds {name}, and every build replaces it whole"
    content = os.path.realpath(settings.get("PATH") or "")
    if content and final.startswith(content + os.sep):
        return f"OUTPUT_PATH {settings['OUTPUT_PATH']} is inside the content folder, which would read the site as content"
    return None


def _prepare_staging(final: Path, staging: Path) -> None:
    if final.exists() and not final.is_dir():
        raise OSError(f"the output path {final} is a file, not a folder; move or delete it")
    parent = final.parent
    parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(parent)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()


def _swap_in(staging: Path, final: Path) -> Path | None:
    """Replace ``final`` by ``staging`` with two renames on one file system; the folder the old
    output was moved to, for ``_discard``. Call it with Ctrl-C held back: landing between the
    renames, it would leave no output/ at all."""
    # Unique per build (live reload builds many times in one process); ends with the pid, which
    # _remove_leftovers reads.
    retired = final.parent / f"{RETIRED_PREFIX}{final.name}-{time.time_ns()}-{os.getpid()}"
    if not final.exists():
        os.rename(staging, final)
        return None
    os.rename(final, retired)
    try:
        os.rename(staging, final)
    except OSError:
        os.rename(retired, final)
        raise
    return retired


def _discard(folder: Path) -> None:
    """Delete the replaced output in a process of its own: the new site is in place, and nothing
    needs to wait for 20,000 files to go (a second at 5,000 posts). If that process is killed, the
    next build removes what it left (_remove_leftovers)."""
    command = [sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)", str(folder)]
    try:
        subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)  # Ctrl-C in the terminal is not for it
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


def _run_pelican(settings) -> None:
    from pelican import Pelican
    from pelican.log import console

    # Pelican prints its own "Done: Processed ..." line; Foothold prints a fuller summary instead.
    quiet = console.quiet
    console.quiet = True
    try:
        Pelican(settings).run()
    finally:
        console.quiet = quiet


def _register_plugins(settings) -> None:
    """Call every plugin's ``register()`` before the build starts, so that receivers of Foothold's
    own signals (signals.py) hear ``build_started``. A register() only connects signals (SPEC §8),
    and blinker connects a receiver once, so Pelican calling them again when it is made changes
    nothing."""
    for module in plugin_modules(settings):
        register = getattr(module, "register", None)
        if callable(register):
            register()


def _link_problems(settings, staging: Path, problems: ProblemLog) -> None:
    # Folders that deferred work (Pagefind) is still writing hold no page, and are not looked at.
    busy = tuple(Path(folder).relative_to(staging).as_posix() for folder in settings.build.busy_folders)
    parsed, settings.build.parsed_pages = settings.build.parsed_pages, None
    report_links(settings, staging, problems, busy, parsed)


def _reset_sitemap_state() -> None:
    """pelican-sitemap keeps its queue in a module-level object and resets it only after a build that
    reached the end; after a failed or interrupted build the next one in this process (live reload)
    would otherwise never write its sitemap."""
    module = sys.modules.get("pelican.plugins.sitemap.sitemap")
    generator = getattr(module, "generator", None)
    if generator is not None:
        generator._main_pelican = None
        generator.page_queue = []


def _answered(settings: BuildSettings, final: Path, result: BuildResult, full: bool) -> bool:
    """Let a ``before_pelican_run`` receiver (signals.py: the speed layer's quick rebuild) answer
    for the build; False when Pelican must run. Fills ``result``."""
    state = settings.build
    problems = state.problems
    try:
        with _capture_logs(problems, settings):  # SIGTERM is an interrupt already (build_site)
            answers = [answer for _, answer in signals.before_pelican_run.send(state, settings=settings, output=final, full=full)
                       if answer is not None]
            stats = answers[0] if answers else None
    except BuildFailed:
        stats = False
    except (KeyboardInterrupt, BuildInterrupted):
        result.interrupted = True
        stats = False
    result.committed = state.committed
    if stats is None:
        return False
    result.ok = stats is not False
    result.stats = stats or {}
    result.problems = problems.sorted()
    result.warnings = problems.sorted_warnings()
    return True


def build_site(root: Path | str | None = None, production: bool = False, overrides: dict | None = None,
               check_links: bool = True, after_commit=None, full: bool = False) -> BuildResult:
    """Build the site; never raises for author errors, and never touches output/ unless it succeeded.

    ``after_commit(settings, output, problems)`` runs once the new site is in ``output`` and
    everything else is written (a command's own record of the build: the production success
    stamp, commands/stamp.py); a problem it adds fails the build, and a Ctrl-C during it is an
    interrupt after the commit (the new site stays, whole). ``full``: Pelican runs over every
    source (`invoke build --full`): no ``before_pelican_run`` receiver may answer for it."""
    started = time.perf_counter()
    try:
        with _sigterm_as_interrupt():  # for the whole build: a killed build cleans up as Ctrl-C does
            return _build_site(root, production, overrides, check_links, after_commit, started, full)
    except (KeyboardInterrupt, BuildInterrupted):
        # Landed before the build began writing (loading the settings, hashing the inputs), where
        # there is nothing to undo; from the staging folder on, _build_site handles it.
        return BuildResult(ok=False, interrupted=True, production=production, seconds=time.perf_counter() - started)


def _build_site(root, production: bool, overrides, check_links: bool, after_commit, started: float,
                full: bool = False) -> BuildResult:
    try:
        settings = load_settings(root, production=production, overrides=overrides)
    except ConfigError as exc:
        return BuildResult(ok=False, problems=exc.problems, production=production,
                           seconds=time.perf_counter() - started)
    state = settings.build
    result = None
    _register_plugins(settings)
    signals.build_started.send(state, settings=settings)
    try:
        result = _build_with(settings, production, check_links, after_commit, started, full)
        return result
    finally:  # receivers stop what they started (content_model's Markdown workers) and undo patches
        signals.build_finished.send(state, settings=settings, ok=bool(result and result.ok))


def _build_with(settings: BuildSettings, production: bool, check_links: bool, after_commit,
                started: float, full: bool = False) -> BuildResult:
    state = settings.build
    problems = state.problems
    final = Path(settings["OUTPUT_PATH"])
    result = BuildResult(ok=False, output=final, production=production, settings=settings)
    unsafe = unsafe_output(settings)
    if unsafe is not None:
        from .config import CONF_NAME
        from .problems import line_of

        conf = os.path.join(state.root, CONF_NAME)
        problems.add(conf, line_of(conf, "OUTPUT_PATH"), unsafe,
                     "set OUTPUT_PATH to a folder of its own, such as the default 'output'")
        result.problems = problems.sorted()
        return result
    if not production and check_links and _answered(settings, final, result, full):
        result.seconds = time.perf_counter() - started
        return result
    # Named before it is made: an interrupt that lands while it is made still removes it (finally).
    staging = _staging_path(final)
    try:
        with _capture_logs(problems, settings) as logs:  # SIGTERM is an interrupt already (build_site)
            try:
                _prepare_staging(final, staging)
            except OSError as exc:
                problems.add(str(final), None, f"cannot prepare the output folder: {exc.strerror or exc}",
                             "check that the folder is writable and the disk is not full")
                raise BuildFailed() from None
            settings["OUTPUT_PATH"] = str(staging)
            if not production and final.is_dir():
                # What a development build may reuse from the output it replaces (search_index/reuse.py).
                state.previous_output = str(final)
            if check_links:
                state.parsed_pages = {}
            _run_pelican(settings)
            logs.finish()  # warnings about files no check reported fail this build too
            if check_links:  # also after other problems: a build lists all of them (issue 17)
                _link_problems(settings, staging, problems)
            report_dependents(settings, problems)  # removing the named files must build (issue 17)
            if not problems:  # work still running for the staging folder (Pagefind) is finished
                signals.staging_closing.send(state, settings=settings, commit=True)
        if not problems:
            retired = None
            try:
                with interrupts_held():  # a Ctrl-C lands once the result knows the new site is in place
                    retired = _swap_in(staging, final)
                    result.committed = state.committed = True
            finally:
                if retired is not None:  # outside the hold: the process it starts takes signals
                    _discard(retired)
            signals.output_replaced.send(state, settings=settings, output=final)
            if after_commit is not None:
                after_commit(settings, final, problems)
            result.ok = not problems
    except BuildFailed:
        pass  # the problems are in the log already
    except (KeyboardInterrupt, BuildInterrupted):
        result.interrupted = True
    except OSError as exc:  # before the swap: after it, only after_commit can fail, and says so itself
        problems.add(str(final), None, f"cannot write the site: {exc.strerror or exc}",
                     "check free disk space and permissions; the previous output is untouched")
    except Exception as exc:  # noqa: BLE001 - a crash must still leave output/ intact and say where
        where = traceback.extract_tb(exc.__traceback__)[-1]
        problems.add(where.filename, where.lineno, f"internal error: {type(exc).__name__}: {exc}",
                     "this is a bug in Foothold or a plugin; please report it with this message")
    finally:
        # Whatever was not finished (a failed or interrupted build), stopped before its folder goes.
        signals.staging_closing.send(state, settings=settings, commit=False)
        _reset_sitemap_state()
        settings["OUTPUT_PATH"] = str(final)
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    result.problems = problems.sorted()
    result.warnings = problems.sorted_warnings()
    result.seconds = time.perf_counter() - started
    result.stats = dict(state.stats)
    timings = state.read_times
    result.slowest = sorted(((t, p) for p, t in timings.items()), reverse=True)[:5]
    return result


def leave_garbage_to_exit() -> None:
    """For a process that exits once its build returned (`invoke build`, the benchmark), never for one
    that goes on building (live reload): frozen objects are never freed.

    The build's objects are garbage by now, most of them in reference cycles (content objects and
    the context they point back to), which the interpreter's final collection would walk and free
    one by one: 0.1 s after a quick rebuild of 1,000 posts, 0.4 s after a full build. Frozen, they
    are left to the operating system. Files are closed by then (every one is opened in a `with`)."""
    gc.freeze()
