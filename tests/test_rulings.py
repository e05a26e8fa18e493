"""extractors.rulings.merge_edges must merge a page's edges exactly as pdfplumber's merge_edges
does: the same edges, in the same order, with the same keys, key order and values."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from disclosure.extractors import rulings
from disclosure.extractors.pdfium_geometry import page_frame, page_geometry
from pdfplumber import table as plumber
from pdfplumber.utils.geometry import snap_objects

# Ruled tables of both kinds of disclosure: budgets (a long multi-page document, one with inset
# header boxes) and final accounts.
DOCUMENTS = ("budget/0a58e7a1c157.pdf", "budget/ff1c7dac4b74.pdf", "final/44874c062a89.pdf")
PAGES = 12
S = rulings.RULED_TABLES
TOLERANCES = (S.snap_x_tolerance, S.snap_y_tolerance, S.join_x_tolerance, S.join_y_tolerance)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_same_merge_as_pdfplumber(corpus: Path, name: str) -> None:
    document = pdfium.PdfDocument((corpus / name).read_bytes())
    merged_edges = 0
    for index in range(min(PAGES, len(document))):
        page = document[index]
        edges, _ = page_geometry(page, page_frame(page))
        candidates = rulings.axis_edges(edges, S.edge_min_length_prefilter)
        expected = plumber.merge_edges(candidates, *TOLERANCES)
        merged = rulings.merge_edges(candidates, *TOLERANCES)
        assert merged == expected
        assert [list(edge) for edge in merged] == [list(edge) for edge in expected]
        merged_edges += len(merged)
        page.close()
    assert merged_edges > 100  # the pages are ruled


def test_same_snap_as_pdfplumber(corpus: Path) -> None:
    """rulings.snapped keeps the dict of an edge already at its cluster's mean; the values, keys and
    order are still pdfplumber's snap_objects', edge for edge."""
    kept = edges = 0
    for name in DOCUMENTS:
        document = pdfium.PdfDocument((corpus / name).read_bytes())
        for index in range(min(PAGES, len(document))):
            page = document[index]
            found, _ = page_geometry(page, page_frame(page))
            candidates = rulings.axis_edges(found, S.edge_min_length_prefilter)
            for orientation, attr, tolerance in (
                ("v", "x0", S.snap_x_tolerance),
                ("h", "top", S.snap_y_tolerance),
            ):
                lined = [edge for edge in candidates if edge["orientation"] == orientation]
                expected = snap_objects(lined, attr, tolerance)
                snapped = rulings.snapped(lined, attr, tolerance)
                assert snapped == expected
                assert [list(edge.items()) for edge in snapped] == [list(edge.items()) for edge in expected]
                originals = {id(edge) for edge in lined}
                kept += sum(1 for edge in snapped if id(edge) in originals)
                edges += len(snapped)
            page.close()
    assert 0 < kept < edges  # some edges stand at their cluster's mean, the others are moved to it
