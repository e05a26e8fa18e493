"""Run in a subprocess by test_font_environment.py: read PDFs under a chosen PDFium font setup.

    python font_environment.py FONT_DIR|- PDF...

With FONT_DIR, PDFium is started again with that folder as its only font source (it then sees
the fonts there and none of the machine's); with "-" it keeps the machine's fonts. Prints one
JSON line per PDF: a digest of its page signatures (texts and boxes of lines and cells) and of its
line items.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import sys
from pathlib import Path

import pypdfium2.raw as raw
from disclosure.pipeline.process import process_bytes, read_document_pages


def restart_pdfium(font_dir: str) -> None:
    """Start PDFium again with `font_dir` as its only font path (before any document is opened)."""
    raw.FPDF_DestroyLibrary()
    folder = ctypes.create_string_buffer(font_dir.encode())
    paths = (ctypes.POINTER(ctypes.c_char) * 2)(ctypes.cast(folder, ctypes.POINTER(ctypes.c_char)), None)
    config = raw.FPDF_LIBRARY_CONFIG(
        version=2,
        m_pUserFontPaths=paths,
        m_pIsolate=None,
        m_v8EmbedderSlot=0,
    )
    raw.FPDF_InitLibraryWithConfig(config)


def digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, default=str).encode()).hexdigest()


def main() -> None:
    font_dir, *pdfs = sys.argv[1:]
    if font_dir != "-":
        restart_pdfium(font_dir)
    for name in pdfs:
        path = Path(name)
        data = path.read_bytes()
        pages = read_document_pages(data, path.name)
        signatures = [
            (
                round(page.width),
                round(page.height),
                [(line.text, line.box) for line in page.lines],
                [(t.n_rows, t.n_cols, [(c.row, c.col, c.text, c.box) for c in t.cells]) for t in page.tables],
            )
            for page in pages
        ]
        result = process_bytes(path, data)
        rows = sorted(
            str((i.table_kind, i.code, i.item_name, i.measure, i.amount, i.page)) for i in result.line_items
        )
        indicators = sorted(
            str((i.scorecard_id, i.level1, i.level2, i.level3, i.target_raw, i.actual_raw))
            for i in result.scorecard_indicators
        )
        print(
            json.dumps(
                {
                    "file": path.name,
                    "pages": digest(signatures),
                    "rows": digest(rows),
                    "scorecards": digest(indicators),
                    "n_rows": len(rows),
                }
            )
        )


if __name__ == "__main__":
    main()
