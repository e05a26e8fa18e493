"""The collector tuning around process_bytes: raised while documents run, restored after."""

from __future__ import annotations

import gc
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import SEED_FIXTURE
from disclosure.pipeline import process
from disclosure.pipeline.collector import YOUNG_THRESHOLD, fewer_collections


@pytest.fixture
def default_thresholds() -> tuple[int, int, int]:
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield gc.get_threshold()
    gc.set_threshold(*saved)


def test_a_document_runs_with_the_raised_threshold_and_leaves_the_callers(
    default_thresholds: tuple[int, int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int, int, int]] = []
    read_pages = process.read_document_pages

    def read_and_note(*args: Any) -> Any:  # the real reader, the threshold noted as it starts
        seen.append(gc.get_threshold())
        return read_pages(*args)

    monkeypatch.setattr(process, "read_document_pages", read_and_note)
    result = process.process_bytes(Path(SEED_FIXTURE), SEED_FIXTURE.read_bytes())
    assert seen == [(YOUNG_THRESHOLD, 10, 10)]
    assert gc.get_threshold() == default_thresholds
    # the document itself is read as ever: 2080101 in the general budget expenditure table
    amounts = {
        item.amount
        for item in result.line_items
        if item.table_kind == "general_budget_expenditure"
        and item.code == "2080101"
        and item.measure == "total"
    }
    assert amounts == {Decimal("38505900.00")}


def test_overlapping_documents_restore_only_when_the_last_is_done(
    default_thresholds: tuple[int, int, int],
) -> None:
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    during: list[tuple[int, int, int]] = []

    def first() -> None:
        with fewer_collections():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    worker = threading.Thread(target=first)
    worker.start()
    first_in.wait(5)
    with fewer_collections():
        second_in.set()
        first_out.wait(5)
        during.append(gc.get_threshold())  # the first has left: still raised for this one
    worker.join()
    assert during == [(YOUNG_THRESHOLD, 10, 10)]
    assert gc.get_threshold() == default_thresholds


def test_a_program_that_set_a_higher_threshold_or_none_keeps_it() -> None:
    saved = gc.get_threshold()
    try:
        for setting in ((50_000, 20, 10), (0, 10, 10)):
            gc.set_threshold(*setting)
            with fewer_collections():
                assert gc.get_threshold() == setting
            assert gc.get_threshold() == setting
    finally:
        gc.set_threshold(*saved)
