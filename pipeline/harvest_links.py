"""Disclosure index pages: their PDF links, and what a link's title says (agency, fiscal year, kind)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from disclosure.normalizers.document_vocabulary import (
    BUDGET_WORDS,
    FINAL_WORDS,
    FISCAL_YEAR,
    PERFORMANCE_WORDS,
)
from disclosure.normalizers.kinds import DocKind

PDF_LINK = re.compile(r"\.pdf($|[?#])", re.IGNORECASE)
PDF_SUFFIX = re.compile(r"\.pdf$", re.IGNORECASE)
LEADING_CODES = re.compile(r"^\s*(?:\d+\s*[-_－]\s*)+")
LINK_SEPARATORS = "-_－ "
# A title's kind: the first whose words occur after the fiscal year (performance before final: a
# final-accounts performance report names both).
KIND_WORDS = (
    (DocKind.PERFORMANCE, PERFORMANCE_WORDS),
    (DocKind.FINAL, FINAL_WORDS),
    (DocKind.BUDGET, BUDGET_WORDS),
)


@dataclass(frozen=True)
class Link:
    """A PDF link and its title (the link's title attribute or text), with what the title says."""

    url: str
    title: str
    source: str
    agency: str | None = None
    fiscal_year: int | None = None
    kind: str | None = None


class PdfLinkParser(HTMLParser):
    """Collects <a href="...pdf"> links with their title attribute or text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._open: tuple[str, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "a":
            return
        values = {k.lower(): v or "" for k, v in attrs}
        href = values.get("href", "")
        if PDF_LINK.search(href):
            self._open = (href, values.get("title", "").strip())
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            href, title = self._open
            self.links.append((href, title or " ".join("".join(self._text).split())))
            self._open = None


def title_facts(title: str) -> tuple[str | None, int | None, str | None]:
    """Agency, fiscal year and kind from a link title like 000-418-重庆市规划和自然资源局-2026年部门预算情况说明.pdf."""
    stem = PDF_SUFFIX.sub("", title.strip())
    year_match = FISCAL_YEAR.search(stem)
    if not year_match:
        return None, None, kind_of(stem)
    agency = LEADING_CODES.sub("", stem[: year_match.start()]).strip(LINK_SEPARATORS) or None
    return agency, int(year_match.group(1)), kind_of(stem[year_match.end() :])


def kind_of(text: str) -> str | None:
    """performance, final or budget by the words a title's text holds; None when it names none."""
    return next((kind for kind, words in KIND_WORDS if any(word in text for word in words)), None)


def file_name(url: str) -> str:
    """The last path segment of a URL, percent-decoded."""
    return unquote(urlsplit(url).path.rsplit("/", 1)[-1])


def links_in_page(html: str, page_url: str, source: str) -> list[Link]:
    """PDF links of an index page, absolute, first occurrence of each URL, with their title facts."""
    parser = PdfLinkParser()
    parser.feed(html)
    seen: dict[str, Link] = {}
    for href, title in parser.links:
        url = urljoin(page_url, href)
        if url not in seen:
            name = title or file_name(url)
            seen[url] = Link(url, name, source, *title_facts(name))
    return list(seen.values())


def url_link(url: str, source: str) -> Link:
    """A listed PDF URL as a Link, titled by its file name."""
    name = file_name(url)
    return Link(url, name, source, *title_facts(name))
