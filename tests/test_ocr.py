"""Scanned pages: triage, OCR into the same canonical rows, doubtful-cell flags, the real scans.

OCR costs seconds a page, so these tests read few pages: the 5-page scanned fixture (fixtures/
scanned, made by fixtures/build_scanned.py) and the four real scans of the corpus, each processed
once per session (conftest.processed). The full measurement is bench/ocr_accuracy.py.
"""

from __future__ import annotations

import multiprocessing
import os
import socket
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, SEED_FIXTURE, processed
from disclosure.extractors.ocr import ocr_pages, ocr_workers
from disclosure.extractors.ocr_engine import OcrBox, OcrWord
from disclosure.extractors.ocr_orientation import candidate_turns
from disclosure.extractors.records import Box, PageContent
from disclosure.extractors.text_layer import open_pdf, read_pages
from disclosure.extractors.triage import text_layer_usable
from disclosure.normalizers.arithmetic import COLUMN_TOTAL, LOW, ROW_TOTAL, cell_flag, doubtful_cells
from disclosure.normalizers.layout import Column
from disclosure.normalizers.records import DocumentResult
from disclosure.pipeline.process import doubtful_ocr_pages
from pebble import ProcessPool

SCANNED_FIXTURE = FIXTURES / "scanned" / "urumqi_social_insurance_2023_final_scanned.pdf"
# The seed fixture's pages rendered into the scan (see fixtures/build_scanned.py).
SCANNED_PAGES = {1, 12, 14, 15, 16, 17}
# The scan's page 2 (the seed's page 12, 支出决算表) turned a quarter clockwise: a sheet fed sideways.
SIDEWAYS_FIXTURE = FIXTURES / "scanned" / "urumqi_social_insurance_2023_final_rotated.pdf"
# The same page turned half a turn: a sheet fed upside down.
UPSIDE_DOWN_FIXTURE = FIXTURES / "scanned" / "urumqi_social_insurance_2023_final_upside_down.pdf"


# --- triage ------------------------------------------------------------------------------------


def test_real_text_layer_is_usable_and_garbage_is_not() -> None:
    assert text_layer_usable("一般公共预算财政拨款支出决算表 2,940.05")
    assert not text_layer_usable(["(cid:12)"] * 40 + list("表一"))
    assert not text_layer_usable("\ue000\ue001\ue002\ue003\ue004\ue005\ue006\ue007\ue008\ue009\ue00a")
    assert not text_layer_usable("第1页")  # a page number over a scan is no text layer


# --- arithmetic flags --------------------------------------------------------------------------


def columns(*roles: str) -> list[Column]:
    return [Column(index=i, labels=[role], role=role) for i, role in enumerate(roles)]


EXPENDITURE_ROWS = [
    # (logical row, code, item name, texts: code, name, total, basic, project)
    (3, None, "合计", ["", "合计", "2,940.05", "2,336.91", "603.14"]),
    (4, "201", "一般公共服务支出", ["201", "一般公共服务支出", "2,106.66", "1,503.52", "603.14"]),
    (5, "20106", "财政事务", ["20106", "财政事务", "2,106.66", "1,503.52", "603.14"]),
    (6, "2010601", "行政运行", ["2010601", "行政运行", "1,511.89", "1,503.52", "8.37"]),
    (7, "2010602", "一般行政管理事务", ["2010602", "一般行政管理事务", "594.77", "", "594.77"]),
    (8, "208", "社会保障和就业支出", ["208", "社会保障和就业支出", "833.40", "833.39", ""]),
    (9, "20805", "行政事业单位养老支出", ["20805", "行政事业单位养老支出", "833.40", "833.39", ""]),
]


def test_consistent_table_has_no_doubtful_cells() -> None:
    # 合计 2,940.05 = 2,106.66 + 833.40 - 0.01: printed parts are rounded, the rounding is tolerated.
    flags = doubtful_cells(EXPENDITURE_ROWS, columns("code", "name", "amount", "amount", "amount"), {})
    assert flags == {}


def test_misread_amount_breaks_row_and_column_sums() -> None:
    rows = [list(r) for r in EXPENDITURE_ROWS]
    rows[3][3] = ["2010601", "行政运行", "1,511.89", "1,503.52", "83.7"]  # decimal point misread
    flags = doubtful_cells(
        [tuple(r) for r in rows], columns("code", "name", "amount", "amount", "amount"), {}
    )
    assert flags[(6, 4)] in (ROW_TOTAL, COLUMN_TOTAL)
    assert flags[(6, 2)] == ROW_TOTAL  # the row's total no longer adds up
    assert (8, 2) not in flags  # rows that add up stay clean


def test_low_confidence_amount_is_flagged() -> None:
    flags = doubtful_cells(
        EXPENDITURE_ROWS, columns("code", "name", "amount", "amount", "amount"), {(8, 3): 0.62, (8, 2): 0.99}
    )
    assert flags == {(8, 3): LOW}


# --- the scanned fixture -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def scanned_result() -> DocumentResult:
    return processed(SCANNED_FIXTURE)


def amount_keys(result: DocumentResult, pages: set[int] | None = None) -> Counter[tuple]:
    return Counter(
        (li.table_kind, li.side, li.code, li.item_name, li.measure, li.amount)
        for li in result.line_items
        if pages is None or li.page in pages
    )


@pytest.mark.slow
@pytest.mark.ocr
def test_scanned_fixture_document_facts(scanned_result: DocumentResult) -> None:
    doc = scanned_result.document
    assert (doc.status, doc.error) == ("ok", None)
    assert (doc.text_pages, doc.image_pages, doc.pages) == (0, 6, 6)
    assert (doc.doc_kind, doc.agency, doc.fiscal_year) == ("final", "乌鲁木齐市社会保险中心", 2023)


@pytest.mark.slow
@pytest.mark.ocr
def test_scanned_fixture_rows_equal_the_text_layer_rows(
    scanned_result: DocumentResult, seed_result: DocumentResult
) -> None:
    ocr = amount_keys(scanned_result)
    text = amount_keys(seed_result, SCANNED_PAGES)
    assert sum(text.values()) == 118
    assert ocr == text
    kinds = {t.table_kind: t.engine for t in scanned_result.tables}
    assert kinds == {
        "expenditure": "ocr",
        "general_budget_expenditure": "ocr",
        "general_budget_basic_expenditure": "ocr",
        "three_public": "ocr",
    }


@pytest.mark.slow
@pytest.mark.ocr
def test_scanned_fixture_figures_and_cell_confidence(scanned_result: DocumentResult) -> None:
    items = {
        (li.table_kind, li.code, li.measure): li
        for li in scanned_result.line_items
        if li.code and li.table_kind == "expenditure"
    }
    total = items[("expenditure", "208", "total")]
    assert (total.amount, total.amount_raw, total.page) == (Decimal("109383400.00"), "10,938.34", 2)
    assert items[("expenditure", "2080101", "basic")].amount == Decimal("33280300.00")
    cell = next(
        c
        for c in scanned_result.cells
        if (c.table_id, c.row, c.col) == (total.table_id, total.row, total.col)
    )
    assert cell.text == "10,938.34" and cell.confidence is not None and cell.confidence > 0.9
    assert cell.flag is None
    # Every table of the scan is complete and adds up: no sum check fails. Cells the recogniser
    # was unsure of may still be flagged, each with its low score.
    flagged = [c for c in scanned_result.cells if c.flag]
    assert all(c.flag == LOW and c.confidence < 0.9 for c in flagged)
    assert len(flagged) <= 3


def test_text_layer_cells_have_no_confidence(seed_result: DocumentResult) -> None:
    assert {c.confidence for c in seed_result.cells} == {None}


# --- the real scans ----------------------------------------------------------------------------


@pytest.mark.ocr
def test_scanned_budget_narrative_reads_offline(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One page in this process with the network cut: the models come from the installed wheel.
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("network access during OCR")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    data = (corpus / "scanned" / "2835cde9d3d0.pdf").read_bytes()
    pdf = open_pdf(data, "2835cde9d3d0.pdf")
    with pdf:
        page5 = next(read_pages(pdf, pages=[5]))
    assert page5.is_image_only
    text = ocr_pages(data, [page5], workers=1)[5].text.replace(" ", "")
    assert "2026年度收入预算101,673.03万元" in text
    assert "99,003.18" in text and "2,669.85" in text


@pytest.mark.ocr
def test_scanned_budget_document_facts(corpus: Path) -> None:
    result = processed(corpus / "scanned" / "2835cde9d3d0.pdf")
    doc = result.document
    assert (doc.status, doc.doc_kind, doc.fiscal_year) == ("ok", "budget", 2026)
    assert doc.agency == "北京市政务服务和数据管理局"
    assert doc.tables_found == 0  # the narrative part: its tables are a separate attachment
    # page 5, read by OCR: "2026年度收入预算101,673.03万元，比2025年年初预算数99,003.18万元增加2,669.85万元，增长2.7%"
    income = next(f for f in result.facts if f.fact == "income_total" and f.page == 5)
    assert (income.value, income.unit) == (Decimal("101673.03"), "万元")
    assert (income.change_value, income.change_pct) == (Decimal("2669.85"), Decimal("2.7"))


@pytest.mark.slow
@pytest.mark.ocr
def test_stamped_allocation_table(corpus: Path) -> None:
    result = processed(corpus / "scanned" / "0fd21605dfd3.pdf")
    table = next(t for t in result.tables if 3 in t.pages)
    assert (table.table_kind, table.engine, table.unit) == ("unclassified", "ocr", "万元")
    grid: dict[int, dict[int, str]] = {}
    for cell in result.cells:
        if cell.table_id == table.table_id:
            grid.setdefault(cell.row, {})[cell.col] = cell.text
    rows = {cols[0]: [cols[c] for c in (1, 2, 3)] for cols in grid.values() if 0 in cols}
    assert rows["长沙市本级及所辖区合计"] == ["367", "31", "398"]
    assert rows["市创业指导中心"] == ["33.0", "2.8", "35.8"]
    assert rows["岳麓区（湘江新区）"] == ["73.0", "6.1", "79.1"]
    assert rows["长沙县"] == ["131.0", "11.1", "142.1"]
    # The seal over the header is not read into the cells; the table adds up, so nothing is flagged.
    assert not [c for c in result.cells if c.table_id == table.table_id and c.flag]
    assert result.line_items == []  # not a standard table: no invented line items


@pytest.mark.parametrize(
    ("doc", "image_pages", "text_pages"), [("788af4855197", 19, 0), ("14a2fb3edade", 2, 4)]
)
@pytest.mark.slow
@pytest.mark.ocr
def test_scanned_notices_are_other(corpus: Path, doc: str, image_pages: int, text_pages: int) -> None:
    result = processed(corpus / "scanned" / f"{doc}.pdf")
    got = result.document
    assert (got.status, got.doc_kind) == ("ok", "other")
    assert (got.image_pages, got.text_pages) == (image_pages, text_pages)
    assert got.tables_found == 0
    assert {t.table_kind for t in result.tables} <= {"unclassified"}
    assert result.line_items == []


def test_seed_fixture_is_not_ocred(seed_result: DocumentResult) -> None:
    assert SEED_FIXTURE.exists()
    assert (seed_result.document.image_pages, seed_result.document.text_pages) == (0, 29)


@pytest.mark.ocr
def test_inspect_reads_a_scanned_page_with_ocr(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from disclosure.pipeline.cli import EXIT_OK, main

    assert main(["inspect", str(corpus / "scanned" / "0fd21605dfd3.pdf"), "--page", "3"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "read by OCR" in out and "engine=ocr" in out
    assert "35.8" in out and "79.1" in out


# --- orientation and doubtful readings (issue 12) -------------------------------------------------


@pytest.mark.slow
@pytest.mark.ocr
def test_sideways_scan_is_read_upright(seed_result: DocumentResult) -> None:
    # Read as scanned, the page gave 67 boxes of noise ("208", "X", "8" — its text runs top to bottom)
    # and no table; turned back a quarter it reads as the text layer does, row for row.
    data = SIDEWAYS_FIXTURE.read_bytes()
    pdf = open_pdf(data, SIDEWAYS_FIXTURE.name)
    with pdf:
        page = next(read_pages(pdf))
    assert page.is_image_only and page.is_landscape
    upright = ocr_pages(data, [page], workers=1)[1]
    assert (upright.ocr_turns, upright.is_landscape) == (1, False)
    assert upright.ocr_low_share is not None and upright.ocr_low_share < 0.1
    result = processed(SIDEWAYS_FIXTURE)
    assert [(t.table_kind, t.title) for t in result.tables] == [("expenditure", "支出决算表")]
    assert amount_keys(result) == amount_keys(seed_result, {12})
    assert sum(amount_keys(result).values()) == 37
    total = next(li for li in result.line_items if li.code == "208" and li.measure == "total")
    assert (total.amount_raw, total.amount) == ("10,938.34", Decimal("109383400.00"))
    assert (result.document.status, result.document.error) == ("ok", None)


@pytest.mark.slow
@pytest.mark.ocr
def test_upside_down_scan_is_read_upright(seed_result: DocumentResult) -> None:
    # Read as scanned, the page gave 93 boxes scoring well (low share 0.07) but wrong: its figures
    # read as other figures ("96.07" as "70.96", "802" as "208") and its Chinese lines were mostly not
    # found (12 Chinese characters of 323); turned back half a turn it reads as the text layer does.
    data = UPSIDE_DOWN_FIXTURE.read_bytes()
    pdf = open_pdf(data, UPSIDE_DOWN_FIXTURE.name)
    with pdf:
        page = next(read_pages(pdf))
    assert page.is_image_only and not page.is_landscape
    upright = ocr_pages(data, [page], workers=1)[1]
    assert (upright.ocr_turns, upright.is_landscape) == (2, False)
    assert upright.ocr_low_share is not None and upright.ocr_low_share < 0.1
    result = processed(UPSIDE_DOWN_FIXTURE)
    assert [(t.table_kind, t.title) for t in result.tables] == [("expenditure", "支出决算表")]
    assert amount_keys(result) == amount_keys(seed_result, {12})
    assert sum(amount_keys(result).values()) == 37
    total = next(li for li in result.line_items if li.code == "208" and li.measure == "total")
    assert (total.amount_raw, total.amount) == ("10,938.34", Decimal("109383400.00"))
    basic = next(li for li in result.line_items if li.code == "20801" and li.measure == "basic")
    assert (basic.amount_raw, basic.amount) == ("4,952.08", Decimal("49520800.00"))
    assert (result.document.status, result.document.error) == ("ok", None)


def box(text: str, score: float = 0.95) -> OcrBox:
    width = 12.0 * len(text)
    return OcrBox(text, Box(0.0, 0.0, width, 12.0), score, (OcrWord(text, 0.0, width, score),))


def test_which_turns_are_tried() -> None:
    # Horizontal boxes with Chinese labels: read once. Figures with hardly any Chinese (upside down)
    # or mostly low scores: also read half a turn round. Tall boxes (sideways): a quarter each way.
    upright = [box("社会保障和就业支出"), box("10,938.34"), box("5,631.87"), box("行政事业单位养老支出")]
    assert candidate_turns(upright * 3) == ()
    upside_down = [box("70.96"), box("66"), box("208"), box("1466.69"), box("花"), box("59.59")]
    assert candidate_turns(upside_down * 3) == (2,)
    assert candidate_turns(upside_down[:2]) == ()  # too few characters to judge the script
    assert candidate_turns([box("支出决算表", 0.3), box("合计", 0.9)]) == (2,)
    tall = OcrBox("支出", Box(0.0, 0.0, 12.0, 40.0), 0.9, (OcrWord("支出", 0.0, 12.0, 0.9),))
    assert candidate_turns([tall] * 3) == (1, 3)


@pytest.mark.slow
@pytest.mark.ocr
def test_upright_scan_is_not_turned(scanned_result: DocumentResult) -> None:
    # Negative case: the upright scan keeps its reading (no page is read turned, all rows as before).
    assert (scanned_result.document.status, scanned_result.document.image_pages) == ("ok", 6)


def test_every_low_confidence_cell_is_flagged() -> None:
    # A name, code or header cell read at 0.19 is as doubtful as an amount: flagged whatever it holds.
    assert cell_flag(0.19, None) == LOW
    assert cell_flag(0.59, None) == LOW
    assert cell_flag(0.75, None) is None  # a text cell at 0.75 is sound; an amount there is flagged
    assert cell_flag(0.75, LOW) == LOW  # (by doubtful_cells, below 0.9)
    assert cell_flag(0.95, ROW_TOTAL) == ROW_TOTAL
    assert cell_flag(None, None) is None  # text-layer cells carry no flag


def test_page_read_mostly_low_makes_the_document_partial() -> None:
    def page(number: int, low: float | None) -> PageContent:
        return PageContent(
            number, 595.0, 842.0, 10, [], engine="ocr" if low is not None else "pdfium", ocr_low_share=low
        )

    assert doubtful_ocr_pages([page(1, None), page(2, 0.8), page(3, 0.1), page(4, 0.51)]) == [2, 4]
    assert doubtful_ocr_pages([page(1, 0.5), page(2, None)]) == []


# --- where OCR runs ----------------------------------------------------------------------------


def test_a_batch_worker_reads_scans_itself_never_in_a_pool_of_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # pebble's workers are not daemonic and are stopped by a signal at the end of every run: an OCR
    # pool started inside one outlived it (orphaned processes, each holding the models)
    monkeypatch.delenv("DISCLOSURE_OCR_WORKERS", raising=False)
    with ProcessPool(max_workers=1, context=multiprocessing.get_context("spawn")) as pool:
        in_worker = pool.schedule(ocr_workers).result(timeout=60)
    assert in_worker == 1
    assert ocr_workers() == min(2, os.cpu_count() or 1)  # this process: its own pool, up to two
