"""A read-only sequence made item by item: what the run's lazy and on-disk lists have in common."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from typing import TypeVar, overload

T = TypeVar("T")


class ItemSequence(Sequence[T]):
    """A sequence given by its length and ``item(index)`` for an index in range; negative indices,
    ``IndexError`` past the end and slices (as lists) come from here."""

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def item(self, index: int) -> T:
        """The item at ``index``, which is in range and not negative."""

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if isinstance(index, slice):
            return [self.item(i) for i in range(len(self))[index]]
        return self.item(range(len(self))[index])
