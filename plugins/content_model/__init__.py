"""content_model: strict metadata for posts, pages and projects, and the Projects content type."""

from pelican import signals

from foothold import signals as foothold_signals

from .bodies import KNOWN_SETTINGS as _BODIES_SETTINGS, finish_build, finish_reading, record_read_order
from .related import add_related_posts
from .series import collect_series
from .settings import KNOWN_SETTINGS as _MODEL_SETTINGS, apply_defaults
from .wiring import add_generators, use_strict_reader


KNOWN_SETTINGS = _MODEL_SETTINGS | _BODIES_SETTINGS  # read by foothold.config


def register():
    signals.initialized.connect(apply_defaults)
    signals.readers_init.connect(use_strict_reader)
    signals.get_generators.connect(add_generators)
    signals.article_generator_finalized.connect(collect_series)
    signals.article_generator_finalized.connect(add_related_posts)
    signals.article_generator_preread.connect(record_read_order)
    signals.all_generators_finalized.connect(finish_reading)
    foothold_signals.build_finished.connect(finish_build)
