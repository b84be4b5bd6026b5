"""Quick rebuild: a development build after body-only edits, done without running Pelican.

Pelican reads every source and describes every page again on each build, a second or more at
1,000 posts even when one paragraph changed. When the snapshot of the last development build
(``snapshot.py``) shows that nothing but the bodies of some Markdown sources changed, this module:

1. reads just those sources with the project's reader, and gives up unless their metadata is
   what it was (summary made from the body included) and their ``{filename}``/``{static}`` links
   are the same (ids changed only where no source links to one of them);
2. renders, with the snapshot's context and the theme's templates, the pages that read one of
   those bodies (``page_reuse``'s record says which); the page digests of the record are those a
   full build would make, since everything they cover is unchanged;
3. checks the links of the whole site with the new pages in place, and re-indexes the search
   shards that hold them, from a folder of links;
4. only when all of that passed, puts the new pages and shards in place, each with a rename, with
   Ctrl-C held back, then writes the record and the snapshot's head.

Anything else (a file added, removed or changed that is not such a source, another setting,
template, plugin version or day, a snapshot that does not match the record or the output, any
error) and ``rebuild`` returns None: the build is a full one. A quick rebuild that finds a problem
fails like any build, leaving the output as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from pathlib import Path

from content_model.reader import FootholdMarkdownReader
from foothold.checks import ID_ATTR, BuildFailed, target_path
from foothold.interrupts import interrupts_held
from foothold.linkcheck.pages import parse_html, summarize
from foothold.linkcheck.site import file_signature
from foothold.linkcheck.urls import SiteUrl
from foothold.linkreport import report_links
from foothold.problems import BuildInterrupted, ReportedError
from pelican.generators import Generator
from pelican.readers import Readers
from search_index.indexer import start_reindex
from search_index.settings import search_settings

from . import snapshot
from .bodies import Bodies, finish
from .page_pool import Job
from .page_reuse import BodyReads, PageRecord, folder_id, read_record, record_path, write_record
from .render_memo import use_compiled_templates
from .state import speed_of

log = logging.getLogger(__name__)

WORK_PREFIX = ".foothold-staging-quick-"  # removed with the build's other leftovers (build.py)


class Unsuitable(Exception):
    """This change needs a full build."""


def rebuild(settings, final: Path, on_commit=None) -> dict | None:
    """Rebuild the development output ``final`` in place if only bodies changed since the snapshot.

    Returns the build's stats, or None when a full build is needed (then nothing was changed).
    Raises checks.BuildFailed when the new pages have problems (in the build's ProblemLog).
    ``on_commit()`` is called once the new pages are in place, before a Ctrl-C held back while
    they were put there is raised.
    """
    problems = settings.build.problems
    before = len(problems.problems)
    work = final.parent / f"{WORK_PREFIX}{final.name}-{os.getpid()}"
    try:
        return _Rebuild(settings, final, work, on_commit).run()
    except Unsuitable as why:
        log.debug("full build: %s", why)
    except (BuildFailed, BuildInterrupted):
        raise
    except Exception as exc:  # noqa: BLE001 - whatever went wrong, a full build does it properly
        log.debug("full build: quick rebuild raised %r", exc)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        finish(settings)
    del problems.problems[before:]  # what reading on the way found, a full build reports again
    return None


class _Rebuild:
    def __init__(self, settings, final: Path, work: Path, on_commit=None):
        self.settings = settings
        self.final = final
        self.work = work
        self.on_commit = on_commit
        self.root = settings["PATH"]

    def run(self) -> dict:
        settings, final = self.settings, self.final
        try:
            # Even with nothing to write: a build in a place it cannot write fails, quick or not.
            self.work.mkdir()
        except OSError as exc:
            raise Unsuitable(f"cannot write next to the output: {exc}") from None
        inputs = speed_of(settings).inputs
        head = snapshot.read_head(settings, final) if inputs is not None else None
        if head is None or not inputs.same_except_files(head.inputs):
            raise Unsuitable("no snapshot of this output made from the same settings, code, theme and day")
        if head.horizon is not None and dt.datetime.now(dt.timezone.utc) >= head.horizon - snapshot.DATE_MARGIN:
            raise Unsuitable("a content date is near: what is published depends on the clock")
        found = read_record(record_path(settings), final)
        if found is None or found[1] != head.record:
            raise Unsuitable("the page record is not the one the snapshot was made with")
        record = found[0]
        if set(inputs.files) != set(head.inputs.files):
            raise Unsuitable("files were added or removed")
        changed = {}
        for rel, digest in inputs.files.items():
            if head.inputs.files[rel] != digest:
                source = os.path.normpath(os.path.join(self.root, rel))
                if source not in head.metadata:
                    raise Unsuitable(f"{rel} is not a source read into content")
                changed[source] = digest
        stats = dict(head.stats, quick={"sources": len(changed), "pages": 0})
        settings.build.output_sources = dict(head.sources)  # page -> source, for live reload's messages
        if not changed:
            return stats  # the output is what a full build would write (apart from the sitemap's time)
        if _writes_feeds(settings):
            raise Unsuitable("this build writes feeds, which show post bodies")
        restored = snapshot.read_body(settings, head)
        if restored is None:
            raise Unsuitable("the snapshot's body does not match its head")
        pelican_settings = restored.settings  # content objects and tags refer to this dict
        for source, html in head.patches.items():
            restored.contents[source]._content = html
        bodies = self._read(pelican_settings, head, changed, restored)
        pages = sorted(rel for rel, page in record.items() if not page.bodies.keys().isdisjoint(bodies))
        if set(restored.pages) - set(record):
            raise Unsuitable("a page of the last build has no record")
        for source, html in bodies.items():
            restored.contents[source]._content = html
        rendered, new_records, parsed = self._render(pelican_settings, restored, record, pages)

        def describe() -> None:
            """After the new files are in place: the record and head that describe them."""
            head.patches.update(bodies)
            head.inputs = inputs
            head.record = write_record(record_path(settings), final, {**record, **new_records})
            head.folder = folder_id(final)  # a page right under output/ changes its time
            snapshot.write_head(settings, head)

        self._check_and_commit(pelican_settings, head, record, rendered, parsed, describe)
        stats["quick"]["pages"] = len(rendered)
        return stats

    def _read(self, settings, head, changed: dict, restored) -> dict[str, str]:
        """The new body HTML of each changed source, if nothing but its body changed."""
        speed_of(settings).bodies = Bodies(settings, pool=False)
        # Pelican's own read_file, as a full build reads: its default and path metadata, the empty
        # alt check, typogrify; with the project's reader, as the readers_init receiver sets it.
        readers = Readers(settings)
        reader = FootholdMarkdownReader(settings)
        for extension in FootholdMarkdownReader.file_extensions:  # as content_model's readers_init receiver does
            readers.readers[extension] = reader
        problems = settings.build.problems
        bodies = {}
        for source, digest in changed.items():
            before = len(problems.problems)
            try:
                fresh = readers.read_file(settings["PATH"], source, content_class=type(restored.contents[source]),
                                          context=restored.context)
            except ReportedError:
                raise Unsuitable(f"{source} has problems: a full build reports them") from None
            if len(problems.problems) > before:
                raise Unsuitable(f"{source}: reading it logged a problem: a full build reports it")
            html = fresh._content or ""
            raw_digest, metadata = settings.build.read_metadata[source]
            if raw_digest != digest:
                raise Unsuitable(f"{source} changed while it was read")
            if snapshot.mapping_digest(settings, metadata) != head.metadata[source]:
                raise Unsuitable(f"{source}: its metadata changed")
            content = restored.contents[source]
            old = content._content or ""
            regex = content._get_intrasite_link_regex()
            if _links(regex, old) != _links(regex, html):
                raise Unsuitable(f"{source}: its links to other content changed")
            if set(ID_ATTR.findall(old)) != set(ID_ATTR.findall(html)) and self._anchored(restored, content):
                raise Unsuitable(f"{source}: its ids changed and another source links to one")
            bodies[source] = html
        finish(settings)  # the new bodies go to the Markdown cache
        return bodies

    @staticmethod
    def _anchored(restored, target) -> bool:
        """Whether any source links to an #anchor in ``target``."""
        wanted = target.relative_source_path.replace(os.sep, "/")
        for item in restored.contents.values():
            regex = item._get_intrasite_link_regex()
            for what, value in _links(regex, item._content or ""):
                if what == "filename" and "#" in value and target_path(item, value) == wanted:
                    return True
        return False

    def _render(self, settings, restored, record, pages: list[str]):
        """Render ``pages`` into the work folder: ({page: new file}, {page: new PageRecord},
        {page: its parsed form, for the link check})."""
        context = restored.context
        generator = Generator(context, settings, settings["PATH"], settings["THEME"], str(self.work))
        use_compiled_templates(generator)
        site_url = SiteUrl(settings.get("SITEURL", ""))
        rendered, records, parsed = {}, {}, {}
        reads = BodyReads()
        reads.install()
        try:
            for rel in pages:
                if rel not in restored.pages:
                    raise Unsuitable(f"no page {rel} in the snapshot")
                (kind, template), keyset, own, localsiteurl = restored.pages[rel]
                if kind == "jinja":
                    template = generator.env.get_template(template)
                local = {}
                for key in restored.keysets[keyset]:
                    if key in own:
                        local[key] = own[key]
                    elif key in context:
                        local[key] = context[key]
                    elif key in settings:
                        local[key] = settings[key]
                reads.current = {}
                output = Job(template, local, context, localsiteurl).render()
                path = self.work / "pages" / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(output, encoding="utf-8")
                rendered[rel] = path
                summary = None
                if rel.endswith((".html", ".htm")):
                    parsed[rel] = page = parse_html(output.encode("utf-8"))
                    page.resolve(site_url, rel)
                    summary = summarize(page)
                records[rel] = PageRecord(record[rel].digest, reads.current, summary)
        finally:
            reads.current = None
            reads.uninstall()
        return rendered, records, parsed

    def _check_and_commit(self, settings, head, record, rendered: dict, pages: dict, describe) -> None:
        final, problems = self.final, settings.build.problems
        subdir = search_settings(settings)["output_subdir"]
        search = start_reindex(settings, final, rendered, self.work, head.indexed)
        if search is None:
            raise Unsuitable("the search index cannot be updated in place")
        runs, shards = search
        try:
            # The link check sees the site as it will be: the new pages' parsed forms stand in for
            # the files they replace; the others are known by their record's summaries. No file
            # came or went, so another page can only break on an #anchor of a new page.
            parsed = {}
            root = str(final)
            for rel, page in record.items():
                if page.parsed is not None:
                    path = os.path.join(root, rel)
                    parsed[path] = (file_signature(path), page.parsed)
            aliases = {}
            for rel, page in pages.items():
                path = os.path.join(root, rel)
                parsed[path] = (file_signature(path), page)
                for name in _served_as(rel):
                    aliases[name] = page

            def trust(_rel, summary) -> bool:
                return all(not fragment or fragment.lower() == "top" or file not in aliases
                           or fragment in aliases[file].ids for file, fragment in summary.needs)

            report_links(settings, final, problems, (subdir,), parsed, trust)
            if runs is not None:
                runs.finish()
        except BaseException:
            if runs is not None:
                runs.cancel()
            raise
        if problems:
            raise BuildFailed(len(problems))
        retired = self.work / "retired"
        retired.mkdir()
        with interrupts_held():  # a Ctrl-C now lands once the output and its record agree
            for rel, path in rendered.items():
                os.replace(path, final / rel)
            for shard in shards:
                os.rename(final / subdir / shard.name, retired / shard.name)
                os.rename(self.work / "index" / shard.name, final / subdir / shard.name)
            describe()
            if self.on_commit is not None:
                self.on_commit()


def _served_as(rel: str) -> tuple[str, ...]:
    """The paths a link may name the page ``rel`` by (a folder URL serves its index.html)."""
    if rel == "index.html":
        return (rel, "")
    if rel.endswith("/index.html"):
        folder = rel.removesuffix("index.html")
        return (rel, folder, folder.rstrip("/"))
    return (rel,)


def _writes_feeds(settings) -> bool:
    """Pelican writes a feed for each FEED_ATOM, FEED_ALL_RSS, TAG_FEED_ATOM... that is set; feeds
    hold bodies and are not pages a quick rebuild renders."""
    return any(settings.get(key) for key in settings if "FEED" in key and key.endswith(("_ATOM", "_RSS")))


def _links(regex, html: str) -> set:
    return {(match.group("what"), match.group("value")) for match in regex.finditer(html)}
