"""Scoring line items against lines.csv truth rows: which truth rows a document's line items carry.

A truth row is found when a line item of the same document has the same table_kind, measure and
amount in yuan, the same side (where the truth names one), and the same code (where the truth has
one) or else the same item name. Each line item answers one truth row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from disclosure.pipeline.evaluate_truth import TruthRow, without_whitespace

T = TypeVar("T")
U = TypeVar("U")


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


def matches(truth: TruthRow, item: ItemKey) -> bool:
    """Does this line item carry the truth row's figure? Names compare with whitespace removed."""
    if (item.table_kind, item.measure, item.amount) != (truth.table_kind, truth.measure, truth.amount):
        return False
    if truth.side and item.side != truth.side:
        return False
    if truth.code:
        return item.code == truth.code
    return item.item_name is not None and without_whitespace(item.item_name) == truth.item_name


def match_each_once(truths: list[T], pool: list[U], same: Callable[[T, U], bool]) -> tuple[int, list[T]]:
    """Greedy one-to-one matching: how many truths found a partner in the pool, and the rest."""
    used = [False] * len(pool)
    missing: list[T] = []
    for truth in truths:
        for i, candidate in enumerate(pool):
            if not used[i] and same(truth, candidate):
                used[i] = True
                break
        else:
            missing.append(truth)
    return len(truths) - len(missing), missing


def score_document(truth_rows: list[TruthRow], items: Iterable[ItemKey]) -> DocumentScore:
    """Recall of one document's truth rows among its line items (each item used once)."""
    found, missing = match_each_once(truth_rows, list(items), matches)
    doc_sha256 = truth_rows[0].doc_sha256 if truth_rows else ""
    return DocumentScore(doc_sha256=doc_sha256, total=len(truth_rows), found=found, missing=missing)
