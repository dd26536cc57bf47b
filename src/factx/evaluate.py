"""Score extracted facts against hand-annotated gold (the ``*.gold.jsonl`` format of shared/gold).

Matching is by exact span and type. A gold span marked ``optional`` counts neither way. Types listed in a
document's ``complete_types`` are exhaustively annotated there: a reported fact matching no gold span is a
false alarm. For matched spans, value, unit, qualifier, low and high are compared where the gold gives them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from factx.extractor import Extractor
from factx.model import Fact

VALUE_FIELDS = ("value", "unit", "qualifier", "low", "high")


@dataclass(slots=True)
class TypeScore:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    value_errors: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        gold = self.true_positives + self.false_negatives
        return self.true_positives / gold if gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_gold(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def score(documents: Iterable[dict[str, Any]], extractor: Extractor) -> dict[str, TypeScore]:
    """Per-type scores over gold documents."""
    scores: dict[str, TypeScore] = defaultdict(TypeScore)
    for doc in documents:
        complete = set(doc.get("complete_types", []))
        types = complete or {f["type"] for f in doc["facts"]}
        facts = extractor.extract(doc["text"], types=types)
        _score_document(doc, facts, complete, scores)
    return dict(scores)


def _score_document(doc: dict[str, Any], facts: list[Fact], complete: set[str],
                    scores: dict[str, TypeScore]) -> None:
    gold = {(g["type"], g["start"], g["end"]): g for g in doc["facts"]}
    found = {(f.type, f.start, f.end): f for f in facts}
    for key, g in gold.items():
        if g.get("optional"):
            continue
        score = scores[g["type"]]
        fact = found.get(key)
        if fact is None:
            score.false_negatives += 1
            score.misses.append(f"{g['text']!r} @{g['start']}")
            continue
        score.true_positives += 1
        problem = value_mismatch(g, fact)
        if problem:
            score.value_errors.append(f"{g['text']!r} @{g['start']}: {problem}")
    for key, fact in found.items():
        if key not in gold and fact.type in complete:
            scores[fact.type].false_positives += 1
            scores[fact.type].false_alarms.append(f"{fact.text!r} @{fact.start} ({fact.rule})")


def value_mismatch(gold: dict[str, Any], fact: Fact) -> str | None:
    """The first normalised field that differs from the gold (only fields the gold gives are compared)."""
    record = fact.to_dict()
    for name in VALUE_FIELDS:
        if name not in gold:
            if name == "qualifier" and record["qualifier"] is not None and "value" in gold:
                return f"qualifier: expected none, got {record['qualifier']!r}"
            continue
        expected, actual = gold[name], record[name]
        if isinstance(expected, int | float) and isinstance(actual, int | float):
            if Decimal(str(expected)) != Decimal(str(actual)):
                return f"{name}: expected {expected!r}, got {actual!r}"
        elif expected != actual:
            return f"{name}: expected {expected!r}, got {actual!r}"
    return None
