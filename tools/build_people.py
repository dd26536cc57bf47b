#!/usr/bin/env python3
"""Build ``rules/lexicons/people.tsv``: names of people in the news, which factx reports without a cue.

Source: the name spans of CLUENER2020's training split (``../shared/ner/cluener_train.jsonl``), all its records;
and ``WELL_KNOWN`` below, people every reader of Chinese news knows.

A name is kept when it is two to four Han characters, not a word of the ``person_stop`` lexicon nor one of the
spans CLUENER marked past a name's end (``MISMARKED``), and
- CLUENER's annotators marked at least three quarters of its occurrences in those records as a name (展望
  "outlook" is a name once in two: left out);
- it is not an ordinary word of the news: written 20 times or more in ``../shared/corpus/news`` without factx's
  cue rules ever finding it as a person there (展望 again), it is left out.

The same list built without the records ``benchmarks/bench_ner.py`` scores (its seeded sample) goes to
``benchmarks/people_held_out.toml``, which the benchmark loads over the shipped one: its sample stays a held-out
measure while the shipped lexicon learns from every record (three records in ten more: on the benchmark's
sample, building from half of the other records instead of all of them cost 0.051 of person recall).

At run time a known name must also stand on its own (normalize/person.py, ``bare_mention``): 陈伟 is not read
in 陈伟星.

Usage (from the repository root; reads the shared data, writes the file; reproducible)::

    python tools/build_people.py [--check]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import Counter
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_ner import DATA, HELD_OUT_PEOPLE, SAMPLE, SEED, sampled  # noqa: E402  (the benchmark's own sample)

from factx import Extractor  # noqa: E402
from factx.evaluate import read_gold  # noqa: E402

OUT = ROOT / "rules" / "lexicons" / "people.tsv"
CORPUS = ROOT.parent / "shared" / "corpus" / "news"
NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")  # the headers hold none: one per name
MIN_SHARE = 0.75  # of a name's occurrences that CLUENER marks as a name
WORD_AFTER = 20  # corpus occurrences after which a name never found with a cue is taken for a word
CUE_FREE = {"person.known", "person.propagate"}  # the rules that find a name without a cue of its own
# CLUENER spans that run on into the next word (许慎着: 许慎 and 着; 颜鲲副: 颜鲲 and 副局长; 陈浩摄: 陈浩 and 摄,
# "photograph by"): not names
MISMARKED = {"许慎着", "陈健携", "颜鲲副", "陈浩摄"}
# The lexicon's own rule switched off, and its words replaced (the file may be empty or missing when built).
DISABLE_KNOWN = """\
[lexicons.person_known]
words = ["詹俊"]

[[rules]]
id = "person.known"
type = "person"
enabled = false
pattern = 'x'
"""

# People every reader of Chinese news knows, written for factx from general knowledge (CLUENER's records are
# from 2009 and name few of them): China's leaders since 1949 and today's, ministers, central bankers and the
# foreign ministry's spokespeople, leaders of Hong Kong, Macao and Taiwan, world leaders since the 1980s and
# their ministers, business people, athletes, artists, writers, scientists and figures of history. Names that
# are also words are left out (老子; 成龙 stays: 望子成龙 does not stand as a name; 马克思 of 马克思主义, 爱因斯坦 of
# 爱因斯坦探针卫星), and so are names of clubs and places (博尔顿, 贝鲁 of 贝鲁特).
_WELL_KNOWN_TEXT = """
毛泽东 周恩来 刘少奇 朱德 邓小平 陈云 江泽民 李鹏 朱镕基 胡锦涛 温家宝 吴邦国 贾庆林 曾庆红 吴官正 李长春 罗干
习近平 李克强 张德江 俞正声 刘云山 王岐山 张高丽 栗战书 汪洋 赵乐际 王沪宁 韩正 蔡奇 丁薛祥 李希 王毅 何立峰
刘鹤 孙春兰 胡春华 杨洁篪 陈敏尔 彭丽媛 李家超 林郑月娥 何厚铧 贺一诚
李强 马兴瑞 尹力 石泰峰 刘国中 李干杰 李书磊 李鸿忠 何卫东 张又侠 张国清 陈文清 陈吉宁 袁家军 黄坤明 王小洪
吴政隆 谌贻琴 应勇 王东明 郑建邦 丁仲礼 郝明金 蔡达峰 武维华 彭清华 张庆伟 沈跃跃 王东峰 姜信治 蒋作君 何报翔
王光谦 秦博勇 朱永新 高云龙 梁振英 杨晓渡 郭声琨 魏凤和 许其亮
孙中山 鲁迅 孔子 孟子 庄子 李白 杜甫 苏轼 曹雪芹 莫言 钱学森 袁隆平 屠呦呦 钟南山
特朗普 拜登 克林顿 普京 梅德韦杰夫 马克龙 默克尔 朔尔茨 斯塔默 苏纳克 安倍晋三 岸田文雄 石破茂 金正恩
文在寅 尹锡悦 莫迪 泽连斯基 内塔尼亚胡 埃尔多安 卢拉 古特雷斯 拉夫罗夫 布林肯 蓬佩奥 耶伦 鲍威尔 拉加德
李显龙 黄循财 安瓦尔 佐科 普拉博沃 阮富仲 苏林 洪森 洪玛奈 托卡耶夫 卢卡申科 武契奇 欧尔班 塞西
阿巴斯 哈梅内伊 莱希 佩泽希齐扬 萨勒曼 马杜罗 拉马福萨 鲁托 默茨 肖尔茨 梅洛尼 特鲁多 阿尔巴尼斯 佩斯科夫 马科斯
冯德莱恩 吕特 林芳正 高市早苗 李在明 奥尔布赖特
马云 马化腾 雷军 任正非 李彦宏 刘强东 董明珠 王健林 许家印 贾跃亭 马斯克 巴菲特 扎克伯格 贝佐斯 黄仁勋
刘翔 郎平 易建联 林丹 李娜 孙杨 谷爱凌 全红婵 朱婷 梅西 成龙 周杰伦 刘德华 张艺谋 巩俐 章子怡
邓颖超 宋庆龄 彭德怀 贺龙 陈毅 叶剑英 聂荣臻 徐向前 刘伯承 罗荣桓 董必武 乔石 李瑞环 尉健行
李岚清 荣毅仁 钱其琛 吴仪 李铁映 迟浩田 张万年 王兆国 田纪云 胡耀邦 赵紫阳 华国锋 杨尚昆 李先念
彭真 邹家华 吴学谦 姜春云 王汉斌 周光召 曹刚川 郭伯雄 徐才厚 梁光烈 戴秉国 唐家璇 李肇星 王家瑞
回良玉 张立昌 王乐泉 薄熙来 周永康 孙政才 杨振宁 李政道 丁肇中 华罗庚 陈景润 邓稼先 钱三强 茅以升
竺可桢 李四光 季羡林 巴金 老舍 茅盾 郭沫若 冰心 沈从文 曹禺 林则徐 康有为 蔡元培 胡适 陈独秀
李大钊 瞿秋白 汉武帝 唐太宗 武则天 诸葛亮 刘备 关羽 屈原 司马迁 王羲之 李清照 辛弃疾 陆游 白居易
王安石 范仲淹 文天祥 郑和 戚继光 张爱玲 钱钟书 杨绛 王小波 韩寒 郭敬明 余华 贾平凹 路遥 王蒙
铁凝 叶利钦 戈尔巴乔夫 阿拉法特 希拉克 布莱尔 萨达姆 卡斯特罗 曼德拉 撒切尔 里根 布什 奥巴马
尼克松 丘吉尔 恩格斯 甘地 拿破仑 牛顿 莎士比亚 贝多芬 莫扎特 毕加索 金日成 金正日 金大中 卢武铉
李明博 朴槿惠 桥本龙太郎 小泉纯一郎 野田佳彦 鸠山由纪夫 菅直人 萨科齐 奥朗德 卡梅伦 穆沙拉夫
纳扎尔巴耶夫 米尔济约耶夫 拉赫蒙 阿萨德 内贾德 鲁哈尼 拉宾 佩雷斯 穆巴拉克 查韦斯 罗塞夫 博索纳罗
米莱 方济各 潘基文 德奎利亚尔 哈里斯 万斯 鲁比奥 赫格塞斯 沙利文 苏利文 斯托尔滕贝格 贝克汉姆
费德勒 纳达尔 德约科维奇 博尔特 马拉多纳 齐达内 罗纳尔多 C罗 内马尔 姆巴佩 库里 杜兰特 丁俊晖 刘国梁
邓亚萍 王楠 张怡宁 樊振东 孙颖莎 王楚钦 苏炳添 张继科 武大靖 杨倩 巩立姣 郑钦文 潘展乐 许昕
马布里 科比 奥尼尔 乔丹 王家卫 冯小刚 陈凯歌 姜文 周星驰 梁朝伟 张学友 王菲 邓丽君 李小龙 范冰冰
赵薇 杨幂 刘亦菲 郎朗 谭盾 吴京 沈腾 贾玲 柳传志 张瑞敏 宗庆后 李嘉诚 李书福 曹德旺 王传福
张一鸣 黄峥 丁磊 张朝阳 王兴 程维 刘永好 何享健 郭台铭 孙正义 芒格 纳德拉 皮查伊 苏姿丰 李兰娟
张文宏 潘建伟 施一公 李登辉 马英九 蔡英文 赖清德 董建华 崔世安 岑浩辉 夏宝龙 骆惠宁 蒋介石 蒋经国
雷锋 焦裕禄 孔繁森 王军霞 聂卫平 王震 曾培炎 习仲勋 潘功胜 郭树清 周小川 楼继伟 肖钢 刘士余 易会满
吴清 刘昆 蓝佛安 王文涛 秦刚 傅莹 华春莹 赵立坚 汪文斌 毛宁 林剑 郭嘉昆 耿爽 陆慷 洪磊 马朝旭
孙卫东 谢锋 傅聪 宋楚瑜 吴敦义 朱立伦 韩国瑜 柯文哲 侯友宜 郑丽文 卓荣泰 萧美琴 苏贞昌 基辛格 鲍尔森
萨默斯 努钦 沃尔克 德拉吉 杜特尔特 马哈蒂尔 菅义伟 森喜朗 小渊惠三 村山富市 福田康夫 麻生太郎
中曾根康弘 田中角荣 谭德塞 苏哈托 梅加瓦蒂 苏西洛 他信 英拉 巴育 赛塔 佩通坦 阿罗约 纳吉布 穆希丁
夏巴兹 哈西娜 尤努斯 瓦杰帕伊 奥尔默特 哈尼亚 辛瓦尔 纳斯鲁拉 巴希尔 穆尔西 萨达特 纳赛尔 霍梅尼
扎里夫 阿拉格齐 米舒斯京 绍伊古 别洛乌索夫 格拉西莫夫 纳雷什金 沃洛金 扎哈罗娃 涅边贾 亚努科维奇
波罗申科 季莫申科 库列巴 西比加 叶尔马克 扎卢日内 瑟尔斯基 什米加尔 斯维里坚科 杜达 图斯克 莫拉维茨基
纳夫罗茨基 巴尔尼耶 勒科尔尼 阿塔尔 博尔内 勒庞 梅朗雄 巴尔德拉 菲永 密特朗 戴高乐 蓬皮杜 勃兰特
阿登纳 施泰因迈尔 贝尔伯克 哈贝克 林德纳 博雷利 特拉斯 查尔斯三世 伊丽莎白二世 戴安娜 孔特 伦齐
贝卢斯科尼 贝鲁斯科尼 拉霍伊 萨帕特罗 祖马 姆贝基 穆加贝 姆南加古瓦 卡加梅 肯雅塔 穆塞韦尼 布哈里
提努布 马克里 奥夫拉多尔 谢因鲍姆 辛鲍姆 佩特罗 博里奇 博卢阿尔特 莫拉莱斯 奥尔特加 布克尔 特恩布尔
陆克文 吉拉德 阿德恩 希普金斯 小布什 老布什 彭斯 佩洛西 舒默 麦康奈尔 桑德斯 德桑蒂斯 黑利 拉马斯瓦米
蒂勒森 马蒂斯 埃斯珀 沃尔兹 贝森特 卢特尼克 拉特克利夫 加巴德 雷蒙多 戴琦 贝索斯 鲍尔默 柳井正
稻盛和夫 松下幸之助 丰田章男 李健熙 李在镕 潘石屹 俞敏洪 罗永浩 董宇辉 李佳琦 罗振宇 史玉柱 牛根生
周鸿祎 张近东 沈南鹏 李开复 何小鹏 曾毓群 钟睒睒 杨元庆 郭广昌 马明哲 孟晚舟 余承东 梁稳根 蔡崇信
吴泳铭 刘炽平 张小龙 梁汝波 周受资 孙悦 周琦 郭艾伦 郑洁 彭帅 吴易昺 叶诗文 宁泽涛 汪顺 覃海洋
张雨霏 陈芋汐 伏明霞 田亮 吴敏霞 施廷懋 王宗源 谢思埸 丁宁 刘诗雯 陈梦 王曼昱 林高远 梁靖崑 孔令辉
王皓 王励勤 杨威 李小鹏 邹凯 程菲 陈一冰 张博恒 肖若腾 邹敬园 谢震业 惠若琪 李盈莹 袁心玥 蔡振华
武磊 孙继海 范志毅 郝海东 王霜 苏翊鸣 任子威 王濛 申雪 赵宏博 隋文静 韩聪 羽生结弦 李宗伟 谌龙
石宇奇 陈雨菲 郑思维 黄雅琼 安赛龙 奥沙利文 赵心童 小威廉姆斯 大坂直美 阿尔卡拉斯 辛纳 哈兰德 贝林厄姆
莱万多夫斯基 本泽马 萨拉赫 德布劳内 孙兴慜 伊布拉希莫维奇 鲁尼 杰拉德 罗纳尔迪尼奥 布冯 卡纳瓦罗
马尔蒂尼 克鲁伊夫 阿尔特塔 西蒙尼 约基奇 恩比德 文班亚马 哈登 威斯布鲁克 邓肯 诺维茨基 加内特 艾弗森
麦迪 皮蓬 罗德曼 舒马赫 维斯塔潘 周冠宇 马龙
丁关根 谢非 叶选平 宋平 刘华清 王光英 金泳三 普里马科夫 切尔诺梅尔金 吕秀莲 贺国强 陈至立 王忠禹 何鲁丽
许嘉璐 成思危 彭珮云 王丙乾 杨汝岱 钱伟长 胡启立 陈锦华 经叔平 张思卿 肖扬 任建新 韩杼滨 罗豪才 朱邦造 沈国放
孙玉玺 章启月 孔泉 刘建超 姜瑜 若斯潘 梅杰 普罗迪 阿斯纳尔 克雷蒂安 吴作栋 李光耀 卢泰愚 全斗焕 细川护熙
海部俊树 宫泽喜一 竹下登 拉夫桑贾尼 哈塔米 卡扎菲 布特弗利卡 奥巴桑乔 索拉纳 切尼 拉姆斯菲尔德 基里延科
弗拉德科夫 索尔仁尼琴 刘延东 徐绍史 解振华 周生贤 韩长赋 陈竺 马晓伟 孟建柱 赵克志 曹建明 王胜俊 高虎城
袁贵仁 陈宝生 怀进鹏 唐仁健 雷海潮 黄润秋 吕祖善 赵洪祝 车俊 易炼红 刘晓庆 赵本山 宋丹丹 倪萍 白岩松 崔永元
撒贝宁 董卿 梅艳芳 刘嘉玲 林志玲 林青霞 洪金宝 侯孝贤 杨紫琼 周润发 郭富城 张惠妹 蔡依林 王力宏 林俊杰
陈奕迅 孙燕姿 韩红 刘欢 宋祖英 李谷一 腾格尔 崔健 鹿晗 吴亦凡 易烊千玺 王俊凯 王一博 赵丽颖 迪丽热巴 唐嫣
刘诗诗 孙俪 邓超 黄渤 徐峥 王宝强 葛优 陈道明 张国立 孙红雷 胡歌 靳东 雷佳音 张译 黄晓明 赵继伟 胡明轩
许海峰 容国团 傅园慧 李永波 李雪芮 刘国正 李晓霞 熊倪 李小双 刘璇 桑兰 周洋 李坚柔 邢慧娜 占旭刚 龙清泉
吕小军 石智勇 邹市明 吴静钰 杜丽 庞伟 朱启南 王义夫 晏紫 王蔷 李玲蔚 龚智超 赵蕓蕾 傅海峰 蔡赟 王仪涵 菲戈
博格坎普 范巴斯滕 巴乔 因扎吉 里贝里 伊涅斯塔 普约尔 卡西利亚斯 苏亚雷斯 李铁 邵佳一 张琳芃 颜骏凌 米卢 高洪波
奥拉朱旺 瓦林卡 德安东尼 西蒙斯 叶尔梅克巴耶夫 德拉基 麦唐奈尔
金庸 琼瑶 王朔 倪匡 周迅 郭德纲 于谦 李咏 赵忠祥 秦始皇 成吉思汗 朱元璋 康熙 雍正 乾隆 慈禧
"""
WELL_KNOWN = tuple(_WELL_KNOWN_TEXT.split())

HELD_OUT_HEADER = f"""\
# The people lexicon as tools/build_people.py builds it without the CLUENER records that
# benchmarks/bench_ner.py scores (its sample of {SAMPLE:,}, seed {SEED}): the benchmark loads it over the shipped
# lexicon, which is built from every record, so that its sample stays a held-out measure. Generated: do not
# edit by hand.
"""

HEADER = f"""\
# people.tsv - names of people in the news (politicians, business people, athletes, artists, characters),
# reported as people without a cue (rules/person.toml, person.known). Generated by tools/build_people.py:
# do not edit by hand; add names in a user rule file instead (README, "Rules are data").
# Source: the name spans of CLUENER2020's training split (all its records); kept when three quarters of the
# name's occurrences there are marked as a name, and dropped when the news corpus writes it often but factx
# never finds it there as a person with a cue (an ordinary word).
# Plus {len(WELL_KNOWN)} people every reader of Chinese news knows (WELL_KNOWN in the tool: general knowledge).
# Columns: name
"""


def marked_names(records: list[dict]) -> list[str]:
    """The names CLUENER marks in ``records`` (two to four Han characters) that are marked in at least
    ``MIN_SHARE`` of their occurrences there; an occurrence inside a longer name marked there does not count
    (欧文 in 凯文·欧文)."""
    spans = [f["text"] for doc in records for f in doc["facts"] if f["type"] == "person"]
    marked = Counter(spans)
    text, in_names = "\n".join(doc["text"] for doc in records), "\n".join(spans)
    return [
        name
        for name, count in marked.items()
        if NAME.fullmatch(name) and count >= MIN_SHARE * (text.count(name) - (in_names.count(name) - count))
    ]


def cue_found(texts: list[str]) -> Counter[str]:
    """How often factx's cue rules find each name as a person in the news corpus (with the lexicon's own rule
    switched off, so that the file does not vouch for itself)."""
    with tempfile.TemporaryDirectory() as folder:
        override = Path(folder) / "no_known.toml"
        override.write_text(DISABLE_KNOWN, encoding="utf-8")
        extractor = Extractor([str(override)], types="person")
        return Counter(f.text for found in extractor.extract_many(texts) for f in found if f.rule not in CUE_FREE)


def build() -> dict[Path, str]:
    """The shipped lexicon, from every record, and the benchmark's, from the records outside its sample."""
    records = list(read_gold(DATA))
    scored = {doc["id"] for doc in sampled(records, SAMPLE, SEED)}
    news = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.rglob("*.txt"))]
    corpus = "\n".join(news)
    found = cue_found(news)
    # words that look like names (非典) and spans marked past a name's end: never one
    excluded = set(Extractor().ruleset.lexicon("person_stop")) | MISMARKED

    @cache  # both lists ask about most names: one count over the corpus each
    def ordinary_word(name: str) -> bool:
        return corpus.count(name) >= WORD_AFTER and not found[name]

    def kept(records: list[dict]) -> list[str]:
        names = {name for name in marked_names(records) if name not in excluded and not ordinary_word(name)}
        return sorted(names | set(WELL_KNOWN))

    shipped = kept(records)
    held_out = kept([doc for doc in records if doc["id"] not in scored])
    return {OUT: HEADER + "".join(f"{name}\n" for name in shipped), HELD_OUT_PEOPLE: held_out_rules(held_out)}


def held_out_rules(names: list[str]) -> str:
    """A user rule file that replaces the shipped ``person_known`` lexicon with ``names``."""
    rows = ["  " + ", ".join(f'"{name}"' for name in names[i : i + 12]) + "," for i in range(0, len(names), 12)]
    return HELD_OUT_HEADER + "[lexicons.person_known]\nwords = [\n" + "\n".join(rows) + "\n]\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 (saying so) if a committed file is out of date")
    args = parser.parse_args()
    for path, built in build().items():
        if args.check:
            if path.read_text(encoding="utf-8") != built:
                sys.exit(f"{path} is out of date: run python tools/build_people.py")
            print(f"{path}: up to date")
        else:
            path.write_text(built, encoding="utf-8")
            print(f"{path}: {len(HAN_WORD.findall(built))} names")


if __name__ == "__main__":
    main()
