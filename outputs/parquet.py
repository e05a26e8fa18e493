"""The canonical tables' schemas, and records -> Arrow tables.

The schemas are the dataset's contract (column names and types; amounts decimal128), derived from
the record dataclasses: a field's Arrow type follows from its type hint (ARROW_TYPES), or from
FIELD_TYPES where the stored type is not the obvious one. outputs.delta
stores each table as a Delta table with the stored schema of `stored_schema`: the record columns,
then the document's `fiscal_year` and `doc_kind` (the partition columns) where the record lacks
them, and `retry` on documents.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache
from operator import attrgetter
from typing import Any, Union, get_args, get_origin, get_type_hints

import pyarrow as pa
from disclosure.normalizers.parts import DocumentLink
from disclosure.normalizers.records import (
    DocumentResult,
    DocumentSource,
    LinkedCheckRecord,
)
from disclosure.outputs.layout import LINKED_CHECKS_TABLE, LINKS_TABLE, SOURCES_TABLE, table_name
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
TIMESTAMP_TYPE = pa.timestamp("us", tz="UTC")

# The output tables (the fields of DocumentResult) and their record types: each table's columns are
# the record's fields, in the dataclass's order.
RECORD_TYPES: dict[str, type] = {
    table_name(name): get_args(hint)[0] if get_origin(hint) is list else hint
    for name, hint in get_type_hints(DocumentResult).items()
}
# Every table of a dataset folder: the output tables, then the sources and links of documents and the
# checks across linked files.
STORED_RECORD_TYPES: dict[str, type] = {
    **RECORD_TYPES,
    SOURCES_TABLE: DocumentSource,
    LINKS_TABLE: DocumentLink,
    LINKED_CHECKS_TABLE: LinkedCheckRecord,
}

# The Arrow type of a field from its Python type (None in a union only makes it nullable, as every
# column is). Decimal fields default to amounts in yuan; ints are 32-bit unless overridden.
ARROW_TYPES: dict[type, pa.DataType] = {
    str: pa.string(),
    int: pa.int32(),
    float: pa.float32(),
    bool: pa.bool_(),
    Decimal: AMOUNT_TYPE,
    datetime: TIMESTAMP_TYPE,
}


def typed(data_type: pa.DataType, *names: str) -> dict[str, pa.DataType]:
    """The same Arrow type for several fields of one table."""
    return dict.fromkeys(names, data_type)


# Fields stored as other than their Python type's default: table -> field -> Arrow type.
FIELD_TYPES: dict[str, dict[str, pa.DataType]] = {
    "documents": {"file_bytes": pa.int64()},
    "line_items": {"code_level": pa.int8()},
    "scorecards": typed(
        POINTS_TYPE,
        "total_weight",
        "total_score",
        "scores_difference",
        "weights_difference",
        "execution_rate_difference",
    ),
    "scorecard_funds": typed(POINTS_TYPE, "execution_rate", "balance_rate", "weight", "score"),
    "scorecard_indicators": {
        **typed(POINTS_TYPE, "level1_weight", "weight", "score"),
        **typed(VALUE_TYPE, "target_value", "target_value_max", "actual_value", "actual_value_max"),
    },
    "facts": typed(FACT_VALUE_TYPE, "value", "change_value", "change_pct", "share_pct"),
    "checks": typed(CHECK_VALUE_TYPE, "expected", "actual", "difference"),
    LINKED_CHECKS_TABLE: typed(CHECK_VALUE_TYPE, "expected", "actual", "difference"),
}


def arrow_type(hint: Any) -> pa.DataType:
    """The Arrow type of a type hint: X | None as X, list[X] as a list, a dataclass as a struct."""
    if get_origin(hint) in (Union, types.UnionType):
        (hint,) = (arg for arg in get_args(hint) if arg is not type(None))
    if get_origin(hint) is list:
        return pa.list_(arrow_type(get_args(hint)[0]))
    if isinstance(hint, type) and is_dataclass(hint):
        return pa.struct(record_fields(hint))
    return ARROW_TYPES[hint]


def record_fields(record_type: type, overrides: dict[str, pa.DataType] | None = None) -> list[pa.Field]:
    """A record type's fields as Arrow fields, in order; `overrides` by field name."""
    hints = get_type_hints(record_type)
    overrides = overrides or {}
    return [pa.field(f.name, overrides.get(f.name) or arrow_type(hints[f.name])) for f in fields(record_type)]


SCHEMAS: dict[str, pa.Schema] = {
    name: pa.schema(record_fields(record_type, FIELD_TYPES.get(name)))
    for name, record_type in STORED_RECORD_TYPES.items()
}
PARTITION_FIELDS = (pa.field("fiscal_year", pa.int32()), pa.field("doc_kind", pa.string()))
# documents: failed on a resource limit or a write error, so the next run processes it again.
RETRY_FIELD = pa.field("retry", pa.bool_())


@cache  # schemas are immutable; every document's every table asks again
def stored_schema(name: str) -> pa.Schema:
    """A table's columns as stored: its contract, then the partition columns it lacks (and documents' retry)."""
    schema = SCHEMAS[name]
    for extra in PARTITION_FIELDS:
        if extra.name not in schema.names:
            schema = schema.append(extra)
    return schema.append(RETRY_FIELD) if name == "documents" else schema


def arrow_value(value: Any) -> Any:
    """A record field as pyarrow takes it: nested records (check regions) become dicts."""
    if isinstance(value, list) and value and is_dataclass(value[0]):
        return [record_dict(item) for item in value]
    return value


def record_dict(record: Any) -> dict[str, Any]:
    """A record as a dict of its fields, records inside it as dicts too: dataclasses.asdict's
    result, without the deep copy of every value it makes (pyarrow only reads them)."""
    return {f.name: plain_value(getattr(record, f.name)) for f in fields(record)}


def plain_value(value: Any) -> Any:
    """A field of a nested record: records as dicts, lists of them as lists of dicts."""
    if is_dataclass(value):
        return record_dict(value)
    if isinstance(value, list):
        return [plain_value(item) for item in value]
    return value


def arrange(table: pa.Table, schema: pa.Schema, extra: Mapping[str, Any]) -> pa.Table:
    """The table's columns in the schema's order, `extra` filling the columns it lacks."""
    present = set(table.column_names)  # a new list on every access: read it once
    columns = [table[f.name] if f.name in present else extra[f.name] for f in schema]
    return pa.Table.from_arrays(columns, schema=schema)


def to_arrow(name: str, records: list[Any]) -> pa.Table:
    """Records of one table as an Arrow table with its contract schema (SCHEMAS[name])."""
    schema = SCHEMAS[name]
    nested = nested_columns(name)
    # Shallow reads: dataclasses.asdict deep-copies every value and dominated the write time. Only
    # the columns of nested records (check regions) go through arrow_value: a call per value of
    # every column (cells: a dozen columns of every grid cell) cost as much as the conversion.
    columns = {}
    for f in schema:
        values = list(map(attrgetter(f.name), records))
        if f.name in nested:
            values = [arrow_value(value) for value in values]
        columns[f.name] = pa.array(values, type=f.type)
    return pa.table(columns, schema=schema)


@cache
def nested_columns(name: str) -> frozenset[str]:
    """The columns of a table that hold lists of records (the only values arrow_value changes)."""
    return frozenset(
        f.name for f in SCHEMAS[name] if pa.types.is_list(f.type) and pa.types.is_struct(f.type.value_type)
    )
