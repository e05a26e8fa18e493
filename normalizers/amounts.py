"""Amount text -> exact Decimal, and unit scaling to yuan. Never a binary float."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from disclosure.normalizers.vocabulary import PLACEHOLDER_AMOUNTS, UNIT_SCALE
from disclosure.normalizers.whitespace import TEXTS_KEPT, squash

AMOUNT = re.compile(r"^[-−－+＋]?\(?\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?\)?$|^[-−－+＋]?\(?\d+(?:\.\d+)?\)?$")
# A printed amount: a number with a decimal part or thousands separators ("2,940.05", "0.00",
# "12,000"). A bare integer is not one: in a grid it is as often a code (208, 2080505), a line
# number (行次) or a year as an amount. A change may print its sign either way ("+406.39", "-19.11").
PRINTED_AMOUNT = re.compile(r"^[-−－+＋]?\(?(?:\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+\.\d+)\)?$")
# Separators and spacing that appear inside printed numbers.
NUMBER_NOISE = str.maketrans({",": "", "，": "", " ": "", "\u3000": "", "−": "-", "－": "-", "＋": "+"})


def is_placeholder(text: str) -> bool:
    """True for cells that print a dash or similar instead of an amount."""
    return text.strip() in PLACEHOLDER_AMOUNTS


@lru_cache(maxsize=TEXTS_KEPT)
def looks_like_amount(text: str) -> bool:
    """True when the text is a printed number (with optional separators, sign or parentheses)."""
    return bool(AMOUNT.match(text.strip().replace(" ", "")))


@lru_cache(maxsize=TEXTS_KEPT)
def is_printed_amount(text: str) -> bool:
    """A text that is unmistakably an amount (PRINTED_AMOUNT), whitespace aside."""
    return bool(PRINTED_AMOUNT.match(squash(text)))


@lru_cache(maxsize=TEXTS_KEPT)
def parse_amount(text: str) -> Decimal | None:
    """The printed amount as a Decimal, or None when the text is not a number.

    "1,234.50" -> 1234.50; "(12.00)" -> -12.00; "-" -> None. Cached: every stage reads the same
    cell texts (a Decimal is immutable, so callers may share it).
    """
    stripped = text.strip()
    if not stripped or is_placeholder(stripped) or not looks_like_amount(stripped):
        return None
    cleaned = stripped.translate(NUMBER_NOISE)
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    cleaned = cleaned.strip("()")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return -value if negative else value


def to_yuan(value: Decimal, unit: str | None) -> Decimal:
    """Scale an amount printed in `unit` (元, 千元, 万元) to yuan, exactly.

    For callers that know their unit (truth files, a scorecard's default); a table whose unit is
    unknown goes through known_unit_to_yuan instead.
    """
    scale = UNIT_SCALE.get(unit or "元", 1)
    return value * scale


def known_unit_to_yuan(value: Decimal, unit: str | None) -> Decimal | None:
    """The amount in yuan, or None when the unit is unknown: no unit, no guess."""
    if unit not in UNIT_SCALE:
        return None
    return value * UNIT_SCALE[unit]
