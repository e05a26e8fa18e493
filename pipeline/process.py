"""One document, end to end in memory: bytes -> pages -> tables -> canonical records.

No I/O besides reading the input file; writing is the caller's (pipeline.ingest) job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from disclosure.extractors import pdfium_layer, text_layer
from disclosure.extractors.file_check import DocumentError, check_pdf_bytes, sha256_of
from disclosure.extractors.pdfium_handles import PDFIUM_LOCK
from disclosure.extractors.records import PageContent
from disclosure.extractors.triage import LOW_BOX_SCORE
from disclosure.normalizers.checks import run_checks
from disclosure.normalizers.completeness import disclosure_part, measure_completeness
from disclosure.normalizers.document import DocumentFacts, document_facts
from disclosure.normalizers.facts import extract_facts
from disclosure.normalizers.kinds import DocKind
from disclosure.normalizers.line_items import build_table
from disclosure.normalizers.recognize import LogicalTable, recognise_tables
from disclosure.normalizers.records import DocumentRecord, DocumentResult
from disclosure.normalizers.scorecards import build_scorecards
from disclosure.normalizers.vocabulary import OTHER_KINDS, TABLE_KINDS, UNCLASSIFIED
from disclosure.pipeline import PIPELINE_VERSION
from disclosure.pipeline.collector import fewer_collections
from disclosure.pipeline.failures import error_line, failed_document

# Document kinds whose non-standard tables are typed (project lists, procurement …).
DISCLOSURE_KINDS = frozenset({DocKind.BUDGET, DocKind.FINAL, DocKind.PERFORMANCE})
# A page read by OCR with more than this share of its text scored low makes the document partial.
MOSTLY_LOW = 0.5


ENGINES = ("pdfium", "pdfplumber")
DEFAULT_ENGINE = "pdfium"


def read_document_pages(data: bytes, name: str, engine: str = DEFAULT_ENGINE) -> list[PageContent]:
    """All pages of a PDF as extractor records; any failure is a DocumentError.

    engine "pdfium" is the fast reader; "pdfplumber" is the reference it is tested against. The
    pages are read holding PDFIUM_LOCK: one thread of a process at a time calls PDFium.
    """
    with PDFIUM_LOCK:
        try:
            if engine == "pdfplumber":
                pdf = text_layer.open_pdf(data, name)
                try:
                    return list(text_layer.read_pages(pdf))
                finally:
                    pdf.close()
            document = pdfium_layer.open_document(data)
            reference = text_layer.OnDemandReader(data, name)
            try:
                return list(pdfium_layer.read_pages(document, reference=reference.read_page))
            finally:
                reference.close()
                document.close()
        except DocumentError:
            raise
        except MemoryError:  # the worker's memory guard, not a corrupt file
            raise
        except Exception as exc:  # a page that breaks the parser breaks the document: no partial rows
            if isinstance(exc.__context__, MemoryError):  # the guard's, raised while handling another
                raise exc.__context__ from exc
            message = f"corrupt PDF: unreadable page content ({type(exc).__name__}: {exc})"
            raise DocumentError("corrupt", message.splitlines()[0][:200]) from exc


def read_image_pages(
    data: bytes, pages: list[PageContent], on_ocr_page: Callable[[int], None] | None = None
) -> tuple[list[PageContent], str | None]:
    """Pages with every scanned page replaced by its OCR reading, and why OCR failed (if it did).
    ocr_pages renders them with PDFium holding PDFIUM_LOCK, and reads them without it."""
    scanned = [page for page in pages if page.is_image_only]
    if not scanned:
        return pages, None
    # Imported here: the OCR stack (cv2, numpy, onnxruntime) costs start-up time that text-only
    # documents, and every worker that only meets them, never need.
    from disclosure.extractors.ocr import OcrUnavailable, ocr_pages

    try:
        read = ocr_pages(data, scanned, on_page=on_ocr_page)
    except OcrUnavailable as exc:
        return pages, str(exc)
    except Exception as exc:  # a page the renderer or engine cannot read leaves the text layer as is
        return pages, f"OCR failed ({type(exc).__name__}: {exc})".splitlines()[0][:200]
    return [read.get(page.number, page) for page in pages], None


def process_bytes(
    path: Path,
    data: bytes,
    engine: str = DEFAULT_ENGINE,
    on_ocr_page: Callable[[int], None] | None = None,
) -> DocumentResult:
    """Canonical records for one document's bytes (never raises for bad input).

    Scanned pages are read by OCR; `on_ocr_page(page_number)` reports each one as it is done.
    """
    with fewer_collections():
        return document_records(path, data, engine, on_ocr_page)


def document_records(
    path: Path, data: bytes, engine: str, on_ocr_page: Callable[[int], None] | None
) -> DocumentResult:
    """process_bytes's work, the collector tuned by the caller."""
    try:
        check_pdf_bytes(data)
        pages = read_document_pages(data, path.name, engine)
    except DocumentError as error:
        return failed_document(path, data, error)
    pages, ocr_error = read_image_pages(data, pages, on_ocr_page)
    try:
        return normalise_pages(path, data, pages, ocr_error)
    except MemoryError:  # the worker's memory guard: its executor records the limit
        raise
    except Exception as exc:  # a normaliser bug fails this document, never the worker or the batch
        failure = DocumentError("internal", error_line("normalising failed", exc))
        return failed_document(path, data, failure, pages=len(pages))


@dataclass(frozen=True)
class ReadPages:
    """A document's pages as read, with what the status of the document depends on."""

    pages: list[PageContent]
    image_pages: int  # scanned pages (no text layer)
    text_pages: int
    ocr_error: str | None  # why the scanned pages could not be read, if they could not

    @classmethod
    def of(cls, pages: list[PageContent], ocr_error: str | None) -> ReadPages:
        return cls(
            pages=pages,
            image_pages=sum(1 for page in pages if page.is_image_only),
            text_pages=sum(1 for page in pages if page.has_text_layer),
            ocr_error=ocr_error,
        )


def normalise_pages(
    path: Path, data: bytes, pages: list[PageContent], ocr_error: str | None
) -> DocumentResult:
    """The document's canonical records from its read pages (tables, scorecards, facts, checks)."""
    read = ReadPages.of(pages, ocr_error)
    logical_tables = recognise_tables(pages)
    facts = document_facts(pages, logical_tables)
    if facts.doc_kind not in DISCLOSURE_KINDS:
        untype_other_tables(logical_tables)
    result = DocumentResult(document=document_record(path, data, read, facts))
    add_tables(result, logical_tables, facts)
    add_scorecards_facts_checks(result, pages, facts)
    add_completeness(result, pages, facts)
    judge_status(result, read)
    return result


def untype_other_tables(tables: list[LogicalTable]) -> None:
    """A notice or bulletin is no disclosure: its tables are not a disclosure's other tables."""
    for table in tables:
        if table.kind in OTHER_KINDS:
            table.kind = UNCLASSIFIED


def document_record(path: Path, data: bytes, read: ReadPages, facts: DocumentFacts) -> DocumentRecord:
    """The documents row as the pages and the document's own text give it (status ok, no tables yet)."""
    return DocumentRecord(
        doc_id=sha256_of(data),
        source=str(path),
        file_name=path.name,
        file_bytes=len(data),
        pages=len(read.pages),
        status="ok",
        error=None,
        doc_kind=facts.doc_kind,
        scope=facts.scope,
        agency=facts.agency,
        fiscal_year=facts.fiscal_year,
        text_pages=read.text_pages,
        image_pages=read.image_pages,
        tables_found=0,
        pipeline_version=PIPELINE_VERSION,
        ingested_at=datetime.now(UTC),
    )


def add_tables(result: DocumentResult, tables: list[LogicalTable], facts: DocumentFacts) -> None:
    """Each recognised table's record, line items and cells, numbered in reading order."""
    doc_id = result.document.doc_id
    for number, table in enumerate(tables, start=1):
        table_id = f"{doc_id[:12]}-t{number:03d}"
        record, items, cells = build_table(table, doc_id, table_id, facts.doc_kind, facts.fiscal_year)
        result.tables.append(record)
        result.line_items.extend(items)
        result.cells.extend(cells)


def add_scorecards_facts_checks(
    result: DocumentResult, pages: list[PageContent], facts: DocumentFacts
) -> None:
    """The scorecards, the narrative's figures, and the checks over everything read so far."""
    doc_id = result.document.doc_id
    scorecards = build_scorecards(pages, doc_id, facts.fiscal_year)
    result.scorecards = scorecards.scorecards
    result.scorecard_funds = scorecards.funds
    result.scorecard_indicators = scorecards.indicators
    result.document.tables_found = sum(1 for t in result.tables if t.table_kind in TABLE_KINDS)
    result.facts = extract_facts(doc_id, pages, result.line_items, facts.doc_kind)
    result.checks = run_checks(
        result.document,
        result.tables,
        result.line_items,
        result.cells,
        result.facts,
        pages,
        scorecards.checks,
    )


def add_completeness(result: DocumentResult, pages: list[PageContent], facts: DocumentFacts) -> None:
    """How much of what is printed landed: amounts placed, standard tables missing, the part it is."""
    completeness = measure_completeness(
        result.document.doc_id,
        facts.doc_kind,
        pages,
        result.tables,
        result.cells,
        result.line_items,
        result.scorecards,
        result.scorecard_funds,
        result.scorecard_indicators,
    )
    document = result.document
    document.amount_cells = completeness.amount_cells
    document.amount_cells_placed = completeness.amount_cells_placed
    document.standard_tables_expected = completeness.standard_tables_expected
    document.standard_tables_missing = completeness.standard_tables_missing
    document.part = disclosure_part(facts.doc_kind, result.tables, len(result.facts))
    result.unplaced_amounts = completeness.unplaced


def judge_status(result: DocumentResult, read: ReadPages) -> None:
    """Failed or partial when scanned pages could not be read, partial when OCR read mostly noise."""
    document = result.document
    if read.ocr_error and read.image_pages and read.text_pages == 0 and not result.tables:
        document.status = "failed"
        document.error = f"image-only PDF ({read.image_pages} scanned pages, no text layer); {read.ocr_error}"
    elif read.ocr_error and read.image_pages:
        document.status = "partial"
        document.error = (
            f"{read.image_pages} of {len(read.pages)} pages are images without a text layer "
            f"(not read: {read.ocr_error})"
        )
    doubtful = doubtful_ocr_pages(read.pages)
    if doubtful and document.status == "ok":
        # A page that reads mostly as noise (a bad scan, an orientation no turn fixed) holds values
        # that look as trustworthy as the rest: the document is partial, the pages named.
        document.status = "partial"
        document.error = (
            f"OCR mostly low-confidence on page {', '.join(map(str, doubtful))} "
            f"(over {MOSTLY_LOW:.0%} of the text read below {LOW_BOX_SCORE})"
        )


def doubtful_ocr_pages(pages: list[PageContent]) -> list[int]:
    """Pages read by OCR whose text mostly scored low."""
    return [p.number for p in pages if p.ocr_low_share is not None and p.ocr_low_share > MOSTLY_LOW]


def process_file(
    path: Path, engine: str = DEFAULT_ENGINE, on_ocr_page: Callable[[int], None] | None = None
) -> DocumentResult:
    """Canonical records for one file on disk (never raises for bad input)."""
    data = path.read_bytes()
    return process_bytes(path, data, engine, on_ocr_page)
