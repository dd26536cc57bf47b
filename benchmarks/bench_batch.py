"""Batch throughput of the installed ``factx extract`` with --jobs 1 and --jobs 2, and its peak memory.

    python benchmarks/bench_batch.py [--limit N] [--jobs 1,2] [--format jsonl|sqlite] [--repeat N]

Runs the real command over ../shared/corpus/news/ and the sample archives, writing to a temporary file.
Reports wall time, characters per second, CPU seconds (parent and workers, from getrusage(RUSAGE_CHILDREN))
and the scaling of the highest job count against --jobs 1. Each time is the fastest of --repeat runs, taken
in turns (outside load only ever slows a run down). Start-up (imports, loading the rules, what they build on
first use) is timed on one sentence; it is serial whatever --jobs is, so the scaling is also shown without it.

Peak memory of the whole process tree is sampled from /proc every 50 ms in one more, untimed run (reading
smaps costs CPU the timed runs should not lose): the sum of PSS over the parent and its workers (the real
footprint: a copy-on-write page shared by three processes counts a third in each), the sum of RSS (which
counts shared pages once per process, so it overstates) and the largest single process. Skips cleanly when
../shared/corpus is absent.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SAMPLE = "国家统计局今天在北京发布数据，前三季度国内生产总值为1,286.5亿元，同比增长5.2%。\n"
SUMMARY = re.compile(r"([\d,]+) documents?, ([\d,]+) characters?, ([\d,]+) facts?")


@dataclass
class Run:
    seconds: float
    characters: int
    documents: int
    facts: int
    cpu: float
    tree_rss_mb: float
    tree_pss_mb: float
    max_process_mb: float


def factx_command() -> str:
    beside = Path(sys.executable).parent / "factx"
    found = str(beside) if beside.exists() else shutil.which("factx")
    if not found:
        sys.exit("the factx command is not installed in this environment")
    return found


def _descendants(root: int) -> list[int]:
    """``root`` and its descendants, via /proc/PID/task/TID/children."""
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as handle:
                    stack.extend(int(child) for child in handle.read().split())
        except OSError:
            continue
    return found


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process; PSS shares each copy-on-write page out among the processes holding it."""
    values = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                name, _, rest = line.partition(":")
                if name in ("Rss", "Pss"):
                    values[name] = int(rest.split()[0])
    except OSError:
        return 0, 0
    return values.get("Rss", 0), values.get("Pss", values.get("Rss", 0))


def tree_memory_kb(root: int) -> tuple[int, int, int]:
    """Sum of RSS, sum of PSS, and the largest RSS over ``root`` and its descendants."""
    sizes = [_memory_kb(pid) for pid in _descendants(root)]
    return sum(r for r, _ in sizes), sum(p for _, p in sizes), max((r for r, _ in sizes), default=0)


def run(command: list[str], *, sample: bool = False) -> Run:
    """One run of ``command``; with ``sample``, memory is sampled too (which costs CPU, so it is not timed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    rss = pss = largest = 0
    while sample and process.poll() is None:
        total, proportional, biggest = tree_memory_kb(process.pid)
        rss, pss, largest = max(rss, total), max(pss, proportional), max(largest, biggest)
        time.sleep(0.05)
    process.wait()
    seconds = time.perf_counter() - start
    stderr = process.stderr.read() if process.stderr else ""
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    found = SUMMARY.search(stderr)
    if process.returncode not in (0, 1) or not found:
        sys.exit(f"factx failed ({process.returncode}): {stderr[-2000:]}")
    documents, characters, facts = (int(found[n].replace(",", "")) for n in (1, 2, 3))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(seconds, characters, documents, facts, cpu, rss / 1024, pss / 1024, largest / 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="only the first N files of news/")
    parser.add_argument("--jobs", default="1,2", help="comma-separated job counts (default 1,2)")
    parser.add_argument("--format", default="jsonl", choices=("jsonl", "sqlite"))
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure; the fastest counts")
    args = parser.parse_args()
    if not (CORPUS / "news").is_dir():
        print(f"skipped: {CORPUS / 'news'} not found")
        return
    factx = factx_command()
    jobs = [int(j) for j in args.jobs.split(",")]
    with tempfile.TemporaryDirectory() as scratch:
        news = sorted(str(p) for p in (CORPUS / "news").rglob("*.txt"))[: args.limit]
        listing = Path(scratch) / "news.list"
        listing.write_text("\n".join(news) + "\n", encoding="utf-8")
        inputs = {f"news/ ({len(news)} files)": ["--files-from", str(listing)]}
        for name in ("news_sample.zip", "news_sample.tar.gz"):
            if (CORPUS / "archives" / name).is_file():
                inputs[name] = [str(CORPUS / "archives" / name)]
        output = str(Path(scratch) / f"out.{args.format}")
        sample = Path(scratch) / "sample.txt"
        sample.write_text(SAMPLE, encoding="utf-8")
        startup_command = [factx, "extract", str(sample), "-o", output]
        print(f"cores: {os.cpu_count()}  load average: {os.getloadavg()[0]:.2f}  output: {args.format}")
        print(f"{'input':<24} {'jobs':>4} {'docs':>6} {'chars':>11} {'facts':>7} {'wall s':>7} "
              f"{'chars/s':>10} {'CPU s':>6} {'tree PSS MB':>11} {'tree RSS MB':>11} {'max proc MB':>11}")
        lines = []
        for name, paths in inputs.items():
            best = best_runs([factx, "extract", *paths, "-o", output], startup_command, jobs, args.repeat)
            for count in jobs:
                r = best[count]
                print(f"{name:<24} {count:>4} {r.documents:>6} {r.characters:>11,} {r.facts:>7} {r.seconds:>7.2f} "
                      f"{r.characters / r.seconds:>10,.0f} {r.cpu:>6.2f} {r.tree_pss_mb:>11.0f} "
                      f"{r.tree_rss_mb:>11.0f} {r.max_process_mb:>11.0f}")
            low, high, startup = best[min(jobs)], best[max(jobs)], best[0].seconds
            if high is not low:
                steady = f"{(low.seconds - startup) / (high.seconds - startup):.2f}x" if high.seconds > startup else "n/a"
                lines.append(f"scaling {name}: --jobs {max(jobs)} vs --jobs {min(jobs)}: "
                             f"{low.seconds / high.seconds:.2f}x; {steady} after {startup:.2f} s of start-up")
        print("\n".join(lines))


def best_runs(command: list[str], startup: list[str], jobs: list[int], repeat: int) -> dict[int, Run]:
    """The fastest of ``repeat`` runs per job count, taken in turns so a burst of outside load hits all alike.

    Key 0 is the start-up: the same command on one sentence, timed in the same turns because the rules (and so
    their loading time) may change while the benchmark runs. Memory comes from one more, untimed run each.
    """
    runs: dict[int, list[Run]] = {count: [] for count in [0, *jobs]}
    for _ in range(repeat):
        runs[0].append(run(startup))
        for count in jobs:
            runs[count].append(run([*command, "--jobs", str(count)]))
    best = {count: min(tries, key=lambda r: r.seconds) for count, tries in runs.items()}
    for count in jobs:
        sampled = run([*command, "--jobs", str(count)], sample=True)
        best[count].tree_pss_mb, best[count].tree_rss_mb = sampled.tree_pss_mb, sampled.tree_rss_mb
        best[count].max_process_mb = sampled.max_process_mb
    return best

if __name__ == "__main__":
    main()
