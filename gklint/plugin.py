"""The public API for plugin authors: everything a reader, rule, formatter or template needs.

Import from here and nowhere else in gklint; this module is the compatibility promise. Names may
be added in minor versions; none is removed or changed incompatibly before a major version.
"""

from gklint.formatter import Formatter
from gklint.hookspecs import hookimpl
from gklint.model import (
    BindingNote,
    Block,
    BoundRow,
    BoundTable,
    Cell,
    CellStatus,
    Document,
    FileResult,
    Finding,
    Location,
    LogicalPlace,
    Paragraph,
    Report,
    RunResult,
    Section,
    Severity,
    StatedPeriod,
    Table,
    TextCell,
)
from gklint.reader import Reader, ReadError, UnsupportedFormat
from gklint.relations import Balance, Failure, failures, show, suspect
from gklint.rule import Parameter, Rule, RuleContext, RuleInfo
from gklint.template import HeaderSpec, RelationSpec, RowSpec, SectionSpec, TableSpec, Template
from gklint.text import (
    DecodeError,
    chinese_numeral,
    decode_text,
    edit_distance,
    fold,
    has_cjk,
    normalize_label,
    parse_number,
    split_pipe_row,
    to_int,
)

__all__ = [
    "Balance",
    "BindingNote",
    "Block",
    "BoundRow",
    "BoundTable",
    "Cell",
    "CellStatus",
    "DecodeError",
    "Document",
    "Failure",
    "FileResult",
    "Finding",
    "Formatter",
    "HeaderSpec",
    "Location",
    "LogicalPlace",
    "Paragraph",
    "Parameter",
    "ReadError",
    "Reader",
    "RelationSpec",
    "Report",
    "RowSpec",
    "Rule",
    "RuleContext",
    "RuleInfo",
    "RunResult",
    "Section",
    "SectionSpec",
    "Severity",
    "StatedPeriod",
    "Table",
    "TableSpec",
    "Template",
    "TextCell",
    "UnsupportedFormat",
    "chinese_numeral",
    "decode_text",
    "edit_distance",
    "failures",
    "fold",
    "has_cjk",
    "hookimpl",
    "normalize_label",
    "parse_number",
    "show",
    "split_pipe_row",
    "suspect",
    "to_int",
]
