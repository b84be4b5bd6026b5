"""What the speed layer keeps for one build: one object in ``BuildState.extensions["speed"]``.

Made at ``build_started`` (layer.py) and dropped at ``build_finished``; never a settings key, so
nothing of it reaches the page digests or the snapshot. ``speed_of(settings)`` finds it; outside
a build with the speed plugin (a unit test of one module) it gives a fresh one that is not
installed, read from the settings' SPEED.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from foothold.state import build_state

from .settings import DEFAULTS

SLOT = "speed"  # the key in BuildState.extensions: this plugin's package name


@dataclass
class SpeedState:
    # SPEED as read and validated (settings.py).
    config: dict
    # Set by layer.install: the layer is active for this build (its receivers act).
    installed: bool = False
    # Markdown bodies of this build: cache, worker pool, renderer (bodies.Bodies), made at the
    # first read; the worker pool, while it runs (markdown_pool.RenderPool).
    bodies: object | None = None
    render_pool: object | None = None
    # Paths of the articles in the order Pelican reads them (bodies.record_read_order).
    read_order: list | None = None
    # The writer recording the pages to render at ``finalized`` (page_pool.DeferredWriter).
    page_writer: object | None = None
    # The theme's base and partials compiled while Markdown workers ran (page_pool.compile_theme_while_reading).
    theme_compiled: bool = False
    # Every page job of the build, for the snapshot (page_pool, snapshot.save).
    page_jobs: list | None = None
    # Page reuse of this development build (page_reuse.Reuse).
    reuse: object | None = None
    # What this build is made from, for the snapshot (snapshot.Inputs; None: no stable description),
    # and whether it was taken (a development build with link checks and a development cache).
    inputs: object | None = None
    inputs_taken: bool = False
    begun: object | None = None  # when the inputs were taken (UTC datetime)
    # Work run while the build checks links (deferred.Deferred, offered as BuildState.run_later).
    deferred_work: object | None = None
    # Page folders made in advance in a helper process (folders.FolderPrep).
    folders: object | None = None
    # What the layer changed in Pelican and Markdown for this build, undone at build_finished, in
    # reverse order (layer.py): objects with ``uninstall()``.
    patches: list = field(default_factory=list)
    # The URL and slug memos of this build (render_memo.py).
    url_memo: object | None = None
    # Compiled templates of a build that keeps none on disk (render_memo.BuildTemplates).
    templates: object | None = None
    slug_memo: object | None = None


def speed_of(settings) -> SpeedState:
    state = build_state(settings)
    found = state.extensions.get(SLOT)
    if isinstance(found, SpeedState):
        return found

    # Not a build (nothing to report to, no pelican.conf to point at): SPEED taken as it is.
    given = settings.get("SPEED") if hasattr(settings, "get") else None
    return SpeedState(config={**DEFAULTS, **(given if isinstance(given, dict) else {})})


def active(settings) -> SpeedState | None:
    """The layer's state when it is installed for the build ``settings`` belong to, else None (the
    plugin's receivers stay connected between builds of one process; they act only for a build
    that lists "speed" in PLUGINS)."""
    found = build_state(settings).extensions.get(SLOT)
    return found if isinstance(found, SpeedState) and found.installed else None
