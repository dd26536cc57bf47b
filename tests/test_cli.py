"""The installed ``factx`` command, run as a subprocess the way users run it."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from conftest import REPO

SAMPLE = REPO / "samples" / "economy.txt"


def run(factx_bin, *args, stdin=None, cwd=None):
    env = {**os.environ, "COLUMNS": "200"}  # a wide virtual terminal, so table cells do not wrap
    return subprocess.run([factx_bin, *args], input=stdin, capture_output=True, text=True, timeout=120, cwd=cwd,
                          env=env)


def test_version(factx_bin):
    from factx import __version__

    result = run(factx_bin, "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"factx {__version__}"


@pytest.mark.parametrize(
    "command", [[], ["extract"], ["rules"], ["rules", "list"], ["rules", "check"], ["eval"], ["stats"]]
)
def test_every_command_has_help_with_examples(factx_bin, command):
    result = run(factx_bin, *command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage" in result.stdout
    assert "Example" in result.stdout


def test_python_dash_m(tmp_path):
    result = subprocess.run([sys.executable, "-m", "factx", "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("factx ")


def test_extract_json_from_another_directory(factx_bin, tmp_path):
    result = run(factx_bin, "extract", str(SAMPLE), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout)
    text = SAMPLE.read_text(encoding="utf-8")
    assert facts, "the sample has facts"
    for fact in facts:
        assert text[fact["start"] : fact["end"]] == fact["text"]
        assert fact["source"] == str(SAMPLE)
    money = {f["text"]: f for f in facts if f["type"] == "money"}
    assert money["1,286.5亿元"]["value"] == 128650000000 and money["1,286.5亿元"]["unit"] == "CNY"
    assert money["420亿元"]["qualifier"] == "over"


def test_pipe_defaults_to_jsonl_and_stdin_source(factx_bin):
    result = run(factx_bin, "extract", stdin="总投资885亿元，同比增长15.8%")
    assert result.returncode == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(f["type"], f["text"], f["value"], f["source"]) for f in lines] == [
        ("money", "885亿元", 88500000000, "<stdin>"),
        ("percent", "15.8%", 15.8, "<stdin>"),
    ]
    assert "factx: 1 document, 18 characters, 2 facts (money 1, percent 1), 0 errors" in result.stderr


def test_dash_reads_stdin(factx_bin):
    result = run(factx_bin, "extract", "-", "-f", "jsonl", stdin="250余家")
    assert json.loads(result.stdout)["qualifier"] == "over"


def test_types_filter_and_number_opt_in(factx_bin):
    text = "一美元，获利4.87亿，增长5%"
    default = [json.loads(x) for x in run(factx_bin, "extract", stdin=text).stdout.splitlines()]
    assert {f["type"] for f in default} == {"money", "percent"}
    numbers = [json.loads(x) for x in run(factx_bin, "extract", "--types", "number", stdin=text).stdout.splitlines()]
    assert [(f["text"], f["value"]) for f in numbers] == [("4.87亿", 487000000)]


def test_csv_output_file(factx_bin, tmp_path):
    out = tmp_path / "facts.csv"
    result = run(factx_bin, "extract", str(SAMPLE), "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["type", "text", "start", "end", "value", "unit", "qualifier", "low", "high", "rule",
                             "source", "role", "relative"]
    money = next(r for r in rows if r["text"] == "1,286.5亿元")
    assert money["type"] == "money" and money["value"] == "128650000000" and money["unit"] == "CNY"


def test_table_output(factx_bin):
    result = run(factx_bin, "extract", str(SAMPLE), "--format", "table")
    assert result.returncode == 0
    assert "128,650,000,000 CNY" in result.stdout
    assert "facts:" in result.stdout and "money" in result.stdout


def test_missing_file_exit_1_and_rest_processed(factx_bin, tmp_path):
    result = run(factx_bin, "extract", str(tmp_path / "missing.txt"), str(SAMPLE), "-f", "jsonl")
    assert result.returncode == 1
    assert "missing.txt" in result.stderr and "Traceback" not in result.stderr
    assert any(json.loads(x)["text"] == "1,286.5亿元" for x in result.stdout.splitlines())


def test_bad_option_is_usage_error(factx_bin):
    result = run(factx_bin, "extract", "--format", "yaml", str(SAMPLE))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_default_types_plus_numbers(factx_bin, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("获利4.87亿，总投资885亿元", encoding="utf-8")
    result = run(factx_bin, "extract", "--types", "default,number", "-f", "jsonl", str(article))
    assert result.returncode == 0, result.stderr
    assert [json.loads(x)["type"] for x in result.stdout.splitlines()] == ["number", "money"]


def test_bad_ref_date(factx_bin):
    result = run(factx_bin, "extract", "--ref-date", "yesterday", str(SAMPLE))
    assert result.returncode == 2 and "--ref-date" in result.stderr


def test_rules_list_and_check(factx_bin):
    listed = run(factx_bin, "rules", "list")
    assert listed.returncode == 0 and "money.amount" in listed.stdout
    checked = run(factx_bin, "rules", "check")
    assert checked.returncode == 0, checked.stdout
    assert ", 0 failed" in checked.stdout


def test_rules_check_fails_on_a_failing_example(factx_bin, tmp_path):
    path = tmp_path / "wrong.toml"
    path.write_text(
        "[[rules]]\nid = 'q.x'\ntype = 'quantity'\npattern = '(?P<num>[0-9]+)(?P<unit>根金条)'\n"
        "examples = [{ text = '3根金条', value = 4 }]\n",
        encoding="utf-8",
    )
    result = run(factx_bin, "rules", "check", "--rules", str(path))
    assert result.returncode == 1
    assert "FAIL" in result.stdout and "q.x" in result.stdout and "value" in result.stdout


@pytest.mark.parametrize("fmt", ["jsonl", "table"])
def test_closed_pipe_is_quiet(factx_bin, tmp_path, fmt):
    """The reader stops after one line: factx stops too, with status 0 and nothing on standard error. The table
    is printed in chunks, so it stops early as well (in one piece, its 40,000 rows took Rich half a minute)."""
    big = tmp_path / "big.txt"
    big.write_text("总投资885亿元，同比增长15.8%。\n" * 20000, encoding="utf-8")
    command = f"'{factx_bin}' extract '{big}' -f {fmt} | head -n 1; exit ${{PIPESTATUS[0]}}"
    proc = subprocess.Popen(command, shell=True, executable="/bin/bash", stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    out, err = proc.communicate(timeout=120)
    assert len(out.splitlines()) == 1
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "Broken pipe" not in err


def test_an_unknown_type_stops_with_a_usage_error(factx_bin):
    """A typo in --types is a usage error (exit 2) naming the known types, not a run that finds nothing."""
    result = run(factx_bin, "extract", "-", "--types", "money,mony", stdin="花了3元")
    assert result.returncode == 2
    assert "no rule gives fact type 'mony'" in result.stderr
    assert "money, number, org" in result.stderr
    assert result.stdout == ""
