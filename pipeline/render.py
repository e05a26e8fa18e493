"""What the `disclosure` command prints: the typed results of the pipeline functions as tables and lines.

Messages, the progress bar and the closing tables of a run go to stderr (`console()`); query results,
inspections and evaluations to stdout. rich is imported inside the functions that draw with it,
so that `disclosure --help` and `query --format csv|json` start without it.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from disclosure.normalizers.records import DocumentResult
    from disclosure.pipeline.datasets import CompactResult, QueryResult
    from disclosure.pipeline.evaluate import Evaluation, LinesRecall, ScorecardRecall
    from disclosure.pipeline.ingest import IngestSummary
    from disclosure.pipeline.inspection import PageDetail, PageSummary, TableView
    from rich.console import Console
    from rich.progress import Progress

DOCUMENT_STATUSES = ("ok", "partial", "failed")


@cache
def console() -> Console:
    """The console of messages and the progress bar (stderr), made on first use."""
    from rich.console import Console

    return Console(stderr=True)


# The width a table is drawn in when stdout is no terminal (a pipe, a file): wide enough for every
# table's natural width, so that no cell is folded to a column a few characters wide.
UNBOUNDED_WIDTH = 1_000_000


def stdout() -> Console:
    """A console on stdout, for results drawn as rich tables: the terminal's width in a terminal;
    piped or redirected, each table at its own natural width (rich would otherwise assume 80
    columns and fold a wide result into one character per line)."""
    from rich.console import Console

    console = Console()
    if not console.is_terminal:
        console = Console(width=UNBOUNDED_WIDTH)
    return console


# --- ingest, harvest ---------------------------------------------------------------------------


class IngestProgress:
    """The progress bar of a batch run: documents, pages, pages/s, OCR pages, failures as they land.

    Use as a context manager; pass `on_document` and `on_skip` to pipeline.ingest.ingest_batch.
    """

    def __init__(self, total: int, quiet: bool) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress: Progress = Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(
                "{task.fields[pages]} pages, {task.fields[rate]} pages/s, {task.fields[ocr]} OCR pages"
            ),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=console(),
            disable=quiet,
        )
        self.total = total
        self.pages = 0
        self.ocr_pages = 0

    def __enter__(self) -> IngestProgress:
        self.progress.__enter__()
        self.task = self.progress.add_task("", total=self.total, pages=0, rate="0.0", ocr=0)
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(None, None, None)

    def on_document(self, result: DocumentResult) -> None:
        doc = result.document
        self.pages += doc.pages or 0
        # Documents are read in worker processes: their scanned (OCR) pages are counted as each lands.
        self.ocr_pages += doc.image_pages
        elapsed = self.progress.tasks[0].elapsed or 1e-9
        self.progress.update(
            self.task,
            advance=1,
            pages=self.pages,
            rate=f"{self.pages / elapsed:.1f}",
            ocr=self.ocr_pages,
            description=doc.file_name,
        )
        if doc.status != "ok":
            self.progress.console.print(f"[red]{doc.status}[/] {doc.source}: {doc.error}")

    def on_skip(self, path: Path) -> None:
        self.progress.update(self.task, advance=1, description=path.name)


def print_summary(summary: IngestSummary, as_json: bool = False) -> None:
    """The closing tables of a batch run (stderr) and, with --json, the summary as one line on stdout."""
    from rich.table import Table

    docs = Table(title="documents", show_header=True)
    for heading in (*DOCUMENT_STATUSES, "skipped", "pages", "pages/s", "line items"):
        docs.add_column(heading, justify="right")
    docs.add_row(
        *(str(summary.documents[s]) for s in DOCUMENT_STATUSES),
        str(summary.skipped + summary.duplicates),
        str(summary.pages),
        f"{summary.pages_per_second:.1f}",
        str(summary.line_items),
    )
    kinds = Table(title="tables found by kind")
    kinds.add_column("table_kind")
    kinds.add_column("tables", justify="right")
    for kind, count in sorted(summary.tables_by_kind.items()):
        kinds.add_row(kind, str(count))
    console().print(docs)
    console().print(kinds)
    if summary.table_versions:  # what to time-travel back to: DeltaTable(OUT/<table>, version=N)
        versions = ", ".join(f"{name} {version}" for name, version in summary.table_versions.items())
        console().print(f"table versions: {versions}")
    if as_json:
        print(json.dumps(summary.as_dict(), ensure_ascii=False))


def print_fetch_errors(errors: list[tuple[str, str]]) -> None:
    for url, error in errors:
        console().print(f"[red]failed[/] {url}: {error}")


def print_harvest_counts(counts: dict[str, int]) -> None:
    console().print("harvest: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())))


# --- dataset commands --------------------------------------------------------------------------


def print_compact(result: CompactResult, retain_hours: int) -> None:
    if result.converted_documents:
        console().print(
            f"converted {result.converted_documents} documents of an earlier layout to Delta tables"
        )
    report = result.report
    console().print(
        f"compacted {report.files_before} live files into {report.files_after}; "
        f"deleted {report.deleted} files no version within {retain_hours} h reads"
    )
    console().print(f"table versions: {json.dumps(result.versions, sort_keys=True)}")


def print_query(result: QueryResult, output_format: str) -> None:
    """Rows on stdout: csv, json (decimals as strings) or a table."""
    if output_format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(result.names)
        writer.writerows(result.rows)
    elif output_format == "json":
        json.dump(result.as_json(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        from rich.table import Table

        table = Table(show_lines=False)
        for name in result.names:
            table.add_column(name, overflow="fold")
        for row in result.rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        stdout().print(table)


# --- inspect -----------------------------------------------------------------------------------


def page_heading(page: PageSummary) -> str:
    return (
        f"page {page.number}: {page.width:.0f}x{page.height:.0f} {page.orientation}, "
        f"{page.n_chars} chars ({page.layer}), {len(page.table_kinds)} table(s)"
    )


def print_overview(pages: list[PageSummary]) -> None:
    """One line a page: its size, text layer, tables and first line of text."""
    out = stdout()
    for summary in pages:
        out.print(f"{page_heading(summary)}  {', '.join(summary.table_kinds)}  | {summary.first_line[:60]}")


def print_page(detail: PageDetail) -> None:
    """A page's lines of text, then each table: its facts, column roles and grid."""
    if detail.ocr_warning:
        console().print(f"[yellow]warning[/]: {detail.ocr_warning}")
    out = stdout()
    out.print(f"[bold]{page_heading(detail.summary)}")
    for top, text in detail.lines:
        out.print(f"  text @{top:.0f}: {text}")
    for table in detail.tables:
        print_table_detail(out, table)


def print_table_detail(out: Console, table: TableView) -> None:
    from rich.table import Table

    out.print(
        f"\n[bold]table {table.number}[/]: title={table.title!r} "
        f"kind={table.kind} unit={table.unit} grid={table.n_rows}x{table.n_cols} "
        f"header_rows={table.header_rows} engine={table.engine}"
    )
    for column in table.columns:
        out.print(f"  col {column.index}: {column.role:<11} group {column.group}  {column.label}")
    grid = Table(show_header=False, show_lines=True)
    for _ in range(table.n_cols):
        grid.add_column()
    for row in table.grid:
        grid.add_row(*row)
    out.print(grid)


# --- eval --------------------------------------------------------------------------------------


def print_evaluation(result: Evaluation, show_missing: int) -> None:
    """Recall per truth file, its first `show_missing` missed cells, and overall."""
    out = stdout()
    for lines in result.lines:
        print_lines_recall(out.print, lines, show_missing)
    if result.has_line_files:
        out.print(f"overall recall: {result.found}/{result.total} = {result.recall:.1%}")
    for cards in result.scorecards:
        print_scorecards_recall(out.print, cards, show_missing)
    found, total = result.scorecards_found, result.scorecards_total
    if total:
        out.print(f"scorecard recall: {found}/{total} = {found / total:.1%}")


def print_lines_recall(write: Callable[[str], None], lines: LinesRecall, show_missing: int) -> None:
    score = lines.score
    if not lines.in_dataset:
        write(f"{lines.file}: document {lines.doc_id[:12]} not in the dataset (0 / {score.total})")
        return
    write(f"{lines.file}: recall {score.found}/{score.total} = {score.recall:.1%}")
    for miss in score.missing[:show_missing]:
        write(
            f"  missing: {miss.table_kind} side={miss.side} code={miss.code} {miss.item_name} "
            f"{miss.measure}={miss.value_raw} (page {miss.page})"
        )


def print_scorecards_recall(write: Callable[[str], None], cards: ScorecardRecall, show_missing: int) -> None:
    score = cards.score
    write(f"{cards.file}: scorecard recall {score.found}/{score.total} = {score.recall:.1%}")
    for miss in score.missing[:show_missing]:
        write(
            f"  missing: {miss.project_name} {miss.row_kind} "
            f"{miss.level1}/{miss.level2}/{miss.level3} "
            f"{miss.field}={miss.value} (page {miss.page})"
        )
