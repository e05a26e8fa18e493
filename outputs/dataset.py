"""Read a dataset folder: DuckDB views over the Delta tables, as of the last complete commit."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.dataset as ds
from deltalake import DeltaTable
from disclosure.outputs import legacy
from disclosure.outputs.delta import read_versions
from disclosure.outputs.parquet import stored_schema, stored_tables


class DatasetError(Exception):
    """The folder is not a dataset this version can read."""


def open_table(out: str | os.PathLike[str], name: str) -> DeltaTable:
    """A table of the dataset at the version of the last complete commit (a consistent snapshot)."""
    versions = read_versions(Path(out))
    return DeltaTable(Path(out) / name, version=versions.get(name))


def arrow_dataset(out: str | os.PathLike[str], name: str) -> ds.Dataset:
    return open_table(out, name).to_pyarrow_dataset()


def connect(out: str | os.PathLike[str]) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per table (outputs.parquet.stored_tables).

    Each view reads its Delta table through an Arrow dataset (no DuckDB extension is needed), at
    the versions of the last complete commit, so a connection opened during an ingest sees whole
    documents only. Files are deleted only by `disclosure compact`: reconnect after one.
    """
    out = Path(out)
    if legacy.needs_conversion(out):
        raise DatasetError(
            f"{out}: written by an earlier version of this tool; `disclosure compact {out}` converts it"
        )
    versions = read_versions(out)
    con = duckdb.connect()
    for name in stored_tables():
        dataset = DeltaTable(out / name, version=versions.get(name)).to_pyarrow_dataset()
        con.register(f"delta_{name}", dataset)
        columns = ", ".join(f'"{column}"' for column in stored_schema(name).names)
        con.execute(f"CREATE VIEW {name} AS SELECT {columns} FROM delta_{name}")
    return con


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    """A query's rows as dicts keyed by column name."""
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def is_dataset(out: str | os.PathLike[str]) -> bool:
    """True when the folder holds a dataset (of this layout or an earlier one)."""
    out = Path(out)
    return (out / "documents" / "_delta_log").is_dir() or legacy.needs_conversion(out)
