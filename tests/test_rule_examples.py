"""Every example and counter-example of every shipped rule, one test each rule (the rules are the corpus)."""

from __future__ import annotations

import pytest
from conftest import REPO, SHARED

from factx import Extractor
from factx.engine.examples import check_rule, engines_disagree

EXTRACTOR = Extractor()
RULES = EXTRACTOR.ruleset.rules


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples(rule):
    failures = check_rule(rule, EXTRACTOR)
    assert not failures, "\n".join(map(str, failures))


@pytest.mark.parametrize(
    ("requires", "failing"),
    [("根金条", False), ("金条", False), ("银条", True)],  # in the fact; after it (a look-ahead's); nowhere near
)
def test_a_required_word_must_be_in_the_fact_or_after_it(tmp_path, requires, failing):
    """``requires`` is checked against every example where the rule's matches can find it: in the fact, or after
    it where a look-ahead reads it (percent.points_listed); a word found nowhere there would skip the rule."""
    path = tmp_path / "bars.toml"
    path.write_text(
        "[[rules]]\nid = 'quantity.bars'\ntype = 'quantity'\npriority = 50\n"
        f"requires = '{requires}'\n"
        "pattern = '(?P<fact>(?P<num>[0-9]+)(?P<unit>根))(?=金条)'\n"
        "examples = [{ text = '缴获3根金条', fact = '3根', value = 3, unit = '根' }]\n",
        encoding="utf-8",
    )
    extractor = Extractor(rules=(str(path),))
    [rule] = [r for r in extractor.ruleset.rules if r.id == "quantity.bars"]
    failures = check_rule(rule, extractor)
    assert bool(failures) == failing, failures
    assert all("'requires' does not match" in str(f) for f in failures)


def test_every_fact_rule_has_examples():
    missing = [r.id for r in RULES if r.type != "block" and not r.spec.examples]
    assert not missing, f"rules without examples: {missing}"


def test_example_corpus_is_large():
    examples = sum(len(r.spec.examples) + len(r.spec.counter_examples) for r in RULES)
    assert examples >= 150


STANDARD = [r for r in RULES if r.standard is not None]


@pytest.mark.parametrize("rule", STANDARD, ids=[r.id for r in STANDARD])
def test_standard_engine_matches_regex_on_news(rule):
    """``engine = "re"`` rules give the same matches with both engines on real text, not only on examples."""
    files = sorted((REPO / "samples").glob("*.txt")) + sorted((SHARED / "corpus" / "news").rglob("*.txt"))[::25]
    texts = [f.read_text(encoding="utf-8") for f in files]
    assert texts
    problems = [problem for text in texts if (problem := engines_disagree(rule, text))]
    assert not problems, problems[0]


def test_some_rules_use_the_standard_engine():
    assert {"money.amount", "percent.sign", "quantity.chinese"} <= {r.id for r in STANDARD}


@pytest.mark.skipif(not (SHARED / "corpus" / "news").is_dir(), reason="../shared/corpus is not available")
def test_extraction_is_the_same_on_either_engine(monkeypatch):
    """Before and after the switch to ``re`` (STANDARD_AFTER characters into a process) the facts are equal."""
    from factx.engine import scanner

    files = sorted((REPO / "samples").glob("*.txt")) + sorted((SHARED / "corpus" / "news").rglob("*.txt"))[::100]
    texts = [f.read_text(encoding="utf-8") for f in files]
    runs = []
    for scanned in (-(10**12), 10**12):  # never reaches the threshold: regex only; past it: re from the start
        monkeypatch.setattr(scanner, "_SCANNED", [scanned])
        runs.append([EXTRACTOR.extract(text, types="money,percent,quantity,number,date,org,person,location")
                     for text in texts])
    assert runs[0] == runs[1]
    assert sum(map(len, runs[0])) > 100
