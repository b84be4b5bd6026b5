"""`invoke deploy`: publish a checked production build to the gh-pages branch, or refuse.

Order (each refusal prints one line and leaves the remote as it was): clean working tree ->
SITEURL fits the repository -> production build -> `invoke check` -> success stamp of this commit
-> ghp-import onto the branch (.nojekyll always, CNAME when set) -> push without force.

The production build runs in a clean checkout of the source commit (a temporary ``git worktree``),
not in the working folder: a file git ignores or that was never committed (a ``__pycache__``
folder, a private note under content/) is not in the commit, so it is not in the site either, and
the published site is exactly what the commit it names holds (FAULTS 33).
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from .stamp import dirty_files, git_head, output_files, production_build, verify_stamp


class Refused(Exception):
    """Deploy stops here; the message is the one-line reason."""


def repository_name(remote_url: str) -> str | None:
    """``repo`` from https://github.com/user/repo.git, git@github.com:user/repo, /srv/repo.git."""
    name = re.split(r"[/:\\]", remote_url.strip().rstrip("/"))[-1]
    name = name.removesuffix(".git")
    return name or None


def siteurl_problem(siteurl: str, repo: str | None, cname: str | None) -> str | None:
    """Why ``siteurl`` cannot be where this repository's Pages site is served, or None."""
    if not siteurl:
        return ("SITEURL is empty: set it in the PRODUCTION dict of pelican.conf, "
                "e.g. https://USER.github.io/REPO")
    parts = urlsplit(siteurl)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"SITEURL {siteurl!r} has no scheme and host: write it as https://..."
    host, path = parts.hostname.lower(), parts.path.rstrip("/")
    if cname:
        if host != cname.lower():
            return f"SITEURL host {host} is not the custom domain {cname} (CNAME)"
        if path:
            return f"SITEURL has the path {path}, but a custom domain serves the site at its root"
        return None
    if repo is None:
        return None
    if repo.lower().endswith(".github.io"):
        # A user or organisation site (repository USER.github.io) is served at the root.
        if path:
            return f"SITEURL has the path {path}, but the user site {repo} is served at the root"
        if host.endswith(".github.io") and host != repo.lower():
            return f"SITEURL host {host} does not match the user-site repository {repo}"
        return None
    if path != "/" + repo:
        return (f"SITEURL path {path or '(none)'} does not match the repository: a project site "
                f"is served at https://USER.github.io/{repo}")
    return None


def _git(root: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise Refused(f"git {args[0]} failed: {_last_line(result.stderr)}")
    return result


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else "no message"


def _ref(root: Path, ref: str) -> str | None:
    result = _git(root, "rev-parse", "--verify", "--quiet", ref)
    return result.stdout.strip() if result.returncode == 0 else None


def _fetch_branch(root: Path, remote: str, branch: str, *, fetch: bool = True) -> None:
    """Bring the remote's branch in, so the new commit goes on top of its history."""
    listed = _git(root, "ls-remote", "--heads", remote, f"refs/heads/{branch}")
    if listed.returncode != 0:
        raise Refused(f"cannot reach the remote {remote!r}: {_last_line(listed.stderr)}")
    if fetch and listed.stdout.strip():
        _git(root, "fetch", "--quiet", remote,
             f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}", check=True)


def _expected_tree(output: Path, cname: str | None) -> dict[str, str]:
    """Path -> blob id that the published branch must hold."""
    files = output_files(output)
    hashed = subprocess.run(["git", "hash-object", "--no-filters", "--stdin-paths"],
                            input="\n".join(str(output / rel) for rel in files) + "\n",
                            capture_output=True, text=True, check=True).stdout.split()
    tree = dict(zip(files, hashed))
    empty = subprocess.run(["git", "hash-object", "--stdin"], input="", capture_output=True,
                           text=True, check=True).stdout.strip()
    tree[".nojekyll"] = empty
    if cname:
        # ghp-import writes the domain without a trailing newline.
        tree["CNAME"] = subprocess.run(["git", "hash-object", "--stdin"], input=cname,
                                       capture_output=True, text=True, check=True).stdout.strip()
    return tree


def _branch_tree(root: Path, branch: str) -> dict[str, str]:
    listing = _git(root, "ls-tree", "-r", "-z", f"refs/heads/{branch}", check=True).stdout
    tree = {}
    for entry in filter(None, listing.split("\0")):
        meta, path = entry.split("\t", 1)
        tree[path] = meta.split()[2]
    return tree


def _commit_message(message: str | None, head: str, siteurl: str, dirty: bool) -> str:
    subject = message or f"Publish site from {head[:12]}"
    note = " (with uncommitted changes)" if dirty else ""
    return f"{subject}\n\nSource commit: {head}{note}\nSITEURL: {siteurl}\n"


def _publish(root, output, *, remote, branch, cname, message, force) -> str:
    """ghp-import the output onto the branch and push it; the local branch is restored on failure."""
    before = _ref(root, f"refs/heads/{branch}")
    try:
        # ghp-import's CLI (not its Python API) because the API works on the current directory.
        imported = subprocess.run(
            [sys.executable, "-m", "ghp_import", "--no-jekyll", "--remote", remote,
             "--branch", branch, "--message", message, *(["--cname", cname] if cname else []),
             str(output)], cwd=root, capture_output=True, text=True)
        after = _ref(root, f"refs/heads/{branch}")
        if imported.returncode != 0 or after is None or after == before:
            raise Refused("ghp-import did not write the branch: "
                          + _last_line(imported.stderr + imported.stdout))
        if _branch_tree(root, branch) != _expected_tree(output, cname):
            raise Refused(f"the {branch} commit does not match output/ exactly; nothing pushed")
        push = ["push", "--quiet", *(["--force"] if force else []), remote,
                f"refs/heads/{branch}:refs/heads/{branch}"]
        pushed = _git(root, *push)
        if pushed.returncode != 0:
            raise Refused(f"git push to {remote} was rejected: {_last_line(pushed.stderr)}"
                          + ("" if force else " (use --force only if you mean to replace history)"))
        return after
    except BaseException:
        if before is None:
            _git(root, "update-ref", "-d", f"refs/heads/{branch}")
        else:
            _git(root, "update-ref", f"refs/heads/{branch}", before)
        raise


def _default_build(root: Path):
    return production_build(root)


@contextlib.contextmanager
def clean_checkout(root: Path, head: str, with_changes: bool, output: Path | None = None):
    """A temporary checkout of ``head`` (``git worktree``, removed afterwards); ``with_changes``
    (--allow-dirty) copies in the working tree's uncommitted changes too, never a file git ignores."""
    folder = Path(tempfile.mkdtemp(prefix="foothold-deploy-"))
    checkout = folder / root.name
    added = _git(root, "worktree", "add", "--detach", "--quiet", str(checkout), head)
    try:
        if added.returncode != 0:
            raise Refused(f"cannot check out {head[:12]} to build it: {_last_line(added.stderr)}")
        if with_changes:
            _copy_changes(root, checkout, output)
        yield checkout
    finally:
        _git(root, "worktree", "remove", "--force", str(checkout))
        shutil.rmtree(folder, ignore_errors=True)
        _git(root, "worktree", "prune")


def _copy_changes(root: Path, checkout: Path, output: Path | None) -> None:
    skipped = []
    if output is not None:
        with contextlib.suppress(ValueError):
            skipped.append(output.resolve().relative_to(root.resolve()).as_posix() + "/")
    listed = _git(root, "ls-files", "-z", "--modified", "--others", "--exclude-standard", check=True).stdout
    for rel in sorted(set(filter(None, listed.split("\0")))):
        if rel.startswith((*skipped, ".foothold")):
            continue
        source, target = root / rel, checkout / rel
        if source.is_file() and not source.is_symlink():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
        elif source.is_symlink():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)
            target.symlink_to(source.readlink())
    deleted = _git(root, "ls-files", "-z", "--deleted", check=True).stdout
    for rel in filter(None, deleted.split("\0")):
        (checkout / rel).unlink(missing_ok=True)


def deploy(root: Path, *, remote: str = "origin", branch: str = "gh-pages",
           cname: str | None = None, message: str | None = None, dry_run: bool = False,
           allow_dirty: bool = False, force: bool = False, build=None) -> int:
    """Publish, or refuse with one line on stderr. Returns the exit code."""
    root = Path(root).resolve()
    try:
        return _deploy(root, remote=remote, branch=branch, cname=cname, message=message,
                       dry_run=dry_run, allow_dirty=allow_dirty, force=force, build=build)
    except Refused as refusal:
        print(f"deploy refused: {refusal}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("deploy refused: interrupted; nothing was pushed", file=sys.stderr)
        return 130


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _production_settings(root: Path) -> dict:
    from foothold.config import ConfigError, load_settings

    try:
        return load_settings(root, production=True)
    except ConfigError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        if len(error.problems) == 1:
            raise Refused(str(error.problems[0]).split("\n")[0]) from None
        raise Refused(f"pelican.conf has {_plural(len(error.problems), 'problem')} (above)") from None


def _refuse_dirty(dirty: list[str], allow_dirty: bool) -> None:
    if dirty and not allow_dirty:
        shown = ", ".join(dirty[:3]) + (", ..." if len(dirty) > 3 else "")
        raise Refused(f"uncommitted changes ({shown}): commit them, or pass --allow-dirty")


def _check_target(root: Path, remote: str, branch: str, cname: str | None, siteurl: str) -> None:
    """The branch, the remote, the custom domain and SITEURL fit together."""
    if _git(root, "check-ref-format", "--branch", branch).returncode != 0:
        raise Refused(f"{branch!r} is not a valid branch name")
    current = _git(root, "symbolic-ref", "--quiet", "--short", "HEAD").stdout.strip()
    if branch == current:
        # ghp-import replaces the branch's whole tree: on the source branch that would bury it.
        raise Refused(f"{branch!r} is the branch you work on; publish to gh-pages instead")
    remote_url = _git(root, "remote", "get-url", remote)
    if remote_url.returncode != 0:
        raise Refused(f"no git remote named {remote!r}; add it with `git remote add {remote} URL`")
    if cname and not re.fullmatch(r"[a-z0-9]([a-z0-9.-]*[a-z0-9])?\.[a-z]{2,}", cname):
        raise Refused(f"CNAME {cname!r} is not a domain name (write it as www.example.com)")
    problem = siteurl_problem(siteurl, repository_name(remote_url.stdout), cname)
    if problem:
        raise Refused(problem)


def _build_and_check(root: Path, build, siteurl: str, allow_dirty: bool) -> Path:
    """Run the production build and the site check; the output folder they approved."""
    from sitecheck import check_site

    print("Building the production site...")
    result = build()
    if getattr(result, "interrupted", False):
        raise Refused("the build was interrupted; nothing was pushed")
    if not result.ok:
        print(result.stderr_text, file=sys.stderr)
        raise Refused(f"the production build failed ({_plural(len(result.problems), 'problem')} above)")
    output = Path(result.output)
    if not output.is_dir() or not output_files(output):
        raise Refused(f"the output would be empty ({output} has no files)")
    print("Checking the built site...")
    problems = check_site(output, siteurl)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        raise Refused(f"`invoke check` found {_plural(len(problems), 'problem')} (above)")
    reason = verify_stamp(root, output, siteurl=siteurl, allow_dirty=allow_dirty)
    if reason:
        raise Refused(reason)
    return output


def _deploy(root, *, remote, branch, cname, message, dry_run, allow_dirty, force, build) -> int:
    head = git_head(root)
    if head is None:
        raise Refused(f"{root} is not a git repository with a commit; commit your site first")
    settings = _production_settings(root)
    dirty = dirty_files(root, Path(settings["OUTPUT_PATH"]))
    _refuse_dirty(dirty, allow_dirty)
    cname = ((cname if cname is not None else settings.get("CNAME")) or "").strip().lower() or None
    siteurl = str(settings.get("SITEURL") or "")
    _check_target(root, remote, branch, cname, siteurl)
    if build is not None:  # a caller's own build of ``root`` (the tests' failing and interrupted builds)
        return _check_and_publish(root, root, build, head, dirty, siteurl, remote=remote, branch=branch,
                                  cname=cname, message=message, dry_run=dry_run, allow_dirty=allow_dirty, force=force)
    with clean_checkout(root, head, with_changes=bool(dirty), output=Path(settings["OUTPUT_PATH"])) as checkout:
        print(f"Building {head[:12]} in a clean checkout (files git ignores are not part of the site)...")
        return _check_and_publish(root, checkout, lambda: _default_build(checkout), head, dirty, siteurl,
                                  remote=remote, branch=branch, cname=cname, message=message, dry_run=dry_run,
                                  allow_dirty=allow_dirty, force=force)


def _check_and_publish(root, built_in, build, head, dirty, siteurl, *, remote, branch, cname, message, dry_run,
                       allow_dirty, force) -> int:
    """Build in ``built_in`` (the project, or a clean checkout of it), check, publish from ``root``."""
    output = _build_and_check(built_in, build, siteurl, allow_dirty)

    _fetch_branch(root, remote, branch, fetch=not dry_run)
    extras = ".nojekyll" + (f" and CNAME {cname}" if cname else "")
    count = len(output_files(output))
    if dry_run:
        print(f"Dry run: would publish {count} files (+ {extras}) from {head[:12]} "
              f"to {remote}/{branch}; nothing was written or pushed.")
        return 0
    commit = _publish(root, output, remote=remote, branch=branch, cname=cname, force=force,
                      message=_commit_message(message, head, siteurl, bool(dirty)))
    print(f"Published {count} files (+ {extras}) to {remote}/{branch} as {commit[:12]}, "
          f"from source commit {head[:12]}. Site: {siteurl}/")
    return 0
