"""The writers: a fact's JSON line is exactly ``json.dumps(fact.to_dict(), ensure_ascii=False)``; a long table reads as one."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from factx import Extractor
from factx.model import Document, Fact
from factx.writers.jsonw import fact_json
from factx.writers.table import CHUNK_ROWS, TableWriter

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def reference(fact: Fact) -> str:
    return json.dumps(fact.to_dict(), ensure_ascii=False)


def test_every_fact_of_the_samples_is_written_as_the_encoder_writes_it() -> None:
    extractor = Extractor(types="money,percent,quantity,number,date,org,person,location")
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))]
    texts.append("记者 林旭东\n去年，浙江省嘉兴市平湖市新仓镇引进项目3个，“总投资”约2.5亿元。林旭东说：\t好。")
    facts = [fact for found in extractor.extract_many(texts, sources=[f'"{n}"\\' for n in range(len(texts))])
             for fact in found]
    assert {fact.type for fact in facts} >= {"money", "percent", "quantity", "date", "org", "location", "person"}
    assert any(fact.relative for fact in facts) and any(fact.role for fact in facts)
    assert all(fact_json(fact) == reference(fact) for fact in facts)


texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
numbers = st.none() | st.decimals(allow_nan=False, allow_infinity=False, places=3) | st.integers()
values = numbers | texts | st.dictionaries(st.sampled_from(["name", "kind", "code"]), texts, max_size=3)


@given(
    text=texts, value=values, unit=st.none() | texts, low=numbers, high=numbers, source=st.none() | texts,
    role=st.none() | texts, relative=st.none() | st.booleans(),
)
def test_odd_strings_and_numbers_are_written_as_the_encoder_writes_them(
    text, value, unit, low, high, source, role, relative
) -> None:
    low = Decimal(low) if isinstance(low, int) else low
    high = Decimal(high) if isinstance(high, int) else high
    fact = Fact("money", text, 0, len(text), 'rule"x', value, unit, "over", low, high, source, role, relative)
    assert fact_json(fact) == reference(fact)


def test_a_long_table_is_printed_in_chunks_that_read_as_one_table() -> None:
    text = "".join(f"第{n}批项目{n + 1}个，" for n in range(CHUNK_ROWS * 2 + 50))
    facts = Extractor(types="quantity").extract(text)
    assert len(facts) > 2 * CHUNK_ROWS
    out = io.StringIO()
    writer = TableWriter(out)
    writer.console.width = 100
    writer.write(Document(source="long.txt", text=text), facts)
    writer.close()
    lines = out.getvalue().splitlines()
    assert lines[0].strip() == "long.txt" and sum("type" in line for line in lines) == 1  # one title, one header
    assert [line[0] for line in lines if line[0] in "┏┌└┗"] == ["┏", "└"]  # one top border, one bottom border
    rows = [line for line in lines if line.startswith("│") and line.split("│")[1].strip()]
    assert [row.split("│")[2].strip() for row in rows] == [fact.text for fact in facts]
    assert len({cell_len(line) for line in lines[1:-1]}) == 1  # the chunks share their column widths
    assert lines[-1] == f"{len(facts)} facts: quantity {len(facts)}"
