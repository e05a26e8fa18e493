"""The project's own seed-based fixture: every amount, read as the truth file says."""

from __future__ import annotations

from decimal import Decimal

from conftest import SEED_TRUTH
from disclosure.normalizers.records import DocumentResult
from disclosure.normalizers.vocabulary import TABLE_KINDS
from disclosure.pipeline.evaluate_scoring import ItemKey, score_document
from disclosure.pipeline.evaluate_truth import read_truth


def amount(result: DocumentResult, kind: str, measure: str, *, code=None, item=None, side=None) -> Decimal:
    """The single amount of a table cell, found by its keys."""
    found = [
        li.amount
        for li in result.line_items
        if li.table_kind == kind
        and li.measure == measure
        and (code is None or li.code == code)
        and (item is None or li.item_name == item)
        and (side is None or li.side == side)
    ]
    assert len(found) == 1, (kind, measure, code, item, side, found)
    return found[0]


def test_every_truth_cell_is_found(seed_result: DocumentResult) -> None:
    truth = read_truth(SEED_TRUTH)
    items = [
        ItemKey(li.table_kind, li.side, li.code, li.item_name, li.measure, li.amount)
        for li in seed_result.line_items
    ]
    score = score_document(truth, items)
    assert score.missing == []
    assert score.found == len(truth) == 179
    # No invented cells either: the standard tables hold exactly the truth's amounts.
    assert len(seed_result.line_items) == len(truth)


def test_document_facts_come_from_the_content(seed_result: DocumentResult) -> None:
    doc = seed_result.document
    assert doc.status == "ok" and doc.error is None
    assert (doc.doc_kind, doc.scope, doc.fiscal_year) == ("final", "department", 2023)
    assert doc.agency == "乌鲁木齐市社会保险中心"
    assert doc.pages == 29 and doc.text_pages == 29 and doc.image_pages == 0
    assert doc.tables_found == 9


def test_headline_figures_in_yuan(seed_result: DocumentResult) -> None:
    r = seed_result
    assert amount(r, "income_expenditure_summary", "final", item="总计", side="income") == Decimal(
        "109383400.00"
    )
    assert amount(r, "income_expenditure_summary", "final", item="本年收入合计") == Decimal("108533000.00")
    assert amount(r, "income", "fiscal_appropriation", code="2080101") == Decimal("38505900.00")
    assert amount(r, "income", "other_income", code="2080109") == Decimal("2664200.00")
    assert amount(r, "expenditure", "basic", code="2080101") == Decimal("33280300.00")
    assert amount(r, "general_budget_expenditure", "project", code="2080109") == Decimal("21394400.00")
    assert amount(r, "three_public", "final", item="合计") == Decimal("322900.00")
    assert amount(r, "three_public", "budget", item="公务用车运行费") == Decimal("322900.00")
    assert all(isinstance(li.amount, Decimal) for li in r.line_items)


def test_table_continued_over_a_page_break_is_one_table(seed_result: DocumentResult) -> None:
    tables = {t.table_kind: t for t in seed_result.tables if t.table_kind in TABLE_KINDS}
    assert tables["general_budget_expenditure"].pages == [14, 15]
    assert tables["general_budget_basic_expenditure"].pages == [16]  # the landscape page
    pages = {li.page for li in seed_result.line_items if li.table_kind == "general_budget_expenditure"}
    assert pages == {14, 15}


def test_codes_levels_and_schemes(seed_result: DocumentResult) -> None:
    by_code = {(li.table_kind, li.code): li for li in seed_result.line_items if li.code}
    assert by_code[("expenditure", "208")].code_level == 1
    assert by_code[("expenditure", "20801")].code_level == 2
    assert by_code[("expenditure", "2080101")].code_level == 3
    assert by_code[("expenditure", "2080101")].code_scheme == "function"
    assert by_code[("general_budget_basic_expenditure", "30101")].code_scheme == "economic"


def test_every_row_traces_back_to_its_cell(seed_result: DocumentResult) -> None:
    cells = {(c.table_id, c.row, c.col): c for c in seed_result.cells}
    for item in seed_result.line_items:
        cell = cells[(item.table_id, item.row, item.col)]
        assert cell.page == item.page
        assert cell.text.strip() == item.amount_raw
