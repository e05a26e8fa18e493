"""The commands over an existing dataset folder: query, compact (report and audit: pipeline.reports).

Each function does the work and returns what the command prints; a CommandError (pipeline.exits)
says why it could not. Only what `query` needs is imported here (outputs.dataset: duckdb and
deltalake, no pyarrow): it is the command that must start fast. The writer comes with `compact`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from disclosure.outputs.dataset import connect, is_dataset, tables_named
from disclosure.outputs.layout import needs_conversion
from disclosure.pipeline.exits import Busy, UsageError

if TYPE_CHECKING:
    from disclosure.outputs.delta import CompactReport


def require_dataset(path: Path, converting: bool = False) -> None:
    """Raise UsageError unless `path` is a dataset folder this command can use.

    A dataset of an earlier layout is converted by `ingest` and `compact` (`converting`) only.
    """
    if not is_dataset(path):
        raise UsageError(f"{path}: not a dataset folder (run `disclosure ingest` first)")
    if needs_conversion(path) and not converting:
        raise UsageError(f"{path}: written by an earlier version; `disclosure compact {path}` converts it")


def json_value(value: Any) -> Any:
    """JSON-safe value: exact decimals as strings, dates as ISO text."""
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@contextmanager
def writer_errors() -> Iterator[None]:
    """Turn the dataset writer's errors into command errors: busy (3), conversion failed (2)."""
    from disclosure.outputs.delta import ConversionFailed, DatasetBusy

    try:
        yield
    except DatasetBusy as exc:
        raise Busy(str(exc)) from exc
    except ConversionFailed as exc:
        raise UsageError(str(exc), soft_wrap=True) from exc


# --- query -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryResult:
    """The columns and rows an SQL statement returned."""

    names: list[str]
    rows: list[tuple[Any, ...]]

    def as_json(self) -> list[dict[str, Any]]:
        """One object per row, decimals as strings (exact), dates as ISO text."""
        return [{n: json_value(v) for n, v in zip(self.names, row, strict=True)} for row in self.rows]


def run_query(dataset: Path, sql: str) -> QueryResult:
    """Run DuckDB SQL over the dataset's views; an SQL error is a UsageError."""
    require_dataset(dataset)
    named = tables_named(sql)
    if named is not None:
        try:
            return query_result(connect(dataset, named).execute(sql))
        except Exception:  # it may name a table where tables_named cannot see it: every view
            pass
    con = connect(dataset)
    try:
        cursor = con.execute(sql)
    except Exception as exc:  # duckdb reports SQL errors with several exception types
        raise UsageError(f"{type(exc).__name__}: {exc}") from exc
    return query_result(cursor)


def query_result(cursor: Any) -> QueryResult:
    """An executed statement's column names and rows."""
    return QueryResult([d[0] for d in cursor.description or []], cursor.fetchall())


# --- compact -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompactResult:
    """What `compact` did: files before and after, files deleted, documents converted, versions."""

    report: CompactReport
    converted_documents: int
    versions: dict[str, int]


def compact_dataset(dataset: Path, retain_hours: int) -> CompactResult:
    """Merge small files, then delete those no version of the last `retain_hours` reads."""
    from disclosure.outputs.delta import DatasetWriter

    require_dataset(dataset, converting=True)
    with writer_errors(), DatasetWriter(dataset) as writer:
        report = writer.compact(retain_hours=retain_hours)
    return CompactResult(report, writer.converted_documents, dict(writer.versions))
