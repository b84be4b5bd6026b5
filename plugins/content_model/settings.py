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

KNOWN_SETTINGS = frozenset(DEFAULTS)


def apply_defaults(pelican):
    from .code_html import unwrap_whitespace_tokens
    from .toc import toc_tokens
    from .words import html_word_count

    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    settings["JINJA_FILTERS"] = {**settings.get("JINJA_FILTERS", {}), "toc_tokens": toc_tokens,
                                "html_word_count": html_word_count,
                                "unwrap_whitespace_tokens": unwrap_whitespace_tokens}
    # Projects are read by their own generator, never as posts or pages.
    for key in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES"):
        excludes = list(settings.get(key) or [])
        for folder in settings["PROJECT_PATHS"]:
            if folder not in excludes:
                excludes.append(folder)
        settings[key] = excludes
