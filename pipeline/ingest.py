"""Batch ingest: find the input files, skip what is done, process the rest in parallel, commit in small batches.

The parent process is the only writer (outputs.delta.DatasetWriter); workers only compute. A
document whose bytes (sha256) are already in the dataset under the same pipeline version is not
processed again; its new file name, if any, is recorded as another source.
"""

from __future__ import annotations

import dataclasses
import glob
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure.extractors.file_check import sha256_of
from disclosure.normalizers.parts import link_parts
from disclosure.normalizers.records import DocumentRecord, DocumentResult
from disclosure.outputs.dataset import connect
from disclosure.outputs.delta import BATCH_DOCUMENTS, CommitError, DatasetWriter
from disclosure.outputs.links import links_table, part_summaries
from disclosure.outputs.staging import Pending
from disclosure.pipeline import PIPELINE_VERSION
from disclosure.pipeline.datasets import writer_errors
from disclosure.pipeline.executors import Limits, Outcome, Task, run_dask, run_inline, run_pool
from disclosure.pipeline.exits import UsageError
from disclosure.pipeline.limits import DEFAULT_MEMORY_LIMIT, DEFAULT_TIME_LIMIT
from disclosure.pipeline.process import error_line, failed_record

PDF_SUFFIXES = (".pdf",)


@dataclass
class IngestSummary:
    """What a run did, for the closing table and the exit code."""

    documents: Counter[str] = field(default_factory=Counter)  # status -> count
    tables_by_kind: Counter[str] = field(default_factory=Counter)
    line_items: int = 0
    pages: int = 0
    seconds: float = 0.0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (file, one-line error)
    skipped: int = 0  # already in the dataset with this pipeline version
    duplicates: int = 0  # same bytes as another file of this run: recorded as another source
    linked_parts: int = 0  # narrative/tables pairs linked across files (document_links)
    table_versions: dict[str, int] = field(default_factory=dict)  # each Delta table's version after the run

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def add(self, result: DocumentResult) -> None:
        doc = result.document
        self.documents[doc.status] += 1
        self.pages += doc.pages or 0
        self.line_items += len(result.line_items)
        for table in result.tables:
            self.tables_by_kind[table.table_kind] += 1
        if doc.error:
            self.errors.append((doc.source, f"{doc.status}: {doc.error}"))

    def as_dict(self) -> dict[str, object]:
        """The summary as JSON-ready values (for `ingest --json` and benchmarks)."""
        return {
            "documents": dict(self.documents),
            "skipped": self.skipped,
            "duplicates": self.duplicates,
            "pages": self.pages,
            "seconds": round(self.seconds, 3),
            "pages_per_second": round(self.pages_per_second, 2),
            "line_items": self.line_items,
            "tables_by_kind": dict(self.tables_by_kind),
            "linked_parts": self.linked_parts,
            "table_versions": self.table_versions,
        }


def collect_inputs(paths: Iterable[str]) -> tuple[list[Path], list[str]]:
    """Files named directly, PDFs found under folders (recursively), and glob matches.

    Returns the files (deduplicated, in a stable order) and the arguments that matched nothing.
    """
    found: list[Path] = []
    unmatched: list[str] = []
    for argument in paths:
        path = Path(argument)
        if path.is_dir():
            matches = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PDF_SUFFIXES)
        elif path.is_file():
            matches = [path]
        else:
            matches = sorted(Path(p) for p in glob.glob(argument, recursive=True) if Path(p).is_file())
        if not matches:
            unmatched.append(argument)
        found.extend(matches)
    unique: dict[Path, None] = {}
    for path in found:
        unique.setdefault(path.resolve(), None)
    return list(unique), unmatched


def failed_copy(doc: DocumentRecord, error: str) -> DocumentRecord:
    """The documents row of a document whose rows could not be written: what the cover and pages said
    stays; counts of rows that were not written (the optional fields, e.g. completeness) go back to
    their defaults, as on any failed row."""
    unwritten: dict[str, Any] = {
        f.name: f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        for f in dataclasses.fields(DocumentRecord)
        if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
    }
    return dataclasses.replace(doc, status="failed", error=error, tables_found=0, **unwritten)


def write_or_fail(
    writer: DatasetWriter, result: DocumentResult, sources: list[tuple[str, str]], transient: bool
) -> tuple[DocumentResult | None, str | None]:
    """Stage a document; when its rows cannot be stored, stage it as a failed documents row instead.

    DatasetWriter.write is all or nothing, so a failed write stages none of the document's rows. The
    failed row keeps what is known of the document; if even that cannot be stored, a bare row (its
    identity only) is tried. Returns what was staged (None when nothing could be) and the error.
    Environment errors (I/O) are retried by the next run; data errors only with --force.
    """
    try:
        writer.write(result, sources, retry=transient)
        return result, None
    except Exception as exc:
        error = error_line("could not write the dataset rows", exc)
        retry = transient or isinstance(exc, OSError)
    doc = result.document
    bare = failed_record(doc.doc_id, doc.source, doc.file_name, doc.file_bytes, error)
    for record in (failed_copy(doc, error), bare):
        failed = DocumentResult(document=record)
        try:
            writer.write(failed, sources, retry=retry)
            return failed, error
        except Exception:
            continue
    return None, error


def commit_batch(
    writer: DatasetWriter, summary: IngestSummary, on_document: Callable[[DocumentResult], None] | None
) -> None:
    """Commit the staged documents and count them; when the commit fails, commit them as failed instead.

    A failed commit leaves the dataset as it was (DatasetWriter.commit rolls back): the batch's
    documents are staged again as failed rows, to be retried by the next run (it is the
    environment's failure, not theirs), and committed; documents that had failed already stay as
    they were.
    """
    try:
        committed = writer.commit()
    except CommitError as exc:
        error = error_line("could not write the dataset rows", exc.cause)
        for staged in exc.pending:
            restage_failed(writer, staged, error, summary)
        try:
            committed = writer.commit()
        except CommitError as again:  # nothing could be written: report them, go on
            for staged in again.pending:
                summary.documents["failed"] += 1
                summary.errors.append((staged.doc_id, f"failed: {error}"))
            return
    for staged in committed:
        if staged.result is not None:
            summary.add(staged.result)
            if on_document is not None:
                on_document(staged.result)


def restage_failed(writer: DatasetWriter, staged: Pending, error: str, summary: IngestSummary) -> None:
    sources = [(s[0], s[1]) for s in staged.sources]
    if staged.result is None:  # only a new name of a document already in the dataset: not recorded
        summary.documents["failed"] += 1
        summary.errors.append((sources[-1][0], f"failed: {error}"))
        return
    doc = staged.result.document
    if doc.status == "failed":
        writer.write(staged.result, sources, retry=staged.retry)
    else:
        writer.write(DocumentResult(document=failed_copy(doc, error)), sources, retry=True)


def link_disclosure_parts(writer: DatasetWriter) -> int:
    """Link the dataset's narrative and tables parts anew (document_links); the pairs linked."""
    con = connect(writer.out)
    try:
        summaries = part_summaries(con)
    finally:
        con.close()
    links = link_parts(summaries)
    writer.replace_links(links_table(links, summaries))
    return len(links) // 2


def available_cores() -> int:
    """CPUs this process may run on (the default number of workers)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def ingest(
    files: list[Path],
    out: Path,
    on_document: Callable[[DocumentResult], None] | None = None,
    *,
    workers: int | None = None,
    force: bool = False,
    limits: Limits | None = None,
    scheduler: str | None = None,
    on_skip: Callable[[Path], None] | None = None,
    names: dict[Path, list[tuple[str, str]]] | None = None,
    batch_documents: int = BATCH_DOCUMENTS,
) -> IngestSummary:
    """Process and write each new file; one bad file never stops the batch.

    workers: worker processes (None: the cores available; 0: in this process, without guards).
    scheduler: a Dask scheduler address; when given, documents are processed on that cluster.
    force: process documents already in the dataset with this pipeline version again.
    names: the (source, file_name)s to record for a file instead of its path and name (harvest: URL, link title).
    batch_documents: commit at the latest after this many documents (outputs.delta.BATCH_DOCUMENTS).
    Documents are committed in small batches (outputs.delta); on_document is called as each lands.
    Raises outputs.delta.DatasetBusy when another run is writing `out`.
    """
    limits = limits or Limits()
    summary = IngestSummary()
    started = time.perf_counter()
    with DatasetWriter(out, batch_documents=batch_documents) as writer:
        queued: dict[str, list[tuple[str, str]]] = {}  # doc_id -> sources, while being processed
        written: set[str] = set()

        def skip(path: Path) -> None:
            if on_skip is not None:
                on_skip(path)

        def tasks() -> Iterator[Task]:
            for path in files:
                try:
                    data = path.read_bytes()
                except OSError as exc:
                    summary.documents["failed"] += 1
                    summary.errors.append((str(path), f"failed: cannot read the file ({exc.strerror})"))
                    skip(path)
                    continue
                doc_id = sha256_of(data)
                sources = (names or {}).get(path) or [(str(path), path.name)]
                if doc_id in queued:
                    queued[doc_id].extend(sources)
                    summary.duplicates += 1
                    skip(path)
                    continue
                state = writer.state(doc_id)
                fresh = state and state.pipeline_version == PIPELINE_VERSION and not state.retry
                if doc_id in written or (fresh and not force):
                    try:
                        for source in sources:
                            writer.add_source(doc_id, *source)
                    except Exception as exc:  # the document stays as it is; this name is not recorded
                        summary.documents["failed"] += 1
                        summary.errors.append(
                            (str(path), f"failed: {error_line('could not record the source', exc)}")
                        )
                        skip(path)
                        continue
                    if doc_id in written:
                        summary.duplicates += 1
                    else:
                        summary.skipped += 1
                    skip(path)
                    continue
                queued[doc_id] = list(sources)
                yield Task(str(path), data)

        outcomes: Iterator[Outcome]
        if scheduler:
            outcomes = run_dask(tasks(), scheduler, limits)
        elif workers == 0:
            outcomes = run_inline(tasks())
        else:
            outcomes = run_pool(tasks(), workers or available_cores(), limits)
        for outcome in outcomes:
            result = outcome.result
            doc_id = result.document.doc_id
            sources = queued.pop(doc_id, [])
            if sources:  # the name it was first given, e.g. a harvested document's URL and link title
                result.document.source, result.document.file_name = sources[0]
            staged, error = write_or_fail(writer, result, sources, outcome.transient)
            if staged is None:  # not even a failed row could be stored: report it, go on
                summary.documents["failed"] += 1
                summary.errors.append((result.document.source, f"failed: {error}"))
                if on_document is not None:
                    on_document(
                        DocumentResult(
                            document=dataclasses.replace(result.document, status="failed", error=error)
                        )
                    )
            else:
                written.add(doc_id)
            if writer.due():
                commit_batch(writer, summary, on_document)
        commit_batch(writer, summary, on_document)
        if written:
            summary.linked_parts = link_disclosure_parts(writer)
        summary.table_versions = dict(writer.versions)
    summary.seconds = time.perf_counter() - started
    return summary


@dataclass(frozen=True)
class BatchOptions:
    """The options of a batch run (`ingest`, `harvest`): incremental, parallel, guarded, distributed."""

    force: bool = False
    workers: int | None = None  # None: the cores available; 0: in this process, without guards
    time_limit: float = DEFAULT_TIME_LIMIT  # seconds per document; 0: none
    memory_limit: int = DEFAULT_MEMORY_LIMIT  # MiB per worker; 0: none
    executor: str = "local"  # local | dask
    scheduler: str | None = None  # the Dask scheduler's address (executor dask)
    commit_every: int = BATCH_DOCUMENTS

    def check(self) -> None:
        """Raise UsageError for options that cannot work together."""
        if self.executor == "dask" and not self.scheduler:
            raise UsageError("--executor dask needs --scheduler ADDRESS")
        if self.workers is not None and self.workers < 0:
            raise UsageError("--workers must be 0 or more")
        if self.commit_every < 1:
            raise UsageError("--commit-every must be 1 or more")

    @property
    def limits(self) -> Limits:
        return Limits(
            seconds=self.time_limit if self.time_limit > 0 else None,
            memory_mb=self.memory_limit if self.memory_limit > 0 else None,
        )


def ingest_batch(
    files: list[Path],
    out: Path,
    options: BatchOptions,
    on_document: Callable[[DocumentResult], None] | None = None,
    on_skip: Callable[[Path], None] | None = None,
    names: dict[Path, list[tuple[str, str]]] | None = None,
) -> IngestSummary:
    """`ingest` with a batch run's options; raises UsageError (bad options, a dataset that cannot
    be converted) or Busy (another run writes `out`)."""
    options.check()
    with writer_errors():
        return ingest(
            files,
            out,
            on_document,
            workers=options.workers,
            force=options.force,
            limits=options.limits,
            scheduler=options.scheduler if options.executor == "dask" else None,
            on_skip=on_skip,
            names=names,
            batch_documents=options.commit_every,
        )
