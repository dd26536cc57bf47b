"""factx on Dask: a real scheduler and real workers as subprocesses, compared with a local run.

Needs the ``dask`` extra; skipped without it. Corpus tests skip when ../shared is absent.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")

import dask.bag as db
from distributed import Client

from factx import Extractor
from factx.dask import extract_bag, run_on_cluster
from factx.errors import FactxError
from factx.partitions import LineRange, ReadOptions, ZipSlice, count_newlines, plan, read_unit
from factx.sources import iter_documents

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
STOP_SECONDS = 10


class Cluster:
    """A scheduler and workers started with the ``dask`` command line, each its own process."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.scheduler_file = folder / "scheduler.json"
        self.processes: list[subprocess.Popen[bytes]] = []
        self.address = ""

    def _spawn(self, *args: str) -> subprocess.Popen[bytes]:
        with open(self.folder / f"{len(self.processes)}.log", "wb") as log:
            process = subprocess.Popen([sys.executable, "-m", "dask", *args], cwd=self.folder, stdout=log, stderr=log)
        self.processes.append(process)
        return process

    def start_scheduler(self) -> None:
        # Port 0: the scheduler picks a free port and tells it through the scheduler file (no race).
        self._spawn("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                    "--scheduler-file", str(self.scheduler_file))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.scheduler_file.exists():
                try:
                    self.address = json.loads(self.scheduler_file.read_text())["address"]
                    return
                except (json.JSONDecodeError, KeyError):
                    pass  # being written
            time.sleep(0.1)
        raise RuntimeError("the Dask scheduler did not start")

    def start_worker(self, name: str) -> subprocess.Popen[bytes]:
        # No nanny: the process is the worker, so killing it kills the worker (a nanny would restart it).
        return self._spawn("worker", self.address, "--name", name, "--nworkers", "1", "--nthreads", "1",
                           "--no-nanny", "--no-dashboard", "--death-timeout", "30")

    def wait_for_workers(self, count: int) -> None:
        with Client(self.address, timeout=30) as client:
            client.wait_for_workers(count, timeout=60)

    def worker_address(self, name: str) -> str:
        with Client(self.address, timeout=30) as client:
            workers = client.scheduler_info()["workers"]
        return next(address for address, info in workers.items() if info["name"] == name)

    def stop(self) -> None:
        """Workers first, then the scheduler: terminate, wait a bounded time, kill what is left."""
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in reversed(self.processes):
            try:
                process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=STOP_SECONDS)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    running = Cluster(tmp_path_factory.mktemp("dask-cluster"))
    try:
        running.start_scheduler()
        running.start_worker("w0")
        running.start_worker("w1")
        running.wait_for_workers(2)
        yield running
    finally:
        running.stop()
    assert all(process.poll() is not None for process in running.processes)


def local_lines(args: list[str], cwd: Path) -> list[str]:
    """What ``factx extract --format jsonl`` prints for these arguments, sorted."""
    done = subprocess.run(
        [sys.executable, "-m", "factx", "extract", *args, "--format", "jsonl", "--quiet"],
        cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )
    assert done.returncode in (0, 1), done.stderr  # 1: some input could not be read
    return sorted_facts(done.stdout.splitlines())


def sorted_facts(lines: list[str]) -> list[str]:
    def key(line: str) -> tuple[str, int, int, str, str]:
        fact = json.loads(line)
        return fact["source"], fact["start"], fact["end"], fact["type"], line

    return sorted(lines, key=key)


def read_output(outdir: Path) -> tuple[list[str], list[dict[str, str]], dict[str, object]]:
    """(fact lines of the parts read in name order, error records, manifest) of a job's output folder."""
    manifest = json.loads((outdir / "_SUCCESS").read_text(encoding="utf-8"))
    parts = sorted(outdir.glob("part-*.jsonl"))
    assert [p.name for p in parts] == [f"part-{i:05d}.jsonl" for i in range(int(manifest["partitions"]))]
    assert not list(outdir.glob(".*.tmp"))
    lines = [line for part in parts for line in part.read_text(encoding="utf-8").splitlines()]
    errors = [json.loads(line) for line in lines if json.loads(line)["type"] == "error"]
    facts = [line for line in lines if json.loads(line)["type"] != "error"]
    return facts, errors, manifest


@needs_corpus
def test_cluster_output_equals_local_run(cluster: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Relative paths, as a user types them: workers run elsewhere, yet sources must read as locally.
    monkeypatch.chdir(REPO)
    archive = os.path.relpath(CORPUS / "archives" / "news_sample.zip", REPO)
    paths = [archive, "samples", "no-such-file.txt"]
    progress: list[tuple[int, int]] = []
    messages: list[str] = []
    summary = run_on_cluster(
        paths, cluster.address, str(tmp_path / "out"), Extractor(), partition_bytes=150_000,
        on_progress=lambda done, total: progress.append((done, total)), log=messages.append,
    )
    facts, errors, manifest = read_output(tmp_path / "out")
    assert sorted_facts(facts) == local_lines(paths, REPO)
    assert errors == [{"type": "error", "source": "no-such-file.txt", "error": "no such file or directory"}]
    assert summary.partitions > 3  # the zip was split into runs of members
    assert summary.documents == 351 + 3 + 1 and summary.errors == 1
    assert summary.facts.total() == len(facts) == manifest["facts_total"]
    assert manifest["documents"] == summary.documents and manifest["factx_version"]
    assert progress[-1] == (summary.partitions, summary.partitions) and len(progress) == summary.partitions + 1
    assert any(cluster.address in message for message in messages)
    assert any(source.startswith(archive + "!news/") for source in (json.loads(f)["source"] for f in facts))


@needs_corpus
def test_command_line_scheduler_option(cluster: Cluster, tmp_path: Path) -> None:
    """The installed command: ``factx extract --scheduler tcp://… -o OUTDIR`` equals the local jsonl run."""
    archive = os.path.relpath(CORPUS / "archives" / "news_sample.zip", REPO)
    out = tmp_path / "facts"
    done = subprocess.run(
        [sys.executable, "-m", "factx", "extract", "--scheduler", cluster.address, archive, "samples", "-o", str(out)],
        cwd=REPO, capture_output=True, text=True, encoding="utf-8", timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert cluster.address in done.stderr and done.stdout == ""
    facts, errors, manifest = read_output(out)
    assert errors == [] and manifest["documents"] == 351 + 3
    assert sorted_facts(facts) == local_lines([archive, "samples"], REPO)
    again = subprocess.run([sys.executable, "-m", "factx", "extract", "--scheduler", cluster.address, "samples"],
                           cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert again.returncode == 2 and "-o OUTDIR" in again.stderr


@needs_corpus
def test_worker_killed_mid_job_loses_and_repeats_nothing(cluster: Cluster, tmp_path: Path) -> None:
    victim = cluster.start_worker("victim")
    cluster.wait_for_workers(3)
    victim_address = cluster.worker_address("victim")
    news = str(CORPUS / "news" / "stock2018")
    busy_when_killed: list[bool] = []

    def kill_victim(done: int, total: int) -> None:
        if done == 3:
            with Client(cluster.address, timeout=30) as client:
                busy_when_killed.append(bool(client.processing(workers=[victim_address])[victim_address]))
            victim.send_signal(signal.SIGKILL)

    summary = run_on_cluster(
        [news], cluster.address, str(tmp_path / "out"), Extractor(), partition_bytes=40_000, on_progress=kill_victim
    )
    assert victim.wait(timeout=STOP_SECONDS) == -signal.SIGKILL
    assert busy_when_killed == [True]
    assert summary.partitions > 50
    facts, errors, _ = read_output(tmp_path / "out")
    assert errors == []
    assert summary.documents == len(list((CORPUS / "news" / "stock2018").rglob("*.txt")))
    assert sorted_facts(facts) == local_lines([news, "--jobs", "2"], REPO)


def test_local_scheduler(tmp_path: Path) -> None:
    messages: list[str] = []
    summary = run_on_cluster([str(REPO / "samples")], "local", str(tmp_path / "out"), Extractor(), log=messages.append)
    facts, errors, manifest = read_output(tmp_path / "out")
    assert summary.documents == 3 and errors == [] and manifest["facts_total"] == len(facts) > 0
    assert sorted_facts(facts) == local_lines([str(REPO / "samples")], REPO)
    assert any("dashboard" in message for message in messages)


def test_extract_bag_synchronous() -> None:
    texts = ["公司营收3.96亿元，同比增长12.5%。", "", "今年产量达到200万吨。"]
    items = [texts[0], ("b.txt", texts[1]), {"source": "c.txt", "text": texts[2]}, {"text": None}]
    got = extract_bag(db.from_sequence(items, npartitions=2)).compute(scheduler="sync")
    extractor = Extractor()
    expected = [f.to_dict() for f in extractor.extract(texts[0])]
    expected += [f.to_dict() for f in extractor.extract(texts[2], source="c.txt")]
    assert got == expected and len(got) >= 3
    money = extract_bag(db.from_sequence(texts), types="money").compute(scheduler="sync")
    assert [fact["type"] for fact in money] == ["money"]


def test_base_modules_do_not_import_dask() -> None:
    code = (
        "import sys, factx, factx.cli, factx.pipeline, factx.sources, factx.partitions\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_refuses_stdin_and_a_previous_output(tmp_path: Path) -> None:
    with pytest.raises(FactxError, match="standard input"):
        run_on_cluster(["-"], "tcp://127.0.0.1:9", str(tmp_path / "a"), Extractor())
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "part-00000.jsonl").write_text("")
    with pytest.raises(FactxError, match="already holds"):
        run_on_cluster([str(REPO / "samples")], "tcp://127.0.0.1:9", str(tmp_path / "b"), Extractor())


# Partition planning and reading, in process: a slice must read exactly what the whole-input reader reads.


def documents_by_partitions(paths: list[str], partition_bytes: int, **options: object) -> tuple[list[object], list[tuple]]:
    read = ReadOptions(**options)  # type: ignore[arg-type]
    partitions = plan(paths, read, workers=2, partition_bytes=partition_bytes, partition_files=7,
                      count_newlines=lambda ranges: [count_newlines(r) for r in ranges])
    units = [unit for partition in partitions for unit in partition]
    return units, [(d.source, d.text, d.error, d.warnings) for u in units for d in read_unit(u, read)]


def documents_locally(paths: list[str], **options: object) -> list[tuple]:
    return [(d.source, d.text, d.error, d.warnings) for d in iter_documents(paths, **options)]  # type: ignore[arg-type]


def test_jsonl_byte_ranges_keep_line_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    records = [b"\xef\xbb\xbf" + json.dumps({"text": "营收3.5亿元", "id": "a"}).encode(), b"", b"   ", b"not json",
               json.dumps({"text": "长" * 120, "id": 5}, ensure_ascii=False).encode(), b'{"text": "12%"}\r',
               b"[1, 2]", b'{"txt": "none"}', '{"text": "国标 文本"}'.encode("gb18030")]
    records += [json.dumps({"text": f"第{i}条 {i}万元", "id": i if i % 3 else None}, ensure_ascii=False).encode()
                for i in range(40)]
    Path("dump.jsonl").write_bytes(b"\n".join(records) + b"\n" + b'{"text": "no final newline"}')
    for partition_bytes in (1, 9, 64, 333, 10**6):
        for max_bytes in (200, 10**6):
            options = {"jsonl_field": "text", "id_field": "id", "max_bytes": max_bytes}
            units, got = documents_by_partitions(["dump.jsonl"], partition_bytes, **options)
            assert got == documents_locally(["dump.jsonl"], **options)
            assert (partition_bytes < 10**6) == all(isinstance(u, LineRange) for u in units)


def test_zip_runs_of_members_and_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with zipfile.ZipFile("a.zip", "w") as archive:
        for i in range(20):
            archive.writestr(f"d/{i}.txt", f"文章{i}：收入{i}亿元".encode())
        archive.writestr("d/.hidden.txt", "x")
        archive.writestr("d/sub/", "")
        archive.writestr("d/binary.dat", b"\0\0\0")
        archive.writestr("d/records.jsonl", b'{"text": "a"}\n')
        archive.writestr("d/big.txt", "大" * 1000)
    Path("damaged.zip").write_bytes(Path("a.zip").read_bytes()[:-40])
    paths = ["a.zip", "damaged.zip", "missing", "*.nomatch"]
    for options in ({}, {"glob": "*.txt"}, {"max_bytes": 500}, {"jsonl_field": "text"}):
        units, got = documents_by_partitions(paths, 40, **options)
        assert got == documents_locally(paths, **options)
        assert sum(isinstance(u, ZipSlice) for u in units) >= 3
    units, got = documents_by_partitions([(tmp_path / "a.zip").as_uri()], 10**6)
    assert [g[1:] for g in got] == [d[1:] for d in documents_locally(["a.zip"])]
    assert got[0][0] == (tmp_path / "a.zip").as_uri() + "!d/0.txt"
