"""A font's ToUnicode CMap as pdfminer's CMapParser reads it, from content_stream's tokens.

pdfminer parses a ToUnicode stream with its PostScript parser, byte by byte in Python: on the
pages the pdfplumber reader reads, about a fifth of their time goes to the few dozen maps of
their fonts. The stream's tokens are PostScript's, which content_stream reads as pdfminer does
(its tokeniser is the content parser's); `read_unicode_map` runs CMapParser's keyword handling
over them (def, begincmap/endcmap, bfchar and bfrange sections), filling pdfminer's own
FileUnicodeMap through its own methods, so the map is the same.

It is conservative: a map with anything CMapParser would treat in another way, warn about or fail
on (usecmap, cid sections, malformed ranges, keywords inside arrays or dictionaries, a procedure,
anything content_stream is unsure of) gives None, and the caller lets pdfminer read it.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from disclosure.extractors.content_stream import stream_objects
from pdfminer.cmapdb import FileUnicodeMap
from pdfminer.psparser import KWD, PSKeyword, literal_name
from pdfminer.utils import nunpack

BEGINCMAP = KWD(b"begincmap")
ENDCMAP = KWD(b"endcmap")
DEF = KWD(b"def")
ENDBFCHAR = KWD(b"endbfchar")
ENDBFRANGE = KWD(b"endbfrange")
# Keywords on which CMapParser only empties its stack (a section's start, or an end it ignores).
CLEARING = frozenset(
    KWD(name)
    for name in (
        b"begincodespacerange",
        b"endcodespacerange",
        b"begincidrange",
        b"begincidchar",
        b"beginbfrange",
        b"beginbfchar",
        b"beginnotdefrange",
        b"endnotdefrange",
    )
)
# Keywords CMapParser acts on in ways not reproduced here (another CMap, CID sections).
UNSUPPORTED = frozenset(KWD(name) for name in (b"usecmap", b"endcidrange", b"endcidchar"))


# A bfchar or bfrange section in its usual form (most of a map's bytes): the keywords each
# between whitespace (or a string's end), between them hex strings of whole bytes, and arrays of
# them, and whitespace; read_sections checks its structure (SECTION_BODIES) and what is around
# it. Whitespace is content_stream's (what ends a pdfminer token).
WHITESPACE = rb"\t\n\x0b\x0c\r "
SECTION = re.compile(
    rb"(?<![^" + WHITESPACE + rb"])beginbf(?P<kind>char|range)(?=[" + WHITESPACE + rb"])"
    rb"(?P<body>[" + WHITESPACE + rb"<>\[\]0-9A-Fa-f]*?)"
    rb"(?<=[" + WHITESPACE + rb">\]])endbf(?P=kind)(?=[" + WHITESPACE + rb"]|\Z)"
)
_HEX = r"<(?:[0-9A-Fa-f]{2})+>"
_SPACE = r"[\t\n\x0b\x0c\r ]*"
SECTION_BODIES = {
    b"char": re.compile(rf"(?:{_SPACE}{_HEX}{_SPACE}{_HEX})*{_SPACE}"),
    b"range": re.compile(
        rf"(?:{_SPACE}{_HEX}{_SPACE}{_HEX}{_SPACE}(?:{_HEX}|\[(?:{_SPACE}{_HEX})*{_SPACE}\]))*{_SPACE}"
    ),
}
SECTION_ITEM = re.compile(r"<([0-9A-Fa-f]*)>|(\[)|(\])")


@dataclass(frozen=True, slots=True)
class Section:
    """A bfchar or bfrange section read whole: its kind and the objects between its keywords (what
    CMapParser's stack holds at its end keyword)."""

    kind: bytes
    items: list[Any]


class Unsure(Exception):
    """Raised where CMapParser's reading is not reproduced with certainty."""


def read_unicode_map(data: bytes) -> FileUnicodeMap | None:
    """The FileUnicodeMap pdfminer's CMapParser makes of a ToUnicode stream's bytes; None when
    unsure (see the module's docstring)."""
    objects = map_objects(data)
    if objects is None:
        return None
    try:
        return unicode_map(objects)
    except Unsure:
        return None
    except Exception:  # pdfminer would fail here, or take a path not reproduced: it decides
        return None


def map_objects(data: bytes) -> list[Any] | None:
    """A map's top-level objects as content_stream reads them, each bfchar or bfrange section in
    its usual form read whole (a Section) with a few regular expressions; None when unsure.

    A section is taken where the bytes before it read as whole tokens, which they do not when the
    section would be inside a string, array or dictionary (content_stream is unsure of an
    unclosed one); a section on a line after a `%` could be inside a comment, so it is unsure."""
    objects: list[Any] = []
    start = 0
    for found in SECTION.finditer(data):
        body = found.group("body").decode("ascii")
        kind = found.group("kind")
        if not SECTION_BODIES[kind].fullmatch(body):
            continue  # not in the usual form: the tokens around it read it as any other bytes
        gap = data[start : found.start()]
        if gap.rfind(b"%") > max(gap.rfind(b"\r"), gap.rfind(b"\n")):
            return None
        read = stream_objects(gap)
        if read is None:
            return None
        objects += read
        objects.append(Section(kind, section_items(body)))
        start = found.end()
    read = stream_objects(data[start:])
    if read is None:
        return None
    return objects + read


def section_items(body: str) -> list[Any]:
    """The objects of a section's body (hex strings of whole bytes, arrays of them)."""
    items: list[Any] = []
    current = items
    for digits, opening, closing in SECTION_ITEM.findall(body):
        if opening:
            current = []
        elif closing:
            items.append(current)
            current = items
        else:
            current.append(bytes.fromhex(digits))
    return items


def unicode_map(objects: list[Any]) -> FileUnicodeMap:
    """CMapParser.do_keyword over a stream's top-level objects (its stack without positions)."""
    cmap = FileUnicodeMap()
    stack: list[Any] = []
    in_cmap = True  # some ToUnicode maps have no begincmap: CMapParser starts inside
    for obj in objects:
        if type(obj) is Section:
            if not in_cmap:  # CMapParser ignores the keywords and pushes what is between them
                stack.extend(obj.items)
                continue
            if obj.kind == b"char":
                add_bfchars(cmap, obj.items)
            else:
                add_bfranges(cmap, obj.items)
            stack = []
        elif not isinstance(obj, PSKeyword):
            if isinstance(obj, (list, dict)) and holds_keyword(obj):
                raise Unsure  # CMapParser would act on a keyword inside an array
            stack.append(obj)
        elif obj is BEGINCMAP:
            in_cmap = True
            stack = []
        elif obj is ENDCMAP:
            in_cmap = False
        elif not in_cmap:
            continue
        elif obj is DEF:
            if len(stack) < 2:
                raise Unsure  # CMapParser fails unpacking its pop
            key, value = stack[-2:]
            del stack[-2:]
            cmap.set_attr(literal_name(key), value)
        elif obj in UNSUPPORTED:
            raise Unsure
        elif obj in CLEARING:
            stack = []
        elif obj is ENDBFCHAR:
            add_bfchars(cmap, stack)
            stack = []
        elif obj is ENDBFRANGE:
            add_bfranges(cmap, stack)
            stack = []
        else:
            stack.append(obj)
    return cmap


def holds_keyword(value: list[Any] | dict[str, Any]) -> bool:
    """Whether an array or dictionary holds a keyword, at any depth."""
    items: Iterable[Any] = value.values() if isinstance(value, dict) else value
    for item in items:
        if isinstance(item, PSKeyword):
            return True
        if isinstance(item, (list, dict)) and holds_keyword(item):
            return True
    return False


def groups(items: list[Any], size: int) -> Iterator[tuple[Any, ...]]:
    """pdfminer's choplist: consecutive groups of `size` items, an incomplete last one dropped."""
    return zip(*[iter(items)] * size, strict=False)


def add_bfchars(cmap: FileUnicodeMap, items: list[Any]) -> None:
    """CMapParser's endbfchar: each (code, text) pair of strings, others skipped."""
    add = cmap.add_cid2unichr
    for code, text in groups(items, 2):
        if isinstance(code, bytes) and isinstance(text, bytes):
            add(nunpack(code), text)


def add_bfranges(cmap: FileUnicodeMap, items: list[Any]) -> None:
    """CMapParser's endbfrange: each (start, end, text or array of texts) triple, as it reads it
    when the triple is well formed (where it would warn, Unsure)."""
    add = cmap.add_cid2unichr
    for start_code, end_code, text in groups(items, 3):
        if not isinstance(start_code, bytes) or not isinstance(end_code, bytes):
            raise Unsure
        if len(start_code) != len(end_code):
            raise Unsure
        start = nunpack(start_code)
        end = nunpack(end_code)
        if isinstance(text, list):
            if len(text) != end - start + 1:
                raise Unsure
            for cid, value in zip(range(start, end + 1), text, strict=False):
                add(cid, value)
        elif isinstance(text, bytes):
            var = text[-4:]
            base = nunpack(var)
            prefix = text[:-4]
            vlen = len(var)
            for i in range(end - start + 1):
                add(start + i, prefix + struct.pack(">L", base + i)[-vlen:])
        else:
            raise Unsure  # CMapParser asserts it is a string
