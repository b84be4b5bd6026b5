"""resume: /resume/ made from content/resume.yml plus the projects and the skill map (every level
it names is the map's), and in production builds its PDF. See README.md in this folder."""

from pelican import signals

from .settings import KNOWN_SETTINGS

__all__ = ["KNOWN_SETTINGS", "register"]


def register():
    from . import generator, pdf

    signals.initialized.connect(generator.initialized)
    signals.get_generators.connect(generator.get_generators)
    signals.finalized.connect(pdf.finalized)
