"""Render the Markdown of every source in worker processes while Pelican reads files one by one.

Reading is per file and independent, so the first ``read()`` of a build submits every Markdown
source under the article, page and project folders to a process pool; the reader then takes each
file's HTML from the pool, checked against the SHA-256 of the bytes it read itself (an edit made
while the build runs is rendered again in the main process). Workers run the same BodyRenderer as
the main process, so the HTML is identical to a serial build. Files a worker cannot handle (bad
encoding, bad header) are left to the reader, which reports them with their lines.

The pool belongs to one build (it is kept on that build's SpeedState) and is shut down as soon as
the last result arrives, or by ``close_pool`` when a build stops early.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import re
import threading
import time
from concurrent.futures import ProcessPoolExecutor

from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from content_model.header import split_header
from content_model.nesting import nesting_problem
from foothold.interrupts import interrupts_held, release_interrupts
from foothold.source import decode_source
from foothold.safepaths import walk

from . import highlight
from .render import BodyRenderer
from .state import speed_of

MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")
AUTO_MIN_FILES = 40  # below this a pool costs more to start than it saves (20 posts: 0.1 s more wall, 0.2 CPU-s)
CHUNK = 8

class _Worker:
    """What one worker process keeps between its chunks: made by ``_init_worker`` in the worker
    (a pool worker is a process of its own: this is its state, never the build process's)."""

    renderer: BodyRenderer | None = None
    blocks: dict[str, str] | None = None  # blocks this worker highlighted, sent with its results


def _init_worker(markdown_settings: dict) -> None:
    release_interrupts()  # forked under interrupts_held
    _Worker.renderer = BodyRenderer(markdown_settings)
    inherited = highlight.active()  # forked: the parent's block cache, read-only here
    if inherited is not None:
        _Worker.blocks = {}
        highlight.use(highlight.BlockCache(inherited.lookup, _Worker.blocks.__setitem__))


def _render_files(paths: list[str]) -> tuple[list[tuple[str, str, str | None, float]], dict[str, str]]:
    """(path, sha256 of bytes, body HTML or None, seconds) for each path, and the code blocks it
    highlighted (for the block cache); runs in a worker."""
    results = []
    for path in paths:
        started = time.perf_counter()
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
        except OSError:
            results.append((path, "", None, 0.0))
            continue
        html = None
        try:
            header = split_header(decode_source(raw))
            if header.style != "none" and nesting_problem(header.body) is None:  # the reader reports it
                html = _Worker.renderer.render(header.body)
        except Exception:  # noqa: BLE001 - the reader reports this file's problem with its line
            html = None
        results.append((path, hashlib.sha256(raw).hexdigest(), html, time.perf_counter() - started))
    blocks = {}
    if _Worker.blocks is not None:
        blocks = dict(_Worker.blocks)
        _Worker.blocks.clear()
    return results, blocks


def worker_count(settings) -> int:
    """SPEED["workers"]: None = one per CPU (only for 16+ files), 0 or 1 = serial, N = N workers."""
    value = speed_of(settings).config["workers"]
    if value is None:
        try:
            return len(os.sched_getaffinity(0))
        except AttributeError:
            return os.cpu_count() or 1
    return int(value)


def markdown_sources(settings) -> list[str]:
    """Markdown files under the article, page and project folders, as Pelican will find them (no
    link out of content/ followed: foothold.safepaths; the reader reports those)."""
    root = settings["PATH"]
    ignore = tuple(settings.get("IGNORE_FILES") or [])
    found = []
    for key in ("ARTICLE_PATHS", "PAGE_PATHS", "PROJECT_PATHS"):
        for folder in settings.get(key) or []:
            top = os.path.join(root, folder)
            for dirpath, _dirnames, filenames in walk(top, root, ignore):
                for name in filenames:
                    if name.lower().endswith(MARKDOWN_EXTENSIONS):
                        found.append(os.path.join(dirpath, name))
    return list(dict.fromkeys(found))


def _context():
    # fork is cheapest (workers inherit the imported modules) but unsafe next to other threads
    # (live reload serves pages from one); spawn otherwise.
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


# The language of a fenced code block: ```python, ~~~ {.rust}, ``` js
FENCE_LANGUAGE = re.compile(rb"^[ \t]*(?:`{3,}|~{3,})[ \t]*\{?[ \t]*\.?([A-Za-z0-9_+#.-]+)", re.MULTILINE)


def fence_languages(raw: bytes) -> set[str]:
    """The languages named by the fenced code blocks of a source's bytes."""
    return {match.group(1).decode("ascii").lower() for match in FENCE_LANGUAGE.finditer(raw)}


def compile_lexers(languages: set[str]) -> None:
    """Make each language's Pygments lexer once in this process before workers are forked.

    A RegexLexer compiles its rules the first time one is made in a process (0.02-0.15 s a
    language). Made here, the forked workers inherit the compiled rules instead of each compiling
    its own: at 100 generated posts two workers spent 0.24 CPU-s compiling the same five lexers.
    """
    for language in sorted(languages):
        try:
            get_lexer_by_name(language)
        except ClassNotFound:
            pass  # CodeHilite falls back to plain text; the worker does the same


class RenderPool:
    """The pending renders of one build."""

    def __init__(self, settings, paths: list[str], workers: int, languages: set[str] = frozenset()):
        self._futures = {}
        self._blocks_taken: set = set()
        self._executor = None
        if not paths:
            return
        context = _context()
        if context.get_start_method() == "fork":
            compile_lexers(languages)
        self._executor = ProcessPoolExecutor(max_workers=min(workers, len(paths)), mp_context=context,
                                             initializer=_init_worker, initargs=(dict(settings["MARKDOWN"]),))
        # Forked workers start at the first submit: keep the garbage collector off the objects they
        # inherit, or its first pass in a worker copies most of the parent's memory (copy-on-write).
        gc.freeze()
        try:
            # Workers are forked by the first submit: a Ctrl-C during a fork would be lost (forked.py).
            with interrupts_held():
                for i in range(0, len(paths), CHUNK):
                    chunk = paths[i:i + CHUNK]
                    future = self._executor.submit(_render_files, chunk)
                    for path in chunk:
                        self._futures[path] = future
        except BaseException:
            self.close(wait=False)
            raise
        finally:
            gc.unfreeze()

    def take(self, path: str, digest: str) -> tuple[str, float] | None:
        """(HTML, worker seconds) of ``path`` if a worker rendered these very bytes."""
        future = self._futures.pop(path, None)
        if future is None:
            return None
        try:
            results, blocks = future.result()  # a chunk's future is shared by its files; its result is kept
        except Exception:  # noqa: BLE001 - a broken pool only means rendering here instead
            return None
        finally:
            if not self._futures:
                self.close(wait=False)  # every file is in: let the workers go
        if blocks and future not in self._blocks_taken:
            self._blocks_taken.add(future)
            highlight.add_blocks(blocks)
        for result_path, result_digest, html, seconds in results:
            if result_path == path and html is not None and result_digest == digest:
                return html, seconds
        return None

    def close(self, wait: bool = True) -> None:
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=wait, cancel_futures=True)


def close_pool(settings) -> None:
    """Stop the workers of the build these settings belong to, if any are left."""
    speed = speed_of(settings)
    pool, speed.render_pool = speed.render_pool, None
    if pool is not None:
        pool.close(wait=True)
