"""Whole-command ratios for sweeps, measured side by side in one run, as min / median / max.

    python benchmarks/sweep.py [--count 1000] [--big 0] [--tiny 0] [--rounds 3] [--work DIR]
                               [--formats md,html,docx,pdf]

Writes a synthetic corpus (``generate.py``) and times whole ``gklint check`` processes in turn,
A B A B …, so a drift of the machine's speed hits both sides of each ratio alike:

* warm cache / cold cache, and whether the two outputs are byte-identical;
* ``--jobs 1`` / ``--jobs 2`` and ``--jobs 1`` / the default (automatic), no cache, for a corpus
  of each of ``--formats`` (``--count`` reports each);
* one-file start-up / ``python -c pass``;
* with ``--big N``: peak memory for N reports / for ``--count`` reports;
* with ``--tiny N``: N tiny files that are not reports / a bare walk and read of them.

The functions return the measured runs, in pairs, so that ``ratios.py`` prints these ratios
beside the others.
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
from typing import NamedTuple

HERE = Path(__file__).parent
GKLINT = [sys.executable, "-m", "gklint", "check"]


def use_interpreter(python: str) -> None:
    """Measure the gklint that ``python`` runs (a normal install, as users have it) in every sweep."""
    GKLINT[0] = python


# The floor of a sweep over files that are not reports: find every file and read its bytes.
WALK_AND_READ = """
import os, sys
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        with open(os.path.join(folder, name), "rb") as handle:
            handle.read()
"""
NOTES = {
    ".txt": "会议纪要第{n}号\n本周例会讨论了办公用品采购和值班安排。\n",
    ".md": "# 工作笔记 {n}\n\n- 整理档案\n- 更新通讯录\n",
    ".html": "<html><head><title>通知 {n}</title></head><body><p>请于周五前提交材料。</p></body></html>\n",
    ".csv": "序号,事项\n{n},复印\n",
}


class Run(NamedTuple):
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and of every process it waited for
    peak_kib: int  # the largest resident set of the process or of one it waited for
    output: bytes


Pair = tuple[Run, Run]


def measure(command: Sequence[str], cwd: Path) -> Run:
    """Run a whole process; one that exits other than 0 or 1 is a failed measurement."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=errors)
        output = process.stdout.read() if process.stdout else b""
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            errors.seek(0)
            tail = errors.read()[-600:].decode("utf-8", "replace")
            raise RuntimeError(f"{' '.join(map(str, command))} exited {code}: {tail}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, output)


def alternate(rounds: int, a: Callable[[], Run], b: Callable[[], Run]) -> list[Pair]:
    """``rounds`` pairs of runs, A B A B …"""
    return [(a(), b()) for _ in range(rounds)]


def ratios(pairs: Sequence[Pair], field: str = "wall") -> list[float]:
    """A / B of each pair, by wall time, CPU time or peak memory (``peak_kib``)."""
    out = []
    for first, second in pairs:
        a, b = getattr(first, field), getattr(second, field)
        out.append(a / b if b else float("inf"))
    return out


def generate(folder: Path, count: int, formats: str = "md") -> Path:
    """A corpus from ``generate.py``; one already written whole into ``folder`` is reused."""
    done = folder.with_name(folder.name + ".done")
    if not done.exists():
        command = [sys.executable, str(HERE / "generate.py"), str(folder), "--count", str(count), "--formats", formats]
        subprocess.run(command, check=True)
        done.touch()
    return folder


def write_tiny(folder: Path, count: int) -> Path:
    """``count`` tiny notes that are not reports (text, Markdown, HTML, CSV), a thousand to a folder."""
    done = folder.with_name(folder.name + ".done")
    if not done.exists():
        suffixes = list(NOTES)
        for index in range(count):
            suffix = suffixes[index % len(suffixes)]
            target = folder / f"{index // 1000:03d}" / f"note-{index:06d}{suffix}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(NOTES[suffix].format(n=index), encoding="utf-8")
        done.touch()
    return folder


def check(work: Path, *arguments: str) -> Callable[[], Run]:
    return lambda: measure([*GKLINT, *arguments], work)


def cache_pairs(corpus: Path, work: Path, rounds: int) -> list[Pair]:
    """(cold, warm) runs over ``corpus``, the cache cleared before each cold one."""
    cache = work / "cache"

    def cold() -> Run:
        subprocess.run([*GKLINT[:-1], "clean", "--cache-dir", str(cache)], check=False, capture_output=True)
        return measure([*GKLINT, "--cache-dir", str(cache), str(corpus)], work)

    return alternate(rounds, cold, check(work, "--cache-dir", str(cache), str(corpus)))


def same_as_uncached(corpus: Path, work: Path, pairs: Sequence[Pair]) -> bool:
    """Whether every cold and warm run printed the same bytes as a run without the cache."""
    uncached = check(work, "--no-cache", str(corpus))().output
    return all(run.output == uncached for pair in pairs for run in pair)


def jobs_pairs(corpus: Path, work: Path, rounds: int) -> dict[str, list[Pair]]:
    """(``--jobs 1``, other) runs without the cache, for ``--jobs 2`` and for the automatic default:
    the three in turn each round, the ``--jobs 1`` run on the left of both pairs."""
    serial, two, automatic = (
        check(work, "--no-cache", *flags, str(corpus)) for flags in (["--jobs", "1"], ["--jobs", "2"], [])
    )
    pairs: dict[str, list[Pair]] = {"--jobs 1 / --jobs 2": [], "--jobs 1 / automatic": []}
    for _ in range(rounds):
        first = serial()
        pairs["--jobs 1 / --jobs 2"].append((first, two()))
        pairs["--jobs 1 / automatic"].append((first, automatic()))
    return pairs


def memory_pairs(small: Path, big: Path, work: Path, rounds: int) -> list[Pair]:
    """(big corpus, small corpus) runs without the cache, for their peak memory."""
    return alternate(rounds, check(work, "--no-cache", str(big)), check(work, "--no-cache", str(small)))


def startup_pairs(report: Path, work: Path, rounds: int) -> list[Pair]:
    """(one-file check, ``python -c pass``) runs."""
    bare = [sys.executable, "-c", "pass"]
    return alternate(rounds, check(work, "--no-cache", str(report)), lambda: measure(bare, work))


def tiny_pairs(folder: Path, work: Path, rounds: int) -> list[Pair]:
    """(a whole check of ``folder``, a bare walk and read of it in its own process) runs."""
    bare = [sys.executable, "-c", WALK_AND_READ, str(folder)]
    return alternate(rounds, check(work, "--no-cache", str(folder)), lambda: measure(bare, work))


def spread(values: Sequence[float]) -> str:
    return f"{min(values):8.2f} {statistics.median(values):8.2f} {max(values):8.2f}"


def show(name: str, values: Sequence[float]) -> None:
    print(f"{name:44s} {spread(values)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--big", type=int, default=0, help="also compare peak memory with this many reports")
    parser.add_argument("--tiny", type=int, default=0, help="also time this many tiny files that are not reports")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--formats", default="md", help="corpora for the --jobs ratios: md, html, docx, pdf")
    parser.add_argument("--work", type=Path, help="folder for the corpus and the cache (default: a temporary one)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="gklint-bench-"))
    corpus = generate(work / f"corpus-md-{args.count}", args.count)
    print(f"{'ratio':44s} {'min':>8s} {'median':>8s} {'max':>8s}")
    pairs = cache_pairs(corpus, work, args.rounds)
    show("cold cache / warm cache", ratios(pairs))
    print(f"{'cold and warm output byte-identical to uncached':44s} {same_as_uncached(corpus, work, pairs)}")
    for fmt in args.formats.split(","):
        folder = generate(work / f"corpus-{fmt}-{args.count}", args.count, fmt)
        for name, pairs in jobs_pairs(folder, work, args.rounds).items():
            show(f"{fmt}: {name}", ratios(pairs))
    show("one-file check / python -c pass", ratios(startup_pairs(next(corpus.rglob("*.md")), work, args.rounds * 3)))
    if args.big:
        big = generate(work / f"corpus-md-{args.big}", args.big)
        show(f"peak memory {args.big} / {args.count} reports", ratios(memory_pairs(corpus, big, work, 1), "peak_kib"))
    if args.tiny:
        tiny = write_tiny(work / f"tiny-{args.tiny}", args.tiny)
        show(f"{args.tiny} tiny files / walk and read", ratios(tiny_pairs(tiny, work, args.rounds)))


if __name__ == "__main__":
    main()
