"""Document facts on templates from the wide corpus: each case names the layout feature it shows."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import processed
from disclosure.normalizers.completeness import is_hidden
from disclosure.pipeline.process import read_document_pages


@pytest.mark.parametrize(
    ("name", "doc_kind", "agency", "year"),
    [
        # cover "北京市信访办公室部门2026年度部门预算": a redundant 部门 after the agency
        ("wide/0712b170dd43.pdf", "budget", "北京市信访办公室", 2026),
        # "预算单位：上海市花卉良种试验场": a labelled name with no agency-like ending
        ("wide/2f80c7f2468b.pdf", "budget", "上海市花卉良种试验场", 2026),
        # the cover title is an image ("-1-" only); the narrative opens with "江苏省政协办公厅2019年度…"
        ("wide/4588cbbcbd3f.pdf", "budget", "江苏省政协办公厅", 2019),
        # a tables-only part: no cover; 预算13表 prints "部门名称 | <agency>" and "2026（年度）"
        ("wide/002db9ddbafa.pdf", "budget", "中共北京市委军民融合发展委员会办公室", 2026),
        # a 法治政府建设报告 and a statistics bulletin mention 预算 in their bodies: not disclosures
        ("wide/b9e6393858fc.pdf", "other", None, 2025),
        ("wide/46c4e64f1981.pdf", "other", None, 2026),
    ],
)
def test_document_facts_on_wide_templates(
    corpus: Path, name: str, doc_kind: str, agency: str | None, year: int
) -> None:
    document = processed(corpus / name).document
    assert (document.doc_kind, document.agency, document.fiscal_year) == (doc_kind, agency, year)


def test_a_font_with_an_implausible_descent_keeps_codes_on_their_row(corpus: Path) -> None:
    """Chongqing's digits font declares a descent of -1.03 em: their boxes fell into the next row."""
    result = processed(corpus / "wide/bcd5320f71cf.pdf")
    rows = {
        (i.code, i.item_name): i.amount
        for i in result.line_items
        if i.table_kind == "general_budget_basic_expenditure" and i.measure == "total" and i.page == 14
    }
    assert rows[("301", "工资福利支出")] == Decimal("52937500")
    assert rows[("30101", "基本工资")] == Decimal("1102400")
    assert not [c for c in result.checks if c.status == "fail" and "equals_children" in c.check_id]


def test_a_class_repeated_under_a_second_classification_sums_its_own_section(corpus: Path) -> None:
    """Yantai prints 301 工资福利支出 under 501 and again under 505 (政府预算经济分类 beside it).

    Its 基本支出预算/小计 column is the table's overall total (every amount column stands under
    基本支出预算), so its measure is `total`.
    """
    result = processed(corpus / "wide/802acd73d287.pdf")
    sections = {
        c.check_id: (c.status, c.expected, c.actual)
        for c in result.checks
        if c.check_id.startswith("general_budget_basic_expenditure.301/") and c.check_id.endswith(".total")
    }
    # 2,294.54 printed against its items' 2,294.53: a rounding difference, not a failure; each
    # section's check is named by the class and the second classification it stands under
    assert sections == {
        "general_budget_basic_expenditure.301/501.equals_children.total": (
            "rounding",
            Decimal("22945400"),
            Decimal("22945300"),
        ),
        "general_budget_basic_expenditure.301/505.equals_children.total": (
            "pass",
            Decimal("10503500"),
            Decimal("10503500"),
        ),
    }


def test_a_skipped_code_level_counts_the_deeper_rows(corpus: Path) -> None:
    """Xi'an prints 3010201 津贴补贴 under 301 without a 30102 row."""
    result = processed(corpus / "wide/1598881bee42.pdf")
    first = next(
        c
        for c in result.checks
        if c.check_id == "general_budget_basic_expenditure.301.equals_children.total#1" and c.pages == [19]
    )
    assert (first.status, first.expected, first.actual) == ("pass", Decimal("9708400"), Decimal("9708400"))


def test_a_narrative_published_apart_from_its_tables_is_the_narrative_part(corpus: Path) -> None:
    """Jiangsu 2017: the 情况说明 file; its tables were published as a separate file."""
    document = processed(corpus / "wide/177eb7fa38c3.pdf").document
    assert (document.part, document.amount_cells, document.standard_tables_expected) == ("narrative", 0, 0)


@pytest.mark.slow
def test_other_tables_of_a_budget_have_their_own_kind_and_rows(corpus: Path) -> None:
    """部门预算项目支出及其他支出预算表 (Guangzhou): a project table, its amounts typed rows."""
    result = processed(corpus / "wide/35d0ca721fe7.pdf")
    kinds = {t.table_kind for t in result.tables}
    assert {"project_expenditure", "basic_expenditure_detail"} <= kinds
    bureau = [
        (i.measure, i.fund, i.amount)
        for i in result.line_items
        if i.table_kind == "project_expenditure" and i.page == 25 and i.item_name == "广州市水务局"
    ]
    assert ("total", None, Decimal("2107674000.00")) in bureau
    assert ("government_fund", "government_fund", Decimal("2080386400.00")) in bureau
    assert result.document.amount_cells_placed / result.document.amount_cells > 0.99


def test_an_amount_printed_left_of_its_header_takes_the_header_beside_it(corpus: Path) -> None:
    """Jiangsu 2019 prints sub-items' amounts one column left of the single 金额 header cell, and
    codes in a cell spanning two code columns; a column without a header once crashed the document."""
    result = processed(corpus / "wide/68beaee94eda.pdf")
    assert result.document.status == "ok"
    rows = {
        (i.code, i.item_name): (i.measure, i.amount)
        for i in result.line_items
        if i.table_kind == "basic_expenditure_detail" and i.page == 17
    }
    assert rows[("301", "工资福利支出")] == ("budget", Decimal("119606200.00"))
    assert rows[("30101", "基本工资")] == ("budget", Decimal("21717800.00"))
    assert not [i for i in result.line_items if i.measure is None]


def test_serial_numbers_are_not_amounts(corpus: Path) -> None:
    """Xi'an's 收入总表 heads its first column 序号 (1 合计, 2 西安市自然资源和规划局 …)."""
    result = processed(corpus / "wide/1c37dcb59b81.pdf")
    income = [i for i in result.line_items if i.table_kind == "income" and i.page == 42]
    assert not [i for i in income if i.amount_raw in ("1", "2", "3")]
    assert ("total", Decimal("3720011901.80")) in {
        (i.measure, i.amount) for i in income if i.item_name == "合计"
    }


@pytest.mark.slow
def test_a_wide_list_names_its_later_column_groups_by_its_leading_columns(corpus: Path) -> None:
    """Xi'an's 政府采购预算表: 采购项目 … 规格型号 | 数量 | 经济科目 … 预算金额 in one row."""
    result = processed(corpus / "wide/65b3ede0cfb0.pdf")
    procurement = [i for i in result.line_items if i.table_kind == "government_procurement"]
    assert procurement and not [i for i in procurement if i.item_name is None]
    # p54: 211 01 02 | 西安市生态委办工作经费 | C0403车辆及其他运输机械租赁服务 | (购买服务内容 blank)
    # | 1 | 302 14 | 502 … | 229,500.00: one row, the function code its code, 30214 its second
    row = [
        i
        for i in procurement
        if i.page == 54 and i.amount_raw in ("1", "229500.00") and i.alt_code == "30214"
    ]
    assert {(i.measure, i.code, i.alt_code_scheme, i.item_name, i.amount) for i in row} == {
        ("quantity", "2110102", "economic", "西安市生态委办工作经费C0403车辆及其他运输机械租赁服务", None),
        (
            "budget",
            "2110102",
            "economic",
            "西安市生态委办工作经费C0403车辆及其他运输机械租赁服务",
            Decimal("229500"),
        ),
    }


def test_a_table_number_under_the_running_header_is_not_a_title(corpus: Path) -> None:
    """Suzhou prints "苏州市审计局2026年度部门预算公开" atop every page, then "公开05表", then the title."""
    result = processed(corpus / "wide/566b0189ba77.pdf")
    titles = {t.title: t.table_kind for t in result.tables}
    assert titles["财政拨款支出表（功能科目）"] == "expenditure_detail"
    assert not [t for t in titles if t and t.endswith("公开05表")]
    assert (result.document.amount_cells_placed, result.document.amount_cells) == (326, 326)


def test_a_document_that_lists_eight_tables_is_expected_to_print_eight(corpus: Path) -> None:
    """Jiangsu 2017 (政协办公厅) lists and prints eight budget tables, no 国有资本经营 one; its "表八"
    stands on the line above "一般公共预算支出预算表" (the numeral is not the 一 of 一般)."""
    result = processed(corpus / "wide/42d4fd889f7a.pdf")
    titles = {t.title: t.table_kind for t in result.tables}
    assert titles["一般公共预算支出预算表"] == "general_budget_expenditure"
    document = result.document
    assert (document.standard_tables_expected, document.standard_tables_missing) == (8, [])


def test_a_fiscal_summary_with_one_column_for_all_funds_is_not_the_general_budget(corpus: Path) -> None:
    """Guangzhou's 财政拨款收支总表 prints one 预算 column: its 本年支出合计 (3,001,851,900) counts the
    政府性基金 (2,502,234,400) too, so it is not compared with the 一般公共预算支出表's 合计."""
    result = processed(corpus / "wide/35d0ca721fe7.pdf")
    assert not [c for c in result.checks if c.check_id.startswith("cross.fiscal_summary_vs_general_budget")]
    assert not [c for c in result.checks if c.status == "fail"]


def test_a_fiscal_summary_with_a_general_budget_column_is_compared_by_that_column(corpus: Path) -> None:
    """The final accounts' 财政拨款收入支出决算总表 splits 决算数 by fund (决算数/一般公共预算财政拨款 is
    measure final, fund general_budget): that column is the one compared."""
    result = processed(corpus / "final/d45e923176f9.pdf")
    subtotal = next(
        c for c in result.checks if c.check_id == "cross.fiscal_summary_vs_general_budget.subtotal"
    )
    assert (subtotal.status, subtotal.actual) == ("pass", Decimal("29400500.00"))


def test_rows_named_only_by_a_unit_code_keep_it_as_unit_code(corpus: Path) -> None:
    """Beijing's 收入总表 names its rows by 单位编码 alone (015, 015001 …): no classification code."""
    result = processed(corpus / "wide/002db9ddbafa.pdf")
    unit = [
        (i.code, i.unit_code, i.amount)
        for i in result.line_items
        if i.table_kind == "income" and i.page == 3 and i.measure == "total" and i.unit_code == "015001"
    ]
    assert unit == [(None, "015001", Decimal("83163504.30"))]


def test_a_table_total_that_counts_the_carryover_is_the_summarys_grand_total(corpus: Path) -> None:
    """Xi'an's 收入总表 / 支出总表 count 上年结转 in their 合计 (182,157.13 = 181,716.56 + 90.57 + 350
    on p30): it is the summary's 收入总计, not its 本年收入合计."""
    result = processed(corpus / "wide/225b0d00e2b8.pdf")
    pairs = {
        c.check_id: (c.status, c.expected)
        for c in result.checks
        if c.check_id in ("cross.summary_vs_income.subtotal", "cross.summary_vs_expenditure.subtotal")
    }
    assert pairs == {
        "cross.summary_vs_income.subtotal": ("pass", Decimal("1821571300.00")),
        "cross.summary_vs_expenditure.subtotal": ("pass", Decimal("1821571300.00")),
    }


def test_three_public_blocks_headed_by_years(corpus: Path) -> None:
    """Xi'an 2022 prints 2021年 | 2022年 | 增减变化情况 blocks (41cd3dcb9588 doubles every glyph:
    "22002211年年"): the fiscal year is the budget, the year before previous_year."""
    for name in ("wide/1c37dcb59b81.pdf", "wide/41cd3dcb9588.pdf"):
        result = processed(corpus / name)
        measures = {i.measure for i in result.line_items if i.table_kind == "three_public"}
        assert {"budget", "previous_year"} <= measures, name
        # the 2022年 block's 公务用车运行维护费 covers the 基本支出表's 30231, not the 2021年 block's 0.00
        vehicle = next(c for c in result.checks if c.check_id == "cross.three_public_vs_economic_code.30231")
        assert vehicle.status == "pass", name


def test_three_public_header_cells_broken_over_grid_rows(corpus: Path) -> None:
    """Jiangsu 2018 prints "公务接/待费" and "公务用车运/行维护费" over two grid rows."""
    result = processed(corpus / "wide/6615bc43dd49.pdf")
    names = {i.item_name for i in result.line_items if i.table_kind == "three_public"}
    assert {"公务接待费", "公务用车运行费"} <= names
    assert not [c for c in result.checks if c.status == "fail" and "three_public" in c.check_id]


@pytest.mark.ocr
def test_an_official_notice_is_not_a_disclosure(corpus: Path) -> None:
    """长沙市财政局 "长财金指〔2025〕2号 …专项资金预算的通知" (scanned): a notice, so `other`, and its
    allocation table gets no line items even though its title says 专项资金."""
    result = processed(corpus / "scanned/0fd21605dfd3.pdf")
    assert result.document.doc_kind == "other"
    assert result.line_items == []


def test_a_blank_three_public_subtotal_is_the_sum_of_its_printed_parts(corpus: Path) -> None:
    """预算09表 leaves 公务用车购置及运行维护费 小计 blank and prints 购置 18.69 and 运行 4.83."""
    result = processed(corpus / "wide/002db9ddbafa.pdf")
    checks = {c.check_id: c for c in result.checks if c.check_id.startswith("three_public.")}
    total = checks["three_public.合计.budget"]
    # 40.77 = 17.10 因公出国 + 0.15 公务接待 + (18.69 + 4.83) 公务用车, in yuan
    assert (total.status, total.expected, total.actual) == ("pass", Decimal("407700"), Decimal("407700"))
    # nothing printed to compare the parts with
    assert "three_public.公务用车购置及运行费.budget" not in checks


def test_bare_integer_amounts_under_expense_headers_are_amounts_not_codes(corpus: Path) -> None:
    """公开09表 prints 因公出国（境）费 '80', 公务用车运行维护费 '237', 培训费 '700' (万元)."""
    result = processed(corpus / "wide/68beaee94eda.pdf")
    items = {i.item_name: i.amount for i in result.line_items if i.table_kind == "three_public"}
    assert items["因公出国（境）费"] == Decimal("800000")
    assert items["公务用车运行费"] == Decimal("2370000")
    assert items["培训费"] == Decimal("7000000")
    # the fails are printed rates: "…增长10.06%" for 10.09 % (p25), "项目支出…减少13.22%" for 22.21 % (p26)
    assert sorted(c.check_id for c in result.checks if c.status == "fail") == [
        "narrative.change_pct.expenditure_total",
        "narrative.change_pct.project_expenditure",
    ]


def test_a_general_budget_table_of_this_year_only_restates_the_appropriation(corpus: Path) -> None:
    """表4 财政拨款收支总表 spends 上年结转 on its expenditure side (本年支出合计 3,377,412,071.47 元);
    表5 一般公共预算支出明细表 lists this year's 3,246,385,029.74 only: the 一般公共预算拨款 row."""
    result = processed(corpus / "wide/5dc7fde06c35.pdf")
    checks = {c.check_id: c for c in result.checks if "fiscal_summary_vs_general_budget" in c.check_id}
    subtotal = checks.pop("cross.fiscal_summary_vs_general_budget.subtotal")
    assert (subtotal.status, subtotal.expected) == ("pass", Decimal("3246385029.74"))
    assert checks == {}  # its class rows include the carry-over spending: nothing to compare


def test_a_table_continued_to_the_right_adds_columns_to_the_rows_before_it(corpus: Path) -> None:
    """预算02表 收入总表 too wide for its page: page 3 prints 合计 and 本年收入/小计 … 附属单位上缴收入
    with the row's figures, page 4 其他收入 and 上年结转结余/小计 … 单位资金 with the same row's
    figures and no row label. The title on page 3 stands inside the gridlines, in a row without
    cells; an empty gridline strip opens page 4."""
    result = processed(corpus / "wide/19894b8491d4.pdf")
    (income,) = [t for t in result.tables if t.table_kind == "income"]
    assert income.pages == [3, 4]
    items = {(i.page, i.measure_raw): i for i in result.line_items if i.table_id == income.table_id}
    carried = items[(4, "上年结转结余/一般公共预算资金")]
    assert carried.amount == Decimal("254375577.05")  # 25,437.557705 万元
    assert carried.measure == "carryover_begin"
    # the same logical row as page 3's 合计 figure, which is that row's total
    assert carried.row == items[(3, "合计")].row
    assert items[(3, "合计")].amount == Decimal("10484757256.71")
    assert items[(4, "本年收入/其他收入")].amount == Decimal("29341088.91")
    assert items[(4, "上年结转结余/单位资金")].amount == Decimal("295707810.87")
    # page 3's grid no longer runs on as rows of the 收支总表 before it
    summary = [i for i in result.line_items if i.table_kind == "income_expenditure_summary"]
    assert {i.page for i in summary} <= {1, 2}


def test_a_row_labelled_only_in_the_second_schemes_name_column_keeps_that_label(corpus: Path) -> None:
    # Xi'an's 一般公共预算支出明细表（按支出经济分类科目）: 部门经济科目编码 | 名称 | 政府经济科目编码 | 名称 | 合计 …
    # Its 合计 row prints the word under 政府经济科目名称 only: that is the row's label, not a second
    # classification of a row without one.
    result = processed(corpus / "wide/1598881bee42.pdf")
    total = {i.measure: i for i in result.line_items if i.page == 10 and i.row == 2}
    assert (total["personnel"].item_name, total["personnel"].amount) == ("合计", Decimal("18395100"))
    assert (total["total"].alt_item_name, total["total"].amount) == (None, Decimal("36433700"))


def test_an_unlabelled_foot_row_that_sums_the_top_level_rows_is_the_total(corpus: Path) -> None:
    # Beijing's 预算02表 收入总表: rows 015 / 015001 / 015002 by 单位编码, then one row without any label
    # whose every figure is the sum of the top-level rows (015): the table's 合计.
    result = processed(corpus / "wide/002db9ddbafa.pdf")
    income = [i for i in result.line_items if i.table_kind == "income" and i.page == 3]
    foot = [i for i in income if i.row == max(i.row for i in income)]
    assert {i.item_name for i in foot} == {"合计"}
    assert sorted(i.amount_raw for i in foot if i.measure == "total") == ["9,151.309668"]


def test_an_unlabelled_head_row_that_sums_the_rows_below_is_the_total(corpus: Path) -> None:
    # Huzhou 2026 市级部门项目支出绩效表 (表11, p32): under the "** | ** | ** | **" row, one row prints only
    # 1,266.75, then seven projects (单位名称 | 项目名称 | 金额 | 项目总体绩效目标) whose amounts add up to
    # it: the table's 合计, as a foot row that sums the rows above is.
    result = processed(corpus / "budget/638d83aa857f.pdf")
    rows = [i for i in result.line_items if i.table_kind == "project_expenditure" and i.page == 32]
    assert [(i.item_name, i.amount) for i in rows if i.amount_raw == "1,266.75"] == [
        ("合计", Decimal("12667500"))
    ]
    assert len([i for i in rows if i.item_name != "合计"]) == 7
    assert [i for i in rows if i.item_name is None] == []


def test_a_total_whose_frame_reaches_over_a_label_column_is_the_totals_figure(corpus: Path) -> None:
    # Beijing 水务局 预算03表支出总表, p17: the 合计 row is drawn with fewer column rules than the rows
    # above (合 计 over the code columns, the total's frame reaching left over the last of them); its
    # figure stood in a label column and joined the label ("合计1,024,807.171785").
    result = processed(corpus / "wide/19894b8491d4.pdf")
    foot = [
        i
        for i in result.line_items
        if i.page == 17 and i.table_kind == "expenditure" and i.item_name == "合计"
    ]
    assert sorted((i.measure, i.amount_raw) for i in foot) == [
        ("basic", "186,874.722488"),
        ("project", "837,932.449297"),
        ("total", "1,024,807.171785"),
    ]
    assert not [i for i in result.line_items if i.item_name and "1,024,807" in i.item_name]
    assert not [u for u in result.unplaced_amounts if u.page == 17]


def test_a_grid_drawn_beyond_the_page_edge_is_not_read(corpus: Path) -> None:
    # Jiangsu 2017: each page is a window onto one long canvas; page 11 also carries, below its edge,
    # the 财政拨款基本支出预算表 and 政府性基金 tables printed on the following pages. Only what the
    # page shows is read: its 财政拨款支出预算表.
    result = processed(corpus / "wide/520fa5c58e1f.pdf")
    on_eleven = [t for t in result.tables if 11 in t.pages]
    assert [(t.title, t.table_kind) for t in on_eleven] == [("财政拨款支出预算表", "expenditure_detail")]
    assert not [i for i in result.line_items if i.page == 11 and i.amount_raw == "2,928.98"]
    assert (result.document.amount_cells, result.document.amount_cells_placed) == (162, 162)


def test_a_table_row_clipped_whole_below_the_last_rule_is_not_counted_as_printed(corpus: Path) -> None:
    # Beijing 预算12表 p25: the next project block's number, name and two 85.000000 amounts are drawn
    # below the grid's last rule, outside the page's clipping path: the page image shows none of
    # them. The row's cells stand apart (44 % of the line's width inked), but all of its text is
    # hidden, so its amounts are not "printed but not placed"; likewise pp29 and 34.
    result = processed(corpus / "wide/0487706e5973.pdf")
    assert not [u for u in result.unplaced_amounts if u.page in (25, 29, 34)]
    assert (result.document.amount_cells, result.document.amount_cells_placed) == (949, 949)
    path = corpus / "wide/0487706e5973.pdf"
    page = read_document_pages(path.read_bytes(), path.name)[24]
    row = next(line for line in page.lines if "85.000000 85.000000" in line.text)
    assert is_hidden(row, page.hidden_text, page.shown_text)


def test_a_title_at_the_page_foot_names_the_grid_on_the_next_page(corpus: Path) -> None:
    # Jiangsu 2019: "财政拨款基本支出预算表" (p12) and "一般公共预算机关运行经费支出预算表" (p18) are
    # printed at the foot of a page, below its last table; their grids begin at the next page's top,
    # untitled. Those grids start new tables, not continuations of the table above the title.
    result = processed(corpus / "wide/520fa5c58e1f.pdf")
    by_pages = {
        tuple(t.pages): (t.table_kind, t.title) for t in result.tables if {12, 13, 18, 19} & set(t.pages)
    }
    assert by_pages == {
        (12,): ("fiscal_appropriation_summary", "财政拨款收支预算总表"),
        (13, 14, 15): ("basic_expenditure_detail", "财政拨款基本支出预算表"),
        (17, 18): ("general_budget_basic_expenditure", "一般公共预算基本支出预算表"),
        (19,): ("running_costs", "一般公共预算机关运行经费支出预算表"),
    }
    running = {i.item_name: i.amount_raw for i in result.line_items if i.table_kind == "running_costs"}
    assert (running["合计"], running["办公费"], running["办公设备购置"]) == ("5,619.31", "770.50", "59.00")


def test_a_figure_in_a_box_inset_inside_its_rows_frame_stays_on_the_labels_row(corpus: Path) -> None:
    # Jiangsu 2018-19: a row's figure is drawn in a box a few points inside the row's frame, the label
    # filling the frame ("合计" over the row, "2,391.92" inset). The empty bands between the inset box
    # and the frame are no rows of their own: the figure is the label's.
    result = processed(corpus / "wide/68beaee94eda.pdf")
    running = [i for i in result.line_items if i.table_kind == "running_costs" and i.page == 21]
    total = [i for i in running if i.amount_raw == "2,391.92" and i.code is None]
    assert [(i.item_name, i.amount) for i in total] == [("合计", Decimal("23919200"))]
    assert not [i for i in running if i.amount_raw in ("302", "30201")]  # codes are not figures
    basic = processed(corpus / "wide/6615bc43dd49.pdf").line_items
    rows = {(i.code, i.item_name): i.amount for i in basic if i.table_kind == "basic_expenditure_detail"}
    assert rows[("301", "工资福利支出")] == Decimal("102045200")  # was unlabelled: its code and name


def test_a_label_merged_across_a_continuations_columns_names_every_group_it_covers(corpus: Path) -> None:
    # Jiangsu 2017 收支预算总表 over three pages; on the continuation page "当年支出小计" is one cell across
    # the 功能分类 name and amount columns and the 支出用途 name column. It names the 支出用途 figure.
    result = processed(corpus / "wide/520fa5c58e1f.pdf")
    summary = [i for i in result.line_items if i.table_kind == "income_expenditure_summary"]
    subtotal = [(i.page, i.side, i.amount_raw) for i in summary if i.item_name == "当年支出小计"]
    assert subtotal == [(8, "expenditure", "13,649.07")]


def test_a_figure_printed_between_the_two_lines_of_its_label(corpus: Path) -> None:
    # Jiangsu 2018-19 收支预算总表: "2.政府性基金预" / "算" and "三、单位预留机动经" / "费" are two boxes one
    # above the other, the row's figure centred between them in a grid row of its own.
    rows = processed(corpus / "wide/68beaee94eda.pdf").line_items
    assert [(i.item_name, i.amount) for i in rows if i.page == 14 and i.amount_raw == "3,990.40"] == [
        ("单位预留机动经费", Decimal("39904000"))
    ]
    rows = processed(corpus / "wide/6615bc43dd49.pdf").line_items
    summary = {(i.item_name, i.amount_raw) for i in rows if i.page == 13}
    assert {("一般公共预算", "21,940.96"), ("单位预留机动经费", "2,388.04")} <= summary
    # 公开05表's 合计 is inset on one side only, its figure filling the row's frame
    assert [
        i.item_name for i in rows if i.table_kind == "expenditure_detail" and i.amount_raw == "21,940.96"
    ] == ["合计"]


def test_a_project_list_with_targets_in_the_narrative_is_a_table_of_amounts(corpus: Path) -> None:
    # Guangzhou budgets print, after "本部门重点项目绩效目标情况如下：", an untitled grid 项目 |
    # 预算数（单位：万元） | 绩效目标: no scorecard (no indicators), but each project's budget is a figure.
    result = processed(corpus / "wide/1ab28b8055e3.pdf")
    listed = {i.item_name: i for i in result.line_items if i.table_kind == "performance_target_list"}
    first = listed["解决国有企业职教幼教退休教师待遇"]
    assert (first.page, first.measure, first.amount) == (30, "budget", Decimal("80000000"))
    assert listed["增加广州工控集团资本金"].amount == Decimal("51000000")
    assert result.document.amount_cells == result.document.amount_cells_placed == 896


def test_a_first_row_of_bare_integers_under_an_amount_header_is_data(corpus: Path) -> None:
    # 项目 | 预算数（单位：万元） | 绩效目标 with whole numbers of 万元 ("3000"): the first row is data, not a
    # second header row, though "3000" has neither decimals nor thousands separators. A row of
    # column numbers under "**" placeholders ("** | ** | 1 | 2 | 3") stays out of the data.
    rows = processed(corpus / "budget/0a58e7a1c157.pdf").line_items
    first = [i for i in rows if i.page == 38 and i.table_kind == "performance_target_list" and i.row == 1]
    assert [(i.item_name, i.amount) for i in first] == [("会展业专题", Decimal("30000000"))]
    numbering = processed(corpus / "budget/638d83aa857f.pdf").line_items
    assert not [i for i in numbering if i.item_name == "**"]


def test_a_table_printing_income_and_expenditure_halves_has_sides(corpus: Path) -> None:
    """Xi'an 2022 表9 政府性基金收支表: 收入 (项目 | 预算数) beside 支出 (功能分类 | 预算数 | 部门经济分类
    | 预算数 | 政府经济分类 | 预算数): not a summary table, but its rows are income or expenditure."""
    result = processed(corpus / "wide/1c37dcb59b81.pdf")
    fund = [i for i in result.line_items if i.table_kind == "government_fund" and i.page == 64]
    printed = {(i.side, i.item_name, i.amount) for i in fund if i.amount}
    assert ("income", "政府性基金拨款", Decimal("3031779608.00")) in printed
    assert ("expenditure", "城乡社区支出", Decimal("3031779608.00")) in printed
    assert ("expenditure", "机关商品和服务支出", Decimal("3031455108.00")) in printed
    assert {i.side for i in fund} == {"income", "expenditure"}


def test_a_service_hotline_number_leading_a_name_is_no_code(corpus: Path) -> None:
    """ "12333聘用人员经费", "12345政府公共服务热线运行经费": numbers fused to names are codes only when
    their 类 is a national scheme's (101–110, 2xx, 3xx, 5xx); 123 is none."""
    items = [
        (i.code, i.item_name, i.amount_raw)
        for i in processed(corpus / "wide/225b0d00e2b8.pdf").line_items
        if i.page == 44 and i.row == 70
    ]
    assert items == [(None, "12333聘用人员经费", "8.83")]
    names = {
        (i.code, i.item_name)
        for i in processed(corpus / "wide/46f6c0744764.pdf").line_items
        if i.page == 27 and i.row == 54
    }
    assert names == {(None, "12345政府公共服务热线运行经费委托业务费其他运营服务分散采购")}
    # a fused code of a national scheme is still one: "[20105]统计信息事务" (p13)
    fused = {
        (i.code, i.item_name) for i in processed(corpus / "wide/71a122b1547d.pdf").line_items if i.page == 13
    }
    assert ("20105", "统计信息事务") in fused


def test_a_change_of_an_item_without_a_fact_is_not_given_to_the_figure_before(corpus: Path) -> None:
    # Xi'an 2022 p9: "…其中基本支出183.93万元，专项业务经费支出1715.97万元。2022年一般公共预算较上年增加
    # 406.39万元，其中基本支出减少19.11万元…。专项业务经费增加425.5万元，主要原因是…". 专项业务经费 has no
    # fact: its change was the basic spending's (183.93, +425.5, larger than the figure itself).
    facts = processed(corpus / "wide/5d77663c3523.pdf").facts
    on_nine = {(f.fact, f.value, f.change_value) for f in facts if f.page == 9}
    assert ("general_budget_basic", Decimal("183.93"), Decimal("-19.11")) in on_nine
    assert ("general_budget_expenditure", None, Decimal("406.39")) in on_nine
    assert not [f for f in facts if f.change_value == Decimal("425.5")]
    assert not [f for f in facts if f.reason and "雷达租赁" in f.reason and f.page == 9]


def test_classifications_each_fused_to_its_name_side_by_side(corpus: Path) -> None:
    # Beijing 司法局 2026 p14 (基本支出表): "50202-会议费" | "3021503-三类会议费" — 政府经济科目 and 部门经济
    # 科目 each print code and name in one cell, with no code column: the second is the row's second
    # classification, not part of its name.
    result = processed(corpus / "wide/4b5e9abd2b49.pdf")
    rows = {
        (i.code, i.alt_code): (i.item_name, i.alt_item_name, i.alt_code_scheme, i.amount)
        for i in result.line_items
        if i.page == 14 and i.measure == "total" and i.table_kind == "general_budget_basic_expenditure"
    }
    assert rows[("50202", "3021503")] == ("会议费", "三类会议费", "economic", Decimal("100160.00"))
    assert rows[("50502", "30201")] == ("商品和服务支出", "办公费", "economic", Decimal("171345.00"))
    # The 支出表 (p4) fuses three: "2040601-行政运行" | "50101-工资奖金津补贴" | "30101-基本工资". The row is
    # the function item; its second classification the finest, 部门经济分类 (which implies the middle one).
    spent = {
        (i.code, i.alt_code): (i.item_name, i.alt_item_name)
        for i in result.line_items
        if i.page == 4 and i.table_kind == "expenditure" and i.code == "2040601"
    }
    assert spent[("2040601", "30101")] == ("行政运行", "基本工资")
    assert not [i for i in result.line_items if i.item_name and "50101-" in i.item_name]


def test_each_check_has_its_own_id_in_a_table_repeating_a_code(corpus: Path) -> None:
    """Beijing's 支出总表 prints a function code once per economic code (2013601 | 30101, 2013601 |
    30102 …), and twice where only the government economic code between them differs (2050803 |
    50203 | 30216, 2050803 | 50502 | 30216): each row's check is named by its codes, repeats
    numbered in page order, so (doc_id, check_id) is a key."""
    checks = processed(corpus / "wide/002db9ddbafa.pdf").checks
    ids = [c.check_id for c in checks]
    assert len(ids) == len(set(ids))
    by_id = {c.check_id: c for c in checks}
    wages = by_id["expenditure.row_parts.2013601/30101"]
    assert (wages.status, wages.expected, wages.actual) == (
        "pass",
        Decimal("1519920.00"),
        Decimal("1519920.00"),
    )
    training = [by_id[f"expenditure.row_parts.2050803/30216#{n}"].expected for n in (1, 2)]
    assert training == [Decimal("70000.00"), Decimal("14000.00")]


def test_a_continuation_splitting_a_column_keeps_its_own_columns_in_the_cells(corpus: Path) -> None:
    """Fuzhou's 项目绩效目标表 (3eeafd201351 pp26-27): the first page's grid has two columns, its
    continuation splits the second into 一级指标 | 二级指标 | 三级指标 | 指标值. Mapped onto the first
    page's columns, all four were column 1; the part keeps its own, so (table_id, row, col) is a
    key of the cells."""
    result = processed(corpus / "wide/3eeafd201351.pdf")
    keys = [(c.table_id, c.row, c.col) for c in result.cells]
    assert len(keys) == len(set(keys))
    header = {c.col: c.text for c in result.cells if c.table_id == "3eeafd201351-t012" and c.row == 8}
    assert header == {0: "绩效目标指标", 1: "一级指标", 2: "二级指标", 3: "三级指标", 4: "指标值"}


def test_a_table_comparing_years_has_items_in_its_columns_and_periods_in_its_rows(corpus: Path) -> None:
    """Xi'an's 气象局 2022 prints, in its narrative (p10) and without a title or unit of its own,
    年度 | 总收入支出 | 专项业务费 | 基本支出 over rows 2021, 2022 and 变化 ("+406.39"). The
    columns name the items, the rows the periods; its unit is the narrative's (the text states
    "1899.9万元"), not the 元 of the document's tables. Its change row is checked against the two
    years: 专项业务费 prints 1535.82 for 2022 where its change (+425.5) and the narrative's
    1715.97 say otherwise, a printed error."""
    result = processed(corpus / "wide/5d77663c3523.pdf")
    table = next(t for t in result.tables if t.table_kind == "year_comparison")
    assert (table.pages, table.unit, table.unit_source, table.title) == ([10], "万元", "text", None)
    # the document's own tables print theirs (元)
    assert {(t.unit, t.unit_source) for t in result.tables if t.table_kind == "expenditure"} == {
        ("元", "printed")
    }
    items = {
        (i.item_name, i.measure): (i.amount, i.amount_raw)
        for i in result.line_items
        if i.table_id == table.table_id
    }
    assert items[("总收入支出", "previous_year")] == (Decimal("14935100.00"), "1493.51")
    assert items[("总收入支出", "budget")] == (Decimal("18999000.0"), "1899.9")
    assert items[("总收入支出", "change")] == (Decimal("4063900.00"), "+406.39")
    assert items[("基本支出", "change")] == (Decimal("-191100.00"), "-19.11")
    assert len(items) == 9
    checks = {
        c.check_id: (c.status, c.expected, c.actual) for c in result.checks if c.tables == [table.table_id]
    }
    assert checks == {
        "year_comparison.总收入支出.row3.year_change": ("pass", Decimal("4063900.00"), Decimal("4063900.00")),
        "year_comparison.专项业务费.row3.year_change": ("fail", Decimal("4255000.0"), Decimal("2453500.00")),
        "year_comparison.基本支出.row3.year_change": ("pass", Decimal("-191100.00"), Decimal("-191100.00")),
    }
    assert (result.document.amount_cells, result.document.amount_cells_placed) == (740, 740)


def test_a_three_public_change_block_is_checked_against_its_two_years(corpus: Path) -> None:
    """Xi'an's 三公 tables print 2018年 | 2019年 | 增减变化情况 blocks, one row per unit: each
    change is the year's figure less the year before's, and the 三公 parts add up within the
    year-before and change blocks too. 1598881bee42's 2018 block prints 小计 2.86 over 公务接待费
    2.86 and 公务用车 21.22 (and 合计 24.08): the parts check of the year before fails, as printed,
    and so does its change block's (25.52 against 1.52 + 2.78)."""
    result = processed(corpus / "wide/1598881bee42.pdf")
    changes = [c for c in result.checks if c.check_id.endswith(".year_change")]
    assert len(changes) == 28  # every unit's row, each item printed in all three blocks
    assert {c.status for c in changes} == {"pass"}
    by_id = {c.check_id: c for c in result.checks}
    unit_training = by_id["three_public.培训费.row6.year_change"]  # one unit's 培训费: 26.81 → 20.50
    assert (unit_training.expected, unit_training.actual) == (Decimal("-63100.00"), Decimal("-63100.00"))
    parts = {
        c.check_id: (c.status, c.expected, c.actual)
        for c in result.checks
        if c.check_id.startswith("three_public.合计.") and ".row" not in c.check_id
    }
    assert parts == {
        "three_public.合计.budget": ("pass", Decimal("283800.00"), Decimal("283800.00")),
        "three_public.合计.previous_year": ("fail", Decimal("28600.00"), Decimal("240800.00")),
        "three_public.合计.change": ("fail", Decimal("255200.00"), Decimal("43000.00")),
    }
