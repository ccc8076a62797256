"""The labelled real reports beside the repository (../shared/corpus): every `must` code is found,
nothing outside `must ∪ may` is reported, and the hand-read table values are what gklint binds.
Skips cleanly when the folder is absent (a user's fresh clone)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import pytest

from gklint.config import Layer, Resolver
from gklint.manager import load_plugins
from gklint.model import Finding
from gklint.runner import Linter
from gklint.templates.national import APPLICANTS, OUTCOMES, REVIEW_GROUPS
from tests.conftest import ROOT

CORPUS = ROOT.parent / "shared" / "corpus"
PLUGINS = load_plugins()
RULESETS = {name: path for name, (path, _) in PLUGINS.rulesets.items()}


def _labels(part: str) -> dict[str, dict]:  # type: ignore[type-arg]
    path = CORPUS / part / "expected.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _cases() -> list[tuple[str, str]]:
    return [(part, name) for part in ("openings", "full") for name in sorted(_labels(part))]


@pytest.fixture(scope="module")
def corpus_codes() -> dict[tuple[str, str], set[str]]:
    """Codes per labelled file, from one folder run per part (as an evaluator runs gklint)."""
    if not CORPUS.is_dir():
        pytest.skip("the real-report corpus (../shared/corpus) is not present")
    linter = Linter(PLUGINS, Resolver(RULESETS, Layer("test")))
    codes: dict[tuple[str, str], set[str]] = defaultdict(set)
    for part in ("openings", "full"):
        for result in linter.run([str(CORPUS / part)]).files:
            codes[(part, Path(result.path).name)] |= {f.code for f in result.findings}
    return codes


@pytest.mark.parametrize(("part", "name"), _cases() or [("openings", "absent")])
def test_labelled_codes(corpus_codes: dict[tuple[str, str], set[str]], part: str, name: str) -> None:
    label = _labels(part)[name]
    found = corpus_codes[(part, name)]

    assert set(label["must"]) <= found, f"missed {sorted(set(label['must']) - found)}"
    assert found <= set(label["must"]) | set(label["may"]), (
        f"false positives {sorted(found - set(label['must']) - set(label['may']))}"
    )


def _valued() -> list[str]:
    return [name for name, label in sorted(_labels("full").items()) if "tableB" in label]


@pytest.mark.parametrize("name", _valued() or ["absent"])
def test_hand_read_table_values(name: str) -> None:
    if not CORPUS.is_dir():
        pytest.skip("the real-report corpus (../shared/corpus) is not present")
    label = _labels("full")[name]
    linter = Linter(PLUGINS, Resolver(RULESETS, Layer("test")))
    report = linter.examine(CORPUS / "full" / name, keep_report=True).report
    assert report is not None

    for row, wanted in label["tableB"].items():
        bound = [report.cell("applications", row, column, numeric=True) for column in APPLICANTS]
        assert [None if c is None else c.value for c in bound] == wanted, row
    review = [report.cell("review_litigation", g, o, numeric=True) for g in REVIEW_GROUPS for o in OUTCOMES]
    assert [None if c is None else c.value for c in review] == label["tableC"]


def test_every_file_of_the_corpus_is_read_as_a_report() -> None:
    """The unlabelled whole reports too: recognised (title or parts found), never skipped or crashed."""
    if not CORPUS.is_dir():
        pytest.skip("the real-report corpus (../shared/corpus) is not present")
    linter = Linter(PLUGINS, Resolver(RULESETS, Layer("test")))
    for path in sorted((CORPUS / "full").iterdir()):
        if path.name == "expected.json":
            continue
        outcome = linter.examine(path, explicit=False, keep_report=True)
        assert not outcome.skipped, path.name
        assert outcome.report is not None and len(outcome.report.sections) >= 4, path.name
        assert not [f for f in outcome.findings if f.code in ("GK002", "GK099")], path.name


RELATION_CODES = {"T1": "GK202", "T2": "GK201", "T3": "GK401", "C1": "GK203"}


def _run_together(findings: Sequence[Finding]) -> bool:
    """Whether some row's or table's digits ran together (a crawler's flattened page) and were not read."""
    return any(f.code == "GK010" and f.message_id in ("run-together", "table-flattened") for f in findings)


def _text_reports() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for part in ("openings", "full") for p in (CORPUS / part).glob("*") if p.suffix in (".txt", ".md"))


@pytest.mark.parametrize("path", _text_reports() or [Path("absent")], ids=lambda p: p.name)
def test_one_changed_number_of_a_real_report_gives_exactly_its_findings(path: Path, tmp_path: Path) -> None:
    """Every number of tables 三 and 四 in turn, plus one: exactly the relations through that cell that
    the report lets gklint decide fire (and GK701 where the text states that cell), nothing else."""
    if not path.is_file():
        pytest.skip("the real-report corpus (../shared/corpus) is not present")
    linter = Linter(PLUGINS, Resolver(RULESETS, Layer("test")))
    report = linter.examine(path, keep_report=True).report
    assert report is not None
    before = Counter(f.code for f in linter.lint_file(path).findings)
    lines = path.read_text(encoding="utf-8").split("\n")
    for cell in (
        c for key in ("applications", "review_litigation") if key in report.tables for c in report.tables[key].cells()
    ):
        line, start, end = cell.location.line, cell.location.column, cell.location.end_column
        if (
            not cell.ok
            or line is None
            or start is None
            or end is None
            or lines[line - 1][start - 1 : end - 1] != cell.raw
        ):
            continue
        changed = lines[:]
        changed[line - 1] = changed[line - 1][: start - 1] + str(int(cell.number) + 1) + changed[line - 1][end - 1 :]
        mutant = tmp_path / path.name
        mutant.write_text("\n".join(changed), encoding="utf-8")
        findings = linter.lint_file(mutant).findings
        after = Counter(f.code for f in findings)
        if set(after - before) <= {"GK010"} and _run_together(findings):
            continue  # a crawler's run-together digits that no longer split one way that adds up: unread

        through = {  # a relation the report already breaks keeps its finding (``before - after`` is empty)
            RELATION_CODES[b.relation]
            for b in report.all_balances()
            if b.decidable() and not b.fails() and cell.place in {c.place for c in b.cells}
        }
        new = set(after - before)
        assert through <= new <= through | {"GK701"} and not before - after, (cell.place, dict(after - before))
