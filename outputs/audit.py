"""What did not land: a dataset's documents from least to most complete, with the reasons.

Reads only the dataset (documents, unplaced_amounts, line_items, tables, checks, facts); the figures
themselves are measured at ingest time by normalizers.completeness.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure.normalizers.fact_vocabulary import MONEY_UNITS
from disclosure.normalizers.kinds import DocKind
from disclosure.normalizers.vocabulary import TOTAL_WORDS
from disclosure.outputs.dataset import connect, rows

# How many unplaced groups and sample rows each document lists (every ORDER BY ends in a key, so
# that ties come out the same on every run).
GROUPS_SHOWN = 8
SAMPLES_SHOWN = 5


@dataclass
class UnplacedGroup:
    """Unplaced amounts of one table column (or of the unruled lines of one page)."""

    table_id: str | None
    title: str | None
    page: int
    column_header: str | None
    cells: int
    sample: str


@dataclass
class DocumentAudit:
    """One document's completeness and what keeps it from landing completely."""

    doc_id: str
    file_name: str
    status: str
    doc_kind: str | None
    agency: str | None
    fiscal_year: int | None
    amount_cells: int
    amount_cells_placed: int
    tables_found: int
    standard_tables_expected: int
    standard_tables_missing: list[str]
    checks_failed: int
    checks_total: int
    part: str | None = None
    linked_doc_id: str | None = None  # the other part of a disclosure published as two files
    unplaced: list[UnplacedGroup] = field(default_factory=list)
    null_measure_items: int = 0
    null_measure_sample: list[str] = field(default_factory=list)
    unlabelled_items: int = 0
    unlabelled_sample: list[str] = field(default_factory=list)
    tables_without_unit: list[str] = field(default_factory=list)
    # Typed tables whose unit was not printed but told from the text, their page or the document.
    tables_with_inferred_unit: list[str] = field(default_factory=list)
    # The narrative's figures that cannot both be right: one fact stated with two values, and a
    # change larger than the figure it is stated of (the figure the year before would be negative).
    facts_stated_twice: list[str] = field(default_factory=list)
    changes_beyond_figure: list[str] = field(default_factory=list)

    @property
    def placed_share(self) -> float:
        """Placed / printed amounts (1.0 for a document that prints none)."""
        return self.amount_cells_placed / self.amount_cells if self.amount_cells else 1.0


@dataclass
class AuditSummary:
    """Totals over the dataset."""

    documents: int
    failed: int
    not_disclosures: int  # doc_kind other: expected to print no disclosure tables, left out of the counts
    amount_cells: int
    amount_cells_placed: int
    documents_below_97: int
    null_measure_items: int
    unlabelled_items: int
    tables_without_unit: int
    standard_tables_missing: int
    tables_with_inferred_unit: int
    checks_failed: int
    checks_total: int
    missing_agency: int
    missing_year: int
    facts_stated_twice: int = 0
    changes_beyond_figure: int = 0

    @property
    def placed_share(self) -> float:
        return self.amount_cells_placed / self.amount_cells if self.amount_cells else 1.0

    @property
    def check_fail_rate(self) -> float:
        return self.checks_failed / self.checks_total if self.checks_total else 0.0


# Each document with its agency (or the one its linked part names), its link and its check counts
# (a narrative file's include its figures checked against the other file's tables, linked_checks).
DOCUMENTS_SQL = """
    SELECT d.* REPLACE (coalesce(d.agency, l.agency) AS agency),
        l.linked_doc_id, coalesce(c.failed, 0) AS checks_failed, coalesce(c.total, 0) AS checks_total
    FROM documents d LEFT JOIN (
        SELECT doc_id, count(*) FILTER (WHERE status = 'fail') AS failed, count(*) AS total
        FROM (SELECT doc_id, status FROM checks UNION ALL SELECT doc_id, status FROM linked_checks)
        GROUP BY doc_id) c USING (doc_id)
    LEFT JOIN document_links l USING (doc_id)
"""


def audit_dataset(out: Path) -> tuple[AuditSummary, list[DocumentAudit]]:
    """Every document of the dataset, least complete first, and the totals."""
    con = connect(out)
    try:
        audits = {d["doc_id"]: document_audit(d) for d in rows(con, DOCUMENTS_SQL)}
        add_unplaced(con, audits)
        add_null_measure_items(con, audits)
        add_unlabelled_items(con, audits)
        add_tables_without_unit(con, audits)
        add_tables_with_inferred_unit(con, audits)
        add_fact_signals(con, audits)
    finally:
        con.close()
    ordered = sorted(audits.values(), key=lambda a: (a.status != "failed", a.placed_share, a.file_name))
    return summarise(ordered), ordered


def add_unplaced(con: Any, audits: dict[str, DocumentAudit]) -> None:
    """Each document's largest groups of unplaced amounts."""
    for group in rows(
        con, "SELECT * FROM unplaced_amounts ORDER BY doc_id, cells DESC, page, table_id, col, column_header"
    ):
        audit = audits.get(group["doc_id"])
        if audit is not None and len(audit.unplaced) < GROUPS_SHOWN:
            audit.unplaced.append(
                UnplacedGroup(
                    group["table_id"],
                    group["title"],
                    group["page"],
                    group["column_header"],
                    group["cells"],
                    group["sample"],
                )
            )


def add_null_measure_items(con: Any, audits: dict[str, DocumentAudit]) -> None:
    """Line items whose column header named no known measure: counted, and a few shown."""
    for item in rows(
        con,
        "SELECT doc_id, table_kind, page, item_name_raw, measure_raw, amount_raw FROM line_items "
        "WHERE measure IS NULL ORDER BY doc_id, page, table_id, row, col",
    ):
        audit = audits[item["doc_id"]]
        audit.null_measure_items += 1
        keep_sample(
            audit.null_measure_sample,
            f"p{item['page']} {item['table_kind']} [{item['measure_raw']}] "
            f"{item['item_name_raw'] or ''} {item['amount_raw']}",
        )


def add_unlabelled_items(con: Any, audits: dict[str, DocumentAudit]) -> None:
    """Line items on a row with neither code, name nor unit code, other than totals: counted, a few shown."""
    for item in rows(
        con,
        "SELECT doc_id, table_kind, page, row, measure_raw, amount_raw FROM line_items "
        # A zero on a row with no label is a filler row (two-sided tables square up their
        # shorter side with 0.00): it identifies nothing and loses nothing.
        "WHERE code IS NULL AND item_name IS NULL AND unit_code IS NULL AND amount IS DISTINCT FROM 0 "
        "ORDER BY doc_id, page, table_id, row, col",
    ):
        if any(word in (item["measure_raw"] or "") for word in TOTAL_WORDS):
            continue
        audit = audits[item["doc_id"]]
        audit.unlabelled_items += 1
        keep_sample(
            audit.unlabelled_sample,
            f"p{item['page']} {item['table_kind']} row {item['row']} [{item['measure_raw']}] "
            f"{item['amount_raw']}",
        )


def add_tables_without_unit(con: Any, audits: dict[str, DocumentAudit]) -> None:
    """Typed tables whose unit was neither printed nor agreed (their amounts are null)."""
    for table in rows(
        con,
        "SELECT doc_id, table_kind, title, pages FROM tables "
        "WHERE unit IS NULL AND table_kind <> 'unclassified' ORDER BY doc_id, table_id",  # any typed table
    ):
        audits[table["doc_id"]].tables_without_unit.append(table_place(table))


def table_place(table: dict[str, Any]) -> str:
    """A table as the audit names it: its title (or kind) and first page."""
    return f"{table['title'] or table['table_kind']} (p{table['pages'][0] if table['pages'] else '?'})"


def add_tables_with_inferred_unit(con: Any, audits: dict[str, DocumentAudit]) -> None:
    """Typed tables whose unit is not printed near them (tables.unit_source other than printed): their
    amounts rest on the unit the text, their page or the document states."""
    for table in rows(
        con,
        "SELECT doc_id, table_kind, title, pages, unit, unit_source FROM tables WHERE unit IS NOT NULL "
        "AND unit_source <> 'printed' AND table_kind <> 'unclassified' ORDER BY doc_id, table_id",
    ):
        audits[table["doc_id"]].tables_with_inferred_unit.append(
            f"{table_place(table)}: {table['unit']} from the {table['unit_source']}"
        )


# One fact of one period stated with more than one value (e.g. 基本支出 12,323.46 and 12,323.48).
FACTS_STATED_TWICE_SQL = """
    SELECT doc_id, fact, subject, period, unit, list(DISTINCT value ORDER BY value) AS vals,
        list(DISTINCT page ORDER BY page) AS pages
    FROM facts WHERE value IS NOT NULL
    GROUP BY doc_id, fact, subject, period, unit HAVING count(DISTINCT value) > 1
    ORDER BY doc_id, fact, subject, period, unit
"""
# A money figure whose stated increase is larger than itself.
CHANGES_BEYOND_FIGURE_SQL = f"""
    SELECT doc_id, fact, subject, value, change_value, unit, page FROM facts
    WHERE value IS NOT NULL AND change_value > value AND unit IN {tuple(MONEY_UNITS)}
    ORDER BY doc_id, page, fact, subject, value
"""


def add_fact_signals(con: Any, audits: dict[str, DocumentAudit]) -> None:
    """The narrative's figures that cannot both be right (each a misreading or a printed slip)."""
    for row in rows(con, FACTS_STATED_TWICE_SQL):
        values = " | ".join(f"{v.normalize():f}" for v in row["vals"])
        pages = ", ".join(f"p{p}" for p in row["pages"])
        audits[row["doc_id"]].facts_stated_twice.append(
            f"{fact_name(row)} ({row['period']}): {values} {row['unit']} ({pages})"
        )
    for row in rows(con, CHANGES_BEYOND_FIGURE_SQL):
        audits[row["doc_id"]].changes_beyond_figure.append(
            f"p{row['page']} {fact_name(row)}: {row['value'].normalize():f} {row['unit']}, "
            f"change {row['change_value'].normalize():f}"
        )


def fact_name(row: dict[str, Any]) -> str:
    return f"{row['fact']} {row['subject']}" if row["subject"] else row["fact"]


def keep_sample(samples: list[str], text: str) -> None:
    """Add one line to a document's sample, up to SAMPLES_SHOWN."""
    if len(samples) < SAMPLES_SHOWN:
        samples.append(text)


def document_audit(row: dict[str, Any]) -> DocumentAudit:
    return DocumentAudit(
        doc_id=row["doc_id"],
        file_name=row["file_name"],
        status=row["status"],
        doc_kind=row["doc_kind"],
        agency=row["agency"],
        fiscal_year=row["fiscal_year"],
        amount_cells=row.get("amount_cells") or 0,
        amount_cells_placed=row.get("amount_cells_placed") or 0,
        tables_found=row["tables_found"] or 0,
        standard_tables_expected=row.get("standard_tables_expected") or 0,
        standard_tables_missing=list(row.get("standard_tables_missing") or []),
        checks_failed=row["checks_failed"],
        checks_total=row["checks_total"],
        part=row.get("part"),
        linked_doc_id=row.get("linked_doc_id"),
    )


def summarise(audits: list[DocumentAudit]) -> AuditSummary:
    with_tables = [a for a in audits if a.doc_kind in (DocKind.BUDGET, DocKind.FINAL)]
    disclosures = [a for a in audits if a.doc_kind != "other"]
    return AuditSummary(
        documents=len(audits),
        failed=sum(a.status == "failed" for a in audits),
        not_disclosures=len(audits) - len(disclosures),
        amount_cells=sum(a.amount_cells for a in disclosures),
        amount_cells_placed=sum(a.amount_cells_placed for a in disclosures),
        documents_below_97=sum(a.placed_share < 0.97 for a in disclosures),
        null_measure_items=sum(a.null_measure_items for a in audits),
        unlabelled_items=sum(a.unlabelled_items for a in audits),
        tables_without_unit=sum(len(a.tables_without_unit) for a in audits),
        standard_tables_missing=sum(len(a.standard_tables_missing) for a in audits),
        tables_with_inferred_unit=sum(len(a.tables_with_inferred_unit) for a in audits),
        checks_failed=sum(a.checks_failed for a in audits),
        checks_total=sum(a.checks_total for a in audits),
        missing_agency=sum(a.agency is None for a in with_tables),
        missing_year=sum(a.fiscal_year is None for a in with_tables),
        facts_stated_twice=sum(len(a.facts_stated_twice) for a in audits),
        changes_beyond_figure=sum(len(a.changes_beyond_figure) for a in audits),
    )


def format_audit(summary: AuditSummary, audits: list[DocumentAudit], limit: int | None = None) -> str:
    """The audit as text: the totals, then each document least complete first."""
    lines = [
        f"documents {summary.documents} (failed {summary.failed}; {summary.not_disclosures} not disclosures, "
        "left out of the amounts); amounts placed "
        f"{summary.amount_cells_placed:,} / {summary.amount_cells:,} = {summary.placed_share:.2%}; "
        f"documents below 97 %: {summary.documents_below_97}",
        f"standard tables missing without explanation: {summary.standard_tables_missing}; "
        f"line items without measure: {summary.null_measure_items}; rows without code or name: "
        f"{summary.unlabelled_items}; standard tables without unit: {summary.tables_without_unit}; "
        f"typed tables with an inferred unit: {summary.tables_with_inferred_unit}",
        f"checks failed {summary.checks_failed} / {summary.checks_total} = {summary.check_fail_rate:.2%}; "
        f"budgets/finals without agency: {summary.missing_agency}, without year: {summary.missing_year}",
        f"facts stated twice with different values: {summary.facts_stated_twice}; changes larger than "
        f"their figure: {summary.changes_beyond_figure}",
        "",
    ]
    for audit in audits[:limit] if limit else audits:
        lines.append(
            f"{audit.placed_share:7.2%}  {audit.amount_cells_placed}/{audit.amount_cells}  "
            f"{audit.doc_id[:12]} {audit.file_name} [{audit.status}, {audit.doc_kind}, "
            f"{audit.fiscal_year}, {audit.agency}] tables {audit.tables_found}, "
            f"checks failed {audit.checks_failed}/{audit.checks_total}"
        )
        if audit.linked_doc_id:
            lines.append(f"    {audit.part} part of one disclosure with {audit.linked_doc_id[:12]}")
        if audit.standard_tables_missing:
            lines.append(f"    missing standard tables: {', '.join(audit.standard_tables_missing)}")
        for group in audit.unplaced:
            name = group.title or ("untitled table " + group.table_id if group.table_id else "unruled lines")
            where = f"{name} (p{group.page})"
            lines.append(
                f"    unplaced {group.cells:4d}  {where}  [{group.column_header or '-'}]  {group.sample}"
            )
        if audit.null_measure_items:
            lines.append(f"    line items without measure: {audit.null_measure_items}")
            lines.extend(f"      {s}" for s in audit.null_measure_sample)
        if audit.unlabelled_items:
            lines.append(f"    rows without code or name: {audit.unlabelled_items}")
            lines.extend(f"      {s}" for s in audit.unlabelled_sample)
        if audit.tables_without_unit:
            lines.append(f"    tables without unit: {'; '.join(audit.tables_without_unit)}")
        if audit.tables_with_inferred_unit:
            lines.append(f"    tables with an inferred unit: {'; '.join(audit.tables_with_inferred_unit)}")
        lines.extend(f"    fact stated twice: {text}" for text in audit.facts_stated_twice)
        lines.extend(f"    change larger than its figure: {text}" for text in audit.changes_beyond_figure)
    return "\n".join(lines)
