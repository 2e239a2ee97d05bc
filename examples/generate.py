"""Write the example data files 2025-01.yaml … 2025-06.yaml for the fictional 示例市.

Run ``python examples/generate.py`` to regenerate them (deterministic: fixed
seed, integer arithmetic); ``python examples/generate.py --check`` exits 1 if
the committed files differ from what it would write.  Everything here is
invented: the city, its counties, projects, people and figures.

The story the six months tell: investment builds up month on month and reaches
a little over half the year's plan by June; 新开工 projects start over the
spring; 白河县 and 云台县 lag; a handful of projects fall behind with their
problems recorded, and a few that were due to start have not.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
YEAR = 2025
MONTHS = range(1, 7)
SEED = 20250701

#: Cumulative share (‰) of a typical year's plan completed by the end of each
#: month: slow over the Spring Festival, fast from spring to autumn.
CURVE = [0, 50, 120, 220, 330, 440, 570, 650, 730, 810, 880, 945, 1000]

HEADER = "# yaml-language-server: $schema=../schema/bulletin.schema.json\n"

CATEGORIES = ["产业转型", "基础设施", "社会民生", "生态环保"]

# (unit, kind, leader who 包联 its projects, [(name, category, stage), ...])
UNITS: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    (
        "东城区",
        "区",
        "副市长 刘文军",
        [
            ("示例市第二人民医院门诊综合楼", "社会民生", "续建"),
            ("东城区老旧小区改造提升工程（二期）", "社会民生", "新开工"),
            ("东城区智慧停车场建设项目", "基础设施", "新开工"),
            ("示例市数字经济产业园一期", "产业转型", "续建"),
            ("东城区护城河生态修复工程", "生态环保", "续建"),
            ("东城区第三实验小学建设项目", "社会民生", "竣工"),
            ("东城区中央商务区写字楼项目", "产业转型", "续建"),
            ("东城区雨污分流改造工程", "生态环保", "新开工"),
            ("示例市文化艺术中心", "社会民生", "续建"),
            ("东城区和平街片区城市更新项目", "基础设施", "前期"),
            ("东城区社区养老服务中心", "社会民生", "新开工"),
        ],
    ),
    (
        "西城区",
        "区",
        "副市长 黄静",
        [
            ("西城区智能装备制造基地", "产业转型", "续建"),
            ("示例市疾病预防控制中心迁建工程", "社会民生", "续建"),
            ("西城区保障性租赁住房项目（1200套）", "社会民生", "新开工"),
            ("西城区现代物流园", "产业转型", "续建"),
            ("西城区西环路快速化改造工程", "基础设施", "续建"),
            ("西城区污水处理厂提标扩容工程", "生态环保", "竣工"),
            ("西城区新能源汽车零部件产业园", "产业转型", "新开工"),
            ("西城区全民健身中心", "社会民生", "竣工"),
            ("西城区燃气管网更新改造工程", "基础设施", "新开工"),
            ("西城区九年一贯制学校", "社会民生", "前期"),
        ],
    ),
    (
        "南湖区",
        "区",
        "副市长 刘文军",
        [
            ("南湖新区综合交通枢纽", "基础设施", "续建"),
            ("南湖区年产20万吨特种纸项目", "产业转型", "续建"),
            ("南湖湿地公园保护与提升工程", "生态环保", "续建"),
            ("示例市职业技术学院南湖校区", "社会民生", "续建"),
            ("南湖区电子信息产业孵化园", "产业转型", "新开工"),
            ("南湖区滨湖大道东延工程", "基础设施", "新开工"),
            ("南湖区人民医院新院区", "社会民生", "续建"),
            ("南湖区冷链物流中心", "产业转型", "竣工"),
            ("南湖区农贸市场升级改造", "社会民生", "竣工"),
            ("南湖区水系连通及水美乡村建设工程", "生态环保", "新开工"),
            ("南湖区会展中心", "产业转型", "前期"),
        ],
    ),
    (
        "北山县",
        "县",
        "副市长 孙晓东",
        [
            ("北山县10万吨绿色建材产业园", "产业转型", "续建"),
            ("北山县抽水蓄能电站", "基础设施", "续建"),
            ("北山县矿山生态修复治理工程", "生态环保", "续建"),
            ("北山县农产品精深加工产业园", "产业转型", "新开工"),
            ("北山县城乡供水一体化工程", "基础设施", "新开工"),
            ("北山县人民医院医技综合楼", "社会民生", "竣工"),
            ("北山县50兆瓦光伏发电项目", "产业转型", "新开工"),
            ("北山县全域旅游集散中心", "产业转型", "前期"),
            ("北山县第二高级中学", "社会民生", "续建"),
            ("北山县县城集中供热改造工程", "基础设施", "竣工"),
            ("北山县5万亩高标准农田建设项目", "产业转型", "新开工"),
        ],
    ),
    (
        "青川县",
        "县",
        "副市长 孙晓东",
        [
            ("青川至白河一级公路改扩建工程", "基础设施", "续建"),
            ("青川县茶旅融合示范园", "产业转型", "续建"),
            ("青川县青川河流域综合治理工程", "生态环保", "续建"),
            ("青川县中医医院迁建项目", "社会民生", "新开工"),
            ("青川县年产5000吨竹纤维制品项目", "产业转型", "新开工"),
            ("青川县县城污水管网改造工程", "生态环保", "竣工"),
            ("青川县乡村振兴示范片区建设项目", "社会民生", "续建"),
            ("青川县物流配送中心", "产业转型", "新开工"),
            ("青川县城南片区棚户区改造", "社会民生", "续建"),
            ("青川县通用机场", "基础设施", "前期"),
            ("青川县特殊教育学校", "社会民生", "竣工"),
        ],
    ),
    (
        "白河县",
        "县",
        "副市长 黄静",
        [
            ("白河县锂电池材料产业园", "产业转型", "续建"),
            ("白河县白河水库除险加固工程", "基础设施", "续建"),
            ("白河县城区道路提质改造工程", "基础设施", "新开工"),
            ("白河县垃圾焚烧发电项目", "生态环保", "新开工"),
            ("白河县妇幼保健院", "社会民生", "续建"),
            ("白河县食品产业园标准化厂房", "产业转型", "新开工"),
            ("白河县易地搬迁安置区配套设施", "社会民生", "竣工"),
            ("白河县森林康养基地", "产业转型", "前期"),
            ("白河县第一中学扩建工程", "社会民生", "续建"),
            ("白河县农村公路提档升级工程", "基础设施", "续建"),
        ],
    ),
    (
        "石桥县",
        "县",
        "副市长 马丽",
        [
            ("石桥经济开发区基础设施配套工程", "基础设施", "续建"),
            ("石桥县年产30万套汽车轮毂项目", "产业转型", "续建"),
            ("石桥古镇保护利用工程", "产业转型", "续建"),
            ("石桥县人民医院住院楼", "社会民生", "新开工"),
            ("石桥县生活垃圾分类处理中心", "生态环保", "新开工"),
            ("石桥县职业教育中心实训基地", "社会民生", "竣工"),
            ("石桥县粮食仓储物流园", "产业转型", "新开工"),
            ("石桥县城乡公交一体化项目", "基础设施", "竣工"),
            ("石桥县黑臭水体治理工程", "生态环保", "续建"),
            ("石桥县文体中心", "社会民生", "前期"),
        ],
    ),
    (
        "云台县",
        "县",
        "副市长 马丽",
        [
            ("云台山景区提升改造工程", "产业转型", "续建"),
            ("云台县100兆瓦风电场项目", "产业转型", "续建"),
            ("云台县县城供水厂扩建工程", "基础设施", "新开工"),
            ("云台县中药材加工产业园", "产业转型", "新开工"),
            ("云台县人民医院传染病区", "社会民生", "竣工"),
            ("云台河堤防加固工程", "生态环保", "续建"),
            ("云台县公办幼儿园建设项目（5所）", "社会民生", "新开工"),
            ("云台县城东新区路网工程", "基础设施", "续建"),
            ("云台县农村生活污水治理工程", "生态环保", "新开工"),
            ("云台县商贸物流城", "产业转型", "前期"),
        ],
    ),
    (
        "示例高新区",
        "园区",
        "市委常委、常务副市长 郑宏伟",
        [
            ("示例高新区半导体封装测试基地", "产业转型", "续建"),
            ("示例高新区生物医药产业园二期", "产业转型", "续建"),
            ("示例高新区人才公寓", "社会民生", "续建"),
            ("示例高新区科创中心", "产业转型", "竣工"),
            ("示例高新区智能终端制造项目", "产业转型", "新开工"),
            ("示例高新区数据中心及5G基站项目", "基础设施", "新开工"),
            ("示例高新区地下综合管廊工程", "基础设施", "续建"),
            ("示例高新区新材料中试基地", "产业转型", "新开工"),
            ("示例高新区循环化改造项目", "生态环保", "续建"),
            ("示例高新区氢能装备产业园", "产业转型", "前期"),
            ("示例高新区邻里中心", "社会民生", "竣工"),
            ("示例高新区年产2GWh储能电池生产线", "产业转型", "新开工"),
        ],
    ),
]

#: Counties whose projects move slower than the rest (the story's laggards).
SLOW_UNITS = {"白河县": 72, "云台县": 78}

#: Fixed totals (万元) for the projects the story leans on.
TOTALS = {
    "北山县抽水蓄能电站": 600000,
    "示例高新区半导体封装测试基地": 450000,
    "南湖新区综合交通枢纽": 320000,
    "青川至白河一级公路改扩建工程": 268000,
    "南湖区农贸市场升级改造": 3200,
    "青川县特殊教育学校": 4500,
}

#: Projects behind schedule: pace (% of normal), from which month the problem
#: shows, and what the ledger says about it.
LAGGING: dict[str, tuple[int, int, list[str]]] = {
    "白河县锂电池材料产业园": (
        38,
        2,
        ["主要设备采购合同未签订，设备安装推迟", "企业自筹资金到位不足"],
    ),
    "云台县城东新区路网工程": (42, 3, ["沿线征地拆迁尚有37户未签约，影响连续施工"]),
    "西城区西环路快速化改造工程": (55, 3, ["电力、通信管线迁改滞后"]),
    "青川县城南片区棚户区改造": (45, 2, ["安置房建设资金缺口较大", "部分住户对补偿标准有异议"]),
    "北山县第二高级中学": (50, 4, ["施工单位组织不力，进场人员和机械不足"]),
    "示例高新区人才公寓": (58, 4, ["主体施工图变更，重新审查耗时较长"]),
}

#: 新开工 projects due to start by June that have not: planned start month and
#: the reason recorded.
NOT_STARTED: dict[str, tuple[int, list[str]]] = {
    "白河县垃圾焚烧发电项目": (3, ["环境影响评价报告尚未批复"]),
    "云台县中药材加工产业园": (4, ["项目用地尚未完成农用地转用审批"]),
    "石桥县粮食仓储物流园": (5, ["招标文件编制滞后，施工招标尚未启动"]),
    "东城区智慧停车场建设项目": (4, ["选址调整，规划方案需重新审批"]),
}

RESPONSIBLE = {
    "产业转型": "{unit}发展和改革局",
    "基础设施": "{unit}住房和城乡建设局",
    "社会民生": "{unit}人民政府",
    "生态环保": "{unit}生态环境分局",
}


@dataclass
class Plan:
    """One project's fixed facts and its course through the year."""

    name: str
    unit: str
    category: str
    stage: str
    level: str
    total: int
    planned: int
    spent_before: int
    pace: int  # % of the typical curve
    start: int | None  # month it (re)started; None = not this half-year
    planned_start: int | None
    finish: int | None  # 竣工 month
    planned_completion: str | None
    leader: str
    responsible: str
    problems_from: int | None = None
    problems: list[str] = field(default_factory=list)
    last_year_pace: int | None = None  # % of this year's plan done by last year's curve

    def completed(self, month: int) -> int:
        """Cumulative investment completed by the end of ``month`` (万元)."""
        if self.stage == "前期":
            # Preparatory spending (surveys, design) trickles in.
            return self.planned * CURVE[month] * self.pace // 100 // 1000
        if self.start is None or month < self.start:
            return 0
        base = CURVE[self.start - 1]
        if self.finish is not None:
            span = CURVE[self.finish] - base
            done = min(CURVE[month] - base, span)
            return self.planned * done // span
        share = (CURVE[month] - base) * 1000 // (1000 - base)
        value = self.planned * share * self.pace // 100 // 1000
        return min(value, self.total - self.spent_before)


def _round(value: int, step: int) -> int:
    return max(step, (value + step // 2) // step * step)


def level_for(total: int, rng: random.Random) -> str:
    """A project's level from its size: the largest are 省级, the smallest 县级 or 市级."""
    if total >= 200000:
        return "省级"
    if total >= 50000:
        return rng.choice(["市级", "市级", "省级"])
    return rng.choice(["县级", "市级"])


def build_plans(rng: random.Random) -> list[Plan]:
    """Draw every project's facts once; the monthly files read from these."""
    plans: list[Plan] = []
    bands = {
        "产业转型": (20000, 260000),
        "基础设施": (30000, 300000),
        "社会民生": (5000, 80000),
        "生态环保": (8000, 120000),
    }
    for unit, _kind, leader, projects in UNITS:
        for name, category, stage in projects:
            low, high = bands[category]
            total = TOTALS.get(name) or _round(
                rng.randint(low, high), 1000 if high > 100000 else 100
            )
            level = level_for(total, rng)
            pace = rng.randint(108, 136) * SLOW_UNITS.get(unit, 100) // 100
            start: int | None
            planned_start: int | None = None
            finish: int | None = None
            completion: str | None
            if stage == "续建":
                spent = total * rng.randint(20, 55) // 100
                planned = _round(total * rng.randint(18, 32) // 100, 100)
                start = rng.choice([1, 1, 1, 2, 2, 3])
                if unit in SLOW_UNITS:
                    start = min(start + 1, 3)
                completion = f"{YEAR + rng.randint(1, 3)}-{rng.choice([6, 10, 12]):02d}"
            elif stage == "新开工":
                spent = 0
                planned_start = rng.choice([2, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9])
                planned = _round(total * rng.randint(15, 38) // 100, 100)
                delay = rng.choice([0, 0, 0, 0, 1, 1, 2])
                # Only the NOT_STARTED projects miss a start due by June.
                start = planned_start + delay if planned_start <= 6 else None
                if start is not None:
                    start = min(start, 6)
                completion = f"{YEAR + rng.randint(1, 3)}-{rng.choice([6, 9, 12]):02d}"
            elif stage == "竣工":
                spent = total * rng.randint(55, 80) // 100
                planned = _round(total - spent, 100)
                spent = total - planned
                start = 1  # a project finishing this year resumes at once
                finish = rng.choice([4, 5, 6, 8, 9, 10, 11, 12])
                completion = f"{YEAR}-{finish:02d}"
            else:  # 前期
                spent = 0
                planned = _round(total * rng.randint(2, 6) // 100, 100)
                start = None
                completion = None
                # Preparatory work runs at its own speed; derived from the name
                # so that the random draws of every other project stay as they were.
                pace = 45 + sum(map(ord, name)) % 80
            plan = Plan(
                name=name,
                unit=unit,
                category=category,
                stage=stage,
                level=level,
                total=total,
                planned=planned,
                spent_before=spent,
                pace=pace,
                start=start,
                planned_start=planned_start,
                finish=finish,
                planned_completion=completion,
                leader=leader,
                responsible=RESPONSIBLE[category].format(unit=unit),
            )
            if name in LAGGING:
                plan.pace, plan.problems_from, plan.problems = LAGGING[name]
            if name in NOT_STARTED:
                plan.planned_start, plan.problems = NOT_STARTED[name]
                plan.start = None
                plan.problems_from = plan.planned_start + 1
            if stage in ("续建", "竣工") and rng.randint(1, 100) <= 70:
                plan.last_year_pace = rng.randint(70, 112)
            plans.append(plan)
    return plans


def project_entry(plan: Plan, month: int) -> dict[str, Any]:
    """The ledger row of ``plan`` as it stood at the end of ``month``."""
    started = plan.start is not None and plan.start <= month
    entry: dict[str, Any] = {
        "name": plan.name,
        "unit": plan.unit,
        "category": plan.category,
        "level": plan.level,
        "stage": plan.stage,
        "total": plan.total,
        "planned": plan.planned,
        "completed": plan.completed(month),
        "started": started,
    }
    if started:
        entry["start_month"] = plan.start
    if plan.planned_start is not None:
        entry["planned_start"] = plan.planned_start
    if plan.planned_completion is not None:
        entry["planned_completion"] = plan.planned_completion
    if plan.finish is not None and plan.finish <= month:
        entry["completed_month"] = plan.finish
    entry["leader"] = plan.leader
    entry["responsible_unit"] = plan.responsible
    if plan.problems and plan.problems_from is not None and plan.problems_from <= month:
        entry["problems"] = list(plan.problems)
    if plan.stage == "竣工" and plan.finish is not None and plan.finish <= month:
        entry["notes"] = "已竣工投用"
    elif plan.stage == "前期":
        entry["notes"] = "正在开展可行性研究和初步设计"
    if plan.last_year_pace is not None:
        last = plan.planned * CURVE[month] * plan.last_year_pace // 100 // 1000
        entry["last_year"] = {"completed": last}
    return entry


def month_end(month: int) -> dt.date:
    """The last day of ``month`` in the example year."""
    return dt.date(YEAR, month, calendar.monthrange(YEAR, month)[1])


#: 成文日期 of each month's bulletin: the first working days after month end.
DOC_DATES = {
    1: dt.date(2025, 2, 7),
    2: dt.date(2025, 3, 7),
    3: dt.date(2025, 4, 8),
    4: dt.date(2025, 5, 8),
    5: dt.date(2025, 6, 6),
    6: dt.date(2025, 7, 8),
}

#: How much (%) more projects had started this year than by the same month last
#: year, by month (a third of it, in projects).
LAST_YEAR_GROWTH = {1: 4, 2: 6, 3: 9, 4: 10, 5: 9, 6: 11}

#: How much (%) each unit's cumulative investment outgrew its own last year's,
#: around which it moves a point or two from month to month.
UNIT_GROWTH = {
    "东城区": 7,
    "西城区": 12,
    "南湖区": 16,
    "北山县": 19,
    "青川县": 4,
    "白河县": -9,
    "石桥县": 2,
    "云台县": -5,
    "示例高新区": 13,
}

#: Meeting dates: monthly 调度会, quarterly 推进会 with the party secretary.
MEETING_DATES = {
    1: dt.date(2025, 2, 14),
    2: dt.date(2025, 3, 13),
    3: dt.date(2025, 4, 15),
    4: dt.date(2025, 5, 14),
    5: dt.date(2025, 6, 12),
    6: dt.date(2025, 7, 15),
}


def period_words(month: int) -> str:
    """How a speech names the cumulative period: 一季度, 上半年, 1—4月."""
    return {1: "1月份", 3: "一季度", 6: "上半年"}.get(month, f"1—{month}月")


#: The projects the half-year 观摩推进会 visited, in the order of the route, with
#: what was seen and the score the visit panel gave.
VISITS: list[tuple[str, str, str]] = [
    ("北山县抽水蓄能电站", "地下厂房开挖完成，引水隧洞全线贯通", "94.5"),
    ("示例高新区半导体封装测试基地", "主体厂房已经封顶，首批设备进场安装", "93"),
    ("南湖新区综合交通枢纽", "站房主体结构施工过半，配套道路同步推进", "91.5"),
    ("西城区智能装备制造基地", "一期厂房投入使用，二期钢结构正在吊装", "90"),
    ("南湖区电子信息产业孵化园", "桩基施工全面展开，现场作业人员300余人", "88.5"),
    ("青川县茶旅融合示范园", "茶园提升改造完成，游客中心正在装修", "86"),
    ("石桥县年产30万套汽车轮毂项目", "生产线安装调试，计划年内试生产", "85"),
    ("白河县锂电池材料产业园", "设备采购合同迟迟未签，现场施工人员偏少", "78"),
]


def meeting(month: int) -> dict[str, Any]:
    """The meeting held on the month's figures: a 季度调度会 on 一季度, a 观摩推进会 at mid-year."""
    words = period_words(month)
    if month in (3, 6):
        return {
            "name": "全市重点项目建设季度调度会" if month == 3 else "全市重点项目建设观摩推进会",
            "kind": "季度调度会" if month == 3 else "观摩推进会",
            "date": MEETING_DATES[month],
            "place": "示例市行政中心第一会议室",
            "speaker": "市委书记　周明远",
            "host": "市委副书记、市长　陈立新",
            "speakers": [
                {
                    "title": "市发展改革委主任",
                    "name": "赵文彬",
                    "topic": f"通报{words}全市重点项目建设进展情况",
                },
                {"title": "南湖区区长", "name": "孙海涛", "topic": "作交流发言"},
                {"title": "示例高新区管委会主任", "name": "何晓峰", "topic": "作交流发言"},
                {"title": "白河县县长", "name": "吴志刚", "topic": "作表态发言"},
            ],
            "attendees": [
                "市委、市人大常委会、市政府、市政协有关领导",
                "各县（区）党委和政府主要负责同志、分管负责同志",
                "示例高新区党工委、管委会主要负责同志",
                "市直有关部门主要负责同志",
                "部分重点项目业主单位负责同志",
            ],
            **(
                {
                    "visits": [
                        {"project": name, "remark": remark, "score": score}
                        for name, remark, score in VISITS
                    ]
                }
                if month == 6
                else {}
            ),
        }
    return {
        "name": "全市重点项目建设调度会",
        "date": MEETING_DATES[month],
        "place": "示例市行政中心第三会议室",
        "speaker": "市委常委、常务副市长　郑宏伟",
        "host": "市政府秘书长　马俊",
        "speakers": [
            {
                "title": "市发展改革委副主任",
                "name": "钱丽萍",
                "topic": f"通报{words}全市重点项目建设进展情况",
            },
        ],
        "attendees": [
            "各县（区）政府、示例高新区管委会分管负责同志",
            "市直有关部门分管负责同志",
        ],
    }


def writer_text(month: int) -> dict[str, list[Any]]:
    """What the office writes itself: highlights, problems, tasks, requirements."""
    season = "汛期" if month >= 5 else "春季"
    next_words = "下半年" if month == 6 else "下一阶段"
    highlights: list[Any] = [
        {
            "heading": "项目推进机制更加健全",
            "body": "市级领导包联重点项目全覆盖，坚持每月调度、每季观摩，"
            "现场协调解决了一批用地、资金、手续方面的难点问题。",
        },
        {
            "heading": "审批服务效率持续提升",
            "body": "推行重点项目审批“绿色通道”，对施工许可、规划许可等事项实行并联审批，"
            "项目从拿地到开工的时间进一步压缩。",
        },
    ]
    if month >= 3:
        highlights.append(
            {
                "heading": "产业项目支撑作用增强",
                "body": "一批产业链补链延链项目加快建设，示例高新区半导体、生物医药等"
                "新兴产业项目进展顺利，为工业经济增长积蓄了后劲。",
            }
        )
    problems: list[Any] = [
        {
            "heading": "推进进度不够均衡",
            "body": "部分县区对项目建设的紧迫感不强，手续办理和开工准备进展缓慢，"
            "投资完成进度明显落后于序时进度。",
        },
        {
            "heading": "要素保障存在短板",
            "body": "用地、能耗、环境容量等要素对项目落地的约束趋紧，"
            "个别项目因征地拆迁、管线迁改等问题迟迟不能连续施工。",
        },
        {
            "heading": "项目储备后劲不足",
            "body": "部分县区谋划的项目停留在概念阶段，前期工作深度不够，"
            "带动力强的产业类大项目偏少，接续储备不够充分。",
        },
    ]
    tasks: list[Any] = [
        {
            "heading": "全力推动计划内项目应开尽开",
            "body": "对计划开工但尚未开工的项目逐个过堂，倒排工期、挂图作战，"
            "逐项落实开工条件，能开尽开、应开早开。",
        },
        {
            "heading": "加快在建项目建设进度",
            "body": f"在确保质量和安全的前提下优化施工组织，增加作业面和施工力量，"
            f"抢抓{season}施工有利时机，多形成实物工作量。",
        },
        {
            "heading": "强化要素保障",
            "body": "自然资源、生态环境、住房城乡建设等部门要靠前服务，"
            "对用地、环评、施工许可等审批事项实行容缺受理、并联办理。",
        },
        {
            "heading": "持续抓好项目谋划储备",
            "body": "围绕国家政策支持方向，谋划一批打基础、利长远的重大项目，"
            "做深做实前期工作，形成谋划一批、储备一批、开工一批的接续格局。",
        },
    ]
    if month >= 4:
        tasks.append(
            {
                "heading": "积极争取上级资金支持",
                "body": "紧盯中央预算内投资、超长期特别国债和地方政府专项债券等政策窗口，"
                "精心组织项目申报，推动资金早到位、早使用。",
            }
        )
    requirements: list[Any] = [
        {
            "heading": "压实工作责任",
            "body": "包联领导要经常深入项目现场协调解决困难；各县区和项目责任单位"
            "主要负责同志要亲自抓、负总责，层层传导压力。",
        },
        {
            "heading": "强化督导考核",
            "body": "市重点项目办要加强调度，按月通报进展，对进度滞后的项目挂牌督办，"
            "考核结果与评先评优挂钩。",
        },
        {
            "heading": "守牢安全底线",
            "body": f"严格落实安全生产责任，加强{season}施工安全管理，坚决防范各类安全事故。",
        },
        f"各县区、各部门要对照全年目标，细化{next_words}工作安排，确保目标任务如期完成。",
    ]
    return {
        "highlights": highlights,
        "problems": problems,
        "tasks": tasks,
        "requirements": requirements,
    }


def commendations(month: int) -> dict[str, Any]:
    """The 表彰 list issued with the quarterly 推进会."""
    words = "一季度" if month == 3 else "上半年"
    return {
        "title": f"2025年{words}重点项目建设先进",
        "units": [
            {
                "name": "南湖区",
                "reason": "项目开工早、推进快，投资完成进度位居全市前列",
            },
            {
                "name": "示例高新区",
                "reason": "产业项目招引和建设成效突出，半导体、生物医药等项目进展顺利",
            },
            {
                "name": "西城区",
                "reason": "新开工项目多，要素保障有力",
            },
            {
                "name": "市自然资源局",
                "reason": "主动服务重点项目用地报批，审批时限大幅压缩",
            },
        ],
        "individuals": [
            {
                "name": "李红梅",
                "unit": "南湖区发展和改革局局长",
                "reason": "全程跟踪服务重点项目，协调解决问题二十余项",
            },
            {
                "name": "张卫东",
                "unit": "示例高新区经济发展局副局长",
                "reason": "牵头推进半导体封装测试基地建设，项目提前实现设备进场",
            },
            {
                "name": "陈晓燕",
                "unit": "北山县人民政府副县长",
                "reason": "靠前指挥抽水蓄能电站征地拆迁，保障了工程连续施工",
            },
            {
                "name": "王建军",
                "unit": "市住房和城乡建设局建设管理科科长",
                "reason": "推行并联审批，重点项目施工许可平均办理时间明显缩短",
            },
        ],
    }


def monthly_commendations(plans: list[Plan], month: int) -> dict[str, Any]:
    """The month's 通报表扬: the two units furthest ahead of their year's plan."""
    done: dict[str, list[int]] = {}
    for plan in plans:
        totals = done.setdefault(plan.unit, [0, 0])
        totals[0] += plan.completed(month)
        totals[1] += plan.planned
    ahead = sorted(done, key=lambda unit: -done[unit][0] * 1000 // done[unit][1])[:2]
    return {
        "units": [
            {"name": unit, "reason": "投资完成进度居全市前列，项目推进有力有序"} for unit in ahead
        ],
    }


def build_month(plans: list[Plan], month: int) -> dict[str, Any]:
    """The whole data file for the cumulative period 1—``month``."""
    units: list[dict[str, Any]] = []
    unit_target_sum = 0
    for unit, kind, _leader, _projects in UNITS:
        mine = [p for p in plans if p.unit == unit]
        target = _round(sum(p.planned for p in mine) * 96 // 100, 1000)
        unit_target_sum += target
        growth = UNIT_GROWTH[unit] + (month % 3) - 1
        done = sum(p.completed(month) for p in mine)
        entry: dict[str, Any] = {
            "name": unit,
            "kind": kind,
            "targets": {
                "investment": target,
                "new_starts": sum(p.stage == "新开工" for p in mine),
            },
        }
        if done:
            # The 2024 ledger is not among the examples: each unit's figure is given.
            entry["last_year"] = {"completed": _round(done * 100 // (100 + growth), 100)}
        units.append(entry)
    new_starts = sum(p.stage == "新开工" for p in plans)
    # Last year the city ran fewer, smaller projects; its figures come from the
    # 2024 ledger, which is not among the examples, so they are given inline.
    last_year_planned = _round(sum(p.planned for p in plans) * 88 // 100, 100)
    started = sum(p.start is not None and p.start <= month for p in plans)
    data: dict[str, Any] = {
        "document": {
            "region": "示例市",
            "issuer": "示例市重点项目建设领导小组办公室",
            "issuer_mark": "示例市重点项目建设领导小组办公室",
            # One number per document: the 通报 of the month, then its 表彰通报.
            "number": f"示重办〔{YEAR}〕{month * 2 + 3}号",
            "numbers": {"commendation": f"示重办〔{YEAR}〕{month * 2 + 4}号"},
            "recipients": ["各县（区）人民政府", "示例高新区管委会", "市直有关部门"],
            "cc": [
                "市委办公室",
                "市人大常委会办公室",
                "市政府办公室",
                "市政协办公室",
            ],
            "printer": "示例市重点项目建设领导小组办公室",
            "print_date": DOC_DATES[month],
            "date": DOC_DATES[month],
            "header": month in (3, 6),
        },
        "period": {"year": YEAR, "month": month, "as_of": month_end(month)},
        "categories": CATEGORIES,
        "units": units,
        "targets": {
            "investment": _round(unit_target_sum * 102 // 100, 10000),
            "new_starts": new_starts,
            "growth": 10,
            "others": {"民间投资占比": "不低于40%"},
        },
    }
    if month > 1:
        data["previous"] = f"{YEAR}-{month - 1:02d}.yaml"
    data["last_year"] = {
        # The city's figure is its units' together, so that the two never disagree.
        "completed": sum(u["last_year"]["completed"] for u in units if "last_year" in u),
        "started": started - LAST_YEAR_GROWTH[month] // 3,
        "projects": 88,
        "planned": last_year_planned,
    }
    data["meeting"] = meeting(month)
    data.update(writer_text(month))
    data["commendations"] = (
        commendations(month) if month in (3, 6) else monthly_commendations(plans, month)
    )
    data["projects"] = [project_entry(p, month) for p in plans]
    return data


class _Dumper(yaml.SafeDumper):
    """Indents list items under their key, which reads better by hand."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        # Anchors (&id001) would puzzle the people who edit these files.
        return True


def render(data: dict[str, Any], month: int) -> str:
    """Serialise one month's data with a header and blank lines between sections."""
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=1000,
    )
    lines: list[str] = []
    section = ""
    for line in body.splitlines():
        if not line.startswith(" "):
            section = line
            if lines:
                lines.append("")
        elif section == "projects:" and line.startswith("  - ") and lines[-1] != section:
            lines.append("")
        lines.append(line)
    intro = (
        f"# 示例市 {YEAR}年1—{month}月 重点项目建设数据（虚构示例，由 examples/generate.py 生成）\n"
        "# 金额单位：万元\n"
    )
    return HEADER + intro + "\n".join(lines) + "\n"


def generate() -> dict[Path, str]:
    """Every example file's path and text."""
    rng = random.Random(SEED)
    plans = build_plans(rng)
    return {HERE / f"{YEAR}-{m:02d}.yaml": render(build_month(plans, m), m) for m in MONTHS}


def main(argv: list[str] | None = None) -> int:
    """Write the files, or with ``--check`` report whether they are current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="只检查，不写文件")
    args = parser.parse_args(argv)
    stale = []
    for path, text in generate().items():
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print("与生成结果不一致：" + "、".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
