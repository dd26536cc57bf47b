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
        self._automata: dict[int, Any] = {}  # by the bit mask of the lexicons they hold
        self._subsets: dict[frozenset[str] | None, tuple[int, tuple[tuple[int, str], ...]]] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"names": self.names, "masks": self.masks, "firsts": self.firsts}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._scanned = 0
        self._automata = {}
        self._subsets = {}

    def starts(
        self, text: str, windows: list[tuple[int, int]] | None = None, names: frozenset[str] | None = None
    ) -> dict[str, list[int]]:
        """For each lexicon (of ``names``, when given) with a word in ``text``, the sorted offsets where one of
        its words starts; only those inside ``windows`` (sorted, disjoint ``(low, high)`` ranges) when given.

        Asking for some lexicons only scans for their words alone: with ``--types date`` the date words are
        looked for in every text, the 59,000 place names only near the dates.
        """
        subset, members = self._subset(names)
        pieces = [(0, len(text))] if windows is None else windows
        self._scanned += sum(high - low for low, high in pieces)
        found: list[list[int]] = [[] for _ in self.names]
        if ahocorasick_rs is not None and self._scanned > AUTOMATON_AFTER:
            self._scan_automaton(text, pieces, found, subset)
        else:
            self._scan_python(text, pieces, found, subset)
        return {name: sorted(set(found[bit])) if len(found[bit]) > 1 else found[bit] for bit, name in members
                if found[bit]}

    def _subset(self, names: frozenset[str] | None) -> tuple[int, tuple[tuple[int, str], ...]]:
        """The bit mask of the lexicons ``names`` (all when None) and their bits and names, worked out once for
        each set asked for: a pass over a few short windows is often cheaper than working them out again."""
        found = self._subsets.get(names)
        if found is None:
            members = tuple((bit, name) for bit, name in enumerate(self.names) if names is None or name in names)
            found = self._subsets[names] = (sum(1 << bit for bit, _ in members), members)
        return found

    def _automaton_for(self, subset: int) -> tuple[Any, list[tuple[int, ...]], int, frozenset[str]]:
        """The automaton of the words of some lexicons, built on first use (0.04 s for all of them), with the
        length of the longest word and the characters the words hold after their first."""
        found = self._automata.get(subset)
        if found is None:
            words = [word for word, mask in self.masks.items() if mask & subset]
            by_mask: dict[int, tuple[int, ...]] = {}
            for mask in {self.masks[w] & subset for w in words}:
                by_mask[mask] = tuple(b for b in range(len(self.names)) if mask >> b & 1)
            bits = [by_mask[self.masks[w] & subset] for w in words]
            automaton = ahocorasick_rs.AhoCorasick(words)  # a contiguous NFA: builds in 0.04 s, a DFA in 0.3 s
            inner = frozenset(char for word in words for char in word[1:])
            found = self._automata[subset] = (automaton, bits, max(map(len, words), default=1), inner)
        return found

    def _scan_automaton(self, text: str, pieces: list[tuple[int, int]], found: list[list[int]], subset: int) -> None:
        automaton, bits, longest, inner = self._automaton_for(subset)
        appenders = [positions.append for positions in found]
        for low, high in pieces:
            # A word starting before ``high`` may end after it, but then holds the character at ``high``: most
            # windows end at a clause break, which no word holds, and are scanned without the overhang.
            piece = text[low : high + longest - 1 if text[high : high + 1] in inner else high]
            for index, start, _ in automaton.find_matches_as_indexes(piece, overlapping=True):
                if start + low < high:
                    for bit in bits[index]:
                        appenders[bit](start + low)

    def _scan_python(self, text: str, pieces: list[tuple[int, int]], found: list[list[int]], subset: int) -> None:
        firsts, get = self.firsts, self.masks.get
        bits = [bit for bit in range(len(self.names)) if subset >> bit & 1]
        for low, high in pieces:
            for i in compress(count(low), map(firsts.__contains__, text[low:high])):
                mask = 0
                for length in firsts[text[i]]:
                    mask |= get(text[i : i + length], 0)
                if mask & subset:
                    for bit in bits:
                        if mask >> bit & 1:
                            found[bit].append(i)
