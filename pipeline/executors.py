"""Where per-document work runs: in this process, in a guarded pool of worker processes (pebble), or on Dask.

Every executor takes an iterator of Task (a document's source name and bytes) and yields one
Outcome per task, in completion order. Tasks are pulled lazily, so only a few documents per worker
are held in memory. Workers receive the bytes, never a path: a Dask worker needs only
the installed package, not the files. Results come back to the caller, the single writer.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import resource
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from disclosure.extractors.file_check import DocumentError
from disclosure.normalizers.records import DocumentResult
from disclosure.pipeline.failures import error_line, failed_document
from disclosure.pipeline.limits import DEFAULT_MEMORY_LIMIT, DEFAULT_TIME_LIMIT
from pebble import ProcessExpired, ProcessPool

DASK_WINDOW_PER_WORKER = 4  # tasks in flight per Dask worker thread
# Documents in flight per local worker: the one it reads and the next, queued, so that the worker
# can start on it as soon as it has sent a result instead of idling until the writer, busy landing
# the one before, schedules another.
POOL_TASKS_PER_WORKER = 2


@dataclass(frozen=True)
class Task:
    """One document to process: where it came from and its bytes."""

    source: str
    data: bytes


@dataclass(frozen=True)
class Limits:
    """Per-document guards. None disables a guard."""

    seconds: float | None = DEFAULT_TIME_LIMIT
    memory_mb: int | None = DEFAULT_MEMORY_LIMIT


@dataclass
class Outcome:
    """A processed document; `transient` when it failed on a resource limit (retried by the next run)."""

    result: DocumentResult
    transient: bool = False


def limit_failure(task: Task, kind: str, message: str) -> Outcome:
    """A failed-document outcome for a task that hit a guard or lost its worker."""
    return Outcome(
        failed_document(Path(task.source), task.data, DocumentError(kind, message)), transient=True
    )


def process_task(source: str, data: bytes) -> DocumentResult:
    """The unit of work shipped to workers (module level, so Dask and spawn can import it).

    Every executor runs this, so a document fails the same way on each: bad input and normaliser
    errors are failed documents from process_bytes, and anything else it lets escape is one here.
    Only MemoryError is raised (the pool worker's memory guard).
    """
    # Imported here: the readers and normalizers are the workers' (a pool's parent, the writer,
    # never needs them, and importing them costs every `ingest` a third of a second).
    from disclosure.pipeline.process import process_bytes

    try:
        return process_bytes(Path(source), data)
    except MemoryError:
        raise
    except Exception as exc:
        error = DocumentError("internal", error_line("processing failed", exc))
        return failed_document(Path(source), data, error)


# --- in this process -------------------------------------------------------------------------


def run_inline(tasks: Iterable[Task]) -> Iterator[Outcome]:
    """No guards, no subprocesses: for debugging and tiny batches (`--workers 0`)."""
    for task in tasks:
        yield Outcome(process_task(task.source, task.data))


# --- guarded local pool (pebble) ---------------------------------------------------------------


@contextlib.contextmanager
def address_space_cap(memory_mb: int | None) -> Iterator[None]:
    """Cap this process's address space while a document is processed (RLIMIT_AS), then lift it.

    An allocation beyond the cap raises MemoryError here instead of the kernel's OOM killer taking
    down this worker or, worse, another process. The cap is lifted between documents so that the
    worker can always receive the next one from the pool's shared channel: a worker dying there
    would take the channel, and with it the pool, down.
    """
    if not memory_mb:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def load_readers() -> None:
    """A pool worker's start: import the readers and normalizers before the first document, so
    that its time limit counts the document's work only; then freeze what the imports made.

    Frozen objects (the modules, their functions and tables, alive for the worker's life anyway)
    are left out of every later garbage collection, which otherwise walks them all each time it
    collects the oldest generation while documents are read."""
    import disclosure.pipeline.process  # noqa: F401

    gc.freeze()


def pool_task(source: str, data: bytes, memory_mb: int | None) -> bytes:
    """The work of a pool worker: the pickled Outcome, pickled here so that every failure is a document's.

    A MemoryError (the address-space cap) becomes a transient failed document; a result that cannot
    be pickled, a failed document that says so.
    """
    task = Task(source, data)
    with address_space_cap(memory_mb):
        try:
            outcome = Outcome(process_task(source, data))
            return pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            outcome = limit_failure(task, "memory", f"memory limit exceeded ({memory_mb} MiB per worker)")
            return pickle.dumps(outcome)
        except Exception as exc:  # process_task does not raise: the result could not be pickled
            error = DocumentError("internal", error_line("could not send the result to the writer", exc))
            return pickle.dumps(Outcome(failed_document(Path(source), data, error)))


def pool_outcome(future: Future, task: Task, limits: Limits) -> Outcome:
    """The Outcome of a finished pool task: its result, or the guard that stopped it."""
    try:
        return pickle.loads(future.result())
    except FutureTimeout:  # pebble killed the worker at the deadline and started a new one
        return limit_failure(task, "time_limit", f"time limit exceeded ({limits.seconds:g} s per document)")
    except ProcessExpired as exc:  # the worker died (a signal, the kernel, os._exit): pebble replaced it
        return limit_failure(task, "crashed", f"worker process died (exit code {exc.exitcode})")


def available_cores() -> int:
    """CPUs this process may run on (the default number of workers)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def warm_up() -> None:
    """A task that does nothing: scheduling it starts the pool's workers (see LocalPool)."""


class LocalPool:
    """`workers` guarded worker processes (pebble.ProcessPool), started as the pool is made.

    A worker starts by importing the readers (load_readers, about half a second): made before the
    caller imports the writer and opens the dataset, the pool is ready when the first document is.
    Use as a context manager; `run` processes tasks on it.
    """

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._pool = ProcessPool(
            max_workers=self.workers,
            initializer=load_readers,
            # spawn, not fork: the parent runs threads (progress bar, Dask client, pebble's own) that
            # fork would copy mid-state.
            context=multiprocessing.get_context("spawn"),
        )
        self._pool.schedule(warm_up)  # pebble starts every worker at the first task

    def __enter__(self) -> LocalPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the workers; documents still running are dropped."""
        self._pool.stop()
        self._pool.join()

    def run(self, tasks: Iterable[Task], limits: Limits) -> Iterator[Outcome]:
        """Process tasks on the workers, in completion order.

        Each document has `limits.seconds` from the moment a worker takes it (pebble counts from
        the worker's start on it, not from scheduling): past that, pebble kills the worker and
        starts a fresh one. POOL_TASKS_PER_WORKER documents per worker are in flight, pulled from
        `tasks` as others finish.
        """
        pending = iter(tasks)
        in_flight: dict[Future, Task] = {}

        def submit() -> None:
            task = next(pending, None)
            if task is not None:
                future = self._pool.schedule(
                    pool_task, (task.source, task.data, limits.memory_mb), timeout=limits.seconds
                )
                in_flight[future] = task

        try:
            for _ in range(self.workers * POOL_TASKS_PER_WORKER):
                submit()
            while in_flight:
                done, _ = wait(list(in_flight), return_when=FIRST_COMPLETED)
                for future in done:
                    task = in_flight.pop(future)
                    submit()  # first, so that the worker reads the next document while this one is written
                    yield pool_outcome(future, task, limits)
        finally:  # on an early exit, the documents in flight are not waited for
            for future in in_flight:
                future.cancel()


def start_pool(workers: int | None, executor: str) -> LocalPool | None:
    """A LocalPool started now for a batch run on local workers (`workers` None: one per core);
    None when the run has none (workers 0: in this process; executor dask)."""
    if executor != "local" or workers == 0 or (workers is not None and workers < 0):
        return None
    return LocalPool(workers or available_cores())


def run_pool(tasks: Iterable[Task], workers: int, limits: Limits) -> Iterator[Outcome]:
    """Process tasks on a LocalPool of `workers` processes made for them, in completion order."""
    with LocalPool(workers) as pool:
        yield from pool.run(tasks, limits)


# --- Dask distributed ------------------------------------------------------------------------


def run_dask(tasks: Iterable[Task], scheduler: str, limits: Limits) -> Iterator[Outcome]:
    """Process tasks on a Dask distributed cluster at `scheduler` (e.g. tcp://10.0.0.5:8786).

    The time limit applies to waiting: a document not back in time is recorded as failed and its
    task cancelled (a running task cannot be interrupted). Memory is guarded by the Dask workers'
    own memory limit: a worker that dies loses its task, which then fails here with a one-line error.
    """
    from distributed import Client
    from distributed import wait as wait_for

    with Client(scheduler, timeout=30) as client:  # the default client: distributed.wait needs one
        threads = sum(client.nthreads().values()) or 1
        window = threads * DASK_WINDOW_PER_WORKER
        pending = iter(tasks)
        in_flight: dict[Any, tuple[Task, float]] = {}

        def submit() -> bool:
            task = next(pending, None)
            if task is None:
                return False
            future = client.submit(process_task, task.source, task.data, pure=False)
            in_flight[future] = (task, time.monotonic() + (limits.seconds or float("inf")))
            return True

        while len(in_flight) < window and submit():
            pass
        while in_flight:
            timeout = min(deadline for _, deadline in in_flight.values()) - time.monotonic()
            try:
                done, _ = wait_for(
                    list(in_flight), timeout=min(max(timeout, 0.05), 3600.0), return_when="FIRST_COMPLETED"
                )
            except TimeoutError:
                done = set()
            for future in done:
                task, _ = in_flight.pop(future)
                if future.status == "finished":
                    yield Outcome(future.result())
                else:
                    error = future.exception() if future.status == "error" else future.status
                    message = f"Dask task failed ({type(error).__name__}: {error})".splitlines()[0][:200]
                    yield limit_failure(task, "worker", message)
                submit()
            now = time.monotonic()
            for future, (task, deadline) in list(in_flight.items()):
                if now >= deadline:
                    future.cancel()
                    del in_flight[future]
                    yield limit_failure(
                        task, "time_limit", f"time limit exceeded ({limits.seconds:g} s per document)"
                    )
                    submit()
