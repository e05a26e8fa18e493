"""QuickPage gives pdfplumber's objects to the bit: the same dicts, keys in the same order, values
of the same types (an int stays an int, -0.0 stays -0.0), compared by repr; and text_layer's lean
cluster_objects clusters exactly as pdfplumber's."""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter
from pathlib import Path

import pdfplumber
import pytest
from conftest import SEED_FIXTURE
from disclosure.extractors.quick_page import DECODINGS, QuickPage, resources
from disclosure.extractors.text_layer import clusters
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
