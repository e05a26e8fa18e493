"""The dataset on disk: one Delta Lake table (delta-rs) per table, one writer, commits in small batches.

Layout (every table of outputs.parquet.stored_tables):

    OUT/<table>/            a Delta table, partitioned by its rows' fiscal_year and doc_kind
    OUT/_versions.json      the version of each table as of the last complete commit
    OUT/_lock               held (filelock) by the one process writing the dataset

Delta commits one table at a time, and a batch of documents touches every table. So a batch is
committed table by table, documents last, and then recorded in _versions.json, the dataset's commit
point. A writer that finds a table past its recorded version (a run killed mid-batch, kill -9
included) restores it to that version: each document is wholly in the dataset or not at all.
outputs.dataset opens the recorded versions, so readers never see half a batch, even during a run.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
from deltalake import DeltaTable, write_deltalake
from disclosure.normalizers.records import DocumentResult
from disclosure.outputs import legacy
from disclosure.outputs.batching import BATCH_DOCUMENTS, BATCH_SECONDS
from disclosure.outputs.dataset import create_view, quoted
from disclosure.outputs.layout import (
    LINKED_CHECKS_TABLE,
    LINKS_TABLE,
    PARTITION_COLUMNS,
    SOURCES_TABLE,
    TABLE_NAMES,
    VERSIONS_FILE,
    stored_tables,
)
from disclosure.outputs.layout import read_versions as read_versions
from disclosure.outputs.parquet import arrange, stored_schema, to_arrow
from disclosure.outputs.staging import DocState, Pending, Source, records_of, with_partitions
from filelock import FileLock, Timeout

LOCK_FILE = "_lock"
# A table is compacted (delta-rs optimize) as soon as one of its partitions holds more files than this.
COMPACT_FILES = 16
# documents last: a document's rows are complete in every table before its documents row lands.
COMMIT_ORDER = (*(n for n in TABLE_NAMES if n != "documents"), SOURCES_TABLE, "documents")


class DatasetBusy(Exception):
    """Another process holds the dataset's write lock."""


class ConversionFailed(Exception):
    """A dataset of an earlier layout could not be converted; nothing was lost (see outputs.legacy)."""


class CommitError(Exception):
    """A batch could not be committed; the dataset is as it was before. `pending`: the batch."""

    def __init__(self, pending: list[Pending], cause: Exception) -> None:
        super().__init__(str(cause))
        self.pending = pending
        self.cause = cause


def write_versions(out: Path, versions: dict[str, int]) -> None:
    """Replace _versions.json atomically and durably: it is the commit point."""
    tmp = out / f".{VERSIONS_FILE}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(versions, handle, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, out / VERSIONS_FILE)


def partition_files(table: DeltaTable) -> int:
    """The most live files any one partition of the table holds."""
    counts: dict[str, int] = {}
    for path in table.file_uris():
        folder = path.rsplit("/", 1)[0] if "/" in path else ""
        counts[folder] = counts.get(folder, 0) + 1
    return max(counts.values(), default=0)


@dataclass
class CompactReport:
    """Live files before and after compaction, and the files vacuum deleted."""

    files_before: int = 0
    files_after: int = 0
    deleted: int = 0


class DatasetWriter:
    """The single writer of a dataset folder: holds the lock, stages documents, commits them in batches.

    Use as a context manager. Opening it converts a dataset of an earlier layout (outputs.legacy)
    and undoes what a killed run committed after the last recorded versions.
    """

    def __init__(
        self, out: Path | str, batch_documents: int = BATCH_DOCUMENTS, batch_seconds: float = BATCH_SECONDS
    ) -> None:
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.batch_documents = batch_documents
        self.batch_seconds = batch_seconds
        self._lock: FileLock | None = FileLock(self.out / LOCK_FILE)
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            self._lock = None
            raise DatasetBusy(
                f"{self.out}: another run is writing this dataset (lock {self.out / LOCK_FILE})"
            ) from None
        try:
            try:
                self.converted_documents = legacy.convert(self.out)
            except Exception as exc:  # a corrupt old file: one line naming the folder and the cause
                cause = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
                raise ConversionFailed(
                    f"{self.out}: cannot convert the earlier dataset layout ({cause}); its files are kept"
                ) from exc
            self._open_tables()
            self._load_state()
        except BaseException:
            self.close()
            raise
        self.pending: dict[str, Pending] = {}
        self._last_commit = time.monotonic()

    def __enter__(self) -> DatasetWriter:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        try:
            if exc_type is None:
                self.commit()
        finally:
            self.close()

    def close(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # --- opening -----------------------------------------------------------------------------

    def _open_tables(self) -> None:
        """Open (or create) every table, restoring any committed past its recorded version and
        adding the columns this version stores that an earlier one did not."""
        recorded = read_versions(self.out)
        self.versions = recorded
        self.tables: dict[str, DeltaTable] = {}
        for name in stored_tables():
            path = self.out / name
            if DeltaTable.is_deltatable(str(path)):
                table = DeltaTable(path)
                # Without a record (none yet, or a table added since) no batch can have been cut
                # short: tables are created and recorded before the first batch.
                kept = recorded.get(name, table.version())
                if table.version() > kept:
                    table.restore(kept)
                self.tables[name] = table
                self._add_new_columns(name)
            else:
                self.tables[name] = DeltaTable.create(
                    path, schema=stored_schema(name), partition_by=list(PARTITION_COLUMNS), mode="ignore"
                )
        self._record()

    def _add_new_columns(self, name: str) -> None:
        """Rewrite a table written by an earlier version whose schema lacks columns this version stores
        (added later, such as scorecard_funds' balance): its rows as they are, the new columns null.

        Rewritten rather than altered in place, so that every file of the table holds every column
        and readers scan the files plainly. One overwrite commit per table, recorded with the other
        tables' versions when _open_tables ends: a run killed before that restores the table to its
        recorded version and the next writer rewrites it again.
        """
        table = self.tables[name]
        schema = stored_schema(name)
        present = set(table.schema().to_arrow().names)
        missing = [field for field in schema if field.name not in present]
        if not missing:
            return
        rows = self._read(name, [field.name for field in schema if field.name in present])
        nulls = {field.name: pa.nulls(rows.num_rows, field.type) for field in missing}
        whole = arrange(rows, schema, nulls).cast(schema)
        write_deltalake(
            table, whole, mode="overwrite", schema_mode="overwrite", partition_by=list(PARTITION_COLUMNS)
        )
        table.update_incremental()

    def _load_state(self) -> None:
        """Each document's state and sources, read with DuckDB from the tables' files.

        Not through deltalake's Arrow datasets: pyarrow.dataset imports pandas, a third of a second
        of every run's start and more of its exit, in a process that never uses it.
        """
        columns = ["doc_id", "pipeline_version", "status", "retry", "fiscal_year", "doc_kind"]
        documents = self._read("documents", columns)
        self.states = {
            row["doc_id"]: DocState(*(row[c] for c in columns[1:])) for row in documents.to_pylist()
        }
        self.sources: dict[str, list[Source]] = {}
        sources = self._read(SOURCES_TABLE, ["doc_id", "source", "file_name", "first_seen"])
        for row in sources.to_pylist():
            self.sources.setdefault(row["doc_id"], []).append(
                (row["source"], row["file_name"], row["first_seen"])
            )

    def _read(self, name: str, columns: list[str]) -> pa.Table:
        """These columns of a table's open version, rows in the order of its files."""
        con = duckdb.connect()
        try:
            con.execute("SET TimeZone = 'UTC'")  # timestamps come back in UTC, whatever the machine's zone
            create_view(con, name, self.tables[name])
            listed = ", ".join(quoted(column) for column in columns)
            return con.sql(f"SELECT {listed} FROM {quoted(name)}").to_arrow_table()
        finally:
            con.close()

    def _record(self) -> None:
        versions = {name: table.version() for name, table in self.tables.items()}
        if versions != self.versions:  # e.g. a no-op re-run: nothing to make durable
            write_versions(self.out, versions)
            self.versions = versions  # only once durable: a failed write is rolled back from the old

    # --- staging -----------------------------------------------------------------------------

    def state(self, doc_id: str) -> DocState | None:
        return self.states.get(doc_id)

    def sources_of(self, doc_id: str) -> list[Source]:
        staged = self.pending.get(doc_id)
        return list(staged.sources) if staged else list(self.sources.get(doc_id, []))

    def write(self, result: DocumentResult, sources: list[tuple[str, str]], retry: bool = False) -> None:
        """Stage one document for the next commit: its rows in every table and its sources.

        Its rows are converted to Arrow here, so a document whose rows cannot be stored raises and
        nothing of it is staged (pipeline.ingest then stages it as failed).
        """
        doc = result.document
        state = DocState(doc.pipeline_version, doc.status, retry, doc.fiscal_year, doc.doc_kind)
        rows = {
            name: with_partitions(to_arrow(name, records), name, state)
            for name in TABLE_NAMES
            if (records := records_of(result, name))
        }
        known = self.sources_of(doc.doc_id)
        names = {s[0] for s in known}
        stamp = datetime.now(UTC)
        added = [(s, f, stamp) for s, f in dict.fromkeys(sources) if s not in names]
        self.pending[doc.doc_id] = Pending(doc.doc_id, state, known + added, result, retry, rows)

    def add_source(self, doc_id: str, source: str, file_name: str) -> bool:
        """Stage another name for bytes already in the dataset; False when it was known."""
        known = self.sources_of(doc_id)
        if any(s[0] == source for s in known):
            return False
        added = (source, file_name, datetime.now(UTC))
        staged = self.pending.get(doc_id)
        if staged is not None:
            staged.sources.append(added)
        else:
            state = self.states[doc_id]
            self.pending[doc_id] = Pending(doc_id, state, [*known, added], replaces=(SOURCES_TABLE,))
        return True

    def due(self) -> bool:
        """True when the staged batch should be committed now."""
        elapsed = time.monotonic() - self._last_commit
        return bool(self.pending) and (
            len(self.pending) >= self.batch_documents or elapsed >= self.batch_seconds
        )

    # --- committing --------------------------------------------------------------------------

    def commit(self) -> list[Pending]:
        """Commit the staged batch (one Delta commit per table); what was committed.

        Raises CommitError, the dataset rolled back to the last recorded versions, when any table's
        commit fails.
        """
        batch, self.pending = self.pending, {}
        if not batch:
            return []
        touched: list[str] = []
        try:
            for name in COMMIT_ORDER:
                if self._commit_table(name, batch):
                    touched.append(name)
            self._record()
        except Exception as exc:
            self._roll_back()
            raise CommitError(list(batch.values()), exc) from exc
        for doc_id, staged in batch.items():
            self.states[doc_id] = staged.state
            self.sources[doc_id] = staged.sources
        self._compact_crowded(touched)
        self._last_commit = time.monotonic()
        return list(batch.values())

    def _commit_table(self, name: str, batch: dict[str, Pending]) -> bool:
        """One table's commit of a batch: its new rows, replacing the batch documents' earlier ones."""
        parts = [t for staged in batch.values() if (t := staged.table(name)) is not None]
        replaced = [d for d, staged in batch.items() if d in self.states and name in staged.replaces]
        if not parts and not replaced:
            return False
        table = self.tables[name]
        if not parts:
            table.delete(in_list(replaced))
        elif replaced:
            # The predicate names every document of the batch: the new rows must all match it.
            ids = list(dict.fromkeys([*replaced, *batch]))
            write_deltalake(table, pa.concat_tables(parts), mode="overwrite", predicate=in_list(ids))
        else:
            write_deltalake(table, pa.concat_tables(parts), mode="append")
        table.update_incremental()
        return True

    def _roll_back(self) -> None:
        """Restore every table to its recorded version (what a batch that failed half-way committed)."""
        for name, table in self.tables.items():
            table.update_incremental()
            if table.version() > self.versions[name]:
                table.restore(self.versions[name])
                table.update_incremental()
        self._record()

    def _compact_crowded(self, names: list[str]) -> None:
        """Compact each table one of whose partitions holds more than COMPACT_FILES files.

        The batch is committed already: a failed optimize (its own single commit) changes nothing
        and is tried again after the next batch, so it must not fail the run.
        """
        compacted = False
        for name in names:
            table = self.tables[name]
            try:
                if partition_files(table) > COMPACT_FILES:
                    table.optimize.compact()
                    compacted = True
            except Exception:  # see above: the next batch tries again
                pass
            table.update_incremental()
        if compacted:
            self._record()

    def replace_links(self, links: pa.Table, linked_checks: pa.Table) -> None:
        """Replace the derived document_links and linked_checks tables (one commit each) and record
        both at once."""
        for name, rows in ((LINKS_TABLE, links), (LINKED_CHECKS_TABLE, linked_checks)):
            table = self.tables[name]
            write_deltalake(table, rows, mode="overwrite")
            table.update_incremental()
        self._record()

    def compact(self, retain_hours: int = 168) -> CompactReport:
        """Merge small files (optimize), then delete files no version of the last `retain_hours` reads (vacuum)."""
        self.commit()
        report = CompactReport()
        for table in self.tables.values():
            report.files_before += len(table.file_uris())
            table.optimize.compact()
            table.update_incremental()
            report.deleted += len(
                table.vacuum(retention_hours=retain_hours, dry_run=False, enforce_retention_duration=False)
            )
            report.files_after += len(table.file_uris())
        self._record()
        return report


def in_list(doc_ids: list[str]) -> str:
    """A delta-rs predicate selecting the documents (quotes doubled, though doc_ids are hex digests)."""
    return "doc_id IN (" + ", ".join("'" + d.replace("'", "''") + "'" for d in doc_ids) + ")"
