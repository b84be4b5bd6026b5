"""Time the skill map adds to a build: `python tests/skill_map/skill_bench.py 100 1000 5000`.

For each size it generates posts (about 1,200 words and two code blocks, like the figures in
PERFORMANCE.md) plus one project per 20 posts, all with Skills and some with Gaps. Then it runs a
full build with the repo's settings, theme and plugins and measures:

- plugin time: the skill map generator's own work (taxonomy, evidence, levels, pages, JSON),
  timed by wrapping its methods. This is exact but leaves out the chips that other templates
  render;
- A/B: the whole build with and without the plugin (PLUGINS override). This includes the chips
  but is noisy (about ±15% on a 2-core machine).

It writes only into a temp folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "tests"))

SKILLS = ["semantic-html", "accessibility", "forms", "css", "flexbox", "css-grid", "responsive-design", "javascript",
          "typescript", "dom", "promises", "async-await", "fetch-api", "react", "state-management", "unit-testing",
          "e2e-testing", "git", "npm", "vite", "ci", "web-performance", "python", "sql", "docker", "communication",
          "resilience", "interviewing", "learning-in-public", "feedback"]
CATEGORIES = ["Learning Log", "Learning Log", "Reflections", "Notes"]
WORDS = ("the promise resolves later so the handler runs after the current task and the event loop picks up "
         "the microtask queue before rendering which is why awaiting inside a loop serialises requests").split()


def _paragraphs(rng: random.Random, words: int) -> str:
    out, line = [], []
    for index in range(words):
        line.append(rng.choice(WORDS))
        if index % 80 == 79:
            out.append(" ".join(line) + ".")
            line = []
    out.append(" ".join(line) + ".")
    return "\n\n".join(out)


def generate(content: Path, posts: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    start = dt.date(2023, 1, 1)
    (content / "posts").mkdir(parents=True)
    (content / "projects").mkdir()
    (content / "pages").mkdir()
    (content / "pages" / "about.md").write_text("Title: About\nSlug: about\n\nAbout me.\n", encoding="utf-8")
    for n in range(posts):
        day = start + dt.timedelta(days=rng.randrange(1000))
        skills = ", ".join(rng.sample(SKILLS, rng.randint(1, 4)))
        gaps = f"Gaps: {rng.choice(SKILLS)}\n" if rng.random() < 0.1 else ""
        code = "```js\nasync function load(url) {\n  const r = await fetch(url);\n  return r.json();\n}\n```\n"
        body = f"{_paragraphs(rng, 550)}\n\n{code}\n{_paragraphs(rng, 550)}\n\n```python\nprint('day {n}')\n```\n"
        (content / "posts" / f"post-{n:05d}.md").write_text(
            f"Title: Learning post {n}\nDate: {day.isoformat()}\nCategory: {rng.choice(CATEGORIES)}\n"
            f"Skills: {skills}\n{gaps}Summary: Post number {n}.\n\n{body}", encoding="utf-8")
    for n in range(max(1, posts // 20)):
        day = start + dt.timedelta(days=rng.randrange(1000))
        status = rng.choice(["shipped", "shipped", "in-progress", "archived"])
        (content / "projects" / f"project-{n:04d}.md").write_text(
            f"Title: Project {n}\nDate: {day.isoformat()}\nSummary: Project number {n}.\nStatus: {status}\n"
            f"Skills: {', '.join(rng.sample(SKILLS[:25], rng.randint(2, 6)))}\n"
            f"Repo: https://github.com/example/p{n}\n\n## The problem\n\n{_paragraphs(rng, 200)}\n", encoding="utf-8")


def _timed(cls, name, bucket):
    original = getattr(cls, name)

    def wrapper(self, *args, **kwargs):
        began = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            bucket[name] = bucket.get(name, 0.0) + time.perf_counter() - began

    setattr(cls, name, wrapper)
    return original


def measure(posts: int, ab: bool) -> dict:
    from foothold.build import build_site
    from skill_map.generator import SkillMapGenerator

    from foothold_test_support import fixture_root

    with tempfile.TemporaryDirectory(prefix="skillbench-") as tmp:
        content = Path(tmp) / "content"
        generate(content, posts)
        project = fixture_root(Path(tmp))  # the fixture settings, never the author's pelican.conf
        # Warm-up (imports, disk cache), so neither timed build pays for being first.
        build_site(project, overrides={"PATH": str(ROOT / "tests" / "sites" / "skill_basic"),
                                    "OUTPUT_PATH": str(Path(tmp) / "warm")})
        bucket: dict = {}
        originals = {name: _timed(SkillMapGenerator, name, bucket)
                     for name in ("generate_context", "build_map", "generate_output")}
        try:
            began = time.perf_counter()
            result = build_site(project, overrides={"PATH": str(content), "OUTPUT_PATH": str(Path(tmp) / "with")})
            with_plugin = time.perf_counter() - began
        finally:
            for name, original in originals.items():
                setattr(SkillMapGenerator, name, original)
        if not result.ok:
            raise SystemExit(result.stderr_text)
        row = {"posts": posts, "build_s": with_plugin, "plugin_s": sum(bucket.values()), **bucket}
        if ab:
            # The settings loader rejects SKILL_MAP when skill_map is not in PLUGINS, so the plugin
            # stays listed and only its register() is switched off for this one build.
            # Signals stay connected between builds in one process, so they are disconnected too.
            import skill_map
            from pelican import signals
            from skill_map import generator

            receivers = [(signals.initialized, generator.initialized), (signals.get_generators, generator.get_generators),
                         (signals.all_generators_finalized, generator.all_generators_finalized)]
            register = skill_map.register
            skill_map.register = lambda: None
            for signal, receiver in receivers:
                signal.disconnect(receiver)
            try:
                began = time.perf_counter()
                result = build_site(project, overrides={"PATH": str(content), "OUTPUT_PATH": str(Path(tmp) / "without")})
                row["without_s"] = time.perf_counter() - began
            finally:
                skill_map.register = register
                for signal, receiver in receivers:
                    signal.connect(receiver)
            if (Path(tmp) / "without" / "skills.json").exists():
                raise SystemExit("the build without the plugin still wrote skills.json")
            if not result.ok:
                raise SystemExit(result.stderr_text)
        shutil.rmtree(Path(tmp) / "with", ignore_errors=True)
        return row


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000])
    parser.add_argument("--no-ab", action="store_true", help="skip the build without the plugin")
    args = parser.parse_args(argv)
    print(f"{'posts':>6} {'build s':>8} {'plugin s':>9} {'share':>6} {'ms/post':>8} {'context':>8} {'map':>7} "
          f"{'output':>7} {'without s':>9}")
    for size in args.sizes:
        row = measure(size, not args.no_ab)
        without = f"{row['without_s']:9.2f}" if "without_s" in row else f"{'-':>9}"
        print(f"{row['posts']:6d} {row['build_s']:8.2f} {row['plugin_s']:9.3f} {row['plugin_s'] / row['build_s']:6.1%} "
              f"{1000 * row['plugin_s'] / size:8.3f} {row.get('generate_context', 0):8.3f} {row.get('build_map', 0):7.3f} "
              f"{row.get('generate_output', 0):7.3f} {without}", flush=True)


if __name__ == "__main__":
    main()
