"""The commands that read a whole dataset back: HTML reports and the completeness audit.

Each function does the work and returns what the command prints; a CommandError (pipeline.exits)
says why it could not.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from disclosure.outputs.audit import AuditSummary, DocumentAudit, audit_dataset
from disclosure.outputs.report import write_reports
from disclosure.pipeline.datasets import json_value, require_dataset
from disclosure.pipeline.exits import UsageError

# --- report ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportResult:
    """The document reports written, and the index."""

    documents: list[Path]
    index: Path


def report_dataset(dataset: Path, out: Path | None = None, doc: str | None = None) -> ReportResult:
    """Write the HTML reports (outputs.report) to `out` (default DATASET/report); `doc`: an id prefix."""
    require_dataset(dataset)
    written = write_reports(dataset, out or dataset / "report", doc)
    if doc and len(written) == 1:
        raise UsageError(f"no document id starts with {doc}")
    return ReportResult(written[:-1], written[-1])


# --- audit -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditResult:
    """The dataset's completeness totals and its documents, least complete first."""

    summary: AuditSummary
    documents: list[DocumentAudit]

    def as_json(self) -> dict[str, Any]:
        summary = self.summary
        return {
            "summary": {
                **asdict(summary),
                "placed_share": summary.placed_share,
                "check_fail_rate": summary.check_fail_rate,
            },
            "documents": [{**asdict(a), "placed_share": a.placed_share} for a in self.documents],
        }


def audit(dataset: Path, json_file: Path | None = None) -> AuditResult:
    """Audit the dataset (outputs.audit); also write it as JSON to `json_file` when given."""
    require_dataset(dataset)
    result = AuditResult(*audit_dataset(dataset))
    if json_file is not None:
        json_file.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(result.as_json(), ensure_ascii=False, indent=1, default=json_value)
        json_file.write_text(text, "utf-8")
    return result
