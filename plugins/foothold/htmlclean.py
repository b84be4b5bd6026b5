"""Imported HTML made safe, then turned into Markdown (FAULTS 22).

Two libraries do the work: nh3 (the Ammonia sanitizer, an allow-list parsed like a browser parses)
removes ``<script>``, ``<style>``, ``<iframe>`` and the like *with their content*, every ``on*``
event attribute and ``javascript:`` URLs; markdownify writes Markdown from what is left.
feedparser has a sanitizer of its own, but it parses ``<script>`` bodies as markup and let an
``<img>`` built inside a ``document.write`` string through in our tests, so the importer reads
feeds with it switched off and sanitizes here.

Three steps are ours, because Markdown lets raw HTML through wherever the Markdown syntax ends
early: markdownify unescapes text, so ``&lt;script&gt;`` written as *text* would become a real tag
(``escape`` writes ``<`` and ``&`` back as entities; code is left alone, Markdown escapes it);
a code sample containing ``` would close markdownify's fence (``convert_pre`` uses a longer one);
and a URL containing ``)`` or ``<`` would close its link (``safe_url`` percent-encodes them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlparse

import nh3
from markdownify import MarkdownConverter

DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "noscript", "template",
                                  "svg", "math", "form", "button", "select", "textarea"})
# The language of a code block, as the tools that write feeds mark it: ``language-x`` (Markdown,
# Rouge's wrapper div, Chroma), ``lang-x``, ``highlight-x`` / ``highlight-source-x`` (Sphinx-style
# Pygments wrappers, GitHub), ``sourceCode x`` (pandoc), ``brush: x;`` (WordPress SyntaxHighlighter)
# and ``data-lang="x"`` (Chroma, Hugo).
_LANGUAGE = re.compile(r"^(?:language|lang|highlight|highlight-source)-([\w+#.-]+)$")
_NO_LANGUAGE = {"plaintext": "text", "plain": "text", "nohighlight": "", "none": "", "no-highlight": ""}
_PANDOC_FLAGS = frozenset({"sourceCode", "numberSource", "number-lines", "numberLines"})
# Characters a URL may keep inside Markdown's (...) and <...>: no spaces, parentheses, angle
# brackets, quotes or backticks, which could end the link early and let the rest become raw HTML.
_URL_SAFE = "/:?#[]@!$&'*+,;=%~-._"


def safe_url(url: str) -> str:
    return quote(url, safe=_URL_SAFE)


def _attributes() -> dict[str, set[str]]:
    allowed = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
    for tag in ("pre", "code", "div"):
        # The language of a code block (class, data-lang), also on the wrapper divs of highlighters.
        allowed.setdefault(tag, set()).update({"class", "data-lang"})
    return allowed


def sanitize(html: str, base_url: str | None = None) -> str:
    """HTML with only harmless tags and attributes; relative links and images made absolute."""

    def absolute(tag, attribute, value):
        if attribute == "title":
            return None  # Markdown would carry it as a quoted string; the text says enough
        if attribute in ("href", "src") and base_url:
            return urljoin(base_url, value)
        return value

    return nh3.clean(
        html,
        tags=set(nh3.ALLOWED_TAGS) - DROPPED_WITH_CONTENT,
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=_attributes(),
        attribute_filter=absolute,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )


def _classes(element) -> list[str]:
    value = element.get("class") or ()
    return value.split() if isinstance(value, str) else list(value)


def _language_of(element) -> str | None:
    if element.get("data-lang"):
        return element["data-lang"].strip()
    classes = _classes(element)
    for index, name in enumerate(classes):
        match = _LANGUAGE.match(name)
        if match:
            return match.group(1)
        if name == "sourceCode":
            others = [c for c in classes if c not in _PANDOC_FLAGS]
            if others:
                return others[0]
        if name.startswith("brush:"):
            rest = name[len("brush:"):] or (classes[index + 1] if index + 1 < len(classes) else "")
            if rest.strip(";"):
                return rest.strip(";")
    return None


def code_language(pre) -> str:
    """The language of a ``<pre>`` block: on its ``<code>``, itself, or a highlighter's wrapper div."""
    candidates = [pre.find("code"), pre]
    parent = pre.parent
    for _ in range(3):  # Rouge: div.language-x > div.highlight > pre
        if parent is None or parent.name != "div":
            break
        candidates.append(parent)
        parent = parent.parent
    for element in candidates:
        if element is None or not hasattr(element, "get"):
            continue
        language = _language_of(element)
        if language:
            language = language.lower()
            return _NO_LANGUAGE.get(language, language) if re.fullmatch(r"[\w+#.-]+", language) else ""
    return ""


class FootholdConverter(MarkdownConverter):
    """markdownify with safe text, fenced code with its language, images as Markdown images."""

    def __init__(self, **options):
        options.setdefault("heading_style", "ATX")
        options.setdefault("bullets", "-")
        options.setdefault("code_language_callback", code_language)
        super().__init__(**options)
        self.images: list[tuple[str, str]] = []   # (absolute src as written, alt text)
        self.languages: list[str] = []             # the language of each code block that has one

    def escape(self, text, parent_tags):
        text = super().escape(text, parent_tags)
        return text.replace("&", "&amp;").replace("<", "&lt;")

    def convert_a(self, el, text, parent_tags):
        if el.get("href"):
            el["href"] = safe_url(el["href"])
        return super().convert_a(el, text, parent_tags)

    def convert_pre(self, el, text, parent_tags):
        """A fenced block whose fence is longer than any run of backticks in the code: a code
        sample containing ``` must not end the block early and turn its rest into raw HTML."""
        code = text.strip("\n")
        if not code:
            return ""
        longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
        fence = "`" * max(3, longest + 1)
        language = code_language(el)
        if language:
            self.languages.append(language)
        return f"\n\n{fence}{language}\n{code}\n{fence}\n\n"

    def convert_img(self, el, text, parent_tags):
        src = el.get("src") or ""
        alt = " ".join((el.get("alt") or "").split())
        label = self.escape(alt.replace("[", "(").replace("]", ")"), parent_tags)
        if urlparse(src).scheme in ("http", "https"):
            # Kept as an image at its address; the importer may copy it into the site (pictures of the
            # feed's own site) and reports the rest, which `invoke check` calls off-site requests.
            self.images.append((safe_url(src), alt))
            return f"![{label}]({safe_url(src)})"
        # A relative picture with no page to resolve it against: only its description survives.
        return f"(Image: {label or 'image'})"


@dataclass
class Converted:
    markdown: str
    images: list[tuple[str, str]] = field(default_factory=list)  # (URL as written in the Markdown, alt)
    languages: list[str] = field(default_factory=list)


def to_markdown(html: str, base_url: str | None = None) -> Converted:
    """Markdown for a fragment of untrusted HTML, with the images and code languages it kept."""
    converter = FootholdConverter()
    markdown = converter.convert(sanitize(html, base_url))
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip()
    return Converted((markdown + "\n") if markdown else "", converter.images, converter.languages)


def plain_text(html: str) -> str:
    """One line of text from an HTML fragment (for Summary)."""
    from markupsafe import Markup

    return " ".join(Markup(sanitize(html)).striptags().split())
