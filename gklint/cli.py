"""The command line: ``gklint check``, ``extract``, ``rules``, ``rule CODE``, ``plugins``,
``formats``, ``rulesets``, ``config show``, ``init``.

Exit codes, as ruff's: 0 when no finding reaches ``fail-on``; 1 when one does; 2 for usage,
configuration, plugin-loading or output errors and for internal errors (GK099) in the run (the
findings are still printed). Each subcommand is one entry of ``SUBCOMMANDS``: its help, a function
that adds its arguments, and a function that runs it.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import gc
import importlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from gklint import __version__

if TYPE_CHECKING:  # the command line imports a command's modules only to run it
    from gklint.manager import Plugins

Arguments = Callable[[argparse.ArgumentParser], None]
Command = Callable[[argparse.Namespace, "Plugins"], int]


class Subcommand:
    """One subcommand: its help, and where the functions are that add its arguments and run it
    (``module:function``), imported only when that subcommand is parsed or run."""

    __slots__ = ("_arguments", "_run", "help")

    def __init__(self, help: str, arguments: str, run: str) -> None:
        self.help, self._arguments, self._run = help, arguments, run

    @property
    def arguments(self) -> Arguments:
        found: Arguments = _function(self._arguments)
        return found

    @property
    def run(self) -> Command:
        found: Command = _function(self._run)
        return found


def _function(where: str) -> Any:
    module, _, name = where.partition(":")
    return getattr(importlib.import_module(f"gklint.{module}"), name)


SUBCOMMANDS: dict[str, Subcommand] = {
    "check": Subcommand("lint report files and directories", "check:arguments", "check:run"),
    "extract": Subcommand(
        "write every bound cell of every report: csv, json or sqlite", "commands:extract_arguments", "commands:extract"
    ),
    "stats": Subcommand(
        "findings per rule, agency, year and source format; the share that pass",
        "commands:stats_arguments",
        "commands:stats",
    ),
    "rules": Subcommand("list every rule of every loaded plugin", "commands:rules_arguments", "commands:list_rules"),
    "rule": Subcommand("explain one rule", "commands:rule_arguments", "commands:explain_rule"),
    "plugins": Subcommand(
        "list plugins, their versions, hooks and load errors", "commands:no_arguments", "commands:list_plugins"
    ),
    "formats": Subcommand("list the output formats", "commands:no_arguments", "commands:list_formats"),
    "rulesets": Subcommand(
        "list the rulesets of every loaded plugin", "commands:no_arguments", "commands:list_rulesets"
    ),
    "config": Subcommand(
        "configuration: `gklint config show [PATH]`", "commands:config_arguments", "commands:show_config"
    ),
    "clean": Subcommand("remove the content cache (.gklint_cache)", "commands:clean_arguments", "commands:clean"),
    "init": Subcommand(
        "write a starter .gklint.yaml here and print the pre-commit snippet", "commands:init_arguments", "commands:init"
    ),
}
GLOBAL_WITH_VALUE = ("-p", "--require-plugins")


class Parser(argparse.ArgumentParser):
    """argparse without abbreviations (``--form`` is not ``--format``), and with a hint for an
    option that is misspelt."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["allow_abbrev"] = False
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)
        self.partial = False  # built for one subcommand only: see build_parser

    def error(self, message: str) -> None:  # type: ignore[override]
        if self.partial:  # the usage and the hints name every subcommand and option
            build_parser().error(message)
        if "unrecognized arguments:" in message:
            unknown = [u.split("=")[0] for u in message.split(":", 1)[1].split() if u.startswith("-")]
            message += "".join(_hint(option, _all_parsers(self)) for option in unknown)
        super().error(message)


def _hint(option: str, parsers: list[argparse.ArgumentParser]) -> str:
    """For an option the command does not take: the commands that take it, or the nearest option."""
    owners = [p.prog for p in parsers[1:] if any(option in a.option_strings for a in p._actions)]
    if owners:
        return f"; {option} is an option of {', '.join(repr(owner) for owner in owners)}"
    return did_you_mean(option, sorted({o for p in parsers for a in p._actions for o in a.option_strings}))


class Formatter(argparse.HelpFormatter):
    """argparse's, sized as argparse sizes it (``shutil.get_terminal_size``), without importing
    ``shutil`` (and the compression modules it imports): argparse makes a formatter for every
    argument it adds, so every run paid for that import."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


def _columns() -> int:
    """The columns ``shutil.get_terminal_size()`` gives: ``$COLUMNS``, else standard output's
    terminal, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


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
    if hint and not os.path.exists(word):
        from gklint.layers import ConfigError

        raise ConfigError(f"unknown command {word!r}{hint}")
    return [*argv[:index], "check", *argv[index:]]


def did_you_mean(word: str, choices: Sequence[str], cutoff: float = 0.6) -> str:
    """``gklint.layers.did_you_mean``, imported only when there is a mistake to hint at."""
    from gklint.layers import did_you_mean as hint

    return hint(word, choices, cutoff)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (the program's own arguments when None: the process ends
    with the command, and the collector stays paused to its end)."""
    with _collector_paused(resume=argv is not None):
        return _guarded(list(sys.argv[1:] if argv is None else argv))


def _guarded(argv: list[str]) -> int:
    """The exit code of the command line ``argv``; the errors that mean exit 2 noted."""
    from gklint.console import Exit, note, setup_streams, silence_stdout

    setup_streams()
    try:
        code = _main(argv)
    except KeyboardInterrupt:
        note("已中断 / interrupted")
        return Exit.INTERRUPTED
    except BrokenPipeError:
        silence_stdout()
        return Exit.OK
    except Exception as exc:
        message = _usage_error(exc)
        if message is None:
            raise
        note(message)
        return Exit.USAGE
    if _ctrl_c_was_pressed():  # its KeyboardInterrupt was raised where Python ignores one (a finaliser)
        note("已中断 / interrupted")
        return Exit.INTERRUPTED
    return code


def _ctrl_c_was_pressed() -> bool:
    engine = sys.modules.get("gklint.engine")  # not imported: nothing watched for Ctrl-C
    return engine is not None and bool(engine.ctrl_c_pressed())


def watch_ctrl_c() -> None:
    """``gklint.engine.watch_ctrl_c`` in the main thread (the engine is imported then anyway); in
    another thread (a caller's) ``signal`` refuses, and Ctrl+C is left to the caller."""
    from gklint.engine import watch_ctrl_c as watch

    with contextlib.suppress(ValueError):  # not the main thread: asked without importing threading
        watch()


# Errors that end a run with exit 2 and a note: (module, class, how the note begins). A module that
# was never imported cannot have raised its error, so none is imported to ask.
USAGE_ERRORS = (
    ("gklint.layers", "ConfigError", ""),
    ("gklint.console", "StdoutGone", ""),
    ("gklint.manager", "PluginConflict", "插件冲突 / plugin conflict: "),
)


def _usage_error(exc: Exception) -> str | None:
    """The note for an error that means exit 2, or None for any other."""
    for module, name, prefix in USAGE_ERRORS:
        loaded = sys.modules.get(module)
        if loaded is not None and isinstance(exc, getattr(loaded, name)):
            return f"{prefix}{exc}"
    return None


def _main(argv: list[str]) -> int:
    argv = implied_check(argv)
    if not _needed_subcommands(argv)[1]:  # --version or --help first: argparse answers and stops
        return _command(argv)
    from gklint.bytecode import modules_kept
    from gklint.codecache import generated_code_kept

    with modules_kept(), generated_code_kept():
        watch_ctrl_c()
        return _command(argv)


@contextlib.contextmanager
def _collector_paused(resume: bool = True) -> Iterator[None]:
    """The collector waits while a command runs: its start-up (the imports, the plugins, the
    settings) makes objects that live as long as the process and no garbage worth a collection,
    and its run pauses the collector anyway (see ``gklint.scheduling``). At exit it need not look
    at any of them again: they are frozen (only where the process ends, not after each ``main``).

    Without ``resume`` it stays paused after the command: re-enabled, its first collection would
    look at every object the command made (they all count as new), a sizeable share of a one-file
    run, only to find nothing worth freeing as the process ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    if not _FREEZE_AT_EXIT:
        _FREEZE_AT_EXIT.append(atexit.register(gc.freeze))
    try:
        yield
    finally:
        if was_enabled and resume:
            gc.enable()


_FREEZE_AT_EXIT: list[object] = []  # registered once, however often ``main`` runs in one process


def _command(argv: list[str]) -> int:
    from gklint.console import Exit

    parser = build_parser(argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error argparse has printed
        return Exit.OK if not exc.code else Exit.USAGE
    if args.command is None:
        parser.print_help(sys.stderr)
        return Exit.USAGE
    run = SUBCOMMANDS[args.command].run
    plugins = _plugins(args)
    code = run(args, plugins)
    return Exit.USAGE if plugins.failures else code


def _plugins(args: argparse.Namespace) -> Plugins:
    from gklint.console import note
    from gklint.layers import ConfigError
    from gklint.manager import check_blockable, load_plugins

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
        from gklint.layers import ConfigError

        raise ConfigError(f"-p takes no:NAME (block the plugin NAME), got {flag!r}")
    return flag[3:]


def _missing_required(plugins: Plugins, required: str | None) -> list[str]:
    loaded = {name for r in plugins.records if not r.error for name in (r.name, r.distribution)}
    names = [name.strip() for name in (required or "").split(",")]
    return [name for name in names if name and name not in loaded]
