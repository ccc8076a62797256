"""``gklint extract``: every bound cell of every report as records, the dataset evaluators query.

The records come from the same pipeline as ``gklint check``: each file is read, bound and checked
(``Linter.examine``), then the cross-year rules run over all the reports of the run and selection
and suppression apply (``Linter.finish``), so the finding counts of a report are the ones ``check``
gives. Three kinds of record, each a flat mapping with the keys of ``*_FIELDS`` in that order:

* a report record per file (a file that cannot be read has one too, with ``read_error`` and no cells);
* a cell record per (table, row, column) of the template for each table the binder bound, in
  template order (a table that keeps another format's rows, as the binder found, has those rows);
  rows or cells the source lacks are records with status ``missing``;
* with findings asked for, a finding record per finding.

Values keep their type: ``int``, ``Decimal`` (never a float, so 524.94 stays 524.94) or ``None``;
the writers (``extract_write``, ``extract_sqlite``) decide how each format spells them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from gklint.binder.choice import as_followed
from gklint.config import ConfigError
from gklint.history import History, agency_key
from gklint.model import Cell, FileResult, Finding, Location, Report, Severity
from gklint.runner import Linter, Outcome, discover
from gklint.template import TableSpec, Template

Value = str | int | Decimal | None
Record = dict[str, Value]

WHERE_FIELDS = ("source_line", "source_column", "source_page", "source_element")
CELL_FIELDS = (
    "path",
    "sha256",
    "agency",
    "year",
    "template",
    "table",
    "row",
    "column",
    "row_title",
    "column_title",
    "raw",
    "value",
    "status",
    *WHERE_FIELDS,
)
REPORT_FIELDS = (
    "path",
    "sha256",
    "format",
    "agency",
    "agency_key",
    "year",
    "template",
    "title",
    "period_text",
    "period_start",
    "period_end",
    "published",
    "errors",
    "warnings",
    "infos",
    "read_error",
)
FINDING_FIELDS = (
    "path",
    "code",
    "name",
    "severity",
    "message",
    "message_en",
    "part",
    "table",
    "row",
    "column",
    *WHERE_FIELDS,
    "expected",
    "actual",
    "plugin",
)
MISSING = "missing"
FORMATS = ("json", "csv", "sqlite")


@dataclass(frozen=True)
class Extracted:
    """One file's records: its report record, its cells in template order, its findings."""

    report: Record
    cells: tuple[Record, ...]
    findings: tuple[Record, ...]


@dataclass
class Tally:
    """What a run wrote, for the summary on standard error."""

    files: int = 0
    cells: int = 0
    skipped: list[str] = field(default_factory=list)  # files found in a folder that are not reports

    def count(self, files: Iterable[Extracted]) -> Iterator[Extracted]:
        for extracted in files:
            self.files += 1
            self.cells += len(extracted.cells)
            yield extracted


def file_hash(path: Path) -> str | None:
    """The SHA-256 of the file's bytes, or None when it cannot be opened."""
    import hashlib  # here, not at the top: loading OpenSSL would cost every run that builds the parser

    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def where(location: Location | None) -> Record:
    """Where a cell or finding stands: line/column (text, Markdown, HTML), page (PDF) or element (DOCX)."""
    if location is None:
        return dict.fromkeys(WHERE_FIELDS)
    return {
        "source_line": location.line,
        "source_column": location.column,
        "source_page": location.page,
        "source_element": location.element,
    }


def stated_date(parts: tuple[int | None, int, int]) -> str:
    """A stated date as written, ISO-like: ``2023-01-01``, or ``--12-31`` when the year is left out.
    Impossible dates (``2023-02-30``) stay as stated: checking them is a rule's business."""
    year, month, day = parts
    return f"{year:04d}-{month:02d}-{day:02d}" if year is not None else f"--{month:02d}-{day:02d}"


def report_record(path: str, sha256: str | None, fmt: str | None, report: Report | None) -> Record:
    """The report's metadata (all None for a file that could not be bound)."""
    period = report.period if report else None
    agency = report.agency if report else None
    return {
        "path": path,
        "sha256": sha256,
        "format": fmt,
        "agency": agency,
        "agency_key": agency_key(agency) if agency else None,
        "year": report.year if report else None,
        "template": report.template if report else None,
        "title": report.title if report else None,
        "period_text": period.text if period else None,
        "period_start": stated_date(period.start) if period else None,
        "period_end": stated_date(period.end) if period else None,
        "published": report.document.metadata.published_text if report else None,
    }


def severity_counts(findings: Sequence[Finding]) -> Record:
    labels = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "infos"}
    counts: Record = dict.fromkeys(labels.values(), 0)
    for finding in findings:
        counts[labels[finding.severity]] = int(counts[labels[finding.severity]] or 0) + 1
    return counts


def cell_record(
    base: Record, table: str, row: str, column: str, cell: Cell | None, titles: Titles = ("", "")
) -> Record:
    """One cell; a cell the source lacks (its row, or its place in a short row) is ``missing``.
    ``titles``: the row's and the column's labels in the national format, for people."""
    record: Record = {**base, "table": table, "row": row, "column": column}
    record["row_title"], record["column_title"] = titles
    if cell is None:
        return {**record, "raw": "", "value": None, "status": MISSING, **where(None)}
    return {**record, "raw": cell.raw, "value": cell.value, "status": cell.status.value, **where(cell.location)}


def cell_records(report: Report, template: Template | None, base: Record) -> Iterator[Record]:
    """Every (table, row, column) of the template for each table bound, in template order."""
    for key, rows in _table_shapes(report, template):
        bound = report.tables.get(key)
        if bound is None:
            continue
        spec = next((t for t in template.tables if t.key == key), None) if template is not None else None
        for row, columns in rows:
            cells = bound.rows[row].cells if row in bound.rows else {}
            for column in columns:
                cell = cells.get(column)
                yield cell_record(base, key, row, column, cell, _titles(spec, row, column, cell))


Titles = tuple[str, str]


def _titles(spec: TableSpec | None, row: str, column: str, cell: Cell | None) -> Titles:
    """The row's and the column's labels: the template's, else those the bound cell carries."""
    if spec is not None:
        return spec.full_row_title(row), spec.column_titles.get(column, column)
    if cell is not None:
        return cell.place.row_title, cell.place.column_title
    return "", ""


def _table_shapes(report: Report, template: Template | None) -> list[tuple[str, list[tuple[str, tuple[str, ...]]]]]:
    """(table, [(row, columns)]) in template order; without the template, the bound order."""
    if template is not None:
        return [(spec.key, [(row.key, row.columns) for row in spec.all_rows()]) for spec in template.tables]
    return [(key, [(row.key, tuple(row.cells)) for row in table.rows.values()]) for key, table in report.tables.items()]


def finding_record(finding: Finding) -> Record:
    place = finding.place
    return {
        "path": finding.path,
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.label,
        "message": finding.message,
        "message_en": finding.message_en,
        "part": place.part,
        "table": place.table,
        "row": place.row,
        "column": place.column,
        **where(finding.location),
        "expected": finding.expected,
        "actual": finding.actual,
        "plugin": finding.plugin,
    }


def read_error(outcome: Outcome) -> str | None:
    """Why a file has no bound report: the kernel's finding for it (unsupported, unreadable, crashed)."""
    if outcome.report is not None or not outcome.findings:
        return None
    first = min(outcome.findings, key=Finding.sort_key)
    return f"{first.code} {first.message}"


class Extractor:
    """Runs the linter's two phases over the paths and turns each file into records."""

    def __init__(self, linter: Linter, with_findings: bool = False) -> None:
        self.linter = linter
        self.with_findings = with_findings
        self.templates = {template.name: template for template, _ in linter.plugins.templates}

    def run(self, paths: Sequence[str], skipped: list[str]) -> Iterator[Extracted]:
        """Each file's records in path order. Every file is examined before the first is yielded:
        the cross-year rules of one report need the others. Files found in a folder that are not
        reports are appended to ``skipped``."""
        examined: list[tuple[Path, Outcome]] = []
        targets = discover(paths, self.linter.suffixes())
        for target, outcome in zip(targets, self.linter.examine_all(targets, keep_report=True)):
            if outcome.skipped:
                skipped.append(outcome.path)
            else:
                examined.append((target.path, outcome))
        history = History([outcome.report for _, outcome in examined if outcome.report])
        for path, outcome in examined:
            yield self.records(path, outcome, self.linter.finish(outcome, history))

    def _followed(self, report: Report) -> Template | None:
        """The report's format with each table that follows another format's rows taken from it (the
        2019 table 三 of a 2020 report: its single （六）其他处理 row, not the 2021 format's three)."""
        template = self.templates.get(report.template)
        return None if template is None else as_followed(template, list(self.templates.values()), report.notes)

    def records(self, path: Path, outcome: Outcome, result: FileResult) -> Extracted:
        report = outcome.report
        meta = report_record(outcome.path, file_hash(path), outcome.format, report)
        record = {**meta, **severity_counts(result.findings), "read_error": read_error(outcome)}
        cells: tuple[Record, ...] = ()
        if report is not None:
            base = {key: meta[key] for key in ("path", "sha256", "agency", "year", "template")}
            cells = tuple(cell_records(report, self._followed(report), base))
        findings = tuple(finding_record(f) for f in result.findings) if self.with_findings else ()
        return Extracted(record, cells, findings)


def extract_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``gklint extract`` (the rule-selection options are the CLI's own)."""
    parser.add_argument("paths", nargs="+", help="report files and directories")
    parser.add_argument("--format", "-f", choices=FORMATS, default="json", help="output format (default: json)")
    parser.add_argument(
        "--output", "-o", help="where to write: a file; for csv a .csv file or a folder; required for sqlite"
    )
    parser.add_argument("--findings", action="store_true", help="include the findings themselves")
    parser.add_argument("--refresh", action="store_true", help="sqlite: rewrite unchanged reports too")
    parser.set_defaults(fail_on=None, lang=None)


def extract_command(linter: Linter, args: argparse.Namespace) -> int:
    """Run ``gklint extract``: 0 when the records were written, whatever the findings; a usage
    problem (no -o for sqlite, a missing path, an output that cannot be written) is a ConfigError."""
    if args.format == "sqlite" and not args.output:
        raise ConfigError("--format sqlite 需要用 -o 指定数据库文件 / --format sqlite needs -o FILE")
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        raise ConfigError(f"no such file or directory: {', '.join(missing)}")
    tally = Tally()
    files = tally.count(Extractor(linter, with_findings=args.findings).run(args.paths, tally.skipped))
    try:
        summary = _write(files, args)
    except BrokenPipeError:
        if args.output:
            raise ConfigError(f"无法写入 / cannot write {args.output}: broken pipe") from None
        raise  # standard output closed early (| head): the command line ends quietly, as check does
    except OSError as exc:
        raise ConfigError(f"无法写入 / cannot write {args.output}: {exc.strerror or exc}") from None
    if args.output:
        summary.insert(0, f"{tally.files} 份报告、{tally.cells} 个单元格 / {tally.files} reports, {tally.cells} cells")
    if tally.skipped:
        summary.append(f"跳过 {len(tally.skipped)} 个非年报文件 / skipped {len(tally.skipped)} non-reports")
    if summary:
        print("gklint extract: " + "; ".join(summary), file=sys.stderr)
    return 0


def _write(files: Iterator[Extracted], args: argparse.Namespace) -> list[str]:
    """Write in the chosen format; return what else to tell the user."""
    from gklint import extract_write  # the writers load only when extracting

    if args.format == "sqlite":
        from gklint.extract_sqlite import DatabaseError, write_sqlite

        try:
            done = write_sqlite(files, Path(args.output), refresh=args.refresh, findings=args.findings)
        except DatabaseError as exc:
            raise ConfigError(str(exc)) from None
        return [f"新增 {done.added}、更新 {done.updated}、未变 {done.unchanged} / "
                f"added {done.added}, updated {done.updated}, unchanged {done.unchanged}"]  # fmt: skip
    if args.format == "csv":
        targets = extract_write.csv_targets(args.output, args.findings)
        extract_write.write_csv(files, targets)
        return [f"→ {path}" for path in targets.values() if path]
    with extract_write.sink(Path(args.output) if args.output else None, "utf-8") as out:
        extract_write.write_json(files, out, args.findings)
    return [f"→ {args.output}"] if args.output else []
