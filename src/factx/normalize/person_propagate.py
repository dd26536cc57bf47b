"""People named again: a name found once with a cue is a person at its other occurrences in the same document.

News introduces a person once with a title or a verb of saying (市长王学斌说) and then writes the bare name
(王学斌认为……, 与王学斌一起): the rules, which need a cue, miss those. After the facts of every type are
resolved, each name found with a cue is looked up again in the text; an occurrence counts when it overlaps no
other fact (an organisation named after a person keeps its span) and reads as a mention, as a name from the
lexicon of people does (``person.reads_as_mention``): a name of three characters or more anywhere but inside a
longer foreign name (选举阮生雄为, 认为萨科齐有着); a two-character one only with clean edges: before it no Han
character, or a character or word that ends what precedes a name (的, 和, 是, a title); after it no Han
character, or a character, cue or word that follows names (说, 的, 表示, 发自). A two-character name found with a
cue ``ATTESTED`` times needs one clean edge only (，邓晖虽辞去; 2008年，邓晖进入): news that names a person twice
with a cue is about that person; one with a very common surname character (马云, 余凯) is spread, with clean edges, once
found with a cue ``WELL_ATTESTED`` times.

A foreign name written whole once (凯文-杜兰特, 马丁·舍夫特, Paul Nolte) is then written by its last part (杜兰特, 舍夫特,
Nolte): that part is spread too (a Latin one not inside a longer Latin word or name: Noltes, Anna Nolte). Where a name
spread so covers people found as pieces of it (，考辛斯表示 read backwards from 表示 as 辛斯), the whole name replaces them. Only names that stand on their own are spread: two characters or more, not a word that
looks like a name, and a two-character Chinese name only when its surname is not a very common character (高新, 文化
read once by mistake must not multiply).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

from factx.engine.compiler import RuleSet
from factx.model import Fact
from factx.normalize.person import NAME_JOINERS, PersonIndex, bare_mention, person_index, reads_as_mention

RULE_ID = "person.propagate"
ATTESTED = 2  # a two-character name found this often with a cue needs one clean edge at its other occurrences
WELL_ATTESTED = 4  # … and one with a very common surname character is spread at all


def propagate(text: str, facts: list[Fact], ruleset: RuleSet, source: str | None = None) -> list[Fact]:
    """``facts`` (resolved, of every type the document was scanned for, in document order) with the other
    occurrences of their people added, in document order.

    Bare numbers fill the gaps the other types leave (engine/scanner.py): they neither stop a name, nor stay
    where one is added (王一 named again), so the result is the same whether numbers were asked for or not."""
    index = person_index(ruleset)
    counts = Counter(f.text for f in facts if f.type == "person")
    found = set(counts)
    names = {name for name in found | {_last_part(name) for name in found} if _spreads(name, index)}
    # a very common surname character and one more (马云, 余凯) spreads too once found with a cue this often, with clean edges
    common = {name for name in found - names if counts[name] >= WELL_ATTESTED and _spreads(name, index, common=True)}
    names |= common
    if not names:
        return facts
    taken = [f for f in facts if f.type != "number"]
    taken_spans = Spans.of(taken)
    added: list[Fact] = []
    spans = Spans()  # the added people's spans, for overlap tests in O(log n): a text may repeat a name thousands of times
    cut_short: list[Fact] = []  # people found as a piece of a name found whole elsewhere (辛斯 of 考辛斯)
    for name in sorted(names, key=len, reverse=True):  # a longer name first: 欧阳明高 before 明高
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            latin_piece = _latin_letter(name[0]) and _inside_latin_word(text, start, end)  # Nolte in Noltes
            if not latin_piece and (
                reads_as_mention(text, start, end, index)
                or (
                    counts[name] >= ATTESTED
                    and end - start == 2
                    and name not in common
                    and bare_mention(text, start, end, index, one_edge=True)
                )
            ):
                if not taken_spans.overlaps(start, end) and not spans.overlaps(start, end):
                    added.append(Fact("person", name, start, end, RULE_ID, source=source))
                    spans.add(start, end)
                elif not spans.overlaps(start, end) and (pieces := _pieces_of(taken, start, end)) is not None:
                    cut_short.extend(pieces)
                    added.append(Fact("person", name, start, end, RULE_ID, source=source))
                    spans.add(start, end)
            start = text.find(name, end)
    if cut_short:
        replaced = {id(piece) for piece in cut_short}
        facts = [f for f in facts if id(f) not in replaced]
    return with_people(facts, added)


def _pieces_of(facts: list[Fact], start: int, end: int) -> list[Fact] | None:
    """The shorter people inside [start, end), when they are all it overlaps: pieces of the name written there
    (，考辛斯表示 read backwards from 表示 as 辛斯, where 考辛斯 is found whole elsewhere); None when it overlaps
    anything else."""
    at = bisect_right(facts, start, key=_start)
    at = at - 1 if at and facts[at - 1].end > start else at
    pieces = []
    while at < len(facts) and facts[at].start < end:
        fact = facts[at]
        if fact.type != "person" or fact.start < start or fact.end > end or fact.end - fact.start == end - start:
            return None  # not a person, not inside, or the name itself (found there with its cue)
        pieces.append(fact)
        at += 1
    return pieces


def with_people(facts: list[Fact], added: list[Fact]) -> list[Fact]:
    """``facts`` with the people ``added`` (overlapping none of them but bare numbers), in document order: a bare
    number where a person is added does not stay (it fills a gap the other types left)."""
    if not added:
        return facts
    people = Spans.of(sorted(added, key=_start))
    kept = [f for f in facts if f.type != "number" or not people.overlaps(f.start, f.end)]
    return sorted(kept + added, key=lambda f: (f.start, f.end))


def _last_part(name: str) -> str:
    """The part after a foreign name's last joiner (杜兰特 of 凯文-杜兰特), or a Latin name's last word (Nolte of Paul
    Nolte), or the whole name when it has neither."""
    if _LATIN_SPACED.fullmatch(name):
        return name.split()[-1]
    return name[max(map(name.rfind, NAME_JOINERS)) + 1 :]


_LATIN_SPACED = re.compile(r"[A-Za-z]+(?:\s[A-Za-z]+)+")  # a Latin name of words (Paul Nolte; a no-break space too)


def _inside_latin_word(text: str, start: int, end: int) -> bool:
    """A Latin name with a Latin letter right before or after it, or one space away: a piece of a longer word or name
    (Nolte in Noltes, Arnault in Antoine Arnault)."""
    before, after = text[max(0, start - 2) : start], text[end : end + 2]
    glued = _latin_letter(before[-1:]) or _latin_letter(after[:1])
    spaced = (before[-1:].isspace() and _latin_letter(before[:1])) or (after[:1].isspace() and _latin_letter(after[1:]))
    return glued or spaced


def _latin_letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _spreads(name: str, index: PersonIndex, common: bool = False) -> bool:
    """A name safe to look up again: not a word that looks like one, nor a known place or organisation, nor
    ending like one, and not a common surname character plus one (unless ``common``: found often enough)."""
    if len(name) < 2 or name in index.stop or name[:2] in index.stop or name in index.known:
        return False
    if name[-1] in index.org_ends:
        return False  # 乐视网: an organisation read as a name once
    return common or not (len(name) == 2 and index.ambiguity.get(name[0]) == "high")


class Spans:
    """Spans that overlap no other, kept in start order, for overlap tests by binary search: only the two spans
    around a start can overlap what begins there (a document holds hundreds of facts, a list thousands of names)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    @classmethod
    def of(cls, facts: list[Fact]) -> Spans:
        """The spans of ``facts``, resolved facts in document order (they overlap no other)."""
        spans = cls()
        spans.starts = [f.start for f in facts]
        spans.ends = [f.end for f in facts]
        return spans

    def add(self, start: int, end: int) -> None:
        at = bisect_right(self.starts, start)
        self.starts.insert(at, start)
        self.ends.insert(at, end)

    def overlaps(self, start: int, end: int) -> bool:
        at = bisect_right(self.starts, start)
        return bool(at and self.ends[at - 1] > start) or (at < len(self.starts) and self.starts[at] < end)


def _start(fact: Fact) -> int:
    return fact.start
