"""Whole-command ratios for sweeps, measured side by side in one run, as min / median / max.

    python benchmarks/sweep.py [--count 1000] [--big 0] [--rounds 3] [--work DIR] [--formats md,html,docx,pdf]

Writes a synthetic corpus (``generate.py``) and times whole ``gklint check`` processes in turn,
A B A B …, so a drift of the machine's speed hits both sides of each ratio alike:

* warm cache / cold cache, and whether the two outputs are byte-identical;
* ``--jobs 1`` / ``--jobs 2`` and ``--jobs 1`` / the default (automatic), no cache, for a corpus
  of each of ``--formats`` (``--count`` reports each);
* one-file start-up / ``python -c pass``;
* with ``--big N``: peak memory for N reports / for ``--count`` reports.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).parent
GKLINT = [sys.executable, "-m", "gklint", "check"]


def measure(command: Sequence[str], cwd: Path) -> tuple[float, int, bytes]:
    """Wall seconds, peak resident KiB of the process, and its standard output."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    output = process.stdout.read() if process.stdout else b""
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0
    return time.perf_counter() - start, usage.ru_maxrss, output


def spread(values: Sequence[float]) -> str:
    return f"{min(values):8.2f} {statistics.median(values):8.2f} {max(values):8.2f}"


def paired(name: str, rounds: int, a: Callable[[], float], b: Callable[[], float]) -> None:
    ratios = []
    for _ in range(rounds):
        first, second = a(), b()
        ratios.append(first / second if second else float("inf"))
    print(f"{name:44s} {spread(ratios)}")


def generate(folder: Path, count: int, formats: str = "md") -> Path:
    command = [sys.executable, str(HERE / "generate.py"), str(folder), "--count", str(count), "--formats", formats]
    subprocess.run(command, check=True)
    return folder


def jobs_ratios(corpus: Path, fmt: str, work: Path, rounds: int) -> None:
    def run(*flags: str) -> Callable[[], float]:
        return lambda: measure([*GKLINT, "--no-cache", *flags, str(corpus)], work)[0]

    paired(f"{fmt}: --jobs 1 / --jobs 2", rounds, run("--jobs", "1"), run("--jobs", "2"))
    paired(f"{fmt}: --jobs 1 / automatic", rounds, run("--jobs", "1"), run())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--big", type=int, default=0, help="also compare peak memory with this many reports")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--formats", default="md", help="corpora for the --jobs ratios: md, html, docx, pdf")
    parser.add_argument("--work", type=Path, help="folder for the corpus and the cache (default: a temporary one)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="gklint-bench-"))
    corpus = generate(work / f"corpus-{args.count}", args.count)
    cache = work / "cache"
    print(f"{'ratio':44s} {'min':>8s} {'median':>8s} {'max':>8s}")

    def cold() -> float:
        subprocess.run([*GKLINT[:-1], "clean", "--cache-dir", str(cache)], check=False, capture_output=True)
        return measure([*GKLINT, "--cache-dir", str(cache), str(corpus)], work)[0]

    def warm() -> float:
        return measure([*GKLINT, "--cache-dir", str(cache), str(corpus)], work)[0]

    paired("cold cache / warm cache", args.rounds, cold, warm)
    same = (
        measure([*GKLINT, "--no-cache", str(corpus)], work)[2]
        == measure([*GKLINT, "--cache-dir", str(cache), str(corpus)], work)[2]
    )
    print(f"{'warm output byte-identical to uncached':44s} {same}")
    for fmt in args.formats.split(","):
        folder = corpus if fmt == "md" else generate(work / f"corpus-{fmt}-{args.count}", args.count, fmt)
        jobs_ratios(folder, fmt, work, args.rounds)
    one = next(corpus.rglob("*.md"))
    bare = lambda: measure([sys.executable, "-c", "pass"], work)[0]  # noqa: E731
    start = lambda: measure([*GKLINT, "--no-cache", str(one)], work)[0]  # noqa: E731
    paired("one-file check / python -c pass", args.rounds * 3, start, bare)
    if args.big:
        big = generate(work / f"corpus-{args.big}", args.big)
        peak = {c: measure([*GKLINT, "--no-cache", str(c)], work)[1] for c in (corpus, big)}
        print(f"{f'peak memory {args.big} / {args.count} reports':44s} {peak[big] / peak[corpus]:8.2f}")


if __name__ == "__main__":
    main()
