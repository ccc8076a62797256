"""Reading one source of settings (a ruleset, a ``.gklint.yaml``, ``[tool.gklint]``, the flags) into
a ``Layer``, checking its shape as it is read: every error names the file, the line and the key.

What can only be checked against the loaded plugins (that a code exists, that an option fits its
rule) is checked by ``gklint.options`` before any report is read.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gklint import plainyaml
from gklint.budget import parse_duration, parse_size
from gklint.model import Severity


class ConfigError(Exception):
    """Invalid configuration or usage: exit code 2."""


SEVERITY_WORDS = ("error", "warning", "info", "off")
FAIL_ON_WORDS = ("error", "warning", "info", "never")
LANGS = ("zh", "en")
FILE_KEYS = frozenset(
    {
        "name",
        "description",
        "extends",
        "select",
        "ignore",
        "severity",
        "rules",
        "per-file-ignores",
        "fail-on",
        "lang",
        "exclude",
        "extend-exclude",
        "timeout",
        "memory-limit",
        "max-file-size",
        "cache-dir",
    }
)
LIMIT_KEYS = {"timeout": "timeout", "memory-limit": "memory", "max-file-size": "max_size"}  # key -> Budget field


def did_you_mean(word: str, choices: Sequence[str], cutoff: float = 0.6) -> str:
    """``"; did you mean 'select'?"`` for the nearest choice, or nothing when none is near."""
    near = nearest(word, choices, cutoff)
    return f"; did you mean {near!r}?" if near else ""


def did_you_mean_code(code: str, codes: Sequence[str]) -> str:
    """``"; did you mean 'GK302'?"`` for the nearest rule code (``nearest_code``), or nothing."""
    near = nearest_code(code, codes)
    return f"; did you mean {near!r}?" if near else ""


def nearest_code(code: str, codes: Sequence[str]) -> str | None:
    """The rule code a mistyped one most looks like: of its own prefix (GK3O1: GK301); across
    prefixes only for a typo in the prefix itself (GL302: GK302), never another plugin's code
    (ZJ001 is no typo of GK001: its plugin may be blocked or not installed here)."""
    prefix = code.rstrip("0123456789")
    same = [choice for choice in codes if choice.rstrip("0123456789") == prefix]
    return nearest(code, same) if same else nearest(code, codes, cutoff=0.8)


def nearest(word: str, choices: Sequence[str], cutoff: float = 0.6) -> str | None:
    """The choice nearest to a mistyped ``word``, or None when none is near."""
    import difflib  # only when there is a mistake to hint at

    near = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return near[0] if near else None


def parse_codes(values: Any, where: str = "") -> tuple[str, ...]:
    """``["GK1,GK2", "GK401"]`` (or one string) -> ``("GK1", "GK2", "GK401")``, upper-cased."""
    if isinstance(values, str):
        values = [values]
    if values is None:
        return ()
    if not isinstance(values, Sequence) or any(not isinstance(v, str) for v in values):
        raise ConfigError(f"{where}expected rule codes or prefixes, like [GK107] or GK2,GK401, not {_kind(values)}")
    codes: list[str] = []
    for value in values:
        for part in value.split(","):
            part = part.strip().upper()
            if part:
                codes.append(_selector(part, where))
    return tuple(codes)


def _selector(part: str, where: str) -> str:
    if not (part.isascii() and part.isalnum() and part[0].isalpha()):
        raise ConfigError(f"{where}not a rule code or prefix: {part!r} (codes look like GK401, prefixes like GK4)")
    return part


def _kind(value: Any) -> str:
    """What a value is, in words (never the value itself)."""
    if isinstance(value, (list, tuple)):
        inside = sorted({_kind(v) for v in value})
        return "a list holding " + " and ".join(inside) if inside else "an empty list"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "nothing" if value is None else f"a {type(value).__name__}"


def finite(value: Any) -> bool:
    """NaN and infinities are never a meaningful setting."""
    return not (isinstance(value, float) and not math.isfinite(value))


@dataclass
class Layer:
    """The settings one source contributes, with where each key was written (for messages)."""

    source: str
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severities: dict[str, Severity] = field(default_factory=dict)
    off: tuple[str, ...] = ()
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    base: Path | None = None  # directory the globs are relative to
    fail_on: Severity | str | None = ""  # "" unset; None: never
    lang: str = ""
    extends: tuple[str, ...] = ()
    exclude: tuple[str, ...] | None = None  # replaces the patterns so far (the defaults included)
    extend_exclude: tuple[str, ...] = ()
    where: dict[str, str] = field(default_factory=dict)  # key (or "rules.CODE") -> "file:line: key 'k': "
    echo: bool = True  # False for a file reached through `extends`: its values are never repeated
    limits: dict[str, float | int | None] = field(default_factory=dict)  # Budget field -> value
    cache_dir: str = ""  # the content cache's folder, relative to ``base``

    def at(self, key: str) -> str:
        return self.where.get(key, f"{self.source}: key {key!r}: ")


def where_in(source: str, data: Any, key: str, label: str | None = None) -> str:
    """``file.yaml:12: key 'select': `` (the line from ruamel's position information)."""
    return f"{source}{line_of(data, key)}: key {label or key!r}: "


def line_of(data: Any, key: str) -> str:
    try:
        return f":{data.lc.key(key)[0] + 1}"
    except (AttributeError, KeyError, TypeError):
        return ""


def load_yaml(path: Path, echo: bool = True) -> Any:
    """The YAML document of ``path``; an error names the file and the position, and repeats none
    of the file's text unless ``echo`` (the user's own configuration file)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: cannot read: not UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    plain = plainyaml.load(text)  # rulesets need no ruamel.yaml, which a one-file run would pay for
    if plain is not None:
        return plain
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        detail = f": {exc}" if echo else f": {exc.problem or exc.context or 'not YAML'}"
        raise ConfigError(f"{path}{at}: invalid YAML{detail}") from None
    except (YAMLError, ValueError, TypeError, RecursionError) as exc:  # ruamel builds dates and numbers as it reads
        raise ConfigError(f"{path}: invalid YAML" + (f": {exc}" if echo else "")) from None


def layer_from_mapping(data: Any, source: str, base: Path | None, echo: bool = True) -> Layer:
    """Check one mapping (a ruleset, a config file, [tool.gklint]) and make it a Layer."""
    layer = Layer(source, base=base, echo=echo)
    if data is None:
        return layer
    if not isinstance(data, Mapping):
        raise ConfigError(f"{source}: expected a mapping of settings (key: value), not {_kind(data)}")
    for key, value in data.items():
        where = where_in(source, data, key)
        if key not in FILE_KEYS:
            if not echo:  # the key may be anything of the other file's: say where, not what
                raise ConfigError(f"{source}{line_of(data, key)}: unknown setting")
            hint = did_you_mean(str(key), sorted(FILE_KEYS))
            raise ConfigError(f"{where}unknown setting{hint} (known: {', '.join(sorted(FILE_KEYS))})")
        layer.where[str(key)] = where
        try:
            _apply(layer, str(key), value, where, data)
        except ConfigError:
            if echo:
                raise
            raise ConfigError(f"{where}invalid value (see the file; its content is not repeated here)") from None
    return layer


def _apply(layer: Layer, key: str, value: Any, where: str, data: Any) -> None:
    if key in ("name", "description"):
        return
    if key == "extends":
        layer.extends = _strings(value, where, "a ruleset name or a file, or a list of them")
    elif key == "select":
        layer.select = parse_codes(value, where)
    elif key == "ignore":
        layer.ignore = parse_codes(value, where)
    elif key == "severity":
        _apply_severities(layer, value, where)
    elif key == "rules":
        _apply_options(layer, value, where, data[key])
    elif key == "per-file-ignores":
        if not isinstance(value, Mapping):
            raise ConfigError(f"{where}expected `glob: [codes]` entries, not {_kind(value)}")
        for glob, codes in value.items():  # each pattern's own line, for a code it names wrongly
            at = where_in(layer.source, value, glob, f"per-file-ignores: {glob}")
            layer.where[f"per-file-ignores.{glob}"] = at
            layer.per_file_ignores[str(glob)] = parse_codes(codes, at)
    elif key == "fail-on":
        layer.fail_on = _fail_on(value, where, layer.echo)
    elif key == "lang":
        layer.lang = _choice(value, LANGS, where, layer.echo)
    elif key == "exclude":
        layer.exclude = _strings(value, where, "gitignore-style patterns")
    elif key == "extend-exclude":
        layer.extend_exclude = _strings(value, where, "gitignore-style patterns")
    elif key in LIMIT_KEYS:
        layer.limits[LIMIT_KEYS[key]] = parse_limit(key, value, where)
    elif key == "cache-dir":
        folders = _strings(value, where, "a folder name")
        if len(folders) != 1:
            raise ConfigError(f"{where}expected one folder name, not {len(folders)}")
        layer.cache_dir = str(layer.base / folders[0]) if layer.base else folders[0]


def parse_limit(key: str, value: Any, where: str = "") -> float | int | None:
    """A ``timeout`` in seconds or a ``memory-limit`` / ``max-file-size`` in bytes; 0 turns it off."""
    try:
        return parse_duration(value) if key == "timeout" else parse_size(value)
    except ValueError as exc:
        raise ConfigError(f"{where}{exc}") from None


def _strings(value: Any, where: str, what: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or any(not isinstance(v, str) or not v.strip() for v in items):
        raise ConfigError(f"{where}expected {what}, not {_kind(value)}")
    return tuple(v.strip() for v in items)


def _choice(value: Any, choices: Sequence[str], where: str, echo: bool) -> str:
    word = str(value).lower() if isinstance(value, str) else ""
    if word in choices:
        return word
    got = f", got {value!r}" if echo else ""
    hint = did_you_mean(word, choices) if echo else ""
    raise ConfigError(f"{where}expected {' or '.join(choices)}{got}{hint}")


def _fail_on(value: Any, where: str, echo: bool) -> Severity | None:
    word = _choice(value, FAIL_ON_WORDS, where, echo)
    return None if word == "never" else Severity.parse(word)


def _one_code(code: Any, where: str) -> str:
    if not isinstance(code, str) or "," in code:
        shown = code if isinstance(code, str) else type(code).__name__
        raise ConfigError(f"{where}{shown!r}: one rule code or prefix per entry (write each on its own line)")
    (parsed,) = parse_codes(code, where)
    return parsed


def _apply_severities(layer: Layer, value: Any, where: str) -> None:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}expected `CODE: error|warning|info|off` entries, not {_kind(value)}")
    off = []
    for code, word in value.items():
        parsed = _one_code(code, where)
        at = layer.where[f"severity.{parsed}"] = where_in(layer.source, value, code, f"severity: {parsed}")
        chosen = _choice(word, SEVERITY_WORDS, at, layer.echo)
        if chosen == "off":
            off.append(parsed)
        else:
            layer.severities[parsed] = Severity.parse(chosen)
    layer.off = tuple(off)


def _apply_options(layer: Layer, value: Any, where: str, raw: Any) -> None:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}expected `CODE: {{option: value}}` entries, not {_kind(value)}")
    for code, options in value.items():
        parsed = _one_code(code, where)
        at = where_in(layer.source, raw, code, f"rules: {parsed}")
        if not isinstance(options, Mapping):
            raise ConfigError(f"{at}expected `{{option: value}}`, not {_kind(options)}")
        layer.options[parsed] = {str(name): option for name, option in options.items()}
        layer.where[f"rules.{parsed}"] = at
