"""Truth files (spec/truth-format.md) read with their own small code, not the pipeline's parsers.

A truth file is what the pipeline is checked against, so it must not be read through the code under
test (a bug there would be applied to both sides and hide). The reading here is deliberately minimal:

- amounts: the written figure as a Decimal (thousands commas dropped, a leading minus or parentheses
  for a negative), scaled by the row's unit;
- names and labels: whitespace removed, nothing else (the format asks for names so typed);
- level-1 indicator names: whitespace and a written weight ("（50分）") removed;
- scorecard values: kept as written; they compare as numbers when both read as a plain figure.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from disclosure.pipeline.evaluate_vocabulary import (
    LEVEL1_WEIGHT_SUFFIX,
    NUMBER_SUFFIXES,
    TRUTH_FUNDS_LINES,
    TRUTH_UNIT_SCALE,
)

# A written figure: digits with optional thousands commas and decimals, optionally signed.
FIGURE = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
NEGATIVE_IN_PARENTHESES = re.compile(r"\((?P<figure>[^()]*)\)")


@dataclass(frozen=True)
class TruthRow:
    """One hand-verified amount cell."""

    doc_sha256: str
    table_kind: str
    side: str | None
    code: str | None
    item_name: str
    measure: str
    amount: Decimal
    value_raw: str
    page: int


@dataclass(frozen=True)
class ScorecardTruthRow:
    """One hand-verified scorecard cell."""

    doc_sha256: str
    project_name: str
    row_kind: str  # header | funds | indicator | total
    level1: str
    level2: str
    level3: str
    field: str
    value: str
    page: int


def without_whitespace(text: str) -> str:
    """Text with every whitespace character removed: the one normalisation names get."""
    return "".join(text.split())


def figure(text: str) -> Decimal | None:
    """A written figure ("2,940.05", "-12", "(12.00)") as a Decimal; None for anything else."""
    text = without_whitespace(text)
    parenthesised = NEGATIVE_IN_PARENTHESES.fullmatch(text)
    if parenthesised:
        inner = figure(parenthesised.group("figure"))
        return -inner if inner is not None else None
    if not FIGURE.fullmatch(text):
        return None
    return Decimal(text.replace(",", ""))


def truth_amount(value: str, unit: str) -> Decimal | None:
    """A lines.csv value in yuan; None when the cell holds no figure. Raises ValueError on an unknown unit."""
    if unit not in TRUTH_UNIT_SCALE:
        raise ValueError(f"unknown unit {unit!r} (known: {', '.join(TRUTH_UNIT_SCALE)})")
    amount = figure(value)
    return None if amount is None else amount * TRUTH_UNIT_SCALE[unit]


def value_figure(text: str) -> Decimal | None:
    """A scorecard value as a number when it is a figure with at most a unit suffix ("9.10分", "90.99%")."""
    text = without_whitespace(text)
    for suffix in NUMBER_SUFFIXES:
        text = text.removesuffix(suffix)
    return figure(text)


def level1_name(text: str) -> str:
    """A level-1 indicator name without whitespace or a written weight ("产出指标（50分）" -> "产出指标")."""
    return LEVEL1_WEIGHT_SUFFIX.sub("", without_whitespace(text))


def funds_line_of_label(label: str) -> str | None:
    """The dataset's name of a funds line a truth file writes as printed ("年度资金总额" -> total)."""
    return TRUTH_FUNDS_LINES.get(without_whitespace(label))


def read_truth(path: Path) -> list[TruthRow]:
    """Rows of one lines.csv truth file (a cell that prints no figure, such as a dash, is skipped)."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            try:
                amount = truth_amount(row["value"], row["unit"])
            except ValueError as error:
                raise ValueError(f"{path}:{number}: {error}") from None
            if amount is None:
                continue
            rows.append(
                TruthRow(
                    doc_sha256=row["doc_sha256"],
                    table_kind=row["table_kind"],
                    side=row["side"] or None,
                    code=row["code"] or None,
                    item_name=without_whitespace(row["item_name"]),
                    measure=row["measure"],
                    amount=amount,
                    value_raw=row["value"],
                    page=int(row["page"]),
                )
            )
    return rows


def read_scorecard_truth(path: Path) -> list[ScorecardTruthRow]:
    """Rows of one scorecards.csv truth file."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            ScorecardTruthRow(
                doc_sha256=row["doc_sha256"],
                project_name=without_whitespace(row["project_name"]),
                row_kind=row["row_kind"],
                level1=level1_name(row["level1"]),
                level2=without_whitespace(row["level2"]),
                level3=without_whitespace(row["level3"]),
                field=row["field"],
                value=row["value"],
                page=int(row["page"]),
            )
            for row in csv.DictReader(handle)
        ]


def truth_files(truth_dir: Path) -> list[Path]:
    """The lines.csv truth files of a folder."""
    return sorted(truth_dir.glob("*.lines.csv"))


def scorecard_truth_files(truth_dir: Path) -> list[Path]:
    """The scorecards.csv truth files of a folder."""
    return sorted(truth_dir.glob("*.scorecards.csv"))
