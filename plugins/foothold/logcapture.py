"""Turn every WARNING or ERROR that Pelican (or a plugin) logs during a build into a problem."""

from __future__ import annotations

import logging
import os
import sys

from .problems import ProblemLog


class ProblemHandler(logging.Handler):
    def __init__(self, problems: ProblemLog, content_root: str, reported_types=()):
        super().__init__(level=logging.WARNING)
        self.problems = problems
        self.content_root = content_root
        self.reported_types = tuple(reported_types)

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else (record.args,)
        if self.reported_types and any(isinstance(a, self.reported_types) for a in args):
            return
        if record.exc_info and self.reported_types and isinstance(record.exc_info[1], self.reported_types):
            return
        # Pelican logs "Could not process %s" inside its except block without the exception.
        if self.reported_types and isinstance(sys.exc_info()[1], self.reported_types):
            return
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a badly formatted log call must still be reported
            message = str(record.msg)
        path = self._path_from(args) or record.name
        first_line = message.splitlines()[0] if message else record.levelname
        self.problems.add(path, None, first_line.replace(str(path), "").strip(" :,") or first_line,
                          f"reported by {record.name} ({record.levelname.lower()})")

    def _path_from(self, args) -> str | None:
        for arg in args:
            source = getattr(arg, "source_path", None)
            if isinstance(source, str):
                return source
            if isinstance(arg, (str, os.PathLike)):
                text = os.fspath(arg)
                if len(text) < 4096 and (os.path.isfile(text) or os.path.isfile(os.path.join(self.content_root, text))):
                    return text if os.path.isabs(text) else os.path.join(self.content_root, text)
        return None
