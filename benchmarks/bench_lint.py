"""What a full lint of a text report costs, against a naive parse of its three statistics tables.

    python benchmarks/bench_lint.py [FILES...] [--rounds N]

Inputs: the seed reports' ``.txt`` (when ../shared/seeds is there), the examples, and a few reports
written by ``benchmarks/generate.py`` (Markdown, faults planted). For each file, round after round
and alternating, two things are timed in CPU time:

* ``floor``: the naive parse written below, with no gklint code: read and decode the bytes, split the
  lines, find the rows of tables 二, 三 and 四 (pipe-, tab- or space-separated cells, or a cell per
  line) and turn their numbers into a dict keyed by (table, row label, column);
* ``lint``: gklint's whole in-process lint of the same file (read, bind, every rule, the findings),
  with the plugins loaded once beforehand.

It prints min/median/max per file and the ratio lint / floor; ``ratio_rows`` gives the same ratio,
one sample per round, for the all-ratios command. The target is lint <= 3x floor.
"""

from __future__ import annotations

import argparse
import gc
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
TARGET = 3.0
GENERATED = 6  # reports written by generate.py; even and odd indices differ in year and faults
INNER = 3  # timings per file and side in one round; the round keeps the least of each
RATIO_LABEL = "text: lint / naive parse of the three tables"

# ---------------------------------------------------------------------------------------------
# The floor: a naive parse, as anyone would write it in an afternoon.

_TABLE_OF_PART = {"二": "active", "三": "applications", "四": "review_litigation"}
_PART_HEADING = re.compile(r"^[#\s]*([一二三四五六七八])、")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_SPACES = re.compile(r"\s{2,}")

Key = tuple[str, str, int]


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def split_cells(line: str) -> list[str]:
    if "|" in line or "｜" in line:
        return [cell.strip() for cell in line.replace("｜", "|").strip().strip("|").split("|")]
    if "\t" in line:
        return [cell.strip() for cell in line.split("\t")]
    return [cell.strip() for cell in _SPACES.split(line.strip())]


def add_row(table: str, cells: list[str], numbers: dict[Key, float]) -> None:
    label = "/".join(cell for cell in cells if cell and not _NUMBER.match(cell))
    values = [cell for cell in cells if _NUMBER.match(cell)]
    for column, value in enumerate(values):
        numbers[(table, label, column)] = float(value)


def naive_tables(path: Path) -> dict[Key, float]:
    """The numbers of tables 二, 三 and 四 by (table, row label, column)."""
    numbers: dict[Key, float] = {}
    table: str | None = None
    pending: list[str] = []  # a row written one cell per line (``\\tcell``), up to a blank line
    for line in decode(path.read_bytes()).splitlines():
        heading = _PART_HEADING.match(line)
        if heading and "\t" not in line and "|" not in line:
            if table and pending:
                add_row(table, pending, numbers)
            table, pending = _TABLE_OF_PART.get(heading.group(1)), []
        elif table is None:
            continue
        elif line.startswith("\t") and line.count("\t") == 1:
            pending.append(line.strip())
        else:
            if pending:
                add_row(table, pending, numbers)
                pending = []
            if line.strip():
                add_row(table, split_cells(line), numbers)
    if table and pending:
        add_row(table, pending, numbers)
    return numbers


# ---------------------------------------------------------------------------------------------
# gklint's side and the inputs.


def make_linter() -> Callable[[Path], int]:
    """A full in-process lint of one file (plugins loaded now, once); it returns the finding count."""
    from gklint.config import Layer, Resolver
    from gklint.manager import load_plugins
    from gklint.runner import Linter

    plugins = load_plugins()
    rulesets = {name: path for name, (path, _) in plugins.rulesets.items()}
    linter = Linter(plugins, Resolver(rulesets, Layer("bench")))
    return lambda path: len(linter.lint_file(path).findings)


def generated_reports(folder: Path, count: int = GENERATED) -> list[Path]:
    """``count`` reports as ``benchmarks/generate.py`` writes them, in ``folder``."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import generate

    rng, base = random.Random(1), generate.base_text()
    paths = []
    for index in range(count):
        path = folder / f"report-{index:06d}.md"
        path.write_text(generate.report(base, index, rng), encoding="utf-8")
        paths.append(path)
    return paths


def default_files(folder: Path) -> list[Path]:
    seeds = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    return seeds + sorted((ROOT / "examples").glob("*-2023.*")) + generated_reports(folder)


def cpu_cost(action: Callable[[Path], object], path: Path) -> float:
    started = time.process_time()
    action(path)
    return time.process_time() - started


def rounds_of(files: list[Path], rounds: int) -> Iterator[list[tuple[float, float]]]:
    """Per round, (floor, lint) seconds per file: each the least of INNER timings, taken A B A B.

    Both sides run with the cyclic garbage collector paused, as ``gklint check`` runs its files
    (``gklint.scheduling.collector_paused``); it collects between rounds."""
    lint = make_linter()
    for path in files:  # warm-up: imports, first-use caches
        lint(path), naive_tables(path)
    for _ in range(rounds):
        gc.collect()
        gc.disable()
        try:
            yield [_costs(path, lint) for path in files]
        finally:
            gc.enable()


def _costs(path: Path, lint: Callable[[Path], int]) -> tuple[float, float]:
    floors, lints = [], []
    for _ in range(INNER):
        floors.append(cpu_cost(naive_tables, path))
        lints.append(cpu_cost(lint, path))
    return min(floors), min(lints)


def round_ratio(costs: list[tuple[float, float]]) -> float:
    """One round's ratio: the median over files of lint / floor."""
    return statistics.median(lint / max(floor, 1e-9) for floor, lint in costs)


def ratio_rows(rounds: int) -> list[tuple[str, list[float]]]:
    """One row: lint / naive parse of the three tables for text reports, one sample per round."""
    with tempfile.TemporaryDirectory() as folder:
        samples = [round_ratio(costs) for costs in rounds_of(default_files(Path(folder)), rounds)]
    return [(RATIO_LABEL, samples)]


def spread(values: list[float], scale: float = 1.0) -> str:
    return f"{min(values) * scale:7.3f} {statistics.median(values) * scale:7.3f} {max(values) * scale:7.3f}"


def report(files: list[Path], rounds: int) -> None:
    every = list(rounds_of(files, rounds))
    print(f"{'file':28} {'floor ms min/med/max':>23} {'lint ms min/med/max':>23} {'ratio min/med/max':>23} keys")
    for index, path in enumerate(files):
        floors = [costs[index][0] for costs in every]
        lints = [costs[index][1] for costs in every]
        ratios = [lint / max(floor, 1e-9) for floor, lint in zip(floors, lints, strict=True)]
        keys = len(naive_tables(path))
        print(f"{path.name[:28]:28} {spread(floors, 1000)} {spread(lints, 1000)} {spread(ratios)} {keys:4}")
    samples = [round_ratio(costs) for costs in every]
    print(f"\n{RATIO_LABEL} (median over files, per round; target <= {TARGET:g}x)")
    print(f"min/median/max over {rounds} rounds: {spread(samples)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report(args.files or default_files(Path(folder)), args.rounds)


if __name__ == "__main__":
    main()
