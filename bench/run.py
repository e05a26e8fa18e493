"""`make bench`: pipeline speed against pdfplumber and camelot on the same pages, in one process.

Measures, on the corpus text documents (final/ and budget/ of DISCLOSURE_CORPUS):
  (a) the full pipeline: extract + normalise + write the dataset, in this process, one core;
  (b) pdfplumber `page.extract_tables()` on every page (the baseline);
  (e) PDFium plain-text reading (pypdfium2 `get_text_range`) of every page: the ceiling, since
      every reader must at least read the text;
  (c) camelot lattice on a sample of the pages where tables were found;
  (d) batch ingest with 1 and 2 worker processes, and a no-op re-run of the same batch;
  (f) whole processes, start-up included: the `disclosure ingest --workers 1` command over the same
      files into a fresh folder, against bench/pdfplumber_tables.py (pdfplumber extract_tables on
      every page, as (b)) run as a subprocess; PROCESS_ROUNDS rounds, the median reported;
(a), (b) and (e) run IN_PROCESS_ROUNDS rounds, the round with the median (a)/(b) ratio reported.
Before (a) and (b), both engines run once, untimed for the ratio, over the smallest document
(warm_up), so that a fresh process's one-off costs fall on neither; (f) measures cold processes.
It prints pages/s for each, the ratios (a)/(b), (a)/(e) and (f), peak RSS, the load average, and
recall on the truth files, so a speed-up that costs accuracy shows at once. (a), (b) and (e) run
back to back in this process, as do the two commands of (f), so their ratios hold under a changing
load better than the absolute rates. Results go to bench/results/ as JSON and a PNG chart.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

import pypdfium2 as pdfium
from pdfplumber_tables import extract_all

PROJECT = Path(__file__).resolve().parent.parent

from disclosure.outputs.dataset import connect  # noqa: E402
from disclosure.pipeline.evaluate_scoring import ItemKey, score_document  # noqa: E402
from disclosure.pipeline.evaluate_truth import read_truth, truth_files  # noqa: E402
from disclosure.pipeline.ingest import ingest  # noqa: E402

RESULTS = PROJECT / "bench" / "results"
PDFPLUMBER_SCRIPT = PROJECT / "bench" / "pdfplumber_tables.py"
CAMELOT_SAMPLE_PAGES = 24
# (f) runs this many times, each pair of processes back to back: the machine's speed moves by
# tens of percent between runs, so the round with the median ratio is reported, and every round.
PROCESS_ROUNDS = 3
# (a), (b) and (e) likewise: this many rounds of the three back to back, the round with the median
# (a)/(b) ratio reported, and every round.
IN_PROCESS_ROUNDS = 3


@dataclass
class Measurement:
    """One engine's run over the same pages."""

    name: str
    pages: int
    seconds: float

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def corpus_documents(corpus: Path) -> list[Path]:
    return sorted((corpus / "final").glob("*.pdf")) + sorted((corpus / "budget").glob("*.pdf"))


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_pipeline(files: list[Path], out: Path) -> tuple[Measurement, dict[str, list], dict[str, list[int]]]:
    """(a): ingest every document in this process; read back line items (recall) and table pages."""
    started = time.perf_counter()
    summary = ingest(files, out, workers=0, force=True)
    measurement = Measurement("pipeline (pdfium)", summary.pages, time.perf_counter() - started)
    con = connect(out)
    items: dict[str, list] = {}
    for doc_id, *key in con.execute(
        "SELECT doc_id, table_kind, side, code, item_name, measure, amount FROM line_items"
    ).fetchall():
        items.setdefault(doc_id, []).append(ItemKey(*key))
    table_pages: dict[str, list[int]] = {}
    for source, pages in con.execute(
        "SELECT d.source, list_sort(list_distinct(flatten(list(t.pages)))) "
        "FROM tables t JOIN documents d USING (doc_id) GROUP BY d.source"
    ).fetchall():
        table_pages[source] = list(pages)
    return measurement, items, table_pages


@dataclass
class InProcessRound:
    """One round of (a), (b) and (e), back to back in this process."""

    pipeline: Measurement
    pdfplumber: Measurement
    pdfium_text: Measurement

    @property
    def ratio(self) -> float:
        return self.pipeline.pages_per_second / self.pdfplumber.pages_per_second

    def report(self) -> dict[str, float]:
        return {
            "pipeline_seconds": round(self.pipeline.seconds, 2),
            "pdfplumber_seconds": round(self.pdfplumber.seconds, 2),
            "pdfium_text_seconds": round(self.pdfium_text.seconds, 2),
            "ratio": round(self.ratio, 2),
        }


def run_in_process_rounds(
    files: list[Path], scratch: Path, rounds: int = IN_PROCESS_ROUNDS
) -> tuple[InProcessRound, list[InProcessRound], dict[str, list], dict[str, list[int]]]:
    """(a), (b) and (e) `rounds` times, each pipeline run into a fresh folder: the round whose
    (a)/(b) ratio is the median, every round, and the first round's line items and table pages
    (the same in every round: the output does not depend on the run)."""
    results = []
    items: dict[str, list] = {}
    table_pages: dict[str, list[int]] = {}
    for number in range(rounds):
        pipeline, round_items, round_pages = run_pipeline(files, scratch / f"inline-{number + 1}")
        if number == 0:
            items, table_pages = round_items, round_pages
        results.append(InProcessRound(pipeline, run_pdfplumber(files), run_pdfium_text(files)))
    median = sorted(results, key=lambda result: result.ratio)[rounds // 2]
    return median, results, items, table_pages


def run_workers(files: list[Path], scratch: Path) -> dict[str, float]:
    """(d): batch ingest with 1 and 2 worker processes, then a no-op re-run (everything skipped)."""
    results: dict[str, float] = {}
    for workers in (1, 2):
        out = scratch / f"workers-{workers}"
        summary = ingest(files, out, workers=workers, force=True)
        results[f"pages_per_second_{workers}_workers"] = round(summary.pages_per_second, 2)
    started = time.perf_counter()
    rerun = ingest(files, scratch / "workers-2", workers=2)
    results["noop_rerun_seconds"] = round(time.perf_counter() - started, 2)
    results["noop_rerun_skipped"] = rerun.skipped
    return results


def warm_up(files: list[Path], scratch: Path) -> dict[str, float]:
    """Both in-process engines once over the smallest document before either is timed, so that the
    one-off costs of a fresh process fall on neither measured run: modules imported on first use
    (pyarrow imports pandas at its first array, about 0.25 s), the dataset's first tables, the
    caches both readers share (pdfminer's CMaps). (f) and (g) measure cold processes. Returns the
    seconds each engine took (reported in bench.json)."""
    smallest = [min(files, key=lambda path: path.stat().st_size)]
    started = time.perf_counter()
    ingest(smallest, scratch, workers=0, force=True)
    pipeline_seconds = time.perf_counter() - started
    started = time.perf_counter()
    extract_all(smallest)
    return {
        "document": smallest[0].name,
        "pipeline_seconds": round(pipeline_seconds, 3),
        "pdfplumber_seconds": round(time.perf_counter() - started, 3),
    }


def run_pdfplumber(files: list[Path]) -> Measurement:
    """(b): pdfplumber's own table extraction on every page."""
    started = time.perf_counter()
    pages = extract_all(files)
    return Measurement("pdfplumber extract_tables", pages, time.perf_counter() - started)


def run_pdfium_text(files: list[Path]) -> Measurement:
    """(e): PDFium reads each page's text and nothing else: no reader can be faster than this."""
    pages = 0
    started = time.perf_counter()
    for path in files:
        pdf = pdfium.PdfDocument(path.read_bytes())
        try:
            for index in range(len(pdf)):
                page = pdf[index]
                text_page = page.get_textpage()
                text_page.get_text_range()
                text_page.close()
                page.close()
                pages += 1
        finally:
            pdf.close()
    return Measurement("pdfium plain text (ceiling)", pages, time.perf_counter() - started)


def disclosure_command() -> list[str]:
    """The installed `disclosure` command next to this interpreter (the venv's), else the module."""
    script = Path(sys.executable).parent / "disclosure"
    return [str(script)] if script.exists() else [sys.executable, "-m", "disclosure.pipeline.cli"]


def timed_process(command: list[str]) -> tuple[float, str]:
    """Wall time of a whole process, start-up included, and its stdout (it must succeed)."""
    started = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=PROJECT)
    return time.perf_counter() - started, done.stdout


def run_processes(files: list[Path], pages: int, scratch: Path) -> tuple[Measurement, Measurement]:
    """(f): `disclosure ingest --workers 1` and the pdfplumber script, each a fresh process, back to back."""
    paths = [str(path) for path in files]
    ingest_seconds, _ = timed_process(
        [
            *disclosure_command(),
            "ingest",
            *paths,
            "--out",
            str(scratch / "command"),
            "--workers",
            "1",
            "--quiet",
        ]
    )
    plumber_seconds, printed = timed_process([sys.executable, str(PDFPLUMBER_SCRIPT), *paths])
    plumber_pages = int(printed.split()[-1])
    return (
        Measurement("disclosure ingest --workers 1 (process)", pages, ingest_seconds),
        Measurement("pdfplumber extract_tables (process)", plumber_pages, plumber_seconds),
    )


def run_process_rounds(
    files: list[Path], pages: int, scratch: Path, rounds: int = PROCESS_ROUNDS
) -> tuple[Measurement, Measurement, list[dict[str, float]]]:
    """(f) `rounds` times, each ingest into a fresh folder: the measurements of the round whose
    ratio is the median, and every round's seconds and ratio."""
    results = []
    for number in range(rounds):
        folder = scratch / f"round-{number + 1}"
        folder.mkdir(parents=True)
        results.append(run_processes(files, pages, folder))
    report = [
        {
            "ingest_seconds": round(command.seconds, 2),
            "pdfplumber_seconds": round(baseline.seconds, 2),
            "ratio": round(baseline.seconds / command.seconds, 2),
        }
        for command, baseline in results
    ]
    command, baseline = sorted(results, key=lambda pair: pair[1].seconds / pair[0].seconds)[rounds // 2]
    return command, baseline, report


def run_camelot(table_pages: dict[str, list[int]], limit: int) -> Measurement:
    """(c): camelot lattice on the first `limit` table pages (it is slow: a sample suffices)."""
    import camelot

    sample = [(path, page) for path, numbers in table_pages.items() for page in numbers][:limit]
    started = time.perf_counter()
    for path, page in sample:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            camelot.read_pdf(path, pages=str(page), flavor="lattice")
    return Measurement("camelot lattice", len(sample), time.perf_counter() - started)


def recall(truth_dir: Path, items: dict[str, list]) -> dict[str, object]:
    """Recall on every truth file whose document was in the run."""
    found = total = 0
    per_file = {}
    for path in truth_files(truth_dir):
        truth = read_truth(path)
        if not truth or truth[0].doc_sha256 not in items:
            continue
        score = score_document(truth, items[truth[0].doc_sha256])
        found += score.found
        total += score.total
        per_file[path.name] = f"{score.found}/{score.total}"
    return {"found": found, "total": total, "recall": found / total if total else None, "files": per_file}


def write_chart(measurements: list[Measurement], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 3))
    names = [m.name for m in measurements]
    values = [m.pages_per_second for m in measurements]
    ax.barh(names, values, color=["#2a9d8f", "#e9c46a", "#264653", "#e76f51"][: len(values)])
    for y, value in enumerate(values):
        ax.text(value, y, f" {value:.1f}", va="center")
    ax.set_xlabel("pages per second (one core, same process, same pages)")
    ax.invert_yaxis()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(os.environ.get("DISCLOSURE_CORPUS", PROJECT.parent / "shared" / "corpus")),
    )
    parser.add_argument("--camelot-pages", type=int, default=CAMELOT_SAMPLE_PAGES)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    files = corpus_documents(args.corpus)
    if not files:
        print(f"bench: no corpus documents under {args.corpus} (set DISCLOSURE_CORPUS)", file=sys.stderr)
        return 2
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as scratch:
        warmed = warm_up(files, Path(scratch) / "warm-up")
        # (a), (b), (e) back to back: their ratios are the measurement, the rates depend on the load.
        median, in_process, items, table_pages = run_in_process_rounds(files, Path(scratch))
        pipeline, baseline, ceiling = median.pipeline, median.pdfplumber, median.pdfium_text
        command, command_baseline, rounds = run_process_rounds(files, pipeline.pages, Path(scratch))
        batch = run_workers(files, Path(scratch))
    camelot = run_camelot(table_pages, args.camelot_pages)
    load_after = os.getloadavg()
    measurements = [pipeline, baseline, ceiling, camelot]
    processes = [command, command_baseline]
    scores = recall(args.corpus.parent / "spec" / "truth", items)
    ratio = pipeline.pages_per_second / baseline.pages_per_second
    share_of_ceiling = pipeline.pages_per_second / ceiling.pages_per_second
    process_ratio = command_baseline.seconds / command.seconds

    report = {
        "documents": len(files),
        "measurements": [
            asdict(m) | {"pages_per_second": round(m.pages_per_second, 2)} for m in measurements + processes
        ],
        "ratio_pipeline_to_pdfplumber": round(ratio, 2),
        "ratio_pipeline_to_pdfium_text": round(share_of_ceiling, 3),
        "ratio_ingest_command_to_pdfplumber_process": round(process_ratio, 2),
        "in_process_rounds": [result.report() for result in in_process],
        "process_rounds": rounds,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "peak_rss_mib": round(peak_rss_mib(), 1),
        "warm_up": warmed,
        "batch": batch,
        "recall": scores,
        "python": sys.version.split()[0],
        "cpu_count": os.cpu_count(),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    write_chart(measurements, args.out / "bench.png")

    for m in measurements + processes:
        print(f"{m.name:<40} {m.pages:>5} pages {m.seconds:>8.1f} s {m.pages_per_second:>8.1f} pages/s")
    print(
        f"warm-up on {warmed['document']} (untimed for the ratios): pipeline {warmed['pipeline_seconds']} s,"
        f" pdfplumber {warmed['pdfplumber_seconds']} s"
    )
    in_process_ratios = ", ".join(f"{result.ratio:.2f}x" for result in in_process)
    print(
        f"pipeline / pdfplumber extract_tables: {ratio:.2f}x"
        f" (the median of {len(in_process)} rounds: {in_process_ratios})"
    )
    print(f"pipeline / pdfium plain text: {share_of_ceiling:.3f} (the ceiling's share reached)")
    ratios = ", ".join(f"{r['ratio']:.2f}x" for r in rounds)
    print(
        f"whole process, disclosure ingest --workers 1 / pdfplumber script: {process_ratio:.2f}x"
        f" (the median of {len(rounds)} rounds: {ratios})"
    )
    print(f"load average (1, 5, 15 min) before {load_before}, after {load_after}")
    print(
        f"batch ingest: {batch['pages_per_second_1_workers']} pages/s with 1 worker, "
        f"{batch['pages_per_second_2_workers']} with 2; no-op re-run {batch['noop_rerun_seconds']} s "
        f"({batch['noop_rerun_skipped']} documents skipped)"
    )
    print(f"peak RSS (this process): {report['peak_rss_mib']} MiB")
    print(f"truth recall: {scores['found']}/{scores['total']}")
    print(f"written: {args.out / 'bench.json'}, {args.out / 'bench.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
