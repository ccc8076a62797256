"""What the binder works out once for each template or table spec it is given."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")


def made_once(kept: dict[int, tuple[Any, Any]], owner: K, make: Callable[[K], V]) -> V:
    """``make(owner)``, made once for each object ``owner`` and kept in ``kept``. The owner is kept
    with it: an object made later at a dead one's address is not taken for it."""
    found = kept.get(id(owner))
    if found is None or found[0] is not owner:
        found = kept[id(owner)] = (owner, make(owner))
    value: V = found[1]
    return value
