"""The subcommands that inform or set up: ``rules``, ``rule``, ``plugins``, ``formats``,
``rulesets``, ``config show``, ``init``, and ``extract``'s and ``stats``' glue. Each is ``arguments(parser)`` plus
``run(args, plugins) -> exit code``; the tables they print are aligned by display width."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from gklint.check import (
    budget_options,
    check_configuration,
    jobs_option,
    resolver_from,
    rule_options,
    selection_options,
)
from gklint.config import ConfigError
from gklint.console import Exit, note, pad, table, width, write_stdout
from gklint.diagnostics import KERNEL_RULES
from gklint.executors import executor_from, executor_options
from gklint.layers import did_you_mean
from gklint.manager import Plugins
from gklint.rule import RuleInfo
from gklint.ruledoc import plain_text


def no_arguments(parser: argparse.ArgumentParser) -> None:
    """A subcommand without options of its own."""


def _all_rules(plugins: Plugins) -> dict[str, RuleInfo]:
    return dict(sorted({**KERNEL_RULES, **plugins.rule_infos()}.items()))


def rules_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["table", "json"], default="table")


def list_rules(args: argparse.Namespace, plugins: Plugins) -> int:
    rules = _all_rules(plugins).values()
    if args.format == "json":
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
        write_stdout(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return Exit.OK
    rows_ = [(r.code, r.name, r.severity.label, r.summary, r.plugin) for r in rules]
    write_stdout(table(rows_, ["code", "name", "severity", "summary", "plugin"]) + "\n")
    return Exit.OK


def rule_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code")


def explain_rule(args: argparse.Namespace, plugins: Plugins) -> int:
    rules = _all_rules(plugins)
    code = args.code
    info = rules.get(code.upper()) or next((r for r in rules.values() if r.name == code), None)
    if info is None:
        hint = did_you_mean(code.upper(), list(rules)) or did_you_mean(code, [r.name for r in rules.values()])
        raise ConfigError(f"unknown rule {code!r}{hint} (see `gklint rules`)")
    write_stdout(plain_text(info))
    return Exit.OK


def list_plugins(args: argparse.Namespace, plugins: Plugins) -> int:
    rows = [
        (r.name, r.distribution, r.version, ", ".join(h.removeprefix("gklint_") for h in r.hooks), r.error or "ok")
        for r in plugins.records
    ]
    write_stdout(table(rows, ["plugin", "distribution", "version", "hooks", "status"]) + "\n")
    return Exit.OK


def list_rulesets(args: argparse.Namespace, plugins: Plugins) -> int:
    names = sorted(plugins.rulesets)
    cells = max((width(n) for n in names), default=0) + 2
    lines = [f"{pad(name, cells)}{path} ({plugin})" for name, (path, plugin) in sorted(plugins.rulesets.items())]
    write_stdout("".join(line + "\n" for line in lines))
    return Exit.OK


def list_formats(args: argparse.Namespace, plugins: Plugins) -> int:
    cells = max((width(n) for n in plugins.formatters), default=0) + 2
    lines = [
        f"{pad(name, cells)}{f.description} ({plugin})" for name, (f, plugin) in sorted(plugins.formatters.items())
    ]
    write_stdout("".join(line + "\n" for line in lines))
    return Exit.OK


def config_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=["show"])
    parser.add_argument("path", nargs="?", default=".", help="the file or folder whose settings to show")
    selection_options(parser)


def show_config(args: argparse.Namespace, plugins: Plugins) -> int:
    resolver = resolver_from(args, plugins)
    path = Path(args.path)
    if not path.exists():
        raise ConfigError(f"no such file or directory: {args.path}")
    target = path / "_" if path.is_dir() else path
    check_configuration(resolver, plugins, [target])
    settings, provenance, sources = resolver.explain(target)
    lines = [
        "# 生效的配置 / effective configuration for " + args.path,
        "# 来源（优先级从低到高）/ sources, lowest precedence first: " + " < ".join(sources),
        *(f"{key}: {value}    # from: {source}" for key, value, source in provenance.entries),
    ]
    if path.is_dir():  # which files of the folder each pattern matches is for `config show FILE` to say
        lines.extend(
            f"per-file-ignores {glob!r}: {', '.join(codes)}    # from: {layer.source} (for the files it matches)"
            for layer in resolver.layers(target)
            for glob, codes in layer.per_file_ignores.items()
        )
    active = [code for code in sorted(plugins.rules) if settings.selects(code)]
    fail_on = settings.fail_on.label if settings.fail_on else "never"
    lang = resolver.run_settings().lang
    lines.append(f"# {len(active)} of {len(plugins.rules)} rules active; fail-on: {fail_on}; lang (run-wide): {lang}")
    write_stdout("\n".join(lines) + "\n")
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
# extend-exclude: [drafts/]  # gitignore-style patterns of files to leave out of folder walks
fail-on: error               # error, warning, info or never: what makes `gklint check` exit 1
lang: zh                     # zh or en
"""

PRE_COMMIT_SNIPPET = """\
# .pre-commit-config.yaml
repos:
  - repo: <the URL of the gklint repository>
    rev: <a commit of it (git rev-parse HEAD)>
    hooks:
      - id: gklint
"""


def init_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--force", action="store_true", help="overwrite an existing .gklint.yaml")


def init(args: argparse.Namespace, plugins: Plugins) -> int:
    target = Path(".gklint.yaml")
    if target.exists() and not args.force:
        raise ConfigError(f"{target} exists already (use --force to overwrite)")
    try:
        target.write_text(STARTER_CONFIG, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise ConfigError(f"无法写入 / cannot write {target}: {exc.strerror or exc}") from None
    write_stdout(f"gklint: 已写入 / wrote {target}\n\n{PRE_COMMIT_SNIPPET}\n")
    return Exit.OK


def extract_arguments(parser: argparse.ArgumentParser) -> None:
    from gklint.extract import extract_arguments as own

    own(parser)
    rule_options(parser)
    budget_options(parser)
    executor_options(parser)


def extract(args: argparse.Namespace, plugins: Plugins) -> int:
    from gklint.extract import extract_command
    from gklint.runner import Linter

    resolver = resolver_from(args, plugins)
    check_configuration(resolver, plugins, [Path(p) / "_" if Path(p).is_dir() else Path(p) for p in args.paths])
    linter = Linter(plugins, resolver, budget=resolver.run_settings().budget, executor=executor_from(args))
    with linter.executor:
        return extract_command(linter, args)


def stats_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", default=["."], help="files or directories (default: .)")
    parser.add_argument("--format", "-f", choices=["table", "json"], default="table", help="output (default: table)")
    selection_options(parser)
    parser.add_argument(
        "--history", action="append", default=[], metavar="DIR", help="earlier years' reports, for cross-year rules"
    )
    jobs_option(parser)
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    budget_options(parser)
    executor_options(parser)
    parser.set_defaults(force_exclude=False)


def stats(args: argparse.Namespace, plugins: Plugins) -> int:
    """``gklint stats``: the run's statistics as tables or JSON; exit 0 whatever the findings."""
    from gklint.check import find_targets
    from gklint.model import FileResult
    from gklint.progress import progress_bar
    from gklint.runner import Linter
    from gklint.stats import run_stats, stats_json, stats_text

    resolver = resolver_from(args, plugins)
    linter = Linter(plugins, resolver, budget=resolver.run_settings().budget, executor=executor_from(args))
    targets = find_targets(args, linter, resolver)
    check_configuration(resolver, plugins, [t.name for t in targets], found=True)
    lang = args.lang or resolver.run_settings().lang
    with linter.executor:
        run = linter.run(args.paths, lang, args.history, targets, progress_bar(quiet=args.quiet))
    settings = {t.shown: resolver.settings_for(t.path, is_file=True) for t in targets}

    def passes(result: FileResult) -> bool:
        return not any(settings[result.path].fails(f.severity) for f in result.findings)

    found = run_stats(run, passes)
    write_stdout(stats_json(found) if args.format == "json" else stats_text(found, lang))
    return Exit.OK


def clean_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cache-dir", metavar="DIR", help="the cache folder (default: .gklint_cache)")


def clean(args: argparse.Namespace, plugins: Plugins) -> int:
    """``gklint clean``: remove the content cache (only a folder gklint tagged as its cache)."""
    from gklint.cache import cache_dir, clean_cache
    from gklint.config import Resolver
    from gklint.layers import Layer

    rulesets = {name: path for name, (path, _) in plugins.rulesets.items()}
    where = cache_dir(args.cache_dir or Resolver(rulesets, Layer("command line")).run_settings().cache_dir)
    if where is None:
        note("不在项目中，没有缓存 / not in a project (no .git or gklint configuration): no cache to remove")
    elif clean_cache(where):
        note(f"已删除缓存 / removed the cache {where}")
    else:
        note(f"没有缓存可删除 / no gklint cache at {where}")
    return Exit.OK
