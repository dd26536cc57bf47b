"""Entity quality (person, org, location) on CLUENER2020, with jieba's part-of-speech tags as a baseline.

    python benchmarks/bench_ner.py [--sample 3000] [--seed 13] [--baseline] [--errors 20]

Reads ../shared/ner/cluener_train.jsonl (CLUENER2020's training split in the gold format: company, government
and organization spans as ``org``, name as ``person``, address as ``location``) and scores factx on a seeded
random sample of its records, by exact span, with the people lexicon built without that sample's records
(``people_held_out.toml``, from tools/build_people.py; the shipped one learns from every record).
``--baseline`` also scores jieba's ``posseg`` in the same run (``nr*`` → person, ``ns*`` → location, ``nt*`` →
org), installing jieba with pip when it is not importable; without the flag the baseline is skipped. Skips
cleanly when the data is absent.

CLUENER's conventions differ from factx's (its addresses run to street and number, its organisations include
sports clubs named after cities, its names include fictional and game characters), so the numbers are a
comparison between tools on the same spans, not an absolute score.
"""

from __future__ import annotations

import argparse
import importlib
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from factx import Extractor
from factx.evaluate import TypeScore, read_gold, score
from factx.model import Fact

DATA = Path(__file__).resolve().parents[2] / "shared" / "ner" / "cluener_train.jsonl"
# The people lexicon built without the records of the default sample (tools/build_people.py): the shipped one
# learns from every record, this one keeps the sample held out.
HELD_OUT_PEOPLE = Path(__file__).resolve().parent / "people_held_out.toml"
SAMPLE, SEED = 3000, 13  # the default sample, which HELD_OUT_PEOPLE leaves out
TYPES = ("person", "org", "location")
JIEBA_TAGS = (("nr", "person"), ("ns", "location"), ("nt", "org"))


class _Tagger:
    """Anything with ``extract(text, types=...) -> list[Fact]`` can be scored by factx.evaluate.score."""

    def __init__(self, spans: Callable[[str], list[tuple[str, int, int]]]) -> None:
        self.spans = spans

    def extract(self, text: str, types: object = None) -> list[Fact]:
        return [Fact(type=t, text=text[s:e], start=s, end=e, rule="baseline") for t, s, e in self.spans(text)]


def jieba_tagger() -> _Tagger | None:
    try:
        posseg = importlib.import_module("jieba.posseg")
    except ImportError:
        print("installing jieba for the baseline ...", file=sys.stderr)
        result = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "jieba"], check=False)
        if result.returncode != 0:
            print("could not install jieba: baseline skipped", file=sys.stderr)
            return None
        posseg = importlib.import_module("jieba.posseg")
    jieba = importlib.import_module("jieba")
    jieba.setLogLevel(60)

    def spans(text: str) -> list[tuple[str, int, int]]:
        found, offset = [], 0
        for pair in posseg.cut(text):
            word, flag = pair.word, pair.flag
            start = text.find(word, offset)
            if start < 0:
                continue
            offset = start + len(word)
            for prefix, fact_type in JIEBA_TAGS:
                if flag.startswith(prefix):
                    found.append((fact_type, start, offset))
                    break
        return found

    return _Tagger(spans)


def sample(size: int, seed: int) -> list[dict]:
    return sampled(list(read_gold(DATA)), size, seed)


def sampled(documents: list[dict], size: int, seed: int) -> list[dict]:
    """The seeded sample of ``documents`` the benchmark scores (all of them when ``size`` is 0 or too large)."""
    if size and size < len(documents):
        documents = random.Random(seed).sample(documents, size)
    return documents


def run(name: str, tagger: object, documents: list[dict]) -> tuple[dict[str, TypeScore], float]:
    tagger.extract("预热: 平湖市人民政府")  # compile and load outside the timing
    start = time.perf_counter()
    scores = score(documents, tagger)
    return scores, time.perf_counter() - start


def table(results: list[tuple[str, dict[str, TypeScore], float]], chars: int) -> None:
    print(f"{'type':<9} " + "  ".join(f"{name:^23}" for name, _, _ in results))
    print(f"{'':<9} " + "  ".join(f"{'P':>7}{'R':>8}{'F1':>8}" for _ in results))
    for fact_type in TYPES:
        cells = []
        for _, scores, _ in results:
            s = scores.get(fact_type, TypeScore())
            cells.append(f"{s.precision:7.3f} {s.recall:7.3f} {s.f1:7.3f}")
        print(f"{fact_type:<9} " + "  ".join(cells))
    print(f"{'chars/s':<9} " + "  ".join(f"{chars / seconds:>23,.0f}" for _, _, seconds in results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample", type=int, default=SAMPLE, help="records to score (0: all)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--baseline", action="store_true", help="also score jieba.posseg (installs jieba)")
    parser.add_argument("--errors", type=int, default=0, help="print N misses and false alarms per type")
    args = parser.parse_args()
    if not DATA.is_file():
        print(f"skipped: {DATA} not found")
        return
    documents = sample(args.sample, args.seed)
    chars = sum(len(d["text"]) for d in documents)
    print(f"CLUENER2020 train: {len(documents)} records, {chars:,} characters, exact-span matching")
    print(f"people lexicon: {HELD_OUT_PEOPLE.name} (built without the records of --sample {SAMPLE} --seed {SEED})")
    factx = Extractor([str(HELD_OUT_PEOPLE)], types=",".join(TYPES))
    results = [("factx", *run("factx", factx, documents))]
    if args.baseline:
        tagger = jieba_tagger()
        if tagger is not None:
            results.append(("jieba.posseg", *run("jieba", tagger, documents)))
    table(results, chars)
    if args.errors:
        scores = results[0][1]
        for fact_type in TYPES:
            s = scores.get(fact_type, TypeScore())
            print(f"\n{fact_type} misses: {s.misses[: args.errors]}")
            print(f"{fact_type} false alarms: {s.false_alarms[: args.errors]}")


if __name__ == "__main__":
    main()
