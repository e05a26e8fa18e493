"""The commands over an existing dataset folder: query, compact, report, audit.

Each function does the work and returns what the command prints; a CommandError (pipeline.exits)
says why it could not.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from outputs.audit import AuditSummary, DocumentAudit, audit_dataset
from outputs.dataset import connect, is_dataset
from outputs.delta import CompactReport, ConversionFailed, DatasetBusy, DatasetWriter
from outputs.legacy import needs_conversion
from outputs.report import write_reports
from pipeline.exits import Busy, UsageError


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
    con = connect(dataset)
    try:
        cursor = con.execute(sql)
    except Exception as exc:  # duckdb reports SQL errors with several exception types
        raise UsageError(f"{type(exc).__name__}: {exc}") from exc
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
    require_dataset(dataset, converting=True)
    with writer_errors(), DatasetWriter(dataset) as writer:
        report = writer.compact(retain_hours=retain_hours)
    return CompactResult(report, writer.converted_documents, dict(writer.versions))


# --- report ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportResult:
    """The document reports written, and the index."""

    documents: list[Path]
    index: Path


def report_dataset(dataset: Path, out: Path | None = None, doc: str | None = None) -> ReportResult:
    """Write the HTML reports (outputs.report) to `out` (default DATASET/report); `doc`: an id prefix."""
    require_dataset(dataset)
    written = write_reports(dataset, out or dataset / "report", doc)
    if doc and len(written) == 1:
        raise UsageError(f"no document id starts with {doc}")
    return ReportResult(written[:-1], written[-1])


# --- audit -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditResult:
    """The dataset's completeness totals and its documents, least complete first."""

    summary: AuditSummary
    documents: list[DocumentAudit]

    def as_json(self) -> dict[str, Any]:
        summary = self.summary
        return {
            "summary": {
                **asdict(summary),
                "placed_share": summary.placed_share,
                "check_fail_rate": summary.check_fail_rate,
            },
            "documents": [{**asdict(a), "placed_share": a.placed_share} for a in self.documents],
        }


def audit(dataset: Path, json_file: Path | None = None) -> AuditResult:
    """Audit the dataset (outputs.audit); also write it as JSON to `json_file` when given."""
    require_dataset(dataset)
    result = AuditResult(*audit_dataset(dataset))
    if json_file is not None:
        json_file.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(result.as_json(), ensure_ascii=False, indent=1, default=json_value)
        json_file.write_text(text, "utf-8")
    return result
