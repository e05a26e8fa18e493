"""`disclosure eval`: compare a dataset with hand-verified truth files and report recall.

The parts: evaluate_truth (reading truth files, independently of the pipeline's parsers),
evaluate_scoring (line items against lines.csv rows), evaluate_scorecards (scorecards against
scorecards.csv rows). This module reads the dataset and scores it on a folder of truth files.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from disclosure.outputs.dataset import connect
from disclosure.pipeline.datasets import require_dataset
from disclosure.pipeline.evaluate_scorecards import (
    FUND_FIELDS,
    INDICATOR_FIELDS,
    CardRow,
    FundsRow,
    IndicatorRow,
    ScorecardFact,
    ScorecardScore,
    fact_line,
    score_scorecards,
    scorecard_facts,
)
from disclosure.pipeline.evaluate_scoring import DocumentScore, ItemKey, score_document
from disclosure.pipeline.evaluate_truth import (
    read_scorecard_truth,
    read_truth,
    scorecard_truth_files,
    truth_files,
)
from disclosure.pipeline.exits import UsageError


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
        # a dataset written before a field was added lacks its column: row.get
        FundsRow(
            row["scorecard_id"],
            fact_line(row["line"], row["line_raw"]),
            {f: row.get(f"{f}_raw") for f in FUND_FIELDS},
            row["page"],
        )
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
