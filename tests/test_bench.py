"""`invoke bench` (tools/bench): a real tiny benchmark, end to end, and its parts.

The bench runs once for the module (a few posts, one repeat, every part on) in a fixture project;
the tests read its report. They assert the report's structure and that its numbers are sane
(positive, every target row there), never how fast anything is.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html

from foothold_test_support import fixture_root

POSTS = 8


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    """The whole bench at POSTS posts: report text, the written docs/benchmarks.md, the result."""
    from bench.harness import collect, write_report

    root = fixture_root(tmp_path_factory.mktemp("bench"))
    here = os.getcwd()
    os.chdir(root)  # as `invoke bench` runs, from the project's folder
    try:
        result = collect(root, sizes=[POSTS], repeat=1, profile_posts=POSTS, log=lambda line: None,
                         memory_posts=POSTS + 2, realistic_posts=5, interrupt_posts=POSTS, variant=True, loaded=True)
    finally:
        os.chdir(here)
    text = write_report(root, result)
    return text, (root / "docs" / "benchmarks.md").read_text(encoding="utf-8"), result


def _rows(text: str, heading: str) -> list[list[str]]:
    """The cells of the table under ``heading`` (without its header rows)."""
    part = text.split(heading, 1)[1]
    rows = []
    for line in part.splitlines()[1:]:
        if line.startswith("## "):
            break
        if line.startswith("|") and not line.startswith("|---"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return rows[1:]  # the column names


def _ratio(cell: str) -> float:
    assert cell.endswith("×"), cell
    return float(cell[:-1])


def test_the_report_is_written_and_says_what_was_measured_on_what(bench):
    text, written, _result = bench
    assert written == text
    assert re.search(r"^- Date: \d{4}-\d\d-\d\d \d\d:\d\d UTC \(the run took [\d.]+ minutes\)$", text, re.M), text
    assert re.search(r"^- Commit measured: (`[0-9a-f]{40}` \((clean|dirty) tree|not a git checkout)", text, re.M)
    assert re.search(r"^- Machine: \d+ CPUs ", text, re.M)
    assert re.search(r"^- Load average \(1, 5, 15 min\) before the run: [\d.]+, [\d.]+, [\d.]+;", text, re.M)
    assert re.search(r"^- Python 3\.\d+\.\d+, Pelican 4\.12\.\d+,", text, re.M)


def test_every_target_row_is_there_with_positive_ratios_and_a_verdict(bench):
    text, _written, _result = bench
    rows = _rows(text, "## Targets (issue 18)")
    figures = [row[0] for row in rows]
    assert figures[:6] == [
        "cold full build, CPU time (whole process tree)", "cold full build, wall", "cold full build, wall",
        "cold full build, wall, second core kept busy",
        "warm full build (`invoke build --full`, caches warm), wall", "one-post edit rebuild, wall"], figures
    assert figures[6] == "peak memory, whole process tree (sum of RSS)"
    assert figures[7].startswith("Ctrl-C / SIGTERM during a full build")
    for row in rows[:6]:
        assert row[1].startswith(f"{POSTS} (target set at "), row
        for cell in row[2:4]:  # wall (range) / CPU of each tool
            wall, cpu = re.fullmatch(r"([\d.]+) s(?: \([\d.–]+\))? / ([\d.]+) CPU-s", cell).groups()
            assert float(wall) > 0 and float(cpu) > 0, row
        assert _ratio(row[4]) > 0 and _ratio(row[5]) > 0, row
        assert row[7] in ("PASS", "MISS"), row
    memory = rows[6]
    assert memory[1] == f"{POSTS + 2} (target set at 5,000)"
    assert float(memory[2].removesuffix(" MB")) > 0 and float(memory[3].removesuffix(" MB")) > 0, memory
    assert memory[7] in ("PASS", "MISS")
    assert rows[7][7] == "PASS" or rows[7][7].startswith("FAIL: "), rows[7]


def test_cpu_time_beside_wall_time_for_every_build_of_both_tools(bench):
    text, _written, result = bench
    rows = _rows(text, "## All builds")
    builds = {(row[0], row[1]) for row in rows}
    for label in (str(POSTS), "5 realistic"):
        assert {(label, "cold full build"), (label, "warm full build (`--full`, caches warm)"),
                (label, "no-change rebuild (`invoke build`)"), (label, "one-post edit rebuild")} <= builds, builds
    assert (str(POSTS), "cold full build, second core busy") in builds
    for row in rows:
        if row[1].startswith("peak memory"):
            continue
        for cell in row[2:6]:
            assert re.fullmatch(r"\(?[\d.]+ s\)?", cell) and float(cell.strip("()s ")) > 0, row
        assert _ratio(row[6]) > 0 and _ratio(row[7]) > 0, row
    # The whole process tree's CPU time: a Foothold build has workers, so more than one process counted.
    size = result.sizes[0]
    assert all(run.cpu_seconds > 0 for runs in size.runs.values() for run in runs)


def test_the_speed_layer_variant_is_benched_beside(bench):
    text, _written, result = bench
    rows = _rows(text, "## What the speed layer buys")
    kinds = {(row[0], row[1]) for row in rows}
    assert (str(POSTS), "cold full build") in kinds and ("5 realistic", "one-post edit rebuild") in kinds
    for row in rows:
        assert _ratio(row[4]) > 0 and _ratio(row[5]) > 0 and _ratio(row[6]) > 0, row
    assert result.sizes[0].count("nospeed", "cold") == 1


def test_the_interrupt_checks_really_interrupt_builds_and_check_the_output(bench):
    _text, _written, result = bench
    checks = result.interrupts
    assert {(c.point, c.signal_name) for c in checks} == {
        (point, signal) for point in ("start-up", "early", "mid-render", "late", "at the swap")
        for signal in ("Ctrl-C", "SIGTERM")}
    # Once the build has begun, every check passes (before it, during invoke's start-up, the
    # bench reports what happens, whatever it is).
    assert not [c for c in checks if c.passed is False and c.point != "start-up"], checks
    assert all(c.sent and c.exit_code > 0 and c.passed is not None for c in checks if c.point == "start-up"), checks
    early = [c for c in checks if c.point == "early"]
    # At the first point a build of any size is still running: it was interrupted, exit 130, and
    # output/ was compared with the previous site.
    assert all(c.sent and c.exit_code == 130 and c.passed and c.outcome == "exit 130; previous output intact"
               for c in early), early


def test_the_site_digest_sees_a_changed_byte_and_ignores_the_sitemap_clock(tmp_path):
    from bench.interrupt import site_digest

    site = tmp_path / "site"
    (site / "posts" / "a").mkdir(parents=True)
    (site / "posts" / "a" / "index.html").write_text("<p>one</p>")
    (site / "sitemap.xml").write_text("<url><lastmod>2026-01-01T10:00:00Z</lastmod></url>")
    first, files = site_digest(site)
    assert set(files) == {"posts/a/index.html", "sitemap.xml"}
    (site / "sitemap.xml").write_text("<url><lastmod>2026-01-02T11:00:00Z</lastmod></url>")
    assert site_digest(site)[0] == first
    (site / "posts" / "a" / "index.html").write_text("<p>onE</p>")
    assert site_digest(site)[0] != first
    assert site_digest(tmp_path / "nothing")[0] == "missing"


def test_the_measured_cpu_time_includes_detached_helpers(tmp_path):
    # A helper in a session of its own (as the build's output-deleting process) outlives the
    # process that started it: its CPU time is the build's all the same, and it is waited for.
    from bench.measure import run_measured

    helper = "import time\nwhile time.process_time() < 0.4: pass\n"
    script = ("import subprocess, sys\n"
              f"subprocess.Popen([sys.executable, '-c', {helper!r}], start_new_session=True)\n"
              "print('started')\n")
    run = run_measured([sys.executable, "-c", script], cwd=str(tmp_path))
    assert run.returncode == 0 and run.stdout.strip() == "started"
    assert run.cpu_seconds >= 0.4, run
    assert run.helpers_seconds > 0, run
    assert run.tree_rss_mb > 0 and run.max_rss_mb > 0, run


def test_the_variant_project_drops_the_speed_plugin(tmp_path):
    from bench.corpus import write_corpus
    from bench.project import foothold_project

    root = fixture_root(tmp_path)
    conf = root / "pelican.conf"
    conf.write_text(conf.read_text(encoding="utf-8") + "\nPLUGINS = [*PLUGINS, 'speed']\n", encoding="utf-8")
    content = write_corpus(tmp_path / "corpus", 2)
    plain = foothold_project(root, tmp_path / "work", content, name="nospeed", speed=False)
    values: dict = {}
    exec((plain / "pelican.conf").read_text(encoding="utf-8"), values)
    assert "speed" not in values["PLUGINS"] and "content_model" in values["PLUGINS"], values["PLUGINS"]


def test_the_bench_project_builds_the_corpus_with_the_projects_own_tasks_and_settings(tmp_path):
    # Foothold is timed as `invoke build` in a project folder: that folder's tasks.py must build the
    # corpus (not this repository's content/) into the folder's own output/.
    from bench.corpus import write_corpus
    from bench.project import foothold_project

    content = tmp_path / "corpus"
    write_corpus(content, 3)
    project = foothold_project(fixture_root(tmp_path), tmp_path / "work", content)
    done = subprocess.run([sys.executable, "-m", "invoke", "build"], cwd=project, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 posts" in done.stdout, done.stdout
    posts = sorted(path.parent.name for path in (project / "output" / "posts").glob("*/index.html"))
    assert len(posts) == 3, posts


def test_the_realistic_corpus_has_what_real_posts_have_and_builds_strictly(tmp_path):
    from bench.corpus import realistic_text, write_realistic_corpus
    from bench.project import foothold_project

    content = write_realistic_corpus(tmp_path / "corpus", 24)
    assert realistic_text(5) == (content / "posts").joinpath(*_realistic_path(5)).read_text(encoding="utf-8")
    project = foothold_project(fixture_root(tmp_path), tmp_path / "work", content)
    done = subprocess.run([sys.executable, "-m", "invoke", "build"], cwd=project, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "24 posts" in done.stdout and "1 pages" in done.stdout, done.stdout
    found = {"image": 0, "table": 0, "footnote": 0, "link to a post": 0, "blockquote": 0}
    languages, words = set(), []
    for page in (project / "output" / "posts").glob("*/index.html"):
        tree = html.parse(str(page)).getroot()
        body = tree.find(".//main") if tree.find(".//main") is not None else tree
        found["image"] += bool(body.xpath(".//img[contains(@src, 'images/chart-')]"))
        found["table"] += bool(body.xpath(".//table"))
        found["footnote"] += bool(body.xpath(".//*[contains(@class, 'footnote')]"))
        found["link to a post"] += bool(body.xpath(".//a[contains(@href, 'posts/')]"))
        found["blockquote"] += bool(body.xpath(".//blockquote"))
        languages |= {cls for cls in " ".join(body.xpath(".//code/@class | .//div/@class")).split()
                      if cls.startswith("language-")}
        words.append(len(" ".join(body.xpath(".//p//text()")).split()))
    assert all(found.values()), found
    assert len(languages) >= 4 or _code_languages(content) >= 6, languages
    assert min(words) < 500 < max(words), words  # short notes and long write-ups


def _realistic_path(n: int) -> tuple[str, ...]:
    from bench.corpus import realistic_name

    return tuple(realistic_name(n).split("/"))


def _code_languages(content: Path) -> int:
    return len({m for path in content.rglob("*.md") for m in re.findall(r"^```(\w+)$", path.read_text(), re.M)})


def test_the_profile_finds_the_parts_every_build_has(bench):
    # A part whose entry point was renamed or moved would read 0 s and vanish from the report.
    _text, _written, result = bench
    parts = result.shares["parts"]
    for part in ("reading (Markdown, Pygments, metadata)", "skill map", "strict build checks (checks.py)",
                 "link and anchor check of the output", "rendering pages (Jinja, in worker processes)",
                 "queueing pages (Pelican's writer; Jinja too when serial)"):
        assert parts[part] > 0, (part, parts)
    assert 0 < sum(parts.values()) <= result.shares["total"] * 1.01
