"""docs/benchmarks.md: what was measured on what, the issue's targets with PASS/MISS, and the tables."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import math
import os
import platform

# figure, posts the target is set at, kind of build, judged on ("wall" or "cpu"), the ratio to stock it must not exceed
TARGETS = (
    ("cold full build, CPU time (whole process tree)", 1000, "cold", "cpu", 1.0),
    ("cold full build, wall", 100, "cold", "wall", 1.0),
    ("cold full build, wall", 1000, "cold", "wall", 0.75),
    ("cold full build, wall, second core kept busy", 1000, "cold_loaded", "wall", 1.0),
    ("warm full build (`invoke build --full`, caches warm), wall", 1000, "warm", "wall", 0.35),
    ("one-post edit rebuild, wall", 1000, "edit", "wall", 0.15),
)
MEMORY_TARGET_POSTS, MEMORY_LIMIT_MB = 5000, 1024  # < 1 GB (MB = 2^20 bytes here)
BUILDS = (
    ("cold", "cold full build"),
    ("cold_loaded", "cold full build, second core busy"),
    ("warm", "warm full build (`--full`, caches warm)"),
    ("nochange", "no-change rebuild (`invoke build`)"),
    ("edit", "one-post edit rebuild"),
)


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


def _load(values) -> str:
    return ", ".join(f"{x:.2f}" for x in values) if values else "unknown"


def provenance_lines(bench) -> list[str]:
    p = bench.provenance
    if p.get("commit"):
        dirty = p.get("dirty")
        state = ("clean tree" if not dirty else
                 f"dirty tree: uncommitted changes to {', '.join(p['dirty_files'])}" if p["dirty_files"] else "dirty tree")
        commit = f"`{p['commit']}` ({state})"
    else:
        commit = "not a git checkout"
    started = p.get("started") or dt.datetime.now(dt.timezone.utc)
    minutes = bench.seconds / 60
    return [
        f"- Date: {started.strftime('%Y-%m-%d %H:%M UTC')} (the run took {minutes:.1f} minutes)",
        f"- Commit measured: {commit}",
        f"- Machine: {p.get('cpus') or os.cpu_count()} CPUs ({_cpu_model()}), {_ram_gb()} RAM, "
        f"{platform.system()} {platform.release()}",
        f"- Load average (1, 5, 15 min) before the run: {_load(p.get('load_before'))}; after it: "
        f"{_load(os.getloadavg() if hasattr(os, 'getloadavg') else None)}",
        f"- Python {platform.python_version()}, Pelican {_version('pelican')}, Markdown {_version('markdown')}, "
        f"Pygments {_version('pygments')}, Jinja2 {_version('jinja2')}",
    ]


def _nearest(sizes, posts: int):
    generated = [s for s in sizes if s.corpus == "generated"]
    if not generated:
        return None
    return min(generated, key=lambda s: abs(math.log(s.posts / posts)))


def _seconds(size, tool: str, kind: str) -> str:
    if not size.has(tool, kind):
        return "—"
    runs = [r.seconds for r in size.runs[(tool, kind)]]
    spread = f" ({min(runs):.2f}–{max(runs):.2f})" if len(runs) > 1 else ""
    return f"{size.median(tool, kind):.2f} s{spread} / {size.cpu(tool, kind):.2f} CPU-s"


def _stock_kind(kind: str) -> str:
    # Stock Pelican has no quick path: its no-change rebuild is its warm build.
    return "warm" if kind == "nochange" else kind


def ratio(size, tool: str, kind: str, measure: str = "wall", base: str = "stock") -> float | None:
    other = _stock_kind(kind) if base == "stock" else kind
    if not (size.has(tool, kind) and size.has(base, other)):
        return None
    if measure == "cpu":
        return size.cpu(tool, kind) / size.cpu(base, other)
    return size.median(tool, kind) / size.median(base, other)


def _verdict(value: float | None, limit: float) -> str:
    if value is None:
        return "not measured"
    return "PASS" if round(value, 2) <= limit else "MISS"


def target_lines(bench) -> list[str]:
    lines = ["| figure | posts | stock Pelican 4.12: wall (range) / CPU | Foothold: wall (range) / CPU | "
             "Foothold / stock, wall | Foothold / stock, CPU | target | result |",
             "|---|---:|---:|---:|---:|---:|---|---|"]
    for figure, posts, kind, measure, limit in TARGETS:
        size = _nearest(bench.sizes, posts)
        if size is None or not size.has("foothold", kind):
            lines.append(f"| {figure} | {posts:,} | — | — | — | — | ≤ {limit:.2f}× ({measure}) | not measured |")
            continue
        where = f"{size.posts:,}" if size.posts == posts else f"{size.posts:,} (target set at {posts:,})"
        wall, cpu = ratio(size, "foothold", kind), ratio(size, "foothold", kind, "cpu")
        judged = cpu if measure == "cpu" else wall
        lines.append(f"| {figure} | {where} | {_seconds(size, 'stock', kind)} | {_seconds(size, 'foothold', kind)} | "
                     f"{wall:.2f}× | {cpu:.2f}× | ≤ {limit:.2f}× ({'CPU' if measure == 'cpu' else 'wall'}) | "
                     f"{_verdict(judged, limit)} |")
    memory = bench.memory
    if memory is None:
        lines.append(f"| peak memory, whole process tree (sum of RSS) | {MEMORY_TARGET_POSTS:,} | — | — | — | — | "
                     "< 1 GB | not measured (memory run off) |")
    else:
        where = (f"{memory.posts:,}" if memory.posts == MEMORY_TARGET_POSTS
                 else f"{memory.posts:,} (target set at {MEMORY_TARGET_POSTS:,})")
        stock, ours = memory.memory("stock"), memory.memory("foothold")
        lines.append(f"| peak memory, whole process tree (sum of RSS) | {where} | {stock:.0f} MB | {ours:.0f} MB | "
                     f"{ours / stock:.2f}× | — | < 1 GB | {'PASS' if ours < MEMORY_LIMIT_MB else 'MISS'} |")
    checks = bench.interrupts
    if checks is None:
        lines.append("| Ctrl-C / SIGTERM during a full build | — | — | — | — | — | exit 130, previous output intact | "
                     "not checked (interrupt checks off) |")
    else:
        failed = [c for c in checks if c.passed is False]
        judged = [c for c in checks if c.passed is not None]
        verdict = ("FAIL: " + "; ".join(f"{c.signal_name} at {c.point}, exit {c.exit_code}" for c in failed) if failed
                   else "PASS" if judged else "not checked (no build was interrupted)")
        lines.append(f"| Ctrl-C / SIGTERM during a full build ({len(checks)} checks below) | {bench.interrupt_posts:,} | — | "
                     f"{len(judged) - len(failed)} of {len(checks)} passed, {len(checks) - len(judged)} not judged | "
                     f"— | — | exit 130, previous output intact (or the new one whole) | {verdict} |")
    return lines


def _cell(size, tool: str, kind: str) -> tuple[str, str]:
    if not size.has(tool, kind):
        return "—", "—"
    return f"{size.median(tool, kind):.2f} s", f"{size.cpu(tool, kind):.2f} s"


def _times(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def table_lines(bench) -> list[str]:
    lines = ["| posts | build | stock wall | stock CPU | Foothold wall | Foothold CPU | Foothold / stock, wall | "
             "Foothold / stock, CPU |", "|---:|---|---:|---:|---:|---:|---:|---:|"]
    for size in bench.sizes:
        for kind, label in BUILDS:
            if not size.has("foothold", kind):
                continue
            stock_wall, stock_cpu = _cell(size, "stock", _stock_kind(kind))
            ours_wall, ours_cpu = _cell(size, "foothold", kind)
            if kind == "nochange":
                stock_wall, stock_cpu = f"({stock_wall})", f"({stock_cpu})"
            lines.append(f"| {size.label} | {label} | {stock_wall} | {stock_cpu} | {ours_wall} | {ours_cpu} | "
                         f"{_times(ratio(size, 'foothold', kind))} | {_times(ratio(size, 'foothold', kind, 'cpu'))} |")
        stock_mem, ours_mem = size.memory("stock"), size.memory("foothold")
        lines.append(f"| {size.label} | peak memory, cold full build (sum of RSS / largest process) | "
                     f"{stock_mem:.0f} / {size.memory('stock', 'max_rss_mb'):.0f} MB | | "
                     f"{ours_mem:.0f} / {size.memory('foothold', 'max_rss_mb'):.0f} MB | | "
                     f"{_times(ours_mem / stock_mem if stock_mem else None)} | |")
    return lines


def speed_lines(bench) -> list[str]:
    if not bench.variant:
        return []
    listed = ("" if bench.speed_listed else
              " The project's pelican.conf does not list \"speed\" in PLUGINS (the speed layer is not a plugin "
              "of its own yet), so the variant is Foothold as it is: the two columns measure the same builds.")
    lines = ["", "## What the speed layer buys", "",
             "Foothold as configured, and the same project with \"speed\" taken out of PLUGINS "
             "(`PLUGINS = [p for p in PLUGINS if p != 'speed']` added to its pelican.conf), in the same runs." + listed, "",
             "| posts | build | Foothold wall / CPU | without speed wall / CPU | without speed / stock, wall | "
             "Foothold / without speed, wall | Foothold / without speed, CPU |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    fewer = sorted({(size.label, size.count("nospeed", "cold")) for size in bench.sizes
                    if 0 < size.count("nospeed", "cold") < bench.repeat})
    if fewer:
        lines[-3:-3] = [", ".join(f"At {label} posts the builds without speed ran {count} time(s), in the first "
                                  f"repeats only (medians of {count}): they build everything in full, and the "
                                  "default run must stay near 25 minutes." for label, count in fewer), ""]
    for size in bench.sizes:
        for kind, label in BUILDS:
            if not size.has("nospeed", kind):
                continue
            ours, plain = _cell(size, "foothold", kind), _cell(size, "nospeed", kind)
            lines.append(f"| {size.label} | {label} | {ours[0]} / {ours[1]} | {plain[0]} / {plain[1]} | "
                         f"{_times(ratio(size, 'nospeed', kind))} | "
                         f"{_times(ratio(size, 'foothold', kind, base='nospeed'))} | "
                         f"{_times(ratio(size, 'foothold', kind, 'cpu', base='nospeed'))} |")
    return lines


def memory_lines(bench) -> list[str]:
    memory = bench.memory
    if memory is None:
        return []
    lines = ["", f"## Peak memory, {memory.posts:,} posts", "",
             "One cold full build of each (a single run). The sum of resident sets counts pages a forked worker "
             "shares with its parent in each process; the proportional set size divides them among their sharers "
             "(sampled every 250 ms, so it may miss a short peak).", "",
             "| | stock Pelican 4.12 | Foothold |", "|---|---:|---:|"]
    for attribute, label in (("tree_rss_mb", "sum of RSS, whole process tree"), ("tree_pss_mb", "sum of PSS, whole process tree"),
                             ("max_rss_mb", "largest single process (ru_maxrss)")):
        lines.append(f"| {label} | {memory.memory('stock', attribute):.0f} MB | {memory.memory('foothold', attribute):.0f} MB |")
    lines.append(f"| wall / CPU time of that build | {memory.median('stock', 'cold'):.2f} s / {memory.cpu('stock'):.2f} s | "
                 f"{memory.median('foothold', 'cold'):.2f} s / {memory.cpu('foothold'):.2f} s |")
    return lines


def interrupt_lines(bench) -> list[str]:
    from .interrupt import ATTEMPTS, POINTS

    checks = bench.interrupts
    if checks is None:
        return []
    lines = ["", f"## Ctrl-C and SIGTERM during a full build ({bench.interrupt_posts:,} posts)", "",
             "Each check edits one post, starts `invoke build --full` in a session of its own and sends the signal "
             "when the build reaches the point (a build that ends between two looks at its staging folder is "
             f"tried again, up to {ATTEMPTS} builds); Ctrl-C goes to the build's process group (as a terminal sends it), "
             "SIGTERM to the build's process (as `kill` does). Then a build of the same posts, not interrupted, "
             "must succeed; where output/ changed, it must be byte for byte what that build writes (the sitemap's "
             "build-time stamps aside). Points:", ""]
    lines += [f"- {name}: {what}" for name, what in POINTS]
    lines += ["", "| point | signal | sent after | exit | outcome | result |", "|---|---|---:|---:|---|---|"]
    for check in checks:
        result = "PASS" if check.passed else "FAIL" if check.passed is False else "not judged"
        sent = f"{check.seconds:.2f} s" if check.sent else "—"
        lines.append(f"| {check.point} | {check.signal_name} | {sent} | {check.exit_code} | {check.outcome} | {result} |")
    return lines


def growth_lines(bench) -> list[str]:
    generated = [s for s in bench.sizes if s.corpus == "generated"]
    if len(generated) < 2:
        return []
    small, large = generated[0], generated[-1]
    lines = ["", "Growth (cold full build, between the smallest and largest size):", ""]
    for tool, name in (("stock", "stock Pelican"), ("foothold", "Foothold"), ("nospeed", "Foothold without speed")):
        if not (small.has(tool, "cold") and large.has(tool, "cold")):
            continue
        slope = (large.median(tool, "cold") - small.median(tool, "cold")) / (large.posts - small.posts)
        fixed = small.median(tool, "cold") - slope * small.posts
        cpu_slope = (large.cpu(tool) - small.cpu(tool)) / (large.posts - small.posts)
        lines.append(f"- {name}: about {fixed:.1f} s fixed plus {slope * 1000:.1f} ms per post "
                     f"({cpu_slope * 1000:.1f} CPU-ms per post)")
    return lines


def share_lines(shares) -> list[str]:
    if not shares:
        return []
    total = shares["total"] or 1.0
    lines = ["", f"## Where a Foothold full build of {shares['posts']:,} posts spends its time", "",
             "One cProfile'd cold build in the main process (its overhead inflates pure-Python parts); work done "
             "in worker processes shows as the main process's time waiting for it. The rest is Pelican's own "
             "work (context, URLs, static files), staging and start-up.", "",
             "| part | share |", "|---|---:|"]
    for part, seconds in sorted(shares["parts"].items(), key=lambda kv: -kv[1]):
        lines.append(f"| {part} | {100 * seconds / total:.1f}% |")
    return lines


def method_lines(bench) -> list[str]:
    repeat = bench.repeat
    return [
        f"Every figure is a ratio to stock Pelican 4.12 building the very same posts in the same run: for every "
        f"corpus and repeat the builds are interleaved (stock, then Foothold{', then Foothold without speed' if bench.variant else ''}), "
        f"each a fresh process; medians of {repeat} run(s) per cell (range in brackets in the targets table). "
        "The peak-memory run is a single build of each; the interrupt checks run once each.",
        "",
        "- Corpora: generated posts of about 1,000 words with 1–3 fenced code blocks, tables, tags, links to "
        "earlier posts and front-end Skills (`bench.corpus.write_corpus`); and a realistic learning blog "
        "(`write_realistic_corpus`: posts from 250 to 2,400 words in folders by year, links between posts and to "
        "their own headings, PNG images, tables, footnotes, quotes, nested lists, code in a dozen languages, an "
        "about page).",
        "- Stock Pelican: default theme, no plugins, feeds on (`bench.stock`). Foothold: `invoke build` in a "
        "folder with the project's tasks.py, pelican.conf, plugins and theme, and the corpus as content/ "
        "(`bench.project.foothold_project`; invoke's start-up included, plugin code byte-compiled first as pip "
        "byte-compiled Pelican's). `invoke build` is a development build: like the author's, it draws no "
        "share cards and prints no résumé PDF (both production-only by default: `SHARE_CARDS['draw']`, "
        "`RESUME['pdf']`) and has Foothold's strict checks, link check and Pagefind search index on.",
        "- Cold full build: stock without its content cache (Pelican's default); Foothold with no output/ and no "
        ".foothold/ (every cache gone).",
        "- Warm full build, nothing changed since the previous build: stock with CACHE_CONTENT and "
        "LOAD_CONTENT_CACHE on, its content cache holding every post as it is (Pelican takes each unchanged "
        "file's parsed body and metadata from it, then renders and writes every page); Foothold `invoke build --full` with output/ and .foothold/ "
        "(Markdown cache, page record, search index) as its previous build of the same posts left them.",
        "- No-change rebuild: Foothold's `invoke build` with nothing changed, against stock's warm build (in "
        "brackets: the same stock build, since stock has no quicker path).",
        "- One-post edit: one post's body changed after a build; stock with its content cache on, Foothold "
        "`invoke build`.",
        "- Second core busy: a process spinning on one core (`while True: pass`, started by the bench, not "
        "pinned, killed afterwards) runs while both cold full builds run.",
        "- CPU time: user + system of the whole process tree, workers and detached helpers included: each "
        "build runs under a wrapper that is the \"child subreaper\" of everything the build starts, waits for "
        "every one of them and reads RUSAGE_CHILDREN (`bench.measure`). Helpers that outlive the build are "
        "waited for before the next build starts, so none runs into another build's time. Wall time ends when "
        "the build's own process exits.",
        "- Peak memory: the largest sum of resident sets over the whole process tree, sampled every 50 ms.",
    ]


def render_report(bench) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Written by `invoke bench`. Compare the ratios, not the absolute seconds, across machines.",
        "",
        *provenance_lines(bench),
        "",
        "## Targets (issue 18)",
        "",
        *target_lines(bench),
        "",
        *method_lines(bench),
        *([f"- Of each Foothold build, invoke's own start-up is about {bench.invoke_seconds:.2f} s on this machine "
           "(a fresh interpreter importing invoke, less one importing nothing; measured apart)."]
          if bench.invoke_seconds is not None else []),
        *([f"- Foothold built with the theme in `{bench.theme}` instead of the project's."] if bench.theme else []),
        "",
        "## All builds",
        "",
        *table_lines(bench),
        *growth_lines(bench),
        *speed_lines(bench),
        *memory_lines(bench),
        *interrupt_lines(bench),
        *share_lines(bench.shares),
        "",
    ]
    return "\n".join(lines)
