"""The code ``@dataclass`` generates, kept between runs: the same classes, compiled only once."""

from __future__ import annotations

import builtins
import dataclasses
import os
import pickle
from dataclasses import FrozenInstanceError, InitVar, dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pytest

from gklint.codecache import generated_code_kept, table_path


def declare() -> dict[str, type]:
    """Classes using what gklint's declarations use (and more), declared afresh at each call."""

    @dataclass(frozen=True)
    class Point:
        x: int
        y: int = 0
        tags: tuple[str, ...] = ()

    @dataclass(order=True)
    class Row:
        key: str
        cells: list[int] = field(default_factory=list)
        seen: int = field(default=0, compare=False, repr=False)
        scale: InitVar[int] = 1
        kind: ClassVar[str] = "row"

        def __post_init__(self, scale: int) -> None:
            self.cells = [cell * scale for cell in self.cells]

    @dataclass(frozen=True, eq=False, repr=False, init=False)
    class Bare:
        value: Any

        def __init__(self, value: Any) -> None:
            object.__setattr__(self, "value", value)

    @dataclass(frozen=True, unsafe_hash=True)
    class Keyed:
        name: str = field(hash=True)
        note: str = field(default="", hash=False, compare=False)

    return {cls.__name__: cls for cls in (Point, Row, Bare, Keyed)}


def behaviour(classes: dict[str, type]) -> list[Any]:
    """What the classes do, in plain values, so that two sets of classes can be compared."""
    point, row, bare, keyed = (classes[name] for name in ("Point", "Row", "Bare", "Keyed"))
    found: list[Any] = [
        repr(point(1, 2, ("a",))),
        point(1) == point(1, 0),
        hash(point(3, 4)) == hash(point(3, 4)),
        repr(row("k", [1, 2], 5, 3)),
        row("a") < row("b"),
        row("k", [1], 1) == row("k", [1], 9),
        repr(keyed("n", "x")),
        hash(keyed("n", "x")) == hash(keyed("n", "y")),
        bare(5).value,
        [f.name for f in dataclasses.fields(point)],
        str(dataclasses.replace(point(1, 2), y=7)),
        dataclasses.asdict(row("z", [2], 0, 2)),
        point.__init__.__annotations__,
        point.__match_args__,
    ]
    for obj, name in ((point(1), "x"), (bare(1), "value")):
        with pytest.raises(FrozenInstanceError):
            setattr(obj, name, 2)
    return found


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GKLINT_MANIFEST_DIR", str(tmp_path))
    return tmp_path


def test_classes_declared_through_the_table_behave_as_without_it(folder: Path) -> None:
    plain = behaviour(declare())
    with generated_code_kept() as table:
        assert table is not None
        first = behaviour(declare())
        assert table.added > 0
    assert first == plain and "exec" not in vars(dataclasses)  # dataclasses left as it was
    assert Path(table_path()).parent == folder and Path(table_path()).exists()


def test_a_later_run_compiles_nothing(folder: Path) -> None:
    with generated_code_kept():
        declare()
    stored = Path(table_path()).read_bytes()

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("compiled again")

    with generated_code_kept() as table, pytest.MonkeyPatch.context() as patch:
        patch.setattr(builtins, "compile", refuse)
        classes = declare()
        patch.undo()
        assert table is not None and table.added == 0
    assert behaviour(classes) == behaviour(declare())
    assert Path(table_path()).read_bytes() == stored  # nothing new: not rewritten


def test_a_damaged_or_foreign_table_is_compiled_afresh_and_rewritten(folder: Path) -> None:
    path = Path(table_path())
    plain = behaviour(declare())
    for content in (b"\x00garbage", pickle.dumps("not marshal"), b""):
        path.write_bytes(content)
        with generated_code_kept() as table:
            assert behaviour(declare()) == plain
            assert table is not None and table.added > 0
        assert path.read_bytes() != content


def test_a_folder_that_cannot_be_written_costs_only_the_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GKLINT_MANIFEST_DIR", os.devnull + "/gklint")
    with generated_code_kept():
        classes = declare()
    assert behaviour(classes) == behaviour(declare())


def test_an_exec_of_its_own_in_dataclasses_is_left_alone(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def own(source: Any, *args: Any, **kwargs: Any) -> None:
        calls.append("own")
        builtins.exec(source, *args, **kwargs)

    monkeypatch.setattr(dataclasses, "exec", own, raising=False)
    with generated_code_kept() as table:
        declare()
    assert table is None and calls and vars(dataclasses)["exec"] is own
