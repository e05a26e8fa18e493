"""Batch ingest: find the input files, skip what is done, process the rest in parallel, commit in small batches.

The parent process is the only writer (outputs.delta.DatasetWriter); workers only compute. A
document whose bytes (sha256) are already in the dataset under the same pipeline version is not
processed again; its new file name, if any, is recorded as another source.
"""

from __future__ import annotations

import dataclasses
import glob
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure.extractors.file_check import sha256_of
from disclosure.normalizers.checks.run import run_linked_checks
from disclosure.normalizers.parts import NARRATIVE_PART, link_parts
from disclosure.normalizers.records import DocumentRecord, DocumentResult, LinkedCheckRecord
from disclosure.outputs.dataset import connect
from disclosure.outputs.delta import BATCH_DOCUMENTS, CommitError, DatasetWriter
from disclosure.outputs.links import (
    LINKED_TABLES,
    LinkedParts,
    linked_checks_table,
    linked_parts,
    links_table,
    part_summaries,
)
from disclosure.outputs.staging import Pending
from disclosure.pipeline import PIPELINE_VERSION
from disclosure.pipeline.datasets import writer_errors
from disclosure.pipeline.executors import (
    Limits,
    LocalPool,
    Outcome,
    Task,
    available_cores,
    run_dask,
    run_inline,
    run_pool,
)
from disclosure.pipeline.exits import UsageError
from disclosure.pipeline.failures import error_line, failed_record
from disclosure.pipeline.limits import DEFAULT_MEMORY_LIMIT, DEFAULT_TIME_LIMIT

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
    """Link the dataset's narrative and tables parts anew (document_links) and check each linked
    narrative's figures against the other file's tables (linked_checks); the pairs linked."""
    con = connect(writer.out, LINKED_TABLES)
    try:
        summaries = part_summaries(con)
        links = link_parts(summaries)
        checks = [
            check
            for link in links
            if link.part == NARRATIVE_PART
            for check in checks_across(linked_parts(con, link.doc_id, link.linked_doc_id))
        ]
    finally:
        con.close()
    writer.replace_links(links_table(links, summaries), linked_checks_table(checks, summaries))
    return len(links) // 2


def checks_across(parts: LinkedParts) -> list[LinkedCheckRecord]:
    """The text-vs-table checks of one narrative file against its tables file."""
    return run_linked_checks(
        parts.narrative, parts.facts, parts.tables_part, parts.tables, parts.line_items, parts.cells
    )


Names = dict[Path, list[tuple[str, str]]]  # file -> the (source, file_name)s to record for it


@dataclass
class Run:
    """What a run's steps share: the writer, the summary, and the documents on their way."""

    writer: DatasetWriter
    summary: IngestSummary
    force: bool = False
    names: Names = field(default_factory=dict)
    on_document: Callable[[DocumentResult], None] | None = None
    on_skip: Callable[[Path], None] | None = None
    queued: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # doc_id -> sources, in flight
    written: set[str] = field(default_factory=set)  # doc_ids staged by this run

    def skip(self, path: Path) -> None:
        if self.on_skip is not None:
            self.on_skip(path)

    def fail(self, source: str, error: str) -> None:
        """Count a document (or a name of one) that nothing could be recorded for."""
        self.summary.documents["failed"] += 1
        self.summary.errors.append((source, f"failed: {error}"))


def plan_tasks(run: Run, files: list[Path]) -> Iterator[Task]:
    """The files to process, read as they are pulled; the others are counted and recorded here."""
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            run.fail(str(path), f"cannot read the file ({exc.strerror})")
            run.skip(path)
            continue
        if plan_file(run, path, data):
            yield Task(str(path), data)
        else:
            run.skip(path)


def plan_file(run: Run, path: Path, data: bytes) -> bool:
    """True when the file's document is to be processed; else its name is recorded as another source.

    Bytes already on their way in this run, or already in the dataset with this pipeline version
    (and no retry), are not processed again unless forced.
    """
    doc_id = sha256_of(data)
    sources = run.names.get(path) or [(str(path), path.name)]
    if doc_id in run.queued:
        run.queued[doc_id].extend(sources)
        run.summary.duplicates += 1
        return False
    state = run.writer.state(doc_id)
    fresh = state and state.pipeline_version == PIPELINE_VERSION and not state.retry
    if doc_id in run.written or (fresh and not run.force):
        record_sources(run, path, doc_id, sources)
        return False
    run.queued[doc_id] = list(sources)
    return True


def record_sources(run: Run, path: Path, doc_id: str, sources: list[tuple[str, str]]) -> None:
    """Stage the file's names for a document already written; a failure leaves the document as it is."""
    try:
        for source in sources:
            run.writer.add_source(doc_id, *source)
    except Exception as exc:  # the document stays as it is; this name is not recorded
        run.fail(str(path), error_line("could not record the source", exc))
        return
    if doc_id in run.written:
        run.summary.duplicates += 1
    else:
        run.summary.skipped += 1


def run_tasks(
    tasks: Iterator[Task], workers: int | None, scheduler: str | None, limits: Limits, pool: LocalPool | None
) -> Iterator[Outcome]:
    """The processed documents, on a Dask cluster, in this process (workers 0), on the local pool
    given or on one made for them."""
    if scheduler:
        return run_dask(tasks, scheduler, limits)
    if workers == 0:
        return run_inline(tasks)
    if pool is not None:
        return pool.run(tasks, limits)
    return run_pool(tasks, workers or available_cores(), limits)


def land(run: Run, outcome: Outcome) -> None:
    """Stage a processed document under the name it was first given; commit when a batch is due."""
    result = outcome.result
    doc_id = result.document.doc_id
    sources = run.queued.pop(doc_id, [])
    if sources:  # the name it was first given, e.g. a harvested document's URL and link title
        result.document.source, result.document.file_name = sources[0]
    staged, error = write_or_fail(run.writer, result, sources, outcome.transient)
    if staged is None:  # not even a failed row could be stored: report it, go on
        run.fail(result.document.source, str(error))
        if run.on_document is not None:
            failed = dataclasses.replace(result.document, status="failed", error=error)
            run.on_document(DocumentResult(document=failed))
    else:
        run.written.add(doc_id)
    if run.writer.due():
        commit_batch(run.writer, run.summary, run.on_document)


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
    names: Names | None = None,
    batch_documents: int = BATCH_DOCUMENTS,
    pool: LocalPool | None = None,
) -> IngestSummary:
    """Process and write each new file; one bad file never stops the batch.

    workers: worker processes (None: the cores available; 0: in this process, without guards).
    scheduler: a Dask scheduler address; when given, documents are processed on that cluster.
    force: process documents already in the dataset with this pipeline version again.
    names: the (source, file_name)s to record for a file instead of its path and name (harvest: URL, link title).
    batch_documents: commit at the latest after this many documents (outputs.delta.BATCH_DOCUMENTS).
    pool: a LocalPool started by the caller (start_pool), used instead of one made here when the
    documents run on local workers (workers not 0, no scheduler); the caller closes it.
    Documents are committed in small batches (outputs.delta); on_document is called as each lands.
    Raises outputs.delta.DatasetBusy when another run is writing `out`.
    """
    summary = IngestSummary()
    started = time.perf_counter()
    with DatasetWriter(out, batch_documents=batch_documents) as writer:
        run = Run(writer, summary, force, names or {}, on_document, on_skip)
        for outcome in run_tasks(plan_tasks(run, files), workers, scheduler, limits or Limits(), pool):
            land(run, outcome)
        commit_batch(writer, summary, on_document)
        if run.written:
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
    pool: LocalPool | None = None,
) -> IngestSummary:
    """`ingest` with a batch run's options (and the local pool started for it, if any); raises
    UsageError (bad options, a dataset that cannot be converted) or Busy (another run writes `out`)."""
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
            pool=pool,
        )
