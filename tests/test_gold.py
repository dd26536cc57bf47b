"""Measured quality on the hand-annotated sample page (../shared/gold), per the annotation conventions."""

from __future__ import annotations

import pytest

from factx import Extractor
from factx.evaluate import read_gold, score


@pytest.fixture(scope="module")
def scores(gold_path):
    return score(read_gold(gold_path), Extractor())


@pytest.mark.parametrize("fact_type", ["money", "percent"])
def test_money_and_percent_are_perfect(scores, fact_type):
    s = scores[fact_type]
    assert s.misses == [] and s.false_alarms == [], (s.misses, s.false_alarms)
    assert s.precision == 1.0 and s.recall == 1.0
    assert s.value_errors == []


def test_quantity_f1(scores):
    s = scores["quantity"]
    assert s.f1 >= 0.95, (s.misses, s.false_alarms)
    assert s.value_errors == []


def test_offsets_are_exact(gold_path):
    doc = next(read_gold(gold_path))
    for fact in Extractor().extract(doc["text"]):
        assert doc["text"][fact.start : fact.end] == fact.text


@pytest.mark.parametrize(("fact_type", "minimum"), [("person", 0.95), ("org", 0.85), ("location", 0.9), ("date", 0.9)])
def test_entity_and_date_f1(scores, fact_type, minimum):
    s = scores[fact_type]
    assert s.f1 >= minimum, (s.misses, s.false_alarms)


def test_date_values(scores):
    assert scores["date"].value_errors == []


# The levels measured on this page (BENCHMARKS.md), above the issues' minimums: a rule change that loses one of
# these facts shows here, not only as a lower figure in the next benchmark run. The one date false alarm is 今年
# in 今年以来, where the gold's own convention differs between two occurrences.
MEASURED = {"quantity": (0, 0), "person": (0, 0), "org": (0, 0), "location": (0, 0), "date": (0, 1)}


@pytest.mark.parametrize("fact_type", sorted(MEASURED))
def test_no_fact_of_the_page_is_lost_or_gained(scores, fact_type):
    s = scores[fact_type]
    assert (len(s.misses), len(s.false_alarms)) == MEASURED[fact_type], (s.misses, s.false_alarms)
