"""The html report in a real browser: headless Chromium (the Debian ``chromium`` package) loads the
page, a probe script added to a copy of it measures where each highlighted cell is drawn, which
column heading stands above it and which row label beside it, and records anything the page tried to
load; a screenshot is saved under the test's tmp folder; printed to A4 PDF, no table row is cut.
Skipped when Chromium is not installed."""

from __future__ import annotations

import json
import logging
import re
import shutil
import struct
import subprocess
import unicodedata
import zlib
from pathlib import Path

import pytest
from lxml import html as lxml_html

from gklint.cli import main
from tests.conftest import EXAMPLES, SEEDS, seed_files
from tests.test_html_report import CORPUS, build_run

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="headless Chromium (Debian package chromium) is not installed")
# Background colours of highlighted cells (html.css): the severity a cell shows is its worst finding's.
COLOURS = {"error": "rgb(253, 228, 226)", "warning": "rgb(255, 241, 199)", "info": "rgb(226, 239, 252)"}
RANK = {"info": 1, "warning": 2, "error": 3}

LISTEN = """<script>window.blocked = [];
document.addEventListener("securitypolicyviolation", e => window.blocked.push(e.blockedURI));</script>"""
PROBE = """<script>window.addEventListener("load", () => {
  const box = el => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const cells = [], tables = {};
  for (const table of document.querySelectorAll("table.grid")) {
    const path = table.closest("section").dataset.path;
    (tables[path] = tables[path] || []).push(table.dataset.table);
    const heads = [...table.querySelectorAll("th")];
    for (const td of table.querySelectorAll("td[class*=sev-]")) {
      const [l, t, r, b] = box(td), cx = (l + r) / 2, cy = (t + b) / 2;
      const above = h => { const [hl, , hr, hb] = box(h); return hl <= cx && cx <= hr && hb <= t + 1; };
      const beside = h => { const [, ht, hr, hb] = box(h); return ht <= cy && cy <= hb && hr <= l + 1; };
      cells.push({path, table: td.dataset.table, row: td.dataset.row, col: td.dataset.col,
        width: r - l, height: b - t, background: getComputedStyle(td).backgroundColor,
        column_ok: heads.some(h => h.dataset.col === td.dataset.col
                                   && (!h.dataset.group || h.dataset.group === td.dataset.row) && above(h)),
        row_ok: heads.some(h => h.dataset.row === td.dataset.row && (beside(h) || above(h)))});
    }
  }
  const plain = document.querySelector("table.grid td:not([class*=sev-]):not(.blank):not(.missing)");
  const out = {cells, tables, blocked: window.blocked, plain: plain && getComputedStyle(plain).backgroundColor,
               resources: performance.getEntriesByType("resource").map(e => e.name)};
  const pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});</script>"""


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium with a fresh profile, no sync or updates, and no name resolving: nothing
    it does can reach the network."""
    assert BROWSER is not None
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    command = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--no-first-run", f"--user-data-dir={profile}", "--disable-component-update", "--disable-sync",
               "--disable-extensions", "--disable-default-apps", "--no-default-browser-check",
               "--host-resolver-rules=MAP * ~NOTFOUND", *args]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


def probed(page: Path, tmp_path: Path) -> dict:  # type: ignore[type-arg]
    """Load a copy of ``page`` with the probe in it (its policy still forbids loading anything, but
    lets the probe run) and return what the probe measured."""
    text = page.read_text(encoding="utf-8").replace(
        "default-src 'none';", "default-src 'none'; script-src 'unsafe-inline';"
    )
    text = text.replace('<meta name="viewport"', LISTEN + '<meta name="viewport"', 1).replace(
        "</body>", PROBE + "</body>"
    )
    copy = tmp_path / f"probe-{page.name}"
    copy.write_text(text, encoding="utf-8")
    done = chromium(tmp_path, "--window-size=1280,1000", "--virtual-time-budget=5000", "--dump-dom", copy.as_uri())
    probe = lxml_html.fromstring(done.stdout).xpath('//pre[@id="probe"]')
    assert probe, done.stderr[-2000:]
    return json.loads(probe[0].text)


def html_report(tmp_path: Path, *paths: str) -> tuple[Path, list[dict]]:  # type: ignore[type-arg]
    page = tmp_path / "report.html"
    main(["check", *paths, "--format", "html", "-o", str(page), "--report", f"json:{tmp_path / 'report.json'}"])
    return page, json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["findings"]


def expected_cells(findings: list[dict], tables: dict[str, list[str]]) -> dict[tuple[str, ...], str]:  # type: ignore[type-arg]
    """(path, table, row, column) -> the worst severity of the findings about that drawn cell."""
    worst: dict[tuple[str, ...], str] = {}
    for finding in findings:
        place = finding["logical"]
        if place["row"] and place["column"] and place["table"] in tables.get(finding["path"], []):
            key = (finding["path"], place["table"], place["row"], place["column"])
            if RANK[finding["severity"]] > RANK.get(worst.get(key, ""), 0):
                worst[key] = finding["severity"]
    return worst


def test_highlighted_cells_stand_where_the_findings_say(tmp_path: Path) -> None:
    paths = [str(build_run(tmp_path / "reports"))]
    paths += [str(p) for p in (CORPUS, SEEDS) if p.is_dir() and (p != SEEDS or seed_files())]
    page, findings = html_report(tmp_path, *paths)
    probe = probed(page, tmp_path)

    expected = expected_cells(findings, probe["tables"])
    drawn = {(c["path"], c["table"], c["row"], c["col"]): c for c in probe["cells"]}
    enough = 10 if len(paths) > 1 else 5  # the synthetic run alone names 7 cells; real reports add more
    assert set(drawn) == set(expected) and len(expected) >= enough
    for key, cell in drawn.items():
        assert cell["width"] > 10 and cell["height"] > 10, key
        assert cell["column_ok"] and cell["row_ok"], key  # under its column heading, beside its row label
        assert cell["background"] == COLOURS[expected[key]], key
    assert probe["plain"] not in COLOURS.values()
    assert probe["blocked"] == [] and probe["resources"] == []  # the page asked for nothing outside itself


def test_the_probe_sees_a_request_for_an_external_asset(tmp_path: Path) -> None:
    page, _ = html_report(tmp_path, str(EXAMPLES / "mistakes-2023.txt"))
    text = page.read_text(encoding="utf-8").replace("</h1>", '</h1><img src="http://example.invalid/x.png">')
    page.write_text(text, encoding="utf-8")
    assert probed(page, tmp_path)["blocked"] == ["http://example.invalid/x.png"]


def words(text: str) -> str:
    """Text without spaces, NFKC-folded (the CJK font maps some characters to their radical forms)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def png_pixels(data: bytes) -> tuple[int, int, set[tuple[int, int, int]]]:
    """Width, height and the colours of an 8-bit RGB or RGBA PNG (what Chromium writes)."""
    width, height, depth, kind = struct.unpack(">IIBB", data[16:26])
    assert depth == 8 and kind in (2, 6)
    chunks, at = b"", 8
    while at < len(data):
        size, name = struct.unpack(">I4s", data[at : at + 8])
        chunks += data[at + 8 : at + 8 + size] if name == b"IDAT" else b""
        at += size + 12
    raw, step = zlib.decompress(chunks), 3 if kind == 2 else 4
    stride, previous, colours = width * step, bytearray(width * step), set()
    for y in range(height):
        kind_of_filter, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left, up = line[x - step] if x >= step else 0, previous[x]
            corner = previous[x - step] if x >= step else 0
            guess = left + up - corner
            paeth = min((abs(guess - left), left), (abs(guess - up), up), (abs(guess - corner), corner))[1]
            line[x] = (line[x] + (0, left, up, (left + up) // 2, paeth)[kind_of_filter]) & 0xFF
        colours.update(tuple(line[x : x + 3]) for x in range(0, stride, step))  # type: ignore[misc]
        previous = line
    return width, height, colours


def test_screenshot_shows_the_tables_with_their_highlights(tmp_path: Path) -> None:
    page, _ = html_report(tmp_path, str(EXAMPLES / "mistakes-2023.txt"))
    shot = tmp_path / "screenshot.png"
    chromium(tmp_path, "--window-size=1280,2400", "--hide-scrollbars", f"--screenshot={shot}", page.as_uri())
    width, height, colours = png_pixels(shot.read_bytes())
    assert (width, height) == (1280, 2400)
    for colour in ("error", "warning"):
        assert tuple(int(n) for n in re.findall(r"\d+", COLOURS[colour])) in colours


def test_printed_to_a4_no_table_row_is_cut(tmp_path: Path) -> None:
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout
    if not fonts.strip():
        pytest.skip("no Chinese font installed: the PDF would hold no Chinese text to read back")
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # Chromium's fonts lack a FontBBox; harmless

    page, _ = html_report(tmp_path, str(EXAMPLES / "mistakes-2023.txt"), str(EXAMPLES / "clean-2023.md"))
    pdf = tmp_path / "report.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    pages = list(extract_pages(pdf))
    assert len(pages) >= 4  # the summary, then each report from a new page
    assert all(abs(p.width - 595.3) < 1 and abs(p.height - 841.9) < 1 for p in pages)  # A4
    texts = [words("".join(e.get_text() for e in p if isinstance(e, LTTextContainer))) for p in pages]
    labels = lxml_html.fromstring(page.read_text(encoding="utf-8")).xpath("//table[@class='grid']//th[@data-row]")
    for label in labels:
        label_words = words(label.text_content())
        assert any(label_words in text for text in texts), label_words  # each row label whole on one page
