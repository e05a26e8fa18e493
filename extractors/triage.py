"""Page triage: is a page's text layer usable, or must the page image be read by OCR?

A text layer is usable when it has enough characters and most of them are real text (CJK,
Latin letters, digits, punctuation). Scans often carry a layer that is empty, a handful of
stray glyphs, or garbage: unmapped glyphs that pdfminer spells "(cid:123)", private-use code
points, replacement characters. Such a page is routed to OCR when an image covers it.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

# Below this many characters a text layer is treated as absent (scan or blank page).
MIN_TEXT_CHARS = 10
# A layer whose share of real characters is below this is garbage.
MIN_REAL_SHARE = 0.6
# pdfminer's spelling of a glyph it could not map to Unicode.
UNMAPPED_GLYPH = "(cid:"
# An OCR box scoring below this is a doubtful reading (the recogniser's mean character score).
LOW_BOX_SCORE = 0.6
REAL_CATEGORIES = ("L", "N", "P", "S", "Z")  # letters, numbers, punctuation, symbols, spaces


@lru_cache(maxsize=1 << 16)  # a page asks for every glyph; a document has a few thousand distinct ones
def is_real_char(text: str) -> bool:
    """A character a reader would see as text (not unmapped, private-use, control or U+FFFD)."""
    if not text or UNMAPPED_GLYPH in text or "\ufffd" in text:
        return False
    category = unicodedata.category(text[0])
    return category[0] in REAL_CATEGORIES and category != "Co"


def real_share(texts: Iterable[str]) -> tuple[int, float]:
    """Number of characters and the share of them that are real text."""
    counts = Counter(texts)  # each distinct text asked once (a page repeats its characters)
    count = sum(counts.values())
    if not count:
        return 0, 0.0
    real = sum(times for text, times in counts.items() if is_real_char(text))
    return count, real / count


def text_layer_usable(char_texts: Iterable[str]) -> bool:
    """Does this page's text layer carry enough real text to be read instead of the image?"""
    count, share = real_share(char_texts)
    return count >= MIN_TEXT_CHARS and share >= MIN_REAL_SHARE


def needs_ocr(has_text_layer: bool, image_coverage: float, scan_coverage: float) -> bool:
    """A page goes to OCR when its text layer is unusable and a picture covers much of it."""
    return not has_text_layer and image_coverage >= scan_coverage
