"""Finding scorecard grids: which page grids are scorecards, stitched over page breaks."""

from __future__ import annotations

from dataclasses import dataclass, field

from disclosure.extractors.records import PageContent, RawTable
from disclosure.normalizers.grid_index import index_of
from disclosure.normalizers.recognize import lines_between
from disclosure.normalizers.scorecard_vocabulary import (
    BLOCK_PROJECT_HEADER,
    CARD_BLOCK_LABELS,
    DEPARTMENT_NAME_LABELS,
    DEPARTMENT_NAME_LINE,
    DEPARTMENT_SELF_EVALUATION,
    FUNDS_UNIT,
    FUNDS_UNIT_CELL_WORDS,
    INDICATOR_COLUMNS,
    INDICATOR_HEADER_WORDS,
    PERFORMANCE_TARGET,
    PROJECT_NAME_LABELS,
    PROJECT_SELF_EVALUATION,
    SENTENCE_STOP,
    TITLE_ENDING,
    TITLE_KIND_WORDS,
    TITLE_WORDS,
    UNIT_LINE,
    YEAR_LINE,
)
from disclosure.normalizers.scorecards.cells import row_cells
from disclosure.normalizers.scorecards.indicators import is_indicator_header_row, is_total_label
from disclosure.normalizers.titles import clean_title, is_list_form
from disclosure.normalizers.whitespace import squash


@dataclass
class ScorecardGrid:
    """One scorecard as printed: its page grids in order, the title above them and what it says."""

    parts: list[RawTable]
    title: str | None
    kind: str
    fiscal_year: int | None
    unit: str | None
    list_form: bool = False
    closed: bool = False
    block_form: bool = False
    department: str | None = None  # "单位名称：…" printed above the grid
    # The pages the grids stand on (block form: funds printed outside a grid at a page break).
    contents: list[PageContent] = field(default_factory=list)

    @property
    def pages(self) -> list[int]:
        return sorted({part.page for part in self.parts})


def cell_texts(table: RawTable) -> set[str]:
    """Squashed texts of all cells (shared, asked of every grid several times: do not change it)."""
    texts: set[str] = index_of(table).memo(
        ("cell_texts",), lambda: {squash(cell.text) for cell in table.cells if cell.text}
    )
    return texts


def has_label(table: RawTable, labels: tuple[str, ...]) -> bool:
    """Does any cell read exactly one of these labels?"""
    return bool(cell_texts(table) & set(labels))


def is_title(text: str) -> bool:
    """A scorecard title line: names 绩效自评 / 绩效目标 and ends in 表 (maybe with a parenthesis)."""
    squashed = squash(text)
    return any(word in squashed for word in TITLE_WORDS) and bool(TITLE_ENDING.search(squashed))


def title_above(page: PageContent, table: RawTable, band_top: float) -> tuple[str | None, int | None]:
    """The scorecard title printed above a grid (or in its first rows) and the year of its year line.

    A long title wraps onto a second line ("西安市级2022年西安市公共卫生中心" / "（…）项目绩效自评表"):
    a line just above a title ending, with no sentence stop, is joined to it.
    """
    lines = lines_between(page, band_top, table.top)
    title = None
    for i, line in enumerate(lines):
        previous = lines[i - 1] if i else None
        if (
            previous is not None
            and not is_title(previous.text)
            and not YEAR_LINE.search(squash(previous.text))
            and SENTENCE_STOP not in previous.text
            and line.top - previous.bottom < (line.bottom - line.top)
            and is_title(previous.text + line.text)
        ):
            title = squash(previous.text + line.text)
        elif is_title(line.text):
            title = squash(line.text)
    inside = [cell.text for cell in table.cells if cell.row < 2 and cell.text]
    for text in inside:
        if is_title(text):
            title = squash(text)
    if title:
        title = clean_title(title)
    year = None
    for text in [line.text for line in lines] + inside:
        match = YEAR_LINE.search(squash(text))
        if match:
            year = int(match.group(1))
    return title, year


def kind_of(title: str | None, table: RawTable) -> str | None:
    """The scorecard kind from its title words, else from its labels; None for other grids."""
    if title:
        for kind, words in TITLE_KIND_WORDS:
            if any(word in title for word in words):
                return kind
    texts = cell_texts(table)
    labelled = has_label(table, PROJECT_NAME_LABELS + DEPARTMENT_NAME_LABELS)
    if not any(word in text for text in texts for word in INDICATOR_HEADER_WORDS) and not (
        labelled and any(is_indicator_header_row(table, row) for row in range(table.n_rows))
    ):
        return None
    if texts & set(DEPARTMENT_NAME_LABELS) and not texts & set(PROJECT_NAME_LABELS):
        return DEPARTMENT_SELF_EVALUATION
    actual_words = dict(INDICATOR_COLUMNS)["actual"]
    if any(word in text for text in texts for word in actual_words):
        return PROJECT_SELF_EVALUATION
    return PERFORMANCE_TARGET


def block_header_row(table: RawTable) -> int | None:
    """The header row of a project-block grid: it heads a 项目名称 column beside the indicator columns
    (one merged block of rows per project), where a labelled scorecard prints 项目名称 | name."""
    for row in range(table.n_rows):
        texts = [squash(cell.text) for cell in row_cells(table, row)]
        if any(text.startswith(BLOCK_PROJECT_HEADER) for text in texts) and is_indicator_header_row(
            table, row
        ):
            return row
    return None


def is_block_form(table: RawTable) -> bool:
    return block_header_row(table) is not None


def starts_card(table: RawTable, title: str | None = None) -> bool:
    """Does this grid open a scorecard? A scorecard is a grid with a scorecard header: the name
    labels (项目名称 | name), a project-block header (项目名称 beside the indicator columns), or, under
    a scorecard title, an indicator header row (一级指标 …, or 指标名称 … 指标值). Indicator columns
    without a name and without a scorecard title head a table of the narrative ("表1：项目年度绩效
    指标表", "表2：综合评价得分情况表" inside the 情况说明), which is no scorecard."""
    if has_label(table, PROJECT_NAME_LABELS + DEPARTMENT_NAME_LABELS) or is_block_form(table):
        return True
    indicators = any(is_indicator_header_row(table, row) for row in range(table.n_rows))
    return indicators and (title is not None or has_card_labels(table))


def has_card_labels(table: RawTable) -> bool:
    """Does the grid print a label of a scorecard's header block (主管部门, 总体目标, 预期目标 …)? A
    scorecard whose name label is broken over two cells still prints these; a table of the narrative
    prints only indicator columns."""
    return any(squash(text) in CARD_BLOCK_LABELS for text in cell_texts(table))


def has_total_row(table: RawTable) -> bool:
    """Does the grid hold the closing 总分 row?"""
    return any(is_total_label(cell.text) for cell in table.cells if cell.col == 0)


def continues(
    open_card: ScorecardGrid | None, page: PageContent, index: int, table: RawTable, title: str | None
) -> bool:
    """Does this grid continue the open scorecard (see find_scorecards)?"""
    return (
        open_card is not None
        and not open_card.closed
        and index == 0
        and open_card.parts[-1].page == page.number - 1
        and not open_card.list_form
        and (
            (title is None and not has_label(table, PROJECT_NAME_LABELS + DEPARTMENT_NAME_LABELS))
            # a project-block grid repeats its title and header on every page
            or (open_card.block_form and title in (None, open_card.title) and is_block_form(table))
        )
    )


def new_card(
    page: PageContent, table: RawTable, title: str | None, year: int | None, band_top: float
) -> ScorecardGrid | None:
    """The scorecard this grid opens, or None when it opens none."""
    kind = kind_of(title, table) if (title or starts_card(table)) else None
    if kind is None or not (starts_card(table, title) or is_list_form(table)):
        return None
    department = next(
        (
            match.group(1)
            for line in lines_between(page, max(band_top, table.top - 200), table.top)
            for match in [DEPARTMENT_NAME_LINE.search(line.text)]
            if match
        ),
        None,
    )
    return ScorecardGrid(
        parts=[table],
        title=title,
        kind=kind,
        fiscal_year=year,
        unit=grid_unit(page, table, previous_top=table.top - 200),
        list_form=is_list_form(table),
        closed=has_total_row(table),
        block_form=not is_list_form(table) and is_block_form(table),
        contents=[page],
        department=department,
    )


def find_scorecards(pages: list[PageContent]) -> list[ScorecardGrid]:
    """Every scorecard of a document, with its grids stitched over page breaks.

    A grid continues the previous scorecard when that scorecard is still open (no 总分 row yet), its
    last grid was the last on its page, and this grid is the first on the next page with no title of
    its own and no name labels: the continuation page of a long scorecard prints no header.
    """
    cards: list[ScorecardGrid] = []
    open_card: ScorecardGrid | None = None
    for page in pages:
        previous_bottom = 0.0
        for index, table in enumerate(page.tables):
            band_top = previous_bottom
            title, year = title_above(page, table, band_top)
            previous_bottom = table.bottom
            if continues(open_card, page, index, table, title) and open_card is not None:
                open_card.parts.append(table)
                open_card.contents.append(page)
                open_card.closed = has_total_row(table)
                continue
            open_card = new_card(page, table, title, year, band_top)
            if open_card is not None:
                cards.append(open_card)
        # A scorecard whose last grid is not the last on its page cannot continue.
        if open_card is not None and open_card.parts[-1] is not (page.tables[-1] if page.tables else None):
            open_card.closed = True
    return cards


def grid_unit(page: PageContent, table: RawTable, previous_top: float) -> str | None:
    """The money unit printed with the grid: in the funds label "项目资金（万元）" or above the grid."""
    for cell in table.cells:
        text = squash(cell.text)
        match = FUNDS_UNIT.search(text)
        if match and any(word in text for word in FUNDS_UNIT_CELL_WORDS):
            return match.group(1)
    for line in lines_between(page, previous_top, table.top):
        match = UNIT_LINE.search(squash(line.text))
        if match:
            return match.group(1)
    for cell in table.cells:  # "金额单位：万元" printed in the grid's top rows
        match = UNIT_LINE.search(squash(cell.text))
        if match:
            return match.group(1)
    return None
