"""Throughput of ``run_on_cluster`` on a LocalCluster against the local batch path, over the news corpus.

Run: ``python benchmarks/bench_dask.py [--rounds N]`` (needs the dask extra). The local side is
``factx extract --jobs 2`` as a subprocess; the Dask side is timed whole (cluster start included) and as
the job alone. Target: Dask within 1.3x of local. Skips when ../shared/corpus/news is absent.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NEWS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news"
TARGET = 1.3
JOBS = 2


def run_local(outdir: Path) -> tuple[float, int]:
    """Seconds and fact count of ``factx extract NEWS --jobs 2 -o FILE``."""
    output = outdir / "local.jsonl"
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "factx", "extract", str(NEWS), "--jobs", str(JOBS), "-f", "jsonl", "-o", str(output), "-q"],
        check=True,
    )
    seconds = time.perf_counter() - started
    with output.open(encoding="utf-8") as handle:
        return seconds, sum(1 for _ in handle)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="best of this many runs of each side")
    args = parser.parse_args()
    if not NEWS.is_dir():
        print(f"skipped: {NEWS} is absent")
        return 0
    from factx import Extractor
    from factx.dask import run_on_cluster

    best_local = best_total = best_job = float("inf")
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as folder:
            seconds, local_facts = run_local(Path(folder))
            best_local = min(best_local, seconds)
            started = time.perf_counter()
            summary = run_on_cluster([str(NEWS)], "local", os.path.join(folder, "out"), Extractor(), log=lambda _: None)
            best_total = min(best_total, time.perf_counter() - started)
            best_job = min(best_job, summary.seconds)
    if summary.facts.total() != local_facts:
        print(f"MISMATCH: local {local_facts} facts, dask {summary.facts.total()}")
        return 1
    chars = summary.characters
    print(f"{summary.documents} documents, {chars:,} characters, {local_facts} facts;"
          f" {os.cpu_count()} cores, best of {args.rounds}, {summary.partitions} dask partitions;"
          f" load average {os.getloadavg()[0]:.1f} (other processes skew the timings)")
    print(f"{'mode':<40} {'seconds':>8} {'chars/s':>12} {'vs local':>9}")
    for name, seconds in (
        (f"local: factx extract --jobs {JOBS}", best_local),
        ("dask 'local': whole call (cluster start)", best_total),
        ("dask 'local': job only", best_job),
    ):
        print(f"{name:<40} {seconds:8.2f} {chars / seconds:12,.0f} {seconds / best_local:8.2f}x")
    verdict = "within" if best_total / best_local <= TARGET else "OVER"
    print(f"overhead (whole call / local): {best_total / best_local:.2f}x, {verdict} the {TARGET}x target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
