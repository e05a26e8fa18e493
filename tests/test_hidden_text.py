"""hidden_text decides whether a text object lies outside its clipping path reading as few of the
clip's points as the answer needs (outside_clip), and reads the objects' bounds in bulk
(text_object_bounds): both must answer what the whole reading answers, object by object. A cell's
text hidden by its clip (cut_text_objects) continues its label or is left out."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from disclosure.extractors import pdfium_bulk as bulk
from disclosure.extractors import pdfium_handles as pdf
from disclosure.extractors.hidden_text import (
    clip_box,
    clips_undecided,
    outside_clip,
    outside_clip_box,
    straddles,
    text_object_bounds,
)
from disclosure.extractors.pdfium_geometry import Scratch, page_objects
from disclosure.extractors.pdfium_layer import read_pages
from disclosure.extractors.records import PageContent

CLIPPED_CELLS = Path(__file__).resolve().parent.parent / "fixtures" / "layouts" / "clipped_cell_text.pdf"

# (document, page, text objects outside their clip): one among a page's clipped objects
# (135d334639c1), hundreds among a page of clipped objects, one a glyph (b06718491296,
# c8821d984a54), a few among hundreds of objects (d504cbd6d86e).
PAGES = [
    ("budget/135d334639c1.pdf", 8, 1),
    ("budget/b06718491296.pdf", 3, 452),
    ("budget/c8821d984a54.pdf", 5, 652),
    ("final/d504cbd6d86e.pdf", 114, 4),
]


@pytest.mark.parametrize(("name", "number", "hidden"), PAGES)
def test_outside_clip_as_the_whole_clip_box_says(corpus: Path, name: str, number: int, hidden: int) -> None:
    document = pdfium.PdfDocument((corpus / name).read_bytes())
    page = document[number - 1]
    objects, bounds = text_object_bounds(page_objects(pdf.handle_of(page.raw)).text)
    scratch = Scratch()
    outside = 0
    for obj, (left, bottom, right, top) in zip(objects, bounds.tolist(), strict=True):
        box = clip_box(obj, scratch)
        expected = box is not None and (
            right <= box[0] or left >= box[2] or top <= box[1] or bottom >= box[3]
        )
        assert outside_clip(obj, (left, bottom, right, top), scratch) == expected
        outside += expected
    assert outside == hidden < len(objects)
    page.close()


@pytest.mark.parametrize(("name", "number", "hidden"), PAGES[:2])
def test_bounds_as_read_object_by_object(corpus: Path, name: str, number: int, hidden: int) -> None:
    document = pdfium.PdfDocument((corpus / name).read_bytes())
    page = document[number - 1]
    text = page_objects(pdf.handle_of(page.raw)).text
    expected = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for obj in text:
        handle = ctypes.cast(ctypes.c_void_p(obj), raw.FPDF_PAGEOBJECT)
        refs = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
        if raw.FPDFPageObj_GetBounds(handle, *refs):
            expected.append((obj, [left.value, bottom.value, right.value, top.value]))
    objects, bounds = text_object_bounds(text)
    assert list(zip(objects, bounds.tolist(), strict=True)) == expected
    assert len(expected) > 100
    page.close()


@pytest.mark.parametrize(("name", "number", "hidden"), PAGES)
def test_clips_read_in_c_as_in_python(corpus: Path, name: str, number: int, hidden: int) -> None:
    """The compiled helper's verdict (a path of the clip does not straddle the object) is the one
    straddles gives, object by object, and so is the hidden text found from it."""
    document = pdfium.PdfDocument((corpus / name).read_bytes())
    page = document[number - 1]
    objects, bounds = text_object_bounds(page_objects(pdf.handle_of(page.raw)).text)
    undecided = bulk.clip_undecided(objects, bounds)
    assert undecided is not None, "the compiled helper is not built"
    scratch = Scratch()
    outside = 0
    for obj, box, open_question in zip(objects, bounds.tolist(), undecided, strict=True):
        clip = pdf.object_clip_path(obj)
        paths = range(pdf.clip_path_count(clip)) if clip else range(0)
        assert open_question == any(not straddles(clip, path, box, scratch) for path in paths)
        found = open_question and outside_clip_box(obj, box, scratch)
        assert found == outside_clip(obj, box, scratch)
        outside += found
    assert outside == hidden
    page.close()


# --- a cell's text hidden by its clip ------------------------------------------------------------


def page_content(path: Path, number: int) -> PageContent:
    [content] = read_pages(pdfium.PdfDocument(path.read_bytes()), pages=[number])
    return content


def table_texts(content: PageContent) -> list[list[str]]:
    """Each table row's cell texts, in column order."""
    [table] = content.tables
    rows: dict[int, list[str]] = {}
    for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
        rows.setdefault(cell.row, []).append(cell.text)
    return list(rows.values())


def test_a_label_wrapped_below_its_clipped_cell_stays_in_its_cell() -> None:
    """fixtures/layouts/clipped_cell_text.pdf: each label's wrapped line is drawn below its cell's
    rule and hidden by the cell's clip, as an object of its own (row 1) or the label's object's
    second line (row 2). Read as placed, "IJKL" and "UV" began the next rows' labels
    ("I2JK1L30306-MNOPQRST"); row 3's label runs on, hidden, into its figure's cell. The last row's
    wrapped "YYY" falls below the table: text outside the tables stays the page's (hidden_text)."""
    content = page_content(CLIPPED_CELLS, 1)
    assert table_texts(content) == [
        ["2130304-ABCDEFGHIJKL", "630.34"],
        ["2130306-MNOPQRSTUV", "54.52"],
        ["2130501-ABCDEFGHIJKLMNOPQRST", "12.00"],
        ["2130399-WXYZ", "74.34"],
    ]
    assert "YYY" in [line.text for line in content.lines_outside_grids()]


def test_labels_wrapped_below_their_cells_on_a_published_page(corpus: Path) -> None:
    """wide/19894b8491d4 p11 (Beijing's 支出总表, its classifications fused to their names): the
    wrapped tails "护" and "助" below each row joined the next row's cells ("助50205-委托业务费")."""
    rows = table_texts(page_content(corpus / "wide/19894b8491d4.pdf", 11))
    assert rows[0][:3] == [
        "2130304-水利行业业务管理",
        "50999-其他对个人和家庭的补助",
        "30399-其他对个人和家庭的补助",
    ]
    assert rows[1][:4] == ["2130306-水利工程运行与维护", "50205-委托业务费", "30227-委托业务费", "54.516400"]


def test_an_amount_half_shown_at_a_page_break_is_read(corpus: Path) -> None:
    """wide/19894b8491d4 p71: a merged cell split by the page break shows the lower half of its
    amounts under the first rule; half a glyph shown is read (the scorecard's funds, p71)."""
    lines = [line.text for line in page_content(corpus / "wide/19894b8491d4.pdf", 71).lines]
    assert any("167.900000 167.900000" in line for line in lines)


def test_a_label_run_past_its_cells_rules_stays_in_its_cell(corpus: Path) -> None:
    """wide/1598881bee42 p3 (Xi'an 2019 收支总表): "1、人员经费和公用经费支" shows, its 出 runs on,
    hidden, into the figure's cell ("出 2,022.39"). Centred headers run past their cells' left
    rules, their hidden starts in the 预算数 cell to their left ("部门预预算算数支"): one begins its
    header again ("部门预算" + "支出经济分类科目"); the other's first shown glyph straddles the rule,
    where a start put before it would fall into the cell to the left, so its start is left out and
    it reads as printed ("出经济分类科目")."""
    rows = table_texts(page_content(corpus / "wide/1598881bee42.pdf", 3))
    assert rows[1][3:8] == [
        "预算数",
        "部门预算支出经济分类科目（按大类）",
        "预算数",
        "出经济分类科目（按大类）",
        "预算数",
    ]
    assert rows[3][4:6] == ["1、人员经费和公用经费支出", "2,022.39"]


def test_a_start_hidden_past_the_left_rule_keeps_its_repeated_glyphs(corpus: Path) -> None:
    """wide/65b3ede0cfb0 p55 (Xi'an 政府采购预算表): a date-time right-aligned in a narrow cell shows
    "31 08:00:00", its start "2022-12-3" hidden past the left rule and moved to the start of the
    first glyph shown. Moved to one point, its repeated glyphs (2, 2, 2; -, -) were taken for fake
    bold and left out: "20-13 08:00:00"."""
    [table] = page_content(corpus / "wide/65b3ede0cfb0.pdf", 55).tables
    dates = {cell.text for cell in table.cells if cell.text.endswith("08:00:00")}
    assert dates == {"2022-12-3108:00:00"}


def test_a_hidden_label_elsewhere_in_the_clip_begins_no_cells_line(corpus: Path) -> None:
    """wide/19894b8491d4 p154 (a 绩效目标表 continued): a merged cell's "绩效指标", drawn far below the
    header row whose clip hides it, began the 一级指标 header ("绩效指标一级指标"): only a hidden glyph
    on the shown glyph's line, left of it, begins that line."""
    rows = table_texts(page_content(corpus / "wide/19894b8491d4.pdf", 154))
    assert rows[0][:4] == ["绩效指标", "一级指标", "二级指标", "三级指标"]


def test_a_wrapped_line_whose_top_touches_its_cell_is_hidden(corpus: Path) -> None:
    """wide/320e70bba500 p27 (Beijing's list-form 项目绩效目标表): a cell's second line is drawn below
    the cell's rule, its glyphs' tops 0.6 pt inside the cell's clip and 0.4-0.8 pt past the rule
    below, so neither the rule-crossing test nor the clip's straddling of the glyph picked them up;
    shown, they were interleaved with the next row's glyphs ("理效益可指提标升社会其附效加益值…"). A
    clip path that does not straddle the glyph's centre now has its box read, and the line is
    left out."""
    rows = table_texts(page_content(corpus / "wide/320e70bba500.pdf", 27))
    assert [row[1] for row in rows[3:6]] == [
        "效益指标经济效益指标对采购苗木采取精细化管",
        "效益指标社会效益指标促进村庄绿化美化高质量发",
        "效益指标社会效益指标全市发动至少1千家庭参加活动",
    ]
    # wide/1c37dcb59b81 p82 (Xi'an 政府采购预算表): the same in a project name's cell, whose hidden tail
    # continues the cell's last shown glyph: "…城市设计", no longer "计“十四五”…" in the next row.
    procurement = {
        text for row in table_texts(page_content(corpus / "wide/1c37dcb59b81.pdf", 82)) for text in row
    }
    assert {"“三河一山”绿道详细规划及重点区域城市设计", "“十四五”期间政府指令性任务"} <= procurement


def test_text_beyond_the_page_is_no_cells_continuation(corpus: Path) -> None:
    """wide/0487706e5973 p44: the 整体绩效目标 label of a merged cell is drawn again below the page,
    clipped away; it is left out, not appended to the amounts drawn before it."""
    lines = [line.text for line in page_content(corpus / "wide/0487706e5973.pdf", 44).lines]
    assert "44,169.357532 44,169.357532 28,016.258321 16,153.099211" in lines


@pytest.mark.parametrize(("name", "number", "hidden"), PAGES)
def test_clips_undecided_without_the_helper_as_with_it(
    corpus: Path, name: str, number: int, hidden: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = pdfium.PdfDocument((corpus / name).read_bytes())
    page = document[number - 1]
    objects, bounds = text_object_bounds(page_objects(pdf.handle_of(page.raw)).text)
    with_helper = clips_undecided(objects, bounds)
    monkeypatch.setattr(bulk, "clip_undecided", lambda objects, bounds: None)
    assert clips_undecided(objects, bounds) == with_helper
    assert sum(with_helper) >= hidden
    page.close()
