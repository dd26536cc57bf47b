"""Broken rule files stop with one clear message naming the file, the rule and the problem (exit 2)."""

from __future__ import annotations

import re
import subprocess

import pytest
import regex

from factx import Extractor
from factx.engine.compiler import _for_standard, load_ruleset
from factx.engine.scanner import one_of_chars
from factx.errors import RuleError

GOOD_RULE = """
[[rules]]
id = "money.gold_bars"
type = "quantity"
pattern = '(?P<fact>(?P<num>{amount})(?P<unit>根金条))'
examples = [{ text = "缴获3根金条", fact = "3根金条", value = 3, unit = "根金条" }]
"""

BROKEN = {
    "bad_toml": ("[[rules]\nid = 'x'", None, "invalid TOML"),
    "unknown_reference": (
        "[[rules]]\nid = 'r1'\ntype = 'money'\npattern = '{no_such_fragment}元'\n", "r1", "unknown reference {no_such_fragment}"),
    "bad_regex": ("[[rules]]\nid = 'r2'\ntype = 'money'\npattern = '(?P<num>[0-9]+元'\n", "r2", "invalid pattern at position"),
    "duplicate_id": (
        "[[rules]]\nid = 'r3'\ntype = 'money'\npattern = 'a'\n[[rules]]\nid = 'r3'\ntype = 'money'\npattern = 'b'\n",
        "r3", "duplicate rule id"),
    "missing_pattern": ("[[rules]]\nid = 'r4'\ntype = 'money'\n", "r4", "missing or empty 'pattern'"),
    "unknown_type": ("[[rules]]\nid = 'r5'\ntype = 'moneys'\npattern = 'a'\n", "r5", "unknown type 'moneys'"),
    "unknown_key": ("[[rules]]\nid = 'r6'\ntype = 'money'\npattern = 'a'\npriorty = 3\n", "r6", "unknown key(s): priorty"),
    "cycle": ("[fragments]\na = '{b}'\nb = '{a}'\n[[rules]]\nid = 'r7'\ntype = 'number'\npattern = '{a}'\n", "r7", "reference cycle"),
    "unknown_engine": ("[[rules]]\nid = 'r8'\ntype = 'money'\npattern = 'a'\nengine = 'pcre'\n", "r8", "'engine' must be one of"),
    "engine_re_rejects": (
        "[[rules]]\nid = 'r9'\ntype = 'money'\nengine = 're'\npattern = '(?<=人民币|美)元'\n", "r9",
        "engine re: the standard re module rejects the pattern"),
    "engine_re_negated_property_in_class": (
        "[[rules]]\nid = 'r10'\ntype = 'money'\nengine = 're'\npattern = '[\\P{Han}0-9]元'\n", "r10",
        "rejects the pattern: \\P{Han} inside a class"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_rule_file_raises_rule_error(tmp_path, case):
    text, rule_id, problem = BROKEN[case]
    path = tmp_path / f"{case}.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as error:
        load_ruleset((str(path),))
    message = str(error.value)
    assert str(path) in message
    assert problem in message
    if rule_id:
        assert f"rule {rule_id!r}" in message


@pytest.mark.parametrize("case", ["bad_regex", "unknown_reference"])
def test_cli_reports_rule_errors_in_one_line(tmp_path, factx_bin, case):
    text, rule_id, problem = BROKEN[case]
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    for command in (["extract", "--rules", str(path), "-"], ["rules", "check", "--rules", str(path)]):
        result = subprocess.run([factx_bin, *command], input="100元", capture_output=True, text=True, timeout=60)
        assert result.returncode == 2, result.stderr
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and problem in lines[0] and str(path) in lines[0], result.stderr
        assert f"rule {rule_id!r}" in lines[0]
        assert "Traceback" not in result.stderr


def test_user_rule_adds_a_fact_type(tmp_path):
    path = tmp_path / "gold_bars.toml"
    path.write_text(GOOD_RULE, encoding="utf-8")
    facts = Extractor([str(path)]).extract("警方缴获3根金条")
    assert [(f.text, f.unit, f.rule) for f in facts] == [("3根金条", "根金条", "money.gold_bars")]


def test_user_rule_replaces_a_shipped_rule_by_id(tmp_path):
    path = tmp_path / "override.toml"
    path.write_text("[[rules]]\nid = 'percent.cheng'\ntype = 'percent'\nenabled = false\npattern = 'x'\n", encoding="utf-8")
    assert [f.text for f in Extractor().extract("有三成的企业")] == ["三成"]
    assert Extractor([str(path)]).extract("有三成的企业") == []


def test_rules_from_environment(tmp_path, monkeypatch):
    path = tmp_path / "gold_bars.toml"
    path.write_text(GOOD_RULE, encoding="utf-8")
    monkeypatch.setenv("FACTX_RULES", str(tmp_path))
    assert [f.unit for f in Extractor().extract("3根金条")] == ["根金条"]


def test_missing_rule_path(tmp_path):
    with pytest.raises(RuleError, match="no such rule file"):
        load_ruleset((str(tmp_path / "nope.toml"),))


def test_edge_classes_follow_a_replaced_lexicon(tmp_path):
    """``{lexicon:first}`` / ``{lexicon:last}`` are built from the lexicon as loaded: money.currency_first's
    cheap checks know a currency a user adds, whatever its first and last characters."""
    path = tmp_path / "kwacha.toml"
    path.write_text('[lexicons.currency_before]\nwords = ["克瓦查", "US$"]\n'
                    '[lexicons.currency]\nvalues = { "克瓦查" = "ZMW", "US$" = "USD" }\n', encoding="utf-8")
    extractor = Extractor([str(path)])
    rule = next(rule for rule in extractor.ruleset.rules if rule.id == "money.currency_first")
    assert rule.requires is not None and rule.requires.pattern.startswith("(?:[\\$查])")
    facts = extractor.extract("售价克瓦查300，约US$ 16")
    assert [(f.text, f.value, f.unit) for f in facts if f.type == "money"] == [("克瓦查300", 300, "ZMW"),
                                                                              ("US$ 16", 16, "USD")]


def test_required_characters_are_looked_for_with_in(tmp_path):
    """A ``requires`` of one character or a plain class is checked with ``in`` (engine/scanner.py): the rule
    still runs exactly where a character of it is, and nowhere else."""
    rule = GOOD_RULE.replace("examples", "requires = ' [根枚] '\nexamples")
    path = tmp_path / "gold_bars.toml"
    path.write_text(rule, encoding="utf-8")
    extractor = Extractor([str(path)], types="quantity")
    found = extractor.extract_many(["缴获3根金条", "缴获金条若干", "3根金条和5根金条", "3金条"])
    assert [[f.text for f in facts] for facts in found] == [["3根金条"], [], ["3根金条", "5根金条"], []]


@pytest.mark.parametrize(("pattern", "chars"), [
    ("年", "年"), (" 年 ", "年"), ("[%％‰]", "%％‰"), ("[日号]", "日号"),
    ("年代", None), ("(?:个|[年天周])半", None), (r"\d", None), ("[0-9]", None), ("[^年]", None), ("[ 年]", None),
    ("年+", None), (".", None), ("#", None), ("(?=年)", None), ("", None), ("[]]", None), (r"[\-]", None),
])
def test_one_of_chars(pattern, chars):
    assert one_of_chars(pattern) == chars


@pytest.mark.parametrize("pattern", [
    r"\p{Han}(?=\p{Han})", r"[^\p{Han}] | $", r"[\p{Han}\p{Katakana}A-Za-z]{2}", r"(?<![\p{L}\p{N}.．])[0-9]",
    r"\P{Han}+", r"[]\p{Han}]", r"[^]\p{Han}]", "\\\\p{Han} [\\]\\p{Han}]",
])
def test_properties_are_rewritten_for_the_standard_engine(pattern):
    """``re`` has no ``\\p{..}``: an ``engine = "re"`` pattern gets each property as the class of the characters
    ``regex`` gives it, inside a class or out, and matches exactly what ``regex`` matches, on every character."""
    every = "".join(map(chr, range(0xD800))) + "".join(map(chr, range(0xE000, 0x30000))) + "元x\\p{Han}] "
    rewritten = _for_standard(pattern)
    assert r"\p{" not in rewritten.replace("\\\\p{", "")  # an escaped backslash before p{ is no property
    with_regex = [m.span() for m in regex.finditer(pattern, every, regex.VERBOSE | regex.VERSION0)]
    assert with_regex
    assert [m.span() for m in re.finditer(rewritten, every, re.VERBOSE)] == with_regex


def test_property_rewriting_leaves_comments_alone():
    assert _for_standard("元  # not [ \\p{Han}\n年") == "元  # not [ \\p{Han}\n年"
