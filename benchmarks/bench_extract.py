"""Single-core extraction speed over the real news corpus, and start-up time of the command.

    python benchmarks/bench_extract.py [--types money,percent,quantity] [--limit N] [--startup] [--per-rule]
                                       [--one-by-one]

Documents go through ``Extractor.extract_many`` in batches, as the command line scans them (``--one-by-one``:
``Extractor.extract`` on each alone). Reports characters per second, facts per second and peak memory (tracemalloc is not used: it slows the
scan; peak RSS comes from getrusage). Skips cleanly when ../shared/corpus is absent.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from factx import Extractor
from factx.extractor import SCAN_BATCH_CHARS, batch_ranges

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news"
SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "economy.txt"


def load_texts(limit: int | None) -> list[str]:
    files = sorted(CORPUS.rglob("*.txt"))[:limit]
    return [f.read_text(encoding="utf-8") for f in files]


def bench_scan(types: str | None, texts: list[str], repeat: int, one_by_one: bool) -> None:
    """Documents through ``Extractor.extract_many`` in batches of about SCAN_BATCH_CHARS characters, as the
    command line scans them; with ``one_by_one``, ``Extractor.extract`` on each alone."""
    extractor = Extractor(types=types)
    for text in texts[:200]:  # compile, and pass the anchor automaton's build threshold, outside the timing
        extractor.extract(text)
    chars = sum(map(len, texts))
    timings, facts = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        if one_by_one:
            facts = sum(len(extractor.extract(text)) for text in texts)
        else:  # a batch's facts are dropped before the next, as the command line writes them out
            facts = sum(len(found) for low, high in batch_ranges(texts) for found in extractor.extract_many(texts[low:high]))
        timings.append(time.perf_counter() - start)
    best = min(timings)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    how = "one document at a time" if one_by_one else f"extract_many, batches of ~{SCAN_BATCH_CHARS:,} characters"
    print(f"types={types or 'default'}  documents={len(texts)}  characters={chars:,}  ({how})")
    print(f"  best of {repeat}: {best:.2f} s  {chars / best:,.0f} chars/s  {facts / best:,.0f} facts/s  "
          f"facts={facts}  peak RSS {peak_mb:.0f} MB")
    # The first pass also fills the normalisers' memos and, with --types, builds the automaton for the nearby
    # search; later passes see the same texts again, so their memos are warmer than a long run's over new text.
    print("  each pass: " + ", ".join(f"{chars / seconds:,.0f}" for seconds in timings) + " chars/s")


def bench_rules(texts: list[str]) -> None:
    """Where the scan time goes: each rule's own pass over the texts (its pre-check included)."""
    extractor = Extractor()
    ruleset = extractor.ruleset
    chars = sum(map(len, texts))
    costs = []
    for rule in ruleset.rules:
        start = time.perf_counter()
        for text in texts:
            if rule.requires is not None and not rule.requires.search(text):
                continue
            for _ in rule.pattern.finditer(text):
                pass
        costs.append((time.perf_counter() - start, rule.id, "anchored" if rule.anchor else ""))
    print(f"per-rule scans over {chars:,} characters (anchored rules run far less in real extraction):")
    for seconds, rule_id, note in sorted(costs, reverse=True):
        print(f"  {rule_id:28s} {seconds:6.3f} s  {chars / seconds / 1e6:7.1f} M chars/s  {note}")


def bench_startup(runs: int) -> None:
    """Median wall time of each command, the two interleaved so that load on the machine hits both alike.

    Python may write bytecode here (a pip-installed package always has it), and one untimed run of each
    command fills the bytecode and rule-set caches first: the figure is a user's second and later runs.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    commands = {
        "import typer, rich.console": [sys.executable, "-c", "import typer, rich.console"],
        "factx extract samples/economy.txt": [sys.executable, "-m", "factx", "extract", str(SAMPLE), "-f", "jsonl"],
    }
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for run in range(runs + 1):
        for name, cmd in commands.items():
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, env=env)
            if run:
                samples[name].append(time.perf_counter() - start)
    baseline, factx = (statistics.median(samples[name]) for name in commands)
    print(f"start-up (median of {runs}, interleaved): import typer, rich.console {baseline * 1000:.0f} ms; "
          f"factx extract samples/economy.txt {factx * 1000:.0f} ms; ratio {factx / baseline:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--types", default="money,percent,quantity", help="'default' for all default types")
    parser.add_argument("--limit", type=int, default=None, help="only the first N files")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--startup", action="store_true", help="also time the command's start-up")
    parser.add_argument("--per-rule", action="store_true", help="also time each rule's scan on its own")
    parser.add_argument("--one-by-one", action="store_true", help="extract each document alone (no batches)")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"skipped: {CORPUS} not found")
        return
    texts = load_texts(args.limit)
    bench_scan(None if args.types == "default" else args.types, texts, args.repeat, args.one_by_one)
    if args.per_rule:
        bench_rules(texts)
    if args.startup:
        bench_startup(31)


if __name__ == "__main__":
    main()
