"""plugins/foothold/pygments_css.py: the generated code stylesheet is scoped, readable (WCAG AA
in light and dark) and the committed copy in the theme is up to date."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))

from commands.pygments_css import (  # noqa: E402
    MIN_CONTRAST,
    PygmentsStyleError,
    contrast,
    readable,
    render_pygments_css,
    write_pygments_css,
)

RULE = re.compile(r"^\s*(?P<selector>[^@{}][^{}]*?)\s*\{(?P<body>[^}]*)\}", re.M)
COLOUR = re.compile(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})")
BACKGROUND = re.compile(r"background(?:-color)?:\s*(#[0-9a-fA-F]{3,6})")


def _selectors(group: str) -> list[str]:
    """``a, b :is(.x, .y)`` -> ``['a', 'b .x', 'b .y']``: the generator lists the token classes
    that share a colour in one :is()."""
    out = []
    for part in re.split(r",\s*(?![^()]*\))", group.strip()):
        inner = re.fullmatch(r"(?P<scope>.*?)\s*:is\((?P<tokens>[^)]*)\)", part.strip())
        if inner:
            out += [f"{inner['scope']} {token.strip()}" for token in inner["tokens"].split(",")]
        else:
            out.append(part.strip())
    return out


def _rules(css: str):
    for match in RULE.finditer(css):
        for selector in _selectors(match["selector"]):
            yield selector, match["body"]


def _scopes(css: str) -> dict[str, dict]:
    """scope prefix -> {'bg': background, 'rules': [(selector, fg, own_bg)]}."""
    scopes: dict[str, dict] = {}
    for selector, body in _rules(css):
        scope = selector.split(" .highlight")[0] + " .highlight" if " .highlight" in selector else ".highlight"
        entry = scopes.setdefault(scope, {"bg": None, "rules": []})
        fg, bg = COLOUR.search(body), BACKGROUND.search(body)
        if selector == scope and bg:
            entry["bg"] = bg[1]
        if fg:
            entry["rules"].append((selector, fg[1], bg[1] if bg and selector != scope else None))
    return scopes


@pytest.mark.parametrize("light,dark", [("xcode", "github-dark"), ("default", "monokai"), ("tango", "native")])
def test_every_token_colour_meets_wcag_aa_in_both_schemes(light, dark):
    scopes = _scopes(render_pygments_css(light, dark))
    assert set(scopes) == {
        ".highlight",
        ':root[data-theme="dark"] .highlight',
        ':root:not([data-theme="light"]) .highlight',
    }
    for scope, entry in scopes.items():
        assert entry["bg"], f"{scope} has no background"
        assert len(entry["rules"]) > 20, scope
        for selector, fg, own_bg in entry["rules"]:
            ratio = contrast(fg, own_bg or entry["bg"])
            assert ratio >= MIN_CONTRAST, f"{selector}: {fg} on {own_bg or entry['bg']} is {ratio:.2f}"


def test_rules_never_leak_outside_code_blocks():
    css = render_pygments_css()
    for selector, _ in _rules(css):
        assert ".highlight" in selector, selector
    assert "@media (prefers-color-scheme: dark)" in css


def test_dark_scopes_reset_classes_only_the_light_style_colours():
    css = render_pygments_css("xcode", "github-dark")
    selectors = [selector for selector, _ in _rules(css)]
    light_classes = {s.split(" .")[-1] for s in selectors if re.fullmatch(r"\.highlight \.[\w-]+", s)}
    dark_classes = {s.split(" .")[-1] for s in selectors
                    if re.fullmatch(r':root\[data-theme="dark"\] \.highlight \.[\w-]+', s)}
    assert len(light_classes) > 20
    assert light_classes <= dark_classes


def test_readable_moves_a_failing_colour_just_enough():
    assert readable("#000000", "#ffffff") == "#000000"
    fixed = readable("#999999", "#ffffff")
    assert contrast(fixed, "#ffffff") >= MIN_CONTRAST
    assert contrast(fixed, "#ffffff") < MIN_CONTRAST + 0.5
    assert contrast(readable("#333333", "#0d1117"), "#0d1117") >= MIN_CONTRAST


def test_unknown_style_names_the_known_ones():
    with pytest.raises(PygmentsStyleError) as caught:
        render_pygments_css(light="githib")
    assert "'githib'" in str(caught.value) and "github-dark" in str(caught.value)


def test_write_creates_the_file_and_the_theme_copy_is_current(tmp_path):
    written = write_pygments_css(tmp_path)
    assert written == tmp_path / "static" / "css" / "pygments.css"
    assert written.read_text(encoding="utf-8") == render_pygments_css()
    committed = ROOT / "theme" / "static" / "css" / "pygments.css"
    assert committed.read_text(encoding="utf-8") == render_pygments_css(), "run `invoke pygments`"


def test_classes_sharing_a_colour_share_one_rule():
    css = render_pygments_css("xcode", "github-dark")
    assert ".highlight :is(.k, .kc, .kd" in css
    bodies = [match["body"].strip() for match in RULE.finditer(css) if match["selector"].startswith(".highlight")]
    assert len(bodies) == len(set(bodies)), "two light rules with the same declarations"
    assert len(css) < 7000
