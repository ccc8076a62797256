"""The rule test kit refuses what the command line refuses, so that a typo in a test fails the
test instead of quietly checking nothing: a code no rule has, a misspelt option, an unknown key of
a YAML case or of its ``expect``, a case without ``expect``."""

from __future__ import annotations

from pathlib import Path

import pytest

from gklint.config import ConfigError
from gklint.testing import base_report, lint_text, load_cases, run_case

FEE_CASE = """
rule: GK504
cases:
  notice-denied:
    base: clean
    replace:
      "本局2023年度未收取信息处理费。": "本年度未发出收费通知。"
    {key}: []
"""


@pytest.mark.parametrize(
    ("select", "options", "words"),
    [
        ("ZJ999", None, ["ZJ999"]),
        ("GK502", {"GK502": {"max_amout": 100}}, ["max_amout", "max_amount"]),
    ],
)
def test_lint_text_refuses_what_the_command_line_refuses(
    select: str, options: dict[str, dict[str, int]] | None, words: list[str]
) -> None:
    with pytest.raises(ConfigError) as raised:
        lint_text(base_report(), select=select, options=options)
    assert all(word in str(raised.value) for word in words), str(raised.value)


def test_a_yaml_case_with_a_misspelt_key_is_refused(tmp_path: Path) -> None:
    cases = tmp_path / "rules_fee.yaml"
    cases.write_text(FEE_CASE.format(key="expcet"), encoding="utf-8")

    with pytest.raises(ValueError, match="expcet"):
        list(load_cases(cases))


def test_an_expected_message_id_is_compared(tmp_path: Path) -> None:
    cases = tmp_path / "rules_fee.yaml"
    cases.write_text(FEE_CASE.format(key="expect"), encoding="utf-8")
    (case,) = load_cases(cases)
    found = lint_text(base_report().replace("本局2023年度未收取信息处理费。", "本年度未发出收费通知。"), select="GK504")
    assert found, "the base case must find something for this test to mean anything"

    case.expect[:] = [{"code": f.code, "message_id": f.message_id} for f in found]
    run_case(case)
    case.expect[0]["message_id"] = "no-such-message"
    with pytest.raises(AssertionError):
        run_case(case)
