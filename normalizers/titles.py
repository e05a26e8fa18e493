"""What a table's title and head say: its kind (by title words only, never by table number), its unit.

normalizers.recognize finds the lines around each grid; these functions read them. The list forms of
绩效目标表 are told by their header row, since their titles are those of other scorecards.
"""

from __future__ import annotations

from disclosure.extractors.records import RawTable
from disclosure.normalizers.scorecard_vocabulary import (
    INDICATOR_WORD,
    LIST_GOAL_HEADER,
    LIST_INDICATOR_HEADER,
    LIST_PROJECT_HEADER,
    LIST_PROJECT_HEADER_WORD,
)
from disclosure.normalizers.vocabulary import (
    BROAD_KINDS,
    CHANGE_ROW_LABELS,
    EXCLUDED_PART,
    NARROWER_TABLE_WORDS,
    NON_STANDARD_TITLE_WORDS,
    OTHER_TABLE_KINDS,
    RUNNING_COSTS_WORD,
    SCORECARD_TITLE_WORDS,
    TABLE_NUMBER_PREFIX,
    THREE_PUBLIC_WORD,
    TITLE_LINE,
    TITLE_PATTERNS,
    UNCLASSIFIED,
    UNIT_ALONE,
    UNIT_LABEL,
    YEAR_COLUMN_HEADERS,
    YEAR_PREFIX,
    YEAR_ROW_LABEL,
)
from disclosure.normalizers.whitespace import squash

# Title lines are short; a longer line is narrative text.
MAX_TITLE_CHARS = 60


def clean_title(text: str) -> str:
    """A title without its table number ("公开01表", "表3") or leading year."""
    title = squash(text)
    title = TABLE_NUMBER_PREFIX.sub("", title)
    title = YEAR_PREFIX.sub("", title)
    return title


def kind_words(title: str) -> str:
    """The words of a title that may tell its kind: without what it says the table leaves out."""
    return EXCLUDED_PART.sub("", squash(title))


def classify_title(title: str | None) -> str:
    """The standard table kind a title names, or 'unclassified'."""
    if not title:
        return UNCLASSIFIED
    text = kind_words(title)
    if THREE_PUBLIC_WORD not in text and (
        any(word in text for word in NON_STANDARD_TITLE_WORDS) or RUNNING_COSTS_WORD in text
    ):
        return UNCLASSIFIED
    for kind, pattern in TITLE_PATTERNS:
        if pattern.search(text):
            if kind in BROAD_KINDS and any(word in text for word in NARROWER_TABLE_WORDS):
                return UNCLASSIFIED
            return kind
    return UNCLASSIFIED


def classify_other_title(title: str | None) -> str:
    """The kind of a non-standard table a title names (project, procurement …), or 'unclassified'.

    Scorecard titles (绩效目标表, 绩效自评表) stay unclassified: the scorecard reader takes them.
    """
    if not title:
        return UNCLASSIFIED
    text = kind_words(title)
    if any(word in text for word in SCORECARD_TITLE_WORDS):
        return UNCLASSIFIED
    for kind, words in OTHER_TABLE_KINDS:
        if any(word in text for word in words):
            return kind
    return UNCLASSIFIED


def table_kind_of(title: str | None) -> str:
    """A standard kind when the title names one, else another table kind, else 'unclassified'."""
    kind = classify_title(title)
    return kind if kind != UNCLASSIFIED else classify_other_title(title)


def is_list_form(table: RawTable) -> bool:
    """The list form of 绩效目标表: a header row with 项目名称 ... 绩效目标, 绩效指标 columns."""
    header = {squash(cell.text) for cell in table.cells if cell.row == 0}
    return (
        any(text.startswith(LIST_PROJECT_HEADER) for text in header)
        and LIST_GOAL_HEADER in header
        and LIST_INDICATOR_HEADER in header
    )


def is_target_list(table: RawTable) -> bool:
    """A list of projects with their funds and targets, one project per row: a header row with a
    项目 column and a 绩效目标 column, and no indicator columns but the packed 绩效指标 of the list
    form (项目 | 预算数（单位：万元） | 绩效目标 under a narrative sentence ending "如下：")."""
    header = {squash(cell.text) for cell in table.cells if cell.row == 0}
    return (
        any(text.startswith(LIST_PROJECT_HEADER_WORD) for text in header)
        and LIST_GOAL_HEADER in header
        and not any(INDICATOR_WORD in text for text in header if text != LIST_INDICATOR_HEADER)
    )


def is_year_comparison(table: RawTable) -> bool:
    """A table comparing years: its first header cell says 年度 / 年份 and every row below names a
    year or the change (2021 | 2022 | 变化), two years at least, with a column of figures beside."""
    first_column = {cell.row: squash(cell.text) for cell in table.cells if cell.col == 0}
    if first_column.get(0) not in YEAR_COLUMN_HEADERS or table.n_cols < 2:
        return False
    labels = [text for row, text in sorted(first_column.items()) if row > 0]
    years = [text for text in labels if YEAR_ROW_LABEL.match(text)]
    return len(years) >= 2 and all(YEAR_ROW_LABEL.match(text) or text in CHANGE_ROW_LABELS for text in labels)


def find_unit(texts: list[str], alone: bool = True) -> str | None:
    """The unit (元, 千元, 万元) stated in any of these lines.

    A labelled unit ("金额单位：万元") wins; with `alone`, a line that ends in a bare unit counts too.
    """
    for text in texts:
        match = UNIT_LABEL.search(squash(text))
        if match:
            return match.group(1)
    if not alone:
        return None
    for text in texts:
        match = UNIT_ALONE.search(text.strip())
        if match:
            return match.group(1)
    return None


def is_title_line(text: str) -> bool:
    """A short line ending like a table title ("...决算表", "...预算表（按功能分类科目）")."""
    squashed = squash(text)
    return 2 < len(squashed) <= MAX_TITLE_CHARS and bool(TITLE_LINE.search(squashed))


def is_table_number(text: str) -> bool:
    """A line that is only a table's number ("公开05表", "表3")."""
    return not clean_title(text)


def with_wrapped_titles(texts: list[str]) -> list[str]:
    """The lines, plus each line joined to the next: long titles wrap ("…支出预" / "算表").

    A table number on its own line ("公开05表") is no title's second half: joined to the running
    page header above it ("XX局2026年度部门预算公开"), it would pass for one.
    """
    joined = [
        a + b
        for a, b in zip(texts, texts[1:], strict=False)
        if not is_title_line(a) and not is_table_number(b)
    ]
    return [text for text in texts if not is_table_number(text)] + joined
