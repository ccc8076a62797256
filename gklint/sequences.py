"""A read-only sequence made item by item: what the run's lazy and on-disk lists have in common."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterator, Sequence
from typing import TypeVar, overload

T = TypeVar("T")


def in_memory(items: Sequence[object]) -> bool:
    """Whether every item of ``items`` is made from what the process holds in memory (a list, a
    tuple, or a sequence that says so): a forked process can then take them from its own copy. A
    sequence that reads its items from a file is not: a parent and its child share the file's
    offset and buffer."""
    return isinstance(items, (list, tuple)) or (isinstance(items, ItemSequence) and items.in_memory)


class ItemSequence(Sequence[T]):
    """A sequence given by its length and ``item(index)`` for an index in range; negative indices,
    ``IndexError`` past the end and slices (as lists) come from here."""

    @property
    def in_memory(self) -> bool:
        """See ``in_memory``: only a sequence that knows says so."""
        return False

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
        if type(index) is int and 0 <= index < len(self):  # the usual case, without a range to index
            return self.item(index)
        if isinstance(index, slice):
            return [self.item(i) for i in range(len(self))[index]]
        return self.item(range(len(self))[index])

    def __iter__(self) -> Iterator[T]:
        # Sequence's own iteration asks __getitem__ for one index after another until IndexError:
        # a sweep's passes over its results paid for that check and that range on every file.
        return map(self.item, range(len(self)))
