"""`invoke new KIND "TITLE"`: start a post, learning log or project with metadata that builds as is.

The file is a draft (``Draft: yes``, the one draft convention of every content type), dated now in
the site's time zone, named after the title's slug (Pelican's ``slugify`` with the site's
SLUG_REGEX_SUBSTITUTIONS, so the file name and the URL agree), in one of the site's own categories,
and lists the skill ids of the chosen focus in a comment under ``Skills:``. Every prompt for the
author is marked ``[Write here: ...]`` (placeholders.prompt): a production build refuses a file that
still holds one, and the skill map does not count it as evidence.
"""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from pathlib import Path

from .config import load_settings
from .placeholders import prompt
from .state import build_state

KINDS = ("post", "log", "project")
LOG_CATEGORY = "Learning Log"
# A post's category when the site has none yet: one the skill map reads as a kind (skill_map/evidence.py).
FIRST_POST_CATEGORY = "Reflections"


class ScaffoldError(Exception):
    """The file cannot be created; str() is the one-line message for the author."""


def slug_for(title: str, settings) -> str:
    from pelican.utils import slugify

    return slugify(title, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []))


def focus_skills(settings) -> tuple[str, list[str], list[str]]:
    """(focus id, core skill ids, optional skill ids) from the skill map's own taxonomy loader.

    Problems in skills.yml are not this command's business (the build reports them), so they
    are ignored here; an unknown focus gives empty lists.
    """
    from skill_map.settings import read_config
    from skill_map.taxonomy import load_taxonomy

    config = read_config(settings, lambda *args, **kwargs: None)
    taxonomy, _problems = load_taxonomy(config.taxonomy_path)
    spec = taxonomy.specializations.get(config.focus)
    if spec is None:
        return config.focus, [], []
    core = list(spec.core_ids)
    return config.focus, core, [s for s in spec.skill_ids if s not in core]


def _now(settings, now: dt.datetime | None) -> str:
    zone = zoneinfo.ZoneInfo(settings["TIMEZONE"])
    moment = (now or dt.datetime.now(dt.timezone.utc)).astimezone(zone)
    # Minutes only: the form the content model documents (2026-03-02 10:00), read in TIMEZONE.
    return moment.strftime("%Y-%m-%d %H:%M")


def _skills_comment(focus: str, core: list[str], optional: list[str]) -> str:
    lines = [f"<!-- Skills: list the skill ids this {{kind}} is evidence for, comma-separated.",
             f"     Core skills of your focus ({focus}): {', '.join(core) or 'none found'}"]
    if optional:
        lines.append(f"     Other skills of {focus}: {', '.join(optional)}")
    lines.append("     Soft skills and other specializations work too; see /skills/ on your site. -->")
    return "\n".join(lines)


def _header_value(title: str) -> str:
    # Header values are single lines; a title pasted with line breaks would end the header early.
    return " ".join(title.split())


def render(kind: str, title: str, date: str, category: str, skills_comment: str,
           categories: tuple[str, ...] = ()) -> str:
    """The text of a new file of ``kind``; ``categories``: the site's, listed for the author to pick from."""
    title = _header_value(title)
    comment = skills_comment.replace("{kind}", "project" if kind == "project" else "post")
    if kind == "project":
        return (
            f"Title: {title}\nDate: {date}\nStatus: in-progress\nDraft: yes\n"
            f"Summary: {prompt('one sentence: what it does and for whom.')}\nSkills:\nRepo:\nDemo:\nImage:\nImageAlt:\n"
            "Role: Solo project\nFeatured: no\n\n"
            f"{comment}\n\n"
            "<!-- Repo and Demo: full https:// links. Image: a screenshot in content/images/, written as\n"
            "     images/NAME.png, with ImageAlt saying what it shows. Status: shipped, in-progress or\n"
            "     archived. Replace every \"Write here\" prompt, then remove 'Draft: yes' to publish. -->\n\n"
            f"## The problem\n\n{prompt('what was missing, and for whom?')}\n\n"
            f"## What I built\n\n{prompt('the stack, the parts you wrote, the decisions you made.')}\n\n"
            f"## What I learned\n\n{prompt('what you would do differently next time.')}\n"
        )
    if kind == "log":
        body = (f"## What I learned\n\n{prompt('what you learned, with an example.')}\n\n"
                f"## What was hard\n\n{prompt('where you got stuck, and how you got out.')}\n\n"
                f"## What's next\n\n{prompt('what you will try next.')}\n")
    else:
        body = f"{prompt('your post.')}\n"
    others = [c for c in categories if c != category]
    choice = f" Category: this site also has {', '.join(others)}." if others else ""
    return (
        f"Title: {title}\nDate: {date}\nCategory: {category}\nTags:\nSummary:\nSkills:\nDraft: yes\n\n"
        f"{comment}\n\n"
        f"<!-- Summary: one or two sentences shown in lists and feeds.{choice}\n"
        "     Replace every \"Write here\" prompt, then remove 'Draft: yes' to publish. -->\n\n"
        f"{body}"
    )


def site_categories(settings) -> list[str]:
    """The categories the site's posts use, most used first (the headers only, read as the build does)."""
    from collections import Counter

    from content_model.header import HeaderError, split_header

    counts: Counter = Counter()
    spelled: dict[str, str] = {}
    for folder in settings.get("ARTICLE_PATHS") or ["posts"]:
        for path in sorted((Path(settings["PATH"]) / folder.strip("/")).rglob("*.md")):
            try:
                header = split_header(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, HeaderError):
                continue  # the build reports it; a scaffold only needs the readable ones
            name = " ".join(str(header.values.get("category") or "").split())
            if name:
                counts[name.casefold()] += 1
                spelled.setdefault(name.casefold(), name)
    return [spelled[key] for key, _count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def pick_category(kind: str, categories: list[str]) -> str:
    """A learning log goes to the site's Learning Log; a post to the site's most used other category,
    so neither starts a category (and feed) of its own."""
    logs = [c for c in categories if c.casefold() == LOG_CATEGORY.casefold()]
    if kind == "log":
        return logs[0] if logs else LOG_CATEGORY
    others = [c for c in categories if c not in logs]
    return (others or categories or [FIRST_POST_CATEGORY])[0]


def target_for(kind: str, slug: str, settings) -> Path:
    content = Path(settings["PATH"])
    if kind == "project":
        folder = (settings.get("PROJECT_PATHS") or ["projects"])[0]
    else:
        folder = (settings.get("ARTICLE_PATHS") or ["posts"])[0]
    return content / folder.strip("/") / f"{slug}.md"


def _same_name_elsewhere(target: Path) -> Path | None:
    """A file with the same name anywhere in the folder tree (posts in sub-folders share one URL space)."""
    for dirpath, _dirnames, filenames in os.walk(target.parent):
        if target.name in filenames and Path(dirpath) != target.parent:
            return Path(dirpath) / target.name
    return None


def new(root, kind: str, title: str, now: dt.datetime | None = None) -> Path:
    """Create the file and return its path; ScaffoldError if it exists or the title is unusable."""
    if kind not in KINDS:
        raise ScaffoldError(f"unknown kind '{kind}': use one of {', '.join(KINDS)}")
    if not title or not title.strip():
        raise ScaffoldError("the title is empty: write it in quotes, e.g. invoke new post \"My first post\"")
    settings = load_settings(root)
    slug = slug_for(title, settings)
    if not slug:
        raise ScaffoldError(f"the title '{title}' has no letters or digits to make a URL from: add some words")
    target = target_for(kind, slug, settings)
    rel = os.path.relpath(target, build_state(settings).root)
    if target.exists():
        raise ScaffoldError(f"{rel} already exists; not overwriting it (choose another title or edit that file)")
    other = _same_name_elsewhere(target)
    if other is not None:
        raise ScaffoldError(f"{os.path.relpath(other, build_state(settings).root)} already uses the slug '{slug}'; "
                            "choose another title")
    focus, core, optional = focus_skills(settings)
    categories = site_categories(settings)
    category = pick_category(kind, categories)
    text = render(kind, title, _now(settings, now), category, _skills_comment(focus, core, optional),
                  tuple(categories))
    target.parent.mkdir(parents=True, exist_ok=True)
    # "x" mode: never overwrite, even if another process created the file since the check above.
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{rel} already exists; not overwriting it") from None
    return target


def command_new(root, kind: str, title: str, out=None, err=None) -> int:
    """The CLI: print the new file's path (exit 0) or a one-line reason (exit 1)."""
    import sys

    from .config import ConfigError

    out = out or sys.stdout
    err = err or sys.stderr
    try:
        path = new(root, kind, title)
    except ScaffoldError as exc:
        print(f"invoke new: {exc}", file=err)
        return 1
    except ConfigError as exc:
        print(str(exc), file=err)
        return 1
    print(os.path.relpath(path, Path(root).resolve()), file=out)
    return 0
