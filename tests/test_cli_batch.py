"""``factx extract`` as a batch tool, run as the installed command: jobs, archives, failures, SQLite, resume.

Uses small subsets of the real corpus in ../shared/corpus (skipped when absent); writes only to tmp_path.
"""

from __future__ import annotations

import hashlib
import json
import os
import pty
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
ARTICLE = "国家统计局今天发布数据，前三季度国内生产总值为1,286.5亿元，同比增长5.2%。\n"


def run(factx_bin: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([factx_bin, *args], input=stdin, capture_output=True, text=True, timeout=120)


def facts_of(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


@pytest.fixture(scope="module")
def corpus() -> Path:
    if not (CORPUS / "news").is_dir():
        pytest.skip("../shared/corpus is not available")
    return CORPUS


def test_output_order_does_not_depend_on_jobs(factx_bin, corpus):
    inputs = [str(corpus / "news" / "thucnews"), str(corpus / "news_gbk" / "thucnews")]
    outputs = [run(factx_bin, "extract", *inputs, "--jobs", jobs) for jobs in ("1", "2", "3")]
    assert all(r.returncode == 0 for r in outputs), outputs[0].stderr
    assert outputs[0].stdout == outputs[1].stdout == outputs[2].stdout
    sources = list(dict.fromkeys(f["source"] for f in facts_of(outputs[0].stdout)))
    assert sources == sorted(sources, key=lambda s: (not s.startswith(inputs[0]), s))
    assert "82 documents" in outputs[1].stderr


def test_gbk_files_give_the_same_facts_as_their_utf8_originals(factx_bin, corpus):
    gbk, utf8 = corpus / "news_gbk" / "thucnews", corpus / "news" / "thucnews"
    originals = [str(utf8 / p.relative_to(gbk)) for p in sorted(gbk.rglob("*.txt"))]
    from_gbk = facts_of(run(factx_bin, "extract", str(gbk), "-j", "2").stdout)
    from_utf8 = facts_of(run(factx_bin, "extract", *originals, "-j", "2").stdout)
    strip = [({k: v for k, v in f.items() if k != "source"}, Path(f["source"]).relative_to(gbk)) for f in from_gbk]
    assert from_gbk and strip == [
        ({k: v for k, v in f.items() if k != "source"}, Path(f["source"]).relative_to(utf8)) for f in from_utf8
    ]


def test_zip_and_tar_archives_stream_through_workers(factx_bin, corpus):
    results = {}
    for name in ("news_sample.zip", "news_sample.tar.gz"):
        archive = corpus / "archives" / name
        result = run(factx_bin, "extract", str(archive), "--jobs", "2")
        assert result.returncode == 0, result.stderr
        assert "351 documents" in result.stderr
        results[name] = [(f["source"].split("!", 1)[1], f["start"], f["text"]) for f in facts_of(result.stdout)]
    assert results["news_sample.zip"] == results["news_sample.tar.gz"]
    assert len(results["news_sample.zip"]) > 1000


def test_a_long_document_is_cut_without_losing_or_moving_facts(factx_bin, corpus, tmp_path):
    from factx.extractor import Extractor
    from factx.pipeline import PIECE_CHARS

    texts, size = [], 0
    for path in sorted((corpus / "news" / "sina2018").rglob("*.txt")):
        texts.append(path.read_text(encoding="utf-8"))
        size += len(texts[-1]) + 1
        if size > PIECE_CHARS * 1.1:
            break
    text = "\n".join(texts)
    big = tmp_path / "big.txt"
    big.write_text(text, encoding="utf-8")
    result = run(factx_bin, "extract", str(big), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    facts = facts_of(result.stdout)
    assert all(text[f["start"] : f["end"]] == f["text"] for f in facts)
    whole = [f.to_dict() for f in Extractor().extract(text, source=str(big))]
    assert facts == whole


def _processes_mentioning(marker: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and marker.encode() in Path(f"/proc/{entry}/cmdline").read_bytes():
                found.append(int(entry))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_closed_pipe_stops_quietly_and_leaves_no_workers(factx_bin, corpus, tmp_path):
    listing = tmp_path / "inputs.list"
    listing.write_text(str(corpus / "news" / "stock2018") + "\n", encoding="utf-8")
    proc = subprocess.Popen([factx_bin, "extract", "--files-from", str(listing), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0
    assert json.loads(first)["source"].startswith(str(corpus))
    assert "Traceback" not in err and "Broken pipe" not in err and "Error" not in err
    time.sleep(0.2)
    assert _processes_mentioning(str(listing)) == []


def test_bad_inputs_are_reported_once_and_the_batch_goes_on(factx_bin, tmp_path):
    import zipfile

    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.dat").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "corrupt.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    with zipfile.ZipFile(tmp_path / "mixed.zip", "w") as archive:
        archive.writestr("small.txt", ARTICLE)
        archive.writestr("huge.txt", ARTICLE * 500)
    names = ["missing.txt", "empty.txt", "binary.dat", "corrupt.zip", "mixed.zip", "good.txt"]
    result = run(factx_bin, "extract", *[str(tmp_path / n) for n in names], "--max-bytes", "20000", "-j", "2")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for bad in ("missing.txt", "binary.dat", "corrupt.zip", "mixed.zip!huge.txt"):
        assert sum(bad in line for line in result.stderr.splitlines()) == 1, (bad, result.stderr)
    sources = list(dict.fromkeys(Path(f["source"]).name for f in facts_of(result.stdout)))
    assert sources == ["mixed.zip!small.txt", "good.txt"]
    assert "4 errors" in result.stderr


def test_timeout_stops_a_runaway_rule_without_sinking_the_batch(factx_bin, tmp_path):
    rules = tmp_path / "runaway.toml"
    rules.write_text("[[rules]]\nid = 'user.runaway'\ntype = 'number'\npattern = '(a|a)+$'\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("a" * 60 + "!", encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    started = time.monotonic()
    result = run(factx_bin, "extract", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--rules", str(rules),
                 "--timeout", "0.5", "--types", "money,number", "-j", "2")
    assert time.monotonic() - started < 30
    assert result.returncode == 1
    assert "a.txt: scan exceeded the time limit of 0.5 s" in result.stderr
    assert [f["text"] for f in facts_of(result.stdout)] == ["1,286.5亿元"]


def _database(path: Path) -> tuple[list[tuple], list[tuple]]:
    connection = sqlite3.connect(path)
    documents = connection.execute("SELECT source, sha256, encoding, characters, status, error FROM documents"
                                   " ORDER BY source").fetchall()
    facts = connection.execute(
        'SELECT d.source, f."type", f."text", f."start", f."end", f.value, f.unit, f.qualifier, f.rule'
        " FROM facts f JOIN documents d ON d.id = f.document_id ORDER BY d.source, f.start, f.type"
    ).fetchall()
    connection.close()
    return documents, facts


def test_sqlite_output_holds_documents_and_every_fact(factx_bin, corpus, tmp_path):
    folder = corpus / "news_gbk" / "thucnews"
    (tmp_path / "binary.dat").write_bytes(b"\0\1\2" * 100)
    inputs = [str(folder), str(tmp_path / "missing.txt"), str(tmp_path / "binary.dat")]
    db = tmp_path / "r.sqlite"
    result = run(factx_bin, "extract", *inputs, "-o", str(db), "-j", "2")
    assert result.returncode == 1 and "missing.txt" in result.stderr
    jsonl = facts_of(run(factx_bin, "extract", *inputs, "-j", "2").stdout)
    connection = sqlite3.connect(db)
    connection.row_factory = sqlite3.Row
    stored = [dict(row) for row in connection.execute("SELECT * FROM facts ORDER BY id")]
    for row, fact in zip(stored, jsonl, strict=True):
        del row["id"], row["document_id"]
        if isinstance(fact["value"], dict | list):  # structured values are stored as JSON text
            row["value"] = json.loads(row["value"])
        assert row == fact
    documents = {row["source"]: dict(row) for row in connection.execute("SELECT * FROM documents")}
    some = sorted(folder.rglob("*.txt"))[0]
    assert documents[str(some)]["sha256"] == hashlib.sha256(some.read_bytes()).hexdigest()
    assert documents[str(some)]["encoding"] == "gb18030" and documents[str(some)]["status"] == "ok"
    assert documents[str(some)]["characters"] == len(some.read_bytes().decode("gb18030"))
    assert documents[str(tmp_path / "missing.txt")]["status"] == "error"
    assert documents[str(tmp_path / "binary.dat")]["error"] == "binary file"
    assert len(documents) == 14


@pytest.fixture(scope="module")
def clean_run(factx_bin, corpus, tmp_path_factory) -> tuple[list[tuple], list[tuple]]:
    db = tmp_path_factory.mktemp("clean") / "clean.sqlite"
    result = run(factx_bin, "extract", str(corpus / "news" / "stock2018"), "-o", str(db), "-j", "2")
    assert result.returncode == 0, result.stderr
    return _database(db)


def _committed_documents(db: Path) -> int:
    try:
        connection = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["kill", "ctrl-c"])
def test_an_interrupted_run_resumes_to_the_clean_result(factx_bin, corpus, tmp_path, clean_run, signum):
    """``kill`` signals the main process only; Ctrl-C signals its whole process group, workers included."""
    db = tmp_path / "r.sqlite"
    args = ["extract", str(corpus / "news" / "stock2018"), "-o", str(db), "-j", "2"]
    proc = subprocess.Popen([factx_bin, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while _committed_documents(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    if signum == signal.SIGINT:
        os.killpg(proc.pid, signum)
    else:
        proc.send_signal(signum)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    documents, facts = _database(db)
    clean_documents, clean_facts = clean_run
    assert 0 < len(documents) < len(clean_documents)
    done = {d[0] for d in documents}
    assert facts == [f for f in clean_facts if f[0] in done]  # every stored document is whole
    resumed = run(factx_bin, *args, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert f"{len(documents)} skipped" in resumed.stderr
    assert _database(db) == clean_run


def test_stats_summarises_a_database_and_a_jsonl_file(factx_bin, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE + "华为公司投资3亿美元。\n", encoding="utf-8")
    db, jsonl = tmp_path / "r.sqlite", tmp_path / "r.jsonl"
    run(factx_bin, "extract", str(good), str(tmp_path / "missing.txt"), "-o", str(db))
    run(factx_bin, "extract", str(good), "-o", str(jsonl))
    from_db = run(factx_bin, "stats", str(db))
    assert from_db.returncode == 0, from_db.stderr
    for expected in ("2 documents", "facts per type", "money", "percent", "CNY", "128,650,000,000", "USD",
                     "300,000,000", "documents with errors: 1", "missing.txt"):
        assert expected in from_db.stdout, (expected, from_db.stdout)
    from_jsonl = run(factx_bin, "stats", str(jsonl))
    assert from_jsonl.returncode == 0
    assert "128,650,000,000" in from_jsonl.stdout and "not recorded" in from_jsonl.stdout
    assert run(factx_bin, "stats", str(good)).returncode == 2


def test_usage_errors_of_sqlite_and_resume(factx_bin, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    no_file = run(factx_bin, "extract", str(good), "--format", "sqlite")
    assert no_file.returncode == 2 and "-o" in no_file.stderr
    kept = tmp_path / "x.jsonl"
    kept.write_text("earlier results\n", encoding="utf-8")
    not_sqlite = run(factx_bin, "extract", str(good), "-o", str(kept), "--resume")
    assert not_sqlite.returncode == 2 and "--resume" in not_sqlite.stderr
    assert kept.read_text(encoding="utf-8") == "earlier results\n"
    assert run(factx_bin, "extract", str(good), "--jobs", "0").returncode == 2


def test_stdin_and_single_files_are_unchanged_by_jobs(factx_bin, tmp_path):
    one = run(factx_bin, "extract", "--jobs", "1", stdin=ARTICLE * 3)
    many = run(factx_bin, "extract", "--jobs", "4", stdin=ARTICLE * 3)
    assert one.returncode == many.returncode == 0
    assert one.stdout == many.stdout and facts_of(one.stdout)[0]["source"] == "<stdin>"


def _on_a_terminal(factx_bin: str, args: list[str]) -> str:
    """Standard error of a run whose stderr is a pseudo-terminal (stdout goes to a file)."""
    leader, follower = pty.openpty()
    with open(os.devnull, "w") as sink:
        proc = subprocess.Popen([factx_bin, *args], stdout=sink, stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the pty is closed once the process is gone
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    proc.wait(timeout=60)
    return b"".join(chunks).decode(errors="replace")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pseudo-terminal")
def test_progress_bar_on_a_terminal_only(factx_bin, corpus, tmp_path):
    args = ["extract", str(corpus / "news" / "thucnews"), "-o", str(tmp_path / "out.jsonl")]
    shown = _on_a_terminal(factx_bin, args)
    assert "documents" in shown and "facts" in shown and "\x1b[" in shown
    assert "70 documents, " in shown  # the closing summary line
    assert _on_a_terminal(factx_bin, [*args, "--quiet"]) == ""
    piped = run(factx_bin, *args)
    assert "\x1b[" not in piped.stderr and piped.stderr.count("\n") == 1
