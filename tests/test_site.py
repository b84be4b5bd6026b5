"""Foothold's sample site (tests/sample), built for real: every page type of SPEC 5 exists, and every internal link resolves,
in a development build (relative URLs) and in a production build served under a sub-path."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from bs4 import BeautifulSoup

from foothold.config import DRAFT_PREVIEW
from foothold_test_support import ROOT, make_project

SUBPATH_SITEURL = "https://alex-placeholder.github.io/foothold"


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    from foothold.build import build_site

    out = tmp_path_factory.mktemp("sites")
    project = make_project(out / "project", content="sample")
    dev = build_site(project, overrides={"OUTPUT_PATH": str(out / "dev")})
    assert dev.ok, dev.stderr_text
    live = build_site(project, overrides={"OUTPUT_PATH": str(out / "live"), **DRAFT_PREVIEW})
    assert live.ok, live.stderr_text
    prod = build_site(project, production=True, overrides={"OUTPUT_PATH": str(out / "prod"), "SITEURL": SUBPATH_SITEURL,
                                                         "ALLOW_PLACEHOLDERS": True})  # the sample: a demo
    assert prod.ok, prod.stderr_text
    return {"dev": dev.output, "prod": prod.output, "live": live.output}


PAGE_TYPES = [
    "index.html",
    "posts/what-a-final-round-rejection-taught-me/index.html",
    "projects/index.html",
    "skills/index.html",
    "skills.json",
    "tags/index.html",
    "categories/index.html",
    "categories/learning-log/index.html",
    "archives/index.html",
    "about/index.html",
    "resume/index.html",
    "contact/index.html",
    "search/index.html",
    "404.html",
    "robots.txt",
    "sitemap.xml",
]


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_every_page_type_exists(sites, path):
    for site in sites.values():
        assert (site / path).is_file(), f"{path} missing from {site}"


def test_production_only_outputs(sites):
    assert (sites["prod"] / "feeds/all.atom.xml").is_file()
    assert (sites["prod"] / "feeds/learning-log.atom.xml").is_file()
    assert not (sites["dev"] / "feeds").exists()


def test_each_project_tag_and_skill_has_its_page(sites):
    site = sites["prod"]
    projects = sorted((site / "projects").glob("*/index.html"))
    assert len(projects) >= 3
    assert len(list((site / "tags").glob("*/index.html"))) >= 3
    assert len(list((site / "skills").glob("*/index.html"))) >= 5


def _internal_targets(page: Path, site: Path, base_path: str, siteurl_host: str | None):
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    rel_page = page.relative_to(site).as_posix()
    for tag in soup.find_all(["a", "link", "img", "script", "source"]):
        for attr in ("href", "src"):
            url = tag.get(attr)
            if not url or url.startswith(("mailto:", "tel:", "data:", "javascript:")):
                continue
            parsed = urlparse(url)
            if parsed.scheme in ("http", "https"):
                if parsed.netloc != siteurl_host:
                    continue  # links the author wrote to other sites
                path = parsed.path
            elif parsed.scheme:
                continue
            elif url.startswith("/"):
                path = parsed.path
            elif not parsed.path:
                path = base_path + rel_page  # a link to an anchor on this page
            else:
                path = posixpath.normpath(posixpath.join(base_path + posixpath.dirname(rel_page), parsed.path))
                if parsed.path.endswith("/") or parsed.path == ".":
                    path += "/"
            yield url, unquote(path), parsed.fragment


def _resolve(site: Path, base_path: str, path: str) -> Path | None:
    if not path.startswith(base_path):
        return None
    rel = path[len(base_path):].lstrip("/")
    target = site / rel
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target if target.is_file() else None


@pytest.mark.parametrize("kind", ["dev", "live", "prod"])
def test_every_internal_link_and_anchor_resolves(sites, kind):
    site = sites[kind]
    base_path = "/foothold/" if kind == "prod" else "/"
    host = urlparse(SUBPATH_SITEURL).netloc if kind == "prod" else None
    broken = []
    checked = 0
    ids_cache: dict[Path, set] = {}
    for page in sorted(site.rglob("*.html")):
        for url, path, fragment in _internal_targets(page, site, base_path, host):
            checked += 1
            target = _resolve(site, base_path, path)
            if target is None:
                broken.append(f"{page.relative_to(site)} -> {url}")
                continue
            if fragment and target.suffix == ".html":
                if target not in ids_cache:
                    soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
                    ids_cache[target] = {el.get("id") for el in soup.find_all(id=True)}
                if fragment not in ids_cache[target]:
                    broken.append(f"{page.relative_to(site)} -> {url} (no #{fragment})")
    assert checked > 100
    assert not broken, "\n".join(broken[:30])


def test_production_urls_carry_the_sub_path(sites):
    home = BeautifulSoup((sites["prod"] / "index.html").read_text(), "html.parser")
    hrefs = [a["href"] for a in home.find_all("a", href=True) if a["href"].startswith("https://alex-placeholder")]
    assert hrefs and all(h.startswith(SUBPATH_SITEURL + "/") for h in hrefs)
    assert not [l for l in home.find_all(["a", "link", "img", "script"]) if (l.get("href") or l.get("src") or "").startswith("/") and not (l.get("href") or l.get("src")).startswith("/foothold/")]


def test_no_placeholders_drafts_or_dot_files_in_production(sites):
    site = sites["prod"]
    for path in site.rglob("*"):
        assert not path.name.startswith("."), path
        assert path.suffix not in (".md", ".py", ".yml", ".conf"), path
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt"):
            text = path.read_text(encoding="utf-8")
            assert "{filename}" not in text and "{static}" not in text, path
            assert "DRAFT-MARKER" not in text, path
    assert not (site / "drafts").exists()


def test_drafts_are_visible_in_live_reload_only(sites):
    drafts = list((sites["live"] / "drafts" / "posts").rglob("index.html"))
    assert drafts, "the sample draft should be previewable in live reload"
    assert "DRAFT-MARKER" in drafts[0].read_text()
    # /drafts/ lists it, with a link to its preview.
    listing = (sites["live"] / "drafts" / "index.html").read_text()
    assert f'href="../drafts/posts/{drafts[0].parent.name}/"' in listing
    assert not (sites["dev"] / "drafts").exists()


def test_autoescape_is_on_and_content_is_the_only_safe_value():
    """Templates mark only rendered Markdown (content, through the ``rendered`` macro) and build-time
    SVG as safe."""
    offenders = []
    for template in (ROOT / "theme" / "templates").rglob("*.html"):
        for number, line in enumerate(template.read_text().splitlines(), 1):
            compact = line.replace(" ", "")
            if "|safe" in compact and ".content" not in line and "svg" not in line.lower() \
                    and not compact.startswith("{{html|"):  # the rendered macro itself
                offenders.append(f"{template.relative_to(ROOT)}:{number}: {line.strip()}")
            if "rendered(" in line and "macro rendered" not in line and ".content" not in line:
                offenders.append(f"{template.relative_to(ROOT)}:{number}: rendered() of non-content: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_long_posts_have_a_table_of_contents_and_short_ones_do_not(sites, tmp_path):
    post = BeautifulSoup((sites["prod"] / "posts/what-a-final-round-rejection-taught-me/index.html").read_text(),
                         "html.parser")
    links = post.select("nav.toc a")
    assert len(links) >= 3
    ids = {el.get("id") for el in post.find_all(id=True)}
    assert all(a["href"].lstrip("#") in ids for a in links)
    about = BeautifulSoup((sites["prod"] / "about/index.html").read_text(), "html.parser")
    assert not about.select("nav.toc")
