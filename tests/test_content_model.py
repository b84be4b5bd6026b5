"""Units of the content model: strict dates, header parsing with line numbers, value kinds."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from content_model.dates import DateError, parse_date
from content_model.header import HeaderError, misplaced_header_line, split_header
from foothold.source import decode_source, describe_decode_error
from content_model.schema import BOOL, INT, LIST, URL
from content_model.values import ValueProblem, coerce


@pytest.mark.parametrize("text, expected", [
    ("2026-03-02", dt.datetime(2026, 3, 2)),
    ("2026-03-02 10:00", dt.datetime(2026, 3, 2, 10, 0)),
    ("2026-03-02 10:00:30", dt.datetime(2026, 3, 2, 10, 0, 30)),
    ("2026-03-02T10:00:00+01:00", dt.datetime(2026, 3, 2, 10, tzinfo=dt.timezone(dt.timedelta(hours=1)))),
    ("2026-03-02T09:00:00Z", dt.datetime(2026, 3, 2, 9, tzinfo=dt.timezone.utc)),
])
def test_iso_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["02/03/2026", "2026", "March 2026", "2026-3-2", "20260302", "2026-W10",
                                  "2026-02-30", "2026-13-01", "", "  ", "2026-03-02 25:00", "yesterday"])
def test_non_iso_or_impossible_dates_are_refused(text):
    with pytest.raises(DateError):
        parse_date(text)


@given(st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2999, 12, 31)))
def test_any_real_datetime_round_trips(value):
    value = value.replace(microsecond=0)
    assert parse_date(value.strftime("%Y-%m-%d %H:%M:%S")) == value
    assert parse_date(value.isoformat()) == value


def test_key_value_header_keeps_lines_and_continuations():
    header = split_header("Title: Hello\nTags: a,\n    b\nSkills: promises\n\nBody line\n")
    assert header.style == "keys"
    assert header.values == {"title": "Hello", "tags": "a, b", "skills": "promises"}
    assert header.lines == {"title": 1, "tags": 2, "skills": 4}
    assert header.body == "Body line\n" and header.body_line == 6


def test_yaml_header_is_typed_and_keeps_lines():
    header = split_header("---\nTitle: 'Quoted: yes'\ndraft: true\ntags: [a, b]\ndate: 2026-03-02\n---\nBody\n")
    assert header.style == "yaml"
    assert header.values == {"title": "Quoted: yes", "draft": True, "tags": ["a", "b"], "date": "2026-03-02"}
    assert header.lines == {"title": 2, "draft": 3, "tags": 4, "date": 5}
    assert header.body_line == 7


@pytest.mark.parametrize("text, line, words", [
    ("---\ntitle: a\n", 1, "never closed"),
    ("---\ntitle: [a\n---\n", 2, "invalid yaml"),
    ("---\n- a\n- b\n---\n", 2, "mapping"),
    ("---\ntitle: a\nTitle: b\n---\n", 3, "given twice"),
    ("Title: a\ntitle: b\n\n", 2, "given twice"),
])
def test_bad_headers(text, line, words):
    with pytest.raises(HeaderError) as err:
        split_header(text)
    assert err.value.line == line
    assert words in err.value.message.lower()


def test_misplaced_header_is_found():
    assert misplaced_header_line("\n\nTitle: late\n") == 3
    assert misplaced_header_line("Just text\nmore text\n") is None


@pytest.mark.parametrize("kind, value, expected", [
    (LIST, "a, b; c", ["a, b", "c"]),
    (LIST, "a, b, a", ["a", "b"]),
    (LIST, ["x", 3], ["x", "3"]),
    (BOOL, "yes", True), (BOOL, "No", False), (BOOL, True, True),
    (INT, "3", 3),
    (URL, "https://example.com/x", "https://example.com/x"),
])
def test_value_kinds(kind, value, expected):
    assert coerce("key", kind, value) == expected


@pytest.mark.parametrize("kind, value", [(BOOL, "maybe"), (INT, "first"), (INT, True), (URL, "example.com"),
                                         (URL, "javascript:alert(1)"), (LIST, {"a": 1})])
def test_bad_values(kind, value):
    with pytest.raises(ValueProblem):
        coerce("key", kind, value)


def test_decoding_strips_bom_and_crlf_and_locates_bad_bytes():
    assert decode_source(b"\xef\xbb\xbfTitle: x\r\nDate: y\r\n") == "Title: x\nDate: y\n"
    raw = "Title: ok\nCaf\xe9 au lait\n".encode("latin-1")
    with pytest.raises(UnicodeDecodeError) as err:
        decode_source(raw)
    line, message, hint = describe_decode_error(raw, err.value)
    assert line == 2 and "column 4" in message and "Latin-1" in message and "UTF-8" in hint


def test_toc_tokens_nest_headings_by_level():
    from content_model.toc import toc_tokens

    html = ('<h2 id="a">First &amp; <em>one</em></h2><p>x</p><h3 id="a1">Sub</h3><h2 id="b">Second</h2>'
            '<h2>No id</h2><h3 id="b1">B sub</h3><h4 id="deep">too deep</h4>')
    tokens = toc_tokens(html)
    assert [(t["id"], t["name"], [c["id"] for c in t["children"]]) for t in tokens] == [
        ("a", "First &amp; one", ["a1"]), ("b", "Second", ["b1"])]
    assert toc_tokens("") == []
