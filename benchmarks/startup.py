"""Whole-process cost of linting one report, against the bare cost of starting Python and reading it.

pre-commit runs gklint once per commit, so start-up (interpreter, plugin discovery, imports) is
what users feel. Run:  python benchmarks/startup.py [REPORT] [--runs N]
Prints medians and ratios; it is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "seeds" / "000_f1f5940915268e7d.txt"


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "report", nargs="?", default=str(DEFAULT if DEFAULT.exists() else ROOT / "examples" / "clean-2023.md")
    )
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    py = sys.executable
    read = f"open({args.report!r}, 'rb').read().decode('utf-8')"
    cases = {
        "python -c pass": [py, "-c", "pass"],
        "python: read + decode the report": [py, "-c", read],
        "import gklint.cli": [py, "-c", "import gklint.cli"],
        "gklint --version": [py, "-m", "gklint", "--version"],
        "gklint rules": [py, "-m", "gklint", "rules"],
        "gklint check REPORT": [py, "-m", "gklint", "check", args.report],
    }
    results = {name: median_seconds(command, args.runs) for name, command in cases.items()}
    bare = results["python: read + decode the report"]
    print(f"report: {args.report}   runs: {args.runs}   (median wall time of a whole process)")
    print(f"{'case':36} {'ms':>8} {'x bare read':>12}")
    for name, seconds in results.items():
        print(f"{name:36} {seconds * 1000:8.1f} {seconds / bare:12.2f}")
    check = results["gklint check REPORT"]
    print(f"\ngklint's own share of a one-file run: {(check - bare) * 1000:.1f} ms above reading the file")


if __name__ == "__main__":
    main()
