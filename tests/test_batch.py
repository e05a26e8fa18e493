"""Batch ingest at scale: incremental skip, two names for the same bytes, guards, partitions, compaction."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import disclosure.pipeline.ingest
import pytest
from conftest import ENCRYPTED_FIXTURE, SEED_FIXTURE
from deltalake import DeltaTable
from disclosure.outputs.dataset import connect
from disclosure.outputs.delta import DatasetBusy, DatasetWriter
from disclosure.pipeline.cli import EXIT_BUSY, main
from disclosure.pipeline.executors import Limits, LocalPool, start_pool
from disclosure.pipeline.ingest import ingest
from engines import agreed_rows

SEED_AMOUNT_SQL = (
    "SELECT amount FROM line_items WHERE table_kind = 'general_budget_expenditure' "
    "AND measure = 'total' AND code = '2080101'"
)


def table_rows(out: Path, name: str, drop: tuple[str, ...] = ()) -> list[tuple]:
    """Every row of a view, without the named columns, sorted: content equality of two datasets."""
    con = connect(out)
    columns = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {name}").fetchall() if r[0] not in drop]
    listed = ", ".join(f'"{c}"' for c in columns)
    return con.execute(f"SELECT {listed} FROM {name} ORDER BY ALL").fetchall()


@pytest.mark.slow
def test_rerun_skips_and_same_bytes_under_two_names_is_one_document(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = ingest([SEED_FIXTURE, ENCRYPTED_FIXTURE], out, workers=0)
    assert first.documents == {"ok": 1, "failed": 1}
    items = table_rows(out, "line_items")

    copy = tmp_path / "renamed" / "same_bytes.pdf"
    copy.parent.mkdir()
    shutil.copyfile(SEED_FIXTURE, copy)
    again = ingest([SEED_FIXTURE, ENCRYPTED_FIXTURE, copy], out, workers=0)
    assert (again.skipped, sum(again.documents.values()), again.pages) == (3, 0, 0)

    con = connect(out)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    sources = con.execute(
        "SELECT s.file_name FROM document_sources s JOIN documents d USING (doc_id) "
        "WHERE d.status = 'ok' ORDER BY s.first_seen, s.source"
    ).fetchall()
    assert sorted(s[0] for s in sources) == ["same_bytes.pdf", "urumqi_social_insurance_2023_final.pdf"]
    assert table_rows(out, "line_items") == items
    assert con.execute(SEED_AMOUNT_SQL).fetchall() == [(Decimal("38505900.00"),)]

    # the same bytes twice within one run: processed once, two sources
    fresh = tmp_path / "fresh"
    both = ingest([SEED_FIXTURE, copy], fresh, workers=0)
    assert (both.documents["ok"], both.duplicates) == (1, 1)
    assert connect(fresh).execute("SELECT count(*) FROM document_sources").fetchone()[0] == 2


@pytest.mark.slow
def test_force_and_new_pipeline_version_reprocess_without_duplicates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    ingest([SEED_FIXTURE], out, workers=0)
    items = table_rows(out, "line_items")
    stamp = connect(out).execute("SELECT ingested_at FROM documents").fetchone()[0]

    forced = ingest([SEED_FIXTURE], out, workers=0, force=True)
    assert (forced.documents["ok"], forced.skipped) == (1, 0)
    con = connect(out)
    assert con.execute("SELECT ingested_at > ? FROM documents", [stamp]).fetchall() == [(True,)]
    assert table_rows(out, "line_items") == items

    monkeypatch.setattr(disclosure.pipeline.ingest, "PIPELINE_VERSION", "999.0")
    bumped = ingest([SEED_FIXTURE], out, workers=0)
    assert (bumped.documents["ok"], bumped.skipped) == (1, 0)
    assert table_rows(out, "line_items") == items
    assert len(agreed_rows(out, "line_items")) == len(items)  # every Delta reader: no superseded rows
    # superseded files stay for time travel until `compact` vacuums them
    assert main(["compact", str(out), "--retain-hours", "0"]) == 0
    assert len(list((out / "line_items").rglob("*.parquet"))) == 1


def test_guards_turn_a_runaway_document_into_a_failed_row(tmp_path: Path, corpus: Path) -> None:
    # 171 pages, about 2 s to read: far over 0.05 s plus the 0.1 s between pebble's checks of the
    # time limits (a document done sooner can land before the check sees it), and over 64 MiB
    big = corpus / "final" / "d504cbd6d86e.pdf"
    out = tmp_path / "out"
    timed = ingest([big, ENCRYPTED_FIXTURE], out, workers=1, limits=Limits(seconds=0.05, memory_mb=None))
    con = connect(out)
    rows = dict(con.execute("SELECT file_name, error FROM documents").fetchall())
    assert rows["d504cbd6d86e.pdf"] == "time limit exceeded (0.05 s per document)"
    assert rows["encrypted.pdf"] == "encrypted PDF: needs a password to open"
    assert timed.documents["failed"] == 2

    # a resource failure is retried by the next run (here with the default limits, and it succeeds)
    retried = ingest([big, ENCRYPTED_FIXTURE], out, workers=1)
    assert (retried.documents["ok"], retried.skipped) == (1, 1)

    squeezed = tmp_path / "squeezed"
    ingest([big], squeezed, workers=1, limits=Limits(seconds=None, memory_mb=64))
    status, error = connect(squeezed).execute("SELECT status, error FROM documents").fetchone()
    assert status == "failed"
    # A MemoryError is caught; an allocation failing inside PDFium aborts the worker (SIGABRT, -6).
    # The cap applies while a document is processed, not while the worker receives it.
    assert error == "memory limit exceeded (64 MiB per worker)" or re.fullmatch(
        r"worker process died \(exit code -?\d+\)", error
    )


def test_a_pool_started_ahead_serves_the_runs_given_it(tmp_path: Path) -> None:
    # the command starts its workers before it opens the dataset; no pool for in-process or Dask runs
    assert start_pool(0, "local") is None and start_pool(None, "dask") is None
    with LocalPool(1) as pool:
        first = ingest([SEED_FIXTURE, ENCRYPTED_FIXTURE], tmp_path / "a", workers=1, pool=pool)
        second = ingest([SEED_FIXTURE], tmp_path / "b", workers=1, pool=pool)
    assert (first.documents, second.documents) == ({"ok": 1, "failed": 1}, {"ok": 1})
    for out in (tmp_path / "a", tmp_path / "b"):
        assert connect(out).execute(SEED_AMOUNT_SQL).fetchall() == [(Decimal("38505900.00"),)]


def test_one_writer_at_a_time(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with DatasetWriter(out):
        with pytest.raises(DatasetBusy):
            DatasetWriter(out)
        code = main(["ingest", str(SEED_FIXTURE), "--out", str(out), "--quiet", "--workers", "0"])
        assert code == EXIT_BUSY


def test_compaction_keeps_rows_and_drops_superseded_ones(tmp_path: Path, corpus: Path) -> None:
    # two published versions of one 2017 budget: the same partition, two documents
    versions = [corpus / "budget" / "956e155770fa.pdf", corpus / "budget" / "cc051e34039b.pdf"]
    out = tmp_path / "out"
    ingest([*versions, SEED_FIXTURE], out, workers=0, batch_documents=1)
    before = {name: table_rows(out, name) for name in ("documents", "tables", "line_items", "cells")}
    documents = table_rows(out, "documents", drop=("ingested_at",))
    partition = "fiscal_year=2017/doc_kind=budget/"
    in_partition = [f for f in DeltaTable(out / "line_items").file_uris() if partition in f]
    assert len(in_partition) == 2  # one commit each

    assert main(["compact", str(out)]) == 0
    in_partition = [f for f in DeltaTable(out / "line_items").file_uris() if partition in f]
    assert len(in_partition) == 1
    for name, rows in before.items():
        assert table_rows(out, name) == rows, name

    # re-processing one document held in a compacted file replaces its rows at once, for every reader
    ingest([versions[0]], out, workers=0, force=True)
    assert table_rows(out, "line_items") == before["line_items"]
    assert table_rows(out, "documents", drop=("ingested_at",)) == documents
    assert len(agreed_rows(out, "line_items")) == len(before["line_items"])
    con = connect(out)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
    assert main(["compact", str(out), "--retain-hours", "0"]) == 0
    assert table_rows(out, "line_items") == before["line_items"]
    assert len(agreed_rows(out, "line_items")) == len(before["line_items"])
