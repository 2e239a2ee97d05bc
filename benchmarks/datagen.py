"""Generated data for the benchmarks: a city's 重点项目 ledger of any size, as a plain mapping.

In the style of ``examples/generate.py`` (realistic names, units, stages,
investment that builds up month by month along a typical curve, a few lagging
projects with their problems recorded) but for any number of projects and any
number of offices, deterministic by seed.  Everything here is invented.

:func:`report_data` gives one period's data as a dict for
``bulletin.load_report(dict)``; :func:`write_batch` writes a folder of monthly
YAML files, each naming the previous month as its ``previous`` file, for the
batch benchmark.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import sys
from pathlib import Path
from typing import Any

# The ledgers follow the example's generator: the same course of a project
# through the year and the same ledger rows, at any size.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "examples"))
from generate import Plan, level_for, project_entry

__all__ = ["REGIONS", "Plan", "build_plans", "report_data", "write_batch"]

YEAR = 2025
SEED = 20250708

#: Cumulative share (‰) of a typical year's plan completed by the end of each month.

CATEGORIES = ["产业转型", "基础设施", "社会民生", "生态环保"]

#: Cities for the batch: one office each.
REGIONS = [
    "示例市", "青山市", "临江市", "云州市", "安平市", "长宁市", "河西市", "东阳市",
    "石门市", "桃源市", "金川市", "凤鸣市", "松原市", "兰溪市", "柳城市", "龙泉市",
    "梅岭市", "白沙市", "清河市", "银湖市",
]  # fmt: skip

_FIRST = "东西南北中青白石云龙凤金银松柏桃柳梅兰清永安宁新古平"
_SECOND = "山河湖川桥台阳城江溪原林泉峰岭水"
_PLACES = [
    "城南", "城北", "城东", "城西", "滨江", "湖滨", "高铁", "老城", "新城", "河口",
    "龙湾", "花园", "桃花", "金沙", "望江", "青年", "东关", "西关", "马场", "沙坪",
]  # fmt: skip
_PRODUCTS = [
    "特种纸", "绿色建材", "竹纤维制品", "锂电池材料", "精密铸件", "食品添加剂", "有机肥",
    "光伏玻璃", "新型墙材", "饲料", "纺织面料", "电子铜箔", "铝型材", "中药饮片",
]  # fmt: skip
_INDUSTRIES = [
    "电子信息", "生物医药", "新能源汽车零部件", "智能装备制造", "新材料", "现代物流",
    "农产品精深加工", "半导体封装测试", "储能电池", "数字经济", "文化旅游", "冷链物流",
]  # fmt: skip
_ROADS = ["环城路", "滨江大道", "迎宾大道", "工业大道", "人民路", "建设路", "新华路", "解放路"]
_RIVERS = ["青水河", "白沙河", "清溪", "龙溪", "桃花江", "金水河", "石门河", "柳河"]
_BUILDINGS = ["门诊综合楼", "住院楼", "医技综合楼", "传染病区", "新院区"]

#: Name patterns by category; ``{u}`` is the unit, the other slots are drawn.
_PATTERNS: dict[str, list[str]] = {
    "产业转型": [
        "{u}年产{q}万吨{prod}项目",
        "{u}{ind}产业园",
        "{u}{ind}生产基地",
        "{u}{mw}兆瓦光伏发电项目",
        "{u}{ind}科技孵化园",
        "{u}{place}标准化厂房",
    ],
    "基础设施": [
        "{u}{road}改扩建工程",
        "{u}{place}片区路网工程",
        "{u}{place}综合交通枢纽",
        "{u}城乡供水一体化工程",
        "{u}燃气管网更新改造工程",
        "{u}{place}大桥",
    ],
    "社会民生": [
        "{u}人民医院{bldg}",
        "{u}第{no}中学扩建工程",
        "{u}{place}片区棚户区改造",
        "{u}保障性租赁住房项目（{homes}套）",
        "{u}{place}社区养老服务中心",
        "{u}全民健身中心",
    ],
    "生态环保": [
        "{u}{river}流域综合治理工程",
        "{u}{place}污水处理厂提标扩容工程",
        "{u}垃圾焚烧发电项目",
        "{u}矿山生态修复治理工程",
        "{u}{place}黑臭水体治理工程",
    ],
}
_PHASES = "二三四五六七八九"

_BANDS = {
    "产业转型": (20000, 260000),
    "基础设施": (30000, 300000),
    "社会民生": (5000, 80000),
    "生态环保": (8000, 120000),
}

_RESPONSIBLE = {
    "产业转型": "{unit}发展和改革局",
    "基础设施": "{unit}住房和城乡建设局",
    "社会民生": "{unit}人民政府",
    "生态环保": "{unit}生态环境分局",
}

_LEADERS = ["副市长 刘文军", "副市长 黄静", "副市长 孙晓东", "副市长 马丽", "常务副市长 郑宏伟"]

_PROBLEMS = [
    "主要设备采购合同未签订，设备安装推迟",
    "企业自筹资金到位不足",
    "沿线征地拆迁尚有部分住户未签约，影响连续施工",
    "电力、通信管线迁改滞后",
    "施工单位组织不力，进场人员和机械不足",
    "主体施工图变更，重新审查耗时较长",
    "环境影响评价报告尚未批复",
    "项目用地尚未完成农用地转用审批",
]


def _round(value: int, step: int) -> int:
    return max(step, (value + step // 2) // step * step)


def unit_names(count: int, rng: random.Random) -> list[str]:
    """``count`` distinct county and district names."""
    pool = [a + b for a in _FIRST for b in _SECOND if a != b]
    rng.shuffle(pool)
    return [name + ("区" if i % 4 == 0 else "县") for i, name in enumerate(pool[:count])]


def units_for(n: int) -> int:
    """How many counties ``n`` projects spread over: 9 for 100, 20 for 1,000, 40 at most."""
    return min(40, max(9, n // 50))


def _name(rng: random.Random, unit: str, category: str, taken: set[str]) -> str:
    pattern = rng.choice(_PATTERNS[category])
    base = pattern.format(
        u=unit,
        q=rng.choice([5, 10, 20, 30, 50, 100]),
        prod=rng.choice(_PRODUCTS),
        ind=rng.choice(_INDUSTRIES),
        mw=rng.choice([20, 50, 100, 200]),
        place=rng.choice(_PLACES),
        road=rng.choice(_ROADS),
        river=rng.choice(_RIVERS),
        bldg=rng.choice(_BUILDINGS),
        no=rng.choice("一二三四五六七八"),
        homes=rng.choice([300, 500, 800, 1200, 2000]),
    )
    name = base
    for phase in _PHASES:
        if name not in taken:
            break
        name = f"{base}（{phase}期）"
    serial = 2
    while name in taken:
        name = f"{base}（{serial}号地块）"
        serial += 1
    taken.add(name)
    return name


def build_plans(n: int, units: list[str], rng: random.Random) -> list[Plan]:
    """Draw ``n`` projects spread over ``units``; two counties in every nine run slow."""
    slow = dict.fromkeys(units[2::9], 75) | dict.fromkeys(units[7::9], 80)
    taken: set[str] = set()
    plans: list[Plan] = []
    for i in range(n):
        unit = units[i % len(units)]
        category = rng.choice(CATEGORIES)
        stage = rng.choices(["前期", "新开工", "续建", "竣工"], weights=[10, 30, 45, 15])[0]
        low, high = _BANDS[category]
        total = _round(rng.randint(low, high), 1000 if high > 100000 else 100)
        level = level_for(total, rng)
        pace = rng.randint(100, 136) * slow.get(unit, 100) // 100
        planned_start: int | None = None
        finish: int | None = None
        completion: str | None
        if stage == "续建":
            planned = _round(total * rng.randint(18, 32) // 100, 100)
            start: int | None = rng.choice([1, 1, 1, 2, 2, 3])
            completion = f"{YEAR + rng.randint(1, 3)}-{rng.choice([6, 10, 12]):02d}"
        elif stage == "新开工":
            planned_start = rng.choice([2, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9])
            planned = _round(total * rng.randint(15, 38) // 100, 100)
            delay = rng.choice([0, 0, 0, 0, 0, 1, 2])
            start = min(planned_start + delay, 6) if planned_start <= 6 else None
            completion = f"{YEAR + rng.randint(1, 3)}-{rng.choice([6, 9, 12]):02d}"
        elif stage == "竣工":
            planned = _round(total * rng.randint(20, 45) // 100, 100)
            start = 1
            finish = rng.choice([4, 5, 6, 8, 9, 10, 11, 12])
            completion = f"{YEAR}-{finish:02d}"
        else:  # 前期
            planned = _round(total * rng.randint(2, 6) // 100, 100)
            start = None
            completion = None
            pace = 100
        plan = Plan(
            name=_name(rng, unit, category, taken),
            unit=unit,
            category=category,
            stage=stage,
            level=level,
            total=total,
            planned=planned,
            pace=pace,
            start=start,
            planned_start=planned_start,
            finish=finish,
            planned_completion=completion,
            leader=rng.choice(_LEADERS),
            responsible=_RESPONSIBLE[category].format(unit=unit),
            spent_before=0,
            problems_from=3,
        )
        roll = rng.randint(1, 100)
        if stage in ("续建", "新开工") and start is not None and roll <= 6:
            plan.pace = rng.randint(35, 60)
            plan.problems = rng.sample(_PROBLEMS[:6], rng.choice([1, 2]))
        elif stage == "新开工" and planned_start is not None and planned_start <= 5 and roll <= 12:
            plan.start = None  # due and not started
            plan.problems = [rng.choice(_PROBLEMS[2:])]
        if stage in ("续建", "竣工") and rng.randint(1, 100) <= 70:
            plan.last_year_pace = rng.randint(70, 112)
        plans.append(plan)
    return plans


def _writer_text(month: int) -> dict[str, list[Any]]:
    season = "汛期" if month >= 5 else "春季"
    return {
        "problems": [
            {
                "heading": "要素保障存在短板",
                "body": "用地、能耗、环境容量等要素对项目落地的约束趋紧，"
                "个别项目因征地拆迁、管线迁改等问题迟迟不能连续施工。",
            },
        ],
        "tasks": [
            {
                "heading": "加快在建项目建设进度",
                "body": f"优化施工组织，增加作业面和施工力量，抢抓{season}施工有利时机，"
                "多形成实物工作量。",
            },
            {
                "heading": "强化要素保障",
                "body": "自然资源、生态环境等部门要靠前服务，对用地、环评等审批事项"
                "实行容缺受理、并联办理。",
            },
        ],
        "requirements": [
            {
                "heading": "压实工作责任",
                "body": "包联领导要经常深入项目现场协调解决困难，层层传导压力。",
            },
        ],
    }


def _month_data(
    region: str, plans: list[Plan], units: list[str], month: int, previous: Any
) -> dict[str, Any]:
    issuer = f"{region}重点项目建设领导小组办公室"
    doc_date = dt.date(YEAR + month // 12, month % 12 + 1, 8)
    unit_entries = []
    for unit in units:
        mine = [p for p in plans if p.unit == unit]
        unit_entries.append(
            {
                "name": unit,
                "kind": "区" if unit.endswith("区") else "县",
                "targets": {
                    "investment": _round(sum(p.planned for p in mine) * 96 // 100, 1000),
                    "new_starts": sum(p.stage == "新开工" for p in mine),
                },
            }
        )
    completed = sum(p.completed(month) for p in plans)
    started = sum(p.start is not None and p.start <= month for p in plans)
    data: dict[str, Any] = {
        "document": {
            "region": region,
            "issuer": issuer,
            "issuer_mark": issuer,
            "number": f"{region[0]}重办〔{YEAR}〕{month * 2 + 3}号",
            "recipients": ["各县（区）人民政府", "市直有关部门"],
            "cc": ["市委办公室", "市人大常委会办公室", "市政府办公室", "市政协办公室"],
            "printer": issuer,
            "print_date": doc_date,
            "date": doc_date,
            "header": True,
        },
        "period": {
            "year": YEAR,
            "month": month,
            "as_of": dt.date(YEAR, month, calendar.monthrange(YEAR, month)[1]),
        },
        "categories": CATEGORIES,
        "units": unit_entries,
        "targets": {
            "investment": _round(sum(p.planned for p in plans) * 98 // 100, 10000),
            "new_starts": sum(p.stage == "新开工" for p in plans),
            "growth": 10,
        },
    }
    if previous is not None:
        data["previous"] = previous
    data["last_year"] = {
        "completed": _round(completed * 100 // 109, 100),
        "started": max(0, started - 3),
        "projects": len(plans) * 9 // 10,
        "planned": _round(sum(p.planned for p in plans) * 88 // 100, 100),
    }
    data.update(_writer_text(month))
    data["projects"] = [project_entry(p, month) for p in plans]
    return data


def report_data(
    n: int, *, month: int = 6, seed: int = SEED, region: str = "示例市"
) -> dict[str, Any]:
    """One period's data with ``n`` projects, as a mapping for ``bulletin.load_report``.

    The previous month's totals are given inline, so the mapping stands alone.
    """
    rng = random.Random(f"{seed}:{region}:{n}")
    units = unit_names(units_for(n), rng)
    plans = build_plans(n, units, rng)
    previous = None
    if month > 1:
        previous = {
            "completed": sum(p.completed(month - 1) for p in plans),
            "started": sum(p.start is not None and p.start <= month - 1 for p in plans),
        }
    return _month_data(region, plans, units, month, previous)


def write_batch(
    folder: Path, *, offices: int = 20, months: int = 6, n: int = 100, seed: int = SEED
) -> list[Path]:
    """Write ``offices × months`` YAML files of ``n`` projects each; return their paths.

    Each office's month M names month M-1 as its ``previous`` file, as the
    example data does.  Files go to ``folder/<region>/2025-MM.yaml``.
    """
    import yaml

    paths: list[Path] = []
    for region in REGIONS[:offices]:
        rng = random.Random(f"{seed}:{region}:{n}")
        units = unit_names(units_for(n), rng)
        plans = build_plans(n, units, rng)
        (folder / region).mkdir(parents=True, exist_ok=True)
        for month in range(1, months + 1):
            previous = f"{YEAR}-{month - 1:02d}.yaml" if month > 1 else None
            data = _month_data(region, plans, units, month, previous)
            path = folder / region / f"{YEAR}-{month:02d}.yaml"
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths
