"""The `disclosure` command: parses the arguments, calls the pipeline function behind each
subcommand and prints what it returns. Exit codes: pipeline.exits.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from disclosure.outputs.batching import BATCH_DOCUMENTS
from disclosure.pipeline import PIPELINE_VERSION
from disclosure.pipeline.exits import EXIT_BUSY as EXIT_BUSY  # the command's exit codes, for callers
from disclosure.pipeline.exits import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, CommandError
from disclosure.pipeline.limits import DEFAULT_MEMORY_LIMIT, DEFAULT_TIME_LIMIT

if TYPE_CHECKING:
    from disclosure.pipeline.datasets import CompactResult
    from disclosure.pipeline.evaluate import Evaluation
    from disclosure.pipeline.harvest import HarvestReport
    from disclosure.pipeline.ingest import BatchOptions, IngestSummary
    from disclosure.pipeline.inspection import PageDetail, PageSummary
    from rich.console import Console


# Heavy modules (rich, and through the pipeline functions pyarrow, deltalake, duckdb, pdfium, OCR) are
# imported inside the functions that use them, so that `--help` and short commands start fast.
@cache
def console() -> Console:
    """The console of messages and the progress bar (stderr), made on first use."""
    from rich.console import Console

    return Console(stderr=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="disclosure",
        description="Chinese budget / final-accounts disclosure PDFs -> canonical dataset of Delta Lake tables.",
    )
    parser.add_argument("--version", action="version", version=f"disclosure {PIPELINE_VERSION}")
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="read PDFs (files, folders, globs) into a dataset folder")
    ingest.add_argument("paths", nargs="+", help="PDF files, folders (searched recursively) or glob patterns")
    ingest.add_argument("--out", required=True, type=Path, help="dataset folder (created if missing)")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")
    add_batch_arguments(ingest)

    harvest = commands.add_parser(
        "harvest", help="fetch the PDFs of SOURCES.toml (for cron), then ingest what is new"
    )
    harvest.add_argument("sources", type=Path, help="SOURCES.toml: index pages and URL lists")
    harvest.add_argument("--out", required=True, type=Path, help="harvest folder (downloads, state, run log)")
    harvest.add_argument("--dataset", type=Path, help="dataset folder (default: OUT/dataset)")
    harvest.add_argument("--quiet", action="store_true", help="no progress bar")
    add_batch_arguments(harvest)

    compact = commands.add_parser(
        "compact", help="merge a dataset's small files (Delta optimize), then delete unused ones (vacuum)"
    )
    compact.add_argument("dataset", type=Path)
    compact.add_argument(
        "--retain-hours",
        type=int,
        default=168,
        help="keep files earlier versions read for this long, for time travel (default %(default)s)",
    )

    query = commands.add_parser("query", help="run SQL (DuckDB) over a dataset folder")
    query.add_argument("dataset", type=Path)
    query.add_argument("sql")
    query.add_argument("--format", choices=("table", "csv", "json"), default="table")

    inspect = commands.add_parser("inspect", help="show what the extractor sees on a page")
    inspect.add_argument("file", type=Path)
    inspect.add_argument("--page", type=int, help="1-based page number (default: an overview of all pages)")
    inspect.add_argument("--engine", choices=("pdfium", "pdfplumber"), default="pdfium")

    evaluate = commands.add_parser(
        "eval", help="recall of a dataset against truth files (*.lines.csv, *.scorecards.csv)"
    )
    evaluate.add_argument("dataset", type=Path)
    evaluate.add_argument("truth_dir", type=Path)
    evaluate.add_argument("--show-missing", type=int, default=20, help="list up to N missed cells")
    report = commands.add_parser("report", help="write per-document HTML reports (checks, facts, tables)")
    report.add_argument("dataset", type=Path)
    report.add_argument("--doc", help="only the document whose doc_id starts with this")
    report.add_argument("--out", type=Path, help="report folder (default: DATASET/report)")

    audit = commands.add_parser(
        "audit", help="documents from least to most complete, with what did not land (amounts, tables, units)"
    )
    audit.add_argument("dataset", type=Path)
    audit.add_argument("--limit", type=int, help="list only the N least complete documents")
    audit.add_argument("--json", type=Path, help="also write the audit as JSON to this file")
    return parser


def add_batch_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of a batch run (ingest, harvest): incremental, parallel, guarded, distributed."""
    parser.add_argument("--force", action="store_true", help="process documents already in the dataset again")
    parser.add_argument(
        "--workers",
        type=int,
        help="worker processes (default: the cores available; 0: in this process, no guards)",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT,
        help="seconds per document (default %(default)s)",
    )
    parser.add_argument(
        "--memory-limit", type=int, default=DEFAULT_MEMORY_LIMIT, help="MiB per worker (default %(default)s)"
    )
    parser.add_argument("--executor", choices=("local", "dask"), default="local")
    parser.add_argument(
        "--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (--executor dask)"
    )
    parser.add_argument(
        "--commit-every",
        type=int,
        default=BATCH_DOCUMENTS,
        help="commit after at most N documents (or 2 s), one Delta commit per table (default %(default)s)",
    )
    parser.add_argument("--json", action="store_true", help="print the run summary as JSON on stdout")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `disclosure` command."""
    args = build_parser().parse_args(argv)
    handlers = {
        "ingest": run_ingest,
        "query": run_query,
        "inspect": run_inspect,
        "eval": run_eval,
        "compact": run_compact,
        "harvest": run_harvest,
        "report": run_report,
        "audit": run_audit,
    }
    try:
        return handlers[args.command](args)
    except CommandError as exc:
        console().print(f"[red]error[/]: {exc.message}", soft_wrap=exc.soft_wrap)
        return exc.exit_code


# --- ingest, harvest ---------------------------------------------------------------------------


def batch_options(args: argparse.Namespace) -> BatchOptions:
    from disclosure.pipeline.ingest import BatchOptions

    return BatchOptions(
        force=args.force,
        workers=args.workers,
        time_limit=args.time_limit,
        memory_limit=args.memory_limit,
        executor=args.executor,
        scheduler=args.scheduler,
        commit_every=args.commit_every,
    )


def run_ingest(args: argparse.Namespace) -> int:
    from disclosure.pipeline.ingest import collect_inputs

    files, unmatched = collect_inputs(args.paths)
    for argument in unmatched:
        console().print(f"[yellow]warning[/]: {argument}: no such file, folder or matching PDF")
    if not files:
        console().print("[red]error[/]: no input files")
        return EXIT_USAGE
    summary = ingest_with_progress(files, args.out, batch_options(args), args.quiet)
    print_summary(summary, args.json)
    return EXIT_SOME_FAILED if summary.documents["failed"] else EXIT_OK


def run_harvest(args: argparse.Namespace) -> int:
    from disclosure.pipeline.harvest import harvest_and_ingest

    options = batch_options(args)

    def print_errors(report: HarvestReport) -> None:
        for url, error in report.errors:
            console().print(f"[red]failed[/] {url}: {error}")

    def ingest_new(
        files: list[Path], dataset: Path, names: dict[Path, list[tuple[str, str]]]
    ) -> IngestSummary:
        summary = ingest_with_progress(files, dataset, options, args.quiet, names)
        print_summary(summary, args.json)
        return summary

    result = harvest_and_ingest(
        args.sources, args.out, args.dataset, options, on_fetched=print_errors, ingest_new=ingest_new
    )
    counts = sorted(result.report.counts.items())
    console().print("harvest: " + ", ".join(f"{n} {status}" for status, n in counts))
    return result.exit_code


def ingest_with_progress(
    files: list[Path],
    out: Path,
    options: BatchOptions,
    quiet: bool,
    names: dict[Path, list[tuple[str, str]]] | None = None,
) -> IngestSummary:
    """pipeline.ingest.ingest_batch with a progress bar (pages, pages/s, OCR pages) and failures as they land."""
    from disclosure.normalizers.records import DocumentResult
    from disclosure.pipeline.ingest import ingest_batch
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    options.check()  # before the progress bar shows
    progress = Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[pages]} pages, {task.fields[rate]} pages/s, {task.fields[ocr]} OCR pages"),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console(),
        disable=quiet,
    )
    pages = ocr_done = 0
    with progress:
        task = progress.add_task("", total=len(files), pages=0, rate="0.0", ocr=0)

        def on_document(result: DocumentResult) -> None:
            nonlocal pages, ocr_done
            doc = result.document
            pages += doc.pages or 0
            # Documents are read in worker processes: their scanned (OCR) pages are counted as each lands.
            ocr_done += doc.image_pages
            elapsed = progress.tasks[0].elapsed or 1e-9
            rate = f"{pages / elapsed:.1f}"
            progress.update(task, advance=1, pages=pages, rate=rate, ocr=ocr_done, description=doc.file_name)
            if doc.status != "ok":
                progress.console.print(f"[red]{doc.status}[/] {doc.source}: {doc.error}")

        def on_skip(path: Path) -> None:
            progress.update(task, advance=1, description=path.name)

        return ingest_batch(files, out, options, on_document=on_document, on_skip=on_skip, names=names)


def print_summary(summary: IngestSummary, as_json: bool = False) -> None:
    """The closing tables of a batch run (stderr) and, with --json, the summary as one line on stdout."""
    from rich.table import Table

    docs = Table(title="documents", show_header=True)
    for status in ("ok", "partial", "failed"):
        docs.add_column(status, justify="right")
    docs.add_column("skipped", justify="right")
    docs.add_column("pages", justify="right")
    docs.add_column("pages/s", justify="right")
    docs.add_column("line items", justify="right")
    docs.add_row(
        *(str(summary.documents[s]) for s in ("ok", "partial", "failed")),
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


# --- dataset commands --------------------------------------------------------------------------


def run_compact(args: argparse.Namespace) -> int:
    from disclosure.pipeline.datasets import compact_dataset

    print_compact(compact_dataset(args.dataset, args.retain_hours), args.retain_hours)
    return EXIT_OK


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


def run_query(args: argparse.Namespace) -> int:
    from disclosure.pipeline.datasets import run_query as query

    result = query(args.dataset, args.sql)
    if args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(result.names)
        writer.writerows(result.rows)
    elif args.format == "json":
        json.dump(result.as_json(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(show_lines=False)
        for name in result.names:
            table.add_column(name, overflow="fold")
        for row in result.rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        Console().print(table)
    return EXIT_OK


def run_report(args: argparse.Namespace) -> int:
    from disclosure.pipeline.reports import report_dataset

    result = report_dataset(args.dataset, args.out, args.doc)
    console().print(f"wrote {len(result.documents)} document reports and {result.index}")
    return EXIT_OK


def run_audit(args: argparse.Namespace) -> int:
    from disclosure.outputs.audit import format_audit
    from disclosure.pipeline.reports import audit

    result = audit(args.dataset, args.json)
    print(format_audit(result.summary, result.documents, args.limit))
    return EXIT_OK


# --- inspect -----------------------------------------------------------------------------------


def run_inspect(args: argparse.Namespace) -> int:
    from disclosure.pipeline.inspection import inspect_page, inspect_pages
    from rich.console import Console

    out = Console()
    if args.page is None:
        for summary in inspect_pages(args.file, args.engine):
            first = summary.first_line[:60]
            out.print(f"{page_heading(summary)}  {', '.join(summary.table_kinds)}  | {first}")
        return EXIT_OK
    detail = inspect_page(args.file, args.page, args.engine)
    if detail.ocr_warning:
        console().print(f"[yellow]warning[/]: {detail.ocr_warning}")
    print_page(out, detail)
    return EXIT_OK


def page_heading(page: PageSummary) -> str:
    return (
        f"page {page.number}: {page.width:.0f}x{page.height:.0f} {page.orientation}, "
        f"{page.n_chars} chars ({page.layer}), {len(page.table_kinds)} table(s)"
    )


def print_page(out: Console, detail: PageDetail) -> None:
    from rich.table import Table

    out.print(f"[bold]{page_heading(detail.summary)}")
    for top, text in detail.lines:
        out.print(f"  text @{top:.0f}: {text}")
    for table in detail.tables:
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


def run_eval(args: argparse.Namespace) -> int:
    from disclosure.pipeline.evaluate import evaluate
    from rich.console import Console

    result = evaluate(args.dataset, args.truth_dir)
    print_evaluation(Console(), result, args.show_missing)
    return EXIT_OK if result.complete else EXIT_SOME_FAILED


def print_evaluation(out: Console, result: Evaluation, show_missing: int) -> None:
    for lines in result.lines:
        score = lines.score
        if not lines.in_dataset:
            out.print(f"{lines.file}: document {lines.doc_id[:12]} not in the dataset (0 / {score.total})")
            continue
        out.print(f"{lines.file}: recall {score.found}/{score.total} = {score.recall:.1%}")
        for miss in score.missing[:show_missing]:
            out.print(
                f"  missing: {miss.table_kind} side={miss.side} code={miss.code} {miss.item_name} "
                f"{miss.measure}={miss.value_raw} (page {miss.page})"
            )
    if result.has_line_files:
        out.print(f"overall recall: {result.found}/{result.total} = {result.recall:.1%}")
    for cards in result.scorecards:
        card_score = cards.score
        out.print(
            f"{cards.file}: scorecard recall {card_score.found}/{card_score.total} = {card_score.recall:.1%}"
        )
        for card_miss in card_score.missing[:show_missing]:
            out.print(
                f"  missing: {card_miss.project_name} {card_miss.row_kind} "
                f"{card_miss.level1}/{card_miss.level2}/{card_miss.level3} "
                f"{card_miss.field}={card_miss.value} (page {card_miss.page})"
            )
    found, total = result.scorecards_found, result.scorecards_total
    if total:
        out.print(f"scorecard recall: {found}/{total} = {found / total:.1%}")


if __name__ == "__main__":
    raise SystemExit(main())
