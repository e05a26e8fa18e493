"""pdfplumber pages whose content streams are tokenised by extractors.content_stream.

QuickPage is a pdfplumber page laid out by QuickInterpreter: pdfminer's own page interpreter,
run over the objects content_stream reads from each stream (the page's and its forms'), in place
of those pdfminer's byte-by-byte parser would read. The objects are the same, so the layout, and
everything pdfplumber derives from it (chars, edges, tables, images), is the same; a stream
content_stream is unsure of is parsed by pdfminer as always.

Its device, QuickDevice, lays horizontal text and painted paths out straight into the dicts
pdfplumber's process_object would make of pdfminer's LTChar, LTRect, LTLine and LTCurve objects,
by the same float operations in the same order: the objects are equal to pdfplumber's to the bit
(tests/test_quick_page.py compares them by repr), without building pdfminer's objects and then
pdfplumber's generic conversion of each (together half the time of a page of text).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Generator, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from math import copysign
from typing import Any, NamedTuple, TypeVar
from weakref import WeakKeyDictionary

from disclosure.extractors.content_stream import stream_objects
from disclosure.extractors.to_unicode import read_unicode_map
from pdfminer import settings
from pdfminer.cmapdb import FileUnicodeMap
from pdfminer.layout import LTComponent, LTContainer, LTPage
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdffont import PDFCIDFont, PDFFont, PDFSimpleFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import (
    PDFGraphicState,
    PDFInterpreterError,
    PDFPageInterpreter,
    PDFResourceManager,
    PDFTextState,
)
from pdfminer.pdftypes import PDFStream, resolve1, stream_value
from pdfminer.psparser import PSKeyword, PSLiteral, keyword_name
from pdfminer.utils import INF, Matrix, Point, apply_matrix_pt, mult_matrix
from pdfplumber.page import Page, PDFPageAggregatorWithMarkedContent, fix_fontname_bytes
from pdfplumber.pdf import PDF
from pdfplumber.utils import resolve_all, resolve_and_decode
from pdfplumber.utils.exceptions import PdfminerException

# pdfminer's logger for a text object it cannot show (its own message, where it would log it).
PDFMINER_DEVICE_LOG = logging.getLogger("pdfminer.pdfdevice")


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
        self.run(chain.from_iterable(read for read in objects if read is not None))

    def run(self, objects: Iterable[Any]) -> None:
        """pdfminer's execute loop over objects: operands pushed, each operator run with as many
        as its method takes (popped even when too few to run it); an operator pdfminer does not
        know is skipped. The operand stack is a local name for self.argstack (pop keeps it the
        same list) and methods are looked up once per class, as this loop runs for every one of
        a page's hundred thousand objects."""
        stack = self.argstack
        push = stack.append
        methods = operator_table(type(self))
        for obj in objects:
            if isinstance(obj, PSKeyword):
                known = methods.get(obj)
                if known is None:
                    known = methods[obj] = operator_method(type(self), obj)
                method, count = known
                if method is None:
                    if settings.STRICT:
                        raise PDFInterpreterError(f"Unknown operator: {keyword_name(obj)!r}")
                elif not count:
                    method(self)
                else:
                    operands = stack[-count:]
                    del stack[-count:]
                    if len(operands) == count:
                        method(self, *operands)
            else:
                push(obj)

    def get_current_state(self) -> tuple[Matrix, PDFTextState, PDFGraphicState]:
        """pdfminer's (what q saves): the matrix and copies of the text and graphic states, made
        by state_copy."""
        return (self.ctm, state_copy(self.textstate), state_copy(self.graphicstate))

    def do_Tm(self, a: Any, b: Any, c: Any, d: Any, e: Any, f: Any) -> None:
        """pdfminer's do_Tm: its safe_matrix is float() of each operand, None when one raises
        (then pdfminer's own method warns)."""
        try:
            matrix = (float(a), float(b), float(c), float(d), float(e), float(f))
        except (TypeError, ValueError, OverflowError):
            super().do_Tm(a, b, c, d, e, f)
            return
        self.textstate.matrix = matrix
        self.textstate.linematrix = (0, 0)

    def do_cm(self, a1: Any, b1: Any, c1: Any, d1: Any, e1: Any, f1: Any) -> None:
        """pdfminer's do_cm, its safe_matrix as in do_Tm."""
        try:
            matrix = (float(a1), float(b1), float(c1), float(d1), float(e1), float(f1))
        except (TypeError, ValueError, OverflowError):
            super().do_cm(a1, b1, c1, d1, e1, f1)
            return
        self.ctm = mult_matrix(matrix, self.ctm)
        self.device.set_ctm(self.ctm)

    def do_TJ(self, seq: Any) -> None:
        """pdfminer's do_TJ, handing QuickDevice the graphic state itself: it reads its colours
        and keeps nothing of it (it copies the state for what pdfminer lays out, which keeps it),
        so the copy pdfminer makes for every string is left out."""
        if type(self.device) is not QuickDevice:
            super().do_TJ(seq)
        elif self.textstate.font is None:
            if settings.STRICT:
                raise PDFInterpreterError("No font specified!")
        else:
            self.device.render_string(self.textstate, seq, self.graphicstate.ncs, self.graphicstate)

    def pop(self, n: int) -> list[Any]:
        """pdfminer's pop (operators whose operand count depends on the colour space call it),
        leaving self.argstack the same list rather than a new one."""
        if n == 0:
            return []
        popped = self.argstack[-n:]
        del self.argstack[-n:]
        return popped


# The number of attributes a text or graphic state has when it has only those its __init__ sets,
# all of which its copy method copies.
STATE_FIELDS: dict[type, int] = {kind: len(vars(kind())) for kind in (PDFTextState, PDFGraphicState)}

StateT = TypeVar("StateT", PDFTextState, PDFGraphicState)


def state_copy(state: StateT) -> StateT:
    """state.copy(): a new state with the same attributes, as one dict copy rather than its
    __init__ then an assignment per attribute (pdfminer copies both states at every q). A state
    with attributes of other kinds (more than its __init__ makes) is copied by its own copy."""
    if len(vars(state)) != STATE_FIELDS.get(type(state)):
        return state.copy()
    copied: StateT = object.__new__(type(state))
    copied.__dict__.update(vars(state))
    return copied


# Interpreter methods by operator, per interpreter class, filled as operators are met.
OPERATOR_TABLES: dict[type, dict[PSKeyword, tuple[Callable[..., None] | None, int]]] = {}


def operator_table(cls: type) -> dict[PSKeyword, tuple[Callable[..., None] | None, int]]:
    """The methods of an interpreter class by operator, as met so far."""
    if cls not in OPERATOR_TABLES:
        OPERATOR_TABLES[cls] = {}
    return OPERATOR_TABLES[cls]


def operator_method(cls: type, keyword: PSKeyword) -> tuple[Callable[..., None] | None, int]:
    """pdfminer's method (the class's function) for an operator, and the number of operands it
    takes; (None, 0) for an operator it does not know."""
    method = getattr(cls, method_name(keyword), None)
    return (None, 0) if method is None else (method, method.__code__.co_argcount - 1)


# Font subtypes whose ToUnicode pdfminer resolves (an indirect reference) before reading it as a
# stream; a CIDFont met directly reads it only when it is a stream object already.
RESOLVED_TO_UNICODE = frozenset({"Type0", "Type1", "MMType1", "TrueType", "Type3"})


class QuickResources(PDFResourceManager):
    """pdfminer's resource manager, fonts' ToUnicode maps read by extractors.to_unicode.

    A font whose map to_unicode reads is made by pdfminer from its dictionary with an empty
    ToUnicode stream in place of its own (pdfminer parses that in no time), then given the map
    to_unicode read, which equals the one pdfminer's parser would have made; any other font is
    pdfminer's as always."""

    def get_font(self, objid: object, spec: Any) -> PDFFont:
        if objid and objid in self._cached_fonts:
            return self._cached_fonts[objid]
        read = read_to_unicode(spec)
        if read is None:
            return super().get_font(objid, spec)
        font = super().get_font(objid, {**spec, "ToUnicode": PDFStream({}, b"")})
        if not isinstance(font, (PDFSimpleFont, PDFCIDFont)) or not unread(font.unicode_map):
            # pdfminer did not read the stand-in as expected: it makes the font from its own
            self._cached_fonts.pop(objid, None)
            return super().get_font(objid, spec)
        font.unicode_map = read
        return font


def read_to_unicode(spec: Any) -> FileUnicodeMap | None:
    """The map of a font dictionary's ToUnicode stream, where pdfminer reads it as a stream and
    to_unicode reads it alike; None otherwise."""
    subtype = spec.get("Subtype")
    if "ToUnicode" not in spec or not isinstance(subtype, PSLiteral):
        return None
    if subtype.name not in RESOLVED_TO_UNICODE:
        return None
    stream = resolve1(spec["ToUnicode"])
    if not isinstance(stream, PDFStream):
        return None
    try:
        data = stream.get_data()
    except Exception:  # a damaged stream: pdfminer meets it as always
        return None
    return read_unicode_map(data)


def unread(unicode_map: Any) -> bool:
    """Whether a font's map is what pdfminer makes of an empty ToUnicode stream."""
    return type(unicode_map) is FileUnicodeMap and not unicode_map.cid2unichr and not unicode_map.attrs


# Each document's resource manager while it is open (its fonts are made once for all its pages).
RESOURCES: WeakKeyDictionary[PDF, QuickResources] = WeakKeyDictionary()


def resources(pdf: PDF) -> QuickResources:
    """The resource manager QuickPage lays out a document's pages with."""
    if pdf not in RESOURCES:
        RESOURCES[pdf] = QuickResources()
    return RESOURCES[pdf]


@dataclass(frozen=True, slots=True)
class PageFrame:
    """Where pdfplumber places a page's objects: its number, height, media box origin (left, top)
    and the height of the pages before it (doctop)."""

    page_number: int
    height: float
    left: float
    top: float
    initial_doctop: float


@dataclass(frozen=True, slots=True)
class Glyph:
    """A character code's text and width in one font, as pdfminer's render_char finds them."""

    text: str
    width: float


@dataclass(frozen=True, slots=True)
class StringStyle:
    """The attributes pdfplumber gives every character of one shown string alike."""

    fontname: Any
    mcid: Any
    tag: Any
    ncs: Any
    stroking_color: Any
    non_stroking_color: Any


class Placed(LTComponent):
    """A character or path already in the dict pdfplumber makes of it (Page.process_object of an
    LTChar, LTRect, LTLine or LTCurve).

    A component only to sit in the layout tree: no layout analysis runs on it (QuickDevice is used
    only without one), so it carries its dict and no bounding box of its own. pdfplumber's device
    tags the last object of the tree with the marked content after painting a path or image, even
    when the painting added none (an empty path): then the tag lands here, and goes into the dict
    as pdfplumber would resolve it from the object's attribute."""

    def __init__(self, attr: dict[str, Any]) -> None:  # no LTComponent.__init__: see above
        self.attr = attr

    @property
    def mcid(self) -> Any:
        return self.attr["mcid"]

    @mcid.setter
    def mcid(self, value: Any) -> None:
        self.attr["mcid"] = plain(value)

    @property
    def tag(self) -> Any:
        return self.attr["tag"]

    @tag.setter
    def tag(self, value: Any) -> None:
        self.attr["tag"] = plain(value)


# Per font, while it lives (pdfminer keeps a document's fonts for all its pages): its glyphs by
# character code, and its name as pdfplumber gives it.
GLYPH_TABLES: WeakKeyDictionary[PDFFont, dict[int, Glyph]] = WeakKeyDictionary()
FONT_NAMES: WeakKeyDictionary[PDFFont, Any] = WeakKeyDictionary()
# Per font likewise: the character codes of each string shown in it (most strings of a page of
# tables are a few glyphs, shown again and again), up to this many strings.
DECODINGS: WeakKeyDictionary[PDFFont, dict[bytes, tuple[int, ...]]] = WeakKeyDictionary()
DECODINGS_LIMIT = 50_000


class QuickDevice(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's layout device, laying out horizontal text and painted paths straight into
    pdfplumber's dicts (Placed) in place of pdfminer's LTChar, LTRect, LTLine and LTCurve objects.

    Each character's numbers come from the same float operations, in the same order, as pdfminer's
    render_string_horizontal, render_char, LTChar and apply_matrix_rect, then pdfplumber's
    process_object, so every value is the same to the bit; each path's likewise from pdfminer's
    paint_path and get_bound. Vertical text and images are left to pdfminer.
    """

    def __init__(self, rsrcmgr: Any, pageno: int, frame: PageFrame, rules_only: bool = False) -> None:
        """`rules_only`: each path placed as rule_attributes's dict (what pdfplumber's edges are
        made from) rather than pdfplumber's whole dict of it."""
        super().__init__(rsrcmgr, pageno=pageno, laparams=None)
        self.frame = frame
        self.rules_only = rules_only
        self.glyph_tables: dict[PDFFont, dict[int, Glyph]] = {}
        self.decoding_tables: dict[PDFFont, dict[bytes, tuple[int, ...]]] = {}
        # The last string's style and the objects it was made from (successive strings mostly
        # share them all).
        self.style_sources: tuple[Any, ...] = ()
        self.style: StringStyle | None = None
        # The last character template (char_template) and what it was made for.
        self.template: dict[str, Any] = {}
        self.template_style: StringStyle | None = None
        self.template_upright: bool | None = None

    def render_string(
        self, textstate: PDFTextState, seq: Any, ncs: PDFColorSpace, graphicstate: PDFGraphicState
    ) -> None:
        """pdfminer's PDFTextDevice.render_string, given the interpreter's graphic state itself
        (QuickInterpreter.do_TJ): pdfminer's own with a copy of it for vertical text, which it
        lays out into objects that keep it."""
        font = textstate.font
        assert font is not None
        if font.is_vertical():
            super().render_string(textstate, seq, ncs, graphicstate.copy())
            return
        assert self.ctm is not None
        matrix = mult_matrix(textstate.matrix, self.ctm)
        fontsize = textstate.fontsize
        scaling = textstate.scaling * 0.01
        charspace = textstate.charspace * scaling
        wordspace = textstate.wordspace * scaling
        rise = textstate.rise
        if font.is_multibyte():
            wordspace = 0
        dxscale = 0.001 * fontsize * scaling
        textstate.linematrix = self.render_string_horizontal(
            seq,
            matrix,
            textstate.linematrix,
            font,
            fontsize,
            scaling,
            charspace,
            wordspace,
            rise,
            dxscale,
            ncs,
            graphicstate,
        )

    def render_string_horizontal(
        self,
        seq: Any,
        matrix: Matrix,
        pos: Point,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        charspace: float,
        wordspace: float,
        rise: float,
        dxscale: float,
        ncs: PDFColorSpace,
        graphicstate: PDFGraphicState,
    ) -> Point:
        """pdfminer's PDFTextDevice.render_string_horizontal, each glyph placed as a Placed."""
        (x, y) = pos
        needcharspace = False
        (a, b, c, d, e, f) = matrix
        glyphs = self.glyph_table(font)
        decodings = self.decodings(font)
        style = self.string_style(font, ncs, graphicstate)
        page_height, page_top = self.frame.height, self.frame.top
        doctop, left = self.frame.initial_doctop, self.frame.left
        # LTChar's box before the matrix: (0, descent + rise, adv, descent + rise + fontsize).
        descent = font.get_descent() * fontsize
        low = descent + rise
        high = descent + rise + fontsize
        upright = a * d * scaling > 0 and b * c <= 0
        template = self.char_template(style, upright)
        # The products and sums below that do not change along the string (y stays, as do the
        # matrix and the box's low and high), computed once: each is the same operation on the
        # same operands as in pdfminer's per-glyph expressions, evaluated left to right, so the
        # same value.
        yc, yd = y * c, y * d
        clow, chigh, dlow, dhigh = c * low, c * high, d * low, d * high
        left_low, left_high = a * 0 + clow, a * 0 + chigh
        bottom_left, top_left = b * 0 + dlow, b * 0 + dhigh
        placed = self.cur_item._objs  # LTContainer.add appends; a string adds to one container
        for obj in seq:
            if isinstance(obj, (int, float)):
                x -= obj * dxscale
                needcharspace = True
            elif isinstance(obj, bytes):
                cids = decodings.get(obj)
                if cids is None:
                    cids = decodings[obj] = tuple(font.decode(obj))
                for cid in cids:
                    if needcharspace:
                        x += charspace
                    glyph = glyphs.get(cid)
                    if glyph is None:
                        glyph = glyphs[cid] = self.glyph(font, cid)
                    # translate_matrix(matrix, (x, y)): x * a + y * c + e, x * b + y * d + f
                    e1 = x * a + yc + e
                    f1 = x * b + yd + f
                    adv = glyph.width * fontsize * scaling
                    # apply_matrix_rect(glyph matrix, box): its four corners, then min and max;
                    # left1 is a * 0 + c * low + e1, right1 a * adv + c * low + e1, and so on.
                    a_adv, b_adv = a * adv, b * adv
                    left1, bottom1 = left_low + e1, bottom_left + f1
                    right1, bottom2 = a_adv + clow + e1, b_adv + dlow + f1
                    right2, top1 = a_adv + chigh + e1, b_adv + dhigh + f1
                    left2, top2 = left_high + e1, top_left + f1
                    x0 = min(left1, left2, right1, right2)
                    y0 = min(bottom1, bottom2, top1, top2)
                    x1 = max(left1, left2, right1, right2)
                    y1 = max(bottom1, bottom2, top1, top2)
                    if x1 < x0:
                        (x0, x1) = (x1, x0)
                    if y1 < y0:
                        (y0, y1) = (y1, y0)
                    height = y1 - y0
                    top = (page_height - y1) + page_top
                    # The template's keys are in the order pdfplumber's process_object gives
                    # them; setting a key keeps its place.
                    attr = template.copy()
                    attr["matrix"] = (a, b, c, d, e1, f1)
                    attr["adv"] = adv
                    attr["x0"] = x0
                    attr["y0"] = y0
                    attr["x1"] = x1
                    attr["y1"] = y1
                    attr["width"] = x1 - x0
                    attr["height"] = height
                    attr["size"] = height
                    attr["text"] = glyph.text
                    attr["top"] = top
                    attr["bottom"] = (page_height - y0) + page_top
                    attr["doctop"] = doctop + top
                    if left != 0:
                        attr["x0"] = x0 + left
                        attr["x1"] = x1 + left
                    placed.append(Placed(attr))
                    x += adv
                    if cid == 32 and wordspace:
                        x += wordspace
                    needcharspace = True
            else:
                PDFMINER_DEVICE_LOG.warning(
                    "Cannot render horizontal string because %r is not a valid int, float or bytes.",
                    obj,
                )
        return (x, y)

    def paint_path(
        self, gstate: PDFGraphicState, stroke: bool, fill: bool, evenodd: bool, path: Sequence[Any]
    ) -> None:
        """pdfplumber's paint_path: pdfminer's PDFLayoutAnalyzer.paint_path (a line, rect or curve
        per subpath, by its shape), then the marked-content tag on the last object; each path
        placed as its dict (path_attributes) in place of an LTLine, LTRect or LTCurve."""
        shape = "".join(x[0] for x in path)
        if shape[:1] != "m":
            pass  # not a path pdfminer paints (see its paint_path)
        elif shape.count("m") > 1:
            for m in re.finditer(r"m[^m]+", shape):
                subpath = path[m.start(0) : m.end(0)]
                self.paint_path(gstate, stroke, fill, evenodd, subpath)
        else:
            pts = device_points(self.ctm, path)
            # Drop a redundant "l" on a path closed with "h"
            if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
                shape = shape[:-2] + "h"
                pts.pop()
            kind, corners = "curve", pts
            if shape in {"mlh", "ml"}:
                kind, corners = "line", [pts[0], pts[1]]
            elif shape in {"mlllh", "mllll"}:
                (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
                is_closed_loop = pts[0] == pts[4]
                has_square_coordinates = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                    y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
                )
                if is_closed_loop and has_square_coordinates:
                    (left, bottom), (right, top) = pts[0], pts[2]
                    kind, corners = "rect", [(left, bottom), (right, bottom), (right, top), (left, top)]
            if self.rules_only:
                attr = rule_attributes(kind, corners, self.frame)
                attr.update(paint_attributes(stroke, fill, gstate))  # a rule painted white is none
                self.cur_item.add(Placed(attr))
                return  # no marks: the table finder does not read them
            painted = PaintedPath(kind, corners, stroke, fill, evenodd, device_path(self.ctm, path))
            marks = (plain(self.cur_mcid), plain(self.cur_tag))
            self.cur_item.add(Placed(path_attributes(painted, gstate, self.frame, marks)))
            return  # tagged already: the tag pdfplumber's device would set on it next
        self.tag_cur_item()

    def char_template(self, style: StringStyle, upright: bool) -> dict[str, Any]:
        """A character's dict with what a string's characters share set (the style, upright, the
        page number) and the rest None, its keys in pdfplumber's order: copied for each character
        and its own values set (a copy and thirteen assignments take half the time of a display
        of twenty-two keys). The last one made, while the style and upright stay."""
        if style is not self.template_style or upright is not self.template_upright:
            self.template = {
                "matrix": None,
                "fontname": style.fontname,
                "adv": None,
                "upright": upright,
                "x0": None,
                "y0": None,
                "x1": None,
                "y1": None,
                "width": None,
                "height": None,
                "size": None,
                "mcid": style.mcid,
                "tag": style.tag,
                "object_type": "char",
                "page_number": self.frame.page_number,
                "ncs": style.ncs,
                "text": None,
                "stroking_color": style.stroking_color,
                "non_stroking_color": style.non_stroking_color,
                "top": None,
                "bottom": None,
                "doctop": None,
            }
            self.template_style, self.template_upright = style, upright
        return self.template

    def glyph_table(self, font: PDFFont) -> dict[int, Glyph]:
        """The glyphs of `font` met so far, by character code (a document's pages share its
        fonts, and a font's glyphs depend on the font alone)."""
        table = self.glyph_tables.get(font)
        if table is None:
            table = GLYPH_TABLES.get(font)
            if table is None:
                table = GLYPH_TABLES[font] = {}
            self.glyph_tables[font] = table
        return table

    def decodings(self, font: PDFFont) -> dict[bytes, tuple[int, ...]]:
        """The character codes `font` decodes each string met so far into (font.decode depends
        on the font and the string alone), emptied when it grows past DECODINGS_LIMIT."""
        table = self.decoding_tables.get(font)
        if table is None:
            table = DECODINGS.get(font)
            if table is None:
                table = DECODINGS[font] = {}
            self.decoding_tables[font] = table
        if len(table) > DECODINGS_LIMIT:
            table.clear()
        return table

    def glyph(self, font: PDFFont, cid: int) -> Glyph:
        """A character code's text and width, as pdfminer's render_char finds them."""
        try:
            text = font.to_unichr(cid)
            assert isinstance(text, str), str(type(text))
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        return Glyph(text, font.char_width(cid))

    def string_style(self, font: PDFFont, ncs: PDFColorSpace, state: PDFGraphicState) -> StringStyle:
        """What all characters of one string share, as pdfplumber's process_object gives it: the
        last string's when made from the same font and colour space (identity) and alike colours
        and marked content (see alike: pdfminer makes a new float for each colour operator)."""
        sources = (font, ncs, state.scolor, state.ncolor, self.cur_mcid, self.cur_tag)
        previous = self.style_sources
        if (
            self.style is None
            or font is not previous[0]
            or ncs is not previous[1]
            or not all(map(alike, sources[2:], previous[2:]))
        ):
            self.style = self.new_string_style(font, ncs, state)
            self.style_sources = sources
        return self.style

    def new_string_style(self, font: PDFFont, ncs: PDFColorSpace, state: PDFGraphicState) -> StringStyle:
        """string_style, made anew."""
        if font not in FONT_NAMES:
            name = plain(font.fontname)
            FONT_NAMES[font] = fix_fontname_bytes(name) if isinstance(name, bytes) else name
        return StringStyle(
            fontname=FONT_NAMES[font],
            mcid=plain(self.cur_mcid),
            tag=plain(self.cur_tag),
            ncs=decoded_name(ncs.name),
            stroking_color=state.scolor if isinstance(state.scolor, tuple) else (state.scolor,),
            non_stroking_color=state.ncolor if isinstance(state.ncolor, tuple) else (state.ncolor,),
        )


class QuickPage(Page):
    """A pdfplumber page laid out by QuickInterpreter, its horizontal text and paths by QuickDevice
    straight into pdfplumber's dicts.

    `rules_only` pages keep of each path only what pdfplumber's edges are made from
    (rule_attributes): the same characters and edges, without the points, colours and path steps
    of every rule, which a page of tables drawn cell by cell has thousands of."""

    rules_only = False

    @classmethod
    def of(cls, page: Page, rules_only: bool = False) -> QuickPage:
        quick = cls(page.pdf, page.page_obj, page.page_number, page.initial_doctop)
        quick.rules_only = rules_only
        return quick

    @property
    def layout(self) -> LTPage:
        if not hasattr(self, "_layout"):
            device = self.device()
            try:
                QuickInterpreter(resources(self.pdf), device).process_page(self.page_obj)
            except Exception as exc:
                raise PdfminerException(exc) from exc
            self._layout: LTPage = device.get_result()
        return self._layout

    def device(self) -> PDFPageAggregatorWithMarkedContent:
        """QuickDevice; pdfplumber's own device where characters are not plain dicts of their
        LTChar (layout analysis groups them, or their text is Unicode-normalised)."""
        if self.pdf.laparams is not None or self.pdf.unicode_norm is not None:
            return PDFPageAggregatorWithMarkedContent(
                self.pdf.rsrcmgr, pageno=self.page_number, laparams=self.pdf.laparams
            )
        return QuickDevice(self.pdf.rsrcmgr, self.page_number, self.frame(), self.rules_only)

    def frame(self) -> PageFrame:
        """Where this page places its objects."""
        if not hasattr(self, "_frame"):
            left, top = self.mediabox[:2]
            self._frame = PageFrame(self.page_number, self.height, left, top, self.initial_doctop)
        return self._frame

    def iter_layout_objects(self, layout_objects: list[LTComponent]) -> Generator[dict[str, Any], None, None]:
        """pdfplumber's iter_layout_objects, a Placed's dict as it is."""
        for obj in layout_objects:
            if type(obj) is Placed:
                yield obj.attr
            elif isinstance(obj, LTContainer):
                if self.pdf.laparams is not None:
                    yield self.process_object(obj)
                yield from self.iter_layout_objects(obj._objs)
            else:
                yield self.process_object(obj)


def device_points(ctm: Matrix, path: Sequence[Any]) -> list[Point]:
    """pdfminer's paint_path's points of a subpath in device space: each operation's last point,
    the first point again for "h".

    An "m" or "l" operation with float operands (as pdfminer's do_m and do_l make them) is
    transformed here as apply_matrix_pt does, without the call."""
    a, b, c, d, e, f = ctm
    pts: list[Point] = []
    for operation in path:
        name = operation[0]
        if (
            len(operation) == 3
            and type(operation[1]) is float
            and type(operation[2]) is float
            and name != "h"
        ):
            x, y = operation[1], operation[2]
            pts.append((a * x + c * y + e, b * x + d * y + f))
        else:
            pts.append(apply_matrix_pt(ctm, operation[-2:] if name != "h" else path[0][-2:]))
    return pts


def device_path(ctm: Matrix, path: Sequence[Any]) -> list[tuple[Any, ...]]:
    """pdfminer's paint_path's path in device space: each operation with all its points (pdfminer
    applies float() to the path's operands, which returns a float as it is)."""
    return [
        (
            str(operation[0]),
            *[
                apply_matrix_pt(ctm, (float(operand1), float(operand2)))
                for operand1, operand2 in zip(operation[1::2], operation[2::2], strict=False)
            ],
        )
        for operation in path
    ]


class PaintedPath(NamedTuple):
    """One subpath as pdfminer paints it: the kind of object it makes (line, rect or curve), that
    object's points, how it is painted, and the path in device space."""

    kind: str
    pts: list[Point]
    stroke: bool
    fill: bool
    evenodd: bool
    original_path: list[Any]


# The keys of pdfplumber's dict of a painted path, in its order.
PATH_KEYS = (
    "x0",
    "y0",
    "x1",
    "y1",
    "width",
    "height",
    "pts",
    "linewidth",
    "stroke",
    "fill",
    "evenodd",
    "stroking_color",
    "non_stroking_color",
    "mcid",
    "tag",
    "object_type",
    "page_number",
    "path",
    "dash",
    "top",
    "bottom",
    "doctop",
)


def path_attributes(
    path: PaintedPath, gstate: PDFGraphicState, frame: PageFrame, marks: tuple[Any, Any]
) -> dict[str, Any]:
    """pdfplumber's dict of the LTLine, LTRect or LTCurve pdfminer makes of a painted path, keys in
    its order (PATH_KEYS): its box and kind (rule_attributes), attributes each as pdfplumber
    resolves it, points in page coordinates (pdfplumber's point2coord), and the marked-content id
    and tag (`marks`) pdfplumber's device gives it."""
    # pdfplumber's point2coord: (left + x, top + height - y), the sum on the left first
    left, base = frame.left, frame.top + frame.height
    attr = dict.fromkeys(PATH_KEYS)
    attr.update(rule_attributes(path.kind, path.pts, frame))
    attr.update(paint_attributes(path.stroke, path.fill, gstate))  # keys in place: PATH_KEYS order
    attr.update(
        pts=[(left + x, base - y) for x, y in path.pts],
        linewidth=plain(gstate.linewidth),
        evenodd=plain(path.evenodd),
        mcid=marks[0],
        tag=marks[1],
        page_number=frame.page_number,
        path=[(step[0], *[(left + x, base - y) for x, y in step[1:]]) for step in path.original_path],
        dash=gstate.dash,
    )
    return attr


def paint_attributes(stroke: bool, fill: bool, gstate: PDFGraphicState) -> dict[str, Any]:
    """How a path is painted, as pdfplumber's dict of it holds it (path_attributes): whether it is
    stroked and filled, and in which colours."""
    return {
        "stroke": plain(stroke),
        "fill": plain(fill),
        "stroking_color": plain(gstate.scolor),
        "non_stroking_color": plain(gstate.ncolor),
    }


def rule_attributes(kind: str, pts: list[Point], frame: PageFrame) -> dict[str, Any]:
    """What pdfplumber's edges are made from, of its dict of a painted path (path_attributes):
    the box, in its coordinates, and the kind; a curve's points too (each pair of them is an edge).
    The same values, from the same operations."""
    x0, y0, x1, y1 = bound(pts)
    top = (frame.height - y1) + frame.top
    attr = {
        "x0": x0,
        "y0": y0,
        "x1": x1,
        "y1": y1,
        "width": x1 - x0,
        "height": y1 - y0,
        "object_type": kind,
        "top": top,
        "bottom": (frame.height - y0) + frame.top,
        "doctop": frame.initial_doctop + top,
    }
    if kind == "curve":
        left, base = frame.left, frame.top + frame.height
        attr["pts"] = [(left + x, base - y) for x, y in pts]
    if frame.left != 0:
        attr["x0"] = x0 + frame.left
        attr["x1"] = x1 + frame.left
    return attr


def bound(pts: list[Point]) -> tuple[float, float, float, float]:
    """pdfminer's get_bound (x0, y0, x1, y1), from its own (integer) infinity; min(a, b) is b only
    if b < a."""
    x0: float = INF
    y0: float = INF
    x1: float = -INF
    y1: float = -INF
    for x, y in pts:
        if x < x0:
            x0 = x
        if y < y0:
            y0 = y
        if x > x1:
            x1 = x
        if y > y1:
            y1 = y
    return x0, y0, x1, y1


def alike(a: Any, b: Any) -> bool:
    """Whether two values are the same object or indistinguishable ones: floats, ints or strings
    of one type and value (a zero of the same sign), tuples of such. Anything else only when
    the same object."""
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is float:
        return bool(a == b and (a != 0.0 or copysign(1.0, a) == copysign(1.0, b)))
    if kind is int or kind is str:
        return bool(a == b)
    if kind is tuple:
        return len(a) == len(b) and all(map(alike, a, b))
    return False


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
