"""The public API for plugin authors: everything a reader, rule, formatter or template needs.

Import from here and nowhere else in gklint; this module is the compatibility promise. Names may
be added in minor versions; none is removed or changed incompatibly before a major version.
"""

import importlib
import warnings
from typing import TYPE_CHECKING, Any

from gklint import lines as _lines
from gklint.bounds import MAX_CELLS as MAX_DOCUMENT_CELLS
from gklint.bounds import MAX_UNITS
from gklint.budget import time_left
from gklint.decoding import Decoded, DecodeError, decode_report, decode_text, decoding_notes
from gklint.formatter import (
    SEVERITY_COLORS,
    FileStream,
    Formatter,
    OutputStyle,
    breakdown,
    early_part,
    finding_line,
    finding_record,
    late_parts,
    one_line,
    paint,
    place_in_file,
    place_note,
    printable,
    printable_path,
    render_streamed,
    repository_path,
    repository_root,
    severity_breakdown,
)
from gklint.hookspecs import hookimpl
from gklint.levels import agency_level, level_by_name
from gklint.lines import is_comment_line, parse_directive, source_lines, split_lines
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
    DocumentMetadata,
    FileResult,
    Finding,
    Fix,
    Location,
    LogicalPlace,
    Paragraph,
    ReadNote,
    Report,
    ReportSheet,
    RunResult,
    Section,
    Severity,
    SheetCell,
    SheetRow,
    SheetTable,
    SourceTraits,
    StatedPeriod,
    Table,
    TextCell,
)
from gklint.reader import Reader, ReadError, UnsupportedFormat, decode_text_report, empty_file, xml_out_of_memory
from gklint.relations import BLANK_AS_ZERO, Balance, Failure, failures, plain_number, suspect
from gklint.rule import Compared, Parameter, Rule, RuleContext, RuleInfo
from gklint.ruledoc import help_markdown, help_text
from gklint.signed import signed_line
from gklint.template import HeaderSpec, RelationSpec, RowSpec, SectionSpec, TableSpec, Template
from gklint.text import (
    chinese_numeral,
    edit_distance,
    fold,
    has_cjk,
    is_cjk_char,
    lazy_pattern,
    normalize_label,
    parse_number,
    to_int,
)
from gklint.vocabulary import (
    APPLICANTS,
    OUTCOMES,
    PART_NAMES,
    REVIEW_GROUPS,
    ColumnKey,
    Key,
    RelationId,
    RowKey,
    TableKey,
)

if TYPE_CHECKING:
    from gklint.stats import GroupStats, RuleCount, RunStats, Standing, run_stats

# Imported when first asked for: a check that draws no statistics does not pay for them.
_LAZY = {name: "gklint.stats" for name in ("GroupStats", "RuleCount", "RunStats", "Standing", "run_stats")}


__all__ = [
    "APPLICANTS",
    "BLANK_AS_ZERO",
    "MAX_DOCUMENT_CELLS",
    "MAX_UNITS",
    "NOTE_KINDS",
    "OUTCOMES",
    "PART_NAMES",
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
    "Compared",
    "DecodeError",
    "Decoded",
    "Directive",
    "Document",
    "DocumentMetadata",
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
    "SourceTraits",
    "Standing",
    "StatedPeriod",
    "Table",
    "TableKey",
    "TableSpec",
    "Template",
    "TextCell",
    "UnsupportedFormat",
    "agency_level",
    "breakdown",
    "chinese_numeral",
    "decode_report",
    "decode_text",
    "decode_text_report",
    "decoding_notes",
    "early_part",
    "edit_distance",
    "empty_file",
    "failures",
    "finding_line",
    "finding_record",
    "fold",
    "has_cjk",
    "help_markdown",
    "help_text",
    "hookimpl",
    "is_cjk_char",
    "is_comment_line",
    "late_parts",
    "lazy_pattern",
    "level_by_name",
    "normalize_label",
    "one_line",
    "paint",
    "parse_directive",
    "parse_number",
    "place_in_file",
    "place_note",
    "plain_number",
    "printable",
    "printable_path",
    "render_streamed",
    "repository_path",
    "repository_root",
    "run_stats",
    "severity_breakdown",
    "signed_line",
    "source_lines",
    "split_lines",
    "suspect",
    "time_left",
    "to_int",
    "xml_out_of_memory",
]

# Reader internals exported before 0.2, kept one minor version for plugins that used them: a reader
# reaches them as ``Reader.directives_in`` and ``Reader.pipe_cells`` (see docs/plugins.md).
_DEPRECATED = {"scan_directives": "Reader.directives_in", "split_pipe_row": "Reader.pipe_cells"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name in _DEPRECATED:
        message = f"gklint.plugin.{name} is deprecated and goes in 0.3: use {_DEPRECATED[name]}"
        warnings.warn(message, DeprecationWarning, stacklevel=2)
        return getattr(_lines, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
