"""The build-time charts: well-formed SVG, labelled for assistive technology, text escaped."""

from __future__ import annotations

from skill_helpers import ev
from lxml import etree

from skill_map import stats, svg

NS = {"s": "http://www.w3.org/2000/svg"}


def _parse(markup):
    root = etree.fromstring(str(markup).encode())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"s:title[@id='{title_id}']", NS).text
    assert root.find(f"s:desc[@id='{desc_id}']", NS).text
    return root


def test_trend_chart_marks_empty_quarters():
    quarters = [stats.Quarter(2026, 1, stats.Share(3, 4)), stats.Quarter(2026, 2, stats.Share(0, 0))]
    root = _parse(svg.trend_chart(quarters, "t1", "Front-end"))
    assert len(root.findall("s:rect[@class='trend-bar']", NS)) == 1
    assert root.find("s:rect[@class='trend-bar']", NS).get("height") == "75"
    assert "2026 Q2: no evidence" in root.find("s:desc", NS).text
    assert "75%" in [t.text for t in root.findall("s:text", NS)]


def test_timeline_chart_has_a_bar_per_busy_month():
    months = stats.monthly_counts([ev("2026-01-05"), ev("2026-01-09"), ev("2026-03-01")])
    root = _parse(svg.timeline_chart(months, "tl", "Promises"))
    assert len(root.findall("s:rect[@class='trend-bar']", NS)) == 2
    assert root.find("s:desc", NS).text == "2026-01: 2; 2026-03: 1"
    assert int(root.get("width")) >= 12 * 18


def test_empty_inputs_still_give_valid_charts():
    _parse(svg.trend_chart([], "e2"))
    root = _parse(svg.timeline_chart([], "e3"))
    assert root.find("s:desc", NS).text == "no evidence yet"
