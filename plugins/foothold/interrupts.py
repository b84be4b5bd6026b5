"""Ctrl-C and SIGTERM held back around the few steps a signal must not split.

The kernel holds them while it swaps the staging folder in (two renames: an interrupt between them
would leave no output/ at all); the speed layer holds them while it forks. Python runs at-fork
callbacks around every fork (the logging module registers some); an exception raised inside one
(KeyboardInterrupt, or build.py's BuildInterrupted) is printed as "Exception ignored" and dropped,
so an interrupt landing there was lost and the build went on. Forked children take the signals
back with ``release_interrupts``.
"""

from __future__ import annotations

import contextlib
import signal
import threading

# Ctrl-C, and the SIGTERM that build.py turns into the same clean stop.
HELD = frozenset({signal.SIGINT, signal.SIGTERM})


@contextlib.contextmanager
def interrupts_held():
    """Hold SIGINT and SIGTERM back for the block; they are delivered as it ends."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def release_interrupts() -> None:
    """In a child forked under ``interrupts_held``: take SIGINT and SIGTERM as any process does."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD)
