"""The template's placeholders, found before they are published.

Foothold is a template: a fork starts with the sample author's identity in pelican.conf, the sample
posts, projects and images in content/, and whatever `invoke new` writes. None of it may go live
unnoticed. A production build (`invoke preview`, `invoke deploy`) fails on every leftover, each as
``path:line: message`` with what to write instead; a development build and `invoke audit` list the
same things as warnings, so the untouched sample still builds. ``ALLOW_PLACEHOLDERS = True`` in
pelican.conf (a demo of the template itself) turns the failures into warnings.

Three kinds of leftovers:

- identity values of the template in pelican.conf (AUTHOR, SITENAME, CONTACT_EMAIL, SOCIAL and
  LINKS, the SITEURL a production build uses);
- content files byte-for-byte the template's sample (matched by content digest, so a renamed file
  counts too) against ``template_sample.json``, which ``tools/sample_manifest.py`` writes from a
  template commit;
- scaffold prompts `invoke new` writes (``[Write here: ...]``, and the plain sentences it wrote
  before it marked them), left in a published post, page or project.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from .state import build_state

SETTING = "ALLOW_PLACEHOLDERS"
MANIFEST = Path(__file__).with_name("template_sample.json")

TEMPLATE_NAME = "Alex Placeholder"
TEMPLATE_USER = "alex-placeholder"
# RFC 2606 reserves these domains: an address there reaches nobody.
EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net")

# `invoke new` writes every prompt for the author as "[Write here: ...]" (scaffold.py uses prompt()).
PROMPT_OPEN = "[Write here:"
_PROMPT = re.compile(r"\[Write here:[^\]\n]*\]")
# The prompts of `invoke new` before they were marked: files started with an older Foothold.
LEGACY_PROMPTS = frozenset({
    "One sentence: what it does and for whom.",
    "What was missing, and for whom?",
    "The stack, the parts you wrote, the decisions you made.",
    "What you would do differently next time.",
    "Start writing here.",
})

UNWRITTEN_KEY = "unwritten"  # metadata key the reader sets: [(line, prompt), ...]
# Sample files a fork keeps as they are: the skill taxonomy.
KEPT_AS_IS = frozenset({"skills.yml"})


def prompt(text: str) -> str:
    """A scaffold prompt, marked so that a build recognises it as never replaced."""
    return f"{PROMPT_OPEN} {text}]"


def scaffold_lines(text: str) -> list[tuple[int, str]]:
    """(1-based line, prompt) of every scaffold prompt still in a source file's text."""
    if PROMPT_OPEN not in text and not any(sentence in text for sentence in LEGACY_PROMPTS):
        return []  # the common case, a written file: one scan of the text
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = _PROMPT.search(line)
        if match:
            found.append((number, match.group(0)))
            continue
        value = line.strip()
        if value.lower().startswith("summary:"):
            value = value.split(":", 1)[1].strip()
        if value in LEGACY_PROMPTS:
            found.append((number, value))
    return found


def content_digest(data: bytes) -> str:
    """SHA-256 of a file's bytes, text with its line endings made ``\\n`` (a Windows checkout of the
    template converts them, and is still the template)."""
    if b"\0" not in data[:8192]:
        data = data.replace(b"\r\n", b"\n")
    return hashlib.sha256(data).hexdigest()


def read_manifest(path: Path = MANIFEST) -> dict[str, str]:
    """Digest -> the sample file's path in the template (empty if the manifest is missing)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return dict(data.get("files", {}))


def _line_of(source: str, needle: str) -> int | None:
    index = source.find(needle)
    return source.count("\n", 0, index) + 1 if index >= 0 else None


def _setting_line(source: str, name: str) -> int | None:
    match = re.search(rf"^[ \t]*{re.escape(name)}[ \t]*=", source, re.M)
    return source.count("\n", 0, match.start()) + 1 if match else None


def identity_leftovers(settings, source: str) -> list[tuple[int | None, str, str]]:
    """(line in pelican.conf, message, hint) for each identity value still the template's."""
    found = []
    for name, hint in (("AUTHOR", 'write your own name: AUTHOR = "Sam Rivera"'),
                       ("SITENAME", 'your name or the site\'s title: SITENAME = "Sam Rivera"')):
        if str(settings.get(name) or "").strip() == TEMPLATE_NAME:
            found.append((_setting_line(source, name), f"{name} is still the template's '{TEMPLATE_NAME}'", hint))
    email = str(settings.get("CONTACT_EMAIL") or "").strip()
    if email and email.rsplit("@", 1)[-1].lower() in EXAMPLE_DOMAINS:
        found.append((_line_of(source, email) or _setting_line(source, "CONTACT_EMAIL"),
                      f"CONTACT_EMAIL '{email}' is a placeholder address that reaches nobody",
                      'your own address, shown on the contact page: CONTACT_EMAIL = "sam@rivera.dev"'
                      " (or remove the line to show none)"))
    for name in ("SOCIAL", "LINKS"):
        for entry in settings.get(name) or ():
            if not isinstance(entry, (tuple, list)) or len(entry) < 2:
                continue
            label, url = str(entry[0]), str(entry[1])
            if TEMPLATE_USER in url:
                found.append((_line_of(source, url) or _setting_line(source, name),
                              f"{name}: the {label} link {url} is the template's placeholder profile",
                              f"the address of your own {label} profile, or remove the line"))
    siteurl = str(settings.get("SITEURL") or "")
    if build_state(settings).production and TEMPLATE_USER in siteurl:
        found.append((_line_of(source, siteurl) or _setting_line(source, "PRODUCTION"),
                      f"SITEURL {siteurl} is the template's placeholder address",
                      "where your site is published: \"SITEURL\": \"https://YOUR-USER.github.io/REPO\" in PRODUCTION "
                      "(README: Publish); the Actions workflow passes the real one by itself"))
    return found


def report_leftovers(settings, index, problems) -> None:
    """Add every leftover of the template: problems in a production build, warnings otherwise."""
    root = build_state(settings).root
    allowed = settings.get(SETTING, False)
    conf = os.path.join(root, "pelican.conf")
    try:
        source = Path(conf).read_text(encoding="utf-8")
    except OSError:
        source = ""
    if not isinstance(allowed, bool):
        problems.add(conf, _setting_line(source, SETTING), f"{SETTING} must be True or False, not {allowed!r}",
                     f"{SETTING} = False (the default) makes a production build refuse the template's placeholders")
        allowed = False
    found: list[tuple[str, int | None, str, str]] = []
    for line, message, hint in identity_leftovers(settings, source):
        found.append((conf, line, message, hint))

    sample = read_manifest()
    items = sorted(index.published + index.hidden, key=lambda item: item.source_path)
    for item in items:
        for line, text in item.metadata.get(UNWRITTEN_KEY) or ():
            found.append((item.source_path, line, f"scaffold text from `invoke new` was never replaced: {text}",
                          "write your own text in its place, or mark the file Draft: yes until it is written"))
    if sample:
        paths = [item.source_path for item in items] + sorted(s.source_path for s in index.statics)
        # Data files at the top of content/ (the résumé's resume.yml); skills.yml is kept as it is.
        top = settings["PATH"]
        paths += sorted(os.path.join(top, name) for name in os.listdir(top)
                        if name not in KEPT_AS_IS and not name.startswith(".")
                        and os.path.isfile(os.path.join(top, name)))
        for path in paths:
            try:
                with open(path, "rb") as handle:
                    digest = content_digest(handle.read())
            except OSError:
                continue
            original = sample.get(digest)
            if original is not None:
                rel = os.path.relpath(path, root).replace(os.sep, "/")
                renamed = "" if rel == original else f" (the template's {original})"
                found.append((path, None, f"unchanged sample content of the Foothold template{renamed}",
                              "delete it, or make it your own; the sample is only a starting point"))

    publish = build_state(settings).production and not allowed
    for path, line, message, hint in found:
        (problems.add if publish else problems.warn)(path, line, message, hint)
    if publish and found:
        problems.add(conf, None, f"{len(found)} placeholder{'s' * (len(found) != 1)} of the template would be "
                                 "published (listed here)",
                     f"replace them with your own; only a demo of the template itself sets {SETTING} = True")
