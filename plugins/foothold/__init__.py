"""Foothold core: settings loader, staged strict build, build-time checks, deploy and site checks.

As a Pelican plugin it only runs the build-time checks once every generator has read its content.
"""

from pelican import signals

from .checks import run_checks

KNOWN_SETTINGS = frozenset()


def register():
    signals.all_generators_finalized.connect(run_checks)
