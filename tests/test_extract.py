"""`gklint extract`: every bound cell as a record, in JSON, CSV and SQLite, and the documented queries."""

from __future__ import annotations

import csv
import json
import random
import re
import shutil
import sqlite3
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from gklint.binder.choice import as_followed
from gklint.cli import main
from gklint.config import Layer, Resolver
from gklint.manager import load_plugins
from gklint.runner import Linter
from gklint.template import Template
from gklint.templates.national import APPLICANTS, NATIONAL_2019, NATIONAL_2021, OUTCOMES, REVIEW_GROUPS
from tests.conftest import EXAMPLES, ROOT
from tests.render.content import ReportContent, Values
from tests.render.synth import consistent_values, make_content
from tests.render.text import cell_per_line, pipe_rows

FIXTURES = Path(__file__).parent / "fixtures"
FULL = ROOT.parent / "shared" / "corpus" / "full"
TEMPLATES = {t.name: t for t in (NATIONAL_2021, NATIONAL_2019)}
Capsys = pytest.CaptureFixture[str]
Layout = Callable[[ReportContent], str]


def extract(capsys: Capsys, *args: str) -> tuple[int, dict[str, Any]]:
    """Run `gklint extract ARGS --format json` in-process; decimals parsed exactly."""
    code = main(["extract", *args, "--format", "json"])
    out = capsys.readouterr().out
    return code, json.loads(out, parse_float=Decimal)


def template_keys(template: Template, tables: set[str]) -> list[tuple[str, str, str]]:
    return [(spec.key, row.key, column) for spec in template.tables if spec.key in tables
            for row in spec.all_rows() for column in row.columns]  # fmt: skip


def cell(data: dict[str, Any], path: str, table: str, row: str, column: str) -> dict[str, Any]:
    """The one record of that cell of the file at ``path`` (shown relative to the working directory or not)."""
    target = Path(path).resolve()
    (found,) = [
        c
        for c in data["cells"]
        if (c["table"], c["row"], c["column"]) == (table, row, column) and Path(c["path"]).resolve() == target
    ]
    return found


# --------------------------------------------------------------------------- a synthetic corpus


def set_carried_out(values: Values, carried_out: dict[str, str]) -> None:
    """Set 四、结转下年度 and keep 一+二 = 三（七）+四 by changing what was new that year."""
    applications = values["applications"]
    for column, value in carried_out.items():
        delta = int(value) - int(applications["carried_out"][column])
        applications["carried_out"][column] = value
        applications["new"][column] = str(int(applications["new"][column]) + delta)


def report(
    agency: str, year: int, seed: int, edit: Callable[[Values], None] | None = None, layout: Layout = pipe_rows
) -> tuple[str, Values]:
    values = consistent_values(random.Random(seed), busy=0.4)
    if edit is not None:
        edit(values)
    return layout(make_content(values, year, agency)), values


def blank_results_total(values: Values) -> None:
    values["applications"]["results_total"]["total"] = ""


def blank_total_column(values: Values) -> None:
    for row in values["applications"].values():
        row["total"] = ""


def wrong_new_total(values: Values) -> None:
    row = values["applications"]["new"]
    row["total"] = str(int(row["total"]) + 1)


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Values]:
    """Seven reports in reports/ (the working directory is tmp_path): 甲, 乙 and 丙 for 2022 and 2023,
    丁 for 2023. 甲's carry-over differs in two columns, 乙's and 丙's agree; 乙 2023 leaves
    （七）总计·总计 blank, 丙 2023 has a 总计 one too high, 丁 2023 left the whole 总计 column blank."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "reports"
    folder.mkdir()
    texts: dict[str, tuple[str, Values]] = {
        "jia-2023.txt": report("甲市甲局", 2023, 2),
        "yi-2023.txt": report("乙县乙局", 2023, 4, blank_results_total),
        "bing-2023.txt": report("丙区丙局", 2023, 6, wrong_new_total),
        # one cell per line: in grid layouts the binder shifts a wholly blank 总计 column by one cell
        "ding-2023.txt": report("丁镇", 2023, 8, blank_total_column, cell_per_line),
    }
    jia_in = texts["jia-2023.txt"][1]["applications"]["carried_in"]
    off_by_one = {
        **jia_in,
        "legal_service": str(int(jia_in["legal_service"]) + 1),
        "total": str(int(jia_in["total"]) + 1),
    }
    texts["jia-2022.txt"] = report("甲市甲局", 2022, 1, lambda v: set_carried_out(v, off_by_one))
    yi_in = texts["yi-2023.txt"][1]["applications"]["carried_in"]
    texts["yi-2022.txt"] = report("乙县乙局", 2022, 3, lambda v: set_carried_out(v, yi_in))
    bing_in = texts["bing-2023.txt"][1]["applications"]["carried_in"]
    texts["bing-2022.txt"] = report("丙区丙局", 2022, 5, lambda v: set_carried_out(v, bing_in))
    for name, (text, _) in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return {name: values for name, (_, values) in texts.items()}


# --------------------------------------------------------------------------- JSON


def test_cells_of_the_clean_example_in_template_order(capsys: Capsys) -> None:
    path = str(EXAMPLES / "clean-2023.md")
    code, data = extract(capsys, path)

    assert code == 0
    assert [(c["table"], c["row"], c["column"]) for c in data["cells"]] == template_keys(
        NATIONAL_2021, {"active", "applications", "review_litigation"}
    )
    new_total = cell(data, path, "applications", "new", "total")
    assert (new_total["value"], new_total["raw"], new_total["status"]) == (123, "123", "ok")
    assert (new_total["source_line"], new_total["source_column"]) == (37, 57)
    assert cell(data, path, "applications", "carried_out", "other_org")["value"] == 2
    assert cell(data, path, "review_litigation", "litigation_direct", "total")["value"] == 5
    assert cell(data, path, "active", "normative_documents", "in_force")["value"] == 39
    fees = cell(data, path, "active", "fees", "amount")
    assert fees["value"] == Decimal("524.94") and isinstance(fees["value"], Decimal)
    assert all(c["agency"] == "示例市示例局" and c["year"] == 2023 and c["template"] == "national-2021"
               for c in data["cells"])  # fmt: skip


def test_report_record_has_metadata_hash_and_counts(capsys: Capsys) -> None:
    import hashlib

    path = EXAMPLES / "mistakes-2023.txt"
    _, data = extract(capsys, str(path))
    main(["check", str(path), "--format", "json"])
    summary = json.loads(capsys.readouterr().out)["summary"]

    (record,) = data["reports"]
    assert record["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (record["agency"], record["year"], record["template"], record["format"]) == (
        "样例县样例局", 2023, "national-2021", "text",
    )  # fmt: skip
    assert (record["period_start"], record["period_end"]) == ("2022-01-01", "2022-12-31")  # as stated, not fixed
    assert record["title"] == "样例县样例局2023年政府信息公开工作年度报告"
    assert (record["errors"], record["warnings"], record["infos"]) == (
        summary["error"], summary["warning"], summary["info"],
    )  # fmt: skip
    assert record["read_error"] is None and "findings" not in data


def test_findings_are_those_of_check(capsys: Capsys) -> None:
    paths = [str(EXAMPLES / "mistakes-2023.txt"), str(EXAMPLES / "clean-2023.md")]
    _, data = extract(capsys, *paths, "--findings", "--ignore", "GK107")
    main(["check", *paths, "--format", "json", "--ignore", "GK107"])
    checked = json.loads(capsys.readouterr().out)["findings"]

    def key(f: dict[str, Any], column: str) -> tuple[Any, ...]:
        return (f["path"], f["code"], f["severity"], f["message"], f[column])

    assert [key(f, "source_line") for f in data["findings"]] == [key(f, "line") for f in checked]
    assert data["findings"] and all(f["code"] != "GK107" for f in data["findings"])


def test_blank_not_applicable_and_missing_cells(tmp_path: Path, capsys: Capsys) -> None:
    def edit(values: Values) -> None:
        values["applications"]["new"]["research"] = ""
        values["applications"]["carried_in"]["commercial"] = "/"
        values["review_litigation"]["review"]["pending"] = "若干"

    text, _ = report("丁县丁局", 2023, 7, edit)
    lines = [line for line in text.splitlines() if "（一）予以公开" not in line]  # the whole row is gone
    path = tmp_path / "ding-2023.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, data = extract(capsys, str(path))

    def status(table: str, row: str, column: str) -> tuple[str, Any, str]:
        found = cell(data, str(path), table, row, column)
        return found["status"], found["value"], found["raw"]

    assert status("applications", "new", "research") == ("blank", None, "")
    assert status("applications", "carried_in", "commercial") == ("na", None, "/")
    assert status("review_litigation", "review", "pending") == ("invalid", None, "若干")
    disclosed = [c for c in data["cells"] if c["row"] == "disclosed"]
    assert [c["column"] for c in disclosed] == list(APPLICANTS)
    assert all(c["status"] == "missing" and c["value"] is None and c["source_line"] is None for c in disclosed)
    assert len(data["cells"]) == len(template_keys(NATIONAL_2021, {"active", "applications", "review_litigation"}))


def test_unreadable_file_has_a_report_record_and_the_run_goes_on(tmp_path: Path, capsys: Capsys) -> None:
    shutil.copyfile(FIXTURES / "pdf" / "bad_scanned.pdf", tmp_path / "a-scanned.pdf")
    shutil.copyfile(EXAMPLES / "clean-2023.md", tmp_path / "b-clean.md")
    (tmp_path / "notes.txt").write_text("会议纪要，不是年度报告。\n", encoding="utf-8")
    code, data = extract(capsys, str(tmp_path))
    _, named = extract(capsys, str(tmp_path / "notes.txt"))

    assert code == 0
    scanned, clean = data["reports"]  # notes.txt, found in a folder, is skipped: not a report
    assert scanned["path"].endswith("a-scanned.pdf") and scanned["read_error"].startswith("GK002 ")
    assert scanned["errors"] == 1 and scanned["template"] is None and scanned["sha256"]
    assert clean["read_error"] is None
    assert {c["path"] for c in data["cells"]} == {clean["path"]}
    assert named["reports"][0]["read_error"].startswith("GK002 ") and named["cells"] == []


def test_output_is_sorted_and_identical_whatever_the_order(corpus: dict[str, Values], capsys: Capsys) -> None:
    names = sorted(f"reports/{name}" for name in corpus)
    outputs = []
    for args in (["reports"], names[::-1], names):
        main(["extract", *args])
        outputs.append(capsys.readouterr().out)

    assert outputs[0] == outputs[1] == outputs[2]
    data = json.loads(outputs[0])
    assert [r["path"] for r in data["reports"]] == names
    assert [c["path"] for c in data["cells"]] == sorted(c["path"] for c in data["cells"])


def test_json_output_file(corpus: dict[str, Values], capsys: Capsys) -> None:
    assert main(["extract", "reports", "-o", "out/data.json"]) == 0
    printed = capsys.readouterr()
    data = json.loads(Path("out/data.json").read_text(encoding="utf-8"))

    assert printed.out == "" and "7 reports" in printed.err
    assert len(data["reports"]) == 7 and len(data["cells"]) == 7 * 200


# --------------------------------------------------------------------------- CSV


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_files_open_with_a_bom_and_hold_every_record(corpus: dict[str, Values], capsys: Capsys) -> None:
    assert main(["extract", "reports", "--format", "csv", "-o", "data.csv", "--findings"]) == 0
    main(["extract", "reports"])
    data = json.loads(capsys.readouterr().out)

    assert Path("data.csv").read_bytes().startswith(b"\xef\xbb\xbfpath,sha256,agency,year,")
    cells, reports = read_csv(Path("data.csv")), read_csv(Path("data.reports.csv"))
    assert len(cells) == len(data["cells"]) and len(reports) == 7
    assert [r["path"] for r in reports] == [r["path"] for r in data["reports"]]
    yi = [c for c in cells if c["path"] == "reports/yi-2023.txt"]
    blank = next(c for c in yi if (c["row"], c["column"]) == ("results_total", "total"))
    assert (blank["raw"], blank["value"], blank["status"]) == ("", "", "blank")
    fees = next(c for c in yi if c["row"] == "fees")
    assert fees["value"] == corpus["yi-2023.txt"]["active"]["fees"]["amount"]  # the decimal's exact digits
    findings = read_csv(Path("data.findings.csv"))
    assert findings and {f["path"] for f in findings} <= {r["path"] for r in reports}


def test_csv_into_a_folder_and_to_stdout(corpus: dict[str, Values], capsys: Capsys) -> None:
    assert main(["extract", "reports/jia-2022.txt", "--format", "csv", "-o", "dataset"]) == 0
    assert sorted(p.name for p in Path("dataset").iterdir()) == ["cells.csv", "reports.csv"]
    capsys.readouterr()
    assert main(["extract", "reports/jia-2022.txt", "--format", "csv"]) == 0
    out = capsys.readouterr().out

    assert out.startswith("\ufeffpath,")
    rows = list(csv.DictReader(out.lstrip("\ufeff").splitlines()))
    assert rows == read_csv(Path("dataset/cells.csv"))
    assert len(rows) == 200 and rows[0]["path"] == "reports/jia-2022.txt"


# --------------------------------------------------------------------------- SQLite


def query(db: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql, params).fetchall()


def test_sqlite_rerun_updates_in_place_and_never_duplicates(corpus: dict[str, Values], capsys: Capsys) -> None:
    db = Path("reports.db")
    assert main(["extract", "reports", "--format", "sqlite", "-o", str(db), "--findings"]) == 0
    first = query(db, "SELECT id, path, sha256 FROM reports ORDER BY path")
    counts = query(db, "SELECT (SELECT COUNT(*) FROM cells), (SELECT COUNT(*) FROM findings)")
    assert "added 7" in capsys.readouterr().err and len(first) == 7 and counts[0][0] == 7 * 200

    assert main(["extract", "reports", "--format", "sqlite", "-o", str(db), "--findings"]) == 0
    assert "unchanged 7" in capsys.readouterr().err
    assert query(db, "SELECT id, path, sha256 FROM reports ORDER BY path") == first
    assert query(db, "SELECT (SELECT COUNT(*) FROM cells), (SELECT COUNT(*) FROM findings)") == counts

    text, values = report("乙县乙局", 2023, 40)
    Path("reports/yi-2023.txt").write_text(text, encoding="utf-8")
    assert main(["extract", "reports", "--format", "sqlite", "-o", str(db), "--findings"]) == 0
    assert "updated 1, unchanged 6" in capsys.readouterr().err
    after = query(db, "SELECT id, path, sha256 FROM reports ORDER BY path")
    assert [row[:2] for row in after] == [row[:2] for row in first]  # same ids, no new rows
    assert [row[2] != old[2] for row, old in zip(after, first)] == [p == "reports/yi-2023.txt" for _, p, _ in first]
    new_total = query(db, "SELECT c.value FROM cells c JOIN reports r ON r.id = c.report_id WHERE r.path = ? "
                          "AND table_key = 'applications' AND row_key = 'new' AND column_key = 'total'",
                      "reports/yi-2023.txt")  # fmt: skip
    assert new_total == [(int(values["applications"]["new"]["total"]),)]
    assert query(db, "SELECT COUNT(*) FROM cells")[0][0] == 7 * 200

    assert main(["extract", "reports", "--format", "sqlite", "-o", str(db), "--refresh"]) == 0
    assert "updated 7" in capsys.readouterr().err
    assert query(db, "SELECT COUNT(*) FROM findings") == [(0,)]  # rewritten without --findings


def test_sqlite_records_findings_a_first_run_did_not(corpus: dict[str, Values], capsys: Capsys) -> None:
    """A run with --findings over unchanged reports written without them records their findings
    (it said 'unchanged' and left the findings table empty); a run without --findings leaves them."""
    db = Path("reports.db")
    assert main(["extract", "reports", "--format", "sqlite", "-o", str(db)]) == 0
    assert query(db, "SELECT COUNT(*), SUM(findings_recorded) FROM reports") == [(7, 0)]
    capsys.readouterr()
    assert main(["extract", "reports", "--format", "sqlite", "-o", str(db), "--findings"]) == 0
    assert "updated 7, unchanged 0" in capsys.readouterr().err
    recorded = query(db, "SELECT COUNT(*) FROM findings")
    fresh = Path("fresh.db")
    assert main(["extract", "reports", "--format", "sqlite", "-o", str(fresh), "--findings"]) == 0
    assert recorded == query(fresh, "SELECT COUNT(*) FROM findings") and recorded[0][0] > 0
    capsys.readouterr()
    for flags in (["--findings"], []):
        assert main(["extract", "reports", "--format", "sqlite", "-o", str(db), *flags]) == 0
        assert "unchanged 7" in capsys.readouterr().err
        assert query(db, "SELECT COUNT(*) FROM findings") == recorded


def test_sqlite_version_1_database_gains_the_findings_column(corpus: dict[str, Values], capsys: Capsys) -> None:
    db = Path("old.db")
    assert main(["extract", "reports", "--format", "sqlite", "-o", str(db)]) == 0
    with sqlite3.connect(db) as connection:  # as the first schema left it
        connection.execute("ALTER TABLE reports DROP COLUMN findings_recorded")
        connection.execute("PRAGMA user_version = 1")
    capsys.readouterr()
    assert main(["extract", "reports", "--format", "sqlite", "-o", str(db)]) == 0
    assert "unchanged 7" in capsys.readouterr().err
    assert query(db, "PRAGMA user_version") == [(2,)]
    assert main(["extract", "reports", "--format", "sqlite", "-o", str(db), "--findings"]) == 0
    assert "updated 7" in capsys.readouterr().err and query(db, "SELECT SUM(findings_recorded) FROM reports") == [(7,)]


def test_sqlite_values_keep_decimals_exact(corpus: dict[str, Values]) -> None:
    main(["extract", "reports/jia-2023.txt", "--format", "sqlite", "-o", "one.db"])
    rows = query(db := Path("one.db"), "SELECT value, value_text, status FROM cells WHERE row_key = 'fees'")
    amount = corpus["jia-2023.txt"]["active"]["fees"]["amount"]

    assert rows == [(float(amount), amount, "ok")]
    assert query(db, "SELECT typeof(value) FROM cells WHERE row_key = 'new' AND column_key = 'total'") == [("integer",)]
    assert query(db, "PRAGMA user_version") == [(2,)]
    indexes = {name for (name,) in query(db, "SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"reports_agency", "reports_year", "cells_table"} <= indexes


def documented_queries() -> dict[str, str]:
    text = (ROOT / "docs" / "extract.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n-- query: (\S+)\n(.*?)```", text, flags=re.S)
    return dict(blocks)


def test_docs_name_the_queries_tested_here() -> None:
    assert set(documented_queries()) == {"carry-over", "blank-results-total", "blank-total-column",
                                         "gk2-errors-per-year"}  # fmt: skip


def test_documented_queries_answer_on_a_generated_corpus(corpus: dict[str, Values], capsys: Capsys) -> None:
    assert main(["extract", "reports", "--format", "sqlite", "-o", "reports.db", "--findings"]) == 0
    main(["check", "reports", "--format", "json"])
    checked = json.loads(capsys.readouterr().out)["findings"]
    queries = documented_queries()
    db = Path("reports.db")

    jia_in = corpus["jia-2023.txt"]["applications"]["carried_in"]
    assert query(db, queries["carry-over"]) == [
        ("甲市甲局", 2022, 2023, column, int(jia_in[column]) + 1, int(jia_in[column]))
        for column in ("legal_service", "total")
    ]
    assert query(db, queries["blank-results-total"]) == [
        ("reports/ding-2023.txt", "丁镇", 2023), ("reports/yi-2023.txt", "乙县乙局", 2023),
    ]  # fmt: skip
    assert query(db, queries["blank-total-column"]) == [("reports/ding-2023.txt", "丁镇", 2023)]
    with_gk2 = {
        (f["path"], f["path"][-8:-4]) for f in checked if f["code"].startswith("GK2") and f["severity"] == "error"
    }
    per_year = sorted((int(year), sum(1 for _, y in with_gk2 if y == year)) for year in {y for _, y in with_gk2})
    assert query(db, queries["gk2-errors-per-year"]) == per_year
    assert ("reports/bing-2023.txt", "2023") in with_gk2  # the corpus does hold GK2 errors


# --------------------------------------------------------------------------- usage


def test_usage_errors_exit_2(tmp_path: Path, capsys: Capsys) -> None:
    example = str(EXAMPLES / "clean-2023.md")
    (tmp_path / "text.db").write_text("这不是数据库文件，只是文字。" * 100, encoding="utf-8")
    (tmp_path / "file").write_text("", encoding="utf-8")

    assert main(["extract", example, "--format", "sqlite"]) == 2
    assert "-o" in capsys.readouterr().err
    assert main(["extract", str(tmp_path / "nothing.md")]) == 2
    assert main(["extract", example, "--format", "xml"]) == 2
    assert main(["extract"]) == 2
    assert main(["extract", example, "--format", "sqlite", "-o", str(tmp_path / "text.db")]) == 2
    assert main(["extract", example, "-o", str(tmp_path / "file" / "out.json")]) == 2
    assert "file" in capsys.readouterr().err


# --------------------------------------------------------------------------- real reports


def full_corpus() -> dict[str, Any]:
    expected = FULL / "expected.json"
    if not expected.is_file():
        pytest.skip("the real reports (../shared/corpus/full) are not present")
    return json.loads(expected.read_text(encoding="utf-8"))


def test_labelled_real_reports_give_one_record_per_template_cell(capsys: Capsys) -> None:
    labelled = {name: e for name, e in full_corpus().items() if "tableB" in e or "tableC" in e}
    assert labelled
    for name, expected in labelled.items():
        code, data = extract(capsys, str(FULL / name))
        assert code == 0, name
        (record,) = data["reports"]
        bound = {c["table"] for c in data["cells"]}
        assert "applications" in bound and "review_litigation" in bound, name
        keys = [(c["table"], c["row"], c["column"]) for c in data["cells"]]
        plugins = load_plugins()
        rulesets = {ruleset: path for ruleset, (path, _) in plugins.rulesets.items()}
        report = Linter(plugins, Resolver(rulesets, Layer("test"))).examine(FULL / name, keep_report=True).report
        assert report is not None and report.template == record["template"], name
        # each table in the format the binder found it follows (table 三 of the 2019 format in hongze-2023)
        followed = as_followed(TEMPLATES[record["template"]], list(TEMPLATES.values()), report.notes)
        assert keys == template_keys(followed, bound), name
        for row in expected.get("tableB", {}):  # the labelled rows are reported cell by cell
            cells = [c for c in data["cells"] if (c["table"], c["row"]) == ("applications", row)]
            assert [c["column"] for c in cells] == list(APPLICANTS), (name, row)
            assert all(c["value"] is None or isinstance(c["value"], int) for c in cells), (name, row)
        if "tableC" in expected:
            groups = [(c["row"], c["column"]) for c in data["cells"] if c["table"] == "review_litigation"]
            assert groups == [(g, o) for g in REVIEW_GROUPS for o in OUTCOMES], name


@pytest.mark.parametrize(
    ("year", "template"), [("2019", "national-2019"), ("2020", "national-2019"), ("2023", "national-2021")]
)
def test_a_report_whose_tables_cannot_be_read_is_labelled_with_the_format_of_its_year(
    tmp_path: Path, capsys: Capsys, year: str, template: str
) -> None:
    """No table voted for a format: the report's year says which one it followed."""
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8").replace("2023", year)
    lines = [line for line in text.splitlines() if not line.startswith("|")]  # every table lost
    path = tmp_path / "report.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    _, data = extract(capsys, str(path))
    assert [(r["year"], r["template"]) for r in data["reports"]] == [(int(year), template)]


def test_csv_text_a_spreadsheet_would_run_is_kept_as_text(tmp_path: Path, capsys: Capsys) -> None:
    """A cell of a published report reading =HYPERLINK(…) opens in Excel as text, not as a formula;
    a signed number stays a number."""
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8")
    assert "| 行政强制 | 37 |" in text
    report = tmp_path / "r.md"
    report.write_text(text.replace("| 行政强制 | 37 |", '| 行政强制 | =HYPERLINK("http://x","37") |'), encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["extract", str(report), "--format", "csv", "-o", str(out), "--findings"]) == 0
    cell = next(c for c in read_csv(out) if c["row"] == "enforcement")
    assert cell["raw"] == '\'=HYPERLINK("http://x","37")'
    assert all(not value.startswith(("=", "+", "@")) for row in read_csv(out) for value in row.values())
    finding = read_csv(tmp_path / "out.findings.csv")
    assert all(not value.startswith("=") for row in finding for value in row.values())
    capsys.readouterr()


@pytest.mark.parametrize(("text", "safe"), [("-2", "-2"), ("+3", "+3"), ("--12-31", "'--12-31"), ("@x", "'@x")])
def test_spreadsheet_safe(text: str, safe: str) -> None:
    from gklint.extract_write import spreadsheet_safe

    assert spreadsheet_safe(text) == safe


def test_cells_carry_the_labels_of_their_row_and_column(tmp_path: Path, capsys: Capsys) -> None:
    """Evaluators read the data in Excel: each cell names its row (a leaf after its group) and column."""
    out = tmp_path / "cells.csv"
    assert main(["extract", str(EXAMPLES / "clean-2023.md"), "--format", "csv", "-o", str(out)]) == 0
    capsys.readouterr()
    titles = {(c["row"], c["column"]): (c["row_title"], c["column_title"]) for c in read_csv(out)}
    assert titles[("withheld.1", "natural_person")] == ("（三）不予公开 1.属于国家秘密", "自然人")
    assert titles[("other.3", "other_org")] == ("（六）其他处理 3.其他", "其他")
    assert titles[("new", "total")] == ("一、本年新收政府信息公开申请数量", "总计")
    assert titles[("review", "upheld")] == ("行政复议", "结果维持")


@pytest.mark.parametrize(
    ("name", "other"), [("pingtan-2019.txt", [0] * 7), ("pingtan-2020.txt", [4, 0, 0, 0, 0, 0, 4])]
)
def test_a_report_of_the_2019_format_is_extracted_as_one(capsys: Capsys, name: str, other: list[int]) -> None:
    """A crawler's page of a 2019 or 2020 report: table 二 unread, table 三 with the 2019 rows. The
    report is said to follow the 2019 format, and its single （六）其他处理 row is in the data (not
    the 2021 format's three rows, all missing)."""
    if not (FULL / name).is_file():
        pytest.skip("the real-report corpus (../shared/corpus) is not present")
    code, data = extract(capsys, str(FULL / name))

    assert code == 0 and data["reports"][0]["template"] == "national-2019"
    rows = {c["row"] for c in data["cells"] if c["table"] == "applications"}
    assert "other" in rows and not rows & {"other.1", "other.2", "other.3"}
    assert [c["value"] for c in data["cells"] if c["row"] == "other"] == other


OTHER_2021 = (
    "|  | （六）其他处理 | 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 "
    "| 0 | 0 | 0 | 0 | 5 | 0 | 5 |\n"
    "|  |  | 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 | 0 | 0 | 2 | 0 | 5 | 0 | 7 |\n"
    "|  |  | 3.其他 | 0 | 0 | 0 | 2 | 1 | 0 | 3 |\n"
)
OTHER_2019 = "|  | （六）其他处理 |  | 0 | 0 | 2 | 2 | 11 | 0 | 15 |\n"


@pytest.mark.parametrize(("active_2021", "template"), [(True, "national-2021"), (False, "national-2019")])
def test_a_2020_report_is_named_after_the_2019_format_only_when_its_tables_allow(
    tmp_path: Path, capsys: Capsys, active_2021: bool, template: str
) -> None:
    """A 2020 report whose table 三 keeps the 2019 rows: named national-2019 when its other tables are
    the same in both formats (table 二 left out here), but national-2021 when its table 二 is the
    2021 one, whose cells would otherwise come out missing."""
    text = (EXAMPLES / "clean-2023.md").read_text(encoding="utf-8").replace("2023", "2020")
    assert OTHER_2021 in text
    text = text.replace(OTHER_2021, OTHER_2019)
    if not active_2021:
        start, end = text.index("## 二、"), text.index("## 三、")
        text = text[:start] + "## 二、主动公开政府信息情况\n\n本部分统计表见附件。\n\n" + text[end:]
    path = tmp_path / "report.md"
    path.write_text(text, encoding="utf-8")

    code, data = extract(capsys, str(path))

    assert code == 0 and data["reports"][0]["template"] == template
    assert not [c for c in data["cells"] if c["table"] == "active" and c["status"] == "missing"]
    assert [c["value"] for c in data["cells"] if c["row"] == "other"] == [0, 0, 2, 2, 11, 0, 15]
