"""Ctrl-C and SIGTERM at a few points of a full build: exit 130, and output/ either the previous
site, untouched, or (once the new site was swapped in) the new one, whole.

Each check edits one post (so the interrupted build would change output/), starts
`invoke build --full` in a session of its own, watches the project folder and sends the signal
when the build reaches the point: Ctrl-C goes to the build's whole process group, as a terminal
sends it; SIGTERM to the build's process only, as `kill` does. Then a plain build of the same
content (not interrupted) must succeed: when output/ changed, it must hold exactly what that build
writes, so the interrupted build left a whole site, not a mixture.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

STARTUP_DELAY = 0.1
# A point: (name, what the build is doing when the signal is sent).
POINTS = (
    ("start-up", f"{STARTUP_DELAY:.1f} s after the process started (Python loading invoke and tasks.py; the build not begun)"),
    ("early", "as soon as the staging folder appears (settings loaded, Pelican about to read the sources)"),
    ("mid-render", "once the staging folder holds half as many files as the previous output"),
    ("late", "once the staging folder holds 90% as many files as the previous output (last pages, link check, search index)"),
    ("at the swap", "the moment the staging folder is renamed to output/ (the signal lands just after)"),
)
SIGNALS = (("Ctrl-C", signal.SIGINT), ("SIGTERM", signal.SIGTERM))
# pelican-sitemap stamps pages without a date with the build's clock (as tests/foothold_test_support.tree).
_BUILD_TIME = re.compile(rb"<lastmod>[^<]*</lastmod>")


@dataclass
class Check:
    point: str
    signal_name: str
    sent: bool  # the build reached the point (while still running) and the signal was sent
    exit_code: int  # as a shell shows it (128 + n for a process killed by signal n)
    outcome: str
    passed: bool | None  # None: nothing to judge (the build ended before the point)
    seconds: float = 0.0  # from the start of the build to the signal


def site_digest(folder: Path) -> tuple[str, dict[str, str]]:
    """A digest of every file of a built site (the sitemap without the build's clock), and each file's."""
    files: dict[str, str] = {}
    if not folder.is_dir():
        return "missing", files
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.name == "sitemap.xml":
                data = _BUILD_TIME.sub(b"<lastmod/>", data)
            files[path.relative_to(folder).as_posix()] = hashlib.sha256(data).hexdigest()
    whole = hashlib.sha256("\n".join(f"{k} {v}" for k, v in files.items()).encode()).hexdigest()
    return whole, files


def _count_files(folder: Path) -> int:
    total = 0
    for _root, _dirs, names in os.walk(folder):
        total += len(names)
    return total


def _shell_code(returncode: int) -> int:
    return returncode if returncode >= 0 else 128 - returncode


def _start(command: list[str], cwd: Path, env: dict, log_path: Path) -> subprocess.Popen:
    def child_setup():
        # A harness started without job control (`cmd &`) ignores SIGINT, and so would the build
        # it starts: Python only installs its Ctrl-C handler where SIGINT is not ignored.
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    with open(log_path, "wb") as log:
        return subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=child_setup)


# Builds tried per check before it is reported as "not judged" (the build ended before the point).
ATTEMPTS = 3


def _interrupted_build(command, project: Path, env, point: str, signum, previous_files: int,
                       staging_prefix: str, log_path: Path) -> tuple[int, bool, float]:
    """Run the build, send ``signum`` at ``point``; (shell exit code, sent, seconds to the signal)."""
    started = time.perf_counter()
    process = _start(command, project, env, log_path)
    staging: Path | None = None
    sent, at = False, 0.0
    last_count = 0.0
    # Counting walks the staging folder: often for a small site, less often for a large one (a
    # walk of 5,000 files would otherwise take a good part of a core from the build).
    interval = 0.02 if previous_files < 500 else 0.1
    while process.poll() is None:
        if not sent:
            if staging is None:
                found = [p for p in project.iterdir() if p.name.startswith(staging_prefix)]
                staging = found[0] if found else None
            reached = False
            if point == "start-up":
                reached = time.perf_counter() - started >= STARTUP_DELAY
            elif staging is not None:
                if point == "early":
                    reached = True
                elif point == "at the swap":
                    reached = not staging.exists()
                elif time.perf_counter() - last_count > interval:
                    last_count = time.perf_counter()
                    need = previous_files // 2 if point == "mid-render" else previous_files * 9 // 10
                    reached = staging.exists() and _count_files(staging) >= max(1, need)
            if reached and process.poll() is None:
                if signum == signal.SIGINT:
                    os.killpg(process.pid, signum)  # a terminal's Ctrl-C reaches the whole group
                else:
                    os.kill(process.pid, signum)
                sent, at = True, time.perf_counter() - started
        time.sleep(0.001)
    return _shell_code(process.returncode), sent, at


def run_interrupt_checks(project: Path, python: str, env: dict, edit, log=print) -> list[Check]:
    """Every point x signal on ``project`` (a Foothold project whose content ``edit()`` changes:
    one post, differently each call). Builds it first when output/ is missing."""
    from foothold.build import STAGING_PREFIX

    full = [python, "-m", "invoke", "build", "--full"]
    output = project / "output"
    logs = project.parent / "interrupt-logs"
    logs.mkdir(exist_ok=True)
    if not output.is_dir():
        subprocess.run(full, cwd=project, env=env, check=True, stdout=subprocess.DEVNULL)
    checks: list[Check] = []
    for point, _what in POINTS:
        for signal_name, signum in SIGNALS:
            log(f"  interrupt check: {signal_name} {point}")
            log_path = logs / f"{point.replace(' ', '-')}-{signal_name}.log"
            for _attempt in range(ATTEMPTS):  # a build may end between two looks at its staging folder
                before, before_files = site_digest(output)
                edit()
                code, sent, at = _interrupted_build(full, project, env, point, signum, len(before_files),
                                                    STAGING_PREFIX, log_path)
                if sent:
                    break
            after, after_files = site_digest(output)
            leftovers = [p.name for p in project.iterdir() if p.name.startswith(STAGING_PREFIX)]
            recovery = subprocess.run(full, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            rebuilt, rebuilt_files = site_digest(output)
            checks.append(_judge(point, signal_name, sent, code, at, before, after, after_files, rebuilt,
                                 rebuilt_files, recovery, leftovers, log_path))
    return checks


def _judge(point, signal_name, sent, code, at, before, after, after_files, rebuilt, rebuilt_files,
           recovery, leftovers, log_path) -> Check:
    def check(outcome: str, passed: bool | None) -> Check:
        if leftovers:
            outcome += f"; staging folder left behind: {', '.join(leftovers)}"
        if recovery.returncode != 0:
            outcome += f"; the next build failed (exit {recovery.returncode}): {recovery.stderr.decode()[-300:]}"
            passed = False
        return Check(point, signal_name, sent, code, outcome, passed, at)

    if not sent:
        whole = after == rebuilt
        return check(f"the build ended before reaching the point, {ATTEMPTS} times (nothing interrupted); output/ "
                     + ("whole" if whole else "differs from a clean build"), None if whole else False)
    if code == 0:
        whole = after == rebuilt
        return check("the build finished anyway (exit 0; the signal came as it was ending); output/ "
                     + ("whole" if whole else "differs from a clean build"), None if whole else False)
    if code != 130:
        tail = log_path.read_text(encoding="utf-8", errors="replace")[-300:].strip().replace("\n", " ")
        how = f"killed by {signal.Signals(code - 128).name}" if 128 < code < 128 + 65 else f"exit {code}"
        return check(f"exit {code}, not 130 ({how}){': ' + tail if tail else ''}", False)
    if after == before:
        return check("exit 130; previous output intact", True)
    if after == rebuilt:
        return check("exit 130 after the new site was in place; output/ is that build, whole", True)
    differing = sorted(name for name in set(after_files) | set(rebuilt_files)
                       if after_files.get(name) != rebuilt_files.get(name))
    return check(f"exit 130 but output/ is neither the previous site nor a whole new one "
                 f"({len(differing)} files differ: {', '.join(differing[:5])})", False)
