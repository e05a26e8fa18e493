"""Which way up a scanned page reads best: as scanned, or turned by a quarter or half turn."""

from __future__ import annotations

import re

import numpy as np
from disclosure.extractors.ocr_engine import OcrBox, read_boxes
from disclosure.extractors.ocr_image import prepare
from disclosure.extractors.triage import LOW_BOX_SCORE

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
