"""Paths shared by the test modules (imported by name: conftest modules of sub-folders share one name)."""

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"
for _folder in (ROOT / "plugins", ROOT / "tools"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))


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


# pelican-sitemap stamps pages without a date (home, tags...) with the build's clock.
_BUILD_TIME = re.compile(rb"<lastmod>[^<]*</lastmod>")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file of a built site by its relative path; the sitemap without the build's clock."""
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.name == "sitemap.xml":
                data = _BUILD_TIME.sub(b"<lastmod/>", data)
            files[path.relative_to(folder).as_posix()] = data
    return files


def assert_same_tree(actual: Path, expected: Path) -> None:
    got, want = tree(actual), tree(expected)
    assert sorted(got) == sorted(want)
    different = [name for name in want if got[name] != want[name]]
    assert different == []


def add_generated_posts(content: Path, count: int) -> Path:
    """Add ``count`` benchmark-corpus posts under content/posts/generated/, their links fixed."""
    from bench.corpus import write_corpus

    write_corpus(content / "posts" / "bench", count)
    (content / "posts" / "bench" / "posts").rename(content / "posts" / "generated")
    shutil.rmtree(content / "posts" / "bench")
    # The corpus links with {filename}/posts/post-NNNNN.md; here the posts sit in posts/generated/.
    for path in (content / "posts" / "generated").glob("*.md"):
        text = path.read_text(encoding="utf-8").replace("{filename}/posts/", "{filename}/posts/generated/")
        path.write_text(text, encoding="utf-8")
    return content
