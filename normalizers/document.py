"""Document-level facts read from the content: agency, fiscal year, kind (final/budget) and scope."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from disclosure.extractors.records import PageContent
from disclosure.normalizers.document_vocabulary import (
    AGENCY_CODE_PREFIX,
    AGENCY_LABEL,
    AGENCY_NAME_CELL,
    AGENCY_SUFFIXES,
    BUDGET_WORDS,
    COVER_AGENCY,
    DEPARTMENT_SCOPE_WORDS,
    DISCLOSURE_PHRASES,
    FINAL_WORDS,
    FISCAL_YEAR,
    LABELLED_NAME,
    NOTICE_MARKS,
    PERFORMANCE_WORDS,
    PLACEHOLDER_AGENCY,
    STATEMENT_AGENCY,
    UNIT_SCOPE_WORDS,
)
from disclosure.normalizers.kinds import DocKind
from disclosure.normalizers.recognize import LogicalTable
from disclosure.normalizers.vocabulary import TABLE_KINDS, UNIT_SCALE
from disclosure.normalizers.whitespace import squash

# The cover and first pages say what the document is; later pages quote other years and bodies.
LEADING_PAGES = 3
# The cover title sits in the first characters of its page.
COVER_CHARS = 120
# The title of a document without a cover page: its first lines.
TITLE_LINES = 3
# A notice's number and title stand in its first lines.
NOTICE_LINES = 6
PAGE_NUMBER_ONLY = re.compile(r"^[-—\s]*\d+[-—\s]*$")
YEAR_TOKEN = re.compile(r"20\d{2}年?度?|^年度?")
# How often an opening must recur before it is taken for the agency.
MIN_STATEMENTS = 2


@dataclass(frozen=True)
class DocumentFacts:
    """What the document says about itself."""

    doc_kind: str
    scope: str | None
    agency: str | None
    fiscal_year: int | None


def plausible_agency(name: str) -> bool:
    """An agency name ends like one (局, 委员会, 中心 …) and is not a unit of money."""
    name = re.sub(r"[（(](汇总|本级)[)）]$", "", name)
    return name not in UNIT_SCALE and any(name.endswith(suffix) for suffix in AGENCY_SUFFIXES)


def cover_text(pages: list[PageContent]) -> str:
    """The squashed opening text of the first leading page that names a 决算 or 预算."""
    for page in pages[:LEADING_PAGES]:
        text = squash(page.text)[:COVER_CHARS]
        if any(word in text for word in FINAL_WORDS + BUDGET_WORDS):
            return text
    return ""


def agency_from_cover(pages: list[PageContent]) -> str | None:
    """The agency named in the cover title, however its lines were broken.

    "上海市普陀区财政局 / 年度部门决算 / 2024" and "2026年度 / 泉州市…监测 / 与技术保障中心 / 单位预算"
    both read as <agency><year?>(部门|单位)(决算|预算) once whitespace and years are removed.
    """
    text = YEAR_TOKEN.sub("", cover_text(pages))
    for segment in re.split(r"[：:]|名称", text):
        match = COVER_AGENCY.search(segment)
        if match and plausible_agency(match.group("agency")):
            return match.group("agency")
    return None


def labelled_agency(name: str) -> bool:
    """A name after an agency label: an agency-like ending, or at least a name's shape."""
    return plausible_agency(name) or (
        bool(LABELLED_NAME.match(name)) and name not in UNIT_SCALE and not PLACEHOLDER_AGENCY.search(name)
    )


def agency_from_labels(pages: list[PageContent]) -> str | None:
    """The most frequent "编制部门：XX" / "部门名称：XX" / "341-XX" label over the table pages."""
    votes: Counter[str] = Counter()
    for page in pages:
        for line in page.lines:
            for match in AGENCY_LABEL.finditer(line.text):
                name = match.group(1).strip()
                if labelled_agency(name):
                    votes[name] += 1
            cell = AGENCY_NAME_CELL.search(line.text)
            if cell and plausible_agency(cell.group(1)):
                votes[cell.group(1)] += 1
            coded = AGENCY_CODE_PREFIX.match(line.text)
            if coded and plausible_agency(coded.group(1)):
                votes[coded.group(1)] += 1
    return votes.most_common(1)[0][0] if votes else None


def agency_from_statements(pages: list[PageContent]) -> str | None:
    """The agency that opens the narrative's sentences ("XX局2019年度收入…"), when it recurs."""
    votes: Counter[str] = Counter()
    for page in pages:
        for line in page.lines:
            match = STATEMENT_AGENCY.match(squash(line.text))
            if match and plausible_agency(match.group("agency")):
                votes[match.group("agency")] += 1
    if not votes:
        return None
    name, count = votes.most_common(1)[0]
    return name if count >= MIN_STATEMENTS else None


def fiscal_year_of(pages: list[PageContent], tables: list[LogicalTable]) -> int | None:
    """The year the document reports on: the cover's year, else the most common year in titles."""
    cover_year = re.search(r"20\d{2}", cover_text(pages))
    if cover_year:
        return int(cover_year.group(0))
    votes: Counter[int] = Counter()
    for page in pages[:LEADING_PAGES]:
        for match in FISCAL_YEAR.finditer(squash(page.text)):
            votes[int(match.group(1))] += 2
    for table in tables:
        for match in FISCAL_YEAR.finditer(table.title or ""):
            votes[int(match.group(1))] += 1
    for page in pages:
        for line in page.lines[:4]:
            for match in FISCAL_YEAR.finditer(squash(line.text)):
                votes[int(match.group(1))] += 1
    return votes.most_common(1)[0][0] if votes else None


def doc_kind_of(pages: list[PageContent], tables: list[LogicalTable]) -> str:
    """final, budget, performance (only scorecards / targets) or other.

    Standard table titles decide first; without them, a scorecard-only file is performance and a
    narrative names its kind in its opening pages.
    """
    titles = squash("".join(t.title or "" for t in tables if t.kind in TABLE_KINDS))
    leading = squash("".join(page.text for page in pages[:LEADING_PAGES]))
    if not titles and any(word in leading[:COVER_CHARS] for word in PERFORMANCE_WORDS):
        return DocKind.PERFORMANCE
    # Without standard tables, only a title naming a 预算/决算 makes a disclosure: a report or a
    # statistics bulletin mentions 一般公共预算收入 in its body without being one.
    if not titles and (is_notice(pages) or not opening_names_a_disclosure(pages)):
        return DocKind.OTHER
    for text in (titles, leading):
        final = sum(text.count(word) for word in FINAL_WORDS)
        budget = sum(text.count(word) for word in BUDGET_WORDS)
        if final or budget:
            return DocKind.FINAL if final >= budget else DocKind.BUDGET
    return DocKind.OTHER


def is_notice(pages: list[PageContent]) -> bool:
    """An official notice (a document number, a title ending in 的通知 …) in the first page's lines."""
    for page in pages[:LEADING_PAGES]:
        opening = squash("".join(line.text for line in page.lines[:NOTICE_LINES]))
        if opening:
            return bool(NOTICE_MARKS.search(opening))
    return False


def opening_names_a_disclosure(pages: list[PageContent]) -> bool:
    """Whether the document's title (its first text lines) or its leading pages name a disclosure."""
    for page in pages[:LEADING_PAGES]:
        opening = squash("".join(line.text for line in page.lines[:TITLE_LINES]))
        if not opening or PAGE_NUMBER_ONLY.match(opening):
            continue
        if any(word in opening for word in FINAL_WORDS + BUDGET_WORDS):
            return True
        break
    leading = squash("".join(page.text for page in pages[:LEADING_PAGES]))
    return any(phrase in leading for phrase in DISCLOSURE_PHRASES)


def scope_of(pages: list[PageContent]) -> str | None:
    """department (部门决算/预算) or unit (单位决算/预算), from the leading pages."""
    leading = squash("".join(page.text for page in pages[:LEADING_PAGES]))
    unit = sum(leading.count(word) for word in UNIT_SCOPE_WORDS)
    department = sum(leading.count(word) for word in DEPARTMENT_SCOPE_WORDS)
    if unit == 0 and department == 0:
        return None
    return "unit" if unit > department else "department"


def document_facts(pages: list[PageContent], tables: list[LogicalTable]) -> DocumentFacts:
    """Agency, fiscal year, kind and scope of a document, from its own text."""
    return DocumentFacts(
        doc_kind=doc_kind_of(pages, tables),
        scope=scope_of(pages),
        agency=agency_from_cover(pages) or agency_from_labels(pages) or agency_from_statements(pages),
        fiscal_year=fiscal_year_of(pages, tables),
    )
