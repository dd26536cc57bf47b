"""People in a list of people: where two items of a list written with 、 are people already found (马兴瑞、王毅、
尹力、刘国中), the other items that read as Chinese names are people too (尹力 and 刘国中 need no cue then); where one
is, they are when every other item reads as a name (委员刘振立、苗华、张升民等). A name is Chinese, or two to six
characters of transliterated names (德莱尼、威姆斯、赵睿等人). Where none is, the items are people when every one of
them reads as a Chinese name and those between two 、 are three characters with a surname that seldom opens a
word (对宁连珠、朱小卫、阎建明给予警告), unless they all end alike: a list of things (阴道炎、宫颈炎、盆腔炎;
维护好、巩固好、发展好).

News lists officials, speakers and players that way, and only some of them carry a cue or are well known. An
item counts when it is a whole item (the first one ends at the first 、, the last one starts after the last),
reads as a Chinese name (``person.reads_as_chinese_name``: a known surname, a short given name, no character that
ends names), stands as a name of its own (``person.bare_mention``) and overlaps no other fact. Runs after the
facts of every type are resolved, like the search for people named again (normalize/person_propagate.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import regex

from factx.engine.compiler import RuleSet
from factx.model import Fact
from factx.normalize.person import (
    DOTS,
    PersonIndex,
    bare_mention,
    person_index,
    reads_as_chinese_name,
    transliteration_end,
    transliteration_start,
    vague_surname,
)
from factx.normalize.person_propagate import Spans, with_people

RULE_ID = "person.list"
PEOPLE_NEEDED = 2  # items of a list that are people already: with one, every other item must read as a name
# Three items or more. A run starts where a Han run does, and no run is given back: one pass over the text (a
# pattern free to start anywhere re-read every run from each of its characters: 0.4 s over the news corpus).
# Compiled with regex, not re: 0.5 ms at import instead of 3 ms, a start-up cost every command pays.
_LIST = regex.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]++(?:、[\u4e00-\u9fff]++){2,}")
# An item of three characters between two 、: the lists of people none of whom is found are looked for from them
# (a 0.005 s search with re over the news corpus; scanning every list of every text with a 、 took 0.29 s).
_NAME_ITEM = re.compile(r"、[\u4e00-\u9fff]{3}、")
_EDGE_LENGTHS = (3, 2, 4)  # of a name read at the open end of a first or last item: the usual length first


def people_in_lists(text: str, facts: list[Fact], ruleset: RuleSet, source: str | None = None) -> list[Fact]:
    """``facts`` (resolved, in document order) with the people of the lists of people added, in document order.
    Bare numbers neither stop a name nor stay where one is added, as in person_propagate.py."""
    if "、" not in text:
        return facts
    people = [(f.start, f.end) for f in facts if f.type == "person"]
    listed = any(text[end : end + 1] == "、" or text[start - 1 : start] == "、" for start, end in people)
    # Most documents have no list beside a person found: only the lists with a name-like item can be of people.
    lists = _LIST.finditer(text) if listed else _lists_around_name_items(text)
    index = person_index(ruleset)
    starts, ends = {start for start, _ in people}, {end for _, end in people}
    taken = Spans.of([f for f in facts if f.type != "number"])
    added: list[Fact] = []
    spans = Spans()
    for found in lists:
        items = _items(found.start(), found.group())
        known = [_is_person(item, position, len(items), starts, ends) for position, item in enumerate(items)]
        someone = any(known)
        if not someone and not _inner_items_read_as_names(text, items, index):
            continue  # the cheap test first: most lists are of things
        # with no person found, a transliterated name is too like a word: only Chinese ones are read then
        names = [None if known[position] else _name_in(text, item, position, len(items), index, someone)
                 for position, item in enumerate(items)]
        unread = any(name is None and not person for name, person in zip(names, known, strict=True))
        if unread and sum(known) < PEOPLE_NEEDED:
            continue  # none or one person: every other item must read as a name (王小明、李大伟、赵建国)
        for start, end in filter(None, names):
            if not taken.overlaps(start, end) and not spans.overlaps(start, end):
                added.append(Fact("person", text[start:end], start, end, RULE_ID, source=source))
                spans.add(start, end)
    return with_people(facts, added)


def _lists_around_name_items(text: str) -> Iterator[regex.Match[str]]:
    """The lists that hold an item of three characters between two 、, each found from such an item."""
    end = 0
    for item in _NAME_ITEM.finditer(text):
        start = item.start()
        if start < end:
            continue  # in the list found last
        while start and (text[start - 1] == "、" or "\u4e00" <= text[start - 1] <= "\u9fff"):
            start -= 1
        found = _LIST.match(text, start)
        if found is not None:
            end = found.end()
            yield found


def _inner_items_read_as_names(text: str, items: list[tuple[int, int]], index: PersonIndex) -> bool:
    """What a list none of whose items is a person found needs to be one of people: the items between two 、 are
    Chinese names of three characters with a surname that seldom opens a word, and the items do not all end
    alike (阴道炎、宫颈炎、盆腔炎: a list of things)."""
    if len({text[end - 1] for _, end in items}) == 1:
        return False
    return all(
        end - start == 3 and reads_as_chinese_name(text[start:end], index) and not vague_surname(text[start:end], index)
        for start, end in items[1:-1]
    )


def _name_in(
    text: str, item: tuple[int, int], position: int, count: int, index: PersonIndex, translit: bool
) -> tuple[int, int] | None:
    """Where the item reads as a name standing on its own, if it does: a Chinese one (``_spans``: the usual length
    first), else, with ``translit``, a transliterated one up to the item's open edge. An item beside a middle dot is
    a piece of a longer transliterated name (祖力亚提·司马义)."""
    if text[item[1] : item[1] + 1] in DOTS or text[item[0] - 1 : item[0]] in DOTS:
        return None
    for start, end in _spans(item, position, count):
        if reads_as_chinese_name(text[start:end], index) and bare_mention(text, start, end, index):
            return start, end
    if not translit:
        return None
    start, end = item
    if position == 0:
        start = transliteration_start(text, end, start, index)
    elif position == count - 1:
        end = transliteration_end(text, start, end, index)
    if 2 <= end - start <= 6 and index.translit.issuperset(text[start:end]) and bare_mention(text, start, end, index):
        return start, end  # a transliterated name: 兰帕德、特里
    return None


def _items(start: int, run: str) -> list[tuple[int, int]]:
    """The (start, end) of each item of a list run starting at ``start``."""
    items = []
    for item in run.split("、"):
        items.append((start, start + len(item)))
        start += len(item) + 1
    return items


def _is_person(item: tuple[int, int], position: int, count: int, starts: set[int], ends: set[int]) -> bool:
    """A person found already fills the item up to its separators (the first item's start and the last one's end
    are open: 委员杨洁篪、…, …、王勇出席)."""
    start, end = item
    first, last = position == 0, position == count - 1
    return (first or start in starts) and (last or end in ends) and (start in starts or end in ends)


def _spans(item: tuple[int, int], position: int, count: int) -> list[tuple[int, int]]:
    """Where a name may lie in an item: the whole item, or, at an open end, its last or first few characters."""
    start, end = item
    if 0 < position < count - 1:
        return [item]
    if position == 0:
        return [(end - n, end) for n in _EDGE_LENGTHS if end - n >= start]
    return [(start, start + n) for n in _EDGE_LENGTHS if start + n <= end]
