"""Series: published posts only, in date order, with navigation and a page at /series/<slug>/."""

from __future__ import annotations

from bs4 import BeautifulSoup

from foothold_test_support import replace_in


def add_series(content, name="Async JavaScript"):
    first = content / "posts" / "first.md"
    replace_in(first, "Skills: promises, javascript", f"Skills: promises, javascript\nSeries: {name}")
    second = content / "posts" / "second.md"
    second.write_text(second.read_text().replace("skills:", f"series: {name}\nskills:", 1))
    (content / "posts" / "draft.md").write_text(
        f"Title: Part three, unfinished\nDate: 2026-03-09\nStatus: draft\nSeries: {name}\n\nSERIES-DRAFT\n")


def test_series_pages_and_navigation(site_copy, build_site_at):
    content = site_copy("minimal")
    add_series(content)
    result = build_site_at(content)
    assert result.ok, result.stderr_text
    page = BeautifulSoup((result.output / "series/async-javascript/index.html").read_text(), "html.parser")
    titles = [a.get_text(strip=True) for a in page.select("main .post-list a")]
    assert titles[:2] == ["First steps with promises", 'Async/await, day 3: "quotes" and colons: fine']
    assert "Part three" not in page.get_text()
    post = BeautifulSoup((result.output / "posts/first-steps-with-promises/index.html").read_text(), "html.parser")
    assert "Part 1 of 2" in post.get_text()


def test_series_names_colliding_on_one_url_fail(site_copy, build_site_at):
    content = site_copy("minimal")
    add_series(content)
    second = content / "posts" / "second.md"
    replace_in(second, "series: Async JavaScript", "series: async javascript")
    result = build_site_at(content)
    assert not result.ok
    assert any("share the URL /series/async-javascript/" in p.message and p.line for p in result.problems)
