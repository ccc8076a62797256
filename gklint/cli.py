"""The command line: ``gklint check``, ``extract``, ``rules``, ``rule CODE``, ``plugins``,
``formats``, ``rulesets``, ``config show``, ``init``.

Exit codes, as ruff's: 0 when no finding reaches ``fail-on``; 1 when one does; 2 for usage,
configuration, plugin-loading or output errors and for internal errors (GK099) in the run (the
findings are still printed). Each subcommand is one entry of ``SUBCOMMANDS``: its help, a function
that adds its arguments, and a function that runs it.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gklint import __version__, check, commands
from gklint.config import ConfigError
from gklint.console import Exit, StdoutGone, note, setup_streams, silence_stdout
from gklint.engine import watch_ctrl_c
from gklint.layers import did_you_mean
from gklint.manager import PluginConflict, Plugins, check_blockable, load_plugins

Arguments = Callable[[argparse.ArgumentParser], None]
Command = Callable[[argparse.Namespace, Plugins], int]


@dataclass(eq=False, repr=False)
class Subcommand:
    """One subcommand: its help, what adds its arguments, what runs it."""

    help: str
    arguments: Arguments
    run: Command


SUBCOMMANDS: dict[str, Subcommand] = {
    "check": Subcommand("lint report files and directories", check.arguments, check.run),
    "extract": Subcommand(
        "write every bound cell of every report: csv, json or sqlite", commands.extract_arguments, commands.extract
    ),
    "stats": Subcommand(
        "findings per rule, agency, year and source format; the share that pass",
        commands.stats_arguments,
        commands.stats,
    ),
    "rules": Subcommand("list every rule of every loaded plugin", commands.rules_arguments, commands.list_rules),
    "rule": Subcommand("explain one rule", commands.rule_arguments, commands.explain_rule),
    "plugins": Subcommand(
        "list plugins, their versions, hooks and load errors", commands.no_arguments, commands.list_plugins
    ),
    "formats": Subcommand("list the output formats", commands.no_arguments, commands.list_formats),
    "rulesets": Subcommand("list the rulesets of every loaded plugin", commands.no_arguments, commands.list_rulesets),
    "config": Subcommand("configuration: `gklint config show [PATH]`", commands.config_arguments, commands.show_config),
    "clean": Subcommand("remove the content cache (.gklint_cache)", commands.clean_arguments, commands.clean),
    "init": Subcommand(
        "write a starter .gklint.yaml here and print the pre-commit snippet", commands.init_arguments, commands.init
    ),
}
GLOBAL_WITH_VALUE = ("-p", "--require-plugins")


class Parser(argparse.ArgumentParser):
    """argparse without abbreviations (``--form`` is not ``--format``), and with a hint for an
    option that is misspelt."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)
        self.partial = False  # built for one subcommand only: see build_parser

    def error(self, message: str) -> None:  # type: ignore[override]
        if self.partial:  # the usage and the hints name every subcommand and option
            build_parser().error(message)
        if "unrecognized arguments:" in message:
            unknown = message.split(":", 1)[1].split()
            options = sorted({o for p in _all_parsers(self) for a in p._actions for o in a.option_strings})
            message += "".join(did_you_mean(u.split("=")[0], options) for u in unknown if u.startswith("-"))
        super().error(message)


def _all_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.extend(action.choices.values())
    return found


def _plugin_options(parser: argparse.ArgumentParser, after: bool) -> None:
    """``-p no:NAME`` and ``--require-plugins`` before the subcommand or after it."""
    suffix, default = ("_after", argparse.SUPPRESS) if after else ("", None)
    parser.add_argument(
        "-p", dest="plugin_flags" + suffix, action="append", default=default or [], metavar="no:NAME",
        help="block a plugin by name",
    )  # fmt: skip
    parser.add_argument(
        "--require-plugins",
        dest="require_plugins" + suffix,
        default=default,
        metavar="NAME[,NAME]",
        help="fail (exit 2) unless these plugins or distributions are installed and loaded",
    )


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line; given ``argv``, only what parsing it needs: the subcommand it names
    (an error is then reported by the whole parser), or every subcommand's name and help but no
    options when it asks for the version or help first (argparse stops there)."""
    named, needed = _needed_subcommands(argv)
    parser = Parser(
        prog="gklint",
        description="政府信息公开工作年度报告检查工具 · a linter for government information disclosure annual reports",
    )
    parser.add_argument("--version", action="version", version=f"gklint {__version__}")
    _plugin_options(parser, after=False)
    parser.partial = named is not None
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    for name, command in SUBCOMMANDS.items():
        if named is not None and name != named:
            continue
        subparser = sub.add_parser(name, help=command.help)
        if name in needed:
            command.arguments(subparser)
            _plugin_options(subparser, after=True)
    return parser


def _needed_subcommands(argv: Sequence[str] | None) -> tuple[str | None, Sequence[str]]:
    """The subcommand ``argv`` names (if any), and those whose options parsing it may need."""
    if argv is None:
        return None, list(SUBCOMMANDS)
    index = _command_index(list(argv))
    if index < len(argv) and argv[index] in SUBCOMMANDS:
        return argv[index], [argv[index]]
    if index < len(argv) and argv[index] in ("--version", "-h", "--help"):
        return None, []
    return None, list(SUBCOMMANDS)


def _command_index(argv: list[str]) -> int:
    """Where the subcommand stands, after the global options; at an option of no subcommand, that option."""
    index = 0
    while index < len(argv) and argv[index].startswith("-") and argv[index] != "-":  # "-": stdin
        flag = argv[index]
        if flag in GLOBAL_WITH_VALUE:
            index += 2
        elif flag.startswith(("-p", "--require-plugins=")):
            index += 1
        else:
            break
    return index


def implied_check(argv: list[str]) -> list[str]:
    """``gklint reports/`` means ``gklint check reports/``; ``gklint chek`` is a misspelt command."""
    index = _command_index(argv)
    if index < len(argv) and argv[index].startswith("-") and argv[index] != "-":
        return argv  # an option of no subcommand: let argparse say so
    if index >= len(argv) or argv[index] in SUBCOMMANDS:
        return argv
    word = argv[index]
    hint = did_you_mean(word, list(SUBCOMMANDS), cutoff=0.7)
    if hint and not Path(word).exists():
        raise ConfigError(f"unknown command {word!r}{hint}")
    return [*argv[:index], "check", *argv[index:]]


def main(argv: Sequence[str] | None = None) -> int:
    setup_streams()
    if threading.current_thread() is threading.main_thread():
        watch_ctrl_c()
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt:
        note("已中断 / interrupted")
        return Exit.INTERRUPTED
    except BrokenPipeError:
        silence_stdout()
        return Exit.OK
    except (ConfigError, StdoutGone) as exc:
        note(str(exc))
        return Exit.USAGE
    except PluginConflict as exc:
        note(f"插件冲突 / plugin conflict: {exc}")
        return Exit.USAGE


def _main(argv: list[str]) -> int:
    argv = implied_check(argv)
    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error argparse has printed
        return Exit.OK if not exc.code else Exit.USAGE
    if args.command is None:
        parser.print_help(sys.stderr)
        return Exit.USAGE
    plugins = _plugins(args)
    code = SUBCOMMANDS[args.command].run(args, plugins)
    return Exit.USAGE if plugins.failures else code


def _plugins(args: argparse.Namespace) -> Plugins:
    flags = [*args.plugin_flags, *getattr(args, "plugin_flags_after", [])]
    blocked = [_blocked_name(flag) for flag in flags]
    check_blockable(blocked)
    plugins = load_plugins(blocked=blocked)
    for record in plugins.failures:
        note(f"插件 {record.name} 加载失败 / plugin {record.name} failed to load: {record.error}")
    required = getattr(args, "require_plugins_after", None) or args.require_plugins
    missing = _missing_required(plugins, required)
    if missing:
        raise ConfigError(f"缺少必需的插件 / required plugins not loaded: {', '.join(missing)}")
    return plugins


def _blocked_name(flag: str) -> str:
    if not flag.startswith("no:") or not flag[3:]:
        raise ConfigError(f"-p takes no:NAME (block the plugin NAME), got {flag!r}")
    return flag[3:]


def _missing_required(plugins: Plugins, required: str | None) -> list[str]:
    loaded = {name for r in plugins.records if not r.error for name in (r.name, r.distribution)}
    names = [name.strip() for name in (required or "").split(",")]
    return [name for name in names if name and name not in loaded]
