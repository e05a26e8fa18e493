"""Threads of one process take turns at PDFium (it is not thread-safe): documents processed in two
threads at once (a Dask worker with several threads does that) come out as when read one by one."""

from __future__ import annotations

import threading
from decimal import Decimal
from pathlib import Path

from conftest import FIXTURES, SEED_FIXTURE
from disclosure.extractors.pdfium_handles import PDFIUM_LOCK
from disclosure.normalizers.records import DocumentResult
from disclosure.pipeline.process import process_bytes
from test_pdfium_bulk import records

# Three text documents of the project's own: the seed final accounts (scorecards, narrative) and
# two layout fixtures.
DOCUMENTS = [
    SEED_FIXTURE,
    FIXTURES / "layouts" / "narrative_indicator_tables.pdf",
    FIXTURES / "layouts" / "scorecard_total_row.pdf",
]


def basic_welfare_total(result: DocumentResult) -> set[Decimal]:
    """The seed's 2080101 (行政运行) total in its general budget expenditure table."""
    return {
        item.amount
        for item in result.line_items
        if item.table_kind == "general_budget_expenditure"
        and item.code == "2080101"
        and item.measure == "total"
    }


def test_a_document_waits_while_another_thread_holds_pdfium() -> None:
    results: list[DocumentResult] = []
    data = SEED_FIXTURE.read_bytes()
    reader = threading.Thread(target=lambda: results.append(process_bytes(SEED_FIXTURE, data)), daemon=True)
    with PDFIUM_LOCK:
        reader.start()
        reader.join(timeout=5)  # the seed alone takes well under a second
        assert reader.is_alive() and not results  # waiting to read its pages
    reader.join(timeout=120)
    assert not reader.is_alive()
    assert basic_welfare_total(results[0]) == {Decimal("38505900.00")}


def test_documents_in_two_threads_at_once_come_out_as_one_by_one() -> None:
    paths = [Path(path) for path in DOCUMENTS]
    alone = {path: records(process_bytes(path, path.read_bytes())) for path in paths}
    found: dict[tuple[int, Path], DocumentResult] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def read_all(thread: int) -> None:
        try:
            start.wait(timeout=30)
            # the two threads run the documents in opposite orders, twice, so their readings overlap
            order = paths * 2 if thread == 0 else list(reversed(paths)) * 2
            for round_number, path in enumerate(order):
                found[(thread * 10 + round_number, path)] = process_bytes(path, path.read_bytes())
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)

    threads = [threading.Thread(target=read_all, args=(number,), daemon=True) for number in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors and not any(thread.is_alive() for thread in threads)
    assert len(found) == 2 * 2 * len(paths)
    for (_, path), result in found.items():
        assert records(result) == alone[path], path
    seed_readings = [result for (_, path), result in found.items() if path == SEED_FIXTURE]
    assert len(seed_readings) == 4
    assert all(basic_welfare_total(result) == {Decimal("38505900.00")} for result in seed_readings)
