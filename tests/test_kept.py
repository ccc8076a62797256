"""Tables kept between runs (gklint.kept): what is stored comes back under its stamp, and nothing
usable comes back from a damaged, foreign or missing file; a folder that cannot be written fails
quietly and leaves nothing behind."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gklint import manifest
from gklint.kept import MANIFEST_DIR, kept_path, load_kept, store_kept


def test_a_stored_table_comes_back_under_its_stamp_only(tmp_path: Path) -> None:
    path = str(tmp_path / "folder" / "table.marshal")  # the folder is made
    table = {("一二三", 0): [1, 2, 3], ("x", 2): "y"}
    assert store_kept(path, "stamp A", table)
    assert load_kept(path, "stamp A") == table
    assert load_kept(path, "stamp B") is None
    assert os.listdir(tmp_path / "folder") == ["table.marshal"]  # no temporary file left


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00garbage", marshal.dumps(["stamp A"]), marshal.dumps(("stamp A", 1, 2)), marshal.dumps(7)],
)
def test_a_damaged_or_foreign_file_gives_nothing(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "table.marshal"
    path.write_bytes(content)
    assert load_kept(str(path), "stamp A") is None
    assert load_kept(str(tmp_path / "missing.marshal"), "stamp A") is None


def test_an_old_manifest_written_as_a_mapping_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MANIFEST_DIR, str(tmp_path))
    key = "an installation"
    Path(manifest.cache_file()).write_bytes(marshal.dumps({"key": key, "plugins": {"text": {}}}))
    assert manifest.read(key) == {}
    manifest.write(key, {"text": {"gklint_readers": [["text", [".txt"]]]}})
    assert manifest.read(key) == {"text": {"gklint_readers": [["text", [".txt"]]]}}
    assert manifest.read("another installation") == {}
    manifest.forget()
    assert manifest.read(key) == {} and not os.listdir(tmp_path)


def test_what_marshal_cannot_keep_or_a_folder_that_cannot_be_written_fails_quietly(tmp_path: Path) -> None:
    assert not store_kept(str(tmp_path / "table.marshal"), "stamp", {"value": object()})
    assert not os.listdir(tmp_path)
    assert not store_kept(os.devnull + "/gklint/table.marshal", "stamp", {"value": 1})


def test_the_folder_is_gklints_byte_code_unless_the_environment_names_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(MANIFEST_DIR, raising=False)
    beside = Path(kept_path("table.marshal"))
    assert beside.parent.name == "__pycache__" and beside.parent.parent.name == "gklint"
    monkeypatch.setenv(MANIFEST_DIR, str(tmp_path))
    assert Path(kept_path("table.marshal")) == tmp_path / "table.marshal"


WRITER = """
import sys
from gklint.kept import load_kept, store_kept
path, name = sys.argv[1], sys.argv[2]
for round in range(200):
    assert store_kept(path, "stamp", {name: round, "filler": "x" * 20000})
    value = load_kept(path, "stamp")
    assert isinstance(value, dict) and len(value) == 2, value
"""


def test_concurrent_writers_never_let_a_reader_see_half_a_table(tmp_path: Path) -> None:
    path = str(tmp_path / "table.marshal")
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, path, f"w{n}"]) for n in range(3)]
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0, 0]
    assert os.listdir(tmp_path) == ["table.marshal"]
