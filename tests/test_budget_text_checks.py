"""A budget's narrative against its tables (scope text_vs_table, the budget cell map): each case
names the budget layout the map reads, on a document that shows it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import processed
from disclosure.normalizers.records import CheckRecord, DocumentResult


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
            "text.general_budget_class.212.current",
            "pass",
            "8420903100.00",
            "8420903100.00",
            "支出总表 (4cc41d808e0b-t003, p16) row 12 “212 城乡社区支出”",
        ),
        # printed wrong: the narrative's 基本支出 12,323.46万元 (p19), the 支出预算总表's 12,323.48 (p11)
        (
            "budget/956e155770fa.pdf",
            "text.basic_expenditure.budget",
            "fail",
            "123234800.00",
            "123234600.00",
            "“基本支出” = 12,323.48",
        ),
    ],
)
def test_budget_narrative_against_its_cell(
    corpus: Path, name: str, check_id: str, status: str, cell: str, text: str, where: str
) -> None:
    check = text_check(processed(corpus / name), check_id)
    assert (check.status, check.expected, check.actual) == (status, Decimal(cell), Decimal(text))
    assert where in check.detail


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
