"""Whitespace in printed Chinese text: justified layouts space out characters that belong together."""

from __future__ import annotations

import re

WHITESPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Text with all whitespace removed: "因 公 出 国" and "因公出国" compare equal."""
    return WHITESPACE.sub("", text)
