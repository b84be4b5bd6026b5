"""SEARCH_INDEX settings: defaults and validation with messages that say how to fix them."""

from __future__ import annotations

from foothold.state import build_state

# Read by foothold.config, which rejects setting names no plugin declares.
KNOWN_SETTINGS = frozenset({"SEARCH_INDEX"})

DEFAULTS = {
    # "production": production builds only (`invoke preview`, `invoke deploy`, CI); True: every
    # build; False: never. Pagefind took 1.1 to 2.8 CPU-s of a 1,000-post development build (12 CPU-s
    # in all, stock Pelican 8), and a development build is the edit loop: search is tried with
    # `invoke preview --serve`, as the site will be published (as Hugo sites do with Pagefind).
    "enabled": "production",
    # Folder inside the output; theme/templates/search.html loads <SITEURL>/pagefind/pagefind.js.
    "output_subdir": "pagefind",
    # Seconds before the Pagefind binary is considered stuck.
    "timeout": 120,
    # Pages per shard of the index (shards.py): each is one Pagefind run, merged by the search page.
    # Smaller shards cost a development rebuild less and a full build a little more.
    "pages_per_shard": 250,
    # Development builds use the smaller of this and pages_per_shard: a quick rebuild of one edited
    # post re-indexes its shard, and Pagefind took 0.22 s for 50 pages against 0.98 s for 250. All
    # of 1,000 posts took about the same CPU time in shards of 50 as of 250 (25: 30 % more).
    "development_pages_per_shard": 50,
}


class SearchSettingsError(ValueError):
    """The SEARCH_INDEX setting is not usable; the message names the key and the fix."""


def search_settings(settings) -> dict:
    given = settings.get("SEARCH_INDEX") or {}
    if not isinstance(given, dict):
        raise SearchSettingsError(
            f"SEARCH_INDEX must be a dict such as {{'enabled': True}}, not {type(given).__name__}"
        )
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise SearchSettingsError(
            f"SEARCH_INDEX has unknown key(s) {', '.join(map(repr, unknown))}; "
            f"known keys: {', '.join(sorted(DEFAULTS))}"
        )
    merged = {**DEFAULTS, **given}
    if not (isinstance(merged["enabled"], bool) or merged["enabled"] == "production"):
        raise SearchSettingsError(
            f"SEARCH_INDEX['enabled'] must be True, False or 'production', not {merged['enabled']!r}")
    subdir = merged["output_subdir"]
    if not isinstance(subdir, str) or not subdir.strip("/") or ".." in subdir.split("/"):
        raise SearchSettingsError(
            "SEARCH_INDEX['output_subdir'] must be a folder name inside the output, such as 'pagefind'"
        )
    merged["output_subdir"] = subdir.strip("/")
    if not isinstance(merged["timeout"], (int, float)) or merged["timeout"] <= 0:
        raise SearchSettingsError("SEARCH_INDEX['timeout'] must be a positive number of seconds")
    for key in ("pages_per_shard", "development_pages_per_shard"):
        shard = merged[key]
        if isinstance(shard, bool) or not isinstance(shard, int) or shard < 1:
            raise SearchSettingsError(f"SEARCH_INDEX['{key}'] must be a whole number of pages, at least 1")
    return merged


def indexing(settings, config: dict) -> bool:
    """Whether this build writes the search index (SEARCH_INDEX['enabled'] for its kind of build)."""
    enabled = config["enabled"]
    return enabled is True or (enabled == "production" and build_state(settings).production)


def pages_per_shard(settings, config: dict) -> int:
    """The shard size of this build: production builds use pages_per_shard, development builds the
    smaller of it and development_pages_per_shard."""
    if build_state(settings).production:
        return config["pages_per_shard"]
    return min(config["pages_per_shard"], config["development_pages_per_shard"])
