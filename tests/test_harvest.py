"""`disclosure harvest` against a real HTTP server on 127.0.0.1 serving the corpus index pages and PDFs."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest
from conftest import SEED_FIXTURE
from disclosure.outputs.dataset import connect
from disclosure.pipeline.cli import main
from disclosure.pipeline.exits import EXIT_OK, UsageError
from disclosure.pipeline.harvest import (
    EXIT_ALL_FAILED,
    EXIT_BUSY,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    LOCK_FILE,
    LOG_FILE,
    HarvestReport,
    harvest_and_ingest,
)
from disclosure.pipeline.harvest_config import Policy
from disclosure.pipeline.harvest_http import Fetcher, FetchError
from disclosure.pipeline.harvest_links import links_in_page, title_facts
from disclosure.pipeline.harvest_state import STATE_FILE
from disclosure.pipeline.ingest import BatchOptions
from filelock import FileLock

LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)
JIANGSU_PATH = "/jiangsu/" + quote("2017年江苏省人民检察院部门预算.pdf")


class Site:
    """What the test server serves: path -> handler, plus a log of every request."""

    def __init__(self) -> None:
        self.routes: dict[str, Callable[[BaseHTTPRequestHandler], None]] = {}
        self.requests: list[tuple[float, str, int]] = []  # (arrival, path, status sent)
        self.lock = threading.Lock()

    def record(self, path: str, status: int) -> None:
        with self.lock:
            self.requests.append((time.monotonic(), path, status))


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]) -> None:
    handler.send_response(status)
    for key, value in headers.items():
        handler.send_header(key, value)
    handler.end_headers()
    handler.wfile.write(body)


def pdf_route(site: Site, data: bytes, etag: bool = True, last_modified: bool = True) -> Callable:
    """A PDF with validators; answers 304 to a matching conditional GET."""
    tag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'

    def handle(h: BaseHTTPRequestHandler) -> None:
        if (etag and h.headers.get("If-None-Match") == tag) or (
            last_modified and not etag and h.headers.get("If-Modified-Since") == LAST_MODIFIED
        ):
            site.record(h.path, 304)
            send(h, 304, b"", {})
            return
        headers = {"Content-Type": "application/pdf", "Content-Length": str(len(data))}
        if etag:
            headers["ETag"] = tag
        if last_modified:
            headers["Last-Modified"] = LAST_MODIFIED
        site.record(h.path, 200)
        send(h, 200, data, headers)

    return handle


def status_route(site: Site, status: int) -> Callable:
    def handle(h: BaseHTTPRequestHandler) -> None:
        site.record(h.path, status)
        send(h, status, b"error page", {"Content-Type": "text/plain", "Content-Length": "10"})

    return handle


def flaky_route(site: Site, data: bytes) -> Callable:
    """500 on the first request ever, then a good PDF: a retry recovers it."""
    calls = {"n": 0}
    good = pdf_route(site, data)

    def handle(h: BaseHTTPRequestHandler) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            status_route(site, 500)(h)
        else:
            good(h)

    return handle


def slow_route(site: Site) -> Callable:
    def handle(h: BaseHTTPRequestHandler) -> None:
        site.record(h.path, 200)
        time.sleep(1.0)  # beyond the client's 0.3 s timeout
        send(h, 200, b"%PDF-1.4\n", {"Content-Type": "application/pdf", "Content-Length": "9"})

    return handle


def truncated_route(site: Site, data: bytes) -> Callable:
    def handle(h: BaseHTTPRequestHandler) -> None:
        site.record(h.path, 200)
        headers = {"Content-Type": "application/pdf", "Content-Length": str(len(data))}
        send(h, 200, data[: len(data) // 3], headers)  # then the connection closes

    return handle


def html_route(site: Site, html: bytes) -> Callable:
    def handle(h: BaseHTTPRequestHandler) -> None:
        site.record(h.path, 200)
        send(h, 200, html, {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(html))})

    return handle


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    """A threaded HTTP server on 127.0.0.1 (any free port), stopped after the test."""
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            route = state.routes.get(unquote(self.path)) or state.routes.get(self.path)
            if route is None:
                status_route(state, 404)(self)
            else:
                route(self)
            self.close_connection = True

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def rewrite_links(html: str, targets: list[str]) -> str:
    """Point the page's PDF links (href="./P....pdf"), in order, at the given server paths."""
    originals = list(dict.fromkeys(re.findall(r'href="(\./P\d+\.pdf)"', html)))
    assert len(originals) >= len(targets)
    for original, target in zip(originals, targets, strict=False):
        html = html.replace(f'href="{original}"', f'href="{target}"')
    return html


def test_index_page_links_carry_agency_year_and_kind(corpus: Path) -> None:
    page = (corpus / "html" / "cq-planning-bureau-fiscal-disclosures-index.html").read_text(encoding="utf-8")
    links = links_in_page(page, "http://127.0.0.1/index.html", "cq")
    assert len(links) == 178
    first = links[0]
    assert first.url == "http://127.0.0.1/P020260302354923538765.pdf"
    assert first.title == "000-418-重庆市规划和自然资源局-2026年部门预算情况说明.pdf"
    assert (first.agency, first.fiscal_year, first.kind) == ("重庆市规划和自然资源局", 2026, "budget")
    assert title_facts("001-418001-重庆市规划和自然资源局（本级）-2026年单位预算情况说明.pdf") == (
        "重庆市规划和自然资源局（本级）",
        2026,
        "budget",
    )
    assert title_facts("2024年度部门决算.pdf")[1:] == (2024, "final")


def write_sources(path: Path, base: str) -> Path:
    path.write_text(
        f"""
[defaults]
rate_limit = 20.0     # requests per second per host
retries = 1
backoff = 0.05
timeout = 0.3
max_bytes = 2_000_000

[[source]]
name = "cq-development-reform"
index = "{base}/html/cq-development-reform-2026-budget.html"

[[source]]
name = "cq-price-center"
index = "{base}/html/cq-price-center-2026-unit-budget.html"

[[source]]
name = "jiangsu"
urls = ["{base}{JIANGSU_PATH}", "{base}/files/big.pdf"]
""",
        encoding="utf-8",
    )
    return path


def test_harvest_fetches_politely_keeps_versions_and_ingests_what_is_new(
    tmp_path: Path, corpus: Path, site: tuple[Site, str]
) -> None:
    server, base = site
    pdf = lambda name: (corpus / name).read_bytes()  # noqa: E731
    seed = SEED_FIXTURE.read_bytes()
    dev_page = (corpus / "html" / "cq-development-reform-2026-budget.html").read_text(encoding="utf-8")
    price_page = (corpus / "html" / "cq-price-center-2026-unit-budget.html").read_text(encoding="utf-8")
    targets = [f"/files/{n}.pdf" for n in ("seed", "lm-only", "gone", "broken", "flaky", "slow", "cut")]
    server.routes.update(
        {
            "/html/cq-development-reform-2026-budget.html": html_route(
                server, rewrite_links(dev_page, targets).encode()
            ),
            "/html/cq-price-center-2026-unit-budget.html": html_route(
                server, rewrite_links(price_page, ["/files/scraped.pdf"]).encode()
            ),
            "/files/seed.pdf": pdf_route(server, seed, etag=True),
            "/files/lm-only.pdf": pdf_route(server, pdf("final/f17e3c9deb66.pdf"), etag=False),
            "/files/broken.pdf": status_route(server, 500),
            "/files/flaky.pdf": flaky_route(server, pdf("budget/1ac93479a5f5.pdf")),
            "/files/slow.pdf": slow_route(server),
            "/files/cut.pdf": truncated_route(server, seed),
            # an HTML page saved as .pdf and served as a PDF: only the magic bytes tell
            "/files/scraped.pdf": pdf_route(server, pdf("bad/html-page-saved-as.pdf")),
            JIANGSU_PATH: pdf_route(server, pdf("budget/956e155770fa.pdf")),
            "/files/big.pdf": pdf_route(server, pdf("final/d45e923176f9.pdf")),
        }
    )
    sources = write_sources(tmp_path / "SOURCES.toml", base)
    out = tmp_path / "harvest"
    args = ["harvest", str(sources), "--out", str(out), "--quiet", "--workers", "0"]

    assert main(args) == EXIT_SOME_FAILED
    log = [json.loads(line) for line in (out / LOG_FILE).read_text(encoding="utf-8").splitlines()]
    fetches = {entry["url"].removeprefix(base): entry for entry in log if entry["event"] == "fetch"}
    assert {k: v["status"] for k, v in fetches.items()} == {
        "/files/seed.pdf": "new",
        "/files/lm-only.pdf": "new",
        "/files/gone.pdf": "failed",
        "/files/broken.pdf": "failed",
        "/files/flaky.pdf": "new",
        "/files/slow.pdf": "failed",
        "/files/cut.pdf": "failed",
        "/files/scraped.pdf": "failed",
        JIANGSU_PATH: "new",
        "/files/big.pdf": "failed",
    }
    errors = {k: v["error"] for k, v in fetches.items() if v["error"]}
    assert errors["/files/gone.pdf"] == "HTTP 404 Not Found"
    assert errors["/files/broken.pdf"] == "HTTP 500 Internal Server Error (after 2 attempts)"
    assert errors["/files/slow.pdf"] == "timed out after 0.3 s (after 2 attempts)"
    assert errors["/files/cut.pdf"].startswith("truncated body") and errors["/files/cut.pdf"].endswith(
        "(after 2 attempts)"
    )
    assert errors["/files/scraped.pdf"] == "an HTML page saved under a .pdf name, not a PDF"
    assert errors["/files/big.pdf"] == "larger than the size cap (3,680,942 > 2,000,000 bytes)"
    assert fetches["/files/flaky.pdf"]["attempts"] == 2
    seed_fetch = fetches["/files/seed.pdf"]
    assert (seed_fetch["title"], seed_fetch["agency"], seed_fetch["fiscal_year"], seed_fetch["kind"]) == (
        "重庆市发展和改革委员会2026年部门预算公开.pdf",
        "重庆市发展和改革委员会",
        2026,
        "budget",
    )
    assert log[-1]["event"] == "run_end" and log[-1]["exit_code"] == EXIT_SOME_FAILED

    # downloads are stored by sha256 and ingested, with the URL and link title as the source
    stored = sorted(p.stem[:12] for p in (out / "downloads").rglob("*.pdf"))
    seed_sha = hashlib.sha256(SEED_FIXTURE.read_bytes()).hexdigest()[:12]
    assert stored == sorted([seed_sha, "f17e3c9deb66", "1ac93479a5f5", "956e155770fa"])
    con = connect(out / "dataset")
    assert con.execute("SELECT count(*) FROM documents WHERE status = 'ok'").fetchone()[0] == 4
    source, name = con.execute(
        f"SELECT source, file_name FROM document_sources WHERE doc_id LIKE '{seed_sha}%'"
    ).fetchone()
    assert (source, name) == (f"{base}/files/seed.pdf", "重庆市发展和改革委员会2026年部门预算公开.pdf")

    # the next night: the Jiangsu budget was re-published under the same URL with new bytes
    server.routes[JIANGSU_PATH] = pdf_route(server, pdf("budget/cc051e34039b.pdf"))
    server.requests.clear()
    assert main(args) == EXIT_SOME_FAILED
    log = [json.loads(line) for line in (out / LOG_FILE).read_text(encoding="utf-8").splitlines()]
    second = {
        e["url"].removeprefix(base): e["status"]
        for e in log
        if e["event"] == "fetch" and e["run"] == log[-1]["run"]
    }
    assert (
        second["/files/seed.pdf"] == second["/files/lm-only.pdf"] == second["/files/flaky.pdf"] == "unchanged"
    )
    assert second[JIANGSU_PATH] == "changed"
    # conditional GET: ETag for seed and flaky, Last-Modified alone for lm-only
    assert sorted(p for _, p, status in server.requests if status == 304) == [
        "/files/flaky.pdf",
        "/files/lm-only.pdf",
        "/files/seed.pdf",
    ]
    with sqlite3.connect(out / STATE_FILE) as db:
        versions = db.execute(
            "SELECT substr(sha256, 1, 12) FROM versions WHERE url LIKE '%jiangsu%' ORDER BY first_seen"
        ).fetchall()
    assert sorted(v[0] for v in versions) == ["956e155770fa", "cc051e34039b"]
    con = connect(out / "dataset")
    both = con.execute(
        "SELECT count(DISTINCT doc_id), count(DISTINCT source) FROM document_sources WHERE source LIKE '%jiangsu%'"
    ).fetchone()
    assert both == (2, 1)  # two versions, both kept, one URL
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 5


def test_exit_codes_for_busy_all_failed_and_bad_config(tmp_path: Path, site: tuple[Site, str]) -> None:
    server, base = site
    sources = tmp_path / "SOURCES.toml"
    sources.write_text(
        f'[defaults]\nrate_limit = 50.0\nretries = 0\ntimeout = 1.0\n\n[[source]]\nname = "down"\nindex = "{base}/none.html"\n',
        encoding="utf-8",
    )
    out = tmp_path / "harvest"
    args = ["harvest", str(sources), "--out", str(out), "--quiet", "--workers", "0"]
    assert main(args) == EXIT_ALL_FAILED
    with FileLock(out / LOCK_FILE):  # another harvest holds the folder
        assert main(args) == EXIT_BUSY
    bad = tmp_path / "bad.toml"
    bad.write_text('[[source]]\nname = "x"\n', encoding="utf-8")
    assert main(["harvest", str(bad), "--out", str(out), "--quiet"]) == EXIT_USAGE


class ManualClock:
    """A clock that moves only when the fetcher sleeps: rate limiting without wall-clock timing."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_rate_limit_spaces_requests_per_host_on_a_controlled_clock(site: tuple[Site, str]) -> None:
    server, base = site
    seed = SEED_FIXTURE.read_bytes()
    server.routes.update({f"/files/{n}.pdf": pdf_route(server, seed) for n in ("a", "b", "c")})
    clock = ManualClock()
    fetcher = Fetcher(clock=clock, sleep=clock.sleep)
    policy = Policy(rate_limit=4.0, retries=0, timeout=5.0)
    sent_at = []
    for name in ("a", "b", "c"):
        status, body, _, attempts = fetcher.get(f"{base}/files/{name}.pdf", policy)
        sent_at.append(fetcher.last_request[urlsplit(base).netloc])
        assert (status, body, attempts) == (200, seed, 1)
    # 4 requests/s: the first goes at once, each later one waits until 0.25 s after the one before
    assert clock.sleeps == [0.25, 0.25]
    assert [t - sent_at[0] for t in sent_at] == [0.0, 0.25, 0.5]
    # the server saw exactly these three requests, in this order
    assert [path for _, path, _ in server.requests] == ["/files/a.pdf", "/files/b.pdf", "/files/c.pdf"]


def sequence_route(site: Site, steps: list[Callable]) -> Callable:
    """Each request gets the next handler of `steps` (the last one repeats)."""
    calls = {"n": 0}

    def handle(h: BaseHTTPRequestHandler) -> None:
        step = steps[min(calls["n"], len(steps) - 1)]
        calls["n"] += 1
        step(h)

    return handle


def retry_after_route(site: Site, status: int, seconds: int) -> Callable:
    def handle(h: BaseHTTPRequestHandler) -> None:
        site.record(h.path, status)
        send(h, status, b"busy", {"Retry-After": str(seconds), "Content-Length": "4"})

    return handle


def redirect_route(site: Site, location: str) -> Callable:
    def handle(h: BaseHTTPRequestHandler) -> None:
        site.record(h.path, 302)
        send(h, 302, b"", {"Location": location, "Content-Length": "0"})

    return handle


def test_retries_back_off_doubling_and_honour_retry_after(site: tuple[Site, str]) -> None:
    server, base = site
    seed = SEED_FIXTURE.read_bytes()
    server.routes["/files/flaky.pdf"] = sequence_route(
        server,
        [
            status_route(server, 500),
            status_route(server, 502),
            status_route(server, 429),
            pdf_route(server, seed),
        ],
    )
    server.routes["/files/busy.pdf"] = sequence_route(
        server, [retry_after_route(server, 503, 7), pdf_route(server, seed)]
    )
    server.routes["/files/cut-once.pdf"] = sequence_route(
        server, [truncated_route(server, seed), pdf_route(server, seed)]
    )
    server.routes["/files/missing.pdf"] = status_route(server, 404)
    clock = ManualClock()
    fetcher = Fetcher(clock=clock, sleep=clock.sleep)
    policy = Policy(rate_limit=0, retries=3, backoff=0.5, timeout=5.0)

    status, body, _, attempts = fetcher.get(f"{base}/files/flaky.pdf", policy)
    assert (status, body, attempts) == (200, seed, 4)
    assert clock.sleeps == [0.5, 1.0, 2.0]  # backoff before the first retry, doubled for each further one

    clock.sleeps.clear()
    status, body, _, attempts = fetcher.get(f"{base}/files/busy.pdf", policy)
    assert (status, body, attempts) == (200, seed, 2)
    assert clock.sleeps == [7.0]  # the server's Retry-After instead of the backoff

    clock.sleeps.clear()
    status, body, _, attempts = fetcher.get(f"{base}/files/cut-once.pdf", policy)
    assert (status, body, attempts) == (200, seed, 2)  # a body that broke off is fetched again
    assert clock.sleeps == [0.5]

    server.requests.clear()
    with pytest.raises(FetchError) as failed:
        fetcher.get(f"{base}/files/missing.pdf", policy)
    assert (failed.value.message, failed.value.http_status) == ("HTTP 404 Not Found", 404)
    assert [path for _, path, _ in server.requests] == ["/files/missing.pdf"]  # a 404 is not retried


def test_retries_wait_for_the_rate_limit_too(site: tuple[Site, str]) -> None:
    server, base = site
    server.routes["/files/broken.pdf"] = status_route(server, 500)
    clock = ManualClock()
    fetcher = Fetcher(clock=clock, sleep=clock.sleep)
    with pytest.raises(FetchError) as failed:
        fetcher.get(f"{base}/files/broken.pdf", Policy(rate_limit=2.0, retries=1, backoff=0.1, timeout=5.0))
    assert failed.value.message == "HTTP 500 Internal Server Error (after 2 attempts)"
    assert clock.sleeps == pytest.approx([0.1, 0.4])  # the backoff, then the rest of the host's 0.5 s turn


def test_conditional_get_sends_the_validators_and_redirects_are_not_retries(site: tuple[Site, str]) -> None:
    server, base = site
    seed = SEED_FIXTURE.read_bytes()
    seen: list[dict[str, str | None]] = []
    etag_route, date_route = pdf_route(server, seed), pdf_route(server, seed, etag=False)

    def recording(route: Callable) -> Callable:
        def handle(h: BaseHTTPRequestHandler) -> None:
            seen.append({k: h.headers.get(k) for k in ("If-None-Match", "If-Modified-Since", "User-Agent")})
            route(h)

        return handle

    server.routes["/files/tagged.pdf"] = recording(etag_route)
    server.routes["/files/dated.pdf"] = recording(date_route)
    server.routes["/old/tagged.pdf"] = redirect_route(server, "/files/tagged.pdf")
    fetcher = Fetcher()
    policy = Policy(rate_limit=0, retries=0, timeout=5.0)

    status, body, headers, attempts = fetcher.get(f"{base}/old/tagged.pdf", policy)
    assert (status, body, attempts) == (200, seed, 1)
    tag = headers["etag"]
    status, body, _, attempts = fetcher.get(f"{base}/old/tagged.pdf", policy, {"etag": tag})
    assert (status, body, attempts) == (304, b"", 1)
    status, body, headers, _ = fetcher.get(f"{base}/files/dated.pdf", policy)
    assert (status, headers["last-modified"]) == (200, LAST_MODIFIED)
    status, body, _, _ = fetcher.get(f"{base}/files/dated.pdf", policy, {"last_modified": LAST_MODIFIED})
    assert (status, body) == (304, b"")
    assert [(s["If-None-Match"], s["If-Modified-Since"]) for s in seen] == [
        (None, None),
        (tag, None),
        (None, None),
        (None, LAST_MODIFIED),
    ]
    assert {s["User-Agent"] for s in seen} == {policy.user_agent}


def test_harvest_and_ingest_returns_what_it_fetched_and_ingested(
    tmp_path: Path, site: tuple[Site, str]
) -> None:
    server, base = site
    server.routes["/files/seed.pdf"] = pdf_route(server, SEED_FIXTURE.read_bytes())
    sources = tmp_path / "SOURCES.toml"
    sources.write_text(
        f'[defaults]\nrate_limit = 0\nretries = 0\n\n[[source]]\nname = "one"\nurls = ["{base}/files/seed.pdf"]\n',
        encoding="utf-8",
    )
    out, options = tmp_path / "harvest", BatchOptions(workers=0)
    fetched: list[HarvestReport] = []

    first = harvest_and_ingest(sources, out, options=options, on_fetched=fetched.append)
    assert (first.exit_code, dict(first.report.counts)) == (EXIT_OK, {"new": 1})
    assert first.ingested is not None and first.ingested.documents == {"ok": 1}
    assert fetched == [first.report] and (out / "dataset" / "documents").is_dir()

    again = harvest_and_ingest(sources, out, options=options)  # a conditional GET: 304, nothing to ingest
    assert (again.exit_code, dict(again.report.counts), again.ingested) == (EXIT_OK, {"unchanged": 1}, None)

    with pytest.raises(UsageError, match="--workers must be 0 or more"):  # checked before ingesting
        harvest_and_ingest(sources, tmp_path / "other", options=BatchOptions(workers=-1))
    log = [
        json.loads(line) for line in (tmp_path / "other" / LOG_FILE).read_text(encoding="utf-8").splitlines()
    ]
    assert (log[-1]["event"], log[-1]["exit_code"]) == ("run_end", EXIT_USAGE)
