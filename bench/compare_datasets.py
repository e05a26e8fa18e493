"""Are two datasets the same, row for row? For speed work: the output must not change.

    python bench/compare_datasets.py DATASET_A DATASET_B [--examples N]

Reads every stored table of both datasets (written by `disclosure ingest`) at their committed
versions (outputs.dataset.connect), leaves out the columns that differ between any two runs (when
a row was written), and compares the rest as multisets of rows: per table, the rows only in A and
the rows only in B, with a few examples of each (sorted, so two reports of the same difference
read the same). Exit code 0 when every table is identical, 1 when any differs, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

PROJECT = Path(__file__).resolve().parent.parent

from disclosure.outputs.dataset import connect, is_dataset  # noqa: E402
from disclosure.outputs.parquet import stored_schema, stored_tables  # noqa: E402

# Columns that record when a run wrote a row, not what it read: they differ between any two runs.
VOLATILE_COLUMNS = frozenset({"ingested_at", "first_seen"})
EXAMPLES = 3
# An example row is cut to this many characters.
EXAMPLE_WIDTH = 300


@dataclass
class TableDifference:
    """How one table differs between dataset A and dataset B."""

    name: str
    rows_a: int
    rows_b: int
    only_a: int = 0
    only_b: int = 0
    examples_a: list[tuple[Any, ...]] = field(default_factory=list)
    examples_b: list[tuple[Any, ...]] = field(default_factory=list)
    columns_only_a: list[str] = field(default_factory=list)
    columns_only_b: list[str] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not (self.only_a or self.only_b or self.columns_only_a or self.columns_only_b)


def has_view(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    views = con.execute("SELECT view_name FROM duckdb_views() WHERE view_name = ?", [name]).fetchall()
    return bool(views)


def view_columns(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    """The view's columns; a table the dataset lacks has the stored schema's (and no rows)."""
    if not has_view(con, name):
        return list(stored_schema(name).names)
    # Not DESCRIBE: DuckDB reads `DESCRIBE "tables"` as SHOW TABLES.
    return [column[0] for column in con.execute(f'SELECT * FROM "{name}" LIMIT 0').description]


def compared_columns(name: str, present: set[str]) -> list[str]:
    """The table's stored columns less the volatile ones, in schema order, of those both datasets
    have (a dataset written before a column was added lacks it)."""
    return [c for c in stored_schema(name).names if c not in VOLATILE_COLUMNS and c in present]


def read_table(con: duckdb.DuckDBPyConnection, name: str, columns: list[str]) -> pa.Table:
    """Every row of one view, the compared columns only (none of a table the dataset lacks)."""
    if not has_view(con, name):
        return stored_schema(name).empty_table().select(columns)
    quoted = ", ".join(f'"{column}"' for column in columns)
    return con.sql(f"SELECT {quoted} FROM {name}").to_arrow_table()


def rows_only_in(
    con: duckdb.DuckDBPyConnection, first: str, second: str, examples: int
) -> tuple[int, list[tuple[Any, ...]]]:
    """How many rows of `first` have no counterpart in `second` (duplicates counted), and a few of
    them in sorted order."""
    difference = f"SELECT * FROM {first} EXCEPT ALL SELECT * FROM {second}"
    count = con.execute(f"SELECT count(*) FROM ({difference})").fetchone()[0]  # type: ignore[index]
    shown = con.execute(f"SELECT * FROM ({difference}) ORDER BY ALL LIMIT {examples}").fetchall()
    return int(count), shown


def compare_table(
    con_a: duckdb.DuckDBPyConnection, con_b: duckdb.DuckDBPyConnection, name: str, examples: int
) -> TableDifference:
    in_a, in_b = view_columns(con_a, name), view_columns(con_b, name)
    columns = compared_columns(name, set(in_a) & set(in_b))
    a, b = read_table(con_a, name, columns), read_table(con_b, name, columns)
    result = TableDifference(name, a.num_rows, b.num_rows)
    result.columns_only_a = [c for c in in_a if c not in in_b]
    result.columns_only_b = [c for c in in_b if c not in in_a]
    scratch = duckdb.connect()
    scratch.register("rows_a", a)
    scratch.register("rows_b", b)
    result.only_a, result.examples_a = rows_only_in(scratch, "rows_a", "rows_b", examples)
    result.only_b, result.examples_b = rows_only_in(scratch, "rows_b", "rows_a", examples)
    scratch.close()
    return result


def present_tables(path: Path) -> tuple[str, ...]:
    """The stored tables a dataset holds (one written before a table was added lacks it)."""
    return tuple(name for name in stored_tables() if (path / name / "_delta_log").is_dir())


def compare(path_a: Path, path_b: Path, examples: int = EXAMPLES) -> list[TableDifference]:
    """One TableDifference per stored table (a table one dataset lacks compares as empty)."""
    con_a, con_b = connect(path_a, present_tables(path_a)), connect(path_b, present_tables(path_b))
    try:
        return [compare_table(con_a, con_b, name, examples) for name in stored_tables()]
    finally:
        con_a.close()
        con_b.close()


def example_line(row: tuple[Any, ...]) -> str:
    text = repr(row)
    return text if len(text) <= EXAMPLE_WIDTH else text[: EXAMPLE_WIDTH - 3] + "..."


def report(differences: list[TableDifference]) -> str:
    lines = []
    for diff in differences:
        verdict = (
            "identical"
            if diff.identical
            else f"DIFFERS: {diff.only_a} rows only in A, {diff.only_b} rows only in B"
        )
        lines.append(f"{diff.name:22} A {diff.rows_a:>8} rows  B {diff.rows_b:>8} rows  {verdict}")
        for label, columns in (("A", diff.columns_only_a), ("B", diff.columns_only_b)):
            if columns:
                lines.append(
                    f"    columns only in {label} (rows compared without them): {', '.join(columns)}"
                )
        for label, shown in (("A", diff.examples_a), ("B", diff.examples_b)):
            lines.extend(f"    only in {label}: {example_line(row)}" for row in shown)
    same = all(diff.identical for diff in differences)
    lines.append("IDENTICAL: every table, row for row" if same else "DIFFERENT")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path, help="dataset folder A (e.g. the reference)")
    parser.add_argument("b", type=Path, help="dataset folder B (e.g. the candidate)")
    parser.add_argument("--examples", type=int, default=EXAMPLES, help="example rows shown per side")
    args = parser.parse_args(argv)
    for path in (args.a, args.b):
        if not is_dataset(path):
            print(f"not a dataset folder: {path}", file=sys.stderr)
            return 2
    differences = compare(args.a, args.b, args.examples)
    print(report(differences))
    return 0 if all(diff.identical for diff in differences) else 1


if __name__ == "__main__":
    raise SystemExit(main())
