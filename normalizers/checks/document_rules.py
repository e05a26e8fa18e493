"""Rules of the document as a whole (scope document): the standard tables present, agency and year
consistent, no placeholder names (the narrative's own arithmetic: narrative_arithmetic).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from disclosure.normalizers import fact_vocabulary as fv
from disclosure.normalizers.checks.context import CheckContext, Scope
from disclosure.normalizers.checks.tolerance import ZERO, Box, Figure, Status
from disclosure.normalizers.kinds import DocKind


def line_hits(ctx: CheckContext, pattern: Any) -> list[tuple[int, Any, Box, str]]:
    """(page, match, line box, line text) of every text line a pattern matches."""
    hits = []
    for number, box, text in ctx.folded_lines():
        match = pattern.search(text)
        if match:
            hits.append((number, match, box, text))
    return hits


def marker(page: int, box: Box, value: Decimal, text: str) -> Figure:
    return Figure(value, Decimal("1"), page, box, None, text)


def check_completeness(ctx: CheckContext) -> None:
    """Every standard table of a final-accounts document is present, or the narrative explains its absence."""
    if ctx.document.doc_kind != DocKind.FINAL:
        return
    narrative = "".join("".join(p.text.split()) for p in ctx.pages)
    for kind, name in fv.TABLE_NAMES_ZH.items():
        if ctx.tables_of(kind):
            ctx.add(
                f"document.table_present.{kind}",
                Scope.DOCUMENT,
                None,
                None,
                f"{name} present",
                status=Status.PASS,
            )
            continue
        explained = [
            w
            for w in fv.ABSENCE_EXPLAINED.get(kind, ())
            if w.translate(fv.QUOTES) in narrative.translate(fv.QUOTES)
        ]
        if explained:
            ctx.add(
                f"document.table_present.{kind}",
                Scope.DOCUMENT,
                None,
                None,
                f"{name} absent; the narrative explains it ({explained[0]})",
                status=Status.PASS,
            )
            continue
        listed = line_hits(ctx, re.compile(re.escape(name.translate(fv.QUOTES)) + "$"))
        where = f"; listed in the contents on page {listed[0][0]}" if listed else ""
        record = ctx.add(
            f"document.table_present.{kind}",
            Scope.DOCUMENT,
            None,
            marker(listed[0][0], listed[0][2], ZERO, listed[0][3]) if listed else None,
            f"{name} is missing and its absence is not explained{where}",
            status=Status.FAIL,
        )
        record.actual = None


def check_placeholders(ctx: CheckContext) -> None:
    """No placeholder name (XX单位, ×××) is left in the text."""
    seen: dict[int, int] = {}
    for page, match, box, text in line_hits(ctx, fv.PLACEHOLDER_NAME):
        seen[page] = seen.get(page, 0) + 1
        ctx.add(
            f"document.placeholder_name.p{page}" + (f".{seen[page]}" if seen[page] > 1 else ""),
            Scope.DOCUMENT,
            None,
            marker(page, box, ZERO, text),
            f"placeholder name {match.group(0)} on page {page}: {text}",
            status=Status.FAIL,
        )


def agency_names(ctx: CheckContext) -> list[tuple[int, str, Box, str]]:
    """(page, name, line box, line text) of every agency a part heading or table label names."""
    names = [(page, match.group(1), box, text) for page, match, box, text in line_hits(ctx, fv.PART_HEADING)]
    names += [
        (page, match.group(1), box, text) for page, match, box, text in line_hits(ctx, fv.AGENCY_LABEL_LINE)
    ]
    return names


def year_mentions(ctx: CheckContext, year: int) -> list[tuple[int, int, int, Box, str, str]]:
    """(page, year printed, year expected, line box, line text, what) of every year mention."""
    years = [
        (page, int(match.group(2)), year, box, text, "part heading")
        for page, match, box, text in line_hits(ctx, fv.PART_HEADING)
    ]
    for pattern, expected, what in (
        (fv.AS_OF_DATE, year, "截至…12月31日"),
        (fv.PREVIOUS_YEAR_MENTION, year - 1, "comparison year"),
    ):
        years += [
            (page, int(match.group(1)), expected, box, text, what)
            for page, match, box, text in line_hits(ctx, pattern)
        ]
    return years


def check_agency(ctx: CheckContext, agency: str) -> None:
    """Every heading and label names the cover's agency (or one of its own units)."""
    names = agency_names(ctx)
    wrong = [
        n for n in names if n[1] != agency and agency not in n[1] and not fv.PLACEHOLDER_NAME.search(n[1])
    ]
    # A name that is a department's own unit (本级, a sub-unit label) is not a mismatch.
    wrong = [n for n in wrong if not n[1].startswith(agency[:2]) or len(n[1]) >= len(agency)]
    for page, name, box, text in wrong:
        ctx.add(
            f"document.agency.p{page}",
            Scope.DOCUMENT,
            None,
            marker(page, box, ZERO, text),
            f"agency {name} on page {page} differs from the cover's {agency}",
            status=Status.FAIL,
        )
    if not wrong:
        ctx.add(
            "document.agency",
            Scope.DOCUMENT,
            None,
            None,
            f"{len(names)} headings and labels name {agency}",
            status=Status.PASS,
        )


def check_years(ctx: CheckContext, year: int) -> None:
    """Every year mention agrees with the fiscal year (a comparison year with the one before)."""
    years = year_mentions(ctx, year)
    bad_years = [y for y in years if y[1] != y[2]]
    for page, found, wanted, box, text, what in bad_years:
        ctx.add(
            f"document.year.p{page}.{found}",
            Scope.DOCUMENT,
            Figure(Decimal(wanted), Decimal(1), None, None, None, "fiscal year"),
            marker(page, box, Decimal(found), text),
            f"{what} on page {page} says {found}, expected {wanted} (fiscal year {year}): {text}",
            status=Status.FAIL,
        )
    if years and not bad_years:
        ctx.add(
            "document.year",
            Scope.DOCUMENT,
            None,
            None,
            f"{len(years)} year mentions agree with {year}",
            status=Status.PASS,
        )


def check_agency_and_year(ctx: CheckContext) -> None:
    """Agency and fiscal year agree across cover, part headings, table labels and narrative; no placeholders."""
    check_placeholders(ctx)
    if ctx.document.agency:
        check_agency(ctx, ctx.document.agency)
    if ctx.document.fiscal_year:
        check_years(ctx, ctx.document.fiscal_year)
