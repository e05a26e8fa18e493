"""QuickPage gives pdfplumber's objects to the bit: the same dicts, keys in the same order, values
of the same types (an int stays an int, -0.0 stays -0.0), compared by repr; a rules_only QuickPage
(the reference reader's) the same characters and edges, and paths holding pdfplumber's values under
the keys they keep; and text_layer's lean cluster_objects clusters exactly as pdfplumber's."""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from conftest import SEED_FIXTURE
from disclosure.extractors.quick_page import DECODINGS, QuickPage, resources
from disclosure.extractors.text_layer import clusters, read_page, read_page_quickly
from pdfplumber.utils.clustering import cluster_objects

# Documents in fonts they do not embed (the pages PDFium hands over): tables drawn inside form
# XObjects, one text object per glyph, a page box not at the origin.
CORPUS_DOCUMENTS = ("budget/0a58e7a1c157.pdf", "budget/0d1282d352e7.pdf", "final/6a2eb6044359.pdf")
CORPUS_PAGES = 4


def assert_same_objects(path: Path, pages: int | None = None) -> int:
    """Compare every object of the first `pages` pages by repr; the number of characters."""
    count = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages[:pages]:
            quick = QuickPage.of(page)
            assert repr(quick.objects) == repr(page.objects), f"{path.name} page {page.page_number}"
            count += len(quick.chars)
            quick.flush_cache()
            page.flush_cache()
    return count


def test_seed_fixture_objects_are_pdfplumbers_to_the_bit() -> None:
    assert assert_same_objects(SEED_FIXTURE) > 1000


@pytest.mark.parametrize("name", CORPUS_DOCUMENTS)
def test_corpus_objects_are_pdfplumbers_to_the_bit(corpus: Path, name: str) -> None:
    assert assert_same_objects(corpus / name, CORPUS_PAGES) > 500


def test_clusters_are_pdfplumbers(corpus: Path) -> None:
    """Every group of repeated characters of a page of tables, clustered by line then by x."""
    key = itemgetter("upright", "text", "fontname", "size")
    with pdfplumber.open(corpus / "budget/0a58e7a1c157.pdf") as pdf:
        chars = pdf.pages[1].chars
    groups = [list(group) for _, group in groupby(sorted(chars, key=key), key=key)]
    repeated = [group for group in groups if len(group) > 1]
    assert len(repeated) > 40
    for group in repeated:
        for tolerance in (0, 1.0, 3.0):
            for field in ("doctop", "x0"):
                expected = cluster_objects(group, itemgetter(field), tolerance)
                got = clusters(group, itemgetter(field), tolerance)
                assert [[id(c) for c in cluster] for cluster in got] == [
                    [id(c) for c in cluster] for cluster in expected
                ]


def test_decoded_strings_are_the_fonts(corpus: Path) -> None:
    """QuickDevice decodes each distinct string of a font once (DECODINGS): what font.decode
    gives, code for code."""
    with pdfplumber.open(corpus / "budget/0d1282d352e7.pdf") as pdf:
        quick = QuickPage.of(pdf.pages[1])
        assert len(quick.chars) > 500
        fonts = resources(pdf)._cached_fonts.values()
        tables = [DECODINGS[font] for font in fonts if font in DECODINGS]
        assert sum(map(len, tables)) > 100
        for font in fonts:
            for string, codes in DECODINGS.get(font, {}).items():
                assert codes == tuple(font.decode(string))


def assert_same_rules(path: Path, numbers: tuple[int, ...] | None = None) -> int:
    """A rules_only page's characters are pdfplumber's, to the bit; each of its paths holds the
    values of pdfplumber's dict of that path under the keys it keeps; its edges likewise, one for
    one and in order. Pages `numbers` (all when None); the number of edges."""
    count = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages if numbers is None else [pdf.pages[n - 1] for n in numbers]:
            where = f"{path.name} page {page.page_number}"
            quick = QuickPage.of(page, rules_only=True)
            assert repr(quick.chars) == repr(page.chars), where
            for kind in ("line", "rect", "curve"):
                rules, paths = quick.objects.get(kind, []), page.objects.get(kind, [])
                assert len(rules) == len(paths), where
                assert all(
                    repr(rule) == repr(kept(rule, whole)) for rule, whole in zip(rules, paths, strict=True)
                ), where
            assert len(quick.edges) == len(page.edges), where
            assert all(
                repr(edge) == repr(kept(edge, whole))
                for edge, whole in zip(quick.edges, page.edges, strict=True)
            ), where
            count += len(quick.edges)
            quick.flush_cache()
            page.flush_cache()
    return count


def kept(lean: dict[str, Any], whole: dict[str, Any]) -> dict[str, Any]:
    """`whole`'s items under `lean`'s keys, in lean's order."""
    return {key: whole[key] for key in lean}


def test_seed_fixture_rules_are_pdfplumbers_edges() -> None:
    assert assert_same_rules(SEED_FIXTURE) > 800


# Pages of tables whose rules are curves drawn inside form XObjects, lines, rects, and lines on a
# page whose box is not at the origin.
RULED_PAGES = (
    ("budget/0a58e7a1c157.pdf", (7, 8)),
    ("budget/0d1282d352e7.pdf", (8, 9)),
    ("budget/135d334639c1.pdf", (8, 9)),
    ("final/6a2eb6044359.pdf", (6, 7)),
)


@pytest.mark.parametrize(("name", "numbers"), RULED_PAGES)
def test_corpus_rules_are_pdfplumbers_edges(corpus: Path, name: str, numbers: tuple[int, ...]) -> None:
    assert assert_same_rules(corpus / name, numbers) > 40


@pytest.mark.parametrize(("name", "numbers"), RULED_PAGES)
def test_ruled_pages_read_as_pdfplumbers_pages(corpus: Path, name: str, numbers: tuple[int, ...]) -> None:
    """read_page_quickly (rules_only) finds the tables and lines read_page finds on pdfplumber's
    own page."""
    with pdfplumber.open(corpus / name) as pdf:
        for number in numbers:
            page = pdf.pages[number - 1]
            quick = read_page_quickly(page, number)
            page.flush_cache()
            assert quick == read_page(page, number), f"{name} page {number}"
            assert quick.tables and all(table.cells for table in quick.tables)


@pytest.mark.parametrize(
    ("name", "number", "cells", "amount"),
    [("budget/0a58e7a1c157.pdf", 7, 94, "121,385.74"), ("budget/135d334639c1.pdf", 8, 122, "1468.70")],
)
def test_ruled_page_grid_holds_its_amounts(
    corpus: Path, name: str, number: int, cells: int, amount: str
) -> None:
    """The first table of a page ruled in curves (in forms) and one ruled in rects: its cells, and
    the first amount of its first row of figures (row 2, column 1)."""
    with pdfplumber.open(corpus / name) as pdf:
        table = read_page_quickly(pdf.pages[number - 1], number).tables[0]
    assert len(table.cells) == cells
    assert [cell.text for cell in table.cells if (cell.row, cell.col) == (2, 1)] == [amount]
