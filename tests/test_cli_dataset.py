"""The command end to end on the bundled fixtures: ingest, query (three formats), inspect, eval."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES, GOOD_FIXTURES, SEED_FIXTURE
from disclosure.normalizers.vocabulary import TABLE_KINDS
from disclosure.outputs.dataset import connect
from disclosure.pipeline.cli import EXIT_OK, main


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dataset")
    main(["ingest", str(FIXTURES), "--out", str(out), "--quiet"])
    return out


@pytest.mark.slow
@pytest.mark.ocr
def test_amounts_are_decimal_in_parquet(dataset: Path) -> None:
    con = connect(dataset)
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE line_items)").fetchall())
    assert types["amount"] == "DECIMAL(28,6)"  # every printed digit: up to six decimals
    total = con.execute(
        "SELECT amount FROM line_items WHERE table_kind = 'income_expenditure_summary' "
        "AND side = 'income' AND item_name = '总计'"
    ).fetchone()[0]
    assert total == Decimal("109383400.00")


@pytest.mark.slow
@pytest.mark.ocr
def test_query_formats(dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sql = "SELECT code, amount FROM line_items WHERE table_kind='general_budget_expenditure' AND measure='total' AND code='2080101'"
    assert main(["query", str(dataset), sql, "--format", "csv"]) == EXIT_OK
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    # The seed fixture and its scanned rendering (read by OCR) give the same row.
    assert rows == [["code", "amount"], ["2080101", "38505900.000000"], ["2080101", "38505900.000000"]]
    assert main(["query", str(dataset), sql, "--format", "json"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out) == [{"code": "2080101", "amount": "38505900.000000"}] * 2
    assert main(["query", str(dataset), sql]) == EXIT_OK
    assert "38505900.000000" in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.ocr
def test_documents_and_tables_views(dataset: Path) -> None:
    con = connect(dataset)
    docs = dict(con.execute("SELECT file_name, status FROM documents").fetchall())
    assert docs == {
        "urumqi_social_insurance_2023_final.pdf": "ok",
        "urumqi_social_insurance_2023_final_scanned.pdf": "ok",
        "urumqi_social_insurance_2023_final_rotated.pdf": "ok",  # a scanned page fed sideways
        "urumqi_social_insurance_2023_final_upside_down.pdf": "ok",  # and one fed upside down
        "scorecard_total_row.pdf": "ok",  # fixtures/layouts: one-layout pages
        "narrative_indicator_tables.pdf": "ok",
        "clipped_cell_text.pdf": "ok",
        "encrypted.pdf": "failed",
    }
    kinds = [
        r[0]
        for r in con.execute(
            "SELECT table_kind FROM tables JOIN documents USING (doc_id) WHERE table_kind IN (SELECT unnest(?)) "
            "AND file_name = 'urumqi_social_insurance_2023_final.pdf' ORDER BY tables.pages[1]",
            [list(TABLE_KINDS)],
        ).fetchall()
    ]
    assert kinds == [
        "income_expenditure_summary",
        "income",
        "expenditure",
        "fiscal_appropriation_summary",
        "general_budget_expenditure",
        "general_budget_basic_expenditure",
        "three_public",
        "government_fund",
        "state_capital",
    ]
    # every cell of the raw grid is kept for audit
    assert con.execute("SELECT count(*) FROM cells WHERE page = 14").fetchone()[0] > 50


@pytest.mark.slow
@pytest.mark.ocr
def test_eval_command(dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(dataset), str(GOOD_FIXTURES)]) == EXIT_OK
    assert "overall recall: 179/179 = 100.0%" in capsys.readouterr().out


def test_inspect_shows_grid_and_roles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(SEED_FIXTURE), "--page", "16"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "kind=general_budget_basic_expenditure" in out
    assert "unit=万元" in out
    assert "landscape" in out
    assert main(["inspect", str(SEED_FIXTURE)]) == EXIT_OK
    overview = capsys.readouterr().out
    assert "page 17:" in overview and "three_public" in overview
