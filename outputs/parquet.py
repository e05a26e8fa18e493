"""Write a document's rows as Parquet, atomically, one file per document and table.

Layout: OUT/<table>/<doc_id>.parquet for table in documents, tables, line_items, cells.
Each document's files are written to a staging folder first and moved into place with
os.replace, the `documents` file last: a reader that only trusts documents listed in
`documents` never sees half a document, and re-ingesting the same bytes replaces, never duplicates.
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from normalizers.records import CellRecord, DocumentRecord, DocumentResult, LineItem, TableRecord

AMOUNT_TYPE = pa.decimal128(20, 2)
TABLE_NAMES = ("documents", "tables", "line_items", "cells")
STAGING = ".staging"

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            ("doc_id", pa.string()),
            ("source", pa.string()),
            ("file_name", pa.string()),
            ("file_bytes", pa.int64()),
            ("pages", pa.int32()),
            ("status", pa.string()),
            ("error", pa.string()),
            ("doc_kind", pa.string()),
            ("scope", pa.string()),
            ("agency", pa.string()),
            ("fiscal_year", pa.int32()),
            ("text_pages", pa.int32()),
            ("image_pages", pa.int32()),
            ("tables_found", pa.int32()),
            ("pipeline_version", pa.string()),
            ("ingested_at", pa.timestamp("us", tz="UTC")),
        ]
    ),
    "tables": pa.schema(
        [
            ("doc_id", pa.string()),
            ("table_id", pa.string()),
            ("table_kind", pa.string()),
            ("title", pa.string()),
            ("unit", pa.string()),
            ("pages", pa.list_(pa.int32())),
            ("n_rows", pa.int32()),
            ("n_cols", pa.int32()),
            ("engine", pa.string()),
        ]
    ),
    "line_items": pa.schema(
        [
            ("doc_id", pa.string()),
            ("table_id", pa.string()),
            ("table_kind", pa.string()),
            ("row", pa.int32()),
            ("side", pa.string()),
            ("code", pa.string()),
            ("code_scheme", pa.string()),
            ("code_level", pa.int8()),
            ("item_name", pa.string()),
            ("item_name_raw", pa.string()),
            ("measure", pa.string()),
            ("measure_raw", pa.string()),
            ("amount", AMOUNT_TYPE),
            ("amount_raw", pa.string()),
            ("unit_raw", pa.string()),
            ("page", pa.int32()),
            ("col", pa.int32()),
        ]
    ),
    "cells": pa.schema(
        [
            ("doc_id", pa.string()),
            ("table_id", pa.string()),
            ("page", pa.int32()),
            ("row", pa.int32()),
            ("col", pa.int32()),
            ("text", pa.string()),
            ("x0", pa.float32()),
            ("top", pa.float32()),
            ("x1", pa.float32()),
            ("bottom", pa.float32()),
            ("confidence", pa.float32()),
            ("flag", pa.string()),
        ]
    ),
}

RECORD_TYPES: dict[str, type] = {
    "documents": DocumentRecord,
    "tables": TableRecord,
    "line_items": LineItem,
    "cells": CellRecord,
}


def to_arrow(name: str, records: list[Any]) -> pa.Table:
    """Records of one output table as an Arrow table with the contract schema."""
    schema = SCHEMAS[name]
    names = [f.name for f in fields(RECORD_TYPES[name])]
    columns: dict[str, list[Any]] = {n: [] for n in names}
    for record in records:
        for key, value in asdict(record).items():
            columns[key].append(value)
    return pa.table(
        {field.name: pa.array(columns[field.name], type=field.type) for field in schema}, schema=schema
    )


def write_document(out: Path, result: DocumentResult) -> None:
    """Write (or replace) one document's rows under `out`, atomically per document."""
    doc_id = result.document.doc_id
    staging = out / STAGING / f"{doc_id}-{uuid.uuid4().hex[:8]}"
    staging.mkdir(parents=True, exist_ok=True)
    try:
        parts = {
            "documents": [result.document],
            "tables": result.tables,
            "line_items": result.line_items,
            "cells": result.cells,
        }
        for name, records in parts.items():
            pq.write_table(to_arrow(name, records), staging / f"{name}.parquet")
        # documents last: its presence marks the document as complete.
        for name in ("line_items", "cells", "tables", "documents"):
            target_dir = out / name
            target_dir.mkdir(parents=True, exist_ok=True)
            os.replace(staging / f"{name}.parquet", target_dir / f"{doc_id}.parquet")
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def ensure_layout(out: Path) -> None:
    """Create the dataset folders so an empty dataset is still queryable."""
    for name in TABLE_NAMES:
        (out / name).mkdir(parents=True, exist_ok=True)


def empty_table_file(out: Path, name: str) -> Path:
    """A zero-row file with the table's schema, for views over empty folders."""
    path = out / STAGING / f"empty-{name}.parquet"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{uuid.uuid4().hex[:6]}.tmp")
        pq.write_table(SCHEMAS[name].empty_table(), tmp)
        os.replace(tmp, path)
    return path
