"""`invoke migrate` on Pelican, Jekyll and Hugo blogs written here in those tools' styles
(tests/migrate_sources/), then real builds of the result; and the redirects plugin."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

from foothold_test_support import ROOT, make_project

from commands.migrate import migrate
from foothold.build import build_site

SOURCES = Path(__file__).resolve().parent / "migrate_sources"


def _digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path):
    root = make_project(tmp_path / "site", copy_code=False)
    shutil.rmtree(root / "content")
    (root / "content").mkdir()
    return root


def _source(tmp_path, tool):
    target = tmp_path / f"old-{tool}"
    shutil.copytree(SOURCES / tool, target)
    return target


def _build(root, **overrides):
    return build_site(root, overrides={"SPEED": {"cache_path": str(root / ".cache")}, **overrides})


def _redirect_target(output: Path, old: str) -> str:
    page = output / old.strip("/")
    if old.endswith("/"):
        page = page / "index.html"
    root = lxml.html.parse(str(page)).getroot()
    assert not root.xpath("//script")
    [refresh] = root.xpath("//meta[@http-equiv='refresh']/@content")
    [canonical] = root.xpath("//link[@rel='canonical']/@href")
    assert refresh == f"0; url={canonical}"
    return str((page.parent / canonical).resolve().relative_to(output.resolve())) + "/"


def test_jekyll_blog(project, tmp_path):
    source = _source(tmp_path, "jekyll")
    before = _digest(source)
    report = migrate(project, source)
    text = report.text()
    assert _digest(source) == before  # the source is never edited
    posts = project / "content" / "posts"
    tide = (posts / "2015-03-01-reading-tide-tables.md").read_text()
    assert tide.startswith("Title: Reading tide tables\nDate: 2015-03-01 09:30:00+13:00\nCategory: sailing\n"
                           "Tags: howto, tides, charts\nSummary: How I read the tables before a trip.\n"
                           "Slug: reading-tide-tables\nOldURL: /2015/03/reading-tide-tables/\n")
    assert "layout" not in tide and "comments" not in tide
    assert "```python\ndef height(t):" in tide and "{% endhighlight %}" not in tide
    assert "![The harbour at low tide]({static}/static/assets/img/tide.png)" in tide
    assert "[planning a trip]({filename}/posts/2015-04-12-planning-a-trip.md)" in tide
    planning = (posts / "2015-04-12-planning-a-trip.md").read_text()
    assert "[reading tide tables]({filename}/posts/2015-03-01-reading-tide-tables.md)" in planning
    assert "Status: draft" in (posts / "half-written.md").read_text()
    assert (project / "content" / "static" / "assets" / "img" / "tide.png").is_file()
    assert "STATIC_PATHS = ['images', 'static']" in (project / "pelican.conf").read_text()
    # The one thing without a sure mapping is left for the author, with file:line and a fix.
    assert "content/posts/2015-04-12-planning-a-trip.md:9: the Liquid tag {% include %} has no Foothold form" in text
    assert "1 left for you" in text

    failed = _build(project)
    assert not failed.ok
    by_name = {p.path.rsplit("/", 1)[-1]: p for p in failed.problems}
    assert sorted(by_name) == ["2015-03-01-reading-tide-tables.md", "2015-04-12-planning-a-trip.md"]
    liquid = by_name["2015-04-12-planning-a-trip.md"]
    assert liquid.line == 9 and "{% include newsletter.html %}" in liquid.message
    # The tide post has no problem of its own but links to the failing one: removing that one alone
    # would break it, so it is named too, with what to do.
    linker = by_name["2015-03-01-reading-tide-tables.md"]
    assert linker.message == "links to content/posts/2015-04-12-planning-a-trip.md, which fails to build"
    assert "[planning a trip]" in tide.split("\n")[linker.line - 1]

    planning_path = posts / "2015-04-12-planning-a-trip.md"
    planning_path.write_text(planning.replace("{% include newsletter.html %}\n", ""))
    result = _build(project)
    assert result.ok, result.stderr_text
    out = result.output
    page = lxml.html.parse(str(out / "posts" / "reading-tide-tables" / "index.html")).getroot()
    assert page.xpath("//*[local-name()='math']")
    assert page.xpath("//div[contains(@class, 'highlight')]//code") or page.xpath("//pre")
    assert _redirect_target(out, "/2015/03/reading-tide-tables/") == "posts/reading-tide-tables/"
    assert _redirect_target(out, "/2015/04/planning-a-trip/") == "posts/planning-a-trip/"
    # The page's old URL /about/ is its new one: nothing to redirect.
    assert "I sail and write about it." in (out / "about" / "index.html").read_text()
    sitemap = (out / "sitemap.xml").read_text()
    assert "2015/03" not in sitemap and "/posts/reading-tide-tables/" in sitemap

    # Running it again is safe: nothing is overwritten, the edited post is kept as the author left it.
    again = migrate(project, source).text()
    assert "skipped content/posts/2015-04-12-planning-a-trip.md: a different file is already there" in again
    assert "0 written" in again and "unchanged content/posts/2015-03-01-reading-tide-tables.md" in again
    assert (project / "pelican.conf").read_text().count("'static'") == 1
    assert planning_path.read_text() == planning.replace("{% include newsletter.html %}\n", "")


def test_pelican_blog(project, tmp_path):
    source = _source(tmp_path, "pelican")
    text = migrate(project, source).text()
    pipes = (project / "content" / "posts" / "notes" / "pipes.md").read_text()
    assert "Modified: 2018-06-01" in pipes and "Update" not in pipes
    assert "OldURL: /notes/pipes.html" in pipes
    assert "[globbing]({filename}/posts/notes/globbing.md#patterns)" in pipes
    assert "[the about page]({filename}/pages/about.md)" in pipes
    assert "{static}/images/shell.png" in pipes
    globbing = (project / "content" / "posts" / "notes" / "globbing.md").read_text()
    assert "Mathjax" not in globbing and "Category: notes" in globbing
    assert "0 left for you" in text
    result = _build(project)
    assert result.ok, result.stderr_text
    out = result.output
    assert _redirect_target(out, "/notes/pipes.html") == "posts/pipes/"
    assert _redirect_target(out, "/notes/globbing.html") == "posts/globbing/"
    assert _redirect_target(out, "/about.html") == "about/"
    page = lxml.html.parse(str(out / "posts" / "pipes" / "index.html")).getroot()
    assert [m.get("display") for m in page.xpath("//*[local-name()='math']")] == ["inline", "inline", "block"]


def test_hugo_blog(project, tmp_path):
    source = _source(tmp_path, "hugo")
    text = migrate(project, source).text()
    paths = (project / "content" / "posts" / "shortest-paths.md").read_text()
    assert "Modified: 2017-10-01 10:00:00+02:00" in paths
    assert "OldURL: /2017/shortest-paths/, /old/dijkstra.html" in paths
    assert "![A small graph]({static}/static/images/graph.png)" in paths
    assert "```go\nfunc relax(u, v int) {}\n```" in paths
    assert "[breadth-first search]({filename}/posts/bfs.md)" in paths
    assert "content/posts/bfs.md:7: the Hugo shortcode youtube has no Foothold form" in text
    failed = _build(project)
    assert not failed.ok
    # shortest-paths.md links to bfs.md, so it is named too (removing both builds).
    assert {(p.path.rsplit("/", 1)[-1], p.line) for p in failed.problems} == {("bfs.md", 7), ("shortest-paths.md", 18)}
    bfs = project / "content" / "posts" / "bfs.md"
    bfs.write_text(bfs.read_text().replace(" {{< youtube abc123 >}}", ""))
    result = _build(project)
    assert result.ok, result.stderr_text
    out = result.output
    assert _redirect_target(out, "/2017/shortest-paths/") == "posts/shortest-paths/"
    assert _redirect_target(out, "/old/dijkstra.html") == "posts/shortest-paths/"
    assert _redirect_target(out, "/2017/bfs/") == "posts/bfs/"
    keep = _build(project, REDIRECTS={"keep_old_urls": True})
    assert keep.ok, keep.stderr_text
    assert lxml.html.parse(str(keep.output / "2017" / "shortest-paths" / "index.html")).getroot().xpath(
        "//h1[contains(., 'Shortest paths')]")
    assert _redirect_target(keep.output, "/old/dijkstra.html") == "2017/shortest-paths/"


def test_old_urls_that_collide_are_errors(site_copy, build_site_at):
    content = site_copy("foreign_keys")
    about = content / "pages" / "about.md"
    about.write_text(about.read_text().replace("Slug: about", "Slug: about\nOldURL: /tags/"))
    ssh = content / "posts" / "ssh.md"
    ssh.write_text(ssh.read_text().replace("  - /2019/06/01/ssh.html", "  - /note/vps-notes.html"))
    result = build_site_at(content)
    assert not result.ok
    messages = sorted((p.path.rsplit("/", 1)[-1], p.line, p.message) for p in result.problems
                      if not p.message.endswith("which fails to build"))  # the posts that link to these
    assert messages == [
        ("about.md", 3, "OldURL '/tags/' is where the new site writes the built-in tags output"),
        ("vps-notes.md", 7, "OldURL '/note/vps-notes.html' is also the old URL of posts/ssh.md"),
    ] or messages == [
        ("about.md", 3, "OldURL '/tags/' is where the new site writes the built-in tags output"),
        ("ssh.md", 8, "OldURL '/note/vps-notes.html' is also the old URL of posts/vps-notes.md"),
    ]


def test_invoke_migrate_command(project, tmp_path):
    source = _source(tmp_path, "hugo")
    run = subprocess.run([sys.executable, "-m", "invoke", "migrate", str(source), "--from", "hugo"], cwd=project,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "wrote content/posts/shortest-paths.md" in run.stdout
    wrong = subprocess.run([sys.executable, "-m", "invoke", "migrate", str(source), "--from", "wordpress"],
                           cwd=project, capture_output=True, text=True, timeout=300)
    assert wrong.returncode == 2 and "--from must be one of pelican, jekyll, hugo" in wrong.stderr


def test_links_with_a_sure_mapping_are_rewritten_and_the_rest_reported(project, tmp_path):
    """A Pelican blog whose posts link to its home, a category and a tag page, a file Pelican
    published elsewhere (EXTRA_PATH_METADATA), an old wiki address of a page that now has the same
    name in another folder, and a page relative to the post's old URL: each becomes a link Foothold
    writes. Links that match nothing are reported with file:line, and fail the build there."""
    source = _source(tmp_path, "pelican_links")
    text = migrate(project, source).text()
    howto = (project / "content" / "posts" / "note" / "howto.md").read_text()
    for rewritten in ("[the home page]({index})", "[code category]({category}code)", "[backup tag]({tag}backup)",
                      "[licence]({static}/extra/LICENSE.txt)", "[the backup script]({filename}/posts/code/host_backup.md)",
                      "[set up]({filename}/posts/note/setup.md#nginx)"):
        assert rewritten in howto
    # Code and footnotes are no links: left as written, not reported.
    assert "    [capture](parameters) -> return_type { body }" in howto and "[^1]: see parameters" in howto
    left = [line for line in text.split("\n") if line.startswith("content/posts/")]
    assert left == [
        "content/posts/note/howto.md:12: the link /tips/build_linux_host#nginx points at the old site, at no "
        "migrated page or file",
        "content/posts/note/howto.md:12: the link ./nowhere#x (from its old URL /note/howto.html: /note/nowhere) "
        "points at the old site, at no migrated page or file"]
    assert "move it if it must be at /LICENSE.txt" in text

    failed = _build(project)
    assert not failed.ok
    assert sorted((p.path.rsplit("/", 1)[-1], p.line, p.message.split('"')[1]) for p in failed.problems) == [
        ("howto.md", 12, "./nowhere#x"), ("howto.md", 12, "/tips/build_linux_host#nginx")]
    path = project / "content" / "posts" / "note" / "howto.md"
    path.write_text(howto.replace("This wiki page never came over: [building the host](/tips/build_linux_host#nginx), "
                                  "nor [this one](./nowhere#x).\n", ""))
    result = _build(project)
    assert result.ok, result.stderr_text
    page = lxml.html.parse(str(result.output / "posts" / "howto" / "index.html")).getroot()
    hrefs = {a.text_content(): a.get("href") for a in page.xpath("//article//a[@href]")}
    base = result.output / "posts" / "howto"
    for label, target in (("the home page", "index.html"), ("code category", "categories/code/index.html"),
                          ("backup tag", "tags/backup/index.html"), ("licence", "extra/LICENSE.txt"),
                          ("the backup script", "posts/host_backup/index.html"), ("set up", "posts/setup/index.html")):
        href = hrefs[label].split("#")[0]
        resolved = (base / href).resolve()
        resolved = resolved / "index.html" if resolved.is_dir() else resolved
        assert resolved == (result.output / target).resolve(), label
    assert hrefs["set up"].endswith("#nginx")
    # The old URL keeps its case: /note/rtxSync.html, not /note/rtxsync.html.
    assert _redirect_target(result.output, "/note/rtxSync.html") == "posts/rtxSync/"
    assert not (result.output / "note" / "rtxsync.html").exists()


def test_hugo_math_and_url_case(project, tmp_path):
    """Hugo served KL-Divergence.md at /2018/kl-divergence/ (lower case) and its Markdown resolved
    "\\_" to "_" before MathJax read the TeX: the migrated post keeps the old URL as its own, and its
    formulas, with the escapes resolved, render as MathML (\\arg included) with no problem."""
    source = _source(tmp_path, "hugo")
    text = migrate(project, source).text()
    kl = (project / "content" / "posts" / "KL-Divergence.md").read_text()
    assert "Slug: kl-divergence" in kl and "OldURL: /2018/kl-divergence/" in kl
    assert "$\\arg\\min_Q D_{\\text{KL}}(P | Q)$" in kl  # "\\|" was "|" for Hugo's readers too
    assert "q_{t+1} = q_t - \\eta \\nabla_q D \\\\ \\eta" in kl
    assert "`\\_` into `_`" in kl and "`$a\\_b$`" in kl  # code spans as written
    assert "Slug in lower case, as Hugo's URL had it" in text and "TeX: Markdown's" in text
    bfs = project / "content" / "posts" / "bfs.md"
    bfs.write_text(bfs.read_text().replace(" {{< youtube abc123 >}}", ""))
    result = _build(project)
    assert result.ok, result.stderr_text
    page = lxml.html.parse(str(result.output / "posts" / "kl-divergence" / "index.html")).getroot()
    assert _redirect_target(result.output, "/2018/kl-divergence/") == "posts/kl-divergence/"
    maths = page.xpath("//article//*[local-name()='math']")
    assert [m.get("display") for m in maths] == ["inline", "block"]
    assert "arg" in maths[0].xpath("string(.)") and "\\" not in maths[0].xpath("string(.)")
    assert maths[1].xpath(".//*[local-name()='msub']")
