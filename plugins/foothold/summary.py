"""The one-screen summary printed after a successful build."""

from __future__ import annotations

import os

from .state import build_state


def format_summary(result) -> str:
    stats = result.stats
    kind = "production" if result.production else "development"
    lines = [
        f"Built {kind} site into {result.output} in {result.seconds:.2f} s:",
        f"  {stats.get('posts', 0)} posts, {stats.get('projects', 0)} projects, {stats.get('pages', 0)} pages,"
        f" {stats.get('hidden', 0)} hidden, {stats.get('statics', 0)} static files",
    ]
    drafts = stats.get("drafts", 0)
    if drafts:
        previewed = bool((result.settings or {}).get("DRAFT_SAVE_AS"))
        where = "shown under /drafts/" if previewed else "left out (preview them with invoke livereload)"
        lines.append(f"  {drafts} drafts {where}")
    for date, path in stats.get("scheduled", []):
        lines.append(f"  scheduled (not published until {date[:16]}): {path}")
    for path in stats.get("withheld_statics", []):
        lines.append(f"  not copied (used only by drafts): {path}")
    skills = stats.get("skills_evidenced")
    if skills is not None:
        reached, core = stats.get("core_coverage", (0, 0))
        lines.append(f"  {skills} skills evidenced; {reached} of {core} core skills applied or better;"
                     f" {stats.get('open_gaps', 0)} gaps not closed yet")
    quick = stats.get("quick")
    cards = stats.get("share_cards")
    if cards is not None and quick is None:  # a quick rebuild draws none (its stats are the last build's)
        lines.append(f"  share cards: {cards['drawn']} drawn ({cards['draw_seconds']:.2f} s), {cards['cached']} from the cache")
    pdf = stats.get("resume_pdf")
    if pdf is not None and quick is None:
        lines.append(f"  résumé PDF: {pdf['path']} ({pdf['bytes'] // 1024} KB, {pdf['seconds']:.1f} s)")
    if quick is not None:
        sources, pages = quick["sources"], quick["pages"]
        if not sources:
            lines.append("  nothing changed since the last build: its output was kept as it was")
        else:
            lines.append(f"  quick rebuild (only post bodies changed): {sources} source{'s' * (sources != 1)} read,"
                         f" {pages} page{'s' * (pages != 1)} rendered again, the rest kept")
    for path in stats.get("unwritten", []):
        lines.append(f"  not counted as skill evidence (scaffold text not replaced yet): {path}")
    root = build_state(result.settings).root
    for text, paths in sorted(stats.get("notes", {}).items()):
        shown = sorted({_shown(p, root) for p in paths})
        files = ", ".join(shown[:3]) + (f" and {len(shown) - 3} more" if len(shown) > 3 else "")
        lines.append(f"  note: {text} ({files})")
    if result.slowest and result.slowest[0][0] > 0.5:
        slow = ", ".join(f"{path} {t:.1f} s" for t, path in result.slowest[:3] if t > 0.5)
        lines.append(f"  slowest files: {slow}")
    lines += format_warnings(result.warnings, result.production)
    return "\n".join(lines)


def format_warnings(warnings, production: bool = False) -> list[str]:
    """The build's warnings (foothold.problems.ProblemLog.warn) as ``path:line: message`` lines."""
    if not warnings:
        return []
    noun = "warning" if len(warnings) == 1 else "warnings"
    why = ("placeholders are published because ALLOW_PLACEHOLDERS = True" if production
           else "`invoke preview` and `invoke deploy` refuse the template's placeholders")
    return [f"{len(warnings)} {noun} ({why}):", *(str(w) for w in warnings)]


def _shown(path: str, root: str) -> str:
    if root and os.path.isabs(path):
        rel = os.path.relpath(path, root)
        if not rel.startswith(".."):
            return rel
    return path
