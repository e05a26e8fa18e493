"""Two files, one disclosure: link a narrative part (情况说明) to its tables part (报表).

Some publishers split every department's disclosure into two files: the narrative, which states
the totals in sentences, and the tables. They are one disclosure when kind and year agree and
either both name the same agency or the narrative's stated totals are figures of the tables'
summary (the tables part often names no agency at all). The narrative's totals are then checked
against the tables: the text-vs-table check across the two files.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# The two parts of a disclosure published as two files (documents.part).
NARRATIVE_PART = "narrative"
TABLES_PART = "tables"


@dataclass(frozen=True)
class PartSummary:
    """What linking needs to know of one document (read back from the dataset)."""

    doc_id: str
    part: str  # narrative | tables
    doc_kind: str
    fiscal_year: int | None
    agency: str | None
    # narrative: the totals its text states (income_total, expenditure_total), in yuan;
    # tables: the amounts of its summary table's 总计/合计 rows, in yuan.
    totals: frozenset[Decimal]


@dataclass(frozen=True)
class DocumentLink:
    """A row of `document_links`: one file and the other part of its disclosure."""

    doc_id: str
    part: str
    linked_doc_id: str
    linked_part: str
    basis: str  # agency | figures
    agency: str | None  # the agency the parts name (the narrative's, when only it names one)
    figures_compared: int  # narrative totals looked up in the tables' summary
    figures_found: int  # … and found there, to the yuan


def figures_shared(narrative: PartSummary, tables: PartSummary) -> int:
    return len(narrative.totals & tables.totals)


def link_parts(summaries: list[PartSummary]) -> list[DocumentLink]:
    """Links (both directions) between narrative and tables parts of the same disclosure.

    A narrative links to the one tables part of its kind and year that names its agency, else to
    the one that prints the most of its stated totals (at least one); ties link nothing.
    """
    narratives = [s for s in summaries if s.part == NARRATIVE_PART]
    tables = [s for s in summaries if s.part == TABLES_PART]
    links: list[DocumentLink] = []
    taken: set[str] = set()
    for narrative in sorted(narratives, key=lambda s: s.doc_id):
        same = [
            t
            for t in tables
            if t.doc_kind == narrative.doc_kind
            and t.fiscal_year == narrative.fiscal_year
            and t.doc_id not in taken
        ]
        by_agency = [t for t in same if narrative.agency and t.agency == narrative.agency]
        basis = "agency"
        candidates = by_agency
        if len(by_agency) != 1:
            basis = "figures"
            scored = sorted(((figures_shared(narrative, t), t.doc_id, t) for t in same), reverse=True)
            best = [t for score, _, t in scored if score and score == scored[0][0]]
            candidates = best
        if len(candidates) != 1:
            continue
        match = candidates[0]
        taken.add(match.doc_id)
        agency = narrative.agency or match.agency
        compared, found = len(narrative.totals), figures_shared(narrative, match)
        links.append(
            DocumentLink(
                narrative.doc_id, NARRATIVE_PART, match.doc_id, TABLES_PART, basis, agency, compared, found
            )
        )
        links.append(
            DocumentLink(
                match.doc_id, TABLES_PART, narrative.doc_id, NARRATIVE_PART, basis, agency, compared, found
            )
        )
    return links
