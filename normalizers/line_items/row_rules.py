"""Labels for rows that print none of their own: an unlabelled foot or head row that sums the other
rows, a figure printed between the two lines of its wrapped label."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from itertools import pairwise

from disclosure.normalizers.amounts import is_printed_amount, parse_amount
from disclosure.normalizers.layout import LABEL_ROLES, Column
from disclosure.normalizers.line_items.grid import DataRow
from disclosure.normalizers.line_items.labels import RowLabel, normalise_item_name, row_label
from disclosure.normalizers.vocabulary import ENUMERATION_PREFIX
from disclosure.normalizers.whitespace import squash

# The tail of a label wrapped into a second box ("算", "经费") is at most this many characters.
WRAPPED_TAIL_MAX = 4


def unlabelled_sum_row(rows: list[DataRow], columns: list[Column]) -> DataRow | None:
    """The last row of figures, else the first, when it prints no label at all and every figure it
    prints is the sum of the other rows' (of the top-level ones, those with the shortest code or unit
    code, where the rows carry codes).

    Layout features: a 合计 row drawn without its word at the foot of the table (收入总表 with rows
    015 / 015001 / 015002 and, below them, one unlabelled row repeating 015's figures), or at its
    head (项目支出绩效表: one unlabelled row of 1,266.75, then the projects that add up to it).
    """
    if len(rows) < 2:
        return None
    for candidate, others in ((rows[-1], rows[:-1]), (rows[0], rows[1:])):
        if sums_other_rows(candidate, others, columns):
            return candidate
    return None


def sums_other_rows(candidate: DataRow, others: list[DataRow], columns: list[Column]) -> bool:
    """Whether a row prints no label and each figure it prints is the sum of the other rows' figures
    in its column (the top-level rows' where the rows carry codes)."""
    if row_label(candidate.label_texts, columns) != RowLabel(None, None, None):
        return False
    keyed = [
        (key, row) for row in others for key in [hierarchy_code(row_label(row.label_texts, columns))] if key
    ]
    if keyed:
        shortest = min(len(key) for key, _ in keyed)
        parts_rows = [row for key, row in keyed if len(key) == shortest]
    else:
        parts_rows = others
    amounts = [c.index for c in columns if c.role == "amount"]
    printed = {col: parse_amount(candidate.texts[col]) for col in amounts}
    if not any(value is not None for value in printed.values()):
        return False
    for col, value in printed.items():
        parts = [parse_amount(row.texts[col]) for row in parts_rows]
        if value is not None and value != sum((p for p in parts if p is not None), Decimal(0)):
            return False
    return True


def figures_in_label_columns(row: DataRow, columns: list[Column]) -> dict[int, int]:
    """Amount columns left blank whose figure is printed in the label column just left of them:
    amount column -> that label column.

    Layout feature: a 合计 row drawn with fewer column rules than the rows above (合 计 merged over the
    code columns, the total's frame reaching left over the last of them): the grid gives the merged
    cell's text to its first column, a label column, where the figure would join the row's label
    ("合计1,024,807.171785").
    """
    moved = {}
    for left, column in pairwise(columns):
        if (
            column.role == "amount"
            and left.role in LABEL_ROLES
            and left.index == column.index - 1
            and not row.texts[column.index].strip()
            and is_printed_amount(row.texts[left.index])
        ):
            moved[column.index] = left.index
    return moved


def with_figures_moved(row: DataRow, moved: dict[int, int]) -> DataRow:
    """The row with each figure of figures_in_label_columns in its amount column, and out of the
    label (a merged label cell's text stands in each column it covers: every copy is dropped)."""
    texts, labels = list(row.texts), list(row.label_texts)
    for amount_col, label_col in moved.items():
        figure = texts[label_col]
        texts[amount_col], texts[label_col] = figure, ""
        labels = ["" if text == figure else text for text in labels]
    return replace(row, texts=texts, label_texts=labels)


def label_around(rows: list[DataRow], index: int, group: list[Column]) -> RowLabel | None:
    """The label of an unlabelled row of figures printed between the two lines of its label.

    Layout feature: a label wrapped into two boxes, one above the other ("2.政府性基金预" / "算"),
    with the row's figure centred between them in a grid row of its own. The row above holds the
    label's first line and no figure of the group; the row below its short tail, which starts no
    item of its own (no code, no enumeration) and holds no figure either.
    """
    if not 0 < index < len(rows) - 1 or not group_has_figures(rows[index], group):
        return None
    above, below = rows[index - 1], rows[index + 1]
    if not above.page == rows[index].page == below.page:
        return None
    head, tail = row_label(above.label_texts, group), row_label(below.label_texts, group)
    if head.item_name_raw is None or tail.item_name_raw is None or tail.code is not None:
        return None
    tail_text = squash(tail.item_name_raw)
    if len(tail_text) > WRAPPED_TAIL_MAX or ENUMERATION_PREFIX.match(tail_text):
        return None
    if group_has_figures(above, group) or group_has_figures(below, group):
        return None
    raw = squash(head.item_name_raw) + tail_text
    return RowLabel(head.code, normalise_item_name(raw) or None, raw)


def group_has_figures(row: DataRow, group: list[Column]) -> bool:
    return any(c.role == "amount" and parse_amount(row.texts[c.index]) is not None for c in group)


def hierarchy_code(label: RowLabel) -> str | None:
    """The classification or unit code a row prints (its place in the hierarchy)."""
    return label.code or label.unit_code
