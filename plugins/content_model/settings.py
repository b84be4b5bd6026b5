"""Settings of the content model, with their defaults."""

DEFAULTS = {
    "PROJECT_PATHS": ["projects"],
    "PROJECT_URL": "projects/{slug}/",
    "PROJECT_SAVE_AS": "projects/{slug}/index.html",
    "DRAFT_PROJECT_URL": "drafts/projects/{slug}/",
    "DRAFT_PROJECT_SAVE_AS": "drafts/projects/{slug}/index.html",
    "PROJECTS_URL": "projects/",
    "PROJECTS_SAVE_AS": "projects/index.html",
    "SERIES_URL": "series/{slug}/",
    "SERIES_SAVE_AS": "series/{slug}/index.html",
}

# CONTENT_MODEL: the reader's own options, one namespaced dict (docs/authoring.md).
CONTENT_MODEL = "CONTENT_MODEL"
MODEL_DEFAULTS = {
    # Extra metadata keys an author wants kept (for instance ones a migrated blog's templates
    # used): accepted as text on every content type and passed to templates unchecked.
    "extra_keys": (),
    # $...$, $$...$$, \(...\) and \[...\] become MathML at build time (math.py). False for
    # authors who write dollars a lot and no TeX.
    "math": True,
}
MATH_EXTENSION = "content_model.math"
TOC_EXTENSION = "markdown.extensions.toc"
CODEHILITE_EXTENSIONS = ("markdown.extensions.codehilite", "codehilite")

KNOWN_SETTINGS = frozenset(DEFAULTS) | {CONTENT_MODEL}


class ModelSettingsError(ValueError):
    """CONTENT_MODEL is not usable; the message names the key and the fix."""


def model_settings(settings) -> dict:
    """CONTENT_MODEL merged over its defaults, validated."""
    from .schema import ALIASES, SCHEMAS

    given = settings.get(CONTENT_MODEL) or {}
    if not isinstance(given, dict):
        raise ModelSettingsError(f"{CONTENT_MODEL} must be a dict such as {{'math': False}}, not {type(given).__name__}")
    unknown = sorted(set(given) - set(MODEL_DEFAULTS))
    if unknown:
        raise ModelSettingsError(f"{CONTENT_MODEL} has unknown key(s) {', '.join(map(repr, unknown))}; "
                                 f"known keys: {', '.join(sorted(MODEL_DEFAULTS))}")
    merged = {**MODEL_DEFAULTS, **given}
    if not isinstance(merged["math"], bool):
        raise ModelSettingsError(f"{CONTENT_MODEL}['math'] must be True or False")
    extra = merged["extra_keys"]
    if isinstance(extra, str) or not all(isinstance(k, str) and k.strip() for k in extra):
        raise ModelSettingsError(f"{CONTENT_MODEL}['extra_keys'] must be a list of key names, such as ['ExtraCSS']")
    own = set().union(*(schema.fields for schema in SCHEMAS.values())) | set(ALIASES)
    clash = sorted(k for k in extra if k.strip().lower() in own)
    if clash:
        raise ModelSettingsError(f"{CONTENT_MODEL}['extra_keys'] names Foothold's own key(s) "
                                 f"{', '.join(map(repr, clash))}; leave them out")
    merged["extra_keys"] = frozenset(k.strip().lower() for k in extra)
    return merged


def apply_defaults(pelican):
    from foothold.problems import problems_of

    from .code_html import unwrap_whitespace_tokens
    from .toc import toc_tokens
    from .words import html_word_count

    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    try:
        model_settings(settings)
    except ModelSettingsError as exc:
        problems_of(settings).add("pelican.conf", None, str(exc), "see docs/authoring.md, \"Settings of the reader\"")
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), "toc_tokens": toc_tokens,
                                "html_word_count": html_word_count,
                                "unwrap_whitespace_tokens": unwrap_whitespace_tokens}
    # `Lang:` marks the language of one post (content_model/pelican_keys.py), on a site written in
    # one language: the post keeps the URL every post has, and is never taken for a translation of
    # another with the same slug (two sources with one URL fail the build, naming both).
    for kind in ("ARTICLE", "DRAFT", "PAGE", "DRAFT_PAGE", "PROJECT", "DRAFT_PROJECT"):
        for what in ("URL", "SAVE_AS"):
            if f"{kind}_{what}" in settings:
                settings[f"{kind}_LANG_{what}"] = settings[f"{kind}_{what}"]
    settings["ARTICLE_TRANSLATION_ID"] = settings["PAGE_TRANSLATION_ID"] = None
    configure_markdown(settings)  # before any reader or the speed layer's Markdown cache reads it
    # Projects are read by their own generator, never as posts or pages.
    for key in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES"):
        excludes = list(settings.get(key) or [])
        for folder in settings["PROJECT_PATHS"]:
            if folder not in excludes:
                excludes.append(folder)
        settings[key] = excludes


def configure_markdown(settings) -> None:
    """The content model's parts of the MARKDOWN setting: heading ids that keep non-ASCII words
    (anchors.py), code highlighted without working out a style's CSS (code_html.StyledByTheme:
    the same HTML, the theme's stylesheet colours it) and, unless CONTENT_MODEL turns it off, the
    math extension.

    Done at ``initialized`` (apply_defaults), before any reader is made and before the speed
    layer makes its Markdown cache's key and render workers from MARKDOWN; it may be done again
    (a quick rebuild's restored settings) and changes nothing then.
    """
    from .anchors import heading_slug
    from .code_html import StyledByTheme

    markdown = settings.get("MARKDOWN")
    if not isinstance(markdown, dict):
        return
    toc = markdown.get("extension_configs", {}).get(TOC_EXTENSION)
    if isinstance(toc, dict):
        toc.setdefault("slugify", heading_slug)  # an author's own slugify wins
    for name in CODEHILITE_EXTENSIONS:
        hilite = markdown.get("extension_configs", {}).get(name)
        # Inline styles (noclasses) are written from the style: an author's choice is left alone.
        if isinstance(hilite, dict) and not hilite.get("noclasses"):
            hilite.setdefault("pygments_style", StyledByTheme)
    try:
        math = model_settings(settings)["math"]
    except ModelSettingsError:
        return  # reported by apply_defaults
    if not math:
        return
    configs = markdown.setdefault("extension_configs", {})
    configs.setdefault(MATH_EXTENSION, {})
    extensions = markdown.get("extensions")
    if isinstance(extensions, list) and MATH_EXTENSION not in extensions:
        extensions.append(MATH_EXTENSION)
