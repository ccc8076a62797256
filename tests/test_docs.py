"""The documentation says what the code does."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gklint.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_rule_reference_is_generated_from_the_current_metadata() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "generate_rules.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_rule_reference_lists_exactly_the_rules_gklint_ships(capsys: pytest.CaptureFixture[str]) -> None:
    main(["plugins"])
    own = {line.split()[0] for line in capsys.readouterr().out.splitlines() if " gklint " in line}
    main(["rules", "--format", "json"])
    listed = {r["code"] for r in json.loads(capsys.readouterr().out) if r["plugin"] in own | {"gklint"}}
    index = (ROOT / "docs" / "rules" / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"\[(GK\d{3})\]", index))
    assert documented == listed
    assert all((ROOT / "docs" / "rules" / f"{code}.md").is_file() for code in documented)


def test_readme_quick_start_commands_are_the_ones_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'python -m pip install -e ".[test]" && python -m pytest' in readme
    assert 'python -m pip install --quiet -e ".[test]"' in ci and "python -m pytest" in ci
    assert "python -m pip install . && gklint check examples/" in readme
