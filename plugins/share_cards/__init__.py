"""share_cards: a 1200x630 PNG share card (og:image, twitter:image) for every page, drawn at build
time with Pillow and cached. See README.md in this folder."""

from pelican import signals

from .settings import KNOWN_SETTINGS

__all__ = ["KNOWN_SETTINGS", "register"]


def register():
    from . import cards

    signals.initialized.connect(cards.initialized)
    signals.finalized.connect(cards.finalized)
