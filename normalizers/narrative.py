"""The narrative of a disclosure as paragraphs and sentences, each traceable to its page and lines.

Text lines come from the extractor (already rebuilt from character positions, so numbers printed as
separate runs on a shifted baseline sit where they belong). Here the lines outside table grids are
joined into paragraphs (a paragraph breaks at an indented line, a heading enumerator, or after a
line that ends short of the right margin) and paragraphs are cut into sentences at "。".
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from operator import attrgetter

from disclosure.extractors.records import PageContent, TextLine
from disclosure.normalizers.fact_vocabulary import FIGURE, HEADING_START, PAGE_NUMBER_LINE, SENTENCE_END

# Lines this close (points) to a table grid's box belong to the table, not the narrative.
GRID_MARGIN = 2.0
# A line starting this many character widths right of the page's left edge is a paragraph start.
INDENT_CHARS = 1.2
# A line ending this many character widths left of the right edge ends its paragraph.
SHORT_LINE_CHARS = 2.5
# A heading is short; a longer enumerated paragraph ("1.…（项）：支出决算数为…") is body text.
HEADING_MAX_CHARS = 40
PARAGRAPH_END = "。：:；;！？）)"
# A running header: the same line in the top tenth of at least three pages and a third of them.
RUNNING_HEADER_BAND = 0.1
RUNNING_HEADER_PAGES = 3
RUNNING_HEADER_SHARE = 1 / 3
HEADER_KEY_DROPPED = re.compile(r"[\s\d]")


@dataclass(frozen=True)
class Span:
    """Where a stretch of paragraph text came from: one text line on one page."""

    start: int  # offset in the paragraph text
    end: int
    page: int
    line: TextLine


span_start = attrgetter("start")
span_end = attrgetter("end")


@dataclass
class Paragraph:
    """Consecutive narrative lines joined into one text, with the line each character came from."""

    text: str = ""
    spans: list[Span] = field(default_factory=list)

    def add(self, text: str, page: int, line: TextLine) -> None:
        start = len(self.text)
        self.text += text
        self.spans.append(Span(start, len(self.text), page, line))

    def locate(self, start: int, end: int) -> tuple[int, tuple[float, float, float, float]]:
        """Page and bounding box (on that page) of the text between two offsets."""
        # The spans touching [start, end): those ending after `start` and starting before the end.
        # `add` lays them end to end, so both their starts and their ends ascend: two bisections
        # find them (a scan of every span for every sentence made long paragraphs quadratic).
        first = bisect_right(self.spans, start, key=span_end)
        after = bisect_left(self.spans, max(end, start + 1), key=span_start)
        touched = self.spans[first:after] or self.spans[:1]
        page = touched[0].page
        # the lines' boxes as four columns: min() and max() over them give each side as over the
        # lines' properties, without a property call per line
        x0s, tops, x1s, bottoms = zip(*(s.line.box for s in touched if s.page == page), strict=True)
        return page, (min(x0s), min(tops), max(x1s), max(bottoms))


@dataclass(frozen=True)
class Sentence:
    """One sentence of a paragraph (ending at "。", or the paragraph's end)."""

    text: str
    paragraph: int  # index of its paragraph in the document
    start: int  # offset in the paragraph text
    page: int
    box: tuple[float, float, float, float]


SPACE_RUN = re.compile(r"\s+")
SPACE_BESIDE_CJK = re.compile(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])")


def squash_spaces(text: str) -> str:
    """Drop spacing that justified layout puts around CJK text; keep one space between ASCII words."""
    text = SPACE_RUN.sub(" ", text.strip())
    return SPACE_BESIDE_CJK.sub("", text)


Band = tuple[float, float, float, float]


def grid_bands(page: PageContent) -> list[Band]:
    """Each table grid of the page as (left, right, top, bottom), widened by GRID_MARGIN."""
    return [
        (t.x0 - GRID_MARGIN, t.x1 + GRID_MARGIN, t.top - GRID_MARGIN, t.bottom + GRID_MARGIN)
        for t in page.tables
    ]


def inside_grid(line: TextLine, page: PageContent, bands: list[Band] | None = None) -> bool:
    """True when the line's middle lies within one of the page's table grids (`bands`: the page's
    grid_bands, when the caller asks of many lines)."""
    x0, top, x1, bottom = line.box
    cy = (top + bottom) / 2
    cx = (x0 + x1) / 2
    return any(
        left <= cx <= right and upper <= cy <= lower
        for left, right, upper, lower in (grid_bands(page) if bands is None else bands)
    )


def narrative_lines(page: PageContent, headers: frozenset[str] = frozenset()) -> list[TextLine]:
    """The page's text lines that are neither inside a table grid, nor a bare page number, nor one of
    the document's running headers (`headers`, running_headers)."""
    bands = grid_bands(page)
    return [
        line
        for line in page.lines
        if not (bands and inside_grid(line, page, bands))
        and not PAGE_NUMBER_LINE.match(line.text.strip())
        and not (headers and in_header_band(line, page) and header_key(line.text) in headers)
    ]


def running_headers(pages: list[PageContent]) -> frozenset[str]:
    """The texts printed atop many pages alike ("无锡市人力资源和社会保障局 2026 年度部门预算公开"): a
    running header, which would otherwise cut (or join itself into) a paragraph continued over the
    page break. Its page numbers aside, the same text in the page's top band on at least
    RUNNING_HEADER_PAGES pages and RUNNING_HEADER_SHARE of them."""
    seen: dict[str, set[int]] = {}
    for page in pages:
        for line in page.lines:
            if in_header_band(line, page):
                seen.setdefault(header_key(line.text), set()).add(page.number)
    least = max(RUNNING_HEADER_PAGES, RUNNING_HEADER_SHARE * len(pages))
    return frozenset(key for key, numbers in seen.items() if key and len(numbers) >= least)


def in_header_band(line: TextLine, page: PageContent) -> bool:
    """Does the line stand in the page's top band, where running headers are printed?"""
    return line.top <= page.height * RUNNING_HEADER_BAND


def header_key(text: str) -> str:
    """A line's text without whitespace and digits (a running header carries the page number)."""
    return HEADER_KEY_DROPPED.sub("", text)


def build_paragraphs(pages: list[PageContent]) -> list[Paragraph]:
    """All narrative paragraphs of a document in reading order; a paragraph may span a page break
    (the page's running header left out)."""
    paragraphs: list[Paragraph] = []
    current: Paragraph | None = None
    ended_short = True
    headers = running_headers(pages)
    for page in pages:
        lines = narrative_lines(page, headers)
        if not lines:
            continue
        left = min(line.x0 for line in lines)
        right = max(line.x1 for line in lines)
        for line in lines:
            text = squash_spaces(line.text)
            if not text:
                continue
            char = max(line.bottom - line.top, 4.0)
            indented = line.x0 > left + INDENT_CHARS * char
            starts = current is None or ended_short or indented or bool(HEADING_START.match(text))
            if starts:
                current = Paragraph()
                paragraphs.append(current)
            assert current is not None
            if current.text and current.text[-1].isascii() and text[0].isascii():
                text = " " + text
            current.add(text, page.number, line)
            # A short line ends its paragraph only when it ends a sentence or a heading: generators
            # wrap early before a number that does not fit ("支出决算数为" / "3,850.59万元"), in an
            # enumerated item too ("1.收入预算减少15,165.79万元，其中一般公共预算收入减少" /
            # "15,164.36万元，…"), which states a figure where a heading states none.
            short = line.x1 < right - SHORT_LINE_CHARS * char
            heading = is_heading(current.text) and not FIGURE.search(current.text)
            ended_short = short and (text[-1] in PARAGRAPH_END or heading)
    return paragraphs


def is_heading(text: str) -> bool:
    """Is a paragraph's text a heading: short and opening with an enumerator ("三、", "（一）", "1.")?"""
    return bool(HEADING_START.match(text)) and len(text) <= HEADING_MAX_CHARS


def split_sentences(paragraphs: list[Paragraph]) -> list[Sentence]:
    """Every sentence of every paragraph, with its page and box."""
    sentences: list[Sentence] = []
    for index, paragraph in enumerate(paragraphs):
        start = 0
        for match in SENTENCE_END.finditer(paragraph.text + "。"):
            end = min(match.end(), len(paragraph.text))
            text = paragraph.text[start:end].strip()
            if text:
                page, box = paragraph.locate(start, end)
                sentences.append(Sentence(text=text, paragraph=index, start=start, page=page, box=box))
            start = end
            if start >= len(paragraph.text):
                break
    return sentences
