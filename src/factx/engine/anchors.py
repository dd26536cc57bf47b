"""Where the words of big lexicons start in a text: one Aho-Corasick pass for every anchored rule.

A trie regex tries every branch of its first level at every position of the text, so a lexicon of thousands
of words (the gazetteer) scanned with ``finditer`` is slow. A rule with ``anchor = "LEXICON"`` is instead
tried with ``pattern.match`` only where a word of that lexicon starts; those positions come from one pass of
an Aho-Corasick automaton over the text (``ahocorasick_rs``), shared by all anchored rules.
Without ``ahocorasick_rs`` a pure-Python scan over first-two-character prefixes gives the same positions,
more slowly.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import compress, count, islice
from operator import add
from typing import Any

try:
    import ahocorasick_rs
except ImportError:  # pragma: no cover - exercised only where the optional speed-up is missing
    ahocorasick_rs = None


class AnchorIndex:
    """Start offsets of the words of some lexicons, found in one pass; picklable (rebuilt lazily)."""

    def __init__(self, lexicons: Mapping[str, Iterable[str]]) -> None:
        self.names = tuple(lexicons)
        masks: dict[str, int] = {}
        for bit, name in enumerate(self.names):
            for word in lexicons[name]:
                if word:
                    masks[word] = masks.get(word, 0) | (1 << bit)
        # A word whose prefix is a word of the same lexicons starts only where that prefix does: it adds no
        # position (平湖市 after 平湖), so the automaton leaves it out.
        self.masks = {
            word: mask
            for word, mask in masks.items()
            if not any(masks.get(word[:n], 0) & mask == mask for n in range(1, len(word)))
        }
        self._automaton: Any = None
        self._fallback: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {"names": self.names, "masks": self.masks}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.names = state["names"]
        self.masks = state["masks"]
        self._automaton = None
        self._fallback = None

    def starts(self, text: str) -> dict[str, list[int]]:
        """For each lexicon, the sorted offsets in ``text`` where one of its words starts."""
        found = self._scan_automaton(text) if ahocorasick_rs is not None else self._scan_python(text)
        return {name: sorted(set(positions)) for name, positions in zip(self.names, found, strict=True)}

    def _scan_automaton(self, text: str) -> list[list[int]]:
        if self._automaton is None:
            words = list(self.masks)
            by_mask: dict[int, tuple[int, ...]] = {}
            for mask in set(self.masks.values()):
                by_mask[mask] = tuple(b for b in range(len(self.names)) if mask >> b & 1)
            bits = [by_mask[self.masks[w]] for w in words]
            automaton = ahocorasick_rs.AhoCorasick(words)  # a contiguous NFA: builds in 0.1 s, a DFA in 0.3 s
            self._automaton = (automaton, bits)
        automaton, bits = self._automaton
        found: list[list[int]] = [[] for _ in self.names]
        if len(self.names) == 1:
            found[0] = [start for _, start, _ in automaton.find_matches_as_indexes(text, overlapping=True)]
            return found
        appenders = [positions.append for positions in found]
        for index, start, _ in automaton.find_matches_as_indexes(text, overlapping=True):
            for bit in bits[index]:
                appenders[bit](start)
        return found

    def _scan_python(self, text: str) -> list[list[int]]:
        if self._fallback is None:
            prefixes = {word[:2] for word in self.masks if len(word) > 1}
            singles = {word for word in self.masks if len(word) == 1}
            lengths = sorted({len(word) for word in self.masks}, reverse=True)
            self._fallback = (prefixes, singles, lengths)
        prefixes, singles, lengths = self._fallback
        masks = self.masks
        positions = set(compress(count(), map(prefixes.__contains__, map(add, text, islice(text, 1, None)))))
        if singles:
            positions.update(compress(count(), map(singles.__contains__, text)))
        found: list[list[int]] = [[] for _ in self.names]
        for i in positions:
            mask = 0
            for length in lengths:
                mask |= masks.get(text[i : i + length], 0)
            for bit in range(len(self.names)):
                if mask >> bit & 1:
                    found[bit].append(i)
        return found
