"""TeX in Markdown to MathML at build time, as a Python-Markdown extension (no JavaScript).

``$…$`` and ``\\(…\\)`` are inline math, ``$$…$$`` and ``\\[…\\]`` display math (``$$…$$`` inside a
sentence stays inline, as kramdown reads it). latex2mathml does the conversion; this module only
finds the formulas. It is an inline pattern, so code spans (matched first) and code blocks (never
inline-processed) are left alone. A single ``$`` opens math only when a non-space follows it and
closes it only when a non-space comes before it and no digit or letter after it (pandoc's rule,
with letters added: "$MASK和$GATE_WAY" in CJK prose is two shell variables), so prose with dollar
amounts ("$5 and $10") stays prose.

A formula latex2mathml cannot convert is rendered as a marker element (``ERROR_CLASS``) that the
reader turns into a problem with the file and line: bodies are rendered in worker processes, which
cannot reach the build's problem log, and a marker also survives the body cache.
"""

from __future__ import annotations

import html
import re

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

ERROR_CLASS = "foothold-math-error"
ERROR_MARK = re.compile(r'<span class="' + ERROR_CLASS + r'" data-tex="([^"]*)" data-error="([^"]*)"></span>')

# Between the code-span pattern (190, matched first) and backslash escapes (180), which would
# otherwise eat the backslash of \( and \[.
PRIORITY = 186

# Every branch starts with a literal $ or backslash, so that re finds where a formula may start
# with a fast scan for those two characters: the opening $'s "not after a backslash, $ or word
# character" is a lookbehind after it (over the $ too), not before it, where it would make re try
# every position of every text (0.3 s of 1,000 posts' Markdown, most of them without a formula).
_MATH = re.compile(
    r"""\$\$(?P<dd>(?:[^$\\]|\\.)+?)\$\$                     # $$ display $$
      | \\\[(?P<bd>.+?)\\\]                                   # \[ display \]
      | \\\((?P<bi>.+?)\\\)                                   # \( inline \)
      | \$(?<![\\$\w]\$)(?![\s$])(?P<di>(?:[^$\\\n]|\\.|\n(?!\n))+?)(?<![\s\\])\$(?![\w$])  # $inline$
    """,
    re.X | re.S,
)
_COMMAND = re.compile(r"<mi>(\\[A-Za-z]+)</mi>")
# TeX's own operator names that latex2mathml 3.81 passes through as "\arg": written upright, as TeX does.
OPERATOR_NAMES = frozenset("arccos arcsin arctan arg cos cosh cot coth csc deg det dim exp gcd hom inf ker lg lim "
                           "liminf limsup ln log max min Pr sec sin sinh sup tan tanh".split())
# The formulas of a Markdown text, for tools that work on its source (invoke migrate).
FORMULA = _MATH


class MathError(ValueError):
    """A formula that latex2mathml cannot convert; str() says why."""


def _balanced(tex: str) -> bool:
    depth = 0
    for match in re.finditer(r"\\.|[{}]", tex):
        token = match.group(0)
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def to_mathml(tex: str, display: bool) -> str:
    """MathML for one formula; MathError for one that cannot be converted as written."""
    if not _balanced(tex):
        raise MathError("unbalanced { and }")
    # Imported on the first formula: about 12 ms of every build's start-up otherwise, and most
    # sites have no math.
    from latex2mathml.converter import convert

    try:
        mathml = convert(tex, display="block" if display else "inline")
    except Exception as exc:  # noqa: BLE001 - latex2mathml raises many kinds; all mean "cannot convert"
        raise MathError(f"{type(exc).__name__}: {exc}".rstrip(": ")) from None
    # latex2mathml passes an unknown command through as an identifier: that would print "\foo".
    unknown = _COMMAND.search(mathml)
    if unknown and unknown.group(1)[1:] in OPERATOR_NAMES:
        name = unknown.group(1)[1:]
        return to_mathml(re.sub(r"\\" + name + r"(?![A-Za-z])", r"\\operatorname{" + name + "}", tex), display)
    if unknown:
        raise MathError(f"unknown TeX command {unknown.group(1)}")
    return mathml


# \[ and \( are also Markdown's escaped brackets ("\[Disclaimer: ...\]", "\[[a link](...)\]"):
# they open math only around a formula that stands alone or reads as TeX.
_TEX_SIGNS = re.compile(r"[\\^_=+{}<>]|\d")
_LINK = re.compile(r"\]\(|\[[^\]]*\]")


def _reads_as_tex(tex: str, alone: bool) -> bool:
    if _LINK.search(tex):
        return False
    if alone and " " not in tex.strip():
        return True  # \[x\] on its own line
    return bool(_TEX_SIGNS.search(tex)) and len(tex.split()) <= max(8, len(tex) // 4)


class MathInlineProcessor(InlineProcessor):
    def __init__(self, md):
        super().__init__(_MATH.pattern, md)
        self.compiled_re = _MATH  # with its re.X, which InlineProcessor's own compile drops

    def handleMatch(self, m, data):  # noqa: N802 - Python-Markdown's name
        tex = next(g for g in (m.group("dd"), m.group("bd"), m.group("bi"), m.group("di")) if g is not None)
        alone = not (data[:m.start()].strip() or data[m.end():].strip())
        if (m.group("bd") is not None or m.group("bi") is not None) and not _reads_as_tex(tex, alone):
            return None, None, None  # escaped brackets in prose
        display = m.group("bd") is not None or (m.group("dd") is not None and not (data[:m.start()].strip()
                                                                                     or data[m.end():].strip()))
        try:
            produced = to_mathml(tex.strip(), display)
        except MathError as exc:
            produced = (f'<span class="{ERROR_CLASS}" data-tex="{html.escape(m.group(0), quote=True)}" '
                        f'data-error="{html.escape(str(exc), quote=True)}"></span>')
        return self.md.htmlStash.store(produced), m.start(0), m.end(0)


class MathExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.inlinePatterns.register(MathInlineProcessor(md), "foothold_math", PRIORITY)


def makeExtension(**kwargs):  # noqa: N802 - the name Python-Markdown looks for
    return MathExtension(**kwargs)


def math_errors(rendered: str) -> list[tuple[str, str]]:
    """(formula as written, why) for each formula the extension could not convert."""
    return [(html.unescape(tex), html.unescape(why)) for tex, why in ERROR_MARK.findall(rendered or "")]
