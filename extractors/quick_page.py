"""pdfplumber pages whose content streams are tokenised by extractors.content_stream.

QuickPage is a pdfplumber page laid out by QuickInterpreter: pdfminer's own page interpreter,
run over the objects content_stream reads from each stream (the page's and its forms'), in place
of those pdfminer's byte-by-byte parser would read. The objects are the same, so the layout, and
everything pdfplumber derives from it (chars, edges, tables, images), is the same; a stream
content_stream is unsure of is parsed by pdfminer as always.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import chain
from typing import Any

from disclosure.extractors.content_stream import stream_objects
from pdfminer import settings
from pdfminer.layout import LTChar, LTItem, LTPage
from pdfminer.pdfinterp import PDFInterpreterError, PDFPageInterpreter
from pdfminer.pdftypes import stream_value
from pdfminer.psparser import PSKeyword, PSLiteral, keyword_name
from pdfplumber.page import ALL_ATTRS, Page, PDFPageAggregatorWithMarkedContent, fix_fontname_bytes
from pdfplumber.utils import resolve_all, resolve_and_decode
from pdfplumber.utils.exceptions import PdfminerException


def method_name(keyword: PSKeyword) -> str:
    """The name of pdfminer's interpreter method for an operator, as its execute loop forms it."""
    name = keyword_name(keyword)
    return "do_" + name.replace("*", "_a").replace('"', "_w").replace("'", "_q")


class QuickInterpreter(PDFPageInterpreter):
    """pdfminer's page interpreter over content_stream's objects (pdfminer's execute loop,
    without re-tokenising)."""

    def execute(self, streams: Sequence[object]) -> None:
        valid = []
        for item in streams:
            stream = stream_value(item)
            if stream.objid is not None and stream.objid not in self.parent_stream_ids:
                valid.append(stream)
        try:
            objects = [stream_objects(stream.get_data()) for stream in valid]
        except Exception:  # a broken stream: pdfminer reads (or rejects) it as it always has
            objects = [None]
        if any(read is None for read in objects):
            super().execute(streams)
            return
        # As pdfminer's execute: the streams being run, which a form must not run again.
        self.stream_ids.clear()
        self.stream_ids.update(stream.objid for stream in valid if stream.objid is not None)
        for obj in chain.from_iterable(read for read in objects if read is not None):
            if isinstance(obj, PSKeyword):
                self.run_operator(obj)
            else:
                self.push(obj)

    def run_operator(self, keyword: PSKeyword) -> None:
        """One operator, as pdfminer's execute loop runs it: its operands are popped even when
        too few to run it; an operator pdfminer does not know is skipped."""
        known = self.operators.get(keyword)
        if known is None:
            known = self.operators[keyword] = self.operator_method(keyword)
        method, count = known
        if method is None:
            if settings.STRICT:
                raise PDFInterpreterError(f"Unknown operator: {keyword_name(keyword)!r}")
        elif not count:
            method()
        else:
            operands = self.pop(count)
            if len(operands) == count:
                method(*operands)

    @property
    def operators(self) -> dict[PSKeyword, tuple[Callable[..., None] | None, int]]:
        """This interpreter's methods by operator, looked up as met."""
        if not hasattr(self, "_operators"):
            self._operators: dict[PSKeyword, tuple[Callable[..., None] | None, int]] = {}
        return self._operators

    def operator_method(self, keyword: PSKeyword) -> tuple[Callable[..., None] | None, int]:
        """pdfminer's method for an operator and the number of operands it takes."""
        method = getattr(self, method_name(keyword), None)
        return (None, 0) if method is None else (method, method.__code__.co_argcount - 1)


class QuickPage(Page):
    """A pdfplumber page laid out by QuickInterpreter, its characters turned into dicts directly."""

    @classmethod
    def of(cls, page: Page) -> QuickPage:
        return cls(page.pdf, page.page_obj, page.page_number, page.initial_doctop)

    @property
    def layout(self) -> LTPage:
        if not hasattr(self, "_layout"):
            device = PDFPageAggregatorWithMarkedContent(
                self.pdf.rsrcmgr, pageno=self.page_number, laparams=self.pdf.laparams
            )
            try:
                QuickInterpreter(self.pdf.rsrcmgr, device).process_page(self.page_obj)
            except Exception as exc:
                raise PdfminerException(exc) from exc
            self._layout: LTPage = device.get_result()
        return self._layout

    def process_object(self, obj: LTItem) -> dict[str, Any]:
        """pdfplumber's Page.process_object; for a character, the same dict without its generic
        steps (a regular expression on the class name, a closure per attribute), which cost a
        third of the reading of a page of text."""
        if type(obj) is not LTChar or self.pdf.unicode_norm is not None:
            return super().process_object(obj)
        attr = {key: plain(value) for key, value in obj.__dict__.items() if key in ALL_ATTRS}
        attr["object_type"] = "char"
        attr["page_number"] = self.page_number
        for space in ("ncs", "scs"):
            if hasattr(obj, space):
                attr[space] = decoded_name(getattr(obj, space).name)
        attr["text"] = obj.get_text()
        state = obj.graphicstate
        attr["stroking_color"] = state.scolor if isinstance(state.scolor, tuple) else (state.scolor,)
        attr["non_stroking_color"] = state.ncolor if isinstance(state.ncolor, tuple) else (state.ncolor,)
        if isinstance(attr["fontname"], bytes):
            attr["fontname"] = fix_fontname_bytes(attr["fontname"])
        left, top = self.mediabox[:2]
        attr["top"] = (self.height - attr["y1"]) + top
        attr["bottom"] = (self.height - attr["y0"]) + top
        attr["doctop"] = self.initial_doctop + attr["top"]
        if left != 0:
            attr["x0"] = attr["x0"] + left
            attr["x1"] = attr["x1"] + left
        return attr


SCALARS = (float, int, str, bool, type(None))
# Colour space names as pdfplumber decodes them: a page's characters share a few.
DECODED_NAMES: dict[Any, Any] = {}


def decoded_name(name: Any) -> Any:
    """resolve_and_decode of a colour space's name, once per name (a str or a PSLiteral, which
    pdfminer interns); a name of another type is decoded every time."""
    if type(name) is not str and not isinstance(name, PSLiteral):
        return resolve_and_decode(name)
    if name not in DECODED_NAMES:
        DECODED_NAMES[name] = resolve_and_decode(name)
    return DECODED_NAMES[name]


def plain(value: Any) -> Any:
    """resolve_all's result, without its recursion for numbers, text and tuples of numbers."""
    if type(value) in SCALARS:
        return value
    if type(value) is tuple and all(type(item) in SCALARS for item in value):
        return value
    return resolve_all(value)
