"""Interleave stock Pelican and Foothold builds of one corpus and collect medians.

For every corpus (generated posts at each size, and the realistic corpus) and every repeat, in this
order, each build a fresh process, stock first, then Foothold, then (``variant``) Foothold without
its speed layer, so that all see the same machine load:

1. cold full build: stock without its content cache; Foothold with no output/ and no caches;
2. warm full build: stock with CACHE_CONTENT and LOAD_CONTENT_CACHE on and its content cache
   holding every post as it is now; Foothold `invoke build --full` with output/ and .foothold/ as
   its previous build of the same posts left them; nothing changed since;
3. Foothold `invoke build` with nothing changed (its quick path, when the speed layer has one);
4. one post's body edited: stock (content cache on) and Foothold `invoke build` rebuild;
5. generated corpora only: a busy loop is started on one core and both cold full builds run again
   ("loaded"), then it is killed.

Then, once: the peak memory of one cold full build of each at ``memory_posts``; the interrupt
checks (interrupt.py); a cProfile'd Foothold build (profile.py). Foothold is measured as its author
runs it: `invoke build` in a project folder (``foothold_project``).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import edit_post, edit_realistic_post, write_corpus, write_realistic_corpus
from .measure import Run, busy_core, run_measured
from .report import render_report
from .project import clean_project, foothold_project, speed_listed
from .stock import stock_command, write_stock_conf

TOOLS = ("stock", "foothold", "nospeed")
KINDS = ("cold", "cold_loaded", "warm", "nochange", "edit")
# Foothold without its speed layer builds everything in full, serially: at this size and above it
# runs in the first VARIANT_SLOW_REPEAT repeats only, so that a default run stays near 25 minutes.
VARIANT_SLOW_POSTS, VARIANT_SLOW_REPEAT = 1000, 3
# What a project folder holds besides what its builds leave (output/, .foothold/, ...).


@dataclass
class SizeResult:
    posts: int
    corpus: str = "generated"  # or "realistic"
    runs: dict = field(default_factory=dict)  # (tool, kind) -> [Run]

    @property
    def label(self) -> str:
        return f"{self.posts:,}" + (" realistic" if self.corpus == "realistic" else "")

    def add(self, tool: str, kind: str, run: Run) -> None:
        self.runs.setdefault((tool, kind), []).append(run)

    def has(self, tool: str, kind: str) -> bool:
        return bool(self.runs.get((tool, kind)))

    def median(self, tool: str, kind: str) -> float:
        return statistics.median(r.seconds for r in self.runs[(tool, kind)])

    def cpu(self, tool: str, kind: str = "cold") -> float:
        return statistics.median(r.cpu_seconds for r in self.runs[(tool, kind)])

    def memory(self, tool: str, attribute: str = "tree_rss_mb", kind: str = "cold") -> float:
        return statistics.median(getattr(r, attribute) for r in self.runs[(tool, kind)])

    def count(self, tool: str, kind: str) -> int:
        return len(self.runs.get((tool, kind), []))


@dataclass
class BenchResult:
    sizes: list  # [SizeResult], generated corpora by size, then the realistic one
    repeat: int
    memory: SizeResult | None = None
    interrupts: list | None = None  # [interrupt.Check]
    interrupt_posts: int = 0
    shares: dict | None = None
    invoke_seconds: float | None = None
    variant: bool = False
    speed_listed: bool = False  # "speed" is in the project's PLUGINS (else the variant is Foothold itself)
    theme: str | None = None
    provenance: dict = field(default_factory=dict)
    seconds: float = 0.0


class BuildFailedInBench(RuntimeError):
    pass


def _check(run: Run, what: str) -> Run:
    if run.returncode != 0:
        raise BuildFailedInBench(f"{what} failed (exit {run.returncode}):\n{run.stdout[-2000:]}\n{run.stderr[-3000:]}")
    return run


def _invoke_build(python: str, full: bool = False) -> list[str]:
    return [python, "-m", "invoke", "build", *(["--full"] if full else [])]


class Corpus:
    """One corpus in a work folder: its content, the stock configurations and the Foothold projects."""

    def __init__(self, root: Path, work: Path, posts: int, realistic: bool, python: str, variant: bool,
                 theme: str | None):
        self.posts, self.realistic, self.python = posts, realistic, python
        shutil.rmtree(work, ignore_errors=True)
        self.work = work
        self.content = work / "content"
        if realistic:
            write_realistic_corpus(self.content, posts)
        else:
            write_corpus(self.content, posts)
        self.plain = write_stock_conf(work / "stock", self.content, cached=False)
        self.cached = write_stock_conf(work / "stock", self.content, cached=True)
        self.stock_out = work / "stock-output"
        self.projects = {"foothold": foothold_project(root, work, self.content, theme)}
        if variant:
            self.projects["nospeed"] = foothold_project(root, work, self.content, theme, "project-nospeed", speed=False)
        self.env = dict(os.environ)
        self.edits = 0

    def stock(self, cached: bool, what: str, pss: bool = False) -> Run:
        command = stock_command(self.python, self.cached if cached else self.plain, self.content, self.stock_out)
        return _check(run_measured(command, self.env, str(self.work), self.python, pss), what)

    def foothold(self, tool: str, what: str, full: bool = False, pss: bool = False) -> Run:
        return _check(run_measured(_invoke_build(self.python, full), self.env, str(self.projects[tool]),
                                   self.python, pss), what)

    def edit(self) -> None:
        self.edits += 1
        if self.realistic:
            edit_realistic_post(self.content, self.posts // 2, self.edits)
        else:
            edit_post(self.content, self.posts // 2, self.edits)

    def clean(self) -> None:
        shutil.rmtree(self.stock_out, ignore_errors=True)
        for project in self.projects.values():
            clean_project(project)


def bench_corpus(corpus: Corpus, repeat: int, loaded: bool, log=print) -> SizeResult:
    result = SizeResult(corpus.posts, "realistic" if corpus.realistic else "generated")
    # Stock's content cache, filled once: every later cached build keeps it up to date.
    corpus.stock(True, "stock cache warm-up build")
    for number in range(1, repeat + 1):
        log(f"  {result.label} posts, repeat {number}/{repeat}")
        ours = [tool for tool in corpus.projects  # foothold (and nospeed)
                if tool == "foothold" or corpus.posts < VARIANT_SLOW_POSTS or number <= VARIANT_SLOW_REPEAT]
        corpus.clean()
        result.add("stock", "cold", corpus.stock(False, "stock cold full build"))
        for tool in ours:
            result.add(tool, "cold", corpus.foothold(tool, f"{tool} cold full build"))
        result.add("stock", "warm", corpus.stock(True, "stock warm full build"))
        for tool in ours:
            result.add(tool, "warm", corpus.foothold(tool, f"{tool} warm full build", full=True))
        result.add("foothold", "nochange", corpus.foothold("foothold", "Foothold no-change rebuild"))
        corpus.edit()
        result.add("stock", "edit", corpus.stock(True, "stock edit rebuild"))
        for tool in ours:
            result.add(tool, "edit", corpus.foothold(tool, f"{tool} edit rebuild"))
        if loaded:
            corpus.clean()
            with busy_core(corpus.python):
                result.add("stock", "cold_loaded", corpus.stock(False, "stock cold full build, loaded"))
                result.add("foothold", "cold_loaded", corpus.foothold("foothold", "Foothold cold full build, loaded"))
    return result


def bench_memory(root: Path, posts: int, work: Path, python: str, theme, log=print) -> SizeResult:
    """One cold full build of each at ``posts``, for peak memory (with proportional set sizes)."""
    log(f"  {posts:,} posts: one cold full build each, for peak memory")
    corpus = Corpus(root, work, posts, False, python, False, theme)
    result = SizeResult(posts)
    result.add("stock", "cold", corpus.stock(False, "stock cold full build (memory)", pss=True))
    result.add("foothold", "cold", corpus.foothold("foothold", "Foothold cold full build (memory)", pss=True))
    return result


def invoke_start_up(python: str, work: str, repeat: int = 5) -> float:
    """Seconds that starting invoke adds to `invoke build`: a fresh interpreter importing invoke,
    less one importing nothing (medians)."""
    def median_of(code: str) -> float:
        return statistics.median(run_measured([python, "-c", code], dict(os.environ), work, python).seconds
                                 for _ in range(repeat))

    return max(0.0, median_of("import invoke") - median_of("pass"))


def provenance(root: Path) -> dict:
    """What was measured, on what: the commit and whether the tree was dirty, the machine's CPU
    count and load average before the run, the date."""
    import datetime as dt

    def git(*args) -> str | None:
        try:
            done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.rstrip() if done.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    commit = commit.strip() if commit else None
    status = git("status", "--porcelain", "--untracked-files=no") if commit else None
    return {
        "commit": commit,
        "dirty": None if status is None else bool(status),
        "dirty_files": [] if not status else [line[3:] for line in status.splitlines()][:10],
        "cpus": os.cpu_count(),
        "load_before": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "started": dt.datetime.now(dt.timezone.utc),
    }


def run_bench(root: Path | str, sizes=(20, 100, 1000), repeat: int = 5, write: bool = True, **options) -> str:
    """Run the benchmark (``collect``), return the Markdown report, and write it to
    docs/benchmarks.md when ``write``."""
    bench = collect(root, sizes, repeat, **options)
    return write_report(root, bench) if write else render_report(bench)


def write_report(root: Path | str, bench: BenchResult) -> str:
    text = render_report(bench)
    (Path(root) / "docs").mkdir(exist_ok=True)
    (Path(root) / "docs" / "benchmarks.md").write_text(text, encoding="utf-8")
    return text


def collect(root: Path | str, sizes=(20, 100, 1000), repeat: int = 5, profile_posts: int | None = 1000, log=print,
            theme: str | None = None, memory_posts: int | None = 5000, realistic_posts: int | None = 160,
            interrupt_posts: int | None = 1000, variant: bool = True, loaded: bool = True) -> BenchResult:
    """Every measurement of the benchmark.

    ``memory_posts``, ``realistic_posts``, ``interrupt_posts``, ``profile_posts``: 0 or None skips
    that part. ``variant``: also Foothold without its speed layer. ``loaded``: the runs with the
    second core kept busy."""
    from .interrupt import run_interrupt_checks
    from .profile import profile_shares

    root = Path(root).resolve()
    python = sys.executable
    if str(root / "plugins") not in sys.path:  # the interrupt checks read the staging folder's name there
        sys.path.insert(0, str(root / "plugins"))
    started = time.perf_counter()
    bench = BenchResult(sizes=[], repeat=repeat, variant=variant, speed_listed=speed_listed(root), theme=theme,
                        provenance=provenance(root))
    with tempfile.TemporaryDirectory(prefix="foothold-bench-") as temp:
        temp = Path(temp)
        for posts in sizes:
            corpus = Corpus(root, temp / f"n{posts}", posts, False, python, variant, theme)
            bench.sizes.append(bench_corpus(corpus, repeat, loaded, log))
            if interrupt_posts and posts == interrupt_posts:
                bench.interrupts = _interrupts(run_interrupt_checks, corpus, log)
                bench.interrupt_posts = posts
            shutil.rmtree(corpus.work, ignore_errors=True)
        if realistic_posts:
            corpus = Corpus(root, temp / "realistic", realistic_posts, True, python, variant, theme)
            bench.sizes.append(bench_corpus(corpus, repeat, False, log))
            shutil.rmtree(corpus.work, ignore_errors=True)
        if interrupt_posts and bench.interrupts is None:
            corpus = Corpus(root, temp / "interrupt", interrupt_posts, False, python, False, theme)
            bench.interrupts = _interrupts(run_interrupt_checks, corpus, log)
            bench.interrupt_posts = interrupt_posts
            shutil.rmtree(corpus.work, ignore_errors=True)
        if memory_posts:
            bench.memory = bench_memory(root, memory_posts, temp / f"memory{memory_posts}", python, theme, log)
            shutil.rmtree(temp / f"memory{memory_posts}", ignore_errors=True)
        bench.invoke_seconds = invoke_start_up(python, str(temp))
        if profile_posts:
            log(f"  profiling one Foothold build of {profile_posts:,} posts")
            bench.shares = profile_shares(root, profile_posts, temp / "profile", python, theme)
    bench.seconds = time.perf_counter() - started
    return bench


def _interrupts(run_checks, corpus: Corpus, log) -> list:
    log(f"  {corpus.posts:,} posts: Ctrl-C and SIGTERM at points of a full build")
    project = corpus.projects["foothold"]
    clean_project(project)
    return run_checks(project, corpus.python, corpus.env, corpus.edit, log)
