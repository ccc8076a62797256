"""A PDF sweep on local processes and on a Dask cluster: time per PDF, and what 100,000 would cost.

    python benchmarks/dask_sweep.py [--copies N] [--rounds R] [--workers W] [--scheduler ADDRESS]

Copies the repository's PDF fixtures (tests/fixtures/pdf: reportlab and LibreOffice reports, and
the broken ones a real sweep meets) ``--copies`` times into a temporary folder, then runs
``gklint check FOLDER --format json`` as a whole process: ``--jobs 1``, ``--jobs W``, ``--executor
dask`` on a cluster of W single-threaded workers started beforehand (or the one at ``--scheduler``),
and ``--executor dask`` alone (a local cluster started by gklint itself, its start-up included).
Every run's output must be byte-identical to the ``--jobs 1`` run's. Prints min/median/max seconds,
seconds per PDF, the cluster's efficiency against ``--jobs 1`` (serial time / (time × workers)), and
the extrapolation to 100,000 PDFs: core-hours, and hours on this machine and on 100 and 1,000 cores
at the measured efficiency. It is a measurement, not a test. Needs ``pip install -e ".[dask]"``.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDFS = ROOT / "tests" / "fixtures" / "pdf"
SWEEP = 100_000


def make_corpus(folder: Path, copies: int) -> int:
    """``copies`` copies of every fixture PDF, a hundred to a subfolder as an archive keeps them."""
    sources = sorted(PDFS.glob("*.pdf"))
    for copy in range(copies):
        for index, source in enumerate(sources):
            number = copy * len(sources) + index
            target = folder / f"batch{number // 100:03d}" / f"{number:06d}-{source.name}"
            target.parent.mkdir(exist_ok=True)
            shutil.copyfile(source, target)
    return copies * len(sources)


def timed_run(folder: Path, flags: list[str]) -> tuple[float, bytes, int]:
    command = [sys.executable, "-m", "gklint", "check", str(folder), "--format", "json", "--quiet", *flags]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr.decode(errors='replace')}")
    return seconds, done.stdout, done.returncode


def measure(folder: Path, flags: list[str], rounds: int, expected: bytes | None) -> tuple[list[float], bytes]:
    times, output = [], b""
    for _ in range(rounds):
        seconds, output, _ = timed_run(folder, flags)
        if expected is not None and output != expected:
            raise SystemExit(f"gklint check {' '.join(flags)}: the output differs from --jobs 1's")
        times.append(seconds)
    return times, output


def start_cluster(workers: int) -> tuple[object, str, float]:
    from distributed import LocalCluster

    start = time.perf_counter()
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
    )
    return cluster, cluster.scheduler_address, time.perf_counter() - start


def report(name: str, times: list[float], files: int, serial: float, workers: int) -> None:
    median = statistics.median(times)
    efficiency = serial / (median * workers)
    print(
        f"{name:34} {min(times):7.2f} {median:7.2f} {max(times):7.2f} {median / files * 1000:8.1f}"
        f" {efficiency:6.0%} {median / files * SWEEP / 3600:8.1f}"
    )


def extrapolate(serial: float, files: int, efficiency: float) -> None:
    per_pdf = serial / files
    core_hours = per_pdf * SWEEP / 3600
    print(f"\n{SWEEP:,} PDFs: {per_pdf * 1000:.0f} ms of one core per PDF = {core_hours:.1f} core-hours")
    for cores in (100, 1000):
        print(f"  on {cores:>5} such cores at the measured Dask efficiency ({efficiency:.0%}): "
              f"{core_hours / cores / efficiency * 60:.0f} min")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=10, help="copies of each fixture PDF (default 10)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--scheduler", help="an existing cluster instead of a LocalCluster of --workers")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="gklint-sweep-") as tmp:
        folder = Path(tmp)
        files = make_corpus(folder, args.copies)
        timed_run(folder, ["--jobs", "1"])  # warm the page cache and the byte-compiled modules
        serial_times, expected = measure(folder, ["--jobs", "1"], args.rounds, None)
        serial = statistics.median(serial_times)
        cluster, address, started = (None, args.scheduler, 0.0) if args.scheduler else start_cluster(args.workers)
        runs = {
            "--jobs 1": serial_times,
            f"--jobs {args.workers}": measure(folder, ["--jobs", str(args.workers)], args.rounds, expected)[0],
            "--executor dask --scheduler …": measure(
                folder, ["--executor", "dask", "--scheduler", address], args.rounds, expected
            )[0],
            "--executor dask (own cluster)": measure(
                folder, ["--executor", "dask", "--jobs", str(args.workers)], args.rounds, expected
            )[0],
        }
        if cluster is not None:
            cluster.close()  # type: ignore[attr-defined]
    print(f"{files} PDFs ({args.copies} copies of {files // args.copies} fixtures), {args.workers} workers, "
          f"{args.rounds} rounds; every output byte-identical to --jobs 1's")  # fmt: skip
    print(f"load average (1 min) {load_before:.1f} before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores")
    if started:
        print(f"LocalCluster of {args.workers} workers started in {started:.1f} s (not in the times below)")
    print(f"{'run':34} {'min s':>7} {'med s':>7} {'max s':>7} {'ms/PDF':>8} {'eff.':>6} {'h/100k':>8}")
    for name, times in runs.items():
        report(name, times, files, serial, 1 if name == "--jobs 1" else args.workers)
    dask = statistics.median(runs["--executor dask --scheduler …"])
    extrapolate(serial, files, serial / (dask * args.workers))


if __name__ == "__main__":
    main()
