"""Which paths under content/ a build may open (FAULTS 32): none that leaves the folder.

Pelican finds content with ``os.walk(followlinks=True)`` and opens whatever it finds, so a post, a
folder of posts or ``skills.yml`` that is a symlink to a file outside the project was published,
and a link to a folder that holds it made the walk go round the loop (2^40 paths with two such
links). A named pipe under content/ made the build wait forever on ``open``. This module decides,
before anything is opened, from ``lstat``/``realpath`` alone: the target of a refused link is never
read. Links that stay inside the content folder keep working, as static files' links always did.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from dataclasses import dataclass

OUTSIDE_HINT = "copy the file into content/ instead of linking to it"


@dataclass(frozen=True)
class Refusal:
    """``path`` (the link itself, or the special file) may not be read, for ``message``."""

    path: str
    message: str
    hint: str


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _special_kind(mode: int) -> str | None:
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def link_refusal(link: str, real_root: str, open_folders: tuple[str, ...] = ()) -> Refusal | None:
    """Why the symlink ``link`` may not be followed: it leaves ``real_root``, points at nothing,
    or at a folder it sits in (``open_folders``: real paths of the folders the walk is inside)."""
    target = os.path.realpath(link)
    if not _inside(target, real_root):
        return Refusal(link, f"links outside the content folder (to {target})", OUTSIDE_HINT)
    if not os.path.exists(target):
        return Refusal(link, f"is a link to {target}, which does not exist (or is a link loop)",
                       "remove the link, or point it at a file inside content/")
    parent = os.path.realpath(os.path.dirname(link))
    if os.path.isdir(target) and (_inside(parent, target) or target in open_folders):
        return Refusal(link, f"is a link to {target}, a folder that contains it: the folder would repeat forever",
                       "remove the link")
    return None


def refusal(root: str, path: str) -> Refusal | None:
    """Why ``path`` (under the content folder ``root``, as the build names it, links unresolved)
    may not be opened, or None. Every link on the way from ``root`` is looked at, so a file in a
    linked folder is refused naming the folder's link."""
    root = os.path.abspath(root)
    real_root = os.path.realpath(root)
    path = os.path.abspath(path)
    if not _inside(path, root):
        target = os.path.realpath(path)
        if not _inside(target, real_root):
            return Refusal(path, f"is outside the content folder ({target})", OUTSIDE_HINT)
        return None
    current = root
    for part in os.path.relpath(path, root).split(os.sep):
        if part in ("", "."):
            continue
        current = os.path.join(current, part)
        try:
            info = os.lstat(current)
        except OSError:
            return None  # gone: the caller's open reports that
        if stat.S_ISLNK(info.st_mode):
            found = link_refusal(current, real_root)
            if found is not None:
                return found
    try:
        kind = _special_kind(os.stat(path).st_mode)
    except OSError:
        return None
    if kind:
        return Refusal(path, f"is {kind}, not a file: reading it could wait forever",
                       "remove it from the content folder")
    return None


def walk(top: str, root: str, ignore: tuple[str, ...] = (), on_refused=None):
    """``os.walk(top, topdown=True)`` that follows linked folders only while they stay inside the
    content folder ``root`` and never round a loop; links and special files it will not follow
    are left out of the listing and handed to ``on_refused(Refusal)``. ``ignore``: fnmatch
    patterns of folder and file names to leave out (IGNORE_FILES)."""
    real_root = os.path.realpath(root)

    def report(found: Refusal) -> None:
        if on_refused is not None:
            on_refused(found)

    def visit(folder: str, open_folders: tuple[str, ...]):
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        dirnames, filenames = [], []
        for entry in entries:
            if any(fnmatch.fnmatch(entry.name, pattern) for pattern in ignore):
                continue
            path = os.path.join(folder, entry.name)
            try:
                is_link = entry.is_symlink()
                if is_link:
                    found = link_refusal(path, real_root, open_folders)
                    if found is not None:
                        report(found)
                        continue
                mode = os.stat(path).st_mode
            except OSError:
                continue
            if stat.S_ISDIR(mode):
                dirnames.append(entry.name)
            elif stat.S_ISREG(mode):
                filenames.append(entry.name)
            else:
                report(Refusal(path, f"is {_special_kind(mode)}, not a file: reading it could wait forever",
                               "remove it from the content folder"))
        yield folder, dirnames, filenames
        for name in dirnames:  # what the caller left in the list
            path = os.path.join(folder, name)
            yield from visit(path, (*open_folders, os.path.realpath(path)))

    found = refusal(root, top)
    if found is not None:
        report(found)
    elif os.path.isdir(top):
        yield from visit(top, (os.path.realpath(top),))


def safe_get_files(generator, paths, exclude=None, extensions=None) -> set[str]:
    """Pelican's ``Generator.get_files`` (same rules: ``exclude`` folders, IGNORE_FILES, the
    readers' extensions), walking with ``walk`` above; what it refuses is a build problem."""
    from .problems import problems_of

    problems = problems_of(generator.settings)
    exclude = exclude or []
    if isinstance(paths, str):
        paths = [paths]
    excluded = {os.path.normpath(os.path.join(generator.path, e)) for e in exclude}
    ignores = tuple(generator.settings.get("IGNORE_FILES") or ())
    if extensions is None:
        extensions = tuple(generator.readers.extensions)

    def included(relative: str) -> bool:  # Pelican's Generator._include_path
        name = os.path.basename(relative)
        if any(fnmatch.fnmatch(name, pattern) for pattern in ignores):
            return False
        return extensions is False or os.path.splitext(name)[1][1:] in extensions

    def refused(found: Refusal) -> None:
        problems.add(found.path, None, found.message, found.hint)

    files = set()
    for path in paths:
        top = os.path.join(generator.path, path) if path else generator.path
        if os.path.isdir(top) or os.path.islink(top):
            for dirpath, dirnames, filenames in walk(top, generator.path, ignores, refused):
                dirnames[:] = [d for d in dirnames if os.path.normpath(os.path.join(dirpath, d)) not in excluded]
                reldir = os.path.relpath(dirpath, generator.path)
                for name in filenames:
                    relative = os.path.normpath(os.path.join(reldir, name))
                    if included(relative):
                        files.add(relative)
        elif os.path.exists(top) and included(path):
            found = refusal(generator.path, top)
            if found is not None:
                refused(found)
            else:
                files.add(path)
    return files


def guard_generator(generator) -> None:
    """generator_init receiver: every generator lists content with ``safe_get_files``."""
    if hasattr(generator, "get_files") and hasattr(generator, "path"):
        generator.get_files = lambda paths, exclude=None, extensions=None: safe_get_files(
            generator, paths, exclude, extensions)
