"""Equality, hashing and repr by field values, as ``@dataclass(frozen=True)`` makes them, made cheaply.

A dataclass compiles each method it generates from source; for the model's classes that was most of
the cost of importing ``gklint.model``, which every run pays. ``@by_value`` stacked on
``@dataclass(frozen=True, eq=False, repr=False)`` gives the class the same ``__eq__`` (fields with
``compare``, as a tuple, for the same class only), ``__hash__`` (the hash of that tuple, or of the
fields ``hash`` names) and ``__repr__`` (``Name(field=value, ...)``, ``...`` on recursion), made from
the class's fields without compiling anything.
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable
from dataclasses import fields
from operator import attrgetter
from typing import Any, TypeVar

T = TypeVar("T")


def by_value(cls: type[T]) -> type[T]:
    """Give a dataclass made with ``eq=False, repr=False`` the value methods of a frozen dataclass."""
    own = fields(cls)  # type: ignore[arg-type]
    compared = _values([f.name for f in own if f.compare])
    hashed = _values([f.name for f in own if (f.compare if f.hash is None else f.hash)])
    shown = [f.name for f in own if f.repr]

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is self.__class__:
            return bool(compared(self) == compared(other))
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        shown_values = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({shown_values})"

    for method in (__eq__, __hash__, __repr__):
        method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
        setattr(cls, method.__name__, method)
    return cls


def _values(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The named attributes of an object as a tuple (a 1-tuple for one name, ``()`` for none)."""
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return attrgetter(*names)
