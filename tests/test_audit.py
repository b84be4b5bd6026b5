"""`invoke audit`: each recruiter-visible defect in tests/sites/audit_defects is found, the clean
site tests/sites/audit_clean gives nothing, and --strict turns findings into exit 1."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from foothold_test_support import SAMPLE_CONF, give_own_identity
from foothold_test_support import make_project as fixture_project
from commands.audit import audit, command_audit

TODAY = dt.date(2026, 7, 1)  # the fixtures' newest post is 11 days old in audit_clean


def make_project(tmp_path, site):
    root = fixture_project(tmp_path / "site", content=site)
    give_own_identity(root / "pelican.conf")  # a clean site is a fork's, with its own identity
    return root


@pytest.fixture
def clean(tmp_path):
    return make_project(tmp_path, "audit_clean")


@pytest.fixture(scope="module")
def defects_report(tmp_path_factory):
    """One audit of the defects site, shared by the tests that read its findings."""
    root = make_project(tmp_path_factory.mktemp("defects"), "audit_defects")
    return audit(root, today=TODAY)


def items(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("[ ] ")]


def test_clean_site_has_nothing_to_do(clean):
    code, text = audit(clean, today=TODAY)
    assert code == 0
    assert items(text) == []
    assert "nothing to do" in text
    code, text = audit(clean, strict=True, today=TODAY)
    assert code == 0 and items(text) == []
    assert not (clean / "output").exists()  # audit builds into a temporary folder


def test_output_is_a_checklist_and_warnings_exit_zero(defects_report):
    code, text = defects_report
    assert code == 0
    lines = text.splitlines()
    assert lines[0].startswith(f"Portfolio audit: {len(items(text))} things")
    assert all(re.match(r"^\[ \] [^:]+: \S", line) for line in lines[1:]), text


@pytest.mark.parametrize("expected", [
    "[ ] content/projects/no-links.md: add a Demo: or Repo: link",
    "[ ] content/projects/no-screenshot.md: add a screenshot: Image: images/NAME.png",
    "[ ] content/posts/no-summary.md: add a Summary:",
    "[ ] content/posts/no-skills.md: add Skills:",
    "[ ] focus front-end: no evidence for the core skill 'react' (React)",
    "[ ] content/posts/: the newest post is from 2026-03-20, 103 days ago",
    "[ ] content/pages/resume.md: the résumé (Modified: 2026-01-10) is older than the project 'Todo CLI' (2026-04-10)",
], ids=["no-links", "no-screenshot", "no-summary", "no-skills", "core-skill", "stale", "resume"])
def test_each_defect_is_found(defects_report, expected):
    _code, text = defects_report
    assert any(line.startswith(expected) for line in items(text)), text


def test_only_defects_are_reported(defects_report):
    _code, text = defects_report
    found = items(text)
    # Evidenced core skills are not listed; neither is the draft nor projects that have what they need.
    for skill in ("javascript", "fetch-api", "npm", "unit-testing", "promises"):
        assert not any(f"core skill '{skill}'" in line for line in found)
    assert not any("draft-no-summary" in line for line in found)
    assert sum("no-links.md" in line for line in found) == 1  # it has a screenshot
    assert sum("no-screenshot.md" in line for line in found) == 1  # it has a repo link
    assert sum("no-summary.md" in line for line in found) == 1 and sum("no-skills.md" in line for line in found) == 1
    core_missing = [line for line in found if line.startswith("[ ] focus front-end:")]
    assert len(core_missing) == 17 - 5  # front-end has 17 core skills; the fixtures show 5


def test_strict_fails_with_the_same_checklist(tmp_path, defects_report, capsys):
    root = make_project(tmp_path, "audit_defects")
    code, text = audit(root, strict=True, today=TODAY)
    assert code == 1
    assert items(text) == items(defects_report[1])
    assert "--strict" in text.splitlines()[-1]


def test_stale_is_relative_to_today(clean):
    code, text = audit(clean, today=TODAY + dt.timedelta(days=61))
    assert [line for line in items(text)] == [
        '[ ] content/posts/: the newest post is from 2026-06-20, 72 days ago: the site looks stale after 60 days; '
        'write a learning log (invoke new log "...")'
    ]


def test_missing_or_undated_resume(clean):
    resume = clean / "content" / "pages" / "resume.md"
    resume.write_text(resume.read_text().replace("Modified: 2026-06-01\n", ""), encoding="utf-8")
    _code, text = audit(clean, today=TODAY)
    assert items(text) == [
        "[ ] content/pages/resume.md: add Modified: 2026-05-01 (or later) when the résumé is up to date; "
        "without a date nobody can tell whether it lists your newest project"
    ]
    resume.unlink()
    _code, text = audit(clean, today=TODAY)
    assert items(text) == ["[ ] content/: add a résumé: resume.yml (plugins/resume/README.md), made into /resume/ "
                           "and its PDF with your projects and the skill map's levels"]
    (clean / "content" / "resume.yml").write_text("headline: Junior developer\n", encoding="utf-8")
    _code, text = audit(clean, today=TODAY)
    assert items(text) == []  # generated from the live projects and map: never out of date


def test_a_failing_build_is_reported_first(clean, capsys):
    """A screenshot without alt text already fails the build; audit says so and exits 1."""
    project = clean / "content" / "projects" / "budget.md"
    text = re.sub(r"^ImageAlt: .*\n", "", project.read_text(), flags=re.M)
    project.write_text(text, encoding="utf-8")
    assert command_audit(clean) == 1
    out = capsys.readouterr().out
    assert "content/projects/budget.md:8: Image has no ImageAlt text" in out
    assert "Fix the build first" in out
    # The audit never writes the site's output/ (it builds into a temporary folder).
    assert not (clean / "output").exists()


def test_invoke_audit_cli_in_a_project_copy(tmp_path):
    """The real `invoke audit` and `invoke audit --strict` (tasks.py) on the defects site."""
    import subprocess
    import sys

    root = make_project(tmp_path, "audit_defects")

    def run(*extra):
        return subprocess.run([sys.executable, "-m", "invoke", "audit", *extra], cwd=root,
                              capture_output=True, text=True, timeout=300)

    warn = run()
    assert warn.returncode == 0, warn.stderr
    assert "[ ] content/projects/no-links.md: add a Demo: or Repo: link" in warn.stdout
    strict = run("--strict")
    assert strict.returncode == 1
    assert items(strict.stdout) == items(warn.stdout)


def test_the_templates_identity_is_on_the_checklist_with_its_lines(tmp_path):
    root = make_project(tmp_path, "audit_clean")
    shutil.copy(SAMPLE_CONF, root / "pelican.conf")  # the template's placeholders again
    conf = (root / "pelican.conf").read_text(encoding="utf-8").splitlines()
    code, text = audit(root, today=TODAY)
    assert code == 0, "placeholders are warnings in an audit, not failures"
    found = [line for line in items(text) if line.startswith("[ ] pelican.conf:")]
    names = {re.match(r"\[ \] pelican\.conf:(\d+): (\w+)", line).group(2): int(re.match(r"\[ \] pelican\.conf:(\d+)", line).group(1))
             for line in found}
    assert {"AUTHOR", "SITENAME", "CONTACT_EMAIL", "SOCIAL"} <= set(names)
    for name, number in names.items():
        assert name in conf[number - 1] or "alex-placeholder" in conf[number - 1] or "example.com" in conf[number - 1]
    code, _ = audit(root, strict=True, today=TODAY)
    assert code == 1
