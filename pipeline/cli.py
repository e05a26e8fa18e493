"""The `disclosure` command.

Exit codes: 0 all documents ok (or partial), 1 at least one document failed (or eval found
misses), 2 usage error (bad arguments, no input files, no dataset).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline import PIPELINE_VERSION

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2

console = Console(stderr=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="disclosure",
        description="Chinese budget / final-accounts disclosure PDFs -> canonical Parquet dataset.",
    )
    parser.add_argument("--version", action="version", version=f"disclosure {PIPELINE_VERSION}")
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="read PDFs (files, folders, globs) into a dataset folder")
    ingest.add_argument("paths", nargs="+", help="PDF files, folders (searched recursively) or glob patterns")
    ingest.add_argument("--out", required=True, type=Path, help="dataset folder (created if missing)")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")

    query = commands.add_parser("query", help="run SQL (DuckDB) over a dataset folder")
    query.add_argument("dataset", type=Path)
    query.add_argument("sql")
    query.add_argument("--format", choices=("table", "csv", "json"), default="table")

    inspect = commands.add_parser("inspect", help="show what the extractor sees on a page")
    inspect.add_argument("file", type=Path)
    inspect.add_argument("--page", type=int, help="1-based page number (default: an overview of all pages)")

    evaluate = commands.add_parser("eval", help="recall of a dataset against truth files (*.lines.csv)")
    evaluate.add_argument("dataset", type=Path)
    evaluate.add_argument("truth_dir", type=Path)
    evaluate.add_argument("--show-missing", type=int, default=20, help="list up to N missed cells")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `disclosure` command."""
    args = build_parser().parse_args(argv)
    handlers = {"ingest": run_ingest, "query": run_query, "inspect": run_inspect, "eval": run_eval}
    return handlers[args.command](args)


# --- ingest ------------------------------------------------------------------------------------


def run_ingest(args: argparse.Namespace) -> int:
    from pipeline.ingest import collect_inputs, ingest

    files, unmatched = collect_inputs(args.paths)
    for argument in unmatched:
        console.print(f"[yellow]warning[/]: {argument}: no such file, folder or matching PDF")
    if not files:
        console.print("[red]error[/]: no input files")
        return EXIT_USAGE

    progress = Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[pages]} pages, {task.fields[rate]} pages/s, {task.fields[ocr]} OCR pages"),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        disable=args.quiet,
    )
    pages = 0

    with progress:
        task = progress.add_task("", total=len(files), pages=0, rate="0.0", ocr=0)
        ocr_done = 0

        def on_ocr_page(number: int) -> None:
            nonlocal ocr_done
            ocr_done += 1
            progress.update(task, ocr=ocr_done)

        def on_document(result: Any) -> None:
            nonlocal pages
            doc = result.document
            pages += doc.pages or 0
            elapsed = progress.tasks[0].elapsed or 1e-9
            progress.update(
                task, advance=1, pages=pages, rate=f"{pages / elapsed:.1f}", description=doc.file_name
            )
            if doc.status != "ok":
                progress.console.print(f"[red]{doc.status}[/] {doc.source}: {doc.error}")

        summary = ingest(files, args.out, on_document=on_document, on_ocr_page=on_ocr_page)

    print_summary(summary)
    return EXIT_SOME_FAILED if summary.documents["failed"] else EXIT_OK


def print_summary(summary: Any) -> None:
    docs = Table(title="documents", show_header=True)
    for status in ("ok", "partial", "failed"):
        docs.add_column(status, justify="right")
    docs.add_column("pages", justify="right")
    docs.add_column("pages/s", justify="right")
    docs.add_column("line items", justify="right")
    docs.add_row(
        *(str(summary.documents[s]) for s in ("ok", "partial", "failed")),
        str(summary.pages),
        f"{summary.pages_per_second:.1f}",
        str(summary.line_items),
    )
    kinds = Table(title="tables found by kind")
    kinds.add_column("table_kind")
    kinds.add_column("tables", justify="right")
    for kind, count in sorted(summary.tables_by_kind.items()):
        kinds.add_row(kind, str(count))
    console.print(docs)
    console.print(kinds)


# --- query -------------------------------------------------------------------------------------


def json_value(value: Any) -> Any:
    """JSON-safe value: exact decimals as strings, dates as ISO text."""
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def run_query(args: argparse.Namespace) -> int:
    from outputs.dataset import connect, is_dataset

    if not is_dataset(args.dataset):
        console.print(f"[red]error[/]: {args.dataset}: not a dataset folder (run `disclosure ingest` first)")
        return EXIT_USAGE
    con = connect(args.dataset)
    try:
        cursor = con.execute(args.sql)
    except Exception as exc:  # duckdb reports SQL errors with several exception types
        console.print(f"[red]error[/]: {type(exc).__name__}: {exc}")
        return EXIT_USAGE
    names = [d[0] for d in cursor.description or []]
    rows = cursor.fetchall()
    if args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(names)
        writer.writerows(rows)
    elif args.format == "json":
        json.dump(
            [{n: json_value(v) for n, v in zip(names, row, strict=True)} for row in rows],
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        sys.stdout.write("\n")
    else:
        table = Table(show_lines=False)
        for name in names:
            table.add_column(name, overflow="fold")
        for row in rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        Console().print(table)
    return EXIT_OK


# --- inspect -----------------------------------------------------------------------------------


def run_inspect(args: argparse.Namespace) -> int:
    from extractors.file_check import DocumentError, check_pdf_bytes
    from extractors.text_layer import open_pdf, read_pages
    from normalizers.layout import flatten, split_header
    from normalizers.recognize import classify_title, page_blocks

    out = Console()
    try:
        data = args.file.read_bytes()
        check_pdf_bytes(data)
        pdf = open_pdf(data, args.file.name)
    except (OSError, DocumentError) as exc:
        message = exc.message if isinstance(exc, DocumentError) else str(exc)
        console.print(f"[red]error[/]: {args.file}: {message}")
        return EXIT_SOME_FAILED
    with pdf:
        if args.page is not None and not 1 <= args.page <= len(pdf.pages):
            console.print(f"[red]error[/]: {args.file} has {len(pdf.pages)} pages; no page {args.page}")
            return EXIT_USAGE
        wanted = [args.page] if args.page else None
        for page in read_pages(pdf, pages=wanted):
            blocks = page_blocks(page)
            orientation = "landscape" if page.is_landscape else "portrait"
            layer = "text" if page.has_text_layer else "no text layer"
            heading = f"page {page.number}: {page.width:.0f}x{page.height:.0f} {orientation}, {page.n_chars} chars ({layer}), {len(blocks)} table(s)"
            if not args.page:
                first = page.lines[0].text[:60] if page.lines else ""
                kinds = ", ".join(classify_title(b.title) for b in blocks)
                out.print(f"{heading}  {kinds}  | {first}")
                continue
            out.print(f"[bold]{heading}")
            for line in page.lines[:8]:
                out.print(f"  text @{line.top:.0f}: {line.text}")
            for block in blocks:
                table = block.table
                header_rows = split_header(table)
                data = table.text_grid()[header_rows:]
                columns = flatten(table, header_rows, data)
                out.print(
                    f"\n[bold]table {block.table.index_on_page + 1}[/]: title={block.title!r} "
                    f"kind={classify_title(block.title)} unit={block.unit} grid={table.n_rows}x{table.n_cols} "
                    f"header_rows={header_rows}"
                )
                for column in columns:
                    out.print(f"  col {column.index}: {column.role:<11} group {column.group}  {column.label}")
                grid = Table(show_header=False, show_lines=True)
                for _ in range(table.n_cols):
                    grid.add_column()
                for row in table.text_grid():
                    grid.add_row(*row)
                out.print(grid)
    return EXIT_OK


# --- eval --------------------------------------------------------------------------------------


def run_eval(args: argparse.Namespace) -> int:
    from outputs.dataset import connect, is_dataset
    from pipeline.evaluate import ItemKey, read_truth, score_document, truth_files

    if not is_dataset(args.dataset):
        console.print(f"[red]error[/]: {args.dataset}: not a dataset folder")
        return EXIT_USAGE
    files = truth_files(args.truth_dir)
    if not files:
        console.print(f"[red]error[/]: {args.truth_dir}: no *.lines.csv truth files")
        return EXIT_USAGE
    con = connect(args.dataset)
    out = Console()
    total = found = 0
    for path in files:
        truth = read_truth(path)
        if not truth:
            continue
        doc_id = truth[0].doc_sha256
        rows = con.execute(
            "SELECT table_kind, side, code, item_name, measure, amount FROM line_items WHERE doc_id = ?",
            [doc_id],
        ).fetchall()
        if not rows:
            out.print(f"{path.name}: document {doc_id[:12]} not in the dataset (0 / {len(truth)})")
            total += len(truth)
            continue
        score = score_document(truth, [ItemKey(*row) for row in rows])
        total += score.total
        found += score.found
        out.print(f"{path.name}: recall {score.found}/{score.total} = {score.recall:.1%}")
        for miss in score.missing[: args.show_missing]:
            out.print(
                f"  missing: {miss.table_kind} side={miss.side} code={miss.code} {miss.item_name} "
                f"{miss.measure}={miss.value_raw} (page {miss.page})"
            )
    recall = found / total if total else 0.0
    out.print(f"overall recall: {found}/{total} = {recall:.1%}")
    return EXIT_OK if found == total else EXIT_SOME_FAILED


if __name__ == "__main__":
    raise SystemExit(main())
