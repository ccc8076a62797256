"""LibreOffice runs boxed in: no network, a throw-away profile and home, a timeout within the file's
budget, and its whole process group killed when the wait ends for any reason. A stand-in
``soffice`` records what it was given (the real one is not needed for this)."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gklint.budget import deadline
from gklint.reader import ReadError
from gklint.readers import office
from gklint.readers.office import OfficeReader
from gklint.workers import Exceeded, run_all

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="process groups and namespaces")
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(512)
ROOT = Path(__file__).resolve().parents[1]


def fake_soffice(folder: Path, script: str, monkeypatch: pytest.MonkeyPatch) -> None:
    folder.mkdir()
    path = folder / "soffice"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setitem(os.environ, "PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")


def test_libreoffice_gets_a_private_home_profile_and_dead_proxies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "record"
    script = f'env > {record}.env\nfor a in "$@"; do echo "$a"; done > {record}.args\n'
    fake_soffice(tmp_path / "bin", script, monkeypatch)
    with pytest.raises(ReadError):  # the stand-in writes no .docx
        OfficeReader().read("report.doc", OLE)
    env = dict(line.split("=", 1) for line in record.with_suffix(".env").read_text().splitlines() if "=" in line)
    home = env["HOME"]
    assert home != os.path.expanduser("~") and "gklint-office-" in home
    assert all(env[f"XDG_{kind}_HOME"].startswith(home) for kind in ("CONFIG", "CACHE", "DATA"))
    assert env["http_proxy"] == env["HTTPS_PROXY"] == "http://127.0.0.1:9" and env["no_proxy"] == ""
    args = record.with_suffix(".args").read_text().splitlines()
    profile = next(a for a in args if a.startswith("-env:UserInstallation=file://"))
    assert "--headless" in args and "gklint-office-" in profile
    assert not Path(home).exists()  # the temporary folder went with the run


def test_the_profile_blocks_links_macros_and_the_network(tmp_path: Path) -> None:
    settings = office._profile(tmp_path) / "user" / "registrymodifications.xcu"
    text = settings.read_text(encoding="utf-8")
    assert '"ooInetProxyType" oor:op="fuse"><value>2<' in text
    assert '"ooInetHTTPProxyName" oor:op="fuse"><value>127.0.0.1<' in text
    assert '"BlockUntrustedRefererLinks" oor:op="fuse"><value>true<' in text
    assert '"DisableMacrosExecution" oor:op="fuse"><value>true<' in text


@pytest.mark.skipif(not office._offline(), reason="this system allows no unprivileged network namespace")
def test_libreoffice_runs_without_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record = tmp_path / "net"
    fake_soffice(tmp_path / "bin", f"cat /proc/self/net/dev > {record}\n", monkeypatch)
    with pytest.raises(ReadError):
        OfficeReader().read("report.doc", OLE)
    interfaces = [line.split(":")[0].strip() for line in record.read_text().splitlines()[2:]]
    assert interfaces == ["lo"]  # a namespace of its own: no interface but loopback


def test_the_timeout_fits_the_files_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_soffice(tmp_path / "bin", f"exec {shutil.which('sleep')} 60\n", monkeypatch)
    started = time.monotonic()
    with deadline(2.0), pytest.raises(ReadError) as raised:
        OfficeReader().read("report.doc", OLE)
    assert time.monotonic() - started < 10
    assert "超时" in raised.value.message and "1.6 s" in raised.value.message_en


def _read_doc(_: int) -> str:
    try:
        OfficeReader().read("report.doc", OLE)
    except ReadError as exc:
        return exc.message_en
    return "read"


def _still_running_script(marker: Path) -> str:
    return f"({shutil.which('sleep')} 4; {shutil.which('touch')} {marker}) &\nwait\n"


def test_a_worker_stopped_over_its_budget_takes_libreoffice_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "still-running"
    fake_soffice(tmp_path / "bin", _still_running_script(marker), monkeypatch)
    monkeypatch.setattr(office, "_SHARE", 100.0)  # LibreOffice's own timeout out of the way: the budget stops it
    assert run_all(_read_doc, [0], timeout=1.0) == [Exceeded("time", "1")]
    time.sleep(5)
    assert not marker.exists()


def test_ctrl_c_takes_libreoffice_with_it(tmp_path: Path) -> None:
    marker = tmp_path / "still-running"
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "soffice").write_text("#!/bin/sh\n" + _still_running_script(marker))
    (folder / "soffice").chmod(0o755)
    code = f"from gklint.readers.office import OfficeReader; OfficeReader().read('r.doc', {OLE!r})"
    env = {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE)
    time.sleep(2)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=20)
    assert b"KeyboardInterrupt" in stderr
    time.sleep(4)
    assert not marker.exists()


def test_libreoffice_has_its_own_address_space_limit_in_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "limit"
    fake_soffice(tmp_path / "bin", f"ulimit -v > {record}\n", monkeypatch)
    assert run_all(_read_doc, [0], timeout=20, memory=256 << 20) != [Exceeded("memory", "")]
    assert record.read_text().strip() == str(office.OFFICE_ADDRESS_SPACE >> 10)  # KiB
