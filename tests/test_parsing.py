"""Small pure parsing functions: amounts, titles, item names, codes, measures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from disclosure.normalizers.amounts import parse_amount, to_yuan
from disclosure.normalizers.layout import (
    Column,
    classify_column,
    column_groups,
    is_numbering_row,
    printed_sides,
)
from disclosure.normalizers.line_items import normalise_item_name, row_label
from disclosure.normalizers.line_items.year_comparison import row_period
from disclosure.normalizers.measures import fund_of, measure_of
from disclosure.normalizers.titles import classify_title, clean_title, find_unit, table_kind_of
from disclosure.normalizers.vocabulary import FUSED_CODE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2,940.05", Decimal("2940.05")),
        ("10,938.34", Decimal("10938.34")),
        ("0.00", Decimal("0.00")),
        ("156,211,123", Decimal("156211123")),
        ("1.234567", Decimal("1.234567")),
        ("-12.50", Decimal("-12.50")),
        ("(12.50)", Decimal("-12.50")),
        ("+406.39", Decimal("406.39")),  # a change printing its sign either way
        ("＋425.5", Decimal("425.5")),
        ("+", None),
        ("-", None),
        ("—", None),
        ("", None),
        ("行政运行", None),
        ("3.17%", None),
    ],
)
def test_parse_amount(text: str, expected: Decimal | None) -> None:
    assert parse_amount(text) == expected


def test_to_yuan_is_exact_decimal() -> None:
    assert to_yuan(Decimal("2940.05"), "万元") == Decimal("29400500.00")
    assert to_yuan(Decimal("1.234567"), "万元") == Decimal("12345.670000")
    assert to_yuan(Decimal("12.5"), "千元") == Decimal("12500.0")
    assert isinstance(to_yuan(Decimal("0.1"), "万元"), Decimal)


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("收入支出决算总表", "income_expenditure_summary"),
        ("2024年部门财务收支预算总表", "income_expenditure_summary"),
        ("部门综合预算收支总表", "income_expenditure_summary"),
        ("收入决算表", "income"),
        ("2026年度收入预算总表", "income"),
        ("支出决算表", "expenditure"),
        ("本年支出总体情况表", "expenditure"),
        ("财政拨款收入支出决算总表", "fiscal_appropriation_summary"),
        ("财政拨款收支总体情况表", "fiscal_appropriation_summary"),
        ("一般公共预算财政拨款支出决算表", "general_budget_expenditure"),
        ("一般公共预算支出功能分类预算表", "general_budget_expenditure"),
        ("一般公共预算财政拨款基本支出决算表", "general_budget_basic_expenditure"),
        ("2025年部门一般公共预算基本支出部门预算经济分类预算表", "general_budget_basic_expenditure"),
        ("财政拨款“三公”经费支出决算表", "three_public"),
        ("“三公”经费、会议费、培训费支出预算表", "three_public"),
        ("政府性基金预算财政拨款收入支出决算表", "government_fund"),
        ("国有资本经营预算财政拨款收入支出决算表", "state_capital"),
        ("财政拨款支出表（功能科目）", "unclassified"),
        ("一般公共预算支出经济分类情况表", "unclassified"),
        ("部门预算项目支出及其他支出预算表", "unclassified"),
        ("政府采购支出表", "unclassified"),
        ("项目支出绩效目标表", "unclassified"),
        (None, "unclassified"),
    ],
)
def test_classify_title(title: str | None, kind: str) -> None:
    assert classify_title(title) == kind


def test_table_number_never_decides_the_kind() -> None:
    # 公开07表 is 三公 in one document and 政府性基金 in another.
    assert classify_title(clean_title("公开07表 财政拨款“三公”经费支出决算表")) == "three_public"
    assert classify_title(clean_title("公开07表 政府性基金预算财政拨款收入支出决算表")) == "government_fund"
    assert clean_title("表3：2026年市级部门支出预算总表") == "市级部门支出预算总表"


def test_find_unit() -> None:
    assert find_unit(["编制单位：乌鲁木齐市社会保险中心", "单位：万元"]) == "万元"
    assert find_unit(["金额单位：元"]) == "元"
    assert find_unit(["341-湖州市财政局 万元"]) == "万元"
    assert find_unit(["项目"]) is None


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("一、一般公共预算财政拨款收入", "一般公共预算财政拨款收入"),
        ("（一）基本支出", "基本支出"),
        ("1.行政运行", "行政运行"),
        ("因 公 出 国 （ 境 ） 费\n用", "因公出国（境）费用"),
        ("机关事业单位基本养老保险缴\n费支出", "机关事业单位基本养老保险缴费支出"),
        ("⻔诊费", "门诊费"),
        ("公务用⻋运行费", "公务用车运行费"),
    ],
)
def test_normalise_item_name(raw: str, name: str) -> None:
    assert normalise_item_name(raw) == name


def test_codes_from_split_and_fused_columns() -> None:
    code_columns = [Column(0, ["类"], "code"), Column(1, ["款"], "code"), Column(2, ["项"], "code")]
    name_column = [Column(3, ["科目名称"], "name")]
    label = row_label(["208", "05", "05", "机关事业单位基本养老保险缴费支出"], code_columns + name_column)
    assert (label.code, label.item_name) == ("2080505", "机关事业单位基本养老保险缴费支出")
    fused = row_label(["2120101-行政运行"], [Column(0, ["项目"], "name")])
    assert (fused.code, fused.item_name) == ("2120101", "行政运行")
    bracketed = row_label(["[30226]劳务费"], [Column(0, ["项目"], "name")])
    assert (bracketed.code, bracketed.item_name) == ("30226", "劳务费")


@pytest.mark.parametrize(
    ("labels", "measure"),
    [
        (["决算数"], "final"),
        (["本年收入合计"], "total"),
        (["项目", "本年支出", "基本支出"], "basic"),
        (["财政拨款收入"], "fiscal_appropriation"),
        # a fund under a period: the period is the measure, the fund its own column (fund_of)
        (["支出", "决算数", "一般公共预算财政拨款"], "final"),
        (["一般公共预算财政拨款"], "general_budget"),
        (["上年结转结余", "政府性基金预算资金"], "carryover_begin"),
        (["对附属单位补助支出"], "subsidy_to_affiliates"),
        (["年初结转和结余"], "carryover_begin"),
        (["人员经费"], "personnel"),
    ],
)
def test_measure_of(labels: list[str], measure: str) -> None:
    assert measure_of(labels, "final") == measure


def test_fund_of() -> None:
    assert fund_of(["支出", "决算数", "一般公共预算财政拨款"]) == "general_budget"
    assert fund_of(["上年结转结余", "政府性基金预算资金"]) == "government_fund"
    assert fund_of(["本年收入", "国有资本经营预算"]) == "state_capital"
    assert fund_of(["本年收入", "事业收入"]) is None


def test_generic_amount_column_takes_the_document_kind() -> None:
    assert measure_of(["金额"], "final") == "final"
    assert measure_of(["金额"], "budget") == "budget"


def test_numbering_rows_are_not_data() -> None:
    assert is_numbering_row(["栏次", "", "1", "2", "3"])
    assert is_numbering_row(["", "1", "2", "3", "4", "5"])
    assert not is_numbering_row(["201", "06", "01", "行政运行", "1,511.89"])


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("部门预算项目支出及其他支出预算表", "project_expenditure"),
        ("政府采购支出表", "government_procurement"),
        ("财政拨款政府购买服务明细表", "purchased_services"),
        ("一般公共预算支出明细表（按经济分类科目分）", "economic_classification"),
        ("一般公共预算机关运行经费支出预算表", "running_costs"),
        ("项目支出绩效目标表", "unclassified"),  # the scorecard reader's
        ("收入支出决算总表", "income_expenditure_summary"),  # standard kinds first
    ],
)
def test_other_table_kinds(title: str, kind: str) -> None:
    assert table_kind_of(title) == kind


def test_table_numbers_stop_before_the_title() -> None:
    assert clean_title("表八一般公共预算支出预算表") == "一般公共预算支出预算表"
    assert clean_title("表十一政府采购预算表") == "政府采购预算表"
    assert clean_title("公开05表财政拨款支出表") == "财政拨款支出表"


def test_sides_only_where_the_headers_print_both_halves() -> None:
    columns = [
        Column(0, ["收入", "项目"], "name"),
        Column(1, ["收入", "预算数"], "amount"),
        Column(2, ["支出", "支出功能分类科目"], "name"),
        Column(3, ["支出", "预算数"], "amount"),
        Column(4, ["支出", "部门预算支出经济分类科目"], "name"),
        Column(5, ["支出", "预算数"], "amount"),
    ]
    assert printed_sides(columns, column_groups(columns)) == ["income", "expenditure", "expenditure"]
    spending_only = [Column(0, ["科目名称"], "name"), Column(1, ["本年支出", "合计"], "amount")]
    assert printed_sides(spending_only, column_groups(spending_only)) == [None]


def test_a_blank_column_naming_no_amount_is_empty() -> None:
    # 购买服务内容 printed blank: no amount column, so it does not end a row's label columns
    assert classify_column(["购买服务内容"], ["", "", ""]) == "empty"
    assert classify_column(["预算数"], ["", ""]) == "amount"


@pytest.mark.parametrize(
    ("text", "fused"),
    [
        ("2120101-行政运行", ("2120101", "行政运行")),
        ("[30226]劳务费", ("30226", "劳务费")),
        ("50201办公经费", ("50201", "办公经费")),
        ("103 非税收入", ("103", "非税收入")),
        # a service hotline leading a project name: 123 is no class of a national scheme
        ("12333聘用人员经费", None),
        ("12345政府公共服务热线运行经费", None),
    ],
)
def test_codes_fused_to_names(text: str, fused: tuple[str, str] | None) -> None:
    match = FUSED_CODE.match(text)
    assert (match.groups() if match else None) == fused


@pytest.mark.parametrize(
    ("row_name", "doc_kind", "fiscal_year", "period"),
    [
        ("2022", "budget", 2022, "budget"),
        ("2021年", "budget", 2022, "previous_year"),
        ("2023年度", "final", 2023, "final"),
        ("变化", "budget", 2022, "change"),
        ("增减", "budget", None, "change"),
        ("2020", "budget", 2022, None),  # two years back: no period of ours
        ("2022", "budget", None, None),  # the document's year unknown
    ],
)
def test_a_year_comparison_rows_period(
    row_name: str, doc_kind: str, fiscal_year: int | None, period: str | None
) -> None:
    assert row_period(row_name, doc_kind, fiscal_year) == period
