"""Open a dataset folder in DuckDB with one view per canonical table."""

from __future__ import annotations

from pathlib import Path

import duckdb

from outputs.parquet import STAGING, TABLE_NAMES, empty_table_file


def connect(out: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with views documents, tables, line_items, cells.

    Rows of a document appear only once its `documents` file exists, so a run stopped half-way
    through a document shows nothing of it.
    """
    con = duckdb.connect()
    for name in TABLE_NAMES:
        folder = out / name
        files = sorted(str(p) for p in folder.glob("*.parquet")) if folder.is_dir() else []
        if not files:
            files = [str(empty_table_file(out, name))]
        file_list = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
        source = f"read_parquet([{file_list}])"
        if name == "documents":
            con.execute(f"CREATE VIEW documents AS SELECT * FROM {source}")
        else:
            con.execute(
                f"CREATE VIEW {name} AS SELECT * FROM {source} WHERE doc_id IN (SELECT doc_id FROM documents)"
            )
    return con


def is_dataset(out: Path) -> bool:
    """True when the folder holds at least the documents table of a dataset."""
    return (out / "documents").is_dir() and not (out / STAGING).is_file()
