"""Checks on the lexicon files in rules/lexicons/ (format, vocabularies, and facts the engine relies on).

These tests read only the shipped TSV files, never ../shared: the gazetteer is built by
tools/build_gazetteer.py and committed.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

LEXICONS = Path(__file__).resolve().parent.parent / "rules" / "lexicons"

# file -> (column names, columns that together must be unique)
FILES = {
    "gazetteer.tsv": (
        ("name", "canonical", "level", "province", "city", "code"),
        # same-named divisions exist (朝阳区 in Beijing and in Changchun), so the whole row is the key
        ("name", "canonical", "level", "province", "city", "code"),
    ),
    "places_world.tsv": (("name", "canonical", "kind"), ("name", "canonical")),
    "surnames.tsv": (("surname", "kind", "ambiguity"), ("surname",)),
    "orgs.tsv": (("name", "canonical", "kind"), ("name", "canonical")),
    "person_titles.tsv": (("word", "position", "kind"), ("word", "position")),
    "org_suffixes.tsv": (("suffix", "strength", "position"), ("suffix", "position")),
    "people.tsv": (("name",), ("name",)),
}

VOCABULARY = {
    ("gazetteer.tsv", "level"): {"province", "city", "county", "town"},
    ("places_world.tsv", "kind"): {"country", "city", "region", "continent", "feature"},
    ("surnames.tsv", "kind"): {"single", "compound"},
    ("surnames.tsv", "ambiguity"): {"low", "medium", "high"},
    ("orgs.tsv", "kind"): {
        "company",
        "bank",
        "brand",
        "government",
        "military",
        "party",
        "international",
        "association",
        "research",
        "university",
        "hospital",
        "exchange",
        "media",
        "sports_league",
        "sports_club",
    },
    ("person_titles.tsv", "position"): {"before", "after"},
    ("person_titles.tsv", "kind"): {
        "media",
        "business",
        "government",
        "academic",
        "sports",
        "arts",
        "relation",
        "role",
        "speech",
        "action",
        "group",
        "honorific",
        "office",
        "naming",
    },
    ("org_suffixes.tsv", "strength"): {"strong", "weak"},
    ("org_suffixes.tsv", "position"): {"end", "start"},
}

HK_MO_TW = {"香港特别行政区", "澳门特别行政区", "台湾省"}


@cache
def rows(filename: str) -> tuple[dict[str, str], ...]:
    """The data rows of a lexicon as dicts; '#' lines and blank lines are comments."""
    columns, _ = FILES[filename]
    out = []
    text = (LEXICONS / filename).read_text(encoding="utf-8")
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        assert len(fields) == len(columns), f"{filename}:{number}: {len(fields)} columns in {line!r}"
        out.append(dict(zip(columns, fields, strict=True)))
    return tuple(out)


@cache
def gazetteer_index() -> dict[str, list[dict[str, str]]]:
    index: dict[str, list[dict[str, str]]] = {}
    for row in rows("gazetteer.tsv"):
        index.setdefault(row["name"], []).append(row)
    return index


def gz(name: str, **fields: str) -> list[dict[str, str]]:
    """Gazetteer rows with this surface form whose fields match."""
    return [r for r in gazetteer_index().get(name, []) if all(r[k] == v for k, v in fields.items())]


# --- format -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("filename", sorted(FILES))
def test_file_parses_with_header(filename: str) -> None:
    raw = (LEXICONS / filename).read_bytes()
    text = raw.decode("utf-8")
    assert not text.startswith("\ufeff"), "no byte-order mark"
    assert "\r" not in text, "Unix line endings"
    assert text.endswith("\n")
    assert text.startswith("#"), "a header comment says what the file is"
    assert len(rows(filename)) > 0


@pytest.mark.parametrize("filename", sorted(FILES))
def test_no_empty_or_padded_names(filename: str) -> None:
    columns, _ = FILES[filename]
    for row in rows(filename):
        assert row[columns[0]], row
        for value in row.values():
            assert value == value.strip(), row


@pytest.mark.parametrize("filename", sorted(FILES))
def test_no_duplicates(filename: str) -> None:
    _, key = FILES[filename]
    counts = Counter(tuple(row[k] for k in key) for row in rows(filename))
    duplicates = [k for k, n in counts.items() if n > 1]
    assert not duplicates, duplicates[:10]


@pytest.mark.parametrize(("filename", "column"), sorted(VOCABULARY))
def test_closed_vocabularies(filename: str, column: str) -> None:
    allowed = VOCABULARY[(filename, column)]
    used = {row[column] for row in rows(filename)}
    assert used <= allowed, used - allowed


@pytest.mark.parametrize(
    ("filename", "column"), [("places_world.tsv", "canonical"), ("orgs.tsv", "canonical")]
)
def test_every_canonical_is_also_a_name(filename: str, column: str) -> None:
    names = {row["name"] for row in rows(filename)}
    missing = {row[column] for row in rows(filename)} - names
    assert not missing, sorted(missing)[:10]


def test_multi_character_names() -> None:
    for filename in ("gazetteer.tsv", "places_world.tsv", "orgs.tsv", "org_suffixes.tsv"):
        columns, _ = FILES[filename]
        short = [row[columns[0]] for row in rows(filename) if len(row[columns[0]]) < 2]
        if filename == "org_suffixes.tsv":  # 局, 部, 科 ... are deliberate one-character suffixes
            short = [s for s in short if not re.fullmatch(r"[\u4e00-\u9fff]", s)]
        assert not short, (filename, short[:10])


# --- gazetteer ----------------------------------------------------------------------------------------


def test_gazetteer_header_states_source() -> None:
    header = "\n".join(
        line
        for line in (LEXICONS / "gazetteer.tsv").read_text(encoding="utf-8").splitlines()
        if line[:1] == "#"
    )
    for needle in (
        "modood/Administrative-divisions-of-China",
        "57a0aa9cef47169a2eb74cf057b0245052a34e8c",
        "WTFPL",
        "2023",
        "2023-06-30",
        "tools/build_gazetteer.py",
    ):
        assert needle in header, needle


def test_gazetteer_codes() -> None:
    for row in rows("gazetteer.tsv"):
        level, code = row["level"], row["code"]
        if row["canonical"] in HK_MO_TW or row["province"] in HK_MO_TW:
            assert code == "" or re.fullmatch(r"[78]\d0000", code), row
        elif level == "province":
            assert re.fullmatch(r"\d{2}0000", code), row
        elif level == "city":
            assert re.fullmatch(r"\d{4}00", code) and not code.endswith("0000"), row
        elif level == "county":
            assert re.fullmatch(r"\d{6}", code) and not code.endswith("00"), row
        else:
            assert re.fullmatch(r"\d{9}", code), row


def test_gazetteer_parents_exist() -> None:
    provinces = {r["canonical"] for r in rows("gazetteer.tsv") if r["level"] == "province"}
    cities = {r["canonical"] for r in rows("gazetteer.tsv") if r["level"] == "city"}
    for row in rows("gazetteer.tsv"):
        if row["level"] == "province":
            assert row["province"] == "" and row["city"] == "", row
            continue
        assert row["province"] in provinces, row
        if row["level"] == "city":
            assert row["city"] == "", row
        else:
            assert row["city"] == "" or row["city"] in cities, row


def test_gazetteer_short_forms() -> None:
    """Every short form has at least two characters and stands for a division listed under its full name."""
    full = {
        (r["canonical"], r["level"], r["province"], r["city"], r["code"])
        for r in rows("gazetteer.tsv")
        if r["name"] == r["canonical"]
    }
    for row in rows("gazetteer.tsv"):
        if row["name"] == row["canonical"]:
            continue
        assert len(row["name"]) >= 2, row
        assert (row["canonical"], row["level"], row["province"], row["city"], row["code"]) in full, row


def test_gazetteer_levels_are_ordered() -> None:
    order = {"province": 0, "city": 1, "county": 2, "town": 3}
    mainland = [r for r in rows("gazetteer.tsv") if HK_MO_TW.isdisjoint((r["canonical"], r["province"]))]
    levels = [order[r["level"]] for r in mainland]
    assert levels == sorted(levels)


def test_pinghu() -> None:
    assert gz("平湖", canonical="平湖市", level="county", province="浙江省", city="嘉兴市", code="330482")
    assert gz("平湖市", canonical="平湖市", level="county", code="330482")
    assert gz("嘉兴", canonical="嘉兴市", level="city", province="浙江省", code="330400")


def test_xincang_is_a_town_of_pinghu() -> None:
    (pinghu,) = gz("平湖市", level="county")
    towns = gz("新仓镇", canonical="新仓镇", level="town", province="浙江省", city="嘉兴市")
    assert [t for t in towns if t["code"][:6] == pinghu["code"]], towns
    assert [t for t in gz("新仓", canonical="新仓镇") if t["code"].startswith("330482")]


def test_provinces() -> None:
    assert gz("浙江", canonical="浙江省", level="province", code="330000")
    assert gz("浙江省", canonical="浙江省", level="province", code="330000")
    assert gz("上海市", canonical="上海市", level="province", code="310000")
    assert gz("上海", canonical="上海市", level="province")
    assert gz("北京", canonical="北京市", level="province", code="110000")
    assert gz("广西", canonical="广西壮族自治区", level="province")
    assert gz("内蒙古", canonical="内蒙古自治区", level="province")
    assert gz("新疆", canonical="新疆维吾尔自治区", level="province")


def test_shanghai_jinshan() -> None:
    assert gz("金山区", canonical="金山区", level="county", province="上海市", city="", code="310116")
    assert gz("金山", canonical="金山区", level="county", province="上海市", code="310116")
    assert gz("闵行区", canonical="闵行区", level="county", province="上海市")
    assert gz("浦东", canonical="浦东新区", level="county", province="上海市")


def test_autonomous_areas_lose_their_ethnic_names() -> None:
    assert gz("延边", canonical="延边朝鲜族自治州", level="city")
    assert gz("恩施", canonical="恩施土家族苗族自治州", level="city")
    assert gz("伊犁", canonical="伊犁哈萨克自治州", level="city")
    assert gz("长阳", canonical="长阳土家族自治县", level="county")


def test_hong_kong_macao_taiwan() -> None:
    assert gz("香港", canonical="香港特别行政区", level="province", code="810000")
    assert gz("澳门", canonical="澳门特别行政区", level="province", code="820000")
    assert gz("台湾", canonical="台湾省", level="province", code="710000")
    assert gz("台湾省", canonical="台湾省", level="province")
    assert gz("台北", canonical="台北市", level="city", province="台湾省")
    assert gz("湾仔", canonical="湾仔区", province="香港特别行政区")
    assert gz("氹仔", canonical="嘉模堂区", province="澳门特别行政区")


def test_gazetteer_leaves_out_placeholders_and_ordinary_words() -> None:
    for name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "城区", "郊区", "东区"):
        assert not gz(name), name
    for word in ("合作", "和平", "中心", "开发", "工业", "城关", "新城", "东方", "市中"):
        assert not gz(word), word


def test_gazetteer_is_reasonably_small() -> None:
    assert (LEXICONS / "gazetteer.tsv").stat().st_size < 5_000_000
    levels = Counter(r["level"] for r in rows("gazetteer.tsv"))
    assert levels["province"] >= 34 and levels["city"] >= 330 and levels["county"] >= 2800
    assert levels["town"] >= 38_000


# --- the other lexicons -------------------------------------------------------------------------------


def lookup(filename: str, **fields: str) -> list[dict[str, str]]:
    return [r for r in rows(filename) if all(r[k] == v for k, v in fields.items())]


def test_places_world() -> None:
    assert lookup("places_world.tsv", name="美利坚合众国", canonical="美国", kind="country")
    for country in ("美国", "日本", "德国", "法国", "意大利", "英国", "俄罗斯", "韩国", "朝鲜"):
        assert lookup("places_world.tsv", name=country, kind="country"), country
    for city in ("东京", "纽约", "伦敦", "巴黎", "柏林", "首尔", "悉尼", "迪拜", "法兰克福"):
        assert lookup("places_world.tsv", name=city, kind="city"), city
    assert lookup("places_world.tsv", name="长三角", canonical="长江三角洲", kind="region")
    for region in ("珠三角", "京津冀", "粤港澳大湾区", "长江经济带", "中东", "东南亚", "拉美"):
        assert lookup("places_world.tsv", name=region), region
    for continent in ("欧洲", "亚洲", "非洲"):
        assert lookup("places_world.tsv", name=continent, kind="continent"), continent
    for feature in ("长江", "黄河", "洞庭湖", "泰山", "青藏高原"):
        assert lookup("places_world.tsv", name=feature, kind="feature"), feature
    assert lookup("places_world.tsv", name="珠峰", canonical="珠穆朗玛峰")
    for word in ("海河", "北极"):  # 海河联运, 北极熊: too common as words
        assert not lookup("places_world.tsv", name=word), word
    assert not lookup("places_world.tsv", name="欧盟"), "欧盟 is an organisation"
    assert len({r["canonical"] for r in lookup("places_world.tsv", kind="country")}) >= 190


def test_surnames() -> None:
    data = rows("surnames.tsv")
    for row in data:
        assert len(row["surname"]) == (1 if row["kind"] == "single" else 2), row
    singles = [r["surname"] for r in data if r["kind"] == "single"]
    assert len(singles) >= 300
    assert singles[:5] == ["王", "李", "张", "刘", "陈"]
    compounds = {r["surname"] for r in data if r["kind"] == "compound"}
    assert {
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "令狐",
        "司徒",
        "夏侯",
    } <= compounds
    ambiguity = {r["surname"]: r["ambiguity"] for r in data}
    for common_word in ("于", "和", "向", "时", "高", "文", "方", "常"):
        assert ambiguity[common_word] == "high", common_word
    assert ambiguity["李"] == "low"


def test_orgs() -> None:
    for name in (
        "大润发",
        "叮咚买菜",
        "盒马",
        "阿里巴巴",
        "腾讯",
        "华为",
        "中国人民银行",
        "国家统计局",
        "新华社",
    ):
        assert lookup("orgs.tsv", name=name), name
    for name in (
        "央视",
        "中证网",
        "世界银行",
        "国际货币基金组织",
        "欧盟",
        "联合国",
        "世界卫生组织",
        "美联储",
    ):
        assert lookup("orgs.tsv", name=name), name
    assert lookup("orgs.tsv", name="央行", canonical="中国人民银行", kind="bank")
    for generic in ("公司", "政府", "法院", "警方", "银行"):
        assert not lookup("orgs.tsv", name=generic), generic
    assert 300 <= len(rows("orgs.tsv")) <= 2500


def test_person_titles() -> None:
    for word in (
        "记者",
        "通讯员",
        "摄影",
        "主任",
        "总经理",
        "副总经理",
        "董事长",
        "CEO",
        "科长",
        "技术总监",
        "经营户",
    ):
        assert lookup("person_titles.tsv", word=word, position="before"), word
    for word in ("说", "表示", "介绍", "认为", "告诉记者", "预计", "指出", "博士", "先生", "女士"):
        assert lookup("person_titles.tsv", word=word, position="after"), word
    # 博士 stands on either side: 马丁·舍夫特博士, 军事学博士赵小卓
    assert lookup("person_titles.tsv", word="博士", position="before")


def test_org_suffixes() -> None:
    strength = {(r["suffix"], r["position"]): r["strength"] for r in rows("org_suffixes.tsv")}
    for suffix in (
        "股份有限公司",
        "有限责任公司",
        "有限公司",
        "集团",
        "公司",
        "银行",
        "委员会",
        "管委会",
        "经发办",
    ):
        assert strength[(suffix, "end")] == "strong", suffix
    for suffix in ("部", "科", "中心", "办", "局"):
        assert strength[(suffix, "end")] == "weak", suffix
    # a team's name needs a head, not a visible end (org_suffix_team)
    assert strength[("队", "end")] == "strong"
    assert strength[("株式会社", "start")] == "strong"
    assert ("批发部", "end") in strength and ("批发市场", "end") in strength


def test_people() -> None:
    """Names only (two to seven Han characters, or a Latin initial and Han ones: C罗): the lexicon is read without
    a cue, so a stray word in it is a false person wherever the word is written (tools/build_people.py builds it)."""
    names = [row["name"] for row in rows("people.tsv")]
    assert len(names) > 1000
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,7}|[A-Z][\u4e00-\u9fff]{1,3}", name) for name in names)  # 伊布拉希莫维奇
    assert {"金庸", "姚明", "穆里尼奥"} <= set(names)
    assert not {"展望", "非典", "中国", "政府"} & set(names)
    header = (LEXICONS / "people.tsv").read_text(encoding="utf-8")
    assert "CLUENER2020" in header and "tools/build_people.py" in header
