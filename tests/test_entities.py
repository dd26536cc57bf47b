"""People, organisations and places: spans, the role field, the location value, chains, and precision cases."""

from __future__ import annotations

import pytest

from factx import Extractor
from factx.engine.anchors import AnchorIndex
from factx.evaluate import read_gold, score

ENTITY_TYPES = ("person", "org", "location")


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(types=",".join(ENTITY_TYPES))


def facts_of(extractor: Extractor, text: str, fact_type: str) -> list:
    return [f for f in extractor.extract(text) if f.type == fact_type]


def texts_of(extractor: Extractor, text: str, fact_type: str) -> list[str]:
    return [f.text for f in facts_of(extractor, text, fact_type)]


# --- people and their roles -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("■记者 林旭东\n通讯员 陶嘉颖", "林旭东", "记者"),
        ("■记者 林旭东\n通讯员 陶嘉颖", "陶嘉颖", "通讯员"),
        ("”博大科集团CEO马丁·舍夫特博士对项目落户平湖如此解释。", "马丁·舍夫特", "CEO"),
        ("开发区管委会主任王学斌说。", "王学斌", "主任"),
        ("”公司技术总监尹世巍说。", "尹世巍", "技术总监"),
        ("经营户张悦正忙得不亦乐乎。", "张悦", "经营户"),
        ("正如马丁·舍夫特博士所说,", "马丁·舍夫特", "博士"),
        ("通讯员 查放 郑凯欣\n", "郑凯欣", "通讯员"),
        ("。刘明健预计,本周开始客流量将逐渐增多", "刘明健", None),
        ("”张悦告诉记者,她店里", "张悦", None),
        ("。马努钦表示,美方将继续", "马努钦", None),
    ],
)
def test_person_name_and_role(extractor, text, name, role):
    found = {f.text: f for f in facts_of(extractor, text, "person")}
    assert name in found, found
    assert found[name].role == role
    assert text[found[name].start : found[name].end] == name


@pytest.mark.parametrize(
    "text",
    [
        "为企业的发展和壮大保驾护航。",
        "店内顾客络绎不绝,经营户们正忙着。",
        "我市紧扣一体化和高质量两个关键词",
        "主任高度重视此事",
        "专家学者表示",
        "工商银行表示",
        "官方称",
        "双方表示将继续合作",
        "首位开放攻坚行动相关负责人说。",
    ],
)
def test_not_people(extractor, text):
    assert texts_of(extractor, text, "person") == []


# --- organisations -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("2025年刚起步:博大科热控设备(平湖)有限公司于近日开业。", "博大科热控设备(平湖)有限公司"),
        ("由平湖市人民政府与中国石化上海石油化工股份有限公司创新共建", "平湖市人民政府"),
        ("由平湖市人民政府与中国石化上海石油化工股份有限公司创新共建", "中国石化上海石油化工股份有限公司"),
        ("”平湖经济技术开发区管委会主任王学斌说。", "平湖经济技术开发区管委会"),
        ("”市商务局商贸流通科科长倪逸平说", "市商务局商贸流通科"),
        ("”新仓镇经发办主任徐春晓说。", "新仓镇经发办"),
        ("张悦水果批发部是市场内的一家水果店", "张悦水果批发部"),
        ("日本株式会社津上在平湖投资成立了这家全资子公司", "株式会社津上"),
        ("对大润发、农展公司等商超的价格进行监测", "大润发"),
        ("对大润发、农展公司等商超的价格进行监测", "农展公司"),
        ("该公司是叮咚买菜旗下的全资子公司", "叮咚买菜"),
        ("美国司法部当天宣布", "美国司法部"),
        ("据中国商务部消息", "中国商务部"),
        ("我市主动联合上海市金山区人民政府推进合作", "上海市金山区人民政府"),
    ],
)
def test_org_spans(extractor, text, org):
    assert org in texts_of(extractor, text, "org")


def test_place_inside_an_org_is_not_reported(extractor):
    text = "由平湖市人民政府与中国石化上海石油化工股份有限公司创新共建"
    facts = extractor.extract(text)
    assert [f.type for f in facts] == ["org", "org"]


def test_stock_code_stays_outside(extractor):
    facts = texts_of(extractor, "招商银行(600036)发布公告", "org")
    assert facts == ["招商银行"]


@pytest.mark.parametrize(
    "text",
    [
        "该公司是其旗下的全资子公司",
        "“离不开政府的鼎力支持。”",
        "打造智谷天地产业园、时尚智造园、翼园等一批产业园区",
        "集团总部位于德国。",
        "多部门协同守牢安全“年味”",
        "积极打好基金招商、以商引商组合拳",
        "局长指出",
        "举办驻沪领馆和跨国公司高管活动",
        "全力拓展国内外市场",
    ],
)
def test_not_orgs(extractor, text):
    assert texts_of(extractor, text, "org") == []


# --- places ------------------------------------------------------------------------------------------------

PINGHU = {"name": "平湖市", "province": "浙江省", "city": "嘉兴市", "code": "330482", "level": "county"}


def test_location_value_of_a_short_name(extractor):
    (fact,) = facts_of(extractor, "在浙江,平湖的企业", "location")[1:]
    assert fact.text == "平湖"
    assert fact.value == PINGHU


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("浙江省嘉兴市平湖市", "浙江省嘉兴市平湖市", PINGHU),
        ("平湖市与上海市金山区毗邻", "上海市金山区",
         {"name": "金山区", "province": "上海市", "code": "310116", "level": "county"}),
        ("平湖市新仓镇的企业", "平湖市新仓镇",
         {"name": "新仓镇", "province": "浙江省", "city": "嘉兴市", "county": "平湖市", "code": "330482103",
          "level": "town"}),
        ("他去了美国纽约", "美国纽约", {"name": "纽约", "kind": "city"}),
    ],
)
def test_chains_are_one_span(extractor, text, span, value):
    found = {f.text: f for f in facts_of(extractor, text, "location")}
    assert span in found, found
    assert found[span].value == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("日本", {"name": "日本", "kind": "country"}),
        ("融入长三角", {"name": "长江三角洲", "kind": "region"}),
        ("京津冀协同发展", {"name": "京津冀", "kind": "region"}),
        ("粤港澳大湾区建设", {"name": "粤港澳大湾区", "kind": "region"}),
        ("在深圳举办", {"name": "深圳市", "province": "广东省", "city": "深圳市", "code": "440300", "level": "city"}),
    ],
)
def test_world_places_and_regions(extractor, text, value):
    (fact,) = facts_of(extractor, text, "location")
    assert fact.value == value


@pytest.mark.parametrize(
    "text",
    [
        "我市紧扣“一体化”和“高质量”两个关键词",
        "打造创新平台",
        "地处沪浙毗邻",
        "东部高速铁路",
        "走在中山路上",
        "绿水青山就是金山银山",
        "大同小异",
        "长治久安",
        "为企业保驾护航",
        "长安汽车发布新车",
        "通州的发展",
        "永安的项目",
        "和平与发展",
        "东方红",
    ],
)
def test_not_places(extractor, text):
    assert texts_of(extractor, text, "location") == []


def test_county_short_name_needs_support(extractor):
    assert texts_of(extractor, "青田的发展", "location") == []  # 青田 (a county of Zhejiang), nothing around it
    assert texts_of(extractor, "浙江丽水,青田的发展", "location") == ["浙江丽水", "青田"]


def test_town_short_name_with_its_county_nearby(extractor):
    text = "平湖市新仓镇。新仓去年新升规企业11家。"
    assert texts_of(extractor, text, "location") == ["平湖市新仓镇", "新仓"]
    assert texts_of(extractor, "新仓去年新升规企业11家。", "location") == []


def test_two_character_town_name_needs_its_county(extractor):
    # 大进 (a town of Chongqing's 开州): its province alone does not support it
    assert texts_of(extractor, "重庆：取得重大进展", "location") == ["重庆"]
    assert texts_of(extractor, "吉林：开启新一年", "location") == ["吉林"]  # 启新, a town of 桦甸
    assert texts_of(extractor, "重庆开州大进镇。大进的农户", "location") == ["重庆开州大进镇", "大进"]



def test_given_name_after_a_surname_is_not_a_county(extractor):
    # 靖宇 is a county of 白山, named after 杨靖宇
    assert texts_of(extractor, "吉林白山，杨靖宇将军的部队", "location") == ["吉林白山"]
    assert texts_of(extractor, "吉林白山，靖宇的人参", "location") == ["吉林白山", "靖宇"]
    assert texts_of(extractor, "辽宁朝阳，杨朝阳说", "location") == ["辽宁朝阳"]  # 朝阳, a prefecture, needs support



@pytest.mark.parametrize(
    "text",
    ["广西崇左，加大新兴市场开拓", "安徽阜阳：稳居世界首位", "宁夏银川：各级党委和政府", "重庆：祖国繁荣昌盛"],
)
def test_names_inside_common_words_need_more_than_support(extractor, text):
    # 大新 (崇左), 界首 (阜阳), 和政 (甘肃, here no support), 荣昌 (重庆): pieces of 加大, 世界, 政府, 昌盛
    assert len(texts_of(extractor, text, "location")) == 1
@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("在湖南沅江江畔", ["湖南"]),  # 沅江 (a county of 益阳, 湖南): here the river
        ("天津的大清河、子牙河", ["天津", "大清河", "子牙河"]),  # not the county 清河, the town 子牙
        ("永定河北京段", ["永定河", "北京"]),  # not 河北
        ("美国河流众多", ["美国"]),  # a name reported as it is keeps its place
    ],
)
def test_river_names_are_not_their_heads(extractor, text, places):
    assert texts_of(extractor, text, "location") == places


# --- the engine pieces these rules stand on ---------------------------------------------------------------

def test_anchor_index_finds_every_start():
    index = AnchorIndex({"a": ["平湖", "平湖市", "湖市"], "b": ["市"]})
    assert index.starts("在平湖市,平湖") == {"a": [1, 2, 5], "b": [3]}


def test_anchor_index_fallback_agrees(monkeypatch):
    import factx.engine.anchors as anchors

    index = AnchorIndex({"a": ["平湖", "平湖市", "湖市", "x"], "b": ["市"]})
    text = "x在平湖市,平湖x"
    fast = index.starts(text)
    monkeypatch.setattr(anchors, "ahocorasick_rs", None)
    assert AnchorIndex({"a": ["平湖", "平湖市", "湖市", "x"], "b": ["市"]}).starts(text) == fast


def test_offsets_hold_with_entities(extractor):
    text = "“我们将深深扎根中国发展。”\n\n马丁·舍夫特博士说。平湖市新仓镇的张悦水果批发部"
    for fact in extractor.extract(text):
        assert text[fact.start : fact.end] == fact.text


@pytest.mark.parametrize(("fact_type", "minimum"), [("person", 0.95), ("org", 0.85), ("location", 0.9)])
def test_gold_entity_f1(gold_path, fact_type, minimum):
    s = score(read_gold(gold_path), Extractor())[fact_type]
    assert s.f1 >= minimum, (s.misses, s.false_alarms)
