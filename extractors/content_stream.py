"""A content stream's objects as pdfminer's parser reads them, from one regular expression and
bytes.split.

pdfminer tokenises content streams byte by byte in Python; on the pages the pdfplumber reader
reads, that is most of its time. `stream_objects` gives the same sequence of objects (numbers,
booleans, strings, names, keywords, arrays, dictionaries) that pdfminer's PDFContentParser
yields, so its interpreter can run them unchanged, several times faster. The regular expression
matches only the tokens that start with a delimiter (strings, names, arrays...); the runs of
numbers and operators between them, nine tokens in ten, are split at whitespace and each word
read once per distinct word (WORDS).

It follows pdfminer's tokeniser rule by rule (escapes, `#` in names, odd hex digits, which
words are one keyword), and it is conservative: where a stream holds anything it cannot read
with certainty (an inline image, strings nested deeper than three levels, a stray or
mismatched delimiter, a word pdfminer would split, a PostScript procedure) it returns None and
the caller lets pdfminer read the stream as it always has.
"""

from __future__ import annotations

import re
from typing import Any

from pdfminer.psparser import KWD, LIT, literal_name

# The stream in pieces: a run of plain bytes (no delimiter: numbers, keywords and whitespace),
# then one token that starts with a delimiter, or the end. Every delimiter starts some token
# (`bad` if none other), so the pieces follow each other with nothing skipped. A plain run is
# split at whitespace into words, each read as pdfminer reads a whole word (word_object). Literal
# strings are matched with up to three levels of balanced parentheses.
# Whitespace is the set that ends a pdfminer token and that bytes.split() splits at (NUL is not:
# pdfminer reads it into a keyword, so here it is an ordinary byte).
_STRING_BODY = rb"(?:[^()\\]|\\.)*"
_STRING_3 = rb"\(" + _STRING_BODY + rb"\)"
_STRING_2 = rb"\((?:[^()\\]|\\.|" + _STRING_3 + rb")*\)"
_STRING_1 = rb"\((?:[^()\\]|\\.|" + _STRING_2 + rb")*\)"
TOKEN = re.compile(
    rb"(?P<plain>[^()<>\[\]{}/%]*+)"
    rb"(?:(?P<string>" + _STRING_1 + rb")"
    rb"|\[<(?P<hexarray>[0-9A-Fa-f]*)>\]"
    rb"|(?P<open><<|\[|\{)"
    rb"|(?P<close>>>|\]|\})"
    rb"|(?P<hex><[0-9A-Fa-f\t\n\x0b\x0c\r ]*>)"
    rb"|(?P<name>/[^\t\n\x0b\x0c\r ()<>\[\]{}/%]*)"
    rb"|(?P<comment>%[^\r\n]*)"
    rb"|(?P<bad>[()<>])"
    rb"|\Z)",
    re.S,
)
NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)\Z")
# The one-byte keywords pdfminer reads from a byte that starts no other token (NUL it skips).
ONE_BYTE_KEYWORD = re.compile(rb"[^-+.0-9A-Za-z\x00]\Z", re.S)
# Inline image operators: the bytes after ID are binary and cannot be tokenised here.
INLINE_IMAGE_WORDS = frozenset({b"BI", b"ID", b"EI"})

# pdfminer's string escapes: \ddd (octal), the named ones, \ before CR LF (a line continuation);
# after any other byte pdfminer drops the byte with the backslash.
STRING_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|.)", re.S)
NAMED_ESCAPES = {b"b": b"\b", b"t": b"\t", b"n": b"\n", b"f": b"\f", b"r": b"\r", b"(": b"(", b")": b")"}
NAMED_ESCAPES[b"\\"] = b"\\"
OCTAL_DIGITS = b"01234567"
NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{0,2})")
HEX_WHITESPACE = re.compile(rb"[\t\n\x0b\x0c\r ]")
CLOSING = {b"[": b"]", b"<<": b">>"}
BOOLEANS = {b"true": True, b"false": False}
# Objects by their bytes, filled as met: words (numbers, keywords, booleans) and names. A page
# repeats a few thousand distinct numbers and a few dozen operators and names hundreds of
# thousands of times, and reading one (int or float of bytes) costs as much as its whole
# tokenising. The objects are immutable, and pdfminer interns keywords and names itself. Hex
# strings likewise (bytes, immutable), by their digits.
WORDS: dict[bytes, Any] = {}
NAMES: dict[bytes, Any] = {}
HEXES: dict[bytes, bytes] = {}
# Past this many entries a cache starts again (memory stays bounded over a long batch).
CACHE_LIMIT = 200_000


class Unsure(Exception):
    """Raised inside this module where pdfminer's reading cannot be reproduced with certainty."""


def stream_objects(content: bytes) -> list[Any] | None:
    """The top-level objects of one content stream, as pdfminer's content parser yields them;
    None when unsure (see the module's docstring)."""
    try:
        return read_objects(content)
    except Unsure:
        return None


def read_objects(content: bytes) -> list[Any]:
    """stream_objects, raising Unsure."""
    top: list[Any] = []
    current = top
    opened: list[tuple[bytes, list[Any]]] = []  # the open arrays and dictionaries, and their parents
    position = 0
    for token in TOKEN.finditer(content):
        if token.start() != position:
            raise Unsure  # cannot happen (every delimiter starts a token); a guard all the same
        position = token.end()
        plain = token.group("plain")
        if plain:
            current.extend(words(plain))
        kind = token.lastgroup
        if kind == "name":
            current.append(name_object(token.group(kind)[1:]))
        elif kind == "open":
            if token.group(kind) not in CLOSING:
                raise Unsure  # a PostScript procedure
            opened.append((token.group(kind), current))
            current = []
        elif kind == "close":
            if not opened or CLOSING[opened[-1][0]] != token.group(kind):
                raise Unsure
            opening, parent = opened.pop()
            parent.append(current if opening == b"[" else dictionary(current))
            current = parent
        elif kind == "hexarray":  # an array of one hex string (TJ's, one glyph), read at once
            current.append([hex_object(token.group(kind))])
        elif kind == "hex":
            current.append(hex_object(token.group(kind)[1:-1]))
        elif kind == "string":
            current.append(literal_string(token.group(kind)[1:-1]))
        elif kind == "bad":
            raise Unsure  # a delimiter that starts no token pdfminer reads alike
    if position != len(content) or opened:
        raise Unsure  # bytes no token pattern matches, or an array left open
    return top


def words(plain: bytes) -> list[Any]:
    """The objects of a run of plain bytes: its words, split at whitespace, each read whole."""
    pieces = plain.split()
    try:
        return [WORDS[piece] for piece in pieces]
    except KeyError:
        if len(WORDS) > CACHE_LIMIT:
            WORDS.clear()
        for piece in pieces:
            if piece not in WORDS:
                WORDS[piece] = word_object(piece)
        return [WORDS[piece] for piece in pieces]


def word_object(word: bytes) -> Any:
    """A number, boolean or keyword, as pdfminer reads a word of plain bytes (up to whitespace or
    a delimiter) when it reads it as one token."""
    if NUMBER.match(word):
        return float(word) if b"." in word else int(word)
    if word in BOOLEANS:
        return BOOLEANS[word]
    if (word[:1].isalpha() and b"#" not in word) or ONE_BYTE_KEYWORD.match(word):
        if word in INLINE_IMAGE_WORDS:
            raise Unsure
        return KWD(word)
    raise Unsure  # pdfminer would read it as more than one token


def name_object(body: bytes) -> Any:
    """The literal for a name (its bytes after the slash)."""
    known = NAMES.get(body)
    if known is None:
        if len(NAMES) > CACHE_LIMIT:
            NAMES.clear()
        known = NAMES[body] = LIT(name_text(body))
    return known


def literal_string(body: bytes) -> bytes:
    """The bytes of a literal string (without its outer parentheses), escapes resolved."""
    if b"\\" not in body:
        return body
    return STRING_ESCAPE.sub(string_escape, body)


def string_escape(match: re.Match[bytes]) -> bytes:
    escaped = match.group(1)
    if escaped[0] in OCTAL_DIGITS:
        code = int(escaped, 8)
        if code > 255:
            raise Unsure  # pdfminer fails an assertion here
        return bytes((code,))
    return NAMED_ESCAPES.get(escaped, b"")


def hex_object(body: bytes) -> bytes:
    """hex_string, once per distinct string (a page shows the same glyph codes many times)."""
    known = HEXES.get(body)
    if known is None:
        if len(HEXES) > CACHE_LIMIT:
            HEXES.clear()
        known = HEXES[body] = hex_string(body)
    return known


def hex_string(body: bytes) -> bytes:
    """The bytes of a hex string (without its angle brackets: hex digits and whitespace), an odd
    last digit as pdfminer reads it (its own value, not shifted)."""
    digits = HEX_WHITESPACE.sub(b"", body)
    if len(digits) % 2:
        return bytes.fromhex(digits[:-1].decode()) + bytes((int(digits[-1:], 16),))
    return bytes.fromhex(digits.decode())


def name_text(body: bytes) -> str | bytes:
    """A name's text, `#xx` escapes resolved (`#` before no hex digit is dropped): UTF-8 text,
    else the bytes."""
    if b"#" in body:
        body = NAME_ESCAPE.sub(lambda m: bytes((int(m.group(1), 16),)) if m.group(1) else b"", body)
    try:
        return str(body, "utf-8")
    except UnicodeDecodeError:
        return body


def dictionary(items: list[Any]) -> dict[str, Any]:
    """pdfminer's dictionary from its items: keys as literal names, None values left out."""
    if len(items) % 2:
        raise Unsure  # pdfminer raises PSSyntaxError; let it
    return {
        literal_name(key): value
        for key, value in zip(items[::2], items[1::2], strict=True)
        if value is not None
    }
