"""Batch ingest: find the input files, process each, write each atomically, summarise."""

from __future__ import annotations

import glob
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from normalizers.records import DocumentResult
from outputs.parquet import ensure_layout, write_document
from pipeline.process import process_file

PDF_SUFFIXES = (".pdf",)


@dataclass
class IngestSummary:
    """What a run did, for the closing table and the exit code."""

    documents: Counter[str] = field(default_factory=Counter)  # status -> count
    tables_by_kind: Counter[str] = field(default_factory=Counter)
    line_items: int = 0
    pages: int = 0
    seconds: float = 0.0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (file, one-line error)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def add(self, result: DocumentResult) -> None:
        doc = result.document
        self.documents[doc.status] += 1
        self.pages += doc.pages or 0
        self.line_items += len(result.line_items)
        for table in result.tables:
            self.tables_by_kind[table.table_kind] += 1
        if doc.error:
            self.errors.append((doc.source, f"{doc.status}: {doc.error}"))


def collect_inputs(paths: Iterable[str]) -> tuple[list[Path], list[str]]:
    """Files named directly, PDFs found under folders (recursively), and glob matches.

    Returns the files (deduplicated, in a stable order) and the arguments that matched nothing.
    """
    found: list[Path] = []
    unmatched: list[str] = []
    for argument in paths:
        path = Path(argument)
        if path.is_dir():
            matches = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PDF_SUFFIXES)
        elif path.is_file():
            matches = [path]
        else:
            matches = sorted(Path(p) for p in glob.glob(argument, recursive=True) if Path(p).is_file())
        if not matches:
            unmatched.append(argument)
        found.extend(matches)
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path.resolve(), None)
    return list(unique), unmatched


def ingest(
    files: list[Path],
    out: Path,
    on_document: Callable[[DocumentResult], None] | None = None,
    on_ocr_page: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Process and write each file; one bad file never stops the batch.

    `on_ocr_page(page_number)` is called as each scanned page has been read by OCR.
    """
    ensure_layout(out)
    summary = IngestSummary()
    started = time.perf_counter()
    for path in files:
        result = process_file(path, on_ocr_page)
        write_document(out, result)
        summary.add(result)
        if on_document is not None:
            on_document(result)
    summary.seconds = time.perf_counter() - started
    return summary
