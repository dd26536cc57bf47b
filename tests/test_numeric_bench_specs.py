"""benchmarks/bench_specs.py on a small hand-made spec folder in Recognizers-Text's format (the real spec
files are not shipped): scores, the span conventions it reports, and the skip when the folder is absent."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO

SCRIPT = REPO / "benchmarks" / "bench_specs.py"


def run(*args: str) -> str:
    done = subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=True)
    return done.stdout


def spec(text: str, kind: str, value: str, **resolution: str) -> dict:
    return {"Text": text, "TypeName": kind, "Resolution": {"value": value, **resolution}}


def test_scores_and_categories(tmp_path):
    (tmp_path / "CurrencyModel.json").write_text(json.dumps([
        {"Input": "净流出1200亿美元", "Results": [spec("1200亿美元", "currency", "120000000000", isoCurrency="USD")]},
        {"Input": "１欧元可以", "Results": [spec("1欧元", "currency", "1", isoCurrency="EUR")]},  # their Text folded
    ], ensure_ascii=False), encoding="utf-8")
    (tmp_path / "NumberModel.json").write_text(json.dumps([
        {"Input": "199个", "Results": [spec("199", "number", "199")]},
        {"Input": "五分之一", "Results": [spec("五分之一", "number", "0.2")]},
        {"Input": "一切", "Results": []},
    ], ensure_ascii=False), encoding="utf-8")
    (tmp_path / "PercentModel.json").write_text(json.dumps([
        {"Input": "大于百分之五", "Results": [spec("大于百分之五", "percentage", "5%")]},
    ], ensure_ascii=False), encoding="utf-8")
    out = run(str(tmp_path), "--details")
    lines = {line.split()[0]: line for line in out.splitlines() if line and not line.startswith(" ")}
    assert "exact P=1.000 R=1.000" in lines["CurrencyModel:currency"]
    assert "value 2/2=1.000" in lines["CurrencyModel:currency"]
    # 199个 is a quantity (overlap, right value); 五分之一 is a percentage of 20 (value / 100 = 0.2)
    assert "overlap P=1.000 R=1.000" in lines["NumberModel:number"]
    assert "exact P=0.500 R=0.500" in lines["NumberModel:number"]
    assert "value 2/2=1.000" in lines["NumberModel:number"]
    assert "their span includes qualifier words" in out
    assert "our span adds a measure word" in out


def test_missing_folder_is_skipped(tmp_path):
    assert "skipped" in run(str(tmp_path / "absent"))
