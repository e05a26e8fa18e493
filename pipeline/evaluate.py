"""`disclosure eval`: compare a dataset with hand-verified truth files and report recall.

A truth row (spec/truth/<sha12>.lines.csv) is found when a line item of the same document has the
same table_kind, measure and amount in yuan, the same side (where the truth names one), and the same
code (where the truth has one) or else the same item name. Each line item answers one truth row.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from normalizers.amounts import parse_amount, to_yuan
from normalizers.line_items import normalise_item_name


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
class ItemKey:
    """The fields of a line item that a truth row is compared on."""

    table_kind: str
    side: str | None
    code: str | None
    item_name: str | None
    measure: str | None
    amount: Decimal


@dataclass
class DocumentScore:
    """Recall on one truth file."""

    doc_sha256: str
    total: int
    found: int
    missing: list[TruthRow] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.total if self.total else 1.0


def read_truth(path: Path) -> list[TruthRow]:
    """Rows of one lines.csv truth file."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            value = parse_amount(row["value"])
            if value is None:
                continue
            rows.append(
                TruthRow(
                    doc_sha256=row["doc_sha256"],
                    table_kind=row["table_kind"],
                    side=row["side"] or None,
                    code=row["code"] or None,
                    item_name=normalise_item_name(row["item_name"]),
                    measure=row["measure"],
                    amount=to_yuan(value, row["unit"]),
                    value_raw=row["value"],
                    page=int(row["page"]),
                )
            )
    return rows


def matches(truth: TruthRow, item: ItemKey) -> bool:
    """Does this line item carry the truth row's figure?"""
    if (item.table_kind, item.measure, item.amount) != (truth.table_kind, truth.measure, truth.amount):
        return False
    if truth.side and item.side != truth.side:
        return False
    if truth.code:
        return item.code == truth.code
    return item.item_name == truth.item_name


def score_document(truth_rows: list[TruthRow], items: Iterable[ItemKey]) -> DocumentScore:
    """Recall of one document's truth rows among its line items (each item used once)."""
    pool = list(items)
    used = [False] * len(pool)
    score = DocumentScore(
        doc_sha256=truth_rows[0].doc_sha256 if truth_rows else "", total=len(truth_rows), found=0
    )
    for truth in truth_rows:
        for i, item in enumerate(pool):
            if not used[i] and matches(truth, item):
                used[i] = True
                score.found += 1
                break
        else:
            score.missing.append(truth)
    return score


def truth_files(truth_dir: Path) -> list[Path]:
    """The lines.csv truth files of a folder."""
    return sorted(truth_dir.glob("*.lines.csv"))
