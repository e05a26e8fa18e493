"""Read a dataset folder: DuckDB views over the Delta tables, as of the last complete commit.

Each view reads, with DuckDB's own Parquet reader, exactly the files of its table's recorded Delta
version (deltalake replays the log), the partition columns from the hive-style folder names, every
column in the type DuckDB gives the table's Delta schema. Nothing here imports pyarrow (which
imports numpy, and pyarrow.dataset pandas): `disclosure query` starts with duckdb and deltalake only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from arro3.core import Table  # deltalake's own Arrow objects: its schemas are arro3 schemas
from deltalake import DeltaTable
from disclosure.outputs.layout import needs_conversion, read_versions, stored_tables

# DuckDB reads key=value folders of a path as hive partitions and expands globs; a table below a
# folder with these characters in its name is read through an Arrow dataset instead.
NOT_PLAIN = frozenset("=*?[]{}")
# Reader features DuckDB's plain Parquet scan does not apply; deltalake's Arrow dataset refuses them.
UNSUPPORTED_FEATURES = frozenset({"deletionVectors", "columnMapping"})
# Statements that see only the views of the tables they name (tables_named); any other kind (SHOW,
# PRAGMA, CALL, EXPLAIN …) sees every view.
NARROWED_STATEMENTS = frozenset({"select", "with", "from", "values", "describe", "summarize"})
# Names by which a statement reads DuckDB's catalog (the views it lists must all be there).
CATALOG_PREFIXES = ("duckdb_", "pragma_", "pg_", "sqlite_", "information_schema")


class DatasetError(Exception):
    """The folder is not a dataset this version can read."""


@dataclass(frozen=True)
class Column:
    """A view's column: its name and the DuckDB type of its Delta schema field."""

    name: str
    type: str

    def cast(self) -> str:
        """The select item: the stored column in its schema type (a no-op for files written as stored)."""
        return f"CAST({quoted(self.name)} AS {self.type}) AS {quoted(self.name)}"


def quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def open_table(out: str | os.PathLike[str], name: str) -> DeltaTable:
    """A table of the dataset at the version of the last complete commit (a consistent snapshot)."""
    versions = read_versions(Path(out))
    return DeltaTable(Path(out) / name, version=versions.get(name))


def schema_columns(con: duckdb.DuckDBPyConnection, table: DeltaTable) -> list[Column]:
    """The table's columns in schema order, typed as DuckDB types the Delta schema's Arrow form."""
    empty = con.from_arrow(Table.from_batches([], schema=table.schema().to_arrow()))
    return [Column(name, str(type_)) for name, type_ in zip(empty.columns, empty.types, strict=True)]


def reads_plainly(table: DeltaTable) -> bool:
    """True when DuckDB's Parquet scan reads the table's files exactly as deltalake would."""
    features = set(table.protocol().reader_features or ())
    return not features & UNSUPPORTED_FEATURES and not NOT_PLAIN & set(table.table_uri)


def parquet_source(table: DeltaTable, columns: list[Column]) -> str:
    """A FROM item reading the table version's files; the partition values from their folder names."""
    files = table.file_uris()
    if not files:  # read_parquet needs a file: the empty table, typed
        nulls = ", ".join(f"CAST(NULL AS {c.type}) AS {quoted(c.name)}" for c in columns)
        return f"(SELECT {nulls} WHERE false)"
    partitions = set(table.metadata().partition_columns)
    hive_types = ", ".join(f"{literal(c.name)}: {literal(c.type)}" for c in columns if c.name in partitions)
    listed = ", ".join(literal(path) for path in files)
    return f"read_parquet([{listed}], hive_partitioning = true, hive_types = {{{hive_types}}})"


def create_view(con: duckdb.DuckDBPyConnection, name: str, table: DeltaTable) -> None:
    """The view `name` over the table's committed files, its columns in schema order and types.

    As with the Arrow datasets earlier versions registered, the view reads a temporary view
    `delta_<name>`: both names stay listed as before.
    """
    columns = schema_columns(con, table)
    source = f"delta_{name}"
    if reads_plainly(table):
        select = ", ".join(column.cast() for column in columns)
        con.execute(
            f"CREATE TEMP VIEW {quoted(source)} AS SELECT {select} FROM {parquet_source(table, columns)}"
        )
    else:  # deltalake's Arrow dataset (imports pyarrow.dataset) applies what a plain scan would not
        con.register(source, table.to_pyarrow_dataset())
    listed = ", ".join(quoted(column.name) for column in columns)
    con.execute(f"CREATE VIEW {quoted(name)} AS SELECT {listed} FROM {quoted(source)}")


def connect(out: str | os.PathLike[str], tables: tuple[str, ...] | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with one view per table (outputs.layout.stored_tables), or
    per table named in `tables` (each view opens its table's Delta log: a caller that needs three
    tables need not open fourteen).

    The views read the versions of the last complete commit, so a connection opened during an
    ingest sees whole documents only. Files are deleted only by `disclosure compact`: reconnect
    after one.
    """
    out = Path(out)
    if needs_conversion(out):
        raise DatasetError(
            f"{out}: written by an earlier version of this tool; `disclosure compact {out}` converts it"
        )
    versions = read_versions(out)
    con = duckdb.connect()
    for name in stored_tables() if tables is None else tables:
        create_view(con, name, DeltaTable(out / name, version=versions.get(name)))
    return con


def tables_named(sql: str) -> tuple[str, ...] | None:
    """The dataset's tables one SELECT-like statement names (views need only be made for them:
    opening a table's Delta log and binding its view is most of a short query's time), or None
    when the statement must see every view: it is of another kind (SHOW TABLES …), reads the
    catalog (information_schema, duckdb_views() …) or is more than one statement.

    Names are found by DuckDB's own tokenizer: every identifier or keyword that is a table's name
    (case-insensitively, quoted or not) or its `delta_` view's. A name it cannot see (a table
    named in a string, `query_table('facts')`) fails the statement: the caller runs it again with
    every view (run_query)."""
    try:
        tokens = duckdb.tokenize(sql)
    except Exception:  # not even tokens: DuckDB's own error comes from running it
        return None
    ends = [offset for offset, _ in tokens[1:]] + [len(sql)]
    words = []
    for (start, kind), end in zip(tokens, ends, strict=True):
        text = sql[start:end].strip()
        if kind.name == "operator" and text.startswith(";") and end < len(sql.rstrip()):
            return None  # more than one statement
        if kind.name in ("identifier", "keyword"):
            words.append(text.strip('"').casefold())
    if not words or words[0] not in NARROWED_STATEMENTS:
        return None
    if any(word.startswith(CATALOG_PREFIXES) for word in words):
        return None
    named = set(words)
    return tuple(name for name in stored_tables() if name in named or f"delta_{name}" in named)


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    """A query's rows as dicts keyed by column name."""
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def is_dataset(out: str | os.PathLike[str]) -> bool:
    """True when the folder holds a dataset (of this layout or an earlier one)."""
    out = Path(out)
    return (out / "documents" / "_delta_log").is_dir() or needs_conversion(out)
