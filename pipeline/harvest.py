"""Scheduled harvesting: fetch disclosure PDFs politely, keep every published version, ingest what is new.

    disclosure harvest SOURCES.toml --out DIR

DIR/downloads/<sha[:2]>/<sha256>.pdf  every distinct download, stored by content
DIR/harvest.sqlite                    per URL: validators (ETag, Last-Modified) and versions seen
DIR/harvest-log.jsonl                 one JSON object per fetch and per run (the run log)
DIR/harvest.lock                      held while a run is active: two runs never overlap
DIR/dataset/                          the ingested dataset (or --dataset PATH)

A source is an index page (its PDF links are found with their titles) or a list of URLs. A URL
that serves new bytes is a new version: both are kept, both are ingested.

This module is the run; its parts: harvest_config (SOURCES.toml), harvest_links (index pages),
harvest_http (the HTTP client), harvest_state (the state database and download store).
"""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from disclosure.extractors.file_check import DocumentError, sha256_of
from disclosure.pipeline.exits import (  # harvest's exit codes are the command's (EXIT_BUSY, EXIT_USAGE re-exported)
    EXIT_ALL_FAILED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    Busy,
    CommandError,
)
from disclosure.pipeline.exits import EXIT_BUSY as EXIT_BUSY
from disclosure.pipeline.exits import EXIT_USAGE as EXIT_USAGE
from disclosure.pipeline.harvest_config import Policy, Source, load_sources
from disclosure.pipeline.harvest_http import Fetcher, FetchError, check_download
from disclosure.pipeline.harvest_links import Link, links_in_page, url_link
from disclosure.pipeline.harvest_state import HarvestState, now_text
from disclosure.pipeline.ingest import BatchOptions, IngestSummary, ingest_batch
from filelock import FileLock
from filelock import Timeout as LockTimeout

# Exit codes a scheduler can alert on: 0 every URL fetched (or unchanged) and every new document
# ingested; 1 some URLs or documents failed, the rest was harvested; 2 bad SOURCES.toml or arguments;
# 3 another harvest of DIR (or writer of the dataset) is running; 4 nothing could be fetched at all.

LOCK_FILE = "harvest.lock"
LOG_FILE = "harvest-log.jsonl"
CHARSET = re.compile(r"charset=([\w-]+)")
DEFAULT_CHARSET = "utf-8"


class HarvestBusy(Busy):
    """Another harvest run holds DIR's lock."""


@dataclass
class Fetched:
    """What one URL gave: a status and, for a new version, where its bytes are stored."""

    status: str  # new | changed | unchanged | failed
    http_status: int | None = None
    sha256: str | None = None
    path: Path | None = None
    bytes: int = 0
    attempts: int = 0
    error: str | None = None


@dataclass
class HarvestReport:
    """Counts of a run, and the new versions to ingest."""

    counts: Counter[str] = field(default_factory=Counter)
    new_files: dict[Path, list[tuple[str, str]]] = field(default_factory=dict)  # path -> (url, title)s
    errors: list[tuple[str, str]] = field(default_factory=list)


class Harvest:
    """One harvest run over a folder: holds the lock, the state database and the run log."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._lock: FileLock | None = FileLock(folder / LOCK_FILE)  # held for the run
        try:
            self._lock.acquire(timeout=0)
        except LockTimeout:
            self._lock = None
            raise HarvestBusy(f"{folder}: another harvest is running (lock {folder / LOCK_FILE})") from None
        self.state = HarvestState(folder)
        self.run_id = uuid.uuid4().hex[:12]
        self.log_file = open(folder / LOG_FILE, "a", encoding="utf-8")  # noqa: SIM115
        self.fetcher = Fetcher()

    def close(self) -> None:
        if self._lock is not None:
            self.log_file.close()
            self.state.close()
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Harvest:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def log(self, event: str, **values: Any) -> None:
        """Append one JSON line to the run log (flushed at once: a killed run keeps its log)."""
        record = {"time": now_text(), "run": self.run_id, "event": event, **values}
        self.log_file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.log_file.flush()

    def links_of(self, source: Source) -> list[Link]:
        """The PDF links of a source (fetching its index page), or [] when the page failed (logged)."""
        if not source.index:
            return [url_link(url, source.name) for url in source.urls]
        try:
            status, body, headers, _ = self.fetcher.get(source.index, source.policy)
        except FetchError as error:
            self.log("index", source=source.name, url=source.index, status="failed", error=error.message)
            return []
        charset = CHARSET.search(headers.get("content-type", ""))
        html = body.decode(charset.group(1) if charset else DEFAULT_CHARSET, errors="replace")
        links = links_in_page(html, source.index, source.name)
        self.log("index", source=source.name, url=source.index, status="ok", http=status, links=len(links))
        return links

    def fetch(self, link: Link, policy: Policy) -> Fetched:
        """Fetch one PDF URL (conditionally), check it, and store it when its bytes are new."""
        known = self.state.url_state(link.url)
        validators = known.validators() if known else {}
        try:
            status, body, headers, attempts = self.fetcher.get(link.url, policy, validators)
        except FetchError as error:
            return Fetched("failed", error.http_status, error=error.message)
        if status == 304 and known:
            self.state.remember(link, known.etag, known.last_modified, known.sha256)
            return Fetched("unchanged", 304, sha256=known.sha256, attempts=attempts)
        try:
            check_download(body, headers)
        except DocumentError as error:
            return Fetched("failed", status, bytes=len(body), attempts=attempts, error=error.message)
        sha = sha256_of(body)
        self.state.remember(link, headers.get("etag"), headers.get("last-modified"), sha)
        if known and known.sha256 == sha:
            return Fetched("unchanged", status, sha256=sha, bytes=len(body), attempts=attempts)
        path = self.state.store(sha, body)
        self.state.add_version(sha, link, len(body))
        state = "changed" if known and known.sha256 else "new"
        return Fetched(state, status, sha256=sha, path=path, bytes=len(body), attempts=attempts)

    def run(self, sources: list[Source]) -> HarvestReport:
        """Fetch every link of every source; the new versions are left for the caller to ingest."""
        report = HarvestReport()
        self.log("run_start", sources=[s.name for s in sources])
        for source in sources:
            links = self.links_of(source)
            if source.index and not links:
                report.counts["failed"] += 1
                report.errors.append((source.index, "index page failed or has no PDF links"))
            for link in links:
                fetched = self.fetch(link, source.policy)
                report.counts[fetched.status] += 1
                if fetched.error:
                    report.errors.append((link.url, fetched.error))
                self.log_fetch(source, link, fetched)
        report.new_files = self.state.pending_versions()
        return report

    def log_fetch(self, source: Source, link: Link, fetched: Fetched) -> None:
        """One `fetch` line of the run log: the link, what its title says, and what the fetch gave."""
        self.log(
            "fetch",
            source=source.name,
            url=link.url,
            title=link.title,
            agency=link.agency,
            fiscal_year=link.fiscal_year,
            kind=link.kind,
            status=fetched.status,
            http=fetched.http_status,
            sha256=fetched.sha256,
            bytes=fetched.bytes,
            attempts=fetched.attempts,
            error=fetched.error,
        )


def exit_code(report: HarvestReport, documents_failed: int) -> int:
    """EXIT_ALL_FAILED when nothing was fetched, EXIT_SOME_FAILED when anything failed, else EXIT_OK."""
    fetched = sum(n for status, n in report.counts.items() if status != "failed")
    if report.counts["failed"] and not fetched:
        return EXIT_ALL_FAILED
    if report.counts["failed"] or documents_failed:
        return EXIT_SOME_FAILED
    return EXIT_OK


# --- harvest, then ingest ----------------------------------------------------------------------

IngestNew = Callable[[list[Path], Path, dict[Path, list[tuple[str, str]]]], IngestSummary]


@dataclass(frozen=True)
class HarvestResult:
    """What a harvest run fetched, what its ingest did (None: nothing new) and its exit code."""

    report: HarvestReport
    ingested: IngestSummary | None
    exit_code: int


def harvest_and_ingest(
    sources_file: Path,
    out: Path,
    dataset: Path | None = None,
    options: BatchOptions | None = None,
    *,
    on_fetched: Callable[[HarvestReport], None] | None = None,
    ingest_new: IngestNew | None = None,
) -> HarvestResult:
    """Fetch the PDFs of SOURCES.toml into `out`, then ingest the new versions into `dataset`
    (default OUT/dataset) with `options`, or with `ingest_new(files, dataset, names)` when given.

    on_fetched(report) is called between the two. Raises UsageError (a bad SOURCES.toml or batch
    options) or Busy (another harvest of `out`, another writer of the dataset); the run log records it.
    """
    sources = load_sources(sources_file)
    batch = options or BatchOptions()

    def ingest_with_options(
        files: list[Path], target: Path, names: dict[Path, list[tuple[str, str]]]
    ) -> IngestSummary:
        return ingest_batch(files, target, batch, names=names)

    with Harvest(out) as run:
        report = run.run(sources)
        if on_fetched is not None:
            on_fetched(report)
        summary = None
        if report.new_files:
            try:
                summary = (ingest_new or ingest_with_options)(
                    list(report.new_files), dataset or out / "dataset", report.new_files
                )
            except CommandError as exc:
                run.log("run_end", counts=dict(report.counts), exit_code=exc.exit_code)
                raise
            run.state.mark_ingested(list(report.new_files))
        code = exit_code(report, int(bool(summary and summary.documents["failed"])))
        run.log("run_end", counts=dict(report.counts), ingested=len(report.new_files), exit_code=code)
    return HarvestResult(report, summary, code)
