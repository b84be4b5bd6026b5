"""Forked processes that work on the build's objects while this process does something else (speed layer).

The children inherit the build's objects as they are (fork), so nothing is pickled on the way in;
only results come back. Made for CPU work on objects that cannot be sent to a process pool (a
Pelican context full of content objects), which is why concurrent.futures does not fit here.
``Children`` starts the processes and collects what each sends; ``ForkedMap`` maps a function with
them. Page rendering (page_pool.py) and the page folders (folders.py) use ``Children`` directly.
Children start with Ctrl-C and SIGTERM held (foothold.interrupts), which the interrupt guarantees need.
"""

from __future__ import annotations

import gc
import multiprocessing
import threading
import traceback

from foothold.interrupts import interrupts_held, release_interrupts

_DIED = object()


def _run_child(target, *args) -> None:
    release_interrupts()
    target(*args)


def can_fork() -> bool:
    """Forking is safe only on a platform that has it, from a process with no other thread."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


class Children:
    """``count`` forked processes, child ``n`` running ``target(n, count, connection)`` and sending
    its messages on ``connection``; ``receive()`` gives each child's last one in child order
    (``died(message)`` for a child that died without sending: killed, out of memory), after
    ``receive_each()`` has taken any earlier one."""

    def __init__(self, target, count: int):
        self.target = target
        self.count = count
        self.children = []

    def start(self) -> Children:
        context = multiprocessing.get_context("fork")
        # Objects the children inherit are moved out of the garbage collector's sight: a collection
        # in a child would otherwise write to every object's header and copy the parent's memory
        # page by page (copy-on-write). Unfrozen once the children have started.
        gc.freeze()
        try:
            for number in range(self.count):
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(target=_run_child, args=(self.target, number, self.count, sender),
                                          daemon=True)
                with interrupts_held():  # a Ctrl-C is raised here, once the child is known
                    process.start()
                    sender.close()
                    self.children.append((process, receiver))
        except BaseException:
            self.stop()
            raise
        finally:
            gc.unfreeze()
        return self

    def receive_each(self) -> list:
        """One message from each child, in child order, leaving the pipes open for ``receive``
        (``died(message)`` for a child that ended without sending one)."""
        return self._collect(last=False)

    def receive(self) -> list:
        return self._collect(last=True)

    def _collect(self, last: bool) -> list:
        messages = []
        try:
            for process, receiver in self.children:
                try:
                    messages.append(receiver.recv())
                except (EOFError, OSError):
                    messages.append(_DIED)
                if last:
                    receiver.close()
                    process.join()
        except BaseException:
            self.stop()
            raise
        return messages

    def stop(self) -> None:
        """Ctrl-C while waiting, or the work is no longer wanted: stop every child at once (a child
        would catch SIGTERM and try to send, and it holds its siblings' pipes, so it would wait forever)."""
        for process, receiver in self.children:
            if process.is_alive():
                process.kill()
            process.join()
            receiver.close()
        self.children = []


def died(message) -> bool:
    return message is _DIED


class ForkedMap:
    """``function`` over ``items`` in ``workers`` children; ``results()`` in the items' order.

    Start it, do other work here, then call ``results()``. A child that fails or dies has its share
    done again here, so an exception is raised exactly as a plain loop would raise it.
    """

    def __init__(self, function, items: list, workers: int):
        self.function = function
        self.items = items
        self.workers = max(1, min(workers, len(items)))
        self.children = Children(self._share, self.workers)

    def _share(self, start, step, connection) -> None:
        try:
            result = ("ok", [self.function(item) for item in self.items[start::step]])
        except BaseException:  # noqa: BLE001 - the parent does this share itself and raises there
            result = ("failed", traceback.format_exc())
        connection.send(result)
        connection.close()

    def start(self) -> ForkedMap:
        self.children.start()
        return self

    def results(self) -> list:
        out = [None] * len(self.items)
        for start, message in enumerate(self.children.receive()):
            if died(message) or message[0] != "ok":
                value = [self.function(item) for item in self.items[start::self.workers]]
            else:
                value = message[1]
            out[start::self.workers] = value
        return out
