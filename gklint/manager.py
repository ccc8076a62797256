"""The plugin manager: find every plugin of the ``gklint`` entry-point group, import each only when needed.

Built-in readers, rules, formatters and templates are found exactly like a province's plugin. A
plugin that fails to import, whose hook raises, or that breaks the contract (a hook name no spec
knows, a rule code that is not ``AB123``, a reader that claims no file) is recorded with its error,
naming it, and the others still load (the command line then exits 2). Two plugins claiming the
same rule code, format, reader, template or ruleset is a ``PluginConflict``.

A plugin's module is imported the first time the run needs something it provides: the readers of
a file's suffix, the chosen formatter, every rule for a check. Who provides what comes from the
manifest of the last clean load (``gklint.manifest``); a plugin it does not vouch for (new, changed,
or failing last time) is imported at once, so that its errors and claims are seen by every run.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FunctionType, MethodType, ModuleType
from typing import Any

import pluggy

from gklint import hookspecs, manifest
from gklint.entrypoints import EntryPoint, entry_points, installation
from gklint.formatter import Formatter
from gklint.layers import ConfigError, did_you_mean
from gklint.model import SourceTraits
from gklint.ondemand import OnDemand, ReadersByName, TraitsByName
from gklint.reader import Reader
from gklint.rule import Rule, RuleInfo, info_from_facts, metadata_problem, rule_facts
from gklint.template import Template
from gklint.text import lazy_pattern

GROUP = "gklint"
KERNEL_DISTRIBUTION = "gklint"
RULE_CODE = lazy_pattern(r"[A-Z]{2,3}[0-9]{3}")
REQUIRED_HOOKS = ("gklint_templates", "gklint_rulesets")  # the kernel cannot bind or select without them
# The hooks in the order their answers are collected (and conflicts between plugins are found).
HOOKS = ("gklint_readers", "gklint_rules", "gklint_formatters", "gklint_templates", "gklint_rulesets")
CLAIMS = dict(zip(HOOKS, ("reader", "rule code", "format", "template", "ruleset")))
RULE_FACTS = "rule_facts"  # in a plugin's manifest entry: its rules' metadata (``gklint.rule.rule_facts``)


class PluginConflict(Exception):
    """Two plugins claiming the same rule code, format name, reader, template or ruleset."""


@dataclass(eq=False, repr=False)
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


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _entry_points() -> list[EntryPoint]:
    return entry_points(GROUP)


def check_blockable(blocked: Iterable[str]) -> None:
    """``-p no:NAME`` must name an installed plugin, and not one the kernel cannot run without."""
    blocked = list(blocked)
    if not blocked:
        return
    points = {ep.name: ep for ep in _entry_points()}
    for name in blocked:
        ep = points.get(name)
        if ep is None:
            hint = did_you_mean(name, sorted(points)) or " (see `gklint plugins`)"
            raise ConfigError(f"-p no:{name}: no plugin {name!r} is installed{hint}")
        if ep.distribution == KERNEL_DISTRIBUTION and _provides_required(ep):
            raise ConfigError(f"-p no:{name}: {name} is a required part of gklint (report templates, rulesets)")


def _provides_required(ep: EntryPoint) -> bool:
    try:
        module = ep.load()
    except Exception:
        return False  # a part that cannot load provides nothing; blocking it is how to get past it
    return any(hasattr(module, hook) for hook in REQUIRED_HOOKS)


def load_plugins(
    blocked: Iterable[str] = (),
    extra: Sequence[tuple[str, object]] = (),
) -> Plugins:
    """Find every entry point of the group (minus ``blocked``), plus ``extra`` (name, object) pairs
    registered directly; import those the manifest does not vouch for, and check every claim."""
    plugins = Plugins()
    blocked = set(blocked)
    points, distributions = installation(GROUP)
    key = plugins.installation = manifest.installation_key(points, distributions)
    known = manifest.read(key)
    fresh = False
    for ep in points:
        record = PluginRecord(ep.name, ep.distribution, ep.version)
        plugins.records.append(record)
        plugins.note_module(ep.name, ep.module)
        if ep.name in blocked:
            record.error = f"blocked (-p no:{ep.name})"
        elif ep.name in known and _vouched(known[ep.name], ep):
            plugins.defer(record, ep, known[ep.name])
        else:
            plugins.load(record, ep.load)
            fresh = fresh or not record.error
    for name, obj in extra:
        record = PluginRecord(name)
        plugins.records.append(record)
        plugins.load(record, lambda obj=obj: obj)  # type: ignore[misc]
    plugins.check_claims()
    if fresh:
        manifest.write(key, {**known, **plugins.clean_manifest({ep.name: ep for ep in points})})
    return plugins


def _vouched(entry: manifest.Provides, ep: EntryPoint) -> bool:
    hooks = all(isinstance(entry.get(hook, []), list) for hook in (*HOOKS, RULE_FACTS))
    return entry.get("value") == [ep.value] and hooks


class _PluginManager(pluggy.PluginManager):
    """pluggy's manager, quicker to pass over the names of a module that cannot be hooks.

    pluggy looks at every name of a plugin with ``inspect.getattr_static``; a module's classes,
    constants and functions without the ``@hookimpl`` mark are skipped here, as pluggy would skip them.
    """

    def parse_hookimpl_opts(self, plugin: object, name: str) -> Any:
        if isinstance(plugin, ModuleType):
            value = plugin.__dict__.get(name)
            if isinstance(value, FunctionType):
                if not hasattr(value, f"{self.project_name}_impl"):
                    return None
            elif not isinstance(value, (MethodType, classmethod, staticmethod)):
                return None
        return super().parse_hookimpl_opts(plugin, name)


class Plugins:
    """What the loaded plugins provide, each item tagged with the plugin that provided it."""

    def __init__(self) -> None:
        self.records: list[PluginRecord] = []
        self._pm = _PluginManager(hookspecs.PROJECT)
        self._pm.add_hookspecs(hookspecs)
        self._items: dict[str, dict[str, list[Any]]] = {}  # plugin -> hook -> what it returned
        self._pending: dict[str, tuple[PluginRecord, EntryPoint, manifest.Provides]] = {}
        self._views: dict[str, Any] = {}
        self._modules: dict[str, str] = {}  # plugin -> the module its entry point names
        self.installation = ""  # what the plugins' answers depend on (``manifest.installation_key``)

    # ------------------------------------------------------------------ what the run asks for

    @property
    def errors(self) -> list[PluginRecord]:
        return [r for r in self.records if r.error]

    @property
    def failures(self) -> list[PluginRecord]:
        """Plugins that failed to load or broke the contract (blocked ones are not failures)."""
        return [r for r in self.records if r.error and not r.blocked]

    @property
    def readers(self) -> list[tuple[Reader, str]]:
        return self._view("gklint_readers", lambda items: items)

    @property
    def rules(self) -> dict[str, tuple[type[Rule], str]]:
        return self._view("gklint_rules", lambda items: {rule.code: (rule, name) for rule, name in items})

    @property
    def formatters(self) -> Mapping[str, tuple[Formatter, str]]:
        """Formatters by name; a formatter's plugin is imported when that formatter is looked up."""
        return OnDemand(self, "gklint_formatters", lambda formatter: formatter.name)

    @property
    def templates(self) -> list[tuple[Template, str]]:
        return self._view("gklint_templates", lambda items: items)

    @property
    def rulesets(self) -> dict[str, tuple[Path, str]]:
        return self._view("gklint_rulesets", lambda items: {Path(p).stem: (Path(p), name) for p, name in items})

    def rule_infos(self) -> dict[str, RuleInfo]:
        """Every rule's metadata, by code; a rule's plugin is not imported for them (the manifest has them)."""
        records = {record.name: record for record in self.records}
        infos = {
            facts["code"]: info_from_facts(facts, plugin, records[plugin].distribution, records[plugin].version)
            if plugin in records
            else info_from_facts(facts, plugin)
            for plugin, facts in self._rule_facts()
        }
        return dict(sorted(infos.items()))

    def history_codes(self) -> frozenset[str]:
        """The codes of the rules that compare a report with other years', without importing them."""
        return frozenset(facts["code"] for _, facts in self._rule_facts() if facts["history"])

    def _rule_facts(self) -> list[tuple[str, dict[str, Any]]]:
        found = [(name, rule_facts(rule)) for rule, name in self._collected("gklint_rules")]
        return found + [(name, f) for name, (_, _, p) in self._pending.items() for f in p.get(RULE_FACTS, [])]

    def rules_all_own(self) -> bool:
        """Whether every rule comes from gklint's own distribution, whose code is known to be Python a
        signal can stop (``gklint.inplace``); another distribution's rule may run C code or end its process."""
        own = {record.name for record in self.records if record.distribution == KERNEL_DISTRIBUTION}
        return all(plugin in own for _, plugin in self.rules.values())

    def source_traits(self) -> Mapping[str, SourceTraits]:
        """What each reader's sources are like, by reader name; a reader is imported when asked about."""
        return TraitsByName(self)

    def reader_suffixes(self) -> set[str]:
        """Every suffix some reader claims, without importing any reader."""
        return {suffix for _, (_, suffixes) in self._claims("gklint_readers") for suffix in suffixes}

    def readers_claiming(self, suffix: str) -> list[tuple[Reader, str]]:
        """The readers that claim ``suffix``, in plugin order; only their plugins are imported."""
        owners = [name for name, (_, suffixes) in self._claims("gklint_readers") if suffix in suffixes]
        self._load_pending(owners)
        return [(reader, name) for reader, name in self._collected("gklint_readers") if suffix in reader.suffixes]

    def code_files(self) -> set[str]:
        """The files of the plugins' code, for the content cache's key, the same whether or not a plugin
        was imported: the module each entry point names (``installation`` stamps the rest of its
        package); of a plugin registered as an object, the files of what it provided."""
        modules = sorted(set(self._modules.values()) - {""})
        files = {path for path in map(manifest.module_file, modules) if path}
        for name, items in self._items.items():
            if name not in self._modules:
                provided = [i if isinstance(i, type) else type(i) for hook in items.values() for i in hook]
                files |= {getattr(sys.modules.get(c.__module__), "__file__", None) or "" for c in provided} - {""}
        return files

    def load_readers(self, suffixes: Iterable[str]) -> None:
        """Import the readers of these suffixes now (before workers fork, so that they share them)."""
        for suffix in sorted(suffixes):
            self.readers_claiming(suffix)

    # ------------------------------------------------------------------ loading

    def note_module(self, name: str, module: str) -> None:
        self._modules[name] = module

    def defer(self, record: PluginRecord, ep: EntryPoint, provides: manifest.Provides) -> None:
        record.hooks = tuple(provides.get("hooks", []))
        self._pending[record.name] = (record, ep, provides)

    def load(self, record: PluginRecord, load: Callable[[], object]) -> None:
        """Import one plugin, register it and collect what its hooks return, checking each item."""
        self._views.clear()
        try:
            self._pm.register(load(), name=record.name)
        except Exception as exc:  # a broken plugin must not take the others down
            record.fail(_describe(exc))
            return
        self._items[record.name] = {}
        _check_hook_names(self._pm, record)
        for hook in HOOKS:
            self._call(hook, record)
        self._connect_readers(record)

    def _connect_readers(self, record: PluginRecord) -> None:
        """Give each of the plugin's readers the readers by name (a converter reads through another;
        the one it asks for is imported then, and a blocked plugin's are not there)."""
        for reader in self._items[record.name].get("gklint_readers", []):
            try:
                reader.connect(ReadersByName(self))
            except Exception as exc:
                record.fail(f"gklint_readers: connect: {_describe(exc)}")

    def _call(self, hook: str, record: PluginRecord) -> None:
        """Call one plugin's hook on its own, so that one plugin raising spoils only its own part."""
        for impl in getattr(self._pm.hook, hook).get_hookimpls():
            if impl.plugin_name != record.name:
                continue
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
                    self._items[record.name].setdefault(hook, []).append(item)

    def _load_pending(self, names: Iterable[str]) -> None:
        for name in sorted(names):
            if name not in self._pending:
                continue
            record, ep, provides = self._pending.pop(name)
            self.load(record, ep.load)
            if record.error or _manifest_entry(ep, record, self._items[name]) != provides:
                manifest.forget()  # it vouched for a plugin that now behaves otherwise

    def _ensure(self, hook: str) -> None:
        self._load_pending([name for name, (_, _, provides) in self._pending.items() if provides.get(hook)])

    def _collected(self, hook: str) -> list[tuple[Any, str]]:
        return [(item, name) for name in sorted(self._items) for item in self._items[name].get(hook, [])]

    def _view(self, hook: str, build: Callable[[list[tuple[Any, str]]], Any]) -> Any:
        self._ensure(hook)
        if hook not in self._views:
            self._views[hook] = build(self._collected(hook))
        return self._views[hook]

    # ------------------------------------------------------------------ claims and the manifest

    def _claims(self, hook: str) -> list[tuple[str, Any]]:
        """(plugin, key) for every item of ``hook``, loaded or not, in plugin order."""
        claims = [(name, _key(hook, item)) for item, name in self._collected(hook)]
        claims += [(name, key) for name, (_, _, p) in self._pending.items() for key in p.get(hook, [])]
        return sorted(claims, key=lambda claim: claim[0])

    def owner(self, hook: str, key: str) -> str | None:
        for name, claimed in self._claims(hook):
            if _claim_name(hook, claimed) == key:
                return name
        return None

    def keys(self, hook: str) -> list[str]:
        return [_claim_name(hook, claimed) for _, claimed in self._claims(hook)]

    def check_claims(self) -> None:
        for hook in HOOKS:
            owners: dict[str, str] = {}
            for name, claimed in self._claims(hook):
                key = _claim_name(hook, claimed)
                if key in owners:
                    raise PluginConflict(f"{CLAIMS[hook]} {key!r} is claimed by both {owners[key]!r} and {name!r}")
                owners[key] = name

    def clean_manifest(self, points: Mapping[str, EntryPoint]) -> dict[str, manifest.Provides]:
        """The manifest entries of the entry points loaded in this run without any error."""
        by_name = {r.name: r for r in self.records}
        return {
            name: _manifest_entry(points[name], by_name[name], items)
            for name, items in self._items.items()
            if name in points and not by_name[name].error
        }


def _key(hook: str, item: Any) -> Any:
    """What an item claims, as the manifest keeps it (a reader: its name and its suffixes)."""
    if hook == "gklint_readers":
        return [item.name, list(item.suffixes)]
    if hook == "gklint_rules":
        return item.code
    if hook == "gklint_rulesets":
        return Path(item).stem
    return item.name


def _claim_name(hook: str, claimed: Any) -> str:
    return str(claimed[0]) if hook == "gklint_readers" else str(claimed)


def _manifest_entry(ep: EntryPoint, record: PluginRecord, items: dict[str, list[Any]]) -> manifest.Provides:
    entry: manifest.Provides = {"value": [ep.value], "hooks": list(record.hooks)}
    for hook in HOOKS:
        entry[hook] = [_key(hook, item) for item in items.get(hook, [])]
    entry[RULE_FACTS] = [rule_facts(rule) for rule in items.get("gklint_rules", [])]
    return entry


def _check_hook_names(pm: pluggy.PluginManager, record: PluginRecord) -> None:
    """A hook implementation no spec knows is a misspelt hook (pluggy's ``check_pending``)."""
    known = [name for name in vars(pm.hook) if getattr(pm.hook, name).spec is not None]
    for name, caller in sorted(vars(pm.hook).items()):
        if caller.spec is None and any(impl.plugin_name == record.name for impl in caller.get_hookimpls()):
            record.fail(f"unknown hook {name!r}{did_you_mean(name, known)}")


def _contract_problem(hook: str, item: Any) -> str:
    """What is wrong with one thing a hook returned (empty when nothing is)."""
    if hook == "gklint_rules":
        if not (isinstance(item, type) and issubclass(item, Rule)):
            return f"{item!r} is not a Rule subclass"
        if not RULE_CODE.fullmatch(item.code or ""):
            return (
                f"rule {item.__name__} has code {item.code!r}; codes are two or three capitals and three digits (HN001)"
            )
        return metadata_problem(item)
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
