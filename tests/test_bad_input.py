"""Bad files get a failed documents row with a specific one-line error; the batch goes on."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ENCRYPTED_FIXTURE, SEED_FIXTURE
from disclosure.outputs.dataset import connect
from disclosure.pipeline.cli import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, main
from disclosure.pipeline.process import process_file


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"dummy pdf content", "not a PDF"),
        (b"", "empty file"),
        (b"<!DOCTYPE html>\n<html><head><title>x</title></head></html>", "HTML page"),
        (b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 1\n", "Git LFS pointer"),
    ],
)
def test_not_a_pdf(tmp_path: Path, data: bytes, expected: str) -> None:
    doc = process_file(write(tmp_path, "x.pdf", data)).document
    assert doc.status == "failed"
    assert expected in doc.error
    assert "\n" not in doc.error


def test_truncated_copy_of_a_good_pdf(tmp_path: Path) -> None:
    data = SEED_FIXTURE.read_bytes()
    doc = process_file(write(tmp_path, "cut.pdf", data[: len(data) // 2])).document
    assert doc.status == "failed"
    assert doc.error.startswith("truncated or corrupt PDF")


def test_encrypted_pdf() -> None:
    result = process_file(ENCRYPTED_FIXTURE)
    assert result.document.status == "failed"
    assert result.document.error == "encrypted PDF: needs a password to open"
    assert result.line_items == [] and result.tables == []


def test_corrupt_body_is_failed_not_crashed(tmp_path: Path) -> None:
    data = bytearray(SEED_FIXTURE.read_bytes())
    # Keep the header and trailer, destroy everything between.
    middle = slice(200, len(data) - 200)
    data[middle] = b"\x00" * (middle.stop - middle.start)
    doc = process_file(write(tmp_path, "broken.pdf", bytes(data))).document
    assert doc.status == "failed"
    assert doc.error.startswith("corrupt PDF")


def test_batch_goes_on_and_reingest_replaces(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    good = write(inputs, "good.pdf", SEED_FIXTURE.read_bytes())
    write(inputs, "html.pdf", b"<html><body>not here</body></html>")
    write(inputs, "secret.pdf", ENCRYPTED_FIXTURE.read_bytes())
    out = tmp_path / "out"

    assert main(["ingest", str(inputs), "--out", str(out), "--quiet"]) == EXIT_SOME_FAILED
    con = connect(out)
    statuses = dict(con.execute("SELECT file_name, status FROM documents").fetchall())
    assert statuses == {"good.pdf": "ok", "html.pdf": "failed", "secret.pdf": "failed"}
    rows_first = con.execute("SELECT count(*) FROM line_items").fetchone()[0]
    assert rows_first == 179

    # Same bytes again: replaced, never duplicated.
    assert main(["ingest", str(good), "--out", str(out), "--quiet"]) == EXIT_OK
    con = connect(out)
    assert con.execute("SELECT count(*) FROM line_items").fetchone()[0] == rows_first
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 3


def test_usage_errors(tmp_path: Path) -> None:
    assert (
        main(["ingest", str(tmp_path / "nothing-here"), "--out", str(tmp_path / "o"), "--quiet"])
        == EXIT_USAGE
    )
    assert main(["query", str(tmp_path / "no-dataset"), "SELECT 1"]) == EXIT_USAGE
