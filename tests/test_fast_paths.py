"""Faster ways of computing what a well-known, slower way computes must agree with it exactly
(issue 7): slugs, the word count behind reading time, table-of-contents headings, Markdown's inline
processor that skips patterns which cannot match, the math pattern, code highlighted with the
theme's empty Pygments style, the link checker's URL resolution memo and its page summaries. Each is checked against the plain way on random input
(hypothesis) and on every page of a real build of the sample site.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import given, settings, strategies as st
from jinja2.filters import do_wordcount
from lxml import etree
from markupsafe import Markup

from speed.inline_fast import SkippingInlineProcessor, needs
from speed.render import BodyRenderer
from content_model.toc import _headings
from content_model.words import html_word_count
from foothold.linkcheck.pages import parse_html
from foothold.linkcheck.urls import SiteUrl
from foothold_test_support import SAMPLE_CONTENT, make_project


# Pieces that make tag-, comment- and entity-shaped text, valid or not.
_PIECES = st.sampled_from([
    "<", ">", "<!--", "-->", "&amp;", "&lt;", "&#233;", "&nbsp;", " ", "\n", "\t", "word", "C++", "é",
    "漢字", "x_y", "3.14", "<b>", "</b>", "<h2 id=\"a\">", "</h2>", "<h3 id='b c'>", "</h3>",
    "<h1 id=t>", "</h1>", "<span class=\"n\">", "</span>", "<code>", "</code>", '"', "'", "=", "id",
    "<h2>", "<H2 ID=\"up\">", "</H2>", "<h2 title=\"a>b\" id=\"z\">",
])
_HTMLISH = st.lists(_PIECES, max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(_HTMLISH)
def test_word_count_equals_striptags_then_wordcount(text):
    assert html_word_count(text) == do_wordcount(Markup(text).striptags())


_ASCII_HTMLISH = st.lists(st.sampled_from([
    "<b>", "</b>", "<!--", "-->", "&amp;", "&lt;", "&#233;", "&eacute;", "&nbsp;", "word", "C++", "x_y", "3.14",
    " ", "\n", "\t", "\x1c", "\x7f", "'", '"', "-", "=", "<code>", "</code>", "a-b", "__", "<", ">",
]), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(_ASCII_HTMLISH)
def test_word_count_of_ascii_text_equals_striptags_then_wordcount(text):
    # ASCII text is counted by its own faster way (words.py); entities may still make it non-ASCII.
    assert html_word_count(text) == do_wordcount(Markup(text).striptags())


class _ReferenceHeadings(HTMLParser):
    """The table-of-contents reading Foothold used before: html.parser over the whole body."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self._current = [], None

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "h3"):
            ident = dict(attrs).get("id")
            self._current = {"level": int(tag[1]), "id": ident, "text": ""} if ident else None

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3") and self._current is not None:
            self.found.append(self._current)
            self._current = None

    def handle_data(self, data):
        if self._current is not None:
            self._current["text"] += data


def _reference_headings(text):
    parser = _ReferenceHeadings()
    parser.feed(text)
    return parser.found


# Python-Markdown writes well-formed headings; the regular expressions rely on that, so the random
# bodies are made of well-formed headings and paragraphs with awkward text inside.
_TEXT = st.lists(st.sampled_from(["a", "B c", "&amp;", "&lt;x&gt;", "<code>k</code>", "<em>e</em>", "é", " ",
                                  "<!-- note -->", "1 > 0"]), max_size=6).map("".join)
_ID = st.sampled_from(['id="a"', "id='b-c'", "id=d", 'class="x" id="e"', 'id=""', 'title="p>q" id="f"', ""])
_BLOCK = st.one_of(
    st.tuples(st.sampled_from(["h1", "h2", "h3", "h4"]), _ID, _TEXT).map(lambda t: f"<{t[0]} {t[1]}>{t[2]}</{t[0]}>"),
    _TEXT.map(lambda t: f"<p>{t}</p>"),
    st.just('<div class="highlight"><pre><span></span><code><span class="n">x</span></code></pre></div>'),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_BLOCK, max_size=12).map("\n".join))
def test_toc_headings_equal_an_html_parser_reading(body):
    # The nesting of the headings into tokens is tested in test_content_model.py.
    assert _headings(body) == _reference_headings(body)


_SEGMENT = st.sampled_from(["posts", "tags", "a b", "x.html", "index.html", "..", ".", "", "é"])
_PAGE = st.lists(st.sampled_from(["posts", "slug", "tags", "deep", "x"]), max_size=4).map(
    lambda parts: "/".join([*parts, "index.html"]))
_REF = st.one_of(
    st.lists(_SEGMENT, max_size=5).map("/".join),
    st.tuples(st.sampled_from(["", "/", "../", "../../", "./", "/foothold/", "//127.0.0.1/", "http://127.0.0.1/foothold/",
                               "https://elsewhere.example/", "mailto:", "#", "?q=1", "data:"]),
              st.lists(_SEGMENT, max_size=4).map("/".join),
              st.sampled_from(["", "#top", "#a%20b", "?x=1#y", "/"])).map("".join),
)


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(["", "http://127.0.0.1/foothold", "/foothold"]), st.lists(st.tuples(_REF, _PAGE), max_size=20))
def test_memoised_url_resolution_equals_resolving_each_time(siteurl, pairs):
    memo = SiteUrl(siteurl)
    for ref, page in pairs:
        assert memo.resolve(ref, page) == SiteUrl(siteurl).resolve(ref, page)


def _reference_summary(data: bytes):
    """Every element visited in Python, as the link checker did before it let lxml pick them."""
    from foothold.linkcheck import pages as p

    ids, refs = set(), []
    root = etree.fromstring(data, etree.HTMLParser(encoding="utf-8", recover=True, huge_tree=True))
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag, line = element.tag.lower(), element.sourceline
        for attr in ("id", "name") if tag == "a" else ("id",):
            if element.get(attr):
                ids.add(element.get(attr))
        for attr, value in element.attrib.items():
            attr = attr.lower()
            if attr == "style":
                refs.extend((line, f"{tag} style url()", url) for url in p.css_refs(value))
            elif (tag, attr) in p._NAVIGATION:
                refs.append((line, f"{tag} {attr}", value))
            elif tag == "link" and attr == "href":
                refs.append((line, "link href", value))
            elif (tag, attr) in p._FETCHED:
                urls = p._srcset_urls(value) if attr == "srcset" else [value]
                refs.extend((line, f"{tag} {attr}", url) for url in urls)
        if tag == "meta" and (element.get("property") or element.get("name")) in p._META_URLS and element.get("content"):
            refs.append((line, "meta content", element.get("content")))
        if tag == "style" and element.text:
            refs.extend((line, "style url()", url) for url in p.css_refs(element.text))
    return ids, sorted(refs)


_CRAFTED = b"""<!doctype html><html><head><style>body{background:url(bg.png)}</style>
<link rel="stylesheet" href="a.css"><link rel="canonical" href="http://x/"><meta property="og:image" content="i.png">
<meta name="description" content="not a url"></head><body id="top"><a name="old">n</a><a id="" href="#top">t</a>
<div style="background-image:url('d.png')"><img src="p.png" srcset="p1.png 1x, p2.png 2x" alt=""></div>
<form action="/send"></form><picture><source srcset="s.webp"></picture><svg><image href="v.png"/></svg>
<!-- <a href="commented.html"> --><span class="n">x</span><area href="map.html"><iframe src="f.html"></iframe>
</body></html>"""


def test_page_summaries_equal_visiting_every_element(build_site_at, sample_content):
    result = build_site_at(sample_content)
    assert result.ok, result.stderr_text
    pages = [_CRAFTED, *(path.read_bytes() for path in sorted(result.output.rglob("*.html")))]
    assert len(pages) > 20
    for data in pages:
        page = parse_html(data)
        ids, refs = _reference_summary(data)
        assert page.ids == ids
        assert sorted((r.line, r.element, r.url) for r in page.refs) == refs


_URLS = st.sampled_from(["#top", "../a/", "/b/index.html", "https://elsewhere.example/x", "mailto:me@x.y",
                         "", "?q=1", "//host/p", "c.html#frag", "data:,x"])


@settings(max_examples=60, deadline=None)
@given(st.lists(_URLS, max_size=12), st.sets(st.sampled_from(["a", "b", "top", "é"]), max_size=4),
       st.sampled_from(["", "https://user.github.io/repo"]), st.booleans())
def test_a_page_summary_survives_pickling_as_it_was(urls, ids, siteurl, resolved):
    # Page summaries pickle as plain tuples (workers send them; the page record keeps them): what
    # comes back must be the same Page, with the same Ref, Target and External types.
    import pickle

    from foothold.linkcheck.pages import Page, Ref

    page = Page(set(ids), [Ref(n or None, "a href", url, n % 2 == 0) for n, url in enumerate(urls)])
    if resolved:
        page.resolve(SiteUrl(siteurl), "posts/x/index.html")
    again = pickle.loads(pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == page
    assert [type(ref) for ref in again.refs] == [type(ref) for ref in page.refs]
    assert [type(t) for t in again.targets or []] == [type(t) for t in page.targets or []]


# Pieces of inline (and some block) Markdown: every character a core inline pattern looks for,
# alone and in the shapes that make links, images, code spans, emphasis, HTML, entities, escapes
# and line breaks, plus plain words.
_MARKDOWN_PIECES = st.sampled_from([
    "word", " ", "  \n", "\n", "\n\n", "*", "**", "_", "__", "`", "``", "\\", "\\*", "[", "]", "(", ")",
    "!", "![", "<", ">", "&", "&amp;", "&#169;", "&copy", "<b>", "</b>", "<span class=\"x\">", "<!-- c -->",
    "<https://example.com/a>", "<me@example.com>", "[a](b)", "[ref]", "[ref]: /to \"T\"\n", "![alt](i.png)",
    "`code`", "*em*", "**strong**", "_u_", "x_y_z", "[^1]", "\n[^1]: A note.\n", "*[HTML]: Hyper\n",
    "# ", "- ", "1. ", "> ", "    ", "```\n", "é", "漢",
])
_MARKDOWN = st.lists(_MARKDOWN_PIECES, max_size=40).map("".join)
_PLAIN_RENDERER = None
_SKIPPING_RENDERER = None


def _sample_markdown_settings() -> dict:
    """The MARKDOWN setting of the fixture project, with its extensions listed as in a build."""
    import tempfile

    from pelican.readers import MarkdownReader

    from foothold.config import load_settings

    with tempfile.TemporaryDirectory() as folder:  # the settings outlive the project they came from
        project = make_project(Path(folder) / "project", content=None)
        settings = load_settings(project, overrides={"PATH": str(SAMPLE_CONTENT)})
    MarkdownReader(settings)  # lists the configured extensions in MARKDOWN, as in a build
    return settings["MARKDOWN"]


def _renderers():
    global _PLAIN_RENDERER, _SKIPPING_RENDERER
    if _PLAIN_RENDERER is None:
        markdown_settings = _sample_markdown_settings()
        assert "markdown.extensions.extra" in markdown_settings["extensions"]
        _PLAIN_RENDERER = BodyRenderer(markdown_settings, skip_inline=False)
        _SKIPPING_RENDERER = BodyRenderer(markdown_settings)
    return _PLAIN_RENDERER, _SKIPPING_RENDERER


@settings(max_examples=600, deadline=None)
@given(_MARKDOWN)
def test_skipping_inline_patterns_renders_what_markdown_renders(text):
    plain, skipping = _renderers()
    assert skipping.render(text) == plain.render(text)


def test_every_core_inline_pattern_is_skippable_and_the_sample_site_renders_alike():
    plain, skipping = _renderers()
    skipping.render("x")
    processor = skipping._md.treeprocessors["inline"]
    assert isinstance(processor, SkippingInlineProcessor), "the project's Markdown no longer skips"
    # A pattern that is not known is always searched; every pattern the project's Markdown uses
    # is known, or an upgrade of Python-Markdown silently lost the fast path.
    assert [name for name, pattern in zip(skipping._md.inlinePatterns._priority, skipping._md.inlinePatterns)
            if needs(pattern) is None] == []
    sources = sorted(SAMPLE_CONTENT.rglob("*.md"))
    assert len(sources) > 10
    for source in sources:
        body = source.read_text(encoding="utf-8").partition("\n\n")[2]
        assert skipping.render(body) == plain.render(body), source


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["C++", "Node.js", "é", "漢字", " ", "-", "<b>", "</b>", "&amp;", "A", "z", "_",
                                 "Ünïcode", "'", "--", "3.14", "\t"]), max_size=12).map("".join),
       st.booleans(), st.booleans())
def test_memoised_slugify_equals_pelicans(value, preserve_case, use_unicode):
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    from speed.render_memo import SlugMemo

    memo = SlugMemo()  # not installed: its slugify is called directly
    for subs in (DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"], [["\\+", "plus"]], ()):
        for _ in range(2):  # the second call is answered from the memo
            assert memo.slugify(value, regex_subs=subs, preserve_case=preserve_case, use_unicode=use_unicode) == \
                slugify(value, regex_subs=subs, preserve_case=preserve_case, use_unicode=use_unicode)


_CODE_POST = """Title: Code
Date: 2026-03-01
Category: Learning log
Summary: Blocks.

Some prose.

```python
def first():
    return 1
```

    indented = "codehilite's own block"

```javascript
const second = () => 2;
```
"""


def test_a_highlighted_block_comes_from_the_block_cache_as_pygments_made_it(tmp_path, monkeypatch):
    from speed import highlight
    from speed.bodies import block_cache
    from speed.markdown_cache import MarkdownCache

    configs = {"markdown.extensions.codehilite": {"css_class": "highlight", "guess_lang": False},
               "markdown.extensions.fenced_code": {}}
    markdown = {"extensions": list(configs), "extension_configs": configs, "output_format": "html5"}
    plain = BodyRenderer(markdown).render(_CODE_POST.split("\n\n", 1)[1])
    calls = []
    original = highlight.pygments_hilite
    monkeypatch.setattr(highlight, "pygments_hilite", lambda block, shebang=True: calls.append(block.src) or original(block, shebang))
    cache = MarkdownCache(tmp_path / "blocks", "generation")

    def render(body: str) -> str:
        highlight.use(block_cache(cache))  # as a development build's Bodies does
        try:
            return BodyRenderer(markdown).render(body)
        finally:
            highlight.use(None)

    body = _CODE_POST.split("\n\n", 1)[1]
    assert 'class="highlight"' in plain
    assert render(body) == plain and len(calls) == 3
    cache.flush()
    cache = MarkdownCache(tmp_path / "blocks", "generation")  # as the next build reads it
    edited = body.replace("Some prose.", "Some edited prose.")
    assert render(edited) == BodyRenderer(markdown).render(edited)
    assert len(calls) == 3 + 3  # the plain render of the edit highlighted its 3; the cached render none
    assert render(body.replace("return 1", "return 10")).count("10") >= 1
    assert len(calls) == 7  # only the changed block


# The math pattern as it was first written (the lookbehind before the opening $): the plain way
# the faster expression in content_model/math.py must agree with.
_MATH_AS_WRITTEN = re.compile(
    r"""\$\$(?P<dd>(?:[^$\\]|\\.)+?)\$\$
      | \\\[(?P<bd>.+?)\\\]
      | \\\((?P<bi>.+?)\\\)
      | (?<![\\$\w])\$(?![\s$])(?P<di>(?:[^$\\\n]|\\.|\n(?!\n))+?)(?<![\s\\])\$(?![\w$])
    """,
    re.X | re.S,
)
_TEXISH = st.lists(st.sampled_from(["$", "$$", "\\(", "\\)", "\\[", "\\]", "\\", "\\$", "a", "x1", " ", "\n",
                                    "\n\n", "_", "{", "}", "5", "é", "漢", "`", "[", "]", "(", ")"]),
                   max_size=24).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_TEXISH, st.integers(min_value=0, max_value=30))
def test_math_pattern_finds_what_the_pattern_as_written_finds(text, start):
    from content_model.math import FORMULA

    start = min(start, len(text))
    fast, plain = FORMULA.search(text, start), _MATH_AS_WRITTEN.search(text, start)
    assert (fast and (fast.span(), fast.groupdict())) == (plain and (plain.span(), plain.groupdict()))


_CODE_SAMPLES = {
    "python": 'def f(x: int = 3) -> str:\n    """Doc."""\n    return f"{x!r}"  # note\n\n@dec\nclass A(B): pass\n',
    "javascript": "const a = async (b) => { await fetch(`/x/${b}`); return /re+/g.test(b) ?? null; };\n",
    "typescript": "interface P { id: number; name?: string }\nexport const p: P = { id: 1 } as P;\n",
    "css": ".a > b:hover, #c::before { color: #fff !important; grid-template: 'x' 1fr / auto; }\n",
    "html": '<!doctype html>\n<a href="/x?y=1&amp;z">t</a><script>let s = "<b>";</script>\n',
    "bash": 'for f in *.md; do echo "$f" | sed -e \'s/a/b/\' > /dev/null 2>&1; done\n',
    "json": '{"a": [1, 2.5, true, null], "b": {"c": "d"}}\n',
    "yaml": "a: 1\nb: [x, y]\nc: |\n  text\n# comment\n",
    "sql": "SELECT a, COUNT(*) FROM t WHERE b LIKE 'x%' GROUP BY a HAVING COUNT(*) > 1;\n",
    "diff": "--- a\n+++ b\n@@ -1 +1 @@\n-old\n+new\n",
    "rust": "fn main() { let v: Vec<u8> = vec![1, 2]; println!(\"{:?}\", v); }\n",
    "go": "package main\nimport \"fmt\"\nfunc main() { fmt.Println(\"hi\") }\n",
    "text": "plain <text> & more\n",
}
_FORMATTER_OPTIONS = [
    {}, {"linenos": "table"}, {"linenos": "inline"}, {"linenos": "table", "linenostart": 7, "linenospecial": 2},
    {"hl_lines": [1, 2]}, {"linenos": "inline", "anchorlinenos": True, "lineanchors": "l"}, {"linespans": "s"},
    {"cssclass": "highlight", "wrapcode": False},
]


def test_code_highlighted_with_the_themes_empty_style_is_what_the_default_style_gives():
    from markdown.extensions.codehilite import CodeHilite

    from content_model.code_html import StyledByTheme

    for lang, code in _CODE_SAMPLES.items():
        for options in _FORMATTER_OPTIONS:
            plain = CodeHilite(code, lang=lang, style="default", **options).hilite()
            fast = CodeHilite(code, lang=lang, style=StyledByTheme, **options).hilite()
            assert fast == plain, (lang, options)
            assert '<span class="' in fast or lang == "text"


def test_the_build_highlights_with_the_themes_style_and_renders_the_sample_site_alike():
    import copy

    from content_model.settings import configure_markdown

    markdown = _sample_markdown_settings()
    settings = {"MARKDOWN": markdown}
    configure_markdown(settings)
    hilite = markdown["extension_configs"]["markdown.extensions.codehilite"]
    assert hilite["pygments_style"].__name__ == "StyledByTheme"
    default = copy.deepcopy(markdown)
    default["extension_configs"]["markdown.extensions.codehilite"]["pygments_style"] = "default"
    fast, plain = BodyRenderer(markdown), BodyRenderer(default)
    sources = sorted(SAMPLE_CONTENT.rglob("*.md"))
    rendered = 0
    for source in sources:
        body = source.read_text(encoding="utf-8").partition("\n\n")[2]
        html = fast.render(body)
        assert html == plain.render(body), source
        rendered += '<div class="highlight">' in html
    assert rendered >= 3  # the sample has code in several posts
    fenced = "```python\nprint(1)\n```\n\n    indented = 1\n"
    assert fast.render(fenced) == plain.render(fenced) and fast.render(fenced).count('<span class="') >= 4

    # Inline styles are written from the style: an author's noclasses keeps the default one.
    inline = {"MARKDOWN": {"extension_configs": {"markdown.extensions.codehilite": {"noclasses": True}}}}
    configure_markdown(inline)
    assert "pygments_style" not in inline["MARKDOWN"]["extension_configs"]["markdown.extensions.codehilite"]
    own = {"MARKDOWN": {"extension_configs": {"markdown.extensions.codehilite": {"pygments_style": "monokai"}}}}
    configure_markdown(own)
    assert own["MARKDOWN"]["extension_configs"]["markdown.extensions.codehilite"]["pygments_style"] == "monokai"
