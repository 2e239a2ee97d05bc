"""The plain-text and Markdown writers: every element of the tree, nothing added."""

from __future__ import annotations

from bulletin.doctree import (
    Attachment,
    Column,
    DocTree,
    Heading,
    Imprint,
    Paragraph,
    Run,
    Table,
    number_headings,
)
from bulletin.writers.text import to_markdown, to_text

TABLE = Table((Column("项目"), Column("完成", "right")), (("甲|乙", "12"),))


def _tree(attachments: tuple[Attachment, ...]) -> DocTree:
    return number_headings(
        DocTree(
            kind="progress",
            title="关于重点项目进展情况的通报",
            recipients="各县（区）：",
            body=(
                Heading(1, "总体情况"),
                Heading(2, "投资完成。", body=(Run("完成投资1.20亿元。"),)),
                Paragraph((Run("要"), Run("真抓实干", "bold"), Run("。"))),
            ),
            attachment_notes=tuple(a.title for a in attachments),
            signature="示例市重点办",
            date="2025年7月8日",
            attachments=attachments,
            imprint=Imprint(
                cc=("市委办公室", "市政府办公室"), printer="示例市重点办", print_date="2025年7月8日"
            ),
        )
    )


def test_text_numbers_headings_and_runs_in_bodies() -> None:
    """Headings carry their markers; a run-in body follows its heading on the same line."""
    text = to_text(_tree(()))
    assert "\u3000\u3000一、总体情况\n" in text
    assert "\u3000\u3000（一）投资完成。完成投资1.20亿元。" in text
    assert "\u3000\u3000要真抓实干。" in text


def test_lone_attachment_has_no_number() -> None:
    """GB/T 9704: one attachment is 附件 without a number, in the note and on its page."""
    text = to_text(_tree((Attachment(1, "进展表", (TABLE,)),)))
    assert "附件：进展表" in text
    assert "\n附件\n\n进展表\n" in text
    assert "附件1" not in text


def test_several_attachments_are_numbered_and_aligned() -> None:
    """Two attachments are numbered, the second name aligned under the first."""
    text = to_text(_tree((Attachment(1, "进展表", (TABLE,)), Attachment(2, "排名表", (TABLE,)))))
    assert "\u3000\u3000附件：1. 进展表\n\u3000\u3000\u3000\u3000\u30002. 排名表" in text
    assert "附件1\n\n进展表" in text and "附件2\n\n排名表" in text


def test_imprint_lists_cc_and_printer() -> None:
    """版记: 抄送 ends with 。; 印发机关 and 印发日期 on one line."""
    text = to_text(_tree(()))
    assert "抄送：市委办公室，市政府办公室。\n示例市重点办\u3000\u30002025年7月8日印发" in text


def test_markdown_escapes_pipes_and_marks_emphasis() -> None:
    """Markdown tables escape | in cells; emphasis is **bold**; headings sit below the title."""
    md = to_markdown(_tree((Attachment(1, "进展表", (TABLE,)),)))
    assert "# 关于重点项目进展情况的通报" in md
    assert "## 一、总体情况" in md
    assert "**（一）投资完成。**完成投资1.20亿元。" in md
    assert "要**真抓实干**。" in md
    assert "| 甲\\|乙 | 12 |" in md and "| :--- | ---: |" in md
