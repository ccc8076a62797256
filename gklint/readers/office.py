"""Old Word (.doc) and WPS (.wps) documents, converted to .docx by LibreOffice and read as such.

LibreOffice (``soffice`` or ``libreoffice`` on PATH) runs on an untrusted file, so it runs boxed in:

* headless, with a throw-away profile and ``HOME`` in a temporary directory: it neither touches the
  user's profile or home nor hands the job to a LibreOffice the user has open;
* without network: in a network namespace of its own where the system allows one (``unshare``),
  and in any case with every proxy setting pointing at a closed local port and links to untrusted
  content blocked, so that a document cannot make it fetch URLs;
* within the file's budget: its timeout is what is left of the file's time limit (at most 120 s),
  and its whole process group is killed on timeout, on Ctrl-C and when the worker is stopped.

Without LibreOffice the file is reported as unsupported, with what to install.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

from gklint.plugin import Document, Reader, ReadError, UnsupportedFormat, empty_file, hookimpl, time_left

TIMEOUT = 120  # seconds, when the file's budget does not say less
_SHARE = 0.8  # of the time left to the file: the rest is for reading the converted document
_DEAD_PROXY = ("127.0.0.1", "9")  # the discard port: nothing listens there
_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema">
{items}
</oor:items>
"""
_SETTINGS = (
    ("/org.openoffice.Inet/Settings", "ooInetProxyType", "2"),  # manual proxies: the dead ones below
    *(
        ("/org.openoffice.Inet/Settings", f"ooInet{kind}Proxy{part}", value)
        for kind in ("HTTP", "HTTPS", "FTP")
        for part, value in (("Name", _DEAD_PROXY[0]), ("Port", _DEAD_PROXY[1]))
    ),
    ("/org.openoffice.Inet/Settings", "ooInetNoProxy", ""),
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
)
DOCX_READER = "docx"  # the reader that reads what LibreOffice writes
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names in the compound file's directory: Word 6-2003 and Kingsoft WPS hold WordDocument,
# Microsoft Works .wps holds CONTENTS. Anything else LibreOffice would import as plain text.
_OLE_STREAMS = tuple(name.encode("utf-16-le") for name in ("WordDocument", "CONTENTS"))


class OfficeReader(Reader):
    name = "office"
    version = "1"
    suffixes = (".doc", ".wps")
    mime_type = "application/msword"

    def __init__(self) -> None:
        self._docx: Reader | None = None

    def connect(self, readers: Mapping[str, Reader]) -> None:
        # A plugin never imports a sibling: the DOCX reader comes from the plugin manager, so a
        # replacement registered under its name is used and `-p no:reader_docx` is honoured.
        self._docx = readers.get(DOCX_READER)

    def read(self, path: str, data: bytes) -> Document:
        if not data.strip(b"\x00 \t\r\n"):
            raise empty_file()
        kind = _kind(data)
        if kind == "zip":  # a .docx under an old name: no conversion needed
            return self._as_docx(path, data)
        soffice = find_soffice()
        if soffice is None:
            raise UnsupportedFormat(
                "读取 .doc/.wps 文件需要 LibreOffice：请安装（如 apt-get install libreoffice-writer-nogui），"
                "或将文件另存为 .docx",
                "reading .doc/.wps files needs LibreOffice: install it (e.g. apt-get install "
                "libreoffice-writer-nogui), or save the file as .docx",
            )
        converted = convert_to_docx(soffice, data, Path(path).suffix.lower() or ".doc")
        return self._as_docx(path, converted)

    def _as_docx(self, path: str, data: bytes) -> Document:
        if self._docx is None:
            raise UnsupportedFormat(
                "没有可用的 DOCX 读取器（未安装，或已用 -p no:reader_docx 屏蔽），无法读取该文件",
                "no DOCX reader is loaded (not installed, or blocked with -p no:reader_docx) to read the file",
            )
        return dataclasses.replace(self._docx.read(path, data), format=self.name)


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
        profile = _profile(folder)
        command = [
            *_offline(),
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nologo",
            "--convert-to",
            "docx",
            "--outdir",
            str(out),
            str(source),
        ]
        stderr = _run(command, _environment(folder), _timeout())
        result = out / "report.docx"
        if not result.is_file():
            detail = stderr.strip().splitlines()[-1] if stderr.strip() else "no output"
            raise ReadError(
                f"LibreOffice 无法转换该文件（文件可能已损坏或已加密）：{detail}",
                f"LibreOffice could not convert the file (it may be damaged or encrypted): {detail}",
            )
        return result.read_bytes()


def _timeout() -> float:
    """Seconds LibreOffice may take: its share of what is left of the file's budget, at most ``TIMEOUT``."""
    left = time_left()
    return TIMEOUT if left is None else max(0.5, min(TIMEOUT, left * _SHARE))


def _profile(folder: Path) -> Path:
    """A throw-away LibreOffice profile whose settings keep it off the network and run no macros."""
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True)
    items = "\n".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>'
        for path, name, value in _SETTINGS
    )
    (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE.format(items=items), encoding="utf-8")
    return profile


def _environment(folder: Path) -> dict[str, str]:
    """Only what LibreOffice needs, with the temporary folder as its home and a dead proxy for every scheme."""
    home = folder / "home"
    home.mkdir()
    proxy = f"http://{_DEAD_PROXY[0]}:{_DEAD_PROXY[1]}"
    env = {key: os.environ[key] for key in ("PATH", "LANG", "LC_ALL", "SYSTEMROOT") if key in os.environ}
    env.update({"HOME": str(home), "TMPDIR": str(folder), "SAL_USE_VCLPLUGIN": "svp"})
    env.update({f"XDG_{kind}_HOME": str(home / kind.lower()) for kind in ("CONFIG", "CACHE", "DATA", "STATE")})
    env.update({name: proxy for name in ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy")})
    env.update({name.upper(): proxy for name in ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy")})
    env.update({"no_proxy": "", "NO_PROXY": ""})
    return env


@functools.cache
def _offline() -> tuple[str, ...]:
    """The prefix that runs a command without network (a new network namespace), where the system
    allows unprivileged namespaces; empty elsewhere (the profile's dead proxies still hold)."""
    unshare = shutil.which("unshare")
    if unshare is None or not sys.platform.startswith("linux"):
        return ()
    prefix = (unshare, "--map-root-user", "--net")
    try:
        probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return ()
    return prefix if probe.returncode == 0 else ()


OFFICE_ADDRESS_SPACE = 4 << 30  # LibreOffice maps a large runtime: more address space than a file's budget


def _limited_address_space() -> bool:
    """True in a worker whose address space gklint limited (see ``gklint.workers``)."""
    try:
        import resource
    except ImportError:
        return False
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    return soft != resource.RLIM_INFINITY


def _office_address_space() -> None:
    """In the LibreOffice child: its own address-space limit in place of the worker's."""
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = OFFICE_ADDRESS_SPACE if hard == resource.RLIM_INFINITY else min(OFFICE_ADDRESS_SPACE, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _run(command: list[str], env: dict[str, str], timeout: float) -> str:
    """Run the converter in its own process group; the whole group is killed on timeout and on
    anything else that ends the wait (Ctrl-C, the worker being stopped)."""
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=env["HOME"],
            start_new_session=True,  # soffice is a launcher script: its children must die with it
            preexec_fn=_office_address_space if _limited_address_space() else None,
        )
    except OSError as exc:
        raise UnsupportedFormat(f"无法启动 LibreOffice：{exc}", f"cannot start LibreOffice: {exc}") from None
    try:
        with _stopped_by_sigterm():
            _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        shown = f"{round(timeout, 1):g}"
        raise ReadError(
            f"LibreOffice 转换超时（{shown} 秒）", f"LibreOffice timed out converting the file ({shown} s)"
        ) from None
    finally:
        if process.returncode is None:  # not reaped: its process group is certainly still ours
            _kill(process)
    return stderr.decode("utf-8", "replace")


@contextlib.contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """While LibreOffice runs, SIGTERM (a worker stopped over its budget) raises SystemExit here, so
    that the wait unwinds, its process group is killed and its temporary folder removed. Ctrl-C
    raises KeyboardInterrupt already."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_exit)
    except ValueError:  # not the main thread: signals are not ours to take
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _raise_exit(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill the converter's process group (what the launcher left running too), then reap the launcher."""
    if hasattr(os, "killpg"):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    elif process.poll() is None:
        process.kill()
    with contextlib.suppress(Exception):
        process.communicate(timeout=5)


@hookimpl
def gklint_readers() -> list[Reader]:
    return [OfficeReader()]
