"""Foothold core: settings loader, staged strict build, build-time checks, deploy and site checks.

As a Pelican plugin it runs the build-time checks once every generator has read its content,
renders the pages in worker processes (page_pool.py), minifies the theme's CSS and JavaScript in
production builds (minify.py), memoises slugs and URLs, and lets development
builds load compiled templates (render_memo.py).
"""

from pelican import signals as pelican_signals  # foothold.signals is Foothold's own

from .checks import run_checks
from .drafts_page import get_generators as drafts_page
from .minify import minify_theme_assets
from .page_pool import deferred_writer, render_deferred_pages
from .render_memo import keep_compiled_templates, memoize_slugify
from .safepaths import guard_generator

# FOOTHOLD_QUICK: a development build may be a quick rebuild (quick.py); False always builds in full.
# ALLOW_PLACEHOLDERS: a production build may publish the template's placeholders (placeholders.py).
KNOWN_SETTINGS = frozenset({"FOOTHOLD_QUICK", "ALLOW_PLACEHOLDERS"})


def register():
    pelican_signals.all_generators_finalized.connect(run_checks)
    pelican_signals.get_generators.connect(drafts_page)  # /drafts/ in live reload (drafts_page.py)
    # Pages are rendered in worker processes once all are known (page_pool.py); this receiver
    # must stay the first of ``finalized`` so later receivers see the real files.
    pelican_signals.get_writer.connect(deferred_writer)
    pelican_signals.finalized.connect(render_deferred_pages)
    pelican_signals.finalized.connect(minify_theme_assets)
    pelican_signals.initialized.connect(memoize_slugify)
    # Content is listed without following links out of content/ or round a loop (safepaths.py).
    pelican_signals.generator_init.connect(guard_generator)
    pelican_signals.generator_init.connect(keep_compiled_templates)
