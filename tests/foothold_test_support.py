"""Paths shared by the test modules (imported by name: conftest modules of sub-folders share one name)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))


def make_project(root: Path, *, copy_code: bool = False, content: str = "minimal") -> Path:
    """A Foothold project in ``root``: the repo's pelican.conf and tasks.py, its theme and plugins
    (linked, or copied when a test edits or reloads them), and a copy of tests/sites/<content>."""
    import shutil

    root.mkdir(parents=True, exist_ok=True)
    for name in ("pelican.conf", "tasks.py"):
        shutil.copy(ROOT / name, root / name)
    for name in ("theme", "plugins"):
        if copy_code:
            shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (root / name).symlink_to(ROOT / name)
    shutil.copytree(SITES / content, root / "content")
    return root
