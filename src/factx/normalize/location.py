"""Locations: walk the place lexicons from an anchor, grow the longest chain, check it, describe it.

The rule (rules/location.toml) is anchored on the place lexicons, so this runs only where a place name
starts. From there: the longest name; then adjacent names each inside the one before (浙江省嘉兴市平湖市,
上海市金山区, 平湖市新仓镇, 中国浙江, 美国纽约), reported as one span (``Fields.span``). A lone name is
reported when it is unambiguous enough (see the rule file's header); a county's or town's short name needs
support: one of its parents named within ``SUPPORT_WINDOW`` characters.

Lexicons read (names are the contract with rules/location.toml): ``gazetteer`` (every division: name,
canonical, level, province, city, code), ``place_world`` (name, canonical, kind), ``place_area`` (word =
province), ``place_stop``, ``place_needs_support``, ``place_famous``, ``place_right_stop`` (and ``_not``),
``place_feature_heads``, ``place_feature_words``, ``place_suffix_words``, ``place_word_before``, ``place_word_across``,
``place_word_after``, ``place_surname_plain``, ``place_beyond_countries``, ``place_compass``, ``place_village_generic``,
``place_village_stop``; and
rules/person.toml's ``person_translit``, the characters of transliterated names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from factx.engine.compiler import CompiledRule, RuleSet
from factx.normalize.fields import Context, Fields
from factx.normalize.words import by_char, ends_at, fills_title, starts_at

SUPPORT_WINDOW = 1000
CHAIN_MAX = 5
VILLAGE_NAME_MAX = 4  # characters of a village's name before 村 (鱼圻塘村, 第六埠村)
LEVEL_RANK = {"province": 0, "city": 1, "county": 2, "town": 3}
READ_MAX = 100_000  # words remembered (most name no place: 70,000 over the 5 MB corpus), then forgotten
_FORMER_SUFFIXES = frozenset("县市")  # a county or a county-level city before it became a district or a city
_FORMER_TOWN_SUFFIXES = frozenset("镇乡")  # a township before it became a town, a town before a sub-district
_ISLAND = "岛"  # after a Chinese place's short name, the island named after it (崇明岛, 平潭岛, 涠洲岛)
_SAR = "特区"  # after 香港 or 澳门, their own short form (香港特区)
_ISLAND_WORDS = ("岛屿", "岛链")  # 岛 starting a word: the islands of a place, not one named after it
# what _with_suffix may add after a short name, at most (and _SAR, two characters: _suffixed)
_AFTER_SHORT = frozenset("县区市" + _ISLAND) | _FORMER_TOWN_SUFFIXES
_TOWN_SUFFIXES = ("镇", "乡", "街道")
_COUNTY_SUFFIXES = ("县", "区")
_VILLAGE_WORD = frozenset("民委干级镇落庄寨")  # 村民, 村委, 村干部, 村级, 村镇, 村落, 村庄, 村寨: 村 starts a word


@dataclass(frozen=True, slots=True)
class Place:
    """One reading of a surface form."""

    name: str  # the canonical (full) name
    level: str  # province | city | county | town, or the world kind: country | city | region | continent | area
    province: str = ""
    city: str = ""
    county: str = ""  # towns only
    code: str = ""
    short: bool = False  # the surface form is a short name (平湖 for 平湖市)
    world: bool = False
    # names that support the reading when written near it: its full name when short, its parents' forms
    support: tuple[str, ...] = field(default=(), compare=False, repr=False)
    # the surface form read is reported alone without support (see the rule file's header): known when read
    as_is: bool = field(default=False, compare=False, repr=False)
    # the value, built once: a reading is reported many times over a corpus
    described: dict[str, str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "described", self._describe())

    def value(self) -> dict[str, str]:
        return dict(self.described)  # a copy: the caller owns its fact's value

    def _describe(self) -> dict[str, str]:
        if self.world:
            value = {"name": self.name, "kind": self.level}
            if self.province:
                value["province"] = self.province
            return value
        value = {"name": self.name}
        province = self.name if self.level == "province" else self.province
        city = self.name if self.level == "city" else self.city
        for key, text in (("province", province), ("city", city), ("county", self.county), ("code", self.code)):
            if text:
                value[key] = text
        value["level"] = self.level
        return value


_UNREAD: list[Place] = []  # marks a word not looked up yet (compared by identity)


class PlaceIndex:
    """The place lexicons as dictionaries; readings are built on first use (start-up stays fast) and
    remembered, with the words found to name no place."""

    def __init__(self, ruleset: RuleSet) -> None:
        self._gazetteer = ruleset.rows("gazetteer")
        divisions = ruleset.lexicons.get("gazetteer_divisions")
        self._divisions = divisions.rows if divisions is not None else self._gazetteer  # no towns: small
        self._world = ruleset.rows("place_world")
        self._area = ruleset.lexicon("place_area")
        self._readings: dict[str, list[Place] | None] = {}  # every word looked up: None names no place
        # Both tables read every division: built here, with the rule set, so they come from its cache.
        self._counties: dict[str, str] = {}  # county code -> name, for towns
        forms: dict[str, list[str]] = {}  # canonical name -> its surface forms
        for word, rows in self._divisions.items():
            for row in rows:
                if len(row) >= 6 and row[2] == "county" and row[5]:
                    self._counties[row[5]] = row[1]
                if len(row) >= 3 and row[2] != "town":
                    forms.setdefault(row[1], []).append(word)
        self._forms = {canonical: tuple(found) for canonical, found in forms.items()}
        lengths: dict[str, set[int]] = {}
        for table in (self._gazetteer, self._world, self._area):
            for word in table:
                if len(word) > 1:
                    lengths.setdefault(word[:2], set()).add(len(word))
        # first two characters -> the lengths of the names they start, longest first
        shared: dict[tuple[int, ...], tuple[int, ...]] = {}  # one object per distinct tuple: a smaller cache
        self.lengths = {}
        for pair, found in lengths.items():
            longest_first = tuple(sorted(found, reverse=True))
            self.lengths[pair] = shared.setdefault(longest_first, longest_first)
        self._text: str | None = None  # the text the memo below is about
        self._memo: dict[tuple[str, int], bool] = {}
        self.stop = set(ruleset.lexicon("place_stop"))
        self.village_generic = set(ruleset.lexicon("place_village_generic"))
        self.village_stop = set(ruleset.lexicon("place_village_stop"))
        self.needs_support = set(ruleset.lexicon("place_needs_support"))
        self.famous = set(ruleset.lexicon("place_famous"))
        self.right_stop = tuple(sorted(ruleset.lexicon("place_right_stop"), key=len, reverse=True))
        self.right_stop_not = tuple(ruleset.lexicon("place_right_stop_not"))
        self.compass = frozenset(ruleset.lexicon("place_compass"))
        self.feature_heads = frozenset(ruleset.lexicon("place_feature_heads"))
        self.feature_words = by_char(ruleset.lexicon("place_feature_words"), 0)
        self.suffix_words = by_char(ruleset.lexicon("place_suffix_words"), 0)
        self.words_before = by_char(ruleset.lexicon("place_word_before"), -1)  # by last character: see _in_a_word
        self.words_after = by_char(ruleset.lexicon("place_word_after"), 0)
        self.state_words = by_char(ruleset.lexicon("place_state_words"), 0)
        self.words_across = by_char(ruleset.lexicon("place_word_across"), -1)  # by last character, as words_before
        self.beyond = frozenset(ruleset.lexicon("place_beyond_countries"))
        # characters of transliterated names (rules/person.toml): see _inside_transliteration
        self.translit = frozenset(ruleset.lexicon("person_translit"))
        self.surnames = frozenset(ruleset.lexicon("place_surname_plain"))  # see normalize
        self._regions: frozenset[str] | None = None  # see regions()

    def has(self, word: str) -> bool:
        return self.readings(word) is not None

    def readings(self, word: str) -> list[Place] | None:
        """Every reading of a surface form (None when it names no place)."""
        if len(word) > 1 and len(word) not in self.lengths.get(word[:2], ()):
            return None  # no name of that length starts so (most words asked about): nothing to remember
        found = self._readings.get(word, _UNREAD)
        return self._read(word) if found is _UNREAD else found

    def _read(self, word: str) -> list[Place] | None:
        """Look the word up in the tables and remember the answer: most words asked about name no place,
        and three table lookups cost more than one dict lookup next time."""
        if len(self._readings) >= READ_MAX:
            self._readings.clear()  # bounded memory in a long run; readings are cheap to build again
        gazetteer, world = self._gazetteer.get(word, ()), self._world.get(word, ())  # one look-up each
        area = self._area.get(word)
        if not gazetteer and not world and area is None:
            self._readings[word] = None
            return None
        found: list[Place] = []
        for row in gazetteer:
            if len(row) >= 6:
                name, canonical, level, province, city, code = row[:6]
                county = self._counties.get(code[:6], "") if level == "town" else ""
                short = name != canonical
                support = self._support(word, canonical, level, province, city, county, short)
                as_is = self._as_is(word, level, short, alone=len(gazetteer) == 1)
                found.append(Place(canonical, level, province, city, county, code, short, support=support, as_is=as_is))
        for row in world:
            if len(row) >= 3:
                found.append(Place(row[1], row[2], world=True, as_is=True))
        if area is not None:
            province = str(area)
            support = self._support(word, word, "area", province, "", "", False)
            found.append(Place(word, "area", province, world=True, support=support, as_is=True))
        self._readings[word] = found
        return found

    def _as_is(self, word: str, level: str, short: bool, alone: bool) -> bool:
        """A division's name reported alone without support: see the rule file's header (the world's always are).
        A famous name (义乌, 乌镇) is, whatever its level; a town's is its short name (the town officially called
        乌镇, in Shaanxi, is not the famous one). A province's always is; a name that is also an ordinary word
        (吉林 the prefecture, 老城区) is not. A town's full name is when no other division has it and it holds
        four characters or more (大红门街道; not 城关镇, a town of hundreds of counties, nor 于城镇 of 高于城镇)."""
        if word in self.famous and (short or level != "town"):
            return True
        if level == "province":
            return True
        if word in self.needs_support:
            return False
        if level == "town":
            return alone and not short and len(word) >= 4
        return not short or level == "city"

    def _support(
        self, word: str, canonical: str, level: str, province: str, city: str, county: str, short: bool
    ) -> tuple[str, ...]:
        """The names whose presence near a reading of ``word`` supports it: its full name when short, its
        parents' forms (a town with a city is not supported by its province alone). A name holding another one
        is left out: wherever 嘉兴市 is written, so is 嘉兴, so looking for 嘉兴 alone gives the same answer. A
        name inside the word itself is left out too: it is found wherever the word is (大理, a form of the
        prefecture 大理州, does not support the county 大理市 in 重大理论); so is a parent's name holding the
        word, found wherever the word is read inside it (北戴河 does not support its town 戴河 in 北戴河)."""
        names = [canonical] if short else []
        for parent in _supporting_parents(word, level, province, city, county, short):
            names.extend(form for form in self.forms(parent) if word not in form)
        names = [name for name in dict.fromkeys(names) if name not in word]
        return tuple(name for name in names if not any(other in name for other in names if other != name))

    def regions(self) -> frozenset[str]:
        """The names (2 to 8 characters, not stop words) with a country, province or city reading: a place
        written right before a known organisation is part of its name (中国商务部; normalize/org.py), and no
        person's name after a title starts with one (normalize/person.py). Read once, then kept: both indexes
        share the set, in memory and in the rule-set cache."""
        if self._regions is None:
            self._regions = self._read_regions()
        return self._regions

    def _read_regions(self) -> frozenset[str]:
        names = {
            word
            for table in (self._gazetteer, self._world, self._area)
            for word in table
            if 2 <= len(word) <= 8 and word not in self.stop
        }
        found = frozenset(
            word
            for word in names
            if any((p.world and p.level == "country") or p.level in ("province", "city") for p in self.readings(word) or ())
        )
        self._readings.clear()  # read once, for this: not worth a place in the rule-set cache
        return found

    def forms(self, canonical: str) -> tuple[str, ...]:
        """The surface forms of a province, prefecture or county (浙江省: 浙江省, 浙江)."""
        return self._forms.get(canonical) or (canonical,)

    def at(self, text: str, start: int) -> list[tuple[int, list[Place]]]:
        """(end, readings) of every name starting at ``start``, longest first."""
        found: list[tuple[int, list[Place]]] = []
        lengths = self.lengths.get(text[start : start + 2])
        if lengths is None:  # most places after a name: nothing starts there
            return found
        room = len(text) - start
        known = self._readings
        for length in lengths:
            if length <= room:
                word = text[start : start + length]
                readings = known.get(word, _UNREAD)
                if readings is _UNREAD:
                    readings = self._read(word)
                if readings:
                    found.append((start + length, readings))
        return found

    def near(self, text: str, names: tuple[str, ...], start: int) -> bool:
        """One of ``names`` is written within about SUPPORT_WINDOW characters of ``start`` (memoised per text
        region: most names asked about are not written, and looking costs a pass over the region)."""
        if text is not self._text:
            self._text, self._memo = text, {}
        memo = self._memo
        block = start // SUPPORT_WINDOW
        for name in names:
            key = (name, block)
            found = memo.get(key)
            if found is None:
                low = max(0, (block - 1) * SUPPORT_WINDOW)
                found = memo[key] = text.find(name, low, (block + 2) * SUPPORT_WINDOW) >= 0
            if found:
                return True
        return False


def place_index(ruleset: RuleSet) -> PlaceIndex:
    return ruleset.index("location", PlaceIndex)  # type: ignore[no-any-return]


def normalize(
    match: regex.Match[str], rule: CompiledRule, ruleset: RuleSet, context: Context | None = None
) -> Fields | None:
    index = place_index(ruleset)
    text = match.string
    start = match.start()
    first = index.at(text, start)
    if not first:
        return None
    head_end = first[0][0]
    if text[head_end : head_end + 2] in index.lengths:  # a name may start right after it (rarely): a chain
        chained = _chained(index, text, start, first[0])
        if chained is not None:
            return chained
    if _inside_transliteration(index, text, start):
        return None
    if text[start - 1 : start] in index.surnames and len(text) > start + 1 and _needs_support(first[0][1]):
        return None  # after a surname seldom anything else, a given name (朱延平, 杨靖宇, 孙中山), not a place
    unsupported = set()  # ends of names that only lacked support
    for end, readings in first:  # a lone name: the longest acceptable one
        word = text[start:end]
        if word in index.stop or _stopped_right(index, text, end, readings) or fills_title(text, start, end):
            continue
        if _state_word_after(index, text, end, word, readings):
            continue  # 日本国内, 日本国债: 日本, then a word that 国 opens
        if _in_a_word(index, text, start, end, readings):
            continue
        if readings[0].name in index.compass and _after_foreign_country(index, text, start):
            continue  # 日本中部地区, 美国西部地区: that country's part, not China's region
        accepted = _accepted(readings, text, start, index)
        if accepted is None:
            unsupported.add(end)
            continue
        full = start + len(accepted.name)
        if accepted.short and full in unsupported and text.startswith(accepted.name, start):
            end = full  # 大涌镇: the short name's reading holds, supported by its full name written here
        return _fields(index, text, start, _with_suffix(index, text, end, accepted), accepted)
    return None


def extent(ruleset: RuleSet, text: str, start: int) -> int:
    """Where a place fact read from ``start`` ends at the furthest: the end of the longest run of adjacent names
    from there (every path of ``CHAIN_MAX`` names or fewer, not only the one ``normalize`` takes). The nearby
    search (engine/nearby.py) then tries the rule only where that run reaches the amounts, instead of at every
    place name near them: 175 tries in place of 14,060 over the news corpus with ``--types money,percent,quantity``."""
    index = place_index(ruleset)
    at = index.at
    found = at(text, start)
    if not found:  # no name starts here (the anchor is a one-character name, or a word of another lexicon)
        return start
    ends = _suffixed(text, {end for end, _ in found})
    reached = set(ends)
    for _ in range(CHAIN_MAX - 1):
        ends = _suffixed(text, {end for position in ends for end, _ in at(text, position)})
        if not ends:
            break
        reached |= ends
    return max(
        max(_after_town(index, text, end), _after_prefecture(index, text, end), _foreign_city(index, text, end))
        for end in reached
    )


def _suffixed(text: str, ends: set[int]) -> set[int]:
    """``ends`` and, where a county's suffix, 特区 or a country's form of state may follow one, the end after it (an
    upper bound of _with_suffix)."""
    found = ends | {end + 1 for end in ends if text[end : end + 1] in _AFTER_SHORT}
    found |= {end + len(_SAR) for end in ends if text.startswith(_SAR, end)}
    return found | {end + len(form) for end in ends if (form := _state_form(text, end))}


# The forms of state written after a country's short name in its formal one (毛里求斯共和国), longest first; not 联邦
# (德国联邦议院).
_STATE_FORMS = ("社会主义共和国", "伊斯兰共和国", "民主共和国", "人民共和国", "联邦共和国", "共和国", "王国")
def _state_form(text: str, end: int) -> str:
    """The longest form of state written at ``end`` (共和国, 民主共和国, 王国), or ""."""
    return next((form for form in _STATE_FORMS if text.startswith(form, end)), "")


_DISTANCE = regex.compile(r"约?[0-9０-９.．一二三四五六七八九十百几]+[多余]?(?:公里|千米|米|海里|英里|处)")  # after a compass point
_DIRECTION_WORDS = ("部", "方", "角", "侧")  # after a compass region's short name: a direction (see _stopped_right)
_CITY_WORD_ENDS = frozenset("长民政委")  # after 市 a word (市长, 市民, 市政, 市委), not a foreign city's 市


def _with_suffix(index: PlaceIndex, text: str, end: int, place: Place) -> int:
    """The end of a county's short name, or one character further when the last character of its full name
    follows, as the short names of autonomous counties are written (积石山县 for 积石山保安族东乡族撒拉族自治县, 彭水县),
    or a foreign city's 市 (芝加哥市), or the suffix of a former name, which older news writes (密云县 and 崇礼县, now districts; 萧山市, 平湖县; the towns
    须水镇 and 高家乡: the division's present name is the value), or 岛 after a Chinese place's short name (崇明岛: the
    island named after it), or 特区 after 香港 or 澳门; not where that character starts a word (义乌市场, 舟山岛屿)."""
    if place.world and place.level == "country" and place.name != "中国":
        return end + len(_state_form(text, end))  # 毛里求斯共和国, 荷兰王国: the country's formal name as written
    if place.world:  # 芝加哥市, 伦敦市: a foreign city's 市 as written (not 芝加哥市场, 莫斯科市长, 河内市民, 加沙城市)
        if place.level != "city" or not text.startswith("市", end) or text[end + 1 : end + 2] in _CITY_WORD_ENDS:
            return end
        return end if place.name.endswith("城") or _suffix_starts_word(index, text, end + 1) else end + 1
    if not place.short:
        return end
    after = text[end : end + 1]
    if after == _ISLAND and not text.startswith(_ISLAND_WORDS, end):
        return end + 1  # 上海崇明岛, 福建东山岛, 北海涠洲岛: the island named after the place, one span
    if place.name.endswith("特别行政区") and text.startswith(_SAR, end):
        return end + len(_SAR)  # 香港特区, 澳门特区: the region's own short form
    if place.level == "county":
        suffixed = after == place.name[-1:] or after in _FORMER_SUFFIXES
    else:  # a town renamed: 须水镇 and 高家乡, now 须水街道 and 高家镇
        suffixed = place.level == "town" and after in _FORMER_TOWN_SUFFIXES
    return end + 1 if suffixed and not _suffix_starts_word(index, text, end + 1) else end


def _chained(index: PlaceIndex, text: str, start: int, first: tuple[int, list[Place]]) -> Fields | None:
    """The chain grown from the first name, when it holds two names or more."""
    chain = _chain(index, text, first)
    if len(chain) > 1:
        end, readings = chain[-1]
        if _stopped_right(index, text, end, readings):
            chain = chain[:-1]
    if len(chain) < 2:
        return None
    end, readings = chain[-1]
    if fills_title(text, start, end):
        return None
    place = _best(readings, text, start, index)
    return _fields(index, text, start, _with_suffix(index, text, end, place), place)


def _fields(index: PlaceIndex, text: str, start: int, end: int, place: Place) -> Fields:
    """The fact of ``place`` read over ``[start, end)``, with the village or community written right after a town's or
    a county's full name (新埭镇鱼圻塘村, 蔡集镇牛角社区): the gazetteer stops at towns, and the chain of divisions is one span;
    likewise a Japanese prefecture's city, and a city no list holds after its country (美国弗雷斯诺市)."""
    value = place.value()
    if place.level in ("town", "county") and not place.world:
        village = _after_town(index, text, end)
        if village > end:
            value["village"] = text[end:village]
            end = village
    elif place.world and place.level == "region" and text.endswith(_PREFECTURE_ENDS, 0, end):
        end = _after_prefecture(index, text, end)
    elif place.world and place.level == "country":
        city = _foreign_city(index, text, end)
        if city > end:
            value["city"] = text[end:city]
            end = city
    return Fields(value=value, span=(start, end))


# a transliterated city's or region's name and 市 or 州 (弗雷斯诺市, 萨马拉州), not a word that 市 or 州 starts (市场, 市民,
# 市长, 市政, 市委, 市级, 市立, 州长, 州政府 …)
_CITY_AFTER_COUNTRY = regex.compile(r"\p{Han}{2,6}?[市州](?![场民长政委级立府议])")


def _foreign_city(index: PlaceIndex, text: str, end: int) -> int:
    """Where a city or a region written right after its country ends (美国弗雷斯诺市, 俄罗斯萨马拉州: one no list holds, one
    span with its country): a transliterated name, every character one of a transliteration's, then 市 or 州; ``end``
    when there is none."""
    found = _CITY_AFTER_COUNTRY.match(text, end)
    if found is None or not index.translit.issuperset(found.group()[:-1]):
        return end
    return found.end()


_PREFECTURE_ENDS = ("县", "府")  # a Japanese prefecture's suffix as written (宫城县, 大阪府)
# its city, town or village (青森县青森市), not its governor's or its bodies' words (爱知县知事大村秀章)
_MUNICIPALITY = regex.compile(r"(?!知事|政府|警方|警察|议会|境内)\p{Han}{1,3}?[市町村](?![场民长政委级])")


def _after_prefecture(index: PlaceIndex, text: str, end: int) -> int:
    """Where a city, town or village written right after a Japanese prefecture ends (鹿儿岛县奄美市, 爱知县丰田市: the
    chain is one span, as a Chinese one is), or ``end``."""
    found = _MUNICIPALITY.match(text, end)
    if found is None or not all(_village_char(index, char) for char in found.group()[:-1]):
        return end
    return found.end()


def _after_town(index: PlaceIndex, text: str, end: int) -> int:
    """Where a village's or community's name written at ``end``, right after a town's suffix (镇, 乡, 街道: not after
    a short name, 五井中村 being a village's whole name) or a county's (县, 区: two characters of a name at least), ends:
    one to four characters of a name, then 村 or 社区; not a word for villages in general (各村, 行政村, 新农村:
    place_village_generic). ``end`` when there is none."""
    if text.endswith(_TOWN_SUFFIXES, 0, end):
        shortest = 1
    elif text.endswith(_COUNTY_SUFFIXES, 0, end):
        shortest = 2  # after a county's or district's suffix (通城县内冲村, 皇姑区牡丹社区), not 区内村
    else:
        return end
    for length in range(1, VILLAGE_NAME_MAX + 1):
        name_end = end + length
        if not _village_char(index, text[name_end - 1 : name_end]):
            break
        for suffix in ("村", "社区"):
            if text.startswith(suffix, name_end):
                word = text[end : name_end + len(suffix)]
                if _generic_village(index, word, suffix) or (
                    suffix == "村" and text[name_end + 1 : name_end + 2] in _VILLAGE_WORD
                ):
                    return end  # 太和镇一村民: 村民, not a village 一村
                return name_end + len(suffix) if length >= shortest else end
    return end


def _generic_village(index: PlaceIndex, word: str, suffix: str) -> bool:
    """A word for villages in general, or one ending in such a word longer than the suffix (青川县推进乡村振兴: 乡村)."""
    return word in index.village_generic or any(
        len(generic) > len(suffix) and word.endswith(generic) for generic in index.village_generic
    )


def _village_char(index: PlaceIndex, char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" and char not in index.village_stop


def _chain(index: PlaceIndex, text: str, first: tuple[int, list[Place]]) -> list[tuple[int, list[Place]]]:
    """The first name and the names after it, each inside the one before."""
    chain = [first]
    while len(chain) < CHAIN_MAX:
        end, parents = chain[-1]
        # a county's short name and its suffix, then the next name (重庆彭水县郁山镇)
        end = max(_with_suffix(index, text, end, parent) for parent in parents) if parents else end
        step = None
        for next_end, readings in index.at(text, end):
            if step is None and all(r.world and r.level == "feature" for r in readings) and not any(
                _inside(r, p, index) for r in readings for p in parents
            ):
                break  # 云南丽江玉龙雪山: a mountain's or a river's name starts here, not the county 玉龙
            if _suffix_starts_word(index, text, next_end):
                continue  # 浙江义乌市场: 义乌, not 义乌市
            inside = [r for r in readings if any(_inside(r, p, index) for p in parents)]
            # a division's reading, which has a code, before a famous area's: 北京亦庄 is the town 亦庄地区
            inside = [r for r in inside if not r.world] or inside
            if inside:
                step = (next_end, inside)
                break
        if step is None:
            break
        chain[-1] = (end, [p for p in parents if any(_inside(r, p, index) for r in step[1])])
        chain.append(step)
    return chain


def _inside(child: Place, parent: Place, index: PlaceIndex) -> bool:
    if parent.world:
        if parent.level == "region" and parent.name.endswith("州"):
            return child.world and child.level == "city"  # a state, then its city: 加利福尼亚州洛杉矶
        if parent.level != "country":
            return False
        if parent.name == "中国":  # a town is named after its county or city, not the country (中国大满贯)
            return not child.world and child.level != "town"
        return child.world and child.level in ("city", "region", "area") and child.name not in index.beyond
    if child.world:  # a famous area (place_area) lies in its province: 北京人民大会堂, 上海陆家嘴, 河北雄安新区
        return child.level == "area" and parent.level == "province" and child.province == parent.name
    if parent.level == "province":
        return child.level != "province" and child.province == parent.name
    if parent.level == "city":
        return child.level in ("county", "town") and child.city == parent.name
    if parent.level == "county":
        return child.level == "town" and bool(parent.code) and child.code[:6] == parent.code
    return False


def reportable(word: str, text: str, start: int, index: PlaceIndex) -> bool:
    """Whether the name ``word``, written at ``start``, has a reading that may be reported there on its own: a
    town's short name only with its county named nearby (normalize/org.py asks this of a name that spans one of
    its boundary characters: 巨各庄 after 密云区, not 曼等 in 阿曼等代表团)."""
    readings = index.readings(word)
    return bool(readings) and _accepted(readings, text, start, index) is not None


def _accepted(readings: list[Place], text: str, start: int, index: PlaceIndex) -> Place | None:
    """The best reading of a lone name that may be reported, or None: one whose full name is written nearby,
    then the higher level. A parent named nearby lets a reading be reported but does not rank it: 河北 in a
    text that also names 天津 is still the province, not Tianjin's district 河北区; 南昌 near 江西 the city."""
    if len(readings) == 1:  # the usual case: nothing to rank
        place = readings[0]
        return place if place.as_is or _supported(place, text, start, index) else None
    ranked = [place for place in readings if place.as_is or _supported(place, text, start, index)]
    if len(ranked) > 1:
        ranked.sort(
            key=lambda place: (
                not _named(place, text, start, index),
                LEVEL_RANK.get(place.level, 4),
                not _supported(place, text, start, index),  # two 南山区: the one whose city is named
            )
        )
    return ranked[0] if ranked else None


def _named(place: Place, text: str, start: int, index: PlaceIndex) -> bool:
    """The reading's own full name is what is written, or is written nearby (a short name's)."""
    return place.world or not place.short or index.near(text, (place.name,), start)


def _best(readings: list[Place], text: str, start: int, index: PlaceIndex) -> Place:
    if len(readings) == 1:
        return readings[0]
    ranked = sorted(
        readings, key=lambda p: (not p.world and not _supported(p, text, start, index), LEVEL_RANK.get(p.level, 4))
    )
    return ranked[0]


def _supported(place: Place, text: str, start: int, index: PlaceIndex) -> bool:
    """The place's full name, or one of its parents (any form), is written near it."""
    return index.near(text, place.support, start)


def _inside_transliteration(index: PlaceIndex, text: str, start: int) -> bool:
    """A lone name that starts like a transliteration right after two more transliteration characters: the end
    of a longer foreign name (马里兰州 holds 兰州, 别尔哥罗德州 德州), not a place of its own. One character before
    is not enough: 参加吉林, 抵达西安."""
    translit = index.translit
    return start > 1 and text[start] in translit and text[start - 1] in translit and text[start - 2] in translit


def _suffix_starts_word(index: PlaceIndex, text: str, end: int) -> bool:
    """The name's last character starts a word (place_suffix_words): 探索县域 holds 索县, 部分乡镇 分乡, 其中市场
    中市; 义乌市场 is 义乌's market."""
    return starts_at(text, end - 1, index.suffix_words)


def _in_a_word(index: PlaceIndex, text: str, start: int, end: int, readings: list[Place]) -> bool:
    """A name that needs support whose first character ends a common word (以上城市 holds 上城, 世界首位 界首) or
    whose last starts one (党委和政府 holds 和政, 繁荣昌盛 荣昌), or any name whose first character ends one of the
    few words that are never cut there (其中国家, 基金华夏: place_word_across): a piece of ordinary words, not a
    place."""
    if ends_at(text, start + 1, index.words_across):
        return True  # 其中国家 holds no 中国, 其中亚硝酸盐 no 中亚, whatever the name
    if not _needs_support(readings):
        return False
    return ends_at(text, start + 1, index.words_before) or starts_at(text, end - 1, index.words_after)


def _needs_support(readings: list[Place]) -> bool:
    """No reading is reported as it is (a county's or town's name, or a prefecture's that is also a word)."""
    return not any(p.as_is for p in readings)


def _stopped_right(index: PlaceIndex, text: str, end: int, readings: list[Place]) -> bool:
    """A short name running into a street or landmark word (中山路), a name whose last character starts a word
    (县域, 乡镇, 市场: place_suffix_words), a compass region's short name before 部, 方, 角 or 侧 (西南部, 西北方向),
    or a county's or town's name that needs support running into 河, 江 or 湖 (赤水河, 秦淮河, 卧龙湖): the head of
    a street's or a river's name, not a place of its own. A name reported as it is keeps its place (美国河流, 苏州河), so does a prefecture's (常德河街),
    one before a name reported as it is (平湖河北), and one before a common word (平湖河道: place_feature_words)."""
    if (
        text.startswith(index.right_stop, end)
        and not text.startswith(index.right_stop_not, end)
        and any(p.short or p.world for p in readings)
        and not _known_place_at(index, text, end)  # 肯塔基州路易斯维尔: a city, not a road
    ):
        return True
    if _suffix_starts_word(index, text, end):
        return True
    if readings[0].name in index.compass and (
        (text.startswith(_DIRECTION_WORDS, end) and not text.startswith("部分", end)) or _DISTANCE.match(text, end)
    ):
        return True  # 四川西南部, 西南方, 西北方向, 县城东北约5公里处: a direction, not 西南地区
    return (
        text[end : end + 1] in index.feature_heads
        and not starts_at(text, end, index.feature_words)
        and all(p.level in ("county", "town") and not p.as_is for p in readings)
        and not _known_place_at(index, text, end)
    )


def _state_word_after(index: PlaceIndex, text: str, end: int, word: str, readings: list[Place]) -> bool:
    """A country's formal name ending in 国 (日本国) whose 国 opens a word (国内, 国债), where its short name is the
    place; not a name whose 国 is its own (孟加拉国民族主义党)."""
    return (
        word[-1] == "国"
        and readings[0].name != word
        and starts_at(text, end - 1, index.state_words)
        and index.has(word[:-1])
    )


def _after_foreign_country(index: PlaceIndex, text: str, end: int) -> bool:
    """The longest place name ending at ``end`` is a country's other than China's (not 蒙古 of 内蒙古)."""
    for length in range(5, 1, -1):
        readings = index.readings(text[end - length : end]) if end >= length else None
        if readings:
            return any(p.world and p.level == "country" and p.name != "中国" for p in readings)
    return False


def _known_place_at(index: PlaceIndex, text: str, position: int) -> bool:
    """A name reported as it is starts at ``position``."""
    return any(p.as_is for _, readings in index.at(text, position) for p in readings)


def _supporting_parents(word: str, level: str, province: str, city: str, county: str, short: bool) -> tuple[str, ...]:
    """The parents whose names support a reading. A town's two-character short name is a piece of an ordinary
    word too often (重大进展 holds 大进, 服务基本 务基) for its city or province to vouch for it: Chongqing or
    Beijing is named near most of their towns' look-alikes. Only its nearest parent, the county (the city when
    there is none), does; a longer town name (八宝山, 獐子岛) keeps its city's support."""
    if level == "town" and short and len(word) == 2:
        nearest = county or city or province
        return (nearest,) if nearest else ()
    parents = (county, city, province if level != "town" or not city else "")
    return tuple(parent for parent in parents if parent)
