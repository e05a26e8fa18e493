"""Classification codes a row prints only in part, its parent parts implied by the rows above it.

Two layouts print each row's own level of the 类/款/项 code only:
  - codes split over 类 | 款 | 项 columns, a 款 row printing its part in the 款 column alone and a 项
    row in the 项 column alone (205 / 01 教育管理事务 / 01 行政运行);
  - one code column printing the 类 (208), then a 款 as its two digits (05), then each 项 in full
    (2080505).
tests/test_table_layouts.py reads both on corpus pages.
Either way the row's code is its parents' parts and its own: 20501, 2050101, 20805. The rows are
given back with those codes written into their label texts, so that every later step (row labels,
labels around a row, the hierarchy checks) reads whole codes.
"""

from __future__ import annotations

from dataclasses import replace

from disclosure.normalizers.layout import Column
from disclosure.normalizers.line_items.grid import DataRow
from disclosure.normalizers.line_items.labels import MIN_FULL_CODE, label_schemes
from disclosure.normalizers.whitespace import squash

# 类 is three digits, 款 and 项 two: the parts a split code column holds.
CLASS_DIGITS = 3
PART_DIGITS = 2


def with_implied_code_parts(rows: list[DataRow], groups: list[list[Column]]) -> list[DataRow]:
    """The rows, each row's code completed from the rows above it where it prints its own level
    only (see the module's docstring); rows printing whole codes are given back unchanged."""
    label_texts = [list(row.label_texts) for row in rows]
    for group in groups:
        for scheme in label_schemes(group):
            code_columns = [column.index for column in scheme if column.role == "code"]
            if len(code_columns) > 1:
                fill_split_parts(label_texts, code_columns)
            elif code_columns:
                fill_single_column(label_texts, code_columns[0])
    return [
        row if texts == row.label_texts else replace(row, label_texts=texts)
        for row, texts in zip(rows, label_texts, strict=True)
    ]


def printed_parts(texts: list[str], code_columns: list[int]) -> list[str]:
    """The code part each code column of a row prints ("" for none); a merged cell's text repeated
    over several columns (a whole code spanning 类/款/项) counts in its first column only."""
    parts = [squash(texts[index]) for index in code_columns]
    for level in range(len(parts) - 1, 0, -1):
        if parts[level] and parts[level] == parts[level - 1] and len(parts[level]) >= MIN_FULL_CODE:
            parts[level] = ""
    return parts


def fill_split_parts(label_texts: list[list[str]], code_columns: list[int]) -> None:
    """Codes split over 类 | 款 | 项 columns: a row whose parts start below the 类 column, each a
    two-digit part, takes the parts above it from the last rows that printed them."""
    last: list[str | None] = [None] * len(code_columns)
    for texts in label_texts:
        parts = printed_parts(texts, code_columns)
        levels = [level for level, part in enumerate(parts) if part]
        if not levels:
            continue
        if not all(parts[level].isdigit() for level in levels):  # words (合计) in the code columns
            last = [None] * len(code_columns)
            continue
        first = levels[0]
        own_level_only = levels == list(range(first, levels[-1] + 1)) and all(
            len(parts[level]) == PART_DIGITS for level in levels
        )
        parents = last[:first]
        if first and own_level_only and all(parents) and len(parents[0] or "") == CLASS_DIGITS:
            for level, part in enumerate(parents):
                texts[code_columns[level]] = part or ""
        last = [*last[:first], *(part or None for part in parts[first:])]


def fill_single_column(label_texts: list[list[str]], code_column: int) -> None:
    """One code column printing 类 (208), 款 as two digits (05) and 项 in full (2080505): a
    two-digit code under a 类 is that 类's 款 when the next longer code printed below it, before
    the next 类, begins with the two together."""
    codes = [squash(texts[code_column]) for texts in label_texts]
    current_class: str | None = None
    for index, code in enumerate(codes):
        if not code.isdigit():
            continue
        if len(code) == CLASS_DIGITS:
            current_class = code
        elif len(code) == PART_DIGITS and current_class is not None:
            whole = current_class + code
            following = next((c for c in codes[index + 1 :] if c.isdigit() and len(c) > PART_DIGITS), None)
            if following is not None and len(following) > CLASS_DIGITS and following.startswith(whole):
                label_texts[index][code_column] = whole
