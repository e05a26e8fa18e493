"""Open a dataset folder in DuckDB with one view per canonical table."""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from outputs.links import LINKS_FILE, LINKS_SCHEMA
from outputs.parquet import STAGING, TABLE_NAMES
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
        source = f"read_parquet({quoted_list([str(empty_file(out, name)), *files])}, union_by_name = true)"
        columns = contract_columns(name)
        if name == "documents":
            con.execute(f"CREATE VIEW documents AS SELECT {columns} FROM {source}")
        else:
            con.execute(
                f"CREATE VIEW {name} AS SELECT {columns} FROM {source} "
                "WHERE doc_id IN (SELECT doc_id FROM documents)"
            )
    return con


def quoted_list(paths: list[str]) -> str:
    return "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in paths) + "]"


def contract_columns(name: str) -> str:
    """The select list of a view: every column, decimals cast to the contract's type.

    Files written by earlier versions may hold a narrower decimal (line_items.amount was
    decimal(20, 2)); the views always show the data dictionary's types.
    """
    casts = [
        f'CAST("{field.name}" AS DECIMAL({field.type.precision}, {field.type.scale})) AS "{field.name}"'
        for field in schema_of(name)
        if pa.types.is_decimal(field.type)
    ]
    return f"* REPLACE ({', '.join(casts)})" if casts else "*"


def empty_file(out: Path, name: str) -> Path:
    """A zero-row file with the table's current schema (any stored table).

    Every view reads it first, so its columns and their types are the contract's even when the
    table's files are of an earlier version (missing columns read as NULL) or there are none. The
    name carries the schema's fingerprint: a file left by an earlier version is not reused.
    """
    schema = schema_of(name)
    fingerprint = hashlib.sha256(schema.to_string().encode()).hexdigest()[:12]
    path = out / STAGING / f"empty-{name}-{fingerprint}.parquet"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{uuid.uuid4().hex[:6]}.tmp")
        pq.write_table(schema.empty_table(), tmp)
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
            clean = [str(empty_file(out, name))] + [str(out / f.path) for f in live if not f.dirty]
            dirty = [f.path for f in live if f.dirty]
            selects = [
                f"SELECT * FROM read_parquet({quoted_list(clean)}, hive_partitioning = false, union_by_name = true)"
            ]
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
            union = " UNION ALL BY NAME ".join(selects)
            con.execute(f"CREATE VIEW {name} AS SELECT {contract_columns(name)} FROM ({union})")
    finally:
        catalog.close()
    create_links_view(con, out)
    return con


def create_links_view(con: duckdb.DuckDBPyConnection, out: Path) -> None:
    """The document_links view: the dataset's derived links file, or an empty table before one exists."""
    path = out / LINKS_FILE
    if not path.exists():
        path = out / STAGING / "empty-document_links.parquet"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{uuid.uuid4().hex[:6]}.tmp")
            pq.write_table(LINKS_SCHEMA.empty_table(), tmp)
            os.replace(tmp, path)
    con.execute(f"CREATE VIEW document_links AS SELECT * FROM read_parquet({quoted_list([str(path)])})")


def is_dataset(out: Path) -> bool:
    """True when the folder holds at least the documents table of a dataset."""
    return (out / "documents").is_dir() and not (out / STAGING).is_file()
