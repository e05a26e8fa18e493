"""PDFium's C functions with the opaque handles passed and returned as plain integers.

pypdfium2.raw types every handle (FPDF_PAGEOBJECT, FPDF_PATHSEGMENT, FPDF_FONT …) as a ctypes
pointer to an opaque struct: each call that returns one builds a pointer object, and comparing two
handles goes through `.contents`. The PDFium reader makes such calls per page object and per glyph
(pages may hold one text object per glyph), where that is most of a call's cost. The same entry
points declared with c_void_p for every pointer take and return integers (None for a null
handle), and take out-parameters by address; every other argument keeps pypdfium2's type.

They are declared as PYFUNCTYPE, not CFUNCTYPE: ctypes then keeps the GIL through the call
instead of releasing and taking it back, a seventh or so of the cost of these calls. Each is a
few field reads in C, far too short for another thread to gain anything from the GIL meanwhile;
PDFium calls back into Python only through ctypes callbacks, which take the GIL themselves.
"""

from __future__ import annotations

import ctypes
import threading
from typing import Any

import pypdfium2.raw as raw

HANDLE = ctypes.c_void_p

# PDFium is not thread-safe: no two threads of one process may call it at once, not even on
# different documents (pypdfium2's documentation: the process would crash or be corrupted). Whoever
# reads a document with PDFium holds this lock meanwhile (pipeline.process), so threads that process
# documents in one process (a Dask worker with several threads) take turns at PDFium and overlap
# only in the rest of the work.
PDFIUM_LOCK = threading.Lock()


def is_pointer(ctype: Any) -> bool:
    """A pointer type: a handle (a pointer to a struct PDFium does not define) or an out-parameter."""
    return isinstance(ctype, type) and issubclass(ctype, ctypes._Pointer)


def with_handles(name: str) -> Any:
    """pypdfium2.raw's function `name`, every pointer declared as a plain address: handles come
    back as integers, and an out-parameter is passed as ctypes.addressof(buffer), cheaper to
    convert than byref(buffer) (which works too); the caller keeps the buffer alive. The GIL is
    kept through the call (PYFUNCTYPE; see the module's docstring)."""
    function = getattr(raw, name)

    def plain(ctype: Any) -> Any:
        return HANDLE if is_pointer(ctype) else ctype

    prototype = ctypes.PYFUNCTYPE(plain(function.restype), *(plain(t) for t in function.argtypes))
    return prototype(address_of(name))


def address_of(name: str) -> int:
    """The address of pypdfium2.raw's function `name` in the PDFium library it loaded."""
    address = ctypes.cast(getattr(raw, name), ctypes.c_void_p).value
    if address is None:
        raise RuntimeError(f"PDFium has no function {name}")
    return address


def handle_of(obj: Any) -> int:
    """The address a pypdfium2 handle object points to (0 for a null handle)."""
    return ctypes.cast(obj, HANDLE).value or 0


# Page objects
page_object_count = with_handles("FPDFPage_CountObjects")
page_object = with_handles("FPDFPage_GetObject")
form_object_count = with_handles("FPDFFormObj_CountObjects")
form_object = with_handles("FPDFFormObj_GetObject")
object_type = with_handles("FPDFPageObj_GetType")
object_matrix_into = with_handles("FPDFPageObj_GetMatrix")
object_bounds = with_handles("FPDFPageObj_GetBounds")
object_clip_path = with_handles("FPDFPageObj_GetClipPath")
# Paths and clipping paths
path_draw_mode = with_handles("FPDFPath_GetDrawMode")
fill_color = with_handles("FPDFPageObj_GetFillColor")
stroke_color = with_handles("FPDFPageObj_GetStrokeColor")
path_segment_count = with_handles("FPDFPath_CountSegments")
path_segment = with_handles("FPDFPath_GetPathSegment")
segment_point = with_handles("FPDFPathSegment_GetPoint")
segment_type = with_handles("FPDFPathSegment_GetType")
segment_closes = with_handles("FPDFPathSegment_GetClose")
clip_path_count = with_handles("FPDFClipPath_CountPaths")
clip_segment_count = with_handles("FPDFClipPath_CountPathSegments")
clip_segment = with_handles("FPDFClipPath_GetPathSegment")
# Text objects and fonts
text_object_font = with_handles("FPDFTextObj_GetFont")
font_is_embedded = with_handles("FPDFFont_GetIsEmbedded")
font_descent = with_handles("FPDFFont_GetDescent")
