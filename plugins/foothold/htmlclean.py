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
from urllib.parse import quote, urljoin, urlparse

import nh3
from markdownify import MarkdownConverter

DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "noscript", "template",
                                  "svg", "math", "form", "button", "select", "textarea"})
_LANGUAGE = re.compile(r"^(?:language|lang)-([\w+#.-]+)$")
# Characters a URL may keep inside Markdown's (...) and <...>: no spaces, parentheses, angle
# brackets, quotes or backticks, which could end the link early and let the rest become raw HTML.
_URL_SAFE = "/:?#[]@!$&'*+,;=%~-._"


def safe_url(url: str) -> str:
    return quote(url, safe=_URL_SAFE)


def _attributes() -> dict[str, set[str]]:
    allowed = {tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()}
    for tag in ("pre", "code"):
        allowed.setdefault(tag, set()).add("class")  # the language of a code block
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


def _code_language(pre) -> str:
    for element in (pre, pre.find("code")):
        if element is None:
            continue
        for name in element.get("class") or ():
            match = _LANGUAGE.match(name)
            if match:
                return match.group(1)
    return ""


class FootholdConverter(MarkdownConverter):
    """markdownify with safe text, fenced code with its language, and remote images as links."""

    def __init__(self, **options):
        options.setdefault("heading_style", "ATX")
        options.setdefault("bullets", "-")
        options.setdefault("code_language_callback", _code_language)
        super().__init__(**options)
        self.remote_images: list[str] = []

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
        return f"\n\n{fence}{_code_language(el)}\n{code}\n{fence}\n\n"

    def convert_img(self, el, text, parent_tags):
        src = el.get("src") or ""
        alt = " ".join((el.get("alt") or "").split()) or "image"
        label = self.escape(alt.replace("[", "(").replace("]", ")"), parent_tags)
        if urlparse(src).scheme in ("http", "https"):
            # A site that loads nothing from elsewhere (SPEC 7): keep a link, the author can
            # download the picture into content/images/ and point an image at it.
            self.remote_images.append(src)
            return f"[Image: {label}]({safe_url(src)})"
        # A relative picture with no page to resolve it against: only its description survives.
        return f"(Image: {label})"


def to_markdown(html: str, base_url: str | None = None) -> tuple[str, list[str]]:
    """(Markdown, remote image URLs turned into links) for a fragment of untrusted HTML."""
    converter = FootholdConverter()
    markdown = converter.convert(sanitize(html, base_url))
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip()
    return (markdown + "\n") if markdown else "", converter.remote_images


def plain_text(html: str) -> str:
    """One line of text from an HTML fragment (for Summary)."""
    from markupsafe import Markup

    return " ".join(Markup(sanitize(html)).striptags().split())
