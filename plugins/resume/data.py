"""content/resume.yml: reading it with the line of every key, and checking it against the schema
documented in README.md. Every problem is ``(path, line, message, hint)``; all of them are listed
in one build, and a broken entry is left out while the rest of the file is still checked."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from foothold.yamlfile import FileProblem as Problem, YamlDoc, dotted, load_yaml

PRESENT = "present"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_YEAR_MONTH = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
_URL = re.compile(r"^(https?://[^\s/]+\S*|mailto:[^\s@]+@\S+)$")


@dataclass(frozen=True, order=True)
class When:
    """A year, or a year and month, as the author wrote it (``2019`` or ``2019-09``)."""

    year: int
    month: int = 0  # 0: the year alone

    @property
    def label(self) -> str:
        return f"{_MONTHS[self.month - 1]} {self.year}" if self.month else str(self.year)

    @property
    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"


@dataclass(frozen=True)
class Entry:
    """One job or one course: ``title`` at ``place``."""

    title: str
    place: str
    location: str
    start: When | None
    end: When | None  # None: present
    highlights: tuple[str, ...]

    @property
    def dates(self) -> str:
        if self.start is None:
            return self.end.label if self.end else ""
        end = self.end.label if self.end else "present"
        return self.start.label if self.end == self.start else f"{self.start.label} – {end}"


@dataclass(frozen=True)
class Ref:
    """A skill or project the author named, with its line, resolved once the skill map is known."""

    name: str
    line: int | None


@dataclass
class ResumeData:
    path: str
    headline: str | None = None
    location: str | None = None
    summary: str | None = None
    links: list[tuple[str, str]] | None = None
    skills: list[tuple[str, list[Ref]]] | None = None  # (group name, skills); None: from the map
    projects: list[Ref] | None = None  # None: every published project, in the site's order
    experience: list[Entry] = field(default_factory=list)
    education: list[Entry] = field(default_factory=list)
    languages: list[tuple[str, str]] = field(default_factory=list)
    line_of_key: dict = field(default_factory=dict)


TOP_KEYS = ("headline", "location", "summary", "links", "skills", "projects", "experience", "education", "languages")
EXPERIENCE_KEYS = ("role", "organisation", "location", "start", "end", "highlights")
EDUCATION_KEYS = ("qualification", "institution", "location", "start", "end", "highlights")
EXAMPLE = {
    "experience": "- role: Support specialist\n    organisation: Acme\n    start: 2019-09\n    end: 2024-06",
    "education": "- qualification: Web development bootcamp\n    institution: Code School\n    end: 2025",
}


class _Reader:
    def __init__(self, doc: YamlDoc, problems: list[Problem]):
        self.path = doc.path
        self.doc = doc
        self.problems = list(problems)

    def line(self, keys) -> int | None:
        return self.doc.line(*keys)

    def add(self, keys, message, hint=None) -> None:
        self.problems.append(Problem(self.path, self.line(keys), message, hint))

    # -- values ----------------------------------------------------------------------------
    def known_keys(self, value: dict, keys, allowed) -> None:
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), allowed, n=1)
                self.add(keys + (key,), f"unknown key '{dotted(keys + (key,))}'",
                         (f"did you mean '{close[0]}'? " if close else "") + "allowed keys: " + ", ".join(allowed))

    def text(self, value, keys, required=False) -> str | None:
        if value is None:
            if required:
                self.add(keys, f"missing '{dotted(keys)}'", "it is required")
            return None
        if isinstance(value, (bool, int, float, dt.date)):
            self.add(keys, f"'{dotted(keys)}' must be text, not {value!r}",
                     "put the value in quotes: YAML reads yes/no, numbers and dates as other types")
            return None
        if not isinstance(value, str):
            self.add(keys, f"'{dotted(keys)}' must be text", "write it on one line after the key")
            return None
        value = " ".join(value.split())
        if required and not value:
            self.add(keys, f"'{dotted(keys)}' is empty", "it is required")
            return None
        return value or None

    def items(self, value, keys) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(keys, f"'{dotted(keys)}' must be a list", "write each item on its own line starting with '- '")
            return []
        return value

    def mapping(self, value, keys, example="") -> dict | None:
        if not isinstance(value, dict):
            self.add(keys, f"'{dotted(keys)}' must be a mapping (key: value lines)",
                     f"e.g.\n    {example}" if example else None)
            return None
        return value

    def when(self, value, keys, allow_present=False) -> tuple[bool, When | None]:
        """(valid, date); a missing date is (True, None)."""
        if value is None:
            return True, None
        if isinstance(value, str) and value.strip().lower() == PRESENT and allow_present:
            return True, None
        if isinstance(value, dt.date):
            return True, When(value.year, value.month)
        match = _YEAR_MONTH.match(str(value).strip()) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        if match and (not match.group(2) or 1 <= int(match.group(2)) <= 12):
            return True, When(int(match.group(1)), int(match.group(2) or 0))
        self.add(keys, f"'{dotted(keys)}': {value!r} is not a year or a year and month",
                 "write 2019 or 2019-09" + (", or present" if allow_present else ""))
        return False, None


def _entries(reader: _Reader, raw, section: str, keys: tuple[str, ...]) -> list[Entry]:
    title_key, place_key = keys[0], keys[1]
    out = []
    for index, item in enumerate(reader.items(raw, (section,))):
        where = (section, index)
        item = reader.mapping(item, where, EXAMPLE[section])
        if item is None:
            continue
        reader.known_keys(item, where, keys)
        before = len(reader.problems)
        title = reader.text(item.get(title_key), where + (title_key,), required=True)
        place = reader.text(item.get(place_key), where + (place_key,), required=True)
        location = reader.text(item.get("location"), where + ("location",))
        ok_start, start = reader.when(item.get("start"), where + ("start",))
        end_raw = item.get("end")
        ok_end, end = reader.when(end_raw, where + ("end",), allow_present=True)
        if section == "experience" and item.get("start") is None:
            reader.add(where, f"missing '{dotted(where + ('start',))}'", "when the job began: 2019 or 2019-09")
        if section == "education" and end_raw is None and item.get("start") is None:
            reader.add(where, f"missing '{dotted(where + ('end',))}'", "when it ended (2025), or present")
        if ok_start and ok_end and start and end and end < start:
            reader.add(where + ("end",), f"'{dotted(where + ('end',))}' ({end.iso}) is before the start ({start.iso})",
                       "swap them, or fix the year")
        highlights = []
        for h_index, text in enumerate(reader.items(item.get("highlights"), where + ("highlights",))):
            value = reader.text(text, where + ("highlights", h_index), required=True)
            if value:
                highlights.append(value)
        if len(reader.problems) == before:
            out.append(Entry(title, place, location or "", start, end if end_raw is not None else (None if section == "experience" else start), tuple(highlights)))
    return out


def load_resume(path: str) -> tuple[ResumeData | None, list[Problem]]:
    """Parse and check ``path``. The data is None only when the file cannot be read at all."""
    # Read as skills.yml is (foothold.yamlfile): decoded as content files are, every key's line,
    # duplicate keys reported; anchors and aliases have no use in a résumé and are refused.
    doc, problems = load_yaml(path, aliases=False,
                              hint="check the indentation, and quote text that contains ': ' or ' #'")
    if doc is None:
        return None, problems
    reader = _Reader(doc, problems)
    raw = doc.data
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        return None, [Problem(path, 1, "resume.yml must be a mapping (key: value lines) at the top level",
                              "start with lines such as 'headline: Junior front-end developer' and 'experience:'")]
    reader.known_keys(raw, (), TOP_KEYS)
    data = ResumeData(path=path)
    data.headline = reader.text(raw.get("headline"), ("headline",))
    data.location = reader.text(raw.get("location"), ("location",))
    data.summary = reader.text(raw.get("summary"), ("summary",))
    if "links" in raw:
        data.links = []
        for index, item in enumerate(reader.items(raw["links"], ("links",))):
            where = ("links", index)
            item = reader.mapping(item, where, "- {label: GitHub, url: https://github.com/you}")
            if item is None:
                continue
            reader.known_keys(item, where, ("label", "url"))
            label = reader.text(item.get("label"), where + ("label",), required=True)
            url = reader.text(item.get("url"), where + ("url",), required=True)
            if url and not _URL.match(url):
                reader.add(where + ("url",), f"'{dotted(where + ('url',))}': {url!r} is not a web or e-mail address",
                           "write it in full: https://github.com/you or mailto:you@example.com")
            elif label and url:
                data.links.append((label, url))
    if "skills" in raw:
        data.skills = []
        for index, item in enumerate(reader.items(raw["skills"], ("skills",))):
            where = ("skills", index)
            item = reader.mapping(item, where, "- {group: Languages, skills: [html, css, javascript]}")
            if item is None:
                continue
            reader.known_keys(item, where, ("group", "skills"))
            group = reader.text(item.get("group"), where + ("group",), required=True)
            refs = []
            names = reader.items(item.get("skills"), where + ("skills",))
            if not names:
                reader.add(where + ("skills",), f"'{dotted(where + ('skills',))}' lists no skills",
                           "list skill ids from the skill map: skills: [html, css]")
            for s_index, name in enumerate(names):
                value = reader.text(name, where + ("skills", s_index), required=True)
                if value:
                    refs.append(Ref(value, reader.line(where + ("skills", s_index))))
            if group and refs:
                data.skills.append((group, refs))
    if "projects" in raw:
        data.projects = []
        for index, name in enumerate(reader.items(raw["projects"], ("projects",))):
            value = reader.text(name, ("projects", index), required=True)
            if value:
                data.projects.append(Ref(value, reader.line(("projects", index))))
    data.experience = _entries(reader, raw.get("experience"), "experience", EXPERIENCE_KEYS)
    data.education = _entries(reader, raw.get("education"), "education", EDUCATION_KEYS)
    for index, item in enumerate(reader.items(raw.get("languages"), ("languages",))):
        where = ("languages", index)
        item = reader.mapping(item, where, "- {language: English, level: fluent}")
        if item is None:
            continue
        reader.known_keys(item, where, ("language", "level"))
        language = reader.text(item.get("language"), where + ("language",), required=True)
        level = reader.text(item.get("level"), where + ("level",))
        if language:
            data.languages.append((language, level or ""))
    data.line_of_key = dict(doc.lines)
    return data, reader.problems
