"""sitecheck and foothold.linkcheck on built sites with one defect injected at a time.

The clean fixture (tests/sites/check_clean_site) is a small production site for
https://user.github.io/repo written by hand: valid HTML, a feed, a sitemap, CSS with url().
Each test copies it, breaks one thing, and asserts the checker names the page and the target.
"""

from __future__ import annotations

import functools
import os
import posixpath
import shutil
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foothold.config import DRAFT_PREVIEW
from foothold.linkcheck import find_broken_links
from sitecheck import check_site

SITEURL = "https://user.github.io/repo"
CLEAN = Path(__file__).parent / "sites" / "check_clean_site"


@pytest.fixture
def site(tmp_path) -> Path:
    target = tmp_path / "output"
    shutil.copytree(CLEAN, target)
    return target


def write(site: Path, rel: str, text: str) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def page(body: str, head: str = "") -> str:
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Injected</title>\n{head}</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def only(problems, path: str):
    found = [p for p in problems if p.path == path]
    assert found, f"no problem reported for {path}: {messages(problems)}"
    return found


def test_clean_site_has_no_problems(site):
    assert check_site(site, SITEURL) == []
    assert find_broken_links(site, SITEURL) == []


def test_broken_link_names_page_line_and_target(site):
    write(site, "posts/new/index.html", page('<p>See <a href="../gone/">a post</a>.</p>'))
    problems = find_broken_links(site, SITEURL)
    [problem] = only(problems, "posts/new/index.html")
    assert problem.line == 9
    assert "broken link" in problem.message and "/posts/gone/" in problem.message
    assert problem.hint
    assert str(problem).startswith("posts/new/index.html:9: broken link")
    assert check_site(site, SITEURL, html=False) == [problem]


def test_broken_anchor(site):
    write(site, "posts/new/index.html",
          page('<p><a href="../hello/#what-i-learnt">lesson</a> <a href="#nowhere">x</a></p>'))
    problems = only(find_broken_links(site, SITEURL), "posts/new/index.html")
    texts = " ".join(p.message for p in problems)
    assert len(problems) == 2
    assert 'no id="what-i-learnt" in posts/hello/index.html' in texts
    assert 'no id="nowhere" in posts/new/index.html' in texts


def test_missing_image_in_page_srcset_and_css(site):
    write(site, "posts/new/index.html", page(
        '<img src="/repo/images/missing.png" alt="x">\n'
        '<img src="../../images/pixel.png" srcset="../../images/big.png 2x" alt="y">'))
    write(site, "theme/css/extra.css", "a {}\n.hero { background: url('../img/hero.jpg'); }\n")
    problems = find_broken_links(site, SITEURL)
    page_problems = only(problems, "posts/new/index.html")
    assert {p.message.split(":")[0] for p in page_problems} == {"missing image"}
    assert any("/images/missing.png" in p.message for p in page_problems)
    assert any("/images/big.png" in p.message for p in page_problems)
    [css] = only(problems, "theme/css/extra.css")
    assert css.line == 2 and "/theme/img/hero.jpg" in css.message


def test_leftover_filename_and_static_placeholders(site):
    write(site, "posts/new/index.html", page(
        '<p><a href="{filename}/posts/other.md">other</a></p>\n'
        '<p><img src="{static}/images/photo.jpg" alt="photo"></p>'))
    problems = only(find_broken_links(site, SITEURL), "posts/new/index.html")
    texts = " ".join(p.message for p in problems)
    assert "leftover {filename} placeholder" in texts and "other.md" in texts
    assert "leftover {static} placeholder" in texts


def test_link_outside_base_path_of_project_site(site):
    # Works on localhost at /, 404s on user.github.io/repo/ (FAULTS 18).
    write(site, "posts/new/index.html", page('<p><a href="/posts/hello/">hello</a></p>'))
    [problem] = only(find_broken_links(site, SITEURL), "posts/new/index.html")
    assert "outside the site's base path /repo/" in problem.message
    # An absolute link to a sibling project site on the same host is the author's own link.
    write(site, "posts/demo/index.html", page('<p><a href="https://user.github.io/other-repo/">demo</a></p>'))
    assert not [p for p in find_broken_links(site, SITEURL) if p.path == "posts/demo/index.html"]
    # The same link is fine for a user site served at the root.
    user_site = find_broken_links(site, "https://user.github.io")
    assert not [p for p in user_site if p.path == "posts/new/index.html"]


def test_dev_build_with_relative_and_root_urls(tmp_path):
    site = tmp_path / "dev"
    write(site, "index.html", page('<a href="/posts/a/">a</a> <a href="posts/a/#x">x</a>'))
    write(site, "posts/a/index.html", page('<h1 id="x">A</h1><a href="../../">home</a>'
                                           '<a href="/posts/b/">b</a>'))
    problems = find_broken_links(site, "")
    assert messages(problems) == [
        'posts/a/index.html:9: broken link: a href "/posts/b/" -> /posts/b/ does not exist'
        "\n    hint: " + problems[0].hint
    ]


def test_draft_dotfiles_source_and_backups_are_leaks(site):
    write(site, "drafts/secret-post/index.html", page("<p>not ready</p>"))
    write(site, ".env", "API_KEY=x\n")
    write(site, ".git/config", "[core]\n")
    write(site, "images/.DS_Store", "x")
    write(site, "posts/hello/index.md", "Title: Hello\n")
    write(site, "skills.yml", "front-end: {}\n")
    write(site, "images/photo.png~", "x")
    write(site, "images/id_rsa", "-----BEGIN-----\n")
    problems = check_site(site, SITEURL, html=False)
    by_path = {p.path: p.message for p in problems}
    assert by_path["drafts/secret-post/index.html"].startswith("draft published")
    assert by_path[".env"].startswith("dot-file published")
    assert by_path[".git/config"].startswith("dot-file published")
    assert by_path["images/.DS_Store"].startswith("dot-file published")
    assert by_path["posts/hello/index.md"].startswith("source file published (.md)")
    assert by_path["skills.yml"].startswith("source file published (.yml)")
    assert by_path["images/photo.png~"].startswith("editor backup file published")
    assert by_path["images/id_rsa"].startswith("private file published")


def test_symlink_in_output_is_a_leak(site, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("password\n")
    os.symlink(secret, site / "images" / "notes.txt")
    os.symlink(tmp_path, site / "linked-folder")
    problems = check_site(site, SITEURL, html=False)
    paths = {p.path for p in problems if p.message.startswith("symbolic link")}
    assert paths == {"images/notes.txt", "linked-folder"}


def test_offsite_requests_but_not_author_links(site):
    write(site, "posts/new/index.html", page(
        '<p><a href="https://developer.mozilla.org/">MDN</a></p>\n'
        '<script src="https://cdn.example.com/lib.js"></script>',
        head='<link rel="stylesheet" href="//fonts.example.net/css?family=Inter">\n'
             '<link rel="canonical" href="https://dev.to/user/original-post">\n'))
    write(site, "theme/css/fonts.css",
          '@import "https://fonts.example.net/inter.css";\n'
          "@font-face { font-family: X; src: url(https://fonts.example.net/x.woff2); }\n")
    problems = check_site(site, SITEURL, html=False)
    offsite = [p for p in problems if p.message.startswith("off-site request")]
    assert {(p.path, p.line) for p in offsite} == {
        ("posts/new/index.html", 6), ("posts/new/index.html", 12),
        ("theme/css/fonts.css", 1), ("theme/css/fonts.css", 2),
    }
    assert any("loads from cdn.example.com" in p.message for p in offsite)
    assert not any("developer.mozilla.org" in p.message or "dev.to" in p.message
                   for p in problems)
    allowed = check_site(site, SITEURL, html=False,
                         allowed_hosts=["cdn.example.com", "fonts.example.net"])
    assert not [p for p in allowed if p.message.startswith("off-site request")]


def test_invalid_html_is_reported_with_line(site):
    write(site, "posts/new/index.html", page(
        '<p>An image without alt: <img src="../../images/pixel.png"></p>\n'
        '<p id="twice">a</p><p id="twice">b</p>'))
    problems = [p for p in check_site(site, SITEURL) if p.message.startswith("invalid HTML")]
    assert {p.path for p in problems} == {"posts/new/index.html"}
    assert any(p.line == 9 and "alt" in p.message for p in problems)
    assert any(p.line == 10 and "Duplicate ID" in p.message for p in problems)


def test_malformed_feed(site):
    text = (site / "feeds" / "all.atom.xml").read_text()
    write(site, "feeds/all.atom.xml", text.replace("<title>Hello</title>", "<title>Hello & bye</title>"))
    [problem] = only(check_site(site, SITEURL, html=False), "feeds/all.atom.xml")
    assert problem.message.startswith("malformed feed") and problem.line == 2
    assert check_site(site, SITEURL, html=False, feeds=False) == []


def test_feed_entry_linking_to_missing_page(site):
    text = (site / "feeds" / "all.atom.xml").read_text()
    write(site, "feeds/all.atom.xml", text.replace("/repo/posts/hello/", "/repo/posts/gone/"))
    problems = only(check_site(site, SITEURL, html=False), "feeds/all.atom.xml")
    assert any("feed entry 1 link" in p.message and "/posts/gone/" in p.message for p in problems)


def test_malformed_sitemap(site):
    write(site, "sitemap.xml", '<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/'
                               'schemas/sitemap/0.9">\n<url><loc>x</url>\n</urlset>\n')
    [problem] = only(check_site(site, SITEURL, html=False), "sitemap.xml")
    assert problem.message.startswith("malformed sitemap") and problem.line == 3


def test_sitemap_listing_missing_page_or_foreign_url(site):
    write(site, "sitemap.xml", '<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/'
                               'schemas/sitemap/0.9">\n'
                               "<url><loc>https://user.github.io/repo/drafts/x/</loc></url>\n"
                               "<url><loc>http://localhost:8000/</loc>"
                               "<lastmod>March 2026</lastmod></url>\n</urlset>\n")
    problems = only(check_site(site, SITEURL, html=False), "sitemap.xml")
    texts = [p.message for p in problems]
    assert any("/drafts/x/ does not exist" in t for t in texts)
    assert any("is not under SITEURL" in t and "localhost" in t for t in texts)
    wrong_ns = '<?xml version="1.0"?>\n<urlset><url><loc>https://user.github.io/repo/</loc></url></urlset>\n'
    write(site, "sitemap.xml", wrong_ns)
    [problem] = only(check_site(site, SITEURL, html=False), "sitemap.xml")
    assert "expected urlset" in problem.message


def test_every_defect_is_reported_in_one_run(site):
    write(site, "posts/a/index.html", page('<a href="../b/">b</a>'))
    write(site, "posts/c/index.html", page('<a href="#d">d</a>'))
    write(site, ".htaccess", "Deny from all\n")
    problems = check_site(site, SITEURL, html=False)
    assert [p.path for p in problems] == [".htaccess", "posts/a/index.html", "posts/c/index.html"]


def test_missing_site_folder(tmp_path):
    [problem] = check_site(tmp_path / "output", SITEURL)
    assert "index.html is missing" in problem.message and "invoke build" in problem.hint


def test_a_thousand_pages_check_in_a_few_seconds(tmp_path):
    site = tmp_path / "big"
    body = "\n".join(f'<h2 id="s{n}">Section {n}</h2><p>{"text " * 40}</p>' for n in range(30))
    for n in range(1000):
        links = "".join(f'<a href="../p{(n + k) % 1000}/#s{k}">next {k}</a> ' for k in range(1, 21))
        write(site, f"posts/p{n}/index.html", page(f"<nav>{links}</nav>\n{body}",
                                                   head='<link rel="stylesheet" href="../../s.css">'))
    write(site, "s.css", "body{}")
    write(site, "index.html", page('<a href="posts/p0/">first</a>'))
    write(site, "posts/p7/index.html", page(f'<a href="../p8/#s99">missing anchor</a>\n{body}'))
    # CPU time, not wall time: the bound must hold on a busy CI machine too.
    start, cpu_start = time.perf_counter(), time.process_time()
    problems = find_broken_links(site, SITEURL)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    assert [str(p).split("\n")[0] for p in problems] == [
        'posts/p7/index.html:9: broken anchor: a href "../p8/#s99" -> no id="s99" in posts/p8/index.html'
    ]
    print(f"find_broken_links: 1,001 pages, 20,000 links: {cpu:.2f}s CPU, {elapsed:.2f}s wall")
    assert cpu < 5


# --- real builds -------------------------------------------------------------------------------

DEPLOY_CONTENT = Path(__file__).parent / "sites" / "check_deploy_content"


def test_real_production_build_passes_every_check(build_site_at):
    result = build_site_at(DEPLOY_CONTENT, production=True)
    assert result.ok, result.stderr_text
    assert check_site(result.output, "https://alex-placeholder.github.io/foothold") == []
    # ... and the same site is caught when a defect is injected after the build.
    post = result.output / "posts" / "first-deploy" / "index.html"
    post.write_text(post.read_text().replace('href="', 'href="{filename}', 1))
    [problem] = check_site(result.output, "https://alex-placeholder.github.io/foothold", html=False)
    assert problem.path == "posts/first-deploy/index.html"
    assert "leftover {filename} placeholder" in problem.message


def test_development_build_with_drafts_passes_when_drafts_are_allowed(build_site_at):
    result = build_site_at(DEPLOY_CONTENT, **DRAFT_PREVIEW)  # drafts as live reload shows them
    assert result.ok, result.stderr_text
    drafts = [p for p in result.output.rglob("*.html") if "drafts" in p.parts]
    assert drafts, "the live-reload build shows drafts under drafts/"
    assert check_site(result.output, "", allow_drafts=True) == []
    leaks = check_site(result.output, "", html=False)
    assert leaks and all(p.message.startswith("draft published") for p in leaks)


class _BasePathHandler(SimpleHTTPRequestHandler):
    """Serves the site only under /foothold/, like GitHub Pages serves a project site."""

    base = "/foothold"

    def translate_path(self, path):
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not (clean == self.base or clean.startswith(self.base + "/")):
            return str(Path(self.directory) / "__outside_base_path__")
        return super().translate_path(clean[len(self.base):] or "/")

    def list_directory(self, path):
        self.send_error(404, "no directory listings")  # GitHub Pages lists nothing either
        return None

    def log_message(self, *args):
        pass


def test_production_site_served_under_base_path_crawls_clean(build_site_at, tmp_path):
    site = tmp_path / "served"
    site.mkdir()
    handler = functools.partial(_BasePathHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        siteurl = f"http://127.0.0.1:{server.server_address[1]}/foothold"
        result = build_site_at(DEPLOY_CONTENT, production=True, output=site, SITEURL=siteurl)
        assert result.ok, result.stderr_text
        queue, seen, failures, pages = [siteurl + "/"], set(), [], set()
        while queue and len(seen) < 2000:  # bounded: a crawl of a local test site
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            try:
                with urlopen(url, timeout=10) as response:
                    body, kind = response.read(), response.headers.get_content_type()
                    final = response.geturl()
            except HTTPError as error:
                failures.append(f"{url}: {error.code}")
                continue
            if kind != "text/html":
                continue
            pages.add(urlsplit(final).path)
            soup = BeautifulSoup(body, "html.parser")
            refs = [tag.get(attr) for tag in soup.find_all(True)
                    for attr in ("href", "src") if tag.get(attr)]
            refs += [part.split()[0] for tag in soup.find_all(srcset=True)
                     for part in tag["srcset"].split(",") if part.strip()]
            for ref in refs:
                target = urldefrag(urljoin(final, ref)).url
                if target.startswith(siteurl + "/") and target not in seen:
                    queue.append(target)
        assert failures == []
        built = {"/foothold/" + p.relative_to(site).as_posix().removesuffix("index.html")
                 for p in site.rglob("*.html")}
        unreached = built - {p.removesuffix("index.html") for p in pages} - {"/foothold/404.html"}
        assert unreached == set(), "pages no link leads to"
        assert len(pages) >= 8
        # Outside the base path nothing is served: links that forgot /foothold/ would 404.
        with pytest.raises(HTTPError):
            urlopen(f"http://127.0.0.1:{server.server_address[1]}/index.html", timeout=10)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --- URL resolution, for any page layout ---------------------------------------------------------

_segment = st.text(alphabet="abcdefghij-", min_size=1, max_size=6).filter(lambda s: s.strip("-"))
_page_path = st.lists(_segment, min_size=0, max_size=3).map(lambda parts: "/".join([*parts, "index.html"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pages=st.lists(_page_path, min_size=2, max_size=6, unique=True),
       base=st.sampled_from(["", "/repo", "/a/b"]))
def test_links_between_existing_pages_resolve_in_every_form(tmp_path_factory, pages, base):
    site = tmp_path_factory.mktemp("hyp")
    siteurl = f"https://user.github.io{base}"
    for source in pages:
        links = []
        for target in pages:
            folder = posixpath.dirname(source) or "."
            relative = posixpath.relpath(target, folder)
            pretty = target.removesuffix("index.html")
            links += [relative, relative + "#top", f"{base}/{pretty}", f"{siteurl}/{pretty}"]
        write(site, source, page("".join(f'<a href="{href}">x</a>' for href in links)))
    assert find_broken_links(site, siteurl) == []
    # The same links with one letter changed in the target all break.
    first = pages[0]
    write(site, first, page(f'<a href="{siteurl}/{pages[1].removesuffix("index.html")}zz/">x</a>'))
    assert [p.path for p in find_broken_links(site, siteurl)] == [first]


def test_a_page_known_by_its_link_summary_is_checked_in_full_when_a_target_goes(site):
    # Development rebuilds pass pages linked unchanged from the previous build as LinkSummary
    # (ids and the targets its URLs need): a page whose targets are all still there is not parsed
    # again, and one whose target has gone is parsed and reported with its line, as any other.
    from foothold.linkcheck.pages import parse_page, summarize
    from foothold.linkcheck.site import Site, file_signature
    from foothold.linkcheck.urls import SiteUrl

    write(site, "posts/a/index.html", page('<p id="here">See <a href="../b/#there">b</a>.</p>'))
    write(site, "posts/b/index.html", page('<h2 id="there">There</h2><a href="../a/#here">a</a>'))
    parsed = {}
    for rel in ("posts/a/index.html", "posts/b/index.html"):
        known = parse_page(site / rel)
        known.resolve(SiteUrl(SITEURL), rel)
        parsed[str(site / rel)] = (file_signature(site / rel), summarize(known))
    assert find_broken_links(site, SITEURL, parsed=parsed) == []
    checked = Site(site, SITEURL, parsed=parsed)
    assert find_broken_links_in(checked) == [] and type(checked.page("posts/a/index.html")).__name__ == "LinkSummary"

    (site / "posts" / "b" / "index.html").unlink()  # b has gone; a's summary still says it is fine
    [problem] = only(find_broken_links(site, SITEURL, parsed=parsed), "posts/a/index.html")
    assert problem.line == 9 and "broken link" in problem.message and "/posts/b/" in problem.message


def find_broken_links_in(site_object):
    from foothold.linkcheck.links import find_broken_links as check

    return check(site_object)
