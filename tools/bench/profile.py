"""Where a Foothold build spends its time: one cProfile'd full build, split into named parts.

Each part is the cumulative time of its entry points (functions that do not call each other), as a
share of the whole build. cProfile slows pure-Python code unevenly, so shares are approximate.
"""

from __future__ import annotations

import os
import pstats
import subprocess
from pathlib import Path

from .corpus import write_corpus
from .project import foothold_project

# part -> (file path suffix, function name) entry points
PARTS = {
    "reading (Markdown, Pygments, metadata)": [("pelican/readers.py", "read_file")],
    "skill map": [("skill_map/generator.py", "generate_context"), ("skill_map/generator.py", "all_generators_finalized"),
                  ("skill_map/generator.py", "generate_output")],
    "strict build checks (checks.py)": [("foothold/checks.py", "run_checks")],
    "link and anchor check of the output": [("foothold/build.py", "_link_problems")],
    # Started at the end of Pelican's run, waited for after the link check (deferred.py).
    "search index (Pagefind)": [("search_index/indexer.py", "index_site"), ("search_index/indexer.py", "finish")],
    "rendering pages (Jinja, in worker processes)": [("speed/page_pool.py", "render_deferred_pages")],
    "queueing pages (Pelican's writer; Jinja too when serial)": [("pelican/writers.py", "write_file")],
    "feeds": [("pelican/writers.py", "write_feed")],
    "sitemap": [("sitemap/sitemap.py", "create_sitemap"), ("sitemap/sitemap.py", "finalized")],
}


def _cumulative(stats: pstats.Stats, suffix: str, name: str) -> float:
    total = 0.0
    for (filename, _line, function), (_cc, _nc, _tt, cumtime, _callers) in stats.stats.items():
        if function == name and filename.replace(os.sep, "/").endswith(suffix):
            total += cumtime
    return total


def shares_from_stats(path: str) -> dict:
    stats = pstats.Stats(path)
    whole = _cumulative(stats, "foothold/build.py", "build_site")
    parts = {part: sum(_cumulative(stats, s, n) for s, n in entries) for part, entries in PARTS.items()}
    return {"total": whole, "parts": parts}


def profile_shares(root: Path, posts: int, work: Path, python: str, theme: str | None = None) -> dict:
    """One cold full build of ``posts`` generated posts in a bench project (project.foothold_project,
    so its caches stay in that project), profiled in its main process."""

    content = work / "content"
    write_corpus(content, posts)
    project = foothold_project(root, work, content, theme)
    out = work / "stats.prof"
    env = dict(os.environ)
    tools = Path(__file__).resolve().parents[1]  # this harness (the project may have none of its own)
    env["PYTHONPATH"] = os.pathsep.join([str(tools), str(root / "plugins"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    subprocess.run([python, "-m", "bench.run_build", str(project), str(project / "content"), str(project / "output"),
                    "--profile", str(out)], cwd=project, env=env, check=True, stdout=subprocess.DEVNULL)
    result = shares_from_stats(str(out))
    result["posts"] = posts
    return result
