"""Recognise files that are not usable PDFs before a PDF library sees them.

Real download folders hold scraper mistakes: HTML pages saved as .pdf, Git LFS pointers,
truncated downloads. Each gets a one-line, specific reason instead of a parser traceback.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

PDF_MAGIC = b"%PDF-"
LFS_POINTER_PREFIX = b"version https://git-lfs.github.com/spec/"
HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml")
# The header may be preceded by a little junk; PDF readers accept it within the first KiB.
MAGIC_SEARCH_BYTES = 1024
EOF_SEARCH_BYTES = 16384


class DocumentError(Exception):
    """A document that cannot be read, with a short machine-usable kind and a one-line message."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class FileFacts:
    """What the raw bytes say about a file."""

    sha256: str
    file_bytes: int


def sha256_of(data: bytes) -> str:
    """Hex sha256 of the bytes: the document's identity in the dataset."""
    return hashlib.sha256(data).hexdigest()


def check_pdf_bytes(data: bytes) -> None:
    """Raise DocumentError when the bytes are evidently not a complete PDF."""
    if not data:
        raise DocumentError("empty", "empty file (0 bytes)")
    head = data[:MAGIC_SEARCH_BYTES]
    if data.startswith(LFS_POINTER_PREFIX):
        raise DocumentError("lfs_pointer", "Git LFS pointer, not the PDF itself (fetch it with git lfs pull)")
    if PDF_MAGIC not in head:
        lowered = head.lstrip().lower()
        if any(lowered.startswith(marker) or marker in lowered[:512] for marker in HTML_MARKERS):
            raise DocumentError("html", "an HTML page saved under a .pdf name, not a PDF")
        preview = head[:24].decode("utf-8", errors="replace").strip().replace("\n", " ")
        raise DocumentError("not_pdf", f"not a PDF (no %PDF- header; starts with {preview!r})")
    if b"%%EOF" not in data[-EOF_SEARCH_BYTES:]:
        raise DocumentError(
            "truncated", f"truncated or corrupt PDF: ends without the %%EOF trailer ({len(data):,} bytes)"
        )


def read_checked(path: Path) -> tuple[bytes, FileFacts]:
    """Read a file, check it looks like a PDF, and return its bytes and identity."""
    data = path.read_bytes()
    facts = FileFacts(sha256=sha256_of(data), file_bytes=len(data))
    return data, facts
