"""Read a PDF's text layer with pdfplumber: text lines and ruled table grids, with positions.

The steps mirror the data: open -> per page: chars -> lines, edges -> grid -> cells with text.
Nothing here knows what a 决算表 is; that is the normalizers' job.
"""

from __future__ import annotations

import io
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby, pairwise
from operator import itemgetter
from typing import Any

import numpy as np
import pdfplumber
from disclosure.extractors.file_check import DocumentError
from disclosure.extractors.glyph_metrics import DEFAULT_DESCENT, plausible_descent
from disclosure.extractors.open_ends import closing_edges
from disclosure.extractors.records import GridCell, PageContent, RawTable, TextLine
from disclosure.extractors.triage import text_layer_usable
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.table import merge_edges
from pdfplumber.utils.clustering import cluster_objects

# A character belongs to a line when its vertical middle lies within the line's band, widened by this.
LINE_Y_TOLERANCE = 2.0
# Grid coordinates closer than this (points) are the same ruling line.
GRID_SNAP_TOLERANCE = 2.0
# An encryption dictionary in the trailer: why a PDF that will not open needs a password.
ENCRYPT_MARKER = b"/Encrypt"
# A gap wider than this fraction of the font size between two characters becomes a space.
WORD_GAP_RATIO = 0.6
# A label runs over its cell's right border when a character crosses it by more than this (pt);
# wrapped text that fills its cell ends at the border, inside it.
MIN_CROSSING = 1.0
# Characters of one run of text follow each other within this many points.
OVERFLOW_GAP = 1.5
# The figure printed in the next cell starts with one of these: overflowing text stops there.
OVERFLOW_STOP = frozenset("0123456789-.,()（）% ")
# A grid column narrower than this (pt) holds no character: an artefact of inset cell boxes.
SLIVER_WIDTH = 8.0
# A grid row lower than this (pt) with no text of its own: the band between an inset box and its
# row's frame (a one-line row of 9 pt text is 15 pt or more).
SLIVER_HEIGHT = 12.0
# An inset box is drawn at least this far (pt) inside its frame's sides.
INSET_MIN = 2.0
# pdfplumber's edge length filters: before merging segments, and for the merged rules.
EDGE_MIN_LENGTH_PREFILTER = 1.0
EDGE_MIN_LENGTH = 3.0


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
    top_of_page = float(page.mediabox[3])
    visible = [repair_descent(c, top_of_page) for c in unique_chars(page.chars) if c["text"].strip()]
    lines = build_lines(visible)
    tables: list[RawTable] = []
    for index, found in enumerate(page.find_tables(closed_settings(page, settings))):
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


def unique_chars(chars: list[dict[str, Any]], tolerance: float = 1.0) -> list[dict[str, Any]]:
    """pdfplumber's dedupe_chars (Page.dedupe_chars's characters): the characters without those
    repeating another's text, font and size at the same place (within `tolerance`), in page order.

    The grouping and clustering are pdfplumber's own; only the final ordering differs in how it is
    computed: pdfplumber sorts by `chars.index`, a scan of the page's characters for each one
    kept (quadratic: a quarter of the time of the pages this reader reads). first_indices gives
    the same positions from a lookup.
    """
    key = itemgetter("upright", "text", "fontname", "size")
    position = itemgetter("doctop", "x0")
    kept = []
    for _, group in groupby(sorted(chars, key=key), key=key):
        for y_cluster in cluster_objects(list(group), itemgetter("doctop"), tolerance):
            for x_cluster in cluster_objects(y_cluster, itemgetter("x0"), tolerance):
                kept.append(sorted(x_cluster, key=position)[0])
    return sorted(kept, key=first_indices(chars))


def first_indices(chars: list[dict[str, Any]]) -> Callable[[dict[str, Any]], int]:
    """`chars.index` by lookup: the position of the first character equal to (or the same object
    as) the one asked for. Equal characters share a fingerprint, so only those are compared."""
    by_fingerprint: defaultdict[tuple[Any, ...], list[int]] = defaultdict(list)
    for index, char in enumerate(chars):
        by_fingerprint[char_fingerprint(char)].append(index)

    def index_of(char: dict[str, Any]) -> int:
        for index in by_fingerprint[char_fingerprint(char)]:
            if chars[index] is char or chars[index] == char:
                return index
        raise ValueError("character not in the page's characters")

    return index_of


def char_fingerprint(char: dict[str, Any]) -> tuple[Any, ...]:
    """Hashable fields that are equal whenever two characters are."""
    return (char.get("text"), char.get("x0"), char.get("top"), char.get("fontname"), char.get("size"))


def closed_settings(page: Any, settings: TableFinding) -> dict[str, Any]:
    """The table finder's settings, plus the rules that close a table's open ends (open_ends)."""
    found = settings.as_settings()
    closing = closing_edges(merged_rules(page.edges, settings))
    if closing:
        found["explicit_horizontal_lines"] = closing
    return found


def axis_edges(edges: Iterable[dict[str, Any]], min_length: float) -> list[dict[str, Any]]:
    """The horizontal and vertical edges at least min_length long (curves' slanted edges dropped)."""
    return [
        e
        for e in edges
        if e.get("orientation") in ("h", "v")
        and e["width" if e["orientation"] == "h" else "height"] >= min_length
    ]


def merged_rules(edges: Iterable[dict[str, Any]], settings: TableFinding) -> list[dict[str, Any]]:
    """pdfplumber's merge step (snap, then join collinear segments) on a page's edges."""
    merged = merge_edges(
        axis_edges(edges, EDGE_MIN_LENGTH_PREFILTER),
        snap_x_tolerance=settings.snap_tolerance,
        snap_y_tolerance=settings.snap_tolerance,
        join_x_tolerance=settings.join_tolerance,
        join_y_tolerance=settings.join_tolerance,
    )
    return axis_edges(merged, EDGE_MIN_LENGTH)


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


# Character fields read for every character of a page; itemgetter reads them without a Python call.
TOP_X0 = itemgetter("top", "x0")
X0, TOP, X1, BOTTOM = itemgetter("x0"), itemgetter("top"), itemgetter("x1"), itemgetter("bottom")


def build_lines(chars: list[dict[str, Any]]) -> list[TextLine]:
    """Group characters into visual lines by vertical overlap, then order each line left to right.

    Grouping by the vertical middle (not the exact baseline) keeps numbers that a generator wrote
    as separate runs on a slightly shifted baseline in the line they belong to.
    """
    lines = [
        TextLine(
            text=join_chars(band),
            x0=min(map(X0, band)),
            top=min(map(TOP, band)),
            x1=max(map(X1, band)),
            bottom=max(map(BOTTOM, band)),
        )
        for band in line_bands(chars)
    ]
    lines.sort(key=lambda line: (round(line.top), line.x0))
    return lines


def cell_text(chars: list[dict[str, Any]]) -> str:
    """The text of a cell's characters: build_lines's line texts, in its order, joined as wrapped
    lines (join_cell_lines). Only what orders the lines is computed: this runs once per grid cell."""
    bands = line_bands(chars)
    if len(bands) > 1:
        bands.sort(key=lambda band: (round(min(map(TOP, band))), min(map(X0, band))))
    return join_cell_lines([join_chars(band) for band in bands])


def line_bands(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The characters of each visual line, left to right; lines in the order they were started
    (top to bottom of their first character)."""
    bands: list[list[dict[str, Any]]] = []
    band_extent: list[tuple[float, float]] = []
    for char in sorted(chars, key=TOP_X0):
        char_top, char_bottom = char["top"], char["bottom"]
        middle = (char_top + char_bottom) / 2
        # Only recent bands can still overlap: chars arrive in top order.
        for i in range(len(bands) - 1, max(-1, len(bands) - 4), -1):
            top, bottom = band_extent[i]
            if top - LINE_Y_TOLERANCE <= middle <= bottom + LINE_Y_TOLERANCE:
                bands[i].append(char)
                band_extent[i] = (min(top, char_top), max(bottom, char_bottom))
                break
        else:
            bands.append([char])
            band_extent.append((char_top, char_bottom))
    for band in bands:
        if len(band) > 1:
            band.sort(key=lambda c: (round(c["x0"], 1), c["top"]))
    return bands


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


def nearest_indices(coords: list[float], values: np.ndarray) -> np.ndarray:
    """nearest_index for each value: the closer of the two coordinates around it, the lower one
    on a tie."""
    grid = np.asarray(coords, dtype=np.float64)
    after = np.searchsorted(grid, values, side="right")
    lower = np.clip(after - 1, 0, len(grid) - 1)
    upper = np.clip(after, 0, len(grid) - 1)
    return np.where(np.abs(grid[upper] - values) < np.abs(grid[lower] - values), upper, lower)


def without_empty_sliver_rows(
    ys: list[float], cell_boxes: list[tuple[float, float, float, float]], chars: list[dict[str, Any]]
) -> list[float]:
    """Row boundaries without the ones that cut an empty sliver off the row a label's frame spans.

    Layout feature: a row's figure drawn in a box inset inside the row's frame, while its label
    fills the frame ("合计" over the whole row, "2,391.92" in a box a few points inside it). The inset
    box's top and bottom become grid rows of their own, and the label's row holds no figure. A row
    lower than SLIVER_HEIGHT whose own cells hold no text joins the row next to it when a cell with
    text spans both (the frame); rows of other layouts are left as drawn.
    """
    if all(bottom - top >= SLIVER_HEIGHT for top, bottom in pairwise(ys)):
        return ys  # the common case: no row that low
    corners = np.asarray(cell_boxes, dtype=np.float64)
    firsts, ends = nearest_indices(ys, corners[:, 1]).tolist(), nearest_indices(ys, corners[:, 3]).tolist()
    rows = list(zip(firsts, ends, cell_boxes, strict=True))
    holding = boxes_holding_text(corners, chars)
    with_text = [row for row, holds in zip(rows, holding, strict=True) if holds]
    dropped: set[int] = set()
    for k, (top, bottom) in enumerate(pairwise(ys)):
        if bottom - top >= SLIVER_HEIGHT or any(first == k and end == k + 1 for first, end, _ in with_text):
            continue
        own = [box for first, end, box in rows if first == k and end == k + 1]
        spanning = [(first, end) for first, end, _ in with_text if first <= k and end >= k + 1]
        inset_below = any(
            insets(box, inner) for box in own for first, _, inner in with_text if first == k + 1
        )
        inset_above = any(insets(box, inner) for box in own for _, end, inner in with_text if end == k)
        if k + 1 < len(ys) - 1 and inset_below and any(end > k + 1 for _, end in spanning):
            dropped.add(k + 1)  # the frame goes on below, round an inset box: join the row under it
        elif k > 0 and inset_above and any(first < k for first, _ in spanning):
            dropped.add(k)  # the frame goes on above, round an inset box: join the row over it
    kept = list(ys)
    for index in sorted(dropped, reverse=True):
        joined = kept[:index] + kept[index + 1 :]
        if all(nearest_index(joined, box[1]) < nearest_index(joined, box[3]) for _, _, box in with_text):
            kept = joined  # never at the cost of a cell with text collapsing onto one boundary
    return kept


def insets(outer: tuple[float, float, float, float], inner: tuple[float, float, float, float]) -> bool:
    """Is `inner` drawn within `outer`'s sides and a few points inside one of them (an inset box)?"""
    return (
        outer[0] <= inner[0]
        and inner[2] <= outer[2]
        and (outer[0] + INSET_MIN <= inner[0] or inner[2] <= outer[2] - INSET_MIN)
    )


def boxes_holding_text(corners: np.ndarray, chars: list[dict[str, Any]]) -> list[bool]:
    """For each box (rows of x0, top, x1, bottom): does it hold the centre of any character?"""
    if not chars or not len(corners):
        return [False] * len(corners)
    x, y = char_centres(chars)
    inside = (corners[:, 0:1] <= x) & (x <= corners[:, 2:3]) & (corners[:, 1:2] <= y) & (y <= corners[:, 3:4])
    return inside.any(axis=1).tolist()


def without_empty_slivers(
    xs: list[float],
    cell_boxes: list[tuple[float, float, float, float]],
    chars: list[dict[str, Any]],
) -> list[float]:
    """Column boundaries without the ones that only cut off an empty sliver.

    Layout feature: header cells drawn as rectangles inset a few points inside the column rules
    (a filled or framed box per header cell). Their sides become grid columns narrower than any
    character, so a header label and the amounts below it land in different columns. A sliver
    whose own cells hold no text joins the neighbour across its weaker side: the inset box's
    side, which borders only header cells, rather than the column rule that borders the data
    cells down the table (a side's weight is the height of the cells it borders).
    """
    weight: Counter[int] = Counter()
    corners = np.asarray(cell_boxes, dtype=np.float64)
    lefts, rights = nearest_indices(xs, corners[:, 0]).tolist(), nearest_indices(xs, corners[:, 2]).tolist()
    for (_, top, _, bottom), left, right in zip(cell_boxes, lefts, rights, strict=True):
        weight[left] += bottom - top
        weight[right] += bottom - top
    kept = list(range(len(xs)))
    for left in range(len(xs) - 1):
        right = left + 1
        if xs[right] - xs[left] >= SLIVER_WIDTH or sliver_holds_text(xs, left, cell_boxes, chars):
            continue
        if weight[left] == weight[right]:
            continue
        weaker = left if weight[left] < weight[right] else right
        if 0 < weaker < len(xs) - 1 and weaker in kept:
            kept.remove(weaker)
    return [xs[i] for i in kept]


def sliver_holds_text(
    xs: list[float],
    left: int,
    cell_boxes: list[tuple[float, float, float, float]],
    chars: list[dict[str, Any]],
) -> bool:
    """Does a cell confined to the column between xs[left] and xs[left + 1] hold a character?"""
    own = [b for b in cell_boxes if nearest_index(xs, b[0]) == left and nearest_index(xs, b[2]) == left + 1]
    return any(boxes_holding_text(np.asarray(own, dtype=np.float64).reshape(-1, 4), chars))


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
    xs = without_empty_slivers(xs, cell_boxes, chars)
    ys = without_empty_sliver_rows(ys, cell_boxes, chars)
    n_cols, n_rows = len(xs) - 1, len(ys) - 1
    if n_cols < 1 or n_rows < 1:
        return None
    corners = np.asarray(cell_boxes, dtype=np.float64)
    placed: list[tuple[int, int, int, int, tuple[float, float, float, float]]] = []
    for box, col, row, col_end, row_end in zip(
        cell_boxes,
        nearest_indices(xs, corners[:, 0]).tolist(),
        nearest_indices(ys, corners[:, 1]).tolist(),
        nearest_indices(xs, corners[:, 2]).tolist(),
        nearest_indices(ys, corners[:, 3]).tolist(),
        strict=True,
    ):
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
    The bisections and the containment test run on arrays (numpy): the same float64 arithmetic
    and comparisons as per character in Python, so the same cells, in a fraction of the time.
    """
    boxes = [p[4] for p in placed]
    members: list[list[dict[str, Any]]] = [[] for _ in boxes]
    if chars and boxes:
        for index, best in char_owners(chars, placed, xs, ys):
            members[best].append(chars[index])
    reclaim_overflow(members, boxes)
    return [cell_text(m) if m else "" for m in members]


def char_owners(
    chars: list[dict[str, Any]],
    placed: list[tuple[int, int, int, int, tuple[float, float, float, float]]],
    xs: list[float],
    ys: list[float],
) -> Iterator[tuple[int, int]]:
    """(character index, placed cell index) for each character inside one of the cells, in
    character order."""
    boxes = [p[4] for p in placed]
    owner = np.full((len(ys) - 1, len(xs) - 1), -1, dtype=np.intp)
    for i in sorted(range(len(placed)), key=lambda i: -box_area(boxes[i])):
        row, col, row_span, col_span, _ = placed[i]
        owner[row : row + row_span, col : col + col_span] = i
    cx, cy = char_centres(chars)
    inside = np.flatnonzero(
        (cx >= xs[0] - GRID_SNAP_TOLERANCE)
        & (cx <= xs[-1] + GRID_SNAP_TOLERANCE)
        & (cy >= ys[0] - GRID_SNAP_TOLERANCE)
        & (cy <= ys[-1] + GRID_SNAP_TOLERANCE)
    )
    px, py = cx[inside], cy[inside]
    cols = np.clip(np.searchsorted(np.asarray(xs), px, side="right") - 1, 0, len(xs) - 2)
    rows = np.clip(np.searchsorted(np.asarray(ys), py, side="right") - 1, 0, len(ys) - 2)
    best = owner[rows, cols]
    box_array = np.asarray(boxes, dtype=np.float64)
    box = box_array[np.maximum(best, 0)]
    held = (best >= 0) & (box[:, 0] <= px) & (px <= box[:, 2]) & (box[:, 1] <= py) & (py <= box[:, 3])
    missed = np.flatnonzero(~held)
    if missed.size:
        best[missed] = smallest_boxes_holding(box_array, px[missed], py[missed])
    for index, cell in zip(inside.tolist(), best.tolist(), strict=True):
        if cell >= 0:
            yield index, cell


def smallest_boxes_holding(boxes: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """For each point (x[i], y[i]), the index of the smallest box holding it (the first of equals),
    or -1."""
    x, y = x[:, None], y[:, None]
    holds = (boxes[:, 0] <= x) & (x <= boxes[:, 2]) & (boxes[:, 1] <= y) & (y <= boxes[:, 3])
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    smallest = np.where(holds, areas, np.inf).argmin(axis=1)
    return np.where(holds.any(axis=1), smallest, -1)


def char_centres(chars: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    """The characters' box centres, x and y, as float64 arrays."""
    count = len(chars)
    x0 = np.fromiter((c["x0"] for c in chars), np.float64, count)
    x1 = np.fromiter((c["x1"] for c in chars), np.float64, count)
    top = np.fromiter((c["top"] for c in chars), np.float64, count)
    bottom = np.fromiter((c["bottom"] for c in chars), np.float64, count)
    return (x0 + x1) / 2, (top + bottom) / 2


def reclaim_overflow(
    members: list[list[dict[str, Any]]], boxes: list[tuple[float, float, float, float]]
) -> None:
    """Give back to each cell the tail of its text that ran over its right border.

    Layout feature: a row label longer than its cell, clipped on the page at the border, whose
    hidden tail still sits in the text layer inside the next cell ("机关事业单位职业年金" | "缴费支出
    43608.96"). The label's last character crosses the border and the tail continues it without a
    gap; the figure the next cell prints starts at the first digit. Or the label fills its cell and
    the tail's first glyph straddles the border, its centre beyond it; the next cell's own text then
    starts on top of the tail ("一般性支出情" | "况一般性支出情", 况 under 一; f17e3c9deb66 p1).
    """
    for index, box in enumerate(boxes):
        if not members[index] or max(c["x1"] for c in members[index]) < box[2] - OVERFLOW_GAP:
            continue
        for neighbour, other in enumerate(boxes):
            if abs(other[0] - box[2]) > GRID_SNAP_TOLERANCE or other[3] <= box[1] or other[1] >= box[3]:
                continue
            tail = overflowing_tail(members[index], members[neighbour], box[2])
            if tail:
                members[index].extend(tail)
                members[neighbour] = [c for c in members[neighbour] if not any(c is t for t in tail)]


def overflowing_tail(
    left_chars: list[dict[str, Any]], right_chars: list[dict[str, Any]], border: float
) -> list[dict[str, Any]]:
    """The run of non-digit characters continuing, across the border, a line of the left cell, where
    the figure the right cell prints follows it on the same line, or the right cell's own text
    starts on top of the run's last glyph (printed over the hidden tail).

    The run continues a left character that crosses the border, or one that ends at the border
    when the run's first glyph starts left of it (text of the right cell never does)."""
    tail: list[dict[str, Any]] = []
    for end in (c for c in left_chars if c["x1"] >= border - OVERFLOW_GAP):
        crosses = end["x1"] > border + MIN_CROSSING
        middle = (end["top"] + end["bottom"]) / 2
        line = sorted((c for c in right_chars if c["top"] <= middle <= c["bottom"]), key=lambda c: c["x0"])
        run: list[dict[str, Any]] = []
        previous_x1 = end["x1"]
        for char in line:
            if abs(char["x0"] - previous_x1) > OVERFLOW_GAP or char["text"][:1] in OVERFLOW_STOP:
                break
            run.append(char)
            previous_x1 = char["x1"]
        rest = line[len(run) :]
        if not run or not rest or any(c in tail for c in run) or not (crosses or run[0]["x0"] < border):
            continue
        if rest[0]["text"][:1].isdigit() or rest[0]["x0"] < run[-1]["x1"] - MIN_CROSSING:
            tail.extend(run)
    return tail


def box_area(box: tuple[float, float, float, float]) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])
