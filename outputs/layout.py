"""The dataset folder's layout without Arrow: its table names, its commit point, an earlier layout's traces.

Kept apart from outputs.parquet and outputs.delta (which import pyarrow, and through it numpy) so
that outputs.dataset, and with it `disclosure query`, starts without them.
"""

from __future__ import annotations

import json
from pathlib import Path


def table_name(field_name: str) -> str:
    """The table a field of DocumentResult fills: its one `document` fills the table `documents`."""
    return "documents" if field_name == "document" else field_name


# The output tables, one per field of DocumentResult in its order (table_name of each field;
# tests/test_commands.py holds the two together). Written out rather than read from the dataclass:
# importing normalizers.records (sixty dataclasses) would be a twentieth of `query`'s start-up.
TABLE_NAMES = (
    "documents",
    "tables",
    "line_items",
    "cells",
    "scorecards",
    "scorecard_funds",
    "scorecard_indicators",
    "facts",
    "checks",
    "unplaced_amounts",
)
SOURCES_TABLE = "document_sources"
LINKS_TABLE = "document_links"
LINKED_CHECKS_TABLE = "linked_checks"
# Every table is partitioned by these columns of its own rows: the document's year and kind (the
# scorecards' fiscal_year is the card's own year, which its document's nearly always shares).
PARTITION_COLUMNS = ("fiscal_year", "doc_kind")
VERSIONS_FILE = "_versions.json"

# What an earlier layout (0.1.0 flat files, 0.3.0 catalog) leaves in the folder; outputs.legacy converts it.
CATALOG_FILE = "_catalog.sqlite"
LINKS_FILE = "document_links.parquet"
LEGACY = ".legacy"
MOVING = ".legacy-moving"
OLD_FILES = (CATALOG_FILE, f"{CATALOG_FILE}-wal", f"{CATALOG_FILE}-shm", LINKS_FILE, ".staging")


def stored_tables() -> tuple[str, ...]:
    """Every table of a dataset folder: the output tables, document_sources, and the two derived
    from the whole dataset after each ingest, document_links and linked_checks."""
    return (*TABLE_NAMES, SOURCES_TABLE, LINKS_TABLE, LINKED_CHECKS_TABLE)


def read_versions(out: Path) -> dict[str, int]:
    """The table versions of the last complete commit ({} before the first)."""
    path = out / VERSIONS_FILE
    return json.loads(path.read_text("utf-8")) if path.is_file() else {}


def old_items(out: Path) -> list[Path]:
    """What of an earlier layout lies in the dataset folder: table folders that are not Delta tables, the catalog."""
    folders = [
        out / n for n in stored_tables() if (out / n).is_dir() and not (out / n / "_delta_log").is_dir()
    ]
    return folders + [out / n for n in OLD_FILES if (out / n).exists()]


def needs_conversion(out: Path) -> bool:
    """True when the folder holds (part of) an earlier layout, or a conversion that did not finish."""
    if (out / LEGACY).is_dir() or (out / MOVING).is_dir():
        return True
    return any(p.is_file() or any(p.rglob("*.parquet")) for p in old_items(out))
