"""The plugin manager: find every plugin of the ``gklint`` entry-point group, one at a time.

Built-in readers, rules, formatters and templates are found exactly like a province's plugin. A
plugin that fails to import, or whose hook raises, is recorded with its error and the others
still load; two plugins claiming the same rule code or format name is a ``PluginConflict``.
"""

from __future__ import annotations

import importlib.metadata as metadata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pluggy

from gklint import hookspecs
from gklint.formatter import Formatter
from gklint.reader import Reader
from gklint.rule import Rule, RuleInfo
from gklint.template import Template

GROUP = "gklint"


class PluginConflict(Exception):
    """Two plugins claim the same rule code, format name or reader name."""


@dataclass
class PluginRecord:
    """One plugin as ``gklint plugins`` shows it."""

    name: str
    distribution: str = ""
    version: str = ""
    hooks: tuple[str, ...] = ()
    error: str = ""


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

    def rule_infos(self) -> dict[str, RuleInfo]:
        return {code: cls.info(plugin) for code, (cls, plugin) in sorted(self.rules.items())}


def _entry_points() -> list[metadata.EntryPoint]:
    return sorted(metadata.entry_points(group=GROUP), key=lambda ep: ep.name)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


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
        try:
            pm.register(ep.load(), name=ep.name)
        except Exception as exc:  # a broken plugin must not take the others down
            record.error = _describe(exc)
    for name, obj in extra:
        record = PluginRecord(name)
        plugins.records.append(record)
        try:
            pm.register(obj, name=name)
        except Exception as exc:
            record.error = _describe(exc)
    _collect(pm, plugins)
    return plugins


def _call_each(pm: pluggy.PluginManager, hook: str, plugins: Plugins) -> Iterable[tuple[Any, str]]:
    """Call one hook plugin by plugin, so that one plugin raising spoils only its own part."""
    by_name = {r.name: r for r in plugins.records}
    caller: Callable[..., Any]
    for impl in sorted(getattr(pm.hook, hook).get_hookimpls(), key=lambda i: i.plugin_name):
        caller = impl.function
        record = by_name.get(impl.plugin_name)
        try:
            items = list(caller() or ())
        except Exception as exc:
            if record is not None:
                record.error = record.error or f"{hook}: {_describe(exc)}"
            continue
        if record is not None:
            record.hooks = tuple(sorted({*record.hooks, hook}))
        for item in items:
            yield item, impl.plugin_name


def _collect(pm: pluggy.PluginManager, plugins: Plugins) -> None:
    for reader, name in _call_each(pm, "gklint_readers", plugins):
        other = next((owner for r, owner in plugins.readers if r.name == reader.name), None)
        if other is not None:
            raise PluginConflict(f"reader {reader.name!r} is claimed by both {other!r} and {name!r}")
        plugins.readers.append((reader, name))
    for rule, name in _call_each(pm, "gklint_rules", plugins):
        if rule.code in plugins.rules:
            other = plugins.rules[rule.code][1]
            raise PluginConflict(f"rule code {rule.code} is claimed by both {other!r} and {name!r}")
        plugins.rules[rule.code] = (rule, name)
    for formatter, name in _call_each(pm, "gklint_formatters", plugins):
        if formatter.name in plugins.formatters:
            other = plugins.formatters[formatter.name][1]
            raise PluginConflict(f"format {formatter.name!r} is claimed by both {other!r} and {name!r}")
        plugins.formatters[formatter.name] = (formatter, name)
    for template, name in _call_each(pm, "gklint_templates", plugins):
        other = next((owner for t, owner in plugins.templates if t.name == template.name), None)
        if other is not None:
            raise PluginConflict(f"template {template.name!r} is claimed by both {other!r} and {name!r}")
        plugins.templates.append((template, name))
    for path, name in _call_each(pm, "gklint_rulesets", plugins):
        stem = Path(path).stem
        if stem in plugins.rulesets:
            other = plugins.rulesets[stem][1]
            raise PluginConflict(f"ruleset {stem!r} is claimed by both {other!r} and {name!r}")
        plugins.rulesets[stem] = (Path(path), name)
