"""Run one build as a fresh process and measure it: wall time and peak memory.

Peak memory is given two ways: ``max_rss_mb``, the largest resident set of any one process of the
build (``ru_maxrss`` from wait4, which covers the descendants it waited for), and ``tree_rss_mb``,
the largest sum over the whole process tree (the build plus its render workers), sampled from
/proc every 50 ms. psutil could do the sampling; reading /proc/<pid>/stat and status directly keeps
the benchmark free of an extra dependency (Linux only; elsewhere tree_rss_mb is 0).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass


@dataclass
class Run:
    seconds: float
    max_rss_mb: float
    tree_rss_mb: float
    returncode: int
    stderr: str
    cpu_seconds: float = 0.0  # user + system time of the build and every process it waited for


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_rss_kb(pid: int) -> int:
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += _rss_kb(current)
        todo.extend(_children(current))
    return total


def run_measured(command: list[str], env: dict | None = None, cwd: str | None = None) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(process.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = process.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stderr.close()
    return Run(seconds, usage.ru_maxrss / 1024, peak[0] / 1024, process.returncode, stderr,
               usage.ru_utime + usage.ru_stime)
