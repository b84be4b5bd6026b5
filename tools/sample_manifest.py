"""Write plugins/foothold/template_sample.json: the digests of the template's sample content.

    python tools/sample_manifest.py [REV]      (default HEAD; `invoke sample-manifest` runs it)

Reads the files under content/ at the template commit REV straight from git (not from the work
tree, where an author's edits may already be), digests them as the build does
(foothold.placeholders.content_digest) and adds them to the manifest, so files of earlier template
commits keep matching a fork made from them. skills.yml is left out: the taxonomy is meant to be
kept as it is. Run it whenever the sample in content/ changes, and commit the manifest with it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from foothold import placeholders  # noqa: E402
from foothold.placeholders import MANIFEST, content_digest, read_manifest  # noqa: E402

KEPT_AS_IS = {f"content/{name}" for name in placeholders.KEPT_AS_IS}


def sample_files(rev: str, root: Path = ROOT) -> dict[str, str]:
    """Digest -> path of every sample file under content/ at ``rev``."""
    listing = subprocess.run(["git", "ls-tree", "-r", "-z", rev, "--", "content/"], cwd=root, check=True,
                             capture_output=True).stdout.decode("utf-8")
    files = {}
    for entry in filter(None, listing.split("\0")):
        meta, path = entry.split("\t", 1)
        _mode, kind, blob = meta.split()
        if kind != "blob" or path in KEPT_AS_IS:
            continue
        data = subprocess.run(["git", "cat-file", "blob", blob], cwd=root, check=True, capture_output=True).stdout
        files[content_digest(data)] = path
    return files


def write_manifest(rev: str = "HEAD", root: Path = ROOT, path: Path = MANIFEST) -> int:
    files = {**read_manifest(path), **sample_files(rev, root)}
    text = json.dumps({"about": "digests of the Foothold template's sample content (tools/sample_manifest.py)",
                       "files": dict(sorted(files.items()))}, indent=1, ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return len(files)


if __name__ == "__main__":
    count = write_manifest(sys.argv[1] if len(sys.argv) > 1 else "HEAD")
    print(f"wrote {MANIFEST.relative_to(ROOT)}: {count} sample files")
