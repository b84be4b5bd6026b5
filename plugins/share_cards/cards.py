"""Pelican glue: settings and the template filter at ``initialized``; the cards at ``finalized``,
once every page has been written (foothold renders its pages at the start of ``finalized``, so this
plugin must come after it in PLUGINS)."""

from __future__ import annotations

import os
import time

from jinja2 import pass_context

from foothold.state import build_state

from .cache import CardCache, card_key, code_version
from .pages import card_path, find_pages
from .settings import read_config

RASTER = (".png", ".jpg", ".jpeg")


def _report(settings):
    from foothold.problems import problems_of

    log = problems_of(settings)
    return lambda path, line, message, hint=None: log.add(path, line, message, hint)


@pass_context
def share_card(context, output_file) -> str:
    """Jinja filter: the site-relative path of a page's card, ``output_file|share_card``."""
    config = context.get("SHARE_CARDS") or {}
    return card_path(output_file or "index.html", config.get("folder") or "cards")


def initialized(pelican) -> None:
    settings = pelican.settings
    # Validated once; the templates read the folder through the filter.
    settings["SHARE_CARDS"] = read_config(settings, _report(settings))
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), "share_card": share_card}


def finalized(pelican) -> None:
    settings = pelican.settings
    config = settings["SHARE_CARDS"]
    if not config["draw_wanted"]:
        # The pages name no card either (partials/meta.html); the cache is left as it is, for
        # the next build that draws.
        if config["draw"] == "production":
            build_state(settings).summary.append("share cards: drawn in production builds only (SHARE_CARDS['draw'])")
        return
    report = _report(settings)
    output = settings["OUTPUT_PATH"]
    content = settings.get("PATH") or ""
    author = str(settings.get("AUTHOR") or settings.get("SITENAME") or "")
    cache = CardCache(config["cache_path"] if config["cache"] else None)
    code = code_version()
    drawn = cached = 0
    draw_seconds = 0.0
    owners: dict[str, str] = {}
    fonts = None
    for page in find_pages(output, config["folder"]):
        if page.card in owners:
            report(os.path.join(output, page.page), None,
                   f"/{page.page} and /{owners[page.card]} would share the card {page.card}",
                   "give one of the pages another URL")
            continue
        owners[page.card] = page.page
        screenshot = None
        if page.image and page.image.lower().endswith(RASTER):
            source = os.path.join(output, page.image)
            try:
                with open(source, "rb") as handle:
                    screenshot = handle.read()
            except OSError as error:
                report(os.path.join(content, page.image), None,
                       f"cannot read the screenshot for the share card of /{page.page}: {error.strerror}",
                       "check the project's Image: path")
                continue
        key = card_key(code, page.title, author, page.focus, screenshot)
        png = cache.get(key)
        if png is None:
            from .draw import CardText, Fonts, draw_card  # Pillow is imported only when a card is drawn

            fonts = fonts or Fonts()  # loaded once for all the cards this build draws
            started = time.perf_counter()
            try:
                png = draw_card(CardText(page.title, author, page.focus), screenshot, fonts)
            except (ValueError, OSError) as error:
                report(os.path.join(content, page.image), None,
                       f"the screenshot of /{page.page} cannot go on its share card: {error}",
                       "use a PNG or JPEG file (an SVG screenshot is fine: the card is then drawn without it)")
                continue
            draw_seconds += time.perf_counter() - started
            drawn += 1
            cache.put(key, png)
        else:
            cached += 1
        target = os.path.join(output, page.card)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(png)
    cache.prune()
    state = build_state(settings)
    state.stats["share_cards"] = {"drawn": drawn, "cached": cached, "draw_seconds": round(draw_seconds, 3)}
    state.summary.append(f"share cards: {drawn} drawn ({draw_seconds:.2f} s), {cached} from the cache")
