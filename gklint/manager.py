"""The plugin manager: find every plugin of the ``gklint`` entry-point group, one at a time.

Built-in readers, rules, formatters and templates are found exactly like a province's plugin. A
plugin that fails to import, whose hook raises, or that breaks the contract (a hook name no spec
knows, a rule code that is not ``AB123``, a reader that claims no file) is recorded with its error,
naming it, and the others still load (the command line then exits 2). Two plugins claiming the
same rule code, format, reader, template or ruleset is a ``PluginConflict``.
"""

from __future__ import annotations

import importlib.metadata as metadata
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pluggy

from gklint import hookspecs
from gklint.formatter import Formatter
from gklint.layers import ConfigError, did_you_mean
from gklint.reader import Reader
from gklint.rule import Rule, RuleInfo
from gklint.template import Template

GROUP = "gklint"
KERNEL_DISTRIBUTION = "gklint"
RULE_CODE = re.compile(r"[A-Z]{2,3}[0-9]{3}")
REQUIRED_HOOKS = ("gklint_templates", "gklint_rulesets")  # the kernel cannot bind or select without them


class PluginConflict(Exception):
    """Two plugins claim the same rule code, format name, reader, template or ruleset."""


@dataclass
class PluginRecord:
    """One plugin as ``gklint plugins`` shows it."""

    name: str
    distribution: str = ""
    version: str = ""
    hooks: tuple[str, ...] = ()
    error: str = ""

    def fail(self, problem: str) -> None:
        self.error = f"{self.error}; {problem}" if self.error else problem

    @property
    def blocked(self) -> bool:
        return self.error.startswith("blocked")


@dataclass
class Plugins:
    """What the loaded plugins provide, each item tagged with the plugin that provided it."""

    records: list[PluginRecord] = field(default_factory=list)
    readers: list[tuple[Reader, str]] = field(default_factory=list)
    rules: dict[str, tuple[type[Rule], str]] = field(default_factory=dict)
    formatters: dict[str, tuple[Formatter, str]] = field(default_factory=dict)
    templates: list[tuple[Template, str]] = field(default_factory=list)
    rulesets: dict[str, tuple[Path, str]] = field(default_factory=dict)

    @property
    def errors(self) -> list[PluginRecord]:
        return [r for r in self.records if r.error]

    @property
    def failures(self) -> list[PluginRecord]:
        """Plugins that failed to load or broke the contract (blocked ones are not failures)."""
        return [r for r in self.records if r.error and not r.blocked]

    def rule_infos(self) -> dict[str, RuleInfo]:
        distributions = {record.name: record.distribution for record in self.records}
        return {
            code: cls.info(plugin, distributions.get(plugin, "")) for code, (cls, plugin) in sorted(self.rules.items())
        }


def _entry_points() -> list[metadata.EntryPoint]:
    return sorted(metadata.entry_points(group=GROUP), key=lambda ep: ep.name)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def check_blockable(blocked: Iterable[str]) -> None:
    """``-p no:NAME`` must name an installed plugin, and not one the kernel cannot run without."""
    points = {ep.name: ep for ep in _entry_points()}
    for name in blocked:
        ep = points.get(name)
        if ep is None:
            hint = did_you_mean(name, sorted(points)) or " (see `gklint plugins`)"
            raise ConfigError(f"-p no:{name}: no plugin {name!r} is installed{hint}")
        if ep.dist is not None and ep.dist.name == KERNEL_DISTRIBUTION and _provides_required(ep):
            raise ConfigError(f"-p no:{name}: {name} is a required part of gklint (report templates, rulesets)")


def _provides_required(ep: metadata.EntryPoint) -> bool:
    try:
        module = ep.load()
    except Exception:
        return False  # a part that cannot load provides nothing; blocking it is how to get past it
    return any(hasattr(module, hook) for hook in REQUIRED_HOOKS)


def load_plugins(
    blocked: Iterable[str] = (),
    extra: Sequence[tuple[str, object]] = (),
) -> Plugins:
    """Load every entry point of the group (minus ``blocked``), plus ``extra`` (name, object)
    pairs registered directly, and collect what their hooks provide."""
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    plugins = Plugins()
    blocked = set(blocked)
    for ep in _entry_points():
        dist = ep.dist
        record = PluginRecord(ep.name, dist.name if dist else "", dist.version if dist else "")
        plugins.records.append(record)
        if ep.name in blocked:
            record.error = f"blocked (-p no:{ep.name})"
            continue
        _register(pm, record, ep.load)
    for name, obj in extra:
        record = PluginRecord(name)
        plugins.records.append(record)
        _register(pm, record, lambda obj=obj: obj)  # type: ignore[misc]
    _check_hook_names(pm, plugins)
    _collect(pm, plugins)
    return plugins


def _register(pm: pluggy.PluginManager, record: PluginRecord, load: Callable[[], object]) -> None:
    try:
        pm.register(load(), name=record.name)
    except Exception as exc:  # a broken plugin must not take the others down
        record.fail(_describe(exc))


def _check_hook_names(pm: pluggy.PluginManager, plugins: Plugins) -> None:
    """A hook implementation no spec knows is a misspelt hook (pluggy's ``check_pending``)."""
    by_name = {r.name: r for r in plugins.records}
    known = [name for name in vars(pm.hook) if getattr(pm.hook, name).spec is not None]
    for name, caller in sorted(vars(pm.hook).items()):
        if caller.spec is not None:
            continue
        for impl in caller.get_hookimpls():
            record = by_name.get(impl.plugin_name)
            if record is not None:
                record.fail(f"unknown hook {name!r}{did_you_mean(name, known)}")


def _call_each(pm: pluggy.PluginManager, hook: str, plugins: Plugins) -> Iterable[tuple[Any, str]]:
    """Call one hook plugin by plugin, so that one plugin raising spoils only its own part."""
    by_name = {r.name: r for r in plugins.records}
    for impl in sorted(getattr(pm.hook, hook).get_hookimpls(), key=lambda i: i.plugin_name):
        record = by_name.get(impl.plugin_name) or PluginRecord(impl.plugin_name)
        try:
            items = list(impl.function() or ())
        except Exception as exc:
            record.fail(f"{hook}: {_describe(exc)}")
            continue
        record.hooks = tuple(sorted({*record.hooks, hook}))
        for item in items:
            problem = _contract_problem(hook, item)
            if problem:
                record.fail(f"{hook}: {problem}")
            else:
                yield item, impl.plugin_name


def _contract_problem(hook: str, item: Any) -> str:
    """What is wrong with one thing a hook returned (empty when nothing is)."""
    if hook == "gklint_rules":
        if not (isinstance(item, type) and issubclass(item, Rule)):
            return f"{item!r} is not a Rule subclass"
        if not RULE_CODE.fullmatch(item.code or ""):
            return (
                f"rule {item.__name__} has code {item.code!r}; codes are two or three capitals and three digits (HN001)"
            )
    elif hook == "gklint_readers":
        if not isinstance(item, Reader):
            return f"{item!r} is not a Reader"
        if not item.suffixes and type(item).sniff is Reader.sniff:
            return f"reader {item.name!r} claims no file: give it suffixes or a sniff method"
    elif hook == "gklint_formatters" and not (isinstance(item, Formatter) and item.name):
        return f"{item!r} is not a Formatter with a name"
    elif hook == "gklint_templates" and not isinstance(item, Template):
        return f"{item!r} is not a Template"
    elif hook == "gklint_rulesets" and not Path(item).is_file():
        return f"ruleset file {item} does not exist"
    return ""


def _claim(kind: str, key: str, owners: dict[str, str], name: str) -> None:
    if key in owners:
        raise PluginConflict(f"{kind} {key!r} is claimed by both {owners[key]!r} and {name!r}")
    owners[key] = name


def _collect(pm: pluggy.PluginManager, plugins: Plugins) -> None:
    owners: dict[str, dict[str, str]] = {kind: {} for kind in ("reader", "rule code", "format", "template", "ruleset")}
    for reader, name in _call_each(pm, "gklint_readers", plugins):
        _claim("reader", reader.name, owners["reader"], name)
        plugins.readers.append((reader, name))
    _connect_readers(plugins)
    for rule, name in _call_each(pm, "gklint_rules", plugins):
        _claim("rule code", rule.code, owners["rule code"], name)
        plugins.rules[rule.code] = (rule, name)
    for formatter, name in _call_each(pm, "gklint_formatters", plugins):
        _claim("format", formatter.name, owners["format"], name)
        plugins.formatters[formatter.name] = (formatter, name)
    for template, name in _call_each(pm, "gklint_templates", plugins):
        _claim("template", template.name, owners["template"], name)
        plugins.templates.append((template, name))
    for path, name in _call_each(pm, "gklint_rulesets", plugins):
        _claim("ruleset", Path(path).stem, owners["ruleset"], name)
        plugins.rulesets[Path(path).stem] = (Path(path), name)


def _connect_readers(plugins: Plugins) -> None:
    """Give every reader the loaded readers by name (a converter reads through another reader)."""
    by_name = {reader.name: reader for reader, _ in plugins.readers}
    records = {record.name: record for record in plugins.records}
    for reader, name in plugins.readers:
        try:
            reader.connect(by_name)
        except Exception as exc:
            records.get(name, PluginRecord(name)).fail(f"gklint_readers: connect: {_describe(exc)}")
