from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gklint.cli import main
from gklint.testing import gklint_lint, pytest_collect_file  # noqa: F401  (the opt-in rule-case plugin)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLES = ROOT / "examples"


def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


@pytest.fixture
def seeds() -> Path:
    """The real reports beside the repository; the test skips when they are not there."""
    if not seed_files():
        pytest.skip("the seed reports (../shared/seeds) are not present")
    return SEEDS


@pytest.fixture
def seed_copy(seeds: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Copy one seed into tmp_path under its own name, to be mutated by the test."""

    def copy(prefix: str) -> Path:
        source = next(seeds.glob(f"{prefix}_*.txt"))
        target = tmp_path / source.name
        shutil.copyfile(source, target)
        return target

    return copy


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    """Run `gklint check ARGS --format json` in-process; return (exit code, parsed output)."""
    code = main(["check", *args, "--format", "json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def edited_example(folder: Path, *edits: tuple[str, str], name: str = "report.md") -> Path:
    """``examples/clean-2023.md`` with each (old, new) of ``edits`` made (each old text must be
    there), written to ``folder/name``."""
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
