"""Read scanned pages: render -> clean (seal, skew) -> OCR text boxes -> lines and ruled grids.

The result is the same PageContent the text layer gives (lines with positions, RawTable grids
with engine "ocr" and a confidence per cell), so the normalizers treat both alike.

The engine is RapidOCR with the PP-OCR Chinese detection / recognition ONNX models that its
PyPI wheel ships; their paths are passed explicitly, so nothing is ever downloaded. Pages are
read in worker processes (one ONNX thread each) because on two cores that beats one process
with two threads.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import re
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from disclosure.extractors.image_tables import ImageGrid, find_grids
from disclosure.extractors.ocr_vocabulary import SEAL_INSCRIPTION
from disclosure.extractors.records import GridCell, PageContent, RawTable, TextLine
from disclosure.extractors.text_layer import join_cell_lines
from disclosure.extractors.triage import LOW_BOX_SCORE

# Pages are rendered at this resolution: the PP-OCR recogniser reads 10.5 pt text well from it.
OCR_DPI = 200
# Detection runs on the page scaled so that its longer side is at most this (recognition
# still reads the full-resolution crops): a third of the time, no loss of boxes.
DETECTION_MAX_SIDE = 1600
# The models shipped inside the rapidocr wheel (PP-OCRv6 small det / rec, PP-OCR cls).
MODEL_FILES = {
    "Det.model_path": "PP-OCRv6_det_small.onnx",
    "Rec.model_path": "PP-OCRv6_rec_small.onnx",
    "Cls.model_path": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
}
# A pixel is seal ink (red stamp) when red exceeds both other channels by this much.
SEAL_RED_MARGIN = 60
# Skew is searched within +-MAX_SKEW degrees in steps of SKEW_STEP.
MAX_SKEW = 2.0
SKEW_STEP = 0.1
# A gap wider than this share of the box height between two boxes on a line becomes a space.
BOX_GAP_RATIO = 0.8
DEFAULT_WORKERS = 2
# Page orientation. A scan fed sideways prints its lines top to bottom: its text boxes are tall.
# When more than this share of the boxes (of two characters or more) is taller than wide, the page is
# read turned by a quarter both ways and the better reading kept; when the page reads mostly below
# LOW_BOX_SCORE it is also read upside down.
TALL_BOX_SHARE = 0.5
# A sheet fed upside down keeps its lines horizontal and reads with good scores: its figures come out
# as other figures ("96.07" as "70.96") while its Chinese lines are mostly not found at all. A page
# whose reading has at least MIN_CHARS_FOR_SCRIPT characters, fewer than this share of them Chinese,
# is also read half a turn round (the better reading kept): every Chinese disclosure page upright,
# tables included, labels its rows and columns in Chinese.
MIN_CHINESE_SHARE = 0.15
MIN_CHARS_FOR_SCRIPT = 40
CHINESE_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class OcrUnavailable(RuntimeError):
    """The OCR engine or its bundled models are not installed."""


@dataclass(frozen=True)
class OcrWord:
    """A recognised character (or a run of digits / Latin letters) with its horizontal extent."""

    text: str
    x0: float
    x1: float
    score: float


@dataclass(frozen=True)
class OcrBox:
    """One detected text line fragment, in image pixels."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    score: float
    words: tuple[OcrWord, ...]


# --- engine ------------------------------------------------------------------------------------


def model_params() -> dict[str, str]:
    """Paths of the models inside the installed rapidocr package; OcrUnavailable when missing."""
    spec = find_spec("rapidocr")
    if spec is None or spec.origin is None:
        raise OcrUnavailable("OCR engine not installed (pip install rapidocr onnxruntime)")
    models = Path(spec.origin).parent / "models"
    params = {key: str(models / name) for key, name in MODEL_FILES.items()}
    missing = [name for name in MODEL_FILES.values() if not (models / name).is_file()]
    if missing:
        raise OcrUnavailable(f"OCR models missing from the rapidocr package: {', '.join(missing)}")
    return params


@cache
def engine(threads: int = 1) -> Any:
    """A RapidOCR engine on the bundled models (one per process)."""
    params: dict[str, Any] = dict(model_params())
    params.update(
        {
            "Global.log_level": "error",
            "Global.use_cls": False,  # disclosure pages are upright; the angle classifier only costs time
            "Global.return_word_box": True,
            "Global.max_side_len": 4000,
            "Det.limit_type": "max",
            "Det.limit_side_len": DETECTION_MAX_SIDE,
            "EngineConfig.onnxruntime.intra_op_num_threads": threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
    )
    try:
        from rapidocr import RapidOCR
    except ImportError as exc:
        raise OcrUnavailable(f"OCR engine not importable: {exc}") from exc
    return RapidOCR(params=params)


# --- image preparation -------------------------------------------------------------------------


def render_page(pdf: Any, number: int, dpi: int = OCR_DPI) -> np.ndarray:
    """A page of an open pypdfium2 document as an RGB array."""
    page = pdf[number - 1]
    try:
        image = page.render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        page.close()
    return np.asarray(image)


def drop_seal(rgb: np.ndarray) -> np.ndarray:
    """Grayscale page with red stamp ink turned to paper white (a seal over a header hides no text)."""
    channels = rgb.astype(np.int16)
    red, green, blue = channels[..., 0], channels[..., 1], channels[..., 2]
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    seal = (red - np.maximum(green, blue)) > SEAL_RED_MARGIN
    gray[seal] = 255
    return gray


def skew_angle(gray: np.ndarray) -> float:
    """The small rotation (degrees) that makes text rows and rulings horizontal.

    Projection profile: the angle whose row sums of ink are most peaked wins.
    """
    scale = 800 / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    h, w = ink.shape
    best, best_score = 0.0, -1.0
    for angle in np.arange(-MAX_SKEW, MAX_SKEW + SKEW_STEP / 2, SKEW_STEP):
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), float(angle), 1.0)
        rotated = cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
        profile = rotated.sum(axis=1, dtype=np.float64)
        score = float(np.square(np.diff(profile)).sum())
        if score > best_score:
            best, best_score = float(angle), score
    return round(best, 2)


def deskew(gray: np.ndarray) -> np.ndarray:
    """The page rotated upright (no-op when it already is)."""
    angle = skew_angle(gray)
    if abs(angle) < SKEW_STEP / 2:
        return gray
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def prepare(rgb: np.ndarray) -> np.ndarray:
    """The grayscale, seal-free, upright page image OCR and ruling detection read."""
    return deskew(drop_seal(rgb))


# --- recognition -------------------------------------------------------------------------------


def read_boxes(gray: np.ndarray, threads: int = 1) -> list[OcrBox]:
    """Text boxes of a prepared page image, each with its words and scores."""
    result = engine(threads)(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR))
    if result.boxes is None or result.txts is None:
        return []
    word_results = result.word_results or [()] * len(result.txts)
    boxes = []
    for quad, text, score, words in zip(result.boxes, result.txts, result.scores, word_results, strict=False):
        points = np.asarray(quad, dtype=float)
        x0, top = points[:, 0].min(), points[:, 1].min()
        x1, bottom = points[:, 0].max(), points[:, 1].max()
        parsed = tuple(
            OcrWord(
                text=str(w[0]),
                x0=float(min(p[0] for p in w[2])),
                x1=float(max(p[0] for p in w[2])),
                score=float(w[1]),
            )
            for w in words or ()
            if w and len(w) >= 3 and w[2] is not None
        )
        if not parsed or "".join(w.text for w in parsed).replace(" ", "") != str(text).replace(" ", ""):
            parsed = (OcrWord(text=str(text), x0=float(x0), x1=float(x1), score=float(score)),)
        boxes.append(OcrBox(str(text), float(x0), float(top), float(x1), float(bottom), float(score), parsed))
    return [box for box in boxes if not is_seal_text(box.text)]


def is_seal_text(text: str) -> bool:
    """A box holding only a seal's inscription (grey scans keep the stamp that colour removal misses)."""
    return bool(SEAL_INSCRIPTION.match(text.replace(" ", "")))


def join_words(words: list[OcrWord]) -> str:
    """Words of one box in order; Latin words keep a space between them."""
    text = ""
    for word in words:
        if (
            text
            and text[-1].isascii()
            and text[-1].isalpha()
            and word.text[:1].isascii()
            and word.text[:1].isalpha()
        ):
            text += " "
        text += word.text
    return text


def group_rows(items: list[tuple[float, float, Any]]) -> list[list[tuple[float, float, Any]]]:
    """Group (top, bottom, item) by vertical overlap of their middles, top to bottom."""
    rows: list[list[tuple[float, float, Any]]] = []
    extents: list[tuple[float, float]] = []
    for item in sorted(items, key=lambda i: (i[0] + i[1]) / 2):
        middle = (item[0] + item[1]) / 2
        if rows and extents[-1][0] <= middle <= extents[-1][1]:
            rows[-1].append(item)
            extents[-1] = (min(extents[-1][0], item[0]), max(extents[-1][1], item[1]))
        else:
            rows.append([item])
            extents.append((item[0], item[1]))
    return rows


def lines_of(boxes: list[OcrBox], scale: float) -> list[TextLine]:
    """Visual lines (in PDF points) from text boxes: boxes side by side on one row are one line."""
    lines = []
    for row in group_rows([(b.top, b.bottom, b) for b in boxes]):
        ordered = sorted((item[2] for item in row), key=lambda b: b.x0)
        text = ""
        previous: OcrBox | None = None
        for box in ordered:
            if previous is not None and box.x0 - previous.x1 > BOX_GAP_RATIO * (box.bottom - box.top):
                text += " "
            text += box.text
            previous = box
        lines.append(
            TextLine(
                text=text,
                x0=min(b.x0 for b in ordered) / scale,
                top=min(b.top for b in ordered) / scale,
                x1=max(b.x1 for b in ordered) / scale,
                bottom=max(b.bottom for b in ordered) / scale,
            )
        )
    lines.sort(key=lambda line: (round(line.top), line.x0))
    return lines


def cell_of(grid: ImageGrid, x: float, y: float) -> int | None:
    """Index of the grid cell containing point (x, y)."""
    for index, cell in enumerate(grid.cells):
        if cell.x0 <= x <= cell.x1 and cell.top <= y <= cell.bottom:
            return index
    return None


def grid_table(grid: ImageGrid, boxes: list[OcrBox], number: int, index: int, scale: float) -> RawTable:
    """A RawTable (PDF points) from an image grid, each box's words placed in the cell under them.

    Words are placed one by one, so a text box that runs across a ruling line (the detector
    often joins neighbouring header cells) is split at the line.
    """
    pieces: dict[int, list[tuple[float, float, float, list[OcrWord]]]] = {}
    for box in boxes:
        middle = (box.top + box.bottom) / 2
        runs: dict[int, list[OcrWord]] = {}
        for word in box.words:
            target = cell_of(grid, (word.x0 + word.x1) / 2, middle)
            if target is not None:
                runs.setdefault(target, []).append(word)
        for target, words in runs.items():
            pieces.setdefault(target, []).append((box.top, box.bottom, words[0].x0, words))
    cells = []
    for i, cell in enumerate(grid.cells):
        found = pieces.get(i, [])
        lines = []
        for row in group_rows([(top, bottom, (x0, words)) for top, bottom, x0, words in found]):
            ordered = sorted((item[2] for item in row), key=lambda p: p[0])
            lines.append(join_words([w for _, words in ordered for w in words]))
        scores = [w.score for _, _, _, words in found for w in words]
        cells.append(
            GridCell(
                row=cell.row,
                col=cell.col,
                row_span=cell.row_span,
                col_span=cell.col_span,
                text=join_cell_lines(lines),
                x0=float(cell.x0 / scale),
                top=float(cell.top / scale),
                x1=float(cell.x1 / scale),
                bottom=float(cell.bottom / scale),
                confidence=round(min(scores), 4) if scores else None,
            )
        )
    x0, top, x1, bottom = grid.bbox
    return RawTable(
        page=number,
        index_on_page=index,
        x0=float(x0 / scale),
        top=float(top / scale),
        x1=float(x1 / scale),
        bottom=float(bottom / scale),
        n_rows=len(grid.ys) - 1,
        n_cols=len(grid.xs) - 1,
        cells=cells,
        engine="ocr",
    )


# --- orientation -------------------------------------------------------------------------------


def is_sideways(boxes: list[OcrBox]) -> bool:
    """Do the text boxes run top to bottom (a page scanned a quarter turn off)?"""
    sized = [b for b in boxes if len(b.text.strip()) >= 2]
    tall = [b for b in sized if b.bottom - b.top > b.x1 - b.x0]
    return bool(sized) and len(tall) > TALL_BOX_SHARE * len(sized)


def low_share(boxes: list[OcrBox]) -> float:
    """Share of the recognised characters in boxes scoring below LOW_BOX_SCORE."""
    total = sum(len(b.text) for b in boxes)
    low = sum(len(b.text) for b in boxes if b.score < LOW_BOX_SCORE)
    return low / total if total else 0.0


def reading_quality(boxes: list[OcrBox]) -> float:
    """How well a page image read: characters recognised, each weighed by its box's score, counting
    only horizontal boxes (text read across a sideways line is noise)."""
    return sum(len(b.text) * b.score for b in boxes if b.x1 - b.x0 >= b.bottom - b.top)


def reads_as_upside_down(boxes: list[OcrBox]) -> bool:
    """Does the reading have enough characters, too few of them Chinese (a page upside down)?"""
    text = "".join(b.text for b in boxes)
    chars = len(text) - text.count(" ")
    return chars >= MIN_CHARS_FOR_SCRIPT and len(CHINESE_CHAR.findall(text)) < MIN_CHINESE_SHARE * chars


def candidate_turns(boxes: list[OcrBox]) -> tuple[int, ...]:
    """Quarter turns worth trying after the page as scanned read as these boxes."""
    if is_sideways(boxes):
        return (1, 3)
    if low_share(boxes) > 0.5 or reads_as_upside_down(boxes):
        return (2,)
    return ()


def read_upright(rgb: np.ndarray, threads: int = 1) -> tuple[np.ndarray, list[OcrBox], int]:
    """The prepared page image, its boxes and the quarter turns (counter-clockwise) that read it best:
    as scanned unless its text runs sideways, reads mostly as noise or has hardly any Chinese (then
    turned, and kept only when the turned reading is better)."""
    gray = prepare(rgb)
    boxes = read_boxes(gray, threads)
    best = (reading_quality(boxes), gray, boxes, 0)
    for turns in candidate_turns(boxes):
        turned = prepare(np.ascontiguousarray(np.rot90(rgb, k=turns)))
        turned_boxes = read_boxes(turned, threads)
        quality = reading_quality(turned_boxes)
        if quality > best[0]:
            best = (quality, turned, turned_boxes, turns)
    return best[1], best[2], best[3]


def page_from_image(
    rgb: np.ndarray, number: int, width: float, height: float, image_coverage: float = 1.0, threads: int = 1
) -> PageContent:
    """One page image read into PageContent (lines and grids in PDF points, top-left origin, of the
    page as read upright: a page turned a quarter has its width and height swapped)."""
    gray, boxes, turns = read_upright(rgb, threads)
    if turns % 2:
        width, height = height, width
    scale = gray.shape[1] / width  # pixels per PDF point
    dpi = scale * 72
    grids = find_grids(gray, dpi, [(b.x0, b.top, b.x1, b.bottom) for b in boxes])
    tables = [grid_table(grid, boxes, number, i, scale) for i, grid in enumerate(grids)]
    return PageContent(
        number=number,
        width=width,
        height=height,
        n_chars=sum(len(b.text) for b in boxes),
        lines=lines_of(boxes, scale),
        tables=tables,
        has_text_layer=False,
        image_coverage=image_coverage,
        engine="ocr",
        ocr_turns=turns,
        ocr_low_share=round(low_share(boxes), 4),
    )


# --- many pages --------------------------------------------------------------------------------


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

    Inside a batch worker (a daemonic process, which may not start children) OCR runs in that
    process: the batch already spreads documents over the cores.
    """
    if multiprocessing.current_process().daemon:
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
    pdf = pdfium.PdfDocument(data)
    try:
        # Rendered images are large: only a few pages are held in memory at a time.
        batch = 1 if workers == 1 or len(pages) == 1 else 2 * workers
        for start in range(0, len(pages), batch):
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
        pdf.close()
    return results
