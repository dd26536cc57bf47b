"""People: check a name found next to a cue, and give its role (rules/person.toml).

The rule's groups are the contract: ``fact`` (the name), ``role`` (a title before it), ``after`` (the cue
word after it), ``head``/``tail`` (the halves of a dotted or hyphenated name matched from its dot; the span is
moved to cover both), ``known`` (a name of the people-in-the-news lexicon, with no cue: it must read as a bare
mention, ``bare_mention``, as a person named again does). A name stops where a cue word starts inside it
(李强强调). It is dropped when it is a word that only looks like a name (``person_stop``), is two or three
one-character country names (法德称, ``person_country_initials``), or starts with a conjunction (医生和护士).
After a title, a very common surname character (``high`` in surnames.tsv) must visibly end the name. With only
a word after it, a name needs a clean left edge when its surname is very common (工商银行表示), and must not
be, or start inside, a known place or organisation (伊朗外长, 白宫紧急回应) or a title (董事长孙宏斌 read as
长孙宏斌).

The role is the title before the name (not a word that only introduces it: 名叫, 原名, 71岁的); failing
that, an honorific or a post written after it (博士, 先生, 总理, 委员长: the "honorific" and "office" rows of
person_titles.tsv). A post follows organisations too (乐视网董事长), so before one a name must not open like a
post (高级, 任) or end like an organisation (网, 局).
"""

from __future__ import annotations

from collections.abc import Mapping

import regex

from factx.engine.compiler import CompiledRule, RuleSet
from factx.normalize.fields import Context, Fields
from factx.normalize.location import place_index
from factx.normalize.words import by_char, ends_at, fills_title, han_at, starts_at

DOTS = frozenset("·•・‧")  # the middle dots of a transliterated name (马丁·舍夫特)
_JOINERS = DOTS | frozenset("-－—")  # what joins the parts of a foreign name (克里斯-保罗)
# The joiners that are no dash of a sentence as well (策略上—特朗普希望): a name a cue vouches for stops at them.
NAME_JOINERS = _JOINERS - {"—"}
# What may follow a dotted name directly: verbs of saying, function words and adverbs (沃伦·巴菲特不但, 约翰·史密斯则),
# titles (博士, 教授, 总统), the 系 of 系列 (汤姆•克兰西系列); not the rest of a brand's or an estate's name (保利·罗兰香谷).
_AFTER_DOTTED = frozenset("说表认指介告透称等的在是和与也就将曾已对向博教先女夫院总主不还又则更却都被把从于当率正今昨近早同跟给让为以所作出提接获成担任发并或及系"
                          "赢换之拿迎打带随首再仍要会离回")
# Words a transliteration character opens (因为, 得到, 可能): a dotted name's tail read on into one gives it back.
_HYPHENATED = regex.compile(r"\p{Han}[-－]\p{Han}")  # a name with hyphens for its dots (凯文-杜兰特)
_WORDS_OPENED = frozenset(("因为", "以为", "成为", "作为", "认为", "称为", "得到", "得分", "可能", "可以", "加入", "达到", "多次"))
SHIP_QUOTED = ("”号", "」号")  # after a name in quotes, a ship named for it: “卡尔·文森”号航空母舰 (org.py too: “福特”号)
_SHIP = ("号", *SHIP_QUOTED)  # after a person's name, a ship named for them: “布什”号, 里根号
# What may stand right before a name that only a verb vouches for: punctuation, space, or a function word.
_LEFT_WORDS = ("的", "和", "与", "及", "是", "在", "对", "向", "让", "给", "由", "据", "被", "把", "请", "问", "为",
               "说", "称", "同", "跟", "经", "从", "叫", "令", "使", "等", "而", "但", "并", "即", "则")
# One-character function words and time words that may stand right before a known name (时成龙说, 让姚明说).
_LEFT_CHARS = frozenset(word for word in _LEFT_WORDS if len(word) == 1) | frozenset("时后前里中当于将")
# The last characters of words that a name is often written right after, with no cue (包括马云, 像梅西一样, 只有欧文
# 一人, 今天库里, 如果没有金庸, 起诉王劲, 扮演罗丝, 饰黄蓉): a known name, or a person named again, may stand there.
_BEFORE_NAME = _LEFT_CHARS - {"里"} | frozenset("有括欢像天然叫除竟怎照现年诉演饰")
# Surname characters that join words instead (医生和护士, 但王劲称): never read as a surname.
_CONJUNCTIONS = frozenset("和与及跟同并但或")
# The honorifics that follow a bare surname (王总, 张董): person_after leaves them out, as they anchor no name.
_BARE_SURNAME_TITLES = frozenset("总董")
# Lexicons of other rule files whose words are no names (a user's rule set may lack them).
_KNOWN_WORDS = ("gazetteer_divisions", "place_world", "org_known")


class PersonIndex:
    """The person lexicons as the checks read them, built once per rule set."""

    def __init__(self, ruleset: RuleSet) -> None:
        surnames = ruleset.rows("surname")
        self.ambiguity = {word: rows[0][2] if len(rows[0]) > 2 else "low" for word, rows in surnames.items()}
        self.stop = set(ruleset.lexicon("person_stop"))
        after = ruleset.rows("person_after")
        self.honorific = {word for word, rows in after.items() if any(_kind(r) == "honorific" for r in rows)}
        self.honorifics = by_char(self.honorific, 0)
        self.speech = by_char(ruleset.lexicon("person_speech"), 0)
        self.office = set(ruleset.lexicon("person_post"))  # posts written after a name: 赵乐际委员长
        before = ruleset.rows("person_title_before")
        self.weak_titles = {word for word, rows in before.items() if all(_kind(r) == "role" for r in rows)}
        self.naming = {word for word, rows in before.items() if all(_kind(r) == "naming" for r in rows)}
        cues = [cue for cue in set(before) | set(after) if len(cue) > 1]
        self.cues = by_char(cues, 0)  # a tuple per first character: a tuple of all would be tried whole
        self.follow = by_char(ruleset.lexicon("person_follow"), 0)
        self.nonname = set(ruleset.lexicon("person_nonname"))
        self.titles = by_char(before, -1)
        self.known = {word for name in _KNOWN_WORDS for word in ruleset.lexicon(name)}
        self.translit = set(ruleset.lexicon("person_translit"))
        self.country_initials = frozenset(ruleset.lexicon("person_country_initials"))
        self.state_posts = frozenset(ruleset.lexicon("person_state_post"))
        self.post_heads = tuple(ruleset.lexicon("person_post_head"))
        self.org_ends = set(ruleset.lexicon("person_org_end"))
        self.places = place_index(ruleset)
        self.regions = self.places.regions()  # countries, provinces, cities: 徐州, 杭州, 马里
        self.people = frozenset(ruleset.lexicon("person_known"))  # see _word_then_name


def _kind(row: list[str]) -> str:
    return row[2] if len(row) > 2 else ""


def person_index(ruleset: RuleSet) -> PersonIndex:
    return ruleset.index("person", PersonIndex)  # type: ignore[no-any-return]


def normalize(
    match: regex.Match[str], rule: CompiledRule, ruleset: RuleSet, context: Context | None = None
) -> Fields | None:
    index = person_index(ruleset)
    names = match.re.groupindex  # the groups are read one by one: groupdict() would copy them all
    text = match.string
    if "known" in names:
        return _known(text, *match.span("known"), index)
    span = _name_span(match, names, index)
    if span is None:
        return None
    if "role" in names and match.group("role"):
        return _after_title(text, span, _longest_title(text, match.span("role"), index), index)
    return _before_cue(text, span, match.group("after") if "after" in names else None, index)


def _known(text: str, start: int, end: int, index: PersonIndex) -> Fields | None:
    """A name from the lexicon of people in the news, written with no cue, and no word, place or organisation.
    A two-character name must stand as a name of its own (``bare_mention``: 王毅 is not read in 王毅然). A longer
    one is a name wherever it is written (贯彻习近平新时代, 凸显特朗普政府: 922 and 183 over the news corpus had been
    missed), unless it is a piece of a longer foreign name (第聂伯罗彼得罗夫斯克, 埃里克-戈登)."""
    if _looks_like_a_word(text[start:end], index) or not reads_as_mention(text, start, end, index):
        return None
    return None if _inside_known_word(text, start, end, index, listed=True) else Fields(span=(start, end))


def reads_as_mention(text: str, start: int, end: int, index: PersonIndex) -> bool:
    """Whether a name known to be one (from the lexicon, or named with a cue earlier in the document) is one at
    ``[start, end)``: a two-character name must stand on its own (``bare_mention``), a longer one anywhere but
    inside a longer foreign name or as the whole title of a work."""
    if end - start < 3:
        return bare_mention(text, start, end, index)
    return not (
        _joined(text, start, end)
        or _inside_foreign_name(text, start, end, index)
        or fills_title(text, start, end)
        or text.startswith(SHIP_QUOTED, end)  # “戴高乐”号航母: a ship named for a person (not 马杜罗号召)
    )


def _inside_foreign_name(text: str, start: int, end: int, index: PersonIndex) -> bool:
    """A transliterated name with a transliteration character right before or after it: a piece of a longer
    name (普罗克鲁斯特 holds 克鲁斯); not one that starts a word following names (瓦利安特赞赏)."""
    translit = index.translit
    return translit.issuperset(text[start:end]) and (
        text[start - 1 : start] in translit
        or (text[end : end + 1] in translit and not starts_at(text, end, index.follow))
    )


def _name_span(match: regex.Match[str], names: Mapping[str, int], index: PersonIndex) -> tuple[int, int] | None:
    """A dotted name from its halves; any other name cut where a cue word starts inside it (李强强调,
    记者李强实习生费永璐)."""
    text = match.string
    if "head" in names and "tail" in names and match.group("head") and match.group("tail"):
        start, end = _past_title(text, match.start("head"), match.end("head"), index), match.end("tail")
        opens_word = text[end - 1 : end + 1] in _WORDS_OPENED and end - match.start("tail") > 2
        if opens_word:
            end -= 1  # 乔治-希尔因为: the tail's last character opens a word (因为), which ends the name cleanly
        elif han_at(text, end) and end - match.start("tail") < 2:
            return None  # one character after the dot, then more: a longer name read short (努尔兰·阿不都满金)
        clean = (opens_word or _parts_end(text, end, index)) and not text.startswith(_SHIP, end)
        return (start, end) if clean and not fills_title(text, start, end) else None
    start, end = match.span("fact")
    if _HYPHENATED.search(text, start, end) and not _parts_end(text, end, index):
        return None  # 控卫乔治-希尔得到: a hyphenated name after a title ends as a dotted one does
    cut = _cue_inside(text, start, end, index)
    for position in range(start + 2, cut):
        if _dateline_at(text, position, index):
            cut = position  # 记者龙跃北京报道: the name stops where its dateline starts
            break
    if cut <= start + _surname_of(text[start:end], index) or fills_title(text, start, cut):
        return None  # 解释道, 张经理说: a cue word, or a surname and a title
    if cut - start == 3 and text[start] == text[cut - 1] and _honorific_at(text, cut, index):
        cut -= 1  # 董事长王诚王总: the name, then its surname again with an honorific
    return start, cut


def _past_title(text: str, start: int, head_end: int, index: PersonIndex) -> int:
    """Where a dotted name starts when its first part was read back over a title of two characters or more: the
    title's characters are transliteration characters too (对冲基金大亨鲍比·阿克塞尔罗德: 鲍比·阿克塞尔罗德)."""
    for position in range(head_end - 1, start + 1, -1):
        for title in index.titles.get(text[position - 1], ()):
            if len(title) > 1 and position - len(title) >= start and text.endswith(title, 0, position):
                return position
    return start


def _honorific_at(text: str, position: int, index: PersonIndex) -> bool:
    """An honorific starts at ``position``: one of the lexicon's, or 总/董, which it leaves out of the anchors."""
    return text[position : position + 1] in _BARE_SURNAME_TITLES or starts_at(text, position, index.honorifics)


def _parts_end(text: str, end: int, index: PersonIndex) -> bool:
    """A name of parts joined by dots or hyphens ends here: a visible end (伊丽莎白·泰勒拥有), or a character that
    may follow such a name (沃伦·巴菲特不但); not 保利·罗兰香谷."""
    return _clean_end(text, end, index) or text[end] in _AFTER_DOTTED


def _longest_title(text: str, role: tuple[int, int], index: PersonIndex) -> str:
    """The longest title that ends where the role does: a title read backwards can come out short (副主席 as
    主席)."""
    start, end = role
    longest = text[start:end]
    for title in index.titles.get(text[end - 1], ()):
        if len(title) > len(longest) and text.endswith(title, 0, end):
            longest = title
    return longest


def _after_title(text: str, span: tuple[int, int], role: str, index: PersonIndex) -> Fields | None:
    if not _fits_title(text, *span, role, index):
        return None
    return Fields(role=None if role in index.naming else role, span=span)


def _before_cue(text: str, span: tuple[int, int], after: str | None, index: PersonIndex) -> Fields | None:
    """A name that only the word after it vouches for; a post after it is its role (赵乐际委员长)."""
    start, end = span
    start = _foreign_start(text, start, end, index)
    if end - start == 3 and _word_then_name(text, start, end, index):
        start += 1  # 但王劲称, 时成龙说: a conjunction or function word, then a name
    if not _stands_alone(text, start, end, index):
        return None
    if after in index.office:
        if text.startswith(index.post_heads, start) or text[end - 1] in index.org_ends:
            return None  # 高级研究员, 乐视网董事长: a word that opens a post, or an organisation
        if end - start == 2 and text[end - 1] in index.country_initials and after in index.state_posts:
            return None  # 应美总统请求: a country's one-character name before its post
        return Fields(role=after, span=(start, end))
    return Fields(role=after if after in index.honorific else None, span=(start, end))


def _word_then_name(text: str, start: int, end: int, index: PersonIndex) -> bool:
    """A three-character name that is a one-character word and a name: a conjunction and a surname with its given
    name (但王劲称), or a function word before a known two-character name (《神话》时成龙说的话, 让姚明说)."""
    if text[start] in _CONJUNCTIONS:
        return bool(_surname_of(text[start + 1 : end], index))
    return text[start] in _LEFT_CHARS and text[start + 1 : end] in index.people and text[start:end] not in index.people


def _cue_inside(text: str, start: int, end: int, index: PersonIndex) -> int:
    """Where the first cue word (a title, a verb of saying) or word that follows names (特别, 发自) starting
    inside the name begins, else its end."""
    cues, follow = index.cues, index.follow
    for position in range(start, end):
        if starts_at(text, position, cues) or starts_at(text, position, follow):
            return position
    return end


def _fits_title(text: str, start: int, end: int, role: str, index: PersonIndex) -> bool:
    """A name after a title: no word that looks like a name; a very common surname character must visibly end
    there (分析师向记者指出), is no conjunction (专家和学者), does not end like an organisation (裁判文书网),
    and after a weak title (学生, 市民) it is not a name at all (家长和学生冷落)."""
    name = text[start:end]
    if _looks_like_a_word(name, index) or _joined(text, start, end, NAME_JOINERS):
        return False  # 主帅史蒂夫-科尔: half a name
    if name in index.known and not _place_named_then_speaks(text, start, end, role, index):
        return False  # 总统阿米迪、伊拉克总理: a place in a list
    if len(name) == 3 and name[:2] in index.regions:
        return False  # 控股股东徐州丰利, 领导人杭州峰会: a city and a word, not a surname and a given name
    if not vague_surname(name, index) or not _surname_of(name, index):
        return True
    if name[0] in _CONJUNCTIONS or name[-1] in index.org_ends:
        return False  # 技术总监和高级技术总监, 裁判文书网披露
    # a place after it ends it too, in lists of experts run together (主任医师 常建民中国室内装饰协会副会长)
    return role not in index.weak_titles and (_clean_end(text, end, index) or _region_after(text, end, index))


def _place_named_then_speaks(text: str, start: int, end: int, role: str, index: PersonIndex) -> bool:
    """A name that is also a county's (连平, 陆川) or a foreign city's (奥斯汀, 华盛顿), between a title and a verb of
    saying: 首席经济学家连平认为, 国防部长奥斯汀说. No province, country or Chinese city is read so."""
    name = text[start:end]
    if role in index.weak_titles or not starts_at(text, end, index.speech):
        return False
    if name not in index.regions:
        return _surname_of(name, index) > 0
    readings = index.places.readings(name) or ()
    return all(p.world and p.level == "city" for p in readings) and all(ch in index.translit for ch in name)


def _region_after(text: str, end: int, index: PersonIndex) -> bool:
    """A country, a province or a city starts at ``end``."""
    return text[end : end + 2] in index.regions or text[end : end + 3] in index.regions


def _stands_alone(text: str, start: int, end: int, index: PersonIndex) -> bool:
    """A name that only the word after it vouches for: no word that looks like a name, no conjunction first, no
    word that the surname ends (祝贺, 谢谢), a clean left edge for a common surname character, and no known word or
    title that swallows its start."""
    name = text[start:end]
    if _looks_like_a_word(name, index) or name[0] in _CONJUNCTIONS or text[start - 1 : start + 1] in index.stop:
        return False  # 致电祝贺苏林当选: the surname ends a word
    if _joined(text, start, end, NAME_JOINERS):
        return False  # 吉米-巴特勒加盟: half a name
    if vague_surname(name, index) and not _clean_left(text, start):
        return False
    ambiguity = index.ambiguity
    if len(name) == 2 and ambiguity.get(name[0]) == "high" and ambiguity.get(name[1], "high") != "high":
        return False  # 但李先生, 和王总: a word, then a surname alone
    return not _inside_known_word(text, start, end, index) and not _title_ends_inside(text, start, index)


def _foreign_start(text: str, start: int, end: int, index: PersonIndex) -> int:
    """Where a transliterated name starts when only its end was read as a Chinese name (拉里贾尼说: 贾尼)."""
    if not index.translit.issuperset(text[start:end]):
        return start
    return transliteration_start(text, start, max(0, start - 6), index)


def transliteration_start(text: str, end: int, low: int, index: PersonIndex) -> int:
    """Where the run of transliteration characters that ends at ``end`` starts, not before ``low``."""
    first = end
    while first > low and text[first - 1] in index.translit:
        first -= 1
    return first


def transliteration_end(text: str, start: int, high: int, index: PersonIndex) -> int:
    """Where the run of transliteration characters that starts at ``start`` ends, not after ``high``."""
    last = start
    while last < high and text[last] in index.translit:
        last += 1
    return last


def _inside_known_word(text: str, start: int, end: int, index: PersonIndex, listed: bool = False) -> bool:
    """The name is a known place or organisation, or holds one after its first character (但高盛: not for a
    ``listed`` name, one of the people lexicon, whose characters are known to be a name: 奥巴马 holds 巴马, a
    county), or one starts just before it and ends inside (白宫紧急)."""
    known = index.known
    if text[start:end] in known or (not listed and text[start + 1 : end] in known):
        return True
    for left in range(max(0, start - 2), start):
        for right in range(start + 1, end + 1):
            if text[left:right] in known:
                return True
    return False


def _title_ends_inside(text: str, start: int, index: PersonIndex) -> bool:
    """A title ends on the name's first characters: 董事长孙宏斌 is not 长孙宏斌."""
    return ends_at(text, start + 1, index.titles) or ends_at(text, start + 2, index.titles)


def _surname_of(name: str, index: PersonIndex) -> int:
    """How many characters of the name are its surname (0 when none is known)."""
    for length in (2, 1):
        if name[:length] in index.ambiguity:
            return length
    return 0


_END_CHARS = frozenset("的在是和与也就将曾已对向等说表称认指介告透坦预正一今昨近日于则还又都被把从让给同跟作主会率赴获任讲")


def _clean_end(text: str, end: int, index: PersonIndex) -> bool:
    """The name visibly ends here: no Han character next, a cue word, or a word that follows names."""
    if not han_at(text, end):
        return True
    if text[end] in _END_CHARS or starts_at(text, end, index.cues) or starts_at(text, end, index.follow):
        return True
    return _dateline_at(text, end, index)


def _dateline_at(text: str, position: int, index: PersonIndex) -> bool:
    """A byline's place and 报道 start here: 记者高改芳上海报道, 记者朱宝广州报道."""
    for length in (2, 3):
        if text[position : position + length] in index.known and text.startswith("报道", position + length):
            return True
    return False


def reads_as_chinese_name(name: str, index: PersonIndex) -> bool:
    """A known surname and a given name of one or two characters, with no character that ends names (等, 在), no
    honorific or post for a given name (王老师), and no word, place or organisation that looks like one: what a list
    item must be (normalize/person_lists.py)."""
    surname = _surname_of(name, index)
    if not surname or not 1 <= len(name) - surname <= 2:
        return False
    if _looks_like_a_word(name, index) or name in index.known:
        return False
    if name[surname:] in index.honorific or name[surname:] in index.office:
        return False  # 曹老师、王老师: a surname and an honorific or a post, no given name
    nonname = index.nonname
    return not any(char in _END_CHARS or char in nonname for char in name[surname:])


def _looks_like_a_word(name: str, index: PersonIndex) -> bool:
    if name in index.stop or name[:2] in index.stop:
        return True
    if len(name) > 2 and name.count(name[0]) == len(name):
        return True  # 王王王说: one character three times is no name (but 田田, 明明 are)
    if len(name) <= 3 and index.country_initials.issuperset(name) and not _surname_of(name, index):
        return True  # 法德称: France and Germany
    return name[:1] in DOTS or name[-1:] in DOTS  # a dot at either end


def vague_surname(name: str, index: PersonIndex) -> bool:
    """A name without a dot whose surname is a character common in words (ambiguity high: 于, 高, 文), or not a
    known surname at all: read as a name only with a visible edge."""
    if not DOTS.isdisjoint(name):
        return False
    for length in (2, 1):
        ambiguity = index.ambiguity.get(name[:length])
        if ambiguity is not None:
            return ambiguity == "high"
    return True  # a transliterated name without a dot (马努钦 passes as 马 + 努钦): needs a clean edge too


def bare_mention(text: str, start: int, end: int, index: PersonIndex, *, one_edge: bool = False) -> bool:
    """Whether ``[start, end)`` reads as a name written with no cue (a known name, a person named again): before
    it no Han character, or a character or title that ends what precedes a name (的, 和, 是, 包括, 像, 市长); after it
    no Han character, or a character, cue or word that follows names (说, 的, 一, 表示, 发自); no joiner on either
    side that makes it part of a longer foreign name (克里斯-保罗, 詹姆斯-恩尼斯); not a ship's name (“布什”号); and
    not the whole title of a work. With ``one_edge``, one clean side is enough (a name well attested already)."""
    before = clean_before(text, start, index)
    if not before and not one_edge:
        return False  # most calls end here, without looking at the other edge
    if not (before and one_edge) and not clean_after(text, end, index):
        return False
    if text.startswith(_SHIP, end):
        return False  # a ship named after a person: “布什”号航空母舰, 里根号 (a dotted name too: _name_span)
    return not _joined(text, start, end) and not fills_title(text, start, end)


def clean_before(text: str, start: int, index: PersonIndex) -> bool:
    """No Han character before ``start``, or one that ends what precedes a name (的, 和, 是, a title: 市长)."""
    before = text[start - 1 : start]
    return not han_at(text, start - 1) or before in index.nonname or before in _BEFORE_NAME or ends_at(
        text, start, index.titles
    )


def clean_after(text: str, end: int, index: PersonIndex) -> bool:
    """No Han character at ``end``, or a character, cue or word that follows names (说, 的, 一, 表示, 发自)."""
    return (
        not han_at(text, end)
        or text[end] in index.nonname
        or text[end] in _END_CHARS  # 一, 正, 曾 …: 欧文一记三分, 王刚正在
        or starts_at(text, end, index.cues)
        or starts_at(text, end, index.follow)
    )


def _joined(text: str, start: int, end: int, joiners: frozenset[str] = _JOINERS) -> bool:
    """A joiner between the span and a Han character on either side: part of a longer foreign name
    (克里斯-保罗, 詹姆斯-恩尼斯)."""
    return (text[start - 1 : start] in joiners and han_at(text, start - 2)) or (
        text[end : end + 1] in joiners and han_at(text, end + 1)
    )


def _clean_left(text: str, start: int) -> bool:
    if not han_at(text, start - 1):
        return True
    return text.endswith(_LEFT_WORDS, 0, start)
