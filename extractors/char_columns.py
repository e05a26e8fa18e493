"""A page's characters as columns of numbers (numpy float64 arrays), read from their dicts once, so
that lines and cell texts are built on arrays (text_lines, cell_chars) rather than per character
in Python.

The arrays hold the very floats of the dicts, so sums and comparisons made on them give the values
and decisions the same operations give in Python, element by element.
"""

from __future__ import annotations

from itertools import chain
from operator import itemgetter
from typing import Any

import numpy as np

# The numbers read from each character, in one pass: its box and its font size.
NUMBERS = itemgetter("x0", "x1", "top", "bottom", "size")
# Coordinates this small (pt) are far from where float64 cannot hold a half (tenths).
COORDINATE_LIMIT = 1e9


class CharColumns:
    """The characters' x0, x1, top, bottom and size as float64 arrays (index i: chars[i]).

    `plain` says the array shortcuts of text_lines hold for them: every coordinate finite and below
    COORDINATE_LIMIT, every bottom at or below its top.
    """

    def __init__(self, chars: list[dict[str, Any]], fields: np.ndarray) -> None:
        """`fields`: each character's five numbers in turn (NUMBERS), as one flat array."""
        count = len(chars)
        self.chars = chars
        by_field = fields.reshape(count, 5).T
        self.x0, self.x1, self.top, self.bottom, self.size = by_field
        corners = by_field[:4]
        self.plain = bool((np.abs(corners) < COORDINATE_LIMIT).all() and (self.bottom >= self.top).all())

    @classmethod
    def of_arrays(
        cls,
        chars: list[dict[str, Any]],
        x0: np.ndarray,
        x1: np.ndarray,
        top: np.ndarray,
        bottom: np.ndarray,
        size: np.ndarray,
    ) -> CharColumns:
        """The columns of characters whose numbers a reader holds as float64 arrays already (the
        values of the dicts, element by element): CharColumns.of(chars) without reading them back."""
        return cls(chars, np.stack((x0, x1, top, bottom, size), axis=1).ravel())

    @classmethod
    def of(cls, chars: list[dict[str, Any]]) -> CharColumns | None:
        """The characters' columns; None where a character lacks one of the numbers or one is not a
        real number (the callers then work on the dicts, as before)."""
        try:
            fields = np.fromiter(chain.from_iterable(map(NUMBERS, chars)), np.float64, 5 * len(chars))
        except (KeyError, TypeError, ValueError):
            return None
        return cls(chars, fields)

    def centres(self) -> tuple[np.ndarray, np.ndarray]:
        """The characters' box centres, x and y: (x0 + x1) / 2, (top + bottom) / 2."""
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


def tenths(values: np.ndarray) -> np.ndarray:
    """For each value x (finite, below COORDINATE_LIMIT), a number that orders and ties as Python's
    round(x, 1) does: 10x rounded to an integer, half to even, as Python rounds x's exact value.

    np.rint(x * 10) rounds the product as float64 has it; that is the exact product's rounding
    except where the float64 product is exactly a half and the exact one is not: there the
    product's rounding error (x * 10 = x * 8 + x * 2, both exact, added with TwoSum's error term)
    says which way the exact one goes."""
    scaled = values * 10
    keys = np.rint(scaled)
    below = np.floor(scaled)
    halves = np.flatnonzero(scaled - below == 0.5)
    if len(halves):
        eight, two = values[halves] * 8, values[halves] * 2
        total = scaled[halves]
        part = total - eight
        error = (eight - (total - part)) + (two - part)
        keys[halves] = np.where(
            error > 0, below[halves] + 1, np.where(error < 0, below[halves], keys[halves])
        )
    return keys
