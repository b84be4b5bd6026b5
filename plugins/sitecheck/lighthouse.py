"""`invoke check --lighthouse`: Lighthouse 12 (mobile) on every page type of a production build
served on 127.0.0.1 under the site's sub-path, gzip-compressed as GitHub Pages serves it.

Lighthouse is the npm package pinned in package.json (`npm ci`); Chromium is Debian's.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync"
)
ROOT = Path(__file__).resolve().parents[2]  # the project: plugins/sitecheck/lighthouse.py

# Fixed URLs (SPEC 5) and, for pages with a slug, the folder whose first entry is taken.
FIXED_PAGES = {
    "home": "index.html",
    "projects": "projects/index.html",
    "skills": "skills/index.html",
    "tags": "tags/index.html",
    "categories": "categories/index.html",
    "archives": "archives/index.html",
    "about": "about/index.html",
    "resume": "resume/index.html",
    "contact": "contact/index.html",
    "404": "404.html",
    "search": "search/index.html",
}
FIRST_IN = {"post": "posts", "project": "projects", "skill": "skills", "tag": "tags", "category": "categories"}


class LighthouseMissing(RuntimeError):
    pass


def page_types(output: Path, post_with_code: bool = True) -> dict[str, str]:
    """Page type -> its HTML file relative to ``output``, found in the output (slugs change)."""
    found = {name: rel for name, rel in FIXED_PAGES.items() if (output / rel).is_file()}
    for name, folder in FIRST_IN.items():
        candidates = sorted((output / folder).glob("*/index.html"))
        if name == "post" and post_with_code:
            # Prefer a post with a highlighted code block: it exercises the Pygments stylesheet.
            with_code = [c for c in candidates if 'class="highlight"' in c.read_text(encoding="utf-8")]
            candidates = with_code or candidates
        if candidates:
            found[name] = candidates[0].relative_to(output).as_posix()
    return found


def lighthouse_executable() -> Path:
    """$FOOTHOLD_LIGHTHOUSE, else node_modules/.bin/lighthouse in the project (`npm ci`)."""
    configured = os.environ.get("FOOTHOLD_LIGHTHOUSE")
    candidate = Path(configured) if configured else ROOT / "node_modules" / ".bin" / "lighthouse"
    if not candidate.is_file():
        raise LighthouseMissing(
            f"Lighthouse not found at {candidate}: run `npm ci` in the project root "
            "(package.json pins lighthouse 12.2.3) or set FOOTHOLD_LIGHTHOUSE"
        )
    return candidate


def lighthouse_scores(url: str, chromium: str | None = None, timeout: int = 180) -> dict:
    """Category -> score (0..1), plus '_failing': the audits that cost points, for messages,
    and '_benchmark': Lighthouse's benchmarkIndex of this host during the run (lower is slower)."""
    chromium = chromium or os.environ.get("FOOTHOLD_CHROMIUM", "/usr/bin/chromium")
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [
                str(lighthouse_executable()), url, "--quiet", "--output=json",
                f"--output-path={report}", f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={CHROME_FLAGS}",
            ],
            env={**os.environ, "CHROME_PATH": chromium},
            check=True, capture_output=True, timeout=timeout,
        )
        data = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: data["categories"][name]["score"] for name in CATEGORIES}
    scores["_failing"] = sorted(
        f"{key} ({audit.get('displayValue', '')})".strip()
        for key, audit in data["audits"].items()
        if audit.get("score") is not None and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    )
    scores["_benchmark"] = data.get("environment", {}).get("benchmarkIndex")
    return scores


def settled_scores(url: str, attempts: int = 3) -> dict:
    """Scores of the best of up to ``attempts`` runs, stopping at the first perfect performance.

    Simulated throttling multiplies timings measured on this machine, so a neighbour's load
    costs points that the page did not lose; a real regression fails every attempt. The other
    categories do not depend on timing and come from the same run as the performance score.
    """
    best = lighthouse_scores(url)
    for _ in range(attempts - 1):
        if best["performance"] >= 1:
            break
        again = lighthouse_scores(url)
        if again["performance"] > best["performance"]:
            best = again
    return best


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for text types as GitHub Pages serves them, so Lighthouse
    and page-weight checks see what a visitor would transfer."""

    COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")

    def log_message(self, format, *args):  # noqa: A002 - signature fixed by http.server
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        ctype = self.guess_type(path)
        if (
            not os.path.isfile(path)
            or "gzip" not in self.headers.get("Accept-Encoding", "")
            or not ctype.startswith(self.COMPRESSIBLE)
        ):
            return super().send_head()
        with open(path, "rb") as handle:
            data = gzip.compress(handle.read(), 6)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        self.end_headers()
        return io.BytesIO(data)


def lighthouse_check(root: Path, build) -> int:
    """Build for production at a local address, serve it, score every page type; 0 when all are 100.

    ``build(overrides)`` runs the production build and returns a BuildResult.
    """
    lighthouse_executable()  # fail early with the install hint
    with tempfile.TemporaryDirectory() as folder:
        webroot = Path(folder)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=folder))
        base = "foothold"
        siteurl = f"http://127.0.0.1:{server.server_address[1]}/{base}"
        # A local build to score, never published: the template's placeholders may stay in it.
        result = build({"OUTPUT_PATH": str(webroot / base), "SITEURL": siteurl, "ALLOW_PLACEHOLDERS": True})
        if not result.ok:
            print(result.stderr_text)
            return 1
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        failures = 0
        try:
            print(f"{'page':<12} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5}")
            for kind, rel in sorted(page_types(webroot / base).items()):
                url = f"{siteurl}/{rel[:-len('index.html')] if rel.endswith('index.html') else rel}"
                scores = settled_scores(url)
                failing = scores.pop("_failing")
                benchmark = scores.pop("_benchmark")
                print(f"{kind:<12} " + " ".join(f"{round(scores[c] * 100):>5}" for c in CATEGORIES))
                if any(score < 1 for score in scores.values()):
                    failures += 1
                    print(f"  {urlsplit(url).path}: " + ", ".join(failing) + f" (host benchmarkIndex {benchmark})")
        finally:
            server.shutdown()
            server.server_close()
    return 1 if failures else 0
