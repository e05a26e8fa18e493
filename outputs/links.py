"""The `document_links` table: narrative and tables parts of one disclosure, linked across files;
and `linked_checks`, the narrative's figures checked against the other file's tables.

Derived from the whole dataset (normalizers.parts, normalizers.checks.run_linked_checks) after every
ingest and replaced together (outputs.delta.DatasetWriter.replace_links); the DuckDB views read them
like the other tables.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

import pyarrow as pa
from disclosure.normalizers.fact_vocabulary import UNIT_YUAN
from disclosure.normalizers.parts import DocumentLink, PartSummary
from disclosure.normalizers.records import (
    CellRecord,
    DocumentRecord,
    FactRecord,
    LineItem,
    LinkedCheckRecord,
    TableRecord,
)
from disclosure.normalizers.vocabulary import TOTAL_WORDS
from disclosure.outputs.parquet import LINKED_CHECKS_TABLE, LINKS_TABLE, PARTITION_FIELDS, to_arrow

# The tables part_summaries reads, and those the checks across linked files read too.
SUMMARY_TABLES = ("documents", "facts", "line_items")
LINKED_TABLES = (*SUMMARY_TABLES, "tables", "cells")
Record = TypeVar("Record")
# The narrative facts that state a disclosure's totals.
TOTAL_FACTS = ("income_total", "expenditure_total")
# The precisions narratives state totals at, in yuan: 万元 to two places (100 元), and 元.
NARRATIVE_STEPS = (Decimal("1E2"), Decimal("1"))


def part_summaries(con: object) -> list[PartSummary]:
    """Every narrative and tables part of the dataset, with the totals that can link them.

    `con` needs views of SUMMARY_TABLES only (outputs.dataset.connect(out, SUMMARY_TABLES))."""
    documents = con.execute(  # type: ignore[attr-defined]
        "SELECT doc_id, part, doc_kind, fiscal_year, agency FROM documents "
        "WHERE part IN ('narrative', 'tables') AND status <> 'failed'"
    ).fetchall()
    totals: dict[str, set[Decimal]] = {}
    for doc_id, value, unit in con.execute(  # type: ignore[attr-defined]
        "SELECT doc_id, value, unit FROM facts WHERE period = 'current' AND value IS NOT NULL "
        f"AND fact IN {TOTAL_FACTS}"
    ).fetchall():
        if unit in UNIT_YUAN:
            totals.setdefault(doc_id, set()).add(Decimal(value) * UNIT_YUAN[unit])
    words = " OR ".join(f"item_name LIKE '%{word}%'" for word in TOTAL_WORDS)
    for doc_id, amount in con.execute(  # type: ignore[attr-defined]
        "SELECT doc_id, amount FROM line_items WHERE table_kind = 'income_expenditure_summary' "
        f"AND amount IS NOT NULL AND ({words})"
    ).fetchall():
        # The narrative states a total at its printed precision (万元 to two places, 元): a
        # summary printed to the 元 or finer matches it once rounded the same way.
        exact = Decimal(amount)
        totals.setdefault(doc_id, set()).update(
            {exact, *(exact.quantize(step, ROUND_HALF_UP) for step in NARRATIVE_STEPS)}
        )
    return [
        PartSummary(
            doc_id, part, kind, year, agency, frozenset(v.normalize() for v in totals.get(doc_id, ()))
        )
        for doc_id, part, kind, year, agency in documents
    ]


@dataclass
class LinkedParts:
    """What the checks across the two files of a disclosure read: the narrative file's document and
    facts, the tables file's document, tables, line items and cells (read back from the dataset)."""

    narrative: DocumentRecord
    facts: list[FactRecord]
    tables_part: DocumentRecord
    tables: list[TableRecord]
    line_items: list[LineItem]
    cells: list[CellRecord]


def records_of(con: Any, table: str, record_type: type[Record], doc_id: str) -> list[Record]:
    """One document's rows of a table as its records, in the order they were written (DuckDB keeps
    a scan's insertion order): the order the checks first read them in."""
    names = [f.name for f in fields(record_type)]  # type: ignore[arg-type]
    listed = ", ".join(f'"{name}"' for name in names)
    rows = con.execute(f'SELECT {listed} FROM "{table}" WHERE doc_id = ?', [doc_id]).fetchall()
    return [record_type(**dict(zip(names, row, strict=True))) for row in rows]


def linked_parts(con: Any, narrative_id: str, tables_id: str) -> LinkedParts:
    """The records of a narrative file and of the tables file it is linked to.

    `con` needs views of LINKED_TABLES (outputs.dataset.connect(out, LINKED_TABLES))."""
    (narrative,) = records_of(con, "documents", DocumentRecord, narrative_id)
    (tables_part,) = records_of(con, "documents", DocumentRecord, tables_id)
    return LinkedParts(
        narrative=narrative,
        facts=records_of(con, "facts", FactRecord, narrative_id),
        tables_part=tables_part,
        tables=records_of(con, "tables", TableRecord, tables_id),
        line_items=records_of(con, "line_items", LineItem, tables_id),
        cells=records_of(con, "cells", CellRecord, tables_id),
    )


def linked_checks_table(checks: list[LinkedCheckRecord], summaries: list[PartSummary]) -> pa.Table:
    """The linked_checks rows, with each narrative file's fiscal_year and doc_kind (its partition)."""
    return derived_table(LINKED_CHECKS_TABLE, checks, summaries)


def links_table(links: list[DocumentLink], summaries: list[PartSummary]) -> pa.Table:
    """The document_links rows, with each linking document's fiscal_year and doc_kind (its partition)."""
    return derived_table(LINKS_TABLE, links, summaries)


def derived_table(name: str, records: list[Any], summaries: list[PartSummary]) -> pa.Table:
    """A derived table's rows, each with the partition columns of the document its doc_id names."""
    parts = {s.doc_id: s for s in summaries}
    table = to_arrow(name, records)
    for column in PARTITION_FIELDS:
        values = [getattr(parts[record.doc_id], column.name) for record in records]
        table = table.append_column(column, pa.array(values, column.type))
    return table
