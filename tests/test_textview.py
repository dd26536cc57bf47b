"""The view rules see (engine/textview.py): a PDF page's wrapped lines joined, spaces beside numerals left out, and
exact offsets back."""

from __future__ import annotations

from decimal import Decimal

import regex
from hypothesis import given
from hypothesis import strategies as st

from factx import extract
from factx.engine.textview import TextView, breaks

# A PDF page's paragraph, wrapped at the column's width mid-word and mid-amount.
WRAPPED = ("平湖经济技术开发区今年计划引进项目，其中入选首\n\n批省级重点项目共计十二个，总投资885亿\n元，同比增"
           "长15.8%，新签约项目\n二十个，涉及新材料等领域。")
# What a break is, written the plain way (tried at every character, so slower than ``breaks``).
SPEC = regex.compile(r"[ \t\u3000]*(?:\r?\n[ \t\u3000]*)+")
PIECES = st.sampled_from(["中", "a", " ", "\t", "\u3000", "\u00a0", "\n", "\r", "\r\n", "。", "，", "长" * 17, "x" * 20,
                          "7", "%"])


def test_a_wrapped_line_is_joined_and_facts_map_back() -> None:
    view = TextView(WRAPPED)
    assert "首批" in view.view and "885亿元" in view.view
    [money] = [f for f in extract(WRAPPED) if f.type == "money"]
    assert money.text == "885亿\n元" == WRAPPED[money.start : money.end]
    assert money.value == 88500000000


def test_headlines_and_sentence_ends_are_not_joined() -> None:
    text = "短标题\n正文第一句写完了。\n第二段从这里开始写到足够长的地方"
    assert TextView(text).view == text
    assert TextView("没有换行").view == "没有换行"


def test_a_web_article_is_not_joined() -> None:
    """A long headline does not end a sentence either; a text with few unterminated lines of prose is not a
    wrapped page, and a fact does not run from a headline into its story."""
    text = "俄罗斯永久禁止92名美国公民入境\n俄罗斯外交部28日表示，俄方决定禁止92名美国公民入境。"
    assert TextView(text).view == text
    assert "俄罗斯外交部" in [f.text for f in extract(text, types="org")]


def test_a_page_needs_several_wrapped_lines_of_prose() -> None:
    lines = ["平湖经济技术开发区今年计划引进项目，其中入选首", "批省级重点项目共计十二个，总投资885亿", "元，同比增长15.8%，新签约项目",
             "二十个，涉及新材料等领域。"]
    assert TextView("\n".join(lines)).view == "".join(lines)  # three lines of prose cut mid-sentence
    two = "\n".join(lines[1:])
    assert TextView(two).view == two  # two are not enough


def test_spaces_beside_numerals_are_left_out_of_the_view_but_kept_in_facts() -> None:
    """As text taken from PDF pages writes amounts and dates: the rules read them whole, and each fact's text is
    the document's, spaces included (the annotation conventions: 1.44 亿元)."""
    text = "截至 2024 年 12 月 5 日，核心配套企业 250 余家，同比增长 15.8 %，上涨 3.5 个百分点。"
    assert TextView(text).view == "截至2024年12月5日，核心配套企业250余家，同比增长15.8%，上涨3.5个百分点。"
    facts = {f.text: f for f in extract(text)}
    assert facts["2024 年 12 月 5 日"].value == "2024-12-05"
    assert (facts["250 余家"].value, facts["250 余家"].qualifier) == (250, "over")
    assert facts["15.8 %"].value == Decimal("15.8")
    assert (facts["3.5 个百分点"].value, facts["3.5 个百分点"].unit) == (Decimal("3.5"), "pp")
    assert all(text[f.start : f.end] == f.text for f in facts.values())


def test_spaces_between_words_or_latin_stay() -> None:
    text = "腾讯（700 HK）与 中国联通 合作，第 1 名"
    assert TextView(text).view == "腾讯（700 HK）与 中国联通 合作，第1名"


@given(st.lists(PIECES, max_size=30).map("".join))
def test_breaks_are_those_of_the_plain_pattern(text: str) -> None:
    assert list(breaks(text)) == [m.span() for m in SPEC.finditer(text)]


@given(st.lists(PIECES, max_size=30).map("".join))
def test_every_view_character_maps_back_to_the_same_character(text: str) -> None:
    view = TextView(text)
    originals = [view.original(offset) for offset in range(len(view.view))]
    assert [text[i] for i in originals] == list(view.view)
    assert originals == sorted(set(originals))  # in order, none twice: only whole breaks are left out
    removed = [text[i] for i in sorted(set(range(len(text))) - set(originals))]
    assert set(removed) <= set(" \t\u3000\u00a0\r\n")
