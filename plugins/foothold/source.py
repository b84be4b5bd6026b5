"""A content file's bytes as text: UTF-8 only, BOM dropped, line endings made ``\\n``.

Shared by the strict reader, the Markdown render workers, the YAML loader (yamlfile.py) and the
feed importer, which must all
see the same text for the same bytes.
"""

from __future__ import annotations

import codecs


def decode_source(raw: bytes) -> str:
    """UTF-8 text without BOM and with ``\\n`` line endings; UnicodeDecodeError otherwise."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    text = raw.decode("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def describe_decode_error(raw: bytes, exc: UnicodeDecodeError) -> tuple[int, str, str]:
    line = raw.count(b"\n", 0, exc.start) + 1
    column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
    guess = "looks like Latin-1 / Windows-1252?" if _decodes_as_latin(raw) else "unknown encoding"
    message = f"not UTF-8 ({guess}): byte 0x{raw[exc.start]:02x} at line {line}, column {column}"
    hint = "re-save the file as UTF-8 in your editor (e.g. iconv -f latin1 -t utf-8 FILE)"
    return line, message, hint


def _decodes_as_latin(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True
