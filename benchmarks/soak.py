"""Soak: lint thousands of fuzzed inputs with the per-file budget and report what went wrong.

    python benchmarks/soak.py [--count 10000] [--seed 0] [--batch 250] [--jobs N] [--keep DIR]

Inputs come from ``tests.fuzz`` (real and rendered reports in every format, mutated; inputs built
to hurt; junk), a few under hostile names, and each batch adds a FIFO, a symlink to /dev/zero, a
symlink loop and a second name for one file. Each batch is one ``gklint check`` run (JSON, and the
text format through ``--report``), as users run it. Reported, and all must be 0 or under budget:

* crashes: a run that exits other than 0 or 1, prints a traceback, or writes output that does not
  parse; a file missing from the output; text output holding a control character;
* internal errors (GK099), files stopped by the time limit (hangs) or the memory limit, workers that
  died, files with more than one GK002;
* output that differs with the number of jobs: every tenth batch (``--same-every``) is linted again
  with one job (two, if the campaign runs one) and both outputs must be the same bytes;
* peak memory: the largest resident set of any gklint process of a batch (``wait4``).

Needs the test extras (``pip install -e ".[test]"``). Inputs that fail are copied to ``--keep``
with their origin, to reproduce. It is a measurement, not a test; ``tests/test_hostile_fuzz.py``
runs a small sample on every test run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fuzz import Sample, generate  # noqa: E402

LIMIT_IDS = {"time-limit": "hangs", "memory-limit": "over memory", "crash-limit": "worker deaths"}
HOSTILE_NAMES = ["x\n::error file=README.md::Injected", "e\x1b]0;pwned\x07\x1b[2J", "bidi\u202etxt", "sp ace"]
CLAIMED = {
    *(".txt", ".text", ".md", ".markdown", ".html", ".htm", ".shtml", ".xhtml"),
    *(".docx", ".docm", ".pdf", ".doc", ".wps"),
}
Result = tuple[int, bytes, bytes, str, int, float]  # exit code, JSON, stderr, text output, peak KiB, seconds
PROBLEMS = (
    *("crashes", "internal errors", "hangs", "over memory", "worker deaths", "several GK002", "unsafe text"),
    "jobs differ",
)


@dataclass
class Tally:
    files: int = 0
    compared: int = 0  # batches linted again with another number of jobs
    seconds: float = 0.0
    peak_kib: int = 0
    codes: Counter[str] = field(default_factory=Counter)
    problems: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def problem(self, kind: str, detail: str) -> None:
        self.problems[kind] += 1
        if len(self.examples) < 40:
            self.examples.append(f"{kind}: {detail}")


def file_name(index: int, made: Sample) -> bytes:
    """``00042-mutated.txt``; one in thirty under a hostile name (line breaks, escapes, bytes that are not UTF-8)."""
    stem = f"{index:05d}-{Path(made.name).stem}"
    suffix = Path(made.name).suffix
    if index % 30 == 7:
        name = HOSTILE_NAMES[(index // 30) % len(HOSTILE_NAMES)]
        return (stem + name).encode("utf-8") + (b"\xff" if index % 60 == 7 else b"") + suffix.encode()
    return (stem + suffix).encode()


def write_batch(folder: Path, samples: list[tuple[int, Sample]]) -> dict[str, Sample]:
    """The batch's files, and the special ones of a sweep; each file's name as gklint shows it -> its sample."""
    written: dict[str, Sample] = {}  # the samples are needed again only to keep those that failed
    base = os.fsencode(folder)
    for index, made in samples:
        name = file_name(index, made)
        with open(os.path.join(base, name), "wb") as handle:
            handle.write(made.data)
        written[name.decode("utf-8", "backslashreplace")] = made
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "special-fifo.txt")
        (folder / "special-zero.txt").symlink_to("/dev/zero")
        (folder / "special-loop.txt").symlink_to("special-loop.txt")
        first = os.path.join(base, file_name(*samples[0]))
        os.link(first, folder / "special-second-name.pdf")
    return written


# Runs each gklint process and reports its exit code and peak memory. It is started first and stays
# small: the kernel counts into a new program's peak the memory of the process that forked it, and
# this script holds inputs of hundreds of megabytes.
LAUNCHER = """
import json, os, subprocess, sys
for line in sys.stdin:
    command, cwd, out, err = json.loads(line)
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
    print(json.dumps([os.waitstatus_to_exitcode(status), usage.ru_maxrss]), flush=True)
"""


class Launcher:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def run(self, command: list[str], cwd: Path, out: Path, err: Path) -> tuple[int, int]:
        """(exit code, peak KiB of the command and the processes it waited for)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps([command, str(cwd), str(out), str(err)]) + "\n")
        self.process.stdin.flush()
        code, peak = json.loads(self.process.stdout.readline())
        return code, peak


def run_batch(launcher: Launcher, folder: Path, args: argparse.Namespace, jobs: int | None = None) -> Result:
    """(exit code, JSON output, stderr, text output, peak KiB, seconds) of one gklint run."""
    jobs = args.jobs if jobs is None else jobs
    text, out, err = (folder.parent / f"{name}-{jobs}" for name in ("out.txt", "out.json", "err.txt"))
    command = [sys.executable, "-m", "gklint", "check", str(folder), "--format", "json", "--report", f"text:{text}"]
    command += ["--jobs", str(jobs), "--timeout", str(args.timeout), "--memory-limit", args.memory_limit]
    started = time.monotonic()
    code, peak = launcher.run(command, folder.parent, out, err)
    seconds = time.monotonic() - started
    shown = text.read_text(encoding="utf-8", errors="replace") if text.exists() else ""
    return code, out.read_bytes(), err.read_bytes(), shown, peak, seconds


def check_batch(tally: Tally, written: dict[str, Sample], result: Result) -> list[str]:
    """Count what went wrong; the names of the samples to keep."""
    code, output, stderr, text, peak, seconds = result
    tally.peak_kib, tally.seconds = max(tally.peak_kib, peak), tally.seconds + seconds
    if code not in (0, 1) or b"Traceback" in stderr:
        tally.problem("crashes", f"exit {code}: {stderr.decode('utf-8', 'replace')[-300:]}")
        return list(written)
    if any((ch < " " and ch != "\n") or "\x7f" <= ch <= "\x9f" for ch in text):
        tally.problem("unsafe text", "a control character in the text output")
    try:
        data = json.loads(output)
    except ValueError:
        tally.problem("crashes", "output is not JSON")
        return list(written)
    keep: list[str] = []
    shown = {Path(f["path"]).name for f in data["files"]}
    tally.files += len(shown)
    for name in written:
        if Path(name).suffix.lower() in CLAIMED and name not in shown:
            tally.problem("crashes", f"{name!r} missing from the output")
            keep.append(name)
    unreadable: Counter[str] = Counter()
    for finding in data["findings"]:
        name = Path(finding["path"]).name
        tally.codes[finding["code"]] += 1
        if finding["code"] == "GK099":
            tally.problem("internal errors", f"{name!r} ({origin(written, name)}): {finding['message'][:200]}")
            keep.append(name)
        elif finding["message_id"] in LIMIT_IDS:
            tally.problem(LIMIT_IDS[finding["message_id"]], f"{name!r} ({origin(written, name)})")
            keep.append(name)
        if finding["code"] == "GK002":
            unreadable[name] += 1
    for name, count in unreadable.items():
        if count > 1:
            tally.problem("several GK002", f"{name!r} ({origin(written, name)}): {count}")
            keep.append(name)
    return keep


def compare_jobs(
    tally: Tally, launcher: Launcher, folder: Path, args: argparse.Namespace, result: Result, written: dict[str, Sample]
) -> list[str]:
    """Lint the batch again with one job (or two, if the campaign runs one): the output must be the same bytes."""
    other = run_batch(launcher, folder, args, jobs=2 if args.jobs == 1 else 1)
    tally.compared += 1
    if (other[1], other[3]) == (result[1], result[3]):
        return []
    tally.problem("jobs differ", f"JSON or text output differs between --jobs {args.jobs} and {1 + (args.jobs == 1)}")
    return list(written)


def origin(written: dict[str, Sample], name: str) -> str:
    made = written.get(name)
    return made.origin if made else "special"


def keep_samples(folder: Path, keep: list[str], written: dict[str, Sample]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in dict.fromkeys(keep):
        made = written.get(name)
        if made is not None:
            safe = "".join(c if c.isalnum() or c in "-." else "_" for c in name)
            (folder / safe).write_bytes(made.data)
            (folder / (safe + ".origin")).write_text(made.origin + "\n", encoding="utf-8")


def report(tally: Tally, count: int, started: float) -> int:
    print(f"\n{count} inputs, {tally.files} files reported, {time.monotonic() - started:.0f} s "
          f"({tally.seconds / max(count, 1) * 1000:.0f} ms a file, wall)")  # fmt: skip
    print(f"peak memory of a gklint process: {tally.peak_kib / 1024:.0f} MiB")
    print(f"batches compared across --jobs: {tally.compared}")
    for kind in PROBLEMS:
        print(f"{kind:16} {tally.problems[kind]}")
    print("findings: " + ", ".join(f"{code} {n}" for code, n in sorted(tally.codes.items())))
    for line in tally.examples:
        print("  " + line.replace("\n", "\\n"))
    return 1 if any(tally.problems.values()) else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--start", type=int, default=0, help="first sample index (to resume)")
    parser.add_argument("--batch", type=int, default=250)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", default="30")
    parser.add_argument("--memory-limit", default="1GiB")
    parser.add_argument("--scale", type=float, default=1.0, help="size of the inputs built to hurt (1: full)")
    parser.add_argument("--keep", type=Path, help="copy failing inputs here")
    parser.add_argument(
        "--same-every", type=int, default=10, help="lint every Nth batch with another --jobs too (0: never)"
    )
    args = parser.parse_args()
    tally, started, launcher = Tally(), time.monotonic(), Launcher()
    samples = generate(args.count, args.seed, args.scale, args.start)
    for first in range(args.start, args.start + args.count, args.batch):
        batch = [(first + i, made) for i, made in zip(range(args.batch), samples)]
        with tempfile.TemporaryDirectory(prefix="gklint-soak-") as tmp:
            folder = Path(tmp) / "inputs"
            folder.mkdir()
            written = write_batch(folder, batch)
            result = run_batch(launcher, folder, args)
            keep = check_batch(tally, written, result)
            if args.same_every and (first - args.start) // args.batch % args.same_every == 0:
                keep += compare_jobs(tally, launcher, folder, args, result, written)
            if keep and args.keep:
                keep_samples(args.keep, keep, written)
        done = first + len(batch) - args.start
        problems = ", ".join(f"{k} {v}" for k, v in tally.problems.items() if v)
        print(f"{done}/{args.count}: {result[5]:.0f} s, peak {result[4] // 1024} MiB; {problems}", flush=True)
    return report(tally, args.count, started)


if __name__ == "__main__":
    sys.exit(main())
