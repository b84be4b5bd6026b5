"""Projects: a content type of their own (SPEC 3), with a list page and a page each."""

from __future__ import annotations

import logging
from itertools import chain

from pelican.contents import Content
from pelican.generators import Generator

from foothold.problems import ReportedError

logger = logging.getLogger(__name__)


class Project(Content):
    mandatory_properties = ("title", "date")
    allowed_statuses = ("published", "draft")
    default_status = "published"
    default_template = "project"

    def _expand_settings(self, key: str) -> str:
        klass = "draft_project" if self.status == "draft" else "project"
        return super()._expand_settings(key, klass)


def _order_key(project):
    # Explicit Order first (smaller first), then newest first, then title for a stable result.
    order = getattr(project, "order", None)
    return (order is None, order if order is not None else 0, -project.date.timestamp(), project.title)


class ProjectsGenerator(Generator):
    """Reads ``PROJECT_PATHS`` into Project objects; writes ``/projects/`` and each project."""

    def __init__(self, *args, **kwargs):
        self.projects = []
        self.draft_projects = []
        super().__init__(*args, **kwargs)

    def generate_context(self):
        projects, drafts = [], []
        for path in self.get_files(self.settings.get("PROJECT_PATHS", ["projects"])):
            try:
                project = self.readers.read_file(
                    base_path=self.path, path=path, content_class=Project, context=self.context
                )
            except ReportedError:
                self._add_failed_source_path(path)
                continue
            except Exception:
                logger.exception("Could not process %s", path)
                self._add_failed_source_path(path)
                continue
            if not project.is_valid():
                self._add_failed_source_path(path)
                continue
            (drafts if project.status == "draft" else projects).append(project)
            self.add_source_path(project)
            self.add_static_links(project)
        self.projects = sorted(projects, key=_order_key)
        self.draft_projects = sorted(drafts, key=_order_key)
        self.context["projects"] = self.projects
        self.context["draft_projects"] = self.draft_projects
        self.context["featured_projects"] = [p for p in self.projects if getattr(p, "featured", False)] or self.projects[:3]

    def refresh_metadata_intersite_links(self):
        for project in chain(self.projects, self.draft_projects):
            project.refresh_metadata_intersite_links()

    def generate_output(self, writer):
        relative = self.settings["RELATIVE_URLS"]
        for project in chain(self.projects, self.draft_projects):
            if not project.save_as:
                continue  # drafts in a production build
            writer.write_file(
                project.save_as,
                self.get_template(project.template),
                self.context,
                project=project,
                relative_urls=relative,
                url=project.url,
            )
        save_as = self.settings.get("PROJECTS_SAVE_AS")
        if save_as:
            writer.write_file(
                save_as,
                self.get_template("projects"),
                self.context,
                projects=self.projects,
                relative_urls=relative,
                url=self.settings.get("PROJECTS_URL", ""),
                page_name="projects",
            )
