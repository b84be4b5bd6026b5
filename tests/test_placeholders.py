"""The template's placeholders never publish (foothold/placeholders.py), run as an author runs them:
`invoke preview` and `invoke build` in a project folder, on fixture sites.

- tests/sites/template_leftovers: content with two files of the template's sample left unchanged
  (one renamed), beside the template's pelican.conf;
- tests/sites/fork_own: a fork's own post, project and about page, with its own identity.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from foothold_test_support import OWN_IDENTITY, give_own_identity, make_project
from foothold.placeholders import content_digest, read_manifest, scaffold_lines

INVOKE = str(Path(sys.executable).parent / "invoke")


def invoke(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([INVOKE, *args], cwd=root, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PYTHONUNBUFFERED": "1"})


def conf_line(root: Path, needle: str) -> int:
    lines = (root / "pelican.conf").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


@pytest.fixture
def template(tmp_path) -> Path:
    return make_project(tmp_path / "template", content="template_leftovers", allow_placeholders=False)


def test_the_untouched_template_fails_preview_naming_every_leftover_in_one_run(template):
    result = invoke(template, "preview")
    assert result.returncode == 1, result.stdout
    err = result.stderr
    expected = {
        conf_line(template, "AUTHOR ="): "AUTHOR is still the template's 'Alex Placeholder'",
        conf_line(template, "SITENAME ="): "SITENAME is still the template's 'Alex Placeholder'",
        conf_line(template, "alex@example.com"): "CONTACT_EMAIL 'alex@example.com' is a placeholder address",
        conf_line(template, "https://github.com/alex-placeholder"): "SOCIAL: the GitHub link",
        conf_line(template, "linkedin.com/in/alex-placeholder"): "SOCIAL: the LinkedIn link",
        conf_line(template, "https://alex-placeholder.github.io/foothold"): "SITEURL https://alex-placeholder.github.io",
    }
    for line, message in expected.items():
        assert f"pelican.conf:{line}: {message}" in err, (line, message, err)
    # Each with what to write instead.
    assert '    hint: write your own name: AUTHOR = "' in err
    # Sample files by content: the renamed screenshot too.
    assert ("content/images/my-dashboard.svg: unchanged sample content of the Foothold template "
            "(the template's content/images/budget-buddy.svg)") in err
    assert "content/pages/contact.md: unchanged sample content of the Foothold template\n" in err
    assert "first-week.md" not in err, "the author's own post is no placeholder"
    assert re.search(r"^Build failed: \d+ problems\. The previous output was left as it was\.$", err, re.M)
    assert "ALLOW_PLACEHOLDERS = True" in err
    assert not (template / "output").exists()


def test_build_and_audit_warn_about_the_same_leftovers_and_pass(template):
    built = invoke(template, "build")
    assert built.returncode == 0, built.stderr
    out = built.stdout
    assert re.search(r"^\d+ warnings \(`invoke preview` and `invoke deploy` refuse the template's placeholders\):$",
                     out, re.M)
    assert f"pelican.conf:{conf_line(template, 'AUTHOR =')}: AUTHOR is still the template's" in out
    assert "content/images/my-dashboard.svg: unchanged sample content" in out
    assert "SITEURL" not in out, "a development build has no production SITEURL"
    assert (template / "output" / "index.html").is_file()
    audit = invoke(template, "audit")
    assert audit.returncode == 0, audit.stderr
    assert f"[ ] pelican.conf:{conf_line(template, 'AUTHOR =')}: AUTHOR is still" in audit.stdout
    assert "[ ] content/pages/contact.md: unchanged sample content" in audit.stdout


def test_allow_placeholders_publishes_a_demo_of_the_template_and_says_so(template):
    with open(template / "pelican.conf", "a", encoding="utf-8") as handle:
        handle.write("\nALLOW_PLACEHOLDERS = True  # a demo of the template\n")
    result = invoke(template, "preview")
    assert result.returncode == 0, result.stderr
    assert "warnings (placeholders are published because ALLOW_PLACEHOLDERS = True):" in result.stdout
    assert (template / "output" / "index.html").is_file()


def test_allow_placeholders_must_be_a_bool(template):
    with open(template / "pelican.conf", "a", encoding="utf-8") as handle:
        handle.write('\nALLOW_PLACEHOLDERS = "yes"\n')
    result = invoke(template, "build")
    assert result.returncode == 1
    line = conf_line(template, "ALLOW_PLACEHOLDERS")
    assert f"pelican.conf:{line}: ALLOW_PLACEHOLDERS must be True or False, not 'yes'" in result.stderr


def test_a_sample_file_with_windows_line_endings_is_still_the_sample(template):
    page = template / "content" / "pages" / "contact.md"
    crlf = page.read_bytes().replace(b"\n", b"\r\n")
    assert crlf != page.read_bytes() and content_digest(crlf) in read_manifest()
    page.unlink()
    (template / "content" / "pages" / "me.md").write_bytes(crlf)
    result = invoke(template, "preview")
    assert "content/pages/me.md: unchanged sample content of the Foothold template (the template's " \
           "content/pages/contact.md)" in result.stderr


def test_one_edited_byte_makes_a_sample_file_the_authors(template):
    page = template / "content" / "pages" / "contact.md"
    page.write_text(page.read_text(encoding="utf-8").replace("two working days", "a day"), encoding="utf-8")
    result = invoke(template, "build")
    assert result.returncode == 0
    assert "content/pages/contact.md" not in result.stdout


def test_a_fork_with_its_own_identity_and_content_passes_preview_and_check(tmp_path):
    root = make_project(tmp_path / "fork", content="fork_own", allow_placeholders=False)
    give_own_identity(root / "pelican.conf")
    for command in ("build", "preview"):
        result = invoke(root, command)
        assert result.returncode == 0, result.stderr
        assert "warning" not in result.stdout, result.stdout
    home = (root / "output" / "index.html").read_text(encoding="utf-8")
    assert "Sam Rivera" in home and "Alex Placeholder" not in home
    assert OWN_IDENTITY["https://alex-placeholder.github.io/foothold"] + "/" in home
    check = invoke(root, "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_scaffold_lines_finds_marked_and_older_unmarked_prompts():
    text = ("Title: X\nSummary: One sentence: what it does and for whom.\n\n## Why\n\n[Write here: why?]\n\n"
            "A real sentence that mentions [Write here] without a colon.\nStart writing here.\n")
    assert scaffold_lines(text) == [(2, "One sentence: what it does and for whom."), (6, "[Write here: why?]"),
                                    (9, "Start writing here.")]
    assert scaffold_lines("Title: Y\n\nAll of it written.\n") == []


@pytest.mark.parametrize("command", [["build"], ["audit"], ["--list"], ["new", "post", "Piped"]])
def test_piping_any_command_into_head_ends_quietly(tmp_path, command):
    """A real pipe whose reader is gone before the command writes (head -c 0 reads nothing and exits),
    and one whose reader takes one line."""
    root = make_project(tmp_path / "piped")
    for reader in ("head -c 0", "head -n 1"):
        (root / "content" / "posts" / "piped.md").unlink(missing_ok=True)  # `new` never overwrites
        shell = f"{shlex.join([INVOKE, *command])} | {reader}"
        result = subprocess.run(["sh", "-c", shell], cwd=root, capture_output=True, text=True, timeout=600)
        assert "Traceback" not in result.stderr and "BrokenPipeError" not in result.stderr, result.stderr
        assert "Exception ignored" not in result.stderr, result.stderr
        if reader == "head -n 1":
            assert result.stdout.strip(), "head got the first line"


def test_the_untouched_sample_fails_preview_naming_pelican_conf_and_every_published_sample_file(tmp_path):
    """tests/sample: the template's pelican.conf and content as shipped."""
    from foothold_test_support import SAMPLE_CONTENT

    root = make_project(tmp_path / "sample", content="sample", allow_placeholders=False)
    result = invoke(root, "preview")
    assert result.returncode == 1, result.stdout
    for needle in ("AUTHOR =", "SITENAME =", "alex@example.com", "https://alex-placeholder.github.io/foothold"):
        assert re.search(rf"^pelican\.conf:{conf_line(root, needle)}: ", result.stderr, re.M), needle
    sample = [p.relative_to(SAMPLE_CONTENT).as_posix() for p in sorted(SAMPLE_CONTENT.rglob("*"))
              if p.is_file() and p.name != "skills.yml" and "drafts" not in p.parts]
    assert len(sample) > 10
    for rel in sample:
        assert f"content/{rel}: unchanged sample content of the Foothold template" in result.stderr, rel
    assert "react-state-sources-of-truth" not in result.stderr, "a draft is never published: no placeholder"
    assert not (root / "output").exists()
    # The same sample builds for development, with the same leftovers as warnings.
    built = invoke(root, "build")
    assert built.returncode == 0, built.stderr
    assert "content/pages/about.md: unchanged sample content" in built.stdout
