"""Records produced by the extractors: what a PDF page holds, before any interpretation."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TextLine:
    """One visual line of text rebuilt from character positions."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class GridCell:
    """One cell of a ruled table grid, with its span over the grid's rows and columns."""

    row: int
    col: int
    row_span: int
    col_span: int
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass
class RawTable:
    """A table as found on one page: its grid cells, in reading order."""

    page: int  # 1-based
    index_on_page: int
    x0: float
    top: float
    x1: float
    bottom: float
    n_rows: int
    n_cols: int
    cells: list[GridCell]
    engine: str = "pdfplumber"

    def text_grid(self, fill_spans: bool = False) -> list[list[str]]:
        """The table as a rows x cols grid of text.

        With fill_spans, a merged cell's text is repeated over every grid slot it covers
        (what header flattening wants); otherwise only its top-left slot holds the text.
        """
        grid = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for cell in self.cells:
            if not fill_spans:
                grid[cell.row][cell.col] = cell.text
                continue
            for r in range(cell.row, cell.row + cell.row_span):
                for c in range(cell.col, cell.col + cell.col_span):
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

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

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
