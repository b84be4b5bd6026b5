"""The running build's own state: one object, passed with the settings, never a settings key.

``foothold.config.load_settings`` returns a ``BuildSettings``: Pelican's settings dict with the
build's ``BuildState`` as its ``.build`` attribute. Pelican hands that same object to every
generator, reader, writer and content object (``self.settings``; only ``context`` is a plain
copy), so any plugin reaches the state with ``build_state(self.settings)``.

What belongs here is what one build makes and uses while it runs (problems, figures for the
summary, what the reader saw, which page came from which source). What an author sets stays a
setting (``RESUME = {...}``, ``SPEED = {...}``). A plugin that needs a slot of its own uses a
named field below or, for an optional layer (the speed plugin), ``extensions[<package name>]``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable

from .problems import ProblemLog


@dataclass
class BuildState:
    """Everything that is the running build's own, typed; made once per build by load_settings."""

    # The project folder (the one holding pelican.conf); "" for settings made outside a project.
    root: str = ""
    # A production build (`invoke preview`, `invoke deploy`): absolute URLs, no drafts, no caches
    # of pages.
    production: bool = False
    # Every problem and warning of the build, reported together at the end (problems.py).
    problems: ProblemLog = field(default_factory=ProblemLog)
    # Figures and notes for the build summary (summary.py): plugin name -> what it reports.
    stats: dict = field(default_factory=dict)
    # Lines a plugin adds to the build summary (summary.py), after the kernel's own counts.
    summary: list[str] = field(default_factory=list)
    # The reader: source path -> seconds spent reading it (the summary's slowest files).
    read_times: dict[str, float] = field(default_factory=dict)
    # The reader: source path -> (SHA-256 of the raw file, the metadata it returned).
    read_metadata: dict[str, tuple[str, dict]] = field(default_factory=dict)
    # checks.py: output file (relative to the output folder) -> the source it was made from, for
    # link problems named by their source and live reload's messages.
    output_sources: dict[str, str] = field(default_factory=dict)
    # A development build replacing an output folder: that folder, whose files may be reused.
    previous_output: str | None = None
    # Link-check summaries of pages parsed as they were rendered (output file -> summary), which
    # the build's link check uses instead of parsing them again; None: the check parses the files.
    parsed_pages: dict | None = None
    # A plugin that works on some pages once written (the search index) may offer
    # ``(wanted, start)``: the page renderer renders first the pages whose template
    # ``wanted(template)`` says it needs, then calls ``start(settings, later)`` with the paths still
    # to be rendered, so the plugin's work runs alongside the rest; the plugin checks ``later``.
    early_pages: tuple | None = None
    # The new site is in place (output/ replaced): a later interrupt or failure leaves it there.
    committed: bool = False
    # Per-plugin slots for optional layers, keyed by the plugin's package name ("speed"); what a
    # layer keeps for one build (pools, caches, jobs). Nothing but that layer reads its slot.
    extensions: dict[str, object] = field(default_factory=dict)

    # Extension points: an optional layer (the speed plugin) sets these at ``build_started``
    # (signals.py); left None, the kernel and the features do the plain thing.
    #
    # ``body_renderer(settings, source_path, raw, body) -> (html, seconds rendering)``: the HTML of a
    # Markdown body (``raw``: the file's bytes), the same HTML content_model's reader would make
    # itself. None: the reader renders each body itself, one after the other.
    body_renderer: Callable | None = None
    # ``run_later(finish, cancel, writes) -> bool``: take work a plugin started (Pagefind) and
    # ``finish()`` it before the output is swapped in (``staging_closing`` with commit=True), or
    # ``cancel()`` it when the build fails; False: not taken, the plugin finishes it at once.
    # ``writes``: the output folder that work is still writing, added to ``busy_folders``.
    run_later: Callable | None = None
    # Output folders work taken by ``run_later`` is still writing: the link check skips them.
    busy_folders: list[str] = field(default_factory=list)

    def rel(self, path) -> str:
        """``path`` relative to the project folder, for messages and the summary."""
        return os.path.relpath(path, self.root or os.curdir)


class BuildSettings(dict):
    """Pelican's settings of one build, with the build's state as ``.build``.

    Copies made by ``dict(settings)`` or ``settings.copy()`` (Pelican's context) are plain dicts
    without the state; pickled (a snapshot of the settings) it is a plain dict too, since the
    state is this build's and means nothing to another process or a later build."""

    def __init__(self, values=(), build: BuildState | None = None):
        super().__init__(values)
        self.build = build if build is not None else BuildState()

    def __reduce__(self):
        return (dict, (dict(self),))


def build_state(settings) -> BuildState:
    """The state of the build ``settings`` belong to; a settings dict made outside a build (a
    plugin's unit test) gets a fresh state, so plugins can always report instead of raising."""
    state = getattr(settings, "build", None)
    return state if isinstance(state, BuildState) else BuildState()
