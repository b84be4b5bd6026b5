"""`invoke import`: RSS 2.0 and Atom feeds (tests/feeds/) become Markdown posts that build as they
are, with full metadata, safe bodies (FAULTS 22), and no overwriting on a second run."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from foothold_test_support import make_project
from content_model.header import split_header
from foothold.importer import FeedError, command_import, import_feed

FEEDS = Path(__file__).resolve().parent / "feeds"
RSS = FEEDS / "devto-rss.xml"
ATOM = FEEDS / "hashnode-atom.xml"


@pytest.fixture
def project(tmp_path):
    """A project root: the fixture pelican.conf, the repo's theme and plugins beside a copy of the minimal content."""
    return make_project(tmp_path / "site")


def header_of(path: Path):
    return split_header(path.read_text(encoding="utf-8"))


def body_of(output: Path, slug: str) -> BeautifulSoup:
    page = output / "posts" / slug / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one("article .e-content")
    assert body is not None, f"no article body in {page}"
    return body


def test_every_item_becomes_a_post_with_full_metadata(project):
    report = import_feed(project, str(RSS))
    assert len(report.written) == 3 and not report.skipped
    folder = project / "content" / "posts" / "imported"
    assert sorted(p.parent for p in report.written) == [folder] * 3
    feed = feedparser.parse(str(RSS))
    by_canonical = {header_of(p).values["canonical"]: header_of(p).values for p in report.written}
    for entry in feed.entries:
        values = by_canonical[entry.link]
        assert values["title"] == entry.title
        # The item's first category is the Category, the others are tags; the slug is the URL's last segment.
        assert values["category"] == entry.tags[0].term
        assert values["slug"] == entry.link.rsplit("/", 1)[1]
        assert values["oldurl"] == entry.link.removeprefix("https://blog.example.org")
    first = by_canonical["https://blog.example.org/alex/debouncing-a-search-field-3k2j"]
    assert first["date"] == "2025-01-14T18:30:00+00:00"
    assert first["category"] == "JavaScript" and first["tags"] == "beginners, webdev"
    assert first["summary"] == "How I stopped my recipe search from firing a request on every key press."
    assert first["slug"] == "debouncing-a-search-field-3k2j"
    # The RSS description is HTML here; the summary is its text.
    second = by_canonical["https://blog.example.org/alex/my-first-week-with-css-grid-1b7c"]
    assert second["summary"] == "Grid template areas made my dashboard layout readable."


def test_imported_posts_build_and_keep_code_tags_and_canonical(project, build_site_at):
    import_feed(project, str(RSS))
    import_feed(project, str(ATOM), category="Learning Log")
    result = build_site_at(project / "content")
    assert result.ok, result.stderr_text
    output = result.output

    debounce = body_of(output, "debouncing-a-search-field-3k2j")
    code = debounce.find("pre")
    assert code is not None and "clearTimeout(timer);" in code.get_text()
    # The fence kept its language: Pygments highlighted `function` as a JavaScript keyword.
    assert code.find("span", class_="kd", string="function") is not None
    assert debounce.find("code", string="a < b && b > c") is not None
    assert [li.get_text() for li in debounce.find_all("li")] == [
        "Wait 300 ms after the last key press.", "Cancel the timer when a new key arrives."]
    # The picture stays a picture, at its address (the report lists it as loaded from elsewhere).
    [picture] = debounce.find_all("img")
    assert picture["src"] == "https://media.example.org/uploads/debounce-timeline.png"
    assert picture["alt"] == "Timeline: five key presses, one request"

    page = BeautifulSoup((output / "posts" / "debouncing-a-search-field-3k2j" / "index.html")
                         .read_text(encoding="utf-8"), "html.parser")
    assert page.find("link", rel="canonical")["href"] == "https://blog.example.org/alex/debouncing-a-search-field-3k2j"
    tag_links = {a.get_text(strip=True) for a in page.select("a[href*='tags/']")}
    assert {"#beginners", "#webdev"} <= tag_links and "#javascript" not in tag_links
    assert (output / "category" / "javascript" / "index.html").is_file() or any(
        "JavaScript" in a.get_text() for a in page.select("a[href*='categor']"))

    atom = body_of(output, "testing-a-fetch-wrapper")
    assert "rejects.toThrow" in atom.find("pre").get_text()
    # A relative image in the feed is resolved against the item's link; it could not be downloaded
    # here, so it stays at the old site's address.
    assert atom.find("img", src="https://notes.example.org/images/vitest-run.png") is not None
    assert [li.get_text() for li in atom.find_all("li")] == ["Mock fetch.", "Assert on the rejection."]
    git = body_of(output, "git-rebase-without-fear")
    assert git.find("pre").get_text().strip() == "git rebase -i main"
    assert git.find("em").get_text() == "squash"


def test_scripts_and_event_handlers_are_removed(project, build_site_at):  # FAULTS 22
    import_feed(project, str(RSS))
    import_feed(project, str(ATOM))
    source = (project / "content" / "posts" / "imported" / "a-widget-with-a-script-9x9x.md").read_text()
    for bad in ("<script", "onclick", "onmouseover", "onerror", "javascript:", "document.cookie", "<iframe",
                "tracker.example.net"):
        assert bad not in source
    result = build_site_at(project / "content")
    assert result.ok, result.stderr_text
    for slug in ("a-widget-with-a-script-9x9x", "git-rebase-without-fear"):
        body = body_of(result.output, slug)
        assert body.find("script") is None and body.find("iframe") is None
        assert not [(el.name, a) for el in body.find_all(True) for a in el.attrs if a.lower().startswith("on")]
        assert all(not a["href"].startswith("javascript:") for a in body.find_all("a", href=True))
    widget = body_of(result.output, "a-widget-with-a-script-9x9x")
    assert "The text around the embed survives." in widget.get_text()
    assert "atom script" not in body_of(result.output, "git-rebase-without-fear").get_text()


def test_script_written_as_text_stays_text(project, build_site_at):
    """`&lt;script&gt;` in a sentence is text in the feed; it must not become a tag on the way."""
    import_feed(project, str(RSS))
    result = build_site_at(project / "content")
    assert result.ok, result.stderr_text
    body = body_of(result.output, "my-first-week-with-css-grid-1b7c")
    assert body.find("script") is None
    assert "the text <script>alert('not code')</script> in a sentence" in body.get_text()
    assert body.find("code", string='<div class="card">') is not None


def test_reimport_skips_and_never_overwrites(project, capsys):
    first = import_feed(project, str(RSS))
    edited = first.written[0]
    edited.write_text(edited.read_text() + "\nMy own edit.\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in first.written}

    assert command_import(project, str(RSS)) == 0
    out = capsys.readouterr().out
    assert "0 imported, 3 skipped, 0 left for you." in out
    assert out.count("already imported from https://blog.example.org/alex/") == 3
    assert {p: p.read_bytes() for p in first.written} == before


def test_existing_file_with_the_same_name_is_not_overwritten(project):
    folder = project / "content" / "posts" / "imported"
    folder.mkdir(parents=True)
    mine = folder / "git-rebase-without-fear.md"
    mine.write_text("Title: Mine\nDate: 2025-01-01\n\nKeep me.\n", encoding="utf-8")
    report = import_feed(project, str(ATOM))
    assert [p.name for p in report.written] == ["testing-a-fetch-wrapper.md"]
    assert report.skipped == [("content/posts/imported/git-rebase-without-fear.md", "the file exists (not overwritten)")]
    assert mine.read_text() == "Title: Mine\nDate: 2025-01-01\n\nKeep me.\n"


def test_categories_and_tags_take_the_sites_spelling(project, build_site_at):
    """The site spells a category 'Testing' and (the minimal site) a tag 'javascript'; the feed's
    'testing' and 'JavaScript' would share their URLs and fail the build (FAULTS 16)."""
    post = project / "content" / "posts" / "tests.md"
    post.write_text("Title: Mine\nDate: 2025-01-01\nCategory: Testing\n\nBody.\n", encoding="utf-8")
    report = import_feed(project, str(ATOM))
    values = header_of(project / "content/posts/imported/testing-a-fetch-wrapper.md").values
    assert (values["category"], values["tags"]) == ("Testing", "javascript")
    assert len(report.written) == 2
    result = build_site_at(project / "content")
    assert result.ok, result.stderr_text


def test_same_title_as_an_existing_post_gets_its_own_slug(project, build_site_at):
    post = project / "content" / "posts" / "rebase.md"
    post.write_text("Title: Git rebase without fear\nDate: 2025-01-01\n\nMy older take.\n", encoding="utf-8")
    report = import_feed(project, str(ATOM))
    slugs = {header_of(p).values["slug"] for p in report.written}
    assert "git-rebase-without-fear-2" in slugs
    result = build_site_at(project / "content")
    assert result.ok, result.stderr_text
    assert (result.output / "posts" / "git-rebase-without-fear-2" / "index.html").is_file()


@pytest.mark.parametrize("feed, words", [
    ("missing.xml", "no such file"),
    ("not-a-feed.txt", "not an RSS or Atom feed"),
])
def test_unreadable_feed_fails_with_one_line(project, tmp_path, capsys, feed, words):
    (tmp_path / "not-a-feed.txt").write_text("just some words, not XML\n", encoding="utf-8")
    path = str(tmp_path / feed)
    with pytest.raises(FeedError, match=words):
        import_feed(project, path)
    assert command_import(project, path) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"invoke import: {path}") and words in err and "\n" not in err
    assert not (project / "content" / "posts" / "imported").exists()


def test_invoke_import_cli_in_a_project_copy(project):
    """The real `invoke import` (tasks.py): imports, then reports the skips on a second run."""
    import subprocess
    import sys

    def run(*extra):
        return subprocess.run([sys.executable, "-m", "invoke", "import", str(ATOM), *extra], cwd=project,
                              capture_output=True, text=True, timeout=120)

    first = run("--category", "Learning Log")
    assert first.returncode == 0, first.stderr
    assert "2 imported, 0 skipped, 1 left for you." in first.stdout
    assert "content/posts/imported/testing-a-fetch-wrapper.md:23: the picture https://notes.example.org/" in first.stdout
    git = header_of(project / "content/posts/imported/git-rebase-without-fear.md").values
    # --category wins over the feed's category, which becomes a tag.
    assert (git["category"], git["tags"]) == ("Learning Log", "git")
    second = run()
    assert second.returncode == 0, second.stderr
    assert "0 imported, 2 skipped, 0 left for you." in second.stdout


def test_hostile_markup_cannot_escape_into_raw_html(project, build_site_at):  # FAULTS 22
    """Backtick fences inside code, links with ')' and '<script>' in the URL, data: and vbscript:
    URLs, inline SVG with scripts: the built page has no script, no handler, no such URL."""
    report = import_feed(project, str(FEEDS / "hostile-rss.xml"))
    assert len(report.written) == 2
    result = build_site_at(project / "content")
    assert result.ok, result.stderr_text
    body = body_of(result.output, "fences")
    assert body.find("script") is None and body.find("svg") is None and body.find("style") is None
    assert body.find("img") is None
    handlers = [(el.name, a) for el in body.find_all(True) for a in el.attrs if a.lower().startswith("on")]
    assert handlers == []
    hrefs = [a["href"] for a in body.find_all("a", href=True)]
    assert hrefs == ["https://hostile.example.org/a%29%20%3Cscript%3Ealert%28'link'%29%3C/script%3E"]
    # The code samples are shown as code, complete.
    blocks = [pre.get_text() for pre in body.find_all("pre")]
    assert blocks == ['```\n<script>alert("fence")</script>\n```\n']
    assert body.find("code", string='a```b <img src=x onerror=alert("inline")>') is not None
    assert "Text after." in body.get_text()


def test_hostile_metadata_is_text_everywhere(project, build_site_at):  # FAULTS 21, 22
    report = import_feed(project, str(FEEDS / "hostile-rss.xml"))
    meta = header_of(next(p for p in report.written if p.name == "metadata.md")).values
    assert meta["title"] == '<script>alert("title")</script> & "quotes"'
    assert meta["category"] == "tag" and "tags" not in meta  # markup in a feed category is dropped, its text kept
    result = build_site_at(project / "content")
    assert result.ok, result.stderr_text
    for page in result.output.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        scripts = [s.get_text() for s in soup.find_all("script", type="application/ld+json")]
        # JSON-LD may carry the title, escaped (\u003c); no script may contain a tag or run the alert.
        assert not any("<" in text for text in scripts), page
        assert not [s for s in soup.find_all("script") if not s.get("type") and "alert(" in s.get_text()], page
        assert not soup.find_all(attrs={"onmouseover": True}), page
    post = BeautifulSoup((result.output / "posts" / "metadata" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert post.find("h1").get_text(strip=True) == '<script>alert("title")</script> & "quotes"'


def test_imported_posts_keep_their_old_url_and_links_between_them(project, tmp_path, build_site_at):
    feed = tmp_path / "linked.xml"
    feed.write_text("""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Old blog</title><link>https://old.example.org/</link>
<item><title>Part one</title><link>https://old.example.org/2019/04/part-one.html</link>
<pubDate>Mon, 01 Apr 2019 10:00:00 GMT</pubDate><description>&lt;p&gt;Start.&lt;/p&gt;</description></item>
<item><title>Part two</title><link>https://old.example.org/2019/05/part-two/</link>
<pubDate>Wed, 01 May 2019 10:00:00 GMT</pubDate>
<description>&lt;p&gt;After &lt;a href="https://old.example.org/2019/04/part-one.html"&gt;part one&lt;/a&gt;.&lt;/p&gt;</description></item>
</channel></rss>""", encoding="utf-8")
    report = import_feed(project, str(feed))
    assert len(report.written) == 2
    folder = project / "content" / "posts" / "imported"
    two = (folder / "part-two.md").read_text()
    assert "OldURL: /2019/05/part-two/" in two
    assert "[part one]({filename}part-one.md)" in two
    result = build_site_at(project / "content")
    assert result.ok, result.stderr_text
    refresh = (result.output / "2019" / "04" / "part-one.html").read_text()
    assert 'http-equiv="refresh"' in refresh and "posts/part-one/" in refresh
