"""factx: facts (money, percentages, quantities, dates, names) out of raw Chinese news text."""

from factx.extractor import Extractor, extract
from factx.model import Document, Fact

__version__ = "0.1.0"
__all__ = ["Document", "Extractor", "Fact", "__version__", "extract"]
