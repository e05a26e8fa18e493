"""Characters -> text: a page's visual lines, and the wrapped lines of one grid cell joined.

Characters are pdfplumber-shaped dicts (text, x0, x1, top, bottom, size), as both readers make them.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from disclosure.extractors.records import Box, TextLine

# A character belongs to a line when its vertical middle lies within the line's band, widened by this.
LINE_Y_TOLERANCE = 2.0
# A gap wider than this fraction of the font size between two characters becomes a space.
WORD_GAP_RATIO = 0.6

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
            box=Box(min(map(X0, band)), min(map(TOP, band)), max(map(X1, band)), max(map(BOTTOM, band))),
        )
        for band in line_bands(chars)
    ]
    lines.sort(key=lambda line: (round(line.box.top), line.box.x0))
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
