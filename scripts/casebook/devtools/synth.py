"""`casebook synth`: a synthetic library of N valid cases, for scale tests and benchmarks.

Real cases are few and hand-digested, so questions like "does a case page grow with the library?"
need made-up ones.  They are assembled from our own templates and word lists (nothing is copied
from the seed texts), vary in the ways real cases vary (province, community type, which figures
exist, qualifiers such as 余/多/近, number of practices and honors), and pass `casebook check`.

Case i depends only on (seed, i): the first 100 cases of a 1,000-case library are the 100 cases of
a 100-case library, so page sizes can be compared across library sizes case by case.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path
from typing import Any

from casebook.model.case import HONOR_LEVELS
from casebook.model.ids import derive_id
from casebook.model.vocabulary import Vocabulary
from casebook.text.quantities import format_figure

CN_NUM = "零一二三四五六七八九十"

# Mainland provincial units with a few prefecture-level cities each (public place names).
CITIES: dict[str, list[str]] = {
    "北京市": ["北京市"],
    "天津市": ["天津市"],
    "上海市": ["上海市"],
    "重庆市": ["重庆市"],
    "河北省": ["石家庄市", "唐山市", "保定市", "邯郸市"],
    "山西省": ["太原市", "大同市", "长治市"],
    "辽宁省": ["沈阳市", "大连市", "抚顺市", "鞍山市"],
    "吉林省": ["长春市", "吉林市", "白山市"],
    "黑龙江省": ["哈尔滨市", "大庆市", "鹤岗市", "伊春市"],
    "江苏省": ["南京市", "苏州市", "扬州市", "徐州市"],
    "浙江省": ["杭州市", "宁波市", "温州市", "嘉兴市"],
    "安徽省": ["合肥市", "淮南市", "芜湖市"],
    "福建省": ["福州市", "厦门市", "泉州市"],
    "江西省": ["南昌市", "萍乡市", "赣州市"],
    "山东省": ["济南市", "青岛市", "枣庄市", "淄博市"],
    "河南省": ["郑州市", "洛阳市", "南阳市", "信阳市"],
    "湖北省": ["武汉市", "宜昌市", "孝感市", "黄石市"],
    "湖南省": ["长沙市", "株洲市", "湘潭市"],
    "广东省": ["广州市", "深圳市", "佛山市", "韶关市"],
    "海南省": ["海口市", "三亚市"],
    "四川省": ["成都市", "攀枝花市", "绵阳市"],
    "贵州省": ["贵阳市", "六盘水市", "遵义市"],
    "云南省": ["昆明市", "曲靖市", "玉溪市"],
    "陕西省": ["西安市", "铜川市", "宝鸡市"],
    "甘肃省": ["兰州市", "白银市", "金昌市"],
    "青海省": ["西宁市", "海东市"],
    "内蒙古自治区": ["呼和浩特市", "包头市", "乌海市"],
    "广西壮族自治区": ["南宁市", "柳州市", "桂林市"],
    "西藏自治区": ["拉萨市", "日喀则市"],
    "宁夏回族自治区": ["银川市", "石嘴山市"],
    "新疆维吾尔自治区": ["乌鲁木齐市", "克拉玛依市"],
}
COUNTIES = [
    "城关区",
    "新华区",
    "东城区",
    "西城区",
    "南湖区",
    "北湖区",
    "高新区",
    "新城区",
    "河东区",
    "河西区",
    "铁东区",
    "矿区",
]
STREET_WORDS = [
    "人民",
    "建设",
    "解放",
    "和平",
    "新华",
    "光明",
    "朝阳",
    "文化",
    "东风",
    "胜利",
    "长江",
    "黄河",
    "滨河",
    "城南",
    "城北",
    "青年",
    "工农",
    "向阳",
    "团结",
    "友谊",
    "站前",
    "南关",
    "北关",
    "东关",
]
NAME_WORDS = [
    "幸福",
    "和谐",
    "阳光",
    "桂花",
    "丁香",
    "红旗",
    "工人",
    "铁东",
    "矿山",
    "东湖",
    "西湖",
    "南苑",
    "北苑",
    "金桥",
    "银杏",
    "梧桐",
    "紫荆",
    "翠竹",
    "松林",
    "柳园",
    "兴业",
    "振兴",
    "建新",
    "育才",
    "书香",
    "锦绣",
    "康乐",
    "安居",
    "宜居",
    "惠民",
    "民主",
    "新风",
    "清泉",
    "石榴",
    "明珠",
    "长青",
    "晨光",
    "春晖",
    "秀水",
    "平安",
]
NAME_SUFFIXES = ["", "里", "苑", "新村", "花园", "路", "街", "园"]

# Practice-name parts: “三心”工作法, “五联”机制, “红色管家”……
METHOD_CHARS = ["心", "联", "到", "访", "帮", "问", "带", "清", "亮", "进", "民", "好", "有", "安"]
METHOD_KINDS = ["工作法", "机制", "工程", "模式", "行动"]
BRAND_WORDS = ["红色", "幸福", "暖心", "邻里", "先锋", "连心", "同心", "微光", "石榴籽", "家门口"]
BRAND_NOUNS = ["管家", "驿站", "议事厅", "课堂", "食堂", "加油站", "服务队", "工作室", "小院", "客厅"]
COMPONENTS = [
    "建好组织",
    "摸清底数",
    "畅通渠道",
    "办好实事",
    "管好队伍",
    "定期走访",
    "建立台账",
    "公开结果",
    "群众评议",
    "跟踪问效",
    "结对帮扶",
    "上门服务",
    "按需派单",
    "限时办结",
    "集中议事",
    "党员亮身份",
    "楼栋包保",
    "资源共享",
    "积分激励",
    "典型示范",
]

# One action per practice label: what a community typically does under that tag.
PRACTICE_ACTIONS: dict[str, str] = {
    "大党委": "吸收驻区单位党组织负责人担任兼职委员，每季度召开一次联席会议，把辖区资源拧成一股绳",
    "网格化治理": "把辖区划成若干网格，每个网格配一名网格员，做到情况在网格掌握、问题在网格解决",
    "网格党支部": "把党支部建在网格上、党小组建在楼栋里，让每名党员都联系几户居民",
    "红色物业": "引导物业企业成立党组织，与社区党组织交叉任职，共同处理小区里的大事小情",
    "一征三议两公开": "重大事项先征求居民意见，再逐级商议，决议和落实结果两次公开",
    "三单服务": "居民点单、社区派单、党员和单位接单，服务按需求清单配置",
    "双报到": "组织机关单位和在职党员回社区报到，认领服务岗位",
    "积分制": "为参与志愿服务的居民记积分，积分可在社区换取生活用品",
    "一站式服务": "把常办事项集中到党群服务中心一个窗口，让居民少跑腿",
    "红色驿站": "在小区里设立党建驿站，就近议事、就近服务",
    "党员中心户": "由有威望的党员联系周边住户，收集诉求、传递政策",
    "志愿服务": "组建党员和居民志愿者队伍，常态化开展互助和关爱活动",
    "居民议事协商": "搭建居民议事会，让居民对身边的公共事务拿主意",
    "社会组织培育": "孵化社区社会组织和兴趣团队，让它们承接一部分服务",
    "党建+养老": "联合驻区单位开办老年食堂和日间照料站，为老人助餐助医",
    "就业帮扶": "举办技能培训和招聘会，帮助失业居民重新找到工作",
    "共驻共建": "与驻区单位签订共建协议，共享场地、资金和人才",
    "矛盾调解": "设立调解工作室，请老党员、老干部参与调解，把矛盾化解在萌芽状态",
    "邻里文化": "举办邻里节和文体活动，让居民从陌生人变成熟人",
    "星级评比": "每季度评选星级党员和星级家庭，张榜公布、比学赶超",
    "社区工作者队伍建设": "通过选配、培训和激励建强社区两委班子和社区工作者队伍",
    "智慧社区": "建立线上议事群和数据台账，居民诉求随时上传、及时回应",
    "平安社区建设": "组织党员巡逻队开展治安巡查和安全隐患排查",
    "托育服务": "开办假期托管班和四点半课堂，为双职工家庭解决看护难题",
    "民族团结进步创建": "开展民族团结结对和节庆交流活动，促进各族居民交往交融",
    "法治宣传": "建设法治文化阵地，定期开展普法讲座和法律咨询",
    "片区党委": "与周边村改居社区和村党组织组成片区党委，以强带弱",
    "服务热线": "公布社区干部电话，居民一个电话就能反映诉求",
    "新就业群体融入": "为快递员、外卖员建设爱心驿站，邀请他们参与社区治理",
    "商户服务": "组织党员干部包联沿街商户，上门送政策、帮办事",
    "招商引企": "盘活闲置厂房，引进企业，让居民在家门口就业",
}
GENERIC_ACTION = "围绕居民最关心的事情集中用力，定期听取意见、及时调整做法"

CHALLENGE_TEXTS: dict[str, list[str]] = {
    "基础设施老化": [
        "小区建成已有{years}年，道路破损、管网老化，雨天积水，夜间照明不足。",
        "楼道杂物堆积、屋面漏水，{n}栋楼没有安装单元门，居民出行和安全都受影响。",
    ],
    "物业管理缺失": [
        "辖区内{n}个小区没有物业，卫生、维修和安全无人负责。",
        "原产权单位撤出后小区成了无人管的地方，垃圾清运和设施维修一度停摆。",
    ],
    "人口老龄化": [
        "60岁以上老人约占居民的{pct}%，空巢和独居老人多，助餐、就医需求集中。",
        "老年人比例逐年上升，子女多在外地，老人日常照料缺人手。",
    ],
    "就业困难": [
        "原有企业改制后，一批职工失去岗位，家庭收入不稳定。",
        "失地居民缺少技能，就业门路窄，有{n}户家庭靠低保维持生活。",
    ],
    "社区工作力量薄弱": [
        "社区工作人员只有{n}名，要服务上万居民，人手明显不足。",
        "社区干部待遇不高、年龄偏大，后备人才缺乏。",
    ],
    "资金资源匮乏": [
        "社区没有集体资产，办公经费有限，很多服务想办却办不起来。",
        "服务经费主要靠上级拨付，难以回应居民日益多样的需求。",
    ],
    "矛盾纠纷多": [
        "邻里之间因停车、噪音、漏水等小事产生的纠纷时有发生。",
        "拆迁补偿和房屋产权遗留问题多，信访压力较大。",
    ],
    "居民凝聚力弱": [
        "居民来自不同地方，彼此陌生，参加社区活动的人不多。",
        "不少居民觉得社区的事与己无关，议事会常常凑不齐人。",
    ],
    "流动人口管理": [
        "辖区流动人口约有{n}人，租户变动频繁，底数难以摸清。",
        "外来务工人员和租户多，服务和管理难以覆盖到位。",
    ],
    "困难群体帮扶": [
        "低保户、残疾人和独居老人较多，需要经常上门关心。",
        "困难家庭有{n}户，就医、就学和住房问题交织。",
    ],
    "环境卫生差": [
        "背街小巷垃圾乱堆、车辆乱停，居民意见很大。",
        "占道经营和私搭乱建较多，环境脏乱差问题突出。",
    ],
    "民族团结工作": [
        "辖区居住着{n}个民族的居民，风俗和生活习惯各不相同。",
        "多民族居民杂居，需要在尊重差异中促进团结。",
    ],
    "服务阵地不足": [
        "社区办公和活动场所狭小，难以开展集中活动。",
        "党群服务中心面积不足两百平方米，服务项目受限。",
    ],
    "托育难": ["双职工家庭多，孩子放学后和假期无人看护。", "婴幼儿照护服务少、费用高，年轻家庭负担重。"],
}
GENERIC_CHALLENGE = "这一问题由来已久，居民反映集中，社区一直想办法解决。"

LESSON_TEXTS: dict[str, list[str]] = {
    "党建引领": [
        "社区党组织要把方向、聚力量，把驻区单位和党员都组织起来，治理才有主心骨。",
        "把党组织建在离居民最近的地方，党员就能成为群众身边的明白人和带头人。",
    ],
    "以民为本": [
        "服务从居民最急最盼的事做起，办得好不好由居民说了算。",
        "先听群众怎么说，再定社区怎么干，做法才能落地生根。",
    ],
    "资源整合": [
        "社区自身资源有限，要善于把驻区单位、企业和社会组织的力量聚到一起。",
        "用共建协议把各方资源固定下来，避免一阵风。",
    ],
    "居民参与": [
        "让居民从旁观者变成参与者，公共事务交给居民商量着办。",
        "给居民搭平台、给荣誉，参与的人就会越来越多。",
    ],
    "队伍建设": [
        "选好带头人、建强两委班子，是社区工作持续向好的关键。",
        "要给社区工作者上升空间和合理待遇，才能留住人。",
    ],
    "制度化长效": [
        "有效的做法要写进制度、纳入考核，才能长期坚持下去。",
        "定期通报、年终评比，让好做法成为习惯。",
    ],
    "精准服务": ["按群体分类施策，服务细化到户到人。", "建立需求台账，对老人、儿童和困难家庭分别设计服务。"],
}

QUESTION_TEMPLATES = [
    "{name}面对“{challenge}”时，最先抓的是哪件事？为什么？",
    "{practice}在其他{type}推广时，需要具备哪些条件？",
    "如果社区党组织人手不足，怎样让{practice}持续运转下去？",
    "比较{name}与你熟悉的社区，两者在居民参与方面有什么不同？",
    "{name}的做法中，哪些依靠上级支持，哪些可以由社区自己完成？",
    "怎样评估{practice}的实际效果？可以收集哪些数字？",
]

HONOR_WORDS = [
    "文明社区",
    "和谐社区建设示范社区",
    "先进基层党组织",
    "民主法治示范社区",
    "综合减灾示范社区",
    "敬老模范社区",
    "科普示范社区",
    "平安社区",
    "充分就业社区",
    "民族团结进步示范社区",
]

OUTCOME_TEMPLATES: list[tuple[str, str, str, tuple[int, int]]] = [
    # (text with {fig}, label, unit, value range)
    ("累计开展志愿服务{fig}，居民求助有人应、有人帮。", "志愿服务", "人次", (300, 20000)),
    ("化解各类矛盾纠纷{fig}，连续多年没有发生群体性事件。", "化解矛盾纠纷", "件", (20, 600)),
    ("协调各方投入改造资金{fig}，完成道路和管网改造。", "改造资金", "万元", (30, 5000)),
    ("为居民办成实事{fig}，居民满意度明显提升。", "办成实事", "件", (10, 300)),
    ("帮助失业居民实现再就业{fig}。", "实现再就业", "人", (20, 800)),
    ("老年食堂累计服务{fig}，老人吃上了热乎饭。", "老年助餐", "人次", (1000, 50000)),
    ("吸纳党员志愿者{fig}，形成了一支稳定的服务队伍。", "党员志愿者", "名", (20, 400)),
    ("引进企业{fig}，带动周边居民就近就业。", "引进企业", "家", (2, 40)),
]
# Second sentences of a practice summary: how the method is kept running.
PRACTICE_DETAILS = [
    "每月召开一次推进会，梳理居民提出的问题，逐项明确责任人和完成时限。",
    "社区把这项工作写进年度计划，由党组织书记牵头，两委成员分片负责。",
    "为了让居民知道、愿意参与，社区在楼道张贴告示，并在居民群里及时通报进展。",
    "每项任务办完后都请居民代表打分，评价结果与年终评优挂钩。",
    "驻区单位提供场地和经费，党员志愿者轮流值守，保证服务不断档。",
    "社区先在两个小区试点，摸索出经验后再向全社区推开。",
    "对居民反映的问题实行台账管理，办一件、销一件，做到件件有回音。",
    "",
]
CHALLENGE_FOLLOWUPS = [
    "居民为此多次向社区反映，有的还打过市民热线。",
    "这些问题相互交织，单靠社区自身的力量很难解决。",
    "问题解决不好，居民对社区的信任就会打折扣。",
    "",
]
OUTCOME_FOLLOWUPS = [
    "社区还把好做法整理成工作手册，供新来的社区工作者学习。",
    "周边社区多次前来交流，部分做法在街道推广。",
    "居民从过去的“要我参与”变成了“我要参与”。",
    "",
]
QUALIFIER_CHOICES = ["", "", "", "余", "多", "近", "超", "约"]


def _count(n: int) -> str:
    """Chinese count word: 2 → 两 (两个方面, never 二个方面)."""
    return "两" if n == 2 else CN_NUM[n]


def _figure(rng: random.Random, lo: int, hi: int, unit: str, qualifier_ok: bool = True) -> dict[str, Any]:
    value: float = rng.randint(lo, hi)
    if qualifier_ok and rng.random() < 0.4:
        q = rng.choice(QUALIFIER_CHOICES[3:])
        value = round(value, -1) if value >= 100 else value
        if q in ("余", "多") and value >= 1000:
            value = round(value, -2)
        fig = {"value": int(value), "unit": unit, "qualifier": q}
    else:
        fig = {"value": int(value), "unit": unit}
    return fig


def _method_name(rng: random.Random) -> tuple[str, list[str]]:
    """A named method and its components, e.g. “三联”工作法 with three components."""
    style = rng.random()
    if style < 0.5:
        n = rng.randint(3, 6)
        comps = rng.sample(COMPONENTS, n)
        return f"“{CN_NUM[n]}{rng.choice(METHOD_CHARS)}”{rng.choice(METHOD_KINDS)}", comps
    if style < 0.8:
        return f"“{rng.choice(BRAND_WORDS)}{rng.choice(BRAND_NOUNS)}”", []
    n = rng.randint(2, 4)
    comps = rng.sample(COMPONENTS, n)
    digits = "".join(str(i) for i in range(1, n + 2))
    return f"“{digits}”{rng.choice(METHOD_KINDS)}", comps


def make_case(i: int, seed: int, vocab: Vocabulary, taken: set[str]) -> tuple[dict[str, Any], str]:
    """(case.yml data, case.md narrative) of synthetic case number `i`."""
    rng = random.Random(f"{seed}-{i}")
    province = rng.choice(list(CITIES))
    city = rng.choice(CITIES[province])
    county = rng.choice(COUNTIES)
    street = rng.choice(STREET_WORDS) + "街道"
    name = rng.choice(NAME_WORDS) + rng.choice(NAME_SUFFIXES) + "社区"
    base_id = derive_id(city, name)
    case_id = base_id if base_id not in taken else f"{base_id}-{i}"
    taken.add(case_id)

    types = [t.label for t in rng.sample(vocab.all("community_types"), rng.choice([1, 1, 2]))]
    data: dict[str, Any] = {"id": case_id, "name": name}
    data["summary"] = ""  # filled below, once the practices are known
    data["location"] = {"province": province, "city": city, "county": county, "street": street}
    data["community_types"] = types
    if rng.random() < 0.7:
        year = rng.randint(1985, 2020)
        data["founded"] = f"{year}-{rng.randint(1, 12):02d}" if rng.random() < 0.5 else str(year)

    scale: dict[str, Any] = {}
    households = rng.randint(600, 9000)
    if rng.random() < 0.8:
        scale["households"] = _figure(rng, households, households, "户")
    if rng.random() < 0.85:
        scale["population"] = _figure(rng, int(households * 2.4), int(households * 3.3), "人")
    if rng.random() < 0.2:
        scale["area"] = {"value": round(rng.uniform(0.2, 5.0), 2), "unit": "平方公里"}
    if rng.random() < 0.6:
        scale["party_members"] = _figure(rng, 30, 700, "名")
    if rng.random() < 0.5:
        scale["grids"] = {"value": rng.randint(3, 30), "unit": "个"}
    if rng.random() < 0.5:
        scale["volunteers"] = _figure(rng, 20, 1500, "人")
    if rng.random() < 0.3:
        scale["grid_workers"] = {"value": rng.randint(3, 40), "unit": "名"}
    if rng.random() < 0.3:
        scale["residential_compounds"] = {"value": rng.randint(2, 60), "unit": "个"}
    if rng.random() < 0.3:
        scale["staff"] = {"value": rng.randint(5, 30), "unit": "名"}
    if not scale:
        scale["households"] = {"value": households, "unit": "户"}
    data["scale"] = scale

    challenge_terms = rng.sample(vocab.all("challenges"), rng.randint(2, 4))
    challenges = []
    for term in challenge_terms:
        text = rng.choice(CHALLENGE_TEXTS.get(term.label, [GENERIC_CHALLENGE]))
        text = text.format(years=rng.randint(20, 45), n=rng.randint(3, 30), pct=rng.randint(18, 35))
        challenges.append({"tag": term.label, "text": text})
    data["challenges"] = challenges

    practice_terms = vocab.all("practices")
    practices = []
    used_names: set[str] = set()
    for _ in range(rng.randint(3, 7)):
        tags = [t.label for t in rng.sample(practice_terms, rng.choice([1, 1, 2]))]
        pname, comps = _method_name(rng)
        while pname in used_names:
            pname, comps = _method_name(rng)
        used_names.add(pname)
        action = PRACTICE_ACTIONS.get(tags[0], GENERIC_ACTION)
        extra = PRACTICE_ACTIONS.get(tags[1], "") if len(tags) > 1 else ""
        summary = f"社区推出{pname}，{action}。" + (f"同时{extra}。" if extra else "")
        if comps:
            summary += f"具体包括{'、'.join(comps)}等{_count(len(comps))}个方面。"
        summary += rng.choice(PRACTICE_DETAILS)
        p: dict[str, Any] = {"name": pname, "summary": summary}
        if comps:
            p["components"] = comps
        p["tags"] = tags
        practices.append(p)
    data["practices"] = practices
    first = practices[0]["name"]
    data["summary"] = (
        f"{types[0]}，面对{challenges[0]['tag']}等难题，以{first}等做法"
        f"推动{rng.choice(['党建引领', '共建共治', '居民自治', '精细服务'])}。"
    )

    outcomes = []
    for text, label, unit, (lo, hi) in rng.sample(OUTCOME_TEMPLATES, rng.randint(2, 4)):
        fig = _figure(rng, lo, hi, unit)
        outcomes.append(
            {
                "text": text.format(fig=format_figure(fig)),  # type: ignore[arg-type]
                "figures": [{"label": label, **fig}],
            }
        )
    if rng.random() < 0.5:
        outcomes.append({"text": "居民对社区工作的认可度逐年提高，主动参与公共事务的人多了起来。"})
    data["outcomes"] = outcomes

    honors = []
    for _ in range(rng.choice([0, 1, 2, 2, 3, 4, 5])):
        level = rng.choice(HONOR_LEVELS)
        prefix = {"国家级": "全国", "省级": province, "市级": city, "县区级": county, "街道级": street}[level]
        honor = {"name": prefix + rng.choice(HONOR_WORDS), "level": level, "year": rng.randint(2008, 2024)}
        if honor["name"] not in {h["name"] for h in honors}:
            honors.append(honor)
    if honors:
        data["honors"] = honors

    themes = rng.sample(vocab.all("themes"), rng.randint(2, 4))
    data["lessons"] = [
        {"theme": t.label, "text": rng.choice(LESSON_TEXTS.get(t.label, ["这一点值得借鉴。"]))}
        for t in themes
    ]
    questions = rng.sample(QUESTION_TEMPLATES, rng.randint(3, 5))
    data["questions"] = [
        q.format(
            name=name, challenge=challenges[0]["tag"], type=types[0], practice=rng.choice(practices)["name"]
        )
        for q in questions
    ]
    data["sources"] = [
        {
            "title": f"{name}党建引领社区治理（合成案例）",
            "publisher": "本库合成数据",
            "script": "简体",
            "note": "由 casebook synth 按模板生成，只用于测试和性能评估，所述社区、人物和数字均为虚构。",
        }
    ]
    data["review"] = {"status": "reviewed", "contributors": ["casebook synth"]}
    return data, narrative(data, rng, vocab)


OPENINGS = [
    "{name}位于{city}{county}{street}，{founded}是一个典型的{type}。",
    "走进{city}{county}的{name}，能看到新旧交织的街巷和楼院。{founded}它属于{type}。",
    "{name}隶属{county}{street}。{founded}居民结构复杂，是{type}里常见的样子。",
]
TYPE_SENTENCES = ["这类社区的共同特点是：{definition}", "按本库的分类，{type}指的是：{definition}"]
BRIDGES = [
    "面对这些难题，社区党组织没有等靠，而是一件一件想办法。",
    "社区党组织把这些问题列成清单，逐项研究对策。",
    "难题摆在面前，社区决定先从居民最着急的事做起。",
]
PRACTICE_INTROS = [
    "第一件事是{name}。",
    "接着推出的是{name}。",
    "社区还探索了{name}。",
    "另一项做法是{name}。",
]
OUTCOME_INTROS = ["几年下来，变化看得见。", "这些做法带来了实实在在的变化。", "居民说，社区变了样。"]
HISTORY = [
    "早些年，这里的居民多是附近工厂的职工，单位办社会的格局打破以后，许多事情一下子没了着落。",
    "随着城市向外扩展，周边陆续建起新楼盘，老住户和新住户混居，需求差别很大。",
    "这些年社区人口变动快，年轻人外出务工的多，留下的老人和孩子需要更多照顾。",
    "社区所在的片区正处在更新改造之中，拆与建交织，居民对未来既有期待也有担心。",
]
PRACTICE_CLOSERS = [
    "党员带头、居民参与，这项工作逐步走上正轨。",
    "开始时也有居民观望，后来看到实实在在的变化，参与的人越来越多。",
    "社区在实践中不断调整细节，把一次性的活动变成了常态化的安排。",
    "这项做法投入不大，却解决了居民身边的具体问题，口碑很好。",
    "街道对这项做法给予经费支持，并组织其他社区前来观摩。",
]
CLOSINGS = ["回头看，{name}的经验可以归结为几点。", "总结{name}的探索，有几条体会值得一提。"]


def narrative(data: dict[str, Any], rng: random.Random, vocab: Vocabulary) -> str:
    """A case.md of realistic length (about 1,500-2,500 characters) built from the structured data."""
    loc = data["location"]
    name = data["name"]
    founded = ""
    if data.get("founded"):
        year, _, month = data["founded"].partition("-")
        founded = f"社区成立于{year}年{int(month)}月，" if month else f"社区成立于{year}年，"
    types = data["community_types"]
    out = ["### 社区概况", ""]
    opening = rng.choice(OPENINGS).format(
        name=name,
        city=loc["city"],
        county=loc["county"],
        street=loc["street"],
        founded=founded,
        type=types[0],
    )
    scale_bits = []
    labels = {
        "households": "居民",
        "population": "常住人口",
        "party_members": "党员",
        "grids": "网格",
        "volunteers": "志愿者",
    }
    for key, label in labels.items():
        if key in data["scale"]:
            scale_bits.append(f"{label}{format_figure(data['scale'][key])}")
    para = opening
    term = vocab.get("community_types", types[0])
    if term:
        para += rng.choice(TYPE_SENTENCES).format(type=term.label, definition=term.definition)
    if scale_bits:
        para += "辖区有" + "，".join(scale_bits) + "。"
    out += [para + rng.choice(HISTORY), ""]
    out += ["### 面临的难题", ""]
    out += [
        "".join(c["text"] + rng.choice(CHALLENGE_FOLLOWUPS) for c in data["challenges"])
        + rng.choice(BRIDGES),
        "",
    ]
    out += ["### 主要做法", ""]
    for i, p in enumerate(data["practices"]):
        intro = rng.choice(PRACTICE_INTROS).format(name=p["name"]) if i else f"第一件事是{p['name']}。"
        body = p["summary"].removeprefix(f"社区推出{p['name']}，")
        out += [f"{intro}社区{body}{rng.choice(PRACTICE_CLOSERS)}", ""]
    out += ["### 取得的成效", ""]
    out += [
        rng.choice(OUTCOME_INTROS)
        + "".join(o["text"] for o in data["outcomes"])
        + rng.choice(OUTCOME_FOLLOWUPS),
        "",
    ]
    if data.get("honors"):
        names = "、".join(f"“{h['name']}”" for h in data["honors"][:3])
        out += [f"社区先后获得{names}等荣誉。", ""]
    out += ["### 经验与体会", ""]
    out += [rng.choice(CLOSINGS).format(name=name) + "".join(x["text"] for x in data["lessons"]), ""]
    return "\n".join(out)


# Keys whose values are written as one-line flow mappings, as the hand-written cases have them.
FLOW_KEYS = ("scale", "figures", "honors")
_ID_RE = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)+")  # case ids: baishan-cuizhuyuan
_PLAIN_RE = re.compile(r"[^\x00-\x7f][^\x00-\x1f\x7f:#,\[\]{}\"']*")


def _scalar(value: Any) -> str:
    """A YAML scalar: plain when it starts with a Chinese character and holds no YAML indicator,
    otherwise double-quoted (JSON string syntax is valid YAML)."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"合成数据里不该有 {value!r}")
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if _PLAIN_RE.fullmatch(text) or _ID_RE.fullmatch(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(d: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in d.items()) + "}"


def to_yaml(data: dict[str, Any]) -> str:
    """case.yml text for a synthetic case.

    Written directly rather than through ruamel.yaml's round-trip dumper, which took 80 ms a case
    (most of `synth --cases 1000`); the structure is ours and small, so a direct writer is exact.
    """
    out: list[str] = []

    def block(value: Any, indent: int, key: str = "") -> None:
        pad = " " * indent
        if isinstance(value, dict):
            for k, v in value.items():
                if isinstance(v, dict) and key in FLOW_KEYS:
                    out.append(f"{pad}{k}: {_flow(v)}")
                elif isinstance(v, dict | list):
                    out.append(f"{pad}{k}:")
                    block(v, indent + 2, k)
                else:
                    out.append(f"{pad}{k}: {_scalar(v)}")
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and key in FLOW_KEYS:
                    out.append(f"{pad}- {_flow(item)}")
                elif isinstance(item, dict):
                    start = len(out)
                    block(item, indent + 2, key)
                    out[start] = f"{pad}- " + out[start].lstrip()
                else:
                    out.append(f"{pad}- {_scalar(item)}")

    block(data, 0)
    return "\n".join(out) + "\n"


def modeline() -> str:
    """The editor hint line `casebook check` expects on a case.yml's first line."""
    from casebook.validate.editorschema import MODELINE

    return MODELINE


def write_library(out: Path, n: int, seed: int, project: Path) -> None:
    """Write the whole library into `out`, which must not exist yet (callers rename into place)."""
    from casebook.model.library import load_vocabulary

    vocab, _ = load_vocabulary(project)
    (out / "cases").mkdir(parents=True)
    shutil.copy(project / "cases" / "vocabulary.yml", out / "cases" / "vocabulary.yml")
    copy_sources(project, out, SITE_FILES)
    taken: set[str] = set()
    for i in range(n):
        data, text = make_case(i, seed, vocab, taken)
        folder = out / "cases" / data["id"]
        folder.mkdir()
        header = f"{modeline()}\n# 合成案例（casebook synth 生成），只用于测试和性能评估。\n"
        (folder / "case.yml").write_text(header + to_yaml(data), "utf-8")
        (folder / "case.md").write_text(text, "utf-8")


def copy_sources(project: Path, dest: Path, names: list[str] | tuple[str, ...]) -> None:
    """Copy the named files and folders of a project (those that exist) into dest."""
    for name in names:
        src = project / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy(src, dest / name)


# What a synthetic library copies from the project so that `mkdocs build` works in it unchanged
# (and editors find the case schema named on each case.yml's first line).
SITE_FILES = ["mkdocs.yml", "docs", "overrides", "schema"]


def project_root() -> Path:
    """The checkout this package runs from (synth copies its vocabulary and site configuration)."""
    from casebook.paths import find_root

    here = Path(__file__).resolve().parents[3]
    return here if (here / "cases" / "vocabulary.yml").is_file() else find_root()
