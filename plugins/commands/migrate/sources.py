"""Each tool's posts, pages and assets, and each post's old URL."""

from __future__ import annotations

import ast
import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .frontmatter import Front, format_date, read_front

MARKDOWN = (".md", ".markdown", ".mkd", ".mdown")
# Where a Jekyll or Hugo blog's own files (images, downloads) go: content/static/, added to STATIC_PATHS.
STATIC_FOLDER = "static"
ASSET_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .svg .webp .avif .ico .bmp .tif .tiff .pdf .zip .gz .tar .mp3 .mp4 .ogg .webm "
    ".wav .txt .csv .json .xml .py .js .css .c .h .sh .ipynb .key .pptx .docx .xlsx .epub .woff .woff2".split())


@dataclass
class Doc:
    source: Path
    rel_source: str
    out: str                       # path under content/, e.g. posts/2019-04-25-vps.md
    kind: str                      # "post" or "page"
    front: Front
    old_urls: list[str] = field(default_factory=list)


@dataclass
class Blog:
    tool: str
    root: Path
    docs: list[Doc] = field(default_factory=list)
    assets: list[tuple[Path, str]] = field(default_factory=list)   # (file, path under content/)
    static_folders: list[str] = field(default_factory=list)        # folders under content/ for STATIC_PATHS
    site_urls: list[str] = field(default_factory=list)             # the blog's own http(s) addresses
    static_roots: dict[str, str] = field(default_factory=dict)     # URL prefix -> path under content/
    left: list[tuple[str, str]] = field(default_factory=list)      # (source path, what the author should do)
    static_urls: dict[str, str] = field(default_factory=dict)      # exact URL path -> path under content/
    # The old blog's tag and category pages: (kind, pattern with a 'slug' group) over URL paths.
    taxonomy_urls: list[tuple[str, re.Pattern]] = field(default_factory=list)
    # Markdown read the TeX before the page's MathJax did (Hugo's goldmark without its passthrough
    # extension): "\_" in a formula was "_" there, and must become "_" for Foothold's TeX reader.
    math_escaped: bool = False


def _read(path: Path) -> str:
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return raw.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")


def pelican_slugify(text: str) -> str:
    """Pelican's default slugify (what its URLs were made with)."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    return slugify(str(text), regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def _url_path(url: str) -> str:
    """An old URL as a root-relative path ('/2019/x.html'); the blog's own host dropped."""
    url = url.strip()
    match = re.match(r"^[a-z]+://[^/]+(/.*)?$", url, re.I)
    if match:
        url = match.group(1) or "/"
    url = re.sub(r"/{2,}", "/", "/" + url.lstrip("/"))
    return url


def _asset_files(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts):
            yield path


def _add_assets(blog: Blog, folder: Path, under: str, url_prefix: str) -> None:
    for path in _asset_files(folder):
        if path.suffix.lower() in ASSET_SUFFIXES:
            blog.assets.append((path, f"{under}/{path.relative_to(folder).as_posix()}"))
    blog.static_roots[url_prefix.rstrip("/") + "/"] = under + "/"


# --- Pelican ------------------------------------------------------------------------------


def pelican_settings(path: Path) -> dict:
    """The literal assignments of a pelicanconf.py, read with ast (the file is never executed)."""
    names: dict = {}
    if not path.is_file():
        return names
    try:
        tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
    except SyntaxError:
        return names
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if isinstance(node.value, ast.Name) and node.value.id in names:
                names[name] = names[node.value.id]
                continue
            try:
                names[name] = ast.literal_eval(node.value)
            except (ValueError, SyntaxError, TypeError):
                continue
    return names


def _taxonomy_pattern(url: str) -> re.Pattern:
    """A Pelican-style URL pattern ('tag/{slug}.html') as a regular expression over URL paths;
    '.../index.html' also matches '.../' (how such pages were linked)."""
    path = "/" + url.strip().lstrip("/")
    path = re.sub(r"index\.html$", "", path)
    pattern = re.escape(path).replace(re.escape("{slug}"), "(?P<slug>[^/]+)")
    return re.compile(f"^{pattern}(?:index\\.html)?$" if path.endswith("/") else f"^{pattern}$")


# The tag and category pages of Jekyll (jekyll-archives) and Hugo (its default taxonomies).
TAXONOMY_URLS = [("tag", "/tag/{slug}/"), ("tag", "/tags/{slug}/"), ("category", "/category/{slug}/"),
                 ("category", "/categories/{slug}/")]


def _under(rel: str, folders) -> bool:
    return any(rel == f.strip("/") or rel.startswith(f.strip("/") + "/") or f.strip("/") == "" for f in folders)


def read_pelican(root: Path) -> Blog:
    conf = pelican_settings(root / "pelicanconf.py")
    publish = pelican_settings(root / "publishconf.py")
    blog = Blog("pelican", root)
    for url in (conf.get("SITEURL"), publish.get("SITEURL")):
        if isinstance(url, str) and url.startswith("http"):
            blog.site_urls.append(url.rstrip("/"))
    content = root / str(conf.get("PATH", "content"))
    article_paths = conf.get("ARTICLE_PATHS", [""]) or [""]
    page_paths = conf.get("PAGE_PATHS", ["pages"]) or ["pages"]
    static_paths = [p for p in conf.get("STATIC_PATHS", ["images"]) if isinstance(p, str)]
    article_url = conf.get("ARTICLE_SAVE_AS") and conf.get("ARTICLE_URL") or conf.get("ARTICLE_URL", "{slug}.html")
    page_url = conf.get("PAGE_URL", "pages/{slug}.html")
    filename_meta = conf.get("FILENAME_METADATA", r"(?P<date>\d{4}-\d{2}-\d{2}).*")
    use_folder = conf.get("USE_FOLDER_AS_CATEGORY", True)
    default_category = conf.get("DEFAULT_CATEGORY", "misc")
    if not content.is_dir():
        blog.left.append((str(content), "the content folder named by PATH in pelicanconf.py does not exist"))
        return blog
    for path in sorted(content.rglob("*")):
        if not path.is_file() or any(part.startswith(".") for part in path.relative_to(content).parts):
            continue
        rel = path.relative_to(content).as_posix()
        if _under(rel, [p for p in static_paths if p]):
            blog.assets.append((path, rel))
            continue
        if path.suffix.lower() == ".rst":
            blog.left.append((str(path), "reStructuredText is not migrated: convert it to Markdown (pandoc -f rst -t "
                              "markdown), then add the Title/Date header"))
            continue
        if path.suffix.lower() not in MARKDOWN:
            if path.suffix.lower() in ASSET_SUFFIXES:
                blog.assets.append((path, rel))
            continue
        is_page = _under(rel, [p for p in page_paths if p])
        if not is_page and not _under(rel, article_paths):
            continue
        front = read_front(_read(path), "pelican")
        kind = "page" if is_page else "post"
        if is_page:
            inner = rel
            for folder in page_paths:
                if folder and rel.startswith(folder.strip("/") + "/"):
                    inner = rel[len(folder.strip("/")) + 1:]
            out = f"pages/{inner}"
        else:
            out = f"posts/{rel}"
        doc = Doc(path, os.path.relpath(path, root), re.sub(r"\.[^./]+$", ".md", out), kind, front)
        values = front.values
        match = re.match(filename_meta, path.stem) if isinstance(filename_meta, str) else None
        from_name = match.groupdict() if match else {}
        slug = str(values.get("slug") or from_name.get("slug") or pelican_slugify(values.get("title", path.stem)))
        if not values.get("slug"):
            values["slug"] = slug
        if kind == "post" and not values.get("category"):
            folder = path.parent.name if path.parent != content else ""
            category = folder if (use_folder and folder) else default_category
            values["category"] = category
        if not values.get("date") and from_name.get("date"):
            values["date"] = from_name["date"]
        try:
            date = _parse_any_date(values.get("date"))
            fields = {"slug": slug, "category": pelican_slugify(values.get("category", "")), "lang": values.get("lang", "en"),
                      "date": date or dt.datetime(1970, 1, 1), "author": pelican_slugify(values.get("author", ""))}
            pattern = page_url if is_page else article_url
            doc.old_urls.append(_url_path(pattern.format(**fields)))
        except (KeyError, ValueError, IndexError):
            blog.left.append((str(path), f"its old URL could not be worked out from {article_url!r}: add OldURL: by hand"))
        doc.old_urls += [_url_path(u) for u in values.pop("oldurl", [])]
        blog.docs.append(doc)
    for folder in static_paths:
        top = folder.strip("/").split("/")[0]
        if top and top not in ("posts", "pages") and top not in blog.static_folders and (content / top).exists():
            blog.static_folders.append(top)
        blog.static_roots["/" + folder.strip("/") + "/"] = folder.strip("/") + "/"
    for kind, key, default in (("category", "CATEGORY_URL", "category/{slug}.html"), ("tag", "TAG_URL", "tag/{slug}.html")):
        url = conf.get(key, default)
        if isinstance(url, str) and "{slug}" in url:
            blog.taxonomy_urls.append((kind, _taxonomy_pattern(url)))
    extra = conf.get("EXTRA_PATH_METADATA") or {}
    for rel, meta in sorted(extra.items()) if isinstance(extra, dict) else []:
        target = meta.get("path") if isinstance(meta, dict) else None
        if target:
            if _under(rel, [p for p in static_paths if p]) and (content / rel).is_file():
                # Links to where Pelican published it (/LICENSE.txt) become {static} links to the copy.
                blog.static_urls["/" + target.lstrip("/")] = rel
            blog.left.append((str(content / rel), f"Pelican published it as /{target}: Foothold copies it to /{rel}; "
                              f"move it if it must be at /{target} (robots.txt and the sitemap are Foothold's own; "
                              "CNAME: invoke deploy --cname)"))
    return blog


def _parse_any_date(value):
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    from content_model.dates import DateError, parse_date

    try:
        return parse_date(format_date(value))
    except DateError:
        return None


# --- Jekyll -------------------------------------------------------------------------------

_JEKYLL_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<title>.+)$")
_JEKYLL_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}


def _yaml_file(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8", errors="replace"))
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _jekyll_url(pattern: str, date: dt.datetime, title: str, categories: list[str], slug: str) -> str:
    cats = "/".join(c.lower().replace(" ", "-") for c in categories)
    values = {":year": f"{date.year:04d}", ":month": f"{date.month:02d}", ":day": f"{date.day:02d}",
              ":i_month": str(date.month), ":i_day": str(date.day), ":short_year": f"{date.year % 100:02d}",
              ":y_day": f"{date.timetuple().tm_yday:03d}", ":title": title, ":slug": slug,
              ":categories": cats, ":output_ext": ".html"}
    url = re.sub(r":[a-z_]+", lambda m: values.get(m.group(0), m.group(0)), pattern)
    return _url_path(url)


def read_jekyll(root: Path) -> Blog:
    config = _yaml_file(root / "_config.yml") or _yaml_file(root / "_config.yaml")
    blog = Blog("jekyll", root)
    blog.taxonomy_urls = [(kind, _taxonomy_pattern(url)) for kind, url in TAXONOMY_URLS]
    if isinstance(config.get("url"), str) and config["url"].startswith("http"):
        blog.site_urls.append(config["url"].rstrip("/"))
    permalink = str(config.get("permalink") or "date")
    permalink = _JEKYLL_STYLES.get(permalink, permalink)
    excluded = {str(x).strip("/") for x in config.get("exclude") or []}
    for folder, draft in (("_posts", False), ("_drafts", True)):
        for path in sorted((root / folder).rglob("*")) if (root / folder).is_dir() else []:
            if not path.is_file() or path.suffix.lower() not in MARKDOWN:
                if path.is_file() and path.suffix.lower() in (".html", ".textile"):
                    blog.left.append((str(path), f"{path.suffix} posts are not migrated: convert it to Markdown"))
                continue
            front = read_front(_read(path), "jekyll")
            values = front.values
            match = _JEKYLL_NAME.match(path.stem)
            title_part = match.group("title") if match else path.stem
            values.setdefault("slug", title_part)
            if match and not values.get("date"):
                values["date"] = match.group("date")
            if draft:
                values["status"] = "draft"
                if not values.get("date"):  # Jekyll dates a draft by its file's modification time
                    values["date"] = dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            doc = Doc(path, os.path.relpath(path, root), f"posts/{path.stem}.md", "post", front)
            own = [_url_path(u) for u in values.pop("oldurl", [])]
            date = _parse_any_date(values.get("date")) or dt.datetime(1970, 1, 1)
            categories = values.get("category") and [values["category"]] or []
            if not own and not draft:
                doc.old_urls.append(_jekyll_url(permalink, date, title_part, categories + _extra_categories(front),
                                                str(values.get("slug"))))
            doc.old_urls += own
            blog.docs.append(doc)
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if not path.is_file() or any(p.startswith(("_", ".")) for p in rel.parts) or rel.parts[0] in excluded:
            continue
        if rel.parts[0] in ("node_modules", "vendor", "Gemfile", "Rakefile"):
            continue
        if path.suffix.lower() in MARKDOWN and path.name.lower() not in ("readme.md", "license.md", "changelog.md"):
            text = _read(path)
            if not text.startswith("---"):
                continue
            front = read_front(text, "jekyll")
            values = front.values
            values.setdefault("slug", path.stem if path.stem != "index" else path.parent.name)
            doc = Doc(path, rel.as_posix(), f"pages/{rel.with_suffix('.md').as_posix()}", "page", front)
            own = [_url_path(u) for u in values.pop("oldurl", [])]
            doc.old_urls = own or [_url_path("/" + rel.with_suffix(".html").as_posix())]
            blog.docs.append(doc)
        elif path.suffix.lower() in ASSET_SUFFIXES and path.suffix.lower() not in (".xml", ".json", ".txt", ".css", ".js"):
            blog.assets.append((path, f"{STATIC_FOLDER}/{rel.as_posix()}"))
    if any(True for _ in blog.assets):
        blog.static_folders.append(STATIC_FOLDER)
        blog.static_roots["/"] = STATIC_FOLDER + "/"
    return blog


def _extra_categories(front: Front) -> list[str]:
    # Categories beyond the first became tags in front.values; Jekyll put all of them in the URL.
    for change in front.changes:
        if change.startswith("categories:") and "->" in change:
            names = change.split(":", 1)[1].split("->")[0]
            return [n.strip() for n in names.split(",")][1:]
    return []


# --- Hugo ---------------------------------------------------------------------------------

POST_SECTIONS = ("post", "posts", "blog", "articles", "article", "notes")


def _hugo_config(root: Path) -> dict:
    for name in ("hugo.toml", "config.toml"):
        if (root / name).is_file():
            try:
                return tomllib.loads((root / name).read_text(encoding="utf-8", errors="replace"))
            except tomllib.TOMLDecodeError:
                return {}
    for name in ("hugo.yaml", "hugo.yml", "config.yaml", "config.yml"):
        if (root / name).is_file():
            return _yaml_file(root / name)
    return {}


def _hugo_url(pattern: str, date: dt.datetime, slug: str, filename: str, section: str, title: str) -> str:
    values = {":year": f"{date.year:04d}", ":month": f"{date.month:02d}", ":day": f"{date.day:02d}",
              ":yearday": str(date.timetuple().tm_yday), ":slug": slug, ":filename": filename,
              ":contentbasename": filename, ":section": section, ":sections": section,
              ":title": pelican_slugify(title) if title else filename}
    return _url_path(re.sub(r":[a-z]+", lambda m: values.get(m.group(0), m.group(0)), pattern))


def read_hugo(root: Path) -> Blog:
    config = {k.lower(): v for k, v in _hugo_config(root).items()}
    blog = Blog("hugo", root)
    blog.taxonomy_urls = [(kind, _taxonomy_pattern(url)) for kind, url in TAXONOMY_URLS]
    base = config.get("baseurl")
    if isinstance(base, str) and base.startswith("http"):
        blog.site_urls.append(base.rstrip("/"))
    permalinks = {str(k).lower(): v for k, v in (config.get("permalinks") or {}).items() if isinstance(v, str)}
    lower = not config.get("disablepathtolower", False)
    markup = config.get("markup") if isinstance(config.get("markup"), dict) else {}
    passthrough = ((markup.get("goldmark") or {}).get("extensions") or {}).get("passthrough") or {}
    blog.math_escaped = not (isinstance(passthrough, dict) and passthrough.get("enable"))
    content = root / str(config.get("contentdir", "content"))
    for path in sorted(content.rglob("*")) if content.is_dir() else []:
        rel = path.relative_to(content)
        if not path.is_file() or any(p.startswith(".") for p in rel.parts):
            continue
        if path.suffix.lower() not in MARKDOWN:
            if path.suffix.lower() in (".html", ".org", ".adoc", ".rst", ".pandoc"):
                blog.left.append((str(path), f"{path.suffix} content is not migrated: convert it to Markdown"))
            elif path.suffix.lower() in ASSET_SUFFIXES:
                blog.assets.append((path, f"{STATIC_FOLDER}/{rel.as_posix()}"))
            continue
        if path.stem == "_index":
            continue  # a section's list page: Foothold makes its own lists
        front = read_front(_read(path), "hugo")
        values = front.values
        section = rel.parts[0] if len(rel.parts) > 1 else ""
        bundle = path.stem == "index"
        filename = path.parent.name if bundle else path.stem
        is_post = section.lower() in POST_SECTIONS or (section and values.get("date") is not None)
        slug = str(values.get("slug") or filename)
        if lower and slug != slug.lower() and not values.get("pageurl"):
            # Hugo served it in lower case: the same slug keeps the post at its old address.
            front.changes.append("Slug in lower case, as Hugo's URL had it")
            slug = slug.lower()
            values["slug"] = slug
        values.setdefault("slug", slug)
        inner = Path(*rel.parts[1:]) if section else rel
        if bundle:
            inner = inner.parent.with_suffix(".md") if inner.parent != Path(".") else Path(f"{filename}.md")
        out = (f"posts/{section}/{inner.with_suffix('.md').as_posix()}" if is_post and section.lower() not in POST_SECTIONS
               else f"{'posts' if is_post else 'pages'}/{inner.with_suffix('.md').as_posix()}")
        doc = Doc(path, os.path.relpath(path, root), out, "post" if is_post else "page", front)
        aliases = [_url_path(u) for u in values.pop("oldurl", [])]
        page_url = values.pop("pageurl", None)
        date = _parse_any_date(values.get("date")) or dt.datetime(1970, 1, 1)
        pattern = permalinks.get(section.lower()) if section else None
        if page_url:
            url = _url_path(page_url)
        elif pattern:
            url = _hugo_url(pattern, date, slug, filename, section, str(values.get("title", "")))
        else:
            url = _url_path(f"/{section}/{slug}/" if section else f"/{slug}/")
        url = url.lower() if lower and not page_url else url
        doc.old_urls = [url] + [a for a in aliases if a != url]
        blog.docs.append(doc)
    static = root / "static"
    if static.is_dir():
        _add_assets(blog, static, STATIC_FOLDER, "/")
    if blog.assets:
        blog.static_folders.append(STATIC_FOLDER)
        blog.static_roots.setdefault("/", STATIC_FOLDER + "/")
    return blog


READERS = {"pelican": read_pelican, "jekyll": read_jekyll, "hugo": read_hugo}
