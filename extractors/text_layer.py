"""Read a PDF's text layer with pdfplumber: text lines and ruled table grids, with positions.

The steps mirror the data: open -> per page: chars -> lines, edges -> grid -> cells with text.
Nothing here knows what a 决算表 is; that is the normalizers' job.
"""

from __future__ import annotations

import io
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException

from extractors.file_check import DocumentError
from extractors.glyph_metrics import DEFAULT_DESCENT, plausible_descent
from extractors.records import GridCell, PageContent, RawTable, TextLine
from extractors.triage import text_layer_usable

# A character belongs to a line when its vertical middle lies within the line's band, widened by this.
LINE_Y_TOLERANCE = 2.0
# Grid coordinates closer than this (points) are the same ruling line.
GRID_SNAP_TOLERANCE = 2.0
# An encryption dictionary in the trailer: why a PDF that will not open needs a password.
ENCRYPT_MARKER = b"/Encrypt"
# A gap wider than this fraction of the font size between two characters becomes a space.
WORD_GAP_RATIO = 0.6


@dataclass(frozen=True)
class TableFinding:
    """pdfplumber table-finder settings; the defaults suit ruled disclosure tables."""

    vertical_strategy: str = "lines"
    horizontal_strategy: str = "lines"
    snap_tolerance: float = 3.0
    join_tolerance: float = 3.0
    intersection_tolerance: float = 3.0

    def as_settings(self) -> dict[str, Any]:
        return {
            "vertical_strategy": self.vertical_strategy,
            "horizontal_strategy": self.horizontal_strategy,
            "snap_tolerance": self.snap_tolerance,
            "join_tolerance": self.join_tolerance,
            "intersection_tolerance": self.intersection_tolerance,
        }


DEFAULT_TABLE_FINDING = TableFinding()


def open_pdf(data: bytes, name: str) -> pdfplumber.PDF:
    """Open PDF bytes, turning library failures into a one-line DocumentError."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages  # forces the page tree to be read; broken files fail here
    except Exception as exc:  # pdfminer raises a zoo of errors on damaged files, often wrapped
        raise opening_error(exc, data) from exc
    if not pdf.pages:
        pdf.close()
        raise DocumentError("corrupt", "corrupt PDF: no pages")
    return pdf


def opening_error(exc: BaseException, data: bytes) -> DocumentError:
    """The one-line reason a PDF would not open."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    if any(isinstance(e, (PDFPasswordIncorrect, PDFEncryptionError)) for e in chain) or (
        ENCRYPT_MARKER in data
    ):
        return DocumentError("encrypted", "encrypted PDF: needs a password to open")
    detail = next((f"{type(e).__name__}: {e}" for e in reversed(chain) if str(e).strip()), type(exc).__name__)
    kind = "corrupt"
    if any(isinstance(e, (PDFSyntaxError, PSException)) for e in chain):
        detail = f"syntax error ({detail})"
    return DocumentError(kind, f"corrupt PDF: {detail}".splitlines()[0][:200])


def read_pages(
    pdf: pdfplumber.PDF, settings: TableFinding = DEFAULT_TABLE_FINDING, pages: Iterable[int] | None = None
) -> Iterator[PageContent]:
    """Yield each page's lines and tables. `pages` are 1-based numbers (all when None)."""
    wanted = set(pages) if pages is not None else None
    for index, page in enumerate(pdf.pages):
        number = index + 1
        if wanted is not None and number not in wanted:
            continue
        yield read_page(page, number, settings)
        page.flush_cache()
        if hasattr(page, "close"):
            page.close()


class OnDemandReader:
    """Reads single pages with pdfplumber, opening the PDF only when the first page is asked for.

    The PDFium reader hands over the pages it cannot read independently of the machine's fonts.
    """

    def __init__(self, data: bytes, name: str, settings: TableFinding = DEFAULT_TABLE_FINDING) -> None:
        self.data = data
        self.name = name
        self.settings = settings
        self.pdf: pdfplumber.PDF | None = None

    def read_page(self, number: int) -> PageContent:
        """One page (1-based) as the reference reader sees it."""
        if self.pdf is None:
            self.pdf = open_pdf(self.data, self.name)
        page = self.pdf.pages[number - 1]
        try:
            return read_page(page, number, self.settings)
        finally:
            page.flush_cache()
            if hasattr(page, "close"):
                page.close()

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()
            self.pdf = None


def read_page(page: Any, number: int, settings: TableFinding = DEFAULT_TABLE_FINDING) -> PageContent:
    """Lines and table grids of one pdfplumber page."""
    page = page.dedupe_chars()
    top_of_page = float(page.mediabox[3])
    visible = [repair_descent(c, top_of_page) for c in page.chars if c["text"].strip()]
    lines = build_lines(visible)
    tables: list[RawTable] = []
    for index, found in enumerate(page.find_tables(settings.as_settings())):
        table = grid_from_cells(found.cells, visible, number, index)
        if table is not None:
            tables.append(table)
    return PageContent(
        number=number,
        width=float(page.width),
        height=float(page.height),
        n_chars=len(visible),
        lines=lines,
        tables=tables,
        has_text_layer=text_layer_usable(c["text"] for c in visible),
        image_coverage=image_coverage(page),
    )


def repair_descent(char: dict[str, Any], top_of_page: float) -> dict[str, Any]:
    """The character with its box rebuilt from the baseline when its font's descent is implausible.

    Only upright, unrotated glyphs: their baseline is the text matrix's f, measured from the top of
    the media box (see extractors.glyph_metrics).
    """
    a, b, c, d, _e, f = char["matrix"]
    size = char["size"]
    if b or c or a <= 0 or d <= 0 or size <= 0 or char.get("upright") is False:
        return char
    baseline = top_of_page - f
    descent = (baseline - char["bottom"]) / size
    if plausible_descent(descent) == descent:
        return char
    bottom = baseline - DEFAULT_DESCENT * size
    shift = bottom - char["bottom"]
    return {
        **char,
        "top": char["top"] + shift,
        "bottom": bottom,
        "doctop": char["doctop"] + shift,
        "y0": char["y0"] - shift,
        "y1": char["y1"] - shift,
    }


def image_coverage(page: Any) -> float:
    """Share of the page area covered by its largest embedded image (a scan covers ~1.0)."""
    area = float(page.width * page.height) or 1.0
    largest = 0.0
    for image in page.images:
        width = max(0.0, min(image["x1"], page.width) - max(image["x0"], 0))
        height = max(0.0, min(image["bottom"], page.height) - max(image["top"], 0))
        largest = max(largest, width * height)
    return min(largest / area, 1.0)


def build_lines(chars: list[dict[str, Any]]) -> list[TextLine]:
    """Group characters into visual lines by vertical overlap, then order each line left to right.

    Grouping by the vertical middle (not the exact baseline) keeps numbers that a generator wrote
    as separate runs on a slightly shifted baseline in the line they belong to.
    """
    bands: list[list[dict[str, Any]]] = []
    band_extent: list[tuple[float, float]] = []
    for char in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        middle = (char["top"] + char["bottom"]) / 2
        placed = False
        # Only recent bands can still overlap: chars arrive in top order.
        for i in range(len(bands) - 1, max(-1, len(bands) - 4), -1):
            top, bottom = band_extent[i]
            if top - LINE_Y_TOLERANCE <= middle <= bottom + LINE_Y_TOLERANCE:
                bands[i].append(char)
                band_extent[i] = (min(top, char["top"]), max(bottom, char["bottom"]))
                placed = True
                break
        if not placed:
            bands.append([char])
            band_extent.append((char["top"], char["bottom"]))
    lines = []
    for band in bands:
        band.sort(key=lambda c: (round(c["x0"], 1), c["top"]))
        lines.append(
            TextLine(
                text=join_chars(band),
                x0=min(c["x0"] for c in band),
                top=min(c["top"] for c in band),
                x1=max(c["x1"] for c in band),
                bottom=max(c["bottom"] for c in band),
            )
        )
    lines.sort(key=lambda line: (round(line.top), line.x0))
    return lines


def join_chars(chars: list[dict[str, Any]]) -> str:
    """Text of characters already in left-to-right order, with spaces where the gap is wide."""
    parts: list[str] = []
    previous: dict[str, Any] | None = None
    for char in chars:
        if previous is not None:
            gap = char["x0"] - previous["x1"]
            size = max(previous.get("size", 10.0), 1.0)
            if gap > WORD_GAP_RATIO * size:
                parts.append(" ")
        parts.append(char["text"])
        previous = char
    return "".join(parts)


def join_cell_lines(lines: list[str]) -> str:
    """Join the lines wrapped inside one cell; CJK text and numbers wrap without a space."""
    text = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if text and text[-1].isascii() and text[-1].isalpha() and line[0].isascii() and line[0].isalpha():
            text += " "
        text += line
    return text


def snap_coordinates(values: Iterable[float], tolerance: float = GRID_SNAP_TOLERANCE) -> list[float]:
    """Sorted distinct coordinates, merging values closer than the tolerance."""
    snapped: list[float] = []
    for value in sorted(values):
        if snapped and value - snapped[-1] <= tolerance:
            continue
        snapped.append(value)
    return snapped


def nearest_index(coords: list[float], value: float) -> int:
    """Index of the grid coordinate closest to value."""
    i = bisect_right(coords, value)
    candidates = [j for j in (i - 1, i) if 0 <= j < len(coords)]
    return min(candidates, key=lambda j: abs(coords[j] - value))


def grid_from_cells(
    cell_boxes: list[tuple[float, float, float, float]],
    chars: list[dict[str, Any]],
    page_number: int,
    index_on_page: int,
) -> RawTable | None:
    """Place pdfplumber's cell rectangles on a row/column grid and fill them with their characters."""
    if not cell_boxes:
        return None
    xs = snap_coordinates([b[0] for b in cell_boxes] + [b[2] for b in cell_boxes])
    ys = snap_coordinates([b[1] for b in cell_boxes] + [b[3] for b in cell_boxes])
    n_cols, n_rows = len(xs) - 1, len(ys) - 1
    if n_cols < 1 or n_rows < 1:
        return None
    placed: list[tuple[int, int, int, int, tuple[float, float, float, float]]] = []
    for box in cell_boxes:
        col, col_end = nearest_index(xs, box[0]), nearest_index(xs, box[2])
        row, row_end = nearest_index(ys, box[1]), nearest_index(ys, box[3])
        if col_end <= col or row_end <= row:
            continue
        placed.append((row, col, row_end - row, col_end - col, box))
    texts = assign_chars(chars, placed, xs, ys)
    cells = [
        GridCell(row=r, col=c, row_span=rs, col_span=cs, text=text, x0=b[0], top=b[1], x1=b[2], bottom=b[3])
        for (r, c, rs, cs, b), text in zip(placed, texts, strict=True)
    ]
    cells.sort(key=lambda cell: (cell.row, cell.col))
    return RawTable(
        page=page_number,
        index_on_page=index_on_page,
        x0=xs[0],
        top=ys[0],
        x1=xs[-1],
        bottom=ys[-1],
        n_rows=n_rows,
        n_cols=n_cols,
        cells=cells,
    )


def assign_chars(
    chars: list[dict[str, Any]],
    placed: list[tuple[int, int, int, int, tuple[float, float, float, float]]],
    xs: list[float],
    ys: list[float],
) -> list[str]:
    """Text of each placed cell from the characters whose centre falls inside it.

    Each grid slot knows the smallest cell covering it (cells can nest: a background rectangle
    behind the grid), so a character finds its cell by two bisections; a character whose slot's
    cell does not hold its centre (coordinates snapped to the grid) is matched by a full search.
    """
    boxes = [p[4] for p in placed]
    owner = [[-1] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    for i in sorted(range(len(placed)), key=lambda i: -box_area(boxes[i])):
        row, col, row_span, col_span, _ = placed[i]
        for r in range(row, row + row_span):
            for c in range(col, col + col_span):
                owner[r][c] = i
    members: list[list[dict[str, Any]]] = [[] for _ in boxes]
    left, right, top_edge, bottom_edge = xs[0], xs[-1], ys[0], ys[-1]
    for char in chars:
        cx = (char["x0"] + char["x1"]) / 2
        cy = (char["top"] + char["bottom"]) / 2
        if not (left - GRID_SNAP_TOLERANCE <= cx <= right + GRID_SNAP_TOLERANCE):
            continue
        if not (top_edge - GRID_SNAP_TOLERANCE <= cy <= bottom_edge + GRID_SNAP_TOLERANCE):
            continue
        col = min(max(bisect_right(xs, cx) - 1, 0), len(xs) - 2)
        row = min(max(bisect_right(ys, cy) - 1, 0), len(ys) - 2)
        best = owner[row][col]
        if best < 0 or not box_holds(boxes[best], cx, cy):
            best = smallest_box_holding(boxes, cx, cy)
        if best >= 0:
            members[best].append(char)
    return [join_cell_lines([line.text for line in build_lines(m)]) if m else "" for m in members]


def box_area(box: tuple[float, float, float, float]) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


def box_holds(box: tuple[float, float, float, float], x: float, y: float) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def smallest_box_holding(boxes: list[tuple[float, float, float, float]], x: float, y: float) -> int:
    """Index of the smallest box containing the point, or -1."""
    best, best_area = -1, float("inf")
    for i, box in enumerate(boxes):
        if box_holds(box, x, y) and box_area(box) < best_area:
            best, best_area = i, box_area(box)
    return best
