"""What a harvest folder remembers (sqlite): per URL its validators (ETag, Last-Modified) and last
content, every version seen and whether it was ingested; and the downloads, stored by content."""

from __future__ import annotations

import os
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from disclosure.pipeline.harvest_links import Link

STATE_FILE = "harvest.sqlite"
DOWNLOADS = "downloads"
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
    """The time now, UTC, to the second (ISO 8601)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class UrlState:
    """What the last fetch of a URL left: its validators and the sha256 of its content (None: none stored)."""

    etag: str | None
    last_modified: str | None
    sha256: str | None

    def validators(self) -> dict[str, str]:
        """The validators of a conditional GET; none when no content of the URL was stored."""
        if not self.sha256:
            return {}
        return {"etag": self.etag or "", "last_modified": self.last_modified or ""}


class HarvestState:
    """The state database and the download store of one harvest folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.db = sqlite3.connect(folder / STATE_FILE, isolation_level=None)
        self.db.executescript(STATE_SCHEMA)

    def close(self) -> None:
        self.db.close()

    def url_state(self, url: str) -> UrlState | None:
        """What the last fetch of `url` left, or None for a URL never fetched."""
        row = self.db.execute("SELECT etag, last_modified, sha256 FROM urls WHERE url = ?", (url,)).fetchone()
        return UrlState(*row) if row else None

    def remember(self, link: Link, etag: str | None, last_modified: str | None, sha: str | None) -> None:
        """Record a URL's fetch: its validators and the sha256 of its content."""
        self.db.execute(
            "INSERT OR REPLACE INTO urls VALUES (?, ?, ?, ?, ?, ?, ?)",
            (link.url, link.source, link.title, etag, last_modified, sha, now_text()),
        )

    def add_version(self, sha: str, link: Link, size: int) -> None:
        """Record a version (content) of a URL, not yet ingested."""
        self.db.execute(
            "INSERT OR IGNORE INTO versions VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
            (sha, link.url, link.title, link.agency, link.fiscal_year, link.kind, size, now_text()),
        )

    def download_path(self, sha: str) -> Path:
        return self.folder / DOWNLOADS / sha[:2] / f"{sha}.pdf"

    def store(self, sha: str, body: bytes) -> Path:
        """Write a download under its sha256, atomically (a killed run leaves no half file)."""
        path = self.download_path(sha)
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
            path = self.download_path(sha)
            if path.is_file():
                pending.setdefault(path, []).append((url, title))
        return pending

    def mark_ingested(self, paths: list[Path]) -> None:
        """Record the versions stored at `paths` as ingested."""
        for path in paths:
            self.db.execute("UPDATE versions SET ingested = 1 WHERE sha256 = ?", (path.stem,))
