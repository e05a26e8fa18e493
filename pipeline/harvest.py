"""Scheduled harvesting: fetch disclosure PDFs politely, keep every published version, ingest what is new.

    disclosure harvest SOURCES.toml --out DIR

DIR/downloads/<sha[:2]>/<sha256>.pdf  every distinct download, stored by content
DIR/harvest.sqlite                    per URL: validators (ETag, Last-Modified) and versions seen
DIR/harvest-log.jsonl                 one JSON object per fetch and per run (the run log)
DIR/harvest.lock                      held while a run is active: two runs never overlap
DIR/dataset/                          the ingested dataset (or --dataset PATH)

A source is an index page (its PDF links are found with their titles) or a list of URLs. A URL
that serves new bytes is a new version: both are kept, both are ingested.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import sqlite3
import time
import tomllib
import urllib.error
import urllib.request
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from filelock import FileLock, Timeout

from extractors.file_check import DocumentError, check_pdf_bytes, sha256_of
from normalizers.vocabulary import BUDGET_WORDS, FINAL_WORDS, FISCAL_YEAR, PERFORMANCE_WORDS

# Exit codes a scheduler can alert on (the ingest codes, plus two of harvest's own).
EXIT_OK = 0  # every URL fetched (or unchanged) and every new document ingested
EXIT_SOME_FAILED = 1  # some URLs or documents failed; the rest was harvested
EXIT_USAGE = 2  # bad SOURCES.toml or arguments
EXIT_BUSY = 3  # another harvest of DIR is running
EXIT_ALL_FAILED = 4  # nothing could be fetched at all (network or site down?)

LOCK_FILE = "harvest.lock"
STATE_FILE = "harvest.sqlite"
LOG_FILE = "harvest-log.jsonl"
CHUNK = 64 * 1024
PDF_LINK = re.compile(r"\.pdf($|[?#])", re.IGNORECASE)
LEADING_CODES = re.compile(r"^\s*(?:\d+\s*[-_－]\s*)+")
LINK_SEPARATORS = "-_－ "
HTML_TYPES = ("text/html", "application/xhtml")


class HarvestBusy(Exception):
    """Another harvest run holds DIR's lock."""


class ConfigError(Exception):
    """SOURCES.toml is missing, unreadable or inconsistent."""


@dataclass(frozen=True)
class Policy:
    """How politely to fetch: shared defaults, overridable per source."""

    rate_limit: float = 1.0  # requests per second per host
    retries: int = 3  # further attempts after a failed one (timeouts, 5xx, truncated bodies)
    backoff: float = 2.0  # seconds before the first retry, doubled for each further one
    timeout: float = 30.0  # seconds per request (connect and each read)
    max_bytes: int = 100 * 2**20
    user_agent: str = "disclosure-harvest/0.1 (+https://example.invalid/disclosure)"


@dataclass(frozen=True)
class Source:
    """An index page to scan for PDF links, or a list of PDF URLs."""

    name: str
    index: str | None
    urls: tuple[str, ...]
    policy: Policy


@dataclass(frozen=True)
class Link:
    """A PDF link and its title (the link's title attribute or text), with what the title says."""

    url: str
    title: str
    source: str
    agency: str | None = None
    fiscal_year: int | None = None
    kind: str | None = None


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


# --- configuration -----------------------------------------------------------------------------


def load_sources(path: Path) -> list[Source]:
    """Sources of a SOURCES.toml: `[defaults]` (a Policy) and `[[source]]` tables (name, index or urls)."""
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    known = set(Policy.__dataclass_fields__)
    defaults = config.get("defaults", {})
    unknown = set(defaults) - known
    if unknown:
        raise ConfigError(f"{path}: unknown [defaults] keys: {', '.join(sorted(unknown))}")
    base = Policy(**defaults)
    sources = []
    for number, entry in enumerate(config.get("source", []), start=1):
        name = str(entry.get("name") or f"source-{number}")
        index, urls = entry.get("index"), entry.get("urls", [])
        if bool(index) == bool(urls):
            raise ConfigError(f"{path}: source {name!r} needs exactly one of `index` or `urls`")
        overrides = {k: v for k, v in entry.items() if k in known}
        extra = set(entry) - known - {"name", "index", "urls"}
        if extra:
            raise ConfigError(f"{path}: source {name!r}: unknown keys: {', '.join(sorted(extra))}")
        policy = Policy(**{**base.__dict__, **overrides})
        sources.append(Source(name, index, tuple(urls), policy))
    if not sources:
        raise ConfigError(f"{path}: no [[source]] entries")
    return sources


# --- links -------------------------------------------------------------------------------------


class PdfLinkParser(HTMLParser):
    """Collects <a href="...pdf"> links with their title attribute or text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._open: tuple[str, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "a":
            return
        values = {k.lower(): v or "" for k, v in attrs}
        href = values.get("href", "")
        if PDF_LINK.search(href):
            self._open = (href, values.get("title", "").strip())
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            href, title = self._open
            self.links.append((href, title or " ".join("".join(self._text).split())))
            self._open = None


def title_facts(title: str) -> tuple[str | None, int | None, str | None]:
    """Agency, fiscal year and kind from a link title like 000-418-重庆市规划和自然资源局-2026年部门预算情况说明.pdf."""
    stem = re.sub(r"\.pdf$", "", title.strip(), flags=re.IGNORECASE)
    year_match = FISCAL_YEAR.search(stem)
    year = int(year_match.group(1)) if year_match else None
    agency = None
    if year_match:
        agency = LEADING_CODES.sub("", stem[: year_match.start()]).strip(LINK_SEPARATORS) or None
    rest = stem[year_match.end() :] if year_match else stem
    if any(word in rest for word in PERFORMANCE_WORDS):
        kind = "performance"
    elif any(word in rest for word in FINAL_WORDS):
        kind = "final"
    elif any(word in rest for word in BUDGET_WORDS):
        kind = "budget"
    else:
        kind = None
    return agency, year, kind


def links_in_page(html: str, page_url: str, source: str) -> list[Link]:
    """PDF links of an index page, absolute, first occurrence of each URL, with their title facts."""
    parser = PdfLinkParser()
    parser.feed(html)
    seen: dict[str, Link] = {}
    for href, title in parser.links:
        url = urljoin(page_url, href)
        if url not in seen:
            name = title or unquote(urlsplit(url).path.rsplit("/", 1)[-1])
            seen[url] = Link(url, name, source, *title_facts(name))
    return list(seen.values())


def url_link(url: str, source: str) -> Link:
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    return Link(url, name, source, *title_facts(name))


# --- fetching ----------------------------------------------------------------------------------


class FetchError(Exception):
    """A failed request; `retry` when trying again may help (timeouts, 5xx, truncated bodies)."""

    def __init__(self, message: str, retry: bool, http_status: int | None = None) -> None:
        super().__init__(message)
        self.message, self.retry, self.http_status = message, retry, http_status


class NoRedirectToOtherSchemes(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).scheme not in ("http", "https"):
            return None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Fetcher:
    """HTTP GETs with a per-host rate limit, retries with backoff, conditional requests and a size cap."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        # clock and sleep are parameters so that tests can run the rate limit on a clock they control.
        self.opener = urllib.request.build_opener(NoRedirectToOtherSchemes())
        self.clock = clock
        self.sleep = sleep
        self.last_request: dict[str, float] = {}

    def _wait_turn(self, url: str, policy: Policy) -> None:
        host = urlsplit(url).netloc
        if policy.rate_limit > 0 and host in self.last_request:
            ready = self.last_request[host] + 1.0 / policy.rate_limit
            delay = ready - self.clock()
            if delay > 0:
                self.sleep(delay)
        self.last_request[host] = self.clock()

    def get(
        self, url: str, policy: Policy, validators: dict[str, str] | None = None
    ) -> tuple[int, bytes, dict[str, str], int]:
        """(HTTP status, body, headers, attempts); status 304 with an empty body when unchanged."""
        attempt = 0
        while True:
            attempt += 1
            try:
                status, body, headers = self._get_once(url, policy, validators or {})
                return status, body, headers, attempt
            except FetchError as error:
                if not error.retry:
                    raise
                if attempt > policy.retries:
                    error.message = f"{error.message} (after {attempt} attempt{'s' if attempt > 1 else ''})"
                    raise
                self.sleep(policy.backoff * 2 ** (attempt - 1))

    def _get_once(
        self, url: str, policy: Policy, validators: dict[str, str]
    ) -> tuple[int, bytes, dict[str, str]]:
        self._wait_turn(url, policy)
        headers = {"User-Agent": policy.user_agent, "Accept": "application/pdf,*/*;q=0.5"}
        if validators.get("etag"):
            headers["If-None-Match"] = validators["etag"]
        if validators.get("last_modified"):
            headers["If-Modified-Since"] = validators["last_modified"]
        request = urllib.request.Request(url, headers=headers)
        try:
            with self.opener.open(request, timeout=policy.timeout) as response:
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > policy.max_bytes:
                    raise FetchError(
                        f"larger than the size cap ({int(declared):,} > {policy.max_bytes:,} bytes)", False
                    )
                chunks, size = [], 0
                while chunk := response.read(CHUNK):
                    size += len(chunk)
                    if size > policy.max_bytes:
                        raise FetchError(f"larger than the size cap (over {policy.max_bytes:,} bytes)", False)
                    chunks.append(chunk)
                body = b"".join(chunks)
                if declared and declared.isdigit() and len(body) < int(declared):
                    raise FetchError(f"truncated body ({len(body):,} of {int(declared):,} bytes)", True)
                return response.status, body, {k.lower(): v for k, v in response.headers.items()}
        except urllib.error.HTTPError as error:
            if error.code == 304:
                return 304, b"", {k.lower(): v for k, v in error.headers.items()}
            retry = error.code >= 500 or error.code in (408, 429)
            raise FetchError(f"HTTP {error.code} {error.reason}", retry, error.code) from None
        except http.client.IncompleteRead as error:
            raise FetchError(f"truncated body ({len(error.partial):,} bytes received)", True) from None
        except TimeoutError:
            raise FetchError(f"timed out after {policy.timeout:g} s", True) from None
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, TimeoutError):
                raise FetchError(f"timed out after {policy.timeout:g} s", True) from None
            raise FetchError(f"cannot connect: {reason}", True) from None
        except (ConnectionError, http.client.HTTPException) as error:
            raise FetchError(f"connection failed: {type(error).__name__}: {error}", True) from None


def check_download(body: bytes, headers: dict[str, str]) -> None:
    """Raise DocumentError when a download is not a complete PDF (by content type and magic bytes)."""
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type.startswith(HTML_TYPES) and not body.lstrip().startswith(b"%PDF-"):
        raise DocumentError("html", f"an HTML page (Content-Type {content_type}), not a PDF")
    check_pdf_bytes(body)


# --- state -------------------------------------------------------------------------------------

STATE_SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY, source TEXT, title TEXT, etag TEXT, last_modified TEXT, sha256 TEXT, checked_at TEXT
);
CREATE TABLE IF NOT EXISTS versions (
    sha256 TEXT NOT NULL, url TEXT NOT NULL, title TEXT, agency TEXT, fiscal_year INTEGER, kind TEXT,
    bytes INTEGER, first_seen TEXT NOT NULL, ingested INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (sha256, url)
);
"""


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Harvest:
    """One harvest run over a folder: holds the lock, the state database and the run log."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._lock: FileLock | None = FileLock(folder / LOCK_FILE)  # held for the run
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            self._lock = None
            raise HarvestBusy(f"{folder}: another harvest is running (lock {folder / LOCK_FILE})") from None
        self.db = sqlite3.connect(folder / STATE_FILE, isolation_level=None)
        self.db.executescript(STATE_SCHEMA)
        self.run_id = uuid.uuid4().hex[:12]
        self.log_file = open(folder / LOG_FILE, "a", encoding="utf-8")  # noqa: SIM115
        self.fetcher = Fetcher()

    def close(self) -> None:
        if self._lock is not None:
            self.log_file.close()
            self.db.close()
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
            status, body, headers, attempts = self.fetcher.get(source.index, source.policy)
        except FetchError as error:
            self.log("index", source=source.name, url=source.index, status="failed", error=error.message)
            return []
        charset = re.search(r"charset=([\w-]+)", headers.get("content-type", ""))
        html = body.decode(charset.group(1) if charset else "utf-8", errors="replace")
        links = links_in_page(html, source.index, source.name)
        self.log("index", source=source.name, url=source.index, status="ok", http=status, links=len(links))
        return links

    def fetch(self, link: Link, policy: Policy) -> Fetched:
        """Fetch one PDF URL (conditionally), check it, and store it when its bytes are new."""
        row = self.db.execute(
            "SELECT etag, last_modified, sha256 FROM urls WHERE url = ?", (link.url,)
        ).fetchone()
        validators = {"etag": row[0], "last_modified": row[1]} if row and row[2] else {}
        try:
            status, body, headers, attempts = self.fetcher.get(link.url, policy, validators)
        except FetchError as error:
            return Fetched("failed", error.http_status, error=error.message)
        if status == 304:
            self._remember(link, row[0], row[1], row[2])
            return Fetched("unchanged", 304, sha256=row[2], attempts=attempts)
        try:
            check_download(body, headers)
        except DocumentError as error:
            return Fetched("failed", status, bytes=len(body), attempts=attempts, error=error.message)
        sha = sha256_of(body)
        self._remember(link, headers.get("etag"), headers.get("last-modified"), sha)
        if row and row[2] == sha:
            return Fetched("unchanged", status, sha256=sha, bytes=len(body), attempts=attempts)
        path = self.store(sha, body)
        self.db.execute(
            "INSERT OR IGNORE INTO versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
            (sha, link.url, link.title, link.agency, link.fiscal_year, link.kind, len(body), now_text()),
        )
        state = "changed" if row and row[2] else "new"
        return Fetched(state, status, sha256=sha, path=path, bytes=len(body), attempts=attempts)

    def _remember(self, link: Link, etag: str | None, last_modified: str | None, sha: str | None) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO urls VALUES (?, ?, ?, ?, ?, ?, ?)",
            (link.url, link.source, link.title, etag, last_modified, sha, now_text()),
        )

    def store(self, sha: str, body: bytes) -> Path:
        """Write a download under its sha256, atomically (a killed run leaves no half file)."""
        path = self.folder / "downloads" / sha[:2] / f"{sha}.pdf"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{uuid.uuid4().hex[:8]}.part")
            tmp.write_bytes(body)
            os.replace(tmp, path)
        return path

    def pending_versions(self) -> dict[Path, list[tuple[str, str]]]:
        """Stored versions not yet ingested (this run's and any a killed run left), with their (url, title)s."""
        pending: dict[Path, list[tuple[str, str]]] = {}
        for sha, url, title in self.db.execute(
            "SELECT sha256, url, title FROM versions WHERE ingested = 0 ORDER BY first_seen, sha256, url"
        ):
            path = self.folder / "downloads" / sha[:2] / f"{sha}.pdf"
            if path.is_file():
                pending.setdefault(path, []).append((url, title))
        return pending

    def mark_ingested(self, paths: list[Path]) -> None:
        for path in paths:
            self.db.execute("UPDATE versions SET ingested = 1 WHERE sha256 = ?", (path.stem,))

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
        report.new_files = self.pending_versions()
        return report


def exit_code(report: HarvestReport, documents_failed: int) -> int:
    """EXIT_ALL_FAILED when nothing was fetched, EXIT_SOME_FAILED when anything failed, else EXIT_OK."""
    fetched = sum(n for status, n in report.counts.items() if status != "failed")
    if report.counts["failed"] and not fetched:
        return EXIT_ALL_FAILED
    if report.counts["failed"] or documents_failed:
        return EXIT_SOME_FAILED
    return EXIT_OK
