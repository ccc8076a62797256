"""The benchmarks' own machinery: the generated corpus holds the faults it promises, the tiny notes
are not reports, a measured run that fails says so, and ratios.py tabulates the rows of each
script's ``ratio_rows`` (run here on stub scripts written for the test, no measuring)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from benchmarks import generate, sweep

ROOT = Path(__file__).resolve().parents[1]
SEED = 1


def lint(folder: Path) -> dict[str, list[str]]:
    """Each file's name -> the codes gklint reports on it."""
    done = subprocess.run(
        [sys.executable, "-m", "gklint", "check", "--no-cache", "--format", "json", str(folder)],
        capture_output=True,
        cwd=folder,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr.decode(errors="replace")
    output = json.loads(done.stdout)
    codes: dict[str, list[str]] = {Path(f["path"]).name: [] for f in output["files"]}
    for finding in output["findings"]:
        codes[Path(finding["path"]).name].append(finding["code"])
    return codes


def first_pairs() -> dict[str, int]:
    """The first pair (its 2022 report's index) of each kind: one fault in one of its years, or none."""
    found: dict[str, int] = {}
    for first in range(0, 4000, 2):
        faults = (generate.planted_fault(SEED, first), generate.planted_fault(SEED, first + 1))
        if faults == (None, None):
            found.setdefault("clean", first)
        elif faults[0] is None:
            found.setdefault(f"{faults[1]} 2023", first)
        elif faults[1] is None:
            found.setdefault(f"{faults[0]} 2022", first)
    return found


def test_generated_pairs_are_clean_but_for_the_planted_faults(tmp_path: Path) -> None:
    pairs = first_pairs()
    kinds = ["clean", "total 2022", "period 2023", "carry-over 2022", "carry-over 2023", "copied prose 2023"]
    assert set(kinds) <= set(pairs)
    formats = ["md", "txt", "html"]
    names = {}
    for number, kind in enumerate(kinds):
        for index in (pairs[kind], pairs[kind] + 1):
            fmt = formats[(number + index) % len(formats)]
            names[index] = f"report-{index:06d}.{fmt}"
            (tmp_path / names[index]).write_bytes(generate.RENDERERS[fmt](generate.report_content(SEED, index), index))
    codes = lint(tmp_path)
    first = {kind: pairs[kind] for kind in kinds}
    assert codes[names[first["clean"]]] == codes[names[first["clean"] + 1]] == []
    assert {"GK201", "GK401"} <= set(codes[names[first["total 2022"]]])
    assert "GK302" in codes[names[first["period 2023"] + 1]]
    assert codes[names[first["carry-over 2022"]]] == []  # balanced in its own year
    assert "GK601" in codes[names[first["carry-over 2022"] + 1]]
    assert set(codes[names[first["carry-over 2023"] + 1]]) == {"GK601"}
    assert codes[names[first["copied prose 2023"] + 1]] == ["GK603"]


def test_the_first_interface_gives_the_markdown_of_the_same_reports() -> None:
    rng = random.Random(0)
    for index in range(2):
        text = generate.report(generate.base_text(), index, rng)
        assert text.startswith("# ") and f"{2022 + index}年政府信息公开工作年度报告" in text.splitlines()[0]
        assert text.encode() == generate.RENDERERS["md"](generate.report_content(1, index), index)


def test_planted_faults_are_about_one_in_five() -> None:
    planted = [generate.planted_fault(SEED, index) for index in range(2000)]
    share = sum(fault is not None for fault in planted) / len(planted)
    assert 0.15 < share < 0.25
    assert {fault for fault in planted if fault} == set(generate.FAULTS)


def test_tiny_notes_are_not_reports(tmp_path: Path) -> None:
    folder = sweep.write_tiny(tmp_path / "tiny", 12)
    assert sum(1 for path in folder.rglob("*") if path.is_file()) == 12
    done = subprocess.run(
        [sys.executable, "-m", "gklint", "check", "--no-cache", "--format", "json", str(folder)],
        capture_output=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    assert json.loads(done.stdout)["findings"] == []


def test_a_measured_run_that_fails_is_an_error(tmp_path: Path) -> None:
    run = sweep.measure([sys.executable, "-c", "print('out')"], tmp_path)
    assert run.output == b"out\n" and run.peak_kib > 0 and run.wall > 0
    with pytest.raises(RuntimeError, match="exited 2: no such thing"):
        sweep.measure([sys.executable, "-c", "import sys; sys.stderr.write('no such thing'); sys.exit(2)"], tmp_path)


STUBS = {
    "bench_lint.py": "def ratio_rows(rounds):\n"
    '    return [("text: lint / naive parse", [2.5 + i for i in range(rounds)])]\n',
    "bench_html_docx.py": 'def ratio_rows(rounds):\n    return [("HTML: reader / lxml", [4.5] * rounds)]\n',
    "bench_pdf.py": "def ratio_rows(rounds):\n    raise ValueError('no PDF here')\n",
    "pdf_engines.py": "import a_module_that_is_not_installed\n",
}


def test_ratios_tabulates_each_scripts_rows(tmp_path: Path) -> None:
    for name, text in STUBS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    command = [sys.executable, str(ROOT / "benchmarks" / "ratios.py"), "--rounds", "3", "--scripts", str(tmp_path)]
    done = subprocess.run(
        [*command, "--only", "lint,html_docx,pdf,pdf_engines"], capture_output=True, cwd=tmp_path, check=False
    )
    assert done.returncode == 1  # a script failed
    rows = defaultdict(list)
    for line in done.stdout.decode().splitlines():
        if line.startswith("| ") and not line.startswith(("| ratio", "| ---")):
            cells = [cell.strip() for cell in line.strip("|").split(" | ")]
            rows[cells[0]] = cells[1:]
    assert rows["text: lint / naive parse"] == ["≤ 3×", "2.50", "3.50", "4.50", "NO"]
    assert rows["HTML: reader / lxml"] == ["≤ 4×", "4.50", "4.50", "4.50", "NO"]
    assert rows["bench_pdf.py"] == ["—", "failed: ValueError: no PDF here", "", "", "—"]
    assert rows["pdf_engines.py"][1].startswith("not available (No module named")
    assert list(rows) == ["text: lint / naive parse", "HTML: reader / lxml", "bench_pdf.py", "pdf_engines.py"]
