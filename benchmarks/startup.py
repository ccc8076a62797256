"""Whole-process cost of linting one report, against the bare cost of starting Python.

pre-commit runs gklint once per commit, so start-up (interpreter, plugin discovery, imports) is
what users feel. The cases run in turn, round after round, so that a drift of the machine's speed
falls on all of them alike; each prints min / median / max of wall and CPU time (the process and
its workers) and the ratio of its median to ``python -c pass``. Measure a normal install
(``pip install .`` into a fresh virtual environment) and pass its interpreter with ``--python``;
``--before PATH`` adds another installation's one-file check (say, of the main branch) to the rounds.
A pre-commit run lints a file just changed, so the one-file checks that count pass ``--no-cache``;
the last case shows a run whose result the content cache holds.

On a machine others are using, ``--instructions`` counts each case's instructions instead (one run
under ``valgrind --tool=callgrind``, forked workers included, each counted from its fork on): the
same on every run, whatever the load, so before and after compare exactly; the bare interpreter
costs relatively more time than instructions, so its ratio is larger than the time ratio.

Run:  python benchmarks/startup.py [REPORT] [--runs N] [--python PATH] [--before PATH] [--instructions]
It is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "seeds" / "000_f1f5940915268e7d.txt"
NO_CACHE = "/dev/null/gklint"  # a folder that cannot be made: every plugin loaded, every pattern and class compiled


LIBRARIES = "python: import the libraries a check uses"


def cases(py: str, report: str) -> dict[str, tuple[list[str], dict[str, str]]]:
    read = f"open({report!r}, 'rb').read().decode('utf-8')"
    cold = {"GKLINT_MANIFEST_DIR": NO_CACHE}
    return {
        "python -c pass": ([py, "-c", "pass"], {}),
        "python: read + decode the report": ([py, "-c", read], {}),
        LIBRARIES: ([py, "-c", libraries_import(py, report)], {}),
        "import gklint.cli": ([py, "-c", "import gklint.cli"], {}),
        "gklint --version": ([py, "-m", "gklint", "--version"], {}),
        "gklint formats": ([py, "-m", "gklint", "formats"], {}),
        "gklint check --no-cache REPORT": ([py, "-m", "gklint", "check", "--no-cache", report], {}),
        "gklint check --no-cache, no manifest": ([py, "-m", "gklint", "check", "--no-cache", report], cold),
        "gklint check REPORT (cached result)": ([py, "-m", "gklint", "check", report], {}),
    }


# Run in the measured interpreter: a one-file check, then the names of the modules it imported that
# are neither gklint's nor among BARE (the modules of a bare interpreter, listed by a process of their
# own: a probe that imported ``subprocess`` to list them would count its own imports as the check's).
_IMPORTED = """
import sys
sys.argv = ["gklint", "check", "--no-cache", REPORT]
from gklint.cli import main
try:
    main()
except SystemExit:
    pass
print(*(m for m in sys.modules if m.split(".")[0] != "gklint" and m not in BARE), file=sys.stderr)
"""


def libraries_import(py: str, report: str) -> str:
    """A program that imports what a one-file check imports besides gklint's own modules (in the
    order the check first imported them): the floor of the check's start-up that gklint does not
    choose module by module, measured with the same interpreter."""
    bare = subprocess.run(
        [py, "-c", "import sys; print(*sys.modules)"], capture_output=True, text=True, cwd=WORKDIR, check=False
    ).stdout.split()
    program = _IMPORTED.replace("REPORT", repr(report)).replace("BARE", repr(set(bare)))
    probe = subprocess.run([py, "-c", program], capture_output=True, text=True, cwd=WORKDIR, check=False)
    names = probe.stderr.split()
    # The collector paused and its objects frozen at exit, as a check does (gklint.cli): else the
    # floor would count collections the check never makes.
    pause = "import atexit, gc\ngc.disable()\natexit.register(gc.freeze)\n"
    return f"{pause}import importlib\nfor name in {names!r}:\n    importlib.import_module(name)"


# An empty working directory: `python -m` would import gklint from a checkout it is started in,
# and no configuration file may be found from it.
WORKDIR = tempfile.mkdtemp(prefix="gklint-startup-")


def one_run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, the process and everything it waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **env}, cwd=WORKDIR
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


# A forked child starts with its parent's counts so far; zeroing them where the interpreter starts
# the child's own work makes each process count only what it ran itself, so the sum is not doubled.
CHILD_STARTS = "--zero-before=PyOS_AfterFork_Child"


def instructions(command: list[str], env: dict[str, str]) -> int:
    """Instructions run by ``command`` and every process it forks, as callgrind counts them."""
    with tempfile.TemporaryDirectory(prefix="gklint-callgrind-") as folder:
        out = Path(folder) / "callgrind.%p"
        subprocess.run(
            ["valgrind", "--tool=callgrind", CHILD_STARTS, f"--callgrind-out-file={out}", *command],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **env}, cwd=WORKDIR, check=False,
        )  # fmt: skip
        return sum(_total(path) for path in Path(folder).glob("callgrind.*"))


def _total(path: Path) -> int:
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    return 0


def count_instructions(table: dict[str, tuple[list[str], dict[str, str]]]) -> None:
    for command, env in table.values():  # warm-up: byte code, the plugin manifest
        one_run(command, env)
    counts = {name: instructions(command, env) for name, (command, env) in table.items()}
    print(f"{'case':34} {'instructions':>14} {'x':>7}")
    for name, count in counts.items():
        print(f"{name:34} {count:>14,} {count / counts['python -c pass']:7.2f}")


def spread(values: list[float]) -> str:
    return "/".join(f"{v * 1000:.1f}" for v in (min(values), statistics.median(values), max(values)))


def run_rounds(
    table: dict[str, tuple[list[str], dict[str, str]]], runs: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and CPU seconds of every case, ``runs`` rounds of the cases in turn."""
    walls: dict[str, list[float]] = {name: [] for name in table}
    cpus: dict[str, list[float]] = {name: [] for name in table}
    for _ in range(runs):
        for name, (command, env) in table.items():
            wall, cpu = one_run(command, env)
            walls[name].append(wall)
            cpus[name].append(cpu)
    return walls, cpus


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "report", nargs="?", default=str(DEFAULT if DEFAULT.exists() else ROOT / "examples" / "mistakes-2023.txt")
    )
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--python", default=sys.executable, help="the interpreter of the installation to measure")
    parser.add_argument("--before", help="the interpreter of another installation to compare with")
    parser.add_argument("--instructions", action="store_true", help="count instructions (callgrind), not time")
    args = parser.parse_args()
    table = cases(args.python, args.report)
    if args.before:
        table["before: check --no-cache REPORT"] = (
            [args.before, "-m", "gklint", "check", "--no-cache", args.report],
            {},
        )
    if args.instructions:
        count_instructions(table)
        return
    for command, env in table.values():  # warm-up: the page cache, byte code, the plugin manifest
        one_run(command, env)
    walls, cpus = run_rounds(table, args.runs)
    bare_wall, bare_cpu = statistics.median(walls["python -c pass"]), statistics.median(cpus["python -c pass"])
    print(f"report: {args.report}   runs: {args.runs}   python: {args.python}   before: {args.before}")
    print(f"{'case':34} {'wall ms min/med/max':>22} {'x':>6} {'cpu ms min/med/max':>22} {'x':>6}")
    for name in table:
        wall, cpu = statistics.median(walls[name]) / bare_wall, statistics.median(cpus[name]) / bare_cpu
        print(f"{name:34} {spread(walls[name]):>22} {wall:6.2f} {spread(cpus[name]):>22} {cpu:6.2f}")


if __name__ == "__main__":
    main()
