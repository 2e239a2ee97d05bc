"""Random ledgers, all four kinds: a verdict phrase appears only where our own oracle says it holds.

The oracle recomputes from the raw ledger, with its own arithmetic, the
conditions a verdict needs; it never calls bulletin.judge.  Phrases are read
back out of the rendered text, so a template that asserts a verdict the data
contradict fails here whatever rule it went through.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulletin.compose import Composer, compose
from bulletin.model import OCCASIONS
from bulletin.source import load_report
from bulletin.textlint import lint_tree
from bulletin.writers.text import to_text

COMPOSER = Composer()
KINDS = ("progress", "speech", "news", "commendation")
REGIONS = ("示例市", "青山县", "东湖区", "示例省")
PREFIXES = "东西南北中青白石云金龙凤桃柳松梅兰竹菊星"
# kind → the suffix its unit's name ends with
KIND_SUFFIX = {
    "县": "县",
    "区": "区",
    "县级市": "市",
    "镇": "镇",
    "乡": "乡",
    "街道": "街道",
    "园区": "园",
}
COUNTY_KINDS = {"县", "区", "县级市"}
TOWN_KINDS = {"镇", "乡", "街道"}
STAGES = ("前期", "新开工", "续建", "竣工")


def _shown(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _rate(part: Decimal, whole: Decimal) -> Decimal | None:
    return None if whole == 0 else _shown(part * 100 / whole)


@st.composite
def ledgers(draw: st.DrawFn) -> dict[str, Any]:
    """A valid data file: 1–7 units of mixed kinds, 1–14 projects, any period and date."""
    region = draw(st.sampled_from(REGIONS))
    family = draw(st.sampled_from(["county", "town", "mixed"]))
    pool = {"county": ["县", "区", "县级市"], "town": ["镇", "乡", "街道"]}.get(
        family, list(KIND_SUFFIX)
    )
    n_units = draw(st.integers(1, 7))
    prefixes = draw(st.permutations(PREFIXES))[:n_units]
    units = []
    for prefix in prefixes:
        kind = draw(st.sampled_from(pool))
        units.append(
            {"name": f"{prefix}{'山' if kind == '园区' else '河'}{KIND_SUFFIX[kind]}", "kind": kind}
        )
    period_kind = draw(st.sampled_from(["month", "quarter", "half", "full_year"]))
    year = 2025
    if period_kind == "month":
        period: dict[str, Any] = {"year": year, "month": draw(st.integers(1, 12))}
        end = period["month"]
    elif period_kind == "quarter":
        period = {"year": year, "quarter": draw(st.integers(1, 4))}
        end = period["quarter"] * 3
    elif period_kind == "half":
        period = {"year": year, "half": draw(st.integers(1, 2))}
        end = period["half"] * 6
    else:
        period, end = {"year": year, "full_year": True}, 12
    if draw(st.booleans()) and period_kind == "month":
        period["as_of"] = f"{year}-{end:02d}-{draw(st.integers(10, 20))}"
    next_year = draw(st.booleans())
    date = f"{year + 1}-01-15" if next_year else f"{year}-{end:02d}-28"
    # Projects move around one pace for the ledger, so that the whole lands
    # near 序时进度 (or the year's plan) often enough to test the thresholds.
    schedule = end * 100 // 12
    pace = draw(st.sampled_from([0, schedule - 8, schedule - 3, schedule, schedule + 4, 106]))
    spread = draw(st.sampled_from([0, 5, 25]))
    months_given = draw(st.sampled_from(["none", "some", "later"]))
    projects = []
    for i in range(draw(st.integers(1, 14))):
        stage = draw(st.sampled_from(STAGES))
        planned = draw(st.sampled_from([0, 300, 800, 1000, 2500, 6000, 12000, 40000]))
        if stage != "前期" and planned == 0:
            planned = 1000
        share = max(0, pace + draw(st.integers(-spread, spread)))
        started = stage == "竣工" or (stage != "前期" and draw(st.booleans()))
        completed = planned * share // 100 if (started or stage == "前期") else 0
        p: dict[str, Any] = {
            "name": f"项目{i}",
            "unit": draw(st.sampled_from(units))["name"],
            "stage": stage,
            "total": draw(st.sampled_from([800, 5000, 20000, 60000, 150000, 400000])),
            "planned": planned,
            "completed": completed,
            "started": started,
        }
        if stage == "新开工" and months_given == "later" and end < 12:
            p["planned_start"] = draw(st.integers(end + 1, 12))
        elif stage == "新开工" and months_given == "some" and draw(st.booleans()):
            p["planned_start"] = draw(st.integers(1, 12))
        if started and stage != "竣工":
            p["start_month"] = min(p.get("planned_start", 1), end)
        if draw(st.integers(0, 4)) == 0:
            p["last_year"] = {"completed": draw(st.sampled_from([100, 500, 2000, 9000]))}
        projects.append(p)
    scope = "全" + region[-1]
    data: dict[str, Any] = {
        "document": {
            "region": region,
            "issuer": f"{region}重点项目建设领导小组办公室",
            "date": date,
        },
        "period": period,
        "settings": {"start_rate_basis": draw(st.sampled_from(["to_date", "year"]))},
        "units": units,
        "projects": projects,
        "meeting": {"name": f"{scope}重点项目建设推进会", "date": date, "speaker": "书记 周明远"},
        "commendations": {
            "units": [{"name": u["name"]} for u in units[: draw(st.integers(1, min(4, n_units)))]]
        },
    }
    if draw(st.booleans()):
        data["last_year"] = {"completed": draw(st.sampled_from([1000, 20000, 90000]))}
        if draw(st.booleans()):
            data["targets"] = {"growth": draw(st.sampled_from([-5, 0, 10, 30]))}
    total_done = sum(p["completed"] for p in projects)
    if end > 1 and period_kind == "month" and draw(st.booleans()):
        # The previous month as inline totals: a little less done, or the same (a stall).
        data["previous"] = {
            "month": end - 1,
            "completed": total_done * draw(st.sampled_from([100, 90, 60])) // 100,
            "projects": max(1, len(projects) + draw(st.sampled_from([-2, 0, 0, 3]))),
        }
    data["meeting"]["kind"] = draw(st.sampled_from(OCCASIONS))
    if data["meeting"]["kind"] == "观摩推进会" or draw(st.booleans()):
        chosen = draw(st.lists(st.sampled_from(range(len(projects))), min_size=1, unique=True))
        data["meeting"]["visits"] = [{"project": projects[i]["name"]} for i in chosen]
    return data


@dataclass
class Oracle:
    """The conditions verdicts need, recomputed from the raw ledger."""

    data: dict[str, Any]

    def __post_init__(self) -> None:
        d = self.data
        self.projects = d["projects"]
        period = d["period"]
        self.end = (
            period.get("month") or period.get("quarter", 0) * 3 or period.get("half", 0) * 6 or 12
        )
        self.year_complete = self.end == 12 and "as_of" not in period
        months = Decimal(self.end)
        if "as_of" in period:
            # Cut in the month: the part of the month gone counts, not the whole month.
            day = int(period["as_of"][-2:])
            last = calendar.monthrange(period["year"], self.end)[1]
            months = Decimal(self.end - 1) + Decimal(day) / Decimal(last)
        self.schedule = _shown(months * 100 / 12)
        planned = sum(Decimal(p["planned"]) for p in self.projects)
        self.completed = sum(Decimal(p["completed"]) for p in self.projects)
        self.rate = _rate(self.completed, planned)
        self.scope = "全" + d["document"]["region"][-1]
        self.unit_rates: dict[str, Decimal] = {}
        for u in d["units"]:
            mine = [p for p in self.projects if p["unit"] == u["name"]]
            rate = _rate(
                sum(Decimal(p["completed"]) for p in mine), sum(Decimal(p["planned"]) for p in mine)
            )
            if mine and rate is not None:
                self.unit_rates[u["name"]] = rate
        self.kinds = {u["kind"] for u in d["units"]}
        self.new = [p for p in self.projects if p["stage"] == "新开工"]
        self.continuing = [p for p in self.projects if p["stage"] == "续建"]

    def behind(self, rate: Decimal) -> bool:
        return rate < self.schedule

    def band_main_support(self) -> bool:
        bands = [Decimal(0)] * 4
        for p in self.projects:
            total = p["total"]
            i = 0 if total >= 100000 else 1 if total >= 50000 else 2 if total >= 10000 else 3
            bands[i] += Decimal(p["planned"])
        whole = sum(bands)
        if whole == 0:
            return False
        shares = sorted((_shown(b * 100 / whole) for b in bands if b), reverse=True)
        return len(shares) >= 2 and shares[0] >= 50 and shares[0] > shares[1]


def _texts(data: dict[str, Any]) -> dict[str, str]:
    report = load_report(data)
    out = {}
    for kind in KINDS:
        tree = compose(report, kind, composer=COMPOSER)
        assert [str(p) for p in lint_tree(tree)] == [], kind
        out[kind] = to_text(tree)
    return out


def _body_only(text: str) -> str:
    """The text before the first annex (附件1/附件), where verdicts are written."""
    return re.split(r"\n附件\d?\n", text)[0]


# 北山县、南湖区投资完成率分别为62.5%、60.2%，居全市前列 (speech) and
# 北山县、南湖区投资完成率居全市前列，分别为62.5%、60.2% (news).
LEADING = re.compile(r"投资完成率(?:分别为|均为|为)([\d.%、]+)，居全.(?:前列|首位)")
LEADING_NEWS = re.compile(r"投资完成率居全.(?:前列|首位)，(?:分别为|均为|为)([\d.%、]+)")
# 东城区投资进度最快。东城区投资完成率为60.0% (speech) and 东城区投资完成率最高，为60.0% (news).
HIGHEST = re.compile(
    r"投资进度最快。[^。]*?投资完成率(?:均为|为)([\d.]+)%|投资完成率最高，(?:均为|为)([\d.]+)%"
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(ledgers())
def test_verdicts_appear_only_when_the_data_support_them(data: dict[str, Any]) -> None:
    """Each verdict phrase in any kind has its condition met in the ledger itself."""
    o = Oracle(data)
    texts = {kind: _body_only(text) for kind, text in _texts(data).items()}
    every = "\n".join(texts.values())

    def says(*phrases: str) -> bool:
        return any(p in every for p in phrases)

    # Momentum and orderly progress need investment on schedule (or within 5 points).
    if says("总体进展顺利", "保持了良好势头", "充分肯定", "取得明显成效", "好的势头"):
        assert o.completed > 0 and o.rate is not None and o.rate >= o.schedule
        behind_units = [u for u, r in o.unit_rates.items() if o.behind(r)]
        assert len(behind_units) * 2 <= len(o.unit_rates)
    if says("项目投资有序推进", "项目投资稳步推进"):
        assert o.completed > 0 and o.rate is not None and o.schedule - o.rate <= 5
        # Once the year is over only the plan itself counts.
        assert o.schedule < 100 or o.rate >= 100
    if says("取得一定成效", "取得了一定成效", "取得一定进展", "肯定了"):
        # Money spent on 前期 work alone is no 成效 of construction.
        built = [p for p in o.projects if p["stage"] != "前期"]
        assert any(Decimal(p["completed"]) > 0 or p["started"] for p in built)
    # 肯定 of 成效 (news, commendation) follows the figures: near 序时进度, most units with it.
    if says("肯定了", "取得一定成效"):
        assert o.rate is not None and o.schedule - o.rate <= 5
        assert o.schedule < 100 or o.rate >= 100
        behind_units = [u for u, r in o.unit_rates.items() if o.behind(r)]
        assert len(o.unit_rates) < 2 or len(behind_units) * 2 <= len(o.unit_rates)
    # 部分/个别 are never all of them.
    if says("部分项目没有按期开工", "个别项目没有按期开工"):
        # Without a start month a project is due by the year's end.
        due = [p for p in o.new if p.get("planned_start", 12) <= o.end]
        assert any(p["started"] for p in due)
    # Against time and the year's plan.
    # Of the whole (the highest unit's paragraph speaks of that unit alone).
    if re.search("超序时进度|快于序时进度", re.sub("投资进度最快。[^。]*。", "", every)):
        assert o.rate is not None and o.rate > o.schedule and o.schedule < 100
    if re.search(r"(?<!未)(?<!没有)实现了?“(?:时间过半|双过半)", every):
        assert o.end == 6 and o.rate is not None and o.rate >= 50
    if says("超额完成年度"):
        assert o.rate is not None and o.rate > 100
    if says("未完成年度计划", "没有完成年度计划", "未完成年度投资计划", "年度投资计划没有完成"):
        assert o.end == 12
        assert (o.rate is not None and o.rate < 100) or any(r < 100 for r in o.unit_rates.values())
    if says("均达到序时进度"):
        assert len(o.unit_rates) >= 2 and all(r >= o.schedule for r in o.unit_rates.values())
    if says("均低于序时进度", "都没有达到序时进度"):
        assert len(o.unit_rates) >= 2 and all(r < o.schedule for r in o.unit_rates.values())
    # Leading units: every unit named as 前列/首位 is at or above 序时进度.
    # Of fewer than 4 units none is 前列; the named are within the top third.
    ranked = sorted(o.unit_rates.values(), reverse=True)
    for rates in LEADING.findall(every) + LEADING_NEWS.findall(every):
        assert len(ranked) >= 4, rates
        for rate in rates.split("、"):
            shown = Decimal(rate.rstrip("%"))
            assert shown >= o.schedule, rates
            assert sum(r >= shown for r in ranked) * 3 <= len(ranked), rates
    # 最高 is the highest, and not all units are level.
    for pair in HIGHEST.findall(every):
        shown = Decimal(pair[0] or pair[1])
        assert ranked and shown == ranked[0] and ranked[-1] < shown, pair
    # Structure and starts.
    if says("是全年投资的主要支撑"):
        assert o.band_main_support()
    if says("已全面复工", "全面复工"):
        assert o.continuing and all(p["started"] for p in o.continuing)
    if says("未到计划开工时间", "没有到计划开工时间"):
        assert o.new and all(p.get("planned_start", 0) > o.end for p in o.new)
    if says("提前开工"):
        assert any(p["started"] and p.get("planned_start", 0) > o.end for p in o.new)
    if says("同口径"):
        assert "last_year" not in data and any("last_year" in p for p in o.projects)
    for match in re.finditer(r"(?<!同口径)累计完成投资同比|，同比(?:增长|下降)", every):
        assert "last_year" in data or all("last_year" in p for p in o.projects), match
    # The seeds' figures: 前期 share, the new-start half, growth against its target.
    pre = sum(p["stage"] == "前期" for p in o.projects)
    if says("开工面不够大"):
        assert _shown(Decimal(pre) * 100 / len(o.projects)) >= 30
    new_started = sum(p["started"] for p in o.new)
    if says("新开工也已过半", "开工已过半"):
        assert o.end == 6 and o.new and _shown(Decimal(new_started) * 100 / len(o.new)) >= 50
    if says("开工尚未过半"):
        assert o.end == 6 and o.new and _shown(Decimal(new_started) * 100 / len(o.new)) < 50
    target = data.get("targets", {}).get("growth")
    growth = None
    if "last_year" in data and Decimal(data["last_year"]["completed"]) > 0:
        base = Decimal(data["last_year"]["completed"])
        growth = _shown((o.completed - base) * 100 / base)
    if says("超目标", "超增长目标"):
        assert target is not None and growth is not None and growth > target
    if says("低于目标", "低于增长目标"):
        assert target is not None and growth is not None and growth < target
    # Since the previous period: a stall, a grown portfolio.
    previous = data.get("previous")
    if says("没有新增投资"):
        assert previous is not None and Decimal(previous["completed"]) >= o.completed > 0
    for before, now in re.findall(r"由1—\d+月的(\d+)个增至(\d+)个", every):
        assert previous is not None and int(before) == previous["projects"] < int(now)
        assert int(now) == len(o.projects)
    # The visits.
    visits = data["meeting"].get("visits", [])
    visited = [p for p in o.projects if p["name"] in {v["project"] for v in visits}]
    if says("小项目占大多数"):
        small = sum(p["total"] < 10000 for p in visited)
        assert data["meeting"]["kind"] == "观摩推进会" and small * 2 > len(visited)
    if says("都有项目参加观摩"):
        with_projects = {p["unit"] for p in o.projects}
        assert with_projects <= {p["unit"] for p in visited} and len(with_projects) >= 2
    commended = len(data["commendations"]["units"])
    if says("涌现出一批"):
        assert commended >= 3
    # Time words: a document dated in the next year never speaks of 今年以来 or 明年.
    if data["document"]["date"].startswith("2026"):
        assert "今年以来" not in every and "明年" not in every
        assert "2025年以来" not in every


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(ledgers())
def test_scope_and_unit_words_match_the_data(data: dict[str, Any]) -> None:
    """全市/全县…, 市委/县委… and the units' nouns follow the region and the units' kinds."""
    o = Oracle(data)
    every = "\n".join(_body_only(t) for t in _texts(data).values())
    for word in re.findall(r"全[省市县区州旗盟]", every):
        assert word == o.scope
    for level in re.findall(r"([省市县区州旗])委、\1政府", every):
        assert level == o.scope[1]
    if not o.kinds & {"县", "区"}:
        assert "县（区）" not in every
    if not o.kinds & TOWN_KINDS:
        assert "乡镇" not in every
    if not o.kinds & COUNTY_KINDS:
        assert not re.search(r"各县|县（|个县", every)
    if len(data["units"]) == 1:
        assert not re.search(r"各(?:县|区|镇|乡|街道|园区|单位)", every)
    for count, noun in re.findall(r"(\d+)个(县（区）|乡镇|县|区)(?:投资|应开工|计划新开工)", every):
        named = {"县（区）": {"县", "区"}, "乡镇": {"乡", "镇"}}.get(noun, {noun})
        assert o.kinds & named, (count, noun)
