"""Every example and counter-example of every shipped rule, one test each rule (the rules are the corpus)."""

from __future__ import annotations

import pytest

from factx import Extractor
from factx.engine.examples import check_rule

EXTRACTOR = Extractor()
RULES = EXTRACTOR.ruleset.rules


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples(rule):
    failures = check_rule(rule, EXTRACTOR)
    assert not failures, "\n".join(map(str, failures))


def test_every_fact_rule_has_examples():
    missing = [r.id for r in RULES if r.type != "block" and not r.spec.examples]
    assert not missing, f"rules without examples: {missing}"


def test_example_corpus_is_large():
    examples = sum(len(r.spec.examples) + len(r.spec.counter_examples) for r in RULES)
    assert examples >= 150
