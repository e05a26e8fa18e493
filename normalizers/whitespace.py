"""Whitespace in printed Chinese text: justified layouts space out characters that belong together."""

from __future__ import annotations

import re
from functools import lru_cache

WHITESPACE = re.compile(r"\s+")
# squash runs on the same cell and line texts again and again (259,872 calls for 171 pages of
# d504cbd6d86e); a document's distinct texts fit many times over. The other caches keyed by a cell
# or line text (amounts, item names, title lines) keep as many.
SQUASHED_TEXTS_KEPT = 1 << 16
TEXTS_KEPT = SQUASHED_TEXTS_KEPT


@lru_cache(maxsize=SQUASHED_TEXTS_KEPT)
def squash(text: str) -> str:
    """Text with all whitespace removed: "因 公 出 国" and "因公出国" compare equal."""
    return WHITESPACE.sub("", text)
