"""Realistic document trees for the Word writer's tests, built by hand (no templates).

Body text is made of real phrases, with commas and full stops placed where
they can never open a line of 28 (26 after the indent), so line-start rules
(kinsoku) cannot move a character and every full line must hold exactly 28.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from bulletin.doctree import (
    Attachment,
    Column,
    DocTree,
    Heading,
    Imprint,
    Masthead,
    Metadata,
    Paragraph,
    Run,
    Table,
)

FIRST_LINE = 26  # characters on a paragraph's first line, after the two-character indent
LINE = 28

PHRASES = (
    "全市上下坚持以项目建设为抓手",
    "聚焦稳增长调结构惠民生",
    "持续掀起重点项目建设热潮",
    "各县市区和市直有关部门认真落实市委市政府决策部署",
    "强化要素保障",
    "优化审批服务",
    "项目开复工率和投资完成率稳步提升",
    "一批打基础利长远的重大项目加快推进",
    "但也要清醒看到",
    "部分项目前期工作推进迟缓",
    "个别县区投资完成进度明显滞后",
    "土地征收和资金筹措等问题仍然突出",
    "各地各部门要进一步提高政治站位",
    "压紧压实工作责任",
    "倒排工期挂图作战",
    "确保全年目标任务圆满完成",
    "市重点项目办将会同督查部门",
    "对进度滞后的项目进行专项督导",
    "对工作成效明显的县区予以通报表扬",
    "切实营造比学赶超的浓厚氛围",
)


def _chars() -> Iterator[str]:
    """Phrases in a cycle, each followed by the mark that would end it."""
    for i, phrase in enumerate(itertools.cycle(PHRASES)):
        yield from phrase
        yield "。" if i % 4 == 3 else "，"


def prose(length: int, *, first: int = FIRST_LINE, skip: int = 0) -> str:
    """About ``length`` characters of body text ending in 。.

    A mark that would fall at the start of a line (given ``first`` characters on
    the first line and 28 after) is dropped, so no line starts with punctuation.
    ``skip`` shifts the phrase cycle so paragraphs differ.
    """
    out: list[str] = []
    source = _chars()
    for _ in range(skip):
        next(source)
    while len(out) < length - 1:
        ch = next(source)
        at = len(out)
        line_start = at >= first and (at - first) % LINE == 0
        if ch in "，。" and (line_start or not out or out[-1] in "，。"):
            continue
        out.append(ch)
    if out[-1] in "，。":
        out.pop()
    # The closing 。 may not open a line either; a line-start position gets one more character.
    if len(out) >= first and (len(out) - first) % LINE == 0:
        out.append("进")
    return "".join(out) + "。"


def progress_tree(*, masthead: bool = True, rows: int = 60, wide: bool = False) -> DocTree:
    """A 进展通报 of several pages: headings of levels 1–3, run-ins, an annex table."""
    body: list[Heading | Paragraph | Table] = [
        Paragraph((Run(prose(150)),)),
        Heading(1, "总体进展情况", marker="一、"),
        Paragraph((Run(prose(200, skip=3)),)),
        Paragraph((Run(prose(120, skip=7)),)),
        Heading(2, "项目开复工稳步推进", marker="（一）"),
        Paragraph((Run(prose(180, skip=11)),)),
        Heading(
            2,
            "投资完成好于预期。",
            marker="（二）",
            body=(Run(prose(140, first=FIRST_LINE - 11, skip=2)),),
        ),
        Heading(3, "重大基础设施项目。", marker="1.", body=(Run(prose(90, first=16, skip=5)),)),
        Heading(3, "产业项目。", marker="2.", body=(Run(prose(110, first=20, skip=9)),)),
        Heading(1, "存在的主要问题", marker="二、"),
        Paragraph((Run(prose(230, skip=13)),)),
        Paragraph((Run("投资完成进度排在后三位的是："), Run("甲县、乙县、丙区", "hei"), Run("。"))),
        Paragraph((Run(prose(160, skip=17)),)),
        Heading(1, "下一步工作要求", marker="三、"),
        Heading(2, "压实责任。", marker="（一）", body=(Run(prose(150, first=18, skip=1)),)),
        Heading(2, "强化调度。", marker="（二）", body=(Run(prose(200, first=18, skip=4)),)),
        Heading(2, "严格督查。", marker="（三）", body=(Run(prose(170, first=18, skip=6)),)),
        Paragraph((Run(prose(260, skip=8)),)),
        Paragraph((Run(prose(240, skip=10)),)),
        Paragraph((Run(prose(180, skip=12)),)),
    ]
    columns = (
        Column("序号", "center", 0.6),
        Column("项目名称", "left", 3.2),
        Column("县（市、区）", "center", 1.4),
        Column("年度计划投资（亿元）", "right", 1.5),
        Column("完成投资（亿元）", "right", 1.4),
        Column("完成率", "right", 1.1),
    )
    table_rows = tuple(
        (
            str(i),
            f'示例{"市县区"[i % 3]}第{i}号重点项目 & <配套> "工程"'
            if i == 7
            else f"第{i}号重点项目",
            f"{'甲乙丙丁戊'[i % 5]}县",
            f"{(i * 37) % 90 + 10}.{i % 10}",
            f"{(i * 23) % 60 + 5}.{(i * 7) % 10}",
            f"{(i * 13) % 100}.{i % 10}%",
        )
        for i in range(1, rows + 1)
    )
    return DocTree(
        kind="progress",
        title="关于2025年上半年全市重点项目\n建设进展情况的通报",
        masthead=Masthead("示例市重点项目建设领导小组办公室文件", "示重办〔2025〕12号")
        if masthead
        else None,
        recipients="各县（市、区）人民政府，市直有关单位：",
        body=tuple(body),
        attachment_notes=("2025年上半年全市重点项目建设进展情况表",),
        signature="示例市重点项目建设领导小组办公室",
        date="2025年7月10日",
        attachments=(
            Attachment(
                1,
                "2025年上半年全市重点项目建设进展情况表",
                (Table(columns, table_rows, wide=wide),),
            ),
        ),
        imprint=Imprint(
            cc=("市委办公室", "市人大常委会办公室", "市政府办公室", "市政协办公室"),
            printer="示例市重点项目建设领导小组办公室",
            print_date="2025年7月10日",
        ),
        metadata=Metadata(
            title="关于2025年上半年全市重点项目建设进展情况的通报",
            issuer="示例市重点项目建设领导小组办公室",
            kind="progress",
            source_hash="sha256:" + "ab" * 32,
        ),
    )


def speech_tree() -> DocTree:
    """A 讲话: title, speaker and date lines, 同志们：, headings and body."""
    return DocTree(
        kind="speech",
        title="在全市重点项目建设推进会上的讲话",
        byline=("市委书记　张三", "（2025年6月12日）"),
        salutation="同志们：",
        body=(
            Paragraph((Run(prose(160)),)),
            Heading(1, "充分肯定上半年项目建设取得的成绩", marker="一、"),
            Paragraph((Run(prose(220, skip=3)),)),
            Heading(2, "清醒认识存在的问题。", marker="（一）", body=(Run(prose(150, first=13)),)),
            Heading(1, "扎实做好下半年项目建设各项工作", marker="二、"),
            Paragraph((Run(prose(200, skip=5)),)),
            Paragraph(
                (Run("同志们，目标已经明确，关键在于落实。让我们奋发有为、苦干实干！"),), "closing"
            ),
        ),
        metadata=Metadata(title="在全市重点项目建设推进会上的讲话", issuer="张三", kind="speech"),
    )


def commendation_tree() -> DocTree:
    """A 表彰通报: recipients, body, list of units in an attachment, signature and date."""
    units = tuple((str(i), f"{'甲乙丙丁'[i % 4]}县发展和改革局") for i in range(1, 16))
    return DocTree(
        kind="commendation",
        title="关于表彰2024年度全市重点项目建设\n先进集体和先进个人的通报",
        recipients="各县（市、区）人民政府，市直各单位：",
        body=(
            Paragraph((Run(prose(180)),)),
            Paragraph((Run(prose(120, skip=2)),)),
            Paragraph((Run("希望受到表彰的单位和个人珍惜荣誉、再接再厉。"),)),
        ),
        attachment_notes=(
            "2024年度全市重点项目建设先进集体名单",
            "2024年度全市重点项目建设先进个人名单",
        ),
        signature="示例市人民政府",
        date="2025年3月5日",
        note="此件公开发布",
        attachments=(
            Attachment(
                1,
                "2024年度全市重点项目建设先进集体名单",
                (Table((Column("序号", "center", 1), Column("单位", "left", 5)), units),),
            ),
            Attachment(
                2,
                "2024年度全市重点项目建设先进个人名单",
                (Paragraph((Run("张三　李四　王五"),), "plain"),),
            ),
        ),
        metadata=Metadata(issuer="示例市人民政府", kind="commendation"),
    )


def news_tree() -> DocTree:
    """A 会议新闻稿: title and body only."""
    return DocTree(
        kind="news",
        title="我市召开重点项目建设推进会",
        body=(
            Paragraph((Run(prose(140)),)),
            Paragraph((Run(prose(200, skip=6)),)),
            Paragraph((Run(prose(120, skip=9)),)),
        ),
        metadata=Metadata(kind="news"),
    )
