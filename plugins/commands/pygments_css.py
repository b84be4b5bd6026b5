"""Generate the theme's syntax-highlighting stylesheet from Pygments styles.

The stylesheet is generated (``invoke pygments``), never hand-edited, so changing the style is one
setting. Light rules apply by default; dark rules apply when the reader's system prefers dark
(unless the page toggle chose light) or when the toggle chose dark. Colours that fall below the
WCAG AA contrast ratio against the style's own background are nudged until they pass, because
several Pygments styles ship comment or number colours that axe-core reports as violations.
"""

from __future__ import annotations

from pathlib import Path

from pygments.formatters import HtmlFormatter
from pygments.token import Token
from pygments.styles import get_all_styles, get_style_by_name
from pygments.util import ClassNotFound

DEFAULT_LIGHT = "xcode"
DEFAULT_DARK = "github-dark"
OUTPUT_NAME = "pygments.css"
MIN_CONTRAST = 4.5  # WCAG 2 AA for normal-size text; code is normal-size text
CODE_SELECTOR = ".highlight"

# The page toggle writes data-theme on <html>; these selectors must match theme/static/js/theme.js.
LIGHT_SCOPE = CODE_SELECTOR
DARK_SCOPE_TOGGLED = ':root[data-theme="dark"] ' + CODE_SELECTOR
DARK_SCOPE_SYSTEM = ':root:not([data-theme="light"]) ' + CODE_SELECTOR


class PygmentsStyleError(ValueError):
    """A style name Pygments does not know; the message lists the ones it does."""


def _hex_to_rgb(value: str) -> tuple[float, float, float]:
    value = value.lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))


def _rgb_to_hex(rgb) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


def _luminance(rgb) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours."""
    a = _luminance(_hex_to_rgb(foreground))
    b = _luminance(_hex_to_rgb(background))
    high, low = max(a, b), min(a, b)
    return (high + 0.05) / (low + 0.05)


def readable(foreground: str, background: str, minimum: float = MIN_CONTRAST) -> str:
    """``foreground``, moved towards black or white just far enough to reach ``minimum``."""
    if contrast(foreground, background) >= minimum:
        return foreground
    rgb = _hex_to_rgb(foreground)
    target = 0.0 if _luminance(_hex_to_rgb(background)) > 0.18 else 1.0
    # Small fixed steps keep the hue recognisable; 100 steps always reach black or white.
    for step in range(1, 101):
        mix = step / 100
        candidate = _rgb_to_hex(tuple(c + (target - c) * mix for c in rgb))
        if contrast(candidate, background) >= minimum:
            return candidate
    return "#000000" if target == 0.0 else "#ffffff"


def _style(name: str):
    try:
        return get_style_by_name(name)
    except ClassNotFound:
        known = ", ".join(sorted(get_all_styles()))
        raise PygmentsStyleError(
            f"unknown Pygments style {name!r}; known styles: {known}"
        ) from None


def _accessible_style(name: str):
    """A subclass of the named style whose text colours all meet MIN_CONTRAST."""
    base = _style(name)
    background = base.background_color or "#ffffff"
    styles = {}
    for token, spec in base:
        colour = spec["color"]
        token_bg = "#" + spec["bgcolor"] if spec["bgcolor"] else background
        if colour:
            fixed = readable("#" + colour, token_bg)
            if fixed != "#" + colour:
                styles[token] = _rewrite_colour(base.styles.get(token, ""), fixed)
    fixed_styles = dict(base.styles)
    fixed_styles.update(styles)
    return type(f"Accessible_{name}", (base,), {"styles": fixed_styles})


def _rewrite_colour(definition: str, colour: str) -> str:
    """Replace the foreground ``#xxxxxx`` in a Pygments style string, keep the rest."""
    parts = [part for part in definition.split() if not part.startswith("#")]
    parts.append(colour)
    return " ".join(parts)


def _text_colour(style) -> str | None:
    for token in (Token.Text, Token):
        colour = style.styles.get(token, "")
        for part in colour.split():
            if part.startswith("#"):
                return part
    return None


def _rules(style, scope: str, reset_classes=()) -> str:
    """Token rules under ``scope``; ``reset_classes`` are classes another style colours but this
    one does not, reset here so the light colours never show through in dark mode."""
    formatter = HtmlFormatter(style=style)
    # Only background and token rules: get_style_defs() would add unscoped `pre` and line-number
    # rules that leak into the rest of the page.
    lines = formatter.get_background_style_defs(scope) + formatter.get_token_style_defs(scope)
    colour = _text_colour(style)
    if colour:
        lines.append(f"{scope} {{ color: {colour}; }}")
    for name in sorted(set(reset_classes) - set(formatter.class2style)):
        lines.append(
            f"{scope} .{name} {{ color: inherit; background-color: transparent; "
            "font-weight: inherit; font-style: inherit; }"
        )
    # Pygments appends the token name as a comment on every line; dropped to halve the file size.
    lines = [line.split(" /* ")[0] for line in lines]
    return "\n".join(_grouped((line for line in lines if line.strip()), scope))


def _grouped(lines, scope: str) -> list[str]:
    """One rule per distinct declaration block, its token classes listed in one ``:is()``: a style
    colours dozens of classes with a handful of colours, and the stylesheet counts against every
    page's weight budget. ``:is()`` takes the specificity of a single class, so which rule wins
    is unchanged; the order of first appearance is kept."""
    groups: dict[str, list[str]] = {}
    for line in lines:
        selector, _, body = line.partition("{")
        body = body.rstrip().rstrip("}").strip().rstrip(";")
        groups.setdefault(body, []).append(selector.strip())
    out = []
    prefix = scope + " "
    for body, selectors in groups.items():
        tokens = [sel[len(prefix):] for sel in selectors if sel.startswith(prefix)]
        others = [sel for sel in selectors if not sel.startswith(prefix)]
        if len(tokens) > 1:
            others.append(f"{scope} :is({', '.join(tokens)})")
        elif tokens:
            others.append(prefix + tokens[0])
        out.append(", ".join(others) + " { " + body + " }")
    return out


def _classes(style) -> set[str]:
    return {name for name in HtmlFormatter(style=style).class2style if name}


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def render_pygments_css(light: str = DEFAULT_LIGHT, dark: str = DEFAULT_DARK) -> str:
    """The stylesheet text: light rules, then dark rules for the toggle and the system preference."""
    light_style = _accessible_style(light)
    dark_style = _accessible_style(dark)
    light_classes = _classes(light_style)
    header = (
        f"/* Generated by plugins/commands/pygments_css.py from the Pygments styles "
        f"{light!r} (light) and {dark!r} (dark).\n"
        "   Do not edit: run `invoke pygments` instead. */"
    )
    return "\n".join(
        [
            header,
            _rules(light_style, LIGHT_SCOPE),
            _rules(dark_style, DARK_SCOPE_TOGGLED, light_classes),
            "@media (prefers-color-scheme: dark) {",
            _indent(_rules(dark_style, DARK_SCOPE_SYSTEM, light_classes)),
            "}",
            "",
        ]
    )


def write_pygments_css(theme_dir, light: str = DEFAULT_LIGHT, dark: str = DEFAULT_DARK) -> Path:
    """Write ``<theme_dir>/static/css/pygments.css`` and return its path."""
    target = Path(theme_dir) / "static" / "css" / OUTPUT_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_pygments_css(light, dark), encoding="utf-8")
    return target
