"""The `disclosure` command: ingest PDFs into the canonical dataset, query it, inspect pages."""

PIPELINE_VERSION = "0.3.0"
