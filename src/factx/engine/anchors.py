"""Where the words of big lexicons start in a text: one pass for every anchored rule.

A trie regex tries every branch of its first level at every position of the text, so a lexicon of thousands
of words (the gazetteer) scanned with ``finditer`` is slow. A rule with ``anchor = "LEXICON"`` is instead
tried with ``pattern.match`` only where a word of that lexicon starts; those positions come from one pass
over the text, shared by all anchored rules.

That pass is a pure-Python scan (each word length tried where a word's first character is) until a process
has scanned ``AUTOMATON_AFTER`` characters, then an Aho-Corasick automaton (``ahocorasick_rs``), about 15
times faster per character. The automaton takes some 40 ms to build and cannot be pickled, so every process
would rebuild it: a command that reads one article would spend more time building it than scanning. The
Python scan's table is built with the rule set and comes from the rule-set cache. Both give the same
positions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import compress, count
from typing import Any

try:
    import ahocorasick_rs
except ImportError:  # pragma: no cover - exercised only where the optional speed-up is missing
    ahocorasick_rs = None

AUTOMATON_AFTER = 100_000
"""Characters a process scans in Python before building the automaton: past them the build has paid off."""


class AnchorIndex:
    """Start offsets of the words of some lexicons, found in one pass; picklable (the automaton is rebuilt)."""

    def __init__(self, lexicons: Mapping[str, Iterable[str]]) -> None:
        self.names = tuple(lexicons)
        masks: dict[str, int] = {}
        for bit, name in enumerate(self.names):
            for word in lexicons[name]:
                if word:
                    masks[word] = masks.get(word, 0) | (1 << bit)
        # A word whose prefix is a word of the same lexicons starts only where that prefix does: it adds no
        # position (平湖市 after 平湖), so it is left out.
        self.masks = {
            word: mask
            for word, mask in masks.items()
            if not any(masks.get(word[:n], 0) & mask == mask for n in range(1, len(word)))
        }
        lengths: dict[str, set[int]] = {}
        for word in self.masks:
            lengths.setdefault(word[0], set()).add(len(word))
        # The Python scan's table: a first character -> the lengths of the words it starts.
        self.firsts = {char: tuple(sorted(found)) for char, found in lengths.items()}
        self._scanned = 0
        self._automaton: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {"names": self.names, "masks": self.masks, "firsts": self.firsts}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._scanned = 0
        self._automaton = None

    def starts(self, text: str, windows: list[tuple[int, int]] | None = None) -> dict[str, list[int]]:
        """For each lexicon, the sorted offsets in ``text`` where one of its words starts; only those inside
        ``windows`` (sorted, disjoint ``(low, high)`` ranges) when given."""
        pieces = [(0, len(text))] if windows is None else windows
        self._scanned += sum(high - low for low, high in pieces)
        use_automaton = ahocorasick_rs is not None and self._scanned > AUTOMATON_AFTER
        scan = self._scan_automaton if use_automaton else self._scan_python
        found: list[list[int]] = [[] for _ in self.names]
        scan(text, pieces, found)
        return {
            name: sorted(set(positions)) if len(positions) > 1 else positions
            for name, positions in zip(self.names, found, strict=True)
        }

    def _scan_automaton(self, text: str, pieces: list[tuple[int, int]], found: list[list[int]]) -> None:
        if self._automaton is None:
            words = list(self.masks)
            by_mask: dict[int, tuple[int, ...]] = {}
            for mask in set(self.masks.values()):
                by_mask[mask] = tuple(b for b in range(len(self.names)) if mask >> b & 1)
            bits = [by_mask[self.masks[w]] for w in words]
            automaton = ahocorasick_rs.AhoCorasick(words)  # a contiguous NFA: builds in 0.04 s, a DFA in 0.3 s
            longest = max(map(len, words), default=1)
            self._automaton = (automaton, bits, longest)
        automaton, bits, longest = self._automaton
        appenders = [positions.append for positions in found]
        for low, high in pieces:
            piece = text[low : high + longest - 1]  # a word starting before ``high`` may end after it
            for index, start, _ in automaton.find_matches_as_indexes(piece, overlapping=True):
                if start + low < high:
                    for bit in bits[index]:
                        appenders[bit](start + low)

    def _scan_python(self, text: str, pieces: list[tuple[int, int]], found: list[list[int]]) -> None:
        firsts, get = self.firsts, self.masks.get
        bits = range(len(self.names))
        for low, high in pieces:
            for i in compress(count(low), map(firsts.__contains__, text[low:high])):
                mask = 0
                for length in firsts[text[i]]:
                    mask |= get(text[i : i + length], 0)
                if mask:
                    for bit in bits:
                        if mask >> bit & 1:
                            found[bit].append(i)
