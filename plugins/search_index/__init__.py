"""Static search index for Foothold, built with Pagefind after Pelican has written the site."""

from pelican import signals

from .indexer import index_site, offer_early_start, tell_theme
from .settings import KNOWN_SETTINGS

__all__ = ["KNOWN_SETTINGS", "register"]


def register():
    signals.generator_init.connect(tell_theme)
    signals.all_generators_finalized.connect(offer_early_start)
    signals.finalized.connect(index_site)
