"""Drawn cards kept between builds, keyed on everything that changes the picture.

Why it pays: drawing a card (text layout, anti-aliased FreeType text, a screenshot's resize, PNG
compression, about half of it) took 55-220 ms per card on the shared 2-core development machine
(61 cards of the sample site in 3.4 s inside a build; 222 ms per card in a loop at a load average of
24), a cache hit 11 ms at that same load (read, checksum, write): about 20 times less. A site of
100 pages spends seconds drawing on its first build and almost nothing after; an edit redraws only
the cards whose title, author, focus or screenshot changed.

An entry is ``<key>.card``: a magic, the SHA-256 of the PNG, then the PNG. The key is the SHA-256 of
the drawing code (draw.py), Pillow's version (it draws the text and encodes the PNG) and the card's
text and screenshot bytes. An entry that is short, or whose checksum does not match, is drawn again
and replaced; entries no card of the build used are removed, so the folder does not grow with every
retitled post. The cache never lives in the content folder (settings.py refuses that).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

MAGIC = b"FOOTHOLD-CARD-1\n"
SUFFIX = ".card"


def code_version() -> str:
    import PIL

    from . import draw

    digest = hashlib.sha256(Path(draw.__file__).read_bytes())
    digest.update(PIL.__version__.encode())
    return digest.hexdigest()


def card_key(code: str, title: str, author: str, focus: str, screenshot: bytes | None) -> str:
    shot = hashlib.sha256(screenshot).hexdigest() if screenshot is not None else None
    return hashlib.sha256(json.dumps([code, title, author, focus, shot], ensure_ascii=False).encode()).hexdigest()


class CardCache:
    def __init__(self, folder: str | None):
        self.folder = folder  # None: no cache (SHARE_CARDS['cache'] False)
        self.used: set[str] = set()

    def _path(self, key: str) -> str:
        return os.path.join(self.folder, key + SUFFIX)

    def get(self, key: str) -> bytes | None:
        """The cached PNG, or None when there is none or it is damaged."""
        if self.folder is None:
            return None
        self.used.add(key)
        try:
            with open(self._path(key), "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        head = len(MAGIC) + 32
        if len(data) <= head or not data.startswith(MAGIC):
            return None
        png = data[head:]
        if hashlib.sha256(png).digest() != data[len(MAGIC):head]:
            return None
        return png

    def put(self, key: str, png: bytes) -> None:
        """Store an entry (atomically: a crash leaves the old entry or none, never half of one).
        A cache that cannot be written costs a redraw next time, not the build."""
        if self.folder is None:
            return
        self.used.add(key)
        try:
            os.makedirs(self.folder, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(MAGIC + hashlib.sha256(png).digest() + png)
            os.replace(tmp, self._path(key))
        except OSError:
            pass

    def prune(self) -> None:
        """Remove the entries this build did not use (and leftovers of interrupted writes)."""
        if self.folder is None:
            return
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            if name.endswith(SUFFIX) and name[: -len(SUFFIX)] in self.used:
                continue
            try:
                os.remove(os.path.join(self.folder, name))
            except OSError:
                pass
