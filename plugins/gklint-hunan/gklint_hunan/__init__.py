"""gklint 湖南省插件 · the Hunan province plugin for gklint.

Rules ``HN…`` for what Hunan's reports must do beyond the national format, and the ``hunan``
ruleset that turns them on (``gklint check --ruleset hunan``). Registered under the ``gklint``
entry-point group as ``hunan``; it imports nothing of gklint but ``gklint.plugin``.
"""

from __future__ import annotations

from pathlib import Path

from gklint.plugin import Rule, hookimpl
from gklint_hunan.deadline import TownshipLatePublication
from gklint_hunan.fees import FeeNoticeCitation

HERE = Path(__file__).resolve().parent


@hookimpl
def gklint_rules() -> list[type[Rule]]:
    return [FeeNoticeCitation, TownshipLatePublication]


@hookimpl
def gklint_rulesets() -> list[Path]:
    return [HERE / "hunan.yaml"]
