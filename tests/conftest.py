"""Shared fixtures: where the read-only shared data is, and the installed ``factx`` command."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GOLD = SHARED / "gold" / "pinghu-2025-01.gold.jsonl"


@pytest.fixture(scope="session")
def factx_bin() -> str:
    """The real console script of this environment (tests run it as a subprocess)."""
    beside = Path(sys.executable).parent / "factx"
    found = str(beside) if beside.exists() else shutil.which("factx")
    if not found:
        pytest.fail("the factx command is not installed in this environment")
    return found


@pytest.fixture(scope="session")
def gold_path() -> Path:
    if not GOLD.is_file():
        pytest.skip("../shared/gold is not available")
    return GOLD
