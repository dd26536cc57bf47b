"""Run every rule's examples and counter-examples: the rule files are their own test corpus (as in Duckling).

Used by ``factx rules check`` and by the test suite, so a rule is tested the moment it is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import regex

from factx.engine.compiler import CompiledRule, standard_pattern
from factx.extractor import Extractor
from factx.model import Fact

CHECKED_FIELDS = ("value", "unit", "qualifier", "low", "high", "role", "relative")


@dataclass(frozen=True, slots=True)
class ExampleFailure:
    rule: str
    path: str
    text: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: rule {self.rule!r}: {self.text!r}: {self.problem}"


def check_rule(rule: CompiledRule, extractor: Extractor) -> list[ExampleFailure]:
    """Every failing example and counter-example of one rule."""
    failures = [
        ExampleFailure(rule.id, rule.spec.path, text, problem)
        for text in [e["text"] for e in rule.spec.examples] + rule.spec.counter_examples
        if (problem := engines_disagree(rule, text))
    ]
    all_types = extractor.ruleset.types()
    for example in rule.spec.examples:
        problem = _check_example(rule, example, extractor.extract(example["text"], types=all_types))
        if problem:
            failures.append(ExampleFailure(rule.id, rule.spec.path, example["text"], problem))
    for text in rule.spec.counter_examples:
        facts = extractor.extract(text, types=all_types)
        unwanted = [f for f in facts if rule.type == "block" or f.type == rule.type]
        if unwanted:
            listed = ", ".join(f"{f.type} {f.text!r} ({f.rule})" for f in unwanted)
            failures.append(ExampleFailure(rule.id, rule.spec.path, text, f"counter-example produced {listed}"))
    return failures


def engines_disagree(rule: CompiledRule, text: str) -> str | None:
    """With ``engine = "re"``: how the standard engine's matches differ from ``regex``'s on ``text``, if they do.
    An anchored rule is compared where the scanner tries it, at one position at a time: at every position."""
    standard = standard_pattern(rule)
    if standard is None:
        return None

    def matches(pattern: re.Pattern[str] | regex.Pattern[str]) -> list[tuple[tuple[int, int], dict[str, Any]]]:
        found = (pattern.match(text, position) for position in range(len(text))) if rule.anchor else pattern.finditer(text)
        return [(m.span(), m.groupdict()) for m in found if m is not None]

    with_regex, with_re = matches(rule.pattern), matches(standard)
    if with_regex == with_re:
        return None
    return f"engine re: the standard re module matches {with_re} where regex matches {with_regex}"


def check_all(extractor: Extractor) -> tuple[int, list[ExampleFailure]]:
    """(number of examples run, failures) over every rule of the extractor's rule set."""
    count = 0
    failures: list[ExampleFailure] = []
    for rule in extractor.ruleset.rules:
        count += len(rule.spec.examples) + len(rule.spec.counter_examples)
        failures.extend(check_rule(rule, extractor))
    return count, failures


def _check_example(rule: CompiledRule, example: dict[str, Any], facts: list[Fact]) -> str | None:
    wanted = example.get("fact", example["text"])
    found = [f for f in facts if f.type == rule.type and f.text == wanted]
    if not found:
        got = ", ".join(f"{f.type} {f.text!r} ({f.rule})" for f in facts) or "no facts"
        return f"expected {rule.type} {wanted!r}, got {got}"
    fact = found[0]
    # the required word is in the fact or after it, where a look-ahead finds it (5.2和4.3个百分点: 个百分点 for 5.2)
    if rule.requires and not rule.requires.search(example["text"], fact.start):
        return f"'requires' does not match the fact {fact.text!r} or what follows it: the rule would be skipped"
    if fact.rule != rule.id:
        return f"{wanted!r} was produced by rule {fact.rule!r}, not this one"
    expected = dict(example)
    if "value" in example or "low" in example:
        expected.setdefault("qualifier", None)  # an example with a value and no qualifier wants none
    for name in CHECKED_FIELDS:
        if name in expected and not _same(getattr(fact, name), expected[name]):
            return f"{name}: expected {expected[name]!r}, got {getattr(fact, name)!r}"
    return None


def _same(actual: Any, expected: Any) -> bool:
    if isinstance(actual, Decimal) and isinstance(expected, int | float):
        return actual == Decimal(str(expected))
    return actual == expected
