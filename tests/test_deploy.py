"""`invoke deploy` against real local bare git repositories.

Each test copies the project (the fixture tests/sample/pelican.conf, theme/, plugins/, tasks.py) with
the small content folder tests/sites/check_deploy_content into a temp git repository whose `origin` is
a bare repository named foothold.git, so pelican.conf's SITEURL (https://USER.github.io/foothold) fits.
"""

from __future__ import annotations

import json
import re
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from pelican import signals

from commands.deploy import deploy, repository_name, siteurl_problem
from commands.stamp import production_build, read_stamp, stamp_path, verify_stamp, write_stamp
from foothold_test_support import SAMPLE_CONF

REPO = Path(__file__).resolve().parent.parent
CONTENT = Path(__file__).resolve().parent / "sites" / "check_deploy_content"
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout.strip()


@dataclass
class Project:
    root: Path
    remote: Path

    def build(self):
        return production_build(self.root)

    def deploy(self, **options) -> int:
        options.setdefault("build", self.build)
        return deploy(self.root, **options)

    def commit(self, message: str = "change") -> str:
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "-m", message)
        return git(self.root, "rev-parse", "HEAD")

    def remote_refs(self) -> str:
        """Every ref of the bare remote with its commit: equal strings mean an untouched remote."""
        return git(self.remote, "for-each-ref", "--format=%(refname) %(objectname)")

    def branch_tree(self, branch: str = "gh-pages") -> dict[str, str]:
        listing = git(self.remote, "ls-tree", "-r", branch)
        return {line.split("\t", 1)[1]: line.split()[2] for line in listing.splitlines()}

    def output_tree(self) -> dict[str, str]:
        output = self.root / "output"
        files = sorted(p for p in output.rglob("*") if p.is_file())
        ids = git(self.root, "hash-object", *map(str, files)).split()
        return {p.relative_to(output).as_posix(): blob for p, blob in zip(files, ids)}

    def append_conf(self, text: str) -> None:
        with open(self.root / "pelican.conf", "a", encoding="utf-8") as handle:
            handle.write("\n" + text + "\n")


@pytest.fixture
def project(tmp_path) -> Project:
    root = tmp_path / "project"
    root.mkdir()
    for name in ("theme", "plugins"):
        shutil.copytree(REPO / name, root / name, ignore=IGNORE)
    for name in ("tasks.py", ".gitignore"):
        shutil.copy2(REPO / name, root / name)
    shutil.copy2(SAMPLE_CONF, root / "pelican.conf")
    shutil.copytree(CONTENT, root / "content")
    # tests/sample's pelican.conf has the template's identity, which a production build refuses.
    with open(root / "pelican.conf", "a", encoding="utf-8") as handle:
        handle.write("\nALLOW_PLACEHOLDERS = True\n")
    git(tmp_path, "init", "-q", "-b", "main", str(root))
    git(root, "config", "user.name", "Test Author")
    git(root, "config", "user.email", "author@example.com")
    git(root, "config", "commit.gpgsign", "false")
    remote = tmp_path / "remotes" / "foothold.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(root, "remote", "add", "origin", str(remote))
    project = Project(root, remote)
    project.commit("initial site")
    git(root, "push", "-q", "origin", "main")
    return project


def test_first_deploy_creates_branch_with_site_and_nojekyll(project, capsys):
    head = git(project.root, "rev-parse", "HEAD")
    assert project.deploy() == 0
    out = capsys.readouterr().out
    assert f"from source commit {head[:12]}" in out
    tree = project.branch_tree()
    expected = project.output_tree()
    assert ".nojekyll" in tree and "CNAME" not in tree
    assert {k: v for k, v in tree.items() if k != ".nojekyll"} == expected
    assert "index.html" in tree and "posts/first-deploy/index.html" in tree
    assert not [path for path in tree if "unfinished" in path or path.startswith("drafts/")]
    assert not [path for path in tree if path.startswith(".foothold")]
    message = git(project.remote, "log", "-1", "--format=%B", "gh-pages")
    assert f"Source commit: {head}" in message
    assert "SITEURL: https://alex-placeholder.github.io/foothold" in message
    # The source branch on the remote is untouched.
    assert git(project.remote, "rev-parse", "main") == head


def test_second_deploy_adds_a_commit_on_top(project):
    assert project.deploy() == 0
    first = git(project.remote, "rev-parse", "gh-pages")
    post = project.root / "content" / "posts" / "second-deploy.md"
    post.write_text(post.read_text() + "\nA sentence added for the second deploy.\n")
    head = project.commit("second post edit")
    assert project.deploy(message="Update the site") == 0
    log = git(project.remote, "log", "--format=%H %P", "gh-pages").splitlines()
    assert len(log) == 2
    second, parent = log[0].split()
    assert parent == first
    assert git(project.remote, "log", "-1", "--format=%s", "gh-pages") == "Update the site"
    assert f"Source commit: {head}" in git(project.remote, "log", "-1", "--format=%B", "gh-pages")
    page = git(project.remote, "show", "gh-pages:posts/second-deploy/index.html")
    assert "A sentence added for the second deploy." in page
    assert {k: v for k, v in project.branch_tree().items() if k != ".nojekyll"} == project.output_tree()


def test_history_pushed_from_elsewhere_is_kept(project, tmp_path):
    assert project.deploy() == 0
    other = tmp_path / "other-clone"
    git(tmp_path, "clone", "-q", "--branch", "gh-pages", str(project.remote), str(other))
    git(other, "-c", "user.name=Other", "-c", "user.email=o@example.com",
        "commit", "-q", "--allow-empty", "-m", "made on another machine")
    git(other, "push", "-q", "origin", "gh-pages")
    theirs = git(other, "rev-parse", "HEAD")
    post = project.root / "content" / "pages" / "about.md"
    post.write_text(post.read_text() + "\nMore about me.\n")
    project.commit("about edit")
    assert project.deploy() == 0
    assert git(project.remote, "rev-parse", "gh-pages^") == theirs


def test_custom_domain_writes_cname(project):
    project.append_conf('CNAME = "blog.example.com"\nPRODUCTION["SITEURL"] = "https://blog.example.com"')
    project.commit("custom domain")
    assert project.deploy() == 0
    assert git(project.remote, "show", "gh-pages:CNAME") == "blog.example.com"
    assert git(project.remote, "show", "gh-pages:.nojekyll") == ""
    index = git(project.remote, "show", "gh-pages:index.html")
    assert "https://blog.example.com/" in index


def test_cname_not_matching_siteurl_is_refused(project, capsys):
    before = project.remote_refs()
    assert project.deploy(cname="www.example.org") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["deploy refused: SITEURL host alex-placeholder.github.io is not the custom "
                   "domain www.example.org (CNAME)"]
    assert project.remote_refs() == before


def test_dirty_tree_is_refused_unless_allowed(project, capsys):
    assert project.deploy() == 0
    before = project.remote_refs()
    (project.root / "content" / "posts" / "new-idea.md").write_text(
        "Title: New idea\nDate: 2026-03-07\nSummary: Not committed yet.\n\nText.\n")
    calls = []
    assert project.deploy(build=lambda: calls.append(1) or project.build()) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("deploy refused: uncommitted changes (content/posts/new-idea.md)")
    assert "--allow-dirty" in err[0]
    assert calls == []  # refused before building
    assert project.remote_refs() == before
    assert project.deploy(allow_dirty=True) == 0
    assert "posts/new-idea/index.html" in project.branch_tree()
    assert "(with uncommitted changes)" in git(project.remote, "log", "-1", "--format=%B", "gh-pages")


def test_failing_build_leaves_remote_as_it_was(project, capsys):
    assert project.deploy() == 0
    before = project.remote_refs()
    output_before = project.output_tree()
    (project.root / "content" / "posts" / "bad-date.md").write_text(
        "Title: Bad date\nDate: 02/03/2026\nSummary: An ambiguous date.\n\nText.\n")
    project.commit("bad date")
    assert project.deploy() == 1
    err = capsys.readouterr().err
    assert "content/posts/bad-date.md" in err
    assert err.strip().splitlines()[-1].startswith("deploy refused: the production build failed")
    assert project.remote_refs() == before
    assert project.output_tree() == output_before


def test_failing_check_leaves_remote_as_it_was(project, capsys):
    before = project.remote_refs()

    def leaky_build():
        # A build that succeeded but left a secret in the site: only the check can catch it.
        result = project.build()
        (result.output / ".env").write_text("TOKEN=secret\n")
        return result

    assert project.deploy(build=leaky_build) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert ".env: dot-file published (.env)" in err
    assert err[-1] == "deploy refused: `invoke check` found 1 problem (above)"
    assert project.remote_refs() == before


def test_offsite_image_in_a_post_fails_the_check(project, capsys):
    post = project.root / "content" / "posts" / "first-deploy.md"
    post.write_text(post.read_text() + "\n![A cat](https://images.example.com/cat.png)\n")
    project.commit("hotlinked image")
    before = project.remote_refs()
    assert project.deploy() == 1
    err = capsys.readouterr().err
    assert "off-site request" in err and "images.example.com" in err
    assert err.strip().splitlines()[-1].startswith("deploy refused:")
    assert project.remote_refs() == before


def test_interrupted_build_leaves_remote_and_output_as_they_were(project, capsys):
    assert project.deploy() == 0
    before, output_before = project.remote_refs(), project.output_tree()
    post = project.root / "content" / "posts" / "first-deploy.md"
    post.write_text(post.read_text() + "\nEdited before the interrupted build.\n")
    project.commit("edit")

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt  # what Ctrl-C raises in the middle of Pelican's run

    def interrupted_build():
        signals.all_generators_finalized.connect(interrupt)
        try:
            return project.build()
        finally:
            signals.all_generators_finalized.disconnect(interrupt)

    assert project.deploy(build=interrupted_build) == 1
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "deploy refused: the build was interrupted; nothing was pushed")
    assert project.remote_refs() == before
    assert project.output_tree() == output_before

    def ctrl_c_outside_the_build():
        raise KeyboardInterrupt

    assert project.deploy(build=ctrl_c_outside_the_build) == 130
    assert project.remote_refs() == before


def test_output_changed_after_the_build_is_refused(project, capsys):
    before = project.remote_refs()

    def build_then_tamper():
        result = project.build()
        image = result.output / "images" / "pixel.png"
        image.write_bytes(image.read_bytes() + b"\0")  # still a page-less file the check accepts
        return result

    assert project.deploy(build=build_then_tamper) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("deploy refused: output/ changed after the build that stamped it")
    assert project.remote_refs() == before


def test_output_of_an_older_commit_is_refused(project, capsys):
    old = project.build()
    assert old.ok
    (project.root / "content" / "pages" / "about.md").write_text("Title: About\n\nChanged.\n")
    head = project.commit("newer")
    assert project.deploy(build=lambda: old) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("deploy refused: output/ was built from ")
    assert head[:12] in err[-1]


def test_dry_run_changes_nothing(project, capsys):
    before_remote = project.remote_refs()
    before_local = git(project.root, "for-each-ref", "--format=%(refname) %(objectname)")
    assert project.deploy(dry_run=True) == 0
    out = capsys.readouterr().out
    assert "Dry run: would publish" in out and "origin/gh-pages" in out
    assert project.remote_refs() == before_remote
    assert git(project.root, "for-each-ref", "--format=%(refname) %(objectname)") == before_local


def test_siteurl_not_matching_the_repository_is_refused(project, capsys):
    project.append_conf('PRODUCTION["SITEURL"] = "https://alex-placeholder.github.io/other-name"')
    project.commit("wrong siteurl")
    before = project.remote_refs()
    assert project.deploy(build=lambda: pytest.fail("must refuse before building")) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["deploy refused: SITEURL path /other-name does not match the repository: "
                   "a project site is served at https://USER.github.io/foothold"]
    assert project.remote_refs() == before


def test_siteurl_without_scheme_is_refused(project, capsys):
    project.append_conf('PRODUCTION["SITEURL"] = "alex-placeholder.github.io/foothold"')
    project.commit("siteurl without scheme")
    before = project.remote_refs()
    assert project.deploy(build=lambda: pytest.fail("must refuse before building")) == 1
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith("deploy refused: pelican.conf") and "SITEURL" in last
    assert project.remote_refs() == before


def test_publishing_onto_the_source_branch_is_refused(project, capsys):
    before = project.remote_refs()
    assert project.deploy(branch="main", build=lambda: pytest.fail("must not build")) == 1
    assert capsys.readouterr().err.strip() == (
        "deploy refused: 'main' is the branch you work on; publish to gh-pages instead")
    assert project.deploy(branch="bad..name", build=lambda: pytest.fail("must not build")) == 1
    assert "not a valid branch name" in capsys.readouterr().err
    assert project.remote_refs() == before


def test_missing_remote_and_missing_repository_are_refused(project, tmp_path, capsys):
    assert project.deploy(remote="upstream") == 1
    assert "no git remote named 'upstream'" in capsys.readouterr().err
    loose = tmp_path / "not-a-repo"
    shutil.copytree(project.root, loose, ignore=shutil.ignore_patterns(".git"))
    assert deploy(loose, build=lambda: pytest.fail("must not build")) == 1
    assert "is not a git repository with a commit" in capsys.readouterr().err


def test_stamp_lives_outside_output_and_tracks_every_file(project):
    result = project.build()
    assert result.ok
    stamp = read_stamp(project.root)
    assert stamp_path(project.root).parent.name == ".foothold"
    assert stamp["commit"] == git(project.root, "rev-parse", "HEAD")
    assert stamp["production"] is True and stamp["dirty"] is False
    assert stamp["files"] == len(project.output_tree())
    assert not (result.output / ".foothold").exists()
    assert verify_stamp(project.root, result.output) is None
    (result.output / "extra.txt").write_text("added by hand\n")
    assert "changed after the build" in verify_stamp(project.root, result.output)
    (result.output / "extra.txt").unlink()
    assert verify_stamp(project.root, result.output) is None
    write_stamp(project.root, result.output, production=False, siteurl="")
    assert verify_stamp(project.root, result.output) == "the stamped build was not a production build"
    stamp_path(project.root).unlink()
    assert verify_stamp(project.root, result.output).startswith("no success stamp")
    assert json.loads(json.dumps(stamp)) == stamp


@pytest.mark.parametrize("url, name", [
    ("https://github.com/user/my-site.git", "my-site"),
    ("https://github.com/user/my-site", "my-site"),
    ("git@github.com:user/user.github.io.git", "user.github.io"),
    ("ssh://git@github.com/org/docs/", "docs"),
    ("/srv/git/foothold.git", "foothold"),
])
def test_repository_name_from_remote_url(url, name):
    assert repository_name(url) == name


@pytest.mark.parametrize("siteurl, repo, cname, expected", [
    ("https://user.github.io/repo", "repo", None, None),
    ("https://user.github.io/repo/", "repo", None, None),
    ("https://user.github.io", "user.github.io", None, None),
    ("https://www.example.com", "repo", "www.example.com", None),
    ("", "repo", None, "SITEURL is empty"),
    ("user.github.io/repo", "repo", None, "has no scheme"),
    ("ftp://user.github.io/repo", "repo", None, "has no scheme"),
    ("https://user.github.io", "repo", None, "SITEURL path (none) does not match"),
    ("https://user.github.io/Repo-old", "repo", None, "SITEURL path /Repo-old does not match"),
    ("https://user.github.io/blog", "user.github.io", None, "served at the root"),
    ("https://someone.github.io", "user.github.io", None, "does not match the user-site"),
    ("https://user.github.io/repo", "repo", "www.example.com", "is not the custom domain"),
    ("https://www.example.com/repo", "repo", "www.example.com", "custom domain serves the site at its root"),
])
def test_siteurl_rules(siteurl, repo, cname, expected):
    problem = siteurl_problem(siteurl, repo, cname)
    if expected is None:
        assert problem is None
    else:
        assert expected in problem


# --- the command line: tasks.py's `deploy`, `gh-pages` and `check` in the copied project -----------

def invoke(project: Project, *args: str, **kwargs) -> subprocess.CompletedProcess:
    command = [str(Path(sys.executable).parent / "invoke"), *args]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.run(command, cwd=project.root, capture_output=True, text=True, env=env,
                          timeout=300, **kwargs)


def test_cli_deploy_then_gh_pages_dry_run(project):
    done = invoke(project, "deploy")
    assert done.returncode == 0, done.stderr
    assert "Published" in done.stdout
    before = project.remote_refs()
    assert "refs/heads/gh-pages" in before
    dry = invoke(project, "gh-pages", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Dry run: would publish" in dry.stdout
    assert project.remote_refs() == before


def test_cli_deploy_refuses_dirty_tree(project):
    (project.root / "content" / "pages" / "about.md").write_text("Title: About\n\nEdited.\n")
    refused = invoke(project, "deploy")
    assert refused.returncode == 1
    assert refused.stderr.strip().splitlines()[-1].startswith("deploy refused: uncommitted changes")
    assert project.remote_refs() == git(project.remote, "for-each-ref",
                                        "--format=%(refname) %(objectname)", "refs/heads/main")


def test_cli_check_after_preview_and_with_a_leak(project):
    assert invoke(project, "preview").returncode == 0
    passed = invoke(project, "check")
    assert passed.returncode == 0, passed.stderr
    assert "Check passed" in passed.stdout and "production build" in passed.stdout
    (project.root / "output" / "posts" / "notes.md").write_text("Title: notes\n")
    failed = invoke(project, "check", "--no-html")
    assert failed.returncode == 1
    assert "posts/notes.md: source file published (.md)" in failed.stderr
    assert failed.stderr.strip().splitlines()[-1].startswith("Check failed: 1 problem in ")
    assert "production build" in failed.stderr
    assert invoke(project, "build").returncode == 0
    development = invoke(project, "check")
    assert development.returncode == 0, development.stderr
    assert "development build" in development.stdout


def test_cli_deploy_interrupted_by_ctrl_c_pushes_nothing(project):
    before = project.remote_refs()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "invoke"), "deploy"], cwd=project.root,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        first = process.stdout.readline()
        assert first.startswith("Building the production site")
        process.send_signal(signal.SIGINT)  # Ctrl-C while the build runs
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode != 0
    assert "deploy refused:" in err and "nothing was pushed" in err
    assert project.remote_refs() == before


def test_the_builds_temporary_folders_are_not_uncommitted_changes(tmp_path):
    # A replaced output is deleted in the background after the swap (build.py _discard), so it can
    # still be next to output/ when the stamp is written or deploy checks the working tree.
    from commands.stamp import dirty_files

    root = tmp_path / "project"
    (root / "output").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / "README.md").write_text("x\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(root), "add", "README.md"], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.email=t@example.org", "-c", "user.name=T", "commit", "-qm", "x"],
                   check=True)
    (root / "output" / "index.html").write_text("<p>built</p>\n", encoding="utf-8")
    for name in (".foothold-retired-output-1764000000000000000-4242", ".foothold-staging-output-4243"):
        (root / name / "posts").mkdir(parents=True)
        (root / name / "posts" / "index.html").write_text("<p>old</p>\n", encoding="utf-8")
    assert dirty_files(root, root / "output") == []
    (root / "notes.txt").write_text("not committed\n", encoding="utf-8")
    assert dirty_files(root, root / "output") == ["notes.txt"]


def test_cli_deploy_dry_run_refuses_the_templates_placeholders(project):
    """The template's identity, as a fork that edited nothing has it: deploy builds, fails, pushes nothing."""
    conf = project.root / "pelican.conf"
    conf.write_text(conf.read_text(encoding="utf-8").replace("\nALLOW_PLACEHOLDERS = True\n", "\n"), encoding="utf-8")
    project.commit("the template's pelican.conf as it is")
    before = project.remote_refs()
    for args in (("deploy", "--dry-run"), ("deploy",)):
        refused = invoke(project, *args)
        assert refused.returncode == 1, refused.stdout
        for name in ("AUTHOR", "CONTACT_EMAIL", "SOCIAL", "SITENAME", "SITEURL"):
            assert re.search(rf"^pelican\.conf:\d+: {name}\b", refused.stderr, re.M), (name, refused.stderr)
        assert "Dry run: would publish" not in refused.stdout and "Published" not in refused.stdout
    assert project.remote_refs() == before
    assert not stamp_path(project.root).exists()
