"""Turn every WARNING or ERROR that Pelican (or a plugin) logs during a build into a problem."""

from __future__ import annotations

import logging
import os
import sys

from .problems import ProblemLog


# Pelican warnings that Foothold's own checks report better, with the file and line (checks.py):
# two items with one slug are check_output_paths' "writes the same URL".
REPORTED_BY_FOOTHOLD = (
    'There are %s items "%s" with lang %s',
    "There are %s original (not translated) items %s",
)


class ProblemHandler(logging.Handler):
    def __init__(self, problems: ProblemLog, content_root: str, reported_types=()):
        super().__init__(level=logging.WARNING)
        self.problems = problems
        self.content_root = content_root
        self.reported_types = tuple(reported_types)
        # (path, message, hint, missing files named): added by finish(), once the build's own
        # checks have said what they found, so that a warning about a file they already reported
        # (Pelican's cache: "Cannot get modification stamp", its "Unable to find") is not repeated.
        self.pending: list[tuple[str, str, str, list[str]]] = []

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else (record.args,)
        if self.reported_types and any(isinstance(a, self.reported_types) for a in args):
            return
        if record.exc_info and self.reported_types and isinstance(record.exc_info[1], self.reported_types):
            return
        # Pelican logs "Could not process %s" inside its except block without the exception.
        if self.reported_types and isinstance(sys.exc_info()[1], self.reported_types):
            return
        if isinstance(record.msg, str) and record.msg.startswith(REPORTED_BY_FOOTHOLD):
            return
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a badly formatted log call must still be reported
            message = str(record.msg)
        path = self._path_from(args) or record.name
        first_line = message.splitlines()[0] if message else record.levelname
        self.pending.append((path, first_line.replace(str(path), "").strip(" :,") or first_line,
                             f"reported by {record.name} ({record.levelname.lower()})", self._missing_in(args)))

    def finish(self) -> None:
        """Add the warnings logged, but not those about a file a problem already names."""
        pending, self.pending = self.pending, []
        for path, message, hint, missing in pending:
            if missing and any(any(name in p.message for name in missing) for p in self.problems.problems):
                continue
            self.problems.add(path, None, message, hint)

    def _missing_in(self, args) -> list[str]:
        """Content-relative names of files that an argument names and that do not exist."""
        names = []
        for arg in args:
            if isinstance(arg, (str, os.PathLike)):
                text = os.fspath(arg)
                if len(text) >= 4096 or "\n" in text:
                    continue
                if text.startswith(("{static}", "{filename}", "{attach}")):
                    text = text.split("}", 1)[1]
                full = text if os.path.isabs(text) else os.path.join(self.content_root, text.lstrip("/"))
                if not os.path.exists(full):
                    rel = os.path.relpath(full, self.content_root)
                    if not rel.startswith(".."):
                        names.append(rel.replace(os.sep, "/"))
        return names

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
