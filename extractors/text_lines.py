"""Characters -> text: a page's visual lines, and the wrapped lines of one grid cell joined.

Characters are pdfplumber-shaped dicts (text, x0, x1, top, bottom, size), as both readers make them.
"""

from __future__ import annotations

from itertools import islice, pairwise, repeat
from operator import itemgetter
from typing import Any

import numpy as np
from disclosure.extractors.char_columns import CharColumns, tenths
from disclosure.extractors.records import Box, TextLine

# A character belongs to a line when its vertical middle lies within the line's band, widened by this.
LINE_Y_TOLERANCE = 2.0
# A gap wider than this fraction of the font size between two characters becomes a space.
WORD_GAP_RATIO = 0.6
# The gap a space needs is WORD_GAP_RATIO times the font size, and the size at least 1.
MIN_WORD_GAP = WORD_GAP_RATIO * 1.0
# Values further apart than this round to 0.1 as different values, in the same order.
DISTINCT_TENTHS = 0.2

# Character fields read for every character of a page; itemgetter reads them without a Python call.
TOP_X0 = itemgetter("top", "x0")
X0, TOP, X1, BOTTOM = itemgetter("x0"), itemgetter("top"), itemgetter("x1"), itemgetter("bottom")
TEXT = itemgetter("text")


def build_lines(chars: list[dict[str, Any]], columns: CharColumns | None = None) -> list[TextLine]:
    """Group characters into visual lines by vertical overlap, then order each line left to right.

    Grouping by the vertical middle (not the exact baseline) keeps numbers that a generator wrote
    as separate runs on a slightly shifted baseline in the line they belong to.

    `columns` are the characters' (CharColumns.of(chars)), when the caller has them; on plain
    characters the lines are built on arrays (column_lines), else character by character.
    """
    if not chars:  # a page without text: no bands (column_lines needs one character at least)
        return []
    if columns is None:
        columns = CharColumns.of(chars)
    lines = column_lines(columns) if columns is not None and columns.plain else char_lines(chars)
    lines.sort(key=lambda line: (round(line.box.top), line.box.x0))
    return lines


def char_lines(chars: list[dict[str, Any]]) -> list[TextLine]:
    """build_lines's lines before its final sort, built character by character: line_bands's
    bands, each with join_chars's text and its characters' box."""
    return [
        TextLine(
            text=join_chars(band),
            box=Box(min(map(X0, band)), min(map(TOP, band)), max(map(X1, band)), max(map(BOTTOM, band))),
        )
        for band in line_bands(chars)
    ]


def column_lines(columns: CharColumns) -> list[TextLine]:
    """build_lines's lines of plain characters (CharColumns.plain), before its final sort: the
    bands of line_bands, in its order, each with join_chars's text and its characters' box."""
    order, starts = banded(columns)
    texts = band_texts(columns, order, starts)
    sides = [columns.x0[order], columns.top[order], -columns.x1[order], -columns.bottom[order]]
    chars = columns.chars
    x0, top, x1, bottom = (
        [chars[i][field] for i in order[firsts].tolist()]
        for field, firsts in zip(
            ("x0", "top", "x1", "bottom"), first_minima(np.stack(sides), starts), strict=True
        )
    )
    return [
        TextLine(text=text, box=Box(*box))
        for text, box in zip(texts, zip(x0, top, x1, bottom, strict=True), strict=True)
    ]


def first_minima(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """For each row of values and each run of columns (runs starting at `starts`), the column of
    the first value equal to the run's minimum: the one Python's min() returns (0.0 and -0.0 tie;
    a maximum is the minimum of the values negated)."""
    count = values.shape[1]
    minima = np.minimum.reduceat(values, starts, axis=1)
    lengths = np.diff(np.append(starts, count))
    columns = np.where(values == np.repeat(minima, lengths, axis=1), np.arange(count), count)
    firsts: np.ndarray = np.minimum.reduceat(columns, starts, axis=1)
    return firsts


def banded(columns: CharColumns) -> tuple[np.ndarray, np.ndarray]:
    """line_bands on arrays: the characters (indices into columns.chars) in line order, and where
    each band starts in that order (its first position), bands in line_bands's order.

    Sorted by (top, x0), a character's middle either lies within the band being built (its top,
    widened, lies above every middle that comes later, the characters being plain; its bottom,
    widened, is the running maximum of the bottoms so far) or below every band built so far: an
    older band, whose bottom is no lower, cannot hold it either, so it starts a band. So bands are
    runs of the sorted characters, cut where a middle passes the running maximum of the bottoms,
    widened: the sums and comparisons line_bands makes, on float64 arrays. Each band is then put in
    order by (x0 rounded to 0.1, top), ties as sorted: a band that is spaced_left_to_right is in
    that order already.
    """
    x0, top, bottom = columns.x0, columns.top, columns.bottom
    order = np.lexsort((x0, top))  # stable: sorted(chars, key=(top, x0))
    top_sorted, bottom_sorted = top[order], bottom[order]
    middle = (top_sorted + bottom_sorted) / 2
    cuts = middle[1:] > np.maximum.accumulate(bottom_sorted)[:-1] + LINE_Y_TOLERANCE
    band = np.concatenate(([0], np.cumsum(cuts)))
    x0_sorted = x0[order]
    if (~(x0_sorted[:-1] + DISTINCT_TENTHS < x0_sorted[1:]) & ~cuts).any():  # a band not spaced
        order = order[np.lexsort((top_sorted, tenths(x0_sorted), band))]
    return order, np.concatenate(([0], np.flatnonzero(cuts) + 1))


def band_texts(columns: CharColumns, order: np.ndarray, starts: np.ndarray) -> list[str]:
    """join_chars's text of each band (characters `order`, bands starting at `starts`): a space
    before a character whose gap to the one before is wider than WORD_GAP_RATIO times that one's
    size (at least 1) and than MIN_WORD_GAP."""
    x0, x1 = columns.x0[order], columns.x1[order]
    gap = x0[1:] - x1[:-1]
    spaced = (gap > MIN_WORD_GAP) & (gap > WORD_GAP_RATIO * np.maximum(columns.size[order][:-1], 1.0))
    spaced[starts[1:] - 1] = False  # no space before a band's first character
    texts = list(map(TEXT, map(columns.chars.__getitem__, order.tolist())))
    for after in (np.flatnonzero(spaced) + 1).tolist():
        texts[after] = " " + texts[after]
    bounds = [*starts.tolist(), len(texts)]
    return ["".join(texts[start:end]) for start, end in pairwise(bounds)]


def cell_text(chars: list[dict[str, Any]]) -> str:
    """The text of a cell's characters: build_lines's line texts, in its order, joined as wrapped
    lines (join_cell_lines). Only what orders the lines is computed: this runs once per grid cell."""
    if len(chars) == 1:
        return chars[0]["text"].strip()  # join_cell_lines of one line
    run = run_text(chars) if chars else None
    if run is not None:
        return run.strip()
    bands = line_bands(chars)
    if len(bands) > 1:
        bands.sort(key=lambda band: (round(min(map(TOP, band))), min(map(X0, band))))
    return join_cell_lines([join_chars(band) for band in bands])


def run_text(chars: list[dict[str, Any]]) -> str | None:
    """join_chars's text of the characters where they are in_one_run (line_bands then gives them as
    one line, in their order), else None: the two tests in one pass over the characters."""
    first = chars[0]
    top, bottom, previous_x0 = first["top"], first["bottom"], first["x0"]
    if not top - LINE_Y_TOLERANCE <= (top + bottom) / 2 <= bottom + LINE_Y_TOLERANCE:
        return None
    parts = [first["text"]]
    previous = first
    for char in islice(chars, 1, None):
        x0 = char["x0"]
        if char["top"] != top or char["bottom"] != bottom or not previous_x0 + DISTINCT_TENTHS < x0:
            return None
        gap = x0 - previous["x1"]
        # a gap no wider than MIN_WORD_GAP is no wider than the one a space needs
        if gap > MIN_WORD_GAP and gap > WORD_GAP_RATIO * max(previous.get("size", 10.0), 1.0):
            parts.append(" ")
        parts.append(char["text"])
        previous, previous_x0 = char, x0
    return "".join(parts)


def in_one_run(chars: list[dict[str, Any]]) -> bool:
    """Do the characters share one top and bottom (a band that holds their middle), their x0
    increasing by more than DISTINCT_TENTHS from one to the next? Then line_bands gives them as
    one line, in the order they come: sorted by (top, x0) already, and spaced_left_to_right."""
    first = chars[0]
    top, bottom, previous = first["top"], first["bottom"], first["x0"]
    if not top - LINE_Y_TOLERANCE <= (top + bottom) / 2 <= bottom + LINE_Y_TOLERANCE:
        return False
    for char in islice(chars, 1, None):
        x0 = char["x0"]
        if char["top"] != top or char["bottom"] != bottom or not previous + DISTINCT_TENTHS < x0:
            return False
        previous = x0
    return True


def line_bands(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The characters of each visual line, left to right; lines in the order they were started
    (top to bottom of their first character).

    A character joins the first of the three most recent lines whose band holds its middle,
    the most recent first (chars arrive in top order: older lines can no longer overlap); the
    most recent line's band is kept in local variables, where nearly every character lands.
    """
    ordered = sorted(chars, key=TOP_X0)
    bands: list[list[dict[str, Any]]] = []
    extents: list[tuple[float, float]] = []  # (top, bottom) of each band but the most recent
    band: list[dict[str, Any]] = []
    band_top = band_bottom = 0.0  # the most recent band's
    low = high = 0.0  # the most recent band's, widened by LINE_Y_TOLERANCE
    for char in ordered:
        char_top = char["top"]
        char_bottom = char["bottom"]
        middle = (char_top + char_bottom) / 2
        if band and low <= middle <= high:
            band.append(char)
            if char_top < band_top:  # min(), max(): the band's own value on a tie
                band_top = char_top
                low = band_top - LINE_Y_TOLERANCE
            if char_bottom > band_bottom:
                band_bottom = char_bottom
                high = band_bottom + LINE_Y_TOLERANCE
            continue
        count = len(bands)
        for i in range(count - 2, max(-1, count - 4), -1):
            top, bottom = extents[i]
            if top - LINE_Y_TOLERANCE <= middle <= bottom + LINE_Y_TOLERANCE:
                bands[i].append(char)
                extents[i] = (min(top, char_top), max(bottom, char_bottom))
                break
        else:
            if band:
                extents[-1] = (band_top, band_bottom)
            band = [char]
            bands.append(band)
            extents.append((char_top, char_bottom))
            band_top, band_bottom = char_top, char_bottom
            low, high = band_top - LINE_Y_TOLERANCE, band_bottom + LINE_Y_TOLERANCE
    for band in bands:
        if len(band) > 1 and not spaced_left_to_right(band):
            # sorted by (x0 rounded to 0.1, top), ties in band order
            keys = list(zip(map(round, map(X0, band), repeat(1)), map(TOP, band), strict=True))
            band[:] = [band[i] for i in sorted(range(len(band)), key=keys.__getitem__)]
    return bands


def spaced_left_to_right(chars: list[dict[str, Any]]) -> bool:
    """Are the characters' x0 increasing by more than DISTINCT_TENTHS from one to the next? Then
    they are already in line order: their x0 rounded to 0.1 increase too, and never tie."""
    previous = chars[0]["x0"]
    for char in islice(chars, 1, None):
        x0 = char["x0"]
        if not previous + DISTINCT_TENTHS < x0:
            return False
        previous = x0
    return True


def join_chars(chars: list[dict[str, Any]]) -> str:
    """Text of characters already in left-to-right order, with spaces where the gap is wide."""
    parts: list[str] = []
    previous: dict[str, Any] | None = None
    for char in chars:
        if previous is not None:
            gap = char["x0"] - previous["x1"]
            # a gap no wider than MIN_WORD_GAP is no wider than the one a space needs
            if gap > MIN_WORD_GAP and gap > WORD_GAP_RATIO * max(previous.get("size", 10.0), 1.0):
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
