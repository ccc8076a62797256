"""A rule's documentation, rendered from its metadata in one place for every medium.

``gklint rule CODE`` prints ``plain_text``; the rule reference (``docs/rules/``) is made of
``reference_page``; SARIF carries ``help_text`` and ``help_markdown``. Each says the same things in
the same order (summary, explanation, the failing and the passing example, the options) with the
same bilingual labels; only the markup differs.
"""

from __future__ import annotations

from collections.abc import Mapping

from gklint.config import ALWAYS_REPORTED
from gklint.diagnostics import KERNEL
from gklint.rule import Parameter, RuleInfo

FAILS = "不符合 / fails"
PASSES = "符合 / passes"


def examples(info: RuleInfo) -> list[tuple[str, str]]:
    """(label, example) for the failing and the passing example the rule gives."""
    return [(label, text) for label, text in ((FAILS, info.bad_example), (PASSES, info.good_example)) if text]


def indented(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def yaml_value(value: object) -> str:
    """A default as it is written in .gklint.yaml (lists and strings in flow style)."""
    if isinstance(value, (list, tuple, str)):
        import json  # only the rule reference asks

        return json.dumps(list(value) if not isinstance(value, str) else value, ensure_ascii=False)
    return str(value)


def _choices(param: Parameter) -> str:
    return f" ({' | '.join(map(str, param.choices))})" if param.choices else ""


# --------------------------------------------------------------------------- the terminal


def plain_text(info: RuleInfo) -> str:
    """What ``gklint rule CODE`` prints."""
    lines = [f"{info.code} {info.name} [{info.severity.label}] ({info.plugin})", "", info.summary, info.summary_en, ""]
    if info.explanation:
        lines += [info.explanation, ""]
    for label, text in examples(info):
        lines += [f"{label}:", indented(text), ""]
    for name, param in info.parameters.items():
        described = f"{param.description} {param.description_en}"
        lines.append(f"参数 / option {name} = {param.default!r}{_choices(param)}: {described}".rstrip())
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- SARIF help


def help_text(info: RuleInfo) -> str:
    """SARIF's ``help.text``."""
    parts = [f"{info.code} {info.name}: {info.summary}", info.summary_en, info.explanation]
    parts += [f"{label}:\n" + indented(text) for label, text in examples(info)]
    parts += [f"参数 / option {n} = {p.default!r}: {p.description}" for n, p in info.parameters.items()]
    parts.append(info.url)
    return "\n\n".join(p for p in parts if p)


def help_markdown(info: RuleInfo) -> str:
    """SARIF's ``help.markdown``."""
    parts = [f"**{info.code} {info.name}**: {info.summary}", info.summary_en, info.explanation]
    parts += [f"{label}:\n\n```text\n{text}\n```" for label, text in examples(info)]
    options = [f"- `{n}` = `{p.default!r}`: {p.description}" for n, p in info.parameters.items()]
    if options:
        parts.append("参数 / options:\n\n" + "\n".join(options))
    if info.url:
        parts.append(f"[规则说明 / rule documentation]({info.url})")
    return "\n\n".join(p for p in parts if p)


# --------------------------------------------------------------------------- the rule reference

_PAGE_HEADINGS = {FAILS: "## 不符合 / Fails", PASSES: "## 符合 / Passes"}


def reference_page(info: RuleInfo, messages: Mapping[str, tuple[str, str]]) -> str:
    """The page of ``docs/rules/CODE.md``."""
    lines = [f"# {info.code} {info.name}", "", f"**{info.summary}**", "", f"*{info.summary_en}*", ""]
    lines += [f"- 默认严重程度 / default severity: `{info.severity.label}`", f"- 插件 / plugin: `{info.plugin}`", ""]
    if info.explanation:
        lines += ["## 说明 / What it checks", "", info.explanation, ""]
    shown = examples(info)
    for label, text in shown:
        lines += [_PAGE_HEADINGS[label], "", "```text", text, "```", ""]
    if shown and info.plugin != KERNEL:  # the kernel's examples are kinds of file, not lines
        lines += [_EXCERPTS, ""]
    if info.parameters:
        lines += _options_section(info)
    if messages:
        lines += ["## 消息 / Messages", "", "| id | 中文 | English |", "| --- | --- | --- |"]
        for message_id, (zh, en) in messages.items():
            lines.append(f"| `{message_id}` | {zh} | {en} |".replace("\n", " "))
        lines.append("")
    if info.code in ALWAYS_REPORTED:
        lines += [_NEVER_HIDDEN, ""]
        return "\n".join(lines)
    lines += ["关闭或调整 / turn off or adjust: `--ignore " + info.code + "`, or in `.gklint.yaml`:", ""]
    lines += ["```yaml", "severity:", f"  {info.code}: off   # or error / warning / info", "```", ""]
    return "\n".join(lines)


_EXCERPTS = (
    "*示例只是报告中相关的几行，不是完整的报告：要试一试，请把它放到一份完整报告（如 `examples/clean-2023.md`）"
    "的相应位置。 The examples are the lines that matter, not whole reports: to try one, put it in its "
    "place in a whole report such as `examples/clean-2023.md`.*"
)
_NEVER_HIDDEN = (
    "该发现项不能关闭、忽略或调整严重程度（`--ignore`、`severity`、抑制注释和基线都不适用）：程序出错从不被隐藏。"
    " It cannot be turned off, ignored or regraded (`--ignore`, `severity`, suppression comments and "
    "baselines do not apply to it): a crash is never hidden."
)


def _options_section(info: RuleInfo) -> list[str]:
    lines = ["## 参数 / Options", "", "| 参数 option | 默认值 default | 说明 description |", "| --- | --- | --- |"]
    for name, param in info.parameters.items():
        lines.append(f"| `{name}` | `{yaml_value(param.default)}` | {param.description} {param.description_en} |")
    lines += ["", "```yaml", "# .gklint.yaml", "rules:", f"  {info.code}:"]
    lines += [f"    {name}: {yaml_value(param.default)}" for name, param in info.parameters.items()]
    return [*lines, "```", ""]
