"""A scanned page read into PageContent: text boxes -> lines, ruled grids from the image -> cells
holding the boxes' words."""

from __future__ import annotations

from typing import Any

import numpy as np
from disclosure.extractors.image_tables import ImageGrid, find_grids
from disclosure.extractors.ocr_engine import OcrBox, OcrWord
from disclosure.extractors.ocr_orientation import low_share, read_upright
from disclosure.extractors.records import Box, GridCell, PageContent, RawTable, TextLine
from disclosure.extractors.text_lines import join_cell_lines

# A gap wider than this share of the box height between two boxes on a line becomes a space.
BOX_GAP_RATIO = 0.8


def join_words(words: list[OcrWord]) -> str:
    """Words of one box in order; Latin words keep a space between them."""
    text = ""
    for word in words:
        if (
            text
            and text[-1].isascii()
            and text[-1].isalpha()
            and word.text[:1].isascii()
            and word.text[:1].isalpha()
        ):
            text += " "
        text += word.text
    return text


def group_rows(items: list[tuple[float, float, Any]]) -> list[list[tuple[float, float, Any]]]:
    """Group (top, bottom, item) by vertical overlap of their middles, top to bottom."""
    rows: list[list[tuple[float, float, Any]]] = []
    extents: list[tuple[float, float]] = []
    for item in sorted(items, key=lambda i: (i[0] + i[1]) / 2):
        middle = (item[0] + item[1]) / 2
        if rows and extents[-1][0] <= middle <= extents[-1][1]:
            rows[-1].append(item)
            extents[-1] = (min(extents[-1][0], item[0]), max(extents[-1][1], item[1]))
        else:
            rows.append([item])
            extents.append((item[0], item[1]))
    return rows


def lines_of(boxes: list[OcrBox], scale: float) -> list[TextLine]:
    """Visual lines (in PDF points) from text boxes: boxes side by side on one row are one line."""
    lines = []
    for row in group_rows([(b.top, b.bottom, b) for b in boxes]):
        ordered = sorted((item[2] for item in row), key=lambda b: b.x0)
        text = ""
        previous: OcrBox | None = None
        for box in ordered:
            if previous is not None and box.x0 - previous.x1 > BOX_GAP_RATIO * (box.bottom - box.top):
                text += " "
            text += box.text
            previous = box
        lines.append(
            TextLine(
                text=text,
                box=Box(
                    min(b.x0 for b in ordered) / scale,
                    min(b.top for b in ordered) / scale,
                    max(b.x1 for b in ordered) / scale,
                    max(b.bottom for b in ordered) / scale,
                ),
            )
        )
    lines.sort(key=lambda line: (round(line.box.top), line.box.x0))
    return lines


def cell_of(grid: ImageGrid, x: float, y: float) -> int | None:
    """Index of the grid cell containing point (x, y)."""
    for index, cell in enumerate(grid.cells):
        if cell.x0 <= x <= cell.x1 and cell.top <= y <= cell.bottom:
            return index
    return None


def grid_table(grid: ImageGrid, boxes: list[OcrBox], number: int, index: int, scale: float) -> RawTable:
    """A RawTable (PDF points) from an image grid, each box's words placed in the cell under them.

    Words are placed one by one, so a text box that runs across a ruling line (the detector
    often joins neighbouring header cells) is split at the line.
    """
    pieces: dict[int, list[tuple[float, float, float, list[OcrWord]]]] = {}
    for box in boxes:
        middle = (box.top + box.bottom) / 2
        runs: dict[int, list[OcrWord]] = {}
        for word in box.words:
            target = cell_of(grid, (word.x0 + word.x1) / 2, middle)
            if target is not None:
                runs.setdefault(target, []).append(word)
        for target, words in runs.items():
            pieces.setdefault(target, []).append((box.top, box.bottom, words[0].x0, words))
    cells = []
    for i, cell in enumerate(grid.cells):
        found = pieces.get(i, [])
        lines = []
        for row in group_rows([(top, bottom, (x0, words)) for top, bottom, x0, words in found]):
            ordered = sorted((item[2] for item in row), key=lambda p: p[0])
            lines.append(join_words([w for _, words in ordered for w in words]))
        scores = [w.score for _, _, _, words in found for w in words]
        cells.append(
            GridCell(
                row=cell.row,
                col=cell.col,
                row_span=cell.row_span,
                col_span=cell.col_span,
                text=join_cell_lines(lines),
                box=in_points(cell.box, scale),
                confidence=round(min(scores), 4) if scores else None,
            )
        )
    return RawTable(
        page=number,
        index_on_page=index,
        box=in_points(grid.bbox, scale),
        n_rows=len(grid.ys) - 1,
        n_cols=len(grid.xs) - 1,
        cells=cells,
        engine="ocr",
    )


def in_points(box: Box, scale: float) -> Box:
    """A box in image pixels as PDF points (`scale`: pixels per point)."""
    return Box(
        float(box.x0 / scale), float(box.top / scale), float(box.x1 / scale), float(box.bottom / scale)
    )


def page_from_image(
    rgb: np.ndarray, number: int, width: float, height: float, image_coverage: float = 1.0, threads: int = 1
) -> PageContent:
    """One page image read into PageContent (lines and grids in PDF points, top-left origin, of the
    page as read upright: a page turned a quarter has its width and height swapped)."""
    gray, boxes, turns = read_upright(rgb, threads)
    if turns % 2:
        width, height = height, width
    scale = gray.shape[1] / width  # pixels per PDF point
    dpi = scale * 72
    grids = find_grids(gray, dpi, [b.box for b in boxes])
    tables = [grid_table(grid, boxes, number, i, scale) for i, grid in enumerate(grids)]
    return PageContent(
        number=number,
        width=width,
        height=height,
        n_chars=sum(len(b.text) for b in boxes),
        lines=lines_of(boxes, scale),
        tables=tables,
        has_text_layer=False,
        image_coverage=image_coverage,
        engine="ocr",
        ocr_turns=turns,
        ocr_low_share=round(low_share(boxes), 4),
    )
