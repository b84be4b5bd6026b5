"""Files that must never be published: drafts, dot-files, sources, backups, keys, symlinks."""

from __future__ import annotations

import os
from pathlib import PurePosixPath

from foothold.linkcheck.site import Site
from foothold.problems import Problem

# Sources and configuration an author keeps next to content; none belongs in a built site.
_SOURCE_SUFFIXES = {
    ".md", ".markdown", ".mdown", ".mkd", ".rst", ".ipynb", ".py", ".pyc", ".conf", ".cfg",
    ".ini", ".toml", ".yml", ".yaml", ".env", ".sh", ".pem", ".key", ".p12", ".sqlite", ".db",
}
_BACKUP_SUFFIXES = {".bak", ".orig", ".rej", ".swp", ".swo", ".tmp", ".old"}
_SECRET_NAMES = {"id_rsa", "id_ed25519", "id_ecdsa", "id_dsa", "thumbs.db", "desktop.ini"}
# Standard locations a site may need to publish even though they start with a dot.
_ALLOWED_DOT = {".well-known"}


def _reason(rel: str, is_link: bool, allow_drafts: bool) -> tuple[str, str] | None:
    path = PurePosixPath(rel)
    if is_link:
        return ("symbolic link in the site", "the build must copy files, not links that may lead "
                "outside content/; replace the link with the file itself")
    # Pelican writes drafts under drafts/ (DRAFT_SAVE_AS, DRAFT_PAGE_SAVE_AS).
    if len(path.parts) > 1 and path.parts[0] == "drafts" and not allow_drafts:
        return ("draft published", "drafts and hidden posts must never reach a production "
                "build; build with `invoke preview` (production settings) before checking")
    for part in path.parts:
        if part.startswith(".") and part not in _ALLOWED_DOT:
            return (f"dot-file published ({part})", "files and folders starting with a dot "
                    "(.env, .git, .DS_Store) are private; remove them from the static folders")
    name = path.name.lower()
    suffix = path.suffix.lower()
    if name in _SECRET_NAMES or name.startswith("id_rsa"):
        return ("private file published", "remove it from the static folders at once and "
                "treat the key as leaked")
    if suffix in _SOURCE_SUFFIXES:
        return (f"source file published ({suffix})", "only built pages and the declared "
                "STATIC_PATHS belong in the site; move the file out of the static folders")
    if suffix in _BACKUP_SUFFIXES or name.endswith("~") or name.startswith("#"):
        return ("editor backup file published", "delete the backup file from content/")
    return None


def find_leaks(site: Site, allow_drafts: bool = False) -> list[Problem]:
    problems = []
    for rel in site.files():
        reason = _reason(rel, os.path.islink(site.dir / rel), allow_drafts)
        if reason:
            message, hint = reason
            problems.append(Problem(rel, None, message, hint))
    return problems
