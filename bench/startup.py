"""`make bench` (start-up): wall time of short `disclosure` commands, each a fresh process.

Runs `disclosure --help` and three `disclosure query OUT ...` (OUT: the bundled fixture ingested
once into a scratch folder): "select 1", an analyst's join of two tables (the views of the tables a
statement names are made) and "show tables" (every table's view is made). Each runs ROUNDS times,
the commands interleaved so that a change in the machine's load hits every command alike; the best
and the median wall time of each are reported, with the load average. A bare `python -c pass` is
measured the same way: the floor no command can go below; and importing what `query` cannot do
without (duckdb, deltalake: the views read the committed Parquet files with DuckDB), its own floor;
and, for comparison, what it imported while the views read deltalake's Arrow datasets
(pyarrow.dataset, which imports pandas).
Results go to bench/results/startup.json (or --json FILE).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
RESULTS = PROJECT / "bench" / "results"
FIXTURES = PROJECT / "fixtures" / "documents"
ROUNDS = 7
JOIN_QUERY = (
    "SELECT d.agency, sum(l.amount) AS total FROM line_items l JOIN documents d USING (doc_id) "
    "WHERE l.measure = 'total' GROUP BY ALL"
)


def disclosure() -> list[str]:
    """The installed command next to this interpreter (the venv's), else the module."""
    script = Path(sys.executable).parent / "disclosure"
    return [str(script)] if script.exists() else [sys.executable, "-m", "disclosure.pipeline.cli"]


def wall_time(command: list[str]) -> float:
    """Seconds from start to exit of one run of `command` (output discarded; it must succeed)."""
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def measure(commands: dict[str, list[str]], rounds: int) -> dict[str, dict[str, float]]:
    """Best and median wall time per command, the commands interleaved round by round."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            times[name].append(wall_time(command))
    return {
        name: {"best_s": round(min(values), 3), "median_s": round(statistics.median(values), 3)}
        for name, values in times.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--json", type=Path, default=RESULTS / "startup.json")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "out"
        subprocess.run(
            [*disclosure(), "ingest", str(FIXTURES), "--out", str(out), "--workers", "0", "--quiet"],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "disclosure --help": [*disclosure(), "--help"],
            "disclosure query OUT 'select 1'": [*disclosure(), "query", str(out), "select 1"],
            # an analyst's query: the views of the two tables it names are made
            "disclosure query OUT (a join)": [*disclosure(), "query", str(out), JOIN_QUERY],
            # a listing: every table's view is made
            "disclosure query OUT 'show tables'": [*disclosure(), "query", str(out), "show tables"],
            "import duckdb, deltalake": [sys.executable, "-c", "import duckdb, deltalake"],
            "import duckdb, deltalake, pyarrow.dataset": [
                sys.executable,
                "-c",
                "import duckdb, deltalake, pyarrow.dataset",
            ],
        }
        load_before = os.getloadavg()[0]
        results = measure(commands, args.rounds)
        load_after = os.getloadavg()[0]

    report = {
        "rounds": args.rounds,
        "load_average_1min": [round(load_before, 2), round(load_after, 2)],
        "cpu_count": os.cpu_count(),
        "commands": results,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    for name, result in results.items():
        print(f"{name:<42} best {result['best_s']:.3f} s  median {result['median_s']:.3f} s")
    print(f"load average (1 min) before / after: {load_before:.2f} / {load_after:.2f}; written: {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
