"""Charts drawn at build time as inline SVG (no JavaScript on the page).

Built with ElementTree so every label and title is escaped by the library, then marked safe for
Jinja. Colours come from CSS classes in skills.css, so dark mode and print styles apply.
Each chart has role="img", a <title> and a <desc> holding its numbers. The skill levels are not a
chart: /skills/ lists them as links with bars drawn in CSS (partials/skill_bars.html), so every
skill can be tapped and its name wraps instead of being cut.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from markupsafe import Markup


SVG_NS = "http://www.w3.org/2000/svg"


def _svg(width: int, height: int, ident: str, title: str, desc: str) -> ET.Element:
    root = ET.Element("svg", {
        "xmlns": SVG_NS, "viewBox": f"0 0 {width} {height}", "role": "img",
        "aria-labelledby": f"{ident}-title {ident}-desc", "class": "skill-chart", "id": ident,
        "width": str(width), "height": str(height), "preserveAspectRatio": "xMinYMin meet",
    })
    ET.SubElement(root, "title", {"id": f"{ident}-title"}).text = title
    ET.SubElement(root, "desc", {"id": f"{ident}-desc"}).text = desc
    return root


def _text(parent, x, y, text, cls="", anchor="start"):
    attrs = {"x": f"{x:g}", "y": f"{y:g}"}
    if cls:
        attrs["class"] = cls
    if anchor != "start":
        attrs["text-anchor"] = anchor
    ET.SubElement(parent, "text", attrs).text = text


def _markup(root: ET.Element) -> Markup:
    # ET output is escaped already; Markup stops Jinja from escaping it twice.
    return Markup(ET.tostring(root, encoding="unicode", short_empty_elements=True))


def trend_chart(quarters, ident: str = "skill-trend-chart", focus_name: str = "") -> Markup:
    """Focus share per quarter as vertical bars; quarters without evidence show a dash."""
    bar_w, gap, plot_h, top = 44, 14, 100, 20
    width = max(len(quarters), 1) * (bar_w + gap) + gap
    height = top + plot_h + 40
    parts = [f"{q.label}: {q.share.percent}%" if q.share.total else f"{q.label}: no evidence" for q in quarters]
    root = _svg(width, height, ident, f"Share of evidence in {focus_name} by quarter",
                "; ".join(parts) or "no evidence yet")
    ET.SubElement(root, "line", {"x1": "0", "x2": str(width), "y1": str(top + plot_h), "y2": str(top + plot_h),
                                 "class": "chart-baseline"})
    for index, q in enumerate(quarters):
        x = gap + index * (bar_w + gap)
        if q.share.total:
            h = round(plot_h * q.share.value, 1)
            ET.SubElement(root, "rect", {"x": str(x), "y": f"{top + plot_h - h:g}", "width": str(bar_w),
                                         "height": f"{h:g}", "class": "trend-bar"})
            _text(root, x + bar_w / 2, top + plot_h - h - 4, f"{q.share.percent}%", "chart-value", "middle")
        else:
            _text(root, x + bar_w / 2, top + plot_h - 4, "–", "chart-value", "middle")
        _text(root, x + bar_w / 2, top + plot_h + 16, str(q.year), "chart-axis", "middle")
        _text(root, x + bar_w / 2, top + plot_h + 32, f"Q{q.quarter}", "chart-axis", "middle")
    return _markup(root)


def timeline_chart(months, ident: str = "skill-timeline-chart", skill_name: str = "") -> Markup:
    """Evidence per month for one skill, as small bars."""
    bar_w, gap, plot_h, top = 14, 4, 60, 16
    width = max(max(len(months), 1) * (bar_w + gap) + gap, 60)
    height = top + plot_h + 36
    peak = max((c for _, c in months), default=0) or 1
    busy = [f"{m}: {c}" for m, c in months if c]
    root = _svg(width, height, ident, f"Evidence for {skill_name} per month",
                "; ".join(busy) or "no evidence yet")
    ET.SubElement(root, "line", {"x1": "0", "x2": str(width), "y1": str(top + plot_h), "y2": str(top + plot_h),
                                 "class": "chart-baseline"})
    for index, (month, count) in enumerate(months):
        x = gap + index * (bar_w + gap)
        if count:
            h = round(plot_h * count / peak, 1)
            ET.SubElement(root, "rect", {"x": str(x), "y": f"{top + plot_h - h:g}", "width": str(bar_w),
                                         "height": f"{h:g}", "class": "trend-bar"})
            _text(root, x + bar_w / 2, top + plot_h - h - 3, str(count), "chart-value small", "middle")
        # Label the first month and each January with the year, and quarters' first months:
        # a label per month would overlap at this width.
        if index == 0 or month.endswith("-01"):
            _text(root, x, top + plot_h + 28, month[:4], "chart-axis small")
        if index == 0 or (index >= 2 and month[5:] in ("01", "04", "07", "10")):
            _text(root, x, top + plot_h + 14, month[5:], "chart-axis small")
    return _markup(root)
