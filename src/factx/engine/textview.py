"""The text rules see: hard line breaks from PDF extraction joined, and the spaces a PDF's text puts between
digits and Chinese characters left out, with a map back to original offsets.

A PDF page's text breaks lines mid-sentence ("入选首\\n\\n批省级"). A break is joined when the line before it is
long (a wrapped paragraph line, not a headline) and does not end a sentence; facts found in the joined view are
mapped back, so ``text == document[start:end]`` still holds (the fact's text then contains the break).

Only in a document that looks wrapped: one where at least ``MIN_PROSE_WRAPS`` such lines hold clause punctuation
(，。；), prose cut mid-sentence. A web article's unterminated lines are its headlines and subheads (伊朗称上月与
国际原子能机构协议失效 followed by its first paragraph): over the news corpus 7,462 breaks were joined, nearly all
of them a headline onto its story, which made facts across them (美国公民入境\\n俄罗斯外交部, an org); the
sample newspaper page has 11 such lines, a web article seldom more than one.

Text taken from PDF pages, and some web writers, put a space between an Arabic numeral and the Chinese words
around it: 2024 年 12 月 5 日, 250 余家, 收报 3，462.08 点, 3.5 个百分点. Such a space is left out of the view in
every document (the rules then read 2024年12月5日); a fact over them keeps them in its text, as
the annotation conventions ask (1.44 亿元).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

import regex

MIN_WRAPPED_LINE = 16
MIN_PROSE_WRAPS = 3
_CLAUSE_PUNCTUATION = frozenset("，,。；;")
# A break is a run of line ends and the spaces around them. Found from its first line end, then widened over
# the spaces before it: a pattern that starts with optional spaces is tried at every character (2.5x slower).
_BREAK = regex.compile(r"(?:\r?\n[ \t\u3000]*)+")
_SPACES = " \t\u3000"
_SENTENCE_END = set("。！？!?；;：:…”’」』）)】》>")
# One space (a PDF's word gap) between an Arabic numeral (or a percent sign) and a Chinese character, either way
# round, or between a numeral and its percent sign; not after a heading's number at a line's start (4.1 人工智能),
# and not a typesetter's ideographic space or a wider gap, which separate (美元\u3000\u30001)美元指数).
_SPACED_NUMBER = regex.compile(  # the space first: the engine skips to the next space at once
    r"""[ \u00a0] (?: (?<=[0-9０-９%％].) (?<!(?:^|[\n\r])[ \t\u3000]*[0-9０-９.．]+.) (?=[\p{Han}%％])
                   | (?<=\p{Han}.) (?=[0-9０-９]) )""",
    regex.VERBOSE,
)


class TextView:
    """``view`` is what rules scan; ``span(start, end)`` maps a view span back to the original text."""

    __slots__ = ("_shifts", "_starts", "view")

    def __init__(self, text: str) -> None:
        self._starts: list[int] = []  # view offsets where a removal happened
        self._shifts: list[int] = []  # characters removed up to and including that removal
        cuts = [match.span() for match in _SPACED_NUMBER.finditer(text)] if " " in text or "\u00a0" in text else []
        if "\n" in text:
            joins = _wraps(text)
            if sum(1 for line, _, _ in joins if not _CLAUSE_PUNCTUATION.isdisjoint(line)) >= MIN_PROSE_WRAPS:
                cuts = sorted(cuts + [(start, end) for _, start, end in joins])  # disjoint: no break is in a cut
        if not cuts:
            self.view = text
            return
        pieces: list[str] = []
        last = 0
        removed = 0
        for start, end in cuts:
            pieces.append(text[last:start])
            removed += end - start
            last = end
            self._starts.append(start - (removed - (end - start)))
            self._shifts.append(removed)
        pieces.append(text[last:])
        self.view = "".join(pieces)

    def original(self, offset: int) -> int:
        """The original offset of the character at view ``offset``."""
        index = bisect_right(self._starts, offset) - 1
        return offset if index < 0 else offset + self._shifts[index]

    def span(self, start: int, end: int) -> tuple[int, int]:
        if not self._starts or start == end:
            return self.original(start), self.original(start) + (end - start)
        return self.original(start), self.original(end - 1) + 1


def _wraps(text: str) -> list[tuple[str, int, int]]:
    """The breaks that may be wraps, with the line before each: a long line that does not end a sentence, not at
    the text's start or end."""
    found = []
    line_start = 0
    for start, end in breaks(text):
        line = text[line_start:start]
        line_start = end
        if len(line) >= MIN_WRAPPED_LINE and line[-1] not in _SENTENCE_END and start > 0 and end < len(text):
            found.append((line, start, end))
    return found


def breaks(text: str) -> Iterator[tuple[int, int]]:
    r"""The spans of the runs of line ends and the spaces around them, as ``[ \t\u3000]*(?:\r?\n[ \t\u3000]*)+``
    would find them."""
    last = 0
    for match in _BREAK.finditer(text):
        start, end = match.span()
        while start > last and text[start - 1] in _SPACES:
            start -= 1
        yield start, end
        last = end
