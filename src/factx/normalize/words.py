"""Word lists grouped by one character, so a prefix or suffix test tries only the words that can match.

``text.startswith(words, i)`` with a tuple of hundreds of words tries every one of them; grouped by their
first (or last) character, a test costs a dictionary look-up and a handful of comparisons. The groups are
plain dictionaries of tuples, so a normaliser's index holding them is saved with the rule set's cache.
"""

from __future__ import annotations

from collections.abc import Iterable

Grouped = dict[str, tuple[str, ...]]


def by_char(words: Iterable[str], position: int) -> Grouped:
    """Words grouped by their character at ``position`` (0: the first, -1: the last)."""
    grouped: dict[str, list[str]] = {}
    for word in words:
        if word:  # a user's lexicon may hold an empty word: it starts and ends nothing
            grouped.setdefault(word[position], []).append(word)
    return {char: tuple(group) for char, group in grouped.items()}


def han_at(text: str, position: int) -> bool:
    """A Han character is at ``position`` (False before the start or past the end): what most edge tests ask."""
    return 0 <= position < len(text) and "\u4e00" <= text[position] <= "\u9fff"


def fills_title(text: str, start: int, end: int) -> bool:
    """``[start, end)`` is the whole title of a work between 《》: the work's name (《哈利·波特》, a novel;
    《青藏高原》, a song), not a person or a place. A name inside a longer title (《习近平谈治国理政》) still is."""
    return text[start - 1 : start] == "《" and text[end : end + 1] == "》"


def starts_at(text: str, position: int, grouped: Grouped) -> bool:
    """One of the words (grouped by first character) starts at ``position``."""
    found = grouped.get(text[position : position + 1])
    return found is not None and text.startswith(found, position)


def ends_at(text: str, end: int, grouped: Grouped) -> bool:
    """One of the words (grouped by last character) ends at ``end``."""
    found = grouped.get(text[end - 1 : end]) if end > 0 else None
    return found is not None and text.endswith(found, 0, end)
