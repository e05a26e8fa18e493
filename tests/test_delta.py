"""The dataset as Delta tables: every engine's Delta reader sees the same rows, versions, old layouts converted."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import disclosure.pipeline.ingest
import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import DATA, ENCRYPTED_FIXTURE, SEED_FIXTURE
from deltalake import DeltaTable, write_deltalake
from disclosure.outputs.dataset import DatasetError, connect
from disclosure.outputs.delta import COMPACT_FILES, DatasetWriter
from disclosure.outputs.parquet import stored_schema, stored_tables
from disclosure.pipeline.cli import EXIT_OK, EXIT_USAGE, main
from disclosure.pipeline.ingest import ingest
from engines import agreed_rows

SEED_TOTAL = (
    "SELECT amount FROM line_items WHERE table_kind = 'income_expenditure_summary' "
    "AND side = 'income' AND item_name = '总计'"
)
CHECKED = ("documents", "line_items", "scorecards", "checks", "document_sources")


def live_files(out: Path, name: str) -> int:
    return len(DeltaTable(out / name).file_uris())


def test_every_engine_reads_the_same_rows_after_reingest_and_compact(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest([SEED_FIXTURE, ENCRYPTED_FIXTURE], out, workers=0)
    first = {name: agreed_rows(out, name) for name in CHECKED}
    assert len(first["line_items"]) == 179
    assert len(first["documents"]) == 2

    frame = DeltaTable(out / "line_items").to_pandas(types_mapper=pd.ArrowDtype)
    assert frame["amount"].dtype == pd.ArrowDtype(pa.decimal128(28, 6))  # exact, not float or object
    assert frame["code_level"].dtype == pd.ArrowDtype(pa.int8())  # nullable, still an integer
    total = frame[(frame["table_kind"] == "income_expenditure_summary") & (frame["item_name"] == "总计")]
    assert total[total["side"] == "income"]["amount"].tolist() == [Decimal("109383400.000000")]
    assert set(frame["fiscal_year"].tolist()) == {2023} and set(frame["doc_kind"].tolist()) == {"final"}

    ingest([SEED_FIXTURE], out, workers=0, force=True)  # re-ingest: replaced, not duplicated
    again = {name: agreed_rows(out, name) for name in CHECKED}
    assert again["line_items"] == first["line_items"]
    assert len(again["documents"]) == 2

    assert main(["compact", str(out), "--retain-hours", "0"]) == EXIT_OK
    for name in CHECKED:
        assert agreed_rows(out, name) == again[name], name
    # vacuum: what is on disk is what the table holds
    on_disk = sum(1 for _ in (out / "line_items").rglob("*.parquet"))
    assert on_disk == live_files(out, "line_items") == 1
    assert str(connect(str(out)).execute(SEED_TOTAL).fetchone()[0]) == "109383400.000000"  # str or Path


def test_no_folder_shadows_a_column_even_for_a_plain_parquet_reader(tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest([SEED_FIXTURE, ENCRYPTED_FIXTURE], out, workers=0)
    folders = {p.parent.relative_to(out).as_posix() for p in out.rglob("*.parquet")}
    assert "line_items/fiscal_year=2023/doc_kind=final" in folders
    # the encrypted file: no year, no kind (Delta's name for a null partition value)
    assert "documents/fiscal_year=__HIVE_DEFAULT_PARTITION__/doc_kind=__HIVE_DEFAULT_PARTITION__" in folders
    # a hive-style reader that knows nothing of Delta: scorecards' own `kind` is the scorecard kind
    plain = pd.read_parquet(out / "scorecards")
    delta = DeltaTable(out / "scorecards").to_pandas()
    assert sorted(plain["kind"]) == sorted(delta["kind"]) and set(plain["kind"]) == {
        "project_self_evaluation"
    }
    assert set(plain["fiscal_year"].astype(int)) == set(delta["fiscal_year"]) == {2023}


def test_versions_in_the_run_summary_and_time_travel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    first = ingest([SEED_FIXTURE], out, workers=0)
    assert first.as_dict()["table_versions"] == json.loads((out / "_versions.json").read_text())
    monkeypatch.setattr(disclosure.pipeline.ingest, "PIPELINE_VERSION", "999.0")
    monkeypatch.setattr(disclosure.pipeline.process, "PIPELINE_VERSION", "999.0", raising=False)
    second = ingest([SEED_FIXTURE], out, workers=0)
    before, after = first.table_versions["documents"], second.table_versions["documents"]
    assert after > before
    old = DeltaTable(out / "documents", version=before).to_pyarrow_table(columns=["pipeline_version"])
    assert old["pipeline_version"].to_pylist() == [disclosure.pipeline.PIPELINE_VERSION]
    items = DeltaTable(out / "line_items", version=first.table_versions["line_items"]).to_pyarrow_table()
    assert items.num_rows == 179


def test_small_files_are_compacted_as_they_accumulate(tmp_path: Path) -> None:
    from test_exact_amounts import document

    out = tmp_path / "out"
    with DatasetWriter(out, batch_documents=1) as writer:  # one commit per document
        for number in range(COMPACT_FILES + 4):
            result = document(f"doc{number}.pdf", [Decimal(number), Decimal("0.000001")])
            writer.write(result, [(result.document.source, result.document.file_name)])
            writer.commit()
    assert live_files(out, "line_items") <= COMPACT_FILES
    assert len(agreed_rows(out, "line_items")) == 2 * (COMPACT_FILES + 4)


def test_a_batch_committed_past_the_recorded_versions_is_undone(tmp_path: Path) -> None:
    """What a run killed mid-batch committed (some tables, not _versions.json) never shows and is restored away."""
    out = tmp_path / "out"
    ingest([SEED_FIXTURE], out, workers=0)
    rows = agreed_rows(out, "line_items")
    extra = DeltaTable(out / "line_items").to_pyarrow_table()
    write_deltalake(out / "line_items", extra, mode="append")  # as a killed batch's first table would
    assert connect(out).execute("SELECT count(*) FROM line_items").fetchone()[0] == 179
    with DatasetWriter(out):
        pass
    assert agreed_rows(out, "line_items") == rows


NEW_FUNDS_COLUMNS = [
    "budget_adjustment",
    "budget_adjustment_raw",
    "balance",
    "balance_raw",
    "balance_rate",
    "balance_rate_raw",
]


def test_a_table_written_before_columns_were_added_gets_them_rows_unchanged(tmp_path: Path) -> None:
    """A dataset of 0.3.0, whose scorecard_funds lacks the columns 0.4.0 added: the next writer
    rewrites the table with them (null), every row kept, and new documents land in it."""
    out = tmp_path / "out"
    ingest([SEED_FIXTURE], out, workers=0)
    path = out / "scorecard_funds"
    earlier = DeltaTable(path).to_pyarrow_table().drop_columns(NEW_FUNDS_COLUMNS)
    write_deltalake(
        path, earlier, mode="overwrite", schema_mode="overwrite", partition_by=["fiscal_year", "doc_kind"]
    )
    versions = json.loads((out / "_versions.json").read_text())
    versions["scorecard_funds"] = DeltaTable(path).version()  # as that version committed it
    (out / "_versions.json").write_text(json.dumps(versions))
    listed = ", ".join(earlier.column_names)
    before = connect(out).execute(f"SELECT {listed} FROM scorecard_funds ORDER BY ALL").fetchall()
    assert len(before) == 33
    assert "balance" not in connect(out).sql("SELECT * FROM scorecard_funds").columns

    with DatasetWriter(out):
        pass
    assert DeltaTable(path).schema().to_arrow().names == stored_schema("scorecard_funds").names
    assert connect(out).execute(f"SELECT {listed} FROM scorecard_funds ORDER BY ALL").fetchall() == before
    assert connect(out).execute("SELECT count(balance_raw) FROM scorecard_funds").fetchone()[0] == 0
    assert len(agreed_rows(out, "scorecard_funds")) == 33  # every engine reads the rewritten table

    ingest([SEED_FIXTURE], out, workers=0, force=True)  # and the new version's rows replace the old
    assert len(agreed_rows(out, "scorecard_funds")) == 33
    total = (
        connect(out)
        .execute("SELECT budget_initial FROM scorecard_funds WHERE line = 'total' ORDER BY page LIMIT 1")
        .fetchone()[0]
    )
    assert str(total) == "23520000.000000"


def old_layout_rows(out: Path, name: str, columns: list[str]) -> tuple[int, str]:
    """Rows and sha256 of a table as the 0.3.0 catalog views showed them (tests/data/README.md)."""
    listed = ", ".join(f'"{c}"' for c in columns)
    rows = connect(out).execute(f"SELECT {listed} FROM {name} ORDER BY ALL").fetchall()
    text = json.dumps([[None if v is None else str(v) for v in row] for row in rows], ensure_ascii=False)
    return len(rows), hashlib.sha256(text.encode()).hexdigest()


@pytest.mark.parametrize("command", ["compact", "ingest"])
def test_a_dataset_of_the_catalog_layout_is_converted_rows_unchanged(
    tmp_path: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "old"
    shutil.copytree(DATA / "catalog_layout", out)
    expected = json.loads((DATA / "catalog_layout.expected.json").read_text())
    with pytest.raises(DatasetError):
        connect(out)
    assert (
        main(["query", str(out), "SELECT 1"]) == EXIT_USAGE
    )  # readers do not write: converting is a writer's job

    if command == "compact":
        assert main(["compact", str(out)]) == EXIT_OK
    else:
        # under the name the old dataset knows it by, so that no source is added, and under the
        # version that wrote it (0.3.0), so that the document is not read again: conversion alone
        monkeypatch.setattr(disclosure.pipeline.ingest, "PIPELINE_VERSION", "0.3.0")
        known = [(f"fixtures/documents/{SEED_FIXTURE.name}", SEED_FIXTURE.name)]
        summary = ingest([SEED_FIXTURE], out, workers=0, names={SEED_FIXTURE: known})
        assert summary.skipped == 1  # already in the dataset under this version
    assert not (out / "_catalog.sqlite").exists() and not (out / ".legacy").exists()
    for name, old in expected.items():
        assert old_layout_rows(out, name, old["columns"]) == (old["rows"], old["sha256"]), name
        agreed_rows(out, name)
    # the superseded rows the compacted file still held are gone; the retried document keeps no retry flag
    assert connect(out).execute("SELECT count(*) FROM line_items").fetchone()[0] == 358
    assert connect(out).execute("SELECT bool_or(retry) FROM documents").fetchone()[0] is False
    assert str(connect(out).execute(SEED_TOTAL + " LIMIT 1").fetchone()[0]) == "109383400.000000"


def write_flat_layout(out: Path, result: object) -> None:
    """A document as version 0.1.0 wrote it: OUT/<table>/<doc_id>.parquet, amount decimal(20, 2)."""
    from disclosure.outputs.parquet import TABLE_NAMES, to_arrow
    from disclosure.outputs.staging import records_of

    for name in TABLE_NAMES:
        table = to_arrow(name, records_of(result, name))  # type: ignore[arg-type]
        if name == "line_items":
            position = table.schema.get_field_index("amount")
            old_type = pa.decimal128(20, 2)
            table = table.set_column(position, pa.field("amount", old_type), table["amount"].cast(old_type))
        (out / name).mkdir(parents=True, exist_ok=True)
        pq.write_table(table, out / name / f"{result.document.doc_id}.parquet")  # type: ignore[attr-defined]


def test_a_dataset_of_the_flat_layout_is_converted(tmp_path: Path) -> None:
    from conftest import processed

    out = tmp_path / "out"
    write_flat_layout(out, processed(SEED_FIXTURE))
    summary = ingest([SEED_FIXTURE], out, workers=0)
    assert summary.skipped == 1
    assert not list((out / "line_items").glob("*.parquet"))
    rows = agreed_rows(out, "line_items")
    assert len(rows) == 179
    assert str(connect(out).execute(SEED_TOTAL).fetchone()[0]) == "109383400.000000"
    sources = connect(out).execute("SELECT file_name FROM document_sources").fetchall()
    assert sources == [(SEED_FIXTURE.name,)]
    assert set(stored_tables()) <= {p.name for p in out.iterdir()}


def test_a_conversion_killed_half_way_starts_again(tmp_path: Path) -> None:
    out = tmp_path / "old"
    shutil.copytree(DATA / "catalog_layout", out)
    expected = json.loads((DATA / "catalog_layout.expected.json").read_text())
    # as a kill while the old files were being moved aside would leave it: some moved, some not
    (out / ".legacy-moving").mkdir()
    for name in ("line_items", "_catalog.sqlite"):
        (out / name).rename(out / ".legacy-moving" / name)
    (out / ".legacy-moving" / "documents").mkdir()  # a table folder already moved whole
    for item in (out / "documents").iterdir():
        item.rename(out / ".legacy-moving" / "documents" / item.name)
    (out / "documents").rmdir()
    assert main(["compact", str(out)]) == EXIT_OK
    for name, old in expected.items():
        assert old_layout_rows(out, name, old["columns"]) == (old["rows"], old["sha256"]), name
    assert not (out / ".legacy-moving").exists() and not (out / ".legacy").exists()


def test_a_conversion_killed_while_writing_the_tables_starts_again(tmp_path: Path) -> None:
    from disclosure.outputs.legacy import set_aside

    out = tmp_path / "old"
    shutil.copytree(DATA / "catalog_layout", out)
    expected = json.loads((DATA / "catalog_layout.expected.json").read_text())
    assert set_aside(out) == out / ".legacy"
    write_deltalake(
        out / "documents", pa.table({"doc_id": ["half-written"]})
    )  # what a killed conversion wrote
    assert main(["compact", str(out)]) == EXIT_OK
    for name, old in expected.items():
        assert old_layout_rows(out, name, old["columns"]) == (old["rows"], old["sha256"]), name


def test_an_old_dataset_that_cannot_be_converted_is_one_line_error_and_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A corrupt file in a dataset of the catalog layout: the command names the folder and the
    cause in one line, exits 2, and the old files stay where a later run can convert them."""
    out = tmp_path / "old"
    shutil.copytree(DATA / "catalog_layout", out)
    victim = next((out / "line_items").rglob("*.parquet"))
    victim.write_bytes(b"not parquet")
    assert main(["compact", str(out)]) == EXIT_USAGE
    captured = capsys.readouterr()
    printed = captured.out + captured.err
    assert len(printed.strip().splitlines()) == 1
    assert f"{out}: cannot convert the earlier dataset layout" in printed
    kept = list((out / ".legacy").rglob("*.parquet")) + list((out / "line_items").rglob("*.parquet"))
    assert any(p.read_bytes() == b"not parquet" for p in kept)


def arrow_views(out: Path) -> duckdb.DuckDBPyConnection:
    """The views as earlier versions made them: deltalake's Arrow datasets registered in DuckDB."""
    con = duckdb.connect()
    versions = json.loads((out / "_versions.json").read_text())
    for name in stored_tables():
        con.register(f"delta_{name}", DeltaTable(out / name, version=versions[name]).to_pyarrow_dataset())
        listed = ", ".join(f'"{column}"' for column in stored_schema(name).names)
        con.execute(f"CREATE VIEW {name} AS SELECT {listed} FROM delta_{name}")
    return con


def assert_views_read_as_arrow_datasets(out: Path) -> None:
    views, reference = connect(out), arrow_views(out)
    for name in stored_tables():
        described = f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {name})"
        assert views.execute(described).fetchall() == reference.execute(described).fetchall(), name
        select = f"SELECT * FROM {name} ORDER BY ALL"
        assert views.execute(select).fetchall() == reference.execute(select).fetchall(), name
    listed = "SELECT table_name, table_type FROM information_schema.tables ORDER BY ALL"
    assert views.execute(listed).fetchall() == reference.execute(listed).fetchall()


def test_views_read_the_committed_files_as_the_arrow_datasets_did(tmp_path: Path) -> None:
    """DuckDB's own Parquet reader over the committed files: the same columns, types and rows, null
    partitions (the encrypted file has no year, no kind) and empty tables included."""
    out = tmp_path / "out"
    ingest([SEED_FIXTURE, ENCRYPTED_FIXTURE], out, workers=0)
    extra = DeltaTable(out / "line_items").to_pyarrow_table()
    write_deltalake(out / "line_items", extra, mode="append")  # past the recorded version: not read
    assert_views_read_as_arrow_datasets(out)
    assert connect(out).execute("SELECT count(*) FROM documents WHERE fiscal_year IS NULL").fetchone() == (1,)


def test_a_dataset_below_a_folder_named_like_a_partition_reads_the_same(tmp_path: Path) -> None:
    """DuckDB would read `doc_kind=budget` in the path as the column: such a table is read through Arrow."""
    out = tmp_path / "doc_kind=budget" / "out"
    ingest([SEED_FIXTURE], out, workers=0)
    assert_views_read_as_arrow_datasets(out)


def test_query_imports_neither_pyarrow_nor_pandas(tmp_path: Path) -> None:
    """What `disclosure query` imports to start (its start-up time: bench/startup.py): neither Arrow
    nor the normalizers."""
    out = tmp_path / "out"
    ingest([SEED_FIXTURE], out, workers=0)
    script = (
        "import sys\n"
        "from disclosure.pipeline.cli import main\n"
        f"assert main(['query', {str(out)!r}, 'SELECT count(*) FROM line_items', '--format', 'csv']) == 0\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pyarrow', 'pandas', 'numpy', 'rich'}))\n"
        "print(sorted(m for m in sys.modules if m.startswith('disclosure.normalizers')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-2:] == ["[]", "[]"]
