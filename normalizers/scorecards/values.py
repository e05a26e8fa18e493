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
    VALUE_NAME_QUALIFIERS,
    VALUE_OPERATORS,
    VALUE_RATE_LABEL,
    VALUE_SUFFIX_OPERATORS,
    VALUE_UNIT,
    VALUE_UNIT_END,
    VALUE_UNIT_NOTE,
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
    """The unit after a number ("人", "万元", "元/人"), None when absent, False when it is not a unit.

    A sentence's end after it is dropped ("10个。"), as is a note in brackets ("12个（场）"); a unit
    printed in brackets is the unit ("60000（条）")."""
    if not text:
        return None
    # a sentence's end after a unit; a bare end ("1.") is a cut text, not a number
    text = text.rstrip(VALUE_UNIT_END) or text
    if VALUE_UNIT.match(text):
        return text
    noted = VALUE_UNIT_NOTE.match(text)
    if noted is None:
        return False
    unit = noted.group(1) or text[1:-1]
    return unit if VALUE_UNIT.match(unit) else False


@lru_cache(maxsize=TEXTS_KEPT)
def parse_value(raw: str | None) -> ParsedValue:
    """Parse a target or actual value the way it is written.

    ">=16000 人" -> (>=, 16000, 人); "大于95%" -> (>, 95, %); "300-7386.2 元/月" -> (range, 300, 7386.2,
    元/月); "5166.99万元" -> (=, 5166.99, 万元); "满意度≥95%" -> (>=, 95, %) (named_value); "每月 25
    日前", "持续提升" -> text with no number.
    """
    if raw is None or not squash(raw):
        return BLANK
    text = squash(raw).translate(VALUE_FOLD)
    if text in PLACEHOLDERS or set(text) <= {"-"}:
        return BLANK
    parsed = written_value(text)
    if parsed.op == "text":
        return named_value(text) or parsed
    return parsed


QUALITATIVE = ParsedValue("text", None, None, None)


def written_value(text: str) -> ParsedValue:
    """parse_value of a folded, non-blank text that starts with its comparison or number."""
    op, text = leading_operator(text)
    for word, sign in VALUE_SUFFIX_OPERATORS:
        # "95%以上"; "≥95%以上" says the bound twice, "<95%以上" contradicts itself
        if text.endswith(word) and (op is None or op[0] == sign[0]):
            op, text = op or sign, text[: -len(word)]
            break
    if DATE_LIKE.match(text):  # "2022.12" is a month, not the number 2022.12
        return QUALITATIVE
    span = NUMBER_RANGE.match(text)
    if op is None and span:
        low_unit, high_unit = span.group(2), span.group(4)
        unit = valid_unit(high_unit)
        if unit is False or (low_unit and low_unit != high_unit):
            return QUALITATIVE
        low, high = to_decimal(span.group(1)), to_decimal(span.group(3))
        return ParsedValue("range", low, high, unit or None)
    single = NUMBER_AND_REST.match(text)
    if not single:
        return QUALITATIVE
    unit = valid_unit(single.group(2))
    if unit is False:
        return QUALITATIVE
    return ParsedValue(op or "=", to_decimal(single.group(1)), None, unit or None)


def leading_operator(text: str) -> tuple[str | None, str]:
    """The comparison a value starts with ("≥", "不低于") and the text after it."""
    for word, sign in VALUE_OPERATORS:
        if text.startswith(word):
            return sign, text[len(word) :]
    return None, text


def named_value(text: str) -> ParsedValue | None:
    """A value printed after its measure's name: "满意度≥95%", "提出建议污染源数≥20家" (the name set
    apart by a comparison, holding no digits and none of VALUE_NAME_QUALIFIERS), or a rate's "完成率100%". None when the text is
    not of that shape or what follows the name is not a number."""
    for start in range(1, len(text)):
        name = text[:start]
        if any(character.isdigit() for character in name):
            return None
        op, rest = leading_operator(text[start:])
        if op is None and not (VALUE_RATE_LABEL.match(name) and rest[:1].isdigit()):
            continue
        if any(word in name for word in VALUE_NAME_QUALIFIERS):
            return None
        parsed = written_value(text[start:])
        return parsed if parsed.value is not None else None
    return None


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
