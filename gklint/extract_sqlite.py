"""Writing an extraction into a SQLite database (schema in docs/extract.md).

A report is keyed by its path. On a re-run an unchanged file (same SHA-256) keeps its rows as
they are, unless the run records findings and the stored report's were never recorded; a changed
one keeps its ``id`` and gets its metadata, cells and findings replaced; a new one is added.
Nothing is ever duplicated. Each batch of reports is one transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from gklint import __version__
from gklint.extract import REPORT_FIELDS, WHERE_FIELDS, Extracted, Record, Value

SCHEMA_VERSION = 2  # 2: reports.findings_recorded (a version 1 database gets the column)
BATCH = 200

SCHEMA = """
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    sha256 TEXT,
    format TEXT,
    agency TEXT,
    agency_key TEXT,
    year INTEGER,
    template TEXT,
    title TEXT,
    period_text TEXT,
    period_start TEXT,
    period_end TEXT,
    published TEXT,
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    infos INTEGER NOT NULL,
    read_error TEXT,
    gklint_version TEXT NOT NULL,
    findings_recorded INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS reports_agency ON reports (agency);
CREATE INDEX IF NOT EXISTS reports_agency_key ON reports (agency_key, year);
CREATE INDEX IF NOT EXISTS reports_year ON reports (year);
CREATE TABLE IF NOT EXISTS cells (
    report_id INTEGER NOT NULL REFERENCES reports (id),
    seq INTEGER NOT NULL,
    table_key TEXT NOT NULL,
    row_key TEXT NOT NULL,
    column_key TEXT NOT NULL,
    raw TEXT NOT NULL,
    value NUMERIC,
    value_text TEXT,
    status TEXT NOT NULL,
    source_line INTEGER,
    source_column INTEGER,
    source_page INTEGER,
    source_element TEXT,
    PRIMARY KEY (report_id, table_key, row_key, column_key)
);
CREATE INDEX IF NOT EXISTS cells_table ON cells (table_key, row_key, column_key);
CREATE TABLE IF NOT EXISTS findings (
    report_id INTEGER NOT NULL REFERENCES reports (id),
    seq INTEGER NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    message_en TEXT NOT NULL,
    part INTEGER,
    table_key TEXT,
    row_key TEXT,
    column_key TEXT,
    source_line INTEGER,
    source_column INTEGER,
    source_page INTEGER,
    source_element TEXT,
    expected TEXT,
    actual TEXT,
    plugin TEXT,
    PRIMARY KEY (report_id, seq)
);
CREATE INDEX IF NOT EXISTS findings_code ON findings (code);
"""

_REPORT_COLUMNS = (*REPORT_FIELDS, "gklint_version", "findings_recorded")
_CELL_COLUMNS = ("report_id", "seq", "table_key", "row_key", "column_key", "raw", "value", "value_text", "status",
                 *WHERE_FIELDS)  # fmt: skip
_FINDING_COLUMNS = ("report_id", "seq", "code", "name", "severity", "message", "message_en", "part", "table_key",
                    "row_key", "column_key", *WHERE_FIELDS, "expected", "actual", "plugin")  # fmt: skip


class DatabaseError(Exception):
    """The output file is not a database gklint can write to."""


@dataclass
class Written:
    """How many reports a run added, updated and left as they were."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0


def connect(path: Path) -> sqlite3.Connection:
    """Open (or create) the database and make sure it has the current schema."""
    try:
        connection = sqlite3.connect(path, isolation_level=None)
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version not in (0, 1, SCHEMA_VERSION):
            connection.close()
            raise DatabaseError(f"{path}: schema version {version}, this gklint writes {SCHEMA_VERSION}")
        connection.executescript(SCHEMA)
        if version == 1:  # whether its findings were recorded is not known: 0, so --findings records them
            connection.execute("ALTER TABLE reports ADD COLUMN findings_recorded INTEGER NOT NULL DEFAULT 0")
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path}: {exc}") from None
    return connection


def write_sqlite(files: Iterable[Extracted], path: Path, refresh: bool = False, findings: bool = False) -> Written:
    """Add or update every file's report in the database at ``path``; ``refresh`` rewrites
    unchanged files too (after an upgrade of gklint, say); ``findings``: the run records each
    report's findings, so an unchanged report whose findings were never recorded is rewritten."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = connect(path)
    tally = Written()
    try:
        batch: list[Extracted] = []
        for extracted in files:
            batch.append(extracted)
            if len(batch) == BATCH:
                _write_batch(connection, batch, refresh, findings, tally)
                batch = []
        _write_batch(connection, batch, refresh, findings, tally)
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path}: {exc}") from None
    finally:
        connection.close()
    return tally


def _write_batch(
    connection: sqlite3.Connection, batch: Sequence[Extracted], refresh: bool, findings: bool, tally: Written
) -> None:
    if not batch:
        return
    connection.execute("BEGIN")
    try:
        for extracted in batch:
            _write_report(connection, extracted, refresh, findings, tally)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _write_report(
    connection: sqlite3.Connection, extracted: Extracted, refresh: bool, findings: bool, tally: Written
) -> None:
    report = extracted.report
    query = "SELECT id, sha256, findings_recorded FROM reports WHERE path = ?"
    row = connection.execute(query, (report["path"],)).fetchone()
    values = [_sql(report[key]) for key in REPORT_FIELDS] + [__version__, int(findings)]
    unchanged = row is not None and row[1] is not None and row[1] == report["sha256"]
    if unchanged and not refresh and (row[2] or not findings):
        tally.unchanged += 1
        return
    if row is None:
        marks = ", ".join("?" * len(_REPORT_COLUMNS))
        cursor = connection.execute(f"INSERT INTO reports ({', '.join(_REPORT_COLUMNS)}) VALUES ({marks})", values)
        report_id = cursor.lastrowid
        tally.added += 1
    else:
        report_id = row[0]
        assignments = ", ".join(f"{column} = ?" for column in _REPORT_COLUMNS)
        connection.execute(f"UPDATE reports SET {assignments} WHERE id = ?", [*values, report_id])
        connection.execute("DELETE FROM cells WHERE report_id = ?", (report_id,))
        connection.execute("DELETE FROM findings WHERE report_id = ?", (report_id,))
        tally.updated += 1
    _insert(connection, "cells", _CELL_COLUMNS, [_cell_row(report_id, i, c) for i, c in enumerate(extracted.cells)])
    rows = [_finding_row(report_id, i, f) for i, f in enumerate(extracted.findings)]
    _insert(connection, "findings", _FINDING_COLUMNS, rows)


def _insert(connection: sqlite3.Connection, table: str, columns: Sequence[str], rows: list[list[object]]) -> None:
    marks = ", ".join("?" * len(columns))
    connection.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _sql(value: Value) -> object:
    """SQLite has no decimal type: a decimal goes in as a float here (``value_text`` keeps it exact)."""
    return float(value) if isinstance(value, Decimal) else value


def _cell_row(report_id: int | None, seq: int, cell: Record) -> list[object]:
    value = cell["value"]
    exact = None if value is None else str(value)
    keys = ("table", "row", "column", "raw")
    return [report_id, seq, *(cell[k] for k in keys), _sql(value), exact, cell["status"],
            *(cell[k] for k in WHERE_FIELDS)]  # fmt: skip


def _finding_row(report_id: int | None, seq: int, finding: Record) -> list[object]:
    keys = ("code", "name", "severity", "message", "message_en", "part", "table", "row", "column", *WHERE_FIELDS,
            "expected", "actual", "plugin")  # fmt: skip
    return [report_id, seq, *(finding[k] for k in keys)]
