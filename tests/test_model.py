"""The Fact record: built by a hand-written __init__ (model.py) that must behave as the dataclass's own."""

from __future__ import annotations

import dataclasses
import pickle
from decimal import Decimal

import pytest

from factx.model import FACT_FIELDS, Fact

VALUES = ("money", "885亿元", 3, 8, "money.amount", Decimal("88500000000"), "CNY", "over", None, None, "a.txt",
          None, None)


def test_every_field_is_set_positionally_or_by_keyword() -> None:
    names = [field.name for field in dataclasses.fields(Fact)]
    assert sorted(names) == sorted(FACT_FIELDS)
    fact = Fact(*VALUES)
    assert [getattr(fact, name) for name in names] == list(VALUES)
    assert Fact(**dict(zip(names, VALUES, strict=True))) == fact


def test_defaults_equality_hash_and_repr_are_the_dataclass_ones() -> None:
    short = Fact("percent", "15.8%", 0, 5, "percent.sign")
    assert (short.value, short.unit, short.qualifier, short.source, short.relative) == (None,) * 5
    assert short == Fact("percent", "15.8%", 0, 5, "percent.sign", None)
    assert hash(short) == hash(Fact("percent", "15.8%", 0, 5, "percent.sign"))
    assert short != dataclasses.replace(short, start=1)
    assert repr(short).startswith("Fact(type='percent', text='15.8%', start=0, end=5, rule='percent.sign'")


def test_still_frozen_and_copied_by_replace_and_pickle() -> None:
    fact = Fact(*VALUES)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fact.start = 4  # type: ignore[misc]
    moved = dataclasses.replace(fact, start=13, end=18)
    assert (moved.start, moved.end, moved.text, moved.value) == (13, 18, "885亿元", Decimal("88500000000"))
    assert pickle.loads(pickle.dumps(fact)) == fact
    with pytest.raises(TypeError):
        Fact("money", "1元", 0, 2)  # type: ignore[call-arg]  # rule is required, as before
