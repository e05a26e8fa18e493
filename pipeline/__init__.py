"""The `disclosure` command: ingest PDFs into the canonical dataset, query it, inspect pages."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """PIPELINE_VERSION, looked up on first use: reading package metadata costs `query` start-up time.

    Stamped on every document's rows; a document read by another version is read again on a re-run.
    """
    if name == "PIPELINE_VERSION":
        from disclosure import __version__

        return __version__
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
