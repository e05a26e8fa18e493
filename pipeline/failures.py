"""The documents row of a file that could not be read or written, and one-line error reasons.

Apart from pipeline.process so that the writer (pipeline.ingest) and the executors can record a
failure without importing the readers and normalizers, which only the workers need.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from disclosure.extractors.file_check import DocumentError, sha256_of
from disclosure.normalizers.records import DocumentRecord, DocumentResult
from disclosure.pipeline import PIPELINE_VERSION


def failed_record(
    doc_id: str, source: str, file_name: str, file_bytes: int, error: str, pages: int | None = None
) -> DocumentRecord:
    """A documents row for a file that could not be read or written, with its one-line reason."""
    return DocumentRecord(
        doc_id=doc_id,
        source=source,
        file_name=file_name,
        file_bytes=file_bytes,
        pages=pages,
        status="failed",
        error=error,
        doc_kind=None,
        scope=None,
        agency=None,
        fiscal_year=None,
        text_pages=0,
        image_pages=0,
        tables_found=0,
        pipeline_version=PIPELINE_VERSION,
        ingested_at=datetime.now(UTC),
    )


def failed_document(
    path: Path, data: bytes, error: DocumentError, pages: int | None = None
) -> DocumentResult:
    """A documents row for a file that could not be read, with its one-line reason."""
    return DocumentResult(
        document=failed_record(sha256_of(data), str(path), path.name, len(data), error.message, pages)
    )


def error_line(what: str, exc: BaseException, limit: int = 200) -> str:
    """`what (ExceptionType: message)` on one line, the message cut to fit `limit` characters."""
    message = " ".join(f"{type(exc).__name__}: {exc}".split())
    room = max(limit - len(what) - 3, 20)
    if len(message) > room:
        message = message[: room - 1] + "…"
    return f"{what} ({message})"
