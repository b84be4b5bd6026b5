"""The success stamp: proof that output/ is what a finished production build of this commit wrote.

Deploy publishes nothing without it (FAULTS 29). It lives outside output/ (in .foothold/, which git
ignores) so that publishing output/ never publishes the stamp, and it holds a digest of every file
in output/ so that any later change to the folder (a killed build, a hand edit) invalidates it.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time
from pathlib import Path

from foothold.build import BuildResult, build_site
from foothold.problems import ProblemLog
from foothold.state import build_state

STAMP_FILE = Path(".foothold") / "build-stamp.json"
VERSION = 1


def stamp_path(root: Path) -> Path:
    return Path(root) / STAMP_FILE


def output_files(output: Path) -> list[str]:
    """Files of the site as ghp-import publishes them: symlinked folders are not entered."""
    found = []
    for dirpath, dirnames, filenames in os.walk(output):
        dirnames.sort()
        rel_dir = os.path.relpath(dirpath, output)
        for name in filenames:
            found.append(Path(rel_dir, name).as_posix() if rel_dir != "." else name)
    return sorted(found)


def tree_digest(output: Path) -> tuple[str, int]:
    """SHA-256 over every file's path and content, and the number of files."""
    output = Path(output)
    digest = hashlib.sha256()
    files = output_files(output)
    for rel in files:
        digest.update(rel.encode("utf-8") + b"\0")
        with open(output / rel, "rb") as handle:
            digest.update(hashlib.file_digest(handle, "sha256").digest())
    return digest.hexdigest(), len(files)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)


def git_head(root: Path) -> str | None:
    """The commit checked out in ``root``, or None outside git (or before the first commit)."""
    try:
        result = _git(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except FileNotFoundError:  # git itself is not installed
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def dirty_files(root: Path, output: Path | None = None) -> list[str]:
    """Uncommitted changes (untracked files included) under ``root``, except the build's own files."""
    root = Path(root)
    pathspec = ["--", ".", f":(exclude){STAMP_FILE.parent.as_posix()}"]
    if output is not None:
        try:
            rel = Path(output).resolve().relative_to(root.resolve())
            pathspec.append(f":(exclude){rel.as_posix()}")
            # The build's temporary folders next to the output (staging, and a replaced output
            # still being deleted in the background: build.py).
            parent = "" if rel.parent.as_posix() == "." else rel.parent.as_posix() + "/"
            pathspec.append(f":(exclude,glob){parent}.foothold-*/**")
        except ValueError:
            pass  # the output folder is outside the project
    try:
        result = _git(root, "status", "--porcelain", "--untracked-files=normal", *pathspec)
    except FileNotFoundError:
        return []
    if result.returncode != 0:
        return []
    return [line[3:] for line in result.stdout.splitlines() if line.strip()]


def write_stamp(root: Path, output: Path, *, production: bool, siteurl: str) -> Path:
    root = Path(root)
    digest, count = tree_digest(output)
    stamp = {
        "version": VERSION,
        "commit": git_head(root),
        "dirty": bool(dirty_files(root, output)),
        "production": bool(production),
        "siteurl": siteurl,
        "output": str(Path(output).resolve()),
        "files": count,
        "digest": digest,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    path = stamp_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written to a temporary name and renamed, so a stamp is never half-written.
    partial = path.with_name(path.name + f".{os.getpid()}.tmp")
    partial.write_text(json.dumps(stamp, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)
    return path


def read_stamp(root: Path) -> dict | None:
    try:
        stamp = json.loads(stamp_path(root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) and stamp.get("version") == VERSION else None


def verify_stamp(root: Path, output: Path, *, siteurl: str | None = None,
                 allow_dirty: bool = False) -> str | None:
    """None when ``output`` may be deployed, else the one-line reason it may not."""
    root, output = Path(root), Path(output)
    stamp = read_stamp(root)
    if stamp is None:
        return ("no success stamp: no production build of this project has finished "
                "(a failed or interrupted build leaves none)")
    if not stamp.get("production"):
        return "the stamped build was not a production build"
    if stamp.get("output") != str(output.resolve()):
        return f"the success stamp is for {stamp.get('output')}, not {output}"
    head = git_head(root)
    if head is None:
        return "the project is not a git repository with a commit, so the source cannot be recorded"
    if stamp.get("commit") != head:
        built = (stamp.get("commit") or "no commit")[:12]
        return f"output/ was built from {built}, but the checked-out commit is {head[:12]}; rebuild"
    if stamp.get("dirty") and not allow_dirty:
        return "output/ was built from a working tree with uncommitted changes"
    if siteurl is not None and stamp.get("siteurl") != siteurl:
        return f"output/ was built for SITEURL {stamp.get('siteurl')!r}, not {siteurl!r}"
    if not output.is_dir():
        return f"{output} does not exist"
    digest, count = tree_digest(output)
    if digest != stamp.get("digest"):
        return (f"output/ changed after the build that stamped it ({count} files now, "
                f"{stamp.get('files')} then): rebuild")
    return None


def stamp_build(settings, output: Path, problems: ProblemLog) -> None:
    """``after_commit`` of a production build (foothold.build.build_site): the success stamp, once
    the new site is in output/. A build interrupted before this point leaves no stamp."""
    root = Path(build_state(settings).root)
    try:
        write_stamp(root, output, production=True, siteurl=settings.get("SITEURL", ""))
    except OSError as exc:
        problems.add(str(stamp_path(root)), None, f"cannot write the success stamp: {exc.strerror or exc}",
                     "output/ holds the new site, but `invoke deploy` publishes nothing without the stamp: "
                     "check free disk space and that .foothold/ is writable, then run `invoke preview` again")


def production_build(root: Path | str | None = None, overrides: dict | None = None) -> BuildResult:
    """The production build `invoke preview` and `invoke deploy` make: stamped when it succeeded."""
    return build_site(root, production=True, overrides=overrides, after_commit=stamp_build)
