"""Foothold core: settings loader, staged strict build, build-time checks.

As a Pelican plugin it runs the build-time checks once every generator has read its content,
writes the /drafts/ page of live reload, minifies the theme's CSS and JavaScript in production
builds (minify.py), and lists content without following links out of content/ (safepaths.py).
The speed layer (plugins/speed) is a plugin of its own; nothing here imports it.
"""

from pelican import signals as pelican_signals  # foothold.signals is Foothold's own

from .checks import run_checks
from .drafts_page import get_generators as drafts_page
from .minify import minify_theme_assets
from .safepaths import guard_generator
from .signals import pages_finishing
from .state import build_state

# ALLOW_PLACEHOLDERS: a production build may publish the template's placeholders (placeholders.py).
KNOWN_SETTINGS = frozenset({"ALLOW_PLACEHOLDERS"})


def finish_pages(pelican) -> None:
    """finalized receiver, the first (foothold is the first plugin): every page is written before
    another plugin's receiver reads them (signals.pages_finishing)."""
    pages_finishing.send(build_state(pelican.settings), settings=pelican.settings)


def register():
    pelican_signals.finalized.connect(finish_pages)  # first: before any receiver that reads the pages
    pelican_signals.all_generators_finalized.connect(run_checks)
    pelican_signals.get_generators.connect(drafts_page)  # /drafts/ in live reload (drafts_page.py)
    pelican_signals.finalized.connect(minify_theme_assets)
    # Content is listed without following links out of content/ or round a loop (safepaths.py).
    pelican_signals.generator_init.connect(guard_generator)
