"""The command line: ``gklint check``, ``gklint extract``, ``gklint rules``, ``gklint rule CODE``,
``gklint plugins``, ``gklint formats``.

Exit codes: 0 when no finding reaches ``--fail-on``; 1 when one does; 2 for usage,
configuration or plugin-loading errors (a plugin that failed to load is reported by name, the
files are still linted and reported, and the exit code is 2).
"""

from __future__ import annotations

import argparse
import enum
import math
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from gklint import __version__
from gklint.config import LIMIT_KEYS, ConfigError, Layer, Resolver, Settings, parse_codes, parse_limit
from gklint.engine import KERNEL_RULES
from gklint.extract import extract_arguments, extract_command
from gklint.manager import PluginConflict, Plugins, load_plugins
from gklint.model import RunResult, Severity
from gklint.rule import RuleInfo
from gklint.runner import Linter
from gklint.suppression import Baseline


class Exit(enum.IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2


COMMANDS = ("check", "extract", "rules", "rule", "plugins", "formats", "rulesets", "config", "init")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gklint",
        description="政府信息公开工作年度报告检查工具 · a linter for government information disclosure annual reports",
    )
    parser.add_argument("--version", action="version", version=f"gklint {__version__}")
    parser.add_argument(
        "-p", dest="plugin_flags", action="append", default=[], metavar="no:NAME", help="block a plugin by name"
    )
    parser.add_argument(
        "--require-plugins",
        metavar="NAME[,NAME]",
        help="fail (exit 2) unless these plugins or distributions are installed and loaded",
    )
    sub = parser.add_subparsers(dest="command")

    check = sub.add_parser("check", help="lint report files and directories")
    check.add_argument("paths", nargs="*", default=["."], help="files or directories (default: .)")
    check.add_argument("--format", "-f", default="text", help="output format (see `gklint formats`)")
    check.add_argument("--output-file", "-o", help="write the output to this file instead of stdout")
    check.add_argument(
        "--report", action="append", default=[], metavar="FORMAT[:PATH]", help="an extra output; repeatable"
    )
    _selection_options(check)
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings fail the run")
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
    check.add_argument("--jobs", "-j", type=int, default=0, help="parallel processes (0: automatic)")
    _budget_options(check)

    extract = sub.add_parser("extract", help="write every bound cell of every report: csv, json or sqlite")
    extract_arguments(extract)
    _rule_options(extract)
    _budget_options(extract)
    rules = sub.add_parser("rules", help="list every rule of every loaded plugin")
    rules.add_argument("--format", choices=["table", "json"], default="table")
    rule = sub.add_parser("rule", help="explain one rule")
    rule.add_argument("code")
    sub.add_parser("plugins", help="list plugins, their versions, hooks and load errors")
    sub.add_parser("formats", help="list the output formats")
    sub.add_parser("rulesets", help="list the rulesets of every loaded plugin")
    init = sub.add_parser("init", help="write a starter .gklint.yaml here and print the pre-commit snippet")
    init.add_argument("--force", action="store_true", help="overwrite an existing .gklint.yaml")
    config = sub.add_parser("config", help="configuration: `gklint config show [PATH]`")
    config.add_argument("action", choices=["show"])
    config.add_argument("path", nargs="?", default=".", help="the file or folder whose settings to show")
    _selection_options(config)
    return parser


def _rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", help="use this configuration file (no search for .gklint.yaml)")
    parser.add_argument("--ruleset", help="base ruleset (default: the config's `extends`, else national)")
    parser.add_argument("--select", action="append", help="rule codes or prefixes to check (e.g. GK2,GK401)")
    parser.add_argument("--ignore", action="append", help="rule codes or prefixes to skip")


def _budget_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timeout", metavar="SECONDS", help="time limit per file (default 30; 0: none)")
    parser.add_argument("--memory-limit", metavar="SIZE", help="memory limit per file (default 1GiB; 0: none)")
    parser.add_argument("--max-file-size", metavar="SIZE", help="larger files are not read (default 200MB; 0: none)")


def _selection_options(parser: argparse.ArgumentParser) -> None:
    _rule_options(parser)
    parser.add_argument("--fail-on", choices=["error", "warning", "info", "never"], help="exit 1 from this severity")
    parser.add_argument("--lang", choices=["zh", "en"], help="language of messages (default zh)")


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] not in COMMANDS and not args_list[0].startswith("-"):
        args_list.insert(0, "check")  # `gklint reports/` means `gklint check reports/`
    parser = _parser()
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:
        return int(exc.code or 0) and Exit.USAGE
    if args.command is None:
        parser.print_help()
        return Exit.USAGE
    try:
        plugins = load_plugins(blocked=_blocked(args.plugin_flags))
    except PluginConflict as exc:
        print(f"gklint: 插件冲突 / plugin conflict: {exc}", file=sys.stderr)
        return Exit.USAGE
    except ConfigError as exc:
        print(f"gklint: {exc}", file=sys.stderr)
        return Exit.USAGE
    _warn_plugin_errors(plugins)
    missing = _missing_required(plugins, args.require_plugins)
    if missing:
        print(f"gklint: 缺少必需的插件 / required plugins not loaded: {', '.join(missing)}", file=sys.stderr)
        return Exit.USAGE
    try:
        code = _dispatch(args, plugins)
    except ConfigError as exc:
        print(f"gklint: {exc}", file=sys.stderr)
        return Exit.USAGE
    if plugins.errors and any(not r.error.startswith("blocked") for r in plugins.errors):
        return Exit.USAGE
    return code


def _missing_required(plugins: Plugins, required: str | None) -> list[str]:
    loaded = {name for r in plugins.records if not r.error for name in (r.name, r.distribution)}
    return [name for name in (required or "").split(",") if name.strip() and name.strip() not in loaded]


def _blocked(flags: Sequence[str]) -> list[str]:
    names = []
    for flag in flags:
        if not flag.startswith("no:"):
            raise ConfigError(f"-p takes no:NAME, got {flag!r}")
        names.append(flag[3:])
    return names


def _warn_plugin_errors(plugins: Plugins) -> None:
    for record in plugins.errors:
        if not record.error.startswith("blocked"):
            print(
                f"gklint: 插件 {record.name} 加载失败 / plugin {record.name} failed to load: {record.error}",
                file=sys.stderr,
            )


def _dispatch(args: argparse.Namespace, plugins: Plugins) -> int:
    if args.command == "check":
        return _check(args, plugins)
    if args.command == "extract":
        return _extract(args, plugins)
    if args.command == "config":
        return _show_config(args, plugins)
    if args.command == "rulesets":
        return _list_rulesets(plugins)
    if args.command == "init":
        return _init(args.force)
    if args.command == "rules":
        return _list_rules(plugins, args.format)
    if args.command == "rule":
        return _explain_rule(plugins, args.code)
    if args.command == "plugins":
        return _list_plugins(plugins)
    return _list_formats(plugins)


def _resolver(args: argparse.Namespace, plugins: Plugins) -> Resolver:
    cli = Layer("command line")
    if args.select:
        cli.select = parse_codes(args.select, "--select: ")
    cli.ignore = parse_codes(args.ignore, "--ignore: ")
    if args.fail_on:
        cli.fail_on = None if args.fail_on == "never" else Severity.parse(args.fail_on)
    cli.lang = args.lang or ""
    for key, field in LIMIT_KEYS.items():
        value = getattr(args, key.replace("-", "_"), None)
        if value is not None:
            cli.limits[field] = parse_limit(key, value, f"--{key}: ")
    config = Path(args.config) if args.config else None
    if config is not None and not config.is_file():
        raise ConfigError(f"--config: no such file: {config}")
    rulesets = {name: path for name, (path, _) in plugins.rulesets.items()}
    return Resolver(rulesets, cli, config, args.ruleset, jobs=getattr(args, "jobs", 0))


def _published(text: str | None) -> str:
    if not text:
        return ""
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise ConfigError(f"--published: not a date (YYYY-MM-DD): {text!r}") from None


def _check_options(settings: Settings, plugins: Plugins) -> None:
    """Rule options must name a known option with a value of its default's kind (else exit 2)."""
    infos = plugins.rule_infos()
    for code, values in settings.options.items():
        info = infos.get(code)
        if info is None:
            continue  # a rule of a plugin that is not installed: nothing to check against
        for name, value in values.items():
            if name not in info.parameters:
                known = ", ".join(info.parameters) or "none"
                raise ConfigError(f"rules: {code}: unknown option {name!r} (options of {code}: {known})")
            default = info.parameters[name].default
            if not _same_kind(default, value):
                kind = type(default).__name__
                raise ConfigError(f"rules: {code}.{name}: expected a {kind} like {default!r}, got {value!r}")


def _same_kind(default: object, value: object) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float)) and math.isfinite(value)  # YAML's .nan and .inf are no option
    if isinstance(default, (list, tuple)):
        return isinstance(value, (list, tuple))
    if isinstance(default, str):
        return isinstance(value, (str, date))  # YAML reads an unquoted 2024-01-20 as a date
    return True


def _run_settings(resolver: Resolver, paths: Sequence[str]) -> Settings:
    """fail-on and lang hold for the whole run: from the flags, else the first path's config."""
    first = Path(paths[0]) if paths else Path.cwd()
    return resolver.settings_for(first / "_" if first.is_dir() else first)


def _outputs(args: argparse.Namespace, plugins: Plugins) -> list[tuple[str, str | None]]:
    outputs: list[tuple[str, str | None]] = [(args.format, args.output_file)]
    for spec in args.report:
        name, _, path = spec.partition(":")
        outputs.append((name, path or None))
    for name, _ in outputs:
        if name not in plugins.formatters:
            known = ", ".join(sorted(plugins.formatters))
            raise ConfigError(f"unknown format {name!r} (known: {known})")
    return outputs


def _check(args: argparse.Namespace, plugins: Plugins) -> int:
    outputs = _outputs(args, plugins)
    missing = [p for p in args.paths if not os.path.lexists(p)]  # a symlink loop is the runner's to report
    if missing:
        raise ConfigError(f"no such file or directory: {', '.join(missing)}")
    resolver = _resolver(args, plugins)
    settings = _run_settings(resolver, args.paths)
    _check_options(settings, plugins)
    published = _published(args.published)
    linter = Linter(plugins, resolver, args.skip_non_reports, published, settings.budget)
    run = linter.run(args.paths, lang=settings.lang, history_paths=args.history)
    if args.write_baseline:
        count = Baseline.write(Path(args.write_baseline), run.findings, __version__)
        print(f"gklint: 已写入基线 {count} 项 / wrote {count} findings to {args.write_baseline}", file=sys.stderr)
        return Exit.OK
    if args.baseline:
        run = _apply_baseline(run, Baseline.load(Path(args.baseline)))
    for name, path in outputs:
        text = plugins.formatters[name][0].render(run)
        if path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            Path(path).write_text(text, encoding="utf-8", newline="\n")
        else:
            sys.stdout.write(text)
    if args.exit_zero:
        return Exit.OK
    return Exit.FINDINGS if any(settings.fails(f.severity) for f in run.findings) else Exit.OK


def _extract(args: argparse.Namespace, plugins: Plugins) -> int:
    resolver = _resolver(args, plugins)
    settings = _run_settings(resolver, args.paths)
    _check_options(settings, plugins)
    return extract_command(Linter(plugins, resolver, budget=settings.budget), args)


def _apply_baseline(run: RunResult, baseline: Baseline) -> RunResult:
    files = []
    kept_all, stale = baseline.filter(run.findings)
    kept = set(map(id, kept_all))
    for result in run.files:
        files.append(replace(result, findings=tuple(f for f in result.findings if id(f) in kept)))
    if stale:
        print(f"gklint: 基线中有 {stale} 项已不再出现 / {stale} baseline entries no longer occur", file=sys.stderr)
    return replace(run, files=tuple(files))


def _all_rules(plugins: Plugins) -> dict[str, RuleInfo]:
    return dict(sorted({**KERNEL_RULES, **plugins.rule_infos()}.items()))


def _list_rules(plugins: Plugins, fmt: str) -> int:
    from tabulate import tabulate

    rules = _all_rules(plugins).values()
    if fmt == "json":
        import json

        rows = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.severity.label,
                "summary": r.summary,
                "summary_en": r.summary_en,
                "plugin": r.plugin,
            }
            for r in rules
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return Exit.OK
    table = [(r.code, r.name, r.severity.label, r.summary, r.plugin) for r in rules]
    print(tabulate(table, headers=["code", "name", "severity", "summary", "plugin"]))
    return Exit.OK


def _explain_rule(plugins: Plugins, code: str) -> int:
    rules = _all_rules(plugins)
    info = rules.get(code.upper()) or next((r for r in rules.values() if r.name == code), None)
    if info is None:
        raise ConfigError(f"unknown rule {code!r} (see `gklint rules`)")
    print(f"{info.code} {info.name} [{info.severity.label}] ({info.plugin})\n")
    print(f"{info.summary}\n{info.summary_en}\n")
    if info.explanation:
        print(info.explanation + "\n")
    if info.bad_example:
        print("不符合 / fails:\n" + _indent(info.bad_example) + "\n")
    if info.good_example:
        print("符合 / passes:\n" + _indent(info.good_example) + "\n")
    for name, param in info.parameters.items():
        print(f"参数 / option {name} = {param.default!r}: {param.description} {param.description_en}".rstrip())
    return Exit.OK


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def _list_plugins(plugins: Plugins) -> int:
    from tabulate import tabulate

    rows = [
        (r.name, r.distribution, r.version, ", ".join(h.removeprefix("gklint_") for h in r.hooks), r.error or "ok")
        for r in plugins.records
    ]
    print(tabulate(rows, headers=["plugin", "distribution", "version", "hooks", "status"]))
    return Exit.OK


def _show_config(args: argparse.Namespace, plugins: Plugins) -> int:
    resolver = _resolver(args, plugins)
    path = Path(args.path)
    settings, provenance, sources = resolver.explain(path / "_" if path.is_dir() else path)
    print("# 生效的配置 / effective configuration for " + args.path)
    print("# 来源（优先级从低到高）/ sources, lowest precedence first: " + " < ".join(sources))
    for key, value, source in provenance.entries:
        print(f"{key}: {value}    # from: {source}")
    active = [code for code in sorted(plugins.rules) if settings.selects(code)]
    print(f"# {len(active)} of {len(plugins.rules)} rules active; fail-on: "
          f"{settings.fail_on.label if settings.fail_on else 'never'}; lang: {settings.lang}")  # fmt: skip
    return Exit.OK


STARTER_CONFIG = """\
# gklint 配置 / gklint configuration — see docs/guide.md. Every key is optional.
extends: national            # the ruleset to start from: national, strict, national-2019, or a plugin's
# select: [GK]               # rule codes or prefixes to check (default: what the ruleset selects)
# ignore: [GK108]            # codes or prefixes to skip
# severity:
#   GK503: error             # error, warning, info, or off
# rules:
#   GK502: {max_amount: 50000}
# per-file-ignores:
#   "archive/2019/**": [GK106]
fail-on: error               # error, warning, info or never: what makes `gklint check` exit 1
lang: zh                     # zh or en
"""

PRE_COMMIT_SNIPPET = """\
# .pre-commit-config.yaml
repos:
  - repo: <the gklint repository>
    rev: <a tag>
    hooks:
      - id: gklint
"""


def _init(force: bool) -> int:
    target = Path(".gklint.yaml")
    if target.exists() and not force:
        raise ConfigError(f"{target} exists already (use --force to overwrite)")
    target.write_text(STARTER_CONFIG, encoding="utf-8", newline="\n")
    print(f"gklint: 已写入 / wrote {target}\n\n{PRE_COMMIT_SNIPPET}")
    return Exit.OK


def _list_rulesets(plugins: Plugins) -> int:
    for name, (path, plugin) in sorted(plugins.rulesets.items()):
        print(f"{name:16} {path} ({plugin})")
    return Exit.OK


def _list_formats(plugins: Plugins) -> int:
    for name, (formatter, plugin) in sorted(plugins.formatters.items()):
        print(f"{name:12} {formatter.description} ({plugin})")
    return Exit.OK
