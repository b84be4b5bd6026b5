"""Paths shared by the test modules (imported by name: conftest modules of sub-folders share one name)."""

import hashlib
import re
import shutil
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
SITES = TESTS / "sites"
# Foothold's own sample site: a copy of the template's content/ and pelican.conf as shipped. The
# repo's content/ and pelican.conf belong to the author of a fork; tests never read them.
SAMPLE = TESTS / "sample"
SAMPLE_CONF = SAMPLE / "pelican.conf"
SAMPLE_CONTENT = SAMPLE / "content"
# What no test may open or list (the guard in tests/conftest.py).
AUTHOR_FILES = (ROOT / "content", ROOT / "pelican.conf")
for _folder in (ROOT / "plugins", ROOT / "tools"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))


def make_project(root: Path, *, copy_code: bool = False, content: str | Path | None = "minimal",
                 conf: Path = SAMPLE_CONF, allow_placeholders: bool = True) -> Path:
    """A Foothold project in ``root``: a fixture pelican.conf (tests/sample's unless ``conf`` names
    another), the repo's tasks.py, theme and plugins (linked, or copied when a test edits or reloads
    them), and a copy of a fixture content folder: tests/sites/<content>, "sample" for tests/sample's
    content, a folder's path, or None for none. Never the repo's own content/ or pelican.conf: those
    are the author's, and the suite must pass whatever they hold.

    ``allow_placeholders``: tests/sample's pelican.conf has the template's identity, which a
    production build refuses (foothold/placeholders.py); the project's pelican.conf then says
    ALLOW_PLACEHOLDERS = True, as a demo of the template would. False: refused, as in a fork."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(conf, root / "pelican.conf")
    if allow_placeholders:
        with open(root / "pelican.conf", "a", encoding="utf-8") as handle:
            handle.write("\nALLOW_PLACEHOLDERS = True  # a demo of the template (tests)\n")
    shutil.copy(ROOT / "tasks.py", root / "tasks.py")
    for name in ("theme", "plugins"):
        if copy_code:
            shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (root / name).symlink_to(ROOT / name)
    if content is not None:
        shutil.copytree(fixture_content(content), root / "content", symlinks=True)
    return root


# A fork's own identity, in place of the template's placeholders (foothold/placeholders.py).
OWN_IDENTITY = {
    "Alex Placeholder": "Sam Rivera",
    "alex@example.com": "sam@rivera.dev",
    "https://github.com/alex-placeholder": "https://github.com/samrivera",
    "https://www.linkedin.com/in/alex-placeholder": "https://www.linkedin.com/in/sam-rivera-dev",
    "https://alex-placeholder.github.io/foothold": "https://samrivera.github.io/foothold",
}


def give_own_identity(conf: Path) -> Path:
    """Rewrite a project's copy of the template's pelican.conf as a fork would: its own name,
    e-mail, links and SITEURL, and no ALLOW_PLACEHOLDERS."""
    text = conf.read_text(encoding="utf-8")
    for placeholder, own in OWN_IDENTITY.items():
        assert placeholder in text, f"the template's {placeholder} is no longer in {conf}"
        text = text.replace(placeholder, own)
    text = "\n".join(line for line in text.split("\n") if not line.startswith("ALLOW_PLACEHOLDERS"))
    conf.write_text(text, encoding="utf-8")
    return conf


def fixture_root(folder: Path) -> Path:
    """A content-less fixture project (make_project) at ``folder``/foothold-project, made on first
    use: the root to build a content folder given as PATH with, as build_site(ROOT, ...) did."""
    root = Path(folder) / "foothold-project"
    if not (root / "pelican.conf").is_file():
        make_project(root, content=None)
    return root


def fixture_content(name: str | Path) -> Path:
    """The fixture content folder ``name`` stands for (see make_project)."""
    if isinstance(name, Path):
        return name
    return SAMPLE_CONTENT if name == "sample" else SITES / name


def sample_settings() -> dict:
    """The upper-case names of tests/sample/pelican.conf, as the build reads them (the identity the
    sample site must show)."""
    values: dict = {}
    exec(SAMPLE_CONF.read_text(encoding="utf-8"), values)
    return {k: v for k, v in values.items() if k.isupper()}


class AuthorFilesGuard:
    """Audit hook that refuses, and remembers, every open or listing of the author's files.

    Installed once per test process (sys.addaudithook cannot be undone) and armed around each
    test, so collection and pytest's own bookkeeping are not judged. Refusing (PermissionError)
    rather than only recording keeps a test from passing on whatever content/ happens to hold;
    recording fails the test even when the code under test swallows the error.
    """

    EVENTS = frozenset({"open", "os.listdir", "os.scandir", "glob.glob"})

    def __init__(self, forbidden=AUTHOR_FILES):
        import os

        self._os = os
        # Both spellings: the checkout may be reached through a symlink.
        prefixes = set()
        for path in forbidden:
            for spelling in (os.path.abspath(path), os.path.realpath(path)):
                prefixes.add(spelling)
        self.forbidden = tuple(sorted(prefixes))
        self.armed = False
        self.touched: list[str] = []

    def __call__(self, event, args):
        if not self.armed or event not in self.EVENTS or not args:
            return
        path = args[0]
        if isinstance(path, int) or path is None:
            return
        try:
            path = self._os.fsdecode(path)
        except TypeError:
            return
        full = self._os.path.abspath(path)
        for prefix in self.forbidden:
            if full == prefix or full.startswith(prefix + self._os.sep):
                self.touched.append(f"{event} {full}")
                raise PermissionError(
                    f"a test read the author's {full}: build a fixture project instead "
                    "(tests/foothold_test_support.py make_project, the build_site_at fixture)")


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


def tree_digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` by relative path: what "the previous output is
    byte-identical" is checked against."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a fixture file (dedented, leading newline dropped), creating its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding=encoding)
    return path


def replace_in(path: Path, old: str, new: str) -> Path:
    """Edit a fixture file in place; fails when ``old`` is not in it (an edit that matches nothing
    would leave the test checking the unedited file)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path
