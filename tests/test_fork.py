"""A fresh fork, as its author uses it: the template's code with the sample replaced by one post,
one project and an about page of the author's own (tests/fork_site: own name, e-mail, links and
SITEURL). It passes `invoke build`, `invoke preview`, `invoke check` and every shell step of the
repository's workflows, run in order with bash as GitHub's runner would run them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from lxml import html as lxml_html

from foothold_test_support import ROOT, TESTS

FORK_SITE = TESTS / "fork_site"
# What GitHub's actions would have given the shell steps (configure-pages: the Pages address).
FAKE_SITEURL = "https://ivarga-dev.github.io/shelf-notes"
EXPRESSIONS = {"steps.pages.outputs.base_url": FAKE_SITEURL}
# Steps that are GitHub's own actions: they set up the runner (checkout, Python, caches) or talk to
# Pages, so they cannot run here. Every other step is a shell step and runs.
GITHUB_ACTIONS = ["actions/checkout", "actions/setup-python", "actions/cache", "actions/configure-pages",
                  "actions/upload-pages-artifact", "actions/deploy-pages"]
TEMPLATE_IDENTITY = ("Alex Placeholder", "alex@example.com", "alex-placeholder")


def make_fork(root: Path) -> Path:
    """What a new author has after forking and editing: the repository's code, workflows and
    requirement files, their own pelican.conf and content/, and a venv in .venv (this one)."""
    root.mkdir(parents=True)
    for name in ("tasks.py", "requirements.txt", "requirements-dev.txt", ".gitignore"):
        shutil.copy2(ROOT / name, root / name)
    for name in ("theme", "plugins"):
        (root / name).symlink_to(ROOT / name)
    shutil.copytree(ROOT / ".github", root / ".github")
    shutil.copy2(FORK_SITE / "pelican.conf", root / "pelican.conf")
    shutil.copytree(FORK_SITE / "content", root / "content")
    # Not resolved: sys.executable's venv, as the author's own .venv/bin/invoke would be.
    (root / ".venv").symlink_to(Path(sys.executable).parent.parent, target_is_directory=True)
    return root


def author_env(fork: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "FOOTHOLD_"))}
    env["PATH"] = os.pathsep.join([str(fork / ".venv" / "bin"), env.get("PATH", "")])
    # Every requirement is pinned and installed: pip must not need the network to agree.
    env.update(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    return env


def invoke(fork: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(fork / ".venv" / "bin" / "invoke"), *args], cwd=fork, env=author_env(fork),
                          capture_output=True, text=True, timeout=600)


def ok(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, f"{proc.args}: exit {proc.returncode}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def fork(tmp_path_factory) -> Path:
    return make_fork(tmp_path_factory.mktemp("fork") / "shelf-notes")


def _page(path: Path):
    return lxml_html.fromstring(path.read_bytes())


def _assert_the_authors_site(output: Path, siteurl: str | None) -> None:
    home = _page(output / "index.html")
    text = home.text_content()
    assert home.xpath("string(//h1)").strip() == "Ines Varga"
    assert "ines.varga@posteo.net" in text
    assert home.xpath("//a[@href='https://github.com/ivarga-dev']")
    for leftover in TEMPLATE_IDENTITY:
        assert not [p for p in output.rglob("*.html") if leftover in p.read_text(encoding="utf-8")], leftover
    post = output / "posts" / "the-postgres-index-that-did-nothing" / "index.html"
    project = output / "projects" / "shelf-count" / "index.html"
    about = output / "about" / "index.html"
    for page in (post, project, about):
        assert page.is_file(), page
    assert "EXPLAIN ANALYZE" in _page(post).text_content()
    if siteurl:
        canonical = _page(project).xpath("string(//link[@rel='canonical']/@href)")
        assert canonical == f"{siteurl}/projects/shelf-count/"


def test_invoke_build_preview_and_check_pass_on_the_authors_own_site(fork):
    built = ok(invoke(fork, "build"))
    assert "Built development site" in built.stdout
    _assert_the_authors_site(fork / "output", None)
    ok(invoke(fork, "preview"))
    _assert_the_authors_site(fork / "output", "https://ivarga-dev.github.io/notes")  # PRODUCTION in pelican.conf
    ok(invoke(fork, "check"))


def _expand(text: str) -> str:
    """``${{ expr }}`` as GitHub would fill it in for the expressions these steps use."""
    def value(match):
        expression = match.group(1).strip()
        assert expression in EXPRESSIONS, f"a shell step uses ${{{{ {expression} }}}}: teach this test its value"
        return EXPRESSIONS[expression]

    return re.sub(r"\$\{\{(.*?)\}\}", value, text)


def workflow_steps():
    """(workflow file, job, step) of every step of .github/workflows/*.yml, jobs in `needs` order."""
    found = []
    for path in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        jobs = yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"]
        done: list[str] = []
        while len(done) < len(jobs):
            ready = [name for name, job in jobs.items() if name not in done
                     and all(need in done for need in _needs(job))]
            assert ready, f"{path.name}: jobs that need each other"
            done.append(ready[0])
        for name in done:
            found.extend((path.name, name, step) for step in jobs[name]["steps"])
    return found


def _needs(job: dict) -> list[str]:
    needs = job.get("needs", [])
    return [needs] if isinstance(needs, str) else list(needs)


def test_every_shell_step_of_the_workflows_passes_in_order_on_the_fork(tmp_path_factory):
    fork = make_fork(tmp_path_factory.mktemp("fork-ci") / "shelf-notes")
    skipped, ran = [], []
    for workflow, job, step in workflow_steps():
        if "uses" in step:
            assert "run" not in step
            skipped.append(step["uses"].split("@")[0])
            continue
        env = author_env(fork)
        env.update({key: _expand(str(value)) for key, value in (step.get("env") or {}).items()})
        env.update(GITHUB_ACTIONS="true", CI="true")
        if "FOOTHOLD_CHROMIUM" in env:  # the runner's Google Chrome; here Debian's Chromium
            env["FOOTHOLD_CHROMIUM"] = os.environ.get("FOOTHOLD_CHROMIUM", "/usr/bin/chromium")
        # GitHub's default shell on Linux runners: bash --noprofile --norc -eo pipefail {0}.
        script = tmp_path_factory.mktemp("step") / "step.sh"
        script.write_text(_expand(step["run"]), encoding="utf-8")
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=fork, env=env,
                              capture_output=True, text=True, timeout=900)
        assert proc.returncode == 0, (f"{workflow} job {job}, step {step.get('name')!r} failed:\n"
                                      f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
        ran.append(step.get("name") or step["run"])
    assert skipped == GITHUB_ACTIONS, "only GitHub's own actions may be skipped"
    assert ran == ["Install the pinned dependencies", "Production build", "Check the built site"]
    # What the skipped steps would have used is there: the built site for upload-pages-artifact,
    # at the address configure-pages gave; the folders actions/cache keeps.
    _assert_the_authors_site(fork / "output", FAKE_SITEURL)
    cache = [s for _w, _j, s in workflow_steps() if s.get("uses", "").startswith("actions/cache")]
    for path in cache[0]["with"]["path"].split():
        assert (fork / path).is_dir() and any((fork / path).rglob("pack-*.bin")), path
