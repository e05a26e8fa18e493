"""Document-level facts read from the content: agency, fiscal year, kind (final/budget) and scope."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extractors.records import PageContent
from normalizers.recognize import LogicalTable
from normalizers.vocabulary import (
    AGENCY_CODE_PREFIX,
    AGENCY_LABEL,
    AGENCY_SUFFIXES,
    BUDGET_WORDS,
    COVER_TITLE,
    DEPARTMENT_SCOPE_WORDS,
    FINAL_WORDS,
    FISCAL_YEAR,
    PERFORMANCE_WORDS,
    UNCLASSIFIED,
    UNIT_SCALE,
    UNIT_SCOPE_WORDS,
)

# The cover and first pages say what the document is; later pages quote other years and bodies.
LEADING_PAGES = 3


@dataclass(frozen=True)
class DocumentFacts:
    """What the document says about itself."""

    doc_kind: str
    scope: str | None
    agency: str | None
    fiscal_year: int | None


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def plausible_agency(name: str) -> bool:
    """An agency name ends like one (局, 委员会, 中心 …) and is not a unit of money."""
    name = re.sub(r"[（(](汇总|本级)[)）]$", "", name)
    return name not in UNIT_SCALE and any(name.endswith(suffix) for suffix in AGENCY_SUFFIXES)


def agency_from_cover(pages: list[PageContent]) -> str | None:
    """The agency named in the cover title ("上海市普陀区财政局 2024 年度部门决算")."""
    for page in pages[:LEADING_PAGES]:
        text = squash(page.text)
        match = COVER_TITLE.search(text)
        if match and plausible_agency(match.group("agency")):
            return match.group("agency")
        # Covers often put the year on its own line: agency / 年度部门决算 / 2024.
        for line in page.lines[:6]:
            candidate = squash(line.text)
            candidate = re.sub(r"(20\d{2})?年度?(部门|单位)?(综合)?(决算|预算).*$", "", candidate)
            if 2 <= len(candidate) <= 40 and plausible_agency(candidate):
                return candidate
    return None


def agency_from_labels(pages: list[PageContent]) -> str | None:
    """The most frequent "编制部门：XX" / "部门名称：XX" / "341-XX" label over the table pages."""
    votes: Counter[str] = Counter()
    for page in pages:
        for line in page.lines:
            for match in AGENCY_LABEL.finditer(line.text):
                name = match.group(1).strip()
                if plausible_agency(name):
                    votes[name] += 1
            coded = AGENCY_CODE_PREFIX.match(line.text)
            if coded and plausible_agency(coded.group(1)):
                votes[coded.group(1)] += 1
    return votes.most_common(1)[0][0] if votes else None


def fiscal_year_of(pages: list[PageContent], tables: list[LogicalTable]) -> int | None:
    """The year the document reports on: the cover's year, else the most common year in titles."""
    for page in pages[:LEADING_PAGES]:
        match = COVER_TITLE.search(squash(page.text))
        if match:
            return int(match.group("year"))
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
    """final, budget, performance (only scorecards / targets) or other."""
    leading = squash("".join(page.text for page in pages[:LEADING_PAGES]))
    titles = squash("".join(t.title or "" for t in tables if t.kind != UNCLASSIFIED))
    all_text = leading + titles
    final = sum(all_text.count(word) for word in FINAL_WORDS)
    budget = sum(all_text.count(word) for word in BUDGET_WORDS)
    standard = [t for t in tables if t.kind != UNCLASSIFIED]
    performance = any(word in leading for word in PERFORMANCE_WORDS)
    if performance and not standard and not any(w in leading for w in ("部门决算", "部门预算", "单位预算")):
        return "performance"
    if final == 0 and budget == 0:
        return "other"
    return "final" if final >= budget else "budget"


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
        agency=agency_from_cover(pages) or agency_from_labels(pages),
        fiscal_year=fiscal_year_of(pages, tables),
    )
