"""Organisations: from a suffix, walk the name leftwards and decide whether it is one (rules/org.toml).

Five kinds of match arrive here, told apart by their groups:

- ``suf`` (rule org.suffix, anchored at an organisation suffix): the name is walked leftwards over name
  characters (Han, letters, digits, a parenthesised place), stopping at punctuation and at boundary
  characters (``org_boundary``) unless a place or a known organisation spans them (和平区); leading verbs and
  time words are cut (``org_cut``), and so is everything before the last cut word that is followed by a head.
  The span then runs from the name's start to the suffix's end (``Fields.span``).
- ``home`` or ``act`` (org.team_home, org.team_away, anchored at 主场/客场 before a match word): the team named by
  the country, province or city written before (马赛主场迎战) or right after (…迎战里昂，) is the span.
- ``listed`` (org.bank_in_list): a bank's short name that is also a word (民生), kept when its list names a known
  bank.
- ``fact`` found in ``org_known``: a well-known organisation; value ``{"name": canonical, "kind": kind}``.
- any other ``fact`` (org.kaisha, the teams beside vs): reported as matched; but beside vs (a ``versus`` group), a
  name that reads as a Chinese person's is one of two people compared (舒淇 VS 郑秀文), not a team, and one that
  starts with a known name and runs on is that name and other words (曼联影响不大).

Lexicons read (the contract with rules/org.toml): org_suffix (suffix, strength), org_known and org_in_lists (name,
canonical, kind), org_boundary, org_name_words, org_cut, org_cut_word_ends, org_person_verb, org_country_short,
org_cut_in_names, org_trade_tail, org_cut_soft, org_generic, org_needs_head, org_admin, org_admin_not, org_head_place,
org_right_stop, org_right_stop_long, org_team_right_stop, org_tail_stop, org_follow, org_holdings, org_known_runs_on,
org_known_runs_into, org_division_end, org_committee_word,
org_suffix_business, org_not_brand, org_suffix_company, org_sector, org_suffix_venue, org_suffix_country_generic,
org_suffix_team, org_suffix_armed, org_suffix_department, org_suffix_own_title, org_suffix_left_stop,
org_suffix_word, the place lexicons through ``normalize.location.place_index``, and rules/person.toml's
person_title_before, person_translit and surnames (a title before a name that ends in a suffix's character: 总裁杨科说;
a foreign club's transliterated name: 马洛卡队) through ``normalize.person``, and its person_post (a person with a
post after an organisation's name ends it: 执法局颜鲲副局长).
"""

from __future__ import annotations

from collections.abc import Iterable, Set

import regex

from factx.engine.compiler import CompiledRule, RuleSet
from factx.normalize.fields import Context, Fields
from factx.normalize.location import place_index, reportable
from factx.normalize.person import (
    DOTS,
    NAME_JOINERS,
    SHIP_QUOTED,
    person_index,
    reads_as_chinese_name,
    transliteration_start,
    vague_surname,
)
from factx.normalize.words import Grouped, by_char, ends_at, fills_title, han_at, starts_at

MAX_NAME = 24  # characters walked leftwards from a suffix
MAX_BRAND = 4  # characters of a company's short name before a business suffix, with nothing in front of it
CLUB_MIN = 3  # transliteration characters that name a foreign club before a team suffix
DEPARTMENT_MAX = 6  # characters of a department's own name, before 系 (信息工程系)
DOTTED_PART_MAX = 6  # characters of one part of a name written with dots (利特维年科)
_OPEN = {")": "(", "）": "（"}
_JOINERS = set("-—－·•&＆.．")
_LEADING_NUMBERS = regex.compile(
    r"""(?: (?:[0-9０-９]+[年月日号岁]?[底末初]?[讯电]?)+  # a dateline: 2024年5月, 12日电, 11月底; an age
          | (?:[0-9０-９]*[\s.．\-—－·•&＆:：])+ (?:(?:SZ|SH|HK|BJ)(?![A-Za-z]))? )+  # 04. and 600408.SH""",
    regex.VERBOSE,
)
_AMOUNT = regex.compile(
    r"""[0-9０-９.．]+ (?: [余多]? [十百千万亿]* [余多]?  # 20亿美元, 110万片, 2300多台, 8起
                         (?:美元|欧元|元|年|月|日|个|家|名|只|张|项|人|次|支|所|座|位|款|批|类|种|辆|台|件|条|户|片|起|%)
                       | [余多]? [十百千万亿]+ [余多]?  # 305亿, 2000余万
                       | [-－:：][0-9０-９]+ )  # a score: 3-0""",
    regex.VERBOSE,
)
# what a _LEADING_NUMBERS match can start with: a digit, a joiner, a colon or a space
_NUMBER_FIRST = frozenset("0123456789０１２３４５６７８９:： \t\n\u3000") | _JOINERS
_AMOUNT_CHARS = frozenset("0123456789０１２３４５６７８９.．")  # an _AMOUNT match holds one of these
_WIDE = frozenset({"country", "continent"})  # world places whose name alone before 大学 or 公司 is a description
_MEETING = frozenset("议谈见晤展")  # after 会: 会议, 会谈, 会见, 会晤, 会展
_FOREIGN_NAMED = frozenset({"大学", "学院", "研究院", "研究所"})  # named by a transliteration as often as by a place
_NATIONAL_ENDS = ("院", "署")  # see _national
_COUNTRY_HEADED = frozenset({"government", "bank"})  # kinds a country's one-character name heads: 俄外交部, 英央行
_SIZE_WORDS = ("大型", "小型", "中型", "中小型", "超大型")  # after a place, before a trade: a description (see _place_then_sector)
_ONE_OF = frozenset("家该")  # before a place and a suffix: 一家德国银行, 该日本公司 (see _from_suffix)
_PLACE_GENERIC = frozenset({"公司", "企业", "厅"})  # after a place alone a description: not 青岛银行, 上海大学
_KIND_ENDS = frozenset("型类性")  # what ends a word for a kind: 研究型, 科技类, 综合性
_WEAK_KINDS = frozenset({"business", "venue", "weak", "department"})  # suffixes that must visibly end the name
_MEASURE_SUFFIXES = frozenset("部局所处科")  # also measure words: films, games, schools, places, subjects
_LATIN = regex.compile(r"[A-Za-z]")
_NEXT_LATIN_WORD = regex.compile(r" [A-Z]")  # a capitalised Latin word after a space: the name goes on
_COUNT_NUMERALS = "一二两三四五六七八九十百千万几数多"
_COUNT_MEASURES = "个家名只架艘辆台位支所座件条项批类种款年轮任届张"
_CN_COUNT = regex.compile(f"[{_COUNT_NUMERALS}]+[{_COUNT_MEASURES}]")
# one count word (一类, 两家, 一辆, 多年, 第四届): a name that is one, or ends in one, is a description (这一类公司,
# 送一辆汽车, 第四届科技·人才);
# not 万家 or 百家, which start names (万家基金, 百家号)
_ONE_COUNT = regex.compile(f"(?:[一两几数多]|第[一二三四五六七八九十0-9]+)[{_COUNT_MEASURES}期]$")
_CN_COUNT_FIRST = frozenset(_COUNT_NUMERALS)  # what a _CN_COUNT match starts with
# not 八国集团, 四方股份; 两大, 三大 … count kinds (中日两大国别产业园), but 五大连池 is a city, 三大会址 a congress's
_COUNTED_OR_RANKED = regex.compile("[二两三四五六七八九十][省地]|第[一二三四五六七八九十]+大|[两三四五六七八九十]大(?![连学厦道街桥楼会])")
# a count of several, or the first, inside a name: no name (多支救援队, 首支卫冕欧洲俱乐部冠军杯的球队)
_SEVERAL = regex.compile("[多两几数首][支个家所座批名位艘台]")
_BEFORE_MEASURE_JIA = _CN_COUNT_FIRST | frozenset("这那该每某哪此各本")  # 家 after one is a measure word
_ORDINAL_END = regex.compile(r"第[一二三四五六七八九十〇零]+$")  # 第一, 第十二: an ordinal in a name, not "a"
_OFFICE_ENDS = frozenset("部局处厅委署")  # a known name ending so runs on into 部门, 局长 …
_OPENERS = frozenset("但在与和及对由向把被从据为给让跟同将是以的了")  # words after which a known name may start
# Words between a team and 主场/客场 (马赛也在主场迎战, 里昂回到主场迎战), longest first; the characters before a
# place that make it the venue, not a team (国安在北京主场迎战); and those that may follow a team's name (里昂的, 里昂和).
_HOME_LINKERS = ("再次坐镇", "也在", "将在", "回到", "坐镇", "将赴", "这次", "本轮", "在", "赴", "将", "则", "也")
_VENUE_BEFORE = frozenset("在到赴于回")
_TEAM_END_CHARS = frozenset("的和与及")
# Kinds of known organisation whose two-character short names are no piece of a common word (本轮英超积17分,
# 瓜加林环礁的美军罗奈尔德, 距央行出台, 如工行跨行转账: a bank's 行 before 行业, 行为 … is org_known_runs_on's): they
# need no clean edge.
_STANDS_OUT = frozenset({"sports_league", "sports_club", "military", "bank"})
_ALLIANCES = frozenset({"欧盟", "北约", "东盟", "非盟", "阿盟"})  # two characters that stand out as 盟 and 约 seldom end words
_TEAM_WORD_ENDS = frozenset("员长友医")  # 队员, 队长, 队友, 队医: words a club's name runs into, not its 队
# Kinds of known organisation that a place before does not join: it says where (纽约联合国总部), or is another
# team (利物浦切尔西双选: Liverpool and Chelsea)
_NO_PLACE_BEFORE = frozenset({"international", "sports_club"})
_COMPASS_BEFORE = frozenset("东西南")  # before 北约: a compass point (东北约5公里)
_NUMERAL_START = frozenset("0123456789０１２３４５６７８９一二两三四五六七八九十几数百千万")  # 约 before these is 'about'
_UMBRELLA = "联合国"  # written before one of its bodies, part of the name: 联合国世界粮食计划署 (not 纽约联合国总部)


class OrgIndex:
    """The organisation lexicons as the checks read them, built once per rule set; word lists tried at a
    position are grouped by character (``normalize.words``)."""

    def __init__(self, ruleset: RuleSet) -> None:
        suffixes = ruleset.rows("org_suffix")
        self.strength = {word: rows[0][1] if len(rows[0]) > 1 else "strong" for word, rows in suffixes.items()}
        known = ruleset.rows("org_known")
        self.known = {word: (rows[0][1] or word, rows[0][2] if len(rows[0]) > 2 else "") for word, rows in known.items()}
        # banks' short names that are also words (民生): banks only in a list with a known bank (_listed_bank)
        self.in_lists = {word: (rows[0][1], rows[0][2]) for word, rows in ruleset.rows("org_in_lists").items()}
        self.known_lengths = _lengths_by_first_two(word for word in self.known if len(word) > 1)
        self.boundary = set(ruleset.lexicon("org_boundary"))
        self.name_words = _by_boundary_char(ruleset.lexicon("org_name_words"), self.boundary)  # see _walk_left
        cut = sorted(ruleset.lexicon("org_cut"), key=len, reverse=True)
        self.cut = by_char(cut, 0)  # longest first within each group
        self.cut_ends = by_char([word for word in cut if len(word) > 1], -1)  # see _clean_start
        self.cut_word_ends = by_char(ruleset.lexicon("org_cut_word_ends"), -1)  # 汇率: no 率 (see _after_last_cut)
        self.person_verbs = frozenset(ruleset.lexicon("org_person_verb"))  # see _after_person_and_verb
        self.country_short = frozenset(ruleset.lexicon("org_country_short"))  # see _country_short_before
        self.national_generic = by_char(ruleset.lexicon("org_national_generic_before"), -1)  # see normalize
        self.not_listed = by_char(ruleset.lexicon("org_not_listed"), -1)  # see _before_code
        self.translit_lead = frozenset(ruleset.lexicon("org_translit_lead"))  # see _translit_lead
        self.alias_generic = frozenset(ruleset.lexicon("org_alias_generic"))  # normalize/org_aliases.py
        self.generic_set = set(ruleset.lexicon("org_generic"))
        self.generic_lengths = sorted({len(w) for w in self.generic_set}, reverse=True)
        self.needs_head = set(ruleset.lexicon("org_needs_head"))
        self.admin = by_char(ruleset.lexicon("org_admin"), 0)
        self.head_place = by_char(ruleset.lexicon("org_head_place"), 0)  # see _head
        self.right_stop = set(ruleset.lexicon("org_right_stop"))
        self.team_right_stop = set(ruleset.lexicon("org_team_right_stop"))
        self.right_stop_long = by_char(ruleset.lexicon("org_right_stop_long"), 0)
        self.holdings = by_char(ruleset.lexicon("org_holdings"), 0)
        self.right_stop_chars = frozenset(word for word in ruleset.lexicon("org_right_stop_long") if len(word) == 1)
        self.places = place_index(ruleset)
        self.people = person_index(ruleset)  # its titles and transliteration characters: _name_after_title, _club_start
        self.posts = tuple(self.people.office)  # posts written after a name (王学斌主任): _person_with_post
        self.cut_soft = by_char(sorted(ruleset.lexicon("org_cut_soft"), key=len, reverse=True), 0)
        self.cut_soft_ends = by_char(ruleset.lexicon("org_cut_soft"), -1)
        self.admin_not = by_char(ruleset.lexicon("org_admin_not"), 0)
        self.left_stop = by_char(ruleset.lexicon("org_suffix_left_stop"), -1)
        self.suffix_words = by_char(ruleset.lexicon("org_suffix_word"), 0)
        # a name ending in one of these is a description or a verb phrase (上海一银行, 天津设立分行)
        in_names = set(ruleset.lexicon("org_cut_in_names"))
        self.name_end_stop = by_char([*ruleset.lexicon("org_tail_stop"), *(w for w in cut if w not in in_names)], -1)
        self.cut_in_names = by_char(in_names, -1)  # these end a name only after a head (美国盖洛普咨询公司)
        self.in_names = frozenset(in_names)
        self.trade_tails = tuple(ruleset.lexicon("org_trade_tail"))  # 咨询管理, 咨询服务: see _after_last_cut
        self.business = set(ruleset.lexicon("org_suffix_business"))
        self.not_brand = by_char(ruleset.lexicon("org_not_brand"), 0)
        self.company = set(ruleset.lexicon("org_suffix_company"))
        self.company_ends = tuple(self.company)  # 证券公司 and 投资集团 end as a company's suffixes do (全牌照上市证券公司)
        self.sector = set(ruleset.lexicon("org_sector"))
        self.described = self.generic_set | self.sector  # what _place_then_sector reads after a place
        self.described_lengths = sorted({len(w) for w in self.described}, reverse=True)
        self.venue = set(ruleset.lexicon("org_suffix_venue"))
        self.country_generic = set(ruleset.lexicon("org_suffix_country_generic"))
        self.team = set(ruleset.lexicon("org_suffix_team"))
        self.armed = set(ruleset.lexicon("org_suffix_armed"))
        self.department = set(ruleset.lexicon("org_suffix_department"))
        self.own_title = set(ruleset.lexicon("org_suffix_own_title"))
        # what heads a department: 大学, 学院 and the known universities' names (北大中文系)
        self.universities = ("大学", "学院", *(word for word, (_, kind) in self.known.items() if kind == "university"))
        self.division_ends = frozenset(ruleset.lexicon("org_division_end"))  # 省委: a party committee
        self.committee_words = frozenset(ruleset.lexicon("org_committee_word"))  # 委员, 委托: no committee
        follow = set(ruleset.lexicon("org_follow"))
        self.follow = by_char(follow | set(ruleset.lexicon("person_title_before")), 0)
        self.follow_plain = by_char(follow, 0)  # after a company's short name a title names a trade (投资策略师)
        # titles that end a one-character suffix before them (业务部主任); not 门将 (部门将: 部门 and 将)
        self.titles = by_char([t for t in ruleset.lexicon("person_title_before") if not t.startswith("门")], 0)
        strong = sorted((w for w, s in self.strength.items() if s == "strong" and len(w) > 1), key=len, reverse=True)
        self.strong_pattern = regex.compile("|".join(map(regex.escape, strong))) if strong else None
        self.kinds = {word: self._kind(word) for word in {*self.strength, *self.business, *self.venue, *self.needs_head}}
        self.known_ends = _lengths_by_last(w for w in self.known if len(w) > 1)
        self.suffix_ends = _lengths_by_last(self.strength)  # see _runs_on_known
        self.known_runs_on = by_char(ruleset.lexicon("org_known_runs_on"), 0)
        self.known_runs_into = by_char(ruleset.lexicon("org_known_runs_into"), -1)
        # the first two characters of place and known names: a walk stopped by any other one cannot go on
        # over such a name (_word_over), and most walks stop at punctuation
        self.over_chars = frozenset(c for table in (self.places.lengths, self.known_lengths) for pair in table for c in pair)
        self.regions = self.places.regions()
        self.region_ends = _lengths_by_last(self.regions)
        self.region_starts = _lengths_by_first_two(self.regions)

    def _kind(self, suffix: str) -> str:
        """What a suffix's name needs (read by ``_from_suffix``): one look-up instead of five set tests."""
        if suffix in self.team:
            return "team"  # a head, but no visible end (中国队轻吊, 辽宁队主教练)
        if suffix in self.department:
            return "department"
        if suffix in self.business:
            return "business"
        if suffix in self.venue:
            return "venue"
        if self.strength.get(suffix) == "weak":
            return "weak"
        return "needs_head" if suffix in self.needs_head else "plain"


def _lengths_by_first_two(words: Iterable[str]) -> dict[str, tuple[int, ...]]:
    """First two characters -> the lengths of the words starting with them, longest first."""
    lengths: dict[str, set[int]] = {}
    for word in words:
        lengths.setdefault(word[:2], set()).add(len(word))
    return {start: tuple(sorted(found, reverse=True)) for start, found in lengths.items()}


def _lengths_by_last(words: Iterable[str]) -> dict[str, tuple[int, ...]]:
    """Last character -> the lengths of the words ending with it, longest first."""
    lengths: dict[str, set[int]] = {}
    for word in words:
        lengths.setdefault(word[-1], set()).add(len(word))
    return {char: tuple(sorted(found, reverse=True)) for char, found in lengths.items()}


def org_index(ruleset: RuleSet) -> OrgIndex:
    return ruleset.index("org", OrgIndex)  # type: ignore[no-any-return]


def normalize(
    match: regex.Match[str], rule: CompiledRule, ruleset: RuleSet, context: Context | None = None
) -> Fields | None:
    index = org_index(ruleset)
    groups = match.re.groupindex
    if "suf" in groups:
        return _from_suffix(match, index)
    if "home" in groups:
        return _team_before_home(match.string, match.start("home"), index)
    if "act" in groups:
        return _team_after_act(match.string, match.end("act"), index)
    if "listed" in groups:
        return _listed_bank(match.string, *match.span("listed"), index)
    if "code" in groups:
        return _before_code(match.string, match.start(), index)
    name = match.group("fact") if "fact" in groups else match.group()
    if "versus" in groups and name not in index.known:
        if reads_as_chinese_name(name, index.people) and not _team_across(match, index):
            return None  # two people compared (舒淇 VS 郑秀文), not teams; but 雷恩VS里尔 are clubs
        start, end = match.span("fact")
        if 0 < _known_length(match.string, start, end, index) < end - start:
            return None  # 凯尔特vs曼联影响不大: a known team and then words, which org.known reports alone
        if match.start("versus") >= end and (team := _team_at_end(match.string, start, end, index)) > start:
            return Fields(span=(team, end))  # 平胆亚特兰大vs拉齐奥, 还有类似维冈vs: words, then the team
    if name in index.known:
        text = match.string
        start, end = match.span("fact")
        if _runs_on_known(text, name, end, index) or (len(name) > 2 and _city_into(text, start, index)):
            return None  # 新浪潮; 北京东方君悦大酒店 holds no 京东方
        if len(name) <= 2 and text[end : end + 1] in DOTS and han_at(text, end + 1):
            return None  # 阿里·萨米扬球场, 保利·罗兰香谷: the first part of a dotted name (中国青年报·中青在线 stays)
        if text.startswith(SHIP_QUOTED, end):
            return None  # “福特”号航母: a ship named for it
        if name[-1] == "约" and text[start - 1 : start] in _COMPASS_BEFORE and text[end : end + 1] in _NUMERAL_START:
            return None  # 东北约5公里处: north-east, about 5 km (no NATO; but 北约30国)
        canonical, kind = index.known[name]
        # 中国商务部, 美国司法部: the place is part of the name; before an international body it says where (纽约联合国总部)
        place = _place_before(text, start, index)
        if (
            place == start
            and kind in _COUNTRY_HEADED
            and _country_short_before(text, start, index)
            and (kind == "government" or _national(canonical, kind, index))
        ):
            place = start - 1  # 俄外交部, 美国防部, 英央行: the country's one-character name is part of the name
        first = start if kind in _NO_PLACE_BEFORE else place
        if kind == "international" and text.endswith(_UMBRELLA, 0, start) and not name.startswith(_UMBRELLA):
            first = start - len(_UMBRELLA)
        if (ends_at(text, first, index.national_generic) or first < start) and _national(canonical, kind, index):
            if first == start:
                return None  # 全球主要央行, 各国外交部: central banks or ministries in general, no one body
            if not _names_china(text[first:start], index):
                canonical = text[first:end]  # 美国农业部, 俄外交部, 湖北国资委: not China's (农业农村部, 国务院国资委)
        if len(name) <= 2 and place == start and kind not in _STANDS_OUT and name not in _ALLIANCES and not (
            _clean_end(text, end, index) or _place_at(text, end, index) or _clean_start(text, start, index)
        ):
            return None  # 全力拓展: a two-character name inside other words (a longer one stands out: 维护党中央权威)
        if kind == "sports_club" and text.startswith("队", end) and text[end + 1 : end + 2] not in _TEAM_WORD_ENDS:
            end += 1  # 国际米兰队, 曼联队: the club's name as written (not 曼联队员, 曼联队长)
        return Fields(
            value={"name": canonical, "kind": kind} if kind else {"name": canonical},
            span=(first, end) if (first, end) != (start, match.end("fact")) else None,
        )
    return Fields()


_CODE_NAME = range(2, 7)  # characters of a listed company's short name before its code (金力泰, 贵州茅台)


def _before_code(text: str, code: int, index: OrgIndex) -> Fields | None:
    """The short name right before a stock code in brackets, walked leftwards as a suffix's name is; a known
    name ending there is the name (像微软(4338.HK): 微软)."""
    first = _cut(text, _walk_left(text, code, index), code, index)
    known = next((begin for begin in range(first + 1, code - 1) if text[begin:code] in index.known), None)
    first = first if known is None else known
    name = text[first:code]
    if len(name) not in _CODE_NAME or ends_at(name, len(name), index.not_listed) or _place_only(name, index):
        return None
    return Fields(span=(first, code))


_PLAYERS = ("巨头", "组合", "球星")  # before vs, players compared, not a team (as org.team_before_vs reads them)


def _team_across(match: regex.Match[str], index: OrgIndex) -> bool:
    """The name on the other side of vs is a team's, whatever person this one reads as (雷恩VS里尔, 南特VS雷恩): a
    place, a known organisation, or, with vs written tight, a run of Chinese characters that is no Chinese person's
    name (张俪VS吴谨言 is)."""
    text = match.string
    low, high = match.span("versus")
    if match.start("fact") < low:  # the name is before vs: the other one after it
        first = high + (text[high : high + 1] == " ")
        last = first
        while last < min(len(text), first + 6) and han_at(text, last):
            last += 1
        if _place_at(text, first, index) or _known_length(text, first, last, index) > 0:
            return True
    else:
        last = low - (text[low - 1 : low] == " ")
        if text.endswith(_PLAYERS, 0, last):
            return False  # 安东尼三巨头VS乔治: players on the other side
        first = last
        while first > max(0, last - 6) and han_at(text, first - 1):
            first -= 1
        if text[first:last] in index.known or any(_place_at(text, last - n, index) for n in range(2, last - first + 1)):
            return True
    # Fixture lists write vs tight (雷恩VS里尔); a comparison of two people in captions often spaces it (古丽娜扎 VS 宋茜).
    spaced = text[low - 1 : low] == " " or text[high : high + 1] == " "
    return not spaced and last - first >= 2 and not reads_as_chinese_name(text[first:last], index.people)


_LIST_JOINERS = frozenset("、和及与")
_LIST_ITEM_MAX = 12  # characters of one item of a list (中国邮政储蓄银行)


def _listed_bank(text: str, start: int, end: int, index: OrgIndex) -> Fields | None:
    """A bank's short name that is also a word (民生, 华夏), as an item of a list whose items include a bank that
    org_known holds (招行、广发、兴业、华夏; 工行和光大) or a name ending in 银行: the bank, else the word."""
    items = [*_list_items(text, start, -1, index), *_list_items(text, end, 1, index)]
    if not any(_bank(item, index) for item in items):
        return None
    canonical, kind = index.in_lists[text[start:end]]
    return Fields(value={"name": canonical, "kind": kind})


def _bank(name: str, index: OrgIndex) -> bool:
    """A bank that org_known holds (招行, 中国银行), or a name ending in 银行 (北京农村商业银行)."""
    return index.known.get(name, ("", ""))[1] == "bank" or (len(name) > 3 and name.endswith("银行"))


def _list_items(text: str, edge: int, step: int, index: OrgIndex) -> list[str]:
    """The items of a list before (step -1) or after (step 1) the item with this edge, nearest first: runs of
    name characters joined by 、, 和, 及 or 与, up to a clause's end (，。) or 等."""
    items = []
    while True:
        joiner = edge - 1 if step < 0 else edge
        if joiner < 0 or text[joiner : joiner + 1] not in _LIST_JOINERS:
            return items
        near = joiner if step < 0 else joiner + 1  # the item's edge on the joiner's side
        far = near
        while abs(far - near) < _LIST_ITEM_MAX and _list_char(text, far - 1 if step < 0 else far, index):
            far += step
        if far == near:
            return items
        items.append(text[min(near, far) : max(near, far)])
        edge = far


def _list_char(text: str, position: int, index: OrgIndex) -> bool:
    """A character of a list's item: a name character that joins no items and ends no list (等)."""
    if not 0 <= position < len(text):
        return False
    char = text[position]
    return char not in _LIST_JOINERS and char != "等" and _name_char(char, index)


def _team_before_home(text: str, home: int, index: OrgIndex) -> Fields | None:
    """The team named by the city or country written before 主场/客场 (or before 在, 回到, 坐镇 … and it): 马赛主场迎战,
    里昂回到主场迎战. A place after 在, 到 or 赴 is where the match is played (国安在北京主场迎战), not a team."""
    end = home
    for linker in _HOME_LINKERS:
        if text.endswith(linker, 0, home):
            end = home - len(linker)
            break
    first = _place_before(text, end, index)
    if first == end or text[first - 1 : first] in _VENUE_BEFORE:
        return None
    return Fields(span=(first, end))


def _team_after_act(text: str, start: int, index: OrgIndex) -> Fields | None:
    """The team named by a city or country right after 主场/客场 and a match word, when the name ends there
    (马赛主场迎战里昂，): the longest country, province or city, then no more Han characters of the same word."""
    end = start + _region_at(text, start, index)
    if end == start:
        return None
    if han_at(text, end) and text[end] not in _TEAM_END_CHARS and not starts_at(text, end, index.follow):
        return None  # the place runs on into other words (迎战北京时间)
    return Fields(span=(start, end))


def _runs_on_known(text: str, name: str, end: int, index: OrgIndex) -> bool:
    """A known name's last character starts a word: its suffix's, an office's (卫生部门, 国防部长), or its own (新浪潮,
    中行业: org_known_runs_on); or a short name's first ends one (人民建, 纵深发展: org_known_runs_into). After a
    suffix, a one-character word of org_right_stop_long makes another word (银行业, 大学生); a longer one is what
    the name's organisation has (兴业银行理财产品, 交通银行网点), except after a country's name and the suffix alone,
    a phrase (中国银行体系, 美国银行监管); a word that follows names starts no word (花旗银行股价: org_follow). A
    known name without a suffix may run on (腾讯员工, 欧盟家属, 央行长时间)."""
    if starts_at(text, end - 1, index.known_runs_on):
        return True
    if len(name) <= 3 and ends_at(text, end - len(name) + 1, index.known_runs_into):
        return True  # 人民建 (the people build), not 民建; 向纵深发展, not 深发展
    if name[-1] in _OFFICE_ENDS and text[end : end + 1] in "门长":
        return True
    if not starts_at(text, end, index.right_stop_long) or starts_at(text, end, index.follow):
        return False
    length = _suffix_length(name, index)
    return bool(length) and (text[end : end + 1] in index.right_stop_chars or _country(name[:-length], index))


def _suffix_length(name: str, index: OrgIndex) -> int:
    """The length of the longest suffix (org_suffix) that ends ``name``, 0 when none does."""
    for length in index.suffix_ends.get(name[-1:], ()):
        if length <= len(name) and name[-length:] in index.strength:
            return length
    return 0


def _place_at(text: str, position: int, index: OrgIndex) -> bool:
    """A place name starts at ``position`` (新华社北京1月5日电)."""
    places = index.places
    return any(places.has(text[position : position + n]) for n in places.lengths.get(text[position : position + 2], ()))


def _place_before(text: str, start: int, index: OrgIndex) -> int:
    """Where a country, province or city written right before ``start`` begins (or ``start``), the longest."""
    for length in index.region_ends.get(text[start - 1 : start], ()) if start else ():
        if length <= start and text[start - length : start] in index.regions:
            return start - length
    return start


def _runs_on(text: str, end: int, word: str, kind: str, index: OrgIndex) -> bool:
    """The suffix continues into a longer ordinary word (局长, 部门, 银行业, 队员): not a name's end; but a title
    after it is a word of its own (业务部主任, 个人业务部理财师), and so is a word that follows names (教育局派人,
    索尼公司员工), except what an organisation has (相信公司股价: org_holdings)."""
    if starts_at(text, end, index.right_stop_long):
        return not starts_at(text, end, index.follow) or starts_at(text, end, index.holdings)
    if word[-1] == "会" and text[end : end + 1] in _MEETING and not text.startswith("议会", end):
        return True  # 磋商会议: the suffix's 会 starts 会议, 会谈 … (but 商会会长, 欧洲委员会议会大会)
    if len(word) > 1:
        return False
    stops = index.team_right_stop if kind == "team" else index.right_stop
    return text[end : end + 1] in stops and not starts_at(text, end, index.titles)


def _from_suffix(match: regex.Match[str], index: OrgIndex) -> Fields | None:
    text = match.string
    start, end = match.span("suf")
    suffix = text[start:end]
    kind = index.kinds.get(suffix, "plain")
    if not _ends_a_name(text, start, end, kind, index):
        return None
    first = _walk_left(text, start, index)
    if first == start:
        return None  # nothing to walk over (the usual rejection): no name, and nothing to cut
    if _LATIN.match(text, first) and _LATIN.match(text[first - 1 : first]):
        return None  # a Latin name longer than a name may be, cut inside a word (S|axo Capital Markets Pte Ltd)
    first = _cut(text, first, start, index)
    if suffix in _FACILITIES:
        first = _facility_start(text, first, start, index)
    elif suffix in _ARMIES:
        first = _army_start(text, first, start, index)
    if kind == "team":  # one team to a name: 维冈队vs西布朗维奇队, 中国队击败韩国队
        other = text.rfind(suffix, first, start)
        first = first if other < 0 else other + len(suffix)
    if first == start:
        return None  # no name before the suffix
    if start - first >= 2 and text[first] == text[first + 1] and starts_at(text, first + 1, index.admin):
        first += 1  # a doubled abbreviation (由镇镇经发办牵头) is a typo
    head = _head(text, first, start, index)
    if head is None:
        inner = _inner_start(text, first, start, end, index)
        if inner == first and (
            kind in ("team", "weak") or (kind == "needs_head" and not _holds_org(text[first:start], index))
        ):
            inner = _place_start(text, first, start, index)
        if inner != first:  # the same start would have no head again
            first, head = inner, _head(text, inner, start, index)
        elif kind == "team" and (club := _club_start(text, first, start, index)) is not None:
            first, head = club, "club"
        elif suffix in _FOREIGN_NAMED and (named := _club_start(text, first, start, index)) is not None:
            first, head = _translit_lead(text, max(first, named - 2), named, index), "foreign"
        elif suffix in index.armed and text[start - 1] in index.people.country_initials:
            first, head = start - 1, "country"  # 美陆军, 俄海军
        elif (named := _after_person_name(text, first, start, index)) is not None:
            first, head = named
    name = text[first:start]
    if len(name) == 1 and suffix.startswith(name):
        return None  # 该村村委会, 各村委会: the abbreviation only repeats the suffix's 村
    if len(name) > len(suffix) + 1 and name.endswith(suffix):
        return Fields(span=(first, start))  # 华宝信托信托经理, 长城证券证券分析师: the firm, then a trade's title
    if (
        ends_at(name, len(name), index.name_end_stop)
        and (suffix in _MEASURE_SUFFIXES or not _ORDINAL_END.search(name))
        and _place_ending(text, first, start, index) < 0
    ):
        # 上海一银行, 天津设立分行: a description or a verb, not a name (but 平湖市第一人民医院 is one, and so is
        # 多伦多大学: a place's name ends there)
        return None
    if name[-1] in _KIND_ENDS and head != "known":
        return None  # 科技类公司, 偏债型基金, 全国性银行: a kind of body (but 华安红利精选混合型基金 is a fund's name)
    if _COUNTED_OR_RANKED.search(name):
        return None  # 四地分公司, 三省一市代表团, 世界第二大软件公司: a count or a rank describes, it names nothing
    if _ONE_COUNT.search(name):
        return None  # 这一类公司, 还送一辆汽车, 上一轮小公司 …: a count, then the suffix as a common noun
    if head is None and ends_at(name, len(name), index.cut_in_names) and not _legal_form(suffix):
        # 单一控股公司, 综合考察公司价值: with no place or known name before it, a description (but 华奕管理咨询有限公司
        # is a registered name)
        return None
    if kind in ("business", "venue") and head == "admin" and name.startswith("国家"):
        head = None  # 国家 heads a body (国家数据局), not a company or a venue (国家队基金, 国家航空运输市场)
    if kind == "business":  # a company's short name (万通地产, 星石投资), or a longer one after a place or a known name
        ok = 2 <= len(name) <= MAX_BRAND or head is not None
        ok = ok and not _place_only(name, index)
        ok = ok and (head is not None or not _no_brand(name, index))
        ok = ok and not (head == "known" and _known_then_words(text, first, start, index))
    elif kind == "venue":  # 大润发超市, 义乌小商品市场; but 中国市场 is a market, not a place of business
        ok = head is not None and not _holds_org(name, index) and not _place_only(name, index)
        ok = ok and not (suffix == "市场" and _whole_market(name, head, index))
    elif kind == "department":
        ok = _university_department(name, index)
    elif kind != "plain":
        ok = head is not None or _holds_org(name, index)
    else:
        ok = len(name) >= 2 or (head is not None and suffix not in index.company)  # 省公司, 市公司: a branch, unnamed
        ok = ok and not (head is None and suffix.endswith(index.company_ends) and starts_at(name, 0, index.not_brand))
        ok = ok and not (head == "place" and suffix in index.company and _place_then_sector(name, index))
    if not ok or (suffix in index.country_generic and _country(name, index)):
        return None
    if suffix in _PLACE_GENERIC and _region(name, index):
        return None  # 香港公司, 上海企业: companies of a place; 北京厅: a hall of the Great Hall of the People
    if text[first - 1 : first] in _ONE_OF and head == "place" and _place_only(name, index):
        return None  # 一家德国银行, 这家法国银行, 该日本保险公司: one of a place's banks, described, not named
    if _generic(name, index) and not (head is not None and _legal_form(suffix)) and not _state_body(name, kind):
        return None  # 一家科技有限公司, 国内知名物流公司; but 国家能源投资集团有限责任公司 is registered so
    if head is None and fills_title(text, first, end):
        return None  # 《怪物公司》: a film's title (a paper with a place, 《平湖日报》, stays: an optional org)
    return Fields(span=(first, end))


def _ends_a_name(text: str, start: int, end: int, kind: str, index: OrgIndex) -> bool:
    """Whether the suffix at ``[start, end)`` can end a name, judged from the words around it alone."""
    if _division_committee(text, start, end, index):
        return True
    suffix = text[start:end]
    if _runs_on(text, end, suffix, kind, index):
        return False
    if _LATIN.match(suffix[-1]) and (_LATIN.match(text, end) or _NEXT_LATIN_WORD.match(text, end)):
        return False  # SMALLCELL holds LLC, Incoming Inc: a Latin suffix ends a word; Hodges Capital Management goes on
    if (
        ends_at(text, end, index.left_stop)
        and not _suffix_holds_word(text, start, end, index)
        and not _hospital_department(text, end, index)
    ):
        return False  # 主办, 格局, 团队: the suffix is the end of an ordinary word (but 民政局 holds 政局)
    if starts_at(text, start, index.suffix_words):
        return False  # 方岩所说: the suffix's character starts an ordinary word
    if suffix in index.own_title and not text.startswith((f"{suffix}长", f"副{suffix}长"), end):
        return False  # 处 ends a name only before its head's title (综合处处长), not in 处于 or 入口处
    if kind in _WEAK_KINDS and not _clean_end(text, end, index, titles=kind != "business"):
        return False  # a weak suffix needs a visible end (万通地产表示, not 平湖投资环境)
    if suffix in _MEASURE_SUFFIXES and text[start - 1 : start].isdigit():
        return False  # a measure word after a count (影片39部, 3局), not a name's suffix; but 汉诺威96队 is a club
    if end - start == 1 and (_name_after_title(text, end, index) or _ends_dotted_name(text, end)):
        return False  # 总裁杨科说, 主帅布兰科的, 特工亚历山大·利特维年科: a person's last character, not a department
    # 住建部联合发改委: a known body joined to another (org.known reports it), not a name's end
    return not _joined_known(text, end, index)


def _university_department(name: str, index: OrgIndex) -> bool:
    """The name before 系 is a university's or a college's, then the department's own short name (北京大学中文系);
    大学 or 学院 alone names none (某大学新闻系)."""
    for university in index.universities:
        at = name.rfind(university)
        named = at > 0 or university in index.known
        if at >= 0 and named and 1 <= len(name) - at - len(university) <= DEPARTMENT_MAX:
            return True
    return False


def _ends_dotted_name(text: str, end: int) -> bool:
    """The Chinese characters before ``end`` are the last part of a name written with dots or hyphens
    (亚历山大·利特维年科, 阿吉亚尔-布兰科); not all of them need be transliteration characters (年)."""
    begin = end - 1
    while begin > max(0, end - DOTTED_PART_MAX) and han_at(text, begin - 1):
        begin -= 1
    joiner = text[begin - 1 : begin]
    # a hyphen counts between Chinese characters only (not 2024-12, A-股)
    return begin < end - 1 and joiner in NAME_JOINERS and (joiner in DOTS or han_at(text, begin - 2))


_HOSPITALS = ("医院", "卫生院")
_DEPARTMENT_HEAD_MAX = 2  # characters between a hospital and its department's word (心内科, 小儿外科)


def _hospital_department(text: str, end: int, index: OrgIndex) -> bool:
    """A hospital's department ends at ``end`` (人民医院儿科, 协和医院心内科): the ordinary word there (儿科, 内科) is
    the department's name, written right after the hospital's or after a character or two more."""
    if text[end - 1 : end] != "科":
        return False
    for word in index.left_stop.get("科", ()):
        if text.endswith(word, 0, end):
            before = end - len(word)
            if any(text.endswith(_HOSPITALS, 0, before - extra) for extra in range(_DEPARTMENT_HEAD_MAX + 1)):
                return True
    return False


def _suffix_holds_word(text: str, start: int, end: int, index: OrgIndex) -> bool:
    """The ordinary words that end at ``end`` all lie inside a longer suffix (民政局 holds 政局): it is no piece of
    them (but the suffix 部队 is the word 部队, as a left stop says)."""
    words = index.left_stop.get(text[end - 1], ())
    return all(len(word) < end - start for word in words if text.endswith(word, 0, end))


def _joined_known(text: str, end: int, index: OrgIndex) -> bool:
    """A known organisation ends at ``end`` right after a word that joins bodies (联合, 携手: org_cut_soft)."""
    joins = index.cut_soft_ends  # by last character: most starts are ruled out by the character before them
    for length in index.known_ends.get(text[end - 1], ()):
        begin = end - length
        if begin > 1 and text[begin - 1] in joins and text[begin:end] in index.known and ends_at(text, begin, joins):
            return True
    return False


def _inner_start(text: str, first: int, start: int, end: int, index: OrgIndex) -> int:
    """A name without a head that ends with a known organisation starts there (代理招商银行 → 招商银行)."""
    for length in index.known_ends.get(text[end - 1], ()):  # longest first: the leftmost start
        if end - start < length < end - first and text[end - length : end] in index.known:
            return end - length
    return first


_APPOINTED = ("出任", "担任", "兼任", "调任", "任")  # between a person's name and a body: 邱水平任北京大学党委书记


def _after_person_name(text: str, first: int, start: int, index: OrgIndex) -> tuple[int, str] | None:
    """Where a headless name's head starts after a person's name run into it, in lists of experts written with
    spaces and no punctuation (教授 袁凤兰中国人民解放军第307医院淋巴瘤科主任 → 中国人民解放军第307医院淋巴瘤科), or
    in appointments (邱水平任北京大学党委书记 → 北京大学党委), and
    what it is: only at the start of such a run (an appointment may follow a verb: 接替张亚勤任), after a name with
    a surname seldom a word (not 任谷歌, 武警广东), a known one (马化腾) or one appointed (马俊杰任), and before a
    place or a known organisation (not 胡志明国家政治学院)."""
    run_start = not han_at(text, first - 1)
    people = index.people
    titled = run_start and _title_before(text, first, index)  # 主任医师 常建民中国室内装饰协会: 常 is a name's
    for length in (3, 2, 4):
        after = first + length
        name = text[first:after]
        appointed = next((len(word) for word in _APPOINTED if text.startswith(word, after, start)), 0)
        if (run_start or appointed) and after < start and reads_as_chinese_name(name, people) and (
            appointed or titled or name in people.people or not vague_surname(name, people)
        ):
            after += appointed
            head = _head(text, after, start, index)
            if head in ("place", "known"):
                return after, head
    return None


def _title_before(text: str, first: int, index: OrgIndex) -> bool:
    """A person's title, then spaces, right before ``first`` (教授 袁凤兰…, 主任医师 常建民…)."""
    end = first
    while end > 0 and text[end - 1] in " \u3000":
        end -= 1
    return end < first and ends_at(text, end, index.people.titles)


def _place_start(text: str, first: int, start: int, index: OrgIndex) -> int:
    """A team, a body that needs a head, or a weak suffix's name, is named by its places: where the chain of place
    names that ends the name starts, each the longest that ends where the next begins (反观广东队 → 广东队, 为满足法国
    海军 → 法国海军, 并获西安市雁塔区人民法院 → 西安市雁塔区人民法院, 时任浙江省委 → 浙江省委), else ``first``."""
    begin = _chain_start(text, first + 1, start, index)
    return begin if begin < start else first


FACILITY_NAME = 5  # characters of an airport's own name after its place's (本-古里安, 哈利姆, 天府)
_FACILITIES = frozenset({"国际机场", "火车站", "高铁站"})  # named by the place they serve, and a name of their own


def _facility_start(text: str, first: int, start: int, index: OrgIndex) -> int:
    """Where an airport's or a station's name starts: the chain of places that ends at most FACILITY_NAME characters
    before its suffix (上海浦东国际机场, 雅加达哈利姆国际机场; not 法国运抵上海浦东国际机场);
    ``start`` (no name) when no place is there."""
    for end in range(start, max(first, start - FACILITY_NAME - 1), -1):
        if (begin := _chain_start(text, first, end, index)) < end:
            return begin
    return start


_ARMIES = frozenset({"军队", "国防军"})  # a country's: its name is its places alone (以色列军队, 法国驻尼日尔军队)


def _army_start(text: str, first: int, start: int, index: OrgIndex) -> int:
    """Where a country's army's name starts: the chain of places right before its suffix, and a place stationing it
    (法国驻尼日尔军队); ``start`` (no name) when the suffix follows no place (向乌克兰派遣军队, 从叙利亚撤出军队)."""
    begin = _chain_start(text, first, start, index)
    if begin < start and begin > first and text[begin - 1] == "驻":
        abroad = _chain_start(text, first, begin - 1, index)
        return abroad if abroad < begin - 1 else begin
    return begin


def _chain_start(text: str, first: int, end: int, index: OrgIndex) -> int:
    """Where the chain of place names that ends at ``end`` starts, not before ``first``; ``end`` when none does."""
    begin = end
    while (found := _place_ending(text, first, begin, index)) >= 0:
        begin = found
    return begin


def _place_ending(text: str, low: int, end: int, index: OrgIndex) -> int:
    """Where the longest place name of two characters or more that ends at ``end`` starts, not before ``low``; -1
    when none does."""
    places = index.places
    return next((begin for begin in range(low, end - 1) if places.has(text[begin:end])), -1)


def _team_at_end(text: str, start: int, end: int, index: OrgIndex) -> int:
    """Where the longest known organisation or place of two characters or more that ends at ``end`` starts, not
    before ``start``; ``start`` when none does."""
    lengths = index.known_ends.get(text[end - 1], ())
    begins = [end - n for n in lengths if n <= end - start and text[end - n : end] in index.known]
    if (place := _place_ending(text, start, end, index)) >= 0:
        begins.append(place)
    return min(begins, default=start)


def _translit_lead(text: str, low: int, begin: int, index: OrgIndex) -> int:
    """Where a transliterated name that ``begin`` starts really starts: up to two characters before it that
    transliterate too but are too common to count as such alone (卡内基梅隆大学, 麦克马斯特大学: org_translit_lead)."""
    while begin > low and (text[begin - 1] in index.translit_lead or text[begin - 1] in index.people.translit):
        begin -= 1
    return begin


def _club_start(text: str, first: int, start: int, index: OrgIndex) -> int | None:
    """Where a foreign club's transliterated name before a team suffix starts (马洛卡队, 卡尔斯鲁厄队): three or more
    characters of transliterated names (rules/person.toml), else None. Two are too often a person's (梅西队)."""
    begin = transliteration_start(text, start, first, index.people)
    return begin if start - begin >= CLUB_MIN else None


def _name_after_title(text: str, end: int, index: OrgIndex) -> bool:
    """A person's name ends at ``end``, written right after a title (rules/person.toml): a Chinese name of two or
    three characters, or a transliterated one of three to six."""
    for length in range(2, 7):
        begin = end - length
        if begin < 1:
            break
        if ends_at(text, begin, index.people.titles):
            name = text[begin:end]
            if reads_as_chinese_name(name, index.people) or (length >= 3 and index.people.translit.issuperset(name)):
                return True
    return False


def _clean_start(text: str, start: int, index: OrgIndex) -> bool:
    """The name visibly starts here: after punctuation, a space or a line's start (，腾讯迅速, 新闻联播）：联合国),
    after a preposition, conjunction or particle (但渣打仍, 在阿森纳逐渐, 路上的招行网点, 收到了招行; not after 着:
    骑着小摩托车), after a verb or time word of two characters or more that starts names (org_cut: 离开欧盟可能,
    击退俄军进攻), or after a date written in digits (2008年招行)."""
    if not han_at(text, start - 1) or text[start - 1] in _OPENERS or ends_at(text, start, index.cut_ends):
        return True
    return text[start - 1] in "年月日" and text[start - 2 : start - 1].isdigit()  # a date: 2008年招行信用卡


def _clean_end(text: str, end: int, index: OrgIndex, titles: bool = True) -> bool:
    """The name visibly ends here: not a Han character next, a word that follows names (的, 表示, 董事长), a title
    of its people (个人业务部理财师: not after a company's short name, ``titles`` false, where 投资, 能源 and 化工 are
    the field of a title: 首席投资策略师, 欧盟能源专员, 文化工作者), or one of its people with a post after the name
    (执法局颜鲲副局长)."""
    if not han_at(text, end):
        return True
    follow = index.follow if titles else index.follow_plain
    return starts_at(text, end, follow) or _person_with_post(text, end, index)


def _division_committee(text: str, start: int, end: int, index: OrgIndex) -> bool:
    """A division's party committee (省委, 市委, 县委, 区委) ends its name whatever follows (江西省委理论学习中心组,
    湖北省委主要负责同志), but not where 委 starts a word (委员, 夜市委托): the rule's look-ahead, read again here."""
    return (
        text[start:end] == "委"
        and text[start - 1 : start] in index.division_ends
        and text[end : end + 1] not in index.committee_words
    )


_SPEAKING = ("表示", "认为", "指出", "分析", "介绍", "坦言", "称", "说")  # an analyst quoted after the firm: 天弘基金陈国光表示


def _person_with_post(text: str, position: int, index: OrgIndex) -> bool:
    """A Chinese name of two or three characters starts at ``position``, with a post written after it (副局长, 主任),
    or a verb of saying (天弘基金陈国光表示: a firm's analyst quoted)."""
    for length in (3, 2):
        after = position + length
        if (text.startswith(index.posts, after) or text.startswith(_SPEAKING, after)) and reads_as_chinese_name(
            text[position : position + length], index.people
        ):
            return True
    return False


def _holds_org(name: str, index: OrgIndex) -> bool:
    """The name holds a whole organisation: 市商务局 in 市商务局商贸流通科 (a strong suffix after a name)."""
    found = index.strong_pattern.search(name, 1) if index.strong_pattern is not None else None
    return found is not None


def _no_brand(name: str, index: OrgIndex) -> bool:
    """With nothing in front of it, the name before a business suffix is no company's short name: it ends with a
    description word after other words (做价值投资), starts with a description or a verb (热门基金, 覆盖能源:
    org_not_brand), or is a person's full name, known or read as one: a person acting (杨宝忠投资的平均年化收益率,
    得到薛蛮子投资), seldom a company (金力泰股份 is one, and is lost)."""
    if _generic_tail(name, index) or starts_at(name, 0, index.not_brand):
        return True
    return len(name) >= 3 and (name in index.people.known or reads_as_chinese_name(name, index.people))


def _leading_place(name: str, index: OrgIndex) -> int:
    """The length of the longest place name the name starts with (0: none)."""
    places = index.places
    return next((n for n in places.lengths.get(name[:2], ()) if n <= len(name) and places.has(name[:n])), 0)


def _place_only(name: str, index: OrgIndex) -> bool:
    """A place and description words only (平湖投资, 浙江新能源): the words of a phrase, not a name."""
    length = _leading_place(name, index)
    return length > 0 and (length == len(name) or _generic(name[length:], index))


def _place_then_sector(name: str, index: OrgIndex) -> bool:
    """A place, then a sector among description words only (中国科技公司, 美国两大科技公司): a company described, not
    named. Without a sector (美国航空公司, 德国商业银行) the name stands, unless a word of size comes first (日本大型电子公司)."""
    length = _leading_place(name, index)
    if not 0 < length < len(name):
        return False
    return name.startswith(_SIZE_WORDS, length) or _described_sector(name[length:], index)


def _described_sector(words: str, index: OrgIndex) -> bool:
    """``words`` are description words and sectors only, one sector at least (两大科技, 游戏)."""
    found = _split_words(words, index.described, index.described_lengths)
    return found is not None and any(word in index.sector for word in found)


def _whole_market(name: str, head: str | None, index: OrgIndex) -> bool:
    """A market of a country, a bloc or a trade (中国内地市场, 美国国债市场, 欧盟市场, 全国统一电力大市场, 央行公开市场),
    not a marketplace: those are named after a town or a district of China (义乌小商品市场, 回龙观鑫地市场); nor is
    one of two countries (中美金融市场)."""
    if head in ("known", "admin") or starts_at(name, 0, index.head_place):
        return True
    length = _leading_place(name, index)
    return length > 0 and any(place.world for place in index.places.readings(name[:length]) or ())


def _country(name: str, index: OrgIndex) -> bool:
    """The name is a country's or a continent's, and nothing more: before 大学 or 公司 that makes a description
    (美国大学, 日本公司, 亚洲大学排行榜). With words between, it is often a name (中国农业大学, 美国航空公司), so those
    are left alone."""
    return any(place.world and place.level in _WIDE for place in index.places.readings(name) or ())


def _region(name: str, index: OrgIndex) -> bool:
    """The name is a province's, a prefecture's or a country's, and nothing more; a county's or a feature's name is
    often a brand too (金山公司, 长江公司)."""
    return name in index.people.regions and not any(
        place.level in ("county", "town", "feature") for place in index.places.readings(name) or ()
    )


def _known_then_words(text: str, first: int, start: int, index: OrgIndex) -> bool:
    """A known organisation, then description words only, before the suffix: a phrase about it (博时基金价值投资:
    its value investing), whose organisation org.known reports."""
    length = _known_length(text, first, start - 1, index)  # the longest known name that leaves a word after it
    return length > 0 and _generic(text[first + length : start], index)


def _generic_tail(name: str, index: OrgIndex) -> bool:
    """The name ends with a description word after other words (做价值投资, 扩大有效投资, 激发民间投资): a phrase,
    not a company's short name. A description that is a suffix itself (普凯投资基金) leaves the name standing."""
    for length in index.generic_lengths:
        tail = name[-length:]
        if 2 <= length < len(name) and tail in index.generic_set and tail not in index.kinds:
            return True
    return False


def _name_char(ch: str, index: OrgIndex) -> bool:
    if ch in index.boundary:
        return False
    return ("\u4e00" <= ch <= "\u9fff") or (ch.isascii() and ch.isalnum()) or ("０" <= ch <= "９") or (
        "Ａ" <= ch <= "ｚ"
    )


def _walk_left(text: str, start: int, index: OrgIndex) -> int:
    """The leftmost start of the run of name characters that ends at ``start``."""
    i = start
    limit = max(0, start - MAX_NAME)
    boundary = index.boundary
    latin = _LATIN.match(text, start) is not None  # a Latin suffix ends a Latin name: Black Peak Capital, Fred's Inc
    while i > limit:
        ch = text[i - 1]
        if "\u4e00" <= ch <= "\u9fff" and ch not in boundary:
            if latin:
                break  # 投资顾问公司Black Peak Capital: the description before it is no part of the name
            i -= 1  # the usual case, a Han character of the name (as _name_char would say)
            continue
        if latin and ch in "'’" and i - 2 >= limit and _LATIN.match(text, i - 2) and _LATIN.match(text, i):
            i -= 1  # Fred's Inc
            continue
        if ch in _OPEN:  # a parenthesised place or short note inside the name: 博大科热控设备(平湖)有限公司
            j = text.rfind(_OPEN[ch], max(limit, i - 12), i - 1)
            inner = text[j + 1 : i - 1] if j >= 0 else ""
            if j > limit and inner and all(_name_char(c, index) for c in inner) and not inner.isdigit():
                i = j
                continue
            break
        if _name_char(ch, index):
            i -= 1
            continue
        if ch in _JOINERS and i - 2 >= limit and _name_char(text[i - 2], index) and i < start:
            i -= 1
            continue
        if ch == " " and i - 2 >= limit and _LATIN.match(text, i - 2) and _LATIN.match(text, i):
            i -= 1  # between two Latin words of one name: CDK Global公司, Alphabet Inc.
            continue
        if ch in index.over_chars and _word_over(text, i - 1, start, index):
            i -= 1  # a place or known name spanning a boundary: 和平区
            continue
        word_start = _name_word_over(text, i - 1, start, index)
        if word_start >= limit:
            i = word_start  # a word of names that holds a boundary character: 国家, 数据 (国家数据局)
            continue
        break
    return i


def _name_word_over(text: str, position: int, limit: int, index: OrgIndex) -> int:
    """Where a word of ``org_name_words`` that holds the boundary character at ``position`` starts, when it
    ends by ``limit``; else -1."""
    for word, offset in index.name_words.get(text[position], ()):
        begin = position - offset
        if begin >= 0 and begin + len(word) <= limit and text.startswith(word, begin):
            if word[0] == "家" and text[begin - 1 : begin] in _BEFORE_MEASURE_JIA:
                continue  # 一家电动车公司, 这家电动车公司: 家 counts there (家电 is no name word)
            return begin
    return -1


def _by_boundary_char(words: Iterable[str], boundary: set[str]) -> dict[str, tuple[tuple[str, int], ...]]:
    """Each boundary character → the words holding it, with its offset in each, longest word first."""
    found: dict[str, list[tuple[str, int]]] = {}
    for word in sorted(words, key=len, reverse=True):
        for offset, char in enumerate(word):
            if char in boundary:
                found.setdefault(char, []).append((word, offset))
    return {char: tuple(pairs) for char, pairs in found.items()}


def _word_over(text: str, position: int, limit: int, index: OrgIndex) -> bool:
    """A place or known organisation starting at ``position`` or up to three characters before it (和平区,
    哥伦比亚广播公司), ending by ``limit``. A place only where it may be reported: thousands of towns' short names
    are two ordinary characters (阿曼等代表团 holds 曼等), but 巨各庄 after 密云区 is the town."""
    places = index.places
    for begin in range(position, position - 4, -1):
        if begin < 0:
            continue
        for length in places.lengths.get(text[begin : begin + 2], ()):
            if position < begin + length <= limit and reportable(text[begin : begin + length], text, begin, places):
                return True
        for length in index.known_lengths.get(text[begin : begin + 2], ()):
            if position < begin + length <= limit and text[begin : begin + length] in index.known:
                return True
    return False


def _cut(text: str, first: int, start: int, index: OrgIndex) -> int:
    """Drop leading dates and numbers, and everything up to the last verb or time word (to a head, for the
    soft ones: 我市主动联合上海市金山区人民政府 → 上海市金山区人民政府)."""
    first = _after_leading_numbers(text, first, start)
    stretch = text[first:start]
    # A cut word may start on the boundary the walk stopped at (并购中介公司: 并 is a boundary character).
    lead = max(first - 1, 0)
    if not index.cut.keys().isdisjoint(text[lead:start]):  # most names hold no character a cut word starts with
        first = max(first, _after_last_cut(text, lead, start, index))
    if not index.person_verbs.isdisjoint(text[first:start]):
        first = _after_person_and_verb(text, first, start, index)
    if text[first : first + 1] in _CN_COUNT_FIRST and not _place_at(text, first, index):  # not 五家渠市
        count = _CN_COUNT.match(text, first, start)
        if count is not None and (count.end() - first > 2 or _place_at(text, count.end(), index)):
            # 发现一架俄罗斯空军飞机: a count in words, then a place that heads the name; a count of two numerals
            # or more is no name's start whatever follows (七千多台友利银行), where one may be (万家乐, 百家号)
            first = count.end()
    if (several := _SEVERAL.search(text, first, start)) is not None:
        first = several.end()  # 辽宁省多支救援队: several bodies of a place, no name (the count's end leaves no head)
    if not index.cut_soft.keys().isdisjoint(stretch):
        for end in reversed(_word_ends(text, first, start, index.cut_soft)):
            if end < start and _head(text, end, start, index):
                return end
    if not _AMOUNT_CHARS.isdisjoint(text[first:start]):
        amount = _AMOUNT.search(text, first, start)
        while amount:
            first = amount.end()
            amount = _AMOUNT.search(text, first, start)
    return first


def _after_person_and_verb(text: str, first: int, start: int, index: OrgIndex) -> int:
    """Past the last known person and the verb after them (org_person_verb: 习近平致国防科技大学, 李开复任研究院): the
    person acts on the organisation; a person's name right before a suffix stays in the name (宋庆龄基金会)."""
    people = index.people.people
    for position in range(start - 1, first + 1, -1):
        if text[position] in index.person_verbs:
            for length in (4, 3, 2):
                if position - length >= first and text[position - length : position] in people:
                    return position + 1
    return first


def _after_leading_numbers(text: str, first: int, start: int) -> int:
    """Past the dates, numbers and stock codes a walk took in before a name (2024年, 04.学院, 600408.SH安泰集团):
    a name starts with neither a joiner nor a space, nor with a number a joiner follows (3M and 58同城 do). The
    pattern repeats its forms greedily, so one match takes in every one of them in a row."""
    skip = _LEADING_NUMBERS.match(text, first, start) if text[first : first + 1] in _NUMBER_FIRST else None
    return first if skip is None else skip.end()


def _after_last_cut(text: str, first: int, start: int, index: OrgIndex) -> int:
    """Where the last cut word before ``start`` ends, or ``first``. Each position counts with its longest word
    that ends by ``start``, and not at all when that word ends at ``start`` (the name is left), nor when it is two
    characters and its last starts a country, province or city (被告上海携程…: 告上 of 告上法庭 would cut 上海), nor
    when it ends a longer word that cuts nothing (汇率 holds 率), nor when it names a trade (org_cut_in_names) and
    another word of a trade follows it (org_trade_tail: 咨询管理, 控股管理)."""
    last = first
    for position in range(first, start):
        for word in index.cut.get(text[position], ()):
            if text.startswith(word, position, start):
                end = position + len(word)
                # a two-character word's last character may start a place (告上海), a longer one's not (生产商洛克希德)
                inside = len(word) == 2 and _region_at(text, end - 1, index)
                inside = inside or _inside_word(text, position, end, index)
                # a trade, then another word of the trade: a name's (凯奕投资咨询管理有限公司, 华奕咨询服务有限公司)
                inside = inside or (word in index.in_names and text.startswith(index.trade_tails, end))
                if last < end < start and not inside:
                    last = end
                break
    return last


def _inside_word(text: str, position: int, end: int, index: OrgIndex) -> bool:
    """The cut word at ``[position, end)`` ends a longer word that cuts nothing (汇率 holds 率)."""
    words = index.cut_word_ends.get(text[end - 1], ())
    return any(len(word) > end - position and text.endswith(word, 0, end) for word in words)


def _national(canonical: str, kind: str, index: OrgIndex) -> bool:
    """A body that, named alone, is China's: 中国人民银行 (央行), or a government body's generic name (外交部,
    国家统计局: no place at its start, a suffix at its end), not a name of its own (白宫, 美国联邦储备委员会)."""
    if canonical.startswith("中国"):
        return True
    if kind != "government" or _place_at(canonical, 0, index):
        return False
    if canonical.endswith(_NATIONAL_ENDS):
        return True  # 国务院, 最高人民检察院: 院 ends no name alone (org_suffix leaves it out)
    return _suffix_length(canonical, index) > 0


def _names_china(place: str, index: OrgIndex) -> bool:
    """The place written before a national body is China (中国商务部); any other, a country's (美国农业部, 俄外交部)
    or a province's or city's (湖北国资委, 浙江省发改委), makes the body that place's."""
    return place not in index.country_short and any(r.name == "中国" for r in index.places.readings(place) or ())


def _country_short_before(text: str, start: int, index: OrgIndex) -> bool:
    """A country's one-character name (org_country_short) right before ``start``, itself after a clean start:
    no Han character, or a word after which a name starts (。俄外交部, 与乌国防部; not 9日银监会)."""
    if text[start - 1 : start] not in index.country_short:
        return False
    return start < 2 or not han_at(text, start - 2) or text[start - 2] in _OPENERS


def _city_into(text: str, start: int, index: OrgIndex) -> bool:
    """A Chinese province's or city's name runs into ``start`` (北京东方 holds no 京东方); a country's does not count,
    its one-character short form being written before bodies (美国防部: 美 and 国防部)."""
    length = _region_at(text, start - 1, index)
    places = index.places.readings(text[start - 1 : start - 1 + length]) if length > 1 else None
    return bool(places) and not any(place.world for place in places)


def _region_at(text: str, position: int, index: OrgIndex) -> int:
    """The length of the longest country, province or city starting at ``position`` (0: none)."""
    lengths = index.region_starts.get(text[position : position + 2], ())
    return next((n for n in lengths if text[position : position + n] in index.regions), 0)


def _word_ends(text: str, first: int, start: int, words: Grouped) -> list[int]:
    """Where the words found from left to right, without overlaps, end (the longest first at a position)."""
    ends = []
    position = first
    while position < start:
        for word in words.get(text[position], ()):
            if text.startswith(word, position, start):
                position += len(word)
                ends.append(position)
                break
        else:
            position += 1
    return ends


def _head(text: str, first: int, start: int, index: OrgIndex) -> str | None:
    """What the name starts with: an administrative abbreviation, a known organisation or a place."""
    if starts_at(text, first, index.admin) and not starts_at(text, first, index.admin_not):
        return "admin"
    if _known_at(text, first, start, index):
        return "known"
    if starts_at(text, first, index.head_place):
        return "place"  # 中日友好医院, 中华医学会: China, with another country or alone
    pair = text[first : first + 2]
    places = index.places
    for length in places.lengths.get(pair, ()):
        if length > start - first:
            continue
        word = text[first : first + length]
        readings = places.readings(word)
        if readings and word not in places.stop and any(p.world or p.level != "town" or not p.short or p.as_is
                                                        for p in readings):  # a famous town's short name (乌镇) too
            return "place"
    return None


def _state_body(name: str, kind: str) -> bool:
    """国家 or 中央 heads a body whose field is a description word (国家电影局, 中央办公厅); not a company or a
    market (中央预算内投资, 国家队基金), and 全国 heads a whole class (全国海关, 全国统一大市场)."""
    return name.startswith(("国家", "中央")) and kind not in ("business", "venue")


def _legal_form(suffix: str) -> bool:
    """A company's legal form (有限公司, 股份有限公司): a name with a head before it is a registered name, even when
    its words are description words."""
    return "有限" in suffix or "股份" in suffix


def _known_at(text: str, first: int, start: int, index: OrgIndex) -> bool:
    """A known organisation's name starts at ``first`` and ends by ``start``."""
    return _known_length(text, first, start, index) > 0


def _known_length(text: str, first: int, end: int, index: OrgIndex) -> int:
    """The length of the longest known organisation's name that starts at ``first`` and ends by ``end`` (0: none)."""
    for length in index.known_lengths.get(text[first : first + 2], ()):
        if length <= end - first and text[first : first + length] in index.known:
            return length
    return 0


def _generic(name: str, index: OrgIndex) -> bool:
    """Only description words (国内知名物流 → 国内 知名 物流): not a name."""
    return _split_words(name, index.generic_set, index.generic_lengths) is not None


def _split_words(text: str, words: Set[str], lengths: list[int]) -> list[str] | None:
    """``text`` cut into ``words``, the longest first at each step (``lengths``: theirs, longest first); None when
    some of it is none of them."""
    found = []
    rest = text
    while rest:
        for length in lengths:
            word = rest[:length]
            if word in words:
                found.append(word)
                rest = rest[length:]
                break
        else:
            return None
    return found
