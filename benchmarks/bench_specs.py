"""Score factx on Microsoft Recognizers-Text's Chinese spec files (a public test suite of numeral, percent,
currency, dimension and number-range expressions).

    python benchmarks/bench_specs.py SPEC_DIR [--details] [--number-types number,quantity] [--limit-examples N]

SPEC_DIR holds spec files such as NumberModel.json, PercentModel.json, CurrencyModel.json, DimensionModel.json
and NumberRangeModel.json (from Specs/Number/Chinese and Specs/NumberWithUnit/Chinese of
github.com/microsoft/Recognizers-Text; MIT licence). They are not shipped with factx: the script says so and
exits 0 when the folder is absent. Each file is a JSON list of ``{"Input", "Results": [{"Text", "TypeName",
"Resolution": {"value", ...}}]}``.

How the models map onto factx types (what is fair):

- Every Input is extracted once with ``types=money,percent,quantity,number`` (and ``date``, which is never
  scored: it only labels a miss inside a date), the way a user asking for all numeric facts would run factx; a
  spec model is then scored against the facts of the types it corresponds to.
- ``currency`` → ``money`` (value and ISO code compared), ``percentage`` → ``percent`` (value compared; their
  个百分点 is reported in ``%``, ours in ``pp``: only the number is compared), ``dimension`` → ``quantity``.
- ``number`` → ``number`` and ``quantity`` (``--number-types`` changes it), plus fractions: factx reports
  五分之一 as a percentage (20, rule percent.fraction), their number model as 0.2; it counts at value / 100. Their number model reports the
  numeral inside a count (``199`` in 199个) but nothing inside a currency or a percentage (一美元, 一折 are
  empty cases); factx reports the count as a quantity with its measure word and claims money and percent spans
  for those types. So quantities count for the number model (their span is then a strict part of ours: an
  overlap match with the right value), while money and percent facts count neither way there. Plain
  ``--types number`` semantics (numbers no other fact claims) would score every 199个 as a miss although
  factx read it right.
- ``numberrange`` → all four numeric types; a range matches when the bounds agree (low/high of an explicit
  range, or value plus qualifier direction: over/at_least ↔ a lower bound, under/at_most ↔ an upper bound).

Scores, per model:

- exact: a predicted span equals a spec span (positions found by searching the spec Text in the Input in
  order, full-width ASCII folded, since their Text is sometimes normalised: "1欧元" for "１欧元").
- overlap: predicted and spec spans overlap (one-to-one, greedy). Their conventions differ from factx's
  (../shared/gold/README.md): their spans may include qualifier words (大于, 以上), leave out measure words
  (199 in 199个) or split what factx reads as one fact; overlap scores show recognition apart from those.
- value accuracy: among overlap matches, the share whose value (and currency, and range bounds) agree; a
  repeating decimal agrees within 1e-9 (theirs are rounded doubles: 52.3333333333333).

``--details`` lists every disagreement under a category (a missed spec span, a false alarm, a span that
differs, a wrong value), each category labelled with a guess at its cause (a measure word in our span, a
qualifier word in theirs, a single Chinese digit factx never reports alone, scientific notation, spaces
inside a numeral, …) so that convention differences can be told apart from real gaps.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from factx import Extractor

NUMERIC_TYPES = "money,percent,quantity,number,date"  # dates only to explain misses inside them
FRACTION_RULE = "percent.fraction"
MODEL_TYPES = {
    "currency": {"money"},
    "percentage": {"percent"},
    "dimension": {"quantity"},
    "number": {"number", "quantity"},
    "numberrange": {"money", "percent", "quantity", "number"},
}
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_QUALIFIER_WORDS = re.compile(r"大于|小于|等于|以上|以下|之间|之下|超过|不小于|不大于|最多|最少|或者|更多|位于|比|多|低|大")


def fold(text: str) -> str:
    """Full-width ASCII to ASCII, length-preserving (their Text is sometimes folded, the Input never)."""
    return text.translate(_FULL_WIDTH)


@dataclass(slots=True)
class Span:
    start: int
    end: int
    text: str
    kind: str  # their TypeName, or our fact type
    value: Any = None  # Decimal, or for ranges (low, high) with None for an open end
    unit: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(slots=True)
class ModelScore:
    gold: int = 0
    predicted: int = 0
    exact: int = 0
    overlap: int = 0
    value_checked: int = 0
    value_ok: int = 0
    inputs: int = 0
    disagreements: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 1.0

    def line(self, name: str) -> str:
        ep, er = self._ratio(self.exact, self.predicted), self._ratio(self.exact, self.gold)
        op, orr = self._ratio(self.overlap, self.predicted), self._ratio(self.overlap, self.gold)
        va = self._ratio(self.value_ok, self.value_checked)
        return (f"{name:18s} inputs={self.inputs:4d} spec={self.gold:4d} ours={self.predicted:4d}  "
                f"exact P={ep:.3f} R={er:.3f}  overlap P={op:.3f} R={orr:.3f}  "
                f"value {self.value_ok}/{self.value_checked}={va:.3f}")


def parse_decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip().rstrip("%"))
    except InvalidOperation:
        return None


def parse_interval(text: str) -> tuple[Decimal | None, Decimal | None]:
    """'(20,35]' → (20, 35); '[30,)' → (30, None); the open/closed brackets are not compared."""
    low, _, high = text.strip()[1:-1].partition(",")
    return (parse_decimal(low) if low else None, parse_decimal(high) if high else None)


def gold_spans(case: dict[str, Any]) -> list[Span]:
    text = fold(case["Input"])
    spans, pos = [], 0
    for result in case.get("Results", []):
        needle = fold(result["Text"])
        start = text.find(needle, pos)
        if start < 0:
            start = text.find(needle)
        if start < 0:
            continue  # the spec's Text is not in its Input: nothing to score
        pos = start + len(needle)
        res = result.get("Resolution") or {}
        kind = result["TypeName"].split(".")[0]
        raw = str(res.get("value", ""))
        value = parse_interval(raw) if kind == "numberrange" else parse_decimal(raw)
        spans.append(Span(start, pos, case["Input"][start:pos], kind, value, res.get("isoCurrency")))
    return spans


def our_spans(facts: list[Any], types: set[str]) -> list[Span]:
    spans = []
    for f in facts:
        value, low, high = f.value, f.low, f.high
        if f.type not in types:
            if not ("number" in types and f.rule == FRACTION_RULE):
                continue
            value = None if value is None else value / 100  # 五分之一: 20 % in factx, 0.2 in their number model
        spans.append(Span(f.start, f.end, f.text, f.type, value, f.unit,
                          {"low": low, "high": high, "qualifier": f.qualifier}))
    return spans


def value_agrees(gold: Span, ours: Span) -> bool:
    low, high = ours.extra["low"], ours.extra["high"]
    if gold.kind == "numberrange":
        g_low, g_high = gold.value
        if low is not None or high is not None:
            return (g_low, g_high) == (low, high)
        qualifier = ours.extra["qualifier"]
        if qualifier in ("over", "at_least"):
            return g_high is None and g_low == ours.value
        if qualifier in ("under", "at_most"):
            return g_low is None and g_high == ours.value
        return g_low == g_high == ours.value
    if ours.value is None or gold.value is None:
        return False
    if not close(ours.value, gold.value):
        return False
    return gold.kind != "currency" or gold.unit == ours.unit


def close(ours: Decimal, theirs: Decimal) -> bool:
    """Equal, or equal but for the rounding of a repeating decimal (their 52.3333333333333, a rounded double)."""
    return ours == theirs or abs(ours - theirs) <= Decimal("1e-9") * max(Decimal(1), abs(theirs))


_EXOTIC = re.compile(r"[eE][-+－]?[0-9０-９]|\^|[0-9０-９]\s*[/／]\s*[0-9０-９]|[0-9０-９.]\s*[kKＫM](?![a-zA-Z])|^[-.]*\.[0-9]"
                     r"|[0-9]\.[0-9]+\.[0-9]")
_NUMERAL = "0-9０-９零〇一二两三四五六七八九十千万萬亿億壹贰叁肆伍陆柒捌玖拾仟"
_FRACTION = re.compile(rf"又|[{_NUMERAL}]\s*[百佰]?\s*分\s*之")  # 五分之一, 一百分之二; not 百分之五
_SINGLE_CN = re.compile(r"[零〇一二两兩三四五六七八九十壹贰貳叁參肆伍陆陸柒捌玖拾]")


def cause(gold: Span | None, ours: Span | None, input_text: str, dates: list[tuple[int, int]]) -> str:
    """A guess at why factx and the spec disagree, for the --details listing (first that applies)."""
    span = gold or ours
    assert span is not None
    text = span.text
    if gold and ours and ours.start <= gold.start and gold.end <= ours.end:
        return "our span adds a measure word, unit, approximation or sign (factx convention)"
    if gold and not ours and any(s <= gold.start and gold.end <= e for s, e in dates):
        return "inside a date: factx reports the date"
    if _EXOTIC.search(text):
        return "scientific notation, ^, k/M suffixes, slash fractions, leading-dot or dotted digit strings"
    contained = gold and ours and gold.start <= ours.start and ours.end <= gold.end
    if contained:
        rest = input_text[gold.start:ours.start] + input_text[ours.end:gold.end]
        if _QUALIFIER_WORDS.search(rest):
            return "their span includes qualifier words (factx keeps them outside)"
    if re.search(r"\S\s+\S", text):
        return "spaces inside the expression"
    if _SINGLE_CN.fullmatch(text):
        return "a single Chinese numeral (factx never reports one alone)"
    if _FRACTION.search(text):
        return "fractions, mixed numbers and compound amounts (又)"
    if re.search(r"[打双雙对對]$", text):
        return "dozens and pairs (打, 双, 对 multiply)"
    if ours and not gold and (ours.extra.get("low") is not None):
        return "a vague or explicit range factx reads as low/high"
    if contained:
        return "their span is wider"
    if gold and ours:
        return "spans cross"
    if gold and _QUALIFIER_WORDS.search(text):
        return "their span includes qualifier words (factx keeps them outside)"
    if gold and re.search(r"[折成]$", text):
        return "X折/X成 with no discount word around it (factx needs one: 一波三折)"
    if gold and text.endswith("块"):
        return "a bare 块 (factx needs 钱 or a sub-unit: 三块石头)"
    return "other"


def match(gold: list[Span], ours: list[Span]) -> tuple[list[tuple[Span, Span]], list[Span], list[Span]]:
    """One-to-one overlap matching, exact spans first, then the largest overlaps."""
    pairs, free_gold, free_ours = [], list(gold), list(ours)
    for g in list(free_gold):
        for o in free_ours:
            if (o.start, o.end) == (g.start, g.end):
                pairs.append((g, o))
                free_gold.remove(g)
                free_ours.remove(o)
                break
    candidates = sorted(((min(g.end, o.end) - max(g.start, o.start), i, j)
                         for i, g in enumerate(free_gold) for j, o in enumerate(free_ours) if g.overlaps(o)),
                        reverse=True)
    used_g, used_o = set(), set()
    for _, i, j in candidates:
        if i not in used_g and j not in used_o:
            used_g.add(i)
            used_o.add(j)
            pairs.append((free_gold[i], free_ours[j]))
    return (pairs, [g for i, g in enumerate(free_gold) if i not in used_g],
            [o for j, o in enumerate(free_ours) if j not in used_o])


def show(span: Span) -> str:
    if span.kind == "numberrange":
        return f"{span.text!r}={span.value}"
    value = span.value
    if span.extra.get("low") is not None or span.extra.get("high") is not None:
        value = f"{span.extra['low']}..{span.extra['high']}"
    unit = f" {span.unit}" if span.unit else ""
    qual = f" ({span.extra['qualifier']})" if span.extra.get("qualifier") else ""
    return f"{span.text!r}={value}{unit}{qual}"


def score_file(path: Path, extractor: Extractor, number_types: set[str]) -> dict[str, ModelScore]:
    cases = json.loads(path.read_text(encoding="utf-8-sig"))
    scores: dict[str, ModelScore] = defaultdict(ModelScore)
    default_kind = {"NumberModel": "number", "PercentModel": "percentage", "CurrencyModel": "currency",
                    "DimensionModel": "dimension", "NumberRangeModel": "numberrange"}.get(path.stem)
    for case in cases:
        gold = gold_spans(case)
        kinds = {g.kind for g in gold} or ({default_kind} if default_kind else set())
        facts = extractor.extract(case["Input"])
        for kind in kinds:
            if kind not in MODEL_TYPES:
                continue
            types = number_types if kind == "number" else MODEL_TYPES[kind]
            g_spans = [g for g in gold if g.kind == kind]
            o_spans = our_spans(facts, types)
            score = scores[f"{path.stem}:{kind}"]
            score.inputs += 1
            score.gold += len(g_spans)
            score.predicted += len(o_spans)
            pairs, missed, extra = match(g_spans, o_spans)
            where = f"in {case['Input'][:60]!r}"
            dates = [(f.start, f.end) for f in facts if f.type == "date"]
            for g, o in pairs:
                score.overlap += 1
                same_span = (g.start, g.end) == (o.start, o.end)
                score.exact += same_span
                score.value_checked += 1
                ok = value_agrees(g, o)
                score.value_ok += ok
                if not same_span:
                    score.disagreements[f"span: {cause(g, o, case['Input'], dates)}"].append(
                        f"spec {show(g)}  ours {show(o)}  {where}")
                if not ok:
                    why = "same span, different value" if same_span else cause(g, o, case["Input"], dates)
                    score.disagreements[f"value: {why}"].append(
                        f"spec {show(g)}  ours {show(o)}  {where}")
            for g in missed:
                score.disagreements[f"missed: {cause(g, None, case['Input'], dates)}"].append(
                    f"spec {show(g)}  {where}")
            for o in extra:
                within = next((g for g in g_spans if g.overlaps(o)), None)  # a piece of a spec span
                if within:
                    label = f"split: {cause(within, None, case['Input'], [])}"
                elif kind == "dimension":
                    label = "false alarm: counts are quantities in factx, not dimensions"
                else:
                    label = f"false alarm: {cause(None, o, case['Input'], dates)}"
                score.disagreements[label].append(f"ours {show(o)}  {where}")
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spec_dir", type=Path, help="folder with Recognizers-Text spec JSON files")
    parser.add_argument("--details", action="store_true", help="list every disagreement by category")
    parser.add_argument("--number-types", default="number,quantity",
                        help="our types scored against their number model (default: number,quantity)")
    parser.add_argument("--limit-examples", type=int, default=0, help="with --details: at most N lines a category")
    args = parser.parse_args()
    if not args.spec_dir.is_dir():
        print(f"bench_specs: no spec folder at {args.spec_dir}; skipped")
        return
    files = sorted(p for p in args.spec_dir.glob("*.json"))
    if not files:
        print(f"bench_specs: no *.json spec files in {args.spec_dir}; skipped")
        return
    extractor = Extractor(types=NUMERIC_TYPES)
    number_types = {t.strip() for t in args.number_types.split(",") if t.strip()}
    totals: dict[str, ModelScore] = {}
    for path in files:
        totals.update(score_file(path, extractor, number_types))
    for name, score in sorted(totals.items()):
        print(score.line(name))
    if args.details:
        for name, score in sorted(totals.items()):
            counts = Counter({k: len(v) for k, v in score.disagreements.items()})
            if not counts:
                continue
            print(f"\n== {name}: disagreements by category")
            for category, count in counts.most_common():
                print(f"  [{count:3d}] {category}")
                lines = score.disagreements[category]
                for line in lines[: args.limit_examples or len(lines)]:
                    print(f"          {line}")


if __name__ == "__main__":
    sys.exit(main())
