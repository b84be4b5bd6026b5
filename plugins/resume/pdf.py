"""The résumé as PDF: the built /resume/ page printed by headless Chromium (or Chrome), with the
theme's print stylesheet, so the PDF is what "Print → Save as PDF" gives in a browser.

Why Chromium and not a Python PDF library: the tests already drive Debian's Chromium, GitHub's
runners ship Google Chrome, and a second layout engine (WeasyPrint needs Pango from the system)
would print the page differently from the browsers recruiters use. Chromium's own command line
(``--print-to-pdf``) needs no Python package at build time.

The page is printed from the staging folder through ``file://``: its stylesheets and images are
pointed at the files just built, every host name resolves to nothing (no request leaves the
machine), and links stay as the page has them (absolute in production, so the PDF's links work).
Any failure fails the build, which then leaves the previous output untouched.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import lxml.html

from foothold.state import build_state

from .generator import reporter

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT = 120  # seconds; a first start of Chromium on a loaded CI runner takes a few
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
    "--disable-extensions", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-pdf-header-footer", "--host-resolver-rules=MAP * ~NOTFOUND",
    "--run-all-compositor-stages-before-draw", "--virtual-time-budget=10000",
)
HINT = ("install Chromium (Debian/Ubuntu: sudo apt install chromium) or Google Chrome, or name it with "
        "RESUME = {'browser': '/path/to/chrome'} or the FOOTHOLD_CHROMIUM environment variable; "
        "RESUME = {'pdf': False} builds without the PDF")


def find_browser(config) -> str | None:
    configured = config.get("browser") or os.environ.get("FOOTHOLD_CHROMIUM")
    if configured:
        return configured if os.path.isfile(configured) and os.access(configured, os.X_OK) else None
    return next((found for found in map(shutil.which, BROWSERS) if found), None)


def printable_copy(page: Path, output: Path, siteurl: str) -> bytes:
    """The page with its stylesheets, scripts and images pointing at the built files."""
    doc = lxml.html.fromstring(page.read_bytes())
    root_url = output.resolve().as_uri() + "/"
    prefix = siteurl.rstrip("/") + "/" if siteurl.startswith(("http://", "https://")) else None
    for element, attribute in ((e, a) for a in ("href", "src") for e in doc.xpath(f"//link[@{a}]|//img[@{a}]|//script[@{a}]|//source[@{a}]")):
        value = element.get(attribute)
        if prefix and value.startswith(prefix):
            element.set(attribute, root_url + value[len(prefix):])
    head = doc.find("head")
    base = lxml.html.Element("base", href=page.parent.resolve().as_uri() + "/")  # relative URLs (development)
    head.insert(0, base)
    return lxml.html.tostring(doc, doctype="<!doctype html>", encoding="utf-8")


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}([^)]*)\)")


def same_day_dates(data: bytes) -> bytes:
    """The PDF's time stamps set to the day's start (UTC, or $SOURCE_DATE_EPOCH's day), so two
    builds of the same sources on one day write the same bytes. Same length: the PDF's byte offsets
    (its xref table) stay right."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    when = (dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch.isdigit()
            else dt.datetime.now(dt.timezone.utc))
    stamp = when.strftime("%Y%m%d000000").encode()

    def fixed(match):
        return b"/" + match.group(1) + b" (D:" + stamp + match.group(2) + b")"

    return _PDF_DATE.sub(fixed, data)


def make_pdf(browser: str, page: Path, output: Path, target: Path, siteurl: str) -> str | None:
    """Print ``page`` to ``target``; None, or what went wrong."""
    with tempfile.TemporaryDirectory(prefix="foothold-resume-") as work:
        source = Path(work) / "resume.html"
        source.write_bytes(printable_copy(page, output, siteurl))
        pdf = Path(work) / "resume.pdf"
        command = [browser, *FLAGS, f"--user-data-dir={Path(work) / 'profile'}", f"--print-to-pdf={pdf}",
                   source.as_uri()]
        try:
            run = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            return f"{browser} did not finish printing within {TIMEOUT} s"
        except OSError as error:
            return f"cannot run {browser}: {error.strerror or error}"
        data = pdf.read_bytes() if pdf.is_file() else b""
        if run.returncode != 0 or not data.startswith(b"%PDF-"):
            said = [line for line in run.stderr.decode("utf-8", "replace").splitlines()
                    if line.strip() and "dbus" not in line.lower()][-3:]
            return (f"{browser} exited with {run.returncode} and wrote no PDF"
                    + (": " + " / ".join(said) if said else ""))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(same_day_dates(data))
    return None


def finalized(pelican) -> None:
    """After the pages are written (foothold renders them at the start of ``finalized``)."""
    settings = pelican.settings
    config = settings.get("RESUME")
    if not isinstance(config, dict) or not config.get("pdf_wanted") or not os.path.isfile(config["path"]):
        return
    output = Path(settings["OUTPUT_PATH"])
    page = output / config["save_as"]
    if not page.is_file():
        return  # the résumé itself failed; that problem is reported already
    from .generator import author_slug

    target = output / config["pdf_save_as"].format(author=author_slug(settings))
    report = reporter(settings)
    browser = find_browser(config)
    if browser is None:
        report(config["path"], None, "cannot make the résumé PDF: no Chromium or Chrome found", HINT)
        return
    started = time.perf_counter()
    problem = make_pdf(browser, page, output, target, settings.get("SITEURL", ""))
    if problem:
        report(config["path"], None, f"cannot make the résumé PDF: {problem}", HINT)
        return
    build_state(settings).stats["resume_pdf"] = {
        "path": target.relative_to(output).as_posix(), "bytes": target.stat().st_size,
        "seconds": round(time.perf_counter() - started, 2)}
