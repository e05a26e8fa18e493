"""The per-document work on a real Dask distributed cluster (LocalCluster on loopback) gives the local rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ENCRYPTED_FIXTURE, FIXTURES, SEED_FIXTURE
from disclosure.pipeline.cli import EXIT_SOME_FAILED, EXIT_USAGE, main
from test_batch import table_rows

distributed = pytest.importorskip("distributed")

TABLES = ("documents", "tables", "line_items", "cells", "document_sources")
VOLATILE = ("ingested_at", "first_seen")


@pytest.mark.slow
def test_dask_cluster_output_equals_local_run(tmp_path: Path) -> None:
    # Four documents on a worker with two threads: they are read two at a time, taking turns at
    # PDFium (tests/test_pdfium_threads.py).
    layouts = FIXTURES / "layouts"
    files = [
        str(SEED_FIXTURE),
        str(ENCRYPTED_FIXTURE),
        str(layouts / "narrative_indicator_tables.pdf"),
        str(layouts / "scorecard_total_row.pdf"),
    ]
    local = tmp_path / "local"
    assert main(["ingest", *files, "--out", str(local), "--quiet", "--workers", "0"]) == EXIT_SOME_FAILED

    on_dask = tmp_path / "dask"
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=True,  # a separate worker process: it gets bytes, never a path
        host="127.0.0.1",
        protocol="tcp",
        dashboard_address=None,
        silence_logs=40,
    ) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        code = main(
            ["ingest", *files, "--out", str(on_dask), "--quiet", "--executor", "dask", "--scheduler", address]
        )
    assert code == EXIT_SOME_FAILED  # the encrypted file fails there as here
    for table in TABLES:
        assert table_rows(on_dask, table, drop=VOLATILE) == table_rows(local, table, drop=VOLATILE), table
    total = table_rows(on_dask, "line_items")
    assert len(total) == len(table_rows(local, "line_items")) > 150


@pytest.mark.slow
def test_dask_needs_a_scheduler(tmp_path: Path) -> None:
    args = ["ingest", str(SEED_FIXTURE), "--out", str(tmp_path / "o"), "--quiet", "--executor", "dask"]
    assert main(args) == EXIT_USAGE
