"""Old Word (.doc) and WPS (.wps) documents, converted to .docx by LibreOffice and read as such.

LibreOffice (``soffice`` or ``libreoffice`` on PATH) runs headless with a private profile in a
temporary directory, so that it neither touches the user's profile nor hands the job to a
LibreOffice the user has open, and is killed after 120 seconds. Without it the file is reported
as unsupported, with what to install.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from gklint.plugin import Document, Reader, ReadError, UnsupportedFormat, hookimpl

TIMEOUT = 120  # seconds
DOCX_ENTRY_POINT = "reader_docx"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names in the compound file's directory: Word 6-2003 and Kingsoft WPS hold WordDocument,
# Microsoft Works .wps holds CONTENTS. Anything else LibreOffice would import as plain text.
_OLE_STREAMS = tuple(name.encode("utf-16-le") for name in ("WordDocument", "CONTENTS"))


class OfficeReader(Reader):
    name = "office"
    version = "1"
    suffixes = (".doc", ".wps")

    def read(self, path: str, data: bytes) -> Document:
        if not data.strip(b"\x00 \t\r\n"):
            raise ReadError("文件为空", "the file is empty")
        kind = _kind(data)
        if kind == "zip":  # a .docx under an old name: no conversion needed
            return dataclasses.replace(_docx_reader().read(path, data), format=self.name)
        soffice = find_soffice()
        if soffice is None:
            raise UnsupportedFormat(
                "读取 .doc/.wps 文件需要 LibreOffice：请安装（如 apt-get install libreoffice-writer-nogui），"
                "或将文件另存为 .docx",
                "reading .doc/.wps files needs LibreOffice: install it (e.g. apt-get install "
                "libreoffice-writer-nogui), or save the file as .docx",
            )
        converted = convert_to_docx(soffice, data, Path(path).suffix.lower() or ".doc")
        document = _docx_reader().read(path, converted)
        return dataclasses.replace(document, format=self.name)


def _kind(data: bytes) -> str:
    """What the bytes are: only Word/WPS binaries, RTF and Word's web formats go to LibreOffice,
    which would otherwise open anything at all as plain text."""
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(_OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise ReadError(
                "文件已加密（设有打开密码），无法读取；请去掉密码后另存为 .docx",
                "the file is encrypted (password-protected); remove the password and save it as .docx",
            )
        if not any(name in data for name in _OLE_STREAMS):
            raise ReadError(
                "文件已损坏：OLE 复合文件中找不到 Word/WPS 文档内容（WordDocument 流）",
                "the file is damaged: the OLE compound file holds no Word/WPS document (no WordDocument stream)",
            )
        return "ole"
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"{\\rtf", b"<", b"mime-version:")):
        return "text"  # RTF, or HTML / Word XML / MHT saved with a .doc name
    raise ReadError(
        "文件不是 Word/WPS 文档（既不是 OLE 复合文件，也不是 RTF 或网页格式）",
        "the file is not a Word/WPS document (neither an OLE compound file nor RTF nor a web format)",
    )


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(soffice: str, data: bytes, suffix: str) -> bytes:
    """Run LibreOffice on ``data`` and return the .docx it writes."""
    with tempfile.TemporaryDirectory(prefix="gklint-office-") as tmp:
        folder = Path(tmp)
        source = folder / f"report{suffix}"  # our own name: the user's file name never reaches the command line
        source.write_bytes(data)
        out = folder / "out"
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "docx",
            "--outdir",
            str(out),
            str(source),
        ]
        stderr = _run(command)
        result = out / "report.docx"
        if not result.is_file():
            detail = stderr.strip().splitlines()[-1] if stderr.strip() else "no output"
            raise ReadError(
                f"LibreOffice 无法转换该文件（文件可能已损坏或已加密）：{detail}",
                f"LibreOffice could not convert the file (it may be damaged or encrypted): {detail}",
            )
        return result.read_bytes()


def _run(command: list[str]) -> str:
    """Run the converter in its own process group, killing the whole group on timeout."""
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # soffice is a launcher script: its children must die with it
        )
    except OSError as exc:
        raise UnsupportedFormat(f"无法启动 LibreOffice：{exc}", f"cannot start LibreOffice: {exc}") from None
    try:
        _, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise ReadError(
            f"LibreOffice 转换超时（{TIMEOUT} 秒）", f"LibreOffice timed out converting the file ({TIMEOUT} s)"
        ) from None
    return stderr.decode("utf-8", "replace")


def _kill(process: subprocess.Popen[bytes]) -> None:
    if hasattr(os, "killpg"):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    else:
        process.kill()
    process.communicate()


def _docx_reader() -> Reader:
    """The installed DOCX reader, found through its entry point.

    A plugin never imports a sibling plugin: the entry point ``reader_docx`` of the ``gklint``
    group is the public contract, so a replacement DOCX reader registered under that name is
    used here too.
    """
    from importlib.metadata import entry_points

    for entry in entry_points(group="gklint", name=DOCX_ENTRY_POINT):
        for reader in entry.load().gklint_readers():
            if reader.name == "docx":
                return reader
    raise UnsupportedFormat(
        "未安装 DOCX 读取器（入口点 reader_docx），无法读取转换后的文件",
        "no DOCX reader is installed (entry point reader_docx) to read the converted file",
    )


@hookimpl
def gklint_readers() -> list[Reader]:
    return [OfficeReader()]
