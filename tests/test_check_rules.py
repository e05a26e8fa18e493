"""Each check rule on small hand-built inputs: real LineItem / FactRecord records, status and difference."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import TypeVar

import pytest
from disclosure.extractors.records import Box, PageContent, TextLine
from disclosure.normalizers import check_vocabulary as cv
from disclosure.normalizers.checks import CheckContext, Status, run_checks
from disclosure.normalizers.checks.cross_table_rules import SAME_TOTALS, check_cross_tables
from disclosure.normalizers.checks.document_rules import check_agency_and_year, check_completeness
from disclosure.normalizers.checks.narrative_arithmetic import check_narrative_arithmetic, relation_holds
from disclosure.normalizers.checks.narrative_rules import check_text_vs_tables, table_counterpart
from disclosure.normalizers.checks.run import with_printed_value
from disclosure.normalizers.checks.scorecard_rules import (
    card_checks,
    check_rows,
    check_scorecards,
    funds_lines_check,
)
from disclosure.normalizers.checks.table_rules import (
    check_basic_split,
    check_hierarchy,
    check_row_parts,
    check_two_sided,
    check_year_change,
)
from disclosure.normalizers.checks.three_public import check_three_public
from disclosure.normalizers.checks.tolerance import (
    Figure,
    at_most_status,
    figure_status,
    percent_status,
    points_status,
    printed_step,
    rate_status,
    rounding_status,
    within_half_steps,
)
from disclosure.normalizers.kinds import DocKind, TableKind
from disclosure.normalizers.records import (
    CheckRecord,
    DocumentRecord,
    FactRecord,
    LineItem,
    ScorecardFunds,
    ScorecardIndicator,
    ScorecardRecord,
    TableRecord,
)

D = Decimal
T = TypeVar("T")


def item(
    kind: str,
    row: int,
    amount: str,
    *,
    name: str | None = None,
    code: str | None = None,
    measure: str | None = "total",
    side: str | None = None,
    col: int = 1,
    table_id: str | None = None,
    unit: str = "元",
) -> LineItem:
    """One amount cell; its amount is the printed text in yuan (unit 元)."""
    return LineItem(
        doc_id="doc",
        table_id=table_id or f"t-{kind}",
        table_kind=kind,
        row=row,
        side=side,
        code=code,
        code_scheme="function" if code else None,
        code_level=len(code) // 2 if code else None,
        item_name=name,
        item_name_raw=name,
        measure=measure,
        measure_raw=measure or "",
        amount=D(amount.replace(",", "")),
        amount_raw=amount,
        unit_raw=unit,
        page=1,
        col=col,
    )


def document(
    doc_kind: str = DocKind.FINAL, agency: str | None = None, year: int | None = None
) -> DocumentRecord:
    return DocumentRecord(
        doc_id="doc",
        source="doc.pdf",
        file_name="doc.pdf",
        file_bytes=1,
        pages=1,
        status="ok",
        error=None,
        doc_kind=doc_kind,
        scope=None,
        agency=agency,
        fiscal_year=year,
        text_pages=1,
        image_pages=0,
        tables_found=0,
        pipeline_version="test",
        ingested_at=datetime.now(UTC),
    )


def table(kind: str, title: str | None = None) -> TableRecord:
    return TableRecord("doc", f"t-{kind}", kind, title, "元", [1], 10, 5, "pdfium")


def context(
    items: list[LineItem],
    *,
    doc: DocumentRecord | None = None,
    facts: list[FactRecord] | None = None,
    pages: list[PageContent] | None = None,
    tables: list[TableRecord] | None = None,
) -> CheckContext:
    kinds = sorted({i.table_kind for i in items})
    return CheckContext(
        doc or document(),
        tables if tables is not None else [table(kind) for kind in kinds],
        items,
        {},
        facts or [],
        pages or [],
    )


def fact(
    name: str,
    value: str | None,
    *,
    period: str = "current",
    unit: str = "万元",
    subject: str | None = None,
    change_value: str | None = None,
    change_pct: str | None = None,
    share_pct: str | None = None,
    relation: str | None = None,
) -> FactRecord:
    return FactRecord(
        doc_id="doc",
        fact=name,
        subject=subject,
        period=period,
        value=D(value) if value is not None else None,
        unit=unit,
        change_value=D(change_value) if change_value else None,
        change_pct=D(change_pct) if change_pct else None,
        share_pct=D(share_pct) if share_pct else None,
        share_of=None,
        relation=relation,
        reason=None,
        sentence="",
        page=2,
        x0=0,
        top=0,
        x1=1,
        bottom=1,
    )


def by_id(ctx: CheckContext) -> dict[str, CheckRecord]:
    return {r.check_id: r for r in ctx.results}


# --- the tolerance model ------------------------------------------------------------------------


def test_rounding_status_is_the_one_rule() -> None:
    assert rounding_status(D("0.00"), D("0.02")) == Status.PASS
    assert rounding_status(D("-0.02"), D("0.02")) == Status.ROUNDING
    assert rounding_status(D("0.03"), D("0.02")) == Status.FAIL
    assert [str(s) for s in Status] == ["pass", "rounding", "fail", "skipped"]


def test_printed_step_is_one_unit_of_the_last_printed_digit_in_yuan() -> None:
    assert printed_step("2,940.05", "万元") == D("100")
    assert printed_step("367", "元") == D("1")
    assert printed_step("1.5", None) == D("0.1")


def test_per_term_tolerance_grows_with_the_terms() -> None:
    printed = Figure(D("10.00"), D("0.01"))
    three_terms = Figure(D("10.03"), D("0.01"))
    assert figure_status(printed, three_terms, terms=3) == Status.ROUNDING
    assert figure_status(printed, three_terms, terms=2) == Status.FAIL


def test_percent_variant_passes_the_rounded_figure_and_allows_two_units() -> None:
    assert percent_status(D("12.35"), D("12.3456")) == Status.PASS
    assert percent_status(D("12"), D("12.3456")) == Status.PASS  # a whole percent
    # a percent printed with one place is the computed one rounded to it ("增长3.9%" for 3.94 %), half up
    assert percent_status(D("3.9"), D("3.9416")) == Status.PASS
    assert percent_status(D("-31.2"), D("-31.16")) == Status.PASS
    assert percent_status(D("48.1"), D("48.05")) == Status.PASS
    # its trailing zeros are printed places too: 28.90 % for 28.97 % is wrong by 7 units
    assert percent_status(D("-28.90"), D("-28.966")) == Status.FAIL
    assert percent_status(D("12.33"), D("12.3456")) == Status.ROUNDING
    assert percent_status(D("12.40"), D("12.3456")) == Status.FAIL


def test_points_variant_has_a_fixed_tolerance() -> None:
    assert points_status(D("100"), [D("60"), D("39.96")]) == (Status.ROUNDING, D("0.04"))
    assert points_status(D("100"), [D("60"), D("39.90")]) == (Status.FAIL, D("0.10"))
    assert points_status(D("100"), []) == (Status.SKIPPED, None)


def test_rate_variant_rounds_to_the_printed_places() -> None:
    assert rate_status(D("66.67"), D("66.6666")) == (Status.PASS, D("0.00"))
    assert rate_status(D("66.7"), D("66.6666")) == (Status.PASS, D("0.0"))
    assert rate_status(D("66.68"), D("66.6666")) == (Status.ROUNDING, D("0.01"))
    assert rate_status(D("67"), D("65.2")) == (Status.FAIL, D("2"))


def test_half_step_variant_allows_half_a_step_per_figure() -> None:
    assert within_half_steps(D("3.00"), [D("1.01"), D("2.00")])  # 0.01 <= 0.005 × 3
    assert not within_half_steps(D("3.00"), [D("1.02"), D("2.00")])


def test_at_most_variant() -> None:
    whole = Figure(D("100"), D("1"))
    assert at_most_status(Figure(D("101"), D("1")), whole) == Status.PASS
    assert at_most_status(Figure(D("102"), D("1")), whole) == Status.FAIL


# --- table rules --------------------------------------------------------------------------------

GENERAL = TableKind.GENERAL_BUDGET_EXPENDITURE


def test_hierarchy_total_classes_and_children() -> None:
    ctx = context(
        [
            item(GENERAL, 1, "30.00", name=cv.TOTAL),
            item(GENERAL, 2, "20.00", code="201", name="a"),
            item(GENERAL, 3, "12.00", code="20101", name="b"),
            item(GENERAL, 4, "8.02", code="20102", name="c"),
            item(GENERAL, 5, "10.00", code="205", name="d"),
            item(GENERAL, 6, "11.00", code="20501", name="e"),
        ]
    )
    check_hierarchy(ctx)
    found = by_id(ctx)
    assert found[f"{GENERAL}.total_equals_classes.total"].status == Status.PASS
    rounding = found[f"{GENERAL}.201.equals_children.total"]
    assert (rounding.status, rounding.difference) == (Status.ROUNDING, D("0.02"))  # two terms of 0.01
    failed = found[f"{GENERAL}.205.equals_children.total"]
    assert (failed.status, failed.difference) == (Status.FAIL, D("1.00"))


def test_row_parts_total_is_the_sum_of_its_part_columns() -> None:
    kind = TableKind.EXPENDITURE
    ctx = context(
        [
            item(kind, 1, "100.00", name=cv.TOTAL, measure="total", col=1),
            item(kind, 1, "60.00", name=cv.TOTAL, measure="basic", col=2),
            item(kind, 1, "30.00", name=cv.TOTAL, measure="project", col=3),
        ]
    )
    check_row_parts(ctx)
    [record] = ctx.results
    assert (record.check_id, record.status, record.difference) == (
        f"{kind}.row_parts.{cv.TOTAL}",
        Status.FAIL,
        D("-10.00"),
    )


def test_a_change_is_the_years_difference_whether_the_periods_are_columns_or_rows() -> None:
    """上年 | 本年 | 增减 as columns of one row (三公 blocks), or as rows of one column (a year
    comparison); an item printing one period twice is not checked."""
    three = TableKind.THREE_PUBLIC
    years = "year_comparison"
    ctx = context(
        [
            item(three, 4, "2.86", name="公务接待费", measure="previous_year", col=5),
            item(three, 4, "4.38", name="公务接待费", measure="budget", col=14),
            item(three, 4, "1.52", name="公务接待费", measure="change", col=23),
            item(years, 1, "1290.47", name="专项业务费", measure="previous_year", col=2),
            item(years, 2, "1535.82", name="专项业务费", measure="budget", col=2),
            item(years, 3, "425.5", name="专项业务费", measure="change", col=2),
            item(three, 5, "1.00", name="会议费", measure="previous_year", col=10),
            item(three, 5, "2.00", name="会议费", measure="budget", col=19),
            item(three, 5, "3.00", name="会议费", measure="budget", col=20),
            item(three, 5, "1.00", name="会议费", measure="change", col=28),
        ],
        doc=document(DocKind.BUDGET),
    )
    check_year_change(ctx)
    assert {r.check_id: (r.status, r.difference) for r in ctx.results} == {
        f"{three}.公务接待费.row4.year_change": (Status.PASS, D("0.00")),
        f"{years}.专项业务费.row3.year_change": (Status.FAIL, D("-180.15")),
    }


def test_basic_table_rows_are_their_personnel_and_public_columns() -> None:
    # 基本支出 tables: 合计 = 人员经费 + 公用经费 on each economic row; a table printing two halves
    # side by side holds two rows on one grid row, each checked on its own.
    kind = TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE
    ctx = context(
        [
            item(kind, 4, "5873551", code="30101", name="基本工资", measure="total", col=3),
            item(kind, 4, "5873551", code="30101", name="基本工资", measure="personnel", col=4),
            item(kind, 4, "0", code="30101", name="基本工资", measure="public", col=5),
            item(kind, 4, "120.00", code="30201", name="办公费", measure="total", col=8),
            item(kind, 4, "100.00", code="30201", name="办公费", measure="public", col=10),
        ]
    )
    check_row_parts(ctx)
    found = by_id(ctx)
    wages = found[f"{kind}.row_parts.30101"]
    assert (wages.status, wages.expected, wages.actual) == (Status.PASS, D("5873551"), D("5873551"))
    office = found[f"{kind}.row_parts.30201"]
    assert (office.status, office.difference) == (Status.FAIL, D("-20.00"))


def test_row_parts_name_a_row_by_its_second_classification_too() -> None:
    # A table listing one function code once per economic code (Beijing's 支出总表: 2070199 | 30227,
    # 2070199 | 30299): each row's check is named by both codes, one id per row.
    kind = TableKind.EXPENDITURE
    rows = [
        replace(
            item(kind, row, amount, code="2070199", name="其他文化和旅游支出", measure=measure, col=col),
            alt_code=alt,
        )
        for row, alt in ((1, "30227"), (2, "30299"))
        for amount, measure, col in (("10.00", "total", 1), ("10.00", "basic", 2))
    ]
    ctx = context(rows)
    check_row_parts(ctx)
    assert sorted(by_id(ctx)) == [f"{kind}.row_parts.2070199/30227", f"{kind}.row_parts.2070199/30299"]


def test_run_checks_numbers_an_id_given_more_than_once() -> None:
    # 基本支出 stated twice with two values (956e155770fa p19: 12,323.46 and 12,323.48): two checks,
    # numbered in the order stated, so (doc_id, check_id) is a key of the checks table.
    facts = [fact("basic_expenditure", "1"), fact("basic_expenditure", "2")]
    results = run_checks(document(DocKind.BUDGET), [], [], [], facts, [])
    ids = [r.check_id for r in results if r.check_id.startswith("text.")]
    assert ids == ["text.basic_expenditure.current#1", "text.basic_expenditure.current#2"]
    assert "document.budget_rules" in {r.check_id for r in results}  # ids given once stay as they are


def test_fiscal_summary_totals_are_one_check() -> None:
    # The fiscal summary's rules run once per printed name of its carry-over rows; its 收入总计 =
    # 支出总计 is one check, not one per name.
    kind = TableKind.FISCAL_APPROPRIATION_SUMMARY
    ctx = context(
        [
            item(kind, 3, "100.00", name=cv.GRAND_TOTAL, side="income", col=1),
            item(kind, 3, "100.00", name=cv.GRAND_TOTAL, side="expenditure", col=3),
        ]
    )
    check_two_sided(ctx)
    assert [r.check_id for r in ctx.results] == [f"{kind}.income_total_equals_expenditure_total"]


def test_two_sided_summary_totals() -> None:
    kind = TableKind.INCOME_EXPENDITURE_SUMMARY
    ctx = context(
        [
            item(kind, 1, "90.00", name=cv.INCOME_SUBTOTAL, side="income", col=1),
            item(kind, 2, "10.00", name=cv.CARRYOVER_BEGIN, side="income", col=1),
            item(kind, 3, "100.00", name=cv.GRAND_TOTAL, side="income", col=1),
            item(kind, 1, "100.00", name=cv.EXPENDITURE_SUBTOTAL, side="expenditure", col=3),
            item(kind, 3, "100.01", name=cv.GRAND_TOTAL, side="expenditure", col=3),
        ]
    )
    check_two_sided(ctx)
    found = by_id(ctx)
    both = found[f"{kind}.income_total_equals_expenditure_total"]
    assert (both.status, both.difference) == (Status.ROUNDING, D("0.01"))
    income = found[f"{kind}.income.subtotal_plus_carryover_equals_total"]
    assert (income.status, income.difference) == (Status.PASS, D("0.00"))
    spending = found[f"{kind}.expenditure.subtotal_plus_carryover_equals_total"]
    assert (spending.status, spending.difference) == (Status.ROUNDING, D("-0.01"))


def test_basic_split_personnel_and_public() -> None:
    kind = TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE
    ctx = context(
        [
            item(kind, 1, "50.00", name=cv.PERSONNEL_TOTAL),
            item(kind, 2, "40.00", code="301", name="a"),
            item(kind, 3, "10.00", code="303", name="b"),
            item(kind, 4, "7.00", name=cv.PUBLIC_TOTAL),
            item(kind, 5, "5.00", code="302", name="c"),
        ]
    )
    check_basic_split(ctx)
    found = by_id(ctx)
    assert found[f"{kind}.{cv.PERSONNEL_TOTAL}"].status == Status.PASS
    public = found[f"{kind}.{cv.PUBLIC_TOTAL}"]
    assert (public.status, public.difference) == (Status.FAIL, D("-2.00"))


def test_three_public_total_and_blank_subtotal() -> None:
    kind = TableKind.THREE_PUBLIC
    ctx = context(
        [
            item(kind, 1, "10.00", name=cv.THREE_PUBLIC_TOTAL, measure="final"),
            item(kind, 1, "2.00", name=cv.THREE_PUBLIC_OVERSEAS, measure="final", col=2),
            # 公务用车购置及运行费 printed blank: its value is the sum of its parts.
            item(kind, 1, "3.00", name=cv.THREE_PUBLIC_PURCHASE, measure="final", col=4),
            item(kind, 1, "4.00", name=cv.THREE_PUBLIC_OPERATION, measure="final", col=5),
            item(kind, 1, "1.00", name=cv.THREE_PUBLIC_RECEPTION, measure="final", col=6),
        ]
    )
    check_three_public(ctx)
    found = by_id(ctx)
    total = found[f"three_public.{cv.THREE_PUBLIC_TOTAL}.final"]
    assert (total.status, total.difference) == (Status.PASS, D("0.00"))
    assert f"three_public.{cv.THREE_PUBLIC_VEHICLE}.final" not in found  # a blank subtotal: nothing to check
    # No budget figure printed (a budget's table has no 决算数, a final's may have no 预算数): nothing
    # to check, where blanks read as zero would pass 0 = 0 + 0 + 0.
    assert f"three_public.{cv.THREE_PUBLIC_TOTAL}.budget" not in found


# --- cross-table rules --------------------------------------------------------------------------


def test_same_totals_table_compares_the_summary_with_each_table() -> None:
    summary = TableKind.INCOME_EXPENDITURE_SUMMARY
    ctx = context(
        [
            item(summary, 1, "80.00", name=cv.INCOME_SUBTOTAL, side="income"),
            item(summary, 2, "100.00", name=cv.GRAND_TOTAL, side="income"),
            item(summary, 1, "70.00", name=cv.EXPENDITURE_SUBTOTAL, side="expenditure", col=3),
            item(TableKind.INCOME, 1, "80.00", name=cv.TOTAL),
            item(TableKind.EXPENDITURE, 1, "75.00", name=cv.TOTAL),
        ]
    )
    check_cross_tables(ctx)
    found = by_id(ctx)
    assert found["cross.summary_vs_income.subtotal"].status == Status.PASS
    spending = found["cross.summary_vs_expenditure.subtotal"]
    assert (spending.status, spending.difference) == (Status.FAIL, D("5.00"))
    assert {f"cross.{rule.check_id}" for rule in SAME_TOTALS} >= set(found)


def test_three_public_is_at_least_its_economic_code() -> None:
    basic = TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE
    ctx = context(
        [
            item(TableKind.THREE_PUBLIC, 1, "2.00", name=cv.THREE_PUBLIC_OVERSEAS, measure="final"),
            item(TableKind.THREE_PUBLIC, 1, "1.00", name=cv.THREE_PUBLIC_RECEPTION, measure="final", col=2),
            item(basic, 1, "1.50", code=cv.THREE_PUBLIC_CODES[cv.THREE_PUBLIC_OVERSEAS], name="a"),
            item(basic, 2, "3.00", code=cv.THREE_PUBLIC_CODES[cv.THREE_PUBLIC_RECEPTION], name="b"),
        ]
    )
    check_cross_tables(ctx)
    found = by_id(ctx)
    overseas = found[f"cross.three_public_vs_economic_code.{cv.THREE_PUBLIC_CODES[cv.THREE_PUBLIC_OVERSEAS]}"]
    assert (overseas.status, overseas.difference) == (Status.PASS, D("-0.50"))
    reception = found[
        f"cross.three_public_vs_economic_code.{cv.THREE_PUBLIC_CODES[cv.THREE_PUBLIC_RECEPTION]}"
    ]
    assert (reception.status, reception.difference) == (Status.FAIL, D("2.00"))


# --- narrative rules ----------------------------------------------------------------------------


def test_a_whole_is_the_sum_of_the_parts_that_make_it_up() -> None:
    """政府采购 = 货物 + 工程 + 服务, within a step of the finest printed place per term; skipped
    (no row) unless every part is stated."""
    parts = [
        fact("procurement_goods", "115.69"),
        fact("procurement_works", "7"),
        fact("procurement_services", "226.9"),
    ]
    ctx = context([], facts=[fact("procurement_total", "349.59"), *parts])
    check_narrative_arithmetic(ctx)
    assert {r.check_id: (r.status, r.difference) for r in ctx.results} == {
        "narrative.parts.procurement_total": (Status.PASS, D("0.0000"))
    }
    ctx = context([], facts=[fact("procurement_total", "349.62"), *parts])
    check_narrative_arithmetic(ctx)
    assert by_id(ctx)["narrative.parts.procurement_total"].status == Status.ROUNDING
    ctx = context([], facts=[fact("procurement_total", "0"), *parts])
    check_narrative_arithmetic(ctx)
    assert by_id(ctx)["narrative.parts.procurement_total"].status == Status.FAIL
    ctx = context([], facts=[fact("procurement_total", "349.59"), *parts[:2]])
    check_narrative_arithmetic(ctx)
    assert ctx.results == []


def test_text_vs_table_in_yuan_with_the_texts_step() -> None:
    summary = TableKind.INCOME_EXPENDITURE_SUMMARY
    items = [item(summary, 3, "1,234,567.00", name=cv.GRAND_TOTAL, side="income")]
    ctx = context(items, facts=[fact("income_total", "123.46")])  # 万元, two places: a step of 100 yuan
    check_text_vs_tables(ctx)
    [record] = ctx.results
    assert (record.check_id, record.status, record.difference) == (
        "text.income_total.current",
        Status.ROUNDING,
        D("33.00"),
    )
    ctx = context(items, facts=[fact("income_total", "124.00")])
    check_text_vs_tables(ctx)
    assert ctx.results[0].status == Status.FAIL


def test_text_vs_table_without_the_table_is_skipped() -> None:
    ctx = context([], facts=[fact("income_total", "123.46")])
    check_text_vs_tables(ctx)
    assert [(r.status, r.difference) for r in ctx.results] == [(Status.SKIPPED, None)]


def test_narrative_change_share_and_relation() -> None:
    facts = [
        fact("income_current_year", "110", change_value="10", change_pct="10.00"),
        fact("fiscal_appropriation_income", "55", share_pct="50.00"),
        fact("income_current_year", "100", period="budget", change_pct="10.00", relation="below"),
    ]
    ctx = context([], facts=facts)
    check_narrative_arithmetic(ctx)
    found = by_id(ctx)
    assert found["narrative.change_pct.income_current_year"].status == Status.PASS
    assert found["narrative.variance_rate.income_current_year"].status == Status.PASS
    relation = found["narrative.relation.income_current_year"]
    assert relation.status == Status.FAIL  # 110 is above 100
    assert found["narrative.share.fiscal_appropriation_income"].status == Status.PASS
    assert relation_holds("about_equal", D("100"), D("100.9"))
    assert not relation_holds("about_equal", D("100"), D("101.1"))


def test_an_item_path_the_table_lacks_names_no_row_of_another_kuan() -> None:
    # 2080150 社会保障和就业/人力资源事务/事业运行 is printed; the narrative's 审计事务/事业运行 is not.
    kind = TableKind.GENERAL_BUDGET_EXPENDITURE
    printed = [
        item(kind, 1, "100.00", name="人力资源事务", code="20801"),
        item(kind, 2, "100.00", name="事业运行", code="2080150"),
    ]
    spent = fact("general_budget_item", "5", subject="审计事务/事业运行")
    found, why = table_counterpart(context(printed, facts=[spent]), spent)
    assert found is None and why.endswith("no row named 审计事务/事业运行")
    nothing = fact("general_budget_item", "0", subject="审计事务/事业运行")
    found, why = table_counterpart(context(printed, facts=[nothing]), nothing)
    assert found is not None and found.amount == 0 and why.endswith("(not printed: 0)")
    # The whole path the table prints resolves there: 人力资源事务/事业运行 is 2080150.
    named = fact("general_budget_item", "100", subject="人力资源事务/事业运行")
    found, _ = table_counterpart(context(printed, facts=[named]), named)
    assert found is not None and found.amount == D("100.00")


def test_an_adjusted_budget_is_checked_against_the_final_figure() -> None:
    # 全年预算 290 (adjusted_budget), 决算 261: "预决算差异率-10.00%", "决算数小于预算数".
    facts = [
        fact("three_public_total", "261"),
        fact("three_public_total", "290", period="adjusted_budget", change_pct="-10.00", relation="below"),
    ]
    ctx = context([], facts=facts)
    check_narrative_arithmetic(ctx)
    found = by_id(ctx)
    rate = found["narrative.variance_rate.three_public_total"]
    assert (rate.status, rate.expected, rate.actual) == (Status.PASS, D("-10.00"), D("-10.00"))
    assert found["narrative.relation.three_public_total"].status == Status.PASS


def test_an_adjusted_budget_fact_reads_the_three_public_budget_column_when_it_is_the_only_one() -> None:
    kind = TableKind.THREE_PUBLIC
    printed = [
        item(kind, 1, "290.00", name=cv.THREE_PUBLIC_TOTAL, measure="budget"),
        item(kind, 1, "261.00", name=cv.THREE_PUBLIC_TOTAL, measure="final", col=2),
    ]
    adjusted = fact("three_public_total", "290", period="adjusted_budget")
    ctx = context(printed, facts=[adjusted])
    figure, _ = table_counterpart(ctx, adjusted)
    assert figure is not None and figure.amount == D("290.00")
    # A table printing 全年预算数 as well: the fact reads that column.
    both = [*printed, item(kind, 1, "300.00", name=cv.THREE_PUBLIC_TOTAL, measure="adjusted_budget", col=3)]
    figure, _ = table_counterpart(context(both, facts=[adjusted]), adjusted)
    assert figure is not None and figure.amount == D("300.00")


# --- document rules -----------------------------------------------------------------------------


def page(*texts: str) -> PageContent:
    lines = [TextLine(text, Box(10, 20 * n, 300, 20 * n + 10)) for n, text in enumerate(texts)]
    return PageContent(1, 600, 800, sum(len(t) for t in texts), lines)


def test_completeness_fails_for_a_missing_standard_table() -> None:
    ctx = context([item(TableKind.INCOME, 1, "1.00", name=cv.TOTAL)])
    check_completeness(ctx)
    statuses = {r.check_id: r.status for r in ctx.results}
    assert statuses[f"document.table_present.{TableKind.INCOME}"] == Status.PASS
    assert statuses[f"document.table_present.{TableKind.THREE_PUBLIC}"] == Status.FAIL
    assert len(statuses) == len(TableKind)


def test_agency_and_year_against_the_cover() -> None:
    doc = document(agency="甲市财政局", year=2023)
    ctx = context([], doc=doc, pages=[page("截至2023年12月31日", "编制单位：乙市教育局", "与2021年相比")])
    check_agency_and_year(ctx)
    found = by_id(ctx)
    assert found["document.agency.p1"].status == Status.FAIL
    year = found["document.year.p1.2021"]
    assert (year.status, year.expected, year.actual) == (Status.FAIL, D("2022"), D("2021"))


# --- scorecard rules ----------------------------------------------------------------------------


def record(cls: type[T], **values: object) -> T:
    """A record with the given fields, every other field None."""
    return cls(**({f.name: None for f in fields(cls)} | values))  # type: ignore[arg-type]


def indicator(weight: str, score: str) -> ScorecardIndicator:
    return record(ScorecardIndicator, weight=D(weight), weight_raw=weight, score=D(score), score_raw=score)


def funds(budget: str, executed: str, rate: str) -> ScorecardFunds:
    return record(
        ScorecardFunds,
        line="total",
        budget_full_year=D(budget),
        executed=D(executed),
        execution_rate=D(rate),
        execution_rate_raw=rate,
        weight=D("10"),
        score=D("10"),
    )


def test_card_checks_are_computed_once_and_become_rows() -> None:
    checks = card_checks(
        D("98"), D("100"), [funds("200", "150", "75.01")], [indicator("60", "58"), indicator("30", "30.04")]
    )
    assert [(c.name, c.status, c.difference) for c in checks] == [
        ("scores", Status.ROUNDING, D("-0.04")),
        ("weights", Status.PASS, D("0")),
        ("execution_rate", Status.ROUNDING, D("0.01")),
        ("funds_lines", Status.SKIPPED, None),  # the total alone: no lines to add up
    ]
    card = record(ScorecardRecord, doc_id="doc", scorecard_id="s1", project_name="project", pages=[3, 4])
    rows = check_rows(card, checks)
    assert [(r.check_id, r.expected, r.actual, r.pages) for r in rows] == [
        ("scorecard.scores.s1", D("98.04"), D("98"), [3, 4]),
        ("scorecard.weights.s1", D("100"), D("100"), [3, 4]),
        ("scorecard.execution_rate.s1", None, None, [3, 4]),
        ("scorecard.funds_lines.s1", None, None, [3, 4]),
    ]


def funds_line(line: str, initial: str | None, full_year: str | None = None) -> ScorecardFunds:
    """A funds line printed in 万元: 年初预算数 and 全年预算数 as printed (None: blank)."""
    return record(
        ScorecardFunds,
        line=line,
        line_raw=line,
        budget_initial=D(initial) * 10000 if initial else None,
        budget_initial_raw=initial,
        budget_full_year=D(full_year) * 10000 if full_year else None,
        budget_full_year_raw=full_year,
        unit_raw="万元",
        page=1,
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # 3681.5 = 423 + 3258.5 in 年初预算数, but 全年预算数 prints 423 for 423 + 3258.5 (d504cbd6d86e p139)
        (
            [
                ("total", "3681.5", "423"),
                ("fiscal_appropriation", "423", "423"),
                ("other", "3258.5", "3258.5"),
            ],
            (Status.FAIL, D("-32585000.0"), D("36815000.0"), "(全年预算数)"),
        ),
        # a line left blank is not printed: 10.00 = 6.00 + 4.00
        (
            [("total", "10.00"), ("fiscal_appropriation", "6.00"), ("carryover", None), ("other", "4.00")],
            (Status.PASS, D("0"), D("100000.00"), "(年初预算数)"),
        ),
        # a cent of 万元 short over two printed lines: rounding
        (
            [("total", "10.01"), ("fiscal_appropriation", "6.00"), ("other", "4.00")],
            (Status.ROUNDING, D("100.00"), D("100000.00"), "(年初预算数)"),
        ),
        # one line only ("其中：财政拨款" may be a part of the total, not all of it)
        ([("total", "10.00"), ("fiscal_appropriation", "6.00")], (Status.SKIPPED, None, None, "")),
        # a line printed twice: which one adds up is unknown
        (
            [("total", "10.00"), ("fiscal_appropriation", "6.00"), ("other", "4.00"), ("other", "1.00")],
            (Status.SKIPPED, None, None, ""),
        ),
    ],
)
def test_funds_lines_add_up_to_the_total(
    lines: list[tuple[str, ...]], expected: tuple[Status, D | None, D | None, str]
) -> None:
    check = funds_lines_check([funds_line(*line) for line in lines])
    status, difference, computed, column = expected
    assert (check.status, check.difference, check.expected) == (status, difference, computed)
    assert check.what.endswith(column)


def test_scorecard_pages_without_a_card_are_noted() -> None:
    ctx = context([], tables=[table("unclassified", title=f"x{cv.SCORECARD_TITLE_WORD}")])
    check_scorecards(ctx)
    assert [(r.check_id, r.status) for r in ctx.results] == [("scorecard.scores", Status.SKIPPED)]


@pytest.mark.parametrize(
    ("doc_kind", "expected"),
    # a budget's narrative is checked against its tables too (none here: the fact's check is skipped)
    [(DocKind.BUDGET, {"document.budget_rules", "text.income_total.current"}), (DocKind.PERFORMANCE, set())],
)
def test_run_checks_by_document_kind(doc_kind: DocKind, expected: set[str]) -> None:
    results = run_checks(document(doc_kind), [], [], [], [fact("income_total", "1")], [])
    assert {r.check_id for r in results} == expected


# --- the budget cell map (text vs table in budgets), on records -----------------------------------


def budget_checks(items: list[LineItem], facts: list[FactRecord]) -> dict[str, CheckRecord]:
    ctx = context(items, doc=document(DocKind.BUDGET), facts=facts)
    check_text_vs_tables(ctx)
    return by_id(ctx)


def test_budget_grand_total_goes_by_its_template_name() -> None:
    items = [
        item("income_expenditure_summary", 9, "1,000.00", name="收入总计", side="income", measure="budget"),
        item("income_expenditure_summary", 9, "1,000.00", name="支出总计", side="expenditure", col=3),
    ]
    checks = budget_checks(items, [fact("income_total", "0.1"), fact("expenditure_total", "0.1")])
    assert checks["text.income_total.current"].status == Status.PASS
    assert checks["text.expenditure_total.current"].status == Status.PASS


def test_budget_staff_costs_without_their_column_are_the_economic_classes() -> None:
    kind = TableKind.GENERAL_BUDGET_BASIC_EXPENDITURE
    items = [
        item(kind, 1, "1,300.00", name="合计", measure="budget"),
        item(kind, 2, "1,000.00", name="工资福利支出", code="301", measure="budget"),
        item(kind, 3, "200.00", name="商品和服务支出", code="302", measure="budget"),
        item(kind, 4, "100.00", name="对个人和家庭的补助", code="303", measure="budget"),
    ]
    for fact_item in items[1:]:  # economic classes are level 1 (three digits)
        fact_item.code_level = 1
    checks = budget_checks(items, [fact("personnel_expenditure", "0.11"), fact("public_expenditure", "0.02")])
    personnel = checks["text.personnel_expenditure.current"]
    assert (personnel.status, personnel.expected) == (Status.PASS, D("1100.00"))
    assert "Σ 301 = 1,000.00, 303 = 100.00" in personnel.detail
    assert checks["text.public_expenditure.current"].status == Status.PASS


def test_budget_appropriation_without_its_column_is_the_funds_columns() -> None:
    items = [
        item("income", 1, "5,000.00", name="合计", measure="total", col=1),
        item("income", 1, "4,000.00", name="合计", measure="general_budget", col=2),
        item("income", 1, "900.00", name="合计", measure="government_fund", col=3),
        item("income", 1, "100.00", name="合计", measure="business_income", col=4),
    ]
    check = budget_checks(items, [fact("fiscal_appropriation_income", "0.49")])[
        "text.fiscal_appropriation_income.current"
    ]
    assert (check.status, check.expected) == (Status.PASS, D("4900.00"))


def test_budget_class_rows_of_a_table_printing_names_only() -> None:
    kind = TableKind.GENERAL_BUDGET_EXPENDITURE
    names = [
        "合计",
        "一般公共服务支出",
        "其他一般公共服务支出",
        "其他一般公共服务支出",
        "公共安全支出",
        "司法",
        "行政运行",
    ]
    amounts = ["900.00", "300.00", "300.00", "300.00", "600.00", "600.00", "550.00"]
    items = [item(kind, n + 1, a, name=name) for n, (name, a) in enumerate(zip(names, amounts, strict=True))]
    facts = [
        fact("general_budget_class", "0.06", subject="公共安全"),
        fact("general_budget_item", "0.055", subject="公共安全支出/司法/行政运行"),
        fact(
            "general_budget_item",
            "0.03",
            subject="一般公共服务支出/其他一般公共服务支出/其他一般公共服务支出",
        ),
    ]
    checks = budget_checks(items, facts)
    assert checks["text.general_budget_class.公共安全.current"].status == Status.PASS
    item_check = checks["text.general_budget_item.公共安全支出/司法/行政运行.current"]
    assert (item_check.status, item_check.expected) == (Status.PASS, D("550.00"))
    repeated = checks[
        "text.general_budget_item.一般公共服务支出/其他一般公共服务支出/其他一般公共服务支出.current"
    ]
    assert "row 4 " in repeated.detail


def test_budget_class_of_every_fund_is_skipped_where_no_table_prints_it() -> None:
    items = [
        item("expenditure", 1, "1,015.00", name="合计"),
        item(TableKind.GENERAL_BUDGET_EXPENDITURE, 1, "1,000.00", name="合计", measure="budget"),
        item(
            TableKind.GENERAL_BUDGET_EXPENDITURE,
            2,
            "1,000.00",
            name="公共安全支出",
            code="204",
            measure="budget",
        ),
    ]
    items[2].code_level = 1
    checks = budget_checks(items, [fact("general_budget_class", "0.1015", subject="204")])
    check = checks["text.general_budget_class.204.current"]
    assert check.status == Status.SKIPPED
    assert "支出 合计 1,015.00, 一般公共预算 合计 1,000.00" in check.detail
    # the same figure as the general budget's row: a pass, from a table of one amount column
    checks = budget_checks(items, [fact("general_budget_class", "0.1", subject="204")])
    assert checks["text.general_budget_class.204.current"].status == Status.PASS


def test_a_fact_read_back_from_the_dataset_has_the_places_its_sentence_prints() -> None:
    """facts.value keeps four places; the rounding a check allows follows the printed ones."""
    stored = replace(fact("income_total", "1048475.7300"), sentence="收入总计1,048,475.73万元，比上年增加…")
    assert str(with_printed_value(stored).value) == "1048475.73"
    whole = replace(fact("income_total", "27664.0000"), sentence="收入预算总计27664万元。")
    assert str(with_printed_value(whole).value) == "27664"
    unstated = replace(fact("income_total", "12.5000"), sentence="（数字见表）")
    assert str(with_printed_value(unstated).value) == "12.5000"
