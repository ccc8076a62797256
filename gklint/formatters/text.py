"""``text``: one line per finding, ``path:line:col: CODE [severity] message``, then a summary."""

from __future__ import annotations

from collections import Counter

from gklint.plugin import Finding, Formatter, RunResult, hookimpl

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def position(finding: Finding) -> str:
    """``12:5`` for text, ``p.3`` for PDF, the element for DOCX; empty when document-wide."""
    return finding.location.describe()


def finding_line(finding: Finding, lang: str) -> str:
    where = position(finding)
    head = f"{finding.path}:{where}:" if where else f"{finding.path}:"
    return f"{head} {finding.code} [{finding.severity.label}] {finding.text(lang)}"


def summary(run: RunResult) -> str:
    from tabulate import tabulate

    findings = list(run.findings)
    counts = Counter((f.code, f.name, f.severity.label) for f in findings)
    lines = []
    if counts:
        rows = [(code, name, severity, n) for (code, name, severity), n in sorted(counts.items())]
        lines.append(tabulate(rows, headers=["code", "name", "severity", "count"]))
    by_severity = Counter(f.severity.label for f in findings)
    files = sum(1 for r in run.files if r.findings)
    detail = "，".join(f"{SEVERITY_ZH[s]} {by_severity[s]}" for s in ("error", "warning", "info") if by_severity[s])
    if run.lang == "en":
        detail_en = ", ".join(f"{by_severity[s]} {s}" for s in ("error", "warning", "info") if by_severity[s])
        lines.append(f"{len(findings)} findings in {files} of {len(run.files)} files" + (f" ({detail_en})" if detail_en else ""))
    else:
        lines.append(f"检查 {len(run.files)} 个文件，{files} 个文件有问题，共 {len(findings)} 项" + (f"（{detail}）" if detail else ""))
    return "\n".join(lines)


class TextFormatter(Formatter):
    name = "text"
    description = "one line per finding, then a summary table (the default)"
    file_extension = ".txt"
    human_readable = True

    def render(self, run: RunResult) -> str:
        lines = [finding_line(f, run.lang) for f in run.findings]
        if lines:
            lines.append("")
        lines.append(summary(run))
        return "\n".join(lines) + "\n"


@hookimpl
def gklint_formatters() -> list[Formatter]:
    return [TextFormatter()]
