"""Foothold's command line: `invoke --list` shows every task."""

from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from invoke import Exit
from invoke import task as invoke_task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))


def _interrupted_early(signum, frame):
    """Ctrl-C or SIGTERM outside a task's body (invoke loading tasks.py, or this file importing the
    plugins): nothing was written, so end as an interrupted build does, exit 130. Left alone, invoke
    turns a KeyboardInterrupt there into exit 1 and SIGTERM kills with 143."""
    raise SystemExit(130)


def _interrupts_end_early() -> None:
    for name in ("SIGINT", "SIGTERM"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) in (signal.SIG_DFL, signal.default_int_handler):
            signal.signal(number, _interrupted_early)


_interrupts_end_early()


def task(*args, **kwargs):
    """invoke's ``@task``, with Ctrl-C as Python's KeyboardInterrupt inside the task's body (a build
    cleans up on it and says exit 130; serve and livereload stop on it), and a KeyboardInterrupt
    that escapes the body ending the command with 130, not invoke's 1."""
    if len(args) == 1 and callable(args[0]) and not kwargs:
        return task()(args[0])

    def decorate(body):
        name = kwargs.get("name") or body.__name__

        @functools.wraps(body)
        def run(*call_args, **call_kwargs):
            # invoke takes `invoke migrate --help` as migrate's SOURCE: show the help users asked for.
            if any(value in ("--help", "-h") for value in (*call_args[1:], *call_kwargs.values())):
                shown = subprocess.run([sys.executable, "-m", "invoke", "--help", name], cwd=ROOT, check=False)
                raise Exit(code=shown.returncode)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            try:
                return body(*call_args, **call_kwargs)
            except KeyboardInterrupt:
                raise Exit(code=130) from None
            finally:
                _interrupts_end_early()

        return invoke_task(*args, **kwargs)(run)

    return decorate


def _end_quietly_on_broken_pipe(kind, value, traceback, previous=sys.excepthook):
    """`invoke audit | head`: the reader stopped reading, so there is nobody to tell; end as Unix
    tools do, without a traceback. Standard output is pointed at /dev/null first, or the
    interpreter's last flush would fail (and complain) again. Any other error is reported as usual."""
    if issubclass(kind, BrokenPipeError):
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return
    previous(kind, value, traceback)


sys.excepthook = _end_quietly_on_broken_pipe

CONFIG = {
    "port": 8000,
    "bind": "127.0.0.1",
}


def _report(result) -> None:
    """Print problems (or a one-screen summary) and exit non-zero on failure."""
    from foothold.summary import format_summary

    if result.interrupted:
        print(result.stderr_text, file=sys.stderr)
        raise Exit(code=130)
    if not result.ok:
        print(result.stderr_text, file=sys.stderr)
        raise Exit(code=1)
    print(format_summary(result))


def _build(production: bool, overrides=None, last: bool = False, full: bool = False):
    """``last``: nothing but reporting follows in this process (see leave_garbage_to_exit)."""
    from commands.stamp import production_build
    from foothold.build import build_site, leave_garbage_to_exit
    from foothold.progress import build_progress

    with build_progress(ROOT / "content") as progress:
        # A production build is stamped once it succeeded (deploy publishes nothing else).
        result = production_build(ROOT, overrides) if production else build_site(ROOT, overrides=overrides, full=full)
        progress.succeeded = result.ok  # a failed build's files were never written to output/
    if last:
        leave_garbage_to_exit()
    return result


@task(help={"full": "run Pelican over every source even when only post bodies changed (no quick rebuild)"})
def build(c, full=False):
    """Development build into output/ (relative URLs; drafts are previewed with livereload)."""
    _report(_build(production=False, full=full, last=True))


@task(help={"siteurl": "publish address to use instead of PRODUCTION['SITEURL'] (the Actions workflow passes it)",
            "serve": "then serve it as `invoke serve` does, under SITEURL's path"})
def preview(c, siteurl=None, serve=False, port=CONFIG["port"], bind=CONFIG["bind"]):
    """Production build into output/: absolute SITEURL, feeds on, drafts out (--serve: then serve it)."""
    _report(_build(production=True, overrides={"SITEURL": siteurl.rstrip("/")} if siteurl else None, last=not serve))
    if serve:
        from commands.serve import serve_output

        serve_output(ROOT, bind=bind, port=int(port))


@task(help={
    "html": "validate HTML with the Nu HTML Checker (default on)",
    "feeds": "parse feeds and sitemap (default on)",
    "lighthouse": "also score every page type with Lighthouse 12 (mobile) on a local production build",
})
def check(c, html=True, feeds=True, lighthouse=False):
    """Check the built site: links, #anchors, images, leaked files, HTML, feeds, sitemap, off-site requests."""
    from commands.check import check_command

    code = check_command(ROOT, html=html, feeds=feeds)
    if lighthouse:
        from sitecheck.lighthouse import lighthouse_check

        code = lighthouse_check(ROOT, lambda overrides: _build(production=True, overrides=overrides)) or code
    if code:
        raise Exit(code=code)


@task(
    aliases=["gh-pages"],
    help={
        "remote": "git remote (default origin)",
        "branch": "branch to publish on (default gh-pages)",
        "cname": "custom domain (default: CNAME in pelican.conf)",
        "message": "commit message (the source commit is always added)",
        "dry-run": "build and check; write and push nothing",
        "allow-dirty": "publish with uncommitted changes",
        "force": "force-push, replacing the branch history",
    },
)
def deploy(c, remote="origin", branch="gh-pages", cname=None, message=None, dry_run=False, allow_dirty=False,
           force=False):
    """Production build + check, then publish output/ to the gh-pages branch and push."""
    from commands.deploy import deploy as run_deploy

    code = run_deploy(ROOT, remote=remote, branch=branch, cname=cname, message=message, dry_run=dry_run,
                      allow_dirty=allow_dirty, force=force, build=lambda: _build(production=True))
    if code:
        raise Exit(code=code)


@task
def clean(c):
    """Remove output/ and Foothold's caches."""
    from foothold.config import load_settings

    settings = load_settings(ROOT)
    for path in (Path(settings["OUTPUT_PATH"]), ROOT / ".foothold"):
        if path.exists():
            shutil.rmtree(path)
            print(f"removed {path}")


@task
def serve(c, port=CONFIG["port"], bind=CONFIG["bind"]):
    """Serve output/ on http://127.0.0.1:8000: a production build (invoke preview) under its SITEURL path."""
    from commands.serve import serve_output

    serve_output(ROOT, bind=bind, port=int(port))


@task(help={"kind": "post, log or project", "title": "the title, in quotes"})
def new(c, kind, title):
    """Start a post, learning log or project: a draft with valid metadata (never overwrites)."""
    from commands.scaffold import command_new

    code = command_new(ROOT, kind, title)
    if code:
        raise Exit(code=code)


@task(help={"strict": "exit 1 when anything is found (for CI)"})
def audit(c, strict=False):
    """Portfolio checklist: project links and screenshots, summaries, skills, core-skill gaps, freshness, résumé."""
    from commands.audit import command_audit

    code = command_audit(ROOT, strict=strict)
    if code:
        raise Exit(code=code)


@task(name="import", help={"feed": "path or http(s) URL of an RSS or Atom feed",
                           "category": "Category of the imported posts (default: each item's first feed category, else DEFAULT_CATEGORY; with it, the feed's categories become tags)"})
def import_(c, feed, category=None):
    """Import an RSS/Atom feed's items as Markdown posts in content/posts/imported/ (never overwrites)."""
    from commands.importer import command_import

    code = command_import(ROOT, feed, category)
    if code:
        raise Exit(code=code)


@task(help={"source": "folder of the blog to bring in (a Pelican, Jekyll or Hugo site; never changed)",
            "from": "pelican, jekyll or hugo (default: detected)"})
def migrate(c, source, from_=None):
    """Copy a Pelican, Jekyll or Hugo blog's posts, pages and files into content/ (never overwrites), with a report."""
    from commands.migrate import command_migrate

    code = command_migrate(ROOT, source, from_)
    if code:
        raise Exit(code=code)


@task
def livereload(c, port=CONFIG["port"], bind=CONFIG["bind"]):
    """Build, serve, and rebuild + reload the browser when content, theme, plugins or pelican.conf change."""
    from commands.livereload import run_livereload

    run_livereload(ROOT, bind=bind, port=int(port))


@task(help={"posts": "sizes of the generated corpus, comma-separated (default 20,100,1000)",
            "repeat": "runs per cell (medians; default 5)",
            "memory": "the single peak-memory run at --memory-posts (default on; --no-memory skips it)",
            "memory-posts": "posts of the peak-memory run (default 5000)",
            "realistic": "posts of the realistic corpus (default 160; 0 skips it)",
            "interrupt": "the Ctrl-C / SIGTERM checks (default on)",
            "interrupt-posts": "posts the interrupt checks build (default: the largest of --posts)",
            "variant": "also Foothold without its speed layer (default on)",
            "loaded": "the cold builds with the second core kept busy (default on)",
            "profile": "one cProfile'd build at the largest size (default on)",
            "write": "write the report to docs/benchmarks.md (default on)"})
def bench(c, posts="20,100,1000", repeat=5, memory=True, memory_posts=5000, realistic=160, interrupt=True,
          interrupt_posts=0, variant=True, loaded=True, profile=True, write=True):
    """Benchmark Foothold against stock Pelican 4.12 on the same posts (issue 18's targets); writes docs/benchmarks.md."""
    sys.path.insert(0, str(ROOT / "tools"))  # the benchmark harness is no part of the runtime plugins
    from bench.harness import run_bench

    sizes = [int(p) for p in str(posts).split(",") if p.strip()]
    print(run_bench(ROOT, sizes=sizes, repeat=int(repeat), write=write,
                    profile_posts=max(sizes) if profile else None,
                    log=lambda line: print(line, file=sys.stderr, flush=True),
                    memory_posts=int(memory_posts) if memory else None, realistic_posts=int(realistic) or None,
                    interrupt_posts=(int(interrupt_posts) or max(sizes)) if interrupt else None, variant=variant, loaded=loaded))


@task(help={"dark": "take them in dark mode (default: light)"})
def screenshots(c, dark=False):
    """Regenerate docs/screenshots/: phone (390x844) and desktop (1280x800) first screens of the sample site."""
    sys.path.insert(0, str(ROOT / "tools"))  # a maintainer's tool, no part of the runtime plugins
    from screenshots import take_screenshots

    for path in take_screenshots(ROOT, ROOT / "docs" / "screenshots", "dark" if dark else "light"):
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")


@task(help={"light": "Pygments style for light mode", "dark": "Pygments style for dark mode"})
def pygments(c, light="xcode", dark="github-dark"):
    """Regenerate theme/static/css/pygments.css from Pygments styles (light and dark)."""
    from commands.pygments_css import write_pygments_css

    path = write_pygments_css(ROOT / "theme", light=light, dark=dark)
    print(f"wrote {path}")


# FOOTHOLD_CHROMIUM points the browser tests at another Chromium (GitHub's runners have Chrome).
TEST_TOOLS = {os.environ.get("FOOTHOLD_CHROMIUM", "/usr/bin/chromium"): "chromium", "java": "default-jre-headless"}


def _ensure_test_tools(c) -> None:
    """Browser tests need Debian's Chromium, the Nu HTML Checker Java, the Lighthouse test Node:
    install what is missing, then Lighthouse itself from package-lock.json."""
    if not shutil.which("npm"):
        TEST_TOOLS["npm"] = "nodejs npm"
    missing = [pkg for tool, pkg in TEST_TOOLS.items() if not (shutil.which(tool) or os.path.exists(tool))]
    if missing:
        sudo = "" if os.geteuid() == 0 else "sudo "
        print(f"installing {', '.join(missing)} for the browser and HTML tests")
        c.run(f"{sudo}apt-get update -qq && "
              f"{sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq {' '.join(missing)}")
    if not (ROOT / "node_modules" / ".bin" / "lighthouse").exists():
        with c.cd(str(ROOT)):
            c.run("npm ci --no-audit --no-fund --loglevel=error")


@task
def test(c, workers=2):
    """Run the whole test suite (installs Chromium and Java first if they are missing)."""
    _ensure_test_tools(c)
    # Lighthouse scales timings measured on this host, so its tests run after the parallel
    # part, with the cores to themselves.
    c.run(f"{sys.executable} -m pytest -q -n {int(workers)} -m 'not lighthouse'", pty=False)
    c.run(f"{sys.executable} -m pytest -q -m lighthouse", pty=False)
