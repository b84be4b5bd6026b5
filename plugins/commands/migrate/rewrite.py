"""Body rewrites with a sure mapping, and what is left for the author.

Each rewrite is a small regular expression over the text outside fenced code blocks: Liquid and
Hugo shortcodes have no Python-Markdown reader, and the rewrites must leave every other byte of
the author's text as it was (a Markdown round trip would reformat it).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_HIGHLIGHT = re.compile(r"^(\s*)\{%-?\s*highlight\s+([\w+#.-]+)[^%]*-?%\}\s*(.*)$")
_END_HIGHLIGHT = re.compile(r"^(.*?)\{%-?\s*endhighlight\s*-?%\}\s*$")
_HUGO_HIGHLIGHT = re.compile(r"^(\s*)\{\{<\s*highlight\s+([\w+#.-]+)[^>]*>\}\}\s*(.*)$")
_HUGO_END_HIGHLIGHT = re.compile(r"^(.*?)\{\{<\s*/\s*highlight\s*>\}\}\s*$")
_RAW = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")
_POST_URL = re.compile(r"\{%-?\s*post_url\s+([^\s%]+)\s*-?%\}")
_LINK = re.compile(r"\{%-?\s*link\s+([^\s%]+)\s*-?%\}")
_SITE_VAR = re.compile(r"\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\}")
_REF = re.compile(r"""\{\{[<%]\s*(?:rel)?ref\s+"?([^"\s>%]+)"?\s*[>%]\}\}""")
_FIGURE = re.compile(r"""\{\{<\s*figure\s+([^>]*?)\s*/?>\}\}""")
_ATTR = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_PIPES = re.compile(r"\|(filename|static|attach|category|tag|author|index)\|")
_MD_URL = re.compile(r"(\]\(\s*<?)([^)\s>]+)(>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\))")
_REF_DEF = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*<?)(\S+?)(>?(?:\s.*)?)$")
_HTML_URL = re.compile(r"""(<(?:a|img|source|video|audio)\b[^>]*?\s(?:href|src)\s*=\s*["'])([^"']+)(["'])""", re.I)
_LEFT = [
    (re.compile(r"\{%-?\s*(\w+)[^%]*%\}"), "the Liquid tag {%% %s %%} has no Foothold form",
     "replace it by Markdown (an include: paste its text) or remove it"),
    (re.compile(r"\{\{-?\s*([\w.]+)[^}]*\}\}"), "the Liquid value {{ %s }} has no Foothold form",
     "write the value itself, or remove it"),
    (re.compile(r"\{\{[<%]\s*/?\s*([\w-]+)[^}]*[>%]\}\}"), "the Hugo shortcode %s has no Foothold form",
     "replace it by Markdown (an embed: a link to it) or remove it"),
]


@dataclass
class Site:
    """What a link can point at: old URLs of migrated files and the static files copied."""

    by_url: dict[str, str] = field(default_factory=dict)      # old URL path -> path under content/
    by_name: dict[str, str] = field(default_factory=dict)     # source file name or stem -> path under content/
    by_source: dict[str, str] = field(default_factory=dict)   # old content-relative source path -> new path
    statics: set[str] = field(default_factory=set)            # paths under content/ of copied files
    static_roots: dict[str, str] = field(default_factory=dict)  # URL prefix -> folder under content/
    site_urls: list[str] = field(default_factory=list)
    headings: dict[str, list[str]] = field(default_factory=dict)  # path under content/ -> heading texts
    explicit_ids: dict[str, set] = field(default_factory=dict)   # path under content/ -> id="..." / name="..."
    static_urls: dict[str, str] = field(default_factory=dict)   # exact old URL path -> path under content/
    taxonomy_urls: list = field(default_factory=list)          # (kind, pattern) of old tag/category pages
    taxonomies: dict[str, set] = field(default_factory=dict)   # "tag"/"category" -> slugs the posts have
    old_url_of: dict[str, str] = field(default_factory=dict)   # path under content/ -> its old URL
    by_last: dict[str, set] = field(default_factory=dict)      # file stem or slug -> paths under content/

    def fix_fragment(self, target: str, fragment: str) -> str | None:
        """The id Foothold gives the heading an old anchor meant, when only one can be meant: the
        same words slugified (case, dots, Unicode), or the MD5 of the heading's text (the ids some
        Pelican heading plugins made)."""
        import hashlib

        from content_model.anchors import heading_slug

        texts = self.headings.get(target)
        if not texts:
            return None
        ids, seen = [], {}
        for text in texts:  # as Python-Markdown's toc makes them unique: slug, slug_1, slug_2...
            base = heading_slug(text, "-")
            count = seen.get(base, 0)
            seen[base] = count + 1
            ids.append(base if count == 0 else f"{base}_{count}")
        wanted = unquote(fragment)
        if wanted in ids:
            return None
        if re.fullmatch(r"[0-9a-f]{32}", wanted):
            found = [ident for text, ident in zip(texts, ids) if hashlib.md5(text.encode("utf-8")).hexdigest() == wanted]
        else:
            as_slug = heading_slug(wanted, "-")
            found = [ident for ident in ids if ident == as_slug or ident == wanted.lower()]
        return found[0] if len(set(found)) == 1 else None

    def is_missing_anchor(self, target: str, fragment: str) -> bool:
        from content_model.anchors import heading_slug

        texts = self.headings.get(target)
        if texts is None:
            return False
        ids = {heading_slug(text, "-") for text in texts} | self.explicit_ids.get(target, set())
        wanted = unquote(fragment)
        return wanted not in ids and not any(ident.startswith(wanted + "_") for ident in ids) and wanted != "top"

    def page_for(self, url_path: str) -> str | None:
        path = url_path.split("#")[0].split("?")[0]
        path = unquote(path)
        for candidate in (path, path.rstrip("/") + "/", path.removesuffix("index.html"),
                          path.rstrip("/") + ".html", path.removesuffix(".html") + "/"):
            if candidate in self.by_url:
                return self.by_url[candidate]
        return None

    def taxonomy_for(self, url_path: str) -> str | None:
        """'{tag}slug' / '{category}slug' for a link to the old blog's page of a tag or category
        that the migrated posts have (Pelican writes the new site's URL for it)."""
        path = unquote(url_path.split("#")[0].split("?")[0])
        for kind, pattern in self.taxonomy_urls:
            match = pattern.match(path)
            if match and match.group("slug") in self.taxonomies.get(kind, ()):
                return "{" + kind + "}" + match.group("slug")
        return None

    def moved_page_for(self, url_path: str) -> str | None:
        """The one migrated file whose name or slug is the URL's last segment: an old address of a
        page that now lives under another folder ('/codes/snippets/x' for code/x.md). Only when
        exactly one file has that name: two would make it a guess."""
        path = unquote(url_path.split("#")[0].split("?")[0]).rstrip("/")
        last = re.sub(r"\.html?$", "", path.rsplit("/", 1)[-1])
        found = self.by_last.get(last) or set()
        return next(iter(found)) if len(found) == 1 else None

    def static_for(self, url_path: str) -> str | None:
        path = unquote(url_path.split("#")[0].split("?")[0])
        if path in self.static_urls:
            return self.static_urls[path]
        for prefix, folder in sorted(self.static_roots.items(), key=lambda kv: -len(kv[0])):
            if path.startswith(prefix):
                candidate = folder + path[len(prefix):]
                if candidate in self.statics:
                    return candidate
        return None


@dataclass
class Rewritten:
    text: str
    changes: list[str] = field(default_factory=list)
    left: list[tuple[int, str, str]] = field(default_factory=list)   # (line in the body, problem, fix)


def _count(changes: list[str], what: str) -> None:
    changes.append(what)


def rewrite_body(body: str, site: Site, doc_out: str, old_source: str) -> Rewritten:
    result = Rewritten("")
    out_lines = []
    fence = None
    highlight = None
    for number, line in enumerate(body.split("\n"), start=1):
        if highlight is not None:
            end = (_END_HIGHLIGHT if highlight == "liquid" else _HUGO_END_HIGHLIGHT).match(line)
            if end:
                if end.group(1).strip():
                    out_lines.append(end.group(1))
                out_lines.append("```")
                highlight = None
            else:
                out_lines.append(line)
            continue
        if fence is not None:
            out_lines.append(line)
            match = _FENCE.match(line)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) and not line.strip()[len(match.group(1)):].strip():
                fence = None
            continue
        match = _FENCE.match(line)
        if match:
            fence = match.group(1)
            out_lines.append(line)
            continue
        for pattern, kind in ((_HIGHLIGHT, "liquid"), (_HUGO_HIGHLIGHT, "hugo")):
            start = pattern.match(line)
            if start:
                language = {"rb": "ruby", "sh": "shell", "js": "javascript", "raw": "text"}.get(start.group(2), start.group(2))
                out_lines.append(f"{start.group(1)}```{language}")
                if start.group(3).strip():
                    out_lines.append(start.group(3))
                highlight = kind
                _count(result.changes, f"{'{% highlight %}' if kind == 'liquid' else '{{< highlight >}}'} -> fenced code")
                break
        if highlight is not None:
            continue
        out_lines.append(_rewrite_line(line, number, site, doc_out, old_source, result))
    if highlight is not None:
        out_lines.append("```")
        result.left.append((len(out_lines), "a highlight block is never closed", "check where the code block ends"))
    result.text = "\n".join(out_lines)
    return result


def _link_to(target: str, doc_out: str) -> str:
    return "{filename}/" + target


def _rewrite_url(url: str, site: Site, doc_out: str, result: Rewritten, number: int, indented: bool = False) -> str:
    original = url
    for own in site.site_urls:
        own_bare = re.sub(r"^https?:", "", own)
        for prefix in (own, "http:" + own_bare, "https:" + own_bare):
            if url.startswith(prefix + "/") or url == prefix or url.startswith(prefix + "#"):
                url = url[len(prefix):] or "/"
                break
        if url is not original:
            break
    if url.startswith("//") or re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I) or url.startswith(("#", "{", "|", "?")):
        return original
    relative = not url.startswith("/")
    if relative and indented:
        return original  # maybe an indented code block: the build checks what it really is
    if relative:
        # Relative to the page's old address: after the move it would point elsewhere.
        base = site.old_url_of.get(doc_out)
        if not base or not re.fullmatch(r"[A-Za-z0-9_.~%+/-]+(?:#\S*)?", url):
            return original  # no URL-like path: words in a footnote or a reference's title
        url = urljoin("http://old.invalid" + base, url)[len("http://old.invalid"):]
    fragment = ("#" + url.split("#", 1)[1]) if "#" in url else ""
    path = url.split("#")[0].split("?")[0]
    if path in ("/", "/index.html") and not relative:
        _count(result.changes, "link to the blog's home page -> {index}")
        return "{index}" + fragment
    page = site.page_for(url)
    if page is not None:
        _count(result.changes, "link to the blog's own page -> {filename}")
        return _link_to(page, doc_out) + fragment
    static = site.static_for(url)
    if static is not None:
        _count(result.changes, "link to the blog's own file -> {static}")
        return "{static}/" + static
    taxonomy = site.taxonomy_for(url)
    if taxonomy is not None:
        _count(result.changes, f"link to the old {taxonomy[1:taxonomy.index('}')]} page -> {taxonomy.split('}')[0]}}}")
        return taxonomy
    moved = site.moved_page_for(url)
    if moved is not None:
        _count(result.changes, "link to an old address of a page now in another folder (same name) -> {filename}")
        return _link_to(moved, doc_out) + fragment
    where = f" (from its old URL {site.old_url_of.get(doc_out)}: {url.split('#')[0]})" if relative else ""
    result.left.append((number, f"the link {original}{where} points at the old site, at no migrated page or file",
                        "link to the post with {filename}/posts/NAME.md, or to a file under content/ with "
                        "{static}/PATH, or remove the link"))
    return original


def _fix_anchor(url: str, site: Site, doc_out: str, result: Rewritten, number: int) -> str:
    if "#" not in url:
        return url
    path, fragment = url.split("#", 1)
    if not path:
        target = doc_out
    elif path.startswith("{filename}"):
        rest = path[len("{filename}"):]
        target = rest.lstrip("/") if rest.startswith("/") else posixpath.normpath(
            posixpath.join(posixpath.dirname(doc_out), rest))
    else:
        return url
    fixed = site.fix_fragment(unquote(target), fragment)
    if fixed is None:
        if site.is_missing_anchor(unquote(target), fragment):
            result.left.append((number, f"the anchor #{unquote(fragment)} names no heading of {target}",
                                "link to a heading's id (the heading's words, lower-case, joined by -)"))
        return url
    _count(result.changes, "#anchor -> the heading's id here")
    return f"{path}#{fixed}"


_ATX = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")


def heading_texts(body: str) -> list[str]:
    """The h1-h6 texts of a Markdown body, inline markup removed, code blocks skipped."""
    texts, fence, previous = [], None, ""
    for line in body.split("\n"):
        match = _FENCE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0]:
                fence = None
            continue
        if match:
            fence = match.group(1)
            continue
        atx = _ATX.match(line)
        if atx and not line.startswith(("    ", "\t")):
            texts.append(_plain(atx.group(1)))
        elif _SETEXT.match(line) and previous.strip() and not previous.startswith(("    ", "\t", "-", "*", "#")):
            texts.append(_plain(previous.strip()))
        previous = line
    return texts


def _plain(text: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return text.replace("`", "").replace("**", "").strip()


def _rewrite_line(line: str, number: int, site: Site, doc_out: str, old_source: str, result: Rewritten) -> str:
    # Inline code spans are left as written: `{% post_url x %}` in a post about Jekyll is prose.
    parts = re.split(r"(`+[^`]*`+)", line)
    for index in range(0, len(parts), 2):
        parts[index] = _rewrite_text(parts[index], number, site, doc_out, old_source, result)
    return "".join(parts)


def _rewrite_text(text: str, number: int, site: Site, doc_out: str, old_source: str, result: Rewritten) -> str:
    if not text:
        return text

    def raw(match):
        _count(result.changes, "{% raw %} removed")
        return ""

    text = _RAW.sub(raw, text)

    def site_var(match):
        _count(result.changes, "{{ site.baseurl }} removed")
        return ""

    text = _SITE_VAR.sub(site_var, text)

    def post_url(match):
        name = match.group(1).strip("'\"")
        target = site.by_name.get(name) or site.by_name.get(posixpath.basename(name))
        if target is None:
            result.left.append((number, f"{{% post_url {name} %}} names no migrated post", "link to the post with {filename}"))
            return match.group(0)
        _count(result.changes, "{% post_url %} -> {filename}")
        return _link_to(target, doc_out)

    text = _POST_URL.sub(post_url, text)

    def link(match):
        name = match.group(1).strip("'\"")
        target = site.by_source.get(name.lstrip("/")) or site.by_name.get(posixpath.basename(name))
        if target is None:
            static = site.static_for("/" + name.lstrip("/"))
            if static:
                _count(result.changes, "{% link %} -> {static}")
                return "{static}/" + static
            result.left.append((number, f"{{% link {name} %}} names no migrated file", "link with {filename} or {static}"))
            return match.group(0)
        _count(result.changes, "{% link %} -> {filename}")
        return _link_to(target, doc_out)

    text = _LINK.sub(link, text)

    def ref(match):
        name = match.group(1).split("#")[0]
        fragment = ("#" + match.group(1).split("#", 1)[1]) if "#" in match.group(1) else ""
        key = name.lstrip("/")
        target = (site.by_source.get(key) or site.by_source.get(key + ".md") or site.by_name.get(posixpath.basename(key))
                  or site.by_name.get(posixpath.basename(key).rsplit(".", 1)[0]))
        if target is None:
            result.left.append((number, f"the Hugo ref {name} names no migrated file", "link with {filename}/posts/NAME.md"))
            return match.group(0)
        _count(result.changes, "{{< ref >}} -> {filename}")
        return _link_to(target, doc_out) + fragment

    text = _REF.sub(ref, text)

    def figure(match):
        attrs = {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None) for m in _ATTR.finditer(match.group(1))}
        src = attrs.get("src")
        if not src:
            return match.group(0)
        alt = attrs.get("alt") or attrs.get("caption") or attrs.get("title") or ""
        _count(result.changes, "{{< figure >}} -> Markdown image")
        return f"![{alt}]({src})"

    text = _FIGURE.sub(figure, text)

    def pipes(match):
        _count(result.changes, f"|{match.group(1)}| -> {{{match.group(1)}}}")
        return "{" + match.group(1) + "}"

    text = _PIPES.sub(pipes, text)

    def moved(match_text: str) -> str:
        # Pelican {filename}/path links are relative to the content folder, which the posts left.
        for what in ("filename", "attach", "static"):
            prefix = "{" + what + "}/"
            if match_text.startswith(prefix):
                old = match_text[len(prefix):]
                path, _, fragment = old.partition("#")
                new = site.by_source.get(unquote(path))
                if new and new != unquote(path):
                    _count(result.changes, f"{{{what}}} path -> its new place")
                    return prefix + new + ("#" + fragment if fragment else "")
        return match_text

    indented = bool(re.match(r"(?: {4}|\t)", text))

    def md_url(match):
        url = moved(match.group(2))
        if url == match.group(2):
            url = _rewrite_url(url, site, doc_out, result, number, indented)
        return match.group(1) + _fix_anchor(url, site, doc_out, result, number) + match.group(3)

    text = _MD_URL.sub(md_url, text)
    text = _HTML_URL.sub(md_url, text)
    ref_def = _REF_DEF.match(text)
    if ref_def and not ref_def.group(1).lstrip().startswith("[^"):  # [^1]: is a footnote, not a link
        text = md_url(ref_def)
    for pattern, message, fix in _LEFT:
        for match in pattern.finditer(text):
            if "{filename}" in match.group(0) or "{static}" in match.group(0):
                continue
            result.left.append((number, message % match.group(1), fix))
    return text


_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape_math(body: str) -> tuple[str, int]:
    """(body, formulas changed): Markdown's backslash escapes resolved inside each formula, as the
    source tool's Markdown resolved them before MathJax saw the TeX ("\\_" was "_", "\\\\" was
    "\\"). Fenced code and code spans are left alone."""
    from content_model.math import FORMULA

    changed = 0

    def formula(match):
        nonlocal changed
        text = match.group(0)
        new = _MARKDOWN_ESCAPE.sub(r"\1", text[1:-1] if text.startswith("$") and not text.startswith("$$") else text)
        if text.startswith("$") and not text.startswith("$$"):
            new = "$" + new + "$"
        elif text.startswith("$$"):
            new = "$$" + _MARKDOWN_ESCAPE.sub(r"\1", text[2:-2]) + "$$"
        else:
            return text  # \( \) and \[ \]: the escapes are the delimiters themselves
        if new != text:
            changed += 1
        return new

    out, prose, fence = [], [], None

    def flush():
        if prose:
            parts = re.split(r"(`+[^`\n]*`+)", "\n".join(prose))
            out.append("".join(FORMULA.sub(formula, part) if i % 2 == 0 else part for i, part in enumerate(parts)))
            prose.clear()

    for line in body.split("\n"):
        opening = _FENCE.match(line)
        if fence is None and opening:
            flush()
            fence = opening.group(1)
            out.append(line)
        elif fence is not None:
            out.append(line)
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
        else:
            prose.append(line)
    flush()
    return "\n".join(out), changed
