"""Paths shared by the test modules (imported by name: conftest modules of sub-folders share one name)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))
