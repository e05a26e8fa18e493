"""Narrative facts and reconciliation checks on the seed fixture and on the 普陀区财政局 pair
(d45e923176f9, the published original, and 6a2eb6044359, the same document with planted errors)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from conftest import processed
from disclosure.extractors.records import Box, PageContent, TextLine
from disclosure.extractors.text_layer import read_page
from disclosure.normalizers import check_vocabulary as cv
from disclosure.normalizers.checks import CheckContext, table_counterpart
from disclosure.normalizers.checks.tolerance import rate_within_figures
from disclosure.normalizers.fact_labels import label_of
from disclosure.normalizers.facts import extract_facts
from disclosure.normalizers.narrative import running_headers
from disclosure.normalizers.records import CheckRecord, DocumentResult, FactRecord

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
    assert fact(seed_result, "three_public_total", period="adjusted_budget").value == D("32.29")  # 全年预算数
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
    assert fact(seed_result, "performance_projects_amount", period="adjusted_budget").value == D("3884.94")
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


# --- values that are not the agency's, and the table each fact is compared with (issue 12) ---------


def narrative_page(*sentences: str) -> list[PageContent]:
    """A page built to show a sentence pattern: one paragraph per sentence, as the extractor gives it."""
    lines = [
        TextLine(text, Box(90.0, 100.0 + 30 * i, 500.0, 112.0 + 30 * i)) for i, text in enumerate(sentences)
    ]
    return [PageContent(number=1, width=595.0, height=842.0, n_chars=sum(map(len, sentences)), lines=lines)]


def test_threshold_is_no_value(corpus: Path) -> None:
    # Beijing 公安局 2026 budget: "共有车辆2552台，单位价值100万元以上的设备671台（套）". 100万元 bounds
    # the class of equipment counted: it was read as vehicles_value = 100.
    r = processed(corpus / "wide" / "0ea9a91227fc.pdf")
    assert (fact(r, "vehicles").value, fact(r, "vehicles").unit) == (D("2552"), "台")
    assert not [f for f in r.facts if f.fact == "vehicles_value"]
    # 泉州 监测中心: "购置车辆0辆，单位价值100万元（含）以上设备0台（套）" — the "（含）" form.
    quanzhou = processed(corpus / "budget" / "135d334639c1.pdf")
    assert not [f for f in quanzhou.facts if f.fact == "vehicles_value"]
    assert fact(quanzhou, "large_equipment").value == D("0")


def test_fiscal_appropriation_budget_totals_and_their_paragraph() -> None:
    # 西安 2020 budget, （二）财政拨款收支情况: the fiscal-appropriation total, then a bare 支出预算总计 in
    # the same paragraph, which is that scope's other total, not the document's expenditure_total.
    facts = extract_facts(
        "x",
        narrative_page(
            "本部门财政拨款收入预算总计181807.13万元，全部为一般公共预算拨款。"
            "支出预算总计181807.13万元，全部为一般公共预算拨款。",
        ),
    )
    got = {(f.fact, f.value) for f in facts}
    assert got == {
        ("fiscal_appropriation_income_total", D("181807.13")),
        ("fiscal_appropriation_expenditure_total", D("181807.13")),
    }


def test_fiscal_appropriation_totals_read_from_the_budget_narrative(corpus: Path) -> None:
    r = processed(corpus / "wide" / "225b0d00e2b8.pdf")
    totals = {(f.fact, f.value) for f in r.facts if f.fact.endswith("_total") and f.page == 12}
    assert totals == {
        ("income_total", D("182157.13")),
        ("expenditure_total", D("182157.13")),
        ("fiscal_appropriation_income_total", D("181807.13")),
        ("fiscal_appropriation_expenditure_total", D("181807.13")),
    }


def test_a_sentence_continued_under_the_running_header(corpus: Path) -> None:
    # 无锡 人社局 2026 p48-49: "…2026 年一般公共预算财政拨款" ends p48; p49 starts with its running
    # header ("无锡市人力资源和社会保障局 2026 年度部门预算公开", "- 48 -"), then "支出预算 152,585.76 万元".
    r = processed(corpus / "wide" / "8a53f1b91377.pdf")
    got = {(f.fact, f.value) for f in r.facts}
    assert ("general_budget_expenditure_budget", D("152585.76")) in got
    assert ("expenditure_total", D("152585.76")) not in got
    assert {f.value for f in r.facts if f.fact == "expenditure_total"} == {D("154121.76")}


def test_an_enumerated_item_wrapped_before_its_figure_runs_on(corpus: Path) -> None:
    # 烟台市科学技术局 2026 p31: "1.收入预算减少15,165.79万元，其中一般公共预算收入减少" ends short (the
    # next figure does not fit) and opens with an enumerator, as a heading does; the line after,
    # "15,164.36万元，国有资本经营预算收入减少1.43万元。", is its continuation, not a new paragraph. A
    # heading states no figure. Before, 15,164.36 was read as nothing and the sentence was cut in two.
    r = processed(corpus / "wide" / "107303e1f27b.pdf")
    sentence = "1.收入预算减少15,165.79万元，其中一般公共预算收入减少15,164.36万元，国有资本经营预算收入减少1.43万元。"
    changes = {(f.fact, f.change_value, f.page) for f in r.facts if f.sentence == sentence}
    assert changes == {
        ("income_total", D("-15165.79"), 31),
        ("general_budget_income", D("-15164.36"), 31),
        ("state_capital_fiscal_appropriation_income", D("-1.43"), 31),
    }
    # A heading that states no figure still ends its paragraph where its line ends short.
    facts = extract_facts(
        "x", page_of_lines("（一）因公出国（境）经费", "2026年预算安排3.5万元，与上年持平。"), None, "budget"
    )
    assert [(f.fact, f.value, f.change_value) for f in facts] == [("three_public_overseas", D("3.5"), D("0"))]


def test_a_heading_run_into_its_paragraph_names_the_figures_after_it(corpus: Path) -> None:
    # Chongqing budgets (重庆市商务委员会 2026 p3): "(一)收入预算:2026年年初预算数174,900.64万元,其中:…。
    # 收入比2025年减少86,685.29万元,主要是…财政专户管理资金增加2,024.14万元…". The enumerated clause
    # before the colon is the label of the figure its year alone names, and "收入", the head of that
    # label, names what changed; a second change after the first, under words no label knows, is
    # someone else's ("主要是一般公共预算拨款减少…" is not the total's).
    r = processed(corpus / "budget" / "0d1282d352e7.pdf")
    income, spending = fact(r, "income_total"), fact(r, "expenditure_total")
    assert (income.value, income.change_value, income.page) == (D("174900.64"), D("-86685.29"), 3)
    assert (spending.value, spending.change_value) == (D("174900.64"), D("-86685.29"))
    passed = checks(r, "pass")
    assert passed["text.income_total.current"].actual == D("1749006400")
    assert passed["text.expenditure_total.current"].actual == D("1749006400")
    facts = extract_facts(
        "x",
        narrative_page(
            "（一）收入预算：2026年年初预算数168,441.81万元，其中：一般公共预算拨款154,304.22万元，"
            "其他收入资金14,137.59万元；收入比2025年增加6,276.54万元，主要是一般公共预算财政拨款增加3,013.74万元。"
        ),
        None,
        "budget",
    )
    assert [(f.fact, f.value, f.change_value) for f in facts] == [
        ("income_total", D("168441.81"), D("6276.54")),
        ("other_income", D("14137.59"), None),  # 其他收入资金: 资金 is a filler word
    ]


def test_filler_words_after_a_label_funds_and_a_purchase_budget(corpus: Path) -> None:
    # Chongqing budgets name income parts "…资金" ("事业收入资金2,461.25万元", "事业单位经营收入资金…",
    # "其他收入资金…", 重庆市商务委员会 2026 p3); their changes follow in the next sentence ("…事业收入资金
    # 增加423.5万元…") and now join their figures' rows.
    commerce = processed(corpus / "budget" / "0d1282d352e7.pdf")
    business = fact(commerce, "business_income")
    assert (business.value, business.change_value) == (D("2461.25"), D("423.5"))
    assert fact(commerce, "operating_income").change_value == D("-578.31")
    assert checks(commerce, "pass")["text.other_income.current"].actual == D("7170100")
    # Jiangsu budgets: "（1）公务用车购置预算支出50万元，与上年预算数相等" (江苏省人民检察院 2017 p22): the
    # purchase named without 费, its 预算 a period word.
    procuratorate = processed(corpus / "budget" / "956e155770fa.pdf")
    purchase = fact(procuratorate, "three_public_vehicle_purchase")
    assert (purchase.value, purchase.change_value) == (D("50"), D("0"))
    assert checks(procuratorate, "pass")["text.three_public_vehicle_purchase.current"].expected == D("500000")


def test_a_budgets_contingency_reserve(corpus: Path) -> None:
    # Jiangsu budgets set 单位预留机动经费 beside 基本支出 and 项目支出 (江苏省人民检察院 2017 p19: "单位预留
    # 机动经费预算数为140.2万元。与上年持平。", then "…单位预留机动经费140.2万元，占0.78%"), a column of the
    # 支出预算表.
    r = processed(corpus / "budget" / "956e155770fa.pdf")
    reserve = fact(r, "contingency_reserve")
    assert (reserve.value, reserve.change_value, reserve.share_pct) == (D("140.2"), D("0"), D("0.78"))
    assert checks(r, "pass")["text.contingency_reserve.current"].actual == D("1402000")


def test_every_funds_spending_by_class_listed_by_name(corpus: Path) -> None:
    # "1.按支出功能分类，包括一般公共服务支出5356.01万元、社会保障和就业支出…" (湖州市财政局 2026 p7): each 类
    # named alone is every fund's spending of it, the 支出预算表's row of that name (its code 201 …).
    huzhou = processed(corpus / "budget" / "638d83aa857f.pdf")
    classes = {f.subject: f.value for f in huzhou.facts if f.fact == "expenditure_class"}
    assert classes == {"201": D("5356.01"), "208": D("796.52"), "210": D("265.81"), "221": D("420.07")}
    assert checks(huzhou, "pass")["text.expenditure_class.201.current"].actual == D("53560100")
    # 杭州市气象局 2026 p5: its 支出预算表 prints names without codes; the 类 is known by its name.
    hangzhou = processed(corpus / "budget" / "28647feb2ecb.pdf")
    named = {f.subject: f.value for f in hangzhou.facts if f.fact == "expenditure_class"}
    assert named["自然资源海洋气象等支出"] == D("5371.48")
    assert checks(hangzhou, "pass")["text.expenditure_class.自然资源海洋气象等支出.current"].actual == D(
        "53714800"
    )


def test_the_fiscal_appropriations_spending_listed_by_quoted_subject(corpus: Path) -> None:
    # Shanghai budgets: "财政拨款支出主要内容如下：" leads into one paragraph per 科目, named in quotes by its
    # path from the 类 joined with dashes (上海市普陀区人民政府办公室 2025 p6: "1.“一般公共服务支出-政府办公厅
    # （室）及相关机构事务-行政运行”科目1,202.95万元"), or with level marks (万里街道 2024 p6: "1.“一般公共
    # 服务支出（类）统计信息事务（款）专项普查活动（项）”25.77万元"). Each is the 财政拨款's, every fund's
    # appropriation, and is checked against the income table's 财政拨款 column.
    office = processed(corpus / "budget" / "ef2db536657d.pdf")
    items = {f.subject: f.value for f in office.facts if f.fact == "fiscal_appropriation_item"}
    assert items["2010301"] == D("1202.95")
    assert len(items) == 12
    check = checks(office, "rounding")["text.fiscal_appropriation_item.2010301.current"]
    assert (check.expected, check.actual) == (D("12029501.84"), D("12029500"))
    street = processed(corpus / "budget" / "9cf8afd0f960.pdf")
    census = fact(street, "fiscal_appropriation_item", "2010507")
    assert (census.value, census.change_pct) == (D("25.77"), D("-57.14"))
    assert not [f for f in street.facts if f.fact == "general_budget_item"]
    # by its 类 alone: "1.“社会保障和就业支出”科目710万元" (上海市医疗保险事业管理中心 2026 p6)
    insurance = processed(corpus / "wide" / "0c14414ad0ff.pdf")
    classes = {f.subject: f.value for f in insurance.facts if f.fact == "fiscal_appropriation_class"}
    assert classes == {"208": D("710"), "210": D("17541"), "221": D("1051")}
    assert checks(insurance, "rounding")["text.fiscal_appropriation_class.208.current"].expected == D(
        "7099698"
    )


def test_the_classes_listed_after_the_spending_total_are_every_funds(corpus: Path) -> None:
    # Jiangsu budgets: "（二）支出预算总计17996.68万元。包括：1．公共安全（类）支出13656.34万元，…与上年相比
    # 增加309.03万元…" (江苏省人民检察院 2017 p19): up to the next heading, the 类/款/项 listed are every
    # fund's. This one spends 15万元 beyond its general budget and no table prints every fund by 类, so
    # the check is skipped, not run against the general budget's row.
    r = processed(corpus / "budget" / "956e155770fa.pdf")
    security = fact(r, "expenditure_class", "204")
    assert (security.value, security.change_value, security.page) == (D("13656.34"), D("309.03"), 19)
    assert not [f for f in r.facts if f.fact == "general_budget_class"]
    skipped = checks(r, "skipped")["text.expenditure_class.204.current"]
    assert "no table prints the 类 of every fund" in skipped.detail
    # 江苏省人大常委会办公厅 2017 p23-24: each 类 named alone in its own paragraph ("2．社会保障和就业支出
    # 1608.51万元，主要用于…。与上年相比增加193.25万元…"), with its own change; its 支出预算表 prints its 合计
    # alone, and the general budget's rows (nothing else is spent) give the codes and the check.
    congress = processed(corpus / "wide" / "520fa5c58e1f.pdf")
    classes = {f.subject: (f.value, f.change_value) for f in congress.facts if f.fact == "expenditure_class"}
    assert classes == {
        "201": (D("10528.33"), D("-17.89")),
        "208": (D("1608.51"), D("193.25")),
        "221": (D("1512.23"), D("668.79")),
    }
    assert checks(congress, "pass")["text.expenditure_class.208.current"].actual == D("16085100")


def test_a_change_opening_the_sentence_after_a_class_list_is_the_totals(corpus: Path) -> None:
    # 中共重庆市委宣传部 2026 p3: "（二）支出预算：2026年年初预算数45,369.18万元。按支出功能分类，包括…
    # 住房保障支出662.86万元。比2025年增加2,734.52万元，…": the change is the spending total's, not the
    # last 类's.
    r = processed(corpus / "wide" / "df5191972149.pdf")
    total = fact(r, "expenditure_total")
    assert (total.value, total.change_value) == (D("45369.18"), D("2734.52"))
    housing = [f for f in r.facts if f.fact == "expenditure_class" and f.subject == "221"]
    assert [(f.value, f.change_value) for f in housing] == [(D("662.86"), None)]


def test_running_headers_are_lines_atop_many_pages() -> None:
    def page(number: int, *texts: str) -> PageContent:
        lines = [
            TextLine(text, Box(90.0, 20.0 + 30 * i, 500.0, 32.0 + 30 * i)) for i, text in enumerate(texts)
        ]
        return PageContent(number=number, width=595.0, height=842.0, n_chars=0, lines=lines)

    bodies = ["收入预算总计100万元，", "支出预算总计100万元。", "一、部门职责", "二、机构设置"]
    pages = [page(n, f"某局 2026 年度部门预算公开 - {n} -", bodies[n - 1]) for n in range(1, 5)]
    # the page number aside, one text atop all four pages; each body line once
    assert running_headers(pages) == {"某局年度部门预算公开--"}
    assert running_headers(pages[:2]) == set()  # two pages are too few to tell


def test_threshold_words_before_and_after_a_figure() -> None:
    facts = extract_facts(
        "x",
        narrative_page(
            "截至2024年12月31日，本单位共有车辆5辆，超过50万元的设备3台（套）。",
            "房屋1,200平方米，价值300万元，单位价值50万元以上的设备2台（套）。",
        ),
    )
    got = {(f.fact, f.value) for f in facts}
    assert ("vehicles", D("5")) in got and ("building_value", D("300")) in got
    assert not [f for f in facts if f.value == D("50")]  # neither 超过50万元 nor 50万元以上 is a value


def test_other_bodies_figures_are_not_the_agencys() -> None:
    # A sentence about closed enterprises' staff gave staff_active = 1376; the agency's own sentence,
    # and one about the agency together with its units ("本部门及下属单位"), still give theirs.
    facts = extract_facts(
        "x",
        narrative_page(
            "本部门在职人员120人，退休人员30人。",
            "另有关停企业在职人员1376人，退休人员2200人，由集团统一管理。",
            "下属单位在职人员45人。",
        ),
    )
    assert [(f.fact, f.value) for f in facts] == [("staff_active", D("120")), ("staff_retired", D("30"))]
    joined = extract_facts("x", narrative_page("本部门及下属单位在职人员165人。"))
    assert [(f.fact, f.value) for f in joined] == [("staff_active", D("165"))]


def test_general_budget_parts_are_the_general_budgets() -> None:
    # "一般公共预算财政拨款支出…，其中：基本支出…": the general budget's basic spending, compared with
    # the 一般公共预算财政拨款支出决算表 — not the 支出决算表's basic column, which counts every fund.
    facts = extract_facts(
        "x",
        narrative_page(
            "2024年度一般公共预算财政拨款支出12,000.00万元，其中：基本支出10,234.37万元，项目支出1,765.63万元。"
        ),
    )
    assert [(f.fact, f.value) for f in facts] == [
        ("general_budget_expenditure", D("12000.00")),
        ("general_budget_basic", D("10234.37")),
        ("general_budget_project", D("1765.63")),
    ]
    assert cv.FACT_CELLS["general_budget_basic"] == ("general_budget_expenditure", None, "合计", "basic")
    assert cv.FACT_CELLS["general_budget_project"] == ("general_budget_expenditure", None, "合计", "project")
    assert cv.FACT_CELLS["basic_expenditure"] == ("expenditure", None, "合计", "basic")
    # Without the general-budget words the parts are the whole 支出决算表's (d45e923176f9 p21).
    plain = extract_facts("x", narrative_page("本年支出合计2940.05万元，其中：基本支出2336.91万元。"))
    assert [f.fact for f in plain] == ["expenditure_current_year", "basic_expenditure"]


def test_a_change_of_a_figure_stated_under_an_unknown_name_is_no_one_elses() -> None:
    # 5d77663c3523 p9 (Xi'an 2022): 专项业务经费 has no fact; its figure was stated in the sentence
    # before, so its change (and the reason after it) is not given to the figure read last.
    facts = extract_facts(
        "x",
        narrative_page(
            "2022年本部门一般公共财政拨款支出1899.9万元，其中基本支出183.93万元，专项业务经费支出1715.97万元。"
            "2022年一般公共预算较上年增加406.39万元，其中基本支出减少19.11万元，主要是减少在职人员1名。"
            "专项业务经费增加425.5万元，主要原因是增加业务维持支出。"
        ),
    )
    changes = {(f.fact, f.value): (f.change_value, f.reason) for f in facts}
    assert changes == {
        # "2022年一般公共预算较上年增加…": the general budget's spending, named bare
        ("general_budget_expenditure", D("1899.9")): (D("406.39"), None),
        # "…，其中基本支出减少…" after it: its part's change
        ("general_budget_basic", D("183.93")): (D("-19.11"), None),
    }


def test_a_budgets_budget_figure_is_its_current_figure_with_its_change() -> None:
    # Jiangsu budgets (68beaee94eda p26): "基本支出预算数为…。与上年相比增加…" — in a budget the
    # 预算数 is the year's figure, and the change after it is that figure's; "减少了" is a change too.
    page = narrative_page(
        "此外，基本支出预算数为15,844.04万元。与上年相比增加1849.73万元，增长13.22%。",
        "项目支出预算数为4335.3万元。与上年相比减少了1237.7万元，减少13.22%。",
    )
    budget = {
        (f.fact, f.period): (f.value, f.change_value, f.change_pct)
        for f in extract_facts("x", page, None, "budget")
    }
    assert budget == {
        ("basic_expenditure", "current"): (D("15844.04"), D("1849.73"), D("13.22")),
        ("project_expenditure", "current"): (D("4335.3"), D("-1237.7"), D("-13.22")),
    }
    # In final accounts a 预算数 stays the budget, beside the final figure (period budget).
    final = extract_facts("x", narrative_page("基本支出预算数为15,844.04万元。"), None, "final")
    assert [(f.fact, f.period) for f in final] == [("basic_expenditure", "budget")]


def test_the_budget_at_the_start_of_the_year_and_the_adjusted_one_are_two_figures() -> None:
    # A final account states both: 年初预算 (budget) and 全年预算 (adjusted_budget); the comparison
    # word and the variance rate after them go with the one stated last.
    final = extract_facts(
        "x",
        narrative_page(
            "一般公共预算财政拨款支出年初预算为0万元，全年预算为300.00万元，支出决算为307.82万元，"
            "决算数大于预算数，预决算差异率2.61%。",
            "“三公”经费调整预算数为12.50万元，决算数为12.40万元。",
        ),
        None,
        "final",
    )
    assert [(f.fact, f.period, f.value, f.relation, f.change_pct) for f in final] == [
        ("general_budget_expenditure", "budget", D("0"), None, None),
        ("general_budget_expenditure", "adjusted_budget", D("300.00"), "above", D("2.61")),
        ("general_budget_expenditure", "current", D("307.82"), None, None),
        ("three_public_total", "adjusted_budget", D("12.50"), None, None),
        ("three_public_total", "current", D("12.40"), None, None),
    ]
    # A final below its budget prints the variance rate signed (the seed's template, "预决算差异率 3.17%").
    below = extract_facts(
        "x",
        narrative_page(
            "“三公”经费全年预算数 32.29 万元，决算数 30.00 万元，预决算差异率-7.09%，主要原因是：厉行节约。"
        ),
        None,
        "final",
    )
    assert [(f.period, f.value, f.change_pct, f.reason) for f in below] == [
        ("adjusted_budget", D("32.29"), D("-7.09"), "厉行节约"),
        ("current", D("30.00"), None, None),
    ]
    # In a budget both are the year's figure.
    budget = extract_facts("x", narrative_page("“三公”经费全年预算数为12.50万元。"), None, "budget")
    assert [(f.fact, f.period, f.value) for f in budget] == [("three_public_total", "current", D("12.50"))]


def test_a_final_accounts_two_budgets_are_kept_apart(corpus: Path) -> None:
    # 中共上海市普陀区委社会工作部 2024 (p18): "一般公共预算财政拨款支出年初预算为0万元，全年预算为321.02万元，
    # 支出决算为307.82万元" and, per 项, "全年预算为52.00万元，支出决算为51.32万元".
    r = processed(corpus / "final" / "44874c062a89.pdf")
    assert fact(r, "general_budget_expenditure", period="budget").value == D("0")
    adjusted = fact(r, "general_budget_expenditure", period="adjusted_budget")
    assert (adjusted.value, adjusted.relation, adjusted.page) == (D("321.02"), "below", 18)
    assert fact(r, "general_budget_item", "2013901", period="adjusted_budget").value == D("52.00")
    relation = checks(r, "pass")["narrative.relation.general_budget_expenditure"]
    assert (relation.expected, relation.actual) == (D("321.02"), D("307.82"))


def test_vehicles_and_equipment_bought_are_purchases_not_holdings() -> None:
    # Fuzhou / Quanzhou budgets: the fleet "截至…共有车辆16辆，其中：执法执勤用车14辆…", then the year's
    # purchases "2026年单位预算安排购置车辆2辆，其中：执法执勤用车2辆…；单位价值100万元（含）以上设备0台（套）".
    page = narrative_page(
        "截至2025年12月31日，本单位共有车辆16辆，其中：执法执勤用车14辆、特种专业技术用车2辆。",
        "2026年单位预算安排购置车辆2辆，其中：执法执勤用车2辆；单位价值100万元（含）以上设备0台（套）。"
        # the paragraph goes on about the purchases in a sentence naming neither buying nor holding
        "单位价值50万元（含）以上设备1台（套）。",
    )
    facts = [(f.fact, f.subject, f.value) for f in extract_facts("x", page, None, "budget")]
    assert facts == [
        ("vehicles", None, D("16")),
        ("vehicles_by_use", "执法执勤用车", D("14")),
        ("vehicles_by_use", "特种专业技术用车", D("2")),
        ("vehicles_purchased", None, D("2")),
        ("vehicles_purchased_by_use", "执法执勤用车", D("2")),
        ("large_equipment_purchased", None, D("0")),
        ("large_equipment_purchased", None, D("1")),
    ]


def test_a_count_is_no_money_fact_and_money_no_count() -> None:
    # 烟台 budgets: "涉及预算项目支出13个，预算资金2043.17万元" counts projects: no 项目支出 of 13.
    counted = extract_facts(
        "x", narrative_page("2026年项目支出全面实施绩效目标管理，涉及预算项目支出13个，预算资金2043.17万元。")
    )
    assert not [f for f in counted if f.fact == "project_expenditure"]
    # d504cbd6d86e p21: "购置公务用车5辆，预算136.48万元": the money is no count of vehicles.
    bought = extract_facts(
        "x", narrative_page("2022年度为急救中心购置公务用车5辆，预算136.48万元，支出决算136.48万元。")
    )
    assert [(f.fact, f.value, f.unit) for f in bought] == [("vehicles_purchased_by_use", D("5"), "辆")]


def test_a_bare_spending_figure_after_a_balance_is_not_the_balances() -> None:
    # d504cbd6d86e p20 (Xi'an finals): "…年初结转和结余58,830.98万元，收入决算…，支出决算568,051.63万元，
    # 年末结转和结余0万元": 支出决算 is the year's spending, not a second figure of the opening balance.
    facts = extract_facts(
        "x",
        narrative_page(
            "2022年度政府性基金预算财政拨款年初结转和结余58,830.98万元，收入决算509,220.66万元，"
            "支出决算568,051.63万元，年末结转和结余0万元。"
        ),
    )
    assert [(f.fact, f.value) for f in facts] == [
        ("government_fund_carryover_begin", D("58830.98")),
        ("government_fund_carryover_end", D("0")),
    ]
    # …while after a spending subject a bare 支出决算 is its final figure
    spent = extract_facts(
        "x", narrative_page("2024年度“三公”经费支出年初预算为32.29万元，支出决算为28.50万元。")
    )
    assert [(f.fact, f.period, f.value) for f in spent] == [
        ("three_public_total", "budget", D("32.29")),
        ("three_public_total", "current", D("28.50")),
    ]


def test_the_reason_after_a_change_goes_with_the_change() -> None:
    # 65b3ede0cfb0 p13 (Xi'an 2022): the figure read last is 其他收入; the 主要原因 explains the total's change.
    facts = extract_facts(
        "x",
        narrative_page(
            "2022年本部门预算收入52016.12万元，其中一般公共预算拨款收入51816.12万元、其他收入200.00万元，"
            "2022年本部门预算收入较上年减少20861.44万元，主要原因是压缩业务经费。"
        ),
    )
    reasons = {f.fact: (f.change_value, f.reason) for f in facts}
    assert reasons["income_total"] == (D("-20861.44"), "压缩业务经费")
    assert reasons["other_income"] == (None, None)


def test_text_checks_name_the_table_row_and_column(corpus: Path) -> None:
    r = processed(corpus / "final" / "d45e923176f9.pdf")
    text_checks = {c.check_id: c for c in r.checks if c.scope == "text_vs_table"}
    basic = text_checks["text.general_budget_basic.current"]
    assert basic.status == "pass"
    assert basic.detail.endswith(
        "vs 一般公共预算财政拨款支出决算表 (d45e923176f9-t006, p15) row 23 “合计” column “基本支出” = 2,336.91"
    )
    assert basic.tables == ["d45e923176f9-t006"]
    whole = text_checks["text.basic_expenditure.current"]
    assert whole.detail.endswith(
        "vs 支出决算表 (d45e923176f9-t004, p10) row 3 “合计” column “基本支出” = 2,336.91"
    )
    assert all(" row " in c.detail for c in text_checks.values())


def test_a_row_the_table_lacks_is_zero(corpus: Path) -> None:
    # 湖州 财政局 budget: "一般公共服务（类）支出5356.01万元" names row 201 一般公共服务支出 without 支出.
    huzhou = processed(corpus / "budget" / "638d83aa857f.pdf")
    assert fact(huzhou, "general_budget_class", "201").value == D("5356.01")
    # A name path the table has is found by name; one it lacks is a class it spends nothing on (0).
    r = processed(corpus / "final" / "d45e923176f9.pdf")
    ctx = CheckContext(r.document, r.tables, r.line_items, {}, [], [])
    found, where = table_counterpart(
        ctx, replace(fact(r, "general_budget_class", "201"), subject="一般公共服务")
    )
    assert found is not None and found.amount == D("21066600.00")
    assert where.endswith("row 4 “201 一般公共服务支出” column “合计” = 2,106.66")
    missing, why = table_counterpart(ctx, replace(fact(r, "general_budget_class", "201"), subject="国防"))
    assert missing is not None and missing.amount == 0
    assert why == "一般公共预算财政拨款支出决算表 (d45e923176f9-t006, p15): no row 国防 (not printed: 0)"


def test_items_named_from_their_kuan_or_by_their_code() -> None:
    # Jiangsu budgets name the 款 and 项 without the 类; Xi'an and Fuzhou print the item's code
    # beside its name, after it in brackets or before it. A bare 原因是 starts a reason; the clause
    # after it ("；公务接待费较上年降低…") that changes a labelled figure is no part of it.
    facts = extract_facts(
        "x",
        narrative_page(
            "1.住房改革支出（款）购房补贴（项）支出343.52万元，与上年相比减少182.61万元，减少34.71%。",
            "（8）事业单位医疗（2101102）173.88万元，较上年增加55.15万元，原因是新增军转干部；",
            "（四）2080505-机关事业单位基本养老保险缴费支出101.94万元。",
            "对事业单位经常性补助（505）17406.52万元。",
            "其中：因公出国（境）费0万元，较上年降低25万元，原因是经费不再安排；公务接待费较上年降低1.17万元。",
        ),
        None,
        "budget",
    )
    assert [(f.fact, f.subject, f.value, f.change_value, f.change_pct, f.reason) for f in facts] == [
        ("general_budget_item", "住房改革支出/购房补贴", D("343.52"), D("-182.61"), D("-34.71"), None),
        ("general_budget_item", "2101102", D("173.88"), D("55.15"), None, "新增军转干部"),
        ("general_budget_item", "2080505", D("101.94"), None, None, None),
        # 505 is an economic class (政府经济分类), no function item
        ("general_budget_economic_class", "505", D("17406.52"), None, None, None),
        ("three_public_overseas", None, D("0"), D("-25"), None, "经费不再安排"),
        ("three_public_reception", None, None, D("-1.17"), None, None),
    ]


def test_budget_narratives_office_operation_procurement_meetings_and_training() -> None:
    # Budgets state each as the year's 预算 or 安排; the general budget's share of the procurement,
    # after the whole's, and the parts of 机关运行经费 are not the agency's figures; a change word
    # before a fact's name ("较上年增加了培训费0.20万元") gives it no value.
    facts = extract_facts(
        "x",
        narrative_page(
            "本部门当年机关运行经费预算安排1487.80万元，其中办公费618.69万元，会议费7.61万元，"
            "培训费36.91万元。较上年增加286.96万元，主要原因是公用经费标准出现变化。",
            "所属各预算单位政府采购预算总额712.49万元：政府采购货物预算486.50万元、政府采购工程预算0万元、"
            "政府采购服务预算225.99万元；其中一般公共预算拨款政府采购504.98万元：政府采购货物预算480.50万元。",
            "2026年度政府采购支出预算总额25.3万元，其中：拟采购货物支出2万元、拟采购工程支出1万元、"
            "拟采购服务支出22.3万元。",
            "苏州市水务局2026年度一般公共预算拨款安排的会议费预算支出10.05万元，比上年预算减少4.95万元。",
            "今年预算培训费用1.20万元，较上年增加了培训费0.20万元。",
            "预算合计86,999.14万元，包括本年收入86,999.14万元，上年结转结余0万元。",
        ),
        None,
        "budget",
    )
    assert [(f.fact, f.value, f.change_value, f.reason) for f in facts] == [
        ("office_operation", D("1487.80"), D("286.96"), "公用经费标准出现变化"),
        ("procurement_total", D("712.49"), None, None),
        ("procurement_goods", D("486.50"), None, None),
        ("procurement_works", D("0"), None, None),
        ("procurement_services", D("225.99"), None, None),
        ("procurement_total", D("25.3"), None, None),
        ("procurement_goods", D("2"), None, None),
        ("procurement_works", D("1"), None, None),
        ("procurement_services", D("22.3"), None, None),
        ("meeting_expenses", D("10.05"), D("-4.95"), None),
        ("income_current_year", D("86999.14"), None, None),
        ("carryover_begin", D("0"), None, None),
    ]


def test_a_budgets_carry_over_is_checked_against_its_summary_row(corpus: Path) -> None:
    # 杭州市公安局 p6: "…上年结转结余4,023.45万元，占1.0%"; its 收支预算总表 names the row 上年结转结余.
    hangzhou = processed(corpus / "wide" / "be0459dd2ae2.pdf")
    check = checks(hangzhou, "pass")["text.carryover_begin.current"]
    assert (check.expected, check.actual) == (D("40234500.000000"), D("40234500.0000"))


def test_items_named_or_coded_in_budget_narratives_read_and_checked(corpus: Path) -> None:
    # 苏州市交通运输局 p37: "1.住房改革支出（款）住房公积金（项）支出2,361.54万元，与上年相比减少17.95万元，
    # 减少0.75%，主要原因是在职人员减少" — the path resolves to 2210201 in its 一般公共预算支出表.
    suzhou = processed(corpus / "wide" / "bfdf55f4c2ff.pdf")
    item = fact(suzhou, "general_budget_item", "2210201")
    assert (item.value, item.change_value, item.change_pct, item.reason, item.page) == (
        D("2361.54"),
        D("-17.95"),
        D("-0.75"),
        "在职人员减少",
        37,
    )
    assert checks(suzhou, "pass")["text.general_budget_item.2210201.current"].actual == D("23615400.0000")
    # 福州市民政局 p26: "（四）2080505-机关事业单位基本养老保险缴费支出101.94万元。"
    fuzhou = processed(corpus / "wide" / "341c9dd0aa8e.pdf")
    assert fact(fuzhou, "general_budget_item", "2080505").value == D("101.94")
    assert "text.general_budget_item.2080505.current" in checks(fuzhou, "pass")


def page_of_lines(*texts: str) -> list[PageContent]:
    """A page built to show a layout: each text one line as wide as its characters, so a short line
    (a heading) ends its paragraph and a long one runs on."""
    lines = [
        TextLine(text, Box(90.0, 100.0 + 30 * i, min(500.0, 90.0 + 12.0 * len(text)), 112.0 + 30 * i))
        for i, text in enumerate(texts)
    ]
    return [PageContent(number=1, width=595.0, height=842.0, n_chars=sum(map(len, texts)), lines=lines)]


def test_a_fund_named_in_one_item_of_a_list_is_that_items_only() -> None:
    # Fuzhou budgets list the income by source: the carry-over after the government funds' income is
    # the whole department's (it was read as government_fund_carryover_begin). A sentence about a
    # fund ("2022年度政府性基金预算财政拨款年初结转和结余…，年末结转和结余…") is that fund's throughout.
    # Each fund's appropriation income is read, and its changes; a fund's part of the carry-over
    # ("上年结转结余的一般公共预算收入") is no income of the year.
    facts = extract_facts(
        "x",
        narrative_page(
            "其中：一般公共预算拨款收入2144.92万元、政府性基金预算拨款收入75.00万元、上年结转结余30.00万元。",
            "2022年度政府性基金预算财政拨款年初结转和结余58,830.98万元，收入决算509,220.66万元，"
            "年末结转和结余0万元。",
            "其中：一般公共预算收入41,966.15万元，政府性基金预算收入3,806.19万元，国有资本经营预算收入59.95万元，"
            "财政专户管理资金收入200万元。",
            "上年结转结余的一般公共预算收入0万元，占0%；上年结转结余的政府性基金预算收入0万元，占0%。",
            "1.收入预算减少97.69万元，其中一般公共预算收入减少79.55万元，财政专户管理资金收入减少24.75万元，"
            "政府性基金预算收入减少1,400万元。",
        ),
        None,
        "budget",
    )
    assert [(f.fact, f.value, f.change_value) for f in facts] == [
        ("general_budget_income", D("2144.92"), None),
        ("government_fund_fiscal_appropriation_income", D("75.00"), None),
        ("carryover_begin", D("30.00"), None),
        ("government_fund_carryover_begin", D("58830.98"), None),
        ("government_fund_carryover_end", D("0"), None),
        ("general_budget_income", D("41966.15"), None),
        ("government_fund_fiscal_appropriation_income", D("3806.19"), None),
        ("state_capital_fiscal_appropriation_income", D("59.95"), None),
        ("special_account_income", D("200"), None),
        ("income_total", None, D("-97.69")),  # "1.收入预算减少…": the enumerator qualifies nothing
        ("general_budget_income", None, D("-79.55")),
        ("special_account_income", None, D("-24.75")),
        ("government_fund_fiscal_appropriation_income", None, D("-1400")),
    ]


def test_the_income_and_spending_total_written_with_a_list_mark(corpus: Path) -> None:
    # 苏州市自然资源和规划局 p37: "…2026年度财政拨款收、支总预算86,940.35万元。" — 收、支 is one word
    # here (the 、 ended the label's clause: "支总预算" named nothing); checked against its 财政拨款收支总表.
    [total] = [
        f
        for f in extract_facts(
            "x", narrative_page("苏州市自然资源和规划局2026年度财政拨款收、支总预算86,940.35万元。")
        )
    ]
    assert (total.fact, total.value) == ("fiscal_appropriation_total", D("86940.35"))
    suzhou = processed(corpus / "wide" / "fadd5aae8452.pdf")
    assert checks(suzhou, "pass")["text.fiscal_appropriation_total.current"].expected == D("869403500")


def test_a_figure_named_by_its_year_alone_is_its_headings() -> None:
    # Fuzhou budgets head each 三公 item ("（一）因公出国（境）经费") and state it as "2026年预算安排
    # 0.00万元，与上年持平。"; Beijing's put the label in a sentence of its own before it ("（一）因公出国
    # （境）费用。2026年预算数14.85万元，…"). A year alone names no fact: the figure is the heading's.
    facts = extract_facts(
        "x",
        page_of_lines(
            "六、一般公共预算“三公”经费支出情况",
            "（一）因公出国（境）经费",
            "2026年预算安排0.00万元，与上年持平。",
            "（二）公务接待费",
            "2026年预算安排1.00万元，与上年持平。主要是保障2026年公务接待需要。",
            "（三）公务用车购置和运行维护费。2026年预算数0万元，包括公务用车购置费预算0万元。",
            "七、其他",
            "2026年预算安排5.00万元。",
        ),
        None,
        "budget",
    )
    assert [(f.fact, f.value, f.change_value) for f in facts] == [
        ("three_public_overseas", D("0.00"), D("0")),
        ("three_public_reception", D("1.00"), D("0")),
        ("three_public_vehicle", D("0"), None),
        ("three_public_vehicle_purchase", D("0"), None),
    ]


def test_a_change_after_a_list_of_parts_is_the_wholes() -> None:
    # Xi'an budgets: "…财政拨款收入337,741.21万元，其中：一般公共预算拨款收入324,638.50万元、上年结转
    # 13,102.70万元，较上年减少130,014.30万元，下降27.8%" — the change is the whole's (27.8 % of the
    # whole's year before), not the last part read's; where no row holds the whole, no one's.
    facts = extract_facts(
        "x",
        narrative_page(
            "本部门当年财政拨款收入337,741.21万元，其中：一般公共预算拨款收入324,638.50万元、上年结转"
            "13,102.70万元，较上年减少130,014.30万元，下降27.8%。",
            "2021年本部门财政拨款支出105364.27万元，其中一般公共预算拨款支出105364.27万元、政府性基金拨款"
            "支出0.00万元，2022年本部门财政拨款支出较上年增加29447.58万元，主要原因是专项资金增加。",
        ),
        None,
        "budget",
    )
    assert [(f.fact, f.value, f.change_value, f.change_pct, f.reason) for f in facts] == [
        ("fiscal_appropriation_income", D("337741.21"), D("-130014.30"), D("-27.8"), None),
        ("general_budget_income", D("324638.50"), None, None, None),
        ("general_budget_expenditure", D("105364.27"), None, None, None),
        ("government_fund_expenditure", D("0.00"), None, None, None),
    ]


def test_a_change_opening_the_sentence_after_a_list_is_the_wholes() -> None:
    # Fuzhou budgets (1881fe43526f p21) state the whole and its parts in one sentence and the change
    # in the next: "…支出预算10344.71万元，其中：基本支出…、项目支出1370.70万元。比上年减少32.61万元".
    # It is the whole's, even after one part; and "收入预算为" names the income total.
    facts = extract_facts(
        "x",
        page_of_lines(
            "2026年,福州市公安局巡特警支队收入预算为10344.71万元，其中：一般公共预算拨款收入10344.71万元。"
            "比上年减少32.61万元，下降0.31%，主要原因是一般公共预算拨款收入减少32.61万元。"
            "相应安排支出预算10344.71万元，其中：基本支出8974.01万元、项目支出1370.70万元。"
            "比上年减少32.61万元，下降0.31%。"
        ),
        None,
        "budget",
    )
    assert [(f.fact, f.value, f.change_value, f.change_pct) for f in facts] == [
        ("income_total", D("10344.71"), D("-32.61"), D("-0.31")),
        ("general_budget_income", D("10344.71"), None, None),
        ("expenditure_total", D("10344.71"), D("-32.61"), D("-0.31")),
        ("basic_expenditure", D("8974.01"), None, None),
        ("project_expenditure", D("1370.70"), None, None),
    ]


def test_a_change_after_a_bracketed_list_of_parts_is_the_wholes() -> None:
    # Guangzhou budgets list the vehicle costs' parts in brackets, the bracket's full stop inside it,
    # and state the whole's change after it closes: the operation costs' own change (-19.5) stays.
    facts = extract_facts(
        "x",
        page_of_lines(
            "其中：因公出国（境）费22.06万元，比上年增加0万元，增长0%；公务用车购置及运行维护费210.95万元"
            "（公务用车购置费96万元，比上年减少76万元；公务用车运行维护费114.95万元，比上年减少19.5万元。）"
            "比上年减少95.5万元，下降31.2%，主要原因是车辆到报废年限；公务接待费9.28万元，比上年减少2.77万元。"
        ),
        None,
        "budget",
    )
    assert [(f.fact, f.value, f.change_value, f.change_pct, f.reason) for f in facts] == [
        ("three_public_overseas", D("22.06"), D("0"), D("0"), None),
        ("three_public_vehicle", D("210.95"), D("-95.5"), D("-31.2"), "车辆到报废年限"),
        ("three_public_vehicle_purchase", D("96"), D("-76"), None, None),
        ("three_public_vehicle_operation", D("114.95"), D("-19.5"), None, None),
        ("three_public_reception", D("9.28"), D("-2.77"), None, None),
    ]


def test_a_stated_change_stands_beside_its_flat_judgement() -> None:
    # Xi'an budgets: "较上年增加0.12万元（0.06%），与上年基本持平" — the change and its rate in brackets
    # stand (持平 judges them); "较上年无变化" / "无增减" is a change of 0.
    facts = extract_facts(
        "x",
        narrative_page(
            "2022年本部门当年一般公共预算培训费预算支出192.08万元，较上年增加0.12万元（0.06%），与上年基本持平。",
            "其中：因公出国（境）经费0万元，较上年无变化；公务接待费5.77万元，较上年减少0.03万元（0.5%），"
            "与上年基本持平。",
            "本部门当年一般公共预算会议费预算支出55.85万元，较上年无增减。",
            # Wuxi: the same as the year before's budget; a budget equal to its final is no such thing
            "苏州市科学技术局2026年度一般公共预算拨款安排的培训费预算支出2.16万元，与上年预算数相同。",
        ),
        None,
        "budget",
    )
    assert [(f.fact, f.value, f.change_value, f.change_pct) for f in facts] == [
        ("training_expenses", D("192.08"), D("0.12"), D("0.06")),
        ("three_public_overseas", D("0"), D("0"), D("0")),
        ("three_public_reception", D("5.77"), D("-0.03"), D("-0.5")),
        ("meeting_expenses", D("55.85"), D("0"), D("0")),
        ("training_expenses", D("2.16"), D("0"), D("0")),
    ]


def test_the_year_befores_figure_named_by_the_comparison() -> None:
    # Beijing: "收入预算9626.78万元，比2025年年初预算数9819.98万元减少193.20万元" states last year's
    # figure beside the change; Suzhou: "（去年预算数为0万元，无法计算增减比率）". Each is the `previous`
    # figure of the fact just stated, and the change stays that fact's.
    facts = extract_facts(
        "x",
        narrative_page(
            "2026年度收入预算9626.78万元，比2025年年初预算数9819.98万元减少193.20万元，下降1.97%。",
            "2026年本部门机关运行经费安排201.87万元，较2025年预算198.27万元增加3.6万元。",
            "信息化服务（项）支出50,000万元，与上年相比增加50,000万元（去年预算数为0万元，无法计算增减比率）。",
        ),
        None,
        "budget",
    )
    assert [(f.fact, f.period, f.value, f.change_value) for f in facts] == [
        ("income_total", "current", D("9626.78"), D("-193.20")),
        ("income_total", "previous", D("9819.98"), None),
        ("office_operation", "current", D("201.87"), D("3.6")),
        ("office_operation", "previous", D("198.27"), None),
        ("general_budget_item", "current", D("50000"), D("50000")),
        ("general_budget_item", "previous", D("0"), None),
    ]


def test_an_item_name_holding_list_marks_is_read_whole(corpus: Path) -> None:
    # Jiangsu 2018 p26: "3．公诉、审判、侦查、执行等检察监督支出（项）1,895万元" — the 、 inside the name
    # breaks no clause: the whole name resolves to its row of the general-budget table.
    facts = extract_facts(
        "x",
        narrative_page("3．公诉、审判、侦查、执行等检察监督支出（项）1,895万元，与上年相比减少134万元。"),
        None,
        "budget",
    )
    assert [(f.fact, f.subject, f.value) for f in facts] == [
        ("general_budget_item", "公诉、审判、侦查、执行等检察监督支出", D("1895"))
    ]
    result = processed(corpus / "wide/6615bc43dd49.pdf")
    assert fact(result, "general_budget_item", "2040405").change_pct == D("-0.66")


def test_the_projects_a_budget_sets_performance_targets_for() -> None:
    # How many projects have 绩效目标 and the money they involve, in four cities' words; a sentence
    # saying every project has them without a count (Chongqing: "…项目支出均实行了绩效目标管理，涉及
    # 一般公共预算财政拨款…") gives the amount alone.
    facts = extract_facts(
        "x",
        narrative_page(
            "2026年度，本单位编报绩效目标的项目共16个，涉及项目预算资金13,415.00万元。",
            "市科学技术局2026年政策和项目全面实施绩效目标管理，涉及预算项目9个，预算资金29636万元，"
            "其中财政拨款29636万元。",
            "2026年度，本部门整体支出纳入绩效目标管理，涉及财政性资金64,090.74万元；本部门共32个项目纳入"
            "绩效目标管理，涉及财政性资金合计57,195万元。",
            "其他运转类项目均实行绩效目标管理，共计31个一级项目，涉及资金28,506.17万元（一级项目绩效目标表见附件）。",
            "2026年项目支出均实行了绩效目标管理，涉及一般公共预算财政拨款148,941.8万元。",
        ),
        None,
        "budget",
    )
    assert [(f.fact, f.value, f.unit) for f in facts] == [
        ("performance_target_projects", D("16"), "个"),
        ("performance_target_amount", D("13415.00"), "万元"),
        ("performance_target_projects", D("9"), "个"),
        ("performance_target_amount", D("29636"), "万元"),
        ("performance_target_fiscal_amount", D("29636"), "万元"),  # "，其中财政拨款29636万元"
        ("performance_target_projects", D("32"), "个"),
        ("performance_target_amount", D("57195"), "万元"),
        ("performance_target_projects", D("31"), "个"),
        ("performance_target_amount", D("28506.17"), "万元"),
        ("performance_target_amount", D("148941.8"), "万元"),
    ]


def test_projects_planned_for_a_key_evaluation(corpus: Path) -> None:
    # 烟台市应急管理局 2026 p32: "…涉及预算项目支出13个，预算资金2043.17万元，其中财政拨款2035.67万元。拟对
    # 市级灾害民生综合保险保费等2个项目开展部门重点绩效评价，涉及预算资金695万元，其中财政拨款695万元。"
    r = processed(corpus / "wide" / "5f7b04a243d5.pdf")
    got = {
        f.fact: (f.value, f.unit, f.page)
        for f in r.facts
        if f.fact.startswith(("key_", "performance_target"))
    }
    assert got == {
        "performance_target_projects": (D("13"), "个", 32),
        "performance_target_amount": (D("2043.17"), "万元", 32),
        "performance_target_fiscal_amount": (D("2035.67"), "万元", 32),
        "key_evaluation_projects": (D("2"), "个", 32),
        "key_evaluation_amount": (D("695"), "万元", 32),
        "key_evaluation_fiscal_amount": (D("695"), "万元", 32),
    }
    # one project named, not counted: "拟对市级重大科技创新平台项目开展部门重点绩效评价，涉及预算资金8700万元"
    [named] = extract_facts(
        "x",
        narrative_page("拟对市级重大科技创新平台项目开展部门重点绩效评价，涉及预算资金8700万元。"),
        None,
        "budget",
    )
    assert (named.fact, named.value) == ("key_evaluation_amount", D("8700"))


def test_performance_target_coverage_in_a_budget_and_a_final_account(corpus: Path) -> None:
    budget = processed(corpus / "budget/b06718491296.pdf")  # "编报绩效目标的项目共25个，涉及项目预算资金…"
    assert fact(budget, "performance_target_projects").value == D("25")
    assert fact(budget, "performance_target_amount").value == D("11381.60")
    final = processed(corpus / "final/44874c062a89.pdf")  # "编报绩效目标的2024年度项目1个，涉及预算金额…"
    assert (
        fact(final, "performance_target_projects").value,
        fact(final, "performance_target_amount").value,
    ) == (
        D("1"),
        D("175.52"),
    )


def test_economic_classes_named_with_their_codes() -> None:
    # Xi'an budgets list the general budget's spending by economic class, each with its code, in both
    # classifications; a part of a class (其中：公用经费) and the change after it are not the class's.
    facts = extract_facts(
        "x",
        narrative_page(
            "本部门2020年一般公共预算支出181716.56万元，其中：",
            "工资福利支出（301）7804.52万元,全部为人员经费。较上年减少701.13万元，主要原因是人员减少。",
            "商品和服务支出（302）4464.76万元,其中：公用经费621.37万元,较上年减少147.08万元，属于正常变化。",
            "机关资本性支出（一）（503）1428.4万元，较上年减少6785.64万元，原因是按照部门工作安排。",
        ),
        None,
        "budget",
    )
    assert [(f.fact, f.subject, f.value, f.change_value, f.reason) for f in facts] == [
        ("general_budget_expenditure", None, D("181716.56"), None, None),
        ("general_budget_economic_class", "301", D("7804.52"), D("-701.13"), "人员减少"),
        ("general_budget_economic_class", "302", D("4464.76"), None, None),
        ("general_budget_economic_class", "503", D("1428.4"), D("-6785.64"), "按照部门工作安排"),
    ]


def test_the_fiscal_appropriations_share_of_basic_spending_is_no_departments(corpus: Path) -> None:
    # 苏州市自然资源和规划局 p40: "…财政拨款基本支出预算12,889.17万元" is the 财政拨款 share; the
    # department's 基本支出 is 12,947.96 (p36, its 支出总表). Jiangsu's 一般公共预算支出预算表 prints no
    # 基本支出 column: the general budget's basic spending is its 基本支出 table's 合计.
    suzhou = processed(corpus / "wide" / "fadd5aae8452.pdf")
    assert [f.value for f in suzhou.facts if f.fact == "basic_expenditure"] == [D("12947.96")]
    court = processed(corpus / "wide" / "324795c7efce.pdf")
    basic = checks(court, "pass")["text.general_budget_basic.current"]
    assert (basic.expected, basic.tables) == (D("171231900"), ["324795c7efce-t009"])


def test_items_under_another_funds_heading_are_that_funds() -> None:
    # Fuzhou budgets head each fund's section ("三、政府性基金预算拨款支出情况") and list its 项 by code
    # only: under the government funds' heading they are government_fund_item (they were read as
    # general_budget_item), until the next heading. Hangzhou's sentence names the fund itself.
    facts = extract_facts(
        "x",
        page_of_lines(
            "三、政府性基金预算拨款支出情况",
            "2026年度政府性基金预算支出75.00万元，与上年持平，主要是支持开展医疗救助项目方面的工作。",
            "（一）2296002-用于社会福利的彩票公益金支出75.00万元。主要用于市慈善总会开展救助。",
            "四、国有资本经营预算拨款支出情况",
            "国有资本经营预算支出（类）其他国有资本经营预算支出（款）其他国有资本经营预算支出（项）支出32,640万元，"
            "主要是用于公交运营补贴。",
            "五、一般公共预算拨款基本支出情况",
            "（一）2080505-机关事业单位基本养老保险缴费支出101.94万元。主要用于缴费支出。",
        ),
        None,
        "budget",
    )
    assert [(f.fact, f.subject, f.value, f.change_value) for f in facts] == [
        ("government_fund_expenditure", None, D("75.00"), D("0")),
        ("government_fund_item", "2296002", D("75.00"), None),
        (
            "state_capital_item",
            "国有资本经营预算支出/其他国有资本经营预算支出/其他国有资本经营预算支出",
            D("32640"),
            None,
        ),
        ("general_budget_item", "2080505", D("101.94"), None),
    ]


def test_other_funds_items_and_incomes_checked_against_their_own_tables(corpus: Path) -> None:
    # 福州市民政局 p25-26: "其中：一般公共预算拨款收入2144.92万元、政府性基金预算拨款收入75.00万元、上年
    # 结转结余30.00万元" and, under "三、政府性基金预算拨款支出情况", "（一）2296002-用于社会福利的彩票
    # 公益金支出75.00万元" — each against its own row.
    fuzhou = processed(corpus / "wide" / "341c9dd0aa8e.pdf")
    passed = checks(fuzhou, "pass")
    assert passed["text.government_fund_item.2296002.current"].expected == D("750000")
    assert "政府性基金预算拨款支出预算表" in passed["text.government_fund_item.2296002.current"].detail
    assert passed["text.government_fund_fiscal_appropriation_income.current"].expected == D("750000")
    assert passed["text.general_budget_income.current"].expected == D("21449200")
    assert passed["text.carryover_begin.current"].expected == D("300000")
    assert not [f for f in fuzhou.facts if f.fact == "government_fund_carryover_begin"]
    # 无锡市交通运输局 p33: "（7）国有资本经营预算支出（类）支出32,640万元" against its 国有资本经营预算支出
    # 预算表's row 223.
    wuxi = processed(corpus / "wide" / "4cc41d808e0b.pdf")
    state = checks(wuxi, "pass")["text.state_capital_class.国有资本经营预算支出.current"]
    assert (state.expected, state.tables) == (D("326400000"), ["4cc41d808e0b-t011"])
    # 西安市自然资源和规划局 p23: its 政府性基金收支表 prints 收入 | 支出 sides; the fund's spending is
    # the 支出 side's 本年支出合计 (303,177.96万元 against 3,031,779,608.00元: rounding).
    xian = processed(corpus / "wide" / "1c37dcb59b81.pdf")
    spending = checks(xian, "rounding")["text.government_fund_expenditure.current"]
    assert (spending.expected, spending.actual) == (D("3031779608"), D("3031779600"))


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # budgets name their totals either way round, after the agency or the year
        ("2022年本部门预算收入", ("income_total", None)),
        ("2022年本部门预算支出", ("expenditure_total", None)),
        # …but a fund's figures ending with the same words are that fund's (the sentence's fund
        # word makes the first general_budget_income)
        ("一般公共预算收入", ("fiscal_appropriation_income", None)),
        ("政府性基金预算支出", ("government_fund_expenditure", None)),
        # spending paid from an income is not that income
        ("事业收入支出", None),
        ("事业收入", ("business_income", None)),
        ("政府性基金拨款收入", ("fiscal_appropriation_income", None)),
        # Jiangsu and Xi'an budgets' word orders
        ("2022年本部门当年一般公共预算支出", ("general_budget_expenditure", None)),
        ("省委办公厅2017年财政拨款预算支出", ("fiscal_appropriation_expenditure_budget", None)),
        ("2026年财政拨款收支总预算", ("fiscal_appropriation_total", None)),
        ("财政专户管理资金收入", ("special_account_income", None)),
        # 财政拨款基本支出 is the 财政拨款 share of 基本支出, which no fact holds
        ("2026年度财政拨款基本支出", None),
        ("因公出国（境）经费", ("three_public_overseas", None)),
        # Beijing's and Suzhou's words for office costs, the year-end balance and the income total
        ("2026年北京市信访办公室部门机关运行经费财政拨款", ("office_operation", None)),
        ("2．年终结转结余", ("carryover_end", None)),
        ("苏州市数据局2026年收入预算合计", ("income_total", None)),
        ("公务用车购置和运行维护费", ("three_public_vehicle", None)),
        # the general budget's spending without 财政 or named 一般公共财政 (Xi'an, Fujian budgets)
        ("2022年本部门一般公共预算拨款支出", ("general_budget_expenditure", None)),
        ("2022年本部门一般公共财政拨款支出", ("general_budget_expenditure", None)),
        # Fuzhou's "…支队收入预算为": a filler after the budget total's words
        ("福州市公安局巡特警支队收入预算为", ("income_total", None)),
        # Beijing's share base "占本年支出预算18.24%": the year's spending, not the budget's total
        ("本年支出预算", ("expenditure_current_year", None)),
        # Jiangsu's procurement by kind "其中拟购买货物…；拟购买服务支出…"
        ("其中拟购买货物", ("procurement_goods", None)),
        ("拟购买服务支出", ("procurement_services", None)),
        # every income but the 财政拨款 as one figure (Beijing's heading, Jiangsu's total)
        ("（二）本年其他资金收入", ("other_funds_income", None)),
        ("2．其他资金收入预算总计", ("other_funds_income", None)),
        # Hangzhou's and Huzhou's "一般公共预算当年拨款" (the year's appropriation: its spending)
        ("2026年一般公共预算当年拨款", ("general_budget_expenditure", None)),
        ("2026年政府性基金预算当年拨款", ("government_fund_expenditure", None)),
        # Hangzhou's words for the general budget's basic spending by use
        ("日常公用支出", ("public_expenditure", None)),
        # economic classes by their code after the name, 类 and 款, either classification
        ("工资福利支出（301）", ("general_budget_economic_class", "301")),
        ("机关资本性支出（一）（503）", ("general_budget_economic_class", "503")),
        ("基本工资（30101）", ("general_budget_economic_item", "30101")),
    ],
)
def test_words_before_a_figure_name_its_fact(words: str, expected: tuple[str, None] | None) -> None:
    assert label_of(words, []) == expected


def test_procurement_by_kind_fixed_assets_and_entrusted_services_in_budget_narratives() -> None:
    """Guangzhou: "政府采购安排…，其中：货物类采购预算…", "固定资产金额…", "本年度拟购置固定资产…" and
    "一般公共预算安排委托业务费…"; Xi'an: "政府采购货物类预算…"; Jiangsu 2017: "政府采购预算总金额为…";
    Jiangsu's 委托业务费 paragraph with its change and "主要原因，一是…". 委托业务费 listed among the
    parts of 机关运行经费 is not the agency's 委托业务费."""
    facts = extract_facts(
        "x",
        narrative_page(
            "2026年本部门政府采购安排349.59万元，其中：货物类采购预算115.69万元，工程类采购预算7万元，"
            "服务类采购预算226.9万元等。",
            "截至2026年1月31日，本部门固定资产金额4,220.75万元，分布构成情况为：房屋1,359.76平方米。",
            "本年度拟购置固定资产19.3万元，主要是办公设备及保密设备。",
            "2022年当年本部门政府采购预算共8704.4万元，其中政府采购货物类预算448.08万元、"
            "政府采购服务类预算7184.99万元、政府采购工程类预算1071.33万元。",
            "2017年我部门政府采购预算总金额为3742.4万元。",
            "2026年本部门委托业务费财政拨款预算为6,003.4万元，比上年预算减少1311万元，下降17.92%。",
            "主要原因，一是按照当年度预算编制要求相应调减；二是科学合理调整预算资金。",
            "2020年机关运行经费预算总计82万元，其中：办公经费41.47万元，委托业务费7.28万元。",
        ),
        None,
        "budget",
    )
    assert [(f.fact, f.value, f.change_value, f.reason) for f in facts] == [
        ("procurement_total", D("349.59"), None, None),
        ("procurement_goods", D("115.69"), None, None),
        ("procurement_works", D("7"), None, None),
        ("procurement_services", D("226.9"), None, None),
        ("fixed_assets", D("4220.75"), None, None),
        ("building_area", D("1359.76"), None, None),
        ("fixed_assets_purchased", D("19.3"), None, None),
        ("procurement_total", D("8704.4"), None, None),
        ("procurement_goods", D("448.08"), None, None),
        ("procurement_services", D("7184.99"), None, None),
        ("procurement_works", D("1071.33"), None, None),
        ("procurement_total", D("3742.4"), None, None),
        (
            "entrusted_services",
            D("6003.4"),
            D("-1311"),
            "一是按照当年度预算编制要求相应调减；二是科学合理调整预算资金",
        ),
    ]


def test_a_procurement_total_is_its_goods_works_and_services(corpus: Path) -> None:
    """Fuzhou's 交通管理支队 (69f79ec3c50b p37) prints "政府采购预算总额0万元，其中：政府采购货物预算
    3456.6万元、…工程预算0万元、…服务预算4683.6万元" (and "注：本单位2026年度没有政府采购预算"): the
    parts do not make the whole, as printed. Guangzhou's 7d4050860320 p82: 934.2 + 16,787.76 +
    48,479.65 against 66,201.6, a rounding."""
    checks = {c.check_id: c for c in processed(corpus / "wide/69f79ec3c50b.pdf").checks}
    parts = checks["narrative.parts.procurement_total"]
    assert (parts.status, parts.expected, parts.actual) == ("fail", D("0"), D("8140.2"))
    checks = {c.check_id: c for c in processed(corpus / "wide/7d4050860320.pdf").checks}
    parts = checks["narrative.parts.procurement_total"]
    assert (parts.status, parts.expected, parts.actual) == ("rounding", D("66201.6"), D("66201.61"))


def test_a_procurement_total_by_kind_in_the_next_sentence(corpus: Path) -> None:
    """Jiangsu budgets name the kinds as what the agency means to buy, after the total: "2017年我部门
    政府采购预算总金额为3742.4万元。…其中拟购买货物525.4万元；拟购买工程500万元；拟购买服务2717万元。"
    (江苏省 324795c7efce p26): the three parts make the whole."""
    r = processed(corpus / "wide/324795c7efce.pdf")
    kinds = {f.fact: f.value for f in r.facts if f.fact.startswith("procurement_")}
    assert kinds == {
        "procurement_total": D("3742.4"),
        "procurement_goods": D("525.4"),
        "procurement_works": D("500"),
        "procurement_services": D("2717"),
    }
    parts = checks(r, "pass")["narrative.parts.procurement_total"]
    assert (parts.expected, parts.actual) == (D("3742.4"), D("3742.4"))


def test_every_funds_spending_by_use_and_the_general_budgets(corpus: Path) -> None:
    """Hangzhou budgets list the year's spending by use after "按支出用途分类" (杭州市公安局 2026 p6: "包括
    人员支出250,110.65万元，占61.9%；日常公用支出47,792.58万元，占11.8%；项目支出…"): every fund's, the
    支出预算总表's 基本支出 columns. The same words under "一般公共预算基本支出…，其中：" (p11: "人员支出
    246,458.22万元，主要包括…") are the general budget's, its 基本支出表's."""
    r = processed(corpus / "wide/be0459dd2ae2.pdf")
    by_use = fact(r, "expenditure_personnel")
    assert (by_use.value, by_use.share_pct, by_use.page) == (D("250110.65"), D("61.9"), 6)
    assert fact(r, "expenditure_public").value == D("47792.58")
    assert fact(r, "personnel_expenditure").value == D("246458.22")
    assert fact(r, "public_expenditure").value == D("46733.64")
    passed = checks(r, "pass")
    assert passed["text.expenditure_personnel.current"].actual == D("2501106500")
    assert passed["text.expenditure_public.current"].actual == D("477925800")
    assert passed["text.personnel_expenditure.current"].actual == D("2464582200")
    assert passed["text.public_expenditure.current"].actual == D("467336400")


def test_every_income_but_the_fiscal_appropriation_as_one_figure(corpus: Path) -> None:
    """Beijing's income section heads the non-fiscal incomes with their sum ("（二）本年其他资金收入
    2938.74万元", 北京市公安局 2026 p5: 事业收入510 + 其他收入2428.74); Jiangsu states it as a total and a
    share ("2．其他资金收入预算总计14.39万元。与上年相比减少0.61万元。", then "其他资金14.39万元，占0.06%",
    江苏省人民检察院 2018 pp23, 25)."""
    beijing = processed(corpus / "wide/0ea9a91227fc.pdf")
    assert fact(beijing, "other_funds_income").value == D("2938.74")
    assert fact(beijing, "other_income").value == D("2428.74")
    jiangsu = fact(processed(corpus / "wide/6615bc43dd49.pdf"), "other_funds_income")
    assert (jiangsu.value, jiangsu.change_value, jiangsu.share_pct) == (D("14.39"), D("-0.61"), D("0.06"))


def test_a_funds_appropriation_of_the_year_is_its_spending(corpus: Path) -> None:
    """Hangzhou and Huzhou budgets head a fund's section "一般公共预算当年拨款情况说明" and state "2026年
    一般公共预算当年拨款370,219.25万元，比上年执行数增加17,768.55万元，增长5.0%" (杭州市公安局 p7; "政府性基金
    预算当年拨款7,600.00万元" p12): the fund's spending, its table's 合计. Its 类 are then shares of it; 湖州市
    财政局 (638d83aa857f p8) prints 78.4 % for 5,356.01 of 6,838.41 (78.32 %), its four shares made to add
    up to 100 %."""
    hangzhou = processed(corpus / "wide/be0459dd2ae2.pdf")
    general = fact(hangzhou, "general_budget_expenditure")
    assert (general.value, general.change_value, general.change_pct) == (
        D("370219.25"),
        D("17768.55"),
        D("5.0"),
    )
    passed = checks(hangzhou, "pass")
    assert passed["text.general_budget_expenditure.current"].actual == D("3702192500")
    assert passed["text.government_fund_expenditure.current"].actual == D("76000000")
    huzhou = processed(corpus / "budget/638d83aa857f.pdf")
    share = checks(huzhou, "fail")["narrative.share.general_budget_class.201"]
    assert (share.expected, share.actual) == (D("78.3224"), D("78.4"))


def test_level_marks_holding_the_codes_digits(corpus: Path) -> None:
    """Shanghai district budgets print each level's digits inside its mark ("公共安全支出（204类）司法
    （06款）基层司法业务（04项）2170.39万元", 普陀区司法局 2026 p6): the code is 2040604, also where the 类
    was renamed since ("医疗卫生与计划生育支出（210类）行政事业单位医疗（11款）行政单位医疗（01项）98.27万元",
    卫生健康支出 in its table). The next sentence states the year before's figure and the rate ("2025年当年
    预算执行数为2149.45万元，2026年预算安排2170.39万元，比2025年预算执行数增加0.97%"): the rate is checked
    against the two figures."""
    r = processed(corpus / "budget/ad92f2d01b2a.pdf")
    item = fact(r, "fiscal_appropriation_item", "2040604")
    assert (item.value, item.change_pct) == (D("2170.39"), D("0.97"))
    assert fact(r, "fiscal_appropriation_item", "2040604", "previous").value == D("2149.45")
    assert fact(r, "fiscal_appropriation_item", "2101101").value == D("98.27")
    assert checks(r, "rounding")["text.fiscal_appropriation_item.2101101.current"].expected == D("982692.00")
    rate = checks(r, "pass")["narrative.change_pct.fiscal_appropriation_item.2040604"]
    assert (rate.expected.quantize(D("0.01")), rate.actual) == (D("0.97"), D("0.97"))
    # 0.62 on 0.50 is 24 %, but figures printed to 0.01万元 allow 21.8–26.3 %: "增加22.22%" is a rounding
    assert checks(r, "rounding")["narrative.change_pct.fiscal_appropriation_item.2080599"].actual == D(
        "22.22"
    )
    # the department's edition prints the year before's figure as 43269.3 (3269.3 in the unit's) beside
    # "增加17.62%" (p9), and 17.66 % for 91.97 on 77.99 (17.93 %), copied from the line above
    department = checks(processed(corpus / "budget/c8821d984a54.pdf"), "fail")
    assert department["narrative.change_pct.general_budget_item.2040699"].actual == D("17.62")
    assert department["narrative.change_pct.general_budget_item.2080506"].actual == D("17.66")


@pytest.mark.parametrize(
    ("stated", "change", "before", "change_slack", "base_slack", "within"),
    [
        # 0.12 on 0.50, each printed to 0.01: 0.615 − 0.495 on 0.495 … 0.605 − 0.505 on 0.505
        (D("22.22"), D("0.12"), D("0.50"), D("0.01"), D("0.005"), True),
        (D("27"), D("0.12"), D("0.50"), D("0.01"), D("0.005"), False),
        # -4.76 on 18.07 (-26.34 %) printed as -26.30 %
        (D("-26.30"), D("-4.76"), D("18.07"), D("0.005"), D("0.01"), True),
        (D("-26.0"), D("-4.76"), D("18.07"), D("0.005"), D("0.01"), False),
    ],
)
def test_a_rate_the_rounded_figures_allow(
    stated: Decimal,
    change: Decimal,
    before: Decimal,
    change_slack: Decimal,
    base_slack: Decimal,
    within: bool,
) -> None:
    assert rate_within_figures(stated, change, before, change_slack, base_slack) is within


def test_classes_listed_as_parts_of_the_spending_total(corpus: Path) -> None:
    """Chongqing budgets list the year's spending by 类 right after its total, each named alone
    ("2026年年初预算数19,230.18万元，其中：一般公共服务支出15,958.96万元，教育支出15.26万元…", 重庆市人民政府
    办公厅 p3): the parts of every fund's total are every fund's, the 支出预算表's rows."""
    r = processed(corpus / "wide/3be48d9f27f2.pdf")
    classes = {f.subject: f.value for f in r.facts if f.fact == "expenditure_class"}
    assert classes == {
        "201": D("15958.96"),
        "205": D("15.26"),
        "208": D("1595.94"),
        "210": D("446.95"),
        "215": D("673.17"),
        "221": D("539.91"),
    }
    assert checks(r, "pass")["text.expenditure_class.201.current"].actual == D("159589600")


def test_labels_listed_before_one_figure_they_share(corpus: Path) -> None:
    """Xi'an final accounts (西安市卫生健康委员会 2022, p9): "2022年度收入总计、支出总计均为2,480,372.7万元，与上年
    相比收入总计、支出总计均增加789,183.4万元，增长46.66%" states both totals; p10 the same of the 财政拨款
    totals, whose change the bare "收入总计" then names (the paragraph's scope)."""
    r = processed(corpus / "final/d504cbd6d86e.pdf")
    for name in ("income_total", "expenditure_total"):
        total = fact(r, name)
        assert (total.value, total.change_value) == (D("2480372.7"), D("789183.4"))
        assert checks(r, "pass")[f"text.{name}.current"].actual == D("24803727000.0")
    fiscal = fact(r, "fiscal_appropriation_income_total")
    assert (fiscal.value, fiscal.change_value) == (D("864177.93"), D("337874.84"))
    assert fact(r, "fiscal_appropriation_expenditure_total").change_pct == D("64.2")
