"""Foothold core: settings loader, staged strict build, build-time checks, deploy and site checks.

As a Pelican plugin it only runs the build-time checks once every generator has read its content.
"""

from pelican import signals

from .checks import run_checks
from .page_pool import deferred_writer, render_deferred_pages

KNOWN_SETTINGS = frozenset()


def register():
    signals.all_generators_finalized.connect(run_checks)
    # Pages are rendered in worker processes once all are known (page_pool.py); this receiver
    # must stay the first of ``finalized`` so later receivers see the real files.
    signals.get_writer.connect(deferred_writer)
    signals.finalized.connect(render_deferred_pages)
