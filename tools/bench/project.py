"""The Foothold project a benchmark builds: as its author has it (tasks.py, pelican.conf, plugins and
theme linked, the corpus as content/), used by the harness and by the profiled build."""

from __future__ import annotations

import compileall
import re
import shutil
from pathlib import Path

PROJECT_FILES = {"tasks.py", "pelican.conf", "plugins", "theme", "content", "__pycache__"}
SPEED_PLUGIN = "speed"


def speed_listed(root: Path) -> bool:
    """Whether the project's pelican.conf names the speed plugin (a string "speed" in it)."""
    text = (Path(root) / "pelican.conf").read_text(encoding="utf-8")
    return re.search(r"""["']%s["']""" % SPEED_PLUGIN, text) is not None


def foothold_project(root: Path, work: Path, content: Path, theme: str | None = None, name: str = "project",
                     speed: bool = True) -> Path:
    """A Foothold project as its author has it, for `invoke build`: the project's tasks.py and
    pelican.conf, its plugins and theme (linked), and the corpus as content/. ``speed=False``: the
    same with the speed plugin taken out of PLUGINS (whether or not it was listed)."""
    project = work / name
    project.mkdir(parents=True)
    shutil.copy2(root / "tasks.py", project / "tasks.py")  # copied: tasks.py finds the project by its own path
    conf = (root / "pelican.conf").read_text(encoding="utf-8")
    if theme:
        conf += f"\nTHEME = {str(Path(theme).resolve())!r}\n"
    if not speed:
        conf += f"\n# bench: Foothold without its optional speed layer\nPLUGINS = [p for p in PLUGINS if p != {SPEED_PLUGIN!r}]\n"
    (project / "pelican.conf").write_text(conf, encoding="utf-8")
    for folder in ("plugins", "theme"):
        (project / folder).symlink_to(root / folder, target_is_directory=True)
    (project / "content").symlink_to(content.resolve(), target_is_directory=True)
    # pip byte-compiled Pelican's modules when it installed them; Foothold's own are compiled here
    # alike. Python writes these files itself at a first build, unless PYTHONDONTWRITEBYTECODE is set
    # (as on the machines the benchmark has run on), which would make every Foothold build compile
    # 80 modules again (about 0.1 s) while Pelican's never are.
    compileall.compile_dir(str(root / "plugins"), quiet=1)
    compileall.compile_file(str(project / "tasks.py"), quiet=1)
    return project


def clean_project(project: Path) -> None:
    """Everything a build left in the project (output/, caches): the next build is a cold one."""
    for entry in project.iterdir():
        if entry.name not in PROJECT_FILES:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink()
