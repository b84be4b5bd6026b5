"""What a development build keeps so that the next one can rebuild a body-only edit without Pelican.

After a development build succeeds, two files go next to the page record (``page_reuse.py``):

- the **head** (``<cache>-snapshot-head.pickle``, small): what the build was made from (a digest of
  the settings as loaded, the plugin code and library versions, the theme, today's date) and the
  SHA-256 of every file under the content folder as it was when the build started; the digest of
  each Markdown source's metadata as the reader returned it; the checksums of the page record and
  of the body below; bodies changed by quick rebuilds since (``patches``);
- the **body** (``<cache>-snapshot.pickle``): Pelican's finished context, every content object,
  the settings as Pelican left them and every page's template and local context.

``quick.py`` reads them. Files are hashed when the build *starts*: an edit made while it runs
shows up as a change next time, never the other way round. Both files are written last, the head
after the body, each by a rename; each names the checksum of what it depends on, so a head that
does not match its body or the page record is not used. Anything that cannot be pickled (a setting
holding a lambda) means no snapshot, and the next build is a full one.

Why pickle: the objects are Pelican's own (content objects, URL wrappers, paginators); pickle
writes them with their shared references intact, which no text format does. Content objects are
written one by one and referred to by path elsewhere: written where first met, a chain of related
posts or neighbours would recurse as deep as the site is large.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import hashlib
import io
import logging
import os
import pickle
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from pelican.contents import Static

from foothold.safepaths import walk
from foothold.state import BuildSettings, build_state
from search_index.indexer import indexed_in

from .markdown_cache import generation_key
from .page_reuse import (NOT_DIGESTED, Digest, Unstable, collector_paused, contents_of, folder_id,
                         read_checked, record_path, theme_digest, write_checked)
from .state import speed_of

log = logging.getLogger(__name__)

HEAD_FORMAT = b"foothold-snapshot-head-1\n"
BODY_FORMAT = b"foothold-snapshot-body-1\n"
# A quick rebuild is not tried within this long of a content date still in the future when the
# snapshot was made: whether such a post is published depends on the clock (PUBLISH_FUTURE).
DATE_MARGIN = dt.timedelta(days=1)


@dataclass
class Inputs:
    """Everything a build is made from, as digests: the settings as loaded (before Pelican and the
    plugins add their defaults), code and library versions, theme, dates, the content files."""

    settings: str
    code: str
    theme: str
    dates: tuple
    files: dict[str, str]  # POSIX path under PATH -> SHA-256 of its bytes

    def same_except_files(self, other: Inputs) -> bool:
        return (self.settings, self.code, self.theme, self.dates) == (other.settings, other.code, other.theme, other.dates)


@dataclass
class Head:
    output: str
    inputs: Inputs
    record: str  # checksum of the page record this snapshot goes with
    body: str  # SHA-256 of the body file's payload
    metadata: dict[str, str]  # source path -> digest of the reader's metadata
    horizon: dt.datetime | None  # the earliest content date in the future when the build ran (UTC)
    stats: dict
    folder: tuple  # folder_id of the output: another build (production) replaces the folder
    indexed: list | None  # the output's pages in the search index, read when the snapshot was made
    sources: dict  # page -> its source (BuildState.output_sources), for live reload's messages
    patches: dict[str, str] = field(default_factory=dict)  # source path -> body HTML since the body


# Editors' working files: vim's swap files and write test, vim's and emacs' backups and emacs'
# autosaves. Nothing a build reads has these names outside the static folders (no reader's
# extension, no file a plugin reads by name), and an author who keeps a post open in vim would
# otherwise never get a quick rebuild. In a static folder Pelican copies every file: there they count.
EDITOR_FILES = (".*.sw?", "4913", "*~", "#*#")


def _any_of(patterns) -> callable:
    """A matcher of file names for fnmatch patterns: one regular expression for all of them, as
    fnmatch.fnmatch would match each (it is called for every content file of every build)."""
    if not patterns:
        return lambda name: False
    return re.compile("|".join(f"(?:{fnmatch.translate(os.path.normcase(pattern))})" for pattern in patterns)).match


def content_files(root: str, settings=None) -> dict[str, str]:
    """SHA-256 of every file under ``root`` that a build can read: all but those Pelican ignores
    (IGNORE_FILES) and editors' working files outside the static folders."""
    settings = settings or {}
    ignored = _any_of(tuple(settings.get("IGNORE_FILES") or ()))
    editors = _any_of(EDITOR_FILES)
    static = tuple(folder.strip("/") + "/" for folder in settings.get("STATIC_PATHS") or [])
    found = {}

    def refused(refusal) -> None:
        # Never opened (safepaths.py): what it is stands in for its bytes, so a file that becomes such a
        # link, or stops being one, is a change, and the full build it needs says why.
        rel = os.path.relpath(refusal.path, root).replace(os.sep, "/")
        found[rel] = "refused: " + refusal.message

    for dirpath, dirnames, filenames in walk(root, root, on_refused=refused):
        dirnames[:] = sorted(name for name in dirnames if not ignored(os.path.normcase(name)))
        rel_dir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        for name in filenames:
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            if ignored(os.path.normcase(name)):
                continue
            if editors(os.path.normcase(name)) and not any(rel == folder[:-1] or rel.startswith(folder) for folder in static):
                continue
            found[rel] = content_files_hash(os.path.join(dirpath, name))
    return found


def content_files_hash(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return "unreadable"


def inputs_of(settings) -> Inputs | None:
    """The Inputs of a build with these settings (as load_settings made them); None when the
    settings have no stable description (then no snapshot is made or used)."""
    described = mapping_digest(settings, settings)
    if described is None:
        return None
    try:
        return Inputs(
            settings=described,
            code=generation_key(settings.get("MARKDOWN", {}), settings.get("PLUGIN_PATHS"))
            + project_code_digest(settings),
            theme=theme_digest(settings),
            dates=(dt.date.today().isoformat(), dt.datetime.now(dt.timezone.utc).date().isoformat()),
            files=content_files(settings["PATH"], settings),
        )
    except OSError:  # a file gone while listed, say: no quick rebuild
        return None


def project_code_digest(settings) -> str:
    """Every file of the plugin folders (the skill map's shipped taxonomies and schemas too, not
    only the Python the Markdown cache's key covers), and every module loaded from the project
    itself: pelican.conf and whatever it imports (a filter module), whose functions the settings
    digest can only name."""
    root = os.path.realpath(build_state(settings).root or settings["PATH"])
    plugins = [os.path.realpath(folder) + os.sep for folder in settings.get("PLUGIN_PATHS") or []]
    files = set()
    for folder in plugins:
        for dirpath, dirnames, filenames in os.walk(folder):  # folder is a real path; os.walk follows no link
            dirnames[:] = [name for name in dirnames if name != "__pycache__"]
            for name in filenames:
                path = os.path.join(dirpath, name)
                files.add(os.path.realpath(path) if os.path.islink(path) else path)
    # Modules are loaded as a process goes (invoke's tasks.py, a test run's modules): only those a
    # build itself loads count, which are pelican.conf's.
    skipped = (*plugins, os.path.join(root, "tests") + os.sep, os.path.join(root, ".venv") + os.sep)
    # The interpreter's and the virtual environment's modules, told apart before the costly realpath
    # of each (a prefix that holds the project, a venv made in the project folder itself, cannot be).
    installed = tuple(prefix for prefix in {sys.prefix + os.sep, sys.base_prefix + os.sep, sys.exec_prefix + os.sep}
                      if not (root + os.sep).startswith(prefix))
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if path and not path.startswith(installed):
            path = os.path.realpath(path)
            if (path.startswith(root + os.sep) and not path.startswith(skipped) and "site-packages" not in path
                    and os.path.basename(path) != "tasks.py"):
                files.add(path)
    code = hashlib.sha256()
    for path in sorted(files):
        code.update(path.encode() + b"\0" + content_files_hash(path).encode())
    return code.hexdigest()


def mapping_digest(settings, mapping: dict) -> str | None:
    """The digest of ``mapping`` (the settings themselves, or a source's metadata), the settings
    named wherever they appear; None when it has no stable description."""
    digest = Digest({id(settings): "settings"})
    try:
        digest.add_items(mapping)
    except (Unstable, RecursionError):
        return None
    return digest.hexdigest()


def paths(settings) -> tuple[Path, Path] | None:
    record = record_path(settings)
    if record is None:
        return None
    stem = record.name.removesuffix("-pages.pickle")
    return record.with_name(stem + "-snapshot-head.pickle"), record.with_name(stem + "-snapshot.pickle")


def write_head(settings, head: Head) -> None:
    write_checked(paths(settings)[0], HEAD_FORMAT, pickle.dumps(head, protocol=pickle.HIGHEST_PROTOCOL))


def _stored_head(settings) -> Head | None:
    where = paths(settings)
    found = read_checked(where[0], HEAD_FORMAT) if where is not None else None
    if found is None:
        return None
    try:
        head = pickle.loads(found[0])
    except Exception:  # noqa: BLE001 - a damaged head only means a full build
        return None
    return head if isinstance(head, Head) else None


def read_head(settings, output) -> Head | None:
    head = _stored_head(settings)
    if head is None or head.output != str(output) or head.folder != folder_id(output):
        return None
    return head


def _body_checksum(path: Path) -> str | None:
    """The payload checksum a body file says it has (its header only: read_body checks the payload
    against it before anything is used)."""
    try:
        with open(path, "rb") as handle:
            start = handle.read(len(BODY_FORMAT) + 64)
    except OSError:
        return None
    return start[len(BODY_FORMAT):].decode("ascii", "replace") if start.startswith(BODY_FORMAT) else None


class _Writer(pickle.Pickler):
    """Names the settings, the context and every content object instead of writing them in place."""

    def __init__(self, stream, settings, context, contents: dict):
        super().__init__(stream, protocol=pickle.HIGHEST_PROTOCOL)
        self.ids = {id(settings): "settings", id(context): "context"}
        self.ids.update((id(content), path) for path, content in contents.items())

    def persistent_id(self, obj):
        return self.ids.get(id(obj))


class _Reader(pickle.Unpickler):
    def __init__(self, stream, named: dict):
        super().__init__(stream)
        self.named = named

    def persistent_load(self, pid):
        return self.named[pid]


def _template_ref(template):
    # A Jinja template by name (its file is in the theme digest); a stand-in (the skill map's
    # pre-rendered JSON) as it is.
    return ("jinja", template.name) if isinstance(template, jinja2.Template) else ("object", template)


class _Hashing:
    """A file that hashes what is written to it: the body is pickled straight to disk (65 MB at
    5,000 posts), not into memory first."""

    def __init__(self, handle):
        self.handle = handle
        self.hash = hashlib.sha256()

    def write(self, data) -> int:
        self.hash.update(data)
        return self.handle.write(data)


def _write_body(path: Path, settings, context, jobs: list) -> str:
    """Write the body to ``path`` (by a rename), in the layout of ``page_reuse.write_checked`` but
    streamed; the SHA-256 of its payload."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(BODY_FORMAT + b"0" * 64)  # the checksum, once known
            stream = _Hashing(handle)
            _pickle_body(stream, settings, context, jobs)
            checksum = stream.hash.hexdigest()
            handle.seek(len(BODY_FORMAT))
            handle.write(checksum.encode())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return checksum


def _pickle_body(stream, settings, context, jobs: list) -> None:
    output = settings["OUTPUT_PATH"]
    contents = contents_of(context)
    writer = _Writer(stream, settings, context, contents)
    # One pickler for all parts: objects shared between them are written once.
    writer.dump({key: value for key, value in settings.items() if key not in NOT_DIGESTED})
    writer.dump([(type(content), path) for path, content in contents.items()])
    for content in contents.values():
        writer.dump(dict(vars(content)))
    keysets: dict[tuple, int] = {}
    pages = {}
    for job in jobs:
        keys = tuple(job.localcontext)
        number = keysets.setdefault(keys, len(keysets))
        own = {key: value for key, value in job.localcontext.items()
               if key not in NOT_DIGESTED and not (key in context and context[key] is value)}
        rel = os.path.relpath(job.path, output).replace(os.sep, "/")
        pages[rel] = (_template_ref(job.template), number, own, job.localsiteurl)
    writer.dump({
        "context": {key: value for key, value in context.items() if key not in NOT_DIGESTED},
        "keysets": list(keysets),
        "pages": pages,
    })


def _horizon(contents: dict, started: dt.datetime) -> dt.datetime | None:
    future = []
    for content in contents.values():
        for name in ("date", "modified"):
            value = getattr(content, name, None)
            if isinstance(value, dt.datetime):
                moment = value if value.tzinfo is not None else value.astimezone()  # naive: local time
                if moment > started - DATE_MARGIN:
                    future.append(moment.astimezone(dt.timezone.utc))
    return min(future) if future else None


def save(settings, output: Path, record: str, started: dt.datetime) -> None:
    """After a successful development build and its page record: write the snapshot, or remove a
    stale one if this build cannot be described by one."""
    where = paths(settings)
    speed = speed_of(settings)
    jobs, inputs = speed.page_jobs, speed.inputs
    if where is None:
        return
    try:
        if jobs is None or inputs is None or not record or not jobs:
            raise Unstable("nothing to describe")
        context = jobs[0].context
        contents = contents_of(context)
        read = build_state(settings).read_metadata
        root = settings["PATH"]
        # The last snapshot, whatever output it described: with the same settings, code, theme
        # and dates, a source of the same bytes has the same metadata digest (the reader's result
        # depends on nothing else), and the same files make the same body.
        last = _stored_head(settings)
        if last is not None and not last.inputs.same_except_files(inputs):
            last = None
        if last is not None:
            changed = {rel for rel in set(last.inputs.files) | set(inputs.files)
                       if last.inputs.files.get(rel) != inputs.files.get(rel)}
            if any(os.path.join(root, rel) not in read for rel in changed):
                last = None  # a file other than a source (skills.yml, a static file) changed
        metadata = {}
        for path, content in contents.items():
            if isinstance(content, Static) and path not in read:
                continue  # a static file: compared by its bytes below, as every other file
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            if path not in read or read[path][0] != inputs.files.get(rel):
                # Not read, or edited between the start of the build and its read: the output
                # would not be what the hash describes.
                raise Unstable(f"{path}: read as other bytes than hashed")
            digest = (last.metadata.get(path) if last is not None and last.inputs.files.get(rel) == inputs.files.get(rel)
                      else None) or mapping_digest(settings, read[path][1])
            if digest is None:
                raise Unstable(f"{path}: no metadata digest")
            metadata[path] = digest
        others = {rel for rel in inputs.files if os.path.join(root, rel) not in metadata}
        if any(content_files_hash(os.path.join(root, rel)) != inputs.files[rel] for rel in others):
            raise Unstable("a file other than a source changed during the build")
        if (last is not None and not last.patches and last.inputs.files == inputs.files and last.metadata == metadata
                and _body_checksum(where[1]) == last.body):
            # Nothing it is made from changed: the body on disk is this build's (0.35 CPU-s of
            # pickling at 1,000 posts saved); only the head, which names the new output, is new.
            checksum = last.body
        else:
            checksum = _write_body(where[1], settings, context, jobs)
        stats = {key: value for key, value in build_state(settings).stats.items() if key != "markdown"}

        head = Head(str(output), inputs, record, checksum, metadata, _horizon(contents, started), stats,
                    folder_id(output), indexed_in(settings, output), dict(build_state(settings).output_sources))
        write_head(settings, head)
    except Exception as exc:  # noqa: BLE001 - no snapshot only means the next build is a full one
        log.debug("no snapshot: %s", exc)
        for path in where:
            try:
                path.unlink()
            except OSError:
                pass


@dataclass
class Restored:
    settings: dict  # Pelican's settings as the build left them, with this build's OUTPUT_PATH
    context: dict
    contents: dict
    keysets: list
    pages: dict  # rel -> (template ref, keyset number, own local values, localsiteurl)


def read_body(settings, head: Head) -> Restored | None:
    """The body that goes with ``head``. Its settings are Pelican's as the last build left them,
    with this build's state and OUTPUT_PATH."""
    found = read_checked(paths(settings)[1], BODY_FORMAT)
    if found is None or found[1] != head.body:
        return None
    payload = found[0]
    restored_settings = BuildSettings(build=build_state(settings))  # this build's state, not the last one's
    context: dict = {}
    named: dict = {"settings": restored_settings, "context": context}
    try:
        with collector_paused():
            reader = _Reader(io.BytesIO(payload), named)
            restored_settings.update(reader.load())
            restored_settings.update((key, value) for key, value in settings.items() if key in NOT_DIGESTED)
            heads = reader.load()
            contents = {}
            for cls, path in heads:
                contents[path] = named[path] = cls.__new__(cls)
            for path in contents:
                contents[path].__dict__.update(reader.load())
            rest = reader.load()
    except Exception as exc:  # noqa: BLE001 - a body that cannot be read only means a full build
        log.debug("snapshot body unreadable: %s", exc)
        return None
    context.update(rest["context"])
    return Restored(restored_settings, context, contents, rest["keysets"], rest["pages"])
