"""The speed layer's receivers: what it installs when a build starts and undoes when it ends.

Everything the layer changes in Pelican or Markdown is an install/uninstall pair active only during
a build: ``install`` (``build_started``) puts the slug memo in place and offers the kernel's
extension points (``BuildState.body_renderer``, ``BuildState.run_later``); the URL memo is
installed at ``get_writer``, the Markdown block cache (highlight.py) while bodies are read, page
reuse's body-read recorder while pages render; ``uninstall`` (``build_finished``, always) stops
the workers and puts every patched object back. Nothing is patched at import time.

The receivers stay connected between builds of one process (live reload), so each one acts only
for a build whose PLUGINS list "speed" (``state.active``).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from foothold.state import build_state

from . import page_reuse, quick, snapshot
from .bodies import finish, render_body
from .deferred import Deferred
from .folders import FolderPrep
from .render_memo import ContentUrlMemo, SlugMemo
from .settings import read_speed_settings
from .state import SLOT, SpeedState, active

log = logging.getLogger(__name__)


def _listed(settings) -> bool:
    return any(plugin == SLOT or getattr(plugin, "__name__", None) == SLOT for plugin in settings.get("PLUGINS") or ())


def install(state, settings=None, **_) -> None:
    """foothold.signals.build_started receiver."""
    if settings is None or not _listed(settings):
        return
    speed = SpeedState(config=read_speed_settings(settings), installed=True)
    state.extensions[SLOT] = speed
    deferred = Deferred(state.busy_folders)
    speed.deferred_work = deferred
    state.body_renderer = render_body
    state.run_later = deferred.run_later
    speed.slug_memo = SlugMemo()
    speed.slug_memo.install()
    speed.patches.append(speed.slug_memo)
    speed.url_memo = ContentUrlMemo()  # installed at get_writer (page_pool.deferred_writer)
    speed.patches.append(speed.url_memo)


def answer(state, settings=None, output=None, full=False, **_):
    """foothold.signals.before_pelican_run receiver: take the snapshot's inputs (before Pelican or
    a plugin adds to the settings), then answer with a quick rebuild when one is possible."""
    speed = active(settings)
    if speed is None:
        return None
    if page_reuse.record_path(settings) is not None:
        speed.inputs = snapshot.inputs_of(settings)
        speed.inputs_taken = True
        speed.begun = dt.datetime.now(dt.timezone.utc)
    if full or not speed.config["quick"] or not speed.inputs_taken or not Path(output).is_dir():
        return None
    return quick.rebuild(settings, Path(output), on_commit=lambda: setattr(state, "committed", True))


def prepare_folders(pelican) -> None:
    """Pelican's initialized receiver: a development rebuild makes its page folders in a helper
    process while Pelican reads (folders.py)."""
    settings = pelican.settings
    speed = active(settings)
    previous = build_state(settings).previous_output
    if speed is not None and previous and speed.folders is None:
        speed.folders = FolderPrep(previous, settings["OUTPUT_PATH"]).start()


def close_staging(state, settings=None, commit=False, **_) -> None:
    """foothold.signals.staging_closing receiver: finish (commit) or stop what runs for the staging
    folder: Pagefind's deferred runs, the folder helper."""
    speed = active(settings)
    if speed is None:
        return
    deferred = speed.deferred_work
    folders, speed.folders = speed.folders, None
    if commit:
        deferred.finish_all()
        if folders is not None:
            folders.finish()
        return
    if folders is not None:
        folders.stop()
    deferred.cancel_all()
    page_reuse.forget(settings)  # a failed build records nothing


def record(state, settings=None, output=None, **_) -> None:
    """foothold.signals.output_replaced receiver: the page record and the snapshot for the next
    development build."""
    speed = active(settings)
    if speed is None:
        return
    checksum = page_reuse.save(settings, output)
    if speed.inputs_taken:
        # Written here, not in a background process: 0.27 CPU-s at 1,000 posts, the same
        # work either way (issue 18 measured it and removed the double fork and lock).
        snapshot.save(settings, Path(output), checksum, speed.begun)


def finish_reading(generators) -> None:
    """Pelican's all_generators_finalized receiver: every source has been read, the workers can go."""
    if generators and active(generators[0].settings) is not None:
        finish(generators[0].settings)


def uninstall(state, settings=None, **_) -> None:
    """foothold.signals.build_finished receiver: stop the workers, put back what was patched."""
    speed = state.extensions.get(SLOT)
    if not isinstance(speed, SpeedState) or not speed.installed:
        return
    try:
        if settings is not None:
            finish(settings)  # a build that stopped before reading every file stops its workers here
    finally:
        for patch in reversed(speed.patches):
            patch.uninstall()
        speed.patches = []
        speed.installed = False
        state.body_renderer = None
        state.run_later = None
        state.extensions.pop(SLOT, None)
