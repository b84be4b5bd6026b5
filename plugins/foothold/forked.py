"""Map a pure function over items in forked processes while this process does something else.

The children inherit the build's objects as they are (fork), so nothing is pickled on the way in;
only results come back. Made for CPU work on objects that cannot be sent to a process pool (a
Pelican context full of content objects), which is why concurrent.futures does not fit here.
"""

from __future__ import annotations

import gc
import multiprocessing
import threading
import traceback


def can_fork() -> bool:
    """Forking is safe only on a platform that has it, from a process with no other thread."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _child(function, items, start, step, connection) -> None:
    try:
        result = ("ok", [function(item) for item in items[start::step]])
    except BaseException:  # noqa: BLE001 - the parent does this share itself and raises there
        result = ("failed", traceback.format_exc())
    connection.send(result)
    connection.close()


class ForkedMap:
    """``function`` over ``items`` in ``workers`` children; ``results()`` in the items' order.

    Start it, do other work here, then call ``results()``. A child that fails or dies has its share
    done again here, so an exception is raised exactly as a plain loop would raise it.
    """

    def __init__(self, function, items: list, workers: int):
        self.function = function
        self.items = items
        self.workers = max(1, min(workers, len(items)))
        self.children = []

    def start(self) -> ForkedMap:
        context = multiprocessing.get_context("fork")
        # Objects the children inherit are moved out of the garbage collector's sight: a collection
        # in a child would otherwise write to every object's header and copy the parent's memory.
        gc.freeze()
        try:
            for start in range(self.workers):
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(target=_child, args=(self.function, self.items, start, self.workers, sender),
                                          daemon=True)
                process.start()
                sender.close()
                self.children.append((start, process, receiver))
        finally:
            gc.unfreeze()
        return self

    def results(self) -> list:
        out = [None] * len(self.items)
        try:
            for start, process, receiver in self.children:
                try:
                    status, value = receiver.recv()
                except (EOFError, OSError):  # the child died (killed, out of memory)
                    status, value = "failed", None
                receiver.close()
                process.join()
                if status != "ok":
                    value = [self.function(item) for item in self.items[start::self.workers]]
                out[start::self.workers] = value
        except BaseException:
            self.stop()
            raise
        return out

    def stop(self) -> None:
        """Ctrl-C while waiting: stop every child at once (each holds its siblings' pipes)."""
        for _start, process, receiver in self.children:
            if process.is_alive():
                process.kill()
            process.join()
            receiver.close()
