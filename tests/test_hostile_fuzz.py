"""A small sample of the fuzz campaign on every test run (``benchmarks/soak.py`` runs ten thousand):
no traceback, no internal error, no file over the budget, at most one GK002 for a file."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gklint.budget import UNLIMITED
from gklint.config import Layer, Resolver
from gklint.manager import load_plugins
from gklint.runner import Linter, Outcome
from gklint.workers import can_isolate, run_all
from tests.conftest import EXAMPLES, run_json
from tests.fuzz import generate
from tests.fuzz.generate import SUFFIXES, rendered, sample, seeds
from tests.fuzz.mutate import (
    BYTE_MUTATIONS,
    TEXT_MUTATIONS,
    WINDOW,
    crawler_chrome,
    mutate_pdf_stream,
    mutate_zip_member,
    ocr_noise,
    pdf_references,
)

pytestmark = pytest.mark.skipif(not can_isolate(), reason="worker processes need os.fork")
SAMPLE = 40
SCALE = 0.02  # inputs built to hurt at a fiftieth of the size that hurt: the caps, not the budget, must stop them


def check_run(data: dict, names: set[str]) -> None:  # type: ignore[type-arg]
    """What every run must satisfy, whatever the inputs."""
    assert not [f for f in data["findings"] if f["code"] == "GK099"], "internal errors"
    assert not [f for f in data["findings"] if f["message_id"] in ("time-limit", "memory-limit", "crash-limit")]
    unreadable = Counter(f["path"] for f in data["findings"] if f["code"] == "GK002")
    assert all(count == 1 for count in unreadable.values()), unreadable
    assert {Path(f["path"]).name for f in data["files"]} == names


def test_a_sample_of_the_fuzz_campaign(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    names = set()
    for index, made in enumerate(generate(SAMPLE, seed=2024, scale=SCALE)):
        name = f"{index:03d}-{made.name}"
        (tmp_path / name).write_bytes(made.data)
        names.add(name)
    claimed = {n for n in names if Path(n).suffix in SUFFIXES and Path(n).suffix not in (".xyz", "")}
    code, data = run_json(capsys, str(tmp_path), "--jobs", "2")
    assert code in (0, 1)
    assert "Traceback" not in capsys.readouterr().err
    check_run(data, claimed)


def test_every_rendered_layout_is_read_as_a_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The seeds are reports (a mutation of a file nothing reads tests little), the WPS-style PDFs
    included: their text comes only through the CID font's ToUnicode map."""
    for name, data in rendered():
        (tmp_path / name).write_bytes(data)
    _, data = run_json(capsys, str(tmp_path), "--jobs", "2")
    check_run(data, {name for name, _ in rendered()})
    assert not [f["path"] for f in data["findings"] if f["code"] == "GK002"], "a layout not read as a report"


@pytest.mark.parametrize("mutation", [ocr_noise, crawler_chrome])
def test_ocr_and_crawler_mutations_of_every_layout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], mutation: Callable[[random.Random, bytes], bytes]
) -> None:
    rng = random.Random(mutation.__name__)
    names = set()
    for name, data in rendered():
        if Path(name).suffix in (".txt", ".md", ".html"):
            (tmp_path / name).write_bytes(mutation(rng, data))
            names.add(name)
    _, data = run_json(capsys, str(tmp_path), "--jobs", "2")
    check_run(data, names)


def test_character_by_character_mutations_change_a_window_of_a_large_input() -> None:
    large = "一、总体情况 0 1 5 8 |\n".encode() * (3 * WINDOW // 30)
    noisy = ocr_noise(random.Random(1), large)
    assert noisy != large
    assert sum(a != b for a, b in zip(noisy, large)) <= 2 * WINDOW


def test_samples_are_reproducible() -> None:
    assert sample(7, 3, SCALE) == sample(7, 3, SCALE)
    assert [s.origin for s in generate(5, seed=7, scale=SCALE)] == [sample(7, i, SCALE).origin for i in range(5)]


# --------------------------------------------------------------------------- hypothesis


PLUGINS = load_plugins()
LINTER = Linter(PLUGINS, Resolver({n: p for n, (p, _) in PLUGINS.rulesets.items()}, Layer("test")), budget=UNLIMITED)
MUTATIONS = [*BYTE_MUTATIONS, *TEXT_MUTATIONS, mutate_zip_member, mutate_pdf_stream, pdf_references]


def _examine(path: Path) -> Outcome:
    return LINTER.examine(path)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.integers(0, 10_000),
    mutations=st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3),
    suffix=st.sampled_from([None, ".txt", ".md", ".html", ".docx", ".pdf"]),
)
def test_mutated_reports_never_crash(tmp_path: Path, seed: int, mutations: list, suffix: str | None) -> None:  # type: ignore[type-arg]
    rng = random.Random(seed)
    name, data = rng.choice(seeds())
    for mutation in mutations:
        data = mutation(rng, data)
    path = tmp_path / f"mutated{suffix or Path(name).suffix}"
    path.write_bytes(data)
    (outcome,) = run_all(_examine, [path], timeout=30, memory=1 << 30)
    assert isinstance(outcome, Outcome), outcome
    assert not [f for f in outcome.findings if f.code == "GK099"], [f.message for f in outcome.findings]
    assert sum(1 for f in outcome.findings if f.code == "GK002") <= 1


@pytest.mark.parametrize("span", ["9" * 5000, "²", "0", "-3", "1e9"])
@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_a_table_span_of_any_digits_is_read_without_a_crash(tmp_path: Path, span: str, suffix: str) -> None:
    """A cell's rowspan written with thousands of digits (over int()'s limit) or with a digit int()
    refuses, in a portal page or in Markdown that holds the page's table."""
    table = f'<table><tr><td rowspan="{span}" colspan="{span}">规章</td><td>0</td></tr><tr><td>1</td></tr></table>'
    path = tmp_path / f"report{suffix}"
    path.write_text(f"某局2023年政府信息公开工作年度报告\n\n二、主动公开政府信息情况\n\n{table}\n", encoding="utf-8")

    outcome = _examine(path)

    assert not [f.message for f in outcome.findings if f.code == "GK099"]


@pytest.mark.parametrize(
    "filler", ["收取信息处理费情况", "本局共收到政府信息公开申请", "2023年1月1日至", "其中工作动态43条、"]
)
def test_prose_run_onto_one_long_line_is_checked_within_the_budget(tmp_path: Path, filler: str) -> None:
    """A page run onto one line with no sentence stop (a crawler's flattening, a mutated file): the
    prose rules read it in linear time, as every other line, and the file is done within its budget."""
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    long_line = filler * (200_000 // len(filler))
    path = tmp_path / "report.md"
    path.write_text(
        text.replace("本局2023年度未收取信息处理费。", long_line).replace(
            "（五）监督保障情况。", "（五）监督保障情况。" + long_line
        ),
        encoding="utf-8",
    )
    (outcome,) = run_all(_examine, [path], timeout=20, memory=1 << 30)
    assert isinstance(outcome, Outcome), outcome
