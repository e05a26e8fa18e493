"""pdfium_chars.glyph_metrics reads each text object's font size and descent from its first glyph,
as the per-glyph reading it replaced did; PDFium's calls are stood in for by Python functions."""

from __future__ import annotations

import random
from typing import Any

import pytest
from disclosure.extractors import pdfium_chars
from disclosure.extractors.glyph_metrics import DEFAULT_DESCENT

SEEDS = range(30)


def per_glyph_reading(
    objects: list[int | None],
    sizes: list[float],
    fonts: dict[int, int | None],
    descents: dict[int, float],
    indices: list[int],
) -> tuple[list[float], list[float]]:
    """Glyph by glyph, caching per text object: the first glyph read of an object gives its size
    and its font's descent; a glyph without an object has its own size and the default descent."""
    cache: dict[int, tuple[float, float]] = {}
    read_sizes, read_descents = [], []
    for index in indices:
        key = objects[index] or 0
        if key not in cache:
            font = fonts[key] if key else None
            metrics = (sizes[index], descents[font] if font else DEFAULT_DESCENT)
            if not key:
                read_sizes.append(metrics[0])
                read_descents.append(metrics[1])
                continue
            cache[key] = metrics
        read_sizes.append(cache[key][0])
        read_descents.append(cache[key][1])
    return read_sizes, read_descents


def random_page(seed: int) -> tuple[list[int | None], list[float], dict[int, int | None], dict[int, float]]:
    """Glyphs in runs of one text object (one glyph per object on some pages), a few without an
    object, fonts shared between objects, a font PDFium gives no handle for."""
    rng = random.Random(seed)
    count = rng.randint(1, 60)
    per_object = 1 if seed % 3 == 0 else rng.randint(1, 6)
    objects: list[int | None] = []
    key = 1000
    while len(objects) < count:
        key += rng.randint(1, 3)
        objects.extend([key] * rng.randint(1, per_object))
    objects = objects[:count]
    if seed % 2:
        for index in rng.sample(range(count), rng.randint(0, 3)):
            objects[index] = None
    sizes = [rng.choice((9.0, 10.5, 12.0, 15.95)) + rng.random() for _ in range(count)]
    fonts: dict[int, int | None] = {k: rng.choice((1, 2, 3, None)) for k in objects if k is not None}
    descents = {1: -0.2, 2: -0.25, 3: -0.3}
    return objects, sizes, fonts, descents


@pytest.mark.parametrize("seed", SEEDS)
def test_glyph_metrics_as_read_per_glyph(seed: int, monkeypatch: Any) -> None:
    objects, sizes, fonts, descents = random_page(seed)
    monkeypatch.setattr(pdfium_chars, "text_object_of", lambda _page, index: objects[index])
    monkeypatch.setattr(pdfium_chars, "char_font_size", lambda _page, index: sizes[index])
    monkeypatch.setattr(pdfium_chars.pdf, "text_object_font", lambda key: fonts[key])
    monkeypatch.setattr(pdfium_chars, "font_descent", lambda font: descents[font])
    rng = random.Random(seed)
    indices = sorted(rng.sample(range(len(objects)), rng.randint(1, len(objects))))
    expected = per_glyph_reading(objects, sizes, fonts, descents, indices)
    assert pdfium_chars.glyph_metrics(None, indices) == expected  # type: ignore[arg-type]
