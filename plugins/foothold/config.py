"""Load ``pelican.conf``: the one settings file every Foothold command goes through.

Pelican 4.12 only loads settings files whose names end in ``.py`` and would import a module called
``pelican`` over its own package, so Foothold executes ``pelican.conf`` itself under the module name
``foothold_conf``, validates it (setting names, TIMEZONE, required settings) before anything is
written, adds Foothold's defaults, applies ``PRODUCTION`` for production builds, and hands the result
to ``pelican.settings.read_settings``.
"""

from __future__ import annotations

import copy
import difflib
import importlib
import importlib.machinery
import importlib.util
import os
import re
import sys
import zoneinfo
from pathlib import Path

from .problems import Problem, ProblemLog, line_of
from .state import BuildSettings, BuildState, build_state

CONF_NAME = "pelican.conf"
MODULE_NAME = "foothold_conf"

# Settings Foothold itself reads, beyond Pelican's own.
OWN_SETTINGS = frozenset(
    {
        "AUTHOR_ROLE",
        "PITCH",
        "AVAILABILITY",
        "CONTACT_EMAIL",
        "SOCIAL",
        "LINKS",
        "MENUITEMS",
        "SITESUBTITLE",
        "PRODUCTION",
        "PUBLISH_FUTURE",
        "PROJECT_PATHS",
        "PROJECT_URL",
        "PROJECT_SAVE_AS",
        "PROJECTS_URL",
        "PROJECTS_SAVE_AS",
        "SEARCH_URL",
        "SEARCH_SAVE_AS",
        "ROBOTS_SAVE_AS",
        "ARCHIVES_URL",
        "ARCHIVES_SAVE_AS",
        "TAGS_URL",
        "TAGS_SAVE_AS",
        "CATEGORIES_URL",
        "CATEGORIES_SAVE_AS",
        "AUTHORS_SAVE_AS",
        "AUTHORS_URL",
        "INDEX_URL",
        "SITEMAP",
        "GITHUB_URL",
        "CNAME",
        "SLOW_FILES_REPORTED",
    }
)

# Pelican settings that its code reads but that are not in DEFAULT_CONFIG.
PELICAN_EXTRA_SETTINGS = frozenset(
    {
        "AUTHOR",
        "TIMEZONE",
        "DEFAULT_DATE",
        "FEED_DOMAIN",
        "FEED_ATOM",
        "FEED_RSS",
        "FEED_ALL_RSS",
        "FEED_ATOM_URL",
        "FEED_RSS_URL",
        "FEED_ALL_ATOM_URL",
        "FEED_ALL_RSS_URL",
        "CATEGORY_FEED_RSS",
        "CATEGORY_FEED_ATOM_URL",
        "CATEGORY_FEED_RSS_URL",
        "AUTHOR_FEED_ATOM_URL",
        "AUTHOR_FEED_RSS_URL",
        "TAG_FEED_ATOM",
        "TAG_FEED_RSS",
        "TAG_FEED_ATOM_URL",
        "TAG_FEED_RSS_URL",
        "TRANSLATION_FEED_RSS",
        "TRANSLATION_FEED_ATOM_URL",
        "TRANSLATION_FEED_RSS_URL",
        "DEBUG",
        "DISPLAY_TAGS_ON_SIDEBAR",
        "PAGINATION_PATTERNS",
        "TYPOGRIFY",
    }
)

REQUIRED = ("SITENAME", "AUTHOR", "TIMEZONE")

# Foothold's URL scheme (SPEC 5) and strictness; pelican.conf may override any of them.
SITE_DEFAULTS = {
    "PATH": "content",
    "OUTPUT_PATH": "output",
    "THEME": "theme",
    "PLUGIN_PATHS": ["plugins"],
    "ARTICLE_PATHS": ["posts"],
    "PAGE_PATHS": ["pages"],
    "PROJECT_PATHS": ["projects"],
    "STATIC_PATHS": ["images"],
    "ARTICLE_URL": "posts/{slug}/",
    "ARTICLE_SAVE_AS": "posts/{slug}/index.html",
    "PAGE_URL": "{slug}/",
    "PAGE_SAVE_AS": "{slug}/index.html",
    "PROJECT_URL": "projects/{slug}/",
    "PROJECT_SAVE_AS": "projects/{slug}/index.html",
    "PROJECTS_URL": "projects/",
    "PROJECTS_SAVE_AS": "projects/index.html",
    "TAG_URL": "tags/{slug}/",
    "TAG_SAVE_AS": "tags/{slug}/index.html",
    "TAGS_URL": "tags/",
    "TAGS_SAVE_AS": "tags/index.html",
    "CATEGORY_URL": "categories/{slug}/",
    "CATEGORY_SAVE_AS": "categories/{slug}/index.html",
    "CATEGORIES_URL": "categories/",
    "CATEGORIES_SAVE_AS": "categories/index.html",
    "ARCHIVES_URL": "archives/",
    "ARCHIVES_SAVE_AS": "archives/index.html",
    "SEARCH_URL": "search/",
    "SEARCH_SAVE_AS": "search/index.html",
    "ROBOTS_SAVE_AS": "robots.txt",
    "INDEX_SAVE_AS": "index.html",
    "DIRECT_TEMPLATES": ["index", "archives", "tags", "categories", "404", "search", "robots"],
    "AUTHOR_SAVE_AS": "",
    "AUTHOR_URL": "",
    "AUTHORS_SAVE_AS": "",
    "YEAR_ARCHIVE_SAVE_AS": "",
    "MONTH_ARCHIVE_SAVE_AS": "",
    "DAY_ARCHIVE_SAVE_AS": "",
    # Drafts are written only by `invoke livereload` (DRAFT_PREVIEW below), never by a build.
    "DRAFT_URL": "",
    "DRAFT_SAVE_AS": "",
    "DRAFT_PAGE_URL": "",
    "DRAFT_PAGE_SAVE_AS": "",
    "DRAFT_PROJECT_URL": "",
    "DRAFT_PROJECT_SAVE_AS": "",
    "THEME_STATIC_DIR": "theme",
    "DEFAULT_PAGINATION": False,
    "DEFAULT_CATEGORY": "Notes",
    "DEFAULT_DATE_FORMAT": "%-d %B %Y",
    "RELATIVE_URLS": True,
    "FEED_ALL_ATOM": None,
    "CATEGORY_FEED_ATOM": None,
    "TRANSLATION_FEED_ATOM": None,
    "AUTHOR_FEED_ATOM": None,
    "AUTHOR_FEED_RSS": None,
    "FORMATTED_FIELDS": [],
    "SUMMARY_MAX_LENGTH": 40,
    "JINJA_ENVIRONMENT": {
        "autoescape": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "extensions": ["jinja2.ext.do"],
        # Every build makes a new Jinja environment, so an edited template is always read anew;
        # within one build, checking each template's mtime on every include cost ~9% of rendering.
        "auto_reload": False,
    },
    # "C", "C++" and "C#" must not collapse to one slug (FAULTS 16).
    "SLUG_REGEX_SUBSTITUTIONS": [
        (r"\+", "-plus"),
        (r"#", "-sharp"),
        (r"[^\w\s-]", ""),
        (r"(?u)\A\s*", ""),
        (r"(?u)\s*\Z", ""),
        (r"[-\s]+", "-"),
    ],
    # Dot-files, editor backups and OS litter never reach the output (FAULTS 26).
    "IGNORE_FILES": [".*", "*~", "*.bak", "*.swp", "*.tmp", "#*#", "Thumbs.db", "desktop.ini"],
    "MARKDOWN": {
        "extension_configs": {
            "markdown.extensions.codehilite": {"css_class": "highlight", "guess_lang": False},
            "markdown.extensions.extra": {},
            "markdown.extensions.toc": {"permalink": False},
        },
        "output_format": "html5",
    },
    # Only the strict Markdown reader reads content (check_stray_sources reports other formats).
    "READERS": {"rst": None, "html": None, "htm": None},
    "CACHE_CONTENT": False,
    "LOAD_CONTENT_CACHE": False,
    "PUBLISH_FUTURE": False,
    # pelican-sitemap already leaves out hidden and draft content; these are not pages to index.
    "SITEMAP": {
        "format": "xml",
        "exclude": [r"^404\.html$", r"^search/", r"^drafts/", r"\.txt$"],
    },
    "DELETE_OUTPUT_DIRECTORY": False,
}

# What `invoke livereload` adds so that the author can preview drafts under /drafts/.
DRAFT_PREVIEW = {
    "DRAFT_URL": "drafts/posts/{slug}/",
    "DRAFT_SAVE_AS": "drafts/posts/{slug}/index.html",
    "DRAFT_PAGE_URL": "drafts/{slug}/",
    "DRAFT_PAGE_SAVE_AS": "drafts/{slug}/index.html",
    "DRAFT_PROJECT_URL": "drafts/projects/{slug}/",
    "DRAFT_PROJECT_SAVE_AS": "drafts/projects/{slug}/index.html",
}

# What a production build (`invoke preview`, `invoke deploy`) changes, before PRODUCTION.
PRODUCTION_DEFAULTS = {
    "RELATIVE_URLS": False,
    "FEED_ALL_ATOM": "feeds/all.atom.xml",
    "CATEGORY_FEED_ATOM": "feeds/{slug}.atom.xml",
    # Drafts are never written in production (FAULTS 10).
    "DRAFT_SAVE_AS": "",
    "DRAFT_PAGE_SAVE_AS": "",
    "DRAFT_PROJECT_SAVE_AS": "",
    "CACHE_CONTENT": False,
    "LOAD_CONTENT_CACHE": False,
}

PATH_SETTINGS = ("PATH", "OUTPUT_PATH", "THEME", "CACHE_PATH")


class ConfigError(Exception):
    """pelican.conf is unusable; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def find_root(start: Path | None = None) -> Path:
    """The project root: the nearest folder holding pelican.conf, from ``start`` upwards."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONF_NAME).is_file():
            return folder
    raise ConfigError(
        [Problem(CONF_NAME, None, f"no {CONF_NAME} in {here} or above", "run from a Foothold project")]
    )


def _line_of_setting(source: str, name: str) -> int | None:
    pattern = re.compile(rf"^[ \t]*{re.escape(name)}[ \t]*[=:\[]", re.M)  # [ \t]: \s would match the line break before it
    match = pattern.search(source)
    return source.count("\n", 0, match.start()) + 1 if match else None


def _execute(conf_path: Path) -> dict:
    """Run pelican.conf and return its upper-case names."""
    source = conf_path.read_text(encoding="utf-8")
    try:
        code = compile(source, str(conf_path), "exec")
    except SyntaxError as exc:
        raise ConfigError(
            [Problem(CONF_NAME, exc.lineno, f"syntax error: {exc.msg}", "pelican.conf is Python")]
        ) from None
    namespace: dict = {"__name__": MODULE_NAME, "__file__": str(conf_path)}
    try:
        exec(code, namespace)  # noqa: S102 - the settings file is the author's own Python
    except Exception as exc:  # noqa: BLE001 - any failure in the file is reported as a config problem
        tb = exc.__traceback__
        line = None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == str(conf_path):
                line = tb.tb_lineno
            tb = tb.tb_next
        raise ConfigError(
            [Problem(CONF_NAME, line, f"{type(exc).__name__}: {exc}", "fix the line in pelican.conf")]
        ) from None
    return {k: v for k, v in namespace.items() if k.isupper()}


# The prefix of the settings the speed layer's SPEED dict replaced (issue 18): the old prefix plus
# WORKERS is now SPEED["workers"]. Any old-prefixed name whose rest is a key of a plugin's
# namespaced setting is named with its new spelling, computed from the name (no list of old names
# to keep).
OLD_PREFIX = "FOOTHOLD_"


def _plugin_namespaces(plugin_names) -> dict[str, frozenset]:
    """Namespaced setting -> its keys, from each plugin's ``NAMESPACED_SETTINGS`` constant
    (``{"SPEED": ("workers", ...)}``), imported as _plugin_settings imports them."""
    found: dict[str, frozenset] = {}
    for plugin in plugin_names:
        try:
            module = importlib.import_module(plugin) if isinstance(plugin, str) else plugin
        except Exception:  # noqa: BLE001 - reported as a plugin that failed to import
            continue
        for name, keys in dict(getattr(module, "NAMESPACED_SETTINGS", {})).items():
            found[name] = frozenset(keys)
    return found


def _renamed(name: str, value, namespaces: dict[str, frozenset]) -> str | None:
    """``<old name> = 2 is now SPEED = {"workers": 2}`` for an old-prefixed name, else None."""
    if not name.startswith(OLD_PREFIX):
        return None
    key = name[len(OLD_PREFIX):].lower()
    for namespace, keys in sorted(namespaces.items()):
        if key in keys:
            return f'{name} = {value!r} is now {namespace} = {{"{key}": {value!r}}}'
    return None


def _plugin_settings(plugin_names, plugin_paths) -> set[str]:
    """Setting names declared by plugins through a ``KNOWN_SETTINGS`` constant."""
    for path in plugin_paths:
        if path not in sys.path:
            sys.path.insert(0, path)
    names: set[str] = set()
    for plugin in plugin_names:
        module = importlib.import_module(plugin) if isinstance(plugin, str) else plugin
        names |= set(getattr(module, "KNOWN_SETTINGS", ()))
    return names


def plugin_modules(settings) -> list:
    """The module of every plugin in the PLUGINS of ``settings`` (found as Pelican finds them: by
    name, PLUGIN_PATHS first), for build.py to register before the build starts."""
    modules = []
    for path in settings.get("PLUGIN_PATHS") or []:
        if path not in sys.path:
            sys.path.insert(0, path)
    for plugin in settings.get("PLUGINS") or []:
        modules.append(importlib.import_module(plugin) if isinstance(plugin, str) else plugin)
    return modules


def known_settings(plugin_names=(), plugin_paths=()) -> set[str]:
    from pelican.settings import DEFAULT_CONFIG

    names = set(DEFAULT_CONFIG) | PELICAN_EXTRA_SETTINGS | OWN_SETTINGS | set(SITE_DEFAULTS)
    names |= _plugin_settings(plugin_names, plugin_paths)
    return names


def _suggest(name: str, candidates, n: int = 3) -> str | None:
    close = difflib.get_close_matches(name, sorted(candidates), n=n, cutoff=0.6)
    if not close:
        return None
    return "did you mean " + ", ".join(f"'{c}'" for c in close) + "?"


def _validate(values: dict, source: str, root: Path) -> list[Problem]:
    problems: list[Problem] = []
    # Resolved as load_settings does: a linked plugins folder is imported by its real path, so a
    # test project's link, deleted with the project, is never where a plugin module came from.
    plugin_paths = [str((root / p).resolve()) for p in values.get("PLUGIN_PATHS", SITE_DEFAULTS["PLUGIN_PATHS"])]
    plugins = values.get("PLUGINS", [])
    for plugin in plugins:
        if isinstance(plugin, str):
            found = importlib.machinery.PathFinder.find_spec(plugin, plugin_paths)
            if found is None:
                try:
                    found = importlib.util.find_spec(plugin)
                except (ImportError, ValueError):
                    found = None
            if found is None:
                problems.append(
                    Problem(
                        CONF_NAME,
                        _line_of_setting(source, "PLUGINS"),
                        f"PLUGINS: plugin '{plugin}' was not found in {', '.join(plugin_paths)} or installed",
                        "install it with pip or remove it from PLUGINS",
                    )
                )
    try:
        known = known_settings(plugins, plugin_paths)
    except Exception as exc:  # noqa: BLE001 - a plugin that fails to import is a config problem
        problems.append(Problem(CONF_NAME, None, f"PLUGINS: a plugin failed to import: {exc}"))
        known = known_settings()
    production = values.get("PRODUCTION", {})
    if not isinstance(production, dict):
        problems.append(
            Problem(CONF_NAME, _line_of_setting(source, "PRODUCTION"), "PRODUCTION must be a dict of settings")
        )
        production = {}
    namespaces = _plugin_namespaces(plugins)
    for name in sorted(set(values) | set(production)):
        if name not in known:
            line = _line_of_setting(source, name) or _line_of_setting(source, f'"{name}"')
            renamed = _renamed(name, values.get(name, production.get(name)), namespaces)
            if renamed is not None:
                problems.append(Problem(CONF_NAME, line, renamed,
                                        "write the new setting instead (several keys go in one dict)"))
                continue
            problems.append(
                Problem(
                    CONF_NAME,
                    line,
                    f"unknown setting '{name}'",
                    _suggest(name, known) or "remove it, or check the spelling in Pelican's settings docs",
                )
            )
    for name in REQUIRED:
        value = values.get(name, SITE_DEFAULTS.get(name))
        if value in (None, ""):
            problems.append(
                Problem(CONF_NAME, None, f"required setting '{name}' is missing or empty", f"add {name} = ...")
            )
    for scope in (values, production):
        zone = scope.get("TIMEZONE")
        if zone is None:
            continue
        try:
            zoneinfo.ZoneInfo(str(zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            hint = _suggest(str(zone), zoneinfo.available_timezones()) or "use an IANA name such as 'Europe/Lisbon'"
            problems.append(
                Problem(
                    CONF_NAME,
                    _line_of_setting(source, "TIMEZONE"),
                    f"TIMEZONE '{zone}' is not a known time zone",
                    hint,
                )
            )
    return problems


def load_settings(root: Path | str | None = None, production: bool = False,
                  overrides: dict | None = None) -> BuildSettings:
    """Pelican's settings dict for this project, carrying a new build's state (``.build``,
    state.py). Raises ConfigError before anything is written."""
    root = Path(root).resolve() if root else find_root()
    conf_path = root / CONF_NAME
    if not conf_path.is_file():
        raise ConfigError([Problem(str(conf_path), None, f"{CONF_NAME} not found", "run from the project root")])
    values = _execute(conf_path)
    source = conf_path.read_text(encoding="utf-8")
    overrides = dict(overrides or {})
    problems = _validate({**values, **overrides}, source, root)
    if problems:
        raise ConfigError(problems)

    settings = copy.deepcopy(SITE_DEFAULTS)
    user = {k: v for k, v in values.items() if k != "PRODUCTION"}
    settings.update(copy.deepcopy(user))
    if production:
        settings.update(copy.deepcopy(PRODUCTION_DEFAULTS))
        settings.update(copy.deepcopy(values.get("PRODUCTION", {})))
    settings.update(overrides)
    # Future-dated posts become drafts unless the author opts in (FAULTS 7).
    settings["WITH_FUTURE_DATES"] = bool(settings.get("PUBLISH_FUTURE"))
    for key in PATH_SETTINGS:
        if settings.get(key):
            settings[key] = str((root / os.path.expanduser(settings[key])).resolve())
    settings["PLUGIN_PATHS"] = [str((root / p).resolve()) for p in settings.get("PLUGIN_PATHS", [])]

    problems = []
    if not Path(settings["PATH"]).is_dir():
        problems.append(Problem(CONF_NAME, _line_of_setting(source, "PATH"), f"content folder {settings['PATH']} does not exist"))
    if not Path(settings["THEME"]).is_dir():
        problems.append(Problem(CONF_NAME, _line_of_setting(source, "THEME"), f"theme folder {settings['THEME']} does not exist"))
    if production and not str(settings.get("SITEURL") or "").startswith(("http://", "https://")):
        problems.append(
            Problem(
                CONF_NAME,
                _line_of_setting(source, "PRODUCTION"),
                "a production build needs an absolute SITEURL (https://...)",
                "set SITEURL in the PRODUCTION dict of pelican.conf",
            )
        )
    if problems:
        raise ConfigError(problems)

    from pelican.settings import read_settings

    state = BuildState(root=str(root), production=production, problems=ProblemLog(root=str(root)))
    return BuildSettings(read_settings(path=None, override=settings), state)


def conf_path(settings) -> str:
    """pelican.conf of the project these settings were loaded from, for messages."""
    root = build_state(settings).root
    return os.path.join(root, CONF_NAME) if root else CONF_NAME


class SettingsReader:
    """A plugin's namespaced setting (``RESUME = {...}`` in pelican.conf) read against its defaults.

    Every mistake goes to ``report(path, line, message, hint)`` with the line of pelican.conf that
    holds it, and the default stands in, so one build lists every mistake: not a dict, an unknown
    key ("did you mean"), and whatever the plugin finds wrong with a value (``bad``). The plugin
    then checks its values and reads ``values``."""

    def __init__(self, settings, name: str, defaults: dict, report, example: str):
        self.name, self.defaults, self.report = name, defaults, report
        self.path = conf_path(settings)
        self.line = line_of(self.path, name, None)
        raw = settings.get(name)
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            report(self.path, self.line, f"{name} must be a dict", example)
            raw = {}
        self.raw = raw
        self.values = dict(defaults)
        for key in sorted(raw, key=str):
            if key not in defaults:
                close = difflib.get_close_matches(str(key), list(defaults), n=1)
                report(self.path, line_of(self.path, str(key), self.line), f"unknown {name} key '{key}'",
                       (f"did you mean '{close[0]}'? " if close else "") + "known keys: " + ", ".join(sorted(defaults)))
                continue
            self.values[key] = raw[key]

    def bad(self, key: str, message: str, hint: str) -> None:
        """``NAME['key'] message``, at the line naming the key; the key's default stands in."""
        line = line_of(self.path, f"'{key}'", self.line) or line_of(self.path, f'"{key}"', self.line)
        self.report(self.path, line, f"{self.name}['{key}'] {message}", hint)
        self.values[key] = self.defaults[key]
