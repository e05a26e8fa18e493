"""Read a dataset table through each engine's own Delta reader, as an analyst would, for comparison."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
from deltalake import DeltaTable
from disclosure.outputs.dataset import connect
from disclosure.outputs.parquet import stored_schema


def rows(table: pa.Table, name: str) -> list[tuple]:
    """The rows in the stored column order, sorted: content equality whatever the engine's types."""
    columns = stored_schema(name).names
    values = table.select(columns).to_pylist()
    return sorted((tuple(row[c] for c in columns) for row in values), key=repr)


def engine_rows(out: Path, name: str) -> dict[str, list[tuple]]:
    """A table's rows through deltalake->pandas, deltalake->Arrow dataset, DuckDB over it, polars, connect()."""
    path = out / name
    frame = DeltaTable(path).to_pandas(types_mapper=pd.ArrowDtype)
    dataset = DeltaTable(path).to_pyarrow_dataset()
    con = duckdb.connect()
    con.register("delta", dataset)
    view = connect(out)
    return {
        "pandas": rows(pa.Table.from_pandas(frame, preserve_index=False), name),
        "arrow": rows(dataset.to_table(), name),
        "duckdb": rows(con.sql("SELECT * FROM delta").to_arrow_table(), name),
        "polars": rows(pl.read_delta(str(path)).to_arrow(), name),
        "connect": rows(view.sql(f"SELECT * FROM {name}").to_arrow_table(), name),
    }


def agreed_rows(out: Path, name: str) -> list[tuple]:
    """The table's rows, asserting that every engine reads exactly the same."""
    seen = engine_rows(out, name)
    reference = seen.pop("arrow")
    for engine, got in seen.items():
        assert got == reference, f"{name}: {engine} differs from deltalake's Arrow dataset"
    return reference
