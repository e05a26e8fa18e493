"""kill -9 a running ingest, resume it, and get exactly the rows of an uninterrupted run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ENCRYPTED_FIXTURE, PROJECT, SEED_FIXTURE
from disclosure.outputs.dataset import connect, open_table
from disclosure.pipeline.cli import main
from engines import agreed_rows
from test_batch import table_rows

TABLES = ("documents", "tables", "line_items", "cells", "document_sources")
VOLATILE = ("ingested_at", "first_seen")  # when, not what


def committed_documents(out: Path) -> int:
    """Documents of the last complete commit (0 before the dataset exists)."""
    try:
        return open_table(out, "documents").to_pyarrow_dataset().count_rows()
    except Exception:  # not created yet
        return 0


@pytest.mark.slow
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
        "disclosure.pipeline.cli",
        "ingest",
        *files,
        "--out",
        str(out),
        "--quiet",
        "--workers",
        "1",
        "--commit-every",  # one commit per document: killed between (or during) commits
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
    for table in TABLES:  # and every engine's Delta reader sees just that
        resumed, uninterrupted = agreed_rows(out, table), agreed_rows(reference, table)
        if table in ("line_items", "cells", "tables"):  # no timestamps: the very same rows
            assert resumed == uninterrupted, table
        assert len(resumed) == len(uninterrupted), table
