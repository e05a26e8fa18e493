"""A document's rows staged for the next commit: Arrow tables in stored order, with its partition.

outputs.delta.DatasetWriter stages one Pending per document and commits a batch of them table by
table; what the dataset already holds of a document is its DocState.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pyarrow as pa
from disclosure.normalizers.records import DocumentResult, DocumentSource
from disclosure.outputs.parquet import SOURCES_TABLE, TABLE_NAMES, arrange, stored_schema, to_arrow

# The tables a document's rows are in: a re-ingested document replaces its rows in all of them.
DOCUMENT_TABLES = (*TABLE_NAMES, SOURCES_TABLE)


@dataclass(frozen=True)
class DocState:
    """What the dataset holds of a document: enough to skip it, retry it, or place its rows."""

    pipeline_version: str
    status: str
    retry: bool
    fiscal_year: int | None
    doc_kind: str | None


Source = tuple[str, str, datetime]  # source, file_name, first_seen


@dataclass
class Pending:
    """A document's rows waiting for the next commit; `replaces`: the tables whose earlier rows go."""

    doc_id: str
    state: DocState
    sources: list[Source]
    result: DocumentResult | None = None  # None: only its sources change
    retry: bool = False
    rows: dict[str, pa.Table] = field(default_factory=dict)
    replaces: tuple[str, ...] = DOCUMENT_TABLES

    def table(self, name: str) -> pa.Table | None:
        if name == SOURCES_TABLE:
            return sources_table(self.doc_id, self.sources, self.state)
        return self.rows.get(name)


def with_partitions(table: pa.Table, name: str, state: DocState) -> pa.Table:
    """A table's rows in stored order, with the document's fiscal_year/doc_kind (and retry) added where missing."""
    document = {"fiscal_year": state.fiscal_year, "doc_kind": state.doc_kind, "retry": state.retry}
    schema = stored_schema(name)
    present = set(table.column_names)  # a new list on every access: read it once
    extra = {
        f.name: pa.array([document[f.name]] * table.num_rows, f.type) for f in schema if f.name not in present
    }
    return arrange(table, schema, extra)


def sources_table(doc_id: str, sources: list[Source], state: DocState) -> pa.Table:
    """A document's document_sources rows, oldest first."""
    rows = sorted(sources, key=lambda s: (s[2], s[0]))
    records = [
        DocumentSource(doc_id, source, file_name, first_seen) for source, file_name, first_seen in rows
    ]
    return with_partitions(to_arrow(SOURCES_TABLE, records), SOURCES_TABLE, state)


def records_of(result: DocumentResult, name: str) -> list[object]:
    """A document's records for one output table (table name = field name of DocumentResult)."""
    if name == "documents":
        return [result.document]
    return list(getattr(result, name, None) or [])
