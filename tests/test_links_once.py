"""The link check does each distinct piece of work once (issue 18) and stays as strict as before.

A page's URLs are resolved together (``SiteUrl.resolve_all``: each URL once per place it is
written from): these tests hold that to resolving each alone, and a broken link or anchor written
on every page (the theme's navigation) must still be reported on every page, in a serial and in a
parallel build.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from foothold.linkcheck import find_broken_links
from foothold.linkcheck.urls import SiteUrl

ROOT = Path(__file__).resolve().parent.parent
CLEAN = Path(__file__).parent / "sites" / "check_clean_site"
SITEURL = "https://user.github.io/repo"

_SEGMENT = st.sampled_from(["posts", "tags", "a b", "x.html", "index.html", "..", ".", "", "é", "%20", "q?x", "h#t"])
_PAGE = st.lists(st.sampled_from(["posts", "slug", "tags", "deep", "x", "a b", "%41", "é"]), max_size=4).map(
    lambda parts: "/".join([*parts, "index.html"]))
_FRAGMENT = st.lists(st.sampled_from(["top", "a%20b", "é", "#", "?x", "\t", "\n", " ", "%", "x y", "/"]),
                     max_size=4).map(lambda parts: "#" + "".join(parts))
_REF = st.one_of(
    _FRAGMENT,
    st.tuples(st.sampled_from(["", " ", "/", "../", "../../", "../../../", "./", "/repo/", "//user.github.io/repo/",
                               "https://user.github.io/repo/", "http://127.0.0.1/", "https://elsewhere.example/",
                               "mailto:", "MAILTO:", "tel:", "ftp:", "http:", "https:", "#", "?q=1", "data:"]),
              st.lists(_SEGMENT, max_size=4).map("/".join),
              st.sampled_from(["", "#top", "#a%20b", "?x=1#y", "/", " "])).map("".join),
)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["", "https://user.github.io/repo", "http://127.0.0.1", "/repo"]),
       st.lists(st.tuples(_PAGE, st.lists(_REF, max_size=8)), max_size=8))
def test_resolving_a_pages_urls_together_equals_resolving_each_alone(siteurl, pages):
    # One SiteUrl for every page, as in a build: what resolve_all keeps from one page must be
    # right for the next.
    together = SiteUrl(siteurl)
    for page, refs in pages:
        expected = [SiteUrl(siteurl).resolve(ref, page) for ref in refs]
        found = together.resolve_all(refs, page)
        assert found == expected, (page, refs)
        assert [type(t) for t in found] == [type(t) for t in expected]


def _write(site: Path, rel: str, body: str) -> None:
    path = site / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>t</title>\n'
                    f'</head>\n<body>\n<main id="main">\n{body}\n</main>\n</body>\n</html>\n', encoding="utf-8")


def test_a_broken_url_on_every_page_is_reported_on_every_page(tmp_path):
    site = tmp_path / "output"
    shutil.copytree(CLEAN, site)
    pages = [f"posts/p{n}/index.html" for n in range(6)]
    for rel in pages:
        # The same navigation on every page: two good links, a broken link, a broken anchor and a
        # missing image, each written twice; then the same URL text, good from here (../p0/ exists).
        _write(site, rel, '<nav><a href="../../">home</a> <a href="#main">skip</a>\n'
                          '<a href="../../gone/">gone</a> <a href="../../gone/">again</a>\n'
                          '<a href="../hello/#nowhere">anchor</a> <img src="../../images/no.png" alt="">\n'
                          '<a href="../hello/#nowhere">anchor</a> <img src="../../images/no.png" alt="">\n'
                          '</nav><a href="../p0/">first</a>')
    # The same URL text from another folder, where it points at nothing.
    _write(site, "notes/n/index.html", '<a href="../p0/">first</a> <a href="../../gone/">gone</a>')
    problems = find_broken_links(site, SITEURL)
    by_page: dict[str, list[str]] = {}
    for problem in problems:
        by_page.setdefault(problem.path, []).append(problem.message)
    for rel in pages:
        messages = by_page.pop(rel)
        assert sum("broken link" in m and "/gone/" in m for m in messages) == 2, messages
        assert sum('broken anchor' in m and 'no id="nowhere"' in m for m in messages) == 2, messages
        assert sum("missing image" in m and "/images/no.png" in m for m in messages) == 2, messages
        assert len(messages) == 6, messages
    notes = sorted(by_page.pop("notes/n/index.html"))
    assert len(notes) == 2 and "/gone/ does not exist" in notes[0] and "/notes/p0/ does not exist" in notes[1], notes
    assert by_page == {}


def test_a_broken_link_in_the_theme_names_every_page_in_serial_and_parallel_builds(build_site_at, sample_content,
                                                                                  tmp_path):
    clean = build_site_at(sample_content, output=tmp_path / "clean", SPEED={"workers": 0, "cache": False})
    assert clean.ok, clean.stderr_text
    # Every page the base template writes has its skip link.
    with_nav = {p.relative_to(clean.output).as_posix() for p in clean.output.rglob("*.html")
                if 'class="skip-link"' in p.read_text(encoding="utf-8")}
    assert len(with_nav) > 20
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    base = theme / "templates" / "base.html"
    text = base.read_text(encoding="utf-8")
    skip = '<a class="skip-link" href="#main">'
    assert skip in text
    base.write_text(text.replace(skip, '<a href="{{ SITEURL }}/no-such-page/">x</a><a href="#no-such-id">y</a>'
                                       + skip, 1), encoding="utf-8")
    results = {}
    for workers in (0, 2):
        results[workers] = build_site_at(sample_content, output=tmp_path / f"out-{workers}", THEME=str(theme),
                                         SPEED={"workers": workers, "cache": False})
        assert not results[workers].ok
        messages = [p.message for p in results[workers].problems]
        # A page made from a source is blamed on the source "(in the page /...)"; the others on the theme.
        links = {_page_of(m) for m in messages if re.search(r'broken link: a href "[^"]*no-such-page/"', m)}
        anchors = {_page_of(m) for m in messages if 'no id="no-such-id"' in m}
        assert links == with_nav and anchors == with_nav, messages
        assert len(messages) == 2 * len(with_nav), messages
    assert results[0].problems == results[2].problems


def _page_of(message: str) -> str:
    match = re.search(r"\(in the page /(\S+)\)$", message) or re.match(r"/(\S+): ", message)
    return match.group(1)
