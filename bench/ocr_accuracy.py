"""OCR benchmark: amount-cell accuracy against the text layer, throughput and peak memory.

    .venv/bin/python bench/ocr_accuracy.py [--dpi 200] [--scan] [--docs d45e923176f9 ...]

Each final-accounts document of the corpus (corpus/final) is read twice: from its text layer,
and from an image-only rendering of it (fixtures/build_scanned.py: rendered at --dpi; with
--scan also grey, skewed and noisy). The rendering holds the document's first three pages
(cover: agency, year, kind) and every page where the text layer found a standard table.
An amount cell is right when its (table_kind, side, code, measure, amount) occurs in the
text-layer rows of the same pages (as a multiset). Every wrong OCR amount is checked for a
flag (low confidence or a failed row / column sum in `cells.flag`). Results go to stdout
and bench/results/ocr_accuracy.json. Not part of `make test`: it OCRs a few hundred pages.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "fixtures"))

from build_scanned import scanned_pdf  # noqa: E402
from disclosure.extractors.ocr import shutdown_workers  # noqa: E402
from disclosure.normalizers.records import DocumentResult  # noqa: E402
from disclosure.pipeline.process import process_bytes  # noqa: E402

LEADING_PAGES = 3


def corpus_root() -> Path:
    import os

    return Path(os.environ.get("DISCLOSURE_CORPUS", PROJECT.parent / "shared" / "corpus"))


def amount_keys(result: DocumentResult, pages: set[int] | None = None) -> Counter[tuple]:
    """Multiset of (table_kind, side, code, measure, amount) of a document's line items."""
    return Counter(
        (li.table_kind, li.side, li.code, li.measure, li.amount)
        for li in result.line_items
        if pages is None or li.page in pages
    )


def flagged_keys(result: DocumentResult) -> dict[tuple, list[str | None]]:
    """key -> flags of the cells holding that amount in the OCR result."""
    flags = {(c.table_id, c.row, c.col): c.flag for c in result.cells}
    out: dict[tuple, list[str | None]] = {}
    for li in result.line_items:
        key = (li.table_kind, li.side, li.code, li.measure, li.amount)
        out.setdefault(key, []).append(flags.get((li.table_id, li.row, li.col)))
    return out


def peak_rss_mib() -> tuple[float, float]:
    """Peak resident memory of this process and of its (OCR worker) children, MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def bench_document(path: Path, dpi: int, scan: bool) -> dict:
    data = path.read_bytes()
    text = process_bytes(path, data)
    table_pages = {p for t in text.tables if t.table_kind != "unclassified" for p in t.pages}
    pages = sorted(set(range(1, min(LEADING_PAGES, text.document.pages or 0) + 1)) | table_pages)
    rendered = scanned_pdf(
        data, pages, dpi=dpi, noise=8.0 if scan else 0.0, skews=(0.4, -0.3) if scan else ()
    )
    started = time.perf_counter()
    ocr = process_bytes(path.with_name(f"{path.stem}-rendered.pdf"), rendered)
    seconds = time.perf_counter() - started
    truth = amount_keys(text, set(table_pages))
    read = amount_keys(ocr)
    right = truth & read
    wrong = read - truth
    flags = flagged_keys(ocr)
    wrong_unflagged = [k for k in wrong.elements() if not any(flags.get(k, [None]))]
    flagged_total = sum(1 for c in ocr.cells if c.flag)
    return {
        "doc": path.stem,
        "pages": len(pages),
        "ocr_seconds": round(seconds, 1),
        "text_amounts": sum(truth.values()),
        "ocr_amounts": sum(read.values()),
        "right": sum(right.values()),
        "missing": sum((truth - read).values()),
        "wrong": sum(wrong.values()),
        "wrong_unflagged": len(wrong_unflagged),
        "flagged_cells": flagged_total,
        "doc_facts_equal": (text.document.doc_kind, text.document.agency, text.document.fiscal_year)
        == (ocr.document.doc_kind, ocr.document.agency, ocr.document.fiscal_year),
        "examples_missing": [str(k) for k in list((truth - read).elements())[:5]],
        "examples_wrong_unflagged": [str(k) for k in wrong_unflagged[:5]],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--scan", action="store_true", help="grey, skewed, noisy renderings")
    parser.add_argument("--docs", nargs="*", help="document ids (default: every corpus/final PDF)")
    parser.add_argument("--out", type=Path, default=PROJECT / "bench" / "results" / "ocr_accuracy.json")
    args = parser.parse_args(argv)
    root = corpus_root() / "final"
    if not root.is_dir():
        print(f"corpus not found at {root}; set DISCLOSURE_CORPUS", file=sys.stderr)
        return 2
    paths = sorted(root.glob("*.pdf"))
    if args.docs:
        paths = [p for p in paths if p.stem in args.docs]
    rows = []
    for path in paths:
        row = bench_document(path, args.dpi, args.scan)
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    total = sum(r["text_amounts"] for r in rows)
    right = sum(r["right"] for r in rows)
    pages = sum(r["pages"] for r in rows)
    seconds = sum(r["ocr_seconds"] for r in rows)
    shutdown_workers()  # reaped workers count in RUSAGE_CHILDREN
    own, children = peak_rss_mib()
    summary = {
        "dpi": args.dpi,
        "scan_like": args.scan,
        "documents": len(rows),
        "ocr_pages": pages,
        "amount_cells": total,
        "right": right,
        "accuracy": round(right / total, 5) if total else None,
        "wrong": sum(r["wrong"] for r in rows),
        "missing": sum(r["missing"] for r in rows),
        "wrong_unflagged": sum(r["wrong_unflagged"] for r in rows),
        "flagged_cells": sum(r["flagged_cells"] for r in rows),
        "pages_per_second": round(pages / seconds, 3) if seconds else None,
        "seconds_per_page": round(seconds / pages, 2) if pages else None,
        "peak_rss_mib_main": round(own),
        "peak_rss_mib_worker": round(children),
    }
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps({"summary": summary, "documents": rows}, ensure_ascii=False, indent=1) + "\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
