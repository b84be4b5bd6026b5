"""Development rebuilds reuse the pages whose inputs did not change, instead of rendering them again.

A page is a template rendered with a context. Its inputs are split in two:

- **the site digest**: a SHA-256 over everything a template can read except the bodies of posts,
  pages and projects: the whole shared context (settings, every content object's attributes and
  metadata, tags, the skill map, pagination...), the page's own local context, the theme's files,
  the code of the plugins and the installed library versions, and today's date. Any change to any
  of it (a title, a tag, a setting, a template) changes the digest of every page;
- **the bodies it read**: while a page renders, every read of a content object's ``content``, or
  of its ``summary`` when the summary is made from the body (no ``Summary`` metadata, which the
  digest covers), is recorded with the SHA-256 of that body.

A development build keeps, for every page it wrote, its digest, the bodies it read and the link
checker's summary of the page (``<cache path>-pages.pickle`` next to the Markdown cache, checksummed,
written only after the build succeeded, and tied to the output folder it describes). The next development build links a page from the output it replaces when its
digest is the same and every body it read is unchanged; the others are rendered. So editing one
post's body renders that post's page (and, without a ``Summary``, the pages showing the summary
made from it), and links the rest.
Anything the digest cannot describe exactly (an object whose only description is its memory
address) turns reuse off for the build. Production builds never reuse a page.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import datetime as dt
import gc
import hashlib
import os
import pickle
import types
from pathlib import Path

import jinja2
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from foothold.state import build_state

from .bodies import cache_folder
from .forked import ForkedMap, can_fork
from .markdown_cache import generation_key
from .settings import NAME as SPEED_SETTING
from .state import speed_of


FORMAT = b"foothold-page-record-4\n"
# The two keys Pelican itself changes from one build to the next without a page showing them: the
# output folder (here the staging folder, named after the build's process) and the ``localsiteurl``
# it sets in the context for each page (digested per page as ``job.localsiteurl``). Everything else
# a build keeps is on its BuildState (foothold/state.py) or SpeedState, never in the settings, so
# no new key has to join this.
PELICAN_PER_BUILD = frozenset({"OUTPUT_PATH", "localsiteurl"})
# Not digested either: those two, and this layer's own setting (SPEED), which by the layer's
# contract changes no byte of output (tests/test_speed_off.py), so that another worker count or
# cache folder, or one `quick: False` build, still reuses pages and allows a quick rebuild.
NOT_DIGESTED = PELICAN_PER_BUILD | {SPEED_SETTING}
# Below this many pages, digesting them here costs less than starting processes to do it.
FORK_MIN_PAGES = 64
# Attributes of a content object that are not inputs a template reads as such: the body (tracked
# per read) and back-references to the shared context and settings (digested once, as themselves).
_CONTENT_SKIP = frozenset({"_content", "_context", "settings"})


class Unstable(Exception):
    """A value has no description that is the same from one build to the next."""


class Digest:
    """Feeds a canonical description of Python values to a hash, each object described once."""

    def __init__(self, names: dict[int, str], described=frozenset()):
        self.described = described  # ids of content objects the site digest describes in full
        self.hash = hashlib.sha256()
        self.seen: dict[int, int] = {}
        self.names = names
        self._keep_alive: list = []  # objects stay alive (their ids unique) while the digest is made

    def add(self, value) -> None:
        update = self.hash.update
        kind = type(value)
        if kind is str:
            # Most values are strings: length-prefixed, so no repr() and the encoding stays unambiguous.
            data = value.encode("utf-8", "surrogatepass")
            update(b"s%d:" % len(data))
            update(data)
            return
        if value is None or kind in (bool, int, float, bytes):
            update(f"{kind.__name__}:{value!r};".encode("utf-8", "surrogatepass"))
            return
        if isinstance(value, (str, bytes, int, float)):  # Markup, enum values and other subclasses
            base = next(t for t in (str, bytes, bool, int, float) if isinstance(value, t))
            update(f"{kind.__module__}.{kind.__qualname__}:{base(value)!r};".encode("utf-8", "surrogatepass"))
            return
        if isinstance(value, os.PathLike):
            update(f"path:{os.fspath(value)!r};".encode("utf-8", "surrogatepass"))
            return
        name = self.names.get(id(value))
        if name is not None:
            update(f"<{name}>".encode())
            return
        if isinstance(value, (dt.datetime, dt.date, dt.time)):
            update(f"{kind.__name__}:{value.isoformat()}:{getattr(value, 'tzinfo', None)!r};".encode())
            return
        if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, types.MethodType, type, types.ModuleType)):
            # Code is covered by the plugin code digest and the library versions.
            owner = getattr(value, "__self__", None)
            if isinstance(value, types.MethodType) and owner is not None and not isinstance(owner, type):
                update(f"method:{value.__qualname__}:".encode())
                self.add(owner)
                return
            module = getattr(value, "__module__", None) or getattr(value, "__name__", "")
            update(f"code:{module}.{getattr(value, '__qualname__', getattr(value, '__name__', ''))};".encode())
            return
        if id(value) in self.described:
            update(f"<content {value.source_path}>".encode())
            return
        marker = self.seen.get(id(value))
        if marker is not None:
            update(f"<ref {marker}>".encode())
            return
        self.seen[id(value)] = len(self.seen)
        self._keep_alive.append(value)
        if isinstance(value, (list, tuple)):
            update(f"{kind.__name__}[".encode())
            self._add_all(value)
            update(b"]")
        elif isinstance(value, dict):
            update(f"{kind.__name__}{{".encode())
            self.add_items(value)
            update(b"}")
        elif isinstance(value, (set, frozenset)):
            parts = sorted(self._alone(item) for item in value)
            update(f"{kind.__name__}({','.join(parts)})".encode())
        elif isinstance(value, Content):
            self.add_content(value)
        elif isinstance(value, URLWrapper):
            # Its URL and file name are made from its name, slug and settings: described by those
            # (the build's settings by name), not formatted here for each of thousands of tags.
            update(f"{kind.__module__}.{kind.__qualname__}:{value.name}:{value.slug}{{".encode())
            fields = vars(value)
            for key in sorted(fields):
                # Pelican's as_dict() copies name and slug into the instance's __dict__ once a URL
                # has been made: whether they are there says nothing about the tag.
                if key not in ("name", "slug"):
                    self.add(key)
                    self.add(fields[key])
            update(b"}")
        elif dataclasses.is_dataclass(value) or hasattr(value, "__dict__"):
            fields = vars(value) if hasattr(value, "__dict__") else {f.name: getattr(value, f.name)
                                                                     for f in dataclasses.fields(value)}
            update(f"{type(value).__module__}.{kind.__qualname__}{{".encode())
            for key in sorted(fields):
                self.add(key)
                self.add(fields[key])
            update(b"}")
        elif hasattr(value, "__slots__"):
            slots = sorted({name for cls in kind.__mro__
                            for name in ((cls.__dict__.get("__slots__", ()),) if isinstance(cls.__dict__.get("__slots__", ()), str)
                                         else cls.__dict__.get("__slots__", ()))})
            if not slots:
                raise Unstable(f"{kind.__qualname__} has no attributes to describe it by")
            update(f"{type(value).__module__}.{kind.__qualname__}{{".encode())
            for key in slots:
                self.add(key)
                self.add(getattr(value, key, None))
            update(b"}")
        else:
            text = repr(value)
            if " at 0x" in text:
                raise Unstable(f"{kind.__qualname__} has no stable description")
            update(f"{kind.__qualname__}:{text};".encode())

    def add_content(self, content: Content) -> None:
        update = self.hash.update
        update(f"{type(content).__qualname__}:{content.source_path}{{".encode())
        attributes = vars(content)
        self._add_all(item for key in sorted(attributes) if key not in _CONTENT_SKIP
                      for item in (key, attributes[key]))
        update(b"}")

    def _add_all(self, items) -> None:
        """add() each item, with add()'s string case done here: most keys and many values are
        strings, and a call for each was most of the time a digest took."""
        update, add = self.hash.update, self.add
        for item in items:
            if type(item) is str:
                data = item.encode("utf-8", "surrogatepass")
                update(b"s%d:" % len(data))
                update(data)
            else:
                add(item)

    def add_items(self, mapping: dict) -> None:
        if all(type(key) is str for key in mapping):
            keys = sorted(mapping)  # a canonical order too, without a repr() of each key
        else:
            keys = sorted(mapping, key=repr)
        self._add_all(item for key in keys if not (isinstance(key, str) and key in NOT_DIGESTED)
                      for item in (key, mapping[key]))

    def _alone(self, value) -> str:
        """A set's items are described apart and sorted: a set's order is not the same every build."""
        other = Digest(self.names, self.described)
        other.add(value)
        return other.hexdigest()

    def hexdigest(self) -> str:
        return self.hash.hexdigest()


def _new_digest(settings, context) -> Digest:
    return Digest({id(settings): "settings", id(context): "context"})


def theme_digest(settings) -> str:
    """The theme's files and those of THEME_TEMPLATES_OVERRIDES, whose templates Pelican prefers."""
    files = hashlib.sha256()
    for folder in [settings["THEME"], *(settings.get("THEME_TEMPLATES_OVERRIDES") or [])]:
        files.update(os.path.abspath(folder).encode() + b"\0\0")
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                files.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return files.hexdigest()


def content_digest(settings, context, described: frozenset, content: Content) -> str | None:
    """One content object's part of the site digest (other content objects named by their path)."""
    digest = Digest(_new_digest(settings, context).names, described)
    try:
        digest.add_content(content)
    except (Unstable, RecursionError):
        return None
    return digest.hexdigest()


def site_digest(settings, context, parts: dict[str, str | None] | None = None) -> str | None:
    """The digest of everything but the bodies, shared by every page of this build; None if unstable.

    ``parts``: ``content_digest`` of each content object by source path, if made already (in
    parallel, by Reuse.prepare); made here otherwise.
    """
    digest = _new_digest(settings, context)
    try:
        digest.add(generation_key(settings.get("MARKDOWN", {}), settings.get("PLUGIN_PATHS")))
        digest.add(theme_digest(settings))
        digest.add(dt.date.today().isoformat())
        digest.add(dt.datetime.now(dt.timezone.utc).date().isoformat())
        # Every content object is described once, on its own; anywhere else (lists, related posts,
        # pagination) it is named by its path. Described where first met instead, a chain of related
        # posts would recurse as deep as the site is large.
        contents = contents_of(context)
        digest.described = frozenset(id(content) for content in contents.values())
        for path in sorted(contents):
            part = parts[path] if parts is not None else content_digest(settings, context, digest.described,
                                                                         contents[path])
            if part is None:
                raise Unstable(f"{path} has no stable description")
            digest.add(path)
            digest.add(part)
        # Described here in full; everywhere else they are named by their place in the names map.
        for mapping in (settings, context):
            digest.add_items(mapping)
    except (Unstable, RecursionError):  # no stable or finite description: render every page
        return None
    return digest.hexdigest()


def context_names(settings, context) -> dict[int, str]:
    """Names for the shared context and the containers in it, down to three levels.

    The site digest describes them; a page's local context that holds one of them (the index
    pages' paginators hold the list of all posts) names it instead of describing it again, which
    would cost each page time in proportion to the whole site.
    """
    names = {id(settings): "settings", id(context): "context"}

    def walk(value, name, depth):
        if not isinstance(value, (list, tuple, dict)) or id(value) in names:
            return
        names[id(value)] = name
        if depth < 3:
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                walk(item, f"{name}[{key!r}]", depth + 1)

    for key in sorted(context, key=repr):
        if not (isinstance(key, str) and key in NOT_DIGESTED):
            walk(context[key], f"context[{key!r}]", 1)
    return names


def combine(site: str | None, local: str | None) -> str | None:
    if site is None or local is None:
        return None
    return hashlib.sha256(f"{site}\0{local}".encode()).hexdigest()


def local_digest(settings, job, described=frozenset(), names: dict | None = None) -> str | None:
    """What one page adds to the site digest: its template, path and local context.

    ``described``: ids of the content objects the site digest describes; named by path here.
    ``names``: ``context_names`` of the shared context the site digest describes.
    """
    digest = Digest(names or {id(settings): "settings", id(job.context): "context"}, described)
    try:
        template = job.template
        # A Jinja template by its name (its file is in the theme digest); a stand-in such as the
        # skill map's pre-rendered JSON by what it holds.
        digest.add(template.name if isinstance(template, jinja2.Template) else template)
        digest.add(job.localsiteurl)
        digest.add(os.path.relpath(job.path, settings["OUTPUT_PATH"]))
        for key in sorted(job.localcontext):
            value = job.localcontext[key]
            if key in NOT_DIGESTED or (key in job.context and job.context[key] is value):
                continue  # shared context: in the site digest already
            digest.add(key)
            digest.add(value)
    except (Unstable, RecursionError):  # no stable or finite description: render every page
        return None
    return digest.hexdigest()


def body_hash(content: Content) -> str:
    return hashlib.sha256(str(getattr(content, "_content", "") or "").encode("utf-8", "surrogatepass")).hexdigest()


class BodyReads:
    """Records which content objects' bodies are read while pages render (in this process)."""

    def __init__(self):
        self.current: dict[str, str] | None = None
        self._saved = None
        self._hashes: dict[str, str] = {}  # bodies do not change while pages render

    def _hash(self, instance) -> str:
        found = self._hashes.get(instance.source_path)
        if found is None:
            found = self._hashes[instance.source_path] = body_hash(instance)
        return found

    def _note(self, instance, summary: bool = False) -> None:
        # A summary given as metadata is returned as it is by Pelican's get_summary and is in the
        # digest; only a summary made from the body depends on the body.
        if self.current is not None and not (summary and "summary" in instance.metadata):
            self.current[instance.source_path] = self._hash(instance)

    def _wrap_property(self, prop: property, summary: bool = False) -> property:
        note = self._note

        def getter(instance):
            note(instance, summary)
            return prop.fget(instance)

        return property(getter, prop.fset, prop.fdel, prop.__doc__)

    def _wrap_method(self, method, summary: bool = False):
        note = self._note

        def wrapper(instance, *args, **kwargs):
            note(instance, summary)
            return method(instance, *args, **kwargs)

        return wrapper

    def install(self) -> None:
        self._saved = {name: Content.__dict__[name] for name in ("content", "summary", "get_content", "get_summary")}
        Content.content = self._wrap_property(self._saved["content"])
        Content.summary = self._wrap_property(self._saved["summary"], summary=True)
        Content.get_content = self._wrap_method(self._saved["get_content"])
        Content.get_summary = self._wrap_method(self._saved["get_summary"], summary=True)

    def uninstall(self) -> None:
        for name, value in (self._saved or {}).items():
            setattr(Content, name, value)
        self._saved = None


@dataclasses.dataclass
class PageRecord:
    digest: str
    bodies: dict[str, str]  # source path -> SHA-256 of the body read
    parsed: object | None  # the link checker's sitecheck.pages.LinkSummary, if the page was parsed


def record_path(settings) -> Path | None:
    """Where the record lives: next to the development cache of rendered Markdown (None without one)."""
    folder = cache_folder(settings)
    if folder is None:
        return None
    folder = Path(folder)
    return folder.with_name(folder.name + "-pages.pickle")


def _apply(work):
    function, value = work
    return function(value)


def contents_of(context) -> dict[str, Content]:
    """Every content object the shared context holds (directly, or in a list or dict)."""
    found = {}
    for value in context.values():
        items = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else [value]
        for item in items:
            if isinstance(item, Content):
                found.setdefault(item.source_path, item)
    return found


class Reuse:
    """What one development build may reuse, and what it records for the next one."""

    def __init__(self, settings, context, path: Path):
        self.settings = settings
        self.context = context
        self.path = path
        self.previous = build_state(settings).previous_output
        self.site: str | None = None
        self.old: dict[str, PageRecord] = {}
        self.contents = contents_of(context)
        self._described = frozenset(id(c) for c in self.contents.values())
        self._names = context_names(settings, context)
        self._locals: dict[str, str | None] = {}
        self._hashes: dict[str, str | None] = {}
        self.new: dict[str, PageRecord] = {}

    def prepare(self, jobs: list, workers: int) -> None:
        """Make the digest of every page of ``jobs`` and load the previous build's record.

        The content objects' parts of the site digest and the pages' own parts are made in
        ``workers`` forked processes while this one reads the record; then the site digest.
        """

        mine = [job for job in jobs if job.context is self.context]  # others are always rendered
        page = functools.partial(local_digest, self.settings, described=self._described, names=self._names)
        content = functools.partial(content_digest, self.settings, self.context, self._described)
        paths = sorted(self.contents)
        work = [(content, self.contents[path]) for path in paths] + [(page, job) for job in mine]
        parallel = workers >= 2 and len(mine) >= FORK_MIN_PAGES and can_fork()
        forked = ForkedMap(_apply, work, workers).start() if parallel else None
        old = self._load() if self.previous else {}
        results = forked.results() if forked is not None else [_apply(item) for item in work]
        self.site = site_digest(self.settings, self.context, dict(zip(paths, results)))
        self.old = old if self.site else {}
        self._locals = {job.path: local for job, local in zip(mine, results[len(paths):])}

    def _load(self) -> dict:
        found = read_record(self.path, self.previous)
        return found[0] if found is not None else {}

    def _body(self, source_path: str) -> str | None:
        if source_path not in self._hashes:
            content = self.contents.get(source_path)
            self._hashes[source_path] = body_hash(content) if content is not None else None
        return self._hashes[source_path]

    def digest(self, job) -> str | None:
        """The page's digest (``prepare`` made it); None if it must be rendered and not recorded."""
        return combine(self.site, self._locals.get(job.path))

    def try_link(self, job, rel: str, digest: str | None):
        """Link the previous build's page for ``job`` if its inputs are unchanged; its record, or None."""
        old = self.old.get(rel)
        if digest is None or old is None or old.digest != digest:
            return None
        if any(self._body(source) != known for source, known in old.bodies.items()):
            return None
        source = os.path.join(self.previous, rel)
        try:
            os.link(source, job.path)
        except OSError:
            return None
        return old

    def save(self, output: str) -> str:
        """After the build succeeded and its output is ``output``: the record for the next build."""
        return write_record(self.path, output, self.new)


def folder_id(folder) -> tuple:
    """(device, inode, modification time) of a folder. A build into the same path (a production
    build) replaces the folder: the new one has another inode, or, if it got one freed since,
    another time. Rewriting pages inside (a quick rebuild) changes neither."""
    try:
        info = os.stat(folder)
    except OSError:
        return ()
    return info.st_dev, info.st_ino, info.st_mtime_ns


def read_checked(path: Path, magic: bytes) -> tuple[bytes, str] | None:
    """(payload, checksum) of a file ``write_checked`` wrote, None if it is missing or damaged."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(magic):
        return None
    checksum, payload = data[len(magic):len(magic) + 64], data[len(magic) + 64:]
    if hashlib.sha256(payload).hexdigest().encode() != checksum:
        return None
    return payload, checksum.decode()


def write_checked(path: Path, magic: bytes, payload: bytes) -> str:
    """Write ``magic``, the SHA-256 of ``payload`` and ``payload`` to ``path`` by a rename; the checksum."""
    checksum = hashlib.sha256(payload).hexdigest()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(magic + checksum.encode() + payload)
    os.replace(temporary, path)
    return checksum


@contextlib.contextmanager
def collector_paused():
    """Around unpickling: it makes objects by the hundred thousand and no garbage, and the cyclic
    collector, started every 700 allocations, would walk the growing heap again and again (a third
    of the time to load the snapshot of 1,000 posts)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def read_record(path: Path, output) -> tuple[dict, str] | None:
    """(pages, checksum) of the record at ``path`` if it is whole and describes ``output``, the
    very folder the record was written for (not another build's output at the same path)."""
    found = read_checked(path, FORMAT)
    if found is None:
        return None
    try:
        with collector_paused():
            record = pickle.loads(found[0])
    except Exception:  # noqa: BLE001 - a damaged record only means rendering every page
        return None
    if not isinstance(record, dict) or record.get("output") != (str(output), folder_id(output)):
        return None
    return record.get("pages") or {}, found[1]


def write_record(path: Path, output, pages: dict) -> str:
    """Write the record of ``pages`` for the output folder ``output``; its checksum."""
    payload = pickle.dumps({"output": (str(output), folder_id(output)), "pages": pages},
                           protocol=pickle.HIGHEST_PROTOCOL)
    return write_checked(path, FORMAT, payload)


def start(settings, context) -> Reuse | None:
    """The reuse state of this build, or None when it reuses and records nothing (production...)."""
    path = record_path(settings)
    if path is None:
        return None
    reuse = Reuse(settings, context, path)
    speed_of(settings).reuse = reuse
    return reuse


def save(settings, output) -> str | None:
    """At ``output_replaced`` (layer.py): a successful development build is in place; the record's checksum."""
    speed = speed_of(settings)
    reuse, speed.reuse = speed.reuse, None
    if reuse is not None and reuse.site is not None:
        try:
            return reuse.save(str(output))
        except OSError:
            pass  # no record only means the next build renders every page
    return None


def forget(settings) -> None:
    """A failed build records nothing: the output it would describe was never swapped in."""
    speed_of(settings).reuse = None
