"""A failure anywhere is one document's failure: writing or normalising errors give a failed row, the batch goes on."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import disclosure.outputs.delta
import disclosure.pipeline.executors
import disclosure.pipeline.process
import pytest
from conftest import ENCRYPTED_FIXTURE, SEED_FIXTURE
from disclosure.extractors.file_check import sha256_of
from disclosure.normalizers.records import DocumentResult
from disclosure.outputs.dataset import connect
from disclosure.outputs.parquet import stored_tables
from disclosure.pipeline.cli import EXIT_OK, EXIT_SOME_FAILED, main
from disclosure.pipeline.ingest import ingest
from engines import agreed_rows

SEED_ID = sha256_of(SEED_FIXTURE.read_bytes())


def rows_of(out: Path, doc_id: str) -> dict[str, int]:
    """Rows of the document in every view."""
    con = connect(out)
    return {
        name: con.execute(f"SELECT count(*) FROM {name} WHERE doc_id = ?", [doc_id]).fetchone()[0]
        for name in stored_tables()
        if name != "document_links"
    }


def ingest_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    capsys.readouterr()
    code = main(["ingest", *args, "--workers", "0", "--quiet", "--json"])
    return code, json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_a_document_whose_rows_cannot_be_written_is_failed_and_the_batch_goes_on(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    other = corpus / "final" / "f17e3c9deb66.pdf"  # one-page 绩效自评表: scorecard rows
    other_id = sha256_of(other.read_bytes())
    real_task = disclosure.pipeline.executors.process_task

    def unwritable_seed(source: str, data: bytes) -> DocumentResult:
        result = real_task(source, data)
        if result.document.doc_id == SEED_ID:  # beyond decimal(28, 6): pyarrow refuses to write it
            result.line_items[-1].amount = Decimal("1e40")
        return result

    monkeypatch.setattr(disclosure.pipeline.executors, "process_task", unwritable_seed)
    out = tmp_path / "out"
    code, summary = ingest_json([str(SEED_FIXTURE), str(other), "--out", str(out)], capsys)
    assert code == EXIT_SOME_FAILED
    assert summary["documents"] == {"failed": 1, "ok": 1}

    con = connect(out)
    docs = {r[0]: r[1:] for r in con.execute("SELECT doc_id, status, error, pages FROM documents").fetchall()}
    status, error, pages = docs[SEED_ID]
    assert status == "failed"
    assert error.startswith("could not write the dataset rows (ArrowInvalid: ")
    assert error.endswith(")") and "\n" not in error and len(error) <= 200
    assert pages == 29  # what is known of the document is kept
    assert docs[other_id][0] == "ok"
    assert rows_of(out, other_id)["scorecards"] > 0
    assert summary["line_items"] == rows_of(out, other_id)["line_items"]  # none counted for the failed one
    seed_rows = rows_of(out, SEED_ID)
    assert (seed_rows.pop("documents"), seed_rows.pop("document_sources")) == (1, 1)
    assert set(seed_rows.values()) == {0}, seed_rows

    # The same bytes under the same pipeline version: a data error is not retried without --force ...
    monkeypatch.setattr(disclosure.pipeline.executors, "process_task", real_task)  # fixed
    code, summary = ingest_json([str(SEED_FIXTURE), "--out", str(out)], capsys)
    assert (code, summary["skipped"], summary["documents"]) == (EXIT_OK, 1, {})
    # ... and --force writes it
    code, summary = ingest_json([str(SEED_FIXTURE), "--out", str(out), "--force"], capsys)
    assert (code, summary["documents"]) == (EXIT_OK, {"ok": 1})
    con = connect(out)
    assert con.execute("SELECT status, error FROM documents WHERE doc_id = ?", [SEED_ID]).fetchone() == (
        "ok",
        None,
    )
    assert rows_of(out, SEED_ID)["line_items"] == 179
    assert rows_of(out, other_id)["scorecards"] > 0


def test_a_commit_error_half_way_through_a_batch_leaves_none_of_its_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = disclosure.outputs.delta.write_deltalake
    failures = []

    def failing_once_on_line_items(table: object, *args: object, **kwargs: object) -> None:
        # tables, then line_items: the batch's first table is committed when the second fails
        if str(getattr(table, "table_uri", table)).rstrip("/").endswith("line_items") and not failures:
            failures.append(table)
            raise OSError("disk I/O error")
        real_write(table, *args, **kwargs)

    monkeypatch.setattr(disclosure.outputs.delta, "write_deltalake", failing_once_on_line_items)
    out = tmp_path / "out"
    summary = ingest([SEED_FIXTURE, ENCRYPTED_FIXTURE], out, workers=0)
    assert failures and summary.documents == {"failed": 2}
    con = connect(out)
    error = con.execute("SELECT error FROM documents WHERE doc_id = ?", [SEED_ID]).fetchone()[0]
    assert error == "could not write the dataset rows (OSError: disk I/O error)"
    seed_rows = rows_of(out, SEED_ID)
    assert (seed_rows.pop("documents"), seed_rows.pop("document_sources")) == (1, 1)
    assert set(seed_rows.values()) == {0}, seed_rows
    # `tables`, committed before the error, was restored: no Delta reader sees the seed's rows there
    assert not [row for row in agreed_rows(out, "tables") if row[0] == SEED_ID]
    # an environment error is retried by the next run, without --force
    again = ingest([SEED_FIXTURE, ENCRYPTED_FIXTURE], out, workers=0)
    assert (again.documents, again.skipped) == ({"ok": 1}, 1)
    assert rows_of(out, SEED_ID)["line_items"] == 179


def test_a_normaliser_error_is_a_failed_document_naming_the_stage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise KeyError("合计")

    monkeypatch.setattr(disclosure.pipeline.process, "build_scorecards", broken)
    doc = disclosure.pipeline.executors.process_task(str(SEED_FIXTURE), SEED_FIXTURE.read_bytes()).document
    assert (doc.status, doc.error, doc.pages) == ("failed", "normalising failed (KeyError: '合计')", 29)

    out = tmp_path / "out"
    summary = ingest(
        [SEED_FIXTURE, ENCRYPTED_FIXTURE], out, workers=0
    )  # in-process: nothing catches it but us
    assert summary.documents == {"failed": 2}
    assert [e for _, e in summary.errors] == [
        "failed: normalising failed (KeyError: '合计')",
        "failed: encrypted PDF: needs a password to open",
    ]
    assert rows_of(out, SEED_ID)["line_items"] == 0
