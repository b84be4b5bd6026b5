"""Drawing one share card: a 1200x630 PNG with the page title, the author and the focus, and for a
project its raster screenshot. Pure: the same inputs give the same bytes (for one Pillow version).

The font is Pillow's own built-in FreeType font (``ImageFont.load_default(size=...)``, Pillow >= 10.1:
Aileron Regular, public domain), so no font file is shipped and nothing is fetched.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
ELLIPSIS = "\u2026"
# The theme's dark scheme (theme/static/css/foothold.css): text #e6edf3 on #0f1419 is 16:1.
BACKGROUND = (15, 20, 25)
TEXT = (230, 237, 243)
MUTED = (164, 175, 186)
ACCENT = (130, 184, 255)
TITLE_SIZES = (72, 64, 56, 48, 42)  # tried largest first; the first that fits the lines wins
TITLE_LINES = 4
SHOT_BOX = (440, 440)  # the screenshot's box on the right of a project's card


@dataclass(frozen=True)
class CardText:
    title: str
    author: str
    focus: str  # "" when the site has no skill map


class Fonts:
    """The built-in font at each size, loaded once for every card a build draws (one
    ``load_default`` decodes and parses the whole font again: about 0.3 ms each, two a card).
    Made by the caller for one build and passed to ``draw_card``; nothing is kept between builds."""

    def __init__(self):
        self.loaded: dict[int, object] = {}

    def __call__(self, size: int):
        font = self.loaded.get(size)
        if font is None:
            font = self.loaded[size] = ImageFont.load_default(size=size)
        return font


def wrap(text: str, font, width: float, max_lines: int) -> tuple[list[str], bool]:
    """Words in lines no wider than ``width``; at most ``max_lines`` lines. Returns the lines and
    whether everything fitted. Words are never split: a word wider than the line stands alone."""
    words = text.split()
    lines: list[str] = []
    joined: list[bool] = []  # a joined line was measured when it was joined: no wider than width
    for word in words:
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
            joined[-1] = True
        else:
            lines.append(word)
            joined.append(False)
    fits = len(lines) <= max_lines and all(done or font.getlength(line) <= width for line, done in zip(lines, joined))
    return lines, fits


def _cut_word(word: str, font, width: float) -> str:
    """A single word wider than the whole line even at the smallest size: the only case cut
    inside a word, because a card cannot be wider than 1200 pixels."""
    while word and font.getlength(word + ELLIPSIS) > width:
        word = word[:-1]
    return word + ELLIPSIS


def shorten(lines: list[str], font, width: float, max_lines: int) -> list[str]:
    """At most ``max_lines`` lines; where text is left out, the last line shown ends in an
    ellipsis after a whole word."""
    out: list[str] = []
    for line in lines[:max_lines]:
        if font.getlength(line) > width:  # one over-wide word (wrap never joins such a word)
            return out + [_cut_word(line, font, width)]
        out.append(line)
    if len(lines) <= max_lines:
        return out
    words = out[-1].split()
    while len(words) > 1 and font.getlength(" ".join(words) + ELLIPSIS) > width:
        words.pop()
    last = " ".join(words) + ELLIPSIS
    return out[:-1] + [last if font.getlength(last) <= width else _cut_word(words[0], font, width)]


def layout_title(title: str, width: float, fonts: Fonts | None = None) -> tuple[object, list[str]]:
    """The largest title size at which the whole title fits in TITLE_LINES lines; failing that,
    the smallest size, shortened with an ellipsis at a word boundary."""
    fonts = fonts or Fonts()
    title = " ".join(title.split()) or "Untitled"
    for size in TITLE_SIZES:
        font = fonts(size)
        lines, fits = wrap(title, font, width, TITLE_LINES)
        if fits:
            return font, lines
    # font and lines are the smallest size's (TITLE_SIZES[-1]), the last tried
    return font, shorten(lines, font, width, TITLE_LINES)


def _fit_line(text: str, font, width: float) -> str:
    """One line of small text, shortened at a word boundary if it is too wide."""
    return shorten(wrap(" ".join(text.split()), font, width, 1)[0], font, width, 1)[0] if text.strip() else ""


def _screenshot(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as image:
        if image.format not in ("PNG", "JPEG"):
            raise ValueError(f"a {image.format or 'unknown'} image, not PNG or JPEG")
        image.load()
        shot = image.convert("RGB")
    shot.thumbnail(SHOT_BOX, Image.Resampling.LANCZOS)
    return shot


def draw_card(text: CardText, screenshot: bytes | None = None, fonts: Fonts | None = None) -> bytes:
    """The card as PNG bytes. ``screenshot``: a PNG or JPEG file's bytes (ValueError or OSError
    otherwise). ``fonts``: one ``Fonts`` for all the cards of a build."""
    fonts = fonts or Fonts()
    shot = _screenshot(screenshot) if screenshot else None
    right = WIDTH - MARGIN
    if shot is not None:
        right = WIDTH - MARGIN - shot.width - 48
    width = right - MARGIN
    small = fonts(32)
    font, lines = layout_title(text.title, width, fonts)
    line_height = round(font.size * 1.2)
    block = line_height * len(lines)
    top = max(MARGIN + 64, (HEIGHT - block) // 2 - 8)
    # (colour, what is drawn in it): the bar and the author, the title, the focus.
    layers = {
        ACCENT: [("bar", (0, 0, 16, HEIGHT)), ("text", (MARGIN, MARGIN - 8), _fit_line(text.author, small, width), small)],
        TEXT: [("text", (MARGIN, top + index * line_height), line, font) for index, line in enumerate(lines)],
        MUTED: [("text", (MARGIN, HEIGHT - MARGIN - 32), _fit_line(f"Focus: {text.focus}", small, width), small)]
        if text.focus else [],
    }
    if shot is None:
        return _palette_card(layers)
    card = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(card)
    x = WIDTH - MARGIN - shot.width
    y = (HEIGHT - shot.height) // 2
    draw.rectangle((x - 4, y - 4, x + shot.width + 3, y + shot.height + 3), fill=MUTED)
    card.paste(shot, (x, y))
    for colour, items in layers.items():
        _draw(ImageDraw.Draw(card), items, colour)
    return encode_png(card)


def _draw(draw: ImageDraw.ImageDraw, items: list, fill) -> None:
    for item in items:
        if item[0] == "bar":
            draw.rectangle(item[1], fill=fill)
        else:
            draw.text(item[1], item[2], font=item[3], fill=fill)


# A card without a screenshot has four colours: the background and three kinds of text, each drawn
# on the background alone (nothing overlaps). So it is drawn as one coverage mask per colour, each
# mask's 256 levels cut to LEVELS, and written as a palette PNG (1 byte a pixel, not 3): the
# background, then LEVELS blends towards each colour. The difference from the RGB drawing is at most
# 1/170 of a channel on the edges of letters; drawing and writing take half the time.
LEVELS = 85
LAYER_COLOURS = (ACCENT, TEXT, MUTED)  # the palette's order: draw_card's layers come in this order


def _blend(colour: tuple, level: int) -> tuple:
    return tuple(round(b + (c - b) * level / LEVELS) for b, c in zip(BACKGROUND, colour))


def _level_lut(number: int) -> tuple:
    """Coverage 0 stays 0 (the background); 1..255 becomes layer ``number``'s entry for its level."""
    base = 1 + number * LEVELS
    return (0, *(base + max(0, round(value * LEVELS / 255) - 1) for value in range(1, 256)))


# The same for every card, so worked out once (immutable): computing them per card was about a
# fifth of a card's CPU (issue 18).
PALETTE = (BACKGROUND, *(_blend(colour, level) for colour in LAYER_COLOURS for level in range(1, LEVELS + 1)))
PALETTE_BYTES = bytes(channel for colour in PALETTE for channel in colour)
LEVEL_LUTS = tuple(_level_lut(number) for number in range(len(LAYER_COLOURS)))


def _palette_card(layers: dict) -> bytes:
    card = Image.new("L", (WIDTH, HEIGHT), 0)
    # One coverage mask for all layers, cleared where a layer drew once it is on the card: a new
    # full-size mask per layer cost a fill of the whole card each.
    mask = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(mask)
    for number, (colour, items) in enumerate(layers.items()):
        assert colour == LAYER_COLOURS[number]
        if not items:
            continue
        _draw(draw, items, 255)
        box = mask.getbbox()
        if box is None:
            continue
        # Only the box the layer drew in; lighter, not paste, keeps another layer's pixels there.
        card.paste(ImageChops.lighter(card.crop(box), mask.crop(box).point(LEVEL_LUTS[number])), box[:2])
        mask.paste(0, box)
    return encode_png(card, PALETTE)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(image: Image.Image, palette: list | None = None) -> bytes:
    """An RGB image, or an "L" image of indices into ``palette`` (RGB triples), as PNG bytes: rows
    unfiltered, zlib level 3.

    Written here rather than by ``Image.save`` because Pillow always runs its adaptive row filter on
    RGB images and offers no option to skip it: on these flat cards the filter costs more than the
    compression and makes the file larger. Measured on an RGB 1200x630 card (issue 18): Pillow
    (level 6) 19.6 ms, 39.9 KB; this 5.3 ms, 41.5 KB. No time stamp or other variable chunk, so the
    same picture always gives the same bytes.
    """
    width, height = image.size
    stride = width * (1 if palette is not None else 3)
    # Each row after a 0 byte (filter type 0: none), done by Pillow in C: the row bytes as one
    # byte-wide image pasted one column in, on zeros. A join of row slices in Python cost a
    # quarter of a palette card's CPU.
    rows = Image.new("L", (stride + 1, height), 0)
    rows.paste(image if palette is not None else Image.frombytes("L", (stride, height), image.tobytes()), (1, 0))
    rows = rows.tobytes()
    # 8 bits a sample; colour type 2 (truecolour) or 3 (indexed); no interlace
    header = struct.pack(">IIBBBBB", width, height, 8, 2 if palette is None else 3, 0, 0, 0)
    chunks = [_chunk(b"IHDR", header)]
    if palette is not None:
        plte = PALETTE_BYTES if palette is PALETTE else bytes(channel for colour in palette for channel in colour)
        chunks.append(_chunk(b"PLTE", plte))
    chunks += [_chunk(b"IDAT", zlib.compress(rows, 3)), _chunk(b"IEND", b"")]
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks)
