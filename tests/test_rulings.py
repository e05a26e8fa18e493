"""extractors.rulings.merge_edges must merge a page's edges exactly as pdfplumber's merge_edges
does: the same edges, in the same order, with the same keys, key order and values."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import processed
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


@pytest.mark.parametrize(
    ("paint", "white"),
    [
        ({"fill": True, "stroke": False, "non_stroking_color": (1.0, 1.0, 1.0)}, True),  # RGB white box
        ({"fill": True, "stroke": False, "non_stroking_color": 1}, True),  # gray 1
        ({"fill": True, "stroke": False, "non_stroking_color": (0, 0, 0, 0)}, True),  # CMYK white
        ({"fill": False, "stroke": True, "stroking_color": (1, 1, 1)}, True),  # a white line
        ({"fill": True, "stroke": False, "non_stroking_color": (0.0,)}, False),  # a black bar: a rule
        ({"fill": True, "stroke": True, "non_stroking_color": (1, 1, 1), "stroking_color": 0}, False),
        ({"fill": True, "stroke": False, "non_stroking_color": (0, 0, 0, 1)}, False),  # CMYK black
        ({"fill": True, "stroke": False, "non_stroking_color": None}, False),  # a pattern: unknown
        ({}, False),  # an edge that does not say how it was painted (PDFium's) is a rule
    ],
)
def test_a_path_painted_only_in_white_is_no_rule(paint: dict[str, object], white: bool) -> None:
    edge = {
        "orientation": "h",
        "x0": 10.0,
        "x1": 90.0,
        "top": 5.0,
        "bottom": 5.0,
        "width": 80.0,
        "height": 0.0,
    }
    assert rulings.paints_white({**edge, **paint}) is white
    assert rulings.axis_edges([{**edge, **paint}], 1.0) == ([] if white else [{**edge, **paint}])


def test_white_boxes_behind_cell_texts_cut_no_merged_cell(corpus: Path) -> None:
    """Xi'an 2020 绩效目标表 (reference reader: fonts not embedded): a white box is filled behind
    each cell's text; its sides were rules that cut the merged 一级/二级指标 cells into pieces,
    leaving their rows without levels. PDFium's paths: the same on 4273ff506073."""
    xian = processed(corpus / "wide/225b0d00e2b8.pdf")
    assert [i for i in xian.scorecard_indicators if i.level1 is None or i.level2 is None] == []
    area = next(i for i in xian.scorecard_indicators if i.level3 == "物业管理面积；服务人次")
    assert (area.page, area.level1, area.level2, area.target_raw) == (
        52,
        "产出指标",
        "数量指标",
        "17839平方米；每天3000人次",
    )
    diesel = next(i for i in processed(corpus / "wide/4273ff506073.pdf").scorecard_indicators if i.row == 1)
    assert (diesel.level1, diesel.level2, diesel.level3) == ("产出指标", "数量指标", "柴油车用油品抽检数量")
