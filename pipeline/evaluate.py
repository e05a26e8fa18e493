"""`disclosure eval`: compare a dataset with hand-verified truth files and report recall.

A truth row (spec/truth/<sha12>.lines.csv) is found when a line item of the same document has the
same table_kind, measure and amount in yuan, the same side (where the truth names one), and the same
code (where the truth has one) or else the same item name. Each line item answers one truth row.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from disclosure.normalizers.amounts import parse_amount, to_yuan
from disclosure.normalizers.line_items import normalise_item_name
from disclosure.normalizers.records import ScorecardFunds, ScorecardIndicator, ScorecardRecord
from disclosure.normalizers.scorecards import funds_line, parse_rate, split_level1
from disclosure.normalizers.whitespace import squash
from disclosure.outputs.dataset import connect
from disclosure.pipeline.datasets import require_dataset
from disclosure.pipeline.exits import UsageError

T = TypeVar("T")
U = TypeVar("U")


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


def truth_files(truth_dir: Path) -> list[Path]:
    """The lines.csv truth files of a folder."""
    return sorted(truth_dir.glob("*.lines.csv"))


# --- scorecards ---------------------------------------------------------------------------------
#
# A scorecards.csv truth row is found when the dataset holds a scorecard of the same document with the
# same project name whose pages include the truth row's page, and within it the same funds line
# (header, funds), indicator (level1, level2, level3, on that page) or total, carrying the same value:
# numbers are compared as numbers ("9.10分" = "9.10 分" = 9.1), texts with whitespace removed.


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


@dataclass(frozen=True)
class ScorecardFact:
    """One printed value of a scorecard in the dataset, keyed like a truth row."""

    project_name: str
    pages: tuple[int, ...]
    row_kind: str
    level1: str
    level2: str
    level3: str
    field: str
    value: str
    page: int | None  # None: any page of the scorecard


def read_scorecard_truth(path: Path) -> list[ScorecardTruthRow]:
    """Rows of one scorecards.csv truth file."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            ScorecardTruthRow(
                doc_sha256=row["doc_sha256"],
                project_name=squash(row["project_name"]),
                row_kind=row["row_kind"],
                level1=split_level1(squash(row["level1"]))[0] or "",
                level2=squash(row["level2"]),
                level3=squash(row["level3"]),
                field=row["field"],
                value=row["value"],
                page=int(row["page"]),
            )
            for row in csv.DictReader(handle)
        ]


def scorecard_truth_files(truth_dir: Path) -> list[Path]:
    """The scorecards.csv truth files of a folder."""
    return sorted(truth_dir.glob("*.scorecards.csv"))


def same_value(truth: str, printed: str | None) -> bool:
    """Equal as numbers when both read as one ("9.10分", "90.99%", "2,352.00"), else as squashed text."""
    if printed is None:
        return False
    a, b = parse_rate(parse_points_text(truth)), parse_rate(parse_points_text(printed))
    if a is not None and b is not None:
        return a == b
    return squash(truth) == squash(printed)


def parse_points_text(text: str) -> str:
    """A value without a trailing 分, so that scores compare as numbers."""
    return squash(text).removesuffix("分")


@dataclass(frozen=True)
class CardRow:
    """A scorecard's header and total, as the dataset's `scorecards` table holds them."""

    scorecard_id: str
    project_name: str | None
    pages: list[int]
    competent_department: str | None
    implementing_unit: str | None
    total_weight_raw: str | None
    total_score_raw: str | None


@dataclass(frozen=True)
class FundsRow:
    """A scorecard's funds line: {field: printed value} (FUND_FIELDS) and its page."""

    scorecard_id: str
    line: str | None
    values: dict[str, str | None]
    page: int


@dataclass(frozen=True)
class IndicatorRow:
    """A scorecard's indicator: its levels, {field: printed value} (INDICATOR_FIELDS) and its page."""

    scorecard_id: str
    level1: str | None
    level2: str | None
    level3: str | None
    values: dict[str, str | None]
    page: int


FUND_FIELDS = ("budget_initial", "budget_full_year", "executed", "weight", "execution_rate", "score")
INDICATOR_FIELDS = ("target", "actual", "weight", "score")


def scorecard_facts(
    scorecards: Iterable[CardRow], funds: Iterable[FundsRow], indicators: Iterable[IndicatorRow]
) -> list[ScorecardFact]:
    """Facts from scorecard rows (of the dataset, or of a processed document's records)."""
    cards = {}
    facts: list[ScorecardFact] = []
    for card in scorecards:
        key = (squash(card.project_name or ""), tuple(card.pages))
        cards[card.scorecard_id] = key
        for field_name, value in (
            ("project_name", card.project_name),
            ("competent_department", card.competent_department),
            ("implementing_unit", card.implementing_unit),
        ):
            facts.append(ScorecardFact(*key, "header", "", "", "", field_name, value or "", None))
        facts.append(ScorecardFact(*key, "total", "", "", "", "weight", card.total_weight_raw or "", None))
        facts.append(ScorecardFact(*key, "total", "", "", "", "score", card.total_score_raw or "", None))
    for row in funds:
        for field_name, value in row.values.items():
            if value is not None:
                facts.append(
                    ScorecardFact(
                        *cards[row.scorecard_id], "funds", "", "", row.line or "", field_name, value, row.page
                    )
                )
    for indicator in indicators:
        levels = (
            squash(indicator.level1 or ""),
            squash(indicator.level2 or ""),
            squash(indicator.level3 or ""),
        )
        for field_name, value in indicator.values.items():
            if value is not None:
                facts.append(
                    ScorecardFact(
                        *cards[indicator.scorecard_id],
                        "indicator",
                        *levels,
                        field_name,
                        value,
                        indicator.page,
                    )
                )
    return facts


def facts_of_records(
    scorecards: list[ScorecardRecord], funds: list[ScorecardFunds], indicators: list[ScorecardIndicator]
) -> list[ScorecardFact]:
    """Facts from a processed document's scorecard records (what the dataset would hold)."""
    return scorecard_facts(
        [
            CardRow(
                c.scorecard_id,
                c.project_name,
                list(c.pages),
                c.competent_department,
                c.implementing_unit,
                c.total_weight_raw,
                c.total_score_raw,
            )
            for c in scorecards
        ],
        [
            FundsRow(f.scorecard_id, f.line, {k: getattr(f, f"{k}_raw") for k in FUND_FIELDS}, f.page)
            for f in funds
        ],
        [
            IndicatorRow(
                i.scorecard_id,
                i.level1,
                i.level2,
                i.level3,
                {k: getattr(i, f"{k}_raw") for k in INDICATOR_FIELDS},
                i.page,
            )
            for i in indicators
        ],
    )


def scorecard_matches(truth: ScorecardTruthRow, fact: ScorecardFact) -> bool:
    """Does this dataset fact carry the truth row's value?"""
    if (truth.row_kind, truth.field, truth.project_name) != (fact.row_kind, fact.field, fact.project_name):
        return False
    if truth.page not in fact.pages or (fact.page is not None and fact.page != truth.page):
        return False
    if truth.row_kind == "funds" and funds_line(truth.level3) != fact.level3:
        return False
    if truth.row_kind == "indicator" and (truth.level1, truth.level2, truth.level3) != (
        fact.level1,
        fact.level2,
        fact.level3,
    ):
        return False
    return same_value(truth.value, fact.value)


def score_scorecards(truth_rows: list[ScorecardTruthRow], facts: list[ScorecardFact]) -> ScorecardScore:
    """Recall of one document's scorecard truth rows among its facts (each fact used once)."""
    found, missing = match_each_once(truth_rows, facts, scorecard_matches)
    return ScorecardScore(total=len(truth_rows), found=found, missing=missing)


@dataclass
class ScorecardScore:
    """Recall on one scorecards.csv truth file."""

    total: int
    found: int
    missing: list[ScorecardTruthRow] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.total if self.total else 1.0


# --- a dataset against a folder of truth files ------------------------------------------------


@dataclass(frozen=True)
class LinesRecall:
    """Recall on one lines.csv truth file; `in_dataset` False when its document is not in the dataset."""

    file: str
    doc_id: str
    in_dataset: bool
    score: DocumentScore


@dataclass(frozen=True)
class ScorecardRecall:
    """Recall on one scorecards.csv truth file."""

    file: str
    score: ScorecardScore


@dataclass(frozen=True)
class Evaluation:
    """Recall of a dataset on every truth file of a folder (empty truth files are left out)."""

    lines: list[LinesRecall]
    scorecards: list[ScorecardRecall]
    has_line_files: bool  # the folder holds *.lines.csv files (even if all were empty)

    @property
    def found(self) -> int:
        return sum(r.score.found for r in self.lines)

    @property
    def total(self) -> int:
        return sum(r.score.total for r in self.lines)

    @property
    def recall(self) -> float:
        return self.found / self.total if self.total else 0.0

    @property
    def scorecards_found(self) -> int:
        return sum(r.score.found for r in self.scorecards)

    @property
    def scorecards_total(self) -> int:
        return sum(r.score.total for r in self.scorecards)

    @property
    def complete(self) -> bool:
        """Every truth cell found."""
        return self.found == self.total and self.scorecards_found == self.scorecards_total


def rows(con: Any, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def dataset_items(con: Any, doc_id: str) -> list[ItemKey]:
    """A document's line items in the dataset, as compared with truth rows."""
    fields = ", ".join(f.name for f in dataclasses.fields(ItemKey))
    return [
        ItemKey(**row) for row in rows(con, f"SELECT {fields} FROM line_items WHERE doc_id = ?", [doc_id])
    ]


def dataset_scorecard_facts(con: Any, doc_id: str) -> list[ScorecardFact]:
    """A document's scorecards in the dataset, as facts to compare with truth rows."""
    card_fields = ", ".join(f.name for f in dataclasses.fields(CardRow))
    cards = [
        CardRow(**row)
        for row in rows(con, f"SELECT {card_fields} FROM scorecards WHERE doc_id = ?", [doc_id])
    ]
    funds = [
        FundsRow(row["scorecard_id"], row["line"], {f: row[f"{f}_raw"] for f in FUND_FIELDS}, row["page"])
        for row in rows(con, "SELECT * FROM scorecard_funds WHERE doc_id = ?", [doc_id])
    ]
    indicators = [
        IndicatorRow(
            row["scorecard_id"],
            row["level1"],
            row["level2"],
            row["level3"],
            {f: row[f"{f}_raw"] for f in INDICATOR_FIELDS},
            row["page"],
        )
        for row in rows(con, "SELECT * FROM scorecard_indicators WHERE doc_id = ?", [doc_id])
    ]
    return scorecard_facts(cards, funds, indicators)


def evaluate(dataset: Path, truth_dir: Path) -> Evaluation:
    """Recall of the dataset on the truth files of `truth_dir` (*.lines.csv, *.scorecards.csv).

    Raises UsageError when `dataset` is not a dataset folder or `truth_dir` holds no truth files.
    """
    require_dataset(dataset)
    line_files, card_files = truth_files(truth_dir), scorecard_truth_files(truth_dir)
    if not line_files and not card_files:
        raise UsageError(f"{truth_dir}: no *.lines.csv or *.scorecards.csv truth files")
    con = connect(dataset)
    lines = []
    for path in line_files:
        truth = read_truth(path)
        if not truth:
            continue
        doc_id = truth[0].doc_sha256
        items = dataset_items(con, doc_id)
        if items:
            lines.append(LinesRecall(path.name, doc_id, True, score_document(truth, items)))
        else:
            lines.append(LinesRecall(path.name, doc_id, False, DocumentScore(doc_id, len(truth), 0)))
    scorecards = []
    for path in card_files:
        truth_cards = read_scorecard_truth(path)
        if truth_cards:
            facts = dataset_scorecard_facts(con, truth_cards[0].doc_sha256)
            scorecards.append(ScorecardRecall(path.name, score_scorecards(truth_cards, facts)))
    return Evaluation(lines, scorecards, has_line_files=bool(line_files))
