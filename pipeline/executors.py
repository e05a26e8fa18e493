"""Where per-document work runs: in this process, in a guarded pool of worker processes, or on Dask.

Every executor takes an iterator of Task (a document's source name and bytes) and yields one
Outcome per task, in completion order. Tasks are pulled lazily, so only as many documents as there
are workers are held in memory. Workers receive the bytes, never a path: a Dask worker needs only
the installed package, not the files. Results come back to the caller, the single writer.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import resource
import signal
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from extractors.file_check import DocumentError
from normalizers.records import DocumentResult
from pipeline.limits import DEFAULT_MEMORY_LIMIT, DEFAULT_TIME_LIMIT
from pipeline.process import error_line, failed_document, process_bytes

DASK_WINDOW_PER_WORKER = 4  # tasks in flight per Dask worker thread
WORKER_START_SECONDS = 120.0  # a worker that cannot even import the package within this is broken
READY = b"ready"


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


# --- guarded local pool ----------------------------------------------------------------------


def worker_main(conn: Connection, memory_mb: int | None) -> None:
    """Loop of a pool worker: receive a task, send back the pickled result, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    if memory_mb:
        # Address-space cap: an allocation beyond it raises MemoryError here instead of the kernel's
        # OOM killer taking down this worker or, worse, another process.
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, hard))
    conn.send_bytes(READY)  # imports done: the parent starts a document's clock only from here
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        source, data = message
        task = Task(source, data)
        try:
            outcome = Outcome(process_task(source, data))
            payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            outcome = limit_failure(task, "memory", f"memory limit exceeded ({memory_mb} MiB per worker)")
            payload = pickle.dumps(outcome)
        except Exception as exc:  # process_task does not raise: the result could not be pickled
            error = DocumentError("internal", error_line("could not send the result to the writer", exc))
            payload = pickle.dumps(Outcome(failed_document(Path(source), data, error)))
        conn.send_bytes(payload)


@dataclass
class Slot:
    """A worker process and the task it is working on."""

    process: Any
    conn: Connection
    task: Task | None = None
    deadline: float = 0.0


class GuardedPool:
    """N worker processes; a worker past its document's time limit is killed and replaced."""

    def __init__(self, workers: int, limits: Limits) -> None:
        self.limits = limits
        # spawn, not fork: the parent runs threads (progress bar, Dask client) that fork would copy mid-state.
        self.context = multiprocessing.get_context("spawn")
        self.slots = [self._start() for _ in range(max(1, workers))]
        for slot in self.slots:
            self._await_ready(slot)

    def _start(self) -> Slot:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=worker_main, args=(child, self.limits.memory_mb), daemon=True)
        process.start()
        child.close()
        return Slot(process, parent)

    def _await_ready(self, slot: Slot) -> None:
        if not slot.conn.poll(WORKER_START_SECONDS) or slot.conn.recv_bytes() != READY:
            raise RuntimeError(f"worker process did not start (exit code {slot.process.exitcode})")

    def _replace(self, slot: Slot) -> None:
        with contextlib.suppress(OSError):
            slot.conn.close()
        if slot.process.is_alive():
            slot.process.kill()
        slot.process.join(timeout=5)
        fresh = self._start()
        self._await_ready(fresh)
        slot.process, slot.conn, slot.task = fresh.process, fresh.conn, None

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        pending = iter(tasks)
        exhausted = False
        try:
            while True:
                for slot in self.slots:
                    if slot.task is None and not exhausted:
                        task = next(pending, None)
                        if task is None:
                            exhausted = True
                            break
                        slot.task = task
                        slot.deadline = time.monotonic() + (self.limits.seconds or float("inf"))
                        try:
                            slot.conn.send((task.source, task.data))
                        except OSError:  # the worker died between documents (e.g. at its memory cap)
                            slot.process.join(timeout=5)
                            code = slot.process.exitcode
                            self._replace(slot)
                            yield limit_failure(task, "crashed", f"worker process died (exit code {code})")
                busy = [slot for slot in self.slots if slot.task is not None]
                if not busy:
                    return
                timeout = max(0.0, min(slot.deadline for slot in busy) - time.monotonic())
                ready = wait([slot.conn for slot in busy], timeout=min(timeout, 3600.0))
                for slot in busy:
                    task = slot.task
                    assert task is not None
                    if slot.conn in ready:
                        try:
                            outcome = pickle.loads(slot.conn.recv_bytes())
                        except (EOFError, OSError):
                            slot.process.join(timeout=5)
                            code = slot.process.exitcode
                            self._replace(slot)
                            yield limit_failure(task, "crashed", f"worker process died (exit code {code})")
                            continue
                        slot.task = None
                        yield outcome
                    elif time.monotonic() >= slot.deadline:
                        self._replace(slot)
                        yield limit_failure(
                            task,
                            "time_limit",
                            f"time limit exceeded ({self.limits.seconds:g} s per document)",
                        )
        finally:
            self.close()

    def close(self) -> None:
        for slot in self.slots:
            with contextlib.suppress(OSError, BrokenPipeError):
                slot.conn.send(None)
        for slot in self.slots:
            slot.process.join(timeout=2)
            if slot.process.is_alive():
                slot.process.kill()
                slot.process.join(timeout=2)
            with contextlib.suppress(OSError):
                slot.conn.close()


def run_pool(tasks: Iterable[Task], workers: int, limits: Limits) -> Iterator[Outcome]:
    """Process tasks on `workers` guarded worker processes."""
    yield from GuardedPool(workers, limits).run(tasks)


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
