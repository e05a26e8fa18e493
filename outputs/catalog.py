"""The dataset catalog: which Parquet files are live, which documents they hold, and each document's sources.

A SQLite file (OUT/_catalog.sqlite) beside the Parquet folders. Files are only ever added under new
names and the catalog is changed in one transaction per document (or per compacted partition), so
the catalog is the commit point: a file the catalog does not list does not exist for readers, and a
run killed at any moment (kill -9 included) leaves either the old or the new state of each document,
never a mixture. Files left behind by a killed run are deleted by the next writer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

CATALOG_FILE = "_catalog.sqlite"

SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    doc_id TEXT PRIMARY KEY,
    pipeline_version TEXT NOT NULL,
    status TEXT NOT NULL,
    partition TEXT NOT NULL,
    retry INTEGER NOT NULL DEFAULT 0,   -- failed on a resource limit: try again on the next run
    committed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sources (
    doc_id TEXT NOT NULL,
    source TEXT NOT NULL,
    file_name TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    PRIMARY KEY (doc_id, source)
);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,              -- relative to the dataset folder
    table_name TEXT NOT NULL,
    partition TEXT NOT NULL,
    n_docs INTEGER NOT NULL,            -- documents whose rows the file holds, live or superseded
    n_rows INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS file_docs (  -- live (file, document) pairs
    path TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    PRIMARY KEY (path, doc_id)
);
CREATE INDEX IF NOT EXISTS file_docs_doc ON file_docs (doc_id);
"""


@dataclass(frozen=True)
class DocState:
    """What the catalog knows about a document already in the dataset."""

    pipeline_version: str
    status: str
    retry: bool


@dataclass(frozen=True)
class LiveFile:
    """A Parquet file readers should see; `dirty` when it still holds rows of superseded documents."""

    path: str
    table_name: str
    partition: str
    n_rows: int
    dirty: bool


@dataclass(frozen=True)
class NewFile:
    """A file moved into place and about to be committed."""

    path: str
    table_name: str
    partition: str
    doc_ids: tuple[str, ...]
    n_rows: int


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Catalog:
    """Thin, typed access to the catalog database. Writers must hold the dataset lock."""

    def __init__(self, out: Path, readonly: bool = False) -> None:
        path = out / CATALOG_FILE
        if readonly:
            self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
        else:
            self.db = sqlite3.connect(path, isolation_level=None)
            # WAL: readers never block the writer; synchronous=FULL: a committed document survives power loss.
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def doc_state(self, doc_id: str) -> DocState | None:
        row = self.db.execute(
            "SELECT pipeline_version, status, retry FROM docs WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        return DocState(row[0], row[1], bool(row[2])) if row else None

    def sources_of(self, doc_id: str) -> list[tuple[str, str, str]]:
        """(source, file_name, first_seen) of a document, oldest first."""
        return self.db.execute(
            "SELECT source, file_name, first_seen FROM sources WHERE doc_id = ? ORDER BY first_seen, source",
            (doc_id,),
        ).fetchall()

    def has_source(self, doc_id: str, source: str) -> bool:
        row = self.db.execute("SELECT 1 FROM sources WHERE doc_id = ? AND source = ?", (doc_id, source))
        return row.fetchone() is not None

    def live_files(self, table_name: str | None = None) -> list[LiveFile]:
        sql = (
            "SELECT f.path, f.table_name, f.partition, f.n_rows, f.n_docs > count(fd.doc_id) "
            "FROM files f LEFT JOIN file_docs fd USING (path) "
            + ("WHERE f.table_name = ? " if table_name else "")
            + "GROUP BY f.path ORDER BY f.path"
        )
        rows = self.db.execute(sql, (table_name,) if table_name else ()).fetchall()
        return [LiveFile(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows]

    def live_pairs(self, paths: Iterable[str]) -> list[tuple[str, str]]:
        """(path, doc_id) pairs still live in the given files."""
        wanted = list(paths)
        pairs: list[tuple[str, str]] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            pairs += self.db.execute(
                f"SELECT path, doc_id FROM file_docs WHERE path IN ({marks})", chunk
            ).fetchall()
        return pairs

    def all_paths(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT path FROM files")}

    def doc_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM docs").fetchone()[0]

    def commit_document(
        self,
        doc_id: str,
        replace_tables: Iterable[str],
        new_files: list[NewFile],
        state: tuple[str, str, str, bool] | None,
        new_sources: list[tuple[str, str]],
    ) -> list[str]:
        """Swap a document's files of `replace_tables` for `new_files`, in one transaction.

        `state` is (pipeline_version, status, partition, retry) for the docs row, or None to keep it.
        Returns the paths no longer referenced by any live document (the caller deletes them).
        """
        tables = list(replace_tables)
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            marks = ",".join("?" * len(tables))
            old = db.execute(
                f"SELECT f.path FROM files f JOIN file_docs fd USING (path) "
                f"WHERE fd.doc_id = ? AND f.table_name IN ({marks})",
                (doc_id, *tables),
            ).fetchall()
            orphaned: list[str] = []
            for (path,) in old:
                db.execute("DELETE FROM file_docs WHERE path = ? AND doc_id = ?", (path, doc_id))
                left = db.execute("SELECT count(*) FROM file_docs WHERE path = ?", (path,)).fetchone()[0]
                if left == 0:
                    db.execute("DELETE FROM files WHERE path = ?", (path,))
                    orphaned.append(path)
            self._insert_files(new_files)
            if state is not None:
                version, status, partition, retry = state
                db.execute(
                    "INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?, ?)",
                    (doc_id, version, status, partition, int(retry), now_text()),
                )
            for source, file_name in new_sources:
                db.execute(
                    "INSERT OR IGNORE INTO sources VALUES (?, ?, ?, ?)",
                    (doc_id, source, file_name, now_text()),
                )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return orphaned

    def swap_files(self, old_paths: list[str], new_files: list[NewFile]) -> None:
        """Replace whole files by others holding the same live rows (compaction), in one transaction."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            for path in old_paths:
                db.execute("DELETE FROM file_docs WHERE path = ?", (path,))
                db.execute("DELETE FROM files WHERE path = ?", (path,))
            self._insert_files(new_files)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _insert_files(self, new_files: list[NewFile]) -> None:
        for new in new_files:
            self.db.execute(
                "INSERT INTO files VALUES (?, ?, ?, ?, ?)",
                (new.path, new.table_name, new.partition, len(new.doc_ids), new.n_rows),
            )
            self.db.executemany(
                "INSERT INTO file_docs VALUES (?, ?)", [(new.path, doc_id) for doc_id in new.doc_ids]
            )
