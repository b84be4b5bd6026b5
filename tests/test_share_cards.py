"""Share cards (plugins/share_cards): real builds of a fixture site; in a production build every
page's og:image is a 1200x630 PNG in the output, drawn once and then served from the cache; a build
that draws no cards (a development one, by default) names none."""

from __future__ import annotations

import io
import os
import posixpath
from pathlib import Path
from urllib.parse import urlsplit

import json

import lxml.html
import pytest
from PIL import Image

SITEURL = "https://example.github.io/portfolio"
DRAW = {"draw": True}  # cards in a development build too (the default draws them in production only)


def html_pages(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("*.html"))


def meta(doc, attr: str, name: str) -> str | None:
    found = doc.xpath(f"//meta[@{attr}=$name]/@content", name=name)
    return found[0] if found else None


def card_file(output: Path, page: Path, url: str, siteurl: str | None) -> Path:
    """The output file an og:image URL names (absolute under SITEURL, or relative to the page)."""
    if siteurl:
        assert url.startswith(siteurl + "/"), url
        return output / url[len(siteurl) + 1:]
    base = page.parent.relative_to(output).as_posix()
    return output / posixpath.normpath(posixpath.join(base, url))


@pytest.fixture
def built(build_site_at, site_copy, tmp_path):
    def build(production=True, content=None, **overrides):
        content = content or site_copy("recruiter")
        if production:
            overrides.setdefault("SITEURL", SITEURL)
        result = build_site_at(content, production=production, **overrides)
        assert result.ok, result.stderr_text
        return result

    return build


def test_every_page_has_a_1200x630_png_card(built):
    result = built(production=True)
    output = result.output
    pages = html_pages(output)
    assert len(pages) > 15
    for page in pages:
        doc = lxml.html.fromstring(page.read_bytes())
        if meta(doc, "property", "og:title") is None:
            continue  # only pages made from the theme's meta partial carry Open Graph tags
        image = meta(doc, "property", "og:image")
        assert image, page
        assert urlsplit(image).scheme == "https", (page, image)  # absolute in production
        assert meta(doc, "name", "twitter:image") == image
        assert meta(doc, "name", "twitter:card") == "summary_large_image"
        assert meta(doc, "property", "og:description")
        assert (meta(doc, "property", "og:image:width"), meta(doc, "property", "og:image:height")) == ("1200", "630")
        with Image.open(card_file(output, page, image, SITEURL)) as card:
            assert card.format == "PNG" and card.size == (1200, 630), page
    assert (output / "cards" / "index.png").is_file()
    assert (output / "cards" / "projects" / "quote-board.png").is_file()
    # Nothing was written into the content folder.
    assert not list(Path(result.settings["PATH"]).rglob("*.card"))


def card_references(doc) -> list[str]:
    """Everything in a page's head that names or asks for a share card: the card's og:image and
    twitter:image tags and their size/type/alt companions, the plugin's data-card-* attributes, and
    any JSON-LD value naming a file in the cards folder."""
    found = [lxml.html.tostring(m, encoding="unicode") for m in doc.xpath(
        "//meta[@name='twitter:image' or @property='og:image:width' or @property='og:image:height'"
        " or @property='og:image:type' or @data-card-focus or @data-card-image"
        " or contains(@content, 'cards/')]")]
    for script in doc.xpath("//script[@type='application/ld+json']"):
        found += [value for value in json_strings(json.loads(script.text)) if "cards/" in value]
    return found


def json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)


def open_graph_pages(output: Path) -> list[tuple[Path, object]]:
    pages = [(page, lxml.html.fromstring(page.read_bytes())) for page in html_pages(output)]
    found = [(page, doc) for page, doc in pages if meta(doc, "property", "og:title") is not None]
    assert len(found) > 15
    return found


def test_development_build_draws_no_cards_and_names_none_by_default(built):
    from foothold.summary import format_summary

    result = built(production=False)
    assert not (result.output / "cards").exists()
    for page, doc in open_graph_pages(result.output):
        assert card_references(doc) == [], page
        assert meta(doc, "property", "og:image") is None, page  # no SITEURL: no absolute screenshot URL
        assert meta(doc, "name", "twitter:card") == "summary", page
        assert meta(doc, "property", "og:title") and meta(doc, "name", "twitter:title"), page
    assert "share_cards" not in result.stats
    summary = format_summary(result)
    assert summary.count("share cards") == 1
    assert "  share cards: drawn in production builds only (SHARE_CARDS['draw'])" in summary.splitlines()
    assert not Path(result.settings["SHARE_CARDS"]["cache_path"]).exists()  # not even an empty cache


def test_development_cards_with_draw_true_are_relative_and_resolve(built):
    result = built(production=False, SHARE_CARDS=DRAW)
    assert result.stats["share_cards"]["drawn"] > 15
    for page, doc in open_graph_pages(result.output):
        image = meta(doc, "property", "og:image")
        assert image and not urlsplit(image).scheme, page
        assert meta(doc, "name", "twitter:image") == image, page
        with Image.open(card_file(result.output, page, image, None)) as card:
            assert card.format == "PNG" and card.size == (1200, 630), page
    assert (result.output / "cards" / "posts" / "vitest-week-1.png").is_file()


def test_production_build_with_draw_false_draws_no_cards_and_names_none(built):
    from foothold.summary import format_summary

    result = built(production=True, SHARE_CARDS={"draw": False})
    output = result.output
    assert not (output / "cards").exists()
    for page, doc in open_graph_pages(output):
        assert card_references(doc) == [], page
        image = meta(doc, "property", "og:image")
        if page == output / "projects" / "quote-board" / "index.html":
            # Without cards a project's own PNG screenshot is its preview, as without the plugin.
            assert image == f"{SITEURL}/images/quote-board.png"
            assert (output / "images" / "quote-board.png").is_file()
            assert meta(doc, "name", "twitter:card") == "summary_large_image"
        else:
            assert image is None, page
            assert meta(doc, "name", "twitter:card") == "summary", page
    assert "share_cards" not in result.stats and "share cards" not in format_summary(result)


def test_project_card_shows_its_raster_screenshot(built):
    output = built(production=True).output
    with Image.open(output / "cards" / "projects" / "quote-board.png") as card:
        shot_side = card.convert("RGB").crop((700, 100, 1150, 530))
        # The screenshot's three coloured panels, not the card's plain background.
        assert len(shot_side.getcolors(1 << 16) or ()) > 10
    with Image.open(output / "cards" / "projects" / "habit-grid.png") as card:  # no screenshot
        assert card.convert("RGB").crop((900, 250, 1150, 400)).getcolors() == [(250 * 150, (15, 20, 25))]


def test_rebuild_draws_nothing_and_an_edit_redraws_only_its_card(built, site_copy, tmp_path):
    content = site_copy("recruiter")
    first = built(production=False, content=content, SHARE_CARDS=DRAW)
    drawn = first.stats["share_cards"]["drawn"]
    assert drawn > 10
    cache = tmp_path / "share-cards"  # next to the Markdown cache the fixture sets
    entries = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len(entries) == drawn
    card = first.output / "cards" / "about.png"
    before = card.read_bytes()

    second = built(production=False, content=content, SPEED={"quick": False}, SHARE_CARDS=DRAW)
    assert second.stats["share_cards"]["drawn"] == 0
    from foothold.summary import format_summary

    assert f"share cards: 0 drawn (0.00 s), {first.stats['share_cards']['drawn'] + first.stats['share_cards']['cached']} from the cache" \
        in format_summary(second)
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == entries
    assert card.read_bytes() == before

    page = content / "pages" / "about.md"  # Slug: about, so the page and its card keep their URL
    page.write_text(page.read_text(encoding="utf-8").replace("Title: About", "Title: About me"), encoding="utf-8")
    third = built(production=False, content=content, SHARE_CARDS=DRAW)
    assert third.stats["share_cards"]["drawn"] == 1
    assert card.read_bytes() != before
    assert len(list(cache.iterdir())) == drawn  # the old title's entry was pruned


def test_damaged_cache_entry_is_redrawn(built, site_copy, tmp_path):
    content = site_copy("recruiter")
    first = built(production=False, content=content, SHARE_CARDS=DRAW)
    card = first.output / "cards" / "index.png"
    expected = card.read_bytes()
    cache = tmp_path / "share-cards"
    for entry in cache.iterdir():
        data = entry.read_bytes()
        entry.write_bytes(data[:-10] + b"0123456789")  # same length, wrong bytes
    second = built(production=False, content=content, SPEED={"quick": False}, SHARE_CARDS=DRAW)
    assert second.stats["share_cards"]["drawn"] == first.stats["share_cards"]["drawn"]
    assert second.stats["share_cards"]["cached"] == first.stats["share_cards"]["cached"]
    assert card.read_bytes() == expected


def test_bad_settings_are_reported(build_site_at, site_copy, tmp_path):
    content = site_copy("recruiter")
    result = build_site_at(content, SHARE_CARDS={"foldr": "x", "cache": "yes", "cache_path": str(content / "c"),
                                                 "draw": "development"})
    assert not result.ok
    text = result.stderr_text
    assert "SHARE_CARDS['draw'] must be True, False or 'production', not 'development'" in text
    assert "unknown SHARE_CARDS key 'foldr'" in text and "did you mean 'folder'?" in text
    assert "SHARE_CARDS['cache'] must be True or False" in text
    assert "SHARE_CARDS['cache_path'] is inside the content folder" in text
    assert not (content / "c").exists()


def test_draw_wanted_is_not_a_setting(build_site_at, site_copy):
    result = build_site_at(site_copy("recruiter"), SHARE_CARDS={"draw_wanted": True})
    assert not result.ok
    assert "unknown SHARE_CARDS key 'draw_wanted'" in result.stderr_text


@pytest.mark.parametrize("value", ["always", 1, None])
def test_a_bad_draw_value_is_a_problem_naming_share_cards_and_the_key(build_site_at, site_copy, fixture_project, value):
    content = site_copy("recruiter")
    conf = fixture_project / "pelican.conf"
    conf.write_text(conf.read_text(encoding="utf-8") + f"\nSHARE_CARDS = {{\n    'draw': {value!r},\n}}\n",
                    encoding="utf-8")
    line = conf.read_text(encoding="utf-8").splitlines().index(f"    'draw': {value!r},") + 1
    result = build_site_at(content)
    assert not result.ok
    problems = [p for p in result.problems if "SHARE_CARDS['draw']" in p.message]
    assert len(problems) == 1, result.stderr_text
    problem = problems[0]
    assert problem.message == f"SHARE_CARDS['draw'] must be True, False or 'production', not {value!r}"
    assert problem.path == "pelican.conf" and problem.line == line  # relative to the project
    assert f"pelican.conf:{line}: SHARE_CARDS['draw'] must be" in result.stderr_text


def test_broken_raster_screenshot_fails_naming_the_image(build_site_at, site_copy):
    content = site_copy("recruiter")
    (content / "images" / "quote-board.png").write_bytes(b"not a png at all")
    result = build_site_at(content, SHARE_CARDS=DRAW)
    assert not result.ok
    assert any(p.path.endswith("images/quote-board.png") and "share card" in p.message for p in result.problems), \
        result.stderr_text


# --- drawing, without a build ------------------------------------------------------------------

def test_titles_wrap_at_words_and_long_ones_end_in_an_ellipsis():
    from share_cards.draw import ELLIPSIS, TITLE_LINES, layout_title

    title = "Promises and async/await, day 3: from then chains to try/catch and back again"
    font, lines = layout_title(title, 1056)
    assert " ".join(lines) == title  # everything fits, every word whole
    words = ("accessible forms " * 30).split()
    font, lines = layout_title(" ".join(words), 1056)
    assert len(lines) == TITLE_LINES and lines[-1].endswith(ELLIPSIS)
    shown = " ".join(lines)[:-1].split()
    assert shown == words[:len(shown)]  # a prefix of whole words
    assert all(font.getlength(line) <= 1056 for line in lines)


def test_card_is_a_1200x630_png_and_rejects_non_raster_screenshots():
    from share_cards.draw import CardText, Fonts, draw_card

    png = draw_card(CardText("Hello", "Ana", "Front-end"))
    with Image.open(io.BytesIO(png)) as card:
        assert card.format == "PNG" and card.size == (1200, 630)
    assert draw_card(CardText("Hello", "Ana", "Front-end")) == png  # deterministic, so cacheable
    fonts = Fonts()  # the fonts a build loads once for all its cards draw the same bytes
    assert draw_card(CardText("Other", "Ana", "Front-end"), fonts=fonts) == draw_card(CardText("Other", "Ana", "Front-end"))
    assert draw_card(CardText("Hello", "Ana", "Front-end"), fonts=fonts) == png
    with pytest.raises((ValueError, OSError)):  # Pillow: UnidentifiedImageError, an OSError
        draw_card(CardText("Hello", "Ana", ""), b"<svg xmlns='http://www.w3.org/2000/svg'/>")
