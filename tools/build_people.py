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

from bench_ner import DATA, HELD_OUT_PEOPLE, SAMPLE, SEED, sample  # noqa: E402  (the benchmark's own sample)

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
# from 2009 and name few of them): China's leaders since 1949 and today's, world leaders since the 1980s,
# business people, athletes, artists, writers, scientists and figures of history. Names that are also words are
# left out (老子; 成龙 stays: 望子成龙 does not stand as a name; 马克思 of 马克思主义, 爱因斯坦 of 爱因斯坦探针卫星).
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
费德勒 纳达尔 德约科维奇 博尔特 马拉多纳 齐达内 罗纳尔多 内马尔 姆巴佩 库里 杜兰特 丁俊晖 刘国梁
邓亚萍 王楠 张怡宁 樊振东 孙颖莎 王楚钦 苏炳添 张继科 武大靖 杨倩 巩立姣 郑钦文 潘展乐 许昕
马布里 科比 奥尼尔 乔丹 王家卫 冯小刚 陈凯歌 姜文 周星驰 梁朝伟 张学友 王菲 邓丽君 李小龙 范冰冰
赵薇 杨幂 刘亦菲 郎朗 谭盾 吴京 沈腾 贾玲 柳传志 张瑞敏 宗庆后 李嘉诚 李书福 曹德旺 王传福
张一鸣 黄峥 丁磊 张朝阳 王兴 程维 刘永好 何享健 郭台铭 孙正义 芒格 纳德拉 皮查伊 苏姿丰 李兰娟
张文宏 潘建伟 施一公
"""
WELL_KNOWN = tuple(_WELL_KNOWN_TEXT.split())

HELD_OUT_HEADER = """\
# The people lexicon as tools/build_people.py builds it without the CLUENER records that
# benchmarks/bench_ner.py scores (its sample of 3,000, seed 13): the benchmark loads it over the shipped
# lexicon, which is built from every record, so that its sample stays a held-out measure. Generated: do not
# edit by hand.
"""

HEADER = """\
# people.tsv - names of people in the news (politicians, business people, athletes, artists, characters),
# reported as people without a cue (rules/person.toml, person.known). Generated by tools/build_people.py:
# do not edit by hand; add names in a user rule file instead (README, "Rules are data").
# Source: the name spans of CLUENER2020's training split (all its records); kept when three quarters of the
# name's occurrences there are marked as a name, and dropped when the news corpus writes it often but factx
# never finds it there as a person with a cue (an ordinary word).
# Plus 431 people every reader of Chinese news knows (WELL_KNOWN in the tool: general knowledge).
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
    scored = {doc["id"] for doc in sample(SAMPLE, SEED)}
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
