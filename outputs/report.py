"""Per-document HTML reports of a dataset: metadata, tables, facts and every failed check with the
page regions its two figures came from, as cropped images embedded in the page (self-contained).

Reads the Parquet dataset (DuckDB) and, for the images, the source PDF named in documents.source;
when that file is gone the report says so instead of showing images.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PIL import ImageDraw

from outputs.dataset import connect

# Render scale (72 dpi × scale) and the context kept around a region, in PDF points.
RENDER_SCALE = 2.0
CONTEXT_Y = 14.0
MAX_CROP_HEIGHT = 260.0
HIGHLIGHT = (220, 30, 30)
STATUS_ORDER = ("fail", "rounding", "skipped", "pass")

STYLE = """
body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;margin:2em;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 6px;font-size:13px;
vertical-align:top}th{background:#f3f3f3}.fail{color:#b00;font-weight:bold}.rounding{color:#a60}
.pass{color:#080}.skipped{color:#777}.check{border:2px solid #b00;padding:.6em;margin:1em 0;border-radius:4px}
.figures{display:flex;gap:1em;flex-wrap:wrap}.figure{flex:1;min-width:300px}.figure img{max-width:100%;
border:1px solid #999}.muted{color:#777}summary{cursor:pointer}
"""


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


def esc(value: Any) -> str:
    """HTML text of a value; decimals without trailing zeros and with thousands separators."""
    if isinstance(value, Decimal):
        value = (
            f"{value.normalize():,f}"
            if value == value.to_integral() or abs(value) >= 1000
            else value.normalize()
        )
    return "" if value is None else html.escape(str(value))


def rows_html(headers: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def check_html(check: dict[str, Any], source: PdfSource) -> str:
    """One failed check: its detail, both figures and the crops of where they are printed."""
    figures = []
    regions = {r["role"]: r for r in check["regions"] or []}
    for role in ("expected", "actual"):
        value = check[role]
        region = regions.get(role)
        image = ""
        where = ""
        if region is not None:
            box = (region["x0"], region["top"], region["x1"], region["bottom"])
            png = crop_png(source, region["page"], box)
            where = f"page {region['page']}"
            if png:
                image = f'<img alt="{role} on page {region["page"]}" src="data:image/png;base64,{png}">'
            elif source.error:
                image = f'<p class="muted">{esc(source.error)}</p>'
        figures.append(
            f'<div class="figure"><b>{role}</b>: <span class="{role}-value">{esc(value)}</span> '
            f'<span class="muted">{esc(where)}</span>{image}</div>'
        )
    return (
        f'<div class="check" id="{esc(check["check_id"])}"><div><span class="fail">FAIL</span> '
        f"<code>{esc(check['check_id'])}</code> ({esc(check['scope'])}) — pages {esc(check['pages'])}</div>"
        f"<p>{esc(check['detail'])}</p><p>difference: {esc(check['difference'])} "
        f'<span class="muted">(amounts of tables and text in yuan; percentages in %)</span></p>'
        f'<div class="figures">{"".join(figures)}</div></div>'
    )


def completeness_html(doc: dict[str, Any], unplaced: list[dict]) -> str:
    """Amounts placed / printed, missing standard tables and the unplaced amounts (as `disclosure audit`)."""
    printed, placed = doc.get("amount_cells") or 0, doc.get("amount_cells_placed") or 0
    share = f"{placed / printed:.2%}" if printed else "no amounts printed"
    missing = ", ".join(doc.get("standard_tables_missing") or []) or "none"
    groups = rows_html(
        ("table", "title", "page", "column", "cells", "sample"),
        [
            (u["table_id"], u["title"], u["page"], u["column_header"], u["cells"], u["sample"])
            for u in unplaced
        ],
    )
    return (
        f'<p id="completeness">amounts placed {placed} / {printed} ({esc(share)}); '
        f"standard tables missing without explanation: {esc(missing)}; part: {esc(doc.get('part'))}</p>"
        f"<details><summary>Unplaced amounts ({sum(u['cells'] for u in unplaced)})</summary>{groups}</details>"
    )


def document_html(
    doc: dict[str, Any],
    tables: list[dict],
    facts: list[dict],
    checks: list[dict],
    unplaced: list[dict] | None = None,
) -> str:
    """The whole report page of one document."""
    source = PdfSource(Path(doc["source"] or ""))
    try:
        counts = {s: sum(1 for c in checks if c["status"] == s) for s in STATUS_ORDER}
        failed = [c for c in checks if c["status"] == "fail"]
        title = f"{doc['agency'] or doc['file_name']} {doc['fiscal_year'] or ''}"
        meta = rows_html(
            ("field", "value"),
            [
                (k, doc[k])
                for k in (
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
            ],
        )
        summary = " · ".join(f'<span class="{s}">{s}: {counts[s]}</span>' for s in STATUS_ORDER)
        failed_html = (
            "".join(check_html(c, source) for c in failed) or '<p class="pass">No failed checks.</p>'
        )
        if source.error:
            failed_html = f'<p class="muted">{esc(source.error)}</p>' + failed_html
        others = rows_html(
            ("status", "scope", "check", "expected", "actual", "difference", "pages", "detail"),
            [
                (
                    c["status"],
                    c["scope"],
                    c["check_id"],
                    c["expected"],
                    c["actual"],
                    c["difference"],
                    c["pages"],
                    c["detail"],
                )
                for c in sorted(checks, key=lambda c: STATUS_ORDER.index(c["status"]))
                if c["status"] != "fail"
            ],
        )
        tables_html = rows_html(
            ("table", "kind", "title", "unit", "pages", "rows × cols"),
            [
                (
                    t["table_id"],
                    t["table_kind"],
                    t["title"],
                    t["unit"],
                    t["pages"],
                    f"{t['n_rows']}×{t['n_cols']}",
                )
                for t in tables
            ],
        )
        facts_html = rows_html(
            ("fact", "subject", "period", "value", "unit", "change", "change %", "share %", "reason", "page"),
            [
                (
                    f["fact"],
                    f["subject"],
                    f["period"],
                    f["value"],
                    f["unit"],
                    f["change_value"],
                    f["change_pct"],
                    f["share_pct"],
                    f["reason"],
                    f["page"],
                )
                for f in facts
            ],
        )
        return (
            f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>{esc(title)}</title>'
            f'<style>{STYLE}</style></head><body><p><a href="index.html">all documents</a></p>'
            f"<h1>{esc(title)}</h1>{meta}<h2>Completeness</h2>{completeness_html(doc, unplaced or [])}"
            f'<h2>Checks</h2><p id="summary">{summary}</p>'
            f'<h2>Failed checks</h2><div id="failed">{failed_html}</div>'
            f"<details><summary>Other checks ({len(checks) - len(failed)})</summary>{others}</details>"
            f"<h2>Tables found ({len(tables)})</h2>{tables_html}<h2>Narrative facts ({len(facts)})</h2>{facts_html}"
            "</body></html>"
        )
    finally:
        source.close()


def index_html(entries: list[tuple[dict[str, Any], dict[str, int]]]) -> str:
    rows = "".join(
        f'<tr><td><a href="{esc(d["doc_id"])}.html">{esc(d["file_name"])}</a></td><td>{esc(d["agency"])}</td>'
        f"<td>{esc(d['fiscal_year'])}</td><td>{esc(d['doc_kind'])}</td>"
        + "".join(f'<td class="{s}">{counts.get(s, 0)}</td>' for s in STATUS_ORDER)
        + "</tr>"
        for d, counts in entries
    )
    head = "".join(f"<th>{s}</th>" for s in STATUS_ORDER)
    return (
        f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>disclosure report</title>'
        f"<style>{STYLE}</style></head><body><h1>Documents</h1><table><tr><th>file</th><th>agency</th>"
        f"<th>year</th><th>kind</th>{head}</tr>{rows}</table></body></html>"
    )


def records(con: Any, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def write_reports(dataset: Path, out: Path, doc: str | None = None) -> list[Path]:
    """Write <doc_id>.html per document (those whose id starts with `doc`, when given) and index.html."""
    con = connect(dataset)
    out.mkdir(parents=True, exist_ok=True)
    documents = records(
        con, "SELECT * FROM documents WHERE starts_with(doc_id, ?) ORDER BY file_name", [doc or ""]
    )
    written: list[Path] = []
    entries = []
    for document in documents:
        doc_id = document["doc_id"]
        tables = records(con, "SELECT * FROM tables WHERE doc_id = ? ORDER BY table_id", [doc_id])
        facts = records(con, "SELECT * FROM facts WHERE doc_id = ? ORDER BY page, top", [doc_id])
        checks = records(con, "SELECT * FROM checks WHERE doc_id = ?", [doc_id])
        unplaced = records(
            con, "SELECT * FROM unplaced_amounts WHERE doc_id = ? ORDER BY cells DESC, page", [doc_id]
        )
        path = out / f"{doc_id}.html"
        path.write_text(document_html(document, tables, facts, checks, unplaced), encoding="utf-8")
        written.append(path)
        entries.append((document, {s: sum(1 for c in checks if c["status"] == s) for s in STATUS_ORDER}))
    index = out / "index.html"
    index.write_text(index_html(entries), encoding="utf-8")
    written.append(index)
    return written
