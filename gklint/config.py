"""Settings, rulesets and configuration files.

Precedence, highest first: command-line flags; ``--config FILE`` (or else the nearest
``.gklint.yaml`` / ``pyproject.toml [tool.gklint]`` from the linted file upwards); the ruleset it
extends (``--ruleset`` overrides that choice; ``national`` by default); the rules' own defaults.

Selection follows flake8 and ruff: ``select`` and ``ignore`` take codes or prefixes (``GK2``,
``GK401``, ``HN``); for each code the longest matching entry decides, and ``ignore`` wins a tie.
An empty ``select`` selects every rule.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from gklint.budget import DEFAULT_BUDGET, Budget, parse_duration, parse_size
from gklint.model import Severity


class ConfigError(Exception):
    """Invalid configuration or usage: exit code 2."""


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
    budget: Budget = DEFAULT_BUDGET  # run-wide: the per-file time, memory and size limits

    def selects(self, code: str) -> bool:
        chosen = _longest(code, self.select) if self.select else 0
        if chosen < 0:
            return False
        return _longest(code, self.ignore) < chosen

    def severity_of(self, code: str, default: Severity) -> Severity:
        best = max((p for p in self.severities if code.startswith(p)), key=len, default=None)
        return self.severities[best] if best is not None else default

    def fails(self, severity: Severity) -> bool:
        return self.fail_on is not None and severity >= self.fail_on


def parse_codes(values: Sequence[str] | str | None, where: str = "") -> tuple[str, ...]:
    """``["GK1,GK2", "GK401"]`` -> ``("GK1", "GK2", "GK401")``, upper-cased, validated."""
    if isinstance(values, str):
        values = [values]
    codes: list[str] = []
    for value in values or ():
        for part in str(value).split(","):
            part = part.strip().upper()
            if not part:
                continue
            if not part.isalnum() or not part.isascii():
                raise ConfigError(f"{where}not a rule code or prefix: {part!r}")
            codes.append(part)
    return tuple(codes)


# --------------------------------------------------------------------------- layers

CONFIG_FILES = (".gklint.yaml", ".gklint.yml")
SEVERITY_WORDS = ("error", "warning", "info", "off")
RULESET_KEYS = {"name", "description", "extends", "select", "ignore", "severity", "rules"}
LIMIT_KEYS = {"timeout": "timeout", "memory-limit": "memory", "max-file-size": "max_size"}  # key -> Budget field
FILE_KEYS = RULESET_KEYS | {"per-file-ignores", "fail-on", "lang"} | set(LIMIT_KEYS)


@dataclass
class Layer:
    """The settings one source contributes, each value tagged with where it came from."""

    source: str
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severities: dict[str, Severity] = field(default_factory=dict)
    off: tuple[str, ...] = ()
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    base: Path | None = None  # directory the per-file globs are relative to
    fail_on: Severity | str | None = ""  # "" unset; None: never
    lang: str = ""
    extends: tuple[str, ...] = ()
    limits: dict[str, float | int | None] = field(default_factory=dict)  # Budget field -> value


def _where(source: str, data: Any, key: str) -> str:
    """``file.yaml:12: key 'select': `` for error messages (line from ruamel's position info)."""
    try:
        line = data.lc.key(key)[0] + 1
        return f"{source}:{line}: key {key!r}: "
    except (AttributeError, KeyError, TypeError):
        return f"{source}: key {key!r}: "


def _load_yaml(path: Path) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    except YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None


def layer_from_mapping(data: Any, source: str, base: Path | None, allowed: set[str]) -> Layer:
    """Validate one mapping (a ruleset, a config file, [tool.gklint]) into a Layer."""
    if data is None:
        return Layer(source, base=base)
    if not isinstance(data, Mapping):
        raise ConfigError(f"{source}: expected a mapping of settings, got {type(data).__name__}")
    layer = Layer(source, base=base)
    for key, value in data.items():
        where = _where(source, data, key)
        if key not in allowed:
            raise ConfigError(f"{where}unknown setting (known: {', '.join(sorted(allowed))})")
        _apply(layer, key, value, where)
    return layer


def _apply(layer: Layer, key: str, value: Any, where: str) -> None:
    if key in ("name", "description"):
        return
    if key == "extends":
        layer.extends = tuple(value) if isinstance(value, list) else (str(value),)
    elif key == "select":
        layer.select = parse_codes(value, where)
    elif key == "ignore":
        layer.ignore = parse_codes(value, where)
    elif key == "severity":
        _apply_severities(layer, value, where)
    elif key == "rules":
        if not isinstance(value, Mapping) or not all(isinstance(v, Mapping) for v in value.values()):
            raise ConfigError(f"{where}expected `CODE: {{option: value}}` entries")
        layer.options = {str(code).upper(): dict(opts) for code, opts in value.items()}
    elif key == "per-file-ignores":
        if not isinstance(value, Mapping):
            raise ConfigError(f"{where}expected `glob: [codes]` entries")
        layer.per_file_ignores = {str(glob): parse_codes(codes, where) for glob, codes in value.items()}
    elif key == "fail-on":
        word = str(value).lower()
        if word not in ("error", "warning", "info", "never"):
            raise ConfigError(f"{where}expected error, warning, info or never, got {value!r}")
        layer.fail_on = None if word == "never" else Severity.parse(word)
    elif key == "lang":
        if value not in ("zh", "en"):
            raise ConfigError(f"{where}expected zh or en, got {value!r}")
        layer.lang = str(value)
    elif key in LIMIT_KEYS:
        layer.limits[LIMIT_KEYS[key]] = parse_limit(key, value, where)


def parse_limit(key: str, value: Any, where: str = "") -> float | int | None:
    """A ``timeout`` in seconds or a ``memory-limit`` / ``max-file-size`` in bytes; 0 turns it off."""
    try:
        return parse_duration(value) if key == "timeout" else parse_size(value)
    except ValueError as exc:
        raise ConfigError(f"{where}{exc}") from None


def _apply_severities(layer: Layer, value: Any, where: str) -> None:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}expected `CODE: error|warning|info|off` entries")
    off = []
    for code, word in value.items():
        word = str(word).lower()
        if word not in SEVERITY_WORDS:
            raise ConfigError(f"{where}{code}: expected one of {', '.join(SEVERITY_WORDS)}, got {word!r}")
        (code_,) = parse_codes(str(code), where)
        if word == "off":
            off.append(code_)
        else:
            layer.severities[code_] = Severity.parse(word)
    layer.off = tuple(off)


# --------------------------------------------------------------------------- resolution


@dataclass(frozen=True)
class Provenance:
    """Where each effective value came from, for ``gklint config show``."""

    entries: tuple[tuple[str, str, str], ...]  # (key, value, source)


def merge(layers: Sequence[Layer], path: Path | None = None) -> tuple[Settings, Provenance]:
    """Fold layers (lowest precedence first) into the settings for ``path``."""
    select: tuple[str, ...] = ()
    ignore: list[str] = []
    severities: dict[str, Severity] = {}
    options: dict[str, dict[str, Any]] = {}
    fail_on: Severity | None = Severity.ERROR
    lang = "zh"
    budget = DEFAULT_BUDGET
    seen: dict[str, tuple[str, str]] = {}
    for layer in layers:
        if layer.select is not None:
            select = layer.select
            seen["select"] = (", ".join(select) or "(all)", layer.source)
        for code in (*layer.ignore, *layer.off):
            ignore.append(code)
            seen[f"ignore {code}"] = ("ignored" if code in layer.ignore else "off", layer.source)
        for code, severity in layer.severities.items():
            severities[code] = severity
            ignore = [c for c in ignore if c != code]  # an explicit severity turns an `off` back on
            seen[f"severity {code}"] = (severity.label, layer.source)
        for code, values in layer.options.items():
            options.setdefault(code, {}).update(values)
            for name, value in values.items():
                seen[f"rules {code}.{name}"] = (repr(value), layer.source)
        if layer.fail_on != "":
            fail_on = layer.fail_on  # type: ignore[assignment]
            seen["fail-on"] = (fail_on.label if fail_on else "never", layer.source)
        if layer.lang:
            lang = layer.lang
            seen["lang"] = (lang, layer.source)
        if layer.limits:
            budget = replace(budget, **layer.limits)  # type: ignore[arg-type]
            seen.update({f"limit {name}": (str(value), layer.source) for name, value in layer.limits.items()})
        for code in _per_file_ignores(layer, path):
            ignore.append(code)
            seen[f"ignore {code}"] = ("per-file-ignores", layer.source)
    settings = Settings(tuple(select), tuple(dict.fromkeys(ignore)), severities, options, fail_on, lang, budget=budget)
    provenance = Provenance(tuple((k, v, s) for k, (v, s) in seen.items()))
    return settings, provenance


def _per_file_ignores(layer: Layer, path: Path | None) -> Iterator[str]:
    if path is None or not layer.per_file_ignores:
        return
    try:
        relative = Path(os.path.realpath(path)).relative_to((layer.base or Path.cwd()).resolve()).as_posix()
    except ValueError:
        relative = path.as_posix()
    for glob, codes in layer.per_file_ignores.items():
        if fnmatch.fnmatch(relative, glob) or fnmatch.fnmatch(path.name, glob):
            yield from codes


def find_config(start: Path) -> Path | None:
    """The nearest ``.gklint.yaml`` or ``pyproject.toml`` with ``[tool.gklint]`` from ``start`` up."""
    directory = start if start.is_dir() else start.parent
    for folder in (directory.resolve(), *directory.resolve().parents):
        for name in CONFIG_FILES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "[tool.gklint" in pyproject.read_text(encoding="utf-8", errors="replace"):
            return pyproject
        if (folder / ".git").exists():
            return None  # the repository root bounds the search
    return None


def load_config_file(path: Path) -> Layer:
    if path.name == "pyproject.toml":
        return _pyproject_layer(path)
    return layer_from_mapping(_load_yaml(path), str(path), path.parent, FILE_KEYS)


def _pyproject_layer(path: Path) -> Layer:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef,unused-ignore]
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, OSError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("gklint", {})
    return layer_from_mapping(table, f"{path} [tool.gklint]", path.parent, FILE_KEYS)


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
        self._layers: dict[Path | None, list[Layer]] = {}
        if ruleset is not None and ruleset not in rulesets:
            raise ConfigError(f"unknown ruleset {ruleset!r} (known: {', '.join(sorted(rulesets))})")

    def layers(self, path: Path) -> list[Layer]:
        config = self.config_file or find_config(path)
        if config not in self._layers:
            self._layers[config] = self._chain(config)
        return self._layers[config]

    def settings_for(self, path: Path) -> Settings:
        settings, _ = merge(self.layers(path), path)
        return replace(settings, jobs=self.jobs)

    def explain(self, path: Path) -> tuple[Settings, Provenance, list[str]]:
        layers = self.layers(path)
        settings, provenance = merge(layers, path)
        return settings, provenance, [layer.source for layer in layers]

    def _chain(self, config: Path | None) -> list[Layer]:
        own = load_config_file(config) if config else None
        if self.ruleset is not None:
            bases = [self.ruleset]
        elif own is not None and own.extends:
            bases = list(own.extends)
        else:
            bases = ["national"] if "national" in self.rulesets else []
        layers: list[Layer] = []
        for base in bases:
            layers.extend(self._ruleset_chain(base, own.base if own else None, ()))
        if own is not None:
            layers.append(own)
        layers.append(self.cli)
        return layers

    def _ruleset_chain(self, name: str, relative_to: Path | None, seen: tuple[str, ...]) -> list[Layer]:
        if name in seen:
            raise ConfigError(f"ruleset {name!r} extends itself: {' -> '.join((*seen, name))}")
        path = self.rulesets.get(name)
        if path is None and relative_to is not None and (relative_to / name).is_file():
            path = relative_to / name
        if path is None:
            known = ", ".join(sorted(self.rulesets))
            raise ConfigError(f"unknown ruleset {name!r} (known: {known}; or a path relative to the config)")
        layer = layer_from_mapping(_load_yaml(path), f"ruleset {name}", path.parent, RULESET_KEYS)
        chain: list[Layer] = []
        for parent in layer.extends:
            chain.extend(self._ruleset_chain(parent, path.parent, (*seen, name)))
        return [*chain, layer]
