"""`invoke import` on feeds written here in the style of WordPress (RSS 2.0), Jekyll's jekyll-feed
(Atom), Hugo (RSS 2.0) and Pelican (Atom), then real builds of the result read with lxml: code
languages, images, slugs from the old URLs, categories, links between items, redirects at the
old URLs, the report, and pictures of the feed's own site copied in from a real local server."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import lxml.html
import pytest
from PIL import Image

from content_model.header import split_header
from commands.importer import import_feed
from foothold_test_support import make_project

FEEDS = Path(__file__).resolve().parent / "feeds"
STYLES = ("wordpress-rss.xml", "jekyll-feed-atom.xml", "hugo-rss.xml", "pelican-atom.xml")


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "site")


def _values(path: Path) -> dict:
    return split_header(path.read_text(encoding="utf-8")).values


def _page(output: Path, path: str):
    return lxml.html.parse(str(output / path)).getroot()


def _body(output: Path, slug: str):
    [body] = _page(output, f"posts/{slug}/index.html").xpath("//article//*[contains(@class, 'e-content')]")
    return body


def _redirect_target(output: Path, old: str) -> str:
    page = output / old.strip("/")
    if old.endswith("/"):
        page = page / "index.html"
    root = lxml.html.parse(str(page)).getroot()
    [canonical] = root.xpath("//link[@rel='canonical']/@href")
    assert root.xpath("//meta[@http-equiv='refresh']/@content") == [f"0; url={canonical}"]
    return str((page.parent / canonical).resolve().relative_to(output.resolve())) + "/"


# slug: (Category, Tags, old URL, (Pygments token class, text) of the code block's language)
EXPECTED = {
    "raised-beds": ("Gardening", "beds, python", "/2019/04/raised-beds/", ("k", "def")),
    "compost-notes": ("Uncategorized", None, None, ("nb", "echo")),  # /?p=124: slug from the title
    "planning-a-trip": ("sailing", "planning", "/sailing/2015/04/12/planning-a-trip.html", ("nt", "crew")),
    "reading-tide-tables": ("sailing", "howto, tides", "/sailing/2015/03/01/reading-tide-tables.html",
                            ("k", "def")),
    "shortest-paths": ("Notes", None, "/posts/shortest-paths/", ("kd", "func")),  # Hugo's RSS has no category
    "bfs": ("Notes", None, "/posts/bfs/", ("k", "fn")),
    "pipes": ("Notes", "shell", "/notes/pipes.html", ("nf", "main")),  # the minimal site spells it 'Notes'
    "globbing": ("Notes", "shell", "/notes/globbing.html", ("kn", "import")),
}


def test_feeds_of_four_tools_import_and_build(project, build_site_at):
    reports = [import_feed(project, str(FEEDS / name)) for name in STYLES]
    folder = project / "content" / "posts" / "imported"
    assert sorted(p.name for r in reports for p in r.written) == sorted(f"{slug}.md" for slug in EXPECTED)
    for slug, (category, tags, old_url, _token) in EXPECTED.items():
        values = _values(folder / f"{slug}.md")
        assert (values["slug"], values["category"], values.get("tags"), values.get("oldurl")) == (
            slug, category, tags, old_url), slug

    result = build_site_at(project / "content")
    assert result.ok, result.stderr_text
    output = result.output
    for slug, (category, _tags, old_url, (token, word)) in EXPECTED.items():
        body = _body(output, slug)
        # The fence kept the feed's language: Pygments highlighted the word as that language's token.
        assert body.xpath(f"//pre//span[@class='{token}' and text()='{word}']"), slug
        page = _page(output, f"posts/{slug}/index.html")
        assert page.xpath(f"//a[contains(@href, 'categories/') and normalize-space()='{category}']"), slug
        if old_url == f"/posts/{slug}/":  # Hugo's URL is Foothold's: the post itself answers there
            assert page.xpath("//article//h1")
        elif old_url:
            assert _redirect_target(output, old_url) == f"posts/{slug}/"
    # The feed's categories are no tags any more: no tag page for a first category.
    assert not (output / "tags" / "gardening").exists() and (output / "categories" / "gardening").is_dir()

    # Links between items are links between the new posts, fragments kept (WordPress's ?p=124 too).
    beds = _body(output, "raised-beds")
    assert beds.xpath("//a[normalize-space()='compost notes']/@href") == ["../../posts/compost-notes/"]
    trip = _body(output, "planning-a-trip")
    assert trip.xpath("//a[normalize-space()='read the tables']/@href") == ["../../posts/reading-tide-tables/#the-tables"]
    assert _page(output, "posts/reading-tide-tables/index.html").xpath("//h2[@id='the-tables']")
    assert _body(output, "shortest-paths").xpath("//a[normalize-space()='breadth-first search']/@href") == ["../../posts/bfs/"]
    # A percent-encoded anchor of a Unicode heading points at the id Foothold gives that heading; a
    # footnote's anchor (footnotes are not kept) is dropped, so the link goes to the post, and reported.
    pipes_md = (folder / "pipes.md").read_text(encoding="utf-8")
    assert "[查找 part]({filename}globbing.md#查找)" in pipes_md and "#fn:1" not in pipes_md
    assert _page(output, "posts/globbing/index.html").xpath("//h2[@id='查找']")
    lost = [entry for entry in reports[3].left if "lost its anchor" in entry[2]]
    assert [(path, problem.split("#")[1].split(" ")[0]) for path, _line, problem, _fix in lost] == [
        ("content/posts/imported/pipes.md", "fn:1"), ("content/posts/imported/pipes.md", "fnref:1")]
    assert "[1]({filename}pipes.md)" in pipes_md.split("\n")[lost[0][1] - 1]  # the footnote mark's line
    # Images stay images, at their address (nothing could be downloaded from these made-up hosts).
    assert beds.xpath("//img/@src") == ["https://garden.example.com/wp-content/uploads/2019/04/beds.jpg"]
    assert beds.xpath("//img/@alt") == ["Four raised beds in spring"]
    assert _body(output, "reading-tide-tables").xpath("//img/@src") == ["https://jo.example.net/assets/img/tide.png"]

    # The report: every file with its changes, and what is left as file:line with a fix.
    wordpress = reports[0]
    text = wordpress.text()
    assert "imported content/posts/imported/raised-beds.md: Slug from the old URL; 1 code block(s) kept their " \
           "language (python); OldURL for a redirect; Category from the feed; link to an imported post" in text
    left = {(path, problem.split(" ", 3)[1] + " " + problem.split(" ", 3)[2]): line
            for path, line, problem, _fix in wordpress.left}
    beds_source = (folder / "raised-beds.md").read_text(encoding="utf-8").split("\n")
    assert "beds.jpg" in beds_source[left[("content/posts/imported/raised-beds.md", "picture https://garden.example.com/wp-content/uploads/2019/04/beds.jpg")] - 1]
    assert "/about/" in beds_source[left[("content/posts/imported/raised-beds.md", "link https://garden.example.com/about/")] - 1]
    assert any("?p=124 has a query" in problem for _path, _line, problem, _fix in wordpress.left)
    assert all(fix for *_rest, fix in wordpress.left)

    # Running it again is safe: nothing written, nothing changed.
    before = {p: p.read_bytes() for p in folder.iterdir()}
    again = [import_feed(project, str(FEEDS / name)) for name in STYLES]
    assert not [p for r in again for p in r.written]
    assert sum(len(r.skipped) for r in again) == len(EXPECTED)
    assert {p: p.read_bytes() for p in folder.iterdir()} == before


@pytest.fixture
def old_site(tmp_path):
    """The old blog's own site, served for real on 127.0.0.1: one PNG, one SVG."""
    root = tmp_path / "old-site"
    (root / "images").mkdir(parents=True)
    Image.new("RGB", (8, 6), "teal").save(root / "images" / "shell.png")
    (root / "images" / "globs.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', encoding="utf-8")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def test_pictures_of_the_feeds_own_site_are_copied_in(project, tmp_path, old_site, build_site_at):
    feed = tmp_path / "feed.xml"
    feed.write_text((FEEDS / "pelican-atom.xml").read_text(encoding="utf-8").replace("https://kim.example.org", old_site),
                    encoding="utf-8")
    report = import_feed(project, str(feed))
    copied = project / "content" / "images" / "imported" / "shell.png"
    assert copied.read_bytes() == (tmp_path / "old-site" / "images" / "shell.png").read_bytes()
    pipes = (project / "content" / "posts" / "imported" / "pipes.md").read_text(encoding="utf-8")
    assert "![A shell prompt with a pipe]({static}/images/imported/shell.png)" in pipes
    assert "picture of the old site copied into content/images/imported/" in report.text()
    # An SVG can carry scripts: it is not copied, and the report says why, with its line.
    [(path, line, problem, _fix)] = [entry for entry in report.left if "picture" in entry[2]]
    assert path == "content/posts/imported/globbing.md" and "globs.svg" in problem and "no PNG, JPEG" in problem
    assert "globs.svg" in (project / path).read_text(encoding="utf-8").split("\n")[line - 1]
    assert not list((project / "content" / "images" / "imported").glob("*.svg"))

    result = build_site_at(project / "content")
    assert result.ok, result.stderr_text
    [src] = _body(result.output, "pipes").xpath("//img/@src")
    assert not src.startswith("http") and (result.output / "posts" / "pipes" / src).resolve().is_file()
    # A second run reuses the same file rather than writing shell-2.png.
    (project / "content" / "posts" / "imported" / "pipes.md").unlink()
    import_feed(project, str(feed))
    assert sorted(p.name for p in copied.parent.iterdir()) == ["shell.png"]
