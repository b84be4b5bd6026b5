"""redirects: old URLs keep answering. Every post or page with `OldURL:` gets a small page at each
old address that sends the reader on (meta refresh and a canonical link, no JavaScript, in no
sitemap), or, with REDIRECTS = {"keep_old_urls": True}, is published at its old URL itself."""

from pelican import signals

from .redirects import KNOWN_SETTINGS, keep_old_urls, plan_redirects, use_generator

__all__ = ["KNOWN_SETTINGS", "register"]


def register():
    signals.article_generator_finalized.connect(keep_old_urls)
    signals.page_generator_finalized.connect(keep_old_urls)
    signals.get_generators.connect(use_generator)
    signals.all_generators_finalized.connect(plan_redirects)
