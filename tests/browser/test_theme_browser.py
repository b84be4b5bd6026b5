"""The theme in a real Chromium: accessibility (axe-core) in light and dark, the theme toggle,
keyboard navigation, no off-site requests, page weight, pages without JavaScript, small screens,
printing, and screenshots of every page type."""

from __future__ import annotations

import gzip
import re
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

# Every page type of SPEC 5 that the theme renders (the skill pages come from the skill map).
REQUIRED = {
    "home", "post", "project", "projects", "skills", "skill", "tag", "tags", "category",
    "categories", "archives", "about", "resume", "contact", "404", "search",
}
pytestmark = pytest.mark.browser

BUDGET_BYTES = 30 * 1024
SMALLEST_WIDTH = 320


def _pages(site):
    missing = REQUIRED - set(site.pages)
    assert not missing, f"page types missing from the build: {sorted(missing)}"
    return site.pages


def test_every_page_type_is_built(served_site):
    assert REQUIRED <= set(_pages(served_site))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_reports_no_violations(browser, served_site, scheme):
    axe = Axe()
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    failures = []
    backgrounds = set()
    for name, rel in sorted(_pages(served_site).items()):
        page.goto(served_site.url(rel))
        results = axe.run(page)
        if results.violations_count:
            failures.append(f"--- {name} ({rel}) ---\n{results.generate_report()}")
        backgrounds.add(page.evaluate("getComputedStyle(document.body).backgroundColor"))
    context.close()
    assert not failures, "\n".join(failures)
    # The scheme really applied: one background for the whole site, dark in dark mode.
    assert len(backgrounds) == 1
    expected = "rgb(15, 20, 25)" if scheme == "dark" else "rgb(255, 255, 255)"
    assert backgrounds == {expected}


def test_toggle_switches_theme_remembers_it_and_stays_accessible(browser, served_site):
    pages = _pages(served_site)
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(served_site.url(pages["post"]))
    toggle = page.locator("button.theme-toggle")
    assert toggle.count() == 1
    assert toggle.get_attribute("aria-pressed") == "false"
    # The state shows: "on"/"off" beside a name that stays the same (aria-pressed carries it).
    assert toggle.inner_text() == "Dark theme: off"
    assert page.get_by_role("button", name="Dark theme", exact=True).count() == 1
    light_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    toggle.click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert toggle.get_attribute("aria-pressed") == "true"
    assert toggle.inner_text() == "Dark theme: on"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != light_bg
    code_bg = page.evaluate("getComputedStyle(document.querySelector('.highlight')).backgroundColor")
    assert code_bg == "rgb(13, 17, 23)", "the code block did not switch to the dark Pygments style"
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()

    page.goto(served_site.url(pages["home"]))  # the choice survives navigation
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    page.locator("button.theme-toggle").click()
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") == "light"
    context.close()


def _focusables(page):
    return page.evaluate(
        """() => Array.from(document.querySelectorAll(
             'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])'))
           .filter(el => !el.closest('[hidden]') && el.getClientRects().length > 0)
           .map(el => el.outerHTML.slice(0, 120))"""
    )


@pytest.mark.parametrize("kind", ["home", "post", "projects"])
def test_keyboard_reaches_every_control_in_order_with_visible_focus(browser, served_site, kind):
    context = browser.new_context()
    page = context.new_page()
    page.goto(served_site.url(_pages(served_site)[kind]))
    expected = _focusables(page)
    reached, invisible = [], []
    for _ in range(len(expected)):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const el = document.activeElement; const s = getComputedStyle(el);
                 return [el.outerHTML.slice(0, 120), s.outlineStyle, s.outlineWidth]; }"""
        )
        reached.append(info[0])
        if info[1] == "none" or info[2] in ("0px", ""):
            invisible.append(info[0])
    assert reached == expected
    assert not invisible, f"focus not visible on: {invisible}"
    assert "skip-link" in reached[0]
    context.close()


def test_skip_link_moves_focus_to_main(browser, served_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(served_site.url(_pages(served_site)["post"]))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0, "skip link not shown on focus"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    context.close()


def test_no_offsite_requests_and_page_weight_within_budget(browser, served_site):
    """Each page is loaded in a fresh context (cold cache), as a recruiter's first visit is.
    The budget counts the bytes of the page, its stylesheets and scripts as they are (before
    images): the stricter measure, and the one issue 16 measured (a gzip transfer of the same
    files is printed too)."""
    offsite, redirects, transferred, raw = [], [], {}, {}
    for name, rel in sorted(_pages(served_site).items()):
        context = browser.new_context()
        page = context.new_page()
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.on("requestfailed", lambda request: offsite.append(("failed", request.url)))
        page.goto(served_site.url(rel), wait_until="networkidle")
        transferred[name] = raw[name] = 0
        for response in responses:
            if urlsplit(response.url).netloc != served_site.host:
                offsite.append((name, response.url))
            elif 300 <= response.status < 400:
                redirects.append((name, response.url))
            elif response.request.resource_type != "image":
                body = response.body()
                raw[name] += len(body)
                transferred[name] += len(gzip.compress(body, 6))
        context.close()
    print("bytes before images, gzip:", transferred)
    print("bytes before images, raw:", raw)
    assert not offsite, f"requests to other hosts or failed: {offsite}"
    assert not redirects, f"links that redirect (missing trailing slash?): {redirects}"
    over = {name: size for name, size in raw.items() if size > BUDGET_BYTES}
    assert not over, f"over {BUDGET_BYTES} bytes: {over}"
    assert all(size > 0 for size in transferred.values())


def test_pages_are_readable_without_javascript(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for name, rel in sorted(_pages(served_site).items()):
        page.goto(served_site.url(rel))
        assert page.locator("h1").first.is_visible(), name
        assert len(page.locator("main").inner_text()) > 40, name
        assert page.locator("button.theme-toggle").count() == 0, "a toggle that cannot work is shown"
        if name == "search":
            assert page.locator("#search-fallback").is_visible()
            assert not page.locator("#search-form").is_visible()
            assert page.locator("#search-fallback a").count() >= 2
    context.close()


def test_small_screens_do_not_scroll_sideways_and_screenshots_are_saved(browser, served_site, artifacts):
    too_wide = []
    for width, height in ((SMALLEST_WIDTH, 640), (375, 812), (1280, 900)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        for name, rel in sorted(_pages(served_site).items()):
            page.goto(served_site.url(rel))
            if page.evaluate("document.documentElement.scrollWidth") > width:
                too_wide.append((width, name))
            if width != SMALLEST_WIDTH:
                shot = artifacts / f"{name}-{width}.png"
                page.screenshot(path=str(shot), full_page=True)
                assert shot.stat().st_size > 1000
        context.close()
    assert not too_wide, f"horizontal scrolling at: {too_wide}"


def test_resume_prints_without_navigation(browser, served_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(served_site.url(_pages(served_site)["resume"]))
    page.emulate_media(media="print")
    for selector in (".site-header", ".site-footer", ".skip-link"):
        assert not page.locator(selector).is_visible(), selector
    assert page.locator("main h1").is_visible()
    # No link-address noise on paper, and the on-screen "Download PDF" link is not printed.
    noise = page.evaluate("""() => [...document.querySelectorAll('main a')]
        .map(a => getComputedStyle(a, '::after').content).filter(c => c && c !== 'none' && c !== 'normal')""")
    assert noise == []
    pdf_link = page.locator("main a[href$='.pdf']")
    assert pdf_link.count() == 1 and not pdf_link.is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    context.close()


def test_search_finds_a_sample_post_under_the_sub_path(browser, served_site):
    from search_index.shards import indexed_pages, plan, read_manifest

    manifest = read_manifest(served_site.output / "pagefind")
    assert manifest and len(manifest["shards"]) >= 2
    shard_of = {page: shard.name for shard in plan(indexed_pages(served_site.output, "pagefind"), manifest["count"])
                for page in shard.pages}
    promises = {post: name for post, name in shard_of.items() if "/promises-and-async" in post}
    assert len(set(promises.values())) == 2, "the two promises posts should sit in different shards"
    context = browser.new_context()
    page = context.new_page()
    page.goto(served_site.url(_pages(served_site)["search"]))
    assert not page.locator("#search-fallback").is_visible()
    page.fill("#search-input", "promises")
    page.keyboard.press("Enter")
    results = page.locator("#search-results li a")
    results.first.wait_for(timeout=10_000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    # Both promises posts are found: results come from more than one shard.
    for post in promises:
        assert any(href.rstrip("/") == "/foothold/" + post.removesuffix("/index.html") for href in hrefs), (post, hrefs)
    assert all(href.startswith("/foothold/") for href in hrefs), hrefs
    assert "result" in page.locator("#search-status").inner_text()
    assert page.url.endswith("?q=promises")
    # Excerpts quote the pages' text, not their skill chips ("Promises, level learning").
    excerpts = " ".join(p.inner_text() for p in page.locator("#search-results li p").all())
    assert excerpts.strip()
    assert "level learning" not in excerpts and "level applied" not in excerpts, excerpts
    violations = Axe().run(page)
    assert violations.violations_count == 0, violations.generate_report()
    results.first.click()
    page.wait_for_load_state()
    assert page.locator("main h1").is_visible() and "Page not found" not in page.title()
    context.close()


PHONE = {"width": 390, "height": 844}
FIRST_SCREENS = 1.25  # issue 16: what a recruiter sees without scrolling far


def _top(page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box, f"{selector} is not shown"
    return box["y"] + page.evaluate("window.scrollY")


@pytest.mark.parametrize("javascript", [True, False])
def test_first_phone_screen_shows_who_and_the_best_project(browser, served_site, javascript):
    """At 390x844: a header of at most 130 px, then name, role, focus, availability and the first
    featured project's demo and code links within 1.25 screens (1,055 px)."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(served_site.url(_pages(served_site)["home"]))
    header = page.locator(".site-header").bounding_box()
    positions = {"header bottom": header["y"] + header["height"]}
    for name, selector in (("name", ".hero h1"), ("role", ".hero .role"), ("focus", ".hero .focus"),
                           ("availability", ".hero .availability"),
                           ("demo", ".cards .card .links a[href]"), ("code", ".cards .card .links li:last-child a")):
        positions[name] = _top(page, selector)
    print("first phone screen:", positions)
    assert header["height"] <= 130, positions
    limit = FIRST_SCREENS * PHONE["height"]
    late = {name: y for name, y in positions.items() if y > limit}
    assert not late, f"below {limit:.0f} px: {late}"
    card = page.locator(".cards .card").first
    assert card.locator(".links a").first.inner_text().startswith("Live demo")
    # Every nav link is on one row (the row scrolls sideways on its own) and can be reached.
    tops = {round(box["y"]) for box in (a.bounding_box() for a in page.locator(".site-nav a").all())}
    assert len(tops) == 1, tops
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_project_cards_cap_their_chips_and_the_project_page_lists_all(browser, served_site):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(served_site.url(_pages(served_site)["projects"]))
    capped = 0
    for card in page.locator(".cards .card").all():
        chips = card.locator(".skill-chips li")
        more = card.locator(".skill-chips a.chip-more")
        if more.count():
            capped += 1
            assert chips.count() == 4, "three chips and +N"
            hidden = int(re.match(r"\+(\d+)", more.inner_text().strip())[1])
            href = more.get_attribute("href")
            page_context = browser.new_context()
            project = page_context.new_page()
            project.goto(urljoin(page.url, href))
            assert project.locator("article .skill-chips li").count() == 3 + hidden
            page_context.close()
        else:
            assert chips.count() <= 4
        # Chips sit on at most two rows.
        rows = {round(box["y"]) for box in (li.bounding_box() for li in chips.all())}
        assert len(rows) <= 2, rows
    assert capped, "the fixture has a project with more than four skills"
    # Filtering by skill without JavaScript: links to each skill's page, whose projects come first.
    by_skill = page.locator("nav.by-skill a")
    assert by_skill.count() >= 3
    page.goto(urljoin(page.url, by_skill.first.get_attribute("href")))
    assert page.locator("#projects").count() == 1
    context.close()


def test_skill_map_leads_with_skills_that_are_links(browser, served_site):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(served_site.url(_pages(served_site)["skills"]))
    links = page.locator("#skill-map-chart a")
    assert links.count() >= 10
    first = _top(page, "#skill-map-chart a")
    print("skill map: first skill link at", first)
    assert first <= PHONE["height"], "the first skill is not on the first phone screen"
    for selector in ("main table", ".skill-figures"):
        if page.locator(selector).count():
            assert _top(page, selector) > first, f"{selector} comes before the skills"
    # Each skill is one tab stop with its full name, and its page exists.
    names = [a.inner_text().split("\n")[0].strip() for a in links.all()]
    assert all(name and "…" not in name for name in names)
    page.locator("#skill-map-chart a").first.focus()
    for index in range(1, min(links.count(), 6)):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('#skill-map-chart') !== null")
        assert page.evaluate("document.activeElement.tagName") == "A"
    href = links.nth(0).get_attribute("href")
    response = page.goto(urljoin(page.url, href))
    assert response.ok
    assert page.locator(".age").inner_text().strip()
    context.close()
