"""Foothold's skill map: levels derived from the author's own posts and projects (SPEC 4).

See README.md in this folder for settings, level rules and the skills.json schema.
"""

from pelican import signals

from .settings import KNOWN_SETTINGS

__all__ = ["KNOWN_SETTINGS", "register"]


def register():
    from . import generator

    signals.initialized.connect(generator.initialized)
    signals.get_generators.connect(generator.get_generators)
    signals.all_generators_finalized.connect(generator.all_generators_finalized)
