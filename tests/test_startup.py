"""Start-up: the anchor scan's two paths agree, the automaton waits for enough text, the CLI imports little."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import time

import pytest
from conftest import GOLD, REPO, SHARED

import factx.engine.anchors as anchors
from factx.engine.anchors import AnchorIndex
from factx.extractor import Extractor

CORPUS = SHARED / "corpus" / "news"
EDGE_TEXTS = [
    "",
    "x",
    "市",
    "平湖",
    "平",
    "在平湖市,平湖",
    "x在平湖市,平湖x",
    "平湖市平湖湖市市",
    "ascii only, no words here 123",
]
needs_automaton = pytest.mark.skipif(anchors.ahocorasick_rs is None, reason="ahocorasick_rs is not installed")


def _texts() -> list[str]:
    """Varied texts: the samples, every rule example, the gold documents and some of the news corpus."""
    texts = [path.read_text(encoding="utf-8") for path in sorted((REPO / "samples").glob("*.txt"))]
    for rule in Extractor().ruleset.rules:
        texts += [example["text"] for example in rule.spec.examples] + rule.spec.counter_examples
    if GOLD.is_file():
        texts += [json.loads(line)["text"] for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    texts += [path.read_text(encoding="utf-8") for path in sorted(CORPUS.rglob("*.txt"))[:40]]
    return texts


def _both(
    index: AnchorIndex, text: str, low: int = 0, high: int | None = None, subset: int = -1
) -> tuple[list[list[int]], ...]:
    high = len(text) if high is None else high
    subset = (1 << len(index.names)) - 1 if subset < 0 else subset
    python: list[list[int]] = [[] for _ in index.names]
    automaton: list[list[int]] = [[] for _ in index.names]
    index._scan_python(text, [(low, high)], python, subset)
    index._scan_automaton(text, [(low, high)], automaton, subset)
    return [sorted(set(found)) for found in python], [sorted(set(found)) for found in automaton]


@needs_automaton
def test_python_scan_and_automaton_agree_on_the_shipped_lexicons():
    index = Extractor().ruleset.anchors
    assert index is not None
    texts = _texts()
    assert len(texts) > 100
    for text in texts + EDGE_TEXTS:
        python, automaton = _both(index, text)
        assert python == automaton, text[:80]
    assert any(any(found) for found in _both(index, texts[0])[0])  # the samples do hold anchors


@needs_automaton
@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_python_scan_and_automaton_agree_on_overlapping_words(text):
    index = AnchorIndex({"a": ["平湖", "平湖市", "湖市", "x"], "b": ["市", "平湖市平湖"], "c": ["平"]})
    python, automaton = _both(index, text)
    assert python == automaton


@needs_automaton
@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_windows_hold_the_starts_inside_them(text):
    """``--types`` scans only windows: a word starting inside one counts even where it ends past it."""
    index = AnchorIndex({"a": ["平湖", "平湖市", "湖市", "x"], "b": ["市", "平湖市平湖"], "c": ["平"]})
    whole, _ = _both(index, text)
    for low in range(len(text) + 1):
        for high in range(low, len(text) + 1):
            inside = [[p for p in found if low <= p < high] for found in whole]
            assert _both(index, text, low, high) == (inside, inside), (low, high)


@needs_automaton
@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_some_lexicons_alone_give_their_own_starts(text):
    """``--types`` may scan for some lexicons in the whole text and others near the wanted facts only."""
    index = AnchorIndex({"a": ["平湖", "平湖市", "湖市", "x"], "b": ["市", "平湖市平湖"], "c": ["平"]})
    whole, _ = _both(index, text)
    for subset in range(1, 8):
        alone = [found if subset >> bit & 1 else [] for bit, found in enumerate(whole)]
        assert _both(index, text, subset=subset) == (alone, alone), subset
    names = frozenset({"b", "c"})
    assert index.starts(text, names=names) == {n: f for n, f in zip(index.names, whole, strict=True) if n in names and f}


def test_short_texts_do_not_build_the_automaton(monkeypatch):
    monkeypatch.setattr(anchors, "AUTOMATON_AFTER", 20)
    index = AnchorIndex({"a": ["平湖", "湖市"], "b": ["市"]})
    text = "在平湖市,平湖"  # 7 characters
    expected = {"a": [1, 2, 5], "b": [3]}
    assert index.starts(text) == expected
    assert index.starts(text) == expected
    assert index._automata == {}
    assert index.starts(text) == expected  # 21 characters scanned in all: past the threshold
    assert bool(index._automata) == (anchors.ahocorasick_rs is not None)


def test_a_long_text_builds_the_automaton_at_once(monkeypatch):
    monkeypatch.setattr(anchors, "AUTOMATON_AFTER", 20)
    index = AnchorIndex({"a": ["平湖"]})
    assert index.starts("平湖" * 20) == {"a": list(range(0, 40, 2))}
    assert bool(index._automata) == (anchors.ahocorasick_rs is not None)


def test_pickled_index_keeps_its_table_and_starts_afresh():
    index = AnchorIndex({"a": ["平湖", "湖市"], "b": ["市"]})
    index.starts("平湖市" * 50_000)  # past the threshold: the automaton is built, if installed
    copy = pickle.loads(pickle.dumps(index))
    assert copy._automata == {}
    assert copy._scanned == 0
    assert copy.firsts == index.firsts
    assert copy.starts("在平湖市,平湖") == {"a": [1, 2, 5], "b": [3]}


def test_extract_imports_only_what_one_document_needs(tmp_path):
    """``factx extract one.txt`` (rule set cached) loads no archive reader, pool, database, table or extra."""
    code = (
        "import atexit, runpy, sys\n"
        "atexit.register(lambda: sys.stderr.write('\\nMODULES ' + ' '.join(sys.modules)))\n"
        f"sys.argv = ['factx', 'extract', {str(REPO / 'samples' / 'economy.txt')!r}, '-f', 'jsonl', '-q']\n"
        "runpy.run_module('factx', run_name='__main__')\n"
    )
    env = {**os.environ, "FACTX_CACHE_DIR": str(tmp_path)}
    for _ in range(2):  # the first run builds the cache
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") > 5
    loaded = set(result.stderr.rsplit("MODULES ", 1)[1].split())
    heavy = {"multiprocessing", "tarfile", "zipfile", "sqlite3", "csv", "rich", "dask", "cn2an",
             "factx.sources.archives", "factx.workers", "factx.writers.table", "factx.writers.sqlite"}
    assert not heavy & loaded


def test_package_names_load_on_first_use():
    code = "import sys, factx; assert 'factx.extractor' not in sys.modules; print(factx.Extractor, factx.Fact)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "factx.extractor.Extractor" in result.stdout
    with pytest.raises(AttributeError):
        import factx

        factx.not_a_name  # noqa: B018


def test_rule_set_cache_keeps_only_the_most_recently_used_entries(tmp_path, monkeypatch) -> None:
    """Every rule-folder variant gets its own ~7 MB entry: the folder is pruned, used entries survive."""
    from factx.engine import cache

    monkeypatch.setenv("FACTX_CACHE_DIR", str(tmp_path))
    dependency = tmp_path / "rules.toml"
    dependency.write_text("x", encoding="utf-8")
    for n in range(cache.KEEP + 3):
        assert cache.cached(("variant", n), lambda n=n: (n, [str(dependency)])) == n
        time.sleep(0.01)  # distinct modification times, even on a coarse clock
    assert len(list(tmp_path.glob("ruleset-*.pickle"))) == cache.KEEP
    assert cache.cached(("variant", cache.KEEP + 2), lambda: ("rebuilt", [])) == cache.KEEP + 2  # kept, read back
    assert cache.cached(("variant", 0), lambda: ("rebuilt", [])) == "rebuilt"  # the oldest was pruned
