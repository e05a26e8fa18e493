"""kill -9 a running ingest, resume it, and get exactly the rows of an uninterrupted run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import ENCRYPTED_FIXTURE, PROJECT, SEED_FIXTURE
from test_batch import table_rows

from outputs.catalog import CATALOG_FILE
from outputs.dataset import connect
from pipeline.cli import main

TABLES = ("documents", "tables", "line_items", "cells", "document_sources")
VOLATILE = ("ingested_at", "first_seen")  # when, not what


def committed_documents(out: Path) -> int:
    path = out / CATALOG_FILE
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT count(*) FROM docs").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_killed_ingest_resumes_to_the_rows_of_an_uninterrupted_run(tmp_path: Path, corpus: Path) -> None:
    files = [
        str(SEED_FIXTURE),
        str(corpus / "final" / "f17e3c9deb66.pdf"),
        str(corpus / "budget" / "1ac93479a5f5.pdf"),
        str(corpus / "bad" / "html-page-saved-as.pdf"),
        str(corpus / "budget" / "ef2db536657d.pdf"),
        str(corpus / "budget" / "28647feb2ecb.pdf"),
        str(ENCRYPTED_FIXTURE),
    ]
    reference = tmp_path / "reference"
    assert main(["ingest", *files, "--out", str(reference), "--quiet", "--workers", "0"]) == 1  # 2 bad files

    out = tmp_path / "killed"
    command = [
        sys.executable,
        "-m",
        "pipeline.cli",
        "ingest",
        *files,
        "--out",
        str(out),
        "--quiet",
        "--workers",
        "1",
    ]
    run = subprocess.Popen(
        command, cwd=PROJECT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 120
        while committed_documents(out) < 2 and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        done_at_kill = committed_documents(out)
        os.killpg(run.pid, signal.SIGKILL)  # the ingest and its worker, mid-batch, no clean-up
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
        run.wait(timeout=30)
    assert 2 <= done_at_kill < len(files), f"not killed mid-batch ({done_at_kill} of {len(files)} done)"

    # readable as it was left: every listed document is complete, nothing half-written shows
    con = connect(out)
    listed = con.execute("SELECT doc_id FROM documents").fetchall()
    assert len(listed) >= done_at_kill
    reference_con = connect(reference)
    for (doc_id,) in listed:
        for table in ("line_items", "cells", "tables"):
            sql = f"SELECT count(*) FROM {table} WHERE doc_id = ?"
            assert con.execute(sql, [doc_id]).fetchone() == reference_con.execute(sql, [doc_id]).fetchone()

    assert main(["ingest", *files, "--out", str(out), "--quiet", "--workers", "1"]) == 1
    for table in TABLES:
        assert table_rows(out, table, drop=VOLATILE) == table_rows(reference, table, drop=VOLATILE), table
    seed_total = (
        "SELECT amount FROM line_items WHERE table_kind = 'income_expenditure_summary' "
        "AND side = 'income' AND item_name = '总计'"
    )
    assert str(connect(out).execute(seed_total).fetchone()[0]) == "109383400.000000"


def test_no_stray_files_after_resume(tmp_path: Path) -> None:
    """Files a killed run staged or placed without committing are deleted by the next writer."""
    out = tmp_path / "out"
    assert main(["ingest", str(SEED_FIXTURE), "--out", str(out), "--quiet", "--workers", "0"]) == 0
    stray = out / "line_items" / "year=2023" / "kind=final" / "0000-left-by-a-killed-run.parquet"
    staged = out / ".staging" / "abc-123"
    staged.mkdir(parents=True)
    (staged / "cells.parquet").write_bytes(b"PAR1")
    stray.write_bytes((next((out / "line_items").rglob("*.parquet"))).read_bytes())
    assert main(["ingest", str(SEED_FIXTURE), "--out", str(out), "--quiet", "--workers", "0"]) == 0
    assert not stray.exists() and not staged.exists()
