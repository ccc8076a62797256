"""In-process cost of linting text reports, against the bare cost of reading and decoding them.

    python benchmarks/bench_lint.py [FILES...] [--rounds N]

Defaults to the seed reports (when present) and the examples. Reports medians per file and the
ratio to reading + decoding the same bytes; it is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from gklint.config import Layer, Resolver
from gklint.manager import load_plugins
from gklint.runner import Linter
from gklint.text import decode_text

ROOT = Path(__file__).resolve().parents[1]


def default_files() -> list[Path]:
    seeds = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
    return seeds + sorted((ROOT / "examples").glob("*-2023.*"))


def median_ms(action, rounds: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=31)
    args = parser.parse_args()
    plugins = load_plugins()
    rulesets = {name: path for name, (path, _) in plugins.rulesets.items()}
    linter = Linter(plugins, Resolver(rulesets, Layer("bench")))
    print(f"{'file':36} {'bare ms':>8} {'lint ms':>8} {'ratio':>7} findings")
    ratios = []
    for path in args.files or default_files():
        linter.lint_file(path)  # warm-up: imports, caches
        bare = median_ms(lambda p=path: decode_text(p.read_bytes()), args.rounds)
        lint = median_ms(lambda p=path: linter.lint_file(p), args.rounds)
        ratios.append(lint / bare)
        print(f"{path.name[:36]:36} {bare:8.3f} {lint:8.2f} {lint / bare:7.1f} {len(linter.lint_file(path).findings)}")
    print(f"\nmedian ratio lint / (read + decode): {statistics.median(ratios):.1f}x")


if __name__ == "__main__":
    main()
