"""Writing an extraction as JSON or CSV (docs/extract.md describes both), file by file as the
records come, so that a large run never holds every cell at once.

JSON: one object ``{"tool", "cells", "reports"[, "findings"]}``, one record per line. A decimal
value is written as a JSON number with exactly the digits the report shows (``524.94``, never
``524.9400000000001``); read it with ``json.loads(text, parse_float=decimal.Decimal)`` to keep
them exact.

CSV: UTF-8 with a byte-order mark, so that Excel opens the Chinese text correctly; text that a
spreadsheet would run as a formula begins with an apostrophe (``spreadsheet_safe``); one file per
kind of record. ``-o cells.csv`` writes the cells there and the reports to ``cells.reports.csv``
(findings to ``cells.findings.csv``); ``-o DIR`` writes ``DIR/cells.csv``, ``DIR/reports.csv``
and ``DIR/findings.csv``; without ``-o`` the cells go to standard output.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from gklint import __version__
from gklint.extract import CELL_FIELDS, FINDING_FIELDS, REPORT_FIELDS, Extracted, Record, Value

CSV_ENCODING = "utf-8-sig"
FIELDS = {"cells": CELL_FIELDS, "reports": REPORT_FIELDS, "findings": FINDING_FIELDS}


@contextmanager
def sink(path: Path | None, encoding: str) -> Iterator[TextIO]:
    """A text stream to ``path``, or to standard output in ``encoding`` whatever the console's."""
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding=encoding, newline="") as handle:
            yield handle
        return
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        yield sys.stdout
        return
    sys.stdout.flush()
    wrapper = io.TextIOWrapper(buffer, encoding=encoding, newline="")
    try:
        yield wrapper
    finally:
        wrapper.flush()
        wrapper.detach()  # standard output stays open


def json_value(value: Value) -> str:
    if isinstance(value, Decimal):
        return str(value) if value.is_finite() else json.dumps(str(value))
    return json.dumps(value, ensure_ascii=False)


def json_record(record: Record, fields: Sequence[str]) -> str:
    return "{" + ", ".join(f"{json.dumps(key)}: {json_value(record[key])}" for key in fields) + "}"


def _json_list(out: TextIO, name: str, records: Iterable[Record], fields: Sequence[str]) -> None:
    out.write(f'  "{name}": [')
    separator = "\n    "
    for record in records:
        out.write(separator + json_record(record, fields))
        separator = ",\n    "
    out.write("]" if separator == "\n    " else "\n  ]")


def write_json(files: Iterable[Extracted], out: TextIO, with_findings: bool) -> None:
    """The JSON document; cells are written as they come, reports and findings after them."""
    reports: list[Record] = []
    findings: list[Record] = []

    def cells() -> Iterator[Record]:
        for extracted in files:
            reports.append(extracted.report)
            findings.extend(extracted.findings)
            yield from extracted.cells

    out.write('{\n  "tool": ' + json.dumps({"name": "gklint", "version": __version__}) + ",\n")
    _json_list(out, "cells", cells(), CELL_FIELDS)
    out.write(",\n")
    _json_list(out, "reports", reports, REPORT_FIELDS)
    if with_findings:
        out.write(",\n")
        _json_list(out, "findings", findings, FINDING_FIELDS)
    out.write("\n}\n")


def csv_row(record: Record, fields: Sequence[str]) -> list[str]:
    """None is an empty field, a decimal its exact digits, text as ``spreadsheet_safe`` has it."""
    return [_csv_field(record[key]) for key in fields]


def _csv_field(value: Value) -> str:
    if value is None:
        return ""
    return spreadsheet_safe(value) if isinstance(value, str) else str(value)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def spreadsheet_safe(text: str) -> str:
    """Text that Excel or WPS would run as a formula (a report's cell reading ``=HYPERLINK(…)``, a
    date without its year ``--12-31``) with an apostrophe before it, so that it opens as the text
    it is; a plain number (``-2``) stays as it is."""
    if text.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_targets(output: str | None, with_findings: bool) -> dict[str, Path | None]:
    """Where each kind of record goes for ``-o OUTPUT`` (a ``.csv`` file, else a folder)."""
    if output is None:
        return {"cells": None}
    kinds = ["cells", "reports", *(["findings"] if with_findings else [])]
    target = Path(output)
    if target.suffix.lower() == ".csv":
        stem = target.with_suffix("")
        return {kind: target if kind == "cells" else Path(f"{stem}.{kind}.csv") for kind in kinds}
    return {kind: target / f"{kind}.csv" for kind in kinds}


def write_csv(files: Iterable[Extracted], targets: dict[str, Path | None]) -> None:
    """One CSV per kind of record in ``targets``, each with its header row, filled file by file."""
    with ExitStack() as stack:
        writers = {kind: csv.writer(stack.enter_context(sink(path, CSV_ENCODING))) for kind, path in targets.items()}
        for kind, writer in writers.items():
            writer.writerow(FIELDS[kind])
        for extracted in files:
            records = {"cells": extracted.cells, "reports": (extracted.report,), "findings": extracted.findings}
            for kind, writer in writers.items():
                writer.writerows(csv_row(record, FIELDS[kind]) for record in records[kind])
