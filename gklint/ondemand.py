"""Plugins' items looked up by name, each plugin imported only when one of its items is asked for:
the formatters of a run, and the readers a converter reads through or whose traits a formatter needs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from gklint.model import SourceTraits
from gklint.reader import Reader

if TYPE_CHECKING:
    from gklint.manager import Plugins


class OnDemand(Mapping[str, tuple[Any, str]]):
    """The items of one hook by name; looking one up imports only the plugin that provides it."""

    def __init__(self, plugins: Plugins, hook: str, name_of: Callable[[Any], str]) -> None:
        self.plugins, self.hook, self.name_of = plugins, hook, name_of

    def __getitem__(self, key: str) -> tuple[Any, str]:
        owner = self.plugins.owner(self.hook, key)
        if owner is None:
            raise KeyError(key)
        self.plugins._load_pending([owner])
        for item, name in self.plugins._collected(self.hook):
            if self.name_of(item) == key:
                return item, name
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self.plugins.keys(self.hook))

    def __len__(self) -> int:
        return len(self.plugins.keys(self.hook))

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.plugins.owner(self.hook, key) is not None


class ReadersByName(Mapping[str, Reader]):
    """The readers by name, each imported when it is first looked up."""

    def __init__(self, plugins: Plugins) -> None:
        self.readers = OnDemand(plugins, "gklint_readers", lambda reader: reader.name)

    def __getitem__(self, name: str) -> Reader:
        reader: Reader = self.readers[name][0]
        return reader

    def __iter__(self) -> Iterator[str]:
        return iter(self.readers)

    def __len__(self) -> int:
        return len(self.readers)


class TraitsByName(Mapping[str, SourceTraits]):
    """Each reader's declared traits, by reader name, its plugin imported when first asked about."""

    def __init__(self, plugins: Plugins) -> None:
        self.readers = ReadersByName(plugins)

    def __getitem__(self, name: str) -> SourceTraits:
        return self.readers[name].traits()

    def __iter__(self) -> Iterator[str]:
        return iter(self.readers)

    def __len__(self) -> int:
        return len(self.readers)
