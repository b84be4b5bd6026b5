"""The build-time charts: well-formed SVG, labelled for assistive technology, text escaped."""

from __future__ import annotations

from skill_helpers import ev
from lxml import etree

from skill_map import stats, svg
from skill_map.skillmap import compute_map
from skill_map.taxonomy import Skill, load_taxonomy

NS = {"s": "http://www.w3.org/2000/svg"}


def _parse(markup):
    root = etree.fromstring(str(markup).encode())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"s:title[@id='{title_id}']", NS).text
    assert root.find(f"s:desc[@id='{desc_id}']", NS).text
    return root


def _map():
    taxonomy, _ = load_taxonomy()
    taxonomy.skills["react"] = Skill("react", 'Re<act> & "co"')
    items = [ev("2026-01-05", "promises"), ev("2026-02-01", "react", kind="project", status="shipped", link=True),
             ev("2026-02-02", "resilience", kind="reflection")]
    return compute_map(taxonomy, items, "front-end")


def test_map_chart_rows_follow_levels():
    skill_map = _map()
    root = _parse(svg.map_chart(skill_map.areas, "c1", "Levels"))
    rows = root.findall(".//s:g", NS)
    assert len(rows) == sum(len(a.entries) for a in skill_map.areas)
    filled = {row.find("s:text", NS).text: len(row.findall("s:rect[@class='step-on']", NS)) for row in rows}
    assert filled["Promises"] == 1 and filled["Re<act> & \"co\""] == 3 and filled["CSS"] == 0
    assert "1 at shipped" in root.find("s:desc", NS).text


def test_labels_are_escaped_in_the_markup():
    markup = str(svg.map_chart(_map().areas))
    assert "Re&lt;act&gt; &amp;" in markup and "<act>" not in markup


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
    _parse(svg.map_chart([], "e1"))
    _parse(svg.trend_chart([], "e2"))
    root = _parse(svg.timeline_chart([], "e3"))
    assert root.find("s:desc", NS).text == "no evidence yet"
