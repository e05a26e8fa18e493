"""`disclosure inspect`: what the extractor sees on a document's pages, as records to print.

inspect_pages gives one summary per page (size, orientation, text layer or scan, table kinds, first
line); inspect_page one page in detail (its first text lines and each table's title, kind, unit,
grid, header rows, column roles and cells), a scanned page read by OCR first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from disclosure.extractors.file_check import DocumentError, check_pdf_bytes
from disclosure.extractors.records import PageContent
from disclosure.normalizers.layout import flatten, split_header
from disclosure.normalizers.recognize import TableBlock, page_blocks
from disclosure.normalizers.titles import classify_title
from disclosure.pipeline.exits import Unreadable, UsageError
from disclosure.pipeline.process import read_document_pages, read_image_pages

LINES_SHOWN = 8  # text lines shown above a page's tables


@dataclass(frozen=True)
class PageSummary:
    """One page at a glance."""

    number: int
    width: float
    height: float
    orientation: str  # landscape | portrait
    n_chars: int
    layer: str  # text | scanned image | scanned image, read by OCR | no text
    table_kinds: list[str]  # the kind of each table found, in page order
    first_line: str


@dataclass(frozen=True)
class ColumnView:
    """A table column as the normaliser reads it."""

    index: int
    role: str
    group: int
    label: str


@dataclass(frozen=True)
class TableView:
    """A table found on the page: how it was recognised, its columns and its cells."""

    number: int  # 1-based, on the page
    title: str | None
    kind: str
    unit: str | None
    n_rows: int
    n_cols: int
    header_rows: int
    engine: str
    columns: list[ColumnView]
    grid: list[list[str]]


@dataclass(frozen=True)
class PageDetail:
    """One page in detail; `ocr_warning` says why a scanned page could not be read by OCR."""

    summary: PageSummary
    lines: list[tuple[float, str]]  # (top, text) of its first LINES_SHOWN lines
    tables: list[TableView]
    ocr_warning: str | None = None


def read_pages(path: Path, engine: str) -> tuple[bytes, list[PageContent]]:
    """The file's bytes and pages; Unreadable when it is not a PDF that opens."""
    try:
        data = path.read_bytes()
        check_pdf_bytes(data)
        return data, read_document_pages(data, path.name, engine)
    except (OSError, DocumentError) as exc:
        message = exc.message if isinstance(exc, DocumentError) else str(exc)
        raise Unreadable(f"{path}: {message}") from exc


def summarise(page: PageContent, blocks: list[TableBlock]) -> PageSummary:
    layer = "text" if page.has_text_layer else "scanned image" if page.is_image_only else "no text"
    if page.engine == "ocr":
        layer = "scanned image, read by OCR"
    return PageSummary(
        number=page.number,
        width=page.width,
        height=page.height,
        orientation="landscape" if page.is_landscape else "portrait",
        n_chars=page.n_chars,
        layer=layer,
        table_kinds=[classify_title(b.title) for b in blocks],
        first_line=page.lines[0].text if page.lines else "",
    )


def inspect_pages(path: Path, engine: str = "pdfium") -> list[PageSummary]:
    """Every page of the file at a glance (scanned pages are not read by OCR here)."""
    _, pages = read_pages(path, engine)
    return [summarise(page, page_blocks(page)) for page in pages]


def table_view(block: TableBlock) -> TableView:
    table = block.table
    header_rows = split_header(table)
    grid = table.text_grid()
    columns = flatten(table, header_rows, grid[header_rows:])
    return TableView(
        number=table.index_on_page + 1,
        title=block.title,
        kind=classify_title(block.title),
        unit=block.unit,
        n_rows=table.n_rows,
        n_cols=table.n_cols,
        header_rows=header_rows,
        engine=table.engine,
        columns=[ColumnView(c.index, c.role, c.group, c.label) for c in columns],
        grid=grid,
    )


def inspect_page(path: Path, number: int, engine: str = "pdfium") -> PageDetail:
    """Page `number` (1-based) in detail; a scanned page is read by OCR first.

    Raises Unreadable (not a PDF that opens) or UsageError (no such page).
    """
    data, pages = read_pages(path, engine)
    if not 1 <= number <= len(pages):
        raise UsageError(f"{path} has {len(pages)} pages; no page {number}")
    page, ocr_warning = pages[number - 1], None
    if page.is_image_only:
        read, ocr_error = read_image_pages(data, [page])
        page = read[0]
        if ocr_error:
            ocr_warning = f"page {number} is a scanned image and {ocr_error}"
    blocks = page_blocks(page)
    return PageDetail(
        summary=summarise(page, blocks),
        lines=[(line.top, line.text) for line in page.lines[:LINES_SHOWN]],
        tables=[table_view(block) for block in blocks],
        ocr_warning=ocr_warning,
    )
