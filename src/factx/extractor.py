"""The public entry point: ``Extractor`` compiles a rule set once and extracts facts from texts."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from factx.engine.collector import collector_paused
from factx.engine.compiler import RuleSet, load_ruleset, resolved, user_rule_paths
from factx.engine.scanner import Candidate, resolve, scan_many
from factx.engine.textview import TextView
from factx.errors import BadDateError, UnknownTypeError
from factx.model import Fact
from factx.normalize.org_aliases import org_aliases
from factx.normalize.person_lists import people_in_lists
from factx.normalize.person_propagate import propagate

DEFAULT_TYPES = frozenset({"money", "percent", "quantity", "date", "org", "person", "location"})


def parse_types(spec: str | Iterable[str] | None) -> frozenset[str] | None:
    """``"money,percent"`` or an iterable of names → a set; None means the default types, and the name
    ``default`` stands for them (``"default,number"``: every type the shipped rules give)."""
    if spec is None or isinstance(spec, frozenset):  # already parsed: complete() is asked once per document
        return spec
    names = spec.split(",") if isinstance(spec, str) else list(spec)
    types = frozenset(n.strip() for n in names if n.strip())
    if "default" not in types:
        return types
    types = (types - {"default"}) | DEFAULT_TYPES
    return None if types == DEFAULT_TYPES else types  # None: recorded and resumed as the default


def reference_date(value: date | str | None) -> date | None:
    """A reference date as given: a ``date``, a ``datetime`` (its day) or an ISO text such as ``"2025-01-20"``
    (a Spark or pandas column often holds text); anything else is said at once, not met as an error mid-batch."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise BadDateError(f"ref_date must be a date or a YYYY-MM-DD text, got {value!r}")


def check_types(types: frozenset[str], ruleset: RuleSet) -> None:
    """Raise UnknownTypeError for a type that no rule of ``ruleset`` gives (``rules check`` asks for blocks)."""
    known = ruleset.types()
    if not types <= known:
        raise UnknownTypeError(set(types - known), known - {"block"})


class Extractor:
    """Compiles the shipped rules plus ``rules`` (files or folders) once; cheap to call, picklable.

    Pickling sends only the configuration: a worker process recompiles on first use (once per process,
    thanks to the rule-set cache), instead of shipping compiled patterns.
    """

    def __init__(
        self,
        rules: Iterable[str] = (),
        *,
        types: str | Iterable[str] | None = None,
        shipped: bool = True,
        timeout: float | None = None,
        ref_date: date | str | None = None,
    ) -> None:
        self.rule_paths = user_rule_paths(tuple(str(r) for r in rules))
        self.types = parse_types(types)
        self.shipped = shipped
        self.timeout = timeout
        self.ref_date = reference_date(ref_date)  # resolves relative dates (去年, 昨天, 本周) and fills in missing years
        self._ruleset: RuleSet | None = None
        self._checked = {DEFAULT_TYPES}  # the type sets asked for that the rule set gives (see _wanted)

    @property
    def ruleset(self) -> RuleSet:
        if self._ruleset is None:
            ruleset = load_ruleset(self.rule_paths, self.shipped)
            if self.types:
                check_types(self.types, ruleset)
            self._ruleset = ruleset
        return self._ruleset

    def settings(self) -> dict[str, str]:
        """The options that decide which facts a text yields (recorded with a SQLite output, checked on resume)."""
        return {
            "types": ",".join(sorted(self.types)) if self.types else "default",
            "rules": os.pathsep.join(resolved(self.rule_paths)),
            "shipped_rules": "yes" if self.shipped else "no",
            "ref_date": self.ref_date.isoformat() if self.ref_date else "",
        }

    def __getstate__(self) -> dict[str, Any]:
        return {"rule_paths": self.rule_paths, "types": self.types, "shipped": self.shipped,
                "timeout": self.timeout, "ref_date": self.ref_date}

    def __setstate__(self, state: dict[str, Any]) -> None:
        state.setdefault("ref_date", None)
        self.__dict__.update(state)
        self._ruleset = None
        self._checked = {DEFAULT_TYPES}

    def extract(self, text: str, *, source: str | None = None,
                types: str | Iterable[str] | None = None, ref_date: date | str | None = None) -> list[Fact]:
        """Facts in document order; the type filter applies after overlaps are resolved across all types.

        ``ref_date`` (default: the extractor's) is the date relative dates are resolved against, e.g. the
        document's publication date: a ``date``, a ``datetime`` or a ``"YYYY-MM-DD"`` text.
        """
        return self.extract_many([text], sources=[source], types=types, ref_date=ref_date)[0]

    def extract_many(self, texts: Sequence[str], *, sources: Sequence[str | None] | None = None,
                     types: str | Iterable[str] | None = None, ref_date: date | str | None = None) -> list[list[Fact]]:
        """``extract`` for each of several documents, the same facts but faster: each rule runs over a batch of
        them in turn (engine/scanner.py, ``scan_many``). Pass tens of news articles or more (a partition, a
        whole folder: they are scanned in batches of SCAN_BATCH_CHARS characters); the command line and the
        Dask extra call this."""
        wanted = self._wanted(types)
        sources = sources if sources is not None else [None] * len(texts)
        pieces = self.extract_pieces(texts, sources=sources, types=wanted, ref_date=ref_date)
        return [self.complete(text, facts, source=source, types=wanted)
                for text, facts, source in zip(texts, pieces, sources, strict=True)]

    def extract_piece(self, text: str, *, source: str | None = None,
                      types: str | Iterable[str] | None = None, ref_date: date | str | None = None) -> list[Fact]:
        """The resolved facts of a piece of a document, before ``complete``: of every type the request for
        ``types`` needs to see. A long document is scanned piece by piece (pipeline.py), then completed whole."""
        return self.extract_pieces([text], sources=[source], types=types, ref_date=ref_date)[0]

    def extract_pieces(self, texts: Sequence[str], *, sources: Sequence[str | None] | None = None,
                       types: str | Iterable[str] | None = None, ref_date: date | str | None = None) -> list[list[Fact]]:
        """``extract_piece`` for several pieces or documents at once, scanned together in batches of about
        SCAN_BATCH_CHARS characters."""
        scanned = _scanned(self._wanted(types))
        sources = sources if sources is not None else [None] * len(texts)
        ref = reference_date(ref_date) or self.ref_date
        context = {"ref_date": ref} if ref else None
        facts: list[list[Fact]] = []
        for low, high in batch_ranges(texts):
            with collector_paused():  # 5-8% of the time went to collections that found nothing to free
                facts += self._batch(texts[low:high], sources[low:high], scanned, context)
        return facts

    def _batch(self, texts: Sequence[str], sources: Sequence[str | None], scanned: frozenset[str],
               context: dict[str, Any] | None) -> list[list[Fact]]:
        """The facts of one batch of texts, scanned together. Its candidates are freed on return, while the
        collector is still paused: alive when it resumes, they made its first collection 3 ms a batch."""
        views = [TextView(text) for text in texts]
        scans = scan_many([view.view for view in views], self.ruleset, self.timeout, wanted=scanned, context=context)
        return [_facts(text, view, candidates, scanned, source)
                for text, view, candidates, source in zip(texts, views, scans, sources, strict=True)]

    def complete(self, text: str, facts: list[Fact], *, source: str | None = None,
                 types: str | Iterable[str] | None = None) -> list[Fact]:
        """A whole document's facts from those of its pieces (``extract_piece``, in document offsets): the short
        names organisations are given in the text (normalize/org_aliases.py), people in lists of people
        (normalize/person_lists.py) and people named again (normalize/person_propagate.py) are found, then only
        the types asked for are kept. The lists are read again when people named again were
        added: they may be what makes a list one of people (…为岑宇钿、何章鸿、赖斌和谭卫, whose last three are
        found by cues further up)."""
        wanted = self._wanted(types)
        if "org" in _scanned(wanted):
            facts = org_aliases(text, facts, self.ruleset, source)
        if _spreads(wanted):
            listed = people_in_lists(text, facts, self.ruleset, source)
            facts = propagate(text, listed, self.ruleset, source)
            if facts is not listed:
                facts = people_in_lists(text, facts, self.ruleset, source)
        return facts if _scanned(wanted) == wanted else [fact for fact in facts if fact.type in wanted]

    def _wanted(self, types: str | Iterable[str] | None) -> frozenset[str]:
        asked = parse_types(types)
        if not asked:
            return self.types or DEFAULT_TYPES
        if asked not in self._checked:  # the default types never raise: a user's rule set may lack some
            check_types(asked, self.ruleset)
            self._checked.add(asked)
        return asked


SCAN_BATCH_CHARS = 100_000
"""Texts are scanned together in batches of about this many characters (``scan_many``): 13-18% less CPU than
one at a time over news articles, and the candidates of one batch at most are held at once."""


def batch_ranges(texts: Sequence[str]) -> Iterator[tuple[int, int]]:
    """``(low, high)`` index ranges of ``texts`` holding about SCAN_BATCH_CHARS characters each."""
    low = size = 0
    for high, text in enumerate(texts, 1):
        size += len(text)
        if size >= SCAN_BATCH_CHARS:
            yield low, high
            low, size = high, 0
    if low < len(texts):
        yield low, len(texts)


def _facts(text: str, view: TextView, candidates: list[Candidate], scanned: frozenset[str], source: str | None
           ) -> list[Fact]:
    """The winning candidates of the types scanned for, as facts in the text's own offsets."""
    joined = len(view.view) != len(text)  # else the view is the text: its offsets are the text's
    facts = []
    for cand in resolve(candidates):
        rule = cand.rule
        if rule.type not in scanned:
            continue
        start, end = view.span(cand.start, cand.end) if joined else (cand.start, cand.end)
        f = cand.fields
        # Positional: keyword arguments cost more than half again (0.8 → 1.2 µs a fact).
        facts.append(
            Fact(rule.type, text[start:end], start, end, rule.id,
                 f.value, f.unit, f.qualifier, f.low, f.high, source, f.role, f.relative)
        )
    return facts


def _spreads(wanted: frozenset[str]) -> bool:
    """Whether people named again are looked for (normalize/person_propagate.py): for people, and for bare
    numbers, which give way to them."""
    return "person" in wanted or "number" in wanted


def _scanned(wanted: frozenset[str]) -> frozenset[str]:
    """The types a request must scan for: whether a person named again is free depends on the facts of every
    type, and whether a place stays on its own on the organisations (a short name defined in the text holds it:
    normalize/org_aliases.py)."""
    if _spreads(wanted):
        return wanted | DEFAULT_TYPES
    return wanted | {"org"} if "location" in wanted else wanted


def extract(text: str, types: str | Iterable[str] | None = None) -> list[Fact]:
    """Extract facts with the shipped rules (and ``FACTX_RULES``), compiled once per process."""
    return _default_extractor().extract(text, types=types)


_DEFAULT: list[Extractor] = []


def _default_extractor() -> Extractor:
    if not _DEFAULT:
        _DEFAULT.append(Extractor())
    return _DEFAULT[0]
