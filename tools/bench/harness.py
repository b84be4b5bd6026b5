"""Interleave stock Pelican and Foothold builds of one generated corpus and collect medians.

For every size and repeat, in this order (each build a fresh process, stock then Foothold, so both
see the same machine load): full build from nothing; no-change rebuild (stock with CACHE_CONTENT and
LOAD_CONTENT_CACHE on, after an unmeasured warm-up build; Foothold with its development cache);
rebuild after editing one post's body. Foothold is measured as its author runs it: `invoke build` in a
project folder (``foothold_project``). Peak memory is that of the full build.
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import edit_post, write_corpus
from .measure import Run, run_measured
from .stock import stock_command, write_stock_conf

KINDS = ("full", "nochange", "edit")


@dataclass
class SizeResult:
    posts: int
    runs: dict = field(default_factory=dict)  # (tool, kind) -> [Run]

    def add(self, tool: str, kind: str, run: Run) -> None:
        self.runs.setdefault((tool, kind), []).append(run)

    def median(self, tool: str, kind: str) -> float:
        return statistics.median(r.seconds for r in self.runs[(tool, kind)])

    def memory(self, tool: str, attribute: str = "tree_rss_mb") -> float:
        return statistics.median(getattr(r, attribute) for r in self.runs[(tool, "full")])

    def cpu(self, tool: str) -> float:
        return statistics.median(r.cpu_seconds for r in self.runs[(tool, "full")])


class BuildFailedInBench(RuntimeError):
    pass


def _check(run: Run, what: str) -> Run:
    if run.returncode != 0:
        raise BuildFailedInBench(f"{what} failed (exit {run.returncode}):\n{run.stderr[-3000:]}")
    return run


def foothold_project(root: Path, work: Path, content: Path, theme: str | None = None) -> Path:
    """A Foothold project as its author has it, for `invoke build`: the project's tasks.py and
    pelican.conf, its plugins and theme (linked), and the corpus as content/."""
    project = work / "project"
    project.mkdir(parents=True)
    shutil.copy2(root / "tasks.py", project / "tasks.py")  # copied: tasks.py finds the project by its own path
    conf = (root / "pelican.conf").read_text(encoding="utf-8")
    if theme:
        conf += f"\nTHEME = {str(Path(theme).resolve())!r}\n"
    (project / "pelican.conf").write_text(conf, encoding="utf-8")
    for name in ("plugins", "theme"):
        (project / name).symlink_to(root / name, target_is_directory=True)
    (project / "content").symlink_to(content.resolve(), target_is_directory=True)
    # pip byte-compiled Pelican's modules when it installed them; Foothold's own are compiled here
    # alike. Python writes these files itself at a first build, unless PYTHONDONTWRITEBYTECODE is set
    # (as on the machines the benchmark has run on), which would make every Foothold build compile
    # 80 modules again (about 0.1 s) while Pelican's never are.
    compileall.compile_dir(str(root / "plugins"), quiet=1)
    compileall.compile_file(str(project / "tasks.py"), quiet=1)
    return project


def _invoke_build(python: str) -> list[str]:
    return [python, "-m", "invoke", "build"]


def bench_size(root: Path, posts: int, repeat: int, work: Path, python: str, log=print, theme=None) -> SizeResult:
    result = SizeResult(posts)
    content = work / "content"
    shutil.rmtree(work, ignore_errors=True)
    write_corpus(content, posts)
    plain = write_stock_conf(work / "stock", content, cached=False)
    cached = write_stock_conf(work / "stock", content, cached=True)
    env = dict(os.environ)
    project = foothold_project(root, work, content, theme)
    stock_out = work / "stock-output"
    foothold = _invoke_build(python)
    edits = 0
    for number in range(1, repeat + 1):
        log(f"  {posts} posts, repeat {number}/{repeat}")
        for path in (stock_out, work / "stock" / "cache", project / "output", project / ".foothold"):
            shutil.rmtree(path, ignore_errors=True)
        result.add("stock", "full", _check(run_measured(stock_command(python, plain, content, stock_out), env, str(work)), "stock full build"))
        result.add("foothold", "full", _check(run_measured(foothold, env, str(project)), "Foothold full build"))
        _check(run_measured(stock_command(python, cached, content, stock_out), env, str(work)), "stock warm-up build")
        result.add("stock", "nochange", _check(run_measured(stock_command(python, cached, content, stock_out), env, str(work)), "stock rebuild"))
        result.add("foothold", "nochange", _check(run_measured(foothold, env, str(project)), "Foothold rebuild"))
        edits += 1
        edit_post(content, posts // 2, edits)
        result.add("stock", "edit", _check(run_measured(stock_command(python, cached, content, stock_out), env, str(work)), "stock edit rebuild"))
        result.add("foothold", "edit", _check(run_measured(foothold, env, str(project)), "Foothold edit rebuild"))
    return result


def invoke_start_up(python: str, work: str, repeat: int = 5) -> float:
    """Seconds that starting invoke adds to `invoke build`: a fresh interpreter importing invoke,
    less one importing nothing (medians). The Foothold builds above start without invoke."""
    def median_of(code: str) -> float:
        return statistics.median(run_measured([python, "-c", code], dict(os.environ), work).seconds
                                 for _ in range(repeat))

    return max(0.0, median_of("import invoke") - median_of("pass"))


def run_bench(root: Path | str, sizes=(100, 1000), repeat: int = 5, write: bool = True,
              profile_posts: int | None = 1000, log=print, theme: str | None = None) -> str:
    """Run the benchmark, return the Markdown report (and write docs/benchmarks.md when ``write``)."""
    from .profile import profile_shares
    from .report import render_report

    root = Path(root).resolve()
    python = sys.executable
    results = []
    with tempfile.TemporaryDirectory(prefix="foothold-bench-") as temp:
        for posts in sizes:
            results.append(bench_size(root, posts, repeat, Path(temp) / f"n{posts}", python, log=log, theme=theme))
        invoke_seconds = invoke_start_up(python, temp)
        shares = None
        if profile_posts:
            log(f"  profiling one Foothold build of {profile_posts} posts")
            shares = profile_shares(root, profile_posts, Path(temp) / "profile", python, theme)
    text = render_report(results, repeat, shares, theme, invoke_seconds)
    if write:
        (root / "docs" / "benchmarks.md").write_text(text, encoding="utf-8")
    return text
