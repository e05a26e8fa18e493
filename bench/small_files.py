"""`make bench` (small files): a freshly ingested 1,000-document dataset answers queries without a manual compact.

Processes one one-page document of the corpus once, then commits 1,000 copies of its rows under
distinct doc_ids through the dataset writer, as an ingest of 1,000 one-page documents would, once
with one commit per document (the worst case: a slow trickle of documents) and once with the
default batches. Prints, for each, the write time, the live files per table, the time to open the
dataset and answer `select count(*) from documents` (and a line_items aggregate), then the same after
`disclosure compact`. Results go to bench/results/small_files.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

from deltalake import DeltaTable  # noqa: E402
from disclosure.normalizers.records import DocumentResult  # noqa: E402
from disclosure.outputs.dataset import connect  # noqa: E402
from disclosure.outputs.delta import BATCH_DOCUMENTS, DatasetWriter  # noqa: E402
from disclosure.outputs.parquet import stored_tables  # noqa: E402
from disclosure.pipeline.process import process_file  # noqa: E402

RESULTS = PROJECT / "bench" / "results"
ONE_PAGE = "final/f17e3c9deb66.pdf"  # a one-page 绩效自评表: documents, scorecards, cells, facts rows


def copy_of(result: DocumentResult, number: int) -> DocumentResult:
    """The document's rows under another doc_id, as if another file held them."""
    doc_id = hashlib.sha256(f"copy {number}".encode()).hexdigest()
    parts = {}
    for f in dataclasses.fields(result):
        value = getattr(result, f.name)
        if isinstance(value, list):
            value = [dataclasses.replace(r, doc_id=doc_id) if hasattr(r, "doc_id") else r for r in value]
        parts[f.name] = value
    parts["document"] = dataclasses.replace(result.document, doc_id=doc_id, file_name=f"copy{number}.pdf")
    return DocumentResult(**parts)


def timed_queries(out: Path) -> dict[str, float]:
    started = time.perf_counter()
    con = connect(out)
    opened = time.perf_counter()
    count = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    counted = time.perf_counter()
    con.execute("SELECT doc_kind, count(*), sum(n_indicators) FROM scorecards GROUP BY ALL").fetchall()
    done = time.perf_counter()
    return {
        "documents": count,
        "connect_seconds": round(opened - started, 3),
        "count_documents_seconds": round(counted - opened, 3),
        "connect_and_count_seconds": round(counted - started, 3),
        "scorecards_aggregate_seconds": round(done - counted, 3),
    }


def live_files(out: Path) -> dict[str, int]:
    return {name: len(DeltaTable(out / name).file_uris()) for name in stored_tables()}


def run(result: DocumentResult, out: Path, documents: int, batch: int) -> dict[str, object]:
    started = time.perf_counter()
    with DatasetWriter(out, batch_documents=batch) as writer:
        for number in range(documents):
            copy = copy_of(result, number)
            writer.write(copy, [(f"copies/copy{number}.pdf", f"copy{number}.pdf")])
            if writer.due() or batch == 1:
                writer.commit()
    written = time.perf_counter() - started
    fresh = {"write_seconds": round(written, 2), "live_files": live_files(out), **timed_queries(out)}
    started = time.perf_counter()
    with DatasetWriter(out) as writer:
        writer.compact(retain_hours=0)
    compacted = {"compact_seconds": round(time.perf_counter() - started, 2), **timed_queries(out)}
    return {"commit_every": batch, "fresh": fresh, "after_compact": compacted}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=Path(os.environ.get("DISCLOSURE_CORPUS", PROJECT.parent / "shared" / "corpus")),
    )
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    source = args.corpus / ONE_PAGE
    if not source.is_file():
        print(f"bench: {source} not found (set DISCLOSURE_CORPUS)", file=sys.stderr)
        return 2
    result = process_file(source)
    report = {"documents": args.documents, "load_before": os.getloadavg(), "runs": []}
    with tempfile.TemporaryDirectory() as scratch:
        for batch in (1, BATCH_DOCUMENTS):
            outcome = run(result, Path(scratch) / f"commit-{batch}", args.documents, batch)
            report["runs"].append(outcome)  # type: ignore[union-attr]
            print(json.dumps(outcome))
    report["load_after"] = os.getloadavg()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "small_files.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
