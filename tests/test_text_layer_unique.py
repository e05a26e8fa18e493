"""text_layer.unique_chars gathers characters by key in a dict where the keys sort as they
compare; keys of other kinds (a NaN size, a font name that is not text) take pdfplumber's sort.
Either way the characters kept are pdfplumber's dedupe_chars's, in the same order."""

from __future__ import annotations

from typing import Any

import pytest
from disclosure.extractors.text_layer import ordinary_key, unique_chars
from pdfplumber.utils import dedupe_chars


def char(text: str, x0: float, doctop: float, size: Any = 10.0, fontname: Any = "SimSun") -> dict[str, Any]:
    return {
        "text": text,
        "x0": x0,
        "x1": x0 + 10,
        "top": doctop,
        "doctop": doctop,
        "bottom": doctop + 10,
        "upright": True,
        "fontname": fontname,
        "size": size,
    }


# A fake-bold run (each glyph twice, a little apart), a lone glyph, the same glyph on two lines.
ORDINARY = [
    char("合", 100.0, 50.0),
    char("计", 110.0, 50.0),
    char("合", 100.4, 50.3),
    char("计", 110.4, 50.3),
    char("1", 200.0, 50.0),
    char("合", 100.0, 80.0),
]


@pytest.mark.parametrize(
    "chars",
    [
        ORDINARY,
        ORDINARY + [char("2", 120.0, 50.0, size=float("nan")), char("2", 120.2, 50.0, size=float("nan"))],
        ORDINARY + [char("3", 130.0, 50.0, fontname=b"Bytes"), char("3", 130.5, 50.0, fontname=b"Bytes")],
        ORDINARY + [char("4", 140.0, 50.0, size=10), char("4", 140.5, 50.0, size=10.0)],
    ],
)
def test_kept_chars_are_pdfplumbers(chars: list[dict[str, Any]]) -> None:
    assert [id(c) for c in unique_chars(chars)] == [id(c) for c in dedupe_chars(chars)]


def test_ordinary_keys() -> None:
    assert ordinary_key((True, "合", "SimSun", 10.5))
    assert ordinary_key((False, "1", "SimSun", 9))
    assert not ordinary_key((True, "1", "SimSun", float("nan")))
    assert not ordinary_key((True, "1", b"SimSun", 9.0))
    assert not ordinary_key((1, "1", "SimSun", 9.0))
