"""docs/benchmarks.md: the machine, the versions, and a table of medians and ratios."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import os
import platform


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gb() -> str:
    try:
        with open("/proc/meminfo") as handle:
            kb = int(handle.readline().split()[1])
        return f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, ValueError, IndexError):
        return "unknown"


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine_lines() -> list[str]:
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",) * 3
    return [
        f"- Machine: {os.cpu_count()} CPUs ({_cpu_model()}), {_ram_gb()} RAM, {platform.system()} {platform.release()}",
        f"- Load average when the report was written: {', '.join(f'{x:.1f}' if isinstance(x, float) else x for x in load)}",
        f"- Python {platform.python_version()}, Pelican {_version('pelican')}, Markdown {_version('markdown')}, "
        f"Pygments {_version('pygments')}, Jinja2 {_version('jinja2')}",
    ]


ROWS = (("full", "full build"), ("nochange", "no-change rebuild"), ("edit", "one-post-edit rebuild"))


def table_lines(results) -> list[str]:
    lines = ["| posts | build | stock Pelican 4.12 | Foothold (`invoke build`) | Foothold / stock |",
             "|---:|---|---:|---:|---:|"]
    for size in results:
        for kind, label in ROWS:
            stock, ours = size.median("stock", kind), size.median("foothold", kind)
            lines.append(f"| {size.posts:,} | {label} | {stock:.2f} s | {ours:.2f} s | {ours / stock:.2f}× |")
        # With more than one core a build can take less time than it uses CPU: this is the work
        # a faster wall time has to fit in.
        stock_cpu, ours_cpu = size.cpu("stock"), size.cpu("foothold")
        lines.append(f"| {size.posts:,} | CPU time of the full build (user + system, all processes) | "
                     f"{stock_cpu:.2f} s | {ours_cpu:.2f} s | {ours_cpu / stock_cpu:.2f}× |")
        stock_mem, ours_mem = size.memory("stock"), size.memory("foothold")
        stock_max, ours_max = size.memory("stock", "max_rss_mb"), size.memory("foothold", "max_rss_mb")
        lines.append(f"| {size.posts:,} | peak memory, full build (all processes / largest one) | "
                     f"{stock_mem:.0f} / {stock_max:.0f} MB | {ours_mem:.0f} / {ours_max:.0f} MB | {ours_mem / stock_mem:.2f}× |")
    return lines


def growth_lines(results) -> list[str]:
    if len(results) < 2:
        return []
    small, large = results[0], results[-1]
    lines = ["", "Growth (seconds per extra post, full build, between the smallest and largest size):", ""]
    for tool in ("stock", "foothold"):
        slope = (large.median(tool, "full") - small.median(tool, "full")) / (large.posts - small.posts)
        fixed = small.median(tool, "full") - slope * small.posts
        name = "stock Pelican" if tool == "stock" else "Foothold"
        lines.append(f"- {name}: about {fixed:.1f} s fixed plus {slope * 1000:.1f} ms per post")
    return lines


def share_lines(shares) -> list[str]:
    if not shares:
        return []
    total = shares["total"] or 1.0
    lines = ["", f"## Where a Foothold full build of {shares['posts']:,} posts spends its time", "",
             "One cProfile'd build in the main process (its overhead inflates pure-Python parts). Markdown is "
             "rendered by worker processes while the main process reads metadata, and pages by forked workers "
             "after every generator has run: those parts are the main process's wall time waiting for them. "
             "Pagefind starts once the indexed pages are written, while the lists are still rendering, and goes "
             "on while the main process checks links: its share is the time the build waited for it after the "
             "link check, plus choosing the pages and reusing unchanged shards (its runs alongside rendering "
             "count in rendering). The "
             "skill map's own pages are rendered with the others. The rest is Pelican's own work (context, URLs, "
             "static files), staging and start-up.", "",
             "| part | share |", "|---|---:|"]
    for part, seconds in sorted(shares["parts"].items(), key=lambda kv: -kv[1]):
        lines.append(f"| {part} | {100 * seconds / total:.1f}% |")
    return lines


def render_report(results, repeat: int, shares=None, theme: str | None = None,
                  invoke_seconds: float | None = None) -> str:
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmarks",
        "",
        f"Written by `invoke bench` on {now}. Medians of {repeat} run(s) per cell; stock Pelican and Foothold "
        "are interleaved in one run, so compare the ratios, not the absolute seconds, across machines.",
        "",
        *machine_lines(),
        "",
        "Corpus: generated posts of about 1,000 words with 1–3 fenced code blocks, tables, tags, links to "
        "earlier posts and front-end Skills (`bench.corpus`, deterministic). Stock Pelican: default "
        "theme, no plugins, feeds on; its rebuilds run with CACHE_CONTENT and LOAD_CONTENT_CACHE on. Foothold: "
        "`invoke build` (invoke's start-up included) in a folder with the project's tasks.py, pelican.conf, "
        "plugins and theme, and the corpus as content/ (`bench.harness.foothold_project`); Foothold's "
        "plugin code is byte-compiled first, as pip byte-compiled Pelican's. Every build is a fresh process. "
        "Peak memory: the sum over the build's processes (sampled; shared pages of forked workers are counted "
        "in each) and the largest single process (ru_maxrss).",
        "",
        *([f"Of each Foothold build, invoke's own start-up is about {invoke_seconds:.2f} s on this machine "
           "(a fresh interpreter importing invoke, less one importing nothing; measured apart).", ""]
          if invoke_seconds is not None else []),
        *([f"Foothold built with the theme in `{theme}` instead of the project's.", ""] if theme else []),
        "Foothold's no-change and one-post-edit rebuilds are quick rebuilds (`foothold/quick.py`): only "
        "post bodies changed, so they run without Pelican; its full builds run Pelican over every source.",
        "",
        *table_lines(results),
        *growth_lines(results),
        *share_lines(shares),
        "",
    ]
    return "\n".join(lines)
