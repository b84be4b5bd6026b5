"""`invoke audit`: a portfolio linter for what recruiters notice, printed as a checklist.

It runs one development build into a temporary folder (so output/ is untouched) and reads what
that build computed: the published posts, projects and pages, and the skill map, instead of
parsing the content a second time. Findings are warnings (exit 0) unless ``strict``.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import zoneinfo
from dataclasses import dataclass

from .build import build_site
from .state import build_state

STALE_DAYS = 60
RESUME_SLUG = "resume"


@dataclass(frozen=True, order=True)
class Finding:
    where: str  # a file relative to the project, or what the finding is about
    todo: str

    def __str__(self) -> str:
        return f"[ ] {self.where}: {self.todo}"


class _Capture:
    """Keeps the generators of one build (the all_generators_finalized signal hands them out)."""

    def __init__(self):
        self.generators = []

    def __call__(self, generators):
        self.generators = list(generators)


def _build_and_capture(root):
    from pelican import signals

    capture = _Capture()
    # weak=False: the receiver lives only as long as this call, then is disconnected.
    signals.all_generators_finalized.connect(capture, weak=False)
    try:
        with tempfile.TemporaryDirectory(prefix="foothold-audit-") as scratch:
            result = build_site(root, overrides={"OUTPUT_PATH": os.path.join(scratch, "output")}, check_links=False)
    finally:
        signals.all_generators_finalized.disconnect(capture)
    context = capture.generators[0].context if capture.generators else {}
    return result, context


def _day(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def _rel(settings, path) -> str:
    return os.path.relpath(path, build_state(settings).root)


def check_projects(settings, projects) -> list[Finding]:
    found = []
    for project in sorted(projects, key=lambda p: p.source_path):
        where = _rel(settings, project.source_path)
        if not getattr(project, "demo", "") and not getattr(project, "repo", ""):
            found.append(Finding(where, "add a Demo: or Repo: link; recruiters look for a live demo and the code"))
        if not getattr(project, "image", ""):
            found.append(Finding(where, "add a screenshot: Image: images/NAME.png in content/images/, "
                                        "with ImageAlt: saying what it shows"))
    return found


def check_posts(settings, posts) -> list[Finding]:
    found = []
    for post in sorted(posts, key=lambda p: p.source_path):
        where = _rel(settings, post.source_path)
        metadata = post.metadata
        written = metadata.get("meta_lines", {})
        if "summary" not in written or not str(metadata.get("summary") or "").strip():
            found.append(Finding(where, "add a Summary: one or two sentences shown in lists, feeds and search results"))
        if not metadata.get("skills"):
            found.append(Finding(where, "add Skills: the skill ids this post is evidence for (invoke new lists your focus's ids)"))
    return found


def check_focus(skill_map) -> list[Finding]:
    if skill_map is None:
        return []
    where = f"focus {skill_map.focus.id}"
    found = []
    for entry in sorted(skill_map.skills.values(), key=lambda e: e.id):
        if entry.core and entry.in_focus and not entry.shown:
            found.append(Finding(where, f"no evidence for the core skill '{entry.id}' ({entry.name}): "
                                        f"a learning log or a project with Skills: {entry.id}"))
    return found


def check_fresh(settings, posts, today: dt.date) -> list[Finding]:
    folder = _rel(settings, os.path.join(settings["PATH"], (settings.get("ARTICLE_PATHS") or ["posts"])[0])) + "/"
    days = [d for d in (_day(getattr(p, "date", None)) for p in posts) if d]
    if not days:
        return [Finding(folder, 'no published post yet: write one (invoke new log "...")')]
    newest = max(days)
    age = (today - newest).days
    if age > STALE_DAYS:
        return [Finding(folder, f"the newest post is from {newest.isoformat()}, {age} days ago: "
                                f'the site looks stale after {STALE_DAYS} days; write a learning log (invoke new log "...")')]
    return []


def _updated(item) -> dt.date | None:
    return _day(getattr(item, "modified", None)) or _day(getattr(item, "date", None))


def check_resume(settings, pages, projects, generated=None) -> list[Finding]:
    if generated:
        return []  # made from resume.yml with the live projects and skill map: never behind them
    resume = next((p for p in pages if getattr(p, "slug", "") == RESUME_SLUG), None)
    if resume is None:
        return [Finding(_rel(settings, settings["PATH"]) + "/",
                        "add a résumé: resume.yml (plugins/resume/README.md), made into /resume/ and its PDF "
                        "with your projects and the skill map's levels")]
    where = _rel(settings, resume.source_path)
    dated = [(d, p) for p in projects if (d := _updated(p))]
    if not dated:
        return []
    newest_day, newest = max(dated, key=lambda pair: pair[0])
    updated = _updated(resume)
    if updated is None:
        return [Finding(where, f"add Modified: {newest_day.isoformat()} (or later) when the résumé is up to date; "
                               "without a date nobody can tell whether it lists your newest project")]
    if updated < newest_day:
        return [Finding(where, f"the résumé (Modified: {updated.isoformat()}) is older than the project "
                               f"'{newest.title}' ({newest_day.isoformat()}): add it, then update Modified:")]
    return []


def _today(settings) -> dt.date:
    return dt.datetime.now(zoneinfo.ZoneInfo(settings["TIMEZONE"])).date()


def collect_findings(settings, context, today: dt.date | None = None) -> list[Finding]:
    """Every finding for one build's settings and context (after the skill map is computed)."""
    posts = list(context.get("articles") or ())
    projects = list(context.get("projects") or ())
    pages = list(context.get("pages") or ()) + list(context.get("hidden_pages") or ())
    return (
        check_projects(settings, projects)
        + check_posts(settings, posts)
        + check_focus(context.get("skill_map"))
        + check_fresh(settings, posts, today or _today(settings))
        + check_resume(settings, pages, projects, context.get("resume"))
    )


def audit(root, strict: bool = False, today: dt.date | None = None) -> tuple[int, str]:
    """(exit code, checklist text). Exit 1 if the build fails, or with ``strict`` if anything is found."""
    result, context = _build_and_capture(root)
    if not result.ok:
        text = (result.stderr_text.replace("Build failed:", "The build fails:", 1)
                + "\nFix the build first (invoke build shows the same), then run invoke audit again.")
        return 1, text
    settings = result.settings
    posts = list(context.get("articles") or ())
    projects = list(context.get("projects") or ())
    # The build's warnings first: the template's placeholders, which `invoke preview` refuses.
    findings = [Finding(w.location(), f"{w.message} ({w.hint})" if w.hint else w.message) for w in result.warnings]
    findings += collect_findings(settings, context, today)
    if not findings:
        return 0, (f"Portfolio audit: nothing to do ({len(posts)} posts, {len(projects)} projects checked; "
                   "drafts are not audited).")
    noun = "thing" if len(findings) == 1 else "things"
    lines = [f"Portfolio audit: {len(findings)} {noun} recruiters may notice (published content only)"]
    lines += [str(f) for f in findings]
    if strict:
        lines.append("Audit failed (--strict): tick the boxes above, then run invoke audit again.")
    return (1 if strict else 0), "\n".join(lines)


def command_audit(root, strict: bool = False, out=None) -> int:
    """The CLI: print the checklist, return the exit code."""
    import sys

    code, text = audit(root, strict=strict)
    print(text, file=out or sys.stdout)
    return code
