"""extractors.content_stream reads content streams exactly as pdfminer's parser does, and QuickPage
(pdfminer's interpreter over those objects) lays pages out exactly as pdfplumber does.

pdfminer's own PDFContentParser is the oracle: every case is read by both.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from conftest import SEED_FIXTURE
from disclosure.extractors import content_stream
from disclosure.extractors.content_stream import stream_objects
from disclosure.extractors.quick_page import QuickPage
from disclosure.extractors.text_layer import read_page, read_page_quickly
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import PSEOF


def pdfminer_objects(content: bytes) -> list[object]:
    """What pdfminer's content parser yields for one stream."""
    stream = PDFStream({}, content)
    stream.set_objid(1, 0)
    parser = PDFContentParser([stream])
    objects = []
    while True:
        try:
            _, obj = parser.nextobject()
        except PSEOF:
            return objects
        objects.append(obj)


SAME_AS_PDFMINER = [
    # a table rule and a line of text, as the corpus draws them
    b"q 0.24 0 0 -0.24 0 842 cm 42 552.12 m 798 552.87 l S 10 20 100.5 .75 re f Q",
    b"BT /F1 12 Tf 1 0 0 1 87 785.66 Tm (abc) Tj [(a) -120 (b)] TJ ET",
    # numbers as pdfminer reads them: signs, a trailing point, a leading point
    b"+5 -0 5. .5 -.5 +.25 007 1.000",
    # literal strings: nested parentheses, named escapes, octal (one to three digits, then a
    # digit that is not part of it), an unknown escape pdfminer drops, a line continuation
    b"(a(b(c)d)e) (\\n\\t\\(\\)\\\\) (\\101\\0053\\7x) (\\q\\9) (line\\\r\nnext) (cr\\\rlf) ()",
    # hex strings: spaces, an odd last digit (pdfminer keeps its own value), empty
    b"<4E2D 6587> <abc> <> <0>",
    # names: #xx escapes, a # before no hex digit, UTF-8 and not
    b"/F1 /A#20B /C#zz /D# /\xe4\xb8\xad /\xff",
    # arrays and dictionaries, nested, keywords inside arrays, booleans
    b"[1 [2 (x)] /N true] << /MCID 0 /Sub << /A [1 2] >> /B false >> BDC EMC [T* Tj]",
    # one-byte keywords, a keyword holding a NUL, comments
    b"(x) ' (y) \" *\n% a comment (not a string\nTj\x00 T* f* B*",
    # whitespace of every kind, and none before a delimiter
    b"1\t2\x0c3\x0b4\r5\n6 [7]8(9)<0A>/N",
]


@pytest.mark.parametrize("content", SAME_AS_PDFMINER)
def test_stream_objects_are_pdfminers(content: bytes) -> None:
    assert stream_objects(content) == pdfminer_objects(content)


UNSURE = [
    b"BI /W 1 /H 1 ID \x00\xff EI",  # an inline image: binary data
    b"((((deep))))",  # strings nested four deep
    b"12abc 5 m",  # a word pdfminer splits into a number and a keyword
    b"ab#c",  # a keyword pdfminer ends at #
    b"1.2.3",  # two numbers to pdfminer
    b"[1 2 >>",  # mismatched delimiters
    b"] 1 2 m",  # a stray closing bracket
    b"[1 2",  # an array left open
    b"{ 1 }",  # a PostScript procedure
    b"<< /A >>",  # a dictionary with an odd number of items (pdfminer raises)
    b"(\\777)",  # an octal escape over 255 (pdfminer fails an assertion)
    b"<12G4>",  # a hex string with a non-hex byte
    b"(unbalanced",
]


@pytest.mark.parametrize("content", UNSURE)
def test_stream_objects_is_unsure_where_pdfminer_reads_otherwise(content: bytes) -> None:
    assert stream_objects(content) is None


def test_the_seed_fixture_is_laid_out_exactly_as_pdfplumber_does() -> None:
    """The seed fixture is set in a font it does not embed (STSong-Light): the reader PDFium hands
    its pages to. Every object of every page is the same; no stream falls back to pdfminer."""
    unsure_before = count_unsure(SEED_FIXTURE)
    assert unsure_before == (0, 29)
    with pdfplumber.open(SEED_FIXTURE) as pdf:
        for page in pdf.pages:
            assert QuickPage.of(page).objects == page.objects
        page = pdf.pages[0]
        quick = read_page_quickly(page, 1)
        page.flush_cache()
        assert quick == read_page(page, 1)
        assert any("乌鲁木齐市社会保险中心" in line.text for line in quick.lines)


def count_unsure(path: Path) -> tuple[int, int]:
    """(streams content_stream is unsure of, streams) over every page's content streams."""
    unsure = total = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            contents = page.page_obj.contents
            for item in contents if isinstance(contents, list) else [contents]:
                total += 1
                unsure += content_stream.stream_objects(resolve_stream(item).get_data()) is None
    return unsure, total


def resolve_stream(item: object) -> PDFStream:
    from pdfminer.pdftypes import stream_value

    return stream_value(item)


@pytest.mark.parametrize(
    "name",
    [
        "budget/0a58e7a1c157.pdf",  # text and rules drawn inside form XObjects
        "budget/0d1282d352e7.pdf",  # one text object per glyph
        "budget/135d334639c1.pdf",
        "budget/818fcfd65d47.pdf",
        "final/6a2eb6044359.pdf",
    ],
)
def test_corpus_pages_in_unembedded_fonts_are_laid_out_exactly_as_pdfplumber_does(
    corpus: Path, name: str
) -> None:
    with pdfplumber.open(corpus / name) as pdf:
        for page in pdf.pages:
            quick = QuickPage.of(page)
            assert quick.objects == page.objects, f"{name} page {page.page_number}"
            quick.flush_cache()
            page.flush_cache()
