"""The canonical tables' schemas, and records -> Arrow tables.

The schemas are the dataset's contract (column names and types; amounts decimal128). outputs.delta
stores each table as a Delta table with the stored schema of `stored_schema`: the record columns,
then the document's `fiscal_year` and `doc_kind` (the partition columns) where the record lacks
them, and `retry` on documents.
"""

from __future__ import annotations

from dataclasses import asdict, fields, is_dataclass
from typing import Any

import pyarrow as pa
from disclosure.normalizers.records import (
    CellRecord,
    CheckRecord,
    DocumentRecord,
    FactRecord,
    LineItem,
    ScorecardFunds,
    ScorecardIndicator,
    ScorecardRecord,
    TableRecord,
    UnplacedAmounts,
)
from disclosure.outputs.layout import LINKS_TABLE, SOURCES_TABLE
from disclosure.outputs.layout import PARTITION_COLUMNS as PARTITION_COLUMNS
from disclosure.outputs.layout import TABLE_NAMES as TABLE_NAMES
from disclosure.outputs.layout import stored_tables as stored_tables

# Amounts in yuan keep every printed digit: 万元 with six decimals is whole fen, but an amount whose
# unit was not recognised (or 元 printed with 4 decimals) keeps its own up to six; 22 integer digits.
# Files written by earlier versions hold decimal(20, 2); outputs.dataset's views cast them to this.
AMOUNT_TYPE = pa.decimal128(28, 6)
# Scores, weights and rates (percent) are printed with at most a few decimals.
POINTS_TYPE = pa.decimal128(18, 6)
# Target and actual values ("≥800万人次" -> 800), at most MAX_DECIMALS places (normalizers.scorecards).
VALUE_TYPE = pa.decimal128(24, 6)
# Narrative figures keep their printed precision; check figures include computed percentages.
FACT_VALUE_TYPE = pa.decimal128(20, 4)
CHECK_VALUE_TYPE = pa.decimal128(24, 4)

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema(
        [
            ("doc_id", pa.string()),
            ("source", pa.string()),
            ("file_name", pa.string()),
            ("file_bytes", pa.int64()),
            ("pages", pa.int32()),
            ("status", pa.string()),
            ("error", pa.string()),
            ("doc_kind", pa.string()),
            ("scope", pa.string()),
            ("agency", pa.string()),
            ("fiscal_year", pa.int32()),
            ("text_pages", pa.int32()),
            ("image_pages", pa.int32()),
            ("tables_found", pa.int32()),
            ("pipeline_version", pa.string()),
            ("ingested_at", pa.timestamp("us", tz="UTC")),
            ("amount_cells", pa.int32()),
            ("amount_cells_placed", pa.int32()),
            ("standard_tables_expected", pa.int32()),
            ("standard_tables_missing", pa.list_(pa.string())),
            ("part", pa.string()),
        ]
    ),
    "tables": pa.schema(
        [
            ("doc_id", pa.string()),
            ("table_id", pa.string()),
            ("table_kind", pa.string()),
            ("title", pa.string()),
            ("unit", pa.string()),
            ("pages", pa.list_(pa.int32())),
            ("n_rows", pa.int32()),
            ("n_cols", pa.int32()),
            ("engine", pa.string()),
        ]
    ),
    "line_items": pa.schema(
        [
            ("doc_id", pa.string()),
            ("table_id", pa.string()),
            ("table_kind", pa.string()),
            ("row", pa.int32()),
            ("side", pa.string()),
            ("code", pa.string()),
            ("code_scheme", pa.string()),
            ("code_level", pa.int8()),
            ("item_name", pa.string()),
            ("item_name_raw", pa.string()),
            ("measure", pa.string()),
            ("measure_raw", pa.string()),
            ("amount", AMOUNT_TYPE),
            ("amount_raw", pa.string()),
            ("unit_raw", pa.string()),
            ("page", pa.int32()),
            ("col", pa.int32()),
            ("alt_code", pa.string()),
            ("alt_code_scheme", pa.string()),
            ("alt_item_name", pa.string()),
            ("fund", pa.string()),
            ("unit_code", pa.string()),
        ]
    ),
    "cells": pa.schema(
        [
            ("doc_id", pa.string()),
            ("table_id", pa.string()),
            ("page", pa.int32()),
            ("row", pa.int32()),
            ("col", pa.int32()),
            ("text", pa.string()),
            ("x0", pa.float32()),
            ("top", pa.float32()),
            ("x1", pa.float32()),
            ("bottom", pa.float32()),
            ("confidence", pa.float32()),
            ("flag", pa.string()),
        ]
    ),
    "scorecards": pa.schema(
        [
            ("doc_id", pa.string()),
            ("scorecard_id", pa.string()),
            ("kind", pa.string()),
            ("title", pa.string()),
            ("project_name", pa.string()),
            ("competent_department", pa.string()),
            ("implementing_unit", pa.string()),
            ("fiscal_year", pa.int32()),
            ("goal_planned", pa.string()),
            ("goal_actual", pa.string()),
            ("total_weight", POINTS_TYPE),
            ("total_score", POINTS_TYPE),
            ("total_weight_raw", pa.string()),
            ("total_score_raw", pa.string()),
            ("unit_raw", pa.string()),
            ("pages", pa.list_(pa.int32())),
            ("n_indicators", pa.int32()),
            ("check_scores", pa.string()),
            ("scores_difference", POINTS_TYPE),
            ("check_weights", pa.string()),
            ("weights_difference", POINTS_TYPE),
            ("check_execution_rate", pa.string()),
            ("execution_rate_difference", POINTS_TYPE),
        ]
    ),
    "scorecard_funds": pa.schema(
        [
            ("doc_id", pa.string()),
            ("scorecard_id", pa.string()),
            ("line", pa.string()),
            ("line_raw", pa.string()),
            ("budget_initial", AMOUNT_TYPE),
            ("budget_initial_raw", pa.string()),
            ("budget_full_year", AMOUNT_TYPE),
            ("budget_full_year_raw", pa.string()),
            ("executed", AMOUNT_TYPE),
            ("executed_raw", pa.string()),
            ("execution_rate", POINTS_TYPE),
            ("execution_rate_raw", pa.string()),
            ("weight", POINTS_TYPE),
            ("weight_raw", pa.string()),
            ("score", POINTS_TYPE),
            ("score_raw", pa.string()),
            ("unit_raw", pa.string()),
            ("page", pa.int32()),
        ]
    ),
    "scorecard_indicators": pa.schema(
        [
            ("doc_id", pa.string()),
            ("scorecard_id", pa.string()),
            ("row", pa.int32()),
            ("level1", pa.string()),
            ("level1_weight", POINTS_TYPE),
            ("level2", pa.string()),
            ("level3", pa.string()),
            ("target_raw", pa.string()),
            ("target_op", pa.string()),
            ("target_value", VALUE_TYPE),
            ("target_value_max", VALUE_TYPE),
            ("target_unit", pa.string()),
            ("actual_raw", pa.string()),
            ("actual_op", pa.string()),
            ("actual_value", VALUE_TYPE),
            ("actual_value_max", VALUE_TYPE),
            ("actual_unit", pa.string()),
            ("weight", POINTS_TYPE),
            ("weight_raw", pa.string()),
            ("score", POINTS_TYPE),
            ("score_raw", pa.string()),
            ("deviation_reason", pa.string()),
            ("page", pa.int32()),
        ]
    ),
    "facts": pa.schema(
        [
            ("doc_id", pa.string()),
            ("fact", pa.string()),
            ("subject", pa.string()),
            ("period", pa.string()),
            ("value", FACT_VALUE_TYPE),
            ("unit", pa.string()),
            ("change_value", FACT_VALUE_TYPE),
            ("change_pct", FACT_VALUE_TYPE),
            ("share_pct", FACT_VALUE_TYPE),
            ("share_of", pa.string()),
            ("relation", pa.string()),
            ("reason", pa.string()),
            ("sentence", pa.string()),
            ("page", pa.int32()),
            ("x0", pa.float32()),
            ("top", pa.float32()),
            ("x1", pa.float32()),
            ("bottom", pa.float32()),
        ]
    ),
    "checks": pa.schema(
        [
            ("doc_id", pa.string()),
            ("check_id", pa.string()),
            ("scope", pa.string()),
            ("status", pa.string()),
            ("expected", CHECK_VALUE_TYPE),
            ("actual", CHECK_VALUE_TYPE),
            ("difference", CHECK_VALUE_TYPE),
            ("tables", pa.list_(pa.string())),
            ("pages", pa.list_(pa.int32())),
            ("detail", pa.string()),
            (
                "regions",
                pa.list_(
                    pa.struct(
                        [
                            ("role", pa.string()),
                            ("page", pa.int32()),
                            ("x0", pa.float32()),
                            ("top", pa.float32()),
                            ("x1", pa.float32()),
                            ("bottom", pa.float32()),
                        ]
                    )
                ),
            ),
        ]
    ),
}

SCHEMAS["unplaced_amounts"] = pa.schema(
    [
        ("doc_id", pa.string()),
        ("table_id", pa.string()),
        ("table_kind", pa.string()),
        ("title", pa.string()),
        ("page", pa.int32()),
        ("col", pa.int32()),
        ("column_header", pa.string()),
        ("cells", pa.int32()),
        ("sample", pa.string()),
    ]
)

SCHEMAS[SOURCES_TABLE] = pa.schema(
    [
        ("doc_id", pa.string()),
        ("source", pa.string()),
        ("file_name", pa.string()),
        ("first_seen", pa.timestamp("us", tz="UTC")),
    ]
)
SCHEMAS[LINKS_TABLE] = pa.schema(
    [
        ("doc_id", pa.string()),
        ("part", pa.string()),
        ("linked_doc_id", pa.string()),
        ("linked_part", pa.string()),
        ("basis", pa.string()),
        ("agency", pa.string()),
        ("figures_compared", pa.int32()),
        ("figures_found", pa.int32()),
    ]
)
PARTITION_FIELDS = (pa.field("fiscal_year", pa.int32()), pa.field("doc_kind", pa.string()))
# documents: failed on a resource limit or a write error, so the next run processes it again.
RETRY_FIELD = pa.field("retry", pa.bool_())


def stored_schema(name: str) -> pa.Schema:
    """A table's columns as stored: its contract, then the partition columns it lacks (and documents' retry)."""
    schema = SCHEMAS[name]
    for extra in PARTITION_FIELDS:
        if extra.name not in schema.names:
            schema = schema.append(extra)
    return schema.append(RETRY_FIELD) if name == "documents" else schema


RECORD_TYPES: dict[str, type] = {
    "documents": DocumentRecord,
    "tables": TableRecord,
    "line_items": LineItem,
    "cells": CellRecord,
    "scorecards": ScorecardRecord,
    "scorecard_funds": ScorecardFunds,
    "scorecard_indicators": ScorecardIndicator,
    "facts": FactRecord,
    "checks": CheckRecord,
    "unplaced_amounts": UnplacedAmounts,
}


def arrow_value(value: Any) -> Any:
    """A record field as pyarrow takes it: nested records (check regions) become dicts."""
    if isinstance(value, list) and value and is_dataclass(value[0]):
        return [asdict(item) for item in value]
    return value


def to_arrow(name: str, records: list[Any]) -> pa.Table:
    """Records of one output table as an Arrow table with the contract schema."""
    schema = SCHEMAS[name]
    names = [f.name for f in fields(RECORD_TYPES[name])]
    # Shallow reads: dataclasses.asdict deep-copies every value and dominated the write time.
    columns = {n: [arrow_value(getattr(record, n)) for record in records] for n in names}
    return pa.table(
        {field.name: pa.array(columns[field.name], type=field.type) for field in schema}, schema=schema
    )
