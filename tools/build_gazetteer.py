#!/usr/bin/env python3
"""Build ``rules/lexicons/gazetteer.tsv`` from China's statistical division codes.

Source: the public repository modood/Administrative-divisions-of-China (licence WTFPL), commit
57a0aa9cef47169a2eb74cf057b0245052a34e8c, files ``dist/{provinces,cities,areas,streets}.csv`` and
``dist/HK-MO-TW.json`` - the National Bureau of Statistics' 2023 statistical division codes
(统计用区划代码, cut-off 2023-06-30). The project keeps a copy in ``../shared/gazetteer/``.

Usage (from the repository root; standard library only, output is byte-for-byte reproducible)::

    python tools/build_gazetteer.py                       # reads ../shared/gazetteer, writes rules/lexicons
    python tools/build_gazetteer.py --src DIR --out FILE
    python tools/build_gazetteer.py --check               # exit 1 if the committed file is out of date

Output columns (tab-separated, ``#`` lines are comments)::

    name  canonical  level  province  city  code

One row per surface form and division: the full official name, plus a short form with the administrative
suffix (and, for autonomous areas, the ethnic names) removed, when that short form has at least two
characters and is not an ordinary word (see the stop lists below).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SRC = ROOT.parent / "shared" / "gazetteer"
DEFAULT_OUT = ROOT / "rules" / "lexicons" / "gazetteer.tsv"

SOURCE_REPO = "modood/Administrative-divisions-of-China"
SOURCE_COMMIT = "57a0aa9cef47169a2eb74cf057b0245052a34e8c"

LEVELS = ("province", "city", "county", "town")

# Rows of the source that stand for no real division.
PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

# Official names that are ordinary words in running text (城区 "urban area", 东区 "east district"): a
# division with such a name is left out entirely.
GENERIC_FULL_NAMES = frozenset(
    {"城区", "郊区", "矿区", "东区", "西区", "南区", "北区", "中区", "街道", "小城镇", "新区", "市区"}
)


def _words(text: str) -> list[str]:
    """Whitespace-separated words of a literal block (keeps the long word lists below readable)."""
    return text.split()


# The 55 minority nationalities as they appear in the names of autonomous areas, longest first so that
# 土家族 is tried before 土族. Most are followed by 族; a few (蒙古, 维吾尔, 哈萨克, 柯尔克孜, 鄂伦春 ...)
# also appear bare (巴音郭楞蒙古自治州, 伊犁哈萨克自治州).
ETHNIC_GROUPS = tuple(
    sorted(
        _words(
            """
            蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水
            东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克
            俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺
            """
        ),
        key=len,
        reverse=True,
    )
)
BARE_ETHNIC = ("蒙古", "维吾尔", "哈萨克", "柯尔克孜", "塔吉克", "锡伯", "鄂伦春", "鄂温克", "达斡尔")

# Suffixes removed to make short forms, longest first.
PROVINCE_SUFFIXES = ("特别行政区", "自治区", "省", "市")
CITY_SUFFIXES = ("自治州", "地区", "盟", "市", "县")  # 县: Taiwan's counties (新竹县)
COUNTY_SUFFIXES = ("自治县", "自治旗", "新区", "矿区", "市", "区", "县", "旗", "镇", "乡")  # 镇/乡: Taiwan
# Short forms that no suffix rule gives.
SPECIAL_SHORT = {"神农架林区": "神农架", "乌拉盖管理区管委会": "乌拉盖", "大柴旦行政委员会": "大柴旦"}
TOWN_SUFFIXES = (
    "街道办事处",
    "地区办事处",
    "办事处",
    "街道",
    "民族乡",
    "民族镇",
    "民族苏木",
    "苏木",
    "镇",
    "乡",
    "地区",
)
# Town-level (乡级) rows are kept only when their name ends so: farms, prisons, companies, development
# zones and other "类似乡级单位" are not places in the sense of this gazetteer.
TOWN_NAME = re.compile("(?:" + "|".join(TOWN_SUFFIXES) + ")$")
# County-level codes whose 5th digit is 7 are functional zones (经济技术开发区, 高新区, 管理区, 新区 ...);
# the project's conventions treat such zones as organisations, so they are left out.
FUNCTIONAL_ZONE = re.compile(r"^\d{4}7\d$")

# Short forms of provinces, cities and counties that are ordinary words, brand or organisation names, or
# prefixes of very common words (合作市 -> 合作, 大城县 -> 大城(市), 阿里地区 -> 阿里(巴巴), 兴业县 ->
# 兴业(银行)). The division stays in under its full name.
COUNTY_STOP = frozenset(
    _words(
        """
        资源 合作 和平 武功 比如 南部 解放 东方 前进 港口 公安 友好 共和 城中 中方 友谊 平安
        安定 延长 光明 新兴 运河 万年 东风 红旗 南岸 城北 城南 城东 城西 城关 新城 市中 会同
        工农 大名 富裕 清水 前锋 复兴 长子 宏伟 平定 向阳 振兴 三元 大方 新华 莲花 平和 名山
        白云 建华 三门 大观 二七 台前 石棉 丰满 双桥 高台 二道 无为 民权 小店 同心 元宝 平房
        灯塔 七星 海棠 来宾 回民 江岸 安居 乐业 方正 龙凤 富民 爱民 惠民 新民 老城 新星 和顺
        天心 天元 兴业 市北 市南 路南 城厢 大英 同仁 万全 博爱 白玉 天涯 古城 河口 新建 安宁
        温泉 洞口 芙蓉 凤凰 阿里 白银 高明 宝塔 麒麟 天台 民乐 铜鼓 磐石 小金 梨树 鸡冠 太平
        长寿 上街 天桥 商城 江山 平原 江海 故城 海港 大城 新市 金水 红山 中西 离岛 大堂 三重
        中和 新店 树林 淡水 三峡 五股 万里 八里 深坑 八德 杨梅 观音 新屋 大雅 大肚 安南 仁德
        盐水 六甲 七股 将军 北门 大内 山上 三民 林园 大树 桥头 大社 湖内 内门 弥陀 安乐 仁爱
        暖暖 中正 信义 关西 公馆 铜锣 大湖 造桥 和美 田中 北斗 花坛 大村 水里 鱼池 土库
        林内 太保 布袋 民雄 水上 新港 牡丹 狮子 春日 三星 光复 瑞穗 成功 新社 小港 后壁
        通道 互助 沿河 大厂 青龙 大关 朝天 天等 连城 兰西 无极 南城 清新 马龙 王益 会理
        西和 新和 建平 尚志 天长 大林
        """
    )
)

# Short forms of towns (乡级) left out: ordinary words (chosen by hand, with a general word-frequency list
# as a guide: 世纪, 健康, 阳光), strings that in running text mostly straddle a word boundary or sit inside
# a longer word (现代化 -> 代化, 俱乐部 -> 俱乐, 新一轮 -> 新一; checked against CLUENER2020's text),
# look-alikes of personal names (张明, 王兆, 朱家), foreign places (米兰, 费城, 仁川) and organisations
# (京东, 清华, 汇丰). A town short form is also dropped when more than two towns share it or when it is a
# province, city or county name (full or short).
TOWN_STOP = frozenset(
    _words(
        """
        一元 一六 一品 一心 一碗水 丁兰 丁卯 丁堡 丁家 丁当 丁香 七一 七台 七号 七家 七户
        七步 七道 万张 万户 万民 万象 三五 三余 三八 三口 三号 三团 三城 三堂 三堆 三多 三官
        三宫 三张 三思 三才 三排 三架 三栋 三流 三清 三湖 三班 三界 三营 上举 上余 上升 上口
        上司 上团 上地 上安 上官 上户 上方 上映 上村 上涌 上游 上盘 上观 上都 下党 下口 下山
        下新 下楼 下水 下江 下车 下过 下都 世昌 世纪 丛林 东北 东城 东大 东峰 东来 东段 东洋
        东渡 东起 东路 两城 两家 两汪 两湖 两碗 两路 中东 中保 中关 中北 中华 中台 中堂 中天
        中子 中小 中州 中庸 中建 中心 中所 中排 中新 中星 中桥 中水 中河 中港 中营 中行 中观
        中路 中铁 丰产 丰盛 丰茂 丹桂 丹砂 丹青 主星 久仰 久安 久长 乌云 乌木 乐丰 乐化 乐园
        乐土 乐居 乔仁 乔利 乔家 乔建 乔木 乔达 乘风 九口 九尺 九州 九所 九支 九曲 九道 九集
        书坊 书香 二八 二台 二甲 二程 于城 云中 云梯 云水 云雾 五三 五乡 五亩 五公 五十 五城
        五堵 五头 五户 五横 五段 五百户 五间 井口 井龙 亚热 交河 交界 交道 京东 亭子 亲和
        人民 仁川 仓房 仙人 仙人洞 仙女 仙踪 仙鹤 代化 仲兴 仲达 伏家 伏龙 优胜 会展 会师
        会战 会盟 伶俐 体育场 佘家 余下 余家 余集 佛寺 佛门 保国 保家 保税 俱乐 倒水 健康
        健美 傅家 元和 先进 先遣 光亚 光照 光荣 光辉 克利 克尔 克林 克西 全军 全县 全国 全市
        全省 八万 八仙 八八 八十八 八千 八台 八家 八尺 八开 八斗 八日 八景 八路 八达 八面
        八颗 公会 公明 公正 公民 公田 公道 公馆 六号 六排 六桶 共合 共济 共青 共青团 关上
        关东 关公 关子 关帝 关路 关门 关防 兴中 兴发 兴富 兴建 兴旺 兵营 军山 农场 农林 冠英
        冲口 冶金 凌家 凌空 凤尾 凤来 出山 刁家 分水岭 分路 刘佐 刘宋 刘家 刘胡兰 创业 创业园
        创新 利店 到保 前场 前程 前路 前门 加信 勒马 勤劳 化作 化成 化龙 北中 北乡 北区 北台
        北地 北坡 北城 北大 北宋 北岗 北岸 北平 北新 北河 北洋 北源 北站 北魏 十五级 十字路
        十家 十方 千口 千家 千岛 千峰 千户 千斤 千秋 半山 半程 华佗 华大 华民 华西 协和 南北
        南区 南唐 南坡 南城 南大 南头 南宋 南极 南水 南洋 南环路 南美 南航 南赛 南路 南韩
        南黄 博平 卡拉 卡斯 卢峰 卫国 卫星 厚禄 友协 友爱 双发 双喜 双星 双水 双汇 发展 发放
        口前 口头 口岸 古城 古学 古拉 古文 古月 古桥 古镇 可乐 台上 史家 右卫 叶大 叶盛 司徒
        司马 合兴 合力 合流 吉利 吉庆 吉日 吉米 吉达 同义 同大 同普 后台 后头 后宫 后方 向上
        向城 吕良 吕蒙 启蒙 吴林 告成 周礼 和安 和新 和睦 和谐 咸水 唐兴 唐昌 唐林 唐海 唱歌
        商务 商家 商店 善感 喇叭 四九 四十八 四团 四季 四家 四平路 四开 四户 四把 四排 四方
        四望 四海 四通 四里 四门 四队 回城 回春 回车 团城 园区 园林 园艺 国华 国安 国宝 国庆
        国强 国梁 国荣 国际 图强 圈内 圈里 土地 土山 土木 圣城 圣堂 圣水 在中 地方 地灵 地瓜
        地直 地都 坝子 坦途 垭口 城中 城乡 城关 城区 城墙 城寨 城郊 城镇 城门 城隍 塔尔 塘河
        塘边 墙头 士英 复原 复盛 夕阳 外海 多吉 多彩 多角 夜明珠 大业 大中 大为 大乐 大乘
        大众 大信 大全 大公 大冷 大北 大华 大单 大历 大发 大和 大唐 大团 大地 大场 大坑 大块
        大堤 大姓 大定 大将 大屋 大峡谷 大巴 大市 大幕 大干 大年 大张 大悲 大战 大木 大杨树
        大楼 大民 大水 大江 大沟 大泽 大洋洲 大洞 大浪 大海 大白 大盘 大石头 大禹 大科 大程
        大胡 大藏 大门 大陆 大院 大雁 大集 大面 大顺 大马 大高 大鹏 大麻 大黄 天仙 天安 天宫
        天府 天德 天文 天明 天湖 天王 天生 天福 天问 天顶 天鹅 天龙 太公 太古 太子 太尉 太极
        头陀 奇峰 奋进 好生 如意 如松 妈妈 始建 姬家 子房 孔国 孔明 孔玉 孙吉 孙家 孙武 孙氏
        孝顺 孟家 孟海 季家 孤岛 学士 学苑 学院 守望 安东 安全 安泰 安石 安稳 安静 宏图 宏观
        宏道 官儿 官场 官寨 官道 定和 宜居 宝库 宝石 宝秀 宝藏 宝马 客店 宣和 宣慰 宫前 宫里
        宽阔 富国 富家 富水 富饶 寨子 导航 寿昌 寿春 射箭 小丘 小将 小村 小板 小林 小桥 小梅
        小楼 小白 小石桥 小站 小胜 小院 小雪 小龙 少林 少阳 尹吉甫 尹家 屈原 屯垦 屯子 山下
        山中 山前 山北 山后 山坡 山头 山寨 山川 山庄 山根 山水 山泉 山洞 山腰 山里 岑松 岔路
        岩洞 岭子 岳东 岳家 岳峰 岳新 岳林 岳龙 崔东 崔家 嵯峨 巡检 工业 工业区 工业园 工人
        工程 巨轮 巩昌 巴西 巴达 巷口 巷道 市区 市场 师古 席王 常理 常绿 常胜 平地 平坦 平明
        平沙 平洋 平西 广厦 广发 广度 庄上 庄周 庄园 庄子 店门 庙宇 庞光 庞家 康安 廖家 建一
        建业 建中 建兴 建工 建政 建明 建筑 开发 开发区 开城 开山 开张 开怀 开源 开通 张义
        张兰 张华 张家 张庆 张强 张新 张明 张星 张林 张秋 张维 张良 张达 张金 张青 弹子 弼时
        归化 彩云 彩虹 彭家 彭思 彭新 徐中 徐福 徐霞客 徐龙 徘徊 德威 德平 德政 德隆 德馨
        忠义 忠厚 忠孝 忠良 忠诚 恩和 戈波 成吉思汗 成团 成平 我市 户部 打滚 打通 扬名 扬子
        承恩 报恩 抽水 拂晓 拉伯 拉加 拉巴 拉普 拉根 拉法 拉马 拖船 招商 招安 拥军 拱桥 振中
        振华 插花 摆渡 擂鼓 操场 支那 收成 救兵 敖平 散兵 敦厚 敬业 文东 文华 文官 文教 文明
        文武 文汇 文治 文笔 文集 文龙 斗山 断桥 斯大林 新一 新元 新区 新台 新城 新堤 新宝
        新山 新工 新开铺 新德 新成 新房 新房子 新政 新文 新春 新甲 新石 新茶 新造 新雅 新高
        方圆 方官 方家 无瑕 日兴 日尔 日当 日新 日月 旧城区 时中 昌东 昌元 昌华 昌国 昌安
        昌德 昌明 昌波 昌荣 昌龙 明亮 明星 明永 星云 星子 星宿 星海 星耀 春光 春华 春晓 春水
        春秋 春联 春荣 春雷 晏家 晓阳 晨光 普吉 晴朗 暗流 曲子 曲线 更合 更新 曹家 曼德拉
        月华 月宫 月里 服务 望台 望远 朝东 朝旭 朝霞 木卓 木杆 木瓜 木石 木门 木马 木鱼 本市
        朱兰 朱家 朱昌 朱明 朱林 朱砂 朱阳 机场 杂色 杉木 李俊 李兴 李子 李高 杏树 村头 杜家
        杜林 杜生 杜良 杜鹃 来华 杨兴 杨和 杨安 杨文 杨柏 杨树 松下 板岩 板栗 极乐 枕头 林东
        林冲 林和 林场 林子 林峰 林盛 林荫 枫树 架桥 枸杞 柏家 柏祥 查理 柳家 柳峰 柳新 柳条
        柳枝 柳青 柴家 柴维 柿子 栏杆 树林 树皮 栗子 核桃 根子 格林 格达 桂兴 桑梓 桥上 桥下
        桥中 桥墩 桥边 桦树 梁家 梁才 梁永 梁祝 梅云 梅华 梅子 梅家 梅雨 梅龙 梧桐树 梨花
        森工 椿树 楼下 楼台 楼房 榛子 槐花 樊学 横梁 横渡 欢喜 欧拉 正东 正午 正大 正果 正直
        正西 正路 武术 武林 武王 武连 比尔 毛云 毛俊 毛家 毛尖 民众 民意 民政 民族 民生 水土
        水塘 水岭 水晶 水果湖 水沟 水泊 水洼 水稻 水边 水道 水门 永久 永利 永恒 永红 求索
        汇丰 汉东 汉城 江堤 江底 江心 江河 江湖 江龙 汪仁 汪洋 汽车站 沈家 沙包 沙口 沙地
        沙拉 沙海 沙滩 沙石 沙门 沙鱼 沙龙 沟口 沟里 河堤 河山 河川 河沙 河流 河渠 河滩 河畔
        河里 河鱼 油坊 油榨 油田 治安 沿江 沿河 沿海 沿湖 泉眼 法中 法官 法门 泥巴 泽国 洛克
        洛林 洪冠 洪安 洪家 洪庆 洪德 洪星 洪林 洪梅 洪祥 活水 流芳 浅水 浆水 浩然 浪头 浮云
        浮桥 海岛 海星 海洋 海浪 海游 海湾 海潮 海螺 海角 海边 淤泥 深沟 清凉 清华 清波 清风
        渔场 渡江 温仁 温春 温波 港上 港区 港湾 湖上 湖村 湖滨 湖边 湿地 源头 源泉 溪河 滋润
        滕家 满堂 满月 满江 滨江 滨海 滨湖 滩头 漆树 演马 漕运 漩涡 潘安 潘新 潭水 潮水 灌水
        火场 火星 火炉 火烧店 火石 火箭 火红 火车头 火龙 灵芝 炮台 炮车 点头 炼铁 烟袋 烟霞
        烽火 焦东 煤山 煤矿 熊家 熨斗 燕东 燕云 燕子 燕窝 爱国 版书 牌坊 牛华 牛头山 牛家
        牛棚 牛郎 牧场 牧牛 物流 犁头 状元 独树 狮城 猛虎 猫儿 玉亭 玉带 玉皇 玉科 王佐 王兆
        王和 王安 王宝 王家岗 王平 王民 王英 王莽 玛瑙 玫瑰 环山 玲珑 珍珠 珙桐 球场 理化
        琉璃 琥珀 琴台 瓦屋 瓦房 甘蔗 甘露 甘龙 生机 田和 田园 田湖 甲子 甲寅 电力 界岭 界市
        界都 留下 白兔 白地 白头 白家 白桦 白浪 白米 白花 白衣 白金 百利 百官 百尺 百步 百济
        百里 百顺 皇冠 皇后 皇宫 皇庄 盐场 盖德 盖玉 盘水 盛世 直升 相公 石和 石坡 石堆 石墙
        石室 石川 石栏 石榴 石槽 石油 石海 石笋 石象 矿区 矿泉 砂石 砖墙 砚台 硅谷 碧水 碧波
        碧海 碧玉 碾子 碾盘 磁石 磷矿 示范 礼义 礼乐 礼仪 礼让 社区 社科 祁家 祁红 祖庙 祝华
        祝家 神农 神童 祥和 禅堂 福临 福堂 福寿 福星 禹兴 秀全 种田 科技 科技园 秦东 秦家
        秦峰 积金 稻田 穆云 穆家 空山 空港 章华 章安 竹帘 竹竿 竹篙 第一 第三 第二 第五 第四
        管仲 管理 箭竹 篱笆 米公 米兰 素朴 红丝 红军 红卫 红场 红宝 红宝石 红心 红柳 红树
        红梅 红海 红龙 纤维 纪南 纯化 纱帽 纳尔 纳西 纳金 纺织 细沙 经久 经建 经济 经纬 结巴
        结构 统一 继光 绿化 绿林 绿洲 罐子 罗布 罗文 罗汉 罗秀 羊草 美玉 群山 群峰 群英 翁达
        翟家 翠竹 翰林 老兵 老区 老城 老山 老庄 老店 老窝 老翁 老莱 老营 老马 老鸦 者下 耿达
        聂家 联发 联和 联城 联络 肖良 肖金 胡吉 胡杨 胭脂 腾达 腾龙 自立 至诚 致富 舍利 舍得
        舒安 航天 航空 船形 良马 艾家 芝麻 芦家 芦林 芦花 花丛 花乡 花厅 花城 花岗 花木 花果
        花梨 花海 花街 花香 花鸟 苍霞 苍龙 苏区 苏木 苏武 苏鲁 苑东 苗圃 苗安 苦水 英俊 英利
        英武 英豪 英雄 茅台 茅草街 茶坊 茶房 荆家 草原 草地 草场 草海 草街 荔枝 药王 药都
        莫云 莫红 菊花 菜园子 菩提 萨尔 落水 葛兰 葡萄 葡萄架 蒙海 蒲东 蒲团 蒲家 蓝天 蓝旗
        蔡家 蔡金 蔡锷 薄壁 薛家 虎头 虎牙 虎踞 虾子 蟠桃 行流 行者 街口 街头 袁家 裴兴 裴德
        裴梅 褚兰 褡裢 西一 西兰 西北 西区 西口 西向 西周 西地 西城 西尔 西岸 西段 西洋 西洲
        西流 西海 西王 西站 西谷 西路 观山 詹家 计划 谢安 谢家 谭家 象形 象棋 贝尔 财源 财神
        贤良 费城 贾光 贾家 资市 赛马 赤松 赤金 走马岭 赵光 赵和 赶场 起步 超越 跑马 路东
        路西 跳马 车城 车头 车道 车门 辉耀 辛义 辛兴 边门 达卡 迎接 迎风 近海 远大 远门 连环
        连生 适中 逍遥 通关 通天 通宵 通衢 通运 造化 道义 道口 道场 道林 邓家 邱家 郊区 郎君
        郎德 郑家 郝家 部官 郭元 郭庆 都司 都城 都尉 都督 鄢家 酒后 酒店 采石 采花 里湖 重工
        重新 野马 金元 金刚 金利 金南 金口 金声 金殿 金水河 金牙 金田 金甲 金罗 金花 金融
        金装 金贵 金轮 金都 金铺 金顶 金鱼 金龟 钓鱼 钟英 铁人 铁匠 铁塔 铁杆 铁矿 铁锁 铁门
        铅锌 铜矿 铜钱 铜锣 铜鼎 银杏 银杏树 银根 银花 铺上 锦城 锦纶 镇子 长久 长台 长官
        长布 长期 长流 长生 长石 长老 长街 长风 门坎 门巴 门楼 闪石 闫家 问安 闯王 闵家 阎家
        阚家 阳光 阴平 阿拉 阿格 陈东 陈大 陈平 陈涛 陈良 陈贵 院上 陶家 隘口 雄关 集体 雨露
        雷家 雷锋 雷鸣 露天矿 青光 青天 青年 青松 青牛 青花 青草 青衣 静观 革新 鞍子 韦林
        顺化 风水 风采 飞云 飞跃 饶峰 饶良 馆前 首都机场 香水 香花 马上 马力 马号 马吉 马嘶
        马家 马市 马林 马步 马甲 马良 马道 马铃 驼峰 驾车 驿道 骆驼 骏马 骑马 高地 高坡 高基
        高基庙 高塔 高墙 高士 高大 高头 高官 高家岭 高尚 高新 高棉 高炉 高车 魏家 鱼鳞 鲁吉
        鲁班 鲍家 鲜水 鲟鱼 鸡鸣 鸬鹚 鹏程 鹦鹉 鹿角 麦新 麦秀 麻双 麻林 黄兴 黄华 黄安 黄德
        黄海 黄良 黄道 黄门 黄鹤 黎华 黎安 黎家 黑土 黑虎 龙合 龙宫 龙形 龙灯 龙船 龙虎 龙袍
        龙驹
        """
    )
)

# At most this many towns may share a short form (新仓 is 新仓镇 in 平湖市 and one other town).
TOWN_SHORT_MAX_SHARED = 2

# Hong Kong, Macao and Taiwan: province-level codes of GB/T 2260 (the NBS data has none below them).
HK_MO_TW_CODES = {"香港特别行政区": "810000", "澳门特别行政区": "820000", "台湾省": "710000"}
# Macao's parishes are known by their islands: 嘉模堂区（氹仔）.
PAREN_ALIAS = re.compile(r"^(?P<name>[^（(]+)[（(](?P<alias>[^）)]+)[）)]$")


@dataclass(frozen=True, slots=True)
class Division:
    name: str
    level: str
    province: str
    city: str
    code: str
    aliases: tuple[str, ...] = ()  # other names: 氹仔 for 嘉模堂区


def strip_ethnic(stem: str) -> str:
    """Remove trailing nationality names: 延边朝鲜族 -> 延边, 恩施土家族苗族 -> 恩施, 伊犁哈萨克 -> 伊犁."""
    changed = True
    while changed:
        changed = False
        if stem.endswith("各族"):
            stem = stem[:-2]
            changed = True
            continue
        for group in ETHNIC_GROUPS:
            for tail in (group + "族", group if group in BARE_ETHNIC else None):
                if tail and stem.endswith(tail) and len(stem) - len(tail) >= 2:
                    stem = stem[: -len(tail)]
                    changed = True
                    break
            if changed:
                break
    if stem.endswith("族") and stem[:-1] in ETHNIC_GROUPS and len(stem) >= 3:  # 鄂温克族自治旗 -> 鄂温克
        stem = stem[:-1]
    return stem


def short_form(name: str, level: str) -> str | None:
    """The name without its administrative suffix, or None when there is no usable short form.

    Suffixes are tried longest first; one that would leave fewer than two characters gives way to the next
    (清新区: not 清 + 新区 but 清新 + 区).
    """
    if name in SPECIAL_SHORT:
        return SPECIAL_SHORT[name]
    suffixes = {
        "province": PROVINCE_SUFFIXES,
        "city": CITY_SUFFIXES,
        "county": COUNTY_SUFFIXES,
        "town": TOWN_SUFFIXES,
    }[level]
    for suffix in suffixes:
        if not name.endswith(suffix):
            continue
        stem = name[: -len(suffix)]
        stem = strip_ethnic(stem)
        if len(stem) < 2:
            continue
        if suffix == "旗" and re.search(r"(左|右|前|后|中|联合|[黄白红蓝])$", stem):
            return None  # 科尔沁左翼中旗, 正蓝旗: no natural short form
        return stem
    return None


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_divisions(src: Path) -> list[Division]:
    """All divisions in the order province, city, county, town, each level by code."""
    provinces: dict[str, str] = {}
    cities: dict[str, str] = {}
    divisions: list[Division] = []
    for row in read_csv(src / "provinces.csv"):
        provinces[row["code"]] = row["name"]
        divisions.append(Division(row["name"], "province", "", "", row["code"].ljust(6, "0")))
    for row in read_csv(src / "cities.csv"):
        if row["name"] in PLACEHOLDERS:
            continue
        cities[row["code"]] = row["name"]
        province = provinces[row["provinceCode"]]
        divisions.append(Division(row["name"], "city", province, "", row["code"].ljust(6, "0")))
    for row in read_csv(src / "areas.csv"):
        if row["name"] in PLACEHOLDERS or row["name"] in GENERIC_FULL_NAMES:
            continue
        if FUNCTIONAL_ZONE.match(row["code"]):
            continue
        # 东莞市 441900: a city without counties is listed again as its own county
        if row["code"].endswith("00"):
            continue
        province = provinces[row["provinceCode"]]
        divisions.append(
            Division(row["name"], "county", province, cities.get(row["cityCode"], ""), row["code"])
        )
    for row in read_csv(src / "streets.csv"):
        name = row["name"]
        if name in GENERIC_FULL_NAMES or not TOWN_NAME.search(name):
            continue
        province = provinces[row["provinceCode"]]
        divisions.append(Division(name, "town", province, cities.get(row["cityCode"], ""), row["code"]))
    divisions.extend(load_hk_mo_tw(src / "HK-MO-TW.json"))
    return divisions


def load_hk_mo_tw(path: Path) -> list[Division]:
    data = json.loads(path.read_text(encoding="utf-8"))
    divisions: list[Division] = []
    for province, cities in data.items():
        divisions.append(Division(province, "province", "", "", HK_MO_TW_CODES.get(province, "")))
        for city, counties in cities.items():
            divisions.append(Division(city, "city", province, "", ""))
            for county in counties:
                if county in GENERIC_FULL_NAMES:
                    continue
                paren = PAREN_ALIAS.match(county)  # 嘉模堂区（氹仔）: the parish and its island
                if paren:
                    divisions.append(Division(paren["name"], "county", province, city, "", (paren["alias"],)))
                else:
                    divisions.append(Division(county, "county", province, city, ""))
    return divisions


def surface_forms(
    divisions: list[Division], town_short_max_shared: int = TOWN_SHORT_MAX_SHARED
) -> list[tuple[str, Division]]:
    """(surface form, division) pairs: every full name, and the short forms that pass the filters."""
    higher: set[str] = set()  # names and short forms of provinces, cities and counties
    town_shorts: Counter[str] = Counter()
    for div in divisions:
        short = short_form(div.name, div.level)
        if div.level == "town":
            if short:
                town_shorts[short] += 1
        else:
            higher.add(div.name)
            if short:
                higher.add(short)

    pairs: list[tuple[str, Division]] = []
    for div in divisions:
        pairs.append((div.name, div))
        pairs.extend((alias, div) for alias in div.aliases)
        if div.level == "county" and div.province == "澳门特别行政区":
            continue  # 花地玛堂区 is never shortened to 花地玛堂
        short = short_form(div.name, div.level)
        if not short:
            continue
        if div.level == "town":
            if short in TOWN_STOP or short in higher or town_shorts[short] > town_short_max_shared:
                continue
        elif short in COUNTY_STOP:
            continue
        pairs.append((short, div))
        if div.name.endswith("自治州") and short + "州" not in higher:
            pairs.append((short + "州", div))  # 临夏州, 延边州: how news names an autonomous prefecture
    return pairs


def drop_new_area_collisions(pairs: list[tuple[str, Division]]) -> list[tuple[str, Division]]:
    """兰州新区 is never called 兰州: drop a 新区's short form when it names a province or city."""
    upper = {form for form, div in pairs if div.level in ("province", "city")}
    return [
        (form, div)
        for form, div in pairs
        if not (div.level == "county" and div.name.endswith("新区") and form != div.name and form in upper)
    ]


def render(pairs: list[tuple[str, Division]], town_short_max_shared: int = TOWN_SHORT_MAX_SHARED) -> str:
    lines = [
        "# gazetteer.tsv - China's administrative divisions, generated: do not edit by hand.",
        f"# Source: {SOURCE_REPO} (licence WTFPL), commit {SOURCE_COMMIT}, dist/*.csv and dist/HK-MO-TW.json:",
        "#   National Bureau of Statistics 2023 statistical division codes (统计用区划代码), cut-off 2023-06-30.",
        "# Build: python tools/build_gazetteer.py  (reads ../shared/gazetteer/, writes this file; --check verifies)",
        "# Columns (tab-separated, no header row): name<TAB>canonical<TAB>level<TAB>province<TAB>city<TAB>code",
        "#   name       surface form: the full official name, or a short form without the administrative suffix",
        "#              (平湖市->平湖, 广西壮族自治区->广西, 延边朝鲜族自治州->延边, and 延边州); short forms have >= 2 characters",
        "#   canonical  the full official name of the division",
        "#   level      province | city | county | town",
        "#   province   full name of the province-level parent (empty for a province)",
        "#   city       full name of the prefecture-level parent; empty for provinces and cities, for the districts",
        "#              and counties of 北京/天津/上海/重庆 and for counties directly under a province (仙桃市)",
        "#   code       6 digits for province (330000), city (330400) and county (330482); 9 digits for towns",
        "#              (330482103): a town's county is the county row whose code is the first 6 digits of its own",
        "#              (for the towns of 东莞市, 中山市 and 儋州市, which have no counties: the city row).",
        "#              Hong Kong, Macao, Taiwan: 810000/820000/710000 (GB/T 2260), empty below province level.",
        "# Rows are ordered province, city, county, town, each level by code. A surface form shared by several",
        "# divisions has one row per division; prefer the higher level, then the earlier row.",
        "# Left out: placeholder rows (市辖区, 县, 省直辖县级行政区划); county-level functional zones (code 5th digit",
        "# 7: 开发区, 高新区, 管理区 ...); town-level units that are not 镇/乡/街道/苏木/地区 (farms, prisons, companies);",
        "# divisions whose full name is an ordinary word (城区, 郊区, 矿区, 东区 ...). Town short forms only where",
        f"# shared by <= {town_short_max_shared} towns and not an ordinary word, a foreign place or a higher division's name.",
    ]
    seen: set[tuple[str, ...]] = set()
    for form, div in pairs:
        row = (form, div.name, div.level, div.province, div.city, div.code)
        if row in seen:
            continue
        seen.add(row)
        lines.append("\t".join(row))
    return "\n".join(lines) + "\n"


def build(src: Path, town_short_max_shared: int = TOWN_SHORT_MAX_SHARED) -> str:
    """The whole TSV text; town_short_max_shared=0 leaves out town short forms (a smaller file)."""
    pairs = surface_forms(load_divisions(src), town_short_max_shared)
    return render(drop_new_area_collisions(pairs), town_short_max_shared)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC, help="folder with provinces.csv etc.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the TSV to write")
    parser.add_argument("--check", action="store_true", help="only compare with --out; exit 1 if it differs")
    parser.add_argument(
        "--town-short-max-shared",
        type=int,
        default=TOWN_SHORT_MAX_SHARED,
        metavar="N",
        help=f"keep a town's short form only if at most N towns share it (default {TOWN_SHORT_MAX_SHARED}; "
        "0 = no town short forms, about 1.3 MB smaller)",
    )
    args = parser.parse_args(argv)
    text = build(args.src, args.town_short_max_shared)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date: run tools/build_gazetteer.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    counts = defaultdict(int)
    for line in text.splitlines():
        if line and not line.startswith("#"):
            counts[line.split("\t")[2]] += 1
    print(f"wrote {args.out}: " + ", ".join(f"{level} {counts[level]}" for level in LEVELS), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
