"""SOURCES.toml: the sources a harvest fetches and how politely (tomllib)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from disclosure.pipeline.exits import UsageError

SOURCE_KEYS = frozenset({"name", "index", "urls"})


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


POLICY_KEYS = frozenset(Policy.__dataclass_fields__)


def load_sources(path: Path) -> list[Source]:
    """Sources of a SOURCES.toml: `[defaults]` (a Policy) and `[[source]]` tables (name, index or urls)."""
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    defaults = config.get("defaults", {})
    unknown = set(defaults) - POLICY_KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown [defaults] keys: {', '.join(sorted(unknown))}")
    base = Policy(**defaults)
    sources = [
        source_of(path, entry, number, base) for number, entry in enumerate(config.get("source", []), start=1)
    ]
    if not sources:
        raise ConfigError(f"{path}: no [[source]] entries")
    return sources


def source_of(path: Path, entry: dict[str, Any], number: int, base: Policy) -> Source:
    """One `[[source]]` table: its policy is `base` with the table's own policy keys over it."""
    name = str(entry.get("name") or f"source-{number}")
    index, urls = entry.get("index"), entry.get("urls", [])
    if bool(index) == bool(urls):
        raise ConfigError(f"{path}: source {name!r} needs exactly one of `index` or `urls`")
    extra = set(entry) - POLICY_KEYS - SOURCE_KEYS
    if extra:
        raise ConfigError(f"{path}: source {name!r}: unknown keys: {', '.join(sorted(extra))}")
    overrides = {k: v for k, v in entry.items() if k in POLICY_KEYS}
    return Source(name, index, tuple(urls), Policy(**{**base.__dict__, **overrides}))
