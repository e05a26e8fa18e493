"""Datasets of earlier layouts, converted to Delta tables by the next writer (ingest or compact).

Two layouts came before: 0.1.0's flat folders (OUT/<table>/<doc_id>.parquet, a document live once
its documents file exists) and 0.2-0.3's partitioned Parquet whose live files and documents a SQLite
catalog listed (OUT/_catalog.sqlite; a compacted file could still hold superseded documents' rows).
Conversion first moves the old files aside into OUT/.legacy (item by item into .legacy-moving, then
one rename), writes each table's live rows as a Delta table, and deletes .legacy last: a conversion
killed at any point starts again from .legacy on the next open, and no old row is lost or doubled.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from deltalake import write_deltalake
from disclosure.outputs.layout import (
    CATALOG_FILE,
    LEGACY,
    LINKS_FILE,
    LINKS_TABLE,
    MOVING,
    PARTITION_COLUMNS,
    SOURCES_TABLE,
    TABLE_NAMES,
    old_items,
    stored_tables,
)
from disclosure.outputs.layout import needs_conversion as needs_conversion
from disclosure.outputs.parquet import SCHEMAS, arrange, stored_schema


def set_aside(out: Path) -> Path | None:
    """Move the old layout into OUT/.legacy (resuming a move a kill interrupted); None when there is none."""
    done, moving = out / LEGACY, out / MOVING
    if done.is_dir():
        return done
    if not needs_conversion(out):
        return None
    moving.mkdir(exist_ok=True)
    for item in old_items(out):
        os.replace(item, moving / item.name)
    os.replace(moving, done)
    return done


def convert(out: Path) -> int:
    """Convert an earlier layout in `out` to Delta tables (the writer holds the lock); the documents converted."""
    old = set_aside(out)
    if old is None:
        return 0
    for name in stored_tables():  # a conversion killed half-way: start again
        shutil.rmtree(out / name, ignore_errors=True)
    (out / "_versions.json").unlink(missing_ok=True)
    tables = live_tables(old)
    for name, table in tables.items():
        if table.num_rows:
            write_deltalake(out / name, table, partition_by=list(PARTITION_COLUMNS), mode="overwrite")
    shutil.rmtree(old)
    return tables["documents"].num_rows


def live_tables(old: Path) -> dict[str, pa.Table]:
    """Every table's live rows in an old layout, in the stored schema (partition columns from documents)."""
    catalog = old / CATALOG_FILE
    files = catalog_files(catalog) if catalog.is_file() else flat_files(old)
    raw = {name: read_live(old, name, files.get(name, [])) for name in (*TABLE_NAMES, SOURCES_TABLE)}
    retry = retry_documents(catalog) if catalog.is_file() else set()
    documents = conform(raw["documents"], "documents")
    if not catalog.is_file():  # 0.1.0 kept no sources: the documents row names the first one
        raw[SOURCES_TABLE] = documents.select(
            ["doc_id", "source", "file_name", "ingested_at"]
        ).rename_columns(["doc_id", "source", "file_name", "first_seen"])
    live_ids = documents["doc_id"]
    if (old / LINKS_FILE).is_file():
        raw[LINKS_TABLE] = pq.read_table(old / LINKS_FILE)
    keys = documents["doc_id"].combine_chunks()
    tables = {}
    for name in stored_tables():
        table = conform(raw.get(name), name)
        # Rows of documents without a documents row were never visible: a write the old writer did not finish.
        table = table.filter(pc.is_in(table["doc_id"], value_set=live_ids.combine_chunks()))
        index = pc.index_in(table["doc_id"], value_set=keys)
        extra = {
            "fiscal_year": documents["fiscal_year"].take(index),
            "doc_kind": documents["doc_kind"].take(index),
            "retry": pc.is_in(table["doc_id"], value_set=pa.array(sorted(retry), pa.string())),
        }
        tables[name] = arrange(table, stored_schema(name), extra)
    return tables


def conform(table: pa.Table | None, name: str) -> pa.Table:
    """Rows of an older file in the table's current contract: decimals widened, missing columns null."""
    schema = SCHEMAS[name]
    if table is None:
        return schema.empty_table()
    columns = [
        table[f.name].cast(f.type) if f.name in table.column_names else pa.nulls(table.num_rows, f.type)
        for f in schema
    ]
    return pa.Table.from_arrays(columns, schema=schema)


def read_live(old: Path, name: str, files: Iterable[tuple[str, set[str] | None]]) -> pa.Table | None:
    """The rows of a table's files, each kept to its live documents (None: all of them)."""
    parts = []
    for path, live in files:
        table = conform(pq.read_table(old / path), name)
        if live is not None:
            table = table.filter(pc.is_in(table["doc_id"], value_set=pa.array(sorted(live), pa.string())))
        parts.append(table)
    return pa.concat_tables(parts) if parts else None


def catalog_files(catalog: Path) -> dict[str, list[tuple[str, set[str] | None]]]:
    """table -> (file, its live documents) as the 0.2-0.3 catalog listed them."""
    db = sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)
    try:
        pairs = db.execute(
            "SELECT f.table_name, f.path, fd.doc_id FROM files f JOIN file_docs fd USING (path) ORDER BY f.path"
        ).fetchall()
    finally:
        db.close()
    live: dict[str, dict[str, set[str]]] = {}
    for name, path, doc_id in pairs:
        live.setdefault(name, {}).setdefault(path, set()).add(doc_id)
    return {name: [(p, docs) for p, docs in by_path.items()] for name, by_path in live.items()}


def retry_documents(catalog: Path) -> set[str]:
    db = sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)
    try:
        return {row[0] for row in db.execute("SELECT doc_id FROM docs WHERE retry <> 0")}
    finally:
        db.close()


def flat_files(old: Path) -> dict[str, list[tuple[str, set[str] | None]]]:
    """table -> its files in the 0.1.0 layout (OUT/<table>/<doc_id>.parquet), all read."""
    return {
        name: [(p.relative_to(old).as_posix(), None) for p in sorted((old / name).glob("*.parquet"))]
        for name in TABLE_NAMES
        if (old / name).is_dir()
    }
