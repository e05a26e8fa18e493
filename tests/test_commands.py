"""The functions behind the command, called without argparse: typed results, command errors."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import fields
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ENCRYPTED_FIXTURE, GOOD_FIXTURES, SEED_FIXTURE
from disclosure.normalizers.records import DocumentResult
from disclosure.outputs.dataset import tables_named
from disclosure.outputs.layout import TABLE_NAMES, stored_tables, table_name
from disclosure.pipeline import render
from disclosure.pipeline.datasets import QueryResult, compact_dataset, require_dataset, run_query
from disclosure.pipeline.evaluate import evaluate
from disclosure.pipeline.exits import (
    EXIT_BUSY,
    EXIT_OUTPUT_CLOSED,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    Busy,
    Unreadable,
    UsageError,
)
from disclosure.pipeline.ingest import BatchOptions, ingest_batch
from disclosure.pipeline.inspection import inspect_page, inspect_pages
from disclosure.pipeline.reports import audit, report_dataset


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("commands") / "dataset"
    summary = ingest_batch([SEED_FIXTURE, ENCRYPTED_FIXTURE], out, BatchOptions(workers=0))
    assert summary.documents == {"ok": 1, "failed": 1}
    return out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (BatchOptions(executor="dask"), "--executor dask needs --scheduler ADDRESS"),
        (BatchOptions(workers=-1), "--workers must be 0 or more"),
        (BatchOptions(commit_every=0), "--commit-every must be 1 or more"),
    ],
)
def test_batch_options_that_cannot_work_are_usage_errors(options: BatchOptions, message: str) -> None:
    with pytest.raises(UsageError) as error:
        options.check()
    assert (error.value.message, error.value.exit_code) == (message, EXIT_USAGE)


def test_limits_of_zero_are_no_guard() -> None:
    limits = BatchOptions(time_limit=0, memory_limit=0).limits
    assert (limits.seconds, limits.memory_mb) == (None, None)
    limits = BatchOptions(time_limit=30, memory_limit=512).limits
    assert (limits.seconds, limits.memory_mb) == (30, 512)


def test_inspect_returns_pages_tables_and_columns() -> None:
    overview = inspect_pages(SEED_FIXTURE)
    assert [p.number for p in overview] == list(range(1, len(overview) + 1))
    assert "three_public" in overview[16].table_kinds
    detail = inspect_page(SEED_FIXTURE, 16)
    assert (detail.summary.number, detail.summary.orientation, detail.summary.layer) == (
        16,
        "landscape",
        "text",
    )
    assert detail.ocr_warning is None and detail.lines
    table = next(t for t in detail.tables if t.kind == "general_budget_basic_expenditure")
    assert table.unit == "万元" and table.header_rows >= 1
    assert len(table.grid) == table.n_rows and all(len(row) == table.n_cols for row in table.grid)
    assert {c.role for c in table.columns} >= {"code", "name", "amount"}


def test_inspect_errors_carry_their_exit_codes() -> None:
    with pytest.raises(UsageError, match="no page 99"):
        inspect_page(SEED_FIXTURE, 99)
    with pytest.raises(Unreadable) as error:
        inspect_pages(ENCRYPTED_FIXTURE)
    assert error.value.exit_code == EXIT_SOME_FAILED
    assert error.value.message == f"{ENCRYPTED_FIXTURE}: encrypted PDF: needs a password to open"


def test_evaluate_returns_recall_per_truth_file(dataset: Path, tmp_path: Path) -> None:
    result = evaluate(dataset, GOOD_FIXTURES)
    assert [(r.file, r.in_dataset, r.score.found, r.score.total) for r in result.lines] == [
        ("urumqi_social_insurance_2023_final.lines.csv", True, 179, 179)
    ]
    assert (result.found, result.total, result.recall) == (179, 179, 1.0)
    assert [r.file for r in result.scorecards] == ["urumqi_social_insurance_2023_final.scorecards.csv"]
    assert result.scorecards_found == result.scorecards_total > 0
    assert result.complete
    with pytest.raises(UsageError, match="no \\*.lines.csv or \\*.scorecards.csv truth files"):
        evaluate(dataset, tmp_path)
    with pytest.raises(UsageError, match="not a dataset folder"):
        evaluate(tmp_path, GOOD_FIXTURES)


def test_dataset_commands_return_records(dataset: Path, tmp_path: Path) -> None:
    result = run_query(dataset, "SELECT status, count(*) AS n FROM documents GROUP BY ALL ORDER BY ALL")
    assert (result.names, result.rows) == (["status", "n"], [("failed", 1), ("ok", 1)])
    assert result.as_json() == [{"status": "failed", "n": 1}, {"status": "ok", "n": 1}]
    with pytest.raises(UsageError, match="ParserException"):
        run_query(dataset, "SELEC 1")
    with pytest.raises(UsageError, match="not a dataset folder"):
        require_dataset(tmp_path)

    report = report_dataset(dataset, tmp_path / "report")
    assert len(report.documents) == 2 and report.index == tmp_path / "report" / "index.html"
    with pytest.raises(UsageError, match="no document id starts with ffff"):
        report_dataset(dataset, tmp_path / "report", "ffff")

    audited = audit(dataset, tmp_path / "audit" / "audit.json")
    assert len(audited.documents) == 2 and (tmp_path / "audit" / "audit.json").is_file()
    assert audited.as_json()["summary"]["placed_share"] == audited.summary.placed_share

    compacted = compact_dataset(dataset, retain_hours=168)
    assert compacted.converted_documents == 0 and compacted.versions["documents"] >= 0


@pytest.mark.parametrize(
    ("sql", "named"),
    [
        ("SELECT 1", ()),
        ("select count(*) from LINE_ITEMS", ("line_items",)),
        ('FROM "documents" d JOIN line_items USING (doc_id) SELECT count(*)', ("documents", "line_items")),
        ("WITH t AS (SELECT * FROM main.facts) SELECT * FROM t", ("facts",)),
        ("DESCRIBE delta_checks", ("checks",)),
        ("SHOW TABLES", None),  # not a SELECT: every view
        ("SELECT table_name FROM information_schema.tables", None),  # reads the catalog
        ("SELECT * FROM duckdb_views()", None),
        ("SELECT * FROM facts; SHOW TABLES", None),  # two statements
        ("SELECT * FROM facts;", ("facts",)),
    ],
)
def test_a_select_is_given_the_views_of_the_tables_it_names(sql: str, named: tuple[str, ...] | None) -> None:
    """`query` makes the views a statement names (tables_named): opening every table's Delta log
    and binding its view was most of a short query's time."""
    assert tables_named(sql) == named


def test_queries_see_the_tables_they_name_however_they_name_them(dataset: Path) -> None:
    """A join, a table named only in a string (query_table: run again with every view), a listing
    of the tables: each reads what it would with every view made."""
    joined = run_query(
        dataset,
        "SELECT l.amount, d.agency FROM line_items l JOIN documents d USING (doc_id) "
        "WHERE l.code = '2080101' AND l.measure = 'total' ORDER BY l.amount",
    )
    assert (Decimal("38505900"), "乌鲁木齐市社会保险中心") in joined.rows
    counted = run_query(dataset, "SELECT count(*) FROM documents, query_table('facts')")
    assert counted.rows == [(2 * run_query(dataset, "SELECT count(*) FROM facts").rows[0][0],)]
    listed = {row[0] for row in run_query(dataset, "SHOW TABLES").rows}
    assert set(stored_tables()) <= listed
    assert run_query(dataset, "SELECT 1 AS one").rows == [(1,)]


def test_a_query_whose_reader_stops_reading_ends_quietly(dataset: Path) -> None:
    """`disclosure query … | head`: the rest of the rows have no reader. The command stops with the
    exit status of a process SIGPIPE ends, and no traceback."""
    command = [sys.executable, "-m", "disclosure.pipeline.cli", "query", str(dataset)]
    sql = "SELECT range AS n FROM range(200000)"  # more than a pipe's buffer holds
    with subprocess.Popen(
        [*command, sql, "--format", "csv"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        assert [process.stdout.readline(), process.stdout.readline()] == ["n\n", "0\n"]
        process.stdout.close()
        errors = process.stderr.read()
    assert (process.returncode, errors) == (EXIT_OUTPUT_CLOSED, "")


def test_the_table_names_are_one_per_field_of_a_document_result() -> None:
    """outputs.layout writes the table names out (query starts without the records module)."""
    assert tuple(table_name(f.name) for f in fields(DocumentResult)) == TABLE_NAMES


def test_a_busy_dataset_is_a_busy_error(dataset: Path) -> None:
    from disclosure.outputs.delta import DatasetWriter

    with DatasetWriter(dataset):
        with pytest.raises(Busy) as error:
            ingest_batch([SEED_FIXTURE], dataset, BatchOptions(workers=0))
        assert error.value.exit_code == EXIT_BUSY
        with pytest.raises(Busy):
            compact_dataset(dataset, retain_hours=168)


def test_query_results_print_as_csv_json_and_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    """pipeline.render prints what the functions return: exact decimals, ISO dates, empty for null."""
    result = QueryResult(["code", "amount", "day"], [("201", Decimal("1.50"), date(2024, 1, 2)), (None,) * 3])
    render.print_query(result, "csv")
    assert capsys.readouterr().out == "code,amount,day\r\n201,1.50,2024-01-02\r\n,,\r\n"
    render.print_query(result, "json")
    assert json.loads(capsys.readouterr().out) == [
        {"code": "201", "amount": "1.50", "day": "2024-01-02"},
        {"code": None, "amount": None, "day": None},
    ]
    render.print_query(result, "table")
    table = capsys.readouterr().out
    assert "amount" in table and "1.50" in table and "2024-01-02" in table and "None" not in table
    # piped (no terminal), a wide result keeps each value whole on its row, not folded to 80 columns
    names = [f"column_number_{i}" for i in range(12)]
    render.print_query(QueryResult(names, [tuple(Decimal("23520000.000000") for _ in names)]), "table")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5 and lines[1].count("column_number_") == 12
    assert lines[3].count("23520000.000000") == 12
