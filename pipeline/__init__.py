"""The `disclosure` command: ingest PDFs into the canonical dataset, query it, inspect pages."""

from disclosure import __version__

# Stamped on every document's rows; a document read by another version is read again on a re-run.
PIPELINE_VERSION = __version__
