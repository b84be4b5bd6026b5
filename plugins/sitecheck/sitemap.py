"""sitemap.xml is well-formed, follows the sitemaps.org schema's shape, and lists real pages."""

from __future__ import annotations

import re

from lxml import etree

from foothold.linkcheck.links import check_ref
from foothold.linkcheck.site import Site
from foothold.problems import Problem

_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# W3C Datetime, the formats the sitemap protocol accepts for <lastmod>.
_W3C_DATE = re.compile(
    r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$")
_HINT = "sitemap.xml is written by the sitemap plugin from SITEURL and the published pages"


def _check_entry(site, rel, entry, problems):
    loc = entry.find(_NS + "loc")
    if loc is None or not (loc.text or "").strip():
        problems.append(Problem(rel, entry.sourceline, "sitemap entry without <loc>", _HINT))
        return
    url = loc.text.strip()
    if site.url.absolute and not url.startswith(site.url.origin + site.url.base + "/"):
        problems.append(Problem(
            rel, loc.sourceline, f'sitemap <loc> "{url}" is not under SITEURL '
            f"{site.url.origin}{site.url.base}", _HINT))
        return
    problem = check_ref(site, rel, loc.sourceline, "sitemap <loc>", url)
    if problem:
        problems.append(problem)
    lastmod = entry.find(_NS + "lastmod")
    if lastmod is not None and not _W3C_DATE.match((lastmod.text or "").strip()):
        problems.append(Problem(rel, lastmod.sourceline,
                                f'sitemap <lastmod> "{lastmod.text}" is not a W3C date', _HINT))


def check_sitemaps(site: Site) -> list[Problem]:
    problems = []
    for rel in site.files():
        name = rel.rsplit("/", 1)[-1]
        if not (name.startswith("sitemap") and name.endswith(".xml")):
            continue
        try:
            root = etree.parse(str(site.dir / rel), etree.XMLParser(resolve_entities=False)).getroot()
        except etree.XMLSyntaxError as error:
            problems.append(Problem(rel, error.lineno, f"malformed sitemap: {error.msg}", _HINT))
            continue
        if root.tag == _NS + "urlset":
            entries = root.findall(_NS + "url")
        elif root.tag == _NS + "sitemapindex":
            entries = root.findall(_NS + "sitemap")
        else:
            problems.append(Problem(rel, root.sourceline, f"sitemap root element is {root.tag}, "
                                    f"expected urlset in the {_NS[1:-1]} namespace", _HINT))
            continue
        if not entries:
            problems.append(Problem(rel, root.sourceline, "sitemap lists no pages", _HINT))
        for entry in entries:
            _check_entry(site, rel, entry, problems)
    return problems
