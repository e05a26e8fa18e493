"""Read scanned pages: render -> clean (seal, skew) -> OCR text boxes -> lines and ruled grids.

The result is the same PageContent the text layer gives (lines with positions, RawTable grids
with engine "ocr" and a confidence per cell), so the normalizers treat both alike.

The steps: ocr_image (render, remove the seal, deskew) -> ocr_engine (RapidOCR on the PP-OCR models
its wheel ships: text boxes and their words) -> ocr_orientation (which way up reads best) ->
ocr_page (lines; grids from image_tables, filled with the boxes' words). This module runs pages in
worker processes (one ONNX thread each), because on two cores that beats one process with two
threads.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context

import numpy as np
from disclosure.extractors.ocr_engine import OcrUnavailable, engine, model_params
from disclosure.extractors.ocr_image import render_page
from disclosure.extractors.ocr_page import page_from_image
from disclosure.extractors.pdfium_handles import PDFIUM_LOCK
from disclosure.extractors.records import PageContent

# What the rest of the pipeline uses.
__all__ = ["OcrUnavailable", "ocr_pages", "shutdown_workers"]

DEFAULT_WORKERS = 2


@dataclass(frozen=True)
class PageJob:
    """What a worker needs to read one page."""

    rgb: np.ndarray
    number: int
    width: float
    height: float
    image_coverage: float


def run_job(job: PageJob) -> PageContent:
    return page_from_image(job.rgb, job.number, job.width, job.height, job.image_coverage)


def warm_worker() -> None:
    """Load the models once per worker process."""
    engine(1)


_POOL: ProcessPoolExecutor | None = None


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """The process pool, started on first use and kept for the rest of the run."""
    global _POOL
    if _POOL is None:
        # spawn, not fork: the parent may hold pdfium and ONNX state that must not be copied.
        _POOL = ProcessPoolExecutor(
            max_workers=workers, mp_context=get_context("spawn"), initializer=warm_worker
        )
        atexit.register(_POOL.shutdown, cancel_futures=True)
    return _POOL


def shutdown_workers() -> None:
    """Stop the worker processes (they are restarted on next use)."""
    global _POOL
    if _POOL is not None:
        _POOL.shutdown()
        _POOL = None


def ocr_workers() -> int:
    """Worker processes: DISCLOSURE_OCR_WORKERS, else one per core up to two.

    Inside a batch worker OCR runs in that process: the batch already spreads documents over the
    cores, and a pool of its own would outlive it. A batch worker is any process multiprocessing
    started (parent_process), daemonic or not: pebble's pool workers are not daemonic, and it
    stops them with a signal (at a document's time limit, at the end of every run), which leaves
    their children running, orphaned, each holding its models.
    """
    if multiprocessing.current_process().daemon or multiprocessing.parent_process() is not None:
        return 1
    configured = os.environ.get("DISCLOSURE_OCR_WORKERS")
    if configured and configured.isdigit():
        return max(1, int(configured))
    return max(1, min(DEFAULT_WORKERS, os.cpu_count() or 1))


def ocr_pages(
    data: bytes,
    pages: list[PageContent],
    on_page: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> dict[int, PageContent]:
    """OCR the given pages of a PDF: page number -> PageContent read from the page image.

    `on_page(number)` is called as each page finishes (for the progress bar).
    """
    if not pages:
        return {}
    model_params()  # fail fast, with a clear reason, when the engine is not installed
    import pypdfium2 as pdfium

    workers = workers or ocr_workers()
    results: dict[int, PageContent] = {}
    # PDFium is called (open, render, close) holding PDFIUM_LOCK; the OCR itself runs without it,
    # so other threads of the process read their documents meanwhile.
    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(data)
    try:
        # Rendered images are large: only a few pages are held in memory at a time.
        batch = 1 if workers == 1 or len(pages) == 1 else 2 * workers
        for start in range(0, len(pages), batch):
            with PDFIUM_LOCK:
                jobs = [
                    PageJob(render_page(pdf, p.number), p.number, p.width, p.height, p.image_coverage)
                    for p in pages[start : start + batch]
                ]
            done = map(run_job, jobs) if batch == 1 else worker_pool(workers).map(run_job, jobs)
            for content in done:
                results[content.number] = content
                if on_page:
                    on_page(content.number)
    finally:
        with PDFIUM_LOCK:
            pdf.close()
    return results
