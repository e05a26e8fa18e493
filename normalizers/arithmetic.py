"""Doubtful OCR cells: a table's own arithmetic and the recogniser's confidence, never a "fix".

A printed table checks itself: a total column is the sum of its row's other amounts, a parent
code's amount is the sum of its children's, a 合计 row is the sum of the rows it totals. A rule
is learnt from the table (it must hold on most rows), so tables laid out otherwise (the 三公
table's nested columns) are left alone; the cells of a row or column that break a learnt rule
are flagged, as are amount cells the recogniser read with low confidence. Values stay as read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from disclosure.normalizers.amounts import parse_amount
from disclosure.normalizers.checks.tolerance import within_half_steps
from disclosure.normalizers.layout import Column
from disclosure.normalizers.vocabulary import TOTAL_ROW_LABELS

# An amount cell whose lowest character score is below this is doubtful.
LOW_CONFIDENCE = 0.9
# Any OCR cell (a name, a code, a header, not only an amount) whose lowest character score is below
# this is doubtful: amounts are held to LOW_CONFIDENCE, as their own arithmetic can also flag them.
CELL_LOW_CONFIDENCE = 0.6
# A rule is the table's when it holds on at least this share of the rows (or parents) it applies to...
RULE_SHARE = 0.6
# ...and on at least this many of them.
RULE_MIN_SUPPORT = 2
TOTAL_WORD_SUFFIXES = tuple(TOTAL_ROW_LABELS)

LOW = "low_confidence"
ROW_TOTAL = "row_total"
COLUMN_TOTAL = "column_total"


@dataclass(frozen=True)
class AmountRow:
    """One data row of a column group: its code, whether it is a total row, its amounts."""

    row: int
    code: str | None
    is_total: bool
    amounts: dict[int, Decimal]  # column index -> value


def sums_to(total: Decimal, parts: list[Decimal]) -> bool:
    """Is `total` the sum of `parts`, up to the rounding of printed figures?

    Each printed figure is rounded to its last place, so a printed total may differ from the sum
    of its printed parts by half a step per figure; a misread digit or decimal point moves it more
    (the half-step variant of the one tolerance model, normalizers.checks.tolerance).
    """
    return within_half_steps(total, parts)


def row_parts(row: AmountRow, columns: list[int]) -> list[Decimal]:
    """The row's amounts in the given columns (blank cells are no part)."""
    return [row.amounts[c] for c in columns if c in row.amounts]


def row_total_column(rows: list[AmountRow], columns: list[int]) -> int | None:
    """The column that is the sum of the row's other amounts on most rows, if any."""
    best, best_share = None, 0.0
    for total in columns:
        others = [c for c in columns if c != total]
        applicable = [r for r in rows if total in r.amounts and any(c in r.amounts for c in others)]
        if len(applicable) < RULE_MIN_SUPPORT:
            continue
        holds = sum(1 for r in applicable if sums_to(r.amounts[total], row_parts(r, others)))
        share = holds / len(applicable)
        if holds >= RULE_MIN_SUPPORT and share >= RULE_SHARE and share > best_share:
            best, best_share = total, share
    return best


def row_total_flags(rows: list[AmountRow], columns: list[int]) -> dict[tuple[int, int], str]:
    """Cells of rows whose total column disagrees with the sum of the rest."""
    total = row_total_column(rows, columns)
    if total is None:
        return {}
    others = [c for c in columns if c != total]
    flags = {}
    for r in rows:
        applies = total in r.amounts and any(c in r.amounts for c in others)
        if applies and not sums_to(r.amounts[total], row_parts(r, others)):
            flags.update({(r.row, c): ROW_TOTAL for c in r.amounts})
    return flags


def parent_sums(rows: list[AmountRow], column: int) -> list[tuple[AmountRow, list[AmountRow]]]:
    """(parent, children) pairs in one column: codes one level down, or a 合计 row over level one."""
    coded = [r for r in rows if r.code and column in r.amounts]
    pairs = []
    for parent in coded:
        children = [
            r
            for r in coded
            if r.code and r.code.startswith(parent.code or "") and len(r.code) == len(parent.code or "") + 2
        ]
        if children and len(parent.code or "") in (3, 5):
            pairs.append((parent, children))
    top = [r for r in coded if len(r.code or "") == 3]
    plain = [r for r in rows if not r.code and not r.is_total and column in r.amounts]
    for total in (r for r in rows if r.is_total and column in r.amounts):
        parts = top or ([r for r in plain if r.row != total.row] if not coded else [])
        if parts:
            pairs.append((total, parts))
    return pairs


def column_total_flags(rows: list[AmountRow], columns: list[int]) -> dict[tuple[int, int], str]:
    """Cells of parent / total rows (and their parts) whose sums disagree.

    The rule is learnt over all columns of the group together: a table whose 合计 row totals
    something other than its level-one rows fails it on most pairs and is left alone.
    """
    checked = [
        (column, parent, kids, sums_to(parent.amounts[column], [kid.amounts[column] for kid in kids]))
        for column in columns
        for parent, kids in parent_sums(rows, column)
    ]
    holding = sum(1 for *_, ok in checked if ok)
    if holding < RULE_MIN_SUPPORT or holding / len(checked) < RULE_SHARE:
        return {}
    flags: dict[tuple[int, int], str] = {}
    for column, parent, kids, ok in checked:
        if not ok:
            flags[(parent.row, column)] = COLUMN_TOTAL
            flags.update({(kid.row, column): COLUMN_TOTAL for kid in kids})
    return flags


def is_total_label(label: str | None) -> bool:
    """合计 / 总计 rows, also "XX合计" (长沙市本级及所辖区合计)."""
    return bool(label) and label.endswith(TOTAL_WORD_SUFFIXES)  # type: ignore[union-attr]


def amount_rows(
    rows: Iterable[tuple[int, str | None, str | None, list[str]]], columns: list[Column]
) -> list[AmountRow]:
    """(logical row, code, item name, texts) -> AmountRow over the given amount columns."""
    result = []
    for row, code, name, texts in rows:
        amounts = {}
        for column in columns:
            value = parse_amount(texts[column.index]) if column.index < len(texts) else None
            if value is not None:
                amounts[column.index] = value
        if amounts:
            result.append(AmountRow(row=row, code=code, is_total=is_total_label(name), amounts=amounts))
    return result


def doubtful_cells(
    rows: list[tuple[int, str | None, str | None, list[str]]],
    columns: list[Column],
    confidences: dict[tuple[int, int], float | None],
) -> dict[tuple[int, int], str]:
    """(logical row, col) -> why the amount there is doubtful, for one column group of a table.

    `rows` are (logical row, code, item name, cell texts); `confidences` the OCR score per cell.
    """
    amount_columns = [c for c in columns if c.role == "amount"]
    parsed = amount_rows(rows, amount_columns)
    indexes = [c.index for c in amount_columns]
    flags = column_total_flags(parsed, indexes)
    flags.update(row_total_flags(parsed, indexes))
    for r in parsed:
        for col in r.amounts:
            confidence = confidences.get((r.row, col))
            if confidence is not None and confidence < LOW_CONFIDENCE:
                flags[(r.row, col)] = LOW
    return flags


def cell_flag(confidence: float | None, doubt: str | None) -> str | None:
    """A cell's flag: the doubt its table's arithmetic or amount score raised, else low_confidence
    for any OCR cell read below CELL_LOW_CONFIDENCE; None for sound and text-layer cells."""
    if doubt is not None:
        return doubt
    if confidence is not None and confidence < CELL_LOW_CONFIDENCE:
        return LOW
    return None
