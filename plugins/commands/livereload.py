"""`invoke livereload`: build, serve output/, rebuild when a source changes, reload the browser.

- Changes are seen by watchfiles (inotify) in content/, theme/, plugins/ and pelican.conf.
- Builds run in a warm child process (commands.buildworker) through the normal staged build, so
  a broken save prints ``path:line: message`` and keeps serving the last good site; the next
  good save recovers. A change under plugins/ or to pelican.conf starts a fresh child, so plugin
  code and settings are never stale.
- Live builds show drafts. Unchanged Markdown is not rendered again: development builds take
  bodies from the content model's cache (content_model/content_cache.py), which the warm
  process also keeps in memory between builds.
- The browser side is the livereload package: its server injects livereload.js into every
  page and keeps a websocket open; after each build every open page is told to reload. While the
  last build failed, the server adds its report to every page in a box (devserver.py), so the
  problems show where the author is looking; the next good build clears it.
- /drafts/ lists the drafts (drafts_page.py) that live builds preview under drafts/.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from foothold.config import CONF_NAME, load_settings

RESTART_DIRS = ("plugins",)


def _say(text: str, stream=None) -> None:
    stream = stream or sys.stdout
    stream.write(text.rstrip("\n") + "\n")
    stream.flush()


class BuildWorker:
    """The child process that builds; replaced when plugin code or settings change."""

    def __init__(self, root: Path):
        self.root = root
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        env = dict(os.environ)
        plugins = str(self.root / "plugins")
        env["PYTHONPATH"] = os.pathsep.join([plugins, *filter(None, [env.get("PYTHONPATH")])])
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "commands.buildworker", str(self.root)],
            cwd=self.root, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
        )
        self._read()  # {"ready": true} once Pelican is imported

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def _read(self) -> dict:
        line = self.proc.stdout.readline()
        if not line:
            code = self.proc.wait()
            self.proc = None
            return {"ok": False, "seconds": 0.0, "pages": [],
                    "report": f"the build process stopped (exit {code}); see the messages above. "
                              "Fixing the file it names and saving again restarts it."}
        return json.loads(line)

    def build(self, changed: list[str]) -> dict:
        if self.proc is None or self.proc.poll() is not None:
            self.start()
            if self.proc is None:
                return {"ok": False, "seconds": 0.0, "pages": [], "report": "the build process did not start"}
        try:
            self.proc.stdin.write(json.dumps({"changed": changed}) + "\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            self.proc = None
            return self.build(changed)
        return self._read()


def watched_paths(root: Path, settings) -> list[Path]:
    paths = [Path(settings["PATH"]), Path(settings["THEME"])]
    paths += [Path(p) for p in settings.get("PLUGIN_PATHS", []) if Path(p).is_dir()]
    return [p for p in dict.fromkeys(paths) if p.is_dir()]


def needs_fresh_process(root: Path, changed: list[str]) -> bool:
    for path in changed:
        rel = os.path.relpath(path, root).replace(os.sep, "/")
        if rel == CONF_NAME or rel.split("/", 1)[0] in RESTART_DIRS:
            return True
    return False


def real_changes(changes) -> list[str]:
    """Changed paths, without an editor's temporary files (created and gone within one batch)."""
    from watchfiles import Change

    kinds: dict[str, set] = {}
    for change, path in changes:
        kinds.setdefault(path, set()).add(change)
    return sorted(path for path, seen in kinds.items()
                  if not (Change.added in seen and not os.path.exists(path)))


class LiveLoop:
    """Watch, rebuild, report, and tell the browser to reload. One build at a time."""

    def __init__(self, root: Path, base_url: str, reload, state=None):
        self.root = root
        self.base_url = base_url.rstrip("/")
        self.reload = reload
        self.state = state  # devserver.BuildState: what the pages show about the last build
        self.worker = BuildWorker(root)
        self.stop_event = threading.Event()
        self.last_ok = True

    def rebuild(self, changed: list[str]) -> dict:
        if needs_fresh_process(self.root, changed):
            self.worker.stop()
        started = time.perf_counter()
        outcome = self.worker.build(changed)
        outcome["wall"] = time.perf_counter() - started
        self.report(outcome, changed)
        if self.state is not None:
            self.state.set(outcome["ok"], outcome.get("report", ""))
        if outcome["ok"] or self.state is not None:
            self.reload()  # a failed build too: the pages reload with its problems over them
        self.last_ok = outcome["ok"]
        return outcome

    def report(self, outcome: dict, changed: list[str]) -> None:
        names = ", ".join(sorted({os.path.relpath(p, self.root) for p in changed})) or "start"
        if not outcome["ok"]:
            _say(f"[{time.strftime('%H:%M:%S')}] {names}: build failed, still serving the last good site", sys.stderr)
            _say(outcome["report"], sys.stderr)
            return
        if not changed:
            _say(outcome["report"])
        else:
            again = " (fixed)" if not self.last_ok else ""
            _say(f"[{time.strftime('%H:%M:%S')}] {names}: rebuilt in {outcome['wall']:.2f} s{again}, reloading")
            # Notes (a deprecated form accepted, unwritten content left out of the skill map) concern
            # what was just saved; the first build's summary has said the rest.
            for line in outcome.get("report", "").splitlines():
                if line.startswith(("  note:", "  not counted")):
                    _say(line)
        for source, url in outcome.get("pages", []):
            _say(f"  {source} -> {self.base_url}{url}")

    def watch(self) -> None:
        from watchfiles import watch

        settings = load_settings(self.root)
        conf = self.root / CONF_NAME
        conf_mtime = conf.stat().st_mtime_ns
        # rust_timeout + yield_on_timeout: wake up every second to look at pelican.conf, which
        # editors often replace (rename) rather than write, something a file watch can miss.
        for changes in watch(*watched_paths(self.root, settings), stop_event=self.stop_event, step=50,
                             rust_timeout=1000, yield_on_timeout=True):
            changed = real_changes(changes)
            try:
                mtime = conf.stat().st_mtime_ns
            except OSError:
                mtime = None
            if mtime != conf_mtime:
                conf_mtime = mtime
                changed.append(str(conf))
            if changed:
                try:
                    self.rebuild(changed)
                except (OSError, ValueError, AttributeError):
                    if self.stop_event.is_set():
                        return  # shutting down while a build was running
                    raise

    def stop(self) -> None:
        self.stop_event.set()
        self.worker.stop()


class BrowserLink:
    """Stands in for livereload's file watcher (LiveLoop does the watching) and tells every open
    page to reload, from any thread, through the server's event loop."""

    filepath = None

    def __init__(self):
        self._tasks = {"foothold": None}  # non-empty: livereload then does not watch the cwd
        self._changes = []
        self.loop = None

    def start(self, callback) -> bool:
        from tornado.ioloop import IOLoop

        self.loop = IOLoop.current()  # called by the server on its own thread, just before it runs
        return True  # "started": livereload then never polls examine()

    def examine(self):
        return None, None

    def reload(self) -> None:
        from livereload.handlers import LiveReloadHandler

        if self.loop is not None:
            self.loop.add_callback(LiveReloadHandler.reload_waiters, "*")


def check_port(bind: str, port: int) -> None:
    """Fail in one line, before building, when the port is taken."""
    import socket

    with socket.socket(socket.AF_INET6 if ":" in bind else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((bind, port))
        except OSError as exc:
            raise SystemExit(f"cannot serve on {bind}:{port}: {exc.strerror}; "
                             f"try another port: invoke livereload --port {port + 1}") from None


def run_livereload(root: Path, bind: str = "127.0.0.1", port: int = 8000) -> None:
    check_port(bind, port)
    try:
        _serve(Path(root).resolve(), bind, port)
    except KeyboardInterrupt:
        pass
    _say("Stopped.")


def _serve(root: Path, bind: str, port: int) -> None:
    import logging

    from foothold.config import ConfigError
    from .devserver import BuildState, DevServer

    try:
        settings = load_settings(root)
    except ConfigError as exc:
        raise SystemExit(f"{exc}\nFix pelican.conf, then start invoke livereload again.") from None
    base_url = f"http://{bind}:{port}"
    browser = BrowserLink()
    state = BuildState()
    server = DevServer(browser, state)
    loop = LiveLoop(root, base_url, reload=browser.reload, state=state)
    try:
        _say(f"Building {root} ...")
        first = loop.rebuild([])
        if not first["ok"]:
            _say("The first build failed: fix the file above and save; the site appears once a build succeeds.")
        Path(settings["OUTPUT_PATH"]).mkdir(parents=True, exist_ok=True)
        thread = threading.Thread(target=loop.watch, name="foothold-watch", daemon=True)
        thread.start()
        _say(f"Serving {settings['OUTPUT_PATH']} at {base_url}/ (open it; drafts are listed at {base_url}/drafts/). "
             "Save a file to rebuild; a failed build shows its problems on the page; Ctrl-C to stop.")
        server.serve(root=settings["OUTPUT_PATH"], host=bind, port=port, open_url_delay=None, restart_delay=0)
    finally:
        loop.stop()
        logging.getLogger("livereload").handlers.clear()
