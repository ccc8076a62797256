"""Checks of configuration against the loaded plugins, made before any report is read: every rule
code and prefix a layer names must exist, every rule option must be known and hold a value of the
right kind and meaning. Errors name the file, the line and the key, and the nearest valid value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from gklint.config import ALWAYS_REPORTED
from gklint.layers import ConfigError, Layer, did_you_mean, did_you_mean_code, finite
from gklint.rule import Parameter, RuleInfo
from gklint.text import lazy_pattern

SELECTOR = lazy_pattern(r"[A-Z]{1,3}[0-9]{0,3}")
MONTH_DAY = lazy_pattern(r"(\d{2})-(\d{2})")


def check_layers(layers: Iterable[Layer], infos: Mapping[str, RuleInfo]) -> None:
    """Raise ``ConfigError`` for the first thing in ``layers`` that the loaded rules cannot honour."""
    codes = sorted(infos)
    for layer in layers:
        try:
            _check_selectors(layer, codes)
            for code, values in layer.options.items():
                _check_options(layer.at(f"rules.{code}"), code, values, infos, layer.echo)
        except ConfigError as exc:
            if layer.echo:
                raise
            # a file reached through `extends`: say which, never what it holds
            raise ConfigError(f"{layer.source}: names a rule, code or option gklint does not know") from exc


def _check_selectors(layer: Layer, codes: Sequence[str]) -> None:
    for key, selectors in (("select", layer.select or ()), ("ignore", layer.ignore)):
        for selector in selectors:
            known_selector(selector, codes, layer.at(key))
    for selector in (*layer.severities, *layer.off):
        known_selector(selector, codes, layer.where.get(f"severity.{selector}") or layer.at("severity"), settable=True)
    for glob, selectors in layer.per_file_ignores.items():
        where = layer.where.get(f"per-file-ignores.{glob}") or layer.at("per-file-ignores")
        for selector in selectors:
            known_selector(selector, codes, where, settable=True)
    for selector in layer.ignore:
        _not_always_reported(selector, layer.at("ignore"))


def known_selector(selector: str, codes: Sequence[str], where: str, settable: bool = False) -> None:
    """A code or prefix must name at least one loaded rule ("did you mean GK401?")."""
    if not SELECTOR.fullmatch(selector) or not any(code.startswith(selector) for code in codes):
        prefixes = sorted({re.sub(r"\d.*", "", code) for code in codes})
        choices = [code for code in codes if code not in ALWAYS_REPORTED]  # no setting changes GK099
        hint = did_you_mean_code(selector, choices) or f" (codes start with {', '.join(prefixes)}; see `gklint rules`)"
        raise ConfigError(f"{where}{selector!r} matches no rule of the installed plugins{hint}")
    if settable:
        _not_always_reported(selector, where)


def _not_always_reported(selector: str, where: str) -> None:
    if selector in ALWAYS_REPORTED:
        raise ConfigError(f"{where}{selector} (internal error) is always reported: it cannot be ignored or regraded")


def _check_options(where: str, code: str, values: Mapping[str, Any], infos: Mapping[str, RuleInfo], echo: bool) -> None:
    info = infos.get(code)
    if info is None:
        hint = did_you_mean_code(code, sorted(c for c, i in infos.items() if i.parameters)) or " (see `gklint rules`)"
        raise ConfigError(f"{where}no rule {code} is installed{hint}")
    for name, value in values.items():
        param = info.parameters.get(name)
        if param is None:
            known = ", ".join(info.parameters) or "none"
            hint = did_you_mean(name, list(info.parameters))
            raise ConfigError(f"{where}unknown option {name!r}{hint} (options of {code}: {known})")
        problem = option_problem(param, value)
        if problem:
            got = f" is {value!r}" if echo else ""
            raise ConfigError(f"{where}option {name!r}{got}: {problem}")


def option_problem(param: Parameter, value: Any) -> str:
    """Why ``value`` cannot stand for ``param`` (empty when it can): its kind, then its meaning."""
    default = param.default
    if not _same_kind(default, value) or not finite(value):
        kind = (
            "number" if isinstance(default, (int, float)) and not isinstance(default, bool) else type(default).__name__
        )
        return f"expected a {kind} like {default!r}"
    if param.choices and value not in param.choices:
        hint = did_you_mean(str(value), [str(c) for c in param.choices])
        return f"expected one of {', '.join(map(str, param.choices))}{hint}"
    if param.minimum is not None and value < param.minimum:
        return f"expected at least {param.minimum}"
    if param.maximum is not None and value > param.maximum:
        return f"expected at most {param.maximum}"
    return _format_problem(param.kind, value, default)


def _same_kind(default: object, value: object) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    if isinstance(default, (list, tuple)):
        return isinstance(value, (list, tuple))
    if isinstance(default, str):
        return isinstance(value, (str, date))  # YAML reads an unquoted 2024-01-20 as a date
    return True


def _format_problem(kind: str, value: Any, default: Any) -> str:
    if kind == "month-day" and not _month_day(str(value)):
        return f"expected a month and day as MM-DD (a real date) like {default!r}"
    if kind == "date" and value not in ("", None) and not isinstance(value, date) and not _iso_date(str(value)):
        return "expected a date as YYYY-MM-DD (a real date), or empty"
    return ""


def _month_day(text: str) -> bool:
    found = MONTH_DAY.fullmatch(text.strip())
    return found is not None and _iso_date(f"2024-{found[1]}-{found[2]}")  # a leap year: 02-29 exists


def _iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text.strip())
    except ValueError:
        return False
    return True
