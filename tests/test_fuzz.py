"""Extraction never raises, spans are exact, facts never overlap: over arbitrary Unicode and shuffled news."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from factx import Extractor

EXTRACTOR = Extractor(types="money,percent,quantity,number,date,org,person,location")

FRAGMENTS = [
    "总投资885亿元", "同比增长15.8%", "250余家", "六七十户", "两三天", "百分之十五点八", "超亿美元", "10亿元以上",
    "近70%", "3至5亿元", "三成半", "九折", "千分之三", "2024年", "EU5", "S302", "世界500强", "“3+3+3”",
    "一体化", "千家万户", "李四人民币", "１２３．５万元", "\n\n", "。", "，", " ", "负百分之四十", "两毛五",
    "博大科热控设备(平湖)有限公司", "记者 林旭东", "平湖市", "1.44 亿元", "-", "%", "亿", "万", "元", "十",
    "第一", "一", "余", "多", "几", "至", "～", "个百分点", "人民币", "2,000", "0.", ".5",
]


def check(text: str) -> None:
    facts = EXTRACTOR.extract(text)
    previous_end = -1
    for fact in facts:
        assert 0 <= fact.start < fact.end <= len(text)
        assert fact.text == text[fact.start : fact.end]
        assert fact.start >= previous_end, f"overlap at {fact.start}: {fact.text!r}"
        previous_end = fact.end


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_unicode(text):
    check(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30))
def test_shuffled_news_fragments(pieces):
    check("".join(pieces))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789０１２３４５６７８９.,%％一二两三四五六七八九十百千万亿零点余多几成分之至-~元美亿家个年月日",
               max_size=60))
def test_numeral_soup(text):
    check(text)


PATHOLOGICAL = ["一", "十", "万", "1", "１", "1.", "1,", "一万", "5%", "亿元", "3+", "a1", "S3", "第", "年", "月", "日",
                "1-", "一至", "百分之", "·", "有限公司", "(", "张"]


def test_long_runs_stay_linear():
    """Repetitive input (a table dump, an OCR glitch) must not make a rule backtrack for ever."""
    guarded = Extractor(types="money,percent,quantity,number,date,org,person,location", timeout=20)
    for piece in PATHOLOGICAL:
        text = piece * 10000
        check_facts = guarded.extract(text)  # raises TimeoutError if a rule goes quadratic
        assert all(f.text == text[f.start : f.end] for f in check_facts)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(FRAGMENTS), max_size=20).map("".join), min_size=1, max_size=12))
def test_a_batch_gets_the_facts_each_text_gets_alone(texts):
    """Texts scanned together, rule after rule (scanner.scan_many), share no state: same facts as one by one,
    with every type and with a subset (whose search near the wanted facts runs ring after ring over the batch)."""
    assert EXTRACTOR.extract_many(texts) == [EXTRACTOR.extract(text) for text in texts]
    numeric = "money,percent,quantity"
    assert EXTRACTOR.extract_many(texts, types=numeric) == [EXTRACTOR.extract(text, types=numeric) for text in texts]
