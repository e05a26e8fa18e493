"""Open a dataset folder in DuckDB with one view per canonical table."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from outputs.parquet import STAGING, TABLE_NAMES, empty_table_file
from outputs.store import is_catalogued, read_catalog, schema_of, stored_tables


def connect(out: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with views documents, tables, line_items, cells.

    Rows of a document appear only once its `documents` file exists, so a run stopped half-way
    through a document shows nothing of it.
    """
    if is_catalogued(out):
        return connect_catalogued(out)
    con = duckdb.connect()
    for name in TABLE_NAMES:
        folder = out / name
        files = sorted(str(p) for p in folder.glob("*.parquet")) if folder.is_dir() else []
        if not files:
            files = [str(empty_table_file(out, name))]
        file_list = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
        source = f"read_parquet([{file_list}], union_by_name = true)"
        if name == "documents":
            con.execute(f"CREATE VIEW documents AS SELECT * FROM {source}")
        else:
            con.execute(
                f"CREATE VIEW {name} AS SELECT * FROM {source} WHERE doc_id IN (SELECT doc_id FROM documents)"
            )
    return con


def quoted_list(paths: list[str]) -> str:
    return "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in paths) + "]"


def empty_file(out: Path, name: str) -> Path:
    """A zero-row file with the table's schema (any stored table), for views over empty tables."""
    path = out / STAGING / f"empty-{name}.parquet"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{uuid.uuid4().hex[:6]}.tmp")
        pq.write_table(schema_of(name).empty_table(), tmp)
        os.replace(tmp, path)
    return path


def connect_catalogued(out: Path) -> duckdb.DuckDBPyConnection:
    """Views over the files the catalog lists as live (a consistent snapshot as of this call).

    Files holding rows of superseded documents (a compacted file one of whose documents was
    re-processed since) are read with their file name and filtered to their live documents.
    Superseded files are deleted by later runs, so reconnect after an ingest or compaction.
    """
    con = duckdb.connect()
    catalog = read_catalog(out)
    try:
        for name in stored_tables():
            live = catalog.live_files(name)
            clean = [str(out / f.path) for f in live if not f.dirty]
            dirty = [f.path for f in live if f.dirty]
            selects = []
            if clean or not dirty:
                files = clean or [str(empty_file(out, name))]
                selects.append(
                    f"SELECT * FROM read_parquet({quoted_list(files)}, hive_partitioning = false, union_by_name = true)"
                )
            if dirty:
                pairs = catalog.live_pairs(dirty)
                values = (
                    ", ".join("('" + str(out / p).replace("'", "''") + "', '" + d + "')" for p, d in pairs)
                    or "(NULL, NULL)"
                )
                dirty_files = quoted_list([str(out / p) for p in dirty])
                selects.append(
                    f"SELECT t.* EXCLUDE (filename) FROM read_parquet({dirty_files}, hive_partitioning = false, "
                    f"union_by_name = true, filename = true) t SEMI JOIN (VALUES {values}) v(f, d) ON t.filename = v.f AND t.doc_id = v.d"
                )
            # BY NAME: files written by an older version may lack columns added since (read as NULL).
            con.execute(f"CREATE VIEW {name} AS " + " UNION ALL BY NAME ".join(selects))
    finally:
        catalog.close()
    return con


def is_dataset(out: Path) -> bool:
    """True when the folder holds at least the documents table of a dataset."""
    return (out / "documents").is_dir() and not (out / STAGING).is_file()
