"""Records produced by the extractors: what a PDF page holds, before any interpretation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from disclosure.extractors.triage import needs_ocr

# A page whose largest image covers at least this share of it, and that has no text, is a scan.
SCAN_COVERAGE = 0.3


class Box(NamedTuple):
    """A rectangle on the page: left, top, right, bottom (points from the top-left corner, or
    pixels of a page image).

    A tuple, not a dataclass: boxes are made once per line and cell, unpacked and fed to numpy as
    rows of four (np.asarray takes a list of them as is), where a frozen dataclass is twice as slow
    to make and has to be converted first.
    """

    x0: float
    top: float
    x1: float
    bottom: float


class OnPage:
    """A record placed by its `box`: the box's sides read as the record's own (cell.x0, line.top)."""

    box: Box

    @property
    def x0(self) -> float:
        return self.box.x0

    @property
    def top(self) -> float:
        return self.box.top

    @property
    def x1(self) -> float:
        return self.box.x1

    @property
    def bottom(self) -> float:
        return self.box.bottom


@dataclass(frozen=True)
class TextLine(OnPage):
    """One visual line of text rebuilt from character positions."""

    text: str
    box: Box


@dataclass(frozen=True)
class GridCell(OnPage):
    """One cell of a ruled table grid, with its span over the grid's rows and columns."""

    row: int
    col: int
    row_span: int
    col_span: int
    text: str
    box: Box
    # OCR only: the recogniser's lowest character score in the cell (0..1); None from a text layer.
    confidence: float | None = None


@dataclass
class RawTable(OnPage):
    """A table as found on one page: its grid cells, in reading order."""

    page: int  # 1-based
    index_on_page: int
    box: Box
    n_rows: int
    n_cols: int
    cells: list[GridCell]
    engine: str = "pdfplumber"

    def text_grid(self, fill_spans: bool = False, fill_across: bool = False) -> list[list[str]]:
        """The table as a rows x cols grid of text.

        With fill_spans, a merged cell's text is repeated over every grid slot it covers (what
        header flattening wants); with fill_across, only over the columns of its first row (what
        row labels want). Otherwise only its top-left slot holds the text.
        """
        grid = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for cell in self.cells:
            rows = range(cell.row, cell.row + (cell.row_span if fill_spans else 1))
            cols = range(cell.col, cell.col + (cell.col_span if fill_spans or fill_across else 1))
            for r in rows:
                for c in cols:
                    grid[r][c] = cell.text
        return grid

    def cell_at(self, row: int, col: int) -> GridCell | None:
        """The cell covering grid slot (row, col), if any."""
        for cell in self.cells:
            if cell.row <= row < cell.row + cell.row_span and cell.col <= col < cell.col + cell.col_span:
                return cell
        return None


@dataclass
class PageContent:
    """Everything the text layer gives for one page."""

    number: int  # 1-based
    width: float
    height: float
    n_chars: int
    lines: list[TextLine]
    tables: list[RawTable] = field(default_factory=list)
    has_text_layer: bool = True
    image_coverage: float = 0.0
    engine: str = "pdfplumber"  # "ocr" when lines and tables were read from the page image
    # Boxes of text drawn wholly outside its clipping path: in the file, never seen on the page
    # (looked for only on pages with figures outside their grids; see extractors.hidden_text).
    hidden_text: list[Box] = field(default_factory=list)
    # Boxes of the text drawn inside its clipping path on the same lines (kept only beside hidden text).
    shown_text: list[Box] = field(default_factory=list)
    # OCR only: quarter turns (counter-clockwise) the page image was given to read it upright, and
    # the share of its recognised text read below the recogniser's low-confidence score.
    ocr_turns: int = 0
    ocr_low_share: float | None = None

    @property
    def is_image_only(self) -> bool:
        """A scanned page: no usable text layer, a picture over much of the page."""
        return needs_ocr(self.has_text_layer, self.image_coverage, SCAN_COVERAGE)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def lines_outside_grids(self) -> list[TextLine]:
        """The lines whose vertical middle lies outside every table's band of cells."""
        # the boxes' fields read directly: a page's cells and lines, each side a property call
        bands = [
            (min(c.box.top for c in t.cells), max(c.box.bottom for c in t.cells))
            for t in self.tables
            if t.cells
        ]
        if not bands:
            return list(self.lines)
        return [
            line
            for line in self.lines
            if not any(top <= (line.box.top + line.box.bottom) / 2 <= bottom for top, bottom in bands)
        ]

    @property
    def is_landscape(self) -> bool:
        return self.width > self.height


@dataclass
class DocumentContent:
    """A whole PDF as the extractors see it."""

    path: str
    sha256: str
    file_bytes: int
    pages: list[PageContent]
    metadata_title: str = ""
