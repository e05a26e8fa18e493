"""Narrative facts and reconciliation checks on the seed fixture and on the 普陀区财政局 pair
(d45e923176f9, the published original, and 6a2eb6044359, the same document with planted errors)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from conftest import processed

from extractors.text_layer import read_page
from normalizers.records import CheckRecord, DocumentResult, FactRecord

D = Decimal


def fact(
    result: DocumentResult, name: str, subject: str | None = None, period: str = "current"
) -> FactRecord:
    found = [f for f in result.facts if f.fact == name and f.subject == subject and f.period == period]
    assert len(found) == 1, (name, subject, period, found)
    return found[0]


def checks(result: DocumentResult, status: str) -> dict[str, CheckRecord]:
    return {c.check_id: c for c in result.checks if c.status == status}


# --- the seed fixture: every figure its narrative states ------------------------------------------


def test_seed_totals_and_parts(seed_result: DocumentResult) -> None:
    assert fact(seed_result, "income_total").value == D("10938.34")
    assert fact(seed_result, "income_total").unit == "万元"
    assert fact(seed_result, "income_current_year").value == D("10853.30")
    assert fact(seed_result, "carryover_begin").value == D("85.04")
    assert fact(seed_result, "expenditure_total").value == D("10938.34")
    assert fact(seed_result, "carryover_end").value == D("0.00")
    change = fact(seed_result, "income_expenditure_total")
    assert (change.change_value, change.change_pct) == (D("402.32"), D("3.82"))
    assert change.reason.startswith("一是2023年社保中心财政供养在编人员净增加14人")
    assert change.page == 4
    income = fact(seed_result, "fiscal_appropriation_income")
    assert (income.value, income.share_pct) == (D("10586.87"), D("97.55"))
    assert (fact(seed_result, "other_income").value, fact(seed_result, "other_income").share_pct) == (
        D("266.43"),
        D("2.45"),
    )
    basic, project = fact(seed_result, "basic_expenditure"), fact(seed_result, "project_expenditure")
    assert (basic.value, basic.share_pct, project.value, project.share_pct) == (
        D("5631.87"),
        D("51.49"),
        D("5306.47"),
        D("48.51"),
    )


def test_seed_fiscal_appropriation_budget_vs_final(seed_result: DocumentResult) -> None:
    total = fact(seed_result, "fiscal_appropriation_total")
    assert (total.value, total.change_value, total.change_pct) == (D("10671.52"), D("372.49"), D("3.62"))
    budget = fact(seed_result, "fiscal_appropriation_total", period="budget")
    assert (budget.value, budget.change_pct) == (D("10343.79"), D("3.17"))
    assert budget.reason == "社保中心承担特殊人员伤残代发项目，2023年追加特殊人员伤残津贴"
    general = fact(seed_result, "general_budget_expenditure")
    assert (general.value, general.change_value, general.change_pct, general.share_pct) == (
        D("10671.52"),
        D("457.14"),
        D("4.48"),
        D("97.56"),
    )
    assert general.share_of == "expenditure_current_year"
    assert fact(seed_result, "general_budget_class", "208").share_pct == D("100.00")


SEED_ITEMS = {  # code: (final, change, change %, start of the reason)
    "2080101": ("3850.59", "219.39", "6.04", "在编人员增加"),
    "2080109": ("2662.39", "-150.92", "-5.36", "代发市属企业"),
    "2080150": ("1101.10", "114.48", "11.60", "在编人员增加及人员增资"),
    "2080501": ("72.36", "26.85", "59.00", "本年退休人员增加"),
    "2080505": ("504.18", "37.37", "8.01", "在编人员净增加"),
    "2080506": ("43.66", "9.05", "26.15", "职业年金单位缴费坐实"),
    "2080699": ("1676.69", "-156.57", "-8.54", "区属破产企业"),
    "2080801": ("59.59", "59.59", "100.00", "本年增加退休死亡人员"),
    "2089999": ("700.96", "297.91", "73.91", "本年增加破产企业离休人员绩效奖"),
}


@pytest.mark.parametrize("code", sorted(SEED_ITEMS))
def test_seed_general_budget_items(seed_result: DocumentResult, code: str) -> None:
    final, change, pct, reason = SEED_ITEMS[code]
    item = fact(seed_result, "general_budget_item", code)
    assert (item.value, item.change_value, item.change_pct) == (D(final), D(change), D(pct))
    assert item.reason.startswith(reason)
    assert item.page == 5


def test_seed_basic_three_public_and_other_matters(seed_result: DocumentResult) -> None:
    assert fact(seed_result, "general_budget_basic").value == D("5631.48")
    assert fact(seed_result, "personnel_expenditure").value == D("5135.15")
    assert fact(seed_result, "public_expenditure").value == D("496.32")
    three = fact(seed_result, "three_public_total")
    assert (three.value, three.change_value, three.change_pct) == (D("32.29"), D("8.29"), D("34.54"))
    assert fact(seed_result, "three_public_total", period="budget").value == D("32.29")
    assert fact(seed_result, "three_public_vehicle_operation").value == D("32.29")
    assert fact(seed_result, "three_public_overseas").value == D("0.00")
    assert fact(seed_result, "vehicle_fleet").value == D("20")
    office = fact(seed_result, "office_operation")
    assert (office.value, office.change_value, office.change_pct) == (D("496.32"), D("135.50"), D("37.55"))
    assert fact(seed_result, "procurement_total").value == D("70.72")
    assert fact(seed_result, "procurement_goods").value == D("15.00")
    assert fact(seed_result, "procurement_works").value == D("9.98")
    assert fact(seed_result, "procurement_services").value == D("45.74")
    sme = fact(seed_result, "procurement_small_micro")
    assert (sme.value, sme.share_pct, sme.share_of) == (D("70.72"), D("100.00"), "procurement_total")


def test_seed_assets_performance_and_staff(seed_result: DocumentResult) -> None:
    assert fact(seed_result, "fixed_assets").value == D("1701.90")
    assert (fact(seed_result, "building_area").value, fact(seed_result, "building_area").unit) == (
        D("595.25"),
        "平方米",
    )
    assert fact(seed_result, "building_value").value == D("112.76")
    assert fact(seed_result, "vehicles").value == D("20")
    assert fact(seed_result, "vehicles_value").value == D("327.34")
    assert fact(seed_result, "vehicles_by_use", "其他用车").value == D("20")
    assert fact(seed_result, "vehicles_by_use", "执法执勤用车").value == D("0")
    assert fact(seed_result, "large_equipment").value == D("1")
    assert fact(seed_result, "performance_projects").value == D("11")
    assert fact(seed_result, "performance_projects_amount", period="budget").value == D("3884.94")
    assert fact(seed_result, "performance_projects_amount").value == D("3672.94")
    staff = [
        fact(seed_result, n).value
        for n in ("staff_total", "staff_active", "staff_retired_cadre", "staff_retired")
    ]
    assert staff == [D("435"), D("313"), D("0"), D("122")]
    assert fact(seed_result, "internal_units").value == D("27")


def test_seed_checks_pass_with_one_rounding_case(seed_result: DocumentResult) -> None:
    assert checks(seed_result, "fail") == {}
    rounding = checks(seed_result, "rounding")
    assert list(rounding) == ["text.general_budget_basic.current"]
    # The narrative keeps 5,631.48 where the table's 基本支出 total prints 5,631.47.
    assert (
        rounding["text.general_budget_basic.current"].actual,
        rounding["text.general_budget_basic.current"].expected,
    ) == (
        D("56314800"),
        D("56314700"),
    )
    passed = checks(seed_result, "pass")
    assert passed["cross.general_budget_vs_basic_table.basic"].expected == D("56314700")
    assert passed["text.general_budget_item.2080101.current"].actual == D("38505900")
    assert "three_public.合计.final" in passed


# --- text order -----------------------------------------------------------------------------------


def test_numbers_on_a_shifted_baseline_stay_in_their_line(corpus: Path) -> None:
    with pdfplumber.open(corpus / "final" / "d45e923176f9.pdf") as pdf:
        lines = [line.text for line in read_page(pdf.pages[21], 22).lines]
    assert "员经费及公用经费等的基本支出。年初预算为1560.05万元，支出决算为1511.89万" in lines


# --- the original and its planted-error copy ------------------------------------------------------


def test_original_reconciles_except_its_two_real_errors(corpus: Path) -> None:
    result = processed(corpus / "final" / "d45e923176f9.pdf")
    failed = checks(result, "fail")
    # Two genuine errors of the published original (the test copy corrects the first):
    # page 21 says 财政拨款收入支出总计0.3万元 where the table's 总计 is 2,961.68, and
    # 一般公共服务支出 2106.66 of 2940.05 is 71.65%, not the printed 71.73%.
    assert set(failed) == {
        "text.fiscal_appropriation_total.current",
        "narrative.share.general_budget_class.201",
    }
    wrong_total = failed["text.fiscal_appropriation_total.current"]
    assert (wrong_total.actual, wrong_total.expected, wrong_total.pages) == (
        D("3000"),
        D("29616800"),
        [13, 21],
    )
    assert failed["narrative.share.general_budget_class.201"].actual == D("71.73")
    rounding = checks(result, "rounding")
    assert all(abs(c.difference) <= D("200") for c in rounding.values())
    # 社会保障和就业支出: 326.71 in the summary tables, 326.72 in the expenditure tables.
    assert rounding["cross.summary_vs_expenditure.class.208"].expected == D("3267100")
    assert len(checks(result, "pass")) > 200


def test_planted_errors_are_found(corpus: Path) -> None:
    result = processed(corpus / "final" / "6a2eb6044359.pdf")
    failed = checks(result, "fail")
    missing = failed["document.table_present.expenditure"]  # 支出决算表, listed in the contents
    assert missing.pages == [2]
    placeholder = failed["document.placeholder_name.p7"]
    assert "上海市普陀区XX局2024年度部门决算表" in placeholder.detail
    assert failed["document.year.p18.2023"].actual == D("2023")  # 第三部分…2023年度部门决算情况说明
    assert failed["document.year.p24.2023"].actual == D("2023")  # 截至2023年12月31日
    total = failed["text.income_expenditure_total.current"]  # 收入支出总计0万元 vs 2,995.39
    assert (total.actual, total.expected, total.pages) == (D("0"), D("29953900"), [7, 18])
    relations = {  # "决算数大于/等于预算数" against its own figures
        "narrative.relation.general_budget_item.2010601": (D("1560.05"), D("1511.89"), [19]),
        "narrative.relation.general_budget_item.2080506": (D("80.81"), D("80.38"), [20]),
        "narrative.relation.general_budget_item.2101101": (D("62.29"), D("60.99"), [21]),
    }
    for check_id, (budget, final, pages) in relations.items():
        assert (failed[check_id].expected, failed[check_id].actual, failed[check_id].pages) == (
            budget,
            final,
            pages,
        )
    # The 三公 table lost its budget row: the text's 年初预算 0.95 万元 (page 22) meets a blank table (page 15).
    three = failed["text.three_public_total.budget"]
    assert (three.actual, three.expected, three.pages) == (D("9500"), D("0"), [15, 22])
    # The one real error of the original that the copy keeps is still reported.
    assert "narrative.share.general_budget_class.201" in failed
    assert "text.fiscal_appropriation_total.current" not in failed
