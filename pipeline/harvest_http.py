"""The harvest's HTTP client (urllib3): per-host rate limit, retries with backoff and Retry-After,
truncated bodies retried, conditional GETs (ETag, Last-Modified), a size cap, the environment's proxy."""

from __future__ import annotations

import time
from collections.abc import Callable
from http.client import responses
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from urllib.request import getproxies, proxy_bypass

from disclosure.extractors.file_check import DocumentError, check_pdf_bytes
from disclosure.pipeline.harvest_config import Policy
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

CHUNK = 64 * 1024
HTML_TYPES = ("text/html", "application/xhtml")
RETRY_STATUSES = frozenset({408, 429, *range(500, 600)})  # retried; any other 4xx is final
MAX_REDIRECTS = 10  # as urllib's
BACKOFF_MAX = 120.0  # seconds: the longest wait between attempts, a server's Retry-After included


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
    """ "(after N attempts)", for an error message."""
    return f"(after {attempts} attempt{'s' if attempts > 1 else ''})"


def request_headers(policy: Policy, validators: dict[str, str]) -> dict[str, str]:
    """A GET's headers; a conditional GET when validators (etag, last_modified) are given."""
    headers = {
        "User-Agent": policy.user_agent,
        "Accept": "application/pdf,*/*;q=0.5",
        # One connection per request, as urllib (see OneRequestPerConnection).
        "Connection": "close",
    }
    if validators.get("etag"):
        headers["If-None-Match"] = validators["etag"]
    if validators.get("last_modified"):
        headers["If-Modified-Since"] = validators["last_modified"]
    return headers


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
        headers = request_headers(policy, validators or {})
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
        return status, read_body(response, policy, declared), headers, attempts


def read_body(response: BaseHTTPResponse, policy: Policy, declared: str) -> bytes:
    """The body, up to the size cap (FetchError beyond); BodyError when it breaks off or times out."""
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.stream(CHUNK):
            size += len(chunk)
            if size > policy.max_bytes:
                raise FetchError(
                    f"larger than the size cap (over {policy.max_bytes:,} bytes)", response.status
                )
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
    return b"".join(chunks)


def check_download(body: bytes, headers: dict[str, str]) -> None:
    """Raise DocumentError when a download is not a complete PDF (by content type and magic bytes)."""
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type.startswith(HTML_TYPES) and not body.lstrip().startswith(b"%PDF-"):
        raise DocumentError("html", f"an HTML page (Content-Type {content_type}), not a PDF")
    check_pdf_bytes(body)
