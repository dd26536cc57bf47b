"""People: check a name found next to a cue, and give its role (rules/person.toml).

The rule's groups are the contract: ``fact`` (the name), ``role`` (a title before it), ``after`` (the cue
word after it), ``head``/``tail`` (the halves of a dotted name matched from its dot; the span is moved to
cover both). A name is dropped when it is a word that only looks like a name (``person_stop``), or when its
surname is a very common character (``high`` in surnames.tsv) and nothing but a verb vouches for it while the
character before it could be part of a word (工商银行表示, 高质量说).

The role is the title before the name; failing that, an honorific written after it (博士, 教授, 先生 ...: the
"honorific" rows of person_titles.tsv).
"""

from __future__ import annotations

from typing import Any

import regex

from factx.engine.compiler import CompiledRule, RuleSet
from factx.normalize.fields import Context, Fields

_DOTS = "·•・‧"
# What may stand right before a name that only a verb vouches for: punctuation, space, or a function word.
_LEFT_WORDS = ("的", "和", "与", "及", "是", "在", "对", "向", "让", "给", "由", "据", "被", "把", "请", "问", "为",
               "说", "称", "同", "跟", "经", "从", "叫", "令", "使", "等", "而", "但", "并", "即", "则")


class PersonIndex:
    def __init__(self, ruleset: RuleSet) -> None:
        surnames = ruleset.lexicons["surname"].rows if "surname" in ruleset.lexicons else {}
        self.ambiguity = {word: rows[0][2] if len(rows[0]) > 2 else "low" for word, rows in surnames.items()}
        self.stop = set(ruleset.lexicon("person_stop"))
        titles = ruleset.lexicons["person_after"].rows if "person_after" in ruleset.lexicons else {}
        self.honorific = {
            word for word, rows in titles.items() if any(r[1:3] == ["after", "honorific"] for r in rows if len(r) > 2)
        }
        cues = set(ruleset.lexicon("person_title_before")) | set(titles)
        self.cues = tuple(sorted((c for c in cues if len(c) > 1), key=len, reverse=True))


_INDEXES: dict[int, tuple[Any, PersonIndex]] = {}


def person_index(ruleset: RuleSet) -> PersonIndex:
    cached = _INDEXES.get(id(ruleset))
    if cached is None or cached[0] is not ruleset:
        cached = (ruleset, PersonIndex(ruleset))
        _INDEXES[id(ruleset)] = cached
    return cached[1]


def normalize(
    match: regex.Match[str], rule: CompiledRule, ruleset: RuleSet, context: Context | None = None
) -> Fields | None:
    index = person_index(ruleset)
    groups = match.groupdict()
    text = match.string
    span = None
    if groups.get("head") and groups.get("tail"):
        start, end = match.start("head"), match.end("tail")
        if not _ends_cleanly(text, end):
            return None
        span = (start, end)
    else:
        start, end = match.span("fact")
    name = text[start:end]
    if _looks_like_a_word(name, index):
        return None
    role = groups.get("role")
    after = groups.get("after")
    vague = _vague_surname(name, index)
    if role:
        if vague and _surname_of(name, index) and not _clean_end(text, end, index):
            return None  # 分析师向记者指出, 专家和学者: a preposition, not a surname
        if len(name) == 3 and _surname_of(name, index) == 1 and text.startswith(index.cues, start + 2):
            span = (start, start + 2)  # 记者李强实习生费永璐: 李强, then another title
    else:
        if vague and not _clean_left(text, start):
            return None
        if len(name) == 2 and index.ambiguity.get(name[0]) == "high" and index.ambiguity.get(name[1], "high") != "high":
            return None  # 但李先生, 和王总: a word, then a surname alone
        if after in index.honorific:
            role = after
    return Fields(role=role, span=span)


def _surname_of(name: str, index: PersonIndex) -> int:
    """How many characters of the name are its surname (0 when none is known)."""
    for length in (2, 1):
        if name[:length] in index.ambiguity:
            return length
    return 0


_END_CHARS = frozenset("的在是和与也就将曾已对向等说表称认指介告透坦预正一今昨近日于则还又都被把从让给同跟")


def _clean_end(text: str, end: int, index: PersonIndex) -> bool:
    """The name visibly ends here: no Han character next, a cue word, or a word that follows names."""
    if end >= len(text) or not ("\u4e00" <= text[end] <= "\u9fff"):
        return True
    return text[end] in _END_CHARS or text.startswith(index.cues, end)


def _looks_like_a_word(name: str, index: PersonIndex) -> bool:
    if name in index.stop or name[:2] in index.stop:
        return True
    return any(dot in name for dot in _DOTS) and (name[0] in _DOTS or name[-1] in _DOTS)


def _vague_surname(name: str, index: PersonIndex) -> bool:
    if any(dot in name for dot in _DOTS):
        return False
    for length in (2, 1):
        ambiguity = index.ambiguity.get(name[:length])
        if ambiguity is not None:
            return ambiguity == "high"
    return True  # a transliterated name without a dot (马努钦 passes as 马 + 努钦): needs a clean edge too


def _clean_left(text: str, start: int) -> bool:
    if start == 0:
        return True
    before = text[start - 1]
    if not ("\u4e00" <= before <= "\u9fff"):
        return True
    return text.endswith(_LEFT_WORDS, 0, start)


def _ends_cleanly(text: str, end: int) -> bool:
    """A dotted name ends here: not followed by more Han characters of the same word (保利·罗兰香谷)."""
    if end >= len(text) or not ("\u4e00" <= text[end] <= "\u9fff"):
        return True
    return text[end] in "说表认指介告透称等的在是和与也就将曾已对向博教先女夫院总主"
