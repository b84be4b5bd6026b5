"""Work a plugin starts at the end of Pelican's run and the staged build finishes later.

Pagefind indexes the staging folder in its own process (it is multi-threaded Rust) while the build
checks the same pages' links in Python: on two cores the two overlap almost entirely. The layer
installs ``Deferred.run_later`` as ``BuildState.run_later``; a plugin starts such work, then hands
``finish`` and ``cancel`` callables to it. The kernel sends ``staging_closing`` with commit=True
after its link check, before swapping the output in (``finish_all``: problems they add still stop
the build), and with commit=False from its clean-up (``cancel_all``: a failed or interrupted build).
Without the layer (or outside a Foothold build) nobody takes the work, and the plugin finishes it
at once.
"""

from __future__ import annotations

from typing import Callable


class Deferred:
    """The work one build took; ``busy`` is the kernel's ``BuildState.busy_folders``."""

    def __init__(self, busy: list[str]):
        self.pending: list[tuple[Callable, Callable, str | None]] = []
        self.busy = busy

    def run_later(self, finish: Callable[[], None], cancel: Callable[[], None], writes: str | None = None) -> bool:
        """Take ``finish``/``cancel``; ``writes`` is the output folder the work is still writing,
        which checks that run meanwhile skip."""
        self.pending.append((finish, cancel, writes))
        if writes:
            self.busy.append(writes)
        return True

    def finish_all(self) -> None:
        # Each piece leaves the list only once finished: a Ctrl-C while one is waited for leaves it
        # there for cancel_all, which stops it and lets it remove its working folder.
        while self.pending:
            finish, _cancel, writes = self.pending[0]
            finish()
            self.pending.pop(0)
            if writes in self.busy:
                self.busy.remove(writes)

    def cancel_all(self) -> None:
        pending, self.pending = self.pending, []
        for _finish, cancel, _writes in pending:
            try:
                cancel()
            except Exception:  # noqa: BLE001 - cancelling must never hide the build's own error
                pass
        self.busy.clear()
