"""extractors.to_unicode reads ToUnicode CMaps as pdfminer's CMapParser does (the same map, entry
for entry and in the same order, the same attributes), or declines; QuickResources gives fonts
those maps and is otherwise pdfminer's resource manager."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pdfplumber
import pytest
from disclosure.extractors.quick_page import QuickPage, resources
from disclosure.extractors.to_unicode import Section, map_objects, read_unicode_map
from pdfminer.cmapdb import CMapParser, FileUnicodeMap
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream, resolve1


def pdfminer_map(data: bytes) -> FileUnicodeMap:
    """The map pdfminer's parser makes of a ToUnicode stream."""
    cmap = FileUnicodeMap()
    CMapParser(cmap, BytesIO(data)).run()
    return cmap


def assert_same_map(got: FileUnicodeMap | None, expected: FileUnicodeMap) -> None:
    assert got is not None
    assert list(got.cid2unichr.items()) == list(expected.cid2unichr.items())
    assert repr(got.attrs) == repr(expected.attrs)


def to_unicode_streams(path: Path) -> dict[int, bytes]:
    """Every ToUnicode stream of a document, by the object number of the font naming it."""
    with path.open("rb") as file:
        document = PDFDocument(PDFParser(file))
        objids = sorted({objid for xref in document.xrefs for objid in xref.get_objids()})
        streams = {}
        for objid in objids:
            obj = document.getobj(objid)
            if isinstance(obj, dict) and "ToUnicode" in obj:
                stream = resolve1(obj["ToUnicode"])
                if isinstance(stream, PDFStream):
                    streams[objid] = stream.get_data()
    return streams


# Documents in fonts they do not embed (the pages PDFium hands over), with their number of
# ToUnicode maps, one font's object number and its number of entries.
CORPUS_MAPS = (
    ("budget/0a58e7a1c157.pdf", 7, 66, 752),  # QYCTXS+SimSun, CMapName TTX+0
    ("budget/0d1282d352e7.pdf", 8, 46, 1888),  # HBCDEE+FZFSK--GBK1-0, Adobe-Identity-UCS
    ("final/6a2eb6044359.pdf", 6, 37, 495),  # TWDXBZ+FangSong_GB2312
)


@pytest.mark.parametrize(("name", "maps", "font", "entries"), CORPUS_MAPS)
def test_corpus_maps_are_pdfminers(corpus: Path, name: str, maps: int, font: int, entries: int) -> None:
    streams = to_unicode_streams(corpus / name)
    assert len(streams) == maps
    for data in streams.values():
        assert_same_map(read_unicode_map(data), pdfminer_map(data))
    read = read_unicode_map(streams[font])
    assert read is not None and len(read.cid2unichr) == entries


def test_quick_resources_fonts_are_pdfminers(corpus: Path) -> None:
    """A page laid out by QuickPage: each font as pdfminer's resource manager makes it, its map
    read by to_unicode."""
    with pdfplumber.open(corpus / "budget/0d1282d352e7.pdf") as pdf:
        page = pdf.pages[0]
        _ = page.chars  # pdfminer's own fonts, in pdf.rsrcmgr
        quick = QuickPage.of(page)
        assert repr(quick.chars) == repr(page.chars)
        fonts = resources(pdf)._cached_fonts
        mapped = 0
        for objid, font in fonts.items():
            expected = pdf.rsrcmgr._cached_fonts[objid]
            assert type(font) is type(expected)
            if expected.unicode_map is None:
                assert font.unicode_map is None
            else:
                assert_same_map(font.unicode_map, expected.unicode_map)
                mapped += 1
            assert font.fontname == expected.fontname
            assert font.widths == expected.widths
            assert font.descent == expected.descent
        assert mapped >= 3


BFCHAR = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"


@pytest.mark.parametrize(
    "data",
    [
        b"1 beginbfchar <01> <0041> endbfchar",  # no begincmap, no final whitespace
        BFCHAR + b"/CMapName /Test def /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) >> def\n"
        b"2 beginbfchar <0003> <0020> <0004> <D840DC00> endbfchar\n"
        b"2 beginbfrange <0010> <0012> <4E00> <0020> <0021> [<0041> /Alpha] endbfrange\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end\n",
        # a no-break space where a space is already mapped keeps the space
        BFCHAR + b"1 beginbfchar <20> <0020> endbfchar 1 beginbfrange <20> <21> <00A0> endbfrange endcmap",
        # entries after endcmap are pushed, not read (and popped by a def)
        BFCHAR + b"endcmap 1 beginbfchar <01> <0041> endbfchar",
        BFCHAR + b"endcmap 1 beginbfchar <01> <0041> endbfchar begincmap 1 beginbfchar <02> <0042> endbfchar",
        # an odd entry is dropped, a pair of other types skipped; % comments
        BFCHAR + b"% a comment <01> <0042>\n3 beginbfchar <01> <0041> (x) 5 <02> endbfchar endcmap",
        BFCHAR + b"1 beginbfrange <00FF> <0101> <FFFE> endbfrange endcmap",  # a range over bytes
        # sections not in the usual form, read token by token: an odd hex digit, whitespace in a
        # string, a comment inside, a keyword glued to a string
        BFCHAR + b"1 beginbfchar <1> <0041> endbfchar 1 beginbfchar <0 2> <0042> endbfchar endcmap",
        BFCHAR + b"2 beginbfchar <03> <0043> % a comment\n<04> <0044> endbfchar endcmap",
        BFCHAR + b"1 beginbfchar<05> <0045> endbfchar endcmap",
    ],
)
def test_maps_read_as_pdfminer_reads_them(data: bytes) -> None:
    assert_same_map(read_unicode_map(data), pdfminer_map(data))


@pytest.mark.parametrize(
    "data",
    [
        BFCHAR + b"/Adobe-GB1-UCS2 usecmap endcmap",  # another CMap
        BFCHAR + b"1 begincidrange <00> <FF> 1 endcidrange endcmap",  # CID sections
        BFCHAR + b"1 beginbfrange <00> <0001> <0041> endbfrange endcmap",  # ends of two lengths
        BFCHAR + b"1 beginbfrange <00> <02> [<0041>] endbfrange endcmap",  # too short an array
        BFCHAR + b"1 beginbfrange <00> <02> 5 endbfrange endcmap",  # no text
        BFCHAR + b"/Lonely def endcmap",  # def with one operand: pdfminer fails
        BFCHAR + b"/Key [1 def] def endcmap",  # a keyword inside an array
        BFCHAR + b"/Proc {1 2 add} def endcmap",  # a procedure
        BFCHAR + b"1 beginbfchar <01> <0041 endbfchar endcmap",  # an unclosed string
    ],
)
def test_unusual_maps_are_left_to_pdfminer(data: bytes) -> None:
    assert read_unicode_map(data) is None


def test_usual_sections_are_read_whole() -> None:
    """Sections in the usual form are read with regular expressions, the bytes around them by
    content_stream; the map is pdfminer's."""
    data = (
        BFCHAR + b"/CMapName /Test def\n2 beginbfchar\n<0003> <0020>\n<0004> <4E00>\nendbfchar\n"
        b"1 beginbfrange\n<0010> <0011> [<0041> <0042>]\nendbfrange\nendcmap\n"
    )
    objects = map_objects(data)
    assert objects is not None
    sections = [obj for obj in objects if isinstance(obj, Section)]
    assert [section.kind for section in sections] == [b"char", b"range"]
    assert sections[1].items == [b"\x00\x10", b"\x00\x11", [b"\x00A", b"\x00B"]]
    assert_same_map(read_unicode_map(data), pdfminer_map(data))


@pytest.mark.parametrize(
    "data",
    [
        # a section that may be inside a comment, or is inside a string
        BFCHAR + b"% 1 beginbfchar <01> <0041> endbfchar\nendcmap",
        BFCHAR + b"(1 beginbfchar <01> <0041> endbfchar ) pop endcmap",
    ],
)
def test_sections_in_comments_or_strings_are_left_to_pdfminer(data: bytes) -> None:
    assert read_unicode_map(data) is None
