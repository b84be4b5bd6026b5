"""Content written for other tools (Pelican themes, Jekyll, Hugo) read as Foothold's, strictly:
accepted aliases, dropped theme keys with a note, one-digit hours, tag case variants, TeX as MathML."""

from __future__ import annotations

import lxml.html
import pytest

from content_model.dates import parse_date
from content_model.math import MathError, to_mathml
from foothold.summary import format_summary

from foothold_test_support import replace_in

MATHML = "{http://www.w3.org/1998/Math/MathML}math"


def _page(result, path):
    return lxml.html.parse(str(result.output / path)).getroot()


def _maths(root):
    return [el for el in root.iter() if isinstance(el.tag, str) and el.tag.split("}")[-1] == "math"]


def test_foreign_keys_are_read_as_foothold_keys(site_copy, build_site_at):
    result = build_site_at(site_copy("foreign_keys"))
    assert result.ok, result.stderr_text
    page = _page(result, "posts/setting-up-a-small-vps/index.html")
    times = page.xpath("//header[@class='post-header']//time/@datetime")
    assert times == ["2019-04-25T09:00:00+01:00", "2019-05-02T18:30:00+01:00"]  # Date (9:00) and Update
    assert page.xpath("//meta[@name='description']/@content") == ["Notes from renting my first virtual server."]
    summary = format_summary(result)
    assert "note: 'Update' read as Foothold's 'Modified' (content/posts/vps-notes.md)" in summary.replace(
        result.settings.build.root + "/", "") or "'Update' read as Foothold's 'Modified'" in summary
    assert "'Comments' left out: Foothold has no comment system" in summary
    assert "'Layout' left out" in summary
    assert "'Lastmod' read as Foothold's 'Modified'" in summary


def test_tags_differing_only_in_case_are_merged_with_a_note(site_copy, build_site_at):
    result = build_site_at(site_copy("foreign_keys"))
    assert result.ok, result.stderr_text
    for post in ("setting-up-a-small-vps", "keys-for-ssh"):
        chips = _page(result, f"posts/{post}/index.html").xpath("//ul[@class='chips']//a/text()")
        assert "#VPS" in chips and "#vps" not in chips
    assert (result.output / "tags" / "vps" / "index.html").is_file()
    assert "the tag 'vps' merged into 'VPS' (only the case differed)" in format_summary(result)


def test_tags_sharing_a_url_but_not_only_by_case_still_fail_with_the_real_url(site_copy, build_site_at):
    content = site_copy("foreign_keys")
    post = content / "posts" / "ssh.md"
    replace_in(post, "tags: [vps, ssh]", "tags: [vps, ssh, 'c-#']")
    other = content / "posts" / "vps-notes.md"
    replace_in(other, "Tags: VPS, linux", "Tags: VPS, linux, c#")
    result = build_site_at(content)
    assert not result.ok
    shared = [p for p in result.problems if "share the URL" in p.message]
    assert shared and all("/tags/c-sharp/" in p.message for p in shared)


def test_unknown_keys_still_fail_with_a_hint_that_names_the_alias(site_copy, build_site_at):
    content = site_copy("foreign_keys")
    post = content / "posts" / "ssh.md"
    replace_in(post, "lastmod: 2019-06-03", "lastmodd: 2019-06-03\nMood: calm")
    result = build_site_at(content)
    assert not result.ok
    by_message = {p.message: p for p in result.problems}
    typo = by_message["unknown metadata key 'lastmodd'"]
    assert typo.path.endswith("posts/ssh.md") and typo.line == 4
    assert "'Lastmod' (Foothold's 'Modified')" in typo.hint
    extra = by_message["unknown metadata key 'Mood'"]
    assert extra.line == 5 and "extra_keys" in extra.hint


def test_an_alias_and_the_key_it_stands_for_together_are_an_error(site_copy, build_site_at):
    content = site_copy("foreign_keys")
    post = content / "posts" / "ssh.md"
    replace_in(post, "lastmod: 2019-06-03", "lastmod: 2019-06-03\nmodified: 2019-06-04")
    result = build_site_at(content)
    assert not result.ok
    [problem] = result.problems
    assert problem.line == 4 and problem.message == "'lastmod' is Foothold's 'Modified', which is also given on line 5"


def test_extra_keys_setting_keeps_keys_the_author_names(site_copy, build_site_at):
    content = site_copy("foreign_keys")
    post = content / "posts" / "ssh.md"
    replace_in(post, "layout: post", "layout: post\nBanner: ssh.png")
    result = build_site_at(content, CONTENT_MODEL={"extra_keys": ["Banner"]})
    assert result.ok, result.stderr_text
    bad = build_site_at(content, CONTENT_MODEL={"extra_keys": ["Modified"]})
    assert not bad.ok and any("names Foothold's own key" in p.message for p in bad.problems)
    unknown = build_site_at(content, CONTENT_MODEL={"maths": False})
    assert not unknown.ok and any(p.path == "pelican.conf" and "'maths'" in p.message for p in unknown.problems)


@pytest.mark.parametrize("text, hour", [("2019-04-25 9:00:00", 9), ("2019-04-25T7:05", 7), ("2019-04-25 19:00", 19)])
def test_one_digit_hours(text, hour):
    assert parse_date(text).hour == hour


def test_tex_becomes_mathml_and_code_and_dollar_amounts_stay(site_copy, build_site_at):
    result = build_site_at(site_copy("foreign_keys"))
    assert result.ok, result.stderr_text
    body = _page(result, "posts/setting-up-a-small-vps/index.html").xpath("//div[@class='e-content']")[0]
    maths = _maths(body)
    assert [m.get("display") for m in maths] == ["inline", "block", "inline", "block"]
    assert all(not m.xpath(".//*[local-name()='mi' and starts-with(text(), '\\')]") for m in maths)
    text = body.text_content()
    assert "A machine costs $5 or $10 a month." in text
    assert "echo $HOME $PATH" in body.xpath(".//p/code/text()")
    assert 'price=$5; echo "$price$"' in body.xpath("string(.//pre)")
    assert "[Disclaimer: none] and (an aside), also [a link]." in " ".join(text.split())
    assert "$" not in "".join(text.split("echo")[0].split("costs $5 or $10")[1:])  # no raw TeX left


def test_math_can_be_turned_off(site_copy, build_site_at):
    result = build_site_at(site_copy("foreign_keys"), CONTENT_MODEL={"math": False})
    assert result.ok, result.stderr_text
    body = _page(result, "posts/setting-up-a-small-vps/index.html").xpath("//div[@class='e-content']")[0]
    assert not _maths(body) and "$\\lambda = \\frac{n}{t}$" in body.text_content()


def test_a_formula_that_cannot_be_converted_fails_with_file_and_line(site_copy, build_site_at):
    content = site_copy("foreign_keys")
    post = content / "posts" / "ssh.md"
    post.write_text(post.read_text() + "\nSecond paragraph with $x^$ in it, and fine $y$.\n\n\\[ \\frac{a}{b \\]\n")
    result = build_site_at(content)
    assert not result.ok
    found = sorted((p.line, p.message) for p in result.problems if p.path.endswith("posts/ssh.md"))
    assert [line for line, _ in found] == [16, 18]
    assert "cannot render the formula $x^$ as MathML" in found[0][1]
    assert "unbalanced" in found[1][1]


@pytest.mark.parametrize("tex", [r"\frac{a", r"x^", r"\notacommand{x}", r"\begin{matrix} a"])
def test_unconvertible_tex_is_refused(tex):
    with pytest.raises(MathError):
        to_mathml(tex, display=False)


def test_unicode_heading_anchors_resolve_and_ascii_ids_stay(site_copy, build_site_at):
    result = build_site_at(site_copy("foreign_keys"))
    assert result.ok, result.stderr_text
    [page] = [p for p in (result.output / "posts").glob("*/index.html") if "Привет" in p.read_text()]
    body = lxml.html.parse(str(page)).getroot().xpath("//div[@class='e-content']")[0]
    assert body.xpath(".//h2/@id") == ["查找公钥", "cafe-au-lait", "привет-мир"]
    assert "#查找公钥" in body.xpath(".//a/@href")
    ssh = _page(result, "posts/keys-for-ssh/index.html")
    assert any(h.endswith("#查找公钥") for h in ssh.xpath("//div[@class='e-content']//a/@href"))
    vps = _page(result, "posts/setting-up-a-small-vps/index.html")
    assert vps.xpath("//div[@class='e-content']/h1/@id") == ["renting-one"]


def test_a_link_to_a_missing_unicode_anchor_still_fails(site_copy, build_site_at):
    content = site_copy("foreign_keys")
    post = content / "posts" / "ssh.md"
    replace_in(post, "gpg-zh.md#查找公钥", "gpg-zh.md#查找私钥")
    result = build_site_at(content)
    assert not result.ok
    assert any("broken anchor" in p.message and "#查找私钥" in p.message and p.path.endswith("ssh.md")
               for p in result.problems)


@pytest.mark.parametrize("text, maths", [
    ("costs $5 and $10", 0), ("运行 $IP_ADDRESS, $MASK和$GATE_WAY改为", 0), (r"\[Disclaimer: none\]", 0),
    (r"\[[a link](https://example.org)\]", 0), ("$a$ and $b$.", 2), (r"\(x^2\)", 1), ("`$x$`", 0),
])
def test_what_opens_math(text, maths):
    import markdown

    html = markdown.Markdown(extensions=["content_model.math"]).convert(text)
    assert html.count("<math ") == maths
