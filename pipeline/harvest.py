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

import json
import os
import re
import sqlite3
import time
import tomllib
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from http.client import responses
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import getproxies, proxy_bypass

from disclosure.extractors.file_check import DocumentError, check_pdf_bytes, sha256_of
from disclosure.normalizers.document_vocabulary import (
    BUDGET_WORDS,
    FINAL_WORDS,
    FISCAL_YEAR,
    PERFORMANCE_WORDS,
)
from disclosure.pipeline.exits import (  # harvest's exit codes are the command's (EXIT_BUSY, EXIT_USAGE re-exported)
    EXIT_ALL_FAILED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    Busy,
    CommandError,
    UsageError,
)
from disclosure.pipeline.exits import EXIT_BUSY as EXIT_BUSY
from disclosure.pipeline.exits import EXIT_USAGE as EXIT_USAGE
from disclosure.pipeline.ingest import BatchOptions, IngestSummary, ingest_batch
from filelock import FileLock
from filelock import Timeout as LockTimeout
from urllib3 import (
    BaseHTTPResponse,
    HTTPConnectionPool,
    HTTPSConnectionPool,
    PoolManager,
    ProxyManager,
    Retry,
    Timeout,
)
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    IncompleteRead,
    LocationValueError,
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    ResponseError,
)

if TYPE_CHECKING:
    from urllib3._base_connection import BaseHTTPConnection

# Exit codes a scheduler can alert on: 0 every URL fetched (or unchanged) and every new document
# ingested; 1 some URLs or documents failed, the rest was harvested; 2 bad SOURCES.toml or arguments;
# 3 another harvest of DIR (or writer of the dataset) is running; 4 nothing could be fetched at all.

LOCK_FILE = "harvest.lock"
STATE_FILE = "harvest.sqlite"
LOG_FILE = "harvest-log.jsonl"
CHUNK = 64 * 1024
PDF_LINK = re.compile(r"\.pdf($|[?#])", re.IGNORECASE)
LEADING_CODES = re.compile(r"^\s*(?:\d+\s*[-_－]\s*)+")
LINK_SEPARATORS = "-_－ "
HTML_TYPES = ("text/html", "application/xhtml")
RETRY_STATUSES = frozenset({408, 429, *range(500, 600)})  # retried; any other 4xx is final
MAX_REDIRECTS = 10  # as urllib's
BACKOFF_MAX = 120.0  # seconds: the longest wait between attempts, a server's Retry-After included


class HarvestBusy(Busy):
    """Another harvest run holds DIR's lock."""


class ConfigError(UsageError):
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
    """A request that failed for good (after the retries its kind of failure gets)."""

    def __init__(self, message: str, http_status: int | None = None) -> None:
        super().__init__(message)
        self.message, self.http_status = message, http_status


class BodyError(Exception):
    """The body broke off after the headers (truncated, or a read timed out): the request is retried."""

    def __init__(self, message: str, cause: Exception) -> None:
        super().__init__(message)
        self.message, self.cause = message, cause


class HarvestRetry(Retry):
    """urllib3's Retry on the harvest's terms.

    `failures` further attempts in all after a failed one, whatever failed (urllib3 counts redirects
    against `total` too, so the budget is counted here over the non-redirect history); `backoff`
    seconds before the first retry, doubled for each further one (urllib3 waits 0 s before the
    first); a server's Retry-After is honoured up to BACKOFF_MAX. Waiting goes through `wait`, and
    `before_attempt` (the per-host rate limit) runs before each further attempt.
    """

    def __init__(
        self,
        *args: Any,
        failures: int = 0,
        wait: Callable[[float], None] = time.sleep,
        before_attempt: Callable[[], None] = lambda: None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.failures, self.wait, self.before_attempt = failures, wait, before_attempt

    def new(self, **kw: Any) -> HarvestRetry:
        kw = {"failures": self.failures, "wait": self.wait, "before_attempt": self.before_attempt, **kw}
        return super().new(**kw)

    @classmethod
    def for_policy(
        cls, policy: Policy, wait: Callable[[float], None], before_attempt: Callable[[], None]
    ) -> HarvestRetry:
        return cls(
            total=None,
            redirect=MAX_REDIRECTS,
            status_forcelist=RETRY_STATUSES,
            raise_on_status=False,  # the last 5xx response is returned: its status is the error
            backoff_factor=policy.backoff,
            backoff_max=BACKOFF_MAX,
            failures=policy.retries,
            wait=wait,
            before_attempt=before_attempt,
        )

    @property
    def attempts(self) -> int:
        """Attempts made so far, this one included (redirects are part of an attempt)."""
        return 1 + sum(1 for entry in self.history if entry.redirect_location is None)

    def is_exhausted(self) -> bool:
        return self.attempts > self.failures + 1 or super().is_exhausted()

    def get_backoff_time(self) -> float:
        failed = self.attempts - 1
        return min(self.backoff_max, self.backoff_factor * 2 ** (failed - 1)) if failed else 0.0

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        delay = None
        if response is not None and self.respect_retry_after_header:
            delay = self.get_retry_after(response)
        delay = self.get_backoff_time() if delay is None else min(delay, BACKOFF_MAX)
        if delay > 0:
            self.wait(delay)
        self.before_attempt()


def failure_message(reason: Exception | None, policy: Policy) -> str:
    """One line for what made the last attempt fail (urllib3's MaxRetryError reason)."""
    if isinstance(reason, BodyError):
        return reason.message
    if isinstance(reason, NewConnectionError):  # a ConnectTimeoutError subclass: test it first
        return f"cannot connect: {reason.__cause__ or reason}"
    if isinstance(reason, (ConnectTimeoutError, ReadTimeoutError, TimeoutError)):
        return f"timed out after {policy.timeout:g} s"
    if isinstance(reason, ProtocolError) and len(reason.args) > 1 and isinstance(reason.args[1], Exception):
        reason = reason.args[1]  # ("Connection aborted.", RemoteDisconnected(...))
    return f"connection failed: {type(reason).__name__}: {reason}"


def after(attempts: int) -> str:
    return f"(after {attempts} attempt{'s' if attempts > 1 else ''})"


class OneRequestPerConnection(HTTPConnectionPool):
    """A connection pool that closes each connection once its response is done instead of keeping it.

    The harvest asks for `Connection: close` anyway; a server that closes without saying so (Python's
    http.server does) would otherwise have its closed connection reused for the next attempt, and
    that failure would cost one of the retries.
    """

    def _put_conn(self, conn: BaseHTTPConnection | None) -> None:
        if conn is not None:
            conn.close()
        super()._put_conn(None)  # the pool's slot is free again; the next request connects anew


class OneRequestPerHttpsConnection(OneRequestPerConnection, HTTPSConnectionPool):
    pass


ONE_REQUEST_POOLS = {"http": OneRequestPerConnection, "https": OneRequestPerHttpsConnection}


class Fetcher:
    """HTTP GETs (urllib3) with a per-host rate limit, retries with backoff, conditional requests and a size cap."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        # clock and sleep are parameters so that tests can run the rate limit on a clock they control.
        self.clock = clock
        self.sleep = sleep
        self.last_request: dict[str, float] = {}
        self.direct = PoolManager()
        self.direct.pool_classes_by_scheme = ONE_REQUEST_POOLS
        self.proxies: dict[str, ProxyManager] = {}

    def _pool(self, url: str) -> PoolManager:
        """The connection pool for a URL: through the proxy the environment names (http_proxy ...), as urllib did."""
        parts = urlsplit(url)
        proxy = getproxies().get(parts.scheme)
        if not proxy or proxy_bypass(parts.hostname or ""):
            return self.direct
        if proxy not in self.proxies:
            self.proxies[proxy] = ProxyManager(proxy)
            self.proxies[proxy].pool_classes_by_scheme = ONE_REQUEST_POOLS
        return self.proxies[proxy]

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
        """(HTTP status, body, headers, attempts); status 304 with an empty body when unchanged.

        urllib3 retries connection failures, timeouts and RETRY_STATUSES responses; a body that
        breaks off is retried here, on the same Retry (the same budget and backoff). Raises FetchError.
        """
        headers = {
            "User-Agent": policy.user_agent,
            "Accept": "application/pdf,*/*;q=0.5",
            # One connection per request, as urllib (see OneRequestPerConnection).
            "Connection": "close",
        }
        if (validators or {}).get("etag"):
            headers["If-None-Match"] = validators["etag"]  # type: ignore[index]
        if (validators or {}).get("last_modified"):
            headers["If-Modified-Since"] = validators["last_modified"]  # type: ignore[index]
        retry = HarvestRetry.for_policy(policy, self.sleep, lambda: self._wait_turn(url, policy))
        self._wait_turn(url, policy)
        while True:
            try:
                response = self._pool(url).request(
                    "GET",
                    url,
                    headers=headers,
                    retries=retry,
                    timeout=Timeout(connect=policy.timeout, read=policy.timeout),
                    preload_content=False,
                )
            except MaxRetryError as error:
                if isinstance(error.reason, ResponseError):  # too many redirects
                    raise FetchError(str(error.reason)) from None
                raise FetchError(
                    f"{failure_message(error.reason, policy)} {after(retry.failures + 1)}"
                ) from None
            except (LocationValueError, HTTPError) as error:  # e.g. a redirect to a non-HTTP URL
                raise FetchError(f"cannot fetch: {type(error).__name__}: {error}") from None
            retry = response.retries if isinstance(response.retries, HarvestRetry) else retry
            try:
                return self._read(response, policy, retry.attempts)
            except BodyError as error:
                try:
                    retry = retry.increment("GET", url, error=error)
                except MaxRetryError:
                    raise FetchError(f"{error.message} {after(retry.attempts)}") from None
                retry.sleep()
            finally:
                response.close()  # a body not read to the end (over the cap) is not left on the connection
                response.release_conn()

    @staticmethod
    def _read(
        response: BaseHTTPResponse, policy: Policy, attempts: int
    ) -> tuple[int, bytes, dict[str, str], int]:
        headers = {k.lower(): v for k, v in response.headers.items()}
        status = response.status
        if status == 304:
            return 304, b"", headers, attempts
        if not 200 <= status < 300:
            message = f"HTTP {status} {response.reason or responses.get(status, '')}".rstrip()
            if status in RETRY_STATUSES:
                message = f"{message} {after(attempts)}"
            raise FetchError(message, status)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > policy.max_bytes:
            raise FetchError(
                f"larger than the size cap ({int(declared):,} > {policy.max_bytes:,} bytes)", status
            )
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.stream(CHUNK):
                size += len(chunk)
                if size > policy.max_bytes:
                    raise FetchError(f"larger than the size cap (over {policy.max_bytes:,} bytes)", status)
                chunks.append(chunk)
        except (ReadTimeoutError, TimeoutError) as error:
            raise BodyError(f"timed out after {policy.timeout:g} s", error) from None
        except (ProtocolError, IncompleteRead, OSError) as error:
            received = (
                f"{size:,} of {int(declared):,} bytes" if declared.isdigit() else f"{size:,} bytes received"
            )
            raise BodyError(f"truncated body ({received})", error) from None
        if declared.isdigit() and size < int(declared):
            raise BodyError(
                f"truncated body ({size:,} of {int(declared):,} bytes)",
                IncompleteRead(size, int(declared) - size),
            )
        return status, b"".join(chunks), headers, attempts


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
        except LockTimeout:
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
            run.mark_ingested(list(report.new_files))
        code = exit_code(report, int(bool(summary and summary.documents["failed"])))
        run.log("run_end", counts=dict(report.counts), ingested=len(report.new_files), exit_code=code)
    return HarvestResult(report, summary, code)
