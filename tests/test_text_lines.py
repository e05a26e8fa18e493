"""text_lines builds a page's lines on arrays (CharColumns) where the characters allow it: the lines
must be those the character-by-character building (line_bands, join_chars, min/max) gives, value
for value and in the same order; cell texts likewise (run_text against in_one_run + join_chars)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest
from disclosure.extractors.char_columns import CharColumns, tenths
from disclosure.extractors.pdfium_chars import page_chars
from disclosure.extractors.pdfium_geometry import page_frame
from disclosure.extractors.text_lines import (
    build_lines,
    cell_text,
    char_lines,
    column_lines,
    first_minima,
    in_one_run,
    join_cell_lines,
    join_chars,
    line_bands,
    run_text,
)

# (document, first page, pages): one text object per glyph (f17e3c9deb66), a long budget of ruled
# tables (0a58e7a1c157), fake bold (41cd3dcb9588: glyphs printed twice, lines whose x0 tie).
PAGES = [
    ("final/f17e3c9deb66.pdf", 1, 3),
    ("budget/0a58e7a1c157.pdf", 1, 12),
    ("wide/41cd3dcb9588.pdf", 38, 3),
]


def corpus_pages(corpus: Path) -> list[list[dict[str, Any]]]:
    """The characters of PAGES, as the PDFium reader makes them."""
    pages = []
    for name, first, count in PAGES:
        document = pdfium.PdfDocument((corpus / name).read_bytes())
        for index in range(first - 1, min(first - 1 + count, len(document))):
            page = document[index]
            pages.append(page_chars(page, page_frame(page)))
            page.close()
        document.close()
    return pages


@pytest.fixture(scope="module")
def pages(corpus: Path) -> list[list[dict[str, Any]]]:
    return corpus_pages(corpus)


def test_lines_on_arrays_are_the_lines_built_per_character(pages: list[list[dict[str, Any]]]) -> None:
    lines = 0
    for chars in pages:
        columns = CharColumns.of(chars)
        assert columns is not None and columns.plain
        found, expected = column_lines(columns), char_lines(chars)
        assert repr(found) == repr(expected)
        lines += len(found)
    assert lines > 300


def test_a_budget_page_reads_as_before(pages: list[list[dict[str, Any]]]) -> None:
    """0a58e7a1c157 p1 (577 glyphs): its heading and first duty, as the characters give them."""
    chars = pages[3]
    lines = build_lines(chars)
    assert repr(lines) == repr(sorted_char_lines(chars))
    assert [line.text for line in lines[:3]] == [
        "第一部分广州市商务局概况",
        "一、主要职责",
        "（一）贯彻执行国家、省和市有关商务工作的方针政策和法",
    ]
    assert lines[2].box.x0 == 117.0 and lines[2].box.x1 == 514.4999389648438


def sorted_char_lines(chars: list[dict[str, Any]]) -> list[Any]:
    return sorted(char_lines(chars), key=lambda line: (round(line.box.top), line.box.x0))


def test_characters_that_are_not_plain_are_read_per_character() -> None:
    """A glyph whose bottom lies above its top (not plain) sends the page to line_bands."""
    chars = [
        {"text": "a", "x0": 10.0, "x1": 15.0, "top": 100.0, "bottom": 110.0, "size": 10.0},
        {"text": "b", "x0": 16.0, "x1": 21.0, "top": 112.0, "bottom": 101.0, "size": 10.0},
        {"text": "c", "x0": 40.0, "x1": 45.0, "top": 100.5, "bottom": 110.5, "size": 10.0},
    ]
    columns = CharColumns.of(chars)
    assert columns is not None and not columns.plain
    assert repr(build_lines(chars)) == repr(sorted_char_lines(chars))


def test_characters_without_a_size_are_read_per_character() -> None:
    chars = [{"text": "a", "x0": 10.0, "x1": 15.0, "top": 100.0, "bottom": 110.0}]
    assert CharColumns.of(chars) is None
    assert [line.text for line in build_lines(chars)] == ["a"]


def test_a_line_box_keeps_the_first_extreme_value() -> None:
    """min() returns the first of 0.0 and -0.0; so does first_minima, and the lines keep it."""
    assert first_minima(np.array([[0.0, -0.0, 1.0], [-0.0, 0.0, 2.0]]), np.array([0])).tolist() == [[0], [0]]
    chars = [
        {"text": "a", "x0": 0.0, "x1": 5.0, "top": 10.0, "bottom": 20.0, "size": 10.0},
        {"text": "b", "x0": -0.0, "x1": 5.0, "top": 10.0, "bottom": 20.0, "size": 10.0},
    ]
    assert repr(build_lines(chars)) == repr(sorted_char_lines(chars))


def test_tenths_order_and_tie_as_round_to_one_place() -> None:
    rng = random.Random(15)
    values = [0.25, 0.15, 0.35, 0.75, 72.45, 100.05, -0.05, -0.25, 1e-9, 2.675]
    for _ in range(20000):
        base = rng.randint(-2000, 20000) / 20  # multiples of 0.05, ties and near-ties
        values += [base, float(np.nextafter(base, np.inf)), float(np.nextafter(base, -np.inf))]
        values.append(rng.uniform(-50.0, 900.0))
    keys = tenths(np.array(values)).tolist()
    for key, value in zip(keys, values, strict=True):
        assert key == round(round(value, 1) * 10)


def test_run_text_is_in_one_run_then_join_chars(pages: list[list[dict[str, Any]]]) -> None:
    runs = 0
    for chars in pages:
        for band in line_bands(chars):
            found = run_text(band)
            assert (found is not None) == in_one_run(band)
            if found is not None:
                assert found == join_chars(band)
                runs += 1
            assert cell_text(band) == old_cell_text(band)
    assert runs > 100


def old_cell_text(chars: list[dict[str, Any]]) -> str:
    """cell_text as it was: in_one_run, then join_chars."""
    if len(chars) == 1:
        return join_cell_lines([chars[0]["text"]])
    if len(chars) > 1 and in_one_run(chars):
        return join_cell_lines([join_chars(chars)])
    bands = line_bands(chars)
    if len(bands) > 1:
        bands.sort(key=lambda band: (round(min(c["top"] for c in band)), min(c["x0"] for c in band)))
    return join_cell_lines([join_chars(band) for band in bands])


def test_a_page_without_characters_has_no_lines() -> None:
    # a reader hands its page's columns over even when the page has no text (CharColumns.of([]))
    empty = CharColumns.of([])
    assert empty is not None and empty.plain
    assert build_lines([], empty) == [] and build_lines([]) == []
