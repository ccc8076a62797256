"""A cache entry's bytes: a file's stored outcome as plain values, which ``marshal`` reads several
times faster than ``pickle`` reads the objects they stand for.

A warm run reads one entry a file, and unpickling was the largest part of it: pickle looks up each
class an entry names and fills each object from a dictionary. Here findings, their locations and
places, and the facts of a report become tuples of strings, numbers and bytes, and are made into
objects again in one step each. Anything that is not plain in that way (a plugin's own value in a
finding's arguments, say) makes the entry a pickle, as before: the first byte says which it is.
Marshal's format belongs to the Python version, which is part of every key (``gklint.cache``).
"""

from __future__ import annotations

import marshal
from dataclasses import fields
from operator import attrgetter
from typing import Any

from gklint.history import FACTS_FIELDS, Facts, facts_from
from gklint.model import Finding, Fix, Location, LogicalPlace, Severity
from gklint.outcome import STORED_FIELDS
from gklint.vocabulary import ColumnKey, RowKey, TableKey

PLAIN = b"M"  # marshal of (key, plain values)
PICKLED = b"P"  # pickle of (key, stored outcome)
_SEVERITIES = {int(severity): severity for severity in Severity}
_KEYS = (TableKey, RowKey, ColumnKey)  # the place's table, row and column, in that order
_MEMBERS = tuple({member.value: member for member in kind} for kind in _KEYS)
_LOCATION_FIELDS = tuple(f.name for f in fields(Location))
_PLACE_FIELDS = tuple(f.name for f in fields(LogicalPlace))
_LOCATION_VALUES = attrgetter(*_LOCATION_FIELDS)
_PLACE_VALUES = attrgetter(*_PLACE_FIELDS)
_FACTS_VALUES = attrgetter(*FACTS_FIELDS)
_FINDINGS, _FACTS, _CROSS_YEAR = map(STORED_FIELDS.index, ("findings", "facts", "cross_year"))


class NotPlain(Exception):
    """Something in the outcome has no plain form here: the entry is pickled."""


def encode(key: str, stored: tuple[Any, ...]) -> bytes:
    """The bytes of the entry that keeps ``stored`` under ``key``; ValueError (or the TypeError or
    AttributeError of pickle) when even pickle cannot write it."""
    try:
        return PLAIN + marshal.dumps((key, _plain(stored)))
    except (NotPlain, ValueError):  # marshal says ValueError of a value it cannot write
        import pickle

        try:
            return PICKLED + pickle.dumps((key, stored), protocol=pickle.HIGHEST_PROTOCOL)
        except pickle.PicklingError as error:
            raise ValueError(f"the outcome cannot be kept: {error}") from error


def decode(data: bytes) -> tuple[str, tuple[Any, ...]]:
    """The key and the stored outcome an entry's bytes hold; any exception when they are damaged."""
    kind, body = data[:1], data[1:]
    if kind == PLAIN:
        key, values = marshal.loads(body)
        return key, _restored(values)
    if kind == PICKLED:
        import pickle

        key, stored = pickle.loads(body)
        return key, stored
    raise ValueError("not a cache entry")


def _plain(stored: tuple[Any, ...]) -> tuple[Any, ...]:
    if type(stored) is not tuple or len(stored) != len(STORED_FIELDS):
        raise NotPlain  # not a stored outcome: the cache keeps anything it is given
    values = list(stored)
    values[_FINDINGS] = tuple(map(_plain_finding, stored[_FINDINGS]))
    facts = stored[_FACTS]
    if facts is not None:
        if type(facts) is not Facts:
            raise NotPlain
        values[_FACTS] = _FACTS_VALUES(facts)
    cross_year = stored[_CROSS_YEAR]
    if cross_year is not None:
        digest, findings = cross_year
        values[_CROSS_YEAR] = (digest, tuple(map(_plain_finding, findings)))
    return tuple(values)


def _restored(values: tuple[Any, ...]) -> tuple[Any, ...]:
    stored = list(values)
    stored[_FINDINGS] = list(map(_finding, values[_FINDINGS]))
    if values[_FACTS] is not None:
        stored[_FACTS] = facts_from(values[_FACTS])
    if values[_CROSS_YEAR] is not None:
        digest, findings = values[_CROSS_YEAR]
        stored[_CROSS_YEAR] = (digest, list(map(_finding, findings)))
    return tuple(stored)


def _plain_finding(finding: Finding) -> tuple[Any, ...]:
    if type(finding) is not Finding or type(finding.severity) is not Severity:
        raise NotPlain
    fix = finding.fix
    return (
        finding.code,
        finding.name,
        int(finding.severity),
        finding.message,
        finding.message_en,
        finding.path,
        _plain_location(finding.location),
        _plain_place(finding.place),
        finding.message_id,
        finding.args,
        finding.expected,
        finding.actual,
        finding.plugin,
        None if fix is None else (fix.original, fix.replacement, _plain_location(fix.location)),
    )


def _finding(values: tuple[Any, ...]) -> Finding:
    """The finding ``_plain_finding`` made ``values`` of."""
    (
        code,
        name,
        severity,
        message,
        message_en,
        path,
        location,
        place,
        message_id,
        args,
        expected,
        actual,
        plugin,
        fix,
    ) = values
    fixed = None if fix is None else Fix(fix[0], fix[1], _location(fix[2]))
    return Finding(
        code,
        name,
        _SEVERITIES[severity],
        message,
        message_en,
        path,
        _location(location),
        _place(place),
        message_id,
        args,
        expected,
        actual,
        plugin,
        fixed,
    )


def _plain_location(location: Location) -> tuple[Any, ...]:
    if type(location) is not Location:
        raise NotPlain
    return _LOCATION_VALUES(location)


def _location(values: tuple[Any, ...]) -> Location:
    return Location(*values)  # its constructor leaves out what it leaves out (no page breaks, say)


def _plain_place(place: LogicalPlace) -> tuple[Any, ...]:
    """The place's fields, its table, row and column keys as text, and which of them were the
    vocabulary's members (bit 0 the table, 1 the row, 2 the column): they come back as they were."""
    if type(place) is not LogicalPlace:
        raise NotPlain
    values = list(_PLACE_VALUES(place))
    members = 0
    for bit, kind in enumerate(_KEYS):
        value = values[bit + 1]
        if type(value) is kind:
            values[bit + 1] = value.value
            members |= 1 << bit
        elif value is not None and type(value) is not str:
            raise NotPlain
    return (*values, members)


def _place(values: tuple[Any, ...]) -> LogicalPlace:
    *values_of, members = values
    for bit, members_of in enumerate(_MEMBERS):
        if members >> bit & 1:
            values_of[bit + 1] = members_of[values_of[bit + 1]]
    place = object.__new__(LogicalPlace)
    place.__dict__.update(zip(_PLACE_FIELDS, values_of))
    return place
