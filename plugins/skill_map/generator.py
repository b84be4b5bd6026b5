"""Pelican glue: load the taxonomy, compute the map once every generator has read its content,
then write /skills/, /skills/<id>/ and /skills.json.

Everything lives on the generator instance or in this build's context: Pelican makes new
generators for every build, so repeated builds in one process (live reload) start clean.
"""

from __future__ import annotations

import json
import os

from pelican.generators import Generator

from foothold.state import build_state

from . import svg
from .evidence import collect, is_unwritten
from .settings import apply_url_defaults, conf_path, read_config
from .skillmap import chips_for, compute_map, to_json
from .taxonomy import load_taxonomy

CONTEXT_KEY = "skill_map"


def _reporter(settings):
    from foothold.problems import problems_of

    log = problems_of(settings)
    return lambda path, line, message, hint=None: log.add(path, line, message, hint)


class _Text:
    """A pre-rendered "template", so skills.json goes through Pelican's writer like every other
    file (its duplicate-output check and the content_written signal apply)."""

    def __init__(self, text: str):
        self.text = text

    def render(self, *_args, **_kwargs) -> str:
        return self.text


class SkillMapGenerator(Generator):
    def generate_context(self):
        apply_url_defaults(self.settings)
        report = _reporter(self.settings)
        self.config = read_config(self.settings, report)
        self.taxonomy, problems = load_taxonomy(self.config.taxonomy_path)
        for problem in problems:
            report(problem.path, problem.line, problem.message, problem.hint)
        self.focus_id = self.config.focus
        spec = self.taxonomy.specializations.get(self.focus_id)
        if spec is None or spec.shared:
            from foothold.problems import line_of

            choices = sorted(s.id for s in self.taxonomy.specializations.values() if not s.shared)
            path = conf_path(self.settings)
            reason = "is shared by every specialization, not a focus" if spec else "is not a specialization"
            report(path, line_of(path, self.focus_id, None), f"SKILL_MAP focus '{self.focus_id}' {reason}",
                   "choose one of " + ", ".join(f"'{c}'" for c in choices)
                   + " or define your own under specializations: in content/skills.yml")
            # Carry on with a valid focus so the rest of the build is still checked.
            self.focus_id = choices[0] if choices else None
        self.skill_map = None

    def build_map(self):
        """Runs on all_generators_finalized: every post and project has been read by then."""
        if self.focus_id is None:
            return
        context = self.context
        posts = list(context.get("articles") or ())
        projects = list(context.get("projects") or ())
        hidden = [*(context.get("drafts") or ()), *(context.get("hidden_articles") or ()),
                  *(context.get("hidden_projects") or ()), *(context.get("draft_projects") or ())]
        evidence, resolved, problems = collect(posts, projects, self.taxonomy, hidden)
        report = _reporter(self.settings)
        for problem in problems:
            report(problem.path, problem.line, problem.message, problem.hint)
        c = self.config
        self.skill_map = compute_map(
            self.taxonomy, evidence, self.focus_id, window_months=c.window_months, today=c.today,
            top_skills=c.top_skills, knows_about_level=c.knows_about_level, map_url=c.map_url,
            skill_url=c.skill_url, skill_save_as=c.skill_save_as, json_url=c.json_url,
        )
        context[CONTEXT_KEY] = self.skill_map
        # For the build summary that `invoke build` prints.
        build_state(self.settings).stats.update(
            skills_evidenced=sum(1 for entry in self.skill_map.skills.values() if entry.shown),
            core_coverage=(self.skill_map.coverage.inside, self.skill_map.coverage.total),
            open_gaps=sum(1 for gap in self.skill_map.gaps if gap.state != "closed"),
            unwritten=sorted(os.path.relpath(item.source_path, build_state(self.settings).root or os.curdir)
                             for item in (*posts, *projects) if is_unwritten(item)),
        )
        for item in (*posts, *projects, *hidden):
            item.skill_chips = chips_for(resolved.get(id(item), {}), self.skill_map)

    def generate_output(self, writer):
        skill_map = self.skill_map
        if skill_map is None:
            return
        relative = self.settings.get("RELATIVE_URLS", False)
        self.context[CONTEXT_KEY] = skill_map
        if self.config.map_save_as:
            writer.write_file(
                self.config.map_save_as, self.get_template("skills"), self.context, relative_urls=relative,
                url=skill_map.url, skill_map=skill_map, page_name="skills",
                trend_svg=svg.trend_chart(skill_map.trend, "skill-trend-chart", skill_map.focus_name),
            )
        if self.config.skill_save_as:
            template = self.get_template("skill")
            for entry in skill_map.pages:
                writer.write_file(
                    entry.save_as, template, self.context, relative_urls=relative, url=entry.url,
                    skill=entry, skill_map=skill_map, page_name=f"skills/{entry.id}",
                    timeline_svg=svg.timeline_chart(entry.timeline, "skill-timeline-chart", entry.name),
                )
        if self.config.json_save_as:
            # Compact: with indent, json falls back to its pure-Python encoder (5x slower on big sites).
            text = json.dumps(to_json(skill_map), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
            writer.write_file(self.config.json_save_as, _Text(text), self.context, relative_urls=False)


def get_generators(pelican_object):
    return SkillMapGenerator


def all_generators_finalized(generators):
    from pelican.generators import ArticlesGenerator

    articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    for generator in generators:
        if isinstance(generator, SkillMapGenerator):
            if articles is not None:
                # Every generator's Jinja environment is built from the same settings and theme;
                # sharing the articles one reuses its compiled base.html and partials instead of
                # compiling them again (a fixed ~0.15 s per build).
                generator.env = articles.env
                generator._templates = {}
            generator.build_map()


def initialized(pelican_object):
    apply_url_defaults(pelican_object.settings)
