"""Pelican glue: read resume.yml in ``generate_context`` (so every page's navigation knows the
résumé), resolve its skills and projects against the skill map and the projects in
``generate_output`` (the map is computed on ``all_generators_finalized``, after every generator
has read its content), and write /resume/.

Everything lives on the generator or in this build's context; Pelican makes both afresh per build.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from itertools import chain

from pelican.generators import Generator
from pelican.utils import slugify

from .data import ResumeData, load_resume
from .settings import read_config

CONTEXT_KEY = "resume"
LEVEL_ORDER = ("deep", "shipped", "applied", "learning")
_SEPARATORS = re.compile(r"[\s_\-]+")


def reporter(settings):
    from foothold.problems import problems_of

    log = problems_of(settings)
    return lambda path, line, message, hint=None: log.add(path, line, message, hint)


def author_slug(settings) -> str:
    return slugify(str(settings.get("AUTHOR") or settings.get("SITENAME") or "resume"),
                   regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", [])) or "resume"


@dataclass
class ResumeView:
    """What resume.html shows; every skill is the skill map's own entry (its level is the map's)."""

    data: ResumeData
    headline: str
    location: str
    summary: str
    links: list[tuple[str, str]]
    skill_groups: list[tuple[str, list]] = field(default_factory=list)
    projects: list = field(default_factory=list)
    levels_from_map: bool = False


def _norm(text: str) -> str:
    return _SEPARATORS.sub("-", str(text).casefold()).strip("-")


class ResumeGenerator(Generator):
    def generate_context(self):
        report = reporter(self.settings)
        self.config = self.settings.get("RESUME")
        if not isinstance(self.config, dict) or "path" not in self.config:  # a bare Pelican run
            self.config = read_config(self.settings, report)
        self.data = None
        path = self.config["path"]
        from foothold.safepaths import refusal

        # Never opened when it is a link out of the content folder or a named pipe (FAULTS 32).
        refused = refusal(self.settings["PATH"], path) if os.path.lexists(path) else None
        if refused is not None:
            report(refused.path, None, refused.message, refused.hint)
            return
        if not os.path.isfile(path):
            return  # no résumé data: no generated résumé (a hand-written pages/resume.md still works)
        self.data, problems = load_resume(path)
        for problem in problems:
            report(problem.path, problem.line, problem.message, problem.hint)
        save_as = self.config["save_as"]
        for page in chain(*(self.context.get(k) or () for k in ("pages", "hidden_pages", "draft_pages"))):
            if getattr(page, "save_as", None) == save_as:
                report(page.source_path, 1, f"this page and {self.config['file']} both make /{self.config['url']}",
                       f"the résumé is made from {self.config['file']}: delete this page, or give it another Slug")
        pdf_url = None
        if self.config["pdf_wanted"]:
            pdf_url = self.config["pdf_save_as"].format(author=author_slug(self.settings))
        self.context[CONTEXT_KEY] = {"title": self.config["title"], "url": self.config["url"], "pdf_url": pdf_url}

    def view(self, report) -> ResumeView:
        data, settings = self.data, self.settings
        links = data.links
        if links is None:  # the contact details pelican.conf already holds
            links = []
            if settings.get("CONTACT_EMAIL"):
                links.append((settings["CONTACT_EMAIL"], "mailto:" + settings["CONTACT_EMAIL"]))
            links.extend((label, url) for label, url in settings.get("SOCIAL") or ())
        view = ResumeView(
            data=data, headline=data.headline or settings.get("AUTHOR_ROLE") or "",
            location=data.location or "", links=list(links),
            summary=data.summary or " ".join(str(settings.get("PITCH") or "").split()),
        )
        skill_map = self.context.get("skill_map")
        if skill_map is not None:
            view.levels_from_map = True
            view.skill_groups = self._skill_groups(skill_map, report)
        elif data.skills:
            report(data.path, data.skills[0][1][0].line, "skills: needs the skill map (the skill_map plugin)",
                   "add 'skill_map' to PLUGINS in pelican.conf, or remove skills: from the résumé")
        view.projects = self._projects(report)
        return view

    def _skill_groups(self, skill_map, report) -> list:
        entries = skill_map.skills
        if self.data.skills is None:
            # From the map: every technical skill with evidence, by level (soft skills are on the map).
            shown = sorted((e for e in entries.values() if not e.shared and e.level in LEVEL_ORDER),
                           key=lambda e: (LEVEL_ORDER.index(e.level), e.name.casefold()))
            return [(level.capitalize(), [e for e in shown if e.level == level])
                    for level in LEVEL_ORDER if any(e.level == level for e in shown)]
        index = {}
        for entry in entries.values():
            index.setdefault(_norm(entry.id), entry)
            index.setdefault(_norm(entry.name), entry)
        groups = []
        for group, refs in self.data.skills:
            found = []
            for ref in refs:
                entry = index.get(_norm(ref.name))
                if entry is None:
                    close = difflib.get_close_matches(_norm(ref.name), sorted(entries), n=3)
                    report(self.data.path, ref.line, f"unknown skill '{ref.name}' in skills",
                           (f"did you mean {', '.join(repr(c) for c in close)}? " if close else "")
                           + "use skill ids from the skill map (/skills.json)")
                elif entry.level == "none" or not entry.url:
                    report(self.data.path, ref.line, f"skill '{ref.name}' has no evidence on the skill map",
                           "the résumé shows the map's levels: name it in a post's or project's Skills, "
                           "or leave it off the résumé")
                elif entry not in found:
                    found.append(entry)
            if found:
                groups.append((group, found))
        return groups

    def _projects(self, report) -> list:
        published = list(self.context.get("projects") or ())
        if self.data.projects is None:
            return published
        by_slug = {p.slug: p for p in published}
        chosen = []
        for ref in self.data.projects:
            project = by_slug.get(ref.name) or next((p for p in published if _norm(p.title) == _norm(ref.name)), None)
            if project is None:
                close = difflib.get_close_matches(ref.name, sorted(by_slug), n=3)
                report(self.data.path, ref.line, f"unknown project '{ref.name}' in projects",
                       (f"did you mean {', '.join(repr(c) for c in close)}? " if close else "")
                       + "use a published project's slug (its URL: projects/<slug>/)")
            elif project not in chosen:
                chosen.append(project)
        return chosen

    def generate_output(self, writer):
        if self.data is None:
            return
        view = self.view(reporter(self.settings))
        writer.write_file(
            self.config["save_as"], self.get_template("resume"), self.context,
            relative_urls=self.settings.get("RELATIVE_URLS", False), url=self.config["url"],
            page_name="resume", cv=view,
        )


def get_generators(pelican_object):
    return ResumeGenerator


def initialized(pelican) -> None:
    settings = pelican.settings
    settings["RESUME"] = read_config(settings, reporter(settings))
