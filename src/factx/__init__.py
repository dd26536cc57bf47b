"""factx: facts (money, percentages, quantities, dates, names) out of raw Chinese news text."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factx.extractor import Extractor, extract
    from factx.model import Document, Fact

__version__ = "0.1.0"
__all__ = ["Document", "Extractor", "Fact", "__version__", "extract"]

_HOMES = {"Extractor": "factx.extractor", "extract": "factx.extractor", "Document": "factx.model", "Fact": "factx.model"}


def __getattr__(name: str) -> Any:
    """The public names, imported on first use: ``factx --version`` and ``--help`` need none of the engine."""
    if name not in _HOMES:
        raise AttributeError(f"module 'factx' has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
