"""The public API for plugin authors: everything a reader, rule, formatter or template needs.

Import from here and nowhere else in gklint; this module is the compatibility promise. Names may
be added in minor versions; none is removed or changed incompatibly before a major version.
"""

import importlib
from typing import TYPE_CHECKING, Any

from gklint.bounds import MAX_UNITS
from gklint.budget import time_left
from gklint.formatter import (
    SEVERITY_COLORS,
    FileStream,
    Formatter,
    OutputStyle,
    early_part,
    finding_record,
    late_parts,
    paint,
    place_in_file,
    printable,
    printable_path,
    render_streamed,
    repository_path,
    repository_root,
)
from gklint.hookspecs import hookimpl
from gklint.model import (
    NOTE_KINDS,
    BindingNote,
    Block,
    BoundRow,
    BoundTable,
    Cell,
    CellStatus,
    Directive,
    Document,
    FileResult,
    Finding,
    Fix,
    Location,
    LogicalPlace,
    Paragraph,
    ReadNote,
    Report,
    RunResult,
    Section,
    Severity,
    StatedPeriod,
    Table,
    TextCell,
)
from gklint.reader import Reader, ReadError, UnsupportedFormat
from gklint.relations import BLANK_AS_ZERO, Balance, Failure, failures, plain_number, suspect
from gklint.rule import Parameter, Rule, RuleContext, RuleInfo
from gklint.sheet import ReportSheet, SheetCell, SheetRow, SheetTable
from gklint.template import HeaderSpec, RelationSpec, RowSpec, SectionSpec, TableSpec, Template
from gklint.text import (
    Decoded,
    DecodeError,
    chinese_numeral,
    decode_report,
    decode_text,
    decoding_notes,
    edit_distance,
    fold,
    has_cjk,
    is_comment_line,
    normalize_label,
    parse_directive,
    parse_number,
    scan_directives,
    split_pipe_row,
    to_int,
)
from gklint.vocabulary import APPLICANTS, OUTCOMES, REVIEW_GROUPS, ColumnKey, Key, RelationId, RowKey, TableKey

if TYPE_CHECKING:
    from gklint.stats import GroupStats, RuleCount, RunStats, Standing, run_stats

# Imported when first asked for: a check that draws no statistics does not pay for them.
_LAZY = {name: "gklint.stats" for name in ("GroupStats", "RuleCount", "RunStats", "Standing", "run_stats")}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "APPLICANTS",
    "BLANK_AS_ZERO",
    "MAX_UNITS",
    "NOTE_KINDS",
    "OUTCOMES",
    "REVIEW_GROUPS",
    "SEVERITY_COLORS",
    "Balance",
    "BindingNote",
    "Block",
    "BoundRow",
    "BoundTable",
    "Cell",
    "CellStatus",
    "ColumnKey",
    "DecodeError",
    "Decoded",
    "Directive",
    "Document",
    "Failure",
    "FileResult",
    "FileStream",
    "Finding",
    "Fix",
    "Formatter",
    "GroupStats",
    "HeaderSpec",
    "Key",
    "Location",
    "LogicalPlace",
    "OutputStyle",
    "Paragraph",
    "Parameter",
    "ReadError",
    "ReadNote",
    "Reader",
    "RelationId",
    "RelationSpec",
    "Report",
    "ReportSheet",
    "RowKey",
    "RowSpec",
    "Rule",
    "RuleContext",
    "RuleCount",
    "RuleInfo",
    "RunResult",
    "RunStats",
    "Section",
    "SectionSpec",
    "Severity",
    "SheetCell",
    "SheetRow",
    "SheetTable",
    "Standing",
    "StatedPeriod",
    "Table",
    "TableKey",
    "TableSpec",
    "Template",
    "TextCell",
    "UnsupportedFormat",
    "chinese_numeral",
    "decode_report",
    "decode_text",
    "decoding_notes",
    "early_part",
    "edit_distance",
    "failures",
    "finding_record",
    "fold",
    "has_cjk",
    "hookimpl",
    "is_comment_line",
    "late_parts",
    "normalize_label",
    "paint",
    "parse_directive",
    "parse_number",
    "place_in_file",
    "plain_number",
    "printable",
    "printable_path",
    "render_streamed",
    "repository_path",
    "repository_root",
    "run_stats",
    "scan_directives",
    "split_pipe_row",
    "suspect",
    "time_left",
    "to_int",
]
