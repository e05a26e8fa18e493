"""The `disclosure` command.

Exit codes: 0 all documents ok (or partial), 1 at least one document failed (or eval found
misses), 2 usage error (bad arguments, no input files, no dataset), 3 the dataset (or harvest
folder) is locked by another run.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from outputs.batching import BATCH_DOCUMENTS
from pipeline import PIPELINE_VERSION
from pipeline.limits import DEFAULT_MEMORY_LIMIT, DEFAULT_TIME_LIMIT

if TYPE_CHECKING:
    from rich.console import Console

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_BUSY = 3


# Heavy modules (rich, and through the handlers pyarrow, deltalake, duckdb, pdfium, OCR) are imported
# inside the functions that use them, so that `--help` and short commands start fast.
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
    return handlers[args.command](args)


# --- ingest ------------------------------------------------------------------------------------


def run_ingest(args: argparse.Namespace) -> int:
    from pipeline.ingest import collect_inputs

    files, unmatched = collect_inputs(args.paths)
    for argument in unmatched:
        console().print(f"[yellow]warning[/]: {argument}: no such file, folder or matching PDF")
    if not files:
        console().print("[red]error[/]: no input files")
        return EXIT_USAGE
    return ingest_files(files, args)


def run_harvest(args: argparse.Namespace) -> int:
    from pipeline import harvest

    try:
        sources = harvest.load_sources(args.sources)
    except harvest.ConfigError as exc:
        console().print(f"[red]error[/]: {exc}")
        return harvest.EXIT_USAGE
    try:
        with harvest.Harvest(args.out) as run:
            report = run.run(sources)
            for url, error in report.errors:
                console().print(f"[red]failed[/] {url}: {error}")
            documents_failed = 0
            if report.new_files:
                args.out_dataset = args.dataset or args.out / "dataset"
                code = ingest_files(list(report.new_files), args, names=report.new_files)
                if code in (EXIT_USAGE, EXIT_BUSY):
                    run.log("run_end", counts=dict(report.counts), exit_code=code)
                    return code
                documents_failed = int(code == EXIT_SOME_FAILED)
                run.mark_ingested(list(report.new_files))
            code = harvest.exit_code(report, documents_failed)
            run.log("run_end", counts=dict(report.counts), ingested=len(report.new_files), exit_code=code)
    except harvest.HarvestBusy as exc:
        console().print(f"[red]error[/]: {exc}")
        return harvest.EXIT_BUSY
    console().print("harvest: " + ", ".join(f"{n} {status}" for status, n in sorted(report.counts.items())))
    return code


def ingest_files(
    files: list[Path], args: argparse.Namespace, names: dict[Path, list[tuple[str, str]]] | None = None
) -> int:
    """Ingest with the batch options of `args`, with a progress bar and a closing summary."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from outputs.delta import ConversionFailed, DatasetBusy
    from pipeline.executors import Limits
    from pipeline.ingest import ingest

    if args.executor == "dask" and not args.scheduler:
        console().print("[red]error[/]: --executor dask needs --scheduler ADDRESS")
        return EXIT_USAGE
    if args.workers is not None and args.workers < 0:
        console().print("[red]error[/]: --workers must be 0 or more")
        return EXIT_USAGE
    if args.commit_every < 1:
        console().print("[red]error[/]: --commit-every must be 1 or more")
        return EXIT_USAGE
    limits = Limits(
        seconds=args.time_limit if args.time_limit > 0 else None,
        memory_mb=args.memory_limit if args.memory_limit > 0 else None,
    )

    progress = Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[pages]} pages, {task.fields[rate]} pages/s, {task.fields[ocr]} OCR pages"),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console(),
        disable=args.quiet,
    )
    pages = 0

    with progress:
        task = progress.add_task("", total=len(files), pages=0, rate="0.0", ocr=0)
        ocr_done = 0

        def on_document(result: Any) -> None:
            nonlocal pages, ocr_done
            doc = result.document
            pages += doc.pages or 0
            # Documents are read in worker processes: their scanned (OCR) pages are counted as each lands.
            ocr_done += doc.image_pages
            elapsed = progress.tasks[0].elapsed or 1e-9
            progress.update(
                task,
                advance=1,
                pages=pages,
                rate=f"{pages / elapsed:.1f}",
                ocr=ocr_done,
                description=doc.file_name,
            )
            if doc.status != "ok":
                progress.console.print(f"[red]{doc.status}[/] {doc.source}: {doc.error}")

        def on_skip(path: Path) -> None:
            progress.update(task, advance=1, description=path.name)

        try:
            summary = ingest(
                files,
                getattr(args, "out_dataset", None) or args.out,
                on_document=on_document,
                workers=args.workers,
                force=args.force,
                limits=limits,
                scheduler=args.scheduler if args.executor == "dask" else None,
                on_skip=on_skip,
                names=names,
                batch_documents=args.commit_every,
            )
        except DatasetBusy as exc:
            console().print(f"[red]error[/]: {exc}")
            return EXIT_BUSY
        except ConversionFailed as exc:
            console().print(f"[red]error[/]: {exc}", soft_wrap=True)
            return EXIT_USAGE

    print_summary(summary)
    if args.json:
        print(json.dumps(summary.as_dict(), ensure_ascii=False))
    return EXIT_SOME_FAILED if summary.documents["failed"] else EXIT_OK


def run_compact(args: argparse.Namespace) -> int:
    from outputs.delta import ConversionFailed, DatasetBusy, DatasetWriter

    if not dataset_exists(args.dataset, converting=True):
        return EXIT_USAGE
    try:
        with DatasetWriter(args.dataset) as writer:
            report = writer.compact(retain_hours=args.retain_hours)
    except DatasetBusy as exc:
        console().print(f"[red]error[/]: {exc}")
        return EXIT_BUSY
    except ConversionFailed as exc:
        console().print(f"[red]error[/]: {exc}", soft_wrap=True)
        return EXIT_USAGE
    if writer.converted_documents:
        console().print(
            f"converted {writer.converted_documents} documents of an earlier layout to Delta tables"
        )
    console().print(
        f"compacted {report.files_before} live files into {report.files_after}; "
        f"deleted {report.deleted} files no version within {args.retain_hours} h reads"
    )
    console().print(f"table versions: {json.dumps(writer.versions, sort_keys=True)}")
    return EXIT_OK


def print_summary(summary: Any) -> None:
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


# --- query -------------------------------------------------------------------------------------


def dataset_exists(path: Path, converting: bool = False) -> bool:
    """True for a dataset folder this command can use; otherwise says why on stderr (usage error).

    A dataset of an earlier layout is converted by `ingest` and `compact` (`converting`) only.
    """
    from outputs.dataset import is_dataset
    from outputs.legacy import needs_conversion

    if not is_dataset(path):
        console().print(f"[red]error[/]: {path}: not a dataset folder (run `disclosure ingest` first)")
        return False
    if needs_conversion(path) and not converting:
        console().print(
            f"[red]error[/]: {path}: written by an earlier version; `disclosure compact {path}` converts it"
        )
        return False
    return True


def json_value(value: Any) -> Any:
    """JSON-safe value: exact decimals as strings, dates as ISO text."""
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def run_query(args: argparse.Namespace) -> int:
    from outputs.dataset import connect

    if not dataset_exists(args.dataset):
        return EXIT_USAGE
    con = connect(args.dataset)
    try:
        cursor = con.execute(args.sql)
    except Exception as exc:  # duckdb reports SQL errors with several exception types
        console().print(f"[red]error[/]: {type(exc).__name__}: {exc}")
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
        from rich.console import Console
        from rich.table import Table

        table = Table(show_lines=False)
        for name in names:
            table.add_column(name, overflow="fold")
        for row in rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        Console().print(table)
    return EXIT_OK


# --- inspect -----------------------------------------------------------------------------------


def run_inspect(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table

    from extractors.file_check import DocumentError, check_pdf_bytes
    from normalizers.layout import flatten, split_header
    from normalizers.recognize import classify_title, page_blocks
    from pipeline.process import read_document_pages, read_image_pages

    out = Console()
    try:
        data = args.file.read_bytes()
        check_pdf_bytes(data)
        pages = read_document_pages(data, args.file.name, args.engine)
    except (OSError, DocumentError) as exc:
        message = exc.message if isinstance(exc, DocumentError) else str(exc)
        console().print(f"[red]error[/]: {args.file}: {message}")
        return EXIT_SOME_FAILED
    if args.page is not None and not 1 <= args.page <= len(pages):
        console().print(f"[red]error[/]: {args.file} has {len(pages)} pages; no page {args.page}")
        return EXIT_USAGE
    shown = pages if args.page is None else [pages[args.page - 1]]
    if args.page is not None and shown[0].is_image_only:
        # One scanned page: show what OCR reads there (the overview does not OCR every page).
        shown, ocr_error = read_image_pages(data, shown)
        if ocr_error:
            console().print(f"[yellow]warning[/]: page {args.page} is a scanned image and {ocr_error}")
    for page in shown:
        blocks = page_blocks(page)
        orientation = "landscape" if page.is_landscape else "portrait"
        layer = "text" if page.has_text_layer else "scanned image" if page.is_image_only else "no text"
        if page.engine == "ocr":
            layer = "scanned image, read by OCR"
        heading = (
            f"page {page.number}: {page.width:.0f}x{page.height:.0f} {orientation}, "
            f"{page.n_chars} chars ({layer}), {len(blocks)} table(s)"
        )
        if args.page is None:
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
            columns = flatten(table, header_rows, table.text_grid()[header_rows:])
            out.print(
                f"\n[bold]table {table.index_on_page + 1}[/]: title={block.title!r} "
                f"kind={classify_title(block.title)} unit={block.unit} grid={table.n_rows}x{table.n_cols} "
                f"header_rows={header_rows} engine={table.engine}"
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
    from rich.console import Console

    from outputs.dataset import connect
    from pipeline.evaluate import ItemKey, read_truth, score_document, scorecard_truth_files, truth_files

    if not dataset_exists(args.dataset):
        return EXIT_USAGE
    files = truth_files(args.truth_dir)
    if not files and not scorecard_truth_files(args.truth_dir):
        console().print(f"[red]error[/]: {args.truth_dir}: no *.lines.csv or *.scorecards.csv truth files")
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
    if files:
        out.print(f"overall recall: {found}/{total} = {recall:.1%}")
    card_found, card_total = eval_scorecards(con, args.truth_dir, out, args.show_missing)
    if card_total:
        out.print(f"scorecard recall: {card_found}/{card_total} = {card_found / card_total:.1%}")
    return EXIT_OK if found == total and card_found == card_total else EXIT_SOME_FAILED


def eval_scorecards(con: Any, truth_dir: Path, out: Console, show_missing: int) -> tuple[int, int]:
    """Recall of the dataset's scorecards on each *.scorecards.csv truth file: (found, total)."""
    from pipeline.evaluate import (
        read_scorecard_truth,
        score_scorecards,
        scorecard_facts,
        scorecard_truth_files,
    )

    found = total = 0
    for path in scorecard_truth_files(truth_dir):
        truth = read_scorecard_truth(path)
        if not truth:
            continue
        doc_id = truth[0].doc_sha256
        cards = con.execute(
            "SELECT scorecard_id, project_name, pages, competent_department, implementing_unit, "
            "total_weight_raw, total_score_raw FROM scorecards WHERE doc_id = ?",
            [doc_id],
        ).fetchall()
        fields = ("budget_initial", "budget_full_year", "executed", "weight", "execution_rate", "score")
        funds = [
            (row[0], row[1], dict(zip(fields, row[2:8], strict=True)), row[8])
            for row in con.execute(
                "SELECT scorecard_id, line, " + ", ".join(f"{f}_raw" for f in fields) + ", page "
                "FROM scorecard_funds WHERE doc_id = ?",
                [doc_id],
            ).fetchall()
        ]
        indicators = [
            (*row[:4], dict(zip(("target", "actual", "weight", "score"), row[4:8], strict=True)), row[8])
            for row in con.execute(
                "SELECT scorecard_id, level1, level2, level3, target_raw, actual_raw, weight_raw, score_raw, "
                "page FROM scorecard_indicators WHERE doc_id = ?",
                [doc_id],
            ).fetchall()
        ]
        score = score_scorecards(truth, scorecard_facts(cards, funds, indicators))
        found += score.found
        total += score.total
        out.print(f"{path.name}: scorecard recall {score.found}/{score.total} = {score.recall:.1%}")
        for miss in score.missing[:show_missing]:
            out.print(
                f"  missing: {miss.project_name} {miss.row_kind} {miss.level1}/{miss.level2}/{miss.level3} "
                f"{miss.field}={miss.value} (page {miss.page})"
            )
    return found, total


# --- report ------------------------------------------------------------------------------------


def run_report(args: argparse.Namespace) -> int:
    from outputs.report import write_reports

    if not dataset_exists(args.dataset):
        return EXIT_USAGE
    written = write_reports(args.dataset, args.out or args.dataset / "report", args.doc)
    if args.doc and len(written) == 1:
        console().print(f"[red]error[/]: no document id starts with {args.doc}")
        return EXIT_USAGE
    console().print(f"wrote {len(written) - 1} document reports and {written[-1]}")
    return EXIT_OK


def run_audit(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from outputs.audit import audit_dataset, format_audit

    if not dataset_exists(args.dataset):
        return EXIT_USAGE
    summary, audits = audit_dataset(args.dataset)
    print(format_audit(summary, audits, args.limit))
    if args.json:
        document = {
            "summary": {
                **asdict(summary),
                "placed_share": summary.placed_share,
                "check_fail_rate": summary.check_fail_rate,
            },
            "documents": [{**asdict(a), "placed_share": a.placed_share} for a in audits],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(document, ensure_ascii=False, indent=1, default=json_value), "utf-8")
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
