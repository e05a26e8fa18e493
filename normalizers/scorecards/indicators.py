"""Indicator rows: the header row and its columns, level labels, one indicator record."""

from __future__ import annotations

from decimal import Decimal

from disclosure.extractors.records import RawTable
from disclosure.normalizers.grid_index import cell_at, index_of
from disclosure.normalizers.records import ScorecardIndicator
from disclosure.normalizers.scorecard_vocabulary import (
    INDICATOR_COLUMNS,
    INDICATOR_HEADER_WORDS,
    LEVEL1_NAMES,
    LEVEL1_WEIGHT,
    OP_COLUMN_SIGNS,
    PACKED_INDICATOR_HEADERS,
    PACKED_LEVEL2,
    QUALITATIVE_OP,
    TOTAL_LABELS,
    TOTAL_PREFIX,
    VALUE_FOLD,
)
from disclosure.normalizers.scorecards.cells import Slot, column_role, row_cells
from disclosure.normalizers.scorecards.values import ParsedValue, parse_points, parse_value, valid_unit
from disclosure.normalizers.whitespace import squash


def is_indicator_header_row(table: RawTable, row: int) -> bool:
    """The row of indicator column headers: 一级指标, or a name column (三级指标 / 指标名称, or the
    packed 绩效指标) beside a value column (指标值) when the grid prints no level columns."""
    header: bool = index_of(table).memo(
        ("indicator_header_row", row), lambda: reads_indicator_header(table, row)
    )
    return header


def reads_indicator_header(table: RawTable, row: int) -> bool:
    """is_indicator_header_row, computed (finding, typing and reading a scorecard ask it of the
    same rows again and again)."""
    texts = [squash(cell.text) for cell in index_of(table).row_cells(row)]
    if any(text in INDICATOR_HEADER_WORDS for text in texts):
        return True
    roles = {column_role(text, INDICATOR_COLUMNS) for text in texts}
    named = "level3" in roles or any(text in PACKED_INDICATOR_HEADERS for text in texts)
    return named and bool(roles & {"target", "target_period"})


def is_total_label(text: str) -> bool:
    squashed = squash(text)
    return squashed.startswith(TOTAL_PREFIX) or squashed in TOTAL_LABELS


def indicator_columns(table: RawTable, row: int) -> dict[str, tuple[int, int]]:
    """Indicator column roles (level1, level2, level3, target, actual, weight, score, reason, op, unit)
    by header; a 绩效指标 column packing all levels is "packed" when no level-3 column is printed."""
    columns: dict[str, tuple[int, int]] = {}
    cells = row_cells(table, row)
    for cell in cells:
        role = column_role(cell.text, INDICATOR_COLUMNS)
        if role and role not in columns:
            columns[role] = (cell.col, cell.col + cell.col_span)
    if "level3" not in columns:
        packed = next((cell for cell in cells if squash(cell.text) in PACKED_INDICATOR_HEADERS), None)
        if packed is not None:
            columns["packed"] = (packed.col, packed.col + packed.col_span)
    if "target" not in columns and "target_period" in columns:
        columns["target"] = columns.pop("target_period")  # the only value column printed
    if "level2" in columns and "level1" not in columns:
        level1 = unlabelled_level1(table, row, columns["level2"][0])
        if level1 is not None:
            columns["level1"] = level1
    return columns


def unlabelled_level1(table: RawTable, row: int, level2_start: int) -> tuple[int, int] | None:
    """The 一级指标 column of a header that labels only 二级指标 ("| 二级指标 | 指标内容 | 指标值", the
    first level column's header left blank): the blank header cell just left of 二级指标, when the
    cell under it prints a level-1 name (产出指标, 效益指标 …)."""
    left = next((cell for cell in row_cells(table, row) if cell.col + cell.col_span == level2_start), None)
    if left is None or squash(left.text):
        return None
    below = cell_at(table, row + left.row_span, left.col)
    label, _ = split_level1(squash(below.text) if below is not None else None)
    return (left.col, left.col + left.col_span) if label in LEVEL1_NAMES else None


def find_indicator_header(parts: list[RawTable]) -> Slot | None:
    for index, table in enumerate(parts):
        for row in range(table.n_rows):
            if is_indicator_header_row(table, row):
                return Slot(index, row)
    return None


def split_level1(text: str | None) -> tuple[str | None, Decimal | None]:
    """ "产出指标（50分）" -> ("产出指标", 50)."""
    if not text:
        return None, None
    match = LEVEL1_WEIGHT.match(text)
    if match:
        return match.group("label"), Decimal(match.group("weight"))
    return text, None


def split_packed(text: str | None) -> tuple[str | None, str | None, str | None]:
    """ "产出指标数量指标财政评审项目数量" -> (产出指标, 数量指标, 财政评审项目数量); without a known
    level-1 name at its start the whole text is the level-3 name."""
    if not text:
        return None, None, None
    squashed = squash(text)
    level1 = next((name for name in LEVEL1_NAMES if squashed.startswith(name)), None)
    if level1 is None:
        return None, None, squashed
    rest = squashed[len(level1) :]
    match = PACKED_LEVEL2.match(rest)
    if match is None or match.group(1) == rest:
        return level1, None, rest or None
    return level1, match.group(1), rest[len(match.group(1)) :]


def target_value(values: dict[str, str | None]) -> ParsedValue:
    """The target as written; a 指标性质 column gives its comparison (定性: qualitative) and a
    度量单位 column its unit when the value cell prints only the number ("≥ | 98 | %")."""
    parsed = parse_value(values.get("target"))
    if parsed.op is None or parsed.op == "text":
        return parsed
    op_text = squash(values.get("op") or "").translate(VALUE_FOLD)
    if op_text == QUALITATIVE_OP:
        return ParsedValue("text", None, None, None)
    op = parsed.op
    if op == "=" and op_text:
        op = next((sign for word, sign in OP_COLUMN_SIGNS if op_text == word.translate(VALUE_FOLD)), op)
    unit = parsed.unit
    unit_text = squash(values.get("unit") or "")
    if unit is None and unit_text:
        unit = valid_unit(unit_text) or None
    return ParsedValue(op, parsed.value, parsed.value_max, unit)


def make_indicator(
    number: int, levels: dict[str, str | None], values: dict[str, str | None], page: int
) -> ScorecardIndicator:
    level1, level1_weight = split_level1(levels["level1"])
    level3 = values.get("level3")
    target = target_value(values)
    actual = parse_value(values.get("actual"))
    return ScorecardIndicator(
        doc_id="",
        scorecard_id="",
        row=number,
        level1=level1,
        level1_weight=level1_weight,
        level2=levels["level2"],
        level3=squash(level3) if level3 else None,
        target_raw=values.get("target"),
        target_op=target.op,
        target_value=target.value,
        target_value_max=target.value_max,
        target_unit=target.unit,
        actual_raw=values.get("actual"),
        actual_op=actual.op,
        actual_value=actual.value,
        actual_value_max=actual.value_max,
        actual_unit=actual.unit,
        weight=parse_points(values.get("weight")),
        weight_raw=values.get("weight"),
        score=parse_points(values.get("score")),
        score_raw=values.get("score"),
        deviation_reason=values.get("reason"),
        page=page,
    )
