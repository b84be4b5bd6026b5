"""A deterministic corpus of posts for benchmarks: the same seed and size always give the same files.

Each post has about 1,000 words, 1-3 fenced code blocks, often a table, tags, a category, links to
earlier posts and Skills taken from the front-end taxonomy, so every part of the build is exercised.
"""

from __future__ import annotations

import random
from pathlib import Path

# Skill ids of plugins/skill_map/taxonomies/front-end.yml (copied so the corpus stays the same
# if the taxonomy grows).
SKILLS = [
    "semantic-html", "accessibility", "forms", "css", "flexbox", "css-grid", "responsive-design", "sass",
    "javascript", "dom", "typescript", "promises", "async-await", "fetch-api", "react", "state-management",
    "unit-testing", "e2e-testing", "git", "npm", "vite", "web-performance",
]
TAGS = [
    "javascript", "css", "html", "react", "testing", "tooling", "accessibility", "layout", "async",
    "career", "interviews", "debugging", "performance", "git", "typescript", "forms", "design", "npm",
    "browser", "node", "learning", "habits", "projects", "refactoring", "security",
]
CATEGORIES = ["Learning Log", "Learning Log", "Learning Log", "Reflections"]
WORDS = (
    "the a component state render browser event promise callback layout grid flex token function "
    "value return array object string number error request response cache network style selector "
    "module import export test assert mock build bundle deploy commit branch merge review feedback "
    "interview learn practice mistake understand explain question answer focus week day morning "
    "evening small large first second again because when while after before during without with "
    "about into over under between simple complex careful quick slow clear messy readable tidy "
    "today finally realised noticed tried fixed broke changed moved wrote read watched asked"
).split()

CODE = {
    "javascript": [
        "async function load(url) {{\n  const response = await fetch(url);\n  if (!response.ok) {{\n"
        "    throw new Error(`HTTP ${{response.status}}`);\n  }}\n  return response.json();\n}}\n\n"
        "load('/api/items/{n}').then((items) => console.log(items.length));",
        "const total = items\n  .filter((item) => item.price > {n})\n  .map((item) => item.price * item.qty)\n"
        "  .reduce((sum, value) => sum + value, 0);\nconsole.log(`total: ${{total}}`);",
    ],
    "css": [
        ".dashboard {{\n  display: grid;\n  gap: {n}px;\n  grid-template-areas:\n    \"head head\"\n"
        "    \"side main\";\n}}\n\n@media (max-width: 40rem) {{\n  .dashboard {{ grid-template-areas: \"head\" \"main\"; }}\n}}",
    ],
    "html": [
        "<label for=\"email-{n}\">Email</label>\n<input id=\"email-{n}\" type=\"email\" "
        "aria-describedby=\"err-{n}\">\n<p id=\"err-{n}\">Enter an address like name@example.com.</p>",
    ],
    "python": [
        "def slugify(title: str) -> str:\n    \"\"\"Post {n}: lower-case words joined by hyphens.\"\"\"\n"
        "    words = [w for w in title.lower().split() if w.isalnum()]\n    return \"-\".join(words)\n\n"
        "print(slugify(\"Hello World {n}\"))",
    ],
    "bash": [
        "git switch -c feature/post-{n}\ngit add -p\ngit commit -m \"Fix the layout on small screens\"\n"
        "git rebase -i main",
    ],
}


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    if rng.random() < 0.15:
        words[rng.randrange(len(words))] = f"`{rng.choice(WORDS)}()`"
    if rng.random() < 0.1:
        words[rng.randrange(len(words))] = f"**{rng.choice(WORDS)}**"
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))


def _table(rng: random.Random) -> str:
    rows = ["| Approach | Lines | Works without JS |", "|---|---:|---|"]
    for _ in range(rng.randint(2, 4)):
        rows.append(f"| {rng.choice(WORDS)} {rng.choice(WORDS)} | {rng.randint(5, 200)} | {rng.choice(['yes', 'no'])} |")
    return "\n".join(rows)


def _code(rng: random.Random, n: int) -> str:
    lang = rng.choice(sorted(CODE))
    return f"```{lang}\n{rng.choice(CODE[lang]).format(n=n)}\n```"


def post_name(n: int) -> str:
    return f"post-{n:05d}.md"


def post_text(n: int, seed: int = 7, edit: int = 0) -> str:
    """The Markdown source of post ``n``; ``edit`` > 0 changes one body paragraph (not the header)."""
    rng = random.Random(f"{seed}-{n}")
    day = n % 700
    year, rest = (2024, day) if day < 365 else (2025, day - 365)
    month, dom = 1 + rest // 31 % 12, 1 + rest % 28
    title = f"{rng.choice(['Day', 'Week', 'Notes on', 'What I learned about'])} {n}: {rng.choice(WORDS)} and {rng.choice(WORDS)}"
    tags = sorted(set(rng.sample(TAGS, rng.randint(1, 4))))
    skills = sorted(set(rng.sample(SKILLS, rng.randint(1, 3))))
    header = [
        f"Title: {title}",
        f"Date: {year}-{month:02d}-{dom:02d} {n % 24:02d}:{n % 60:02d}",
        f"Category: {rng.choice(CATEGORIES)}",
        f"Tags: {', '.join(tags)}",
        f"Skills: {', '.join(skills)}",
        f"Summary: Post {n} of the benchmark corpus, about {rng.choice(WORDS)} and {rng.choice(WORDS)}.",
    ]
    if rng.random() < 0.2:
        header.append(f"Gaps: {rng.choice(SKILLS)}")
    blocks: list[str] = []
    codes = rng.randint(1, 3)
    sections = 5
    words = 0
    for section in range(sections):
        blocks.append(f"## {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {section + 1}")
        for _ in range(3):
            paragraph = _paragraph(rng)
            words += len(paragraph.split())
            blocks.append(paragraph)
            if words > 850:
                break
        if section < codes:
            blocks.append(_code(rng, n))
        if section == 2 and rng.random() < 0.6:
            blocks.append(_table(rng))
        if section == 3 and n > 0:
            earlier = rng.randrange(0, n)
            blocks.append(f"Yesterday's notes are in [post {earlier}]({{filename}}/posts/{post_name(earlier)}); "
                          f"the [MDN page](https://developer.mozilla.org/en-US/docs/Web/JavaScript) helped too.")
        blocks.append(f"- {_sentence(rng)}\n- {_sentence(rng)}\n- {_sentence(rng)}")
        if words > 850:
            break
    if edit:
        blocks.append(f"Edited {edit}: {_paragraph(random.Random(f'edit-{edit}'))}")
    return "\n".join(header) + "\n\n" + "\n\n".join(blocks) + "\n"


def write_corpus(content: Path, posts: int, seed: int = 7) -> Path:
    """Write ``posts`` posts under ``content/posts`` (and nothing else); return ``content``."""
    folder = content / "posts"
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(posts):
        (folder / post_name(n)).write_text(post_text(n, seed), encoding="utf-8")
    return content


def edit_post(content: Path, n: int, edit: int, seed: int = 7) -> Path:
    """Rewrite post ``n`` with a changed paragraph (as an author's edit would)."""
    path = content / "posts" / post_name(n)
    path.write_text(post_text(n, seed, edit=edit), encoding="utf-8")
    return path
