"""The `document_links` table: narrative and tables parts of one disclosure, linked across files.

Derived from the whole dataset (normalizers.parts) after every ingest and replaced in one Delta
commit (outputs.delta.DatasetWriter.replace_links); the DuckDB views read it like the other tables.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pyarrow as pa
from disclosure.normalizers.fact_vocabulary import UNIT_YUAN
from disclosure.normalizers.parts import DocumentLink, PartSummary
from disclosure.normalizers.vocabulary import TOTAL_WORDS
from disclosure.outputs.parquet import LINKS_TABLE, PARTITION_FIELDS, to_arrow

# The tables part_summaries reads.
SUMMARY_TABLES = ("documents", "facts", "line_items")
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


def links_table(links: list[DocumentLink], summaries: list[PartSummary]) -> pa.Table:
    """The document_links rows, with each linking document's fiscal_year and doc_kind (its partition)."""
    parts = {s.doc_id: s for s in summaries}
    table = to_arrow(LINKS_TABLE, links)
    for column in PARTITION_FIELDS:
        values = [getattr(parts[link.doc_id], column.name) for link in links]
        table = table.append_column(column, pa.array(values, column.type))
    return table
