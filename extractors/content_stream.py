"""A content stream's objects as pdfminer's parser reads them, from one regular expression.

pdfminer tokenises content streams byte by byte in Python; on the pages the pdfplumber reader
reads, that is most of its time. `stream_objects` gives the same sequence of objects (numbers,
booleans, strings, names, keywords, arrays, dictionaries) that pdfminer's PDFContentParser
yields, so its interpreter can run them unchanged, several times faster.

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

# One PDF token, after any whitespace. Whitespace is the set that ends a pdfminer token (NUL is
# not: pdfminer reads it into a keyword, so here it is an ordinary byte). Numbers and plain
# keywords have their own groups, ending where pdfminer ends them; any other run of ordinary
# bytes is a `word` (word_object decides). Literal strings are matched with up to three levels of
# balanced parentheses.
_WHITESPACE = rb"[\t\n\x0b\x0c\r ]"
_WORD_END = rb"(?=[\t\n\x0b\x0c\r ()<>\[\]{}/%]|\Z)"
_STRING_BODY = rb"(?:[^()\\]|\\.)*"
_STRING_3 = rb"\(" + _STRING_BODY + rb"\)"
_STRING_2 = rb"\((?:[^()\\]|\\.|" + _STRING_3 + rb")*\)"
_STRING_1 = rb"\((?:[^()\\]|\\.|" + _STRING_2 + rb")*\)"
TOKEN = re.compile(
    _WHITESPACE
    + rb"*(?:(?P<integer>[+-]?\d+)"
    + _WORD_END
    + rb"|(?P<real>[+-]?(?:\d+\.\d*|\.\d+))"
    + _WORD_END
    + rb"|(?P<keyword>[A-Za-z][^\t\n\x0b\x0c\r ()<>\[\]{}/%#]*)"
    + _WORD_END
    + rb"|(?P<string>"
    + _STRING_1
    + rb")"
    rb"|(?P<open><<|\[|\{)"
    rb"|(?P<close>>>|\]|\})"
    rb"|(?P<hex><[0-9A-Fa-f\t\n\x0b\x0c\r ]*>)"
    rb"|(?P<name>/[^\t\n\x0b\x0c\r ()<>\[\]{}/%]*)"
    rb"|(?P<comment>%[^\r\n]*)"
    rb"|(?P<word>[^\t\n\x0b\x0c\r ()<>\[\]{}/%]+))",
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
HEX_PAIR = re.compile(rb"[0-9a-fA-F]{2}|.", re.S)
CLOSING = {b"[": b"]", b"<<": b">>"}
BOOLEANS = {b"true": True, b"false": False}
# Keyword objects by their bytes, filled as met (pdfminer interns keywords too).
KEYWORDS: dict[bytes, Any] = {}


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
            raise Unsure  # bytes no token pattern matches
        position = token.end()
        kind = token.lastgroup
        if kind == "integer":
            current.append(int(token.group(kind)))
        elif kind == "keyword":
            current.append(keyword_object(token.group(kind)))
        elif kind == "real":
            current.append(float(token.group(kind)))
        elif kind == "string":
            current.append(literal_string(token.group(kind)[1:-1]))
        elif kind == "hex":
            current.append(hex_string(token.group(kind)[1:-1]))
        elif kind == "name":
            current.append(LIT(name_text(token.group(kind)[1:])))
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
        elif kind == "word":
            current.append(word_object(token.group(kind)))
    if content[position:].strip() or opened:
        raise Unsure  # bytes no token pattern matches, or an array left open
    return top


def keyword_object(word: bytes) -> Any:
    """A keyword (or boolean) from a word of a letter and no `#`, as pdfminer reads it."""
    known = KEYWORDS.get(word)
    if known is None:
        if word in INLINE_IMAGE_WORDS:
            raise Unsure
        known = KEYWORDS[word] = BOOLEANS[word] if word in BOOLEANS else KWD(word)
    return known


def word_object(word: bytes) -> Any:
    """A number, boolean or keyword, as pdfminer reads the whole word as one token."""
    if NUMBER.match(word):
        return float(word) if b"." in word else int(word)
    if word in BOOLEANS:
        return BOOLEANS[word]
    if (word[:1].isalpha() and b"#" not in word) or ONE_BYTE_KEYWORD.match(word):
        if word in INLINE_IMAGE_WORDS:
            raise Unsure
        return KWD(word)
    raise Unsure  # pdfminer would read it as more than one token


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


def hex_string(body: bytes) -> bytes:
    """The bytes of a hex string (without its angle brackets), an odd last digit as pdfminer
    reads it (its own value, not shifted)."""
    return HEX_PAIR.sub(lambda pair: bytes((int(pair.group(0), 16),)), HEX_WHITESPACE.sub(b"", body))


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
