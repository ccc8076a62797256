"""The outputs of ``gklint check``: planned (and refused) before any report is read, rendered one
by one so that a formatter that fails loses no other output, written with clear errors."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from gklint.config import ConfigError
from gklint.console import note, table, wants_color, write_stdout
from gklint.engine import real_interrupt
from gklint.formatter import OutputStyle
from gklint.layers import did_you_mean
from gklint.manager import Plugins
from gklint.model import RunResult


@dataclass(frozen=True)
class Output:
    """One output: a format, and a file (None: stdout). ``statistics`` replaces its content with
    the count of findings per rule."""

    format: str
    path: Path | None
    statistics: bool = False

    @property
    def shown(self) -> str:
        return str(self.path) if self.path else "stdout"


def plan_outputs(args: argparse.Namespace, plugins: Plugins) -> list[Output]:
    """``--format``/``-o`` and every ``--report``; unknown formats and paths that cannot be files
    are refused now, before anything is linted."""
    outputs = [Output(args.format, _file(args.output_file, "--output-file"), args.statistics)]
    for spec in args.report:
        name, _, path = spec.partition(":")
        outputs.append(Output(name, _file(path or None, "--report")))
    for output in outputs:
        if output.format not in plugins.formatters:
            known = sorted(plugins.formatters)
            hint = did_you_mean(output.format, known)
            raise ConfigError(f"unknown format {output.format!r}{hint} (known: {', '.join(known)})")
    _file(args.write_baseline, "--write-baseline")
    return outputs


def _file(name: str | None, option: str) -> Path | None:
    if not name:
        return None
    path = Path(name)
    if path.is_dir():
        raise ConfigError(f"{option}: {name} is a folder; name a file")
    parent = next((p for p in path.absolute().parents if p.exists()), None)
    if parent is not None and not parent.is_dir():
        raise ConfigError(f"{option}: cannot create {name}: {parent} is not a folder")
    return path


def write_outputs(
    outputs: list[Output], plugins: Plugins, result: RunResult, args: argparse.Namespace, sources: dict[str, str]
) -> int:
    """Render and write every output; return how many failed (each failure is said on stderr)."""
    failed = 0
    for output in outputs:
        text = _render(output, plugins, result, args, sources)
        if text is None or not _write(output, text):
            failed += 1
    return failed


def _render(
    output: Output, plugins: Plugins, result: RunResult, args: argparse.Namespace, sources: dict[str, str]
) -> str | None:
    if output.statistics:
        return statistics(result, output.format)
    formatter, plugin = plugins.formatters[output.format]
    color = output.path is None and wants_color(sys.stdout)
    style = OutputStyle(quiet=args.quiet, color=color, sources=sources)
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            text = formatter.render_styled(result, style)
        if not isinstance(text, str):
            raise TypeError(f"render returned a {type(text).__name__}, not text")
    except BaseException as exc:  # a formatter must not take the other outputs down, even with sys.exit
        if real_interrupt(exc):
            raise
        problem = f"{type(exc).__name__}: {exc}"
        note(f"格式 {output.format}（插件 {plugin}）出错 / format {output.format} of plugin {plugin} raised {problem}")
        note(f"未写入 / not written: {output.shown}")
        return None
    if printed.getvalue():
        note(f"格式 {output.format}（插件 {plugin}）向标准输出写了内容 / format {output.format} printed to stdout")
        return None
    return text


def _write(output: Output, text: str) -> bool:
    from gklint.console import StdoutGone

    try:
        if output.path is None:
            write_stdout(text)
        else:
            output.path.parent.mkdir(parents=True, exist_ok=True)
            output.path.write_text(text, encoding="utf-8", newline="\n")
    except (OSError, StdoutGone) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        note(f"无法写入 / cannot write {output.shown}: {reason}")
        return False
    return True


def statistics(result: RunResult, fmt: str) -> str:
    """The count of findings per rule, most frequent first (``--statistics``): JSON for the JSON
    formats, else a table."""
    counts = Counter((f.code, f.name, f.severity.label) for f in result.findings)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if fmt.startswith("json"):
        data = [{"code": c, "name": n, "severity": s, "count": k} for (c, n, s), k in rows]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if not rows:
        return ""
    return table([(k, c, n, s) for (c, n, s), k in rows], ["count", "code", "name", "severity"], numbers=True) + "\n"
