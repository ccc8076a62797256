"""The rulesets gklint ships: YAML files beside this module, installed as ``gklint.rulesets``."""

from __future__ import annotations

from pathlib import Path

from gklint.plugin import hookimpl

HERE = Path(__file__).resolve().parent


@hookimpl
def gklint_rulesets() -> list[Path]:
    return sorted(HERE.glob("*.yaml"))
