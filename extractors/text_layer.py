"""Read a PDF's text layer with pdfplumber: text lines and ruled table grids, with positions.

The steps mirror the data: open -> per page: chars -> lines, edges -> grid -> cells with text.
Nothing here knows what a 决算表 is; that is the normalizers' job.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import groupby
from operator import itemgetter
from typing import Any

import pdfplumber
from disclosure.extractors.char_columns import CharColumns
from disclosure.extractors.file_check import DocumentError
from disclosure.extractors.glyph_metrics import DEFAULT_DESCENT, plausible_descent
from disclosure.extractors.grid import grid_from_cells
from disclosure.extractors.lattice import rules_to_tables
from disclosure.extractors.open_ends import closing_edges
from disclosure.extractors.quick_page import QuickPage
from disclosure.extractors.records import Box, PageContent, RawTable
from disclosure.extractors.rulings import RULED_TABLES, axis_edges, merge_edges, merged_rules
from disclosure.extractors.text_lines import build_lines
from disclosure.extractors.triage import text_layer_usable
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.table import TableSettings

# An encryption dictionary in the trailer: why a PDF that will not open needs a password.
ENCRYPT_MARKER = b"/Encrypt"


def open_pdf(data: bytes, name: str) -> pdfplumber.PDF:
    """Open PDF bytes, turning library failures into a one-line DocumentError."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        _ = pdf.pages  # forces the page tree to be read; broken files fail here
    except Exception as exc:  # pdfminer raises a zoo of errors on damaged files, often wrapped
        raise opening_error(exc, data) from exc
    if not pdf.pages:
        pdf.close()
        raise DocumentError("corrupt", "corrupt PDF: no pages")
    return pdf


def opening_error(exc: BaseException, data: bytes) -> DocumentError:
    """The one-line reason a PDF would not open."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    if any(isinstance(e, (PDFPasswordIncorrect, PDFEncryptionError)) for e in chain) or (
        ENCRYPT_MARKER in data
    ):
        return DocumentError("encrypted", "encrypted PDF: needs a password to open")
    detail = next((f"{type(e).__name__}: {e}" for e in reversed(chain) if str(e).strip()), type(exc).__name__)
    kind = "corrupt"
    if any(isinstance(e, (PDFSyntaxError, PSException)) for e in chain):
        detail = f"syntax error ({detail})"
    return DocumentError(kind, f"corrupt PDF: {detail}".splitlines()[0][:200])


def read_pages(
    pdf: pdfplumber.PDF, settings: TableSettings = RULED_TABLES, pages: Iterable[int] | None = None
) -> Iterator[PageContent]:
    """Yield each page's lines and tables. `pages` are 1-based numbers (all when None)."""
    wanted = set(pages) if pages is not None else None
    for index, page in enumerate(pdf.pages):
        number = index + 1
        if wanted is not None and number not in wanted:
            continue
        yield read_page(page, number, settings)
        page.flush_cache()
        if hasattr(page, "close"):
            page.close()


class OnDemandReader:
    """Reads single pages with pdfplumber, opening the PDF only when the first page is asked for.

    The PDFium reader hands over the pages it cannot read independently of the machine's fonts.
    """

    def __init__(self, data: bytes, name: str, settings: TableSettings = RULED_TABLES) -> None:
        self.data = data
        self.name = name
        self.settings = settings
        self.pdf: pdfplumber.PDF | None = None

    def read_page(self, number: int) -> PageContent:
        """One page (1-based) as the reference reader sees it."""
        if self.pdf is None:
            self.pdf = open_pdf(self.data, self.name)
        page = self.pdf.pages[number - 1]
        try:
            return read_page_quickly(page, number, self.settings)
        finally:
            page.flush_cache()
            if hasattr(page, "close"):
                page.close()

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()
            self.pdf = None


def read_page(page: Any, number: int, settings: TableSettings = RULED_TABLES) -> PageContent:
    """Lines and table grids of one pdfplumber page."""
    return page_content(page, page, number, settings)


def read_page_quickly(page: Any, number: int, settings: TableSettings = RULED_TABLES) -> PageContent:
    """read_page's result, the page's content streams tokenised by extractors.content_stream
    (the same objects as pdfminer's parser reads, in a fraction of the time), its paths kept only
    as the rules they make (QuickPage's rules_only)."""
    quick = QuickPage.of(page, rules_only=True)
    try:
        return page_content(quick, quick, number, settings)
    finally:
        quick.flush_cache()


def page_content(characters: Any, rules: Any, number: int, settings: TableSettings) -> PageContent:
    """Lines and table grids from a page's characters (`characters`) and rules (`rules`): two
    pdfplumber pages, or the same one twice."""
    visible = visible_chars(characters)
    columns = CharColumns.of(visible)  # read once for the page's lines and every grid on it
    lines = build_lines(visible, columns)
    tables: list[RawTable] = []
    for index, cells in enumerate(table_cells(rules, settings)):
        table = grid_from_cells(cells, visible, number, index, columns)
        if table is not None:
            tables.append(table)
    return PageContent(
        number=number,
        width=float(characters.width),
        height=float(characters.height),
        n_chars=len(visible),
        lines=lines,
        tables=tables,
        has_text_layer=text_layer_usable(c["text"] for c in visible),
        image_coverage=image_coverage(rules),
    )


def visible_chars(page: Any) -> list[dict[str, Any]]:
    """The page's characters that print something, without fake-bold repeats, descents repaired."""
    top_of_page = float(page.mediabox[3])
    return [repair_descent(c, top_of_page) for c in unique_chars(page.chars) if c["text"].strip()]


def unique_chars(chars: list[dict[str, Any]], tolerance: float = 1.0) -> list[dict[str, Any]]:
    """pdfplumber's dedupe_chars (Page.dedupe_chars's characters): the characters without those
    repeating another's text, font and size at the same place (within `tolerance`), in page order.

    The grouping and clustering are pdfplumber's own (clusters is its cluster_objects, leaner);
    only the final ordering differs in how it is computed: pdfplumber sorts by `chars.index`, a
    scan of the page's characters for each one kept (quadratic: a quarter of the time of the pages
    this reader reads). first_indices gives the same positions from a lookup.
    """
    key = itemgetter("upright", "text", "fontname", "size")
    position = itemgetter("doctop", "x0")
    kept = []
    for group in same_key_groups(chars, key):
        if len(group) == 1:  # a character no other repeats: its own cluster (most of a page)
            kept.append(group[0])
            continue
        for y_cluster in clusters(group, itemgetter("doctop"), tolerance):
            if len(y_cluster) == 1:  # alone on its line: its own x cluster too
                kept.append(y_cluster[0])
                continue
            for x_cluster in clusters(y_cluster, itemgetter("x0"), tolerance):
                kept.append(x_cluster[0] if len(x_cluster) == 1 else sorted(x_cluster, key=position)[0])
    if len(kept) == len(chars):
        # Nothing dropped: equal characters always share a cluster, so none are equal, and each
        # one's first index is its own: the page's order.
        return list(chars)
    return sorted(kept, key=first_indices(chars))


def same_key_groups(
    chars: list[dict[str, Any]], key: Callable[[dict[str, Any]], tuple[Any, ...]]
) -> Iterable[list[dict[str, Any]]]:
    """pdfplumber's groups of characters by key (groupby over the characters sorted by it), each
    in page order; the groups in another order, which unique_chars does not depend on (it keeps
    the page's order).

    Gathered by key in a dict rather than by sorting: the same groups where the keys sort as they
    compare, as (bool, str, str, number) tuples without NaN do; other keys are sorted as
    pdfplumber does."""
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for char in chars:
        found = key(char)
        group = groups.get(found)
        if group is None:
            groups[found] = [char]
        else:
            group.append(char)
    if all(map(ordinary_key, groups)):
        return groups.values()
    return [list(grouped) for _, grouped in groupby(sorted(chars, key=key), key=key)]


def ordinary_key(key: tuple[Any, ...]) -> bool:
    """A (upright, text, fontname, size) key of the usual types, the size not NaN."""
    upright, text, fontname, size = key
    return (
        type(upright) is bool
        and type(text) is str
        and type(fontname) is str
        and type(size) in (float, int)
        and size == size
    )


def clusters(
    items: list[dict[str, Any]], key: Callable[[dict[str, Any]], Any], tolerance: float
) -> list[list[dict[str, Any]]]:
    """pdfplumber's cluster_objects(items, key, tolerance): the items in clusters of key values
    each within `tolerance` of the next, clusters by value, items in their order within each.

    The same steps (values deduplicated and sorted, chained by `value <= last + tolerance`, a
    stable sort by cluster) without its nested lists and chains, which cost most of the time of
    unique_chars on a page of tables, where most characters repeat another's text."""
    if len(items) == 1:
        return [list(items)]
    values = [key(item) for item in items]
    ordered = sorted(set(values))
    cluster_of: dict[Any, int] = {}
    if tolerance == 0 or len(ordered) < 2:
        cluster_of.update((value, index) for index, value in enumerate(ordered))
    else:
        cluster, last = 0, ordered[0]
        cluster_of[last] = cluster
        for value in ordered[1:]:
            if not value <= last + tolerance:
                cluster += 1
            cluster_of[value] = cluster
            last = value
    labels: list[Any] = [cluster_of.get(value) for value in values]
    grouped: list[list[dict[str, Any]]] = []
    previous: Any = object()
    for index in sorted(range(len(items)), key=lambda index: labels[index]):
        if not grouped or labels[index] != previous:
            grouped.append([])
            previous = labels[index]
        grouped[-1].append(items[index])
    return grouped


def first_indices(chars: list[dict[str, Any]]) -> Callable[[dict[str, Any]], int]:
    """`chars.index` by lookup: the position of the first character equal to (or the same object
    as) the one asked for. Equal characters share a fingerprint, so only those are compared."""
    by_fingerprint: defaultdict[tuple[Any, ...], list[int]] = defaultdict(list)
    for index, char in enumerate(chars):
        by_fingerprint[char_fingerprint(char)].append(index)

    def index_of(char: dict[str, Any]) -> int:
        for index in by_fingerprint[char_fingerprint(char)]:
            if chars[index] is char or chars[index] == char:
                return index
        raise ValueError("character not in the page's characters")

    return index_of


def char_fingerprint(char: dict[str, Any]) -> tuple[Any, ...]:
    """Hashable fields that are equal whenever two characters are."""
    return (char.get("text"), char.get("x0"), char.get("top"), char.get("fontname"), char.get("size"))


def table_cells(page: Any, settings: TableSettings) -> list[list[Box]]:
    """The cells of each table pdfplumber's finder finds on the page with closed_settings: the
    table finder's own steps, in extractors.lattice's and rulings' equal and leaner versions
    (tests/test_lattice.py and tests/test_rulings.py hold them to pdfplumber's).

    As pdfplumber's TableFinder with a "lines" strategy: the page's edges at least
    edge_min_length_prefilter long, plus the closing edges as explicit horizontal lines (not
    filtered), merged, then those at least edge_min_length long. Where no edge closes an open
    end, that is the merge closed_settings already made. Other strategies, or explicit lines of
    the caller's, go to pdfplumber's finder."""
    if not lines_only(settings):
        return [
            [Box(*cell) for cell in found.cells]
            for found in page.find_tables(closed_settings(page, settings))
        ]
    rules = merged_rules(page.edges, settings)
    closing = closing_edges(rules)
    if closing:
        merged = merge_edges(
            axis_edges(page.edges, settings.edge_min_length_prefilter) + closing,
            snap_x_tolerance=settings.snap_x_tolerance,
            snap_y_tolerance=settings.snap_y_tolerance,
            join_x_tolerance=settings.join_x_tolerance,
            join_y_tolerance=settings.join_y_tolerance,
        )
        rules = axis_edges(merged, settings.edge_min_length)
    return rules_to_tables(rules, settings.intersection_x_tolerance, settings.intersection_y_tolerance)


def lines_only(settings: TableSettings) -> bool:
    """Whether the finder's settings take tables from the page's edges alone (table_cells)."""
    return (
        settings.vertical_strategy == "lines"
        and settings.horizontal_strategy == "lines"
        and not settings.explicit_vertical_lines
        and not settings.explicit_horizontal_lines
    )


def closed_settings(page: Any, settings: TableSettings) -> TableSettings:
    """The table finder's settings, plus the rules that close a table's open ends (open_ends)."""
    closing = closing_edges(merged_rules(page.edges, settings))
    return replace(settings, explicit_horizontal_lines=closing) if closing else settings


def repair_descent(char: dict[str, Any], top_of_page: float) -> dict[str, Any]:
    """The character with its box rebuilt from the baseline when its font's descent is implausible.

    Only upright, unrotated glyphs: their baseline is the text matrix's f, measured from the top of
    the media box (see extractors.glyph_metrics).
    """
    a, b, c, d, _e, f = char["matrix"]
    size = char["size"]
    if b or c or a <= 0 or d <= 0 or size <= 0 or char.get("upright") is False:
        return char
    baseline = top_of_page - f
    descent = (baseline - char["bottom"]) / size
    if plausible_descent(descent) == descent:
        return char
    bottom = baseline - DEFAULT_DESCENT * size
    shift = bottom - char["bottom"]
    return {
        **char,
        "top": char["top"] + shift,
        "bottom": bottom,
        "doctop": char["doctop"] + shift,
        "y0": char["y0"] - shift,
        "y1": char["y1"] - shift,
    }


def image_coverage(page: Any) -> float:
    """Share of the page area covered by its largest embedded image (a scan covers ~1.0)."""
    area = float(page.width * page.height) or 1.0
    largest = 0.0
    for image in page.images:
        width = max(0.0, min(image["x1"], page.width) - max(image["x0"], 0))
        height = max(0.0, min(image["bottom"], page.height) - max(image["top"], 0))
        largest = max(largest, width * height)
    return min(largest / area, 1.0)
