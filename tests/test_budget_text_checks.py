"""A budget's narrative against its tables (scope text_vs_table, the budget cell map): each case
names the budget layout the map reads, on a document that shows it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import processed
from disclosure.normalizers.records import CheckRecord, DocumentResult


def assert_figures(check: CheckRecord, status: str, expected: str, actual: str) -> None:
    """The check's status and its two figures (in yuan)."""
    assert (check.status, check.expected, check.actual) == (status, Decimal(expected), Decimal(actual))


def text_check(result: DocumentResult, check_id: str) -> CheckRecord:
    found = [c for c in result.checks if c.scope == "text_vs_table" and c.check_id == check_id]
    assert len(found) == 1, [c.check_id for c in result.checks if c.scope == "text_vs_table"]
    return found[0]


@pytest.mark.parametrize(
    ("name", "check_id", "status", "cell", "text", "where"),
    [
        # the summary's grand total row is named 支出总计 (not 总计)
        (
            "wide/107303e1f27b.pdf",
            "text.expenditure_total.current",
            "pass",
            "316707300.00",
            "316707300.00",
            "“支出总计”",
        ),
        # the expenditure side prints two column groups (功能分类 | 支出用途): 支出合计 under the second
        (
            "wide/520fa5c58e1f.pdf",
            "text.expenditure_total.current",
            "pass",
            "136490700.00",
            "136490700.00",
            "“支出合计”",
        ),
        # the 三公 table's budget column (the year's 预算数), not a 决算 column
        (
            "wide/0c14414ad0ff.pdf",
            "text.three_public_reception.current",
            "pass",
            "70000.00",
            "70000.00",
            "预算数/公务接待费” = 7.00",
        ),
        # the 基本支出 table prints no 人员经费 column: 301 工资福利支出 838.03 + 303 对个人和家庭的补助 93.77
        (
            "wide/1e3c40d44e15.pdf",
            "text.personnel_expenditure.current",
            "pass",
            "9318000.00",
            "9318000.0",
            "Σ 301 = 838.03, 303 = 93.77",
        ),
        # the income table prints the funds as columns, no 财政拨款 column: 一般公共预算拨款/小计 in 元
        # (2,271,233,740.03) + 政府性基金拨款 0.00 against the narrative's 227,123.37万元
        (
            "wide/1bb348cfd18e.pdf",
            "text.fiscal_appropriation_income.current",
            "rounding",
            "2271233740.03",
            "2271233700.00",
            "“部门预算/一般公共预算拨款/小计” = 2271233740.03",
        ),
        # the narrative lists its 类 for every fund: 212 城乡社区支出 842,090.31 is the 支出总表's row
        # (the general-budget table's is 137,692.11)
        (
            "wide/4cc41d808e0b.pdf",
            "text.expenditure_class.212.current",
            "pass",
            "8420903100.00",
            "8420903100.00",
            "支出总表 (4cc41d808e0b-t003, p16) row 12 “212 城乡社区支出”",
        ),
    ],
)
def test_budget_narrative_against_its_cell(
    corpus: Path, name: str, check_id: str, status: str, cell: str, text: str, where: str
) -> None:
    check = text_check(processed(corpus / name), check_id)
    assert_figures(check, status, cell, text)
    assert where in check.detail


def test_a_narrative_stating_one_figure_twice_differently_has_each_checked(corpus: Path) -> None:
    # printed wrong: the narrative's 基本支出 is 12,323.46万元 in one sentence of p19 ("基本支出预算数为…")
    # and 12,323.48 in another ("基本支出12323.48万元，占68.48%"), the 支出预算总表's 12,323.48 (p11)
    result = processed(corpus / "budget/956e155770fa.pdf")
    checks = sorted(
        (c.status, c.actual)
        for c in result.checks
        if c.check_id.startswith("text.basic_expenditure.current#") and c.expected == Decimal("123234800.00")
    )
    assert checks == [("fail", Decimal("123234600.00")), ("pass", Decimal("123234800.00"))]
    # one id each, numbered in the order stated
    assert {c.check_id for c in result.checks if c.check_id.startswith("text.basic_expenditure.current")} == {
        "text.basic_expenditure.current#1",
        "text.basic_expenditure.current#2",
    }


def test_budget_rules_note_names_only_the_rules_left_out(corpus: Path) -> None:
    result = processed(corpus / "wide/107303e1f27b.pdf")
    note = next(c for c in result.checks if c.check_id == "document.budget_rules")
    assert "text-vs-table" not in note.detail
    assert {c.status for c in result.checks if c.scope == "text_vs_table"} <= {"pass", "rounding", "skipped"}


def test_parts_of_the_general_budget_in_the_next_sentence(corpus: Path) -> None:
    """ "2026年一般公共预算财政拨款收入12,672.73万元,…支出12,672.73万元…。" then "其中:基本支出
    5,445.39万元,…;项目支出7,227.34万元": the general budget's income and parts, not the whole
    department's (its 支出总表 prints 基本支出 5,838.39 and 项目支出 8,932.23)."""
    facts = {
        (f.fact, f.period): f.value for f in processed(corpus / "wide/bcd5320f71cf.pdf").facts if f.page == 2
    }
    assert facts[("general_budget_income", "current")] == Decimal("12672.73")
    assert facts[("general_budget_basic", "current")] == Decimal("5445.39")
    assert facts[("general_budget_project", "current")] == Decimal("7227.34")
    assert facts[("basic_expenditure", "current")] is None  # "基本支出增加1,252.5万元": a change only
    assert ("fiscal_appropriation_income", "current") not in facts


def test_an_economic_class_keeps_its_own_staff_and_office_costs(corpus: Path) -> None:
    """ "商品和服务支出（302）4464.76万元,其中：公用经费621.37万元" and "对事业单位经常性补助（505）
    2945.22万元,其中：人员经费1903.54万元…;公用经费75.66万元": that class's parts, not the agency's."""
    facts = [
        (f.fact, f.value)
        for f in processed(corpus / "wide/225b0d00e2b8.pdf").facts
        if f.fact in ("personnel_expenditure", "public_expenditure")
    ]
    assert facts == []


def test_spending_paid_from_an_income_is_not_that_income(corpus: Path) -> None:
    """ "事业收入243.00万元 … 事业收入支出226.50": the second is spending, not a business_income figure."""
    result = processed(corpus / "wide/627c16eab5a5.pdf")
    assert [f.value for f in result.facts if f.fact == "business_income"] == [Decimal("243.0000")]
    check = text_check(result, "text.business_income.current")
    assert_figures(check, "pass", "2430000.00", "2430000.00")


def test_general_budget_named_without_its_budget_word(corpus: Path) -> None:
    """ "2022 年本部门一般公共财政拨款支出 1899.9 万元，其中基本支出 183.93 万元": the general budget's
    basic spending, which its table prints as 人员经费支出 + 公用经费支出 (no 基本支出 column)."""
    result = processed(corpus / "wide/5d77663c3523.pdf")
    assert ("general_budget_basic", Decimal("183.9300")) in [(f.fact, f.value) for f in result.facts]
    check = text_check(result, "text.general_budget_basic.current")
    assert_figures(check, "rounding", "1839311.66", "1839300.00")
    assert "“人员经费支出” = 1732620.66, “公用经费支出” = 106691" in check.detail


def test_office_costs_list_their_own_parts(corpus: Path) -> None:
    """ "机关运行经费预算总计82万元，其中：办公经费41.47万元，公务接待费2万元…公务用车运行维护费12万元":
    parts of 机关运行经费, not the department's 三公 figures (3.30 and 26.00 in its 三公 table)."""
    facts = processed(corpus / "wide/225b0d00e2b8.pdf").facts
    assert not [f for f in facts if f.fact.startswith("three_public") and f.page == 25]
    # a later paragraph's 机关运行经费 parts no longer overwrite the 三公 figure's change
    operation = [
        (f.value, f.change_value)
        for f in processed(corpus / "wide/65b3ede0cfb0.pdf").facts
        if f.fact == "three_public_vehicle_operation"
    ]
    assert operation == [(Decimal("190.0000"), Decimal("190.0000"))]


def test_three_public_total_column_beside_fund_columns(corpus: Path) -> None:
    """Guangzhou's 财政拨款安排的行政经费及“三公”经费预算表: rows name the categories, columns are 合计 |
    一般公共预算 | 政府性基金预算 | 国有资本经营预算. The 合计 column is each row's total, not a category."""
    result = processed(corpus / "wide/1ab28b8055e3.pdf")
    totals = {
        i.item_name: (i.amount_raw, i.fund)
        for i in result.line_items
        if i.table_kind == "three_public" and i.measure_raw == "合计"
    }
    assert totals["合计"] == ("74.83", None)  # the row “三公”经费
    assert totals["公务用车运行费"] == ("34.29", None)
    check = text_check(result, "text.three_public_total.current")
    assert_figures(check, "pass", "748300.00", "748300.00")


def test_budget_totals_with_the_words_the_other_way_round(corpus: Path) -> None:
    """ "2022年本部门预算收入58124.29万元，其中…事业收入726.23万元，…，2022年本部门预算收入较上年增加
    5764.04万元": 预算收入 is the income total (收入预算's words reversed), and the change is its, not
    the last part's."""
    result = processed(corpus / "wide/41cd3dcb9588.pdf")
    facts = {(f.fact, f.page): (f.value, f.change_value) for f in result.facts}
    assert facts[("income_total", 20)] == (Decimal("58124.29"), Decimal("5764.04"))
    assert facts[("business_income", 20)] == (Decimal("726.23"), None)
    check = text_check(result, "text.income_total.current")
    assert_figures(check, "rounding", "581242867.20", "581242900.00")


def test_a_class_against_a_table_of_one_amount_column(corpus: Path) -> None:
    """江苏 2017 一般公共预算支出预算表 prints one 金额 column (no 合计): each row's amount is its total. The
    narrative's 类 is every fund's (listed after 支出预算总计…包括：); the 支出预算表 prints its 合计 alone and
    nothing is spent beyond the general budget, so the general budget's row is its counterpart."""
    check = text_check(processed(corpus / "wide/324795c7efce.pdf"), "text.expenditure_class.204.current")
    assert_figures(check, "pass", "235131100.00", "235131100.00")
    assert "row 2 “204 公共安全支出” column “金额” = 23,513.11" in check.detail


def test_a_class_of_every_fund_no_table_prints(corpus: Path) -> None:
    """ "（二）支出预算总计 17996.68 万元。包括：1．公共安全（类）支出 13656.34 万元": every fund's 类 (its
    其他收入 15.00 included), which no table prints by class; the general budget's row says 13,641.34.
    Not a failure: skipped, naming both totals."""
    check = text_check(processed(corpus / "budget/956e155770fa.pdf"), "text.expenditure_class.204.current")
    assert check.status == "skipped"
    assert "支出 合计 17,996.68, 一般公共预算 合计 17,981.68" in check.detail


def test_classes_of_a_table_printing_names_only(corpus: Path) -> None:
    """杭州 市级部门一般公共预算支出预算表 prints 类, 款 and 项 by name, indented, without codes: a name
    path is found row after row (公共安全支出, then its 司法, then that 款's 行政运行)."""
    result = processed(corpus / "wide/425299ae811b.pdf")
    item = text_check(result, "text.general_budget_item.公共安全支出/司法/行政运行.current")
    assert (item.status, item.expected, item.actual) == (
        "pass",
        Decimal("85538000.00"),
        Decimal("85538000.00"),
    )
    assert "“行政运行” column “合计” = 8,553.80" in item.detail
    # the 项 of the 款 printed twice under 一般公共服务支出 (its 款 and 项 share the name)
    other = text_check(
        result, "text.general_budget_item.一般公共服务支出/其他一般公共服务支出/其他一般公共服务支出.current"
    )
    assert (other.status, other.actual) == ("pass", Decimal("128680000.00"))
    assert "row 8 " in other.detail


def test_a_class_stated_as_zero_that_the_table_does_not_print_agrees_with_it(corpus: Path) -> None:
    # Wuxi 2026 p31: "（4）城乡社区支出（类）支出0万元，与上年相比减少11,523万元": the 一般公共预算支出表
    # lists the classes it spends on (208, 210, 211, 213, 221), not 212: nothing spent, as stated.
    check = text_check(
        processed(corpus / "wide/c9f6ec177e13.pdf"), "text.expenditure_class.城乡社区支出.current"
    )
    assert_figures(check, "pass", "0", "0")
    assert "no row 城乡社区支出 (not printed: 0)" in check.detail


def test_economic_classes_against_the_general_budget_by_economic_class(corpus: Path) -> None:
    """Xi'an 2020 p19–21 lists the general budget's spending by economic class in both
    classifications ("工资福利支出（301）7804.52万元", "机关工资福利支出（501）5900.98万元"). The table
    titled "…一般公共预算支出明细表（按支出经济分类科目）" (p35) prints each 部门预算 class as a row and the
    政府预算 class only as each 款's second code (30101 under 50101 …): 501 is their sum."""
    result = processed(corpus / "wide/225b0d00e2b8.pdf")
    departmental = text_check(result, "text.general_budget_economic_class.301.current")
    assert_figures(departmental, "pass", "78045200.00", "78045200.00")
    assert "“301 工资福利支出” column “合计” = 7804.52" in departmental.detail
    government = text_check(result, "text.general_budget_economic_class.501.current")
    assert_figures(government, "pass", "59009800.00", "59009800.00")
    assert "Σ 30101 (50101) = " in government.detail
    # a part of the class and the change stated after it are not the class's (a 公用经费 part's change)
    goods = next(f for f in result.facts if f.fact == "general_budget_economic_class" and f.subject == "302")
    assert (goods.value, goods.change_value) == (Decimal("4464.76"), None)


def test_a_title_naming_what_the_table_leaves_out_is_kinded_by_the_rest(corpus: Path) -> None:
    """ "…一般公共预算支出明细表（按支出经济分类科目-不含上年结转）": 不含上年结转 says the carry-over is left
    out, so the table is the general budget by economic class, not a carry-over table (Xi'an 2022)."""
    result = processed(corpus / "wide/1bb348cfd18e.pdf")
    kinds = {t.title: t.table_kind for t in result.tables}
    assert (
        kinds["年部门综合预算一般公共预算支出明细表（按支出经济分类科目-不含上年结转）"]
        == "economic_classification"
    )
    assert kinds["年部门综合预算一般公共预算基本支出明细表（按支出功能分类科目-不含上年结转）"] == (
        "basic_expenditure_detail"
    )
    assert kinds["部门综合预算财政拨款上年结转资金支出表"] == "carryover"
    # its rows hold: 合计 = Σ 类, and each economic class stated in the narrative is its row
    hierarchy = [c for c in result.checks if c.check_id.startswith("economic_classification.")]
    assert hierarchy and {c.status for c in hierarchy} == {"pass"}
    check = text_check(result, "text.general_budget_economic_class.310.current")
    assert_figures(check, "rounding", "2010802176.00", "2010802200.00")  # 元 against 0.01 万元


def test_a_budgets_own_change_rates_are_checked(corpus: Path) -> None:
    """The narrative's change rates against its own figures, in budgets too: Xi'an 2022 p30 prints
    "三公经费预算支出80.77万元，较上年增加74.97万元（92.82%）" — 74.97 of the year before's 5.80 is
    1292.59 %, and 92.82 % is 74.97 of this year's 80.77: printed wrong. Guangzhou prints rates to
    one place ("下降31.2%" for 31.16 %): the rate rounded to its own places."""
    xian = processed(corpus / "wide/1bb348cfd18e.pdf")
    wrong = next(c for c in xian.checks if c.check_id == "narrative.change_pct.three_public_total")
    assert (wrong.status, wrong.expected, wrong.actual) == ("fail", Decimal("1292.5862"), Decimal("92.8200"))
    guangzhou = processed(corpus / "wide/35d0ca721fe7.pdf")
    vehicle = next(c for c in guangzhou.checks if c.check_id == "narrative.change_pct.three_public_vehicle")
    assert (vehicle.status, vehicle.actual) == ("pass", Decimal("-31.2000"))


def test_the_year_befores_figure_against_the_figure_and_its_change(corpus: Path) -> None:
    """Beijing 2026 p3: "2026年度收入预算9626.78万元，比2025年年初预算数9819.98万元减少193.20万元": the
    figure less its change is the year before's figure the text states."""
    result = processed(corpus / "wide/0712b170dd43.pdf")
    check = next(c for c in result.checks if c.check_id == "narrative.previous.income_total")
    assert (check.status, check.expected, check.actual) == (
        "pass",
        Decimal("9819.9800"),
        Decimal("9819.9800"),
    )
