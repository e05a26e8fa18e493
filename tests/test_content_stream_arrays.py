"""content_stream reads an array of one hex string (a TJ of one glyph) at once, and each distinct
hex string once: the objects stay pdfminer's (its content parser is the oracle)."""

from __future__ import annotations

import pytest
from disclosure.extractors import content_stream
from disclosure.extractors.content_stream import stream_objects
from test_content_stream import pdfminer_objects


@pytest.mark.parametrize(
    "content",
    [
        b"BT /F4 13.68 Tf 1 0 0 1 74.145 511.163 Tm 0 g 0 G [<04ef>] TJ ET [<04ef>] TJ",
        b"[<>] TJ [<0>] TJ [<abc>] TJ [<0a c7>] TJ [ <0ac7>] TJ [<0ac7> ] TJ [<0ac7><0ac8>] TJ",
        b"[<< /A 1 >>] [<0ac7>-120<0ac8>] TJ [[<01>]] [<01>]x",
    ],
)
def test_one_string_arrays_are_pdfminers(content: bytes) -> None:
    assert stream_objects(content) == pdfminer_objects(content)


def test_hex_strings_are_read_once() -> None:
    content_stream.HEXES.clear()
    first = stream_objects(b"[<4e2d>] TJ <4e2d> Tj")
    assert first == [[b"N-"], content_stream.KWD(b"TJ"), b"N-", content_stream.KWD(b"Tj")]
    assert first[0][0] is first[2]
    assert content_stream.HEXES == {b"4e2d": b"N-"}
