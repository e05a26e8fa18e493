"""The same PDF gives the same pages and rows whatever fonts the machine has.

Each reading runs in its own process (PDFium picks its fonts once, when it starts): once with
the machine's fonts, once with PDFium started again on a folder holding only fonts this test
builds: a CJK font, and fonts named as the standard fonts (Times New Roman, Arial …) with glyphs
half as wide again as any real one, which PDFium would draw such text with if it read those pages.
The fixture and the corpus documents below set their text in fonts they do not embed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED_FIXTURE
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

HERE = Path(__file__).parent
# Code points the substitute font covers: ASCII, CJK punctuation, CJK ideographs, full-width forms.
COVERED = [*range(0x20, 0x7F), *range(0x3000, 0x3040), *range(0x4E00, 0xA000), *range(0xFF00, 0xFFF0)]
ASCII = list(range(0x20, 0x7F))
GB2312_CODE_PAGE_BIT = 18
# Family names PDFium matches against the standard fonts a PDF names without embedding them.
STANDARD_NAMES = ("Times New Roman", "Arial", "Helvetica", "Times", "Courier New")


def build_font(path: Path, family: str, covered: list[int], advance: int, code_page_bit: int | None) -> None:
    """A TrueType font of `family` whose every covered character is a box `advance` units wide
    (of 1,000 to the em), declared for the code page when one is given."""
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "square"])
    builder.setupCharacterMap(dict.fromkeys(covered, "square"))
    pen = TTGlyphPen(None)
    pen.moveTo((50, -120))
    pen.lineTo((50, 880))
    pen.lineTo((advance - 50, 880))
    pen.lineTo((advance - 50, -120))
    pen.closePath()
    square = pen.glyph()
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "square": square})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "square": (advance, 50)})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    if code_page_bit is not None:
        builder.font["OS/2"].ulCodePageRange1 = 1 << code_page_bit
    builder.setupPost()
    builder.save(str(path))


def read_under(font_dir: str, pdfs: list[Path]) -> dict[str, dict]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE.parent), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, str(HERE / "font_environment.py"), font_dir, *map(str, pdfs)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=600,
    )
    readings = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return {r["file"]: r for r in readings}


def documents(corpus: Path | None) -> list[Path]:
    found = [SEED_FIXTURE]
    if corpus is not None:
        # Final accounts and wide-corpus budgets with pages set in non-embedded fonts
        # (STSong-Light, SimSun, FangSong_GB2312 …; 35d0ca721fe7's 74 pages of tables in Helvetica,
        # which PDFium would draw with the test's wide "Helvetica").
        found += [
            corpus / "final/6a2eb6044359.pdf",
            corpus / "wide/129d7714f50b.pdf",
            corpus / "wide/35d0ca721fe7.pdf",
        ]
    return found


@pytest.fixture(scope="module")
def font_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The substitute fonts: a Simplified Chinese one, and one of each standard name."""
    folder = tmp_path_factory.mktemp("fonts")
    build_font(folder / "TestSongSC.ttf", "Test Song SC", COVERED, 1000, GB2312_CODE_PAGE_BIT)
    for family in STANDARD_NAMES:
        build_font(folder / f"{family.replace(' ', '')}.ttf", family, ASCII, 1500, None)
    return folder


@pytest.mark.slow
def test_fixture_reads_the_same_with_the_machines_fonts_or_substitutes(font_dir: Path) -> None:
    pdfs = documents(None)
    machine = read_under("-", pdfs)
    substituted = read_under(str(font_dir), pdfs)
    assert machine == substituted
    assert machine[SEED_FIXTURE.name]["n_rows"] == 179  # every line item of the fixture's truth file


@pytest.mark.slow
def test_corpus_reads_the_same_with_the_machines_fonts_or_substitutes(corpus: Path, font_dir: Path) -> None:
    pdfs = documents(corpus)[1:]
    machine = read_under("-", pdfs)
    substituted = read_under(str(font_dir), pdfs)
    assert machine == substituted
    assert len(machine) == 3
    assert all(reading["n_rows"] > 100 for reading in machine.values())
