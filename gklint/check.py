"""``gklint check``: everything that can be wrong with the request is found before any report is
read (paths, formats, outputs, every configuration the run uses); then the reports are linted,
every output is written, and the exit code says what happened:

0 nothing at or above each file's ``fail-on``; 1 findings that fail; 2 a usage or configuration
error, a plugin that failed, an output that could not be written, or an internal error (GK099)
anywhere in the run (after everything else is printed; ``--exit-zero`` does not hide it).
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import io
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from gklint import __version__
from gklint.cache import Cache, cache_dir, code_stamp
from gklint.config import ALWAYS_REPORTED, ConfigError, Layer, Resolver, Settings, parse_codes
from gklint.console import Exit, note
from gklint.digest import sha256_hex
from gklint.discovery import Target, discover, display_path
from gklint.executors import executor_from, executor_options
from gklint.formatter import printable_path
from gklint.layers import LIMIT_KEYS, parse_limit
from gklint.manager import Plugins
from gklint.model import RunResult, Severity
from gklint.options import check_layers
from gklint.outputs import Output, StreamedOutput, plan_outputs, write_outputs
from gklint.paths import first_of_each_folder
from gklint.progress import progress_bar
from gklint.runner import Linter
from gklint.suppression import Baseline

STDIN = "-"


def rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", help="use this configuration file (no search for .gklint.yaml)")
    parser.add_argument("--ruleset", help="base ruleset (default: the config's `extends`, else national)")
    parser.add_argument("--select", action="append", help="rule codes or prefixes to check (e.g. GK2,GK401)")
    parser.add_argument("--ignore", action="append", help="rule codes or prefixes to skip")


def jobs_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--jobs", "-j", type=_job_count, default=0, help="parallel processes (0: automatic)")


def _job_count(text: str) -> int:
    count = int(text) if text.strip().lstrip("-").isdecimal() else -1
    if count < 0:
        raise argparse.ArgumentTypeError(f"{text}: give a number of processes, or 0 to choose automatically")
    return count


def budget_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timeout", metavar="SECONDS", help="time limit per file (default 30; 0: none)")
    parser.add_argument("--memory-limit", metavar="SIZE", help="memory limit per file (default 1GiB; 0: none)")
    parser.add_argument("--max-file-size", metavar="SIZE", help="larger files are not read (default 200MB; 0: none)")


def selection_options(parser: argparse.ArgumentParser) -> None:
    rule_options(parser)
    parser.add_argument("--fail-on", choices=["error", "warning", "info", "never"], help="exit 1 from this severity")
    parser.add_argument("--lang", choices=["zh", "en"], help="language of messages (default zh)")


def arguments(check: argparse.ArgumentParser) -> None:
    check.add_argument("paths", nargs="*", default=["."], help="files or directories (default: .); - reads stdin")
    check.add_argument("--format", "-f", default="text", help="output format (see `gklint formats`)")
    check.add_argument("--output-file", "-o", help="write the output to this file instead of stdout")
    check.add_argument(
        "--report", action="append", default=[], metavar="FORMAT[:PATH]", help="an extra output; repeatable"
    )
    selection_options(check)
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings fail the run")
    check.add_argument("--quiet", "-q", action="store_true", help="print the findings only: no summary, no notes")
    check.add_argument("--statistics", action="store_true", help="print only the count of findings per rule")
    check.add_argument("--exclude", action="append", metavar="PATTERN", help="files to leave out (replaces config)")
    check.add_argument("--extend-exclude", action="append", metavar="PATTERN", help="more files to leave out")
    check.add_argument("--force-exclude", action="store_true", help="exclude matching files named explicitly too")
    check.add_argument("--stdin-filename", metavar="NAME", help="the name of the report read from stdin (-)")
    check.add_argument(
        "--skip-non-reports",
        action="store_true",
        help="list files that are not annual reports as skipped, even when named (pre-commit names every file)",
    )
    check.add_argument("--published", metavar="YYYY-MM-DD", help="publication date, for GK305 (late publication)")
    check.add_argument(
        "--history", action="append", default=[], metavar="DIR", help="earlier years' reports, for cross-year rules"
    )
    check.add_argument("--baseline", metavar="FILE", help="accept the findings listed in this baseline file")
    check.add_argument("--write-baseline", metavar="FILE", help="write the current findings as a baseline and exit 0")
    jobs_option(check)
    executor_options(check)
    budget_options(check)
    check.add_argument("--no-cache", action="store_true", help="neither read nor write the content cache")
    check.add_argument("--cache-dir", metavar="DIR", help="the content cache's folder (default: .gklint_cache)")
    check.add_argument("--show-skipped", action="store_true", help="list every skipped non-report on stderr")
    fixing = check.add_mutually_exclusive_group()
    fixing.add_argument("--fix", action="store_true", help="apply the suggested fixes (not to PDF), then re-lint")
    fixing.add_argument("--diff", action="store_true", help="show the suggested fixes as a unified diff")


def resolver_from(args: argparse.Namespace, plugins: Plugins) -> Resolver:
    """The settings of the run: the flags as the top layer over each file's configuration."""
    cli = Layer("command line", where={key: f"--{key}: " for key in ("select", "ignore", "exclude")})
    if args.select:
        cli.select = parse_codes(args.select, "--select: ")
    cli.ignore = parse_codes(args.ignore, "--ignore: ")
    if args.fail_on:
        cli.fail_on = None if args.fail_on == "never" else Severity.parse(args.fail_on)
    cli.lang = args.lang or ""
    if getattr(args, "exclude", None):
        cli.exclude = tuple(args.exclude)
    cli.extend_exclude = tuple(getattr(args, "extend_exclude", None) or ())
    for key, field in LIMIT_KEYS.items():
        value = getattr(args, key.replace("-", "_"), None)
        if value is not None:
            cli.limits[field] = parse_limit(key, value, f"--{key}: ")
    config = Path(args.config) if args.config else None
    if config is not None and not config.is_file():
        raise ConfigError(f"--config: no such file: {config}")
    rulesets = {name: path for name, (path, _) in plugins.rulesets.items()}
    return Resolver(rulesets, cli, config, args.ruleset, jobs=getattr(args, "jobs", 0))


def content_cache(plugins: Plugins, folder: str) -> Cache | None:
    """The cache for this gklint, these plugins (their versions and their code) and this folder;
    None outside a project when no folder is named."""
    where = cache_dir(folder)
    if where is None:
        return None
    loaded = ((r.name, f"{r.distribution} {r.version} {'not loaded' if r.error else ''}") for r in plugins.records)
    versions = [("gklint", __version__), *loaded, ("rules", " ".join(sorted(plugins.keys("gklint_rules"))))]
    installed = ("installation", sha256_hex(plugins.installation.encode("utf-8", "surrogateescape")))
    return Cache.for_versions(where, [*versions, installed, ("code", code_stamp(plugins.code_files()))])


def check_configuration(resolver: Resolver, plugins: Plugins, files: Sequence[Path | str], found: bool = False) -> None:
    """Load the configuration of every file (and the run's own) and check it against the plugins
    (``found``: the files were found on disk, so none of them is a folder)."""
    from gklint.diagnostics import KERNEL_RULES

    resolver.run_settings()
    if found:  # files: one of each folder stands for the folder's files
        files = first_of_each_folder(os.fspath(path) for path in files)
    for path in files:
        resolver.layers(path, is_file=found)
    check_layers(resolver.loaded_layers(), {**KERNEL_RULES, **plugins.rule_infos()})


def published(text: str | None) -> str:
    if not text:
        return ""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ConfigError(f"--published: not a date (YYYY-MM-DD): {text!r}") from None


@dataclass(eq=False, repr=False)
class StdinReport:
    """A report read from standard input, kept in a temporary file while it is linted."""

    name: str  # as findings show it: --stdin-filename, or "-"
    text: str  # for the source lines under findings
    path: Path  # the temporary file

    @classmethod
    @contextlib.contextmanager
    def read(cls, name: str | None, linter: Linter, resolver: Resolver) -> Iterator[StdinReport]:
        data = sys.stdin.buffer.read()
        suffix = Path(name).suffix if name else _sniffed_suffix(linter, data[:512])
        shown = display_path(Path(name)) if name else STDIN
        import tempfile  # only for standard input; it imports shutil, random and more

        with tempfile.TemporaryDirectory(prefix="gklint-stdin-") as folder:
            path = Path(folder) / f"stdin{suffix}"
            path.write_bytes(data)
            resolver.aliases[path] = Path(name) if name else Path.cwd() / "stdin"
            yield cls(shown, data.decode("utf-8", errors="replace"), path)

    def rename(self, run: RunResult) -> RunResult:
        """The run with the temporary file's path replaced by the name given."""
        from dataclasses import replace

        temporary = display_path(self.path)
        files = tuple(
            replace(r.revised(lambda f: replace(f, path=self.name)), path=self.name) if r.path == temporary else r
            for r in run.files
        )
        return replace(run, files=files)


def _sniffed_suffix(linter: Linter, head: bytes) -> str:
    for reader, _ in linter.plugins.readers:
        with contextlib.suppress(Exception):
            if reader.suffixes and reader.sniff(head):
                return reader.suffixes[0]
    return ".txt"


def find_targets(args: argparse.Namespace, linter: Linter, resolver: Resolver) -> list[Target]:
    paths = [p for p in args.paths if p != STDIN]
    missing = [p for p in paths if not os.path.lexists(p)]  # a symlink loop is the runner's to report
    if missing:
        raise ConfigError(f"no such file or directory: {', '.join(missing)}")
    for folder in args.history:
        if not Path(folder).is_dir():
            raise ConfigError(f"--history: no such folder: {folder}")
    targets = discover(paths, linter.suffixes(), resolver, args.force_exclude)
    named = [p for p in paths if not Path(p).is_dir()]
    if not targets and named and args.force_exclude:
        note("指定的文件都已被排除 / every file named is excluded (--force-exclude): nothing to check")
    elif not targets and STDIN not in args.paths:
        suffixes = " ".join(sorted(linter.suffixes()))
        raise ConfigError(
            f"在 {', '.join(paths)} 中没有找到报告文件 / no report files found in {', '.join(paths)} "
            f"(looked for {suffixes}; excluded and .gitignored files are left out)"
        )
    return targets


def run(args: argparse.Namespace, plugins: Plugins) -> int:
    outputs = plan_outputs(args, plugins)
    resolver = resolver_from(args, plugins)
    draws_tables = any(plugins.formatters[output.format][0].draws_tables for output in outputs)
    linter = Linter(
        plugins,
        resolver,
        args.skip_non_reports,
        published(args.published),
        keep_tables=draws_tables,
        budget=resolver.run_settings().budget,
        cache=None if args.no_cache else content_cache(plugins, args.cache_dir or resolver.run_settings().cache_dir),
        executor=executor_from(args),
    )
    targets = find_targets(args, linter, resolver)
    stdin_name = Path(args.stdin_filename or "stdin") if STDIN in args.paths else None
    folders = first_of_each_folder(t.name for t in targets)  # a file of each folder: its settings stand for all
    check_configuration(resolver, plugins, folders, found=True)
    if stdin_name is not None:
        check_configuration(resolver, plugins, [stdin_name])
    baseline = Baseline.load(Path(args.baseline)) if args.baseline else None
    with contextlib.ExitStack() as stack:
        stack.enter_context(linter.executor)
        stdin = None
        if stdin_name is not None:
            stdin = stack.enter_context(StdinReport.read(args.stdin_filename, linter, resolver))
            targets = [*targets, Target.of(stdin.path, True)]
        lang = _run_language(args, resolver, folders if stdin is None else [*folders, targets[-1].name])
        streamed = None if stdin or not _streams(args) else StreamedOutput.open(outputs, plugins, args, lang)
        result = _lint(linter, args, targets, lang, streamed)
        if args.diff or args.fix:  # --diff / --fix: the fixes findings suggest, never to stdin
            from gklint.fixes import apply_fixes, show_diff  # lazily: lxml, which a plain check does not need

            on_disk = [r for r in result.files if stdin is None or r.path != display_path(stdin.path)]
            if args.diff:
                return show_diff(on_disk, args.quiet)
            if apply_fixes(on_disk, args.quiet):
                result = _lint(linter, args, targets, lang)
        if stdin is not None:
            result = stdin.rename(result)
        found = targets[:-1] if stdin is not None else targets  # in the order of their shown names
        extra = {stdin.name: stdin.path} if stdin is not None else {}
        settings_of: Mapping[str, Settings] = _Lazy(resolver, found, extra)  # a file's settings: its exit code
        sources = {stdin.name: stdin.text} if stdin is not None else {}
        return _finish(args, plugins, outputs, result, baseline, settings_of, sources, streamed)


class _Lazy(Mapping[str, Settings]):
    """Each file's settings by its shown name, resolved when asked: a sweep holds no table of
    names beside its list of files (``targets``, in the order of shown names)."""

    def __init__(self, resolver: Resolver, targets: Sequence[Target], extra: Mapping[str, Path]) -> None:
        self.resolver = resolver
        self.targets = targets
        self.extra = extra

    def _path(self, shown: object) -> Path | str | None:
        if not isinstance(shown, str):
            return None
        if shown in self.extra:
            return self.extra[shown]
        index = bisect.bisect_left(self.targets, shown, key=lambda target: target.shown)
        found = index < len(self.targets) and self.targets[index].shown == shown
        return self.targets[index].name if found else None

    def __getitem__(self, shown: str) -> Settings:
        path = self._path(shown)
        if path is None:
            raise KeyError(shown)
        return self.resolver.settings_for(path, is_file=True)

    def __contains__(self, shown: object) -> bool:
        return self._path(shown) is not None

    def __iter__(self) -> Iterator[str]:
        yield from (target.shown for target in self.targets)
        yield from self.extra

    def __len__(self) -> int:
        return len(self.targets) + len(self.extra)


def _streams(args: argparse.Namespace) -> bool:
    """Whether the first output may be printed file by file: not when the run's findings are still
    to change after linting (a baseline, fixes) or are not printed at all."""
    return not (args.baseline or args.write_baseline or args.fix or args.diff or args.statistics)


def _run_language(args: argparse.Namespace, resolver: Resolver, folders: Sequence[str]) -> str:
    """``--lang``, else the run's configuration; a file's own configuration cannot change it
    (``folders``: a file of each folder the run lints, whose files share it)."""
    lang = resolver.run_settings().lang
    if args.lang:
        return str(args.lang)
    others = {resolver.settings_for(name, is_file=True).lang for name in folders} - {lang}
    if others:
        note(
            f"配置文件中的 lang: {'/'.join(sorted(others))} 不适用于整个运行 / lang: {'/'.join(sorted(others))} in "
            f"a report folder's configuration is not used: the language of a run comes from --lang or the "
            f"configuration of the working directory (here: {lang})"
        )
    return lang


def _lint(
    linter: Linter, args: argparse.Namespace, targets: list[Target], lang: str, streamed: StreamedOutput | None = None
) -> RunResult:
    """Lint (printing each file as it is done when ``streamed``); anything a plugin prints meanwhile
    goes to stderr, never into the output."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        progress = progress_bar(quiet=args.quiet)
        stream = None
        if streamed is not None:
            streamed.before_write = progress.clear if progress is not None else streamed.before_write
            stream = streamed.file
        result = linter.run(args.paths, lang, args.history, targets, progress, stream)
    if printed.getvalue():
        note("插件在检查时输出了以下内容 / a plugin printed this while linting:\n" + printed.getvalue().rstrip())
    return result


def _finish(
    args: argparse.Namespace,
    plugins: Plugins,
    outputs: list[Output],
    result: RunResult,
    baseline: Baseline | None,
    settings_of: Mapping[str, Settings],
    sources: dict[str, str],
    streamed: StreamedOutput | None = None,
) -> int:
    crashed, fails = _tally(result, settings_of)
    if args.show_skipped:
        for skipped in (r.path for r in result.files if r.skipped):
            note(f"跳过 / skipped: {printable_path(skipped)}")
    if args.write_baseline:
        _write_baseline(Path(args.write_baseline), result, args.quiet)
        return _crash_exit(crashed) if crashed else Exit.OK
    if baseline is not None:
        result, stale = baseline.applied(result)
        if stale and not args.quiet:
            note(f"基线中有 {stale} 项已不再出现 / {stale} baseline entries no longer occur")
        fails = _tally(result, settings_of)[1]
    failed = write_outputs(outputs, plugins, result, args, sources, streamed)
    if failed or crashed:
        return _crash_exit(crashed) if crashed else Exit.USAGE
    if args.exit_zero:
        return Exit.OK
    return Exit.FINDINGS if fails else Exit.OK


def _tally(result: RunResult, settings_of: Mapping[str, Settings]) -> tuple[int, bool]:
    """The internal errors of a run, and whether a finding fails it, in one pass over its files (a
    sweep keeps them on disk: every pass reads them all back)."""
    crashed, fails = 0, False
    for file in result.files:
        if not file.findings:
            continue
        crashed += sum(1 for f in file.findings if f.code in ALWAYS_REPORTED)
        settings = settings_of.get(file.path)
        fails = fails or (settings is not None and any(settings.fails(f.severity) for f in file.findings))
    return crashed, fails


def _crash_exit(count: int) -> int:
    note(
        f"运行中有 {count} 个内部错误（GK099），结果不完整 / {count} internal error(s) (GK099): a plugin crashed, "
        "the results above are incomplete; report it to the plugin's authors"
    )
    return Exit.USAGE


def _write_baseline(file: Path, result: RunResult, quiet: bool) -> None:
    try:
        count = Baseline.write(file, result.findings, __version__)
    except OSError as exc:
        raise ConfigError(f"--write-baseline: 无法写入 / cannot write {file}: {exc.strerror or exc}") from None
    if not quiet:
        note(f"已写入基线 {count} 项 / wrote {count} findings to {file}")
