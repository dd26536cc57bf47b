"""Short names an article defines for an organisation: normalize/org_aliases.py."""

from __future__ import annotations

import pytest

from factx import Extractor
from factx.normalize.org_aliases import RULE_ID


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def orgs(extractor: Extractor, text: str, types: str | None = None) -> list[tuple[str, int, str, object]]:
    return [(f.text, f.start, f.rule, f.value) for f in extractor.extract(text, types=types) if f.type == "org"]


def test_a_defined_short_name_is_an_org_where_it_is_defined_and_after():
    text = "股份转让给宁夏华锦资产管理有限公司(下称宁夏华锦)，宁夏华锦随后增持。"
    found = orgs(extractor=Extractor(), text=text)
    full = "宁夏华锦资产管理有限公司"
    assert found == [
        (full, 5, "org.suffix", None),
        ("宁夏华锦", 20, RULE_ID, {"name": full}),
        ("宁夏华锦", 26, RULE_ID, {"name": full}),
    ]
    # the place inside each short name is no fact of its own any more
    assert not [f for f in Extractor().extract(text) if f.type == "location" and f.start >= 20]


@pytest.mark.parametrize(
    ("text", "alias"),
    [
        ("中国金融期货交易所(以下简称“中金所”)表示", "中金所"),
        ("中国证券监督管理委员会（“证监会”）发布", "证监会"),
        ("绍兴柯桥领英实业有限公司(下称柯桥领英)。柯桥领英称", "柯桥领英"),
    ],
)
def test_the_forms_of_a_definition(extractor, text, alias):
    assert alias in {name for name, *_ in orgs(extractor, text)}


@pytest.mark.parametrize(
    "text",
    [
        "北京光线传媒股份有限公司(以下简称“公司”)称，公司将回购",  # generic: no one organisation
        "和岛一号证券投资基金管理有限公司(下称“和岛一号”)",  # a numeral inside: amounts never depend on it
        "这家公司（简称不详）",  # no organisation before the bracket
    ],
)
def test_no_short_name_is_taken(extractor, text):
    assert RULE_ID not in {rule for _, _, rule, _ in orgs(extractor, text)}


def test_the_value_is_the_canonical_name_when_the_full_name_has_one(extractor):
    text = "据工商银行(下称“工银”)公告，工银将"
    found = orgs(extractor, text)
    assert ("工银", text.index("工银"), RULE_ID, {"name": "中国工商银行"}) in found  # not 工商银行, the text


def test_the_type_filter_stays_exact(extractor):
    """A place inside a defined short name is dropped whatever types are asked for: asking for places scans
    for organisations too."""
    text = "转让给宁夏华锦资产管理有限公司(下称宁夏华锦)。宁夏华锦在银川增持。"
    everything = extractor.extract(text)
    for types in ("location", "org", "org,location", "person,location"):
        wanted = set(types.split(","))
        assert Extractor(types=types).extract(text) == [f for f in everything if f.type in wanted], types
