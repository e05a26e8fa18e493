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

from disclosure.extractors.content_stream import stream_objects
from pdfminer import settings
from pdfminer.layout import LTPage
from pdfminer.pdfinterp import PDFInterpreterError, PDFPageInterpreter
from pdfminer.pdftypes import stream_value
from pdfminer.psparser import PSKeyword, keyword_name
from pdfplumber.page import Page, PDFPageAggregatorWithMarkedContent
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
    """A pdfplumber page laid out by QuickInterpreter."""

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
