"""Glyph box rules shared by both text-layer readers, so that they build the same boxes.

A character's box runs from the font's descent below the baseline up one font size (pdfminer's
box). Some fonts declare a descent no real font has (E-BZ in Chongqing's budgets: -1.03 em), which
drops the box a whole line below the printed glyph and puts a row's codes and amounts into the
next grid row. A descent outside DESCENT_RANGE is replaced by DEFAULT_DESCENT.
"""

from __future__ import annotations

# Descent per point of font size: used when the font's own is missing or implausible.
DEFAULT_DESCENT = -0.2
# Real fonts descend between zero and half an em below the baseline.
DESCENT_RANGE = (-0.5, 0.0)


def plausible_descent(descent: float | None) -> float:
    """The font's descent per point of size, or DEFAULT_DESCENT when it is missing or implausible."""
    if descent is None or not DESCENT_RANGE[0] <= descent <= DESCENT_RANGE[1]:
        return DEFAULT_DESCENT
    return descent
