"""The OCR engine: RapidOCR with the PP-OCR Chinese detection / recognition ONNX models that its
PyPI wheel ships (their paths are passed explicitly, so nothing is ever downloaded), and the text
boxes it reads from a prepared page image.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from disclosure.extractors.ocr_vocabulary import SEAL_INSCRIPTION
from disclosure.extractors.records import Box, OnPage

# Detection runs on the page scaled so that its longer side is at most this (recognition
# still reads the full-resolution crops): a third of the time, no loss of boxes.
DETECTION_MAX_SIDE = 1600
# The models shipped inside the rapidocr wheel (PP-OCRv6 small det / rec, PP-OCR cls).
MODEL_FILES = {
    "Det.model_path": "PP-OCRv6_det_small.onnx",
    "Rec.model_path": "PP-OCRv6_rec_small.onnx",
    "Cls.model_path": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
}


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
class OcrBox(OnPage):
    """One detected text line fragment, in image pixels."""

    text: str
    box: Box
    score: float
    words: tuple[OcrWord, ...]


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
        boxes.append(
            OcrBox(str(text), Box(float(x0), float(top), float(x1), float(bottom)), float(score), parsed)
        )
    return [box for box in boxes if not is_seal_text(box.text)]


def is_seal_text(text: str) -> bool:
    """A box holding only a seal's inscription (grey scans keep the stamp that colour removal misses)."""
    return bool(SEAL_INSCRIPTION.match(text.replace(" ", "")))
