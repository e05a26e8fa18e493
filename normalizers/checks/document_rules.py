"""Rules of the document as a whole (scope document): the narrative's own arithmetic and comparison
words, the standard tables present, agency and year consistent, no placeholder names.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from normalizers import check_vocabulary as cv
from normalizers import fact_vocabulary as fv
from normalizers.checks.context import CheckContext, Scope
from normalizers.checks.tolerance import PERCENT_STEP, ZERO, Figure, Status, percent_status
from normalizers.kinds import DocKind
from normalizers.records import (
    FactRecord,
)

# "基本持平" (about equal) tolerates this share of the budget.
ABOUT_EQUAL_SHARE = Decimal("0.01")


def text_figure(fact: FactRecord, amount: Decimal, step: Decimal = PERCENT_STEP) -> Figure:
    amount = amount.quantize(Decimal("0.0001"))
    return Figure(amount, step, fact.page, (fact.x0, fact.top, fact.x1, fact.bottom), None, fact.fact)


def check_narrative_arithmetic(ctx: CheckContext) -> None:
    """Changes, variance rates, shares and comparison words agree with the narrative's own figures."""
    current = {(f.fact, f.subject): f for f in ctx.facts if f.period == "current" and f.value is not None}
    for fact in ctx.facts:
        where = f"{fact.fact}{(' ' + fact.subject) if fact.subject else ''} (page {fact.page})"
        if (
            fact.period == "current"
            and fact.value is not None
            and fact.change_value
            and fact.change_pct is not None
        ):
            previous = fact.value - fact.change_value
            if previous:
                computed = fact.change_value / previous * 100
                ctx.add(
                    f"narrative.change_pct.{fact.fact}{('.' + fact.subject) if fact.subject else ''}",
                    Scope.DOCUMENT,
                    text_figure(fact, computed),
                    text_figure(fact, fact.change_pct),
                    f"{where}: change {fact.change_value} on {fact.value} is {computed:.2f}%, text says {fact.change_pct}%",
                    status=percent_status(fact.change_pct, computed),
                )
        if fact.period != "budget" or fact.value is None:
            continue
        final = current.get((fact.fact, fact.subject))
        if final is None or final.value is None:
            continue
        if fact.change_pct is not None and fact.value:
            computed = (final.value - fact.value) / fact.value * 100
            ctx.add(
                f"narrative.variance_rate.{fact.fact}",
                Scope.DOCUMENT,
                text_figure(fact, computed),
                text_figure(fact, fact.change_pct),
                f"{where}: (决算 {final.value} − 预算 {fact.value}) / 预算 = {computed:.2f}%, text says {fact.change_pct}%",
                status=percent_status(fact.change_pct, computed),
            )
        if fact.relation:
            difference = final.value - fact.value
            holds = {
                "above": difference > 0,
                "below": difference < 0,
                "equal": difference == 0,
                "about_equal": abs(difference) <= max(abs(fact.value) * ABOUT_EQUAL_SHARE, Decimal("0.01")),
            }[fact.relation]
            ctx.add(
                f"narrative.relation.{fact.fact}{('.' + fact.subject) if fact.subject else ''}",
                Scope.DOCUMENT,
                text_figure(fact, fact.value, Decimal("0.01")),
                text_figure(final, final.value, Decimal("0.01")),
                f"{where}: the text says 决算 is {fact.relation} 预算, but 预算 {fact.value} vs 决算 {final.value}",
                status=Status.PASS if holds else Status.FAIL,
            )
    for fact in ctx.facts:
        if fact.share_pct is None or fact.value is None:
            continue
        base_name = fact.share_of or cv.DEFAULT_SHARE_BASE.get(fact.fact)
        base = next((f for f in ctx.facts if f.fact == base_name and f.period == "current" and f.value), None)
        # `not base.value` never holds (the search above wants a non-zero value); it narrows out None.
        if base is None or not base.value or base.unit != fact.unit:
            continue
        computed = fact.value / base.value * 100
        where = f"{fact.fact}{(' ' + fact.subject) if fact.subject else ''} (page {fact.page})"
        ctx.add(
            f"narrative.share.{fact.fact}{('.' + fact.subject) if fact.subject else ''}",
            Scope.DOCUMENT,
            text_figure(fact, computed),
            text_figure(fact, fact.share_pct),
            f"{where}: {fact.value} of {base_name} {base.value} is {computed:.2f}%, text says {fact.share_pct}%",
            status=percent_status(fact.share_pct, computed),
        )


def line_hits(
    ctx: CheckContext, pattern: Any
) -> list[tuple[int, Any, tuple[float, float, float, float], str]]:
    """(page, match, line box, line text) of every text line a pattern matches."""
    hits = []
    for page in ctx.pages:
        for line in page.lines:
            text = "".join(line.text.split()).translate(fv.QUOTES)
            match = pattern.search(text)
            if match:
                hits.append((page.number, match, (line.x0, line.top, line.x1, line.bottom), text))
    return hits


def marker(page: int, box: tuple[float, float, float, float], value: Decimal, text: str) -> Figure:
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


def check_agency_and_year(ctx: CheckContext) -> None:
    """Agency and fiscal year agree across cover, part headings, table labels and narrative; no placeholders."""
    agency, year = ctx.document.agency, ctx.document.fiscal_year
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
    names: list[tuple[int, str, tuple[float, float, float, float], str]] = []
    years: list[tuple[int, int, int, tuple[float, float, float, float], str, str]] = []
    for page, match, box, text in line_hits(ctx, fv.PART_HEADING):
        names.append((page, match.group(1), box, text))
        if year:
            years.append((page, int(match.group(2)), year, box, text, "part heading"))
    for page, match, box, text in line_hits(ctx, fv.AGENCY_LABEL_LINE):
        names.append((page, match.group(1), box, text))
    for page, match, box, text in line_hits(ctx, fv.AS_OF_DATE):
        if year:
            years.append((page, int(match.group(1)), year, box, text, "截至…12月31日"))
    for page, match, box, text in line_hits(ctx, fv.PREVIOUS_YEAR_MENTION):
        if year:
            years.append((page, int(match.group(1)), year - 1, box, text, "comparison year"))
    if agency:
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
