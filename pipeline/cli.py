"""The `disclosure` command: parses the arguments, calls the pipeline function behind each
subcommand and prints what it returns (pipeline.render). Exit codes: pipeline.exits.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from disclosure.outputs.batching import BATCH_DOCUMENTS
from disclosure.pipeline import render
from disclosure.pipeline.exits import EXIT_BUSY as EXIT_BUSY  # the command's exit codes, for callers
from disclosure.pipeline.exits import (
    EXIT_OK,
    EXIT_OUTPUT_CLOSED,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    CommandError,
)
from disclosure.pipeline.limits import DEFAULT_MEMORY_LIMIT, DEFAULT_TIME_LIMIT

if TYPE_CHECKING:
    from disclosure.pipeline.executors import LocalPool
    from disclosure.pipeline.harvest import HarvestReport
    from disclosure.pipeline.ingest import BatchOptions, IngestSummary

    Subparsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]

# Heavy modules (rich, and through the pipeline functions pyarrow, deltalake, duckdb, pdfium, OCR) are
# imported inside the functions that use them, so that `--help` and short commands start fast.
DEFAULT_RETAIN_HOURS = 168  # a week of time travel
DEFAULT_SHOW_MISSING = 20


class ShowVersion(argparse.Action):
    """--version: the version is read (package metadata) only when asked for."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help="show program's version number and exit",
        )

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        from disclosure.pipeline import PIPELINE_VERSION

        print(f"disclosure {PIPELINE_VERSION}")  # on stdout, as argparse's own version action
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The command line: one subcommand per pipeline function."""
    parser = argparse.ArgumentParser(
        prog="disclosure",
        description="Chinese budget / final-accounts disclosure PDFs -> canonical dataset of Delta Lake tables.",
    )
    parser.add_argument("--version", action=ShowVersion)
    commands = parser.add_subparsers(dest="command", required=True)
    for add_command in (
        add_ingest,
        add_harvest,
        add_compact,
        add_query,
        add_inspect,
        add_eval,
        add_report,
        add_audit,
    ):
        add_command(commands)
    return parser


def add_ingest(commands: Subparsers) -> None:
    ingest = commands.add_parser("ingest", help="read PDFs (files, folders, globs) into a dataset folder")
    ingest.add_argument("paths", nargs="+", help="PDF files, folders (searched recursively) or glob patterns")
    ingest.add_argument("--out", required=True, type=Path, help="dataset folder (created if missing)")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")
    add_batch_arguments(ingest)


def add_harvest(commands: Subparsers) -> None:
    harvest = commands.add_parser(
        "harvest", help="fetch the PDFs of SOURCES.toml (for cron), then ingest what is new"
    )
    harvest.add_argument("sources", type=Path, help="SOURCES.toml: index pages and URL lists")
    harvest.add_argument("--out", required=True, type=Path, help="harvest folder (downloads, state, run log)")
    harvest.add_argument("--dataset", type=Path, help="dataset folder (default: OUT/dataset)")
    harvest.add_argument("--quiet", action="store_true", help="no progress bar")
    add_batch_arguments(harvest)


def add_compact(commands: Subparsers) -> None:
    compact = commands.add_parser(
        "compact", help="merge a dataset's small files (Delta optimize), then delete unused ones (vacuum)"
    )
    compact.add_argument("dataset", type=Path)
    compact.add_argument(
        "--retain-hours",
        type=int,
        default=DEFAULT_RETAIN_HOURS,
        help="keep files earlier versions read for this long, for time travel (default %(default)s)",
    )


def add_query(commands: Subparsers) -> None:
    query = commands.add_parser("query", help="run SQL (DuckDB) over a dataset folder")
    query.add_argument("dataset", type=Path)
    query.add_argument("sql")
    query.add_argument("--format", choices=("table", "csv", "json"), default="table")


def add_inspect(commands: Subparsers) -> None:
    inspect = commands.add_parser("inspect", help="show what the extractor sees on a page")
    inspect.add_argument("file", type=Path)
    inspect.add_argument("--page", type=int, help="1-based page number (default: an overview of all pages)")
    inspect.add_argument("--engine", choices=("pdfium", "pdfplumber"), default="pdfium")


def add_eval(commands: Subparsers) -> None:
    evaluate = commands.add_parser(
        "eval", help="recall of a dataset against truth files (*.lines.csv, *.scorecards.csv)"
    )
    evaluate.add_argument("dataset", type=Path)
    evaluate.add_argument("truth_dir", type=Path)
    evaluate.add_argument(
        "--show-missing", type=int, default=DEFAULT_SHOW_MISSING, help="list up to N missed cells"
    )


def add_report(commands: Subparsers) -> None:
    report = commands.add_parser("report", help="write per-document HTML reports (checks, facts, tables)")
    report.add_argument("dataset", type=Path)
    report.add_argument("--doc", help="only the document whose doc_id starts with this")
    report.add_argument("--out", type=Path, help="report folder (default: DATASET/report)")


def add_audit(commands: Subparsers) -> None:
    audit = commands.add_parser(
        "audit", help="documents from least to most complete, with what did not land (amounts, tables, units)"
    )
    audit.add_argument("dataset", type=Path)
    audit.add_argument("--limit", type=int, help="list only the N least complete documents")
    audit.add_argument("--json", type=Path, help="also write the audit as JSON to this file")


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
        help="commit after at most N documents (or 10 s), one Delta commit per table (default %(default)s)",
    )
    parser.add_argument("--json", action="store_true", help="print the run summary as JSON on stdout")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `disclosure` command."""
    args = build_parser().parse_args(argv)
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
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
        render.console().print(f"[red]error[/]: {exc.message}", soft_wrap=exc.soft_wrap)
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
    from disclosure.pipeline.executors import start_pool

    # Started first: its workers import the readers while this process imports the writer's modules
    # and opens the dataset.
    pool = start_pool(args.workers, args.executor)
    try:
        from disclosure.pipeline.ingest import collect_inputs

        files, unmatched = collect_inputs(args.paths)
        for argument in unmatched:
            render.console().print(f"[yellow]warning[/]: {argument}: no such file, folder or matching PDF")
        if not files:
            render.console().print("[red]error[/]: no input files")
            return EXIT_USAGE
        summary = ingest_with_progress(files, args.out, batch_options(args), args.quiet, pool=pool)
    finally:
        if pool is not None:
            pool.close()
    render.print_summary(summary, args.json)
    return EXIT_SOME_FAILED if summary.documents["failed"] else EXIT_OK


def run_harvest(args: argparse.Namespace) -> int:
    from disclosure.pipeline.harvest import harvest_and_ingest

    options = batch_options(args)

    def print_errors(report: HarvestReport) -> None:
        render.print_fetch_errors(report.errors)

    def ingest_new(
        files: list[Path], dataset: Path, names: dict[Path, list[tuple[str, str]]]
    ) -> IngestSummary:
        summary = ingest_with_progress(files, dataset, options, args.quiet, names)
        render.print_summary(summary, args.json)
        return summary

    result = harvest_and_ingest(
        args.sources, args.out, args.dataset, options, on_fetched=print_errors, ingest_new=ingest_new
    )
    render.print_harvest_counts(result.report.counts)
    return result.exit_code


def ingest_with_progress(
    files: list[Path],
    out: Path,
    options: BatchOptions,
    quiet: bool,
    names: dict[Path, list[tuple[str, str]]] | None = None,
    pool: LocalPool | None = None,
) -> IngestSummary:
    """pipeline.ingest.ingest_batch with a progress bar (pages, pages/s, OCR pages) and failures as
    they land; on `pool` (executors.start_pool) when one was started for the run."""
    from disclosure.pipeline.ingest import ingest_batch

    options.check()  # before the progress bar shows
    with render.IngestProgress(len(files), quiet) as progress:
        return ingest_batch(
            files,
            out,
            options,
            on_document=progress.on_document,
            on_skip=progress.on_skip,
            names=names,
            pool=pool,
        )


# --- dataset commands --------------------------------------------------------------------------


def run_compact(args: argparse.Namespace) -> int:
    from disclosure.pipeline.datasets import compact_dataset

    render.print_compact(compact_dataset(args.dataset, args.retain_hours), args.retain_hours)
    return EXIT_OK


def run_query(args: argparse.Namespace) -> int:
    from disclosure.pipeline.datasets import run_query as query

    render.print_query(query(args.dataset, args.sql), args.format)
    return EXIT_OK


def run_report(args: argparse.Namespace) -> int:
    from disclosure.pipeline.reports import report_dataset

    result = report_dataset(args.dataset, args.out, args.doc)
    render.console().print(f"wrote {len(result.documents)} document reports and {result.index}")
    return EXIT_OK


def run_audit(args: argparse.Namespace) -> int:
    from disclosure.outputs.audit import format_audit
    from disclosure.pipeline.reports import audit

    result = audit(args.dataset, args.json)
    print(format_audit(result.summary, result.documents, args.limit))
    return EXIT_OK


# --- inspect, eval -----------------------------------------------------------------------------


def run_inspect(args: argparse.Namespace) -> int:
    from disclosure.pipeline.inspection import inspect_page, inspect_pages

    if args.page is None:
        render.print_overview(inspect_pages(args.file, args.engine))
    else:
        render.print_page(inspect_page(args.file, args.page, args.engine))
    return EXIT_OK


def run_eval(args: argparse.Namespace) -> int:
    from disclosure.pipeline.evaluate import evaluate

    result = evaluate(args.dataset, args.truth_dir)
    render.print_evaluation(result, args.show_missing)
    return EXIT_OK if result.complete else EXIT_SOME_FAILED


def command() -> None:
    """The `disclosure` console script: main(), then exit without a last garbage collection.

    As Python exits it collects garbage over the objects of every module imported (pandas, pyarrow,
    duckdb …): a fifth of a second or more of every command, for memory the system reclaims anyway.
    Frozen objects are left out of that collection; files and locks are closed by then.
    """
    try:
        code = main()
        sys.stdout.flush()  # a reader gone away shows here, not in Python's flush at exit
    except BrokenPipeError:
        # `disclosure query … | head`: the rest of the output has no reader. Quietly, with the exit
        # status of a process SIGPIPE ends; stdout goes to /dev/null so that the flush at exit passes.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_OUTPUT_CLOSED
    gc.freeze()
    raise SystemExit(code)


if __name__ == "__main__":
    command()
