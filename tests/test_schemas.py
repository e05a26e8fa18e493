"""The stored schemas: derived from the record dataclasses, and pinned column by column."""

from __future__ import annotations

from dataclasses import fields

import pyarrow as pa
import pytest
from disclosure.outputs.parquet import (
    FIELD_TYPES,
    SCHEMAS,
    STORED_RECORD_TYPES,
    record_fields,
    stored_schema,
    stored_tables,
)

# Every stored table as it is on disk (the record columns, partition columns, retry), as of the
# schemas written out field by field; a change here is a change of the dataset's contract.
PINNED = {
    "documents": "doc_id string, source string, file_name string, file_bytes int64, pages int32, status string, error string, doc_kind string, scope string, agency string, fiscal_year int32, text_pages int32, image_pages int32, tables_found int32, pipeline_version string, ingested_at timestamp[us, tz=UTC], amount_cells int32, amount_cells_placed int32, standard_tables_expected int32, standard_tables_missing list<item: string>, part string, retry bool",
    "tables": "doc_id string, table_id string, table_kind string, title string, unit string, pages list<item: int32>, n_rows int32, n_cols int32, engine string, unit_source string, fiscal_year int32, doc_kind string",
    "line_items": "doc_id string, table_id string, table_kind string, row int32, side string, code string, code_scheme string, code_level int8, item_name string, item_name_raw string, measure string, measure_raw string, amount decimal128(28, 6), amount_raw string, unit_raw string, page int32, col int32, alt_code string, alt_code_scheme string, alt_item_name string, fund string, unit_code string, fiscal_year int32, doc_kind string",
    "cells": "doc_id string, table_id string, page int32, row int32, col int32, text string, x0 float, top float, x1 float, bottom float, confidence float, flag string, fiscal_year int32, doc_kind string",
    "scorecards": "doc_id string, scorecard_id string, kind string, title string, project_name string, competent_department string, implementing_unit string, fiscal_year int32, goal_planned string, goal_actual string, total_weight decimal128(18, 6), total_score decimal128(18, 6), total_weight_raw string, total_score_raw string, unit_raw string, pages list<item: int32>, n_indicators int32, check_scores string, scores_difference decimal128(18, 6), check_weights string, weights_difference decimal128(18, 6), check_execution_rate string, execution_rate_difference decimal128(18, 6), check_funds_lines string, funds_lines_difference decimal128(28, 6), doc_kind string",
    "scorecard_funds": "doc_id string, scorecard_id string, line string, line_raw string, budget_initial decimal128(28, 6), budget_initial_raw string, budget_adjustment decimal128(28, 6), budget_adjustment_raw string, budget_full_year decimal128(28, 6), budget_full_year_raw string, executed decimal128(28, 6), executed_raw string, execution_rate decimal128(18, 6), execution_rate_raw string, balance decimal128(28, 6), balance_raw string, balance_rate decimal128(18, 6), balance_rate_raw string, weight decimal128(18, 6), weight_raw string, score decimal128(18, 6), score_raw string, unit_raw string, page int32, fiscal_year int32, doc_kind string",
    "scorecard_indicators": "doc_id string, scorecard_id string, row int32, level1 string, level1_weight decimal128(18, 6), level2 string, level3 string, target_raw string, target_op string, target_value decimal128(24, 6), target_value_max decimal128(24, 6), target_unit string, actual_raw string, actual_op string, actual_value decimal128(24, 6), actual_value_max decimal128(24, 6), actual_unit string, weight decimal128(18, 6), weight_raw string, score decimal128(18, 6), score_raw string, deviation_reason string, page int32, fiscal_year int32, doc_kind string",
    "facts": "doc_id string, fact string, subject string, period string, value decimal128(20, 4), unit string, change_value decimal128(20, 4), change_pct decimal128(20, 4), share_pct decimal128(20, 4), share_of string, relation string, reason string, sentence string, page int32, x0 float, top float, x1 float, bottom float, fiscal_year int32, doc_kind string",
    "checks": "doc_id string, check_id string, scope string, status string, expected decimal128(24, 4), actual decimal128(24, 4), difference decimal128(24, 4), tables list<item: string>, pages list<item: int32>, detail string, regions list<item: struct<role: string, page: int32, x0: float, top: float, x1: float, bottom: float>>, fiscal_year int32, doc_kind string",
    "unplaced_amounts": "doc_id string, table_id string, table_kind string, title string, page int32, col int32, column_header string, cells int32, sample string, fiscal_year int32, doc_kind string",
    "document_sources": "doc_id string, source string, file_name string, first_seen timestamp[us, tz=UTC], fiscal_year int32, doc_kind string",
    "document_links": "doc_id string, part string, linked_doc_id string, linked_part string, basis string, agency string, figures_compared int32, figures_found int32, fiscal_year int32, doc_kind string",
    "linked_checks": "doc_id string, check_id string, scope string, status string, expected decimal128(24, 4), actual decimal128(24, 4), difference decimal128(24, 4), tables list<item: string>, pages list<item: int32>, detail string, regions list<item: struct<role: string, page: int32, x0: float, top: float, x1: float, bottom: float>>, linked_doc_id string, fiscal_year int32, doc_kind string",
}


def columns(schema: pa.Schema) -> str:
    return ", ".join(f"{f.name} {f.type}" for f in schema)


@pytest.mark.parametrize("name", stored_tables())
def test_stored_schema_is_pinned(name: str) -> None:
    schema = stored_schema(name)
    assert columns(schema) == PINNED[name]
    # No column is declared non-null and none carries metadata: readers rely on neither.
    assert all(f.nullable and not f.metadata for f in schema)
    assert schema.metadata is None


@pytest.mark.parametrize("name", stored_tables())
def test_schema_is_its_dataclass(name: str) -> None:
    record_type = STORED_RECORD_TYPES[name]
    assert SCHEMAS[name].names == [f.name for f in fields(record_type)]
    assert SCHEMAS[name].equals(pa.schema(record_fields(record_type, FIELD_TYPES.get(name))))


def test_every_type_override_names_a_field() -> None:
    for name, overrides in FIELD_TYPES.items():
        assert set(overrides) <= set(SCHEMAS[name].names), name
