"""Printed values of a scorecard: targets and actuals as written, points, rates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from disclosure.normalizers.amounts import parse_amount
from disclosure.normalizers.scorecard_vocabulary import (
    DATE_LIKE,
    PERCENT,
    PLACEHOLDERS,
    SCORE_UNIT,
    VALUE_FOLD,
    VALUE_OPERATORS,
    VALUE_SUFFIX_OPERATORS,
    VALUE_UNIT,
)
from disclosure.normalizers.whitespace import TEXTS_KEPT, squash

# Scores, weights, rates and indicator values keep at most this many decimal places.
MAX_DECIMALS = 6


NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
# A range ("300-7386.2 元/月") and a single number with what follows it, compiled once.
NUMBER_RANGE = re.compile(rf"^({NUMBER.pattern})(.*?)-({NUMBER.pattern})(.*)$")
NUMBER_AND_REST = re.compile(rf"^({NUMBER.pattern})(.*)$")


@dataclass(frozen=True)
class ParsedValue:
    """A target or actual value as written: comparison, number(s) and unit; text when qualitative."""

    op: str | None  # >= <= = > < range text; None for a blank or placeholder cell
    value: Decimal | None
    value_max: Decimal | None
    unit: str | None


BLANK = ParsedValue(None, None, None, None)


def to_decimal(text: str) -> Decimal | None:
    """A number such as "16000", "7,386.02" as a Decimal (None beyond MAX_DECIMALS places)."""
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return value if fits(value) else None


def fits(value: Decimal | None) -> bool:
    """Does the number fit the dataset's decimal columns (at most MAX_DECIMALS places)?"""
    if value is None:
        return True
    exponent = value.as_tuple().exponent
    return isinstance(exponent, int) and exponent >= -MAX_DECIMALS


def valid_unit(text: str) -> str | Literal[False] | None:
    """The unit after a number ("人", "万元", "元/人"), None when absent, False when it is not a unit."""
    if not text:
        return None
    return text if VALUE_UNIT.match(text) else False


@lru_cache(maxsize=TEXTS_KEPT)
def parse_value(raw: str | None) -> ParsedValue:
    """Parse a target or actual value the way it is written.

    ">=16000 人" -> (>=, 16000, 人); "大于95%" -> (>, 95, %); "300-7386.2 元/月" -> (range, 300, 7386.2,
    元/月); "5166.99万元" -> (=, 5166.99, 万元); "每月 25 日前", "持续提升" -> text with no number.
    """
    if raw is None or not squash(raw):
        return BLANK
    text = squash(raw).translate(VALUE_FOLD)
    if text in PLACEHOLDERS or set(text) <= {"-"}:
        return BLANK
    op = None
    for word, sign in VALUE_OPERATORS:
        if text.startswith(word):
            op, text = sign, text[len(word) :]
            break
    for word, sign in VALUE_SUFFIX_OPERATORS:
        if op is None and text.endswith(word):
            op, text = sign, text[: -len(word)]
            break
    qualitative = ParsedValue("text", None, None, None)
    if DATE_LIKE.match(text):  # "2022.12" is a month, not the number 2022.12
        return qualitative
    span = NUMBER_RANGE.match(text)
    if op is None and span:
        low_unit, high_unit = span.group(2), span.group(4)
        unit = valid_unit(high_unit)
        if unit is False or (low_unit and low_unit != high_unit):
            return qualitative
        low, high = to_decimal(span.group(1)), to_decimal(span.group(3))
        return ParsedValue("range", low, high, unit or None)
    single = NUMBER_AND_REST.match(text)
    if not single:
        return qualitative
    unit = valid_unit(single.group(2))
    if unit is False:
        return qualitative
    return ParsedValue(op or "=", to_decimal(single.group(1)), None, unit or None)


@lru_cache(maxsize=TEXTS_KEPT)
def parse_number(raw: str | None, suffix: str) -> Decimal | None:
    """A number printed with an optional suffix (分, %); None for blanks, dashes and placeholders."""
    if raw is None:
        return None
    text = squash(raw).translate(VALUE_FOLD).removesuffix(suffix)
    if not text or text in PLACEHOLDERS:
        return None
    value = parse_amount(text)
    return value if fits(value) else None


def parse_points(raw: str | None) -> Decimal | None:
    """A weight or score: "10", "9.10 分", "98.00分"; None for blanks and dashes."""
    return parse_number(raw, SCORE_UNIT)


def parse_rate(raw: str | None) -> Decimal | None:
    """An execution rate in percent: "90.99%" -> 90.99; "88.75" -> 88.75."""
    return parse_number(raw, PERCENT)


def raw_or_none(text: str | None) -> str | None:
    """The cell text stripped, or None for an empty cell."""
    if text is None:
        return None
    stripped = text.strip()
    return stripped or None
