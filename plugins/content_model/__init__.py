"""content_model: strict metadata for posts, pages and projects, and the Projects content type."""

from pelican import signals

from .related import add_related_posts
from .series import collect_series
from .settings import KNOWN_SETTINGS, apply_defaults
from .wiring import add_generators, use_strict_reader

# KNOWN_SETTINGS: read by foothold.config.


def register():
    signals.initialized.connect(apply_defaults)
    signals.readers_init.connect(use_strict_reader)
    signals.get_generators.connect(add_generators)
    signals.article_generator_finalized.connect(collect_series)
    signals.article_generator_finalized.connect(add_related_posts)
