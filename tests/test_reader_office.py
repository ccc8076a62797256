""".doc and .wps through LibreOffice: converted and read as DOCX, or a clear message of what to install."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import time
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from gklint.binder import bind
from gklint.manager import load_plugins
from gklint.model import CellStatus
from gklint.plugin import Reader
from gklint.reader import ReadError, UnsupportedFormat
from gklint.readers import office
from gklint.templates.national import NATIONAL_2021
from tests.render.html import sample_content

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "docx"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(512)
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def loaded_office_reader(blocked: tuple[str, ...] = ()) -> Reader:
    """The office reader as a run has it: connected by the plugin manager to the DOCX reader."""
    return next(reader for reader, _ in load_plugins(blocked).readers if reader.name == "office")


@pytest.fixture
def no_libreoffice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setitem(os.environ, "PATH", str(empty))


def fake_soffice(folder: Path, script: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Put a stand-in ``soffice`` first on PATH (to test timeouts and failures of the converter)."""
    folder.mkdir()
    path = folder / "soffice"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setitem(os.environ, "PATH", str(folder))


def test_without_libreoffice_says_what_to_install(no_libreoffice: None) -> None:
    with pytest.raises(UnsupportedFormat) as raised:
        loaded_office_reader().read("report.doc", OLE)
    assert "LibreOffice" in raised.value.message and "另存为 .docx" in raised.value.message
    assert "libreoffice-writer-nogui" in raised.value.message_en and "save the file as .docx" in raised.value.message_en


def test_docx_saved_under_a_doc_name_needs_no_converter(no_libreoffice: None) -> None:
    document = loaded_office_reader().read("report.doc", (FIXTURES / "plain.docx").read_bytes())
    assert document.format == "office"
    assert bind(document, [NATIONAL_2021]).title == sample_content().title


def test_without_the_docx_reader_plugin_the_file_is_unsupported(no_libreoffice: None) -> None:
    reader = loaded_office_reader(blocked=("reader_docx",))
    with pytest.raises(UnsupportedFormat) as raised:
        reader.read("report.doc", (FIXTURES / "plain.docx").read_bytes())
    assert "-p no:reader_docx" in raised.value.message and "no DOCX reader is loaded" in raised.value.message_en


def test_the_command_line_honours_a_blocked_docx_reader(tmp_path: Path, no_libreoffice: None) -> None:
    report = tmp_path / "report.doc"
    shutil.copyfile(FIXTURES / "plain.docx", report)
    args = ["-p", "no:reader_docx", "check", str(report), "--format", "concise"]
    done = subprocess.run([sys.executable, "-m", "gklint", *args], capture_output=True, text=True, check=False)
    assert "GK001" in done.stdout and "reader_docx" in done.stdout


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "文件为空"),
        (b"just some text, not a document", "不是 Word/WPS 文档"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "EncryptionInfo".encode("utf-16-le"), "加密"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8, "已损坏"),
    ],
)
def test_bad_input_is_refused_before_conversion(no_libreoffice: None, data: bytes, words: str) -> None:
    with pytest.raises(ReadError) as raised:
        loaded_office_reader().read("report.doc", data)
    assert not isinstance(raised.value, UnsupportedFormat)
    assert words in raised.value.message and raised.value.message_en


def test_converter_timeout_kills_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    marker = tmp_path / "still-running"
    sleep, touch = shutil.which("sleep"), shutil.which("touch")
    fake_soffice(tmp_path / "bin", f"({sleep} 3; {touch} {marker}) & wait\n", monkeypatch)
    monkeypatch.setattr(office, "TIMEOUT", 1)
    started = time.perf_counter()
    with pytest.raises(ReadError) as raised:
        loaded_office_reader().read("report.doc", OLE)
    assert time.perf_counter() - started < 10
    assert "超时" in raised.value.message and "timed out" in raised.value.message_en
    time.sleep(3)
    assert not marker.exists()  # the whole process group was killed, not only the launcher


def test_converter_without_output(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_soffice(tmp_path / "bin", "echo 'Error: source file could not be loaded' >&2\nexit 0\n", monkeypatch)
    with pytest.raises(ReadError) as raised:
        loaded_office_reader().read("report.wps", OLE)
    assert "LibreOffice 无法转换" in raised.value.message and "could not be loaded" in raised.value.message


def test_registered_through_its_entry_point() -> None:
    (entry,) = entry_points(group="gklint", name="reader_office")
    (reader,) = entry.load().gklint_readers()
    assert reader.name == "office" and set(reader.suffixes) == {".doc", ".wps"}


# --------------------------------------------------------------------------- with LibreOffice installed


@pytest.fixture(scope="module")
def doc_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The synthetic report saved as Word 97-2003 by LibreOffice itself."""
    assert SOFFICE is not None
    folder = tmp_path_factory.mktemp("doc")
    source = folder / "report.docx"
    source.write_bytes((FIXTURES / "plain.docx").read_bytes())
    profile = (folder / "profile").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "doc", "--outdir"]
    subprocess.run([*command, str(folder / "out"), str(source)], capture_output=True, timeout=180, check=True)
    return (folder / "out" / "report.doc").read_bytes()


@needs_libreoffice
@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_doc_is_converted_and_bound(doc_bytes: bytes, suffix: str) -> None:
    assert doc_bytes.startswith(OLE[:8])
    document = loaded_office_reader().read(f"report{suffix}", doc_bytes)
    assert document.format == "office"
    report = bind(document, [NATIONAL_2021])
    content = sample_content()
    assert report.notes == ()
    assert report.title == content.title
    assert sorted(report.sections) == [1, 2, 3, 4, 5, 6]
    cells = [
        (t, r, c, cell) for t, table in report.tables.items() for r, row in table.items() for c, cell in row.items()
    ]
    assert len(cells) == 200
    for table, row, column, cell in cells:
        assert (cell.raw, cell.status) == (content.values[table][row][column], CellStatus.OK), (table, row, column)


@needs_libreoffice
def test_damaged_doc_is_a_read_error() -> None:
    with pytest.raises(ReadError) as raised:
        loaded_office_reader().read("report.doc", OLE + bytes(range(256)) * 8)
    assert not isinstance(raised.value, UnsupportedFormat)
    assert "LibreOffice 无法转换" in raised.value.message and raised.value.message_en
