"""Generate the rule reference (docs/rules/) from the rules' own metadata.

    python docs/generate_rules.py          # rewrite docs/rules/
    python docs/generate_rules.py --check  # exit 1 when docs/rules/ is out of date (the tests do this)

Only gklint's own rules are documented here; a plugin documents its rules in its own package.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from gklint.engine import KERNEL_RULES
from gklint.manager import load_plugins
from gklint.rule import RuleInfo

OUT = Path(__file__).resolve().parent / "rules"
FAMILIES = {
    "GK0": "内核 / kernel",
    "GK1": "结构与单元格 / structure and cells",
    "GK2": "合计 / totals",
    "GK3": "统计期限与日期 / period and dates",
    "GK4": "结转 / carry-over",
    "GK5": "收费 / fees",
    "GK6": "跨年度 / cross-year",
    "GK7": "正文与表格 / narrative",
}


def gklint_rules() -> dict[str, RuleInfo]:
    """Every rule of the kernel and of gklint's own built-in plugins, by code."""
    plugins = load_plugins()
    own = {r.name for r in plugins.records if r.distribution == "gklint"}
    infos = {code: info for code, info in plugins.rule_infos().items() if info.plugin in own}
    return dict(sorted({**KERNEL_RULES, **infos}.items()))


def yaml_value(value: object) -> str:
    """A default as it is written in .gklint.yaml (lists and strings in flow style)."""
    if isinstance(value, (list, tuple, str)):
        return json.dumps(list(value) if not isinstance(value, str) else value, ensure_ascii=False)
    return str(value)


def rule_page(info: RuleInfo, messages: dict[str, tuple[str, str]]) -> str:
    lines = [f"# {info.code} {info.name}", "", f"**{info.summary}**", "", f"*{info.summary_en}*", ""]
    lines += [f"- 默认严重程度 / default severity: `{info.severity.label}`", f"- 插件 / plugin: `{info.plugin}`", ""]
    if info.explanation:
        lines += ["## 说明 / What it checks", "", info.explanation, ""]
    if info.bad_example:
        lines += ["## 不符合 / Fails", "", "```text", info.bad_example, "```", ""]
    if info.good_example:
        lines += ["## 符合 / Passes", "", "```text", info.good_example, "```", ""]
    if info.parameters:
        lines += ["## 参数 / Options", "", "| 参数 option | 默认值 default | 说明 description |", "| --- | --- | --- |"]
        for name, param in info.parameters.items():
            lines.append(f"| `{name}` | `{yaml_value(param.default)}` | {param.description} {param.description_en} |")
        lines += ["", "```yaml", "# .gklint.yaml", "rules:", f"  {info.code}:"]
        lines += [f"    {name}: {yaml_value(param.default)}" for name, param in info.parameters.items()]
        lines += ["```", ""]
    if messages:
        lines += ["## 消息 / Messages", "", "| id | 中文 | English |", "| --- | --- | --- |"]
        for message_id, (zh, en) in messages.items():
            lines.append(f"| `{message_id}` | {zh} | {en} |".replace("\n", " "))
        lines.append("")
    lines += ["关闭或调整 / turn off or adjust: `--ignore " + info.code + "`, or in `.gklint.yaml`:", ""]
    lines += ["```yaml", "severity:", f"  {info.code}: off   # or error / warning / info", "```", ""]
    return "\n".join(lines)


def index_page(rules: dict[str, RuleInfo]) -> str:
    lines = [
        "# 规则参考 / Rule reference",
        "",
        "Generated from the rules' metadata by `docs/generate_rules.py`; do not edit.",
        "",
    ]
    family = ""
    for code, info in rules.items():
        if code[:3] != family:
            family = code[:3]
            lines += ["", f"## {FAMILIES.get(family, family)}", "", "| code | name | severity | summary |",
                      "| --- | --- | --- | --- |"]  # fmt: skip
        lines.append(f"| [{code}]({code}.md) | {info.name} | {info.severity.label} | {info.summary} |")
    return "\n".join(lines) + "\n"


def pages() -> dict[str, str]:
    rules = gklint_rules()
    plugins = load_plugins()
    classes = {code: rule for code, (rule, _) in plugins.rules.items()}
    out = {"README.md": index_page(rules)}
    for code, info in rules.items():
        messages = dict(classes[code].messages) if code in classes else {}
        out[f"{code}.md"] = rule_page(info, messages)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="exit 1 when docs/rules/ is out of date")
    args = parser.parse_args()
    wanted = pages()
    present = {p.name: p.read_text(encoding="utf-8") for p in OUT.glob("*.md")} if OUT.is_dir() else {}
    if args.check:
        stale = sorted(n for n in wanted.keys() | present.keys() if wanted.get(n) != present.get(n))
        if stale:
            print("docs/rules is out of date; run python docs/generate_rules.py: " + ", ".join(stale))
            return 1
        return 0
    OUT.mkdir(exist_ok=True)
    for name in present.keys() - wanted.keys():
        (OUT / name).unlink()
    for name, text in wanted.items():
        (OUT / name).write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {len(wanted)} pages to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
