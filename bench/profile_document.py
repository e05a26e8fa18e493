"""Where the pipeline's time goes on one document: cProfile of process_bytes, in one process.

    python bench/profile_document.py FILE.pdf [--top N]

The document is processed once unprofiled (imports, caches), then once under cProfile. Writes
bench/results/profile_<file stem>.txt: the profiled seconds, the pages, and the top N functions by
cumulative time with their share of the whole (a nested function's time is also in its callers').
cProfile slows per-call Python work more than C calls, so the shares are what to compare, not the
seconds.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

from disclosure.pipeline.process import process_bytes  # noqa: E402

RESULTS = PROJECT / "bench" / "results"
TOP = 40


def profile_document(path: Path) -> tuple[pstats.Stats, float, int]:
    """Stats of one profiled run over the document, its wall seconds and its pages."""
    data = path.read_bytes()
    process_bytes(path, data)  # warm-up: the profiled run measures the work, not first imports
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    result = process_bytes(path, data)
    profiler.disable()
    seconds = time.perf_counter() - started
    return pstats.Stats(profiler), seconds, result.document.pages or 0


def top_functions(stats: pstats.Stats, total: float, top: int) -> list[str]:
    """`top` lines: cumulative seconds, share of `total`, calls, function (file:line)."""
    rows = sorted(stats.stats.items(), key=lambda item: -item[1][3])  # type: ignore[attr-defined]
    lines = []
    for (filename, line, function), (_, calls, _, cumulative, _) in rows[:top]:
        where = f"{Path(filename).parent.name}/{Path(filename).name}:{line}" if line else filename
        lines.append(
            f"{cumulative:8.2f} s {100 * cumulative / total:5.1f} % {calls:>9} calls  {function}  {where}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--top", type=int, default=TOP)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    stats, seconds, pages = profile_document(args.file)
    text = io.StringIO()
    text.write(f"cProfile of process_bytes({args.file.name}): {pages} pages, {seconds:.1f} s profiled\n")
    text.write(f"load average (1, 5, 15 min) at the end: {os.getloadavg()}\n\n")
    text.write("\n".join(top_functions(stats, seconds, args.top)) + "\n")
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"profile_{args.file.stem}.txt"
    target.write_text(text.getvalue(), encoding="utf-8")
    print(text.getvalue())
    print(f"written: {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
