"""The batch machinery in process: cutting long texts, parallel order and streaming, SQLite, signals, stats."""

from __future__ import annotations

import gc
import itertools
import json
import os
import signal
import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

import factx.extractor
from factx.extractor import Extractor
from factx.interrupts import Interrupts
from factx.model import FACT_FIELDS, Document, Fact
from factx.pipeline import PENDING_PER_JOB, extract_piece, pieces, results, run_sequential
from factx.stats import read_stats
from factx.writers.sqlite import BATCH_DOCUMENTS, SqliteWriter, sql_value

ARTICLE = (
    "国家统计局今天发布数据，前三季度国内生产总值为1,286.5亿元，同比增长5.2%。\n"
    "其中，第一产业增加值420亿元以上，增长3.1%；全年粮食产量达1.3万吨。\n\n"
    "分析人士认为，四季度经济有望继续回升，预计全年增速在5%左右。\n"
)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def test_pieces_cover_the_text_and_cut_after_sentence_ends() -> None:
    text = ARTICLE * 40
    cut = pieces(text, 500)
    assert "".join(piece for _, piece in cut) == text
    assert [offset for offset, _ in cut] == list(itertools.accumulate([0] + [len(p) for _, p in cut[:-1]]))
    for _, piece in cut[:-1]:
        assert 250 <= len(piece) <= 500
        assert piece.endswith("。\n")


def test_pieces_prefer_sentence_ends_then_lines_and_never_cut_blindly() -> None:
    one_line = "增长5%。" * 300  # no line breaks: cut after a full stop
    assert all(p.endswith("。") for _, p in pieces(one_line, 100)[:-1])
    lines = "增长5%\n" * 300  # no full stops: cut after a line break
    assert all(p.endswith("\n") for _, p in pieces(lines, 100)[:-1])
    blob = "a" * 1000 + "。" + "b" * 10  # nowhere to cut within the window: extend to the next sentence end
    assert pieces(blob, 100) == [(0, "a" * 1000 + "。"), (1001, "b" * 10)]
    assert pieces("a" * 1000, 100) == [(0, "a" * 1000)]
    assert pieces("", 100) == [(0, "")]


def test_piecewise_extraction_equals_whole_text_extraction(extractor: Extractor) -> None:
    # a person named with a cue in the first piece only, and again, bare, in every later one
    text = "市长王学斌说，今年要稳增长。\n" + (ARTICLE + "会后，王学斌来到企业调研。\n") * 30
    whole = extractor.extract(text, source="s")
    cut = pieces(text, 700)
    parts = [f for offset, piece in cut for f in extract_piece(extractor, piece, "s", offset, whole=False)]
    completed = extractor.complete(text, parts, source="s")
    assert completed == whole
    assert sum(f.text == "王学斌" for f in completed) == 31
    assert all(text[f.start : f.end] == f.text for f in completed)


def test_documents_scanned_together_get_the_facts_each_gets_alone(extractor: Extractor) -> None:
    texts = [f"第{i}号：" + ARTICLE * (1 + i % 3) for i in range(12)] + ["", "市长王学斌说。会后，王学斌来到企业。"]
    sources = [f"s{i}" for i in range(len(texts))]
    assert extractor.extract_many(texts, sources=sources) == [
        extractor.extract(text, source=source) for text, source in zip(texts, sources, strict=True)
    ]
    assert extractor.extract_many(texts, types="percent") == [extractor.extract(t, types="percent") for t in texts]


def test_many_documents_are_scanned_in_batches(extractor: Extractor, monkeypatch: pytest.MonkeyPatch) -> None:
    import factx.extractor

    texts = [f"第{i}号：" + ARTICLE * (1 + i % 3) for i in range(20)]
    monkeypatch.setattr(factx.extractor, "SCAN_BATCH_CHARS", 400)
    ranges = list(factx.extractor.batch_ranges(texts))
    assert len(ranges) > 3 and ranges[0][0] == 0 and ranges[-1][1] == len(texts)
    assert all(high == low for (_, high), (low, _) in itertools.pairwise(ranges))
    assert extractor.extract_many(texts) == [extractor.extract(text) for text in texts]


class _FailsOn(Extractor):
    """A rule that breaks on one document: the scan of any batch holding it raises."""

    def extract_pieces(self, texts, **options):
        if any("BAD" in text for text in texts):
            raise ValueError("broken rule")
        return super().extract_pieces(texts, **options)


def test_a_failing_document_does_not_sink_its_batch() -> None:
    documents = [Document(source=f"d{i}", text=("BAD " if i == 3 else "") + "总投资885亿元。") for i in range(8)]
    done = list(run_sequential(documents, _FailsOn()))
    assert [d.source for d, _ in done] == [f"d{i}" for i in range(8)]
    for document, facts in done:
        if document.source == "d3":
            assert document.error == "extraction failed: ValueError: broken rule" and facts == []
        else:
            assert document.error is None and [f.text for f in facts] == ["885亿元"]


def test_the_collector_is_back_as_it_was_after_a_batch(
    extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Extraction pauses the cyclic collector batch by batch (engine/collector.py): it must be on again after,
    also when a batch fails, and stay off for a caller who switched it off."""
    assert gc.isenabled()
    paused = []
    scan_many = factx.extractor.scan_many

    def scan_and_look(texts, *args, **options):
        paused.append(not gc.isenabled())
        if any("BAD" in text for text in texts):
            raise ValueError("broken rule")
        return scan_many(texts, *args, **options)

    monkeypatch.setattr(factx.extractor, "scan_many", scan_and_look)
    assert [f.text for f in extractor.extract_many(["总投资885亿元。"] * 3)[2]] == ["885亿元"]
    assert paused == [True] and gc.isenabled()
    with pytest.raises(ValueError):
        extractor.extract_many(["BAD 总投资885亿元。"])
    assert gc.isenabled()
    gc.disable()
    try:
        extractor.extract_many(["总投资885亿元。"])
        assert not gc.isenabled()
    finally:
        gc.enable()


def _documents(count: int) -> list[Document]:
    docs = []
    for i in range(count):
        if i % 7 == 3:
            docs.append(Document(source=f"bad{i}", text=None, error="binary file"))
        elif i % 11 == 5:
            docs.append(Document(source=f"empty{i}", text=""))
        else:
            docs.append(Document(source=f"doc{i}", text=f"第{i}号：" + ARTICLE * (1 + i % 3)))
    return docs


def _flatten(run: list[tuple[Document, list[Fact]]]) -> list[tuple[str, str | None, list[Fact]]]:
    return [(d.source, d.error, facts) for d, facts in run]


def test_parallel_results_keep_input_order_and_equal_sequential(extractor: Extractor) -> None:
    with results(_documents(60), extractor, 1) as done:
        sequential = _flatten(list(done))
    with results(_documents(60), extractor, 3) as done:
        parallel = _flatten(list(done))
    assert parallel == sequential
    assert [source for source, _, _ in parallel] == [d.source for d in _documents(60)]
    assert sum(len(facts) for _, _, facts in parallel) > 100


def test_parallel_results_stream_with_a_bounded_window(extractor: Extractor) -> None:
    """The input is pulled lazily: a huge stream is never read far ahead of what has been returned."""
    pulled = 0

    def endless() -> Iterator[Document]:
        nonlocal pulled
        for i in itertools.count():
            pulled += 1
            yield Document(source=f"d{i}", text="总投资885亿元。")

    with results(endless(), extractor, 2) as done:
        first = list(itertools.islice(done, 10))
    assert [d.source for d, _ in first] == [f"d{i}" for i in range(10)]
    assert pulled <= 10 + 2 * PENDING_PER_JOB + 2


def test_a_single_short_document_needs_no_workers(extractor: Extractor) -> None:
    with results([Document(source="one", text="增长5%")], extractor, 4) as done:
        (document, facts), = list(done)
    assert document.source == "one" and [f.text for f in facts] == ["5%"]


def _write(writer: SqliteWriter, docs: list[Document], extractor: Extractor) -> None:
    for doc in docs:
        facts = extractor.extract(doc.text, source=doc.source) if doc.text else []
        writer.write(doc, facts)


def test_sqlite_commits_in_batches_and_stores_every_field(tmp_path: Path, extractor: Extractor) -> None:
    path = str(tmp_path / "r.sqlite")
    writer = SqliteWriter(path)
    docs = [Document(source=f"d{i}", text=f"第{i}期投资{i}亿元。", sha256=f"{i:064x}", encoding="utf-8")
            for i in range(BATCH_DOCUMENTS + 5)]
    _write(writer, docs, extractor)
    reader = sqlite3.connect(path)
    assert reader.execute("SELECT count(*) FROM documents").fetchone()[0] == BATCH_DOCUMENTS
    writer.close()
    assert reader.execute("SELECT count(*) FROM documents").fetchone()[0] == len(docs)
    columns = [row[1] for row in reader.execute("PRAGMA table_info(facts)")]
    assert columns == ["id", "document_id", *FACT_FIELDS]
    indexes = {row[1] for row in reader.execute("PRAGMA index_list(facts)")}
    assert {"facts_type", "facts_unit", "facts_value"} <= indexes
    row = reader.execute(
        "SELECT d.source, f.text, f.value, f.unit, f.start, f.end FROM facts f JOIN documents d ON d.id = f.document_id"
        " WHERE d.source = 'd7' AND f.type = 'money'"
    ).fetchone()
    assert row == ("d7", "7亿元", 700000000, "CNY", 5, 8)


def test_sqlite_resume_skips_done_documents_and_replaces_failed_ones(tmp_path: Path, extractor: Extractor) -> None:
    path = str(tmp_path / "r.sqlite")
    good = Document(source="a", text="增长5%", sha256="1" * 64)
    failed = Document(source="b", text=None, sha256="2" * 64, error="binary file")
    writer = SqliteWriter(path)
    _write(writer, [good, failed], extractor)
    writer.close()
    writer = SqliteWriter(path, resume=True)
    assert writer.is_done(good)
    assert not writer.is_done(failed)
    assert not writer.is_done(Document(source="a", text="增长6%", sha256="3" * 64))  # the file changed
    _write(writer, [Document(source="b", text="增长7%", sha256="4" * 64)], extractor)
    writer.close()
    rows = sqlite3.connect(path).execute("SELECT source, status, error FROM documents ORDER BY source").fetchall()
    assert rows == [("a", "ok", None), ("b", "ok", None)]
    assert read_stats(Path(path)).types == {"percent": 2}


def test_sqlite_refuses_to_resume_into_a_foreign_database(tmp_path: Path) -> None:
    from factx.errors import FactxError

    path = tmp_path / "other.sqlite"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(FactxError, match="not a factx database"):
        SqliteWriter(str(path), resume=True)


def test_sqlite_refuses_to_resume_with_other_settings(tmp_path: Path) -> None:
    """Facts of a run with --types money must not be mixed with a resumed run's facts of every type."""
    from factx.errors import FactxError

    path = str(tmp_path / "r.sqlite")
    SqliteWriter(path, settings=Extractor(types="money").settings()).close()
    SqliteWriter(path, resume=True, settings=Extractor(types="money").settings()).close()  # the same: fine
    with pytest.raises(FactxError, match="types 'money' then, 'default' now"):
        SqliteWriter(path, resume=True, settings=Extractor().settings())


def test_sql_values_stay_exact_or_readable() -> None:
    assert sql_value(True) == 1
    assert sql_value(396000000) == 396000000
    assert isinstance(sql_value(10**20), float)
    assert sql_value(Decimal("15.8")) == 15.8
    assert json.loads(sql_value({"name": "华为"})) == {"name": "华为"}


def test_signals_wait_for_the_atomic_block() -> None:
    steps = []
    with Interrupts() as guard, pytest.raises(KeyboardInterrupt), guard.atomic():
        os.kill(os.getpid(), signal.SIGTERM)
        steps.append("finished the block")
    assert steps == ["finished the block"]
    with Interrupts(), pytest.raises(KeyboardInterrupt):
        os.kill(os.getpid(), signal.SIGTERM)


def test_stats_from_jsonl_sums_money_exactly(tmp_path: Path) -> None:
    records = [
        {"type": "money", "text": "0.1亿元", "unit": "CNY", "value": 0.1, "source": "a"},
        {"type": "money", "text": "0.2亿元", "unit": "CNY", "value": 0.2, "source": "a"},
        {"type": "org", "text": "华为", "unit": None, "value": None, "source": "b"},
        {"type": "location", "text": "杭州", "unit": None, "value": None, "source": "b"},
    ]
    path = tmp_path / "facts.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    found = read_stats(path)
    assert found.money == {"CNY": Decimal("0.3")}
    assert found.documents == 2 and found.errors is None
    assert found.organisations == {"华为": 1} and found.places == {"杭州": 1}


def test_progress_estimates_what_archives_hold_and_leaves_pipes_alone(tmp_path: Path) -> None:
    import gzip
    import zipfile

    from factx.progress import input_size

    text = (ARTICLE * 50).encode("utf-8")
    with zipfile.ZipFile(tmp_path / "a.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("one.txt", text)
        archive.writestr("two.txt", text)
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(text))
    os.mkfifo(tmp_path / "pipe")
    assert input_size(str(tmp_path / "a.zip")) == 2 * len(text)
    assert input_size(str(tmp_path / "a.txt.gz")) == len(text)
    assert input_size(str(tmp_path / "pipe")) == 0  # opening it would block, and steal the reader's data
    assert input_size(str(tmp_path / "missing")) == 0


KILLER = '''
import json, os, signal
from factx.extractor import Extractor
from factx.model import Document
from factx.pipeline import results


class Fatal(Extractor):
    """Dies on a document that says so, as a worker does under the kernel's out-of-memory killer."""

    def extract_pieces(self, texts, **options):
        if any("KILL" in text for text in texts):
            os.kill(os.getpid(), signal.SIGKILL)
        return super().extract_pieces(texts, **options)


documents = [Document(source=f"d{i}", text=("KILL " if i in (7, 30) else "") + "总投资885亿元。") for i in range(60)]
with results(documents, Fatal(), 2) as done:
    print(json.dumps([(d.source, d.error, [f.text for f in facts]) for d, facts in done], ensure_ascii=False))
'''


def test_a_killed_worker_loses_only_its_document(tmp_path: Path) -> None:
    """A worker killed outright (out of memory, a crash in native code) neither hangs the run nor takes the
    other documents of its batch with it: they are scanned again, and the one that kills is an error."""
    import subprocess
    import sys

    script = tmp_path / "killer.py"
    script.write_text(KILLER, encoding="utf-8")
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    outcome = json.loads(run.stdout)
    assert [source for source, _, _ in outcome] == [f"d{i}" for i in range(60)]
    for source, error, facts in outcome:
        if source in ("d7", "d30"):
            assert "died" in error and facts == []
        else:
            assert error is None and facts == ["885亿元"]


@pytest.mark.parametrize(("documents", "characters", "facts"), [(1, 18, 1), (5660, 5159230, 185825)])
def test_the_batch_benchmark_reads_the_summary_line(documents: int, characters: int, facts: int) -> None:
    """benchmarks/bench_batch.py times the command and reads its counts from this line: one form for both."""
    import sys
    from collections import Counter

    from conftest import REPO

    from factx.pipeline import summary_line

    sys.path.insert(0, str(REPO / "benchmarks"))
    from bench_batch import SUMMARY

    found = SUMMARY.search(summary_line(documents, characters, Counter(money=facts), 0, 1.0))
    assert found is not None
    assert [int(found[n].replace(",", "")) for n in (1, 2, 3)] == [documents, characters, facts]
