"""The GB/T 9704-2012 layout as numbers: one frozen profile of page, fonts, sizes and grid.

Writers read every length, face and colour from a :class:`Layout`; none is
written into a writer.  :data:`GBT9704` is the standard profile;
:data:`READING_COPY` is the larger-type variant some offices print for a speaker.
Lengths on paper are in millimetres, type in points, as the standard states them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields, replace

__all__ = [
    "ALT_NAMES",
    "GBK_FACES",
    "GBT9704",
    "MM_PER_PT",
    "READING_COPY",
    "Face",
    "Layout",
    "in_gbk",
    "mm_to_twips",
    "needs_gbk_face",
    "pt_to_twips",
    "within_gb2312",
]

TWIPS_PER_PT = 20
MM_PER_INCH = 25.4
TWIPS_PER_INCH = 1440
MM_PER_PT = MM_PER_INCH / 72

# Chinese size names (号) in points, for readability of the profiles below.
CHUHAO = 42.0  # 初号
YIHAO = 26.0  # 一号
ERHAO = 22.0  # 二号
XIAOER = 18.0  # 小二
SANHAO = 16.0  # 三号
SIHAO = 14.0  # 四号
XIAOSI = 12.0  # 小四

FANGSONG = "仿宋_GB2312"
KAITI = "楷体_GB2312"
HEITI = "黑体"
SONGTI = "宋体"
XIAOBIAOSONG = "方正小标宋简体"
TIMES = "Times New Roman"

# The faces with the whole GBK set, for characters the GB2312 faces lack (镕, 喆, 堃 …).
GBK_FACES: tuple[tuple[str, str], ...] = (
    (FANGSONG, "仿宋"),
    (KAITI, "楷体"),
    (XIAOBIAOSONG, "方正小标宋_GBK"),
)
# What Word and WPS put in place of a face that is not installed (w:altName).
ALT_NAMES: tuple[tuple[str, str], ...] = (
    (FANGSONG, "仿宋"),
    (KAITI, "楷体"),
    (XIAOBIAOSONG, SONGTI),
    ("方正小标宋_GBK", SONGTI),
)


def needs_gbk_face(ch: str) -> bool:
    """Whether ``ch`` is a letter (a Chinese character) that the GB2312 faces lack.

    仿宋_GB2312 and 楷体_GB2312 hold the GB2312 set only: 镕, 喆, 堃 and the
    like print as boxes or in a stray face.  Punctuation is left out: Python's
    codec maps a few GB2312 marks (— ·) to other code points than the faces do.
    """
    if ch.isascii() or not unicodedata.category(ch).startswith("L"):
        return False
    return not _encodes(ch, "gb2312")


def in_gbk(ch: str) -> bool:
    """Whether the GBK faces (仿宋, 楷体) have ``ch``; beyond GBK even they lack it."""
    return _encodes(ch, "gbk")


def within_gb2312(text: str) -> bool:
    """A quick yes for the usual text, wholly within GB2312 (one encode for the whole text)."""
    return _encodes(text, "gb2312")


def _encodes(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def mm_to_twips(mm: float) -> int:
    """Millimetres to twips (1/1440 inch), rounded half up as Word stores them."""
    return int(mm * TWIPS_PER_INCH / MM_PER_INCH + 0.5)


def pt_to_twips(pt: float) -> int:
    """Points to twips (1/20 pt), rounded half up."""
    return int(pt * TWIPS_PER_PT + 0.5)


@dataclass(frozen=True, slots=True)
class Face:
    """A typeface setting: East Asian face, Latin face, size in points, weight and colour.

    ``latin`` is the face for digits and Latin letters (Word's ASCII/hAnsi font);
    ``color`` is an RGB hex string without ``#``.
    """

    east_asian: str
    size: float
    latin: str = TIMES
    bold: bool = False
    color: str = "000000"


@dataclass(frozen=True, slots=True)
class Layout:
    """Every number of the page: paper, margins, grid, faces of each element, rules.

    Millimetres for lengths on paper, points for type and line pitch, characters
    (of the body face) for indents.  Derived values in twips are properties.
    """

    name: str = "GB/T 9704-2012"
    page_width: float = 210.0
    page_height: float = 297.0
    margin_top: float = 37.0
    margin_bottom: float = 35.0
    margin_left: float = 28.0
    margin_right: float = 26.0
    # 22 lines of 28.95 pt fill the 225 mm type area (29 pt would give 21).
    line_pitch: float = 28.95
    # −0.25 pt condensing fits 28 characters of 16 pt into the 156 mm line in
    # LibreOffice and Word alike; Word's character grid does not work in LibreOffice.
    char_spacing: float = -0.25
    indent_chars: int = 2
    lang: str = "zh-CN"

    body: Face = Face(FANGSONG, SANHAO)
    title: Face = Face(XIAOBIAOSONG, ERHAO)
    subtitle: Face = Face(KAITI, SANHAO)
    byline: Face = Face(KAITI, SANHAO)
    headings: tuple[Face, Face, Face, Face] = (
        Face(HEITI, SANHAO),
        Face(KAITI, SANHAO),
        Face(FANGSONG, SANHAO, bold=True),  # *choice* in the spec: level 3 bold
        Face(FANGSONG, SANHAO),
    )
    attachment_label: Face = Face(HEITI, SANHAO)
    table_text: Face = Face(FANGSONG, XIAOSI)
    table_header: Face = Face(HEITI, XIAOSI)
    table_caption: Face = Face(HEITI, SANHAO)
    imprint: Face = Face(FANGSONG, SIHAO)
    page_number: Face = Face(SONGTI, SIHAO)

    masthead_mark: Face = Face(XIAOBIAOSONG, YIHAO, color="FF0000")
    masthead_number: Face = Face(FANGSONG, SANHAO)
    # GB/T 9704 7.2.2: the issuer mark's top edge sits 35 mm below the type area's.
    masthead_top: float = 35.0
    # Blank lines between the issuer mark and the number, and between the rule and the title.
    masthead_gap_lines: int = 2
    masthead_rule_color: str = "FF0000"
    masthead_rule_width: float = 1.0  # pt; the standard leaves it to the issuer
    masthead_rule_gap: float = 4.0  # mm below the number

    imprint_rule_outer: float = 0.35  # mm, first and last rules of 版记
    imprint_rule_inner: float = 0.25  # mm, rules between its lines
    table_rule: float = 0.5  # pt, cell borders of annex tables
    page_number_gap: float = 7.0  # mm from the type area's lower edge to the dashes
    # Height of the dashes above the foot of their single-spaced line, in em:
    # measured 0.44 in LibreOffice (Times New Roman dashes), about 0.5 in Word (宋体).
    page_number_dash_rise: float = 0.45
    page_number_indent_chars: int = 1

    def faces(self) -> tuple[Face, ...]:
        """Every face the profile sets, element by element."""
        return (
            self.body,
            self.title,
            self.subtitle,
            self.byline,
            *self.headings,
            self.attachment_label,
            self.table_text,
            self.table_header,
            self.table_caption,
            self.imprint,
            self.page_number,
            self.masthead_mark,
            self.masthead_number,
        )

    def font_names(self) -> tuple[str, ...]:
        """Every font a document of this profile names: its faces and their GBK stand-ins."""
        names = {n for f in self.faces() for n in (f.east_asian, f.latin)}
        names |= {gbk for face, gbk in GBK_FACES if face in names}
        return tuple(sorted(names))

    def with_gbk_faces(self, lang: str | None = None) -> Layout:
        """This profile with each GB2312-only face replaced by its GBK sibling.

        For text in Traditional characters, which the GB2312 faces lack almost
        entirely; ``lang`` is the proofing language to declare (e.g. zh-HK).
        """
        gbk = dict(GBK_FACES)

        def swap(face: Face) -> Face:
            return replace(face, east_asian=gbk.get(face.east_asian, face.east_asian))

        changes: dict[str, object] = {
            f.name: swap(getattr(self, f.name))
            for f in fields(self)
            if isinstance(getattr(self, f.name), Face)
        }
        changes["headings"] = tuple(swap(f) for f in self.headings)
        return replace(self, name=f"{self.name} (GBK)", lang=lang or self.lang, **changes)  # type: ignore[arg-type]

    # Derived lengths in twips, the unit of Word's page and paragraph settings.

    @property
    def type_width(self) -> float:
        """Width of the type area (版心) in millimetres."""
        return self.page_width - self.margin_left - self.margin_right

    @property
    def page_tw(self) -> tuple[int, int]:
        """Paper width and height in twips (A4: 11906 × 16838)."""
        return mm_to_twips(self.page_width), mm_to_twips(self.page_height)

    @property
    def margins_tw(self) -> tuple[int, int, int, int]:
        """Top, right, bottom and left margins in twips (2098, 1474, 1984, 1588).

        The left margin takes the rounding so the type area is exactly the
        rounded 156 mm × 225 mm (8844 × 12756), as the spec's table states.
        """
        width, height = self.page_tw
        top, right = mm_to_twips(self.margin_top), mm_to_twips(self.margin_right)
        bottom = height - top - mm_to_twips(self.page_height - self.margin_top - self.margin_bottom)
        left = width - right - self.type_width_tw
        return top, right, bottom, left

    @property
    def type_width_tw(self) -> int:
        """Width of the type area in twips."""
        return mm_to_twips(self.type_width)

    @property
    def landscape_type_width_tw(self) -> int:
        """Width of the type area of a landscape page, whose margins turn with the paper."""
        return mm_to_twips(self.page_height - self.margin_top - self.margin_bottom)

    @property
    def line_pitch_tw(self) -> int:
        """Exact line spacing of body text in twips."""
        return pt_to_twips(self.line_pitch)

    @property
    def char_tw(self) -> int:
        """One character of the body face in twips: the unit of indents."""
        return pt_to_twips(self.body.size)

    @property
    def indent_tw(self) -> int:
        """The first-line indent of body paragraphs in twips."""
        return self.indent_chars * self.char_tw

    @property
    def footer_distance(self) -> float:
        """Millimetres from the paper's lower edge to the footer's lower edge.

        Puts the dashes of ``— N —`` (``page_number_dash_rise`` em above the
        foot of their line) ``page_number_gap`` below the type area.
        """
        rise_mm = self.page_number.size * self.page_number_dash_rise * MM_PER_INCH / 72
        return self.margin_bottom - self.page_number_gap - rise_mm


GBT9704 = Layout()
"""The GB/T 9704-2012 profile: A4, 22 lines × 28 characters of 16 pt 仿宋."""

READING_COPY = Layout(
    name="reading copy",
    # 18 lines of 35.4 pt fill the type area; 24 characters of 18 pt fit a line unaided.
    line_pitch=35.4,
    char_spacing=0.0,
    body=Face(FANGSONG, XIAOER),
    subtitle=Face(KAITI, XIAOER),
    byline=Face(KAITI, XIAOER),
    headings=(
        Face(HEITI, XIAOER),
        Face(KAITI, XIAOER),
        Face(FANGSONG, XIAOER, bold=True),
        Face(FANGSONG, XIAOER),
    ),
    attachment_label=Face(HEITI, XIAOER),
)
"""A speaker's reading copy: body and headings in 18 pt with wider line pitch."""
