"""Default per-document guards of a batch run.

Kept apart from pipeline.executors (which imports the whole pipeline) so that the command's
argument parser can show them without importing the readers: `disclosure --help` starts fast.
"""

DEFAULT_TIME_LIMIT = 600.0  # seconds per document; the 171-page corpus document takes about 10 s
DEFAULT_MEMORY_LIMIT = 4096  # MiB of address space per worker process
