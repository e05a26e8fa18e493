"""The dataset on disk at scale: partitioned Parquet, a catalog as the commit point, one writer, compaction.

Layout (every table of outputs.parquet.TABLE_NAMES, plus document_sources):

    OUT/<table>/year=<fiscal_year|unknown>/kind=<doc_kind|unknown>/<file>.parquet
    OUT/_catalog.sqlite   which files are live (outputs.catalog)
    OUT/_lock             held (flock) by the one process writing the dataset

A document's rows go to one file per table, named `<doc_id[:16]>-<random>.parquet`; compaction merges
a partition's files into `part-<random>.parquet`. Names are never reused, so a reader never sees a
file change under it. Partition folders are named `year=`/`kind=` (not fiscal_year/doc_kind) so that
hive-aware readers (pyarrow, pandas) add them as extra columns instead of clashing with the columns
of the same meaning in `documents`.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from normalizers.records import DocumentRecord, DocumentResult
from outputs.catalog import CATALOG_FILE, Catalog, DocState, LiveFile, NewFile
from outputs.parquet import SCHEMAS, STAGING, TABLE_NAMES, to_arrow

LOCK_FILE = "_lock"
SOURCES_TABLE = "document_sources"
SOURCES_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("source", pa.string()),
        ("file_name", pa.string()),
        ("first_seen", pa.timestamp("us", tz="UTC")),
    ]
)
UNKNOWN = "unknown"
# A compacted file holds at most this many rows; row groups keep DuckDB's scans parallel.
COMPACT_MAX_ROWS = 2_000_000
ROW_GROUP_ROWS = 128_000


class DatasetBusy(Exception):
    """Another process holds the dataset's write lock."""


def stored_tables() -> tuple[str, ...]:
    """Every table kept in the dataset: the canonical output tables, then document_sources."""
    return (*TABLE_NAMES, SOURCES_TABLE)


def schema_of(name: str) -> pa.Schema:
    return SOURCES_SCHEMA if name == SOURCES_TABLE else SCHEMAS[name]


def partition_of(doc: DocumentRecord) -> str:
    """`year=2024/kind=final`: the folder of a document's files within each table."""
    year = doc.fiscal_year if doc.fiscal_year is not None else UNKNOWN
    return f"year={year}/kind={doc.doc_kind or UNKNOWN}"


def records_of(result: DocumentResult, name: str) -> list[Any]:
    """A document's records for one output table (generic over TABLE_NAMES: table name = field name)."""
    if name == "documents":
        return [result.document]
    return list(getattr(result, name, None) or [])


def sources_arrow(doc_id: str, sources: list[tuple[str, str, str]]) -> pa.Table:
    rows = sorted(sources, key=lambda s: (s[2], s[0]))
    return pa.table(
        {
            "doc_id": [doc_id] * len(rows),
            "source": [s[0] for s in rows],
            "file_name": [s[1] for s in rows],
            "first_seen": pa.array(
                [datetime.fromisoformat(s[2]) for s in rows], pa.timestamp("us", tz="UTC")
            ),
        },
        schema=SOURCES_SCHEMA,
    )


def is_catalogued(out: Path) -> bool:
    return (out / CATALOG_FILE).is_file()


def read_catalog(out: Path) -> Catalog:
    """The catalog opened read-only (for readers; no lock needed)."""
    return Catalog(out, readonly=True)


@dataclass
class GarbageReport:
    """What a writer cleaned up when it opened the dataset."""

    stray_files: int = 0
    legacy_documents: int = 0


class DatasetWriter:
    """The single writer of a dataset folder: holds the lock, commits documents, compacts.

    Use as a context manager. Opening it deletes what a killed run left behind (staged files and
    files the catalog does not list) and moves a dataset written by an earlier, unpartitioned
    version of this tool (OUT/<table>/<doc_id>.parquet) into the partitioned layout.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        out.mkdir(parents=True, exist_ok=True)
        self._lock: IO[str] | None = open(out / LOCK_FILE, "a+")  # noqa: SIM115 - held for the writer's life
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.close()
            self._lock = None
            raise DatasetBusy(
                f"{out}: another run is writing this dataset (lock {out / LOCK_FILE})"
            ) from None
        for name in stored_tables():
            (out / name).mkdir(exist_ok=True)
        self.catalog = Catalog(out)
        self.garbage = GarbageReport()
        self.garbage.legacy_documents = self._adopt_legacy()
        self.garbage.stray_files = self._collect_garbage()

    def __enter__(self) -> DatasetWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._lock is not None:
            self.catalog.close()
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None

    # --- documents ---------------------------------------------------------------------------

    def state(self, doc_id: str) -> DocState | None:
        return self.catalog.doc_state(doc_id)

    def write(self, result: DocumentResult, sources: list[tuple[str, str]], retry: bool = False) -> None:
        """Commit one document: its rows in every table and its sources, replacing any earlier rows.

        All or nothing: when converting, writing or committing raises, no file of the call is left
        and the dataset holds what it held before (pipeline.ingest then records the document failed).
        """
        doc = result.document
        partition = partition_of(doc)
        known = self.catalog.sources_of(doc.doc_id)
        known_sources = {s[0] for s in known}
        added = [s for s in dict.fromkeys(sources) if s[0] not in known_sources]
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        arrow: dict[str, pa.Table] = {}
        for name in TABLE_NAMES:
            records = records_of(result, name)
            if records:
                arrow[name] = to_arrow(name, records)
        arrow[SOURCES_TABLE] = sources_arrow(doc.doc_id, known + [(s, f, stamp) for s, f in added])
        new_files = self._place(doc.doc_id, partition, arrow)
        state = (doc.pipeline_version, doc.status, partition, retry)
        try:
            orphaned = self.catalog.commit_document(doc.doc_id, stored_tables(), new_files, state, added)
        except BaseException:  # rolled back: the placed files are not live, so leave none behind
            self._unlink([f.path for f in new_files])
            raise
        self._unlink(orphaned)

    def add_source(self, doc_id: str, source: str, file_name: str) -> bool:
        """Record another name for bytes already in the dataset; False when it was known."""
        if self.catalog.has_source(doc_id, source):
            return False
        partition = self.catalog.db.execute(
            "SELECT partition FROM docs WHERE doc_id = ?", (doc_id,)
        ).fetchone()[0]
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        table = sources_arrow(doc_id, [*self.catalog.sources_of(doc_id), (source, file_name, stamp)])
        new_files = self._place(doc_id, partition, {SOURCES_TABLE: table})
        orphaned = self.catalog.commit_document(
            doc_id, [SOURCES_TABLE], new_files, None, [(source, file_name)]
        )
        self._unlink(orphaned)
        return True

    def _place(self, doc_id: str, partition: str, tables: dict[str, pa.Table]) -> list[NewFile]:
        """Write each table to a staged file, then move it to a fresh name in its partition folder."""
        staging = self.out / STAGING / f"{doc_id[:16]}-{uuid.uuid4().hex[:8]}"
        staging.mkdir(parents=True)
        placed: list[NewFile] = []
        try:
            for name, table in tables.items():
                staged = staging / f"{name}.parquet"
                pq.write_table(table, staged)
                relative = f"{name}/{partition}/{doc_id[:16]}-{uuid.uuid4().hex[:8]}.parquet"
                (self.out / relative).parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, self.out / relative)
                placed.append(NewFile(relative, name, partition, (doc_id,), table.num_rows))
        except BaseException:  # not committed: remove what was moved into the partition folders
            self._unlink([f.path for f in placed])
            raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return placed

    def _unlink(self, paths: list[str]) -> None:
        for path in paths:
            (self.out / path).unlink(missing_ok=True)

    # --- housekeeping ------------------------------------------------------------------------

    def _collect_garbage(self) -> int:
        """Delete staged files and Parquet files the catalog does not list (left by a killed run)."""
        staging = self.out / STAGING
        if staging.is_dir():
            for entry in staging.iterdir():
                if entry.is_dir():
                    shutil.rmtree(entry, ignore_errors=True)
        live = self.catalog.all_paths()
        stray = 0
        for name in stored_tables():
            for path in (self.out / name).rglob("*.parquet"):
                if path.relative_to(self.out).as_posix() not in live:
                    path.unlink(missing_ok=True)
                    stray += 1
        return stray

    def _adopt_legacy(self) -> int:
        """Move documents written in the unpartitioned layout (OUT/<table>/<doc_id>.parquet) into partitions."""
        legacy = sorted((self.out / "documents").glob("*.parquet"))
        adopted = 0
        for doc_file in legacy:
            doc_row = pq.read_table(doc_file).to_pylist()
            if len(doc_row) != 1:
                continue
            row = doc_row[0]
            doc_id = row["doc_id"]
            record = DocumentRecord(**row)
            partition = partition_of(record)
            new_files: list[NewFile] = []
            for name in TABLE_NAMES:
                old = self.out / name / f"{doc_id}.parquet"
                if not old.is_file():
                    continue
                relative = f"{name}/{partition}/{doc_id[:16]}-{uuid.uuid4().hex[:8]}.parquet"
                (self.out / relative).parent.mkdir(parents=True, exist_ok=True)
                n_rows = pq.read_metadata(old).num_rows
                os.replace(old, self.out / relative)
                new_files.append(NewFile(relative, name, partition, (doc_id,), n_rows))
            table = sources_arrow(doc_id, [(row["source"], row["file_name"], row["ingested_at"].isoformat())])
            new_files += self._place(doc_id, partition, {SOURCES_TABLE: table})
            state = (row["pipeline_version"], row["status"], partition, False)
            self.catalog.commit_document(
                doc_id, stored_tables(), new_files, state, [(row["source"], row["file_name"])]
            )
            adopted += 1
        return adopted

    # --- compaction --------------------------------------------------------------------------

    def compact(self, max_rows: int = COMPACT_MAX_ROWS) -> CompactReport:
        """Merge each partition's files of each table into as few files as possible.

        Rows of superseded documents are dropped. Each partition of each table is swapped in one
        catalog transaction, so readers and a killed compaction see either the old files or the new.
        """
        report = CompactReport()
        by_group: dict[tuple[str, str], list[LiveFile]] = defaultdict(list)
        for live in self.catalog.live_files():
            by_group[(live.table_name, live.partition)].append(live)
        for (name, partition), files in sorted(by_group.items()):
            if len(files) < 2 and not any(f.dirty for f in files):
                continue
            keep: dict[str, set[str]] = defaultdict(set)
            for path, doc_id in self.catalog.live_pairs(f.path for f in files):
                keep[path].add(doc_id)
            parts = []
            for live in files:
                table = pq.read_table(self.out / live.path, schema=schema_of(name))
                if live.dirty:
                    table = table.filter(pc.is_in(table["doc_id"], pa.array(sorted(keep[live.path]))))
                parts.append(table)
            merged = pa.concat_tables(parts)
            new_files: list[NewFile] = []
            for start in range(0, max(merged.num_rows, 1), max_rows):
                chunk = merged.slice(start, max_rows)
                doc_ids = tuple(sorted(set(chunk["doc_id"].to_pylist())))
                if not doc_ids:
                    continue
                relative = f"{name}/{partition}/part-{uuid.uuid4().hex[:12]}.parquet"
                staged = self.out / STAGING / f"compact-{uuid.uuid4().hex[:8]}.parquet"
                staged.parent.mkdir(parents=True, exist_ok=True)
                pq.write_table(chunk, staged, row_group_size=ROW_GROUP_ROWS)
                os.replace(staged, self.out / relative)
                new_files.append(NewFile(relative, name, partition, doc_ids, chunk.num_rows))
            old_paths = [f.path for f in files]
            self.catalog.swap_files(old_paths, new_files)
            self._unlink(old_paths)
            report.files_before += len(files)
            report.files_after += len(new_files)
            report.rows += merged.num_rows
        return report


@dataclass
class CompactReport:
    """Files before and after compaction, over the partitions that were compacted."""

    files_before: int = 0
    files_after: int = 0
    rows: int = 0
