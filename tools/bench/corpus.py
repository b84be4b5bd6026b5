"""Deterministic corpora of posts for benchmarks: the same seed and size always give the same files.

``write_corpus``, the generated corpus: each post has about 1,000 words, 1-3 fenced code blocks,
often a table, tags, a category, links to earlier posts and Skills taken from the front-end
taxonomy, so every part of the build is exercised.

``write_realistic_corpus``, posts as a learning blog has them (text in prose.py, written for the
benchmark): lengths from a short note to a long write-up, posts in folders by year linking to
earlier ones and to their own headings, images (PNG files drawn here with Pillow), tables,
footnotes, quotes, nested lists and code in a dozen languages, plus an about page.
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


# --- the realistic corpus ---------------------------------------------------------------------

IMAGES = 12


def realistic_name(n: int) -> str:
    """Path of realistic post ``n`` under content/posts/ (by year, as authors keep them)."""
    return f"{_year(n)}/{_slug(n)}.md"


def _year(n: int) -> int:
    return 2023 + (n // 60) % 4


def _slug(n: int) -> str:
    from . import prose

    rng = random.Random(f"realistic-slug-{n}")
    topic = sorted(prose.TOPICS)[n % len(prose.TOPICS)]
    return f"{topic}-{rng.choice(prose.THINGS).replace(' ', '-')}-{n:04d}"


def _image(n: int) -> str:
    return f"chart-{n % IMAGES:02d}.png"


def realistic_text(n: int, seed: int = 11, edit: int = 0) -> str:
    """The Markdown source of realistic post ``n``; ``edit`` > 0 adds a paragraph to the body."""
    from . import prose

    rng = random.Random(f"realistic-{seed}-{n}")
    topic = sorted(prose.TOPICS)[n % len(prose.TOPICS)]
    patterns, skills, tags = prose.TOPICS[topic]
    thing = random.Random(f"realistic-slug-{n}").choice(prose.THINGS)
    title = rng.choice(patterns).format(thing=thing)
    title = title[0].upper() + title[1:] + f" (part {n // len(prose.TOPICS) + 1})"
    day = (n * 5) % 360
    header = [
        f"Title: {title}",
        f"Date: {_year(n)}-{1 + day // 30:02d}-{1 + day % 28:02d} {9 + n % 12:02d}:{n * 7 % 60:02d}",
        f"Category: {'Reflections' if topic == 'career' else 'Learning Log'}",
        f"Tags: {', '.join(sorted(set(rng.sample(tags, rng.randint(1, len(tags))))))}",
        f"Skills: {', '.join(sorted(set(rng.sample(skills, rng.randint(1, len(skills))))))}",
        f"Summary: {rng.choice(prose.OPENINGS).format(thing=thing).split('. ')[0]}.",
        f"Slug: {_slug(n)}",
    ]
    # Most posts are short or medium; a few are long write-ups (as on real blogs).
    sections = rng.choice([1, 2, 3, 3, 4, 4, 5, 5, 6, 8, 11])
    footnotes: list[str] = []
    blocks = [rng.choice(prose.OPENINGS).format(thing=thing)]
    headings = rng.sample(prose.HEADINGS, min(sections, len(prose.HEADINGS)))
    for number, heading in enumerate(headings):
        blocks.append(f"## {heading}")
        for _ in range(rng.randint(2, 4)):
            paragraph = rng.choice(prose.PARAGRAPHS)
            if rng.random() < 0.1 and len(footnotes) < 3:
                footnotes.append(rng.choice(prose.FOOTNOTES))
                paragraph = paragraph.replace(". ", f".[^{len(footnotes)}] ", 1)
            blocks.append(paragraph)
        roll = rng.random()
        if roll < 0.45:
            lang = rng.choice(sorted(prose.CODE))
            blocks.append(f"```{lang}\n{rng.choice(prose.CODE[lang])}\n```")
        elif roll < 0.6:
            blocks.append("\n".join(rng.choice(prose.TABLES)))
        elif roll < 0.72:
            caption = rng.choice(prose.IMAGE_CAPTIONS).format(thing=thing)
            blocks.append(f"![{caption}]({{static}}/images/{_image(n + number)}){{: width=\"960\" height=\"540\"}}")
        elif roll < 0.8:
            blocks.append(f"> {rng.choice(prose.QUOTES)}")
        elif roll < 0.9:
            items = rng.choice(prose.LISTS)
            blocks.append("\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))
                          + f"\n    - {rng.choice(prose.LISTS)[0]}")
        if number == 1 and n > 0:
            earlier = rng.sample(range(n), min(n, rng.randint(1, 3)))
            links = ", ".join(f"[this post about {random.Random(f'realistic-slug-{e}').choice(prose.THINGS)}]"
                              f"({{filename}}/posts/{realistic_name(e)})" for e in earlier)
            name, url = rng.choice(prose.EXTERNAL)
            blocks.append(f"I wrote about the background in {links}; {name} ([link]({url})) helped as well.")
    if len(headings) > 2:
        blocks.append(f"(The short version is under [{headings[-1].lower()}](#{_anchor(headings[-1])}).)")
    if edit:
        blocks.append(f"Update {edit}: {prose.PARAGRAPHS[edit % len(prose.PARAGRAPHS)]}")
    blocks.append(rng.choice(prose.CLOSINGS).format(thing=thing))
    if footnotes:
        blocks.append("\n".join(f"[^{i}]: {text}" for i, text in enumerate(footnotes, 1)))
    return "\n".join(header) + "\n\n" + "\n\n".join(blocks) + "\n"


def _anchor(heading: str) -> str:
    """The heading's id as Markdown's toc extension makes it (ASCII words, lower case, hyphens)."""
    return "-".join(heading.lower().split())


def _draw_image(path: Path, n: int) -> None:
    """A bar chart of made-up timings: a PNG of the size a screenshot in a post would have."""
    from PIL import Image, ImageDraw

    rng = random.Random(f"image-{n}")
    image = Image.new("RGB", (960, 540), (250, 250, 247))
    draw = ImageDraw.Draw(image)
    for bar in range(8):
        height = rng.randint(60, 460)
        x = 60 + bar * 110
        draw.rectangle([x, 500 - height, x + 70, 500], fill=(40 + bar * 20, 90, 160 - bar * 10))
    draw.line([40, 500, 920, 500], fill=(30, 30, 30), width=3)
    image.save(path, optimize=False)


ABOUT = """Title: About
Summary: Who writes this blog, and why.

I am a junior front-end developer writing down what I learn, one small project at a time. The
posts here are my learning log: what I tried, what broke and what I understood afterwards.
"""


def write_realistic_corpus(content: Path, posts: int, seed: int = 11) -> Path:
    """Write ``posts`` realistic posts under ``content/posts/<year>/``, their images under
    ``content/images/`` and an about page; return ``content``."""
    for n in range(posts):
        path = content / "posts" / realistic_name(n)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(realistic_text(n, seed), encoding="utf-8")
    images = content / "images"
    images.mkdir(parents=True, exist_ok=True)
    for n in range(IMAGES):
        _draw_image(images / _image(n), n)
    (content / "pages").mkdir(parents=True, exist_ok=True)
    (content / "pages" / "about.md").write_text(ABOUT, encoding="utf-8")
    return content


def edit_realistic_post(content: Path, n: int, edit: int, seed: int = 11) -> Path:
    """Rewrite realistic post ``n`` with a paragraph added (as an author's edit would)."""
    path = content / "posts" / realistic_name(n)
    path.write_text(realistic_text(n, seed, edit=edit), encoding="utf-8")
    return path
