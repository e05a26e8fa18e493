"""Completeness measured by the tool itself: amounts printed vs. placed, standard tables, the audit."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED_FIXTURE, processed
from disclosure.extractors.records import Box, PageContent, TextLine
from disclosure.normalizers.completeness import (
    is_hidden,
    is_printed_amount,
    missing_standard_tables,
    unruled_row_amounts,
)
from disclosure.normalizers.records import DocumentResult, TableRecord
from disclosure.pipeline.cli import EXIT_OK, main


def test_every_amount_of_the_fixture_is_placed(seed_result: DocumentResult) -> None:
    document = seed_result.document
    # 179 line-item amounts of the nine tables + the scorecards' funds, weights and scores
    assert (document.amount_cells, document.amount_cells_placed) == (482, 482)
    assert sum(1 for item in seed_result.line_items) == 179
    assert document.standard_tables_expected == 9
    assert document.standard_tables_missing == []
    assert seed_result.unplaced_amounts == []
    assert document.part == "complete"  # tables and the narrative in one file


def test_printed_amount_shapes() -> None:
    assert is_printed_amount("2,940.05") and is_printed_amount("0.00") and is_printed_amount("12,000")
    assert is_printed_amount("-1.5") and is_printed_amount("(3.20)")
    # codes, line numbers and years are not counted unless they landed
    assert not is_printed_amount("2080505") and not is_printed_amount("2024") and not is_printed_amount("3")
    assert not is_printed_amount("98.5%") and not is_printed_amount("一、基本支出")


def line(text: str, top: float) -> TextLine:
    return TextLine(text=text, box=Box(50.0, top, 500.0, top + 10))


def page_of(*texts: str) -> PageContent:
    lines = [line(text, 100.0 + 20 * i) for i, text in enumerate(texts)]
    return PageContent(number=3, width=595, height=842, n_chars=100, lines=lines, tables=[])


def test_an_unruled_table_row_counts_against_the_document() -> None:
    page = page_of(
        "一般公共服务支出 1,234.56 1,000.00 234.56",  # a table row printed without ruling lines
        "本年支出合计2,940.05万元，比上年增加12.30万元。",  # narrative: numbers inside a sentence
        # a narrative line wrapped so that its figures stand apart (6615bc43dd49 p28): a clause ends in it
        "公”经费的 20.65 %；公务用车购置及运行费支出 267.8",
        "17981.68 万元，与上年相比增加 1454.35 万元，增长",  # 956e155770fa p21
    )
    found = unruled_row_amounts([page])
    assert [(a.page, a.text) for a in found] == [(3, "1,234.56"), (3, "1,000.00"), (3, "234.56")]


def test_a_line_is_hidden_when_most_of_its_text_is_drawn_outside_its_clip() -> None:
    # A row whose cells stand apart: three runs of text, 35 points inked of a 450-point line.
    row = line("46-绩效管理综合评价 85.000000 85.000000", 100.0)
    runs = [Box(50.0, 100.0, 65.0, 110.0), Box(200.0, 100.0, 210.0, 110.0), Box(490.0, 100.0, 500.0, 110.0)]
    assert is_hidden(row, hidden=runs, shown=[])  # clipped whole, though under half its width is inked
    assert not is_hidden(row, hidden=runs[:1], shown=runs[1:])  # a clipped label beside shown amounts
    assert is_hidden(row, hidden=runs[:2], shown=runs[2:])
    below = [Box(200.0, 130.0, 210.0, 140.0)]  # hidden text on another line does not count
    assert not is_hidden(row, hidden=below, shown=runs)
    assert not is_hidden(row, hidden=[], shown=runs)


def table(kind: str) -> TableRecord:
    return TableRecord("d", f"d-{kind}", kind, None, "万元", [1], 3, 3, "pdfium")


def test_a_missing_standard_table_is_excused_only_by_the_text() -> None:
    present = [table(k) for k in ("income_expenditure_summary", "income", "expenditure")]
    silent = page_of("部门预算公开表")
    expected, missing = missing_standard_tables("budget", present, [silent])
    assert expected == 9 and "government_fund" in missing and "state_capital" in missing
    explained = page_of("本部门无政府性基金预算收入，也没有使用政府性基金安排的支出，故本表无数据。")
    _, missing = missing_standard_tables("budget", present, [explained])
    assert "government_fund" not in missing and "state_capital" in missing
    # documents that print no standard table (a narrative part, a notice) expect none
    assert missing_standard_tables("budget", [table("unclassified")], [silent]) == (0, [])
    assert missing_standard_tables("other", present, [silent]) == (0, [])


def test_audit_command_lists_documents_least_complete_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    main(["ingest", str(SEED_FIXTURE), "--out", str(out), "--quiet", "--workers", "0"])
    capsys.readouterr()
    report = tmp_path / "audit.json"
    assert main(["audit", str(out), "--json", str(report)]) == EXIT_OK
    text = capsys.readouterr().out
    assert "amounts placed 482 / 482 = 100.00%" in text
    assert "482/482" in text and "urumqi_social_insurance_2023_final.pdf" in text
    assert '"amount_cells": 482' in report.read_text(encoding="utf-8")
    assert processed(SEED_FIXTURE).document.amount_cells == 482


def audit_of(pdf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    """The audit of a dataset holding one document: its text and its --json report."""
    out = tmp_path / "out"
    main(["ingest", str(pdf), "--out", str(out), "--quiet", "--workers", "0"])
    capsys.readouterr()
    report = tmp_path / "audit.json"
    assert main(["audit", str(out), "--json", str(report)]) == EXIT_OK
    return capsys.readouterr().out, report.read_text(encoding="utf-8")


def test_audit_names_a_fact_the_narrative_states_twice_differently(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Jiangsu 2017 p19 states 基本支出 as 12,323.46万元 ("基本支出预算数为…") and as 12,323.48 ("基本支出
    # 12323.48万元，占68.48%"): one of the two is a printed slip (the table prints 12,323.48).
    text, report = audit_of(corpus / "budget/956e155770fa.pdf", tmp_path, capsys)
    assert "facts stated twice with different values: 1; changes larger than their figure: 0" in text
    assert "    fact stated twice: basic_expenditure (current): 12323.46 | 12323.48 万元 (p19)" in text
    assert '"facts_stated_twice": 1' in report


def test_audit_names_the_typed_tables_whose_unit_is_inferred(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Xi'an's 气象局 2022 prints its year comparison (p10) without a unit: its amounts rest on the
    # 万元 the narrative states its figures in, which the audit says; its other tables print 元.
    text, report = audit_of(corpus / "wide/5d77663c3523.pdf", tmp_path, capsys)
    assert "typed tables with an inferred unit: 1" in text
    assert "    tables with an inferred unit: year_comparison (p10): 万元 from the text" in text
    assert '"tables_with_inferred_unit": 1' in report
