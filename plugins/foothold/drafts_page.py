"""/drafts/: the list of drafts that `invoke livereload` previews, written only when drafts are.

Live reload's builds write drafts under drafts/ (config.DRAFT_PREVIEW); this generator adds the
page that lists them, with links, so the /drafts/ address live reload advertises is a page and not
a 404. Builds that write no drafts (`invoke build`, `invoke preview`, deploy) write no list either.
"""

from __future__ import annotations

from pelican.generators import Generator

SAVE_AS = "drafts/index.html"
URL = "drafts/"


class DraftsPageGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        if not self.settings.get("DRAFT_SAVE_AS"):
            return
        context = self.context
        groups = [
            ("Posts", sorted(context.get("drafts") or (), key=lambda d: d.date, reverse=True)),
            ("Projects", list(context.get("draft_projects") or ())),
            ("Pages", sorted(context.get("draft_pages") or (), key=lambda d: str(d.title))),
        ]
        writer.write_file(SAVE_AS, self.get_template("drafts"), context,
                          relative_urls=self.settings.get("RELATIVE_URLS"), url=URL,
                          draft_groups=[(label, items) for label, items in groups if items],
                          page_name="drafts")


def get_generators(pelican_object):
    return DraftsPageGenerator
