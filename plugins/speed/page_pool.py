"""Render the pages of a build in forked worker processes, after Pelican has decided what to write.

Pelican renders and writes each page inside ``Writer.write_file``, one after the other. With the
``get_writer`` signal the speed layer hands Pelican a Writer whose templates only *record* each page (the
template, its local context, and the shared context's ``localsiteurl`` at that moment, which
Pelican's link replacement reads); Pelican goes on as usual (duplicate-output checks, overrides,
``content_written`` for the sitemap), and the writer notes the page's path without creating the
file (``DeferredWriter._open_w``). When every generator has
written (``foothold.signals.pages_finishing``, before the ``finalized`` receivers read pages), the recorded pages are rendered by forked copies of the process, which
see exactly the objects a serial build would, and write the real files. Problems logged while a
worker renders go back to the build's ProblemLog. A page whose worker failed is rendered again
here, so a template error raises exactly as in a serial build.

Workers are forked (no pickling of the context); where fork is unavailable or unsafe (other threads
running, as in live reload), and for small sites, pages are rendered here. Either way, pages a
plugin waits for may come first (``BuildState.early_pages``).
"""

from __future__ import annotations

import functools
import io
import os
import traceback
from pathlib import Path

from foothold.linkcheck.pages import Page, parse_html, summarize
from foothold.linkcheck.site import file_signature
from foothold.linkcheck.urls import SiteUrl
from foothold.state import build_state
from jinja2 import TemplateError
from pelican.writers import FileOverwriteFailedError, Writer

from . import page_reuse
from .forked import Children, can_fork, died
from .markdown_pool import worker_count
from .page_reuse import BodyReads, PageRecord
from .state import active, speed_of


AUTO_MIN_PAGES = 120  # a 20-post site (72 pages) is written faster by one process
# BuildState.early_pages (state.py): a plugin's (wanted, start) offer, pages it waits for first.
# BuildState.parsed_pages: a dict when build.py will check links: workers parse each HTML page they
# write while it is in memory, in parallel, and the link check reads {path: (signature, Page)}.
EARLY = "early"  # a worker's message (EARLY, written): its share of the pages a plugin waits for


class Job:
    __slots__ = ("template", "localcontext", "context", "localsiteurl", "path", "record")

    def __init__(self, template, localcontext, context, localsiteurl):
        self.template = template
        self.localcontext = localcontext
        self.context = context
        self.localsiteurl = localsiteurl
        self.path = None
        self.record = None  # (output path relative to the site, page digest) when it is recorded

    def render(self) -> str:
        self.context["localsiteurl"] = self.localsiteurl
        return self.template.render(self.localcontext)

    def write(self) -> str:
        output = self.render()
        with open(self.path, "w", encoding="utf-8") as handle:
            handle.write(output)
        return output


class _Recorder:
    """Stands in for a template: records the page instead of rendering it."""

    def __init__(self, template, context, writer):
        self.template = template
        self.context = context
        self.writer = writer

    def render(self, localcontext) -> str:
        self.writer._pending = Job(self.template, localcontext, self.context, self.context.get("localsiteurl"))
        return ""


class DeferredWriter(Writer):
    """Pelican's Writer, with page rendering deferred to ``render_pages``."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self._pending = None
        self.jobs: dict[str, Job] = {}
        speed_of(self.settings).page_writer = self

    def write_file(self, name, template, context, *args, **kwargs):
        return super().write_file(name, _Recorder(template, context, self), context, *args, **kwargs)

    def _open_w(self, filename, encoding, override=False):
        skipped = filename in self._overridden_files and not override
        job, self._pending = self._pending, None
        if skipped or job is None:
            if not skipped:
                self.jobs.pop(filename, None)  # a feed written over a page: the feed stays
            return super()._open_w(filename, encoding, override)
        # A page rendered (or linked) later. Pelican's Writer._open_w makes these checks and then
        # creates the file, which would be empty here: the checks are repeated instead, and the
        # file is made only once, with its content (one create and one unlink fewer per page).
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" as Pelican has already written to it previously '
                "(set `override=True` if intended)")
        if filename in self._overridden_files:  # and override: Pelican refuses a second override
            raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second time (was previously overwritten)')
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        job.path = filename
        self.jobs[filename] = job
        return io.StringIO()  # Pelican writes the recorder's empty output here

    def render_pages(self) -> None:
        jobs = list(self.jobs.values())
        self.jobs = {}
        speed = speed_of(self.settings)
        reuse = page_reuse.start(self.settings, jobs[0].context) if jobs else None
        if reuse is not None:
            reuse.prepare(jobs, worker_count(self.settings))
            speed.page_jobs = jobs  # for the build's snapshot (snapshot.py)
        todo = jobs if reuse is None else self._link_unchanged(jobs, reuse)
        workers = min(worker_count(self.settings), len(todo))
        explicit = speed.config["workers"] is not None
        parallel = workers >= 2 and (explicit or len(todo) >= AUTO_MIN_PAGES) and can_fork()
        if parallel:  # a no-op where compile_theme_while_reading compiled them into this environment
            compile_theme(todo[0].template.environment, self.settings)
            todo, first = _early_first(todo, self.settings)
            failed, bodies = _render_forked(todo, workers, self.settings, first)
        else:
            failed, bodies = [], _render_here(todo, self.settings)
        for index in failed:
            todo[index].write()  # raises as a serial build would; a page rendered here is not recorded
        if reuse is not None:
            self._record(todo, set(failed), bodies, reuse)

    def _link_unchanged(self, jobs, reuse) -> list:
        """Link the pages whose inputs did not change (page_reuse.py); return the others."""
        parsed = build_state(self.settings).parsed_pages
        output = self.settings["OUTPUT_PATH"]
        todo = []
        for job in jobs:
            rel = os.path.relpath(job.path, output).replace(os.sep, "/")
            digest = reuse.digest(job)
            old = reuse.try_link(job, rel, digest) if digest is not None else None
            if old is None:
                job.record = (rel, digest)
                todo.append(job)
                continue
            reuse.new[rel] = old
            if parsed is not None and old.parsed is not None:
                parsed[job.path] = (file_signature(job.path), old.parsed)
        return todo

    def _record(self, jobs, failed: set, bodies: dict, reuse) -> None:
        parsed = build_state(self.settings).parsed_pages or {}
        for index, job in enumerate(jobs):
            if job.record is None or index in failed or job.path not in bodies:
                continue
            rel, digest = job.record
            if digest is not None:
                known = parsed.get(job.path)
                summary = summarize(known[1]) if known and isinstance(known[1], Page) else None
                reuse.new[rel] = PageRecord(digest, bodies[job.path], summary)


def compile_theme(environment, settings) -> None:
    """Compile the theme's base.html and partials once here, before workers are forked.

    Pelican compiles the page templates (article.html, tag.html...) here already; the base they
    extend and the partials they include were compiled at their first render, in every worker
    (about 0.1 CPU-s each at 100 generated posts). A template that does not compile is left for
    the page that uses it to report, as it is without this.
    """
    root = Path(settings["THEME"]) / "templates"
    shared = [root / "base.html", *(path for path in root.rglob("*.html") if path.parent != root)]
    for path in sorted(shared):
        try:
            environment.get_template(path.relative_to(root).as_posix())
        except TemplateError:
            pass


def compile_theme_while_reading(generator) -> None:
    """article_generator_preread receiver: once Markdown workers run, compile the theme here.

    The reader mostly waits for the workers' bodies then; the same compiling done just before the
    page workers are forked (render_pages) held up the whole build: about 0.17 s of a cold build's
    wall at any size. The articles' environment is the one their pages are rendered with.
    """
    speed = active(generator.settings)
    if speed is None or speed.render_pool is None or speed.theme_compiled:
        return
    speed.theme_compiled = True
    compile_theme(generator.env, generator.settings)


def _early_first(jobs, settings) -> tuple[list, int | None]:
    """``jobs`` with the pages a plugin waits for first (BuildState.early_pages), and how many those are (None
    when no plugin waits)."""
    early = build_state(settings).early_pages
    if early is None:
        return jobs, None
    wanted = early[0]
    first = [job for job in jobs if wanted(job.template)]
    return first + [job for job in jobs if not wanted(job.template)], len(first)


def _render_here(jobs, settings) -> dict:
    """Render ``jobs`` in this process, recording the bodies each page reads (BuildState.early_pages: in order,
    except that the pages a plugin waits for come first)."""
    early = build_state(settings).early_pages
    if early is not None:
        start = early[1]
        jobs, first = _early_first(jobs, settings)
    reads = BodyReads()
    reads.install()
    bodies = {}
    try:
        for number, job in enumerate(jobs):
            if early is not None and number == first:
                start(settings, [later.path for later in jobs[number:]])
                early = None
            reads.current = {}
            job.write()
            bodies[job.path] = reads.current
        if early is not None:  # every page was one the plugin waits for
            start(settings, [])
    finally:
        reads.current = None
        reads.uninstall()
    return bodies


def _child(jobs, settings, first, start, step, connection) -> None:
    """Render every ``step``-th page from ``start``, then send what came of it. With ``first`` (the
    number of pages a plugin waits for, at the head of ``jobs``), first send ``(EARLY, True)`` once
    this child's share of those is written, ``(EARLY, False)`` if one of them failed."""
    problems = build_state(settings).problems
    before = len(problems.problems) if problems is not None else 0
    parse = build_state(settings).parsed_pages is not None
    if parse:
        site_url = SiteUrl(settings.get("SITEURL", ""))  # as the link check will see the site
        output_path = settings["OUTPUT_PATH"]
    reads = BodyReads()
    reads.install()  # this process renders and exits: the patched Content stays here
    failed, parsed, bodies = [], {}, {}
    for index in range(start, len(jobs), step):
        if first is not None and index >= first:
            connection.send((EARLY, True))
            first = None
        try:
            reads.current = {}
            output = jobs[index].write()
            path = jobs[index].path
            bodies[path] = reads.current
            if parse and path.endswith((".html", ".htm")):
                page = parse_html(output.encode("utf-8"))
                page.resolve(site_url, os.path.relpath(path, output_path).replace(os.sep, "/"))
                parsed[path] = (file_signature(path), page)
        except BaseException:  # noqa: BLE001 - the parent renders this page again and raises there
            failed.append(index)
            failed.extend(range(index + step, len(jobs), step))
            break
    if first is not None:  # this share held only pages a plugin waits for, or one of them failed
        connection.send((EARLY, not failed))
    new = problems.problems[before:] if problems is not None else []
    connection.send((failed, new, traceback.format_exc() if failed else "", parsed, bodies))
    connection.close()


def _render_forked(jobs, workers, settings, first: int | None = None) -> tuple[list[int], dict]:
    """Render ``jobs`` in ``workers`` forked processes: (indexes left to render here, bodies read).
    With ``first``, the plugin's start (BuildState.early_pages) is called once every child has written its share
    of the first ``first`` pages, while they render the rest."""
    failed: list[int] = []
    bodies: dict = {}
    problems = build_state(settings).problems
    children = Children(functools.partial(_child, jobs, settings, first), workers).start()
    # Only once every child has written its share: a page that failed, or the share of a child that
    # died, is rendered here later, and indexing started without it would leave it out. Then the
    # plugin starts when Pelican finishes, as it does without BuildState.early_pages.
    if first is not None and all(mark == (EARLY, True) for mark in children.receive_each()):
        try:
            build_state(settings).early_pages[1](settings, [job.path for job in jobs[first:]])
        except BaseException:
            children.stop()
            raise
    for start, message in enumerate(children.receive()):
        if died(message):  # render its share here
            indexes, new, parsed, read = list(range(start, len(jobs), workers)), [], {}, {}
        else:
            indexes, new, _trace, parsed, read = message
        failed.extend(indexes)
        bodies.update(read)
        if build_state(settings).parsed_pages is not None:
            build_state(settings).parsed_pages.update(parsed)
        for problem in new:
            if problems is not None and problem not in problems.problems:
                problems.problems.append(problem)
    return sorted(failed), bodies


def deferred_writer(pelican):
    """get_writer receiver: Pelican's own Writer (pages rendered as they come) when serial. Content
    URLs are final from here on: they are kept until the build ends (render_memo.ContentUrlMemo,
    installed here and removed at build_finished by layer.py)."""
    speed = active(pelican.settings)
    if speed is None:
        return None
    if speed.url_memo is not None:
        speed.url_memo.install()
    return DeferredWriter if worker_count(pelican.settings) >= 2 else None


def render_deferred_pages(state, settings=None, **_) -> None:
    """foothold.signals.pages_finishing receiver (sent before any plugin's ``finalized`` receiver
    reads the pages): render and write the recorded pages."""
    speed = active(settings)
    writer = speed.page_writer if speed is not None else None
    if writer is not None:
        speed.page_writer = None
        writer.render_pages()
