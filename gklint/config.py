"""Settings, rulesets and configuration files.

Precedence, highest first: command-line flags; ``--config FILE`` (or else the nearest
``.gklint.yaml`` / ``pyproject.toml [tool.gklint]`` from the linted file upwards); what it
``extends`` (a ruleset, or another configuration file of the project; ``--ruleset`` overrides that
choice; ``national`` by default); the rules' own defaults.

Rule selection, severities, options, per-file ignores, excludes and ``fail-on`` hold per file, from
that file's configuration. The language of the output is run-wide: ``--lang``, else the
configuration found from the working directory (or ``--config``), so a run's output never depends
on the order of its paths.

Selection follows flake8 and ruff: ``select`` and ``ignore`` take codes or prefixes (``GK2``,
``GK401``, ``HN``); for each code the longest matching entry decides, and ``ignore`` wins a tie.
An empty ``select`` selects every rule. Internal errors (GK099) are always reported.
"""

from __future__ import annotations

import fnmatch
import functools
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from gklint.budget import DEFAULT_BUDGET, Budget
from gklint.excludes import DEFAULT_EXCLUDE, Patterns
from gklint.layers import (
    FILE_KEYS,
    SEVERITY_WORDS,
    ConfigError,
    Layer,
    did_you_mean,
    layer_from_mapping,
    load_yaml,
    parse_codes,
)
from gklint.model import Severity
from gklint.paths import relative_to_folder

__all__ = [
    "ALWAYS_REPORTED",
    "CONFIG_FILES",
    "DEFAULT_EXCLUDE",
    "FILE_KEYS",
    "SEVERITY_WORDS",
    "ConfigError",
    "Layer",
    "Resolver",
    "Settings",
    "find_config",
    "load_config_file",
    "merge",
    "parse_codes",
]

ALWAYS_REPORTED = frozenset({"GK099"})  # internal errors: never selected away, ignored or suppressed
# A file that could not be checked at all (no reader, unreadable, no report) says so whatever
# ``select`` narrows the rules to: a run of only the totals rules must not pass a scanned PDF in
# silence. Only an ``ignore`` that names them drops these.
NOT_CHECKED = frozenset({"GK001", "GK002"})
CONFIG_FILES = (".gklint.yaml", ".gklint.yml")


def _longest(code: str, prefixes: Sequence[str]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


@dataclass(frozen=True)
class Settings:
    """The effective settings for one file."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severities: Mapping[str, Severity] = field(default_factory=dict)  # code or prefix -> severity
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # code -> rule options
    fail_on: Severity | None = Severity.ERROR  # None: never fail on findings
    lang: str = "zh"
    jobs: int = 0  # 0: automatic
    exclude: Patterns = (("", DEFAULT_EXCLUDE),)
    budget: Budget = DEFAULT_BUDGET  # run-wide: the per-file time, memory and size limits
    cache_dir: str = ""  # run-wide: where the content cache lives ("": the default)

    def selects(self, code: str) -> bool:
        if code in ALWAYS_REPORTED:
            return True
        chosen = _longest(code, self.select) if self.select else 0
        if code in NOT_CHECKED:
            chosen = max(chosen, 0)
        if chosen < 0:
            return False
        return _longest(code, self.ignore) < chosen

    def severity_of(self, code: str, default: Severity) -> Severity:
        if code in ALWAYS_REPORTED:
            return default
        best = max((p for p in self.severities if code.startswith(p)), key=len, default=None)
        return self.severities[best] if best is not None else default

    def fails(self, severity: Severity) -> bool:
        return self.fail_on is not None and severity >= self.fail_on

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        # Every outcome a worker sends back and a sweep spills carries its file's settings: pickled
        # field by field each time they cost more than a skipped file's whole outcome. Pickled once
        # per object instead, and read back as one shared object per distinct pickle.
        return _settings_from, (self._pickled,)

    @functools.cached_property
    def _pickled(self) -> bytes:
        import pickle  # only a run that sends settings to other processes pickles them

        return pickle.dumps(tuple(getattr(self, f.name) for f in fields(self)), protocol=pickle.HIGHEST_PROTOCOL)


@functools.lru_cache(maxsize=256)
def _settings_from(pickled: bytes) -> Settings:
    import pickle

    return Settings(*pickle.loads(pickled))


# --------------------------------------------------------------------------- resolution


@dataclass(frozen=True)
class Provenance:
    """Where each effective value came from, for ``gklint config show``."""

    entries: tuple[tuple[str, str, str], ...]  # (key, value, source)


@dataclass(eq=False)
class _Merged:
    """The configuration layers folded so far (lowest precedence first), before they become ``Settings``."""

    select: tuple[str, ...] = ()
    ignore: list[str] = field(default_factory=list)
    severities: dict[str, Severity] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    fail_on: Severity | None = Severity.ERROR
    lang: str = "zh"
    exclude: list[tuple[str, tuple[str, ...]]] = field(default_factory=lambda: [("", DEFAULT_EXCLUDE)])
    budget: Budget = DEFAULT_BUDGET
    cache_dir: str = ""
    seen: dict[str, tuple[str, str]] = field(default_factory=dict)

    def fold(self, layer: Layer, path: Path | None) -> None:
        if layer.select is not None:
            self.select = layer.select
            self.seen["select"] = (", ".join(layer.select) or "(all)", layer.source)
        for code in (*layer.ignore, *layer.off):
            self.ignore.append(code)
            self.seen[f"ignore {code}"] = ("ignored" if code in layer.ignore else "off", layer.source)
        for code, severity in layer.severities.items():
            self.severities[code] = severity
            self.ignore = [c for c in self.ignore if c != code]  # an explicit severity turns an `off` back on
            self.seen[f"severity {code}"] = (severity.label, layer.source)
        for code, values in layer.options.items():
            self.options.setdefault(code, {}).update(values)
            for name, value in values.items():
                self.seen[f"rules {code}.{name}"] = (repr(value), layer.source)
        if layer.fail_on != "":
            self.fail_on = layer.fail_on  # type: ignore[assignment]
            self.seen["fail-on"] = (self.fail_on.label if self.fail_on else "never", layer.source)
        if layer.lang:
            self.lang = layer.lang
            self.seen["lang"] = (layer.lang, layer.source)
        self._fold_excludes(layer)
        if layer.limits:
            self.budget = replace(self.budget, **layer.limits)  # type: ignore[arg-type]
            self.seen.update({f"limit {name}": (str(value), layer.source) for name, value in layer.limits.items()})
        if layer.cache_dir:
            self.cache_dir = layer.cache_dir
            self.seen["cache-dir"] = (layer.cache_dir, layer.source)
        for code in _per_file_ignores(layer, path):
            self.ignore.append(code)
            self.seen[f"ignore {code}"] = ("per-file-ignores", layer.source)

    def _fold_excludes(self, layer: Layer) -> None:
        base = str((layer.base or Path.cwd()).resolve())
        if layer.exclude is not None:
            self.exclude = [(base, layer.exclude)]
            self.seen["exclude"] = (", ".join(layer.exclude), layer.source)
        if layer.extend_exclude:
            self.exclude.append((base, layer.extend_exclude))
            self.seen["extend-exclude"] = (", ".join(layer.extend_exclude), layer.source)


def merge(layers: Sequence[Layer], path: Path | None = None) -> tuple[Settings, Provenance]:
    """Fold layers (lowest precedence first) into the settings for ``path``."""
    merged = _Merged()
    for layer in layers:
        merged.fold(layer, path)
    settings = Settings(
        select=merged.select,
        ignore=tuple(dict.fromkeys(merged.ignore)),
        severities=merged.severities,
        options=merged.options,
        fail_on=merged.fail_on,
        lang=merged.lang,
        exclude=tuple(merged.exclude),
        budget=merged.budget,
        cache_dir=merged.cache_dir,
    )
    return settings, Provenance(tuple((k, v, s) for k, (v, s) in merged.seen.items()))


def _per_file_ignores(layer: Layer, path: Path | None) -> Iterator[str]:
    if path is None or not layer.per_file_ignores:
        return
    relative = relative_to_folder(path, layer.base or os.getcwd()) or path.as_posix()
    for glob, codes in layer.per_file_ignores.items():
        if fnmatch.fnmatch(relative, glob) or fnmatch.fnmatch(path.name, glob):
            yield from codes


def project_root(start: Path) -> Path:
    """The repository holding ``start`` (the nearest folder with ``.git``); outside a repository,
    the working directory when ``start`` is below it, else ``start`` itself."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    cwd = Path.cwd().resolve()
    return cwd if here == cwd or cwd in here.parents else here


def has_gklint_table(pyproject: Path) -> bool:
    """Whether ``pyproject`` is a file with a ``[tool.gklint]`` table."""
    return pyproject.is_file() and "[tool.gklint" in pyproject.read_text(encoding="utf-8", errors="replace")


def find_config(start: Path) -> Path | None:
    """The nearest ``.gklint.yaml`` or ``pyproject.toml`` with ``[tool.gklint]`` from ``start`` up."""
    directory = start if start.is_dir() else start.parent
    folder = os.path.realpath(directory)  # as ``resolve()``; the walk up asks in text, not path objects
    while True:
        for name in CONFIG_FILES:
            if os.path.isfile(os.path.join(folder, name)):
                return Path(folder, name)
        pyproject = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(pyproject) and has_gklint_table(Path(pyproject)):
            return Path(pyproject)
        if os.path.exists(os.path.join(folder, ".git")):
            return None  # the repository root bounds the search
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def load_config_file(path: Path, echo: bool = True) -> Layer:
    if path.name == "pyproject.toml":
        return _pyproject_layer(path)
    return layer_from_mapping(load_yaml(path, echo), shown_path(path), path.parent, echo)


def shown_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _pyproject_layer(path: Path) -> Layer:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef,unused-ignore]
    from gklint.tomlplaces import placed

    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{shown_path(path)}: invalid TOML: {exc}") from None
    table = placed(data.get("tool", {}).get("gklint", {}), text)  # with the line of each key
    return layer_from_mapping(table, shown_path(path), path.parent)


class Resolver:
    """Computes each file's settings: rulesets, the nearest config file, command-line flags."""

    def __init__(
        self,
        rulesets: Mapping[str, Path],
        cli: Layer,
        config_file: Path | None = None,
        ruleset: str | None = None,
        jobs: int = 0,
    ) -> None:
        self.rulesets = rulesets
        self.cli = cli
        self.config_file = config_file
        self.ruleset = ruleset
        self.jobs = jobs
        self.aliases: dict[Path, Path] = {}  # a file read from stdin -> the name it is linted as
        self._layers: dict[Path | None, list[Layer]] = {}
        self._configs: dict[str, Path | None] = {}  # folder -> its nearest config: one walk up per folder
        self._shared: dict[int, tuple[list[Layer], Settings]] = {}  # settings of chains without per-file parts
        self._by_folder: dict[str, Settings] = {}  # a folder's files' settings, where no part is per file
        if ruleset is not None and ruleset not in rulesets:
            hint = did_you_mean(ruleset, sorted(rulesets))
            raise ConfigError(f"--ruleset: unknown ruleset {ruleset!r}{hint} (known: {', '.join(sorted(rulesets))})")

    def layers(self, path: Path | str, is_file: bool = False) -> list[Layer]:
        """The configuration layers that apply to ``path`` (``is_file``: known to be a file, so its
        folder is its parent without asking the file system)."""
        if self.aliases:
            path = self.aliases.get(Path(path), Path(path))
        config = self.config_file or self._nearest_config(path, is_file)
        if config not in self._layers:
            self._layers[config] = self._chain(config)
        return self._layers[config]

    def _nearest_config(self, path: Path | str, is_file: bool) -> Path | None:
        text = os.fspath(path)  # folders by their text: hashing path objects cost a sweep more than the lookup
        folder = (os.path.dirname(text) or os.curdir) if is_file or not os.path.isdir(text) else text
        if folder not in self._configs:
            self._configs[folder] = find_config(Path(folder))
        return self._configs[folder]

    def settings_for(self, path: Path | str, is_file: bool = False) -> Settings:
        """The settings for ``path``, a path object or its text (a sweep passes text: making a path
        object of every file cost it more than the lookup)."""
        folder = os.path.dirname(os.fspath(path)) if is_file and not self.aliases else None
        known = self._by_folder.get(folder) if folder is not None else None
        if known is not None:
            return known
        layers = self.layers(path, is_file)
        if any(layer.per_file_ignores for layer in layers):
            settings, _ = merge(layers, self.aliases.get(Path(path), Path(path)))
            return replace(settings, jobs=self.jobs)
        shared = self._shared.get(id(layers))  # no per-file part: one object for every file of the folder
        if shared is None or shared[0] is not layers:
            merged, _ = merge(layers, None)
            shared = self._shared[id(layers)] = (layers, replace(merged, jobs=self.jobs))
        if folder is not None:
            self._by_folder[folder] = shared[1]
        return shared[1]

    def run_settings(self) -> Settings:
        """The run-wide settings: from the flags, then ``--config`` or the configuration found
        from the working directory, whatever paths are linted."""
        return self.settings_for(Path.cwd())

    def loaded_layers(self) -> list[Layer]:
        """Every distinct layer of every configuration resolved so far (the flags included)."""
        unique = {id(layer): layer for chain in self._layers.values() for layer in chain}
        return list(unique.values())

    def explain(self, path: Path) -> tuple[Settings, Provenance, list[str]]:
        layers = self.layers(path)
        settings, provenance = merge(layers, path)
        return settings, provenance, [layer.source for layer in layers]

    def _chain(self, config: Path | None) -> list[Layer]:
        own = load_config_file(config) if config else None
        if self.ruleset is not None:
            layers = self._extends(self.ruleset, None, ())
        elif own is not None:
            origin = config.resolve() if config else None
            layers = self._parents(own, origin, (str(origin),))
        else:
            layers = self._default_base(())
        return [*layers, *([own] if own else []), self.cli]

    def _default_base(self, seen: tuple[str, ...]) -> list[Layer]:
        return self._extends("national", None, seen) if "national" in self.rulesets else []

    def _parents(self, layer: Layer, origin: Path | None, seen: tuple[str, ...]) -> list[Layer]:
        """What ``layer`` extends; a configuration file that names nothing extends ``national``."""
        if not layer.extends:
            return [] if origin is None else self._default_base(seen)
        chain: list[Layer] = []
        for name in layer.extends:
            chain.extend(self._extends(name, layer, seen))
        return chain

    def _extends(self, name: str, parent: Layer | None, seen: tuple[str, ...]) -> list[Layer]:
        if name in self.rulesets:
            return self._named(name, seen)
        assert parent is not None  # --ruleset and the default base are names, checked on construction
        path = self._extended_file(name, parent)
        key = str(path)
        if key in seen:
            raise ConfigError(f"{parent.at('extends')}{name!r} extends itself: {' -> '.join((*seen, key))}")
        layer = layer_from_mapping(load_yaml(path, echo=False), shown_path(path), path.parent, echo=False)
        return [*self._parents(layer, path, (*seen, key)), layer]

    def _named(self, name: str, seen: tuple[str, ...]) -> list[Layer]:
        if name in seen:
            raise ConfigError(f"ruleset {name!r} extends itself: {' -> '.join((*seen, name))}")
        path = self.rulesets[name]
        layer = layer_from_mapping(load_yaml(path), f"ruleset {name}", path.parent)
        return [*self._parents(layer, None, (*seen, name)), layer]

    def _extended_file(self, name: str, parent: Layer) -> Path:
        """A file named by ``extends``: relative, under the project, a YAML file that exists."""
        where = parent.at("extends")
        base = parent.base or Path.cwd()
        known = ", ".join(sorted(self.rulesets))
        if Path(name).is_absolute() or Path(name).drive:
            raise ConfigError(
                f"{where}{name!r} is an absolute path: name a ruleset ({known}) or a file under the project"
            )
        path = (base / name).resolve()
        root = project_root(base)
        if path != root and root not in path.parents:
            raise ConfigError(f"{where}{name!r} is outside the project ({root}): name a file under it")
        if path.suffix.lower() not in (".yaml", ".yml"):
            hint = did_you_mean(name, sorted(self.rulesets))
            raise ConfigError(f"{where}unknown ruleset {name!r}{hint} (known: {known}; or a .yaml file)")
        if not path.is_file():
            raise ConfigError(f"{where}no such file: {name} (relative to {shown_path(base)})")
        return path
