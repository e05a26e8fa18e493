"""Amounts keep every printed digit, an unknown unit gives a null amount, older decimal(20,2) files are converted."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from disclosure.normalizers.records import DocumentRecord, DocumentResult, LineItem, TableRecord
from disclosure.outputs.dataset import connect
from disclosure.outputs.delta import DatasetWriter

OLD_AMOUNT_TYPE = pa.decimal128(20, 2)  # line_items.amount as written before amounts kept six decimals


def document(name: str, amounts: list[Decimal | None]) -> DocumentResult:
    """A one-table document whose line items carry `amounts` (row i holds amounts[i])."""
    doc_id = hashlib.sha256(name.encode()).hexdigest()
    table_id = f"{doc_id[:12]}-t001"
    record = DocumentRecord(
        doc_id=doc_id,
        source=f"/in/{name}",
        file_name=name,
        file_bytes=1000,
        pages=1,
        status="ok",
        error=None,
        doc_kind="final",
        scope="department",
        agency="测试局",
        fiscal_year=2023,
        text_pages=1,
        image_pages=0,
        tables_found=1,
        pipeline_version="test",
        ingested_at=datetime.now(UTC),
    )
    items = [
        LineItem(
            doc_id=doc_id,
            table_id=table_id,
            table_kind="expenditure",
            row=row,
            side=None,
            code=None,
            code_scheme=None,
            code_level=None,
            item_name="合计",
            item_name_raw="合计",
            measure="total",
            measure_raw="合计",
            amount=amount,
            amount_raw="12.345678" if amount is None else str(amount),
            unit_raw=None if amount is None else "元",
            page=1,
            col=1,
        )
        for row, amount in enumerate(amounts, start=1)
    ]
    table = TableRecord(doc_id, table_id, "expenditure", "支出决算表", "元", [1], len(items) + 1, 2, "pdfium")
    return DocumentResult(document=record, tables=[table], line_items=items)


def amounts_of(out: Path, doc_id: str) -> list[Decimal | None]:
    con = connect(out)
    return [
        r[0]
        for r in con.execute(
            "SELECT amount FROM line_items WHERE doc_id = ? ORDER BY row", [doc_id]
        ).fetchall()
    ]


def test_six_decimals_and_unknown_units_round_trip_exactly(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = document("exact.pdf", [Decimal("12.345678"), None, Decimal("999999999999999999999.999999")])
    with DatasetWriter(out) as writer:
        writer.write(result, [(result.document.source, result.document.file_name)])
    con = connect(out)
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE line_items)").fetchall())
    assert types["amount"] == "DECIMAL(28,6)"
    assert amounts_of(out, result.document.doc_id) == [
        Decimal("12.345678"),
        None,
        Decimal("999999999999999999999.999999"),
    ]
    raw = con.execute("SELECT amount_raw FROM line_items WHERE amount IS NULL").fetchall()
    assert raw == [("12.345678",)]  # the text as printed stays


def test_files_of_the_decimal_20_2_era_are_converted_beside_new_ones(tmp_path: Path) -> None:
    from test_delta import write_flat_layout

    out = tmp_path / "out"
    old = document("old.pdf", [Decimal("2940.05"), Decimal("109383400.00")])
    new = document("new.pdf", [Decimal("12.345678"), None])
    write_flat_layout(out, old)  # as an earlier version wrote it: amount decimal(20, 2)
    (old_file,) = (out / "line_items").glob("*.parquet")
    assert pq.read_schema(old_file).field("amount").type == OLD_AMOUNT_TYPE
    with DatasetWriter(out) as writer:  # converts the old layout, then adds the new document
        writer.write(new, [(new.document.source, new.document.file_name)])

    con = connect(out)
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE line_items)").fetchall())
    assert types["amount"] == "DECIMAL(28,6)"
    assert amounts_of(out, old.document.doc_id) == [Decimal("2940.05"), Decimal("109383400.00")]
    assert amounts_of(out, new.document.doc_id) == [Decimal("12.345678"), None]
    stored = {pq.read_schema(p).field("amount").type for p in (out / "line_items").rglob("*.parquet")}
    assert stored == {pa.decimal128(28, 6)}
