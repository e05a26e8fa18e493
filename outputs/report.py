"""Per-document HTML reports of a dataset: metadata, tables, facts and every failed check with the
page regions its two figures came from, as cropped images embedded in the page (self-contained).

Reads the Parquet dataset (DuckDB) and, for the images, the source PDF named in documents.source;
when that file is gone the report says so instead of showing images. The pages are Jinja2 templates
(outputs/templates/*.html.j2, package data) with autoescape: every value is HTML-escaped.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from disclosure.outputs.dataset import connect, rows
from jinja2 import Environment, PackageLoader, StrictUndefined
from PIL import ImageDraw

# Render scale (72 dpi × scale) and the context kept around a region, in PDF points.
RENDER_SCALE = 2.0
CONTEXT_Y = 14.0
MAX_CROP_HEIGHT = 260.0
HIGHLIGHT = (220, 30, 30)
STATUS_ORDER = ("fail", "rounding", "skipped", "pass")


@dataclass
class PdfSource:
    """The document's PDF, opened lazily; None when the file is missing or unreadable."""

    path: Path
    pdf: Any = None
    error: str | None = None

    def open(self) -> Any:
        if self.pdf is None and self.error is None:
            try:
                self.pdf = pdfium.PdfDocument(str(self.path))
            except Exception as exc:  # missing, moved or unreadable: the report still renders
                self.error = f"source PDF not available ({self.path}: {type(exc).__name__})"
        return self.pdf

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


def crop_png(source: PdfSource, page: int, box: tuple[float, float, float, float] | None) -> str | None:
    """A base64 PNG of the page band around a box (full page width, the box outlined in red)."""
    pdf = source.open()
    if pdf is None or page < 1 or page > len(pdf):
        return None
    pdf_page = pdf[page - 1]
    width, height = pdf_page.get_size()
    image = pdf_page.render(scale=RENDER_SCALE).to_pil().convert("RGB")
    if box is None:  # no location: the top of the page
        top, bottom = 0.0, min(height, MAX_CROP_HEIGHT)
    else:
        top = max(0.0, box[1] - CONTEXT_Y)
        bottom = min(height, max(box[3] + CONTEXT_Y, top + 30), top + MAX_CROP_HEIGHT)
        draw = ImageDraw.Draw(image)
        draw.rectangle([c * RENDER_SCALE for c in box], outline=HIGHLIGHT, width=3)
    crop = image.crop((0, int(top * RENDER_SCALE), int(width * RENDER_SCALE), int(bottom * RENDER_SCALE)))
    buffer = io.BytesIO()
    crop.save(buffer, format="PNG", optimize=True)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def show(value: Any) -> Any:
    """A value as the report prints it (escaped by the templates): None as nothing; decimals without
    trailing zeros, and with thousands separators when whole or 1000 and over."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return (
            f"{value.normalize():,f}"
            if value == value.to_integral() or abs(value) >= 1000
            else value.normalize()
        )
    return value


@cache
def templates() -> Environment:
    """The report templates (outputs/templates, package data), HTML-escaping every value."""
    environment = Environment(
        loader=PackageLoader("disclosure.outputs", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )
    environment.filters["show"] = show
    return environment


def figures(
    check: dict[str, Any], source: PdfSource, expected_source: PdfSource | None = None
) -> list[dict[str, Any]]:
    """The expected and actual figures of a failed check, each with the crop of where it is printed
    (the expected one in `expected_source` when it is another file's: a linked check's table)."""
    regions = {r["role"]: r for r in check["regions"] or []}
    shown = []
    for role in ("expected", "actual"):
        region = regions.get(role)
        figure: dict[str, Any] = {"role": role, "value": check[role], "where": "", "png": None, "error": None}
        if region is not None:
            pdf = expected_source if role == "expected" and expected_source is not None else source
            box = (region["x0"], region["top"], region["x1"], region["bottom"])
            figure.update(page=region["page"], where=f"page {region['page']}")
            figure["png"] = crop_png(pdf, region["page"], box)
            figure["error"] = pdf.error
        shown.append(figure)
    return shown


META_FIELDS = (
    "file_name",
    "doc_id",
    "source",
    "doc_kind",
    "scope",
    "agency",
    "fiscal_year",
    "pages",
    "status",
    "error",
)


# The columns each section of the page shows, in the templates' order.
UNPLACED_COLUMNS = ("table_id", "title", "page", "column_header", "cells", "sample")
CHECK_COLUMNS = ("status", "scope", "check_id", "expected", "actual", "difference", "pages", "detail")
TABLE_COLUMNS = ("table_id", "table_kind", "title", "unit", "pages", "size")
FACT_COLUMNS = (
    "fact",
    "subject",
    "period",
    "value",
    "unit",
    "change_value",
    "change_pct",
    "share_pct",
    "reason",
    "page",
)


def document_html(
    doc: dict[str, Any],
    tables: list[dict],
    facts: list[dict],
    checks: list[dict],
    unplaced: list[dict] | None = None,
    linked: list[dict] | None = None,
    linked_source: Path | None = None,
) -> str:
    """The whole report page of one document (templates/document.html.j2); `linked`: a narrative
    file's checks against the tables file of its disclosure (linked_checks), whose PDF is
    `linked_source`."""
    unplaced = unplaced or []
    linked = linked or []
    failed, source_error = failed_checks(checks, Path(doc["source"] or ""))
    linked_failed, _ = failed_checks(linked, Path(doc["source"] or ""), linked_source)
    others = sorted(
        (c for c in checks if c["status"] != "fail"), key=lambda c: STATUS_ORDER.index(c["status"])
    )
    linked_others = sorted(
        (c for c in linked if c["status"] != "fail"), key=lambda c: STATUS_ORDER.index(c["status"])
    )
    sized = [{**t, "size": f"{t['n_rows']}×{t['n_cols']}"} for t in tables]
    return (
        templates()
        .get_template("document.html.j2")
        .render(
            part=doc.get("part"),
            title=f"{doc['agency'] or doc['file_name']} {doc['fiscal_year'] or ''}",
            meta=[(k, doc[k]) for k in META_FIELDS],
            **completeness(doc),
            unplaced=columns_of(unplaced, UNPLACED_COLUMNS),
            unplaced_cells=sum(u["cells"] for u in unplaced),
            statuses=STATUS_ORDER,
            counts=status_counts(checks + linked),
            failed=failed + linked_failed,
            source_error=source_error,
            others=columns_of(others, CHECK_COLUMNS),
            linked_doc=linked[0]["linked_doc_id"] if linked else None,
            linked_others=columns_of(linked_others, CHECK_COLUMNS),
            tables=columns_of(sized, TABLE_COLUMNS),
            facts=columns_of(facts, FACT_COLUMNS),
        )
    )


def failed_checks(
    checks: list[dict], pdf: Path, expected_pdf: Path | None = None
) -> tuple[list[dict], str | None]:
    """The failed checks with their figures' crops, and why the source PDF could not be shown
    (`expected_pdf`: the other file the expected figures are printed in, for linked checks)."""
    source = PdfSource(pdf)
    other = PdfSource(expected_pdf) if expected_pdf is not None else None
    try:
        failed = [{**c, "figures": figures(c, source, other)} for c in checks if c["status"] == "fail"]
        return failed, source.error  # known once the failed checks' pages were opened
    finally:
        source.close()
        if other is not None:
            other.close()


def completeness(doc: dict[str, Any]) -> dict[str, Any]:
    """The page's completeness line: amounts placed of those printed, standard tables missing."""
    printed, placed = doc.get("amount_cells") or 0, doc.get("amount_cells_placed") or 0
    return {
        "placed": placed,
        "printed": printed,
        "share": f"{placed / printed:.2%}" if printed else "no amounts printed",
        "missing": ", ".join(doc.get("standard_tables_missing") or []) or "none",
    }


def columns_of(rows: list[dict], names: tuple[str, ...]) -> list[tuple]:
    """The rows as tuples of these columns, as a section's template lists them."""
    return [tuple(row[name] for name in names) for row in rows]


def status_counts(checks: list[dict]) -> dict[str, int]:
    return {s: sum(1 for c in checks if c["status"] == s) for s in STATUS_ORDER}


def index_html(entries: list[tuple[dict[str, Any], dict[str, int]]]) -> str:
    """index.html: every document with its check counts (templates/index.html.j2)."""
    return templates().get_template("index.html.j2").render(entries=entries, statuses=STATUS_ORDER)


def linked_pdf(con: Any, doc_id: str) -> Path | None:
    """The source PDF of the other file of a disclosure, as its documents row names it."""
    found = rows(con, "SELECT source FROM documents WHERE doc_id = ?", [doc_id])
    return Path(found[0]["source"]) if found and found[0]["source"] else None


def write_reports(dataset: Path, out: Path, doc: str | None = None) -> list[Path]:
    """Write <doc_id>.html per document (those whose id starts with `doc`, when given) and index.html."""
    con = connect(dataset)
    out.mkdir(parents=True, exist_ok=True)
    documents = rows(
        con, "SELECT * FROM documents WHERE starts_with(doc_id, ?) ORDER BY file_name", [doc or ""]
    )
    written: list[Path] = []
    entries = []
    for document in documents:
        doc_id = document["doc_id"]
        tables = rows(con, "SELECT * FROM tables WHERE doc_id = ? ORDER BY table_id", [doc_id])
        facts = rows(con, "SELECT * FROM facts WHERE doc_id = ? ORDER BY page, top", [doc_id])
        checks = rows(con, "SELECT * FROM checks WHERE doc_id = ?", [doc_id])
        unplaced = rows(
            con, "SELECT * FROM unplaced_amounts WHERE doc_id = ? ORDER BY cells DESC, page", [doc_id]
        )
        linked = rows(con, "SELECT * FROM linked_checks WHERE doc_id = ? ORDER BY check_id", [doc_id])
        linked_source = linked_pdf(con, linked[0]["linked_doc_id"]) if linked else None
        path = out / f"{doc_id}.html"
        page = document_html(document, tables, facts, checks, unplaced, linked, linked_source)
        path.write_text(page, encoding="utf-8")
        written.append(path)
        entries.append((document, status_counts(checks + linked)))
    index = out / "index.html"
    index.write_text(index_html(entries), encoding="utf-8")
    written.append(index)
    return written
