"""A development rebuild makes its page folders in a helper process while Pelican reads the content.

Every page lives in a folder of its own (``posts/<slug>/index.html``), and the staging output of a
rebuild is new, so a 1,000-post rebuild makes about 1,100 folders; at 0.3 ms each that was 0.3 s of
Pelican's writing phase. The folders that held an ``index.html`` in the output being replaced are
made in advance by a forked process (a thread would stop the build from forking its workers), and
the writer then finds them there. Any that nothing was written into (a post deleted since) are
removed again before the swap: a published output never has an empty folder.
"""

from __future__ import annotations

import functools
import os

from .forked import Children, can_fork, died


def _wanted(previous: str) -> list[str]:
    """Folders (relative) of ``previous`` that hold an index.html, with the folders above them,
    parents before children."""
    wanted = set()
    for dirpath, _dirnames, filenames in os.walk(previous):
        rel = os.path.relpath(dirpath, previous)
        if rel != "." and "index.html" in filenames:
            while rel and rel not in wanted:
                wanted.add(rel)
                rel = os.path.dirname(rel)
    return sorted(wanted)  # "a" sorts before "a/b"


def _make(previous: str, staging: str, _number, _count, connection) -> None:
    made = []
    try:
        for rel in _wanted(previous):
            target = os.path.join(staging, rel)
            try:
                os.mkdir(target)
            except FileExistsError:
                continue  # the writer was first
            made.append(target)
    except OSError:
        pass  # the writer makes what it needs itself
    connection.send(made)
    connection.close()


class FolderPrep:
    def __init__(self, previous: str, staging: str):
        self.previous = previous
        self.staging = staging
        self.children = None

    def start(self) -> FolderPrep:
        if can_fork():
            self.children = Children(functools.partial(_make, self.previous, self.staging), 1).start()
        return self

    def stop(self) -> None:
        """A failed build: stop making folders (the staging folder is about to be removed)."""
        if self.children is not None:
            self.children.stop()
            self.children = None

    def finish(self) -> None:
        """Everything is written: remove the folders made in advance that are still empty."""
        if self.children is None:
            return
        [made] = self.children.receive()
        self.children = None
        if died(made):  # any folder it may have made is tried
            made = [os.path.join(self.staging, rel) for rel in _wanted(self.previous)]
        for folder in reversed(made):  # children before their parents
            try:
                os.rmdir(folder)  # fails unless the folder is empty, which is the check
            except OSError:
                pass
