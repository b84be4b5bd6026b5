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


def _font(size: int):
    return ImageFont.load_default(size=size)


def wrap(text: str, font, width: float, max_lines: int) -> tuple[list[str], bool]:
    """Words in lines no wider than ``width``; at most ``max_lines`` lines. Returns the lines and
    whether everything fitted. Words are never split: a word wider than the line stands alone."""
    words = text.split()
    lines: list[str] = []
    for word in words:
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    fits = len(lines) <= max_lines and all(font.getlength(line) <= width for line in lines)
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


def layout_title(title: str, width: float) -> tuple[object, list[str]]:
    """The largest title size at which the whole title fits in TITLE_LINES lines; failing that,
    the smallest size, shortened with an ellipsis at a word boundary."""
    title = " ".join(title.split()) or "Untitled"
    for size in TITLE_SIZES:
        font = _font(size)
        lines, fits = wrap(title, font, width, TITLE_LINES)
        if fits:
            return font, lines
    font = _font(TITLE_SIZES[-1])
    return font, shorten(wrap(title, font, width, TITLE_LINES)[0], font, width, TITLE_LINES)


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


def draw_card(text: CardText, screenshot: bytes | None = None) -> bytes:
    """The card as PNG bytes. ``screenshot``: a PNG or JPEG file's bytes (ValueError or OSError otherwise)."""
    shot = _screenshot(screenshot) if screenshot else None
    right = WIDTH - MARGIN
    if shot is not None:
        right = WIDTH - MARGIN - shot.width - 48
    width = right - MARGIN
    small = _font(32)
    font, lines = layout_title(text.title, width)
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


def _blend(colour: tuple, level: int) -> tuple:
    return tuple(round(b + (c - b) * level / LEVELS) for b, c in zip(BACKGROUND, colour))


def _palette_card(layers: dict) -> bytes:
    palette = [BACKGROUND]
    card = Image.new("L", (WIDTH, HEIGHT), 0)
    for number, (colour, items) in enumerate(layers.items()):
        base = 1 + number * LEVELS
        palette.extend(_blend(colour, level) for level in range(1, LEVELS + 1))
        if not items:
            continue
        mask = Image.new("L", (WIDTH, HEIGHT), 0)
        _draw(ImageDraw.Draw(mask), items, 255)
        box = mask.getbbox()
        if box is None:
            continue
        # coverage 0 stays 0 (the background); 1..255 becomes this colour's entry for its level
        lut = [0] + [base + max(0, round(value * LEVELS / 255) - 1) for value in range(1, 256)]
        # Only the box the layer drew in; lighter, not paste, keeps another layer's pixels there.
        card.paste(ImageChops.lighter(card.crop(box), mask.crop(box).point(lut)), box[:2])
    return encode_png(card, palette)


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
    raw = image.tobytes()
    stride = width * (1 if palette is not None else 3)
    rows = b"".join(b"\0" + raw[y * stride:(y + 1) * stride] for y in range(height))  # filter type 0: none
    # 8 bits a sample; colour type 2 (truecolour) or 3 (indexed); no interlace
    header = struct.pack(">IIBBBBB", width, height, 8, 2 if palette is None else 3, 0, 0, 0)
    chunks = [_chunk(b"IHDR", header)]
    if palette is not None:
        chunks.append(_chunk(b"PLTE", bytes(channel for colour in palette for channel in colour)))
    chunks += [_chunk(b"IDAT", zlib.compress(rows, 3)), _chunk(b"IEND", b"")]
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks)
