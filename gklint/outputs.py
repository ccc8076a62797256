"""The outputs of ``gklint check``: planned (and refused) before any report is read, rendered one
by one so that a formatter that fails loses no other output, written with clear errors."""

from __future__ import annotations

import argparse
import io
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gklint.config import ConfigError
from gklint.console import StdoutGone, note, table, wants_color, write_stdout
from gklint.engine import real_interrupt
from gklint.formatter import FileStream, OutputStyle
from gklint.layers import did_you_mean
from gklint.manager import Plugins
from gklint.model import FileResult, RunResult


@dataclass(eq=False, repr=False)
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
            if output.format.startswith("ormat"):  # -format json: -f with the value "ormat"
                hint = "; did you mean --format (two dashes)?"
            raise ConfigError(f"unknown format {output.format!r}{hint} (known: {', '.join(known)})")
    if args.statistics and args.format not in STATISTICS_FORMATS:
        raise ConfigError(
            f"--statistics prints a table, or JSON with --format json or json-lines; it cannot be written as "
            f"{args.format} (add --report {args.format}:FILE for the findings themselves)"
        )
    _one_output_a_place(outputs)
    _file(args.write_baseline, "--write-baseline")
    return outputs


STATISTICS_FORMATS = ("text", "concise", "json", "json-lines")


def _one_output_a_place(outputs: list[Output]) -> None:
    """Two outputs in one file would leave only the last; two on stdout, text no program can read."""
    on_stdout = [output.format for output in outputs if output.path is None]
    if len(on_stdout) > 1:
        raise ConfigError(
            f"{len(on_stdout)} outputs ({', '.join(on_stdout)}) would go to stdout together; "
            "give all but one a file: --report FORMAT:PATH"
        )
    seen: dict[Path, str] = {}
    for output in outputs:
        if output.path is None:
            continue
        place = output.path.absolute()
        if place in seen:
            raise ConfigError(f"{seen[place]} and {output.format} would both be written to {output.path}")
        seen[place] = output.format


def _file(name: str | None, option: str) -> Path | None:
    if not name:
        return None
    path = Path(name)
    if path.is_dir():
        raise ConfigError(f"{option}: {name} is a folder; name a file")
    parent = next((p for p in path.absolute().parents if p.exists()), None)
    if parent is not None and not parent.is_dir():
        raise ConfigError(f"{option}: cannot create {name}: {parent} is not a folder")
    try:  # the folder the output goes to, made now: a place it cannot be made is refused before the run
        path.absolute().parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"{option}: cannot create {name}: {exc.strerror or exc}") from None
    return path


def write_outputs(
    outputs: list[Output],
    plugins: Plugins,
    result: RunResult,
    args: argparse.Namespace,
    sources: dict[str, str],
    streamed: StreamedOutput | None = None,
) -> int:
    """Render and write every output (the first one's end only, when it was streamed); return how
    many failed (each failure is said on stderr)."""
    failed = 0
    for number, output in enumerate(outputs):
        if number == 0 and streamed is not None:
            failed += not streamed.end(result)
            continue
        text = _render(output, plugins, result, args, sources)
        if text is None or not _write(output, text):
            failed += 1
    return failed


class StreamedOutput:
    """The first output printed on stdout file by file while the run goes on, when its format can
    (``Formatter.stream``); the whole of it is what the format would write at the end."""

    def __init__(self, output: Output, stream: FileStream, plugin: str, write: Callable[[str], None]) -> None:
        self.output = output
        self.stream: FileStream | None = stream
        self.plugin = plugin
        self.write = write  # stdout as it was before the run (plugins' prints are caught meanwhile)
        self.before_write: Callable[[], None] = lambda: None  # e.g. erase a progress bar
        self.printed = io.StringIO()  # what the formatter prints: one for the run (it fails once, at most)

    @classmethod
    def open(
        cls, outputs: list[Output], plugins: Plugins, args: argparse.Namespace, lang: str
    ) -> StreamedOutput | None:
        output = outputs[0]
        if output.path is not None or output.statistics:
            return None
        formatter, plugin = plugins.formatters[output.format]
        style = OutputStyle(quiet=args.quiet, color=wants_color(sys.stdout))
        sources = plugins.source_traits()
        header = RunResult((), {}, "", lang=lang, sources=sources)  # the run before any file is done
        stream = _guarded(output, plugin, lambda: formatter.stream(header, style))
        stdout = sys.stdout
        return None if stream is None else cls(output, stream, plugin, lambda text: write_stdout(text, stdout))

    def file(self, result: FileResult) -> None:
        if self.stream is not None:
            self._put(_guarded(self.output, self.plugin, self.stream.file, result, self.printed))

    def end(self, run: RunResult) -> bool:
        if self.stream is None:
            return False
        return self._put(_guarded(self.output, self.plugin, self.stream.end, run, self.printed))

    def _put(self, text: str | None) -> bool:
        if text is None:
            self.stream = None  # a formatter that failed once writes nothing more
            return False
        if text:
            self.before_write()
            try:
                self.write(text)
            except StdoutGone as exc:
                note(f"无法写入 / cannot write stdout: {exc}")
                self.stream = None
                return False
        return True


_NOTHING = object()


def _guarded(
    output: Output, plugin: str, make: Callable[..., Any], argument: Any = _NOTHING, printed: io.StringIO | None = None
) -> Any:
    """``make()`` (or ``make(argument)``), or None when the formatter fails (said on stderr) or
    prints instead of returning; what it prints goes to ``printed``, which must be empty."""
    printed = io.StringIO() if printed is None else printed
    saved, sys.stdout = sys.stdout, printed  # as redirect_stdout does, without a context object each file
    try:
        value = make() if argument is _NOTHING else make(argument)
        if value is not None and not isinstance(value, (str, FileStream)):
            raise TypeError(f"returned a {type(value).__name__}, not text")
    except BaseException as exc:  # a formatter must not take the run down, even with sys.exit
        if real_interrupt(exc):
            raise
        problem = f"{type(exc).__name__}: {exc}"
        note(f"格式 {output.format}（插件 {plugin}）出错 / format {output.format} of plugin {plugin} raised {problem}")
        return None
    finally:
        sys.stdout = saved
    if printed.tell():
        note(f"格式 {output.format}（插件 {plugin}）向标准输出写了内容 / format {output.format} printed to stdout")
        return None
    return value


def _render(
    output: Output, plugins: Plugins, result: RunResult, args: argparse.Namespace, sources: dict[str, str]
) -> str | None:
    if output.statistics:
        return statistics(result, output.format)
    formatter, plugin = plugins.formatters[output.format]
    color = output.path is None and wants_color(sys.stdout)
    style = OutputStyle(quiet=args.quiet, color=color, sources=sources)
    text = _guarded(output, plugin, lambda: _text(formatter.render_styled(result, style)))
    if text is None:
        note(f"未写入 / not written: {output.shown}")
    return text


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"render returned a {type(value).__name__}, not text")
    return value


def _write(output: Output, text: str) -> bool:
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
        import json  # only a JSON output needs it

        if fmt == "json-lines":  # one record a line, as the format's findings are
            return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in data)
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if not rows:
        return ""
    return table([(k, c, n, s) for (c, n, s), k in rows], ["count", "code", "name", "severity"], numbers=True) + "\n"
