"""Work a plugin starts at the end of Pelican's run and the staged build finishes later.

Pagefind indexes the staging folder in its own process (it is multi-threaded Rust) while the build
checks the same pages' links in Python: on two cores the two overlap almost entirely. A plugin
starts such work, then hands ``finish`` and ``cancel`` callables to ``run_later``; ``build.py``
calls every ``finish`` after its link check, before swapping the output in (so problems they add
still stop the build), or every ``cancel`` when the build failed or was interrupted. Outside a
Foothold build (a bare Pelican run) nobody collects the work, and the plugin finishes it at once.
"""

from __future__ import annotations

from typing import Callable

KEY = "FOOTHOLD_DEFERRED"


def collect(settings) -> None:
    """Called by the build runner before Pelican runs: from now on work can be handed over."""
    settings[KEY] = []


def run_later(settings, finish: Callable[[], None], cancel: Callable[[], None], writes: str | None = None) -> bool:
    """Hand ``finish``/``cancel`` to the build runner; False when there is none (finish it now).

    ``writes`` is the output folder the work is still writing: checks that run meanwhile skip it.
    """
    pending = settings.get(KEY)
    if pending is None:
        return False
    pending.append((finish, cancel, writes))
    return True


def busy_folders(settings) -> list[str]:
    return [writes for _f, _c, writes in settings.get(KEY) or [] if writes]


def finish_all(settings) -> None:
    # Each piece leaves the list only once finished: a Ctrl-C while one is waited for leaves it
    # there for cancel_all, which stops it and lets it remove its working folder.
    pending = settings.get(KEY) or []
    while pending:
        finish, _cancel, _writes = pending[0]
        finish()
        pending.pop(0)
    settings.pop(KEY, None)


def cancel_all(settings) -> None:
    for _finish, cancel, _writes in settings.pop(KEY, None) or []:
        try:
            cancel()
        except Exception:  # noqa: BLE001 - cancelling must never hide the build's own error
            pass
