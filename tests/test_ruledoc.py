"""One renderer of a rule's documentation: every medium says the same things from the metadata."""

from __future__ import annotations

from gklint.plugin import Parameter, RuleInfo, Severity, help_markdown, help_text
from gklint.ruledoc import plain_text, reference_page

INFO = RuleInfo(
    code="XX101",
    name="row-total",
    severity=Severity.ERROR,
    summary="合计不等于各项之和",
    summary_en="the total is not the sum",
    explanation="总计应等于各栏之和。",
    bad_example="总计 2\n各项 3",
    good_example="总计 3",
    parameters={"tolerance": Parameter(0, "允许的误差", "allowed difference", choices=(0, 1))},
    plugin="example",
    help_url="https://example.org/XX101",
)


def test_every_medium_carries_summary_explanation_examples_and_options() -> None:
    for rendered in (plain_text(INFO), help_text(INFO), help_markdown(INFO), reference_page(INFO, {})):
        for said in ("合计不等于各项之和", "the total is not the sum", "总计应等于各栏之和。", "各项 3", "tolerance"):
            assert said in rendered


def test_examples_are_indented_as_text_and_fenced_as_markdown() -> None:
    assert "不符合 / fails:\n    总计 2\n    各项 3" in plain_text(INFO)
    assert "不符合 / fails:\n    总计 2\n    各项 3" in help_text(INFO)
    assert "不符合 / fails:\n\n```text\n总计 2\n各项 3\n```" in help_markdown(INFO)
    assert "## 不符合 / Fails\n\n```text\n总计 2\n各项 3\n```" in reference_page(INFO, {})


def test_the_terminal_names_choices_and_both_languages_of_an_option() -> None:
    assert "参数 / option tolerance = 0 (0 | 1): 允许的误差 allowed difference" in plain_text(INFO)


def test_a_rule_without_examples_or_options_has_no_empty_sections() -> None:
    bare = RuleInfo("XX102", "bare", Severity.INFO, "摘要", "summary")
    for rendered in (plain_text(bare), help_text(bare), help_markdown(bare), reference_page(bare, {})):
        assert "fails" not in rendered.lower() and "option" not in rendered.lower()
    assert help_text(bare) == "XX102 bare: 摘要\n\nsummary"


def test_messages_appear_only_on_the_reference_page() -> None:
    page = reference_page(INFO, {"unbalanced": ("第{n}行不平衡", "row {n} does not balance")})
    assert "| `unbalanced` | 第{n}行不平衡 | row {n} does not balance |" in page
    assert "https://example.org/XX101" in help_text(INFO) and "(https://example.org/XX101)" in help_markdown(INFO)
