"""Run one build as a fresh process and measure it: wall time, CPU time and peak memory of the whole
process tree.

A build is started by a small wrapper process (this file run as a script) that makes itself the
"child subreaper" of everything the build starts (Linux prctl): a helper the build detaches (a
double fork, a process in a session of its own, such as the one that deletes the replaced output)
is re-parented to the wrapper instead of to init, so the wrapper waits for it too. Its CPU time then
counts in ``getrusage(RUSAGE_CHILDREN)`` with every worker's, and it cannot run on into the next
measured build. Wall time ends when the build's own process exits (what its author waits for).

Peak memory is given three ways, sampled from /proc over every process below the wrapper:
``tree_rss_mb`` the largest sum of resident sets (every 50 ms; pages a forked worker shares with
its parent are counted in each), ``tree_pss_mb`` on request the largest sum of proportional set
sizes (every 250 ms; shared pages divided among their sharers), and ``max_rss_mb`` the largest
single process (ru_maxrss).
psutil could do the sampling; reading /proc directly keeps the benchmark free of a dependency
(Linux only; elsewhere the tree figures are 0).
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

PR_SET_CHILD_SUBREAPER = 36
# How long the wrapper waits for helpers the build left running (a background cache writer)
# before it gives up on them; they are killed then, and the run says so.
HELPER_TIMEOUT = 120.0


@dataclass
class Run:
    seconds: float
    max_rss_mb: float
    tree_rss_mb: float
    returncode: int
    stderr: str
    cpu_seconds: float = 0.0  # user + system time of the build and of every process below it
    tree_pss_mb: float = 0.0
    helpers_seconds: float = 0.0  # how long helpers ran on after the build's process exited
    stdout: str = ""


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as handle:
                found.extend(int(p) for p in handle.read().split())
        except OSError:
            pass
    return found


def _memory_kb(pid: int, pss: bool) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB ((RSS, 0) unless ``pss``); (0, 0) once it is gone. PSS
    costs the kernel a walk of the page tables (4 ms for a 400 MB process), RSS nothing."""
    found = [0, 0]
    keys = {"Rss:": 0, "Pss:": 1} if pss else {"VmRSS:": 0}
    try:
        with open(f"/proc/{pid}/smaps_rollup" if pss else f"/proc/{pid}/status") as handle:
            for line in handle:
                key = line.split(":", 1)[0] + ":"
                if key in keys:
                    found[keys[key]] = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return found[0], found[1]


def _tree_memory_kb(root: int, pss: bool) -> tuple[int, int]:
    """Sums over every process below ``root`` (not ``root`` itself: the wrapper)."""
    rss = total_pss = 0
    todo, seen = _children(root), set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        one_rss, one_pss = _memory_kb(current, pss)
        rss, total_pss = rss + one_rss, total_pss + one_pss
        todo.extend(_children(current))
    return rss, total_pss


def _become_subreaper() -> bool:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def wrapper_main(argv: list[str]) -> int:
    """``measure.py RESULT.json CWD [--pss] -- COMMAND...``: run COMMAND in CWD, write the figures
    as JSON. ``--pss``: sample proportional set sizes too (every 250 ms: they cost CPU to read)."""
    pss = "--pss" in argv[:argv.index("--")]
    if pss:
        argv = [a for i, a in enumerate(argv) if not (a == "--pss" and i < argv.index("--"))]
    result_path, cwd, dash, *command = argv
    assert dash == "--" and command, argv
    subreaper = _become_subreaper()
    me = os.getpid()
    peak = [0, 0]
    done = threading.Event()

    def sample():
        ticks = 0
        while not done.is_set():
            with_pss = pss and ticks % 5 == 0
            rss, proportional = _tree_memory_kb(me, with_pss)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], proportional)
            ticks += 1
            done.wait(0.05)

    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    # Both pipes are read at once (a thread each), so neither can fill up and stall the build.
    streams: dict[str, bytes] = {}
    readers = [threading.Thread(target=lambda name=name, pipe=pipe: streams.__setitem__(name, pipe.read()))
               for name, pipe in (("stdout", process.stdout), ("stderr", process.stderr))]
    for reader in readers:
        reader.start()
    _, status, _usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    # Helpers the build left running (re-parented here) are waited for as well: their CPU time
    # is the build's, and they must not run on into the next measured build.
    deadline, killed = time.monotonic() + HELPER_TIMEOUT, False
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid:
            continue
        if time.monotonic() > deadline and not killed:
            for pid in _children(me):
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            killed = True
        time.sleep(0.01)
    helpers = time.perf_counter() - started - seconds
    done.set()
    sampler.join()
    for reader in readers:
        reader.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = {
        "seconds": seconds, "returncode": process.returncode,
        "cpu_seconds": usage.ru_utime + usage.ru_stime, "max_rss_mb": usage.ru_maxrss / 1024,
        "tree_rss_mb": peak[0] / 1024, "tree_pss_mb": peak[1] / 1024, "helpers_seconds": helpers,
        "stdout": streams.get("stdout", b"").decode("utf-8", "replace")[-5000:],
        "stderr": streams.get("stderr", b"").decode("utf-8", "replace")[-5000:]
        + ("" if subreaper else "\n(bench: not a subreaper; detached helpers were not waited for)")
        + ("\n(bench: helpers still running after the build were killed)" if killed else ""),
    }
    with open(result_path, "w", encoding="utf-8") as handle:
        json.dump(figures, handle)
    return 0


def run_measured(command: list[str], env: dict | None = None, cwd: str | None = None,
                 python: str | None = None, pss: bool = False) -> Run:
    """Run ``command`` (in ``cwd``, with ``env``) under the measuring wrapper; its figures."""
    import tempfile

    python = python or sys.executable
    with tempfile.TemporaryDirectory(prefix="bench-run-") as temp:
        result = os.path.join(temp, "run.json")
        subprocess.run([python, os.path.abspath(__file__), result, cwd or os.getcwd(),
                        *(["--pss"] if pss else []), "--", *command],
                       env=env, check=True, stdin=subprocess.DEVNULL)
        with open(result, encoding="utf-8") as handle:
            figures = json.load(handle)
    return Run(**figures)


@contextlib.contextmanager
def busy_core(python: str | None = None):
    """One process spinning on a core for as long as the block runs (not pinned: the scheduler
    places it as it would an editor or a browser tab), then killed. Yields its pid."""
    spinner = subprocess.Popen([python or sys.executable, "-c", "while True: pass"],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.2)  # running before the first build starts
        yield spinner.pid
    finally:
        spinner.kill()
        spinner.wait()


if __name__ == "__main__":
    sys.exit(wrapper_main(sys.argv[1:]))
