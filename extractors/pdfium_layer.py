"""The fast text-layer reader: PDFium (C++) parses the page; pdfplumber's grid algorithm finds tables.

pdfminer's pure-Python content parser is where pdfplumber spends ~80 % of its time. PDFium reads
the same page in a fraction of that. This module takes from PDFium only two things — the character
boxes and the painted path segments — shapes them like pdfplumber's chars and edges, and hands the
edges to pdfplumber's own table steps (merge_edges -> edges_to_intersections ->
intersections_to_cells -> cells_to_tables). The result is the same PageContent as text_layer's
pdfplumber reader produces; tests hold the two to agreement on the corpus.

Steps: page_geometry (pdfium_geometry) -> find_table_cells -> the text objects cut by their
clip (hidden_text) -> page_chars (pdfium_chars) -> grid_from_cells (grid) and build_lines
(text_lines); then the boxes of hidden text (hidden_text).
Coordinates follow pdfplumber: points from the media box's top-left corner, y growing downwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter
from typing import Any

import pypdfium2 as pdfium
from disclosure.extractors import pdfium_handles as pdf
from disclosure.extractors.file_check import DocumentError
from disclosure.extractors.grid import grid_from_cells
from disclosure.extractors.hidden_text import cut_text_objects, with_hidden_text
from disclosure.extractors.lattice import rules_to_tables
from disclosure.extractors.open_ends import closing_edges
from disclosure.extractors.pdfium_chars import page_char_columns
from disclosure.extractors.pdfium_geometry import (
    PageFrame,
    PageObjects,
    page_frame,
    page_geometry,
    page_objects,
)
from disclosure.extractors.records import Box, PageContent
from disclosure.extractors.rulings import RULED_TABLES, merged_rules
from disclosure.extractors.text_lines import build_lines
from disclosure.extractors.triage import text_layer_usable
from pdfplumber.table import TableSettings

ENGINE = "pdfium"


def open_document(data: bytes) -> pdfium.PdfDocument:
    """Open PDF bytes with PDFium, turning its errors into a one-line DocumentError."""
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise DocumentError("encrypted", "encrypted PDF: needs a password to open") from exc
        raise DocumentError("corrupt", f"corrupt PDF: {message}".splitlines()[0][:200]) from exc


def uses_unembedded_font(objects: PageObjects, embedded: dict[int, bool]) -> bool:
    """Whether any text object on the page (or in its forms) is set in a font the PDF does not embed.

    PDFium draws such text with whatever font the machine substitutes, and its text page depends on
    that font: it drops a text object whose substituted glyphs have no outline (a CJK character on a
    machine without CJK fonts) and sizes glyph boxes from the substitute. `embedded` caches the
    answer per font handle across the pages of one document.
    """
    for font in objects.fonts:
        if font not in embedded:
            embedded[font] = bool(pdf.font_is_embedded(font))
        if not embedded[font]:
            return True
    return False


def bounding_box(boxes: list[Box]) -> Box:
    """The box around the boxes (a table's around its cells)."""
    return Box(
        min(box.x0 for box in boxes),
        min(box.top for box in boxes),
        max(box.x1 for box in boxes),
        max(box.bottom for box in boxes),
    )


def on_page(box: Box, frame: PageFrame) -> Box:
    """The part of the box on the page (a merged cell's rules may run on past a page break)."""
    return Box(max(box.x0, 0.0), max(box.top, 0.0), min(box.x1, frame.width), min(box.bottom, frame.height))


def find_table_cells(edges: list[dict[str, Any]], settings: TableSettings) -> list[list[Box]]:
    """pdfplumber's lattice steps on PDFium edges: one list of cell boxes per table.

    Intersections, cells and their grouping into tables come from extractors.lattice (pdfplumber's
    steps, the same results with less work)."""
    merged = merged_rules(edges, settings)
    if not merged:
        return []
    merged += closing_edges(merged)
    return rules_to_tables(merged, settings.intersection_x_tolerance, settings.intersection_y_tolerance)


def read_page(
    page: Any,
    number: int,
    settings: TableSettings = RULED_TABLES,
    frame: PageFrame | None = None,
    objects: PageObjects | None = None,
) -> PageContent:
    """Lines and table grids of one PDFium page, shaped as the pdfplumber reader's.

    `frame` and `objects` (page_frame, page_objects) are the page's, when the caller has them."""
    if frame is None:
        frame = page_frame(page)
    edges, coverage = page_geometry(page, frame, objects)
    cells = find_table_cells(edges, settings) if edges else []
    grids = [on_page(bounding_box(boxes), frame) for boxes in cells]
    cut = cut_text_objects(objects, frame, edges, grids) if objects is not None and cells else None
    chars, columns = page_char_columns(page, frame, objects, cut)  # columns: for lines and every grid
    tables = []
    for index, cell_boxes in enumerate(cells):
        table = grid_from_cells(cell_boxes, chars, number, index, columns)
        if table is not None:
            table.engine = ENGINE
            tables.append(table)
    return PageContent(
        number=number,
        width=frame.width,
        height=frame.height,
        n_chars=len(chars),
        lines=build_lines(chars, columns),
        tables=tables,
        has_text_layer=text_layer_usable(map(itemgetter("text"), chars)),
        image_coverage=coverage,
        engine=ENGINE,
    )


def read_pages(
    document: pdfium.PdfDocument,
    settings: TableSettings = RULED_TABLES,
    pages: Iterable[int] | None = None,
    reference: Callable[[int], PageContent] | None = None,
) -> Iterator[PageContent]:
    """Yield each page's content; `pages` are 1-based numbers (all when None).

    A page set in a font the PDF does not embed is read by `reference` (the pdfplumber reader,
    which measures glyphs from the PDF's own widths and fixed metrics) when one is given, so
    that what comes out depends on the PDF alone, not on the fonts installed on the machine.
    """
    wanted = set(pages) if pages is not None else None
    embedded: dict[int, bool] = {}
    for index in range(len(document)):
        number = index + 1
        if wanted is not None and number not in wanted:
            continue
        page = document[index]
        try:
            frame = page_frame(page)
            objects = page_objects(pdf.handle_of(page.raw))
            if reference is not None and uses_unembedded_font(objects, embedded):
                content = reference(number)
            else:
                content = read_page(page, number, settings, frame, objects)
            yield with_hidden_text(content, page, frame, objects)
        finally:
            page.close()
