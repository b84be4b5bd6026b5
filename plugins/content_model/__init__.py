"""content_model: strict metadata for posts, pages and projects, and the Projects content type."""

from pelican import signals

from .settings import KNOWN_SETTINGS, apply_defaults  # noqa: F401 - KNOWN_SETTINGS is read by the loader
from .series import collect_series
from .wiring import add_generators, use_strict_reader


def register():
    signals.initialized.connect(apply_defaults)
    signals.readers_init.connect(use_strict_reader)
    signals.get_generators.connect(add_generators)
    signals.article_generator_finalized.connect(collect_series)
