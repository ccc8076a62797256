"""The data model: what readers produce, what the binder makes of it, what rules report.

Three layers, each a plain dataclass tree that pickles cleanly (for the process pool) and reads
without the code that made it:

* ``Document`` (``gklint.model.document``) - a source file as blocks in reading order (paragraphs
  and tables of cells), each with a ``Location`` in that source (``gklint.model.location``), and
  its ``DocumentMetadata`` (``gklint.model.metadata``).
* ``Report`` (``gklint.model.report``) - the document bound to a national template: metadata, the
  six parts, and the three tables addressed by canonical keys (``report.applications["new"]["total"]``).
* ``Finding`` (``gklint.model.findings``) - one problem, carrying both the source position and the
  logical place; ``FileResult`` and ``RunResult`` are what formatters are given, with each
  file's ``ReportSheet`` (``gklint.model.sheet``).

Import the names from here: the submodules are how the model is kept, not part of the promise.
"""

from gklint.model.document import Block, Directive, Document, Paragraph, ReadNote, Table, TextCell
from gklint.model.findings import FileResult, Finding, Fix, RunResult
from gklint.model.location import NOWHERE, Location, Severity
from gklint.model.metadata import DocumentMetadata, SourceTraits
from gklint.model.report import (
    NOTE_KINDS,
    BindingNote,
    BoundRow,
    BoundTable,
    Cell,
    CellStatus,
    LogicalPlace,
    Report,
    Section,
    StatedPeriod,
)
from gklint.model.sheet import ReportSheet, SheetCell, SheetRow, SheetTable

__all__ = [
    "NOTE_KINDS",
    "NOWHERE",
    "BindingNote",
    "Block",
    "BoundRow",
    "BoundTable",
    "Cell",
    "CellStatus",
    "Directive",
    "Document",
    "DocumentMetadata",
    "FileResult",
    "Finding",
    "Fix",
    "Location",
    "LogicalPlace",
    "Paragraph",
    "ReadNote",
    "Report",
    "ReportSheet",
    "RunResult",
    "Section",
    "Severity",
    "SheetCell",
    "SheetRow",
    "SheetTable",
    "SourceTraits",
    "StatedPeriod",
    "Table",
    "TextCell",
]
