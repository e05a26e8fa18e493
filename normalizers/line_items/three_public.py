"""三公 tables: the category and period a cell's header path and row name."""

from __future__ import annotations

from disclosure.normalizers.kinds import DocKind, Measure, own_measure
from disclosure.normalizers.layout import Column
from disclosure.normalizers.line_items.labels import RowLabel
from disclosure.normalizers.measures import measure_of
from disclosure.normalizers.vocabulary import (
    GENERIC_PERIOD_WORDS,
    THREE_PUBLIC_CATEGORIES,
    THREE_PUBLIC_COMPANIONS,
    THREE_PUBLIC_GRAND_TOTAL,
    THREE_PUBLIC_PERIODS,
    THREE_PUBLIC_WORD,
    TOTAL_HEADERS,
    YEAR_LABEL,
)
from disclosure.normalizers.whitespace import squash


def three_public_category(labels: list[str], with_companions: bool = False) -> str | None:
    """The 三公 category a header path names (合计, 因公出国（境）费, 会议费 …), or None.

    In tables that also print 会议费 / 培训费, the 三公 subtotal is the 合计 and the table's own
    合计 covers all of them.
    """
    if not labels:
        return None
    leaf = labels[-1]
    in_three_public = any(THREE_PUBLIC_WORD in label for label in labels)
    if leaf == "小计" and len(labels) >= 2 and THREE_PUBLIC_WORD in labels[-2]:
        return "合计"
    if with_companions and leaf in TOTAL_HEADERS and not in_three_public:
        return THREE_PUBLIC_GRAND_TOTAL
    # Nearest label first; a header cell whose lines became separate grid rows ("公务接" / "待费",
    # "公务用车运" / "行维护费") is read joined with the labels below it.
    words = [label for label in labels if label != "小计"]
    for start in range(len(words) - 1, -1, -1):
        text = "".join(words[start:])
        for word, category in THREE_PUBLIC_CATEGORIES:
            if word in text:
                return category
        for companion in THREE_PUBLIC_COMPANIONS:
            if companion in text:
                return companion
    if THREE_PUBLIC_WORD in leaf:
        return "合计"  # a row or column headed just "“三公”经费" is their total
    return None


def printed_year(label: str) -> int | None:
    """The year a label names ("2021年"; "22002211年年" with every glyph printed twice), or None."""
    match = YEAR_LABEL.search(squash(label))
    if not match:
        return None
    digits = match.group(1)
    if len(digits) == 8 and digits[0::2] == digits[1::2]:
        digits = digits[0::2]
    return int(digits) if len(digits) == 4 else None


def three_public_period(
    labels: list[str], doc_kind: str | None = None, fiscal_year: int | None = None
) -> str | None:
    """预算数 / 决算数 / 上年 / 增减 … named anywhere in a header path or row label.

    Words are tried in priority order over the whole path: in "上年/…“三公”经费预算/小计" the
    group word 上年 decides, not the 预算 in the middle label. Blocks headed by a year ("2021年 |
    2022年 | 增减变化情况") are the document's own figures for its fiscal year and `previous_year`
    for the year before.
    """
    for word, measure in THREE_PUBLIC_PERIODS:
        if word in GENERIC_PERIOD_WORDS:
            continue
        if any(word in label for label in labels):
            return measure
    # A year heading decides before the generic 预算 of "…“三公”经费预算" below it.
    if fiscal_year is not None:
        for label in labels:
            year = printed_year(label)
            if year == fiscal_year:
                return own_measure(doc_kind)
            if year == fiscal_year - 1:
                return Measure.PREVIOUS_YEAR
    for word, measure in THREE_PUBLIC_PERIODS:
        if word in GENERIC_PERIOD_WORDS and any(word in label for label in labels):
            return measure
    return None


def three_public_cell(
    column: Column,
    label: RowLabel,
    doc_kind: str | None,
    with_companions: bool,
    fiscal_year: int | None = None,
) -> tuple[str | None, str | None, str | None]:
    """(item_name, item_name_raw, measure) of a 三公 amount.

    The categories stand either in the columns (rows are 预算数 / 决算数, or units) or in the rows;
    the period (budget, final, previous year, change) in whichever of the two does not hold them.
    """
    # Only a budget or a final account has a period of its own to lend an unlabelled 三公 figure.
    default = own_measure(doc_kind) if doc_kind in (DocKind.FINAL, DocKind.BUDGET) else None
    category = three_public_category(column.labels, with_companions)
    row_words = [label.item_name] if label.item_name else []
    row_category = three_public_category(row_words, with_companions) if row_words else None
    # A column headed only 合计 beside fund columns, in a table whose rows name the categories, is
    # the rows' total over the funds (of the document's own period), not a category of its own.
    rows_total = row_category is not None and len(column.labels) == 1 and column.labels[0] in TOTAL_HEADERS
    if category is not None and not rows_total:
        measure = (
            three_public_period(row_words)
            or three_public_period(column.labels, doc_kind, fiscal_year)
            or default
        )
        raw = f"{label.item_name_raw}/{column.label}" if label.item_name_raw else column.label
        return category, raw, measure
    measure = (
        three_public_period(column.labels, doc_kind, fiscal_year)
        or (None if rows_total else measure_of(column.labels, doc_kind))
        or default
    )
    return row_category or label.item_name, label.item_name_raw, measure
