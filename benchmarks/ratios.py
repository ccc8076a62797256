"""Every ratio of a national sweep, side by side in one run: min / median / max against its target.

    python benchmarks/ratios.py [--quick] [--rounds N] [--work DIR] [--only a,b] [--python PY]

Each ratio divides gklint's cost by the bare cost of the same work (or one way of running gklint
by another), the two measured in turn, A B A B …, so that a drift of a shared machine's speed hits
both sides alike; one sample per round. The measures (names for ``--only``):

* ``cache``: a cold run over a corpus of Markdown reports / a warm re-run (wall and CPU time), and
  whether both print the same bytes as a run without the cache;
* ``jobs``: ``--jobs 1`` / ``--jobs 2`` and ``--jobs 1`` / the automatic default, wall time, for a
  corpus of each format (text: Markdown and plain-text layouts; HTML; DOCX; PDF);
* ``memory``: peak memory for ten times the reports / for the reports;
* ``startup``: a one-file check / ``python -c pass`` (the target is for a normal, non-editable
  install: pass its interpreter with ``--python``, which runs every other measure's gklint too);
* ``tiny``: a whole check of a folder of tiny notes that are not reports / a bare walk and read of
  the same files in its own process;
* ``lint``, ``html_docx``, ``pdf``, ``pdf_engines``: the rows of ``ratio_rows(rounds)`` of
  ``bench_lint.py`` (text: lint / a naive parse), ``bench_html_docx.py`` (reader / lxml),
  ``bench_pdf.py`` (reader / pdfminer's bare interpreter) and ``pdf_engines.py`` (PDFium against
  pdfminer), each run in its own process; a script without ``ratio_rows`` gives "not available".

Corpora come from ``generate.py`` into ``--work`` (a temporary folder by default, removed at the
end; a given one keeps them for the next run). The full run takes about half an hour on two cores;
``--quick`` uses small corpora and two rounds. Prints a plain table and the same as Markdown for
``README.md``. It is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import sweep  # noqa: E402

ROWS_TIMEOUT = 20 * 60  # seconds for one script's ratio_rows, far above the minute it should take
FORMAT_NAMES = {"md,txt": "text", "html": "HTML", "docx": "DOCX", "pdf": "PDF"}  # generate.py --formats: a name


@dataclass(frozen=True)
class Target:
    at_least: bool  # the ratio must be at least ``value`` (a speed-up), else at most ``value`` (a cost)
    value: float

    def text(self) -> str:
        return f"{'≥' if self.at_least else '≤'} {self.value:g}×"

    def met(self, ratio: float) -> bool:
        return ratio >= self.value if self.at_least else ratio <= self.value


BY_TIME = (("wall", "wall"), ("CPU", "cpu"))  # (what a label says, the field of a run)
AT_MOST_3, AT_MOST_4, AT_MOST_5, AT_MOST_6 = (Target(False, v) for v in (3, 4, 5, 6))


@dataclass
class Row:
    label: str
    target: Target | None
    samples: list[float]
    note: str = ""  # what stands instead of samples: "not available …", "failed: …", a check's answer
    passed: bool | None = None  # a check's verdict (rows with samples are judged on their median)

    def met(self) -> str:
        if self.passed is not None:
            return "yes" if self.passed else "NO"
        if not self.samples or self.target is None:
            return "—"
        return "yes" if self.target.met(statistics.median(self.samples)) else "NO"

    def cells(self) -> list[str]:
        target = self.target.text() if self.target else "—"
        if not self.samples:
            return [self.label, target, self.note, "", "", self.met()]
        spread = (min(self.samples), statistics.median(self.samples), max(self.samples))
        return [self.label, target, *(f"{v:.2f}" for v in spread), self.met()]


@dataclass(frozen=True)
class Sizes:
    reports: int  # the cache's corpus, and the smaller one of the memory ratio
    big: int  # the larger corpus of the memory ratio
    per_format: dict[str, int]  # the --jobs corpora
    tiny: int  # notes that are not reports
    rounds: int


FULL = Sizes(1000, 10_000, {"md,txt": 1000, "html": 400, "docx": 400, "pdf": 200}, 100_000, 3)
QUICK = Sizes(100, 1000, {"md,txt": 60, "html": 20, "docx": 20, "pdf": 10}, 2000, 2)


@dataclass(frozen=True)
class Context:
    work: Path
    sizes: Sizes
    python: str  # the interpreter whose start-up is measured
    scripts: Path  # the folder of the scripts that provide ratio_rows


def cache_rows(ctx: Context) -> list[Row]:
    count = ctx.sizes.reports
    corpus = sweep.generate(ctx.work / f"corpus-md-{count}", count)
    pairs = sweep.cache_pairs(corpus, ctx.work, ctx.sizes.rounds)
    same = sweep.same_as_uncached(corpus, ctx.work, pairs)
    name = f"cold / warm cache, {count:,} reports"
    return [
        *(Row(f"{name} ({measure})", Target(True, 20), sweep.ratios(pairs, field)) for measure, field in BY_TIME),
        Row("cold and warm output byte-identical to uncached", None, [], "yes" if same else "no", same),
    ]


def jobs_rows(ctx: Context) -> list[Row]:
    rows = []
    for fmt, count in ctx.sizes.per_format.items():
        corpus = sweep.generate(ctx.work / f"corpus-{fmt.replace(',', '+')}-{count}", count, fmt)
        pairs = sweep.jobs_pairs(corpus, ctx.work, ctx.sizes.rounds)
        for name, target in (("--jobs 1 / --jobs 2", Target(True, 1.8)), ("--jobs 1 / automatic", Target(True, 1))):
            label = f"{FORMAT_NAMES[fmt]}, {count:,} reports: {name} (wall)"
            rows.append(Row(label, target, sweep.ratios(pairs[name], "wall")))
    return rows


def memory_rows(ctx: Context) -> list[Row]:
    small, big = ctx.sizes.reports, ctx.sizes.big
    small_corpus = sweep.generate(ctx.work / f"corpus-md-{small}", small)
    big_corpus = sweep.generate(ctx.work / f"corpus-md-{big}", big)
    pairs = sweep.memory_pairs(small_corpus, big_corpus, ctx.work, max(1, ctx.sizes.rounds // 3))
    label = f"peak memory, {big:,} / {small:,} reports"
    return [Row(label, Target(False, 1.2), sweep.ratios(pairs, "peak_kib"))]


def startup_rows(ctx: Context) -> list[Row]:
    from benchmarks import startup  # makes its working folder when imported

    report = startup.DEFAULT if startup.DEFAULT.exists() else ROOT / "examples" / "mistakes-2023.txt"
    table = startup.cases(ctx.python, str(report))
    bare, check, libraries = "python -c pass", "gklint check --no-cache REPORT", startup.LIBRARIES
    chosen = {name: table[name] for name in (bare, check, libraries)}
    startup.run_rounds(chosen, 1)  # warm-up: the page cache, byte code, the plugin manifest
    walls, cpus = startup.run_rounds(chosen, ctx.sizes.rounds * 5)
    rows = []
    for measure, times in (("wall", walls), ("CPU", cpus)):
        samples = [a / b for a, b in zip(times[check], times[bare])]
        rows.append(Row(f"one-file check / python -c pass ({measure})", AT_MOST_6, samples))
    # What of it gklint does not choose module by module: the standard library's and pluggy's modules
    # the check imports, imported alone (no target: it says how much of the 6x is left to gklint).
    floor = [a / b for a, b in zip(walls[libraries], walls[bare])]
    rows.append(Row("libraries a one-file check imports, alone / python -c pass (wall)", None, floor))
    return rows


def tiny_rows(ctx: Context) -> list[Row]:
    count = ctx.sizes.tiny
    folder = sweep.write_tiny(ctx.work / f"tiny-{count}", count)
    pairs = sweep.tiny_pairs(folder, ctx.work, ctx.sizes.rounds)
    name = f"{count:,} tiny non-reports: check / walk and read"
    return [Row(f"{name} ({measure})", AT_MOST_5, sweep.ratios(pairs, field)) for measure, field in BY_TIME]


def script_target(script: str, label: str) -> Target | None:
    """The issue's target for a row of a script's ratio_rows: gklint's cost over its floor's."""
    low = label.lower()
    if script == "bench_lint":
        return AT_MOST_3
    if script == "bench_html_docx":
        return None if "python-docx" in low else AT_MOST_4
    if script == "bench_pdf":
        # The reader quiets pdfminer's debug calls; the row with them kept shows what that saves.
        return None if "extract_text" in low or "not quieted" in low else Target(False, 1.1)
    return None  # PDFium against pdfminer: a figure to show, no target of its own


def script_rows(script: str) -> Callable[[Context], list[Row]]:
    def measure(ctx: Context) -> list[Row]:
        with tempfile.TemporaryDirectory(prefix="gklint-rows-") as tmp:
            answer = Path(tmp) / "rows.json"
            command = [sys.executable, __file__, "--rows-of", str(ctx.scripts / f"{script}.py")]
            command += ["--rounds", str(ctx.sizes.rounds), "--rows-to", str(answer)]
            subprocess.run(command, cwd=ROOT, check=True, timeout=ROWS_TIMEOUT, stdout=subprocess.DEVNULL)
            found = json.loads(answer.read_text(encoding="utf-8"))
        if "note" in found:
            return [Row(f"{script}.py", None, [], found["note"])]
        return [Row(label, script_target(script, label), samples) for label, samples in found["rows"]]

    return measure


def rows_of(path: Path, rounds: int) -> dict[str, object]:
    """What ``ratio_rows(rounds)`` of the script at ``path`` returns, or why there is nothing."""
    if not path.exists():
        return {"note": "not available (no such script)"}
    name = f"benchmarks.{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        return {"note": "not available (not a Python module)"}
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except ImportError as error:
        return {"note": f"not available ({error})"}
    ratio_rows = getattr(module, "ratio_rows", None)
    if ratio_rows is None:
        return {"note": "not available (no ratio_rows yet)"}
    try:
        return {"rows": [[str(label), [float(v) for v in samples]] for label, samples in ratio_rows(rounds)]}
    except Exception as error:  # a failing script is one row of the table, not the end of the run
        return {"note": f"failed: {type(error).__name__}: {error}"}


MEASURES: dict[str, Callable[[Context], list[Row]]] = {
    "cache": cache_rows,
    "jobs": jobs_rows,
    "memory": memory_rows,
    "startup": startup_rows,
    "tiny": tiny_rows,
    "lint": script_rows("bench_lint"),
    "html_docx": script_rows("bench_html_docx"),
    "pdf": script_rows("bench_pdf"),
    "pdf_engines": script_rows("pdf_engines"),
}
HEADER = ["ratio", "target", "min", "median", "max", "met?"]


def run_measure(name: str, ctx: Context) -> list[Row]:
    started = time.perf_counter()
    try:
        rows = MEASURES[name](ctx)
    except (RuntimeError, OSError, ValueError, subprocess.SubprocessError) as error:
        rows = [Row(name, None, [], f"failed: {error}".replace("\n", " ")[:300])]
    print(f"  {name}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return rows


def plain_table(rows: list[Row]) -> str:
    table = [HEADER, *(row.cells() for row in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADER))]
    lines = []
    for line in table:
        label, *rest = line
        lines.append(label.ljust(widths[0]) + "".join(f"  {cell:>{widths[i + 1]}}" for i, cell in enumerate(rest)))
    return "\n".join(lines)


def markdown_table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "| --- | --- | ---: | ---: | ---: | --- |"]
    for row in rows:
        cells = [cell.replace("|", "\\|") for cell in row.cells()]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def describe(quick: bool, only: str | None, sizes: Sizes, python: str) -> str:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, {'--quick' if quick else 'full run'}"
        f"{f' --only {only}' if only else ''}, "
        f"{sizes.rounds} rounds, {os.cpu_count()} CPUs, load average at the start {load}, "
        f"CPython {platform.python_version()}, gklint run by {python}"
    )


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small corpora and two rounds: a few minutes")
    parser.add_argument("--rounds", type=int, help="samples per ratio (default 3, with --quick 2)")
    parser.add_argument("--work", type=Path, help="folder for the corpora, kept for the next run")
    parser.add_argument("--only", help=f"comma-separated measures: {','.join(MEASURES)}")
    parser.add_argument(
        "--python", default=sys.executable, help="the interpreter whose gklint is measured (start-up and every sweep)"
    )
    parser.add_argument("--scripts", type=Path, default=Path(__file__).parent, help=argparse.SUPPRESS)
    parser.add_argument("--rows-of", type=Path, help=argparse.SUPPRESS)  # in a child: one script's ratio_rows
    parser.add_argument("--rows-to", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    chosen = args.only.split(",") if args.only else list(MEASURES)
    unknown = [name for name in chosen if name not in MEASURES]
    if unknown:
        parser.error(f"unknown measures: {', '.join(unknown)} (known: {', '.join(MEASURES)})")
    args.chosen = chosen
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    base = QUICK if args.quick else FULL
    sizes = Sizes(base.reports, base.big, base.per_format, base.tiny, args.rounds or base.rounds)
    if args.rows_of:
        args.rows_to.write_text(json.dumps(rows_of(args.rows_of, sizes.rounds)), encoding="utf-8")
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="gklint-ratios-"))
    work.mkdir(parents=True, exist_ok=True)
    ctx = Context(work.resolve(), sizes, args.python, args.scripts.resolve())
    sweep.use_interpreter(args.python)
    heading = describe(args.quick, args.only, sizes, args.python)
    rows: list[Row] = []
    try:
        for name in args.chosen:
            rows += run_measure(name, ctx)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    heading += f", at the end {', '.join(f'{value:.1f}' for value in os.getloadavg())}"
    print(heading)
    print(plain_table(rows))
    print(f"\nMarkdown, for benchmarks/README.md:\n\n{heading}\n\n{markdown_table(rows)}")
    return 1 if any(row.note.startswith("failed") for row in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
