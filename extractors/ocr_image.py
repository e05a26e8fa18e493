"""Page images for OCR: rendered from the PDF, stamp ink removed, turned upright."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

# Pages are rendered at this resolution: the PP-OCR recogniser reads 10.5 pt text well from it.
OCR_DPI = 200
# A pixel is seal ink (red stamp) when red exceeds both other channels by this much.
SEAL_RED_MARGIN = 60
# Skew is searched within +-MAX_SKEW degrees in steps of SKEW_STEP.
MAX_SKEW = 2.0
SKEW_STEP = 0.1


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
