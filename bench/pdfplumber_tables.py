"""The whole-process baseline of `make bench`: pdfplumber's extract_tables on every page of the files given.

Run as its own process (start-up included), as `disclosure ingest --workers 1` is, so that the two
wall times compare like for like. Prints the number of pages read.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pdfplumber


def extract_all(paths: list[Path]) -> int:
    """Pages read: every table of every page extracted, as bench/run.py's in-process baseline does."""
    pages = 0
    for path in paths:
        with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                page.flush_cache()
                pages += 1
    return pages


if __name__ == "__main__":
    print(extract_all([Path(arg) for arg in sys.argv[1:]]))
