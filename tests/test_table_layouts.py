"""Layout features of tables: repeated rows on continuation pages, organisation columns, units.

Each layout is shown on a real corpus document where one exists, and on small hand-built grids
where the rule's order of preference is easier to see.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import processed
from disclosure.extractors import pdfium_layer, text_layer
from disclosure.extractors.overflow import reclaim_overflow
from disclosure.extractors.records import Box, GridCell, PageContent, RawTable, TextLine
from disclosure.normalizers.line_items import build_table
from disclosure.normalizers.recognize import LogicalTable, recognise_tables
from disclosure.normalizers.records import DocumentResult, LineItem
from disclosure.normalizers.vocabulary import TABLE_KINDS

COL_WIDTH = 100.0
ROW_HEIGHT = 20.0
LEFT = 50.0


def grid(
    page: int, top: float, rows: list[list[str]], spans: dict[tuple[int, int], int] | None = None
) -> RawTable:
    """A ruled grid of single cells; spans maps (row, col) to a col_span (the covered slots are omitted)."""
    spans = spans or {}
    n_cols = max(len(row) for row in rows)
    cells = []
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            span = spans.get((r, c), 1)
            cells.append(
                GridCell(
                    row=r,
                    col=c,
                    row_span=1,
                    col_span=span,
                    text=row[c],
                    box=Box(
                        LEFT + c * COL_WIDTH,
                        top + r * ROW_HEIGHT,
                        LEFT + (c + span) * COL_WIDTH,
                        top + (r + 1) * ROW_HEIGHT,
                    ),
                )
            )
            c += span
    return RawTable(
        page=page,
        index_on_page=0,
        box=Box(LEFT, top, LEFT + n_cols * COL_WIDTH, top + len(rows) * ROW_HEIGHT),
        n_rows=len(rows),
        n_cols=n_cols,
        cells=cells,
    )


def line(text: str, top: float) -> TextLine:
    return TextLine(text=text, box=Box(LEFT, top, LEFT + 300, top + 10))


def page(number: int, lines: list[TextLine], tables: list[RawTable]) -> PageContent:
    for index, table in enumerate(tables):
        table.index_on_page = index
    return PageContent(number=number, width=842, height=595, n_chars=100, lines=lines, tables=tables)


def items_of(result: DocumentResult, kind: str, **keys: object) -> list[LineItem]:
    return [
        li
        for li in result.line_items
        if li.table_kind == kind and all(getattr(li, k) == v for k, v in keys.items())
    ]


# --- 1. a continuation page that repeats rows already printed ----------------------------------

HEADER = ["项目", "合计", "财政拨款"]
INCOME_TOTAL = ["合计", "300.00", "200.00"]


def test_continuation_repeating_the_total_row_counts_it_once() -> None:
    # No corpus document prints it (none of the 138 text-layer documents repeats a 合计 row or a
    # page's last row at the top of the next page); the layout is built by hand.
    first = grid(
        1, 100, [HEADER, INCOME_TOTAL, ["行政运行", "100.00", "100.00"], ["机关服务", "50.00", "50.00"]]
    )
    # The next page repeats the column header and the 合计 row, then the previous page's last row,
    # then goes on with new rows.
    second = grid(
        2,
        40,
        [HEADER, INCOME_TOTAL, ["机关服务", "50.00", "50.00"], ["其他收入", "150.00", "50.00"]],
    )
    pages = [page(1, [line("收入预算表", 60), line("单位：万元", 80)], [first]), page(2, [], [second])]
    [table] = recognise_tables(pages)
    assert len(table.parts) == 2
    _, items, cells = build_table(table, "d" * 64, "t001", "budget")

    totals = [li for li in items if li.item_name == "合计"]
    assert [(li.measure, li.amount, li.page) for li in totals] == [
        ("total", Decimal("3000000.00"), 1),
        ("fiscal_appropriation", Decimal("2000000.00"), 1),
    ]
    assert [li.page for li in items if li.item_name == "机关服务" and li.measure == "total"] == [1]
    assert [li.amount for li in items if li.item_name == "其他收入" and li.measure == "total"] == [
        Decimal("1500000.00")
    ]
    # The repeated rows stay in the audit grid.
    assert [c.row for c in cells if c.page == 2 and c.col == 0 and c.text == "合计"] == [5]


def test_continuation_rows_that_only_look_alike_are_kept() -> None:
    # Same name and amounts on the next page, but a different code: a different row (款 vs 项).
    first = grid(
        1,
        100,
        [["科目编码", "科目名称", "合计"], ["205", "教育支出", "40.00"], ["20599", "其他教育支出", "40.00"]],
    )
    second = grid(2, 40, [["2059999", "其他教育支出", "40.00"], ["210", "卫生健康支出", "10.00"]])
    pages = [
        page(1, [line("一般公共预算支出表", 60), line("单位：万元", 80)], [first]),
        page(2, [], [second]),
    ]
    [table] = recognise_tables(pages)
    _, items, _ = build_table(table, "d" * 64, "t001", "budget")
    assert [li.code for li in items] == ["205", "20599", "2059999", "210"]


# --- 2. unit / department code columns are organisations, not classification codes -------------


def test_department_code_column_is_not_a_classification_code(corpus: Path) -> None:
    # 无锡 收入总表 (page 11): 部门代码 | 部门名称 | 合计 … with rows 113 无锡市信访局, 113001 …（本级）.
    result = processed(corpus / "wide/e89865852e80.pdf")
    income = items_of(result, "income", page=11, measure="total")
    assert {li.code for li in income} == {None}
    assert {li.code_level for li in income} == {None}
    department = [li for li in income if li.item_name == "无锡市信访局"]
    assert [li.amount for li in department] == [Decimal("28679400.00")]
    own = [li for li in income if li.item_name == "无锡市信访局（本级）"]
    assert own[0].amount == Decimal("23047900.00")
    # 合计 | 本年收入/小计 | 本年收入/一般公共预算: one total, the group's subtotal is `income`, the
    # fund is its own column
    reception = items_of(result, "income", item_name="无锡市人民来访接待中心")
    assert [(li.measure, li.fund, li.amount) for li in reception] == [
        ("total", None, Decimal("5631500.00")),
        ("income", None, Decimal("5631500.00")),
        ("income", "general_budget", Decimal("5631500.00")),
    ]


def test_unit_code_column_under_unit_name_header(corpus: Path) -> None:
    # 西安 部门综合预算收入总表 (page 27): 序号 | 单位编码 | 单位名称 | 合计 …, row 119 西安市统计局.
    result = processed(corpus / "wide/300855efd7b0.pdf")
    income = items_of(result, "income", page=27)
    assert not [li for li in income if li.code in ("119", "119001")]
    bureau = [li for li in income if li.row == 4 and li.measure == "total"]
    assert [(li.code, li.item_name, li.amount) for li in bureau] == [
        (None, "西安市统计局", Decimal("62109297.20"))
    ]


# --- 3. the unit: inside the grid, above it, on the page, in the document; else no amount ------


def test_unit_drawn_inside_the_ruled_grid(corpus: Path) -> None:
    # 北京 预算01表收支总表 (page 1): the title and 金额单位：万元 are rows of the ruled grid.
    result = processed(corpus / "wide/002db9ddbafa.pdf")
    [summary] = [t for t in result.tables if t.table_kind == "income_expenditure_summary"]
    assert summary.unit == "万元"
    [item] = items_of(result, "income_expenditure_summary", item_name="一般公共预算拨款收入")
    assert (item.amount_raw, item.amount, item.unit_raw) == (
        "9,142.554971",
        Decimal("91425549.710000"),
        "万元",
    )
    [expenditure] = items_of(result, "income_expenditure_summary", item_name="一般公共服务支出")
    assert expenditure.amount == Decimal("67704991.000000")


def test_unit_inside_the_grid_beside_the_department_cell(corpus: Path) -> None:
    # 江苏省 一般公共预算基本支出预算表 (page 17): "部门：… | 单位：万元" is the grid's second row.
    result = processed(corpus / "wide/520fa5c58e1f.pdf")
    [basic_table] = [t for t in result.tables if t.table_kind == "general_budget_basic_expenditure"]
    assert basic_table.unit == "万元"
    [total] = [
        li
        for li in items_of(result, "general_budget_basic_expenditure", item_name="合计", page=17)
        if li.table_id == basic_table.table_id
    ]
    assert (total.amount_raw, total.amount) == ("7,666.68", Decimal("76666800.00"))


DATA = [["项目", "合计"], ["行政运行", "1,000.00"]]


def unit_of(pages: list[PageContent], page_number: int, index: int = 0) -> str | None:
    tables = [t for t in recognise_tables(pages) if t.parts[0].page == page_number]
    return tables[index].unit


def test_unit_search_order_grid_first() -> None:
    titled = grid(1, 200, [["收入预算表", ""], ["", "金额单位：万元"], *DATA], spans={(0, 0): 2})
    assert unit_of([page(1, [line("单位：元", 170)], [titled])], 1) == "万元"


def test_unit_search_order_lines_above_then_page_header() -> None:
    above = grid(1, 200, DATA)
    assert unit_of([page(1, [line("收入预算表", 160), line("单位：千元", 180)], [above])], 1) == "千元"
    # A labelled unit in the page's header lines, further above than the title band.
    far = grid(1, 400, DATA)
    assert unit_of([page(1, [line("单位：千元", 30), line("收入预算表", 380)], [far])], 1) == "千元"


def test_unit_from_other_tables_of_the_page_then_the_document() -> None:
    stated = grid(1, 100, DATA)
    silent = grid(1, 300, DATA)
    elsewhere = grid(2, 100, DATA)
    pages = [
        page(1, [line("收入预算表", 60), line("单位：万元", 80), line("支出预算表", 280)], [stated, silent]),
        page(2, [line("三公经费预算表", 60), line("单位：元", 80)], [elsewhere]),
    ]
    # The page's other table says 万元, though the document also prints 元.
    assert unit_of(pages, 1, index=1) == "万元"
    lone = page(3, [line("政府性基金预算支出表", 60)], [grid(3, 100, DATA)])
    agreeing = [page(1, [line("收入预算表", 60), line("单位：万元", 80)], [grid(1, 100, DATA)]), lone]
    assert unit_of(agreeing, 3) == "万元"
    # The document's tables disagree: no unit.
    assert unit_of([*pages, lone], 3) is None


def test_no_unit_no_amount() -> None:
    table = LogicalTable(parts=[grid(1, 100, DATA)], title="收入预算表", unit=None, kind="income")
    _, items, _ = build_table(table, "d" * 64, "t001", "budget")
    assert [(li.item_name, li.amount, li.amount_raw, li.unit_raw) for li in items] == [
        ("行政运行", None, "1,000.00", None)
    ]


def test_title_row_inside_the_grid_beside_a_blank_border_column(corpus: Path) -> None:
    # 北京 (page 1): a blank 8-point column runs down the grid's left edge, so the title row
    # "预算01表收支总表" spans every column but that one. Each table is its own logical table (before:
    # one unclassified table over all 46 pages, no line items).
    result = processed(corpus / "wide/309f72dffb43.pdf")
    kinds = [(t.table_kind, t.pages[0], t.unit) for t in result.tables if t.table_kind in TABLE_KINDS]
    assert kinds == [
        ("income_expenditure_summary", 1, "万元"),
        ("income", 3, "万元"),
        ("expenditure", 4, "万元"),
        ("fiscal_appropriation_summary", 6, "万元"),
        # 预算05表: its title row stands alone in the grid's second row; 金额单位 sits in a column of its own.
        ("general_budget_expenditure", 8, "万元"),
        ("general_budget_basic_expenditure", 10, "万元"),
        ("government_fund", 12, "万元"),
        ("state_capital", 13, "万元"),
        ("three_public", 14, "万元"),
    ]
    [income] = items_of(result, "income_expenditure_summary", item_name="一般公共预算拨款收入")
    assert (income.page, income.amount_raw, income.amount) == (
        1,
        "17,921.443777",
        Decimal("179214437.770000"),
    )
    [total] = items_of(result, "income_expenditure_summary", item_name="本年收入合计")
    assert (total.page, total.amount) == (2, Decimal("179294437.770000"))


def test_a_continuation_page_without_a_top_rule_keeps_its_first_row(corpus: Path) -> None:
    """The 基本支出表 continues on p16 with no rule above its first row (30206 电费 235.00, 万元).

    The column rules start at that row's top; the lattice finder needs a horizontal rule there.
    """
    result = processed(corpus / "wide/324795c7efce.pdf")
    first = [
        i
        for i in result.line_items
        if i.table_kind == "general_budget_basic_expenditure" and i.page == 16 and i.code == "30206"
    ]
    assert [(i.item_name, i.amount) for i in first] == [("电费", Decimal("2350000"))]
    # the one fail is printed: "提租补贴（项）…增加865.57万元，增长79.05%" (79.09 %, p22)
    assert [c.check_id for c in result.checks if c.status == "fail"] == [
        "narrative.change_pct.general_budget_item.2210202"
    ]


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_a_frame_of_merged_cells_cut_by_the_page_joins_the_grid_beside_it(corpus: Path, engine: str) -> None:
    """Beijing 预算12表项目支出绩效目标表, pp. 19 and 23: the frame of a project's block (项目名称 | 项目总额
    | 财政资金 | 其他资金 | 绩效目标, merged over its indicator rows) is cut by the page at its top (p19)
    or at both ends (p23). Its column rules end there without a rule, where the indicator grid's top
    and bottom rules stop at the grid's side: that rule is drawn on across the frame, so the page
    holds one grid of 11 columns with the project's name and amounts beside its indicators."""
    data = (corpus / "wide/0487706e5973.pdf").read_bytes()
    if engine == "pdfium":
        document = pdfium_layer.open_document(data)
        pages = list(pdfium_layer.read_pages(document, pages=[19, 23]))
        document.close()
    else:
        pdf = text_layer.open_pdf(data, "0487706e5973.pdf")
        pages = list(text_layer.read_pages(pdf, pages=[19, 23]))
        pdf.close()
    grids = {page.number: page.tables for page in pages}
    assert [(t.n_rows, t.n_cols) for t in grids[19]] == [(15, 11)]
    assert [(t.n_rows, t.n_cols) for t in grids[23]] == [(13, 11)]
    first = {(c.row, c.col): c.text for c in grids[19][0].cells}
    assert (first[(0, 0)], first[(0, 1)], first[(0, 9)]) == (
        "11000022T000000456725-决算管理工作服务",
        "54.320000",
        "6741",
    )
    whole_page = [c for c in grids[23][0].cells if c.col == 0]
    assert [(c.row, c.row_span, c.text) for c in whole_page] == [
        (0, 13, "11000022T000000457215-会计管理业务服务")
    ]


def test_header_cells_drawn_as_inset_boxes_label_the_amounts_below_them(corpus: Path) -> None:
    """Header cells boxed a few points inside the column rules; labels wrapped one line a box.

    p27 一般公共预算支出明细表: the inset boxes made 5 pt sliver columns between each label and its
    amounts. p23 收入总表: "政府 / 性基 / 金拨 / 款" is one label, not a code column (款).
    p28 continues p27 without a rule above its first row (215, 1,021,805,239.60 元).
    """
    result = processed(corpus / "wide/627c16eab5a5.pdf")
    general = {
        (i.page, i.code, i.measure): (i.measure_raw, i.amount)
        for i in result.line_items
        if i.table_kind == "general_budget_expenditure"
    }
    assert general[(27, "205", "total")] == ("合计", Decimal("14197328.85"))
    assert general[(28, "215", "total")] == ("合计", Decimal("1021805239.60"))
    income = {
        i.measure_raw: i.amount
        for i in result.line_items
        if i.table_kind == "income" and i.page == 23 and i.unit_code == "262005"
    }
    assert income["部门预算/政府性基金拨款"] == Decimal("0")
    assert income["部门预算/事业收入"] == Decimal("2100000")
    assert income["部门预算/上年实户资金余额"] == Decimal("749222.63")
    # the one check that fails is the document's own scope: its narrative's 预算支出 105,590.77万元 is
    # the 支出 side's 一、部门预算 row, not its 支出总计 1,059,464,715.06 元
    assert [c.check_id for c in result.checks if c.status == "fail"] == ["text.expenditure_total.current"]


def test_a_clipped_row_label_keeps_the_tail_hidden_in_the_next_cell(corpus: Path) -> None:
    """p22: "机关事业单位职业年金" is clipped at its cell's border; "缴费支出" sits, hidden, in the 合计 cell."""
    result = processed(corpus / "wide/5d77663c3523.pdf")
    rows = {
        i.code: (i.item_name, i.amount)
        for i in result.line_items
        if i.table_kind == "general_budget_expenditure" and i.measure == "total" and i.page == 22
    }
    assert rows["2080506"] == ("机关事业单位职业年金缴费支出", Decimal("43608.96"))
    assert rows["20899"] == ("其他社会保障和就业支出", Decimal("1090.22"))
    # the two checks that fail are printed so: p13's narrative gives the 2021 三公 figures (0.27万元)
    # as 2022's, where the p30 table's 2022 block is 0; p10's year comparison prints 专项业务费 1535.82
    # for 2022 against its change +425.5 (test_wide_documents)
    assert sorted(c.check_id for c in result.checks if c.status == "fail") == [
        "text.three_public_total.current",
        "year_comparison.专项业务费.row3.year_change",
    ]


def glyphs(text: str, x0: float, width: float = 6.57) -> list[dict[str, Any]]:
    """Characters of one line at 6.57 pt pitch (plus 0.18 pt spacing), as pdfplumber gives them."""
    return [
        {
            "text": t,
            "x0": x0 + k * (width + 0.18),
            "x1": x0 + k * (width + 0.18) + width,
            "top": 293.0,
            "bottom": 299.6,
        }
        for k, t in enumerate(text)
    ]


def test_a_clipped_tail_straddling_the_border_goes_back_under_the_next_cells_text() -> None:
    """f17e3c9deb66 p1: "一般性支出情" fills its cell (border 114.7); 况 starts at 114.34, its centre
    beyond the border, and the next cell's own "一般性支出情" starts at 115.73, on top of it."""
    boxes = [Box(73.2, 285.0, 114.7, 305.0), Box(115.2, 285.0, 156.7, 305.0), Box(157.2, 285.0, 243.7, 305.0)]
    left, middle, right = (
        glyphs("一般性支出情况", 73.84),
        glyphs("一般性支出情况", 115.73),
        glyphs("“三公”", 158.22),
    )
    members = [left[:6], [left[6], *middle[:6]], [middle[6], *right]]
    reclaim_overflow(members, boxes)
    assert ["".join(c["text"] for c in m) for m in members] == ["一般性支出情况", "一般性支出情况", "“三公”"]


def test_text_starting_at_the_border_stays_in_its_cell() -> None:
    """A label that fills its cell and the next cell's text starting just right of the border, not on
    top of anything: nothing moves."""
    boxes = [Box(73.2, 285.0, 114.7, 305.0), Box(114.7, 285.0, 156.7, 305.0)]
    left, right = glyphs("一般性支出情", 73.84), glyphs("项目经费", 115.0)
    members = [list(left), list(right)]
    reclaim_overflow(members, boxes)
    assert ["".join(c["text"] for c in m) for m in members] == ["一般性支出情", "项目经费"]


def test_a_title_row_inside_the_grid_starts_a_second_table(corpus: Path) -> None:
    """p9 draws the end of 收支预算总表 and the start of 收入预算总表 (title, 部门 / 单位 line) in one box."""
    result = processed(corpus / "wide/520fa5c58e1f.pdf")
    income = [i for i in result.line_items if i.table_kind == "income" and i.page == 9]
    assert (income[0].item_name, income[0].amount) == ("收入总计", Decimal("136490700"))
    assert result.document.standard_tables_missing == []


def test_the_one_row_of_a_table_without_row_labels_is_its_total(corpus: Path) -> None:
    """预算02表 收入总表 of a one-unit department: 合计 | 本年收入 … and one row of figures (万元)."""
    result = processed(corpus / "wide/0487706e5973.pdf")
    income = {i.measure_raw: (i.item_name, i.amount) for i in result.line_items if i.table_kind == "income"}
    assert income["合计"] == ("合计", Decimal("441693575.32"))
    assert income["上年结转结余/一般公共预算资金"] == ("合计", Decimal("127174.12"))


# --- a table continued to the right on the next page ---------------------------------------------
# Real case: 19894b8491d4's 收入总表 (tests/test_wide_documents.py); its one row prints no label, so
# the labels' hand-over is shown here on rows that have them.


def test_a_page_of_further_columns_gives_its_amounts_to_the_rows_before_it() -> None:
    first = grid(
        1,
        100,
        [
            ["科目编码", "科目名称", "合计", "本年收入"],
            ["205", "教育支出", "300.00", "200.00"],
            ["20502", "普通教育", "120.00", "80.00"],
        ],
    )
    # The next page: its own header of other amount columns, the same rows' figures, no labels.
    second = grid(2, 40, [["上年结转结余", "事业收入"], ["100.00", "0.00"], ["40.00", "0.00"]])
    pages = [page(1, [line("收入预算表", 60), line("单位：万元", 80)], [first]), page(2, [], [second])]
    [table] = recognise_tables(pages)
    record, items, cells = build_table(table, "d" * 64, "t001", "budget")

    carried = [
        (li.code, li.item_name, li.measure, li.amount, li.page, li.col) for li in items if li.page == 2
    ]
    assert carried == [
        ("205", "教育支出", "carryover_begin", Decimal("1000000.00"), 2, 4),
        ("205", "教育支出", "business_income", Decimal("0.00"), 2, 5),
        ("20502", "普通教育", "carryover_begin", Decimal("400000.00"), 2, 4),
        ("20502", "普通教育", "business_income", Decimal("0.00"), 2, 5),
    ]
    assert (record.n_rows, record.n_cols) == (3, 6)
    # Each line item joins its own cell: same row and column, the continuation page's text.
    by_position = {(c.row, c.col): c for c in cells}
    assert [
        (by_position[li.row, li.col].page, by_position[li.row, li.col].text) for li in items if li.page == 2
    ] == [
        (2, "100.00"),
        (2, "0.00"),
        (2, "40.00"),
        (2, "0.00"),
    ]


def test_a_page_repeating_the_header_of_a_table_without_labels_adds_rows() -> None:
    # Same header again on the next page: more rows of the same columns, not further columns.
    header = ["合计", "本年收入", "上年结转结余"]
    first = grid(1, 100, [header, ["300.00", "200.00", "100.00"]])
    second = grid(2, 40, [header, ["30.00", "20.00", "10.00"]])
    pages = [page(1, [line("收入预算表", 60), line("单位：万元", 80)], [first]), page(2, [], [second])]
    [table] = recognise_tables(pages)
    record, items, _ = build_table(table, "d" * 64, "t001", "budget")
    assert record.n_cols == 3
    assert [(li.row, li.col, li.amount) for li in items if li.page == 2] == [
        (3, 0, Decimal("300000.00")),
        (3, 1, Decimal("200000.00")),
        (3, 2, Decimal("100000.00")),
    ]


def test_economic_codes_after_the_quantity_classify_the_procurement_row(corpus: Path) -> None:
    # Xi'an 表12 政府采购预算表: 科目编码 类/款/项 | 单位编码 | 采购项目 | 采购目录 | 购买服务内容 (blank)
    # | 规格型号 | 数量 | 部门预算支出经济科目编码 类/款 | 政府预算支出经济科目编码 类/款 | … | 预算金额.
    # The blank column does not split the row's labels; the two code headers are two classifications.
    result = processed(corpus / "budget" / "04febc962e5d.pdf")
    row = [i for i in items_of(result, "government_procurement") if i.page == 32 and i.row == 5]
    assert {(i.measure, i.amount_raw, i.amount) for i in row} == {
        ("quantity", "5", None),
        ("budget", "6,000.00", Decimal("6000")),
    }
    assert {(i.code, i.code_scheme, i.alt_code, i.alt_code_scheme, i.item_name) for i in row} == {
        ("2010301", "function", "31002", "economic", "日常公用经费A02021119条码扫描器紫光FS1650")
    }
    assert not [i for i in items_of(result, "government_procurement") if i.item_name is None]


def test_codes_printed_one_level_per_row_over_split_columns(corpus: Path) -> None:
    # 烟台 公开表5: 类 | 款 | 项 columns, each row printing its own level only (205 / 01 / 01 …).
    result = processed(corpus / "wide" / "ab72d2daa4fb.pdf")
    rows = items_of(result, "general_budget_expenditure", page=16, measure="total")
    by_name = {i.item_name: (i.code, i.code_level, i.amount_raw) for i in rows}
    assert by_name["教育支出"] == ("205", 1, "231,271.82")
    assert by_name["教育管理事务"] == ("20501", 2, "2,244.37")
    assert by_name["行政运行"] == ("2050101", 3, "2,163.87")
    assert by_name["职业教育"] == ("20503", 2, "142,311.09")
    assert by_name["中等职业教育"] == ("2050302", 3, "45,267.91")
    assert not [i for i in result.line_items if i.code and len(i.code) == 2]


def test_codes_printed_one_level_per_row_in_one_column(corpus: Path) -> None:
    # 西安 2019 表5: one 功能科目编码 column, 208 / 05 / 2080505; 125001 is the unit's 单位编码.
    result = processed(corpus / "wide" / "1598881bee42.pdf")
    rows = items_of(result, "general_budget_expenditure", page=7, measure="total")
    by_name = {i.item_name: (i.code, i.unit_code, i.amount_raw) for i in rows}
    assert by_name["行政事业单位离退休"] == ("20805", None, "113.28")
    assert by_name["机关事业单位基本养老保险缴费支出"] == ("2080505", None, "81.23")
    assert by_name["行政事业单位医疗"] == ("21011", None, "15.86")
    assert by_name["西安市安全生产监督管理局"] == (None, "125001", "2,080.32")
