"""The reader base class: bytes of one file in, a ``Document`` out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from gklint.decoding import Decoded, DecodeError, decode_report
from gklint.lines import plain_pipe_row, scan_directives, split_pipe_row
from gklint.model import Directive, Document, SourceTraits, TextCell


class ReadError(Exception):
    """The file cannot be read as a report (GK002). The message says why, Chinese first."""

    def __init__(self, message: str, message_en: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message


class UnsupportedFormat(ReadError):
    """The file is of a kind gklint could read with a tool that is not installed (GK001)."""


def empty_file() -> ReadError:
    """The error for a file that holds nothing to read."""
    return ReadError("文件为空", "the file is empty")


def decode_text_report(data: bytes) -> Decoded:
    """The text of a text-like report (plain text, Markdown); ReadError when it is not text in any
    encoding a report is written in, or holds nothing but white space."""
    try:
        decoded = decode_report(data)
    except DecodeError as exc:
        raise ReadError(f"无法按文本读取：{exc.zh}", f"cannot be read as text: {exc.en}") from None
    if not decoded.text or decoded.text.isspace():  # nothing but white space (no copy stripped of it)
        raise empty_file()
    return decoded


XML_ERR_NO_MEMORY = 2  # libxml2's error code when an allocation fails


def xml_out_of_memory(exc: BaseException) -> bool:
    """Whether an lxml parse error means libxml2 ran out of memory (raise ``MemoryError`` then: the
    file's memory budget is spent, it is not a broken file). Its own error, or any it logged before
    the one raised (a failed allocation can leave the parse to end on another error), or an error
    with no message and nothing logged: short of memory, libxml2 cannot even record what failed."""
    logged = list(getattr(exc, "error_log", None) or ())
    if not logged and not getattr(exc, "msg", None):
        return True
    return getattr(exc, "code", None) == XML_ERR_NO_MEMORY or any(e.type == XML_ERR_NO_MEMORY for e in logged)


class Reader:
    """Base class of format readers.

    ``suffixes`` are the lower-case file suffixes the reader claims (``.txt``); ``sniff`` may
    claim a file by its first bytes when the suffix is unknown or shared. ``read`` must not
    import heavy libraries at module level: import them inside ``read``, so that linting a text
    file never pays for lxml or pdfminer.

    ``line_based``, ``paged`` and ``mime_type`` say what the reader's sources are like, so that
    formatters need not know readers by name: a line-based source's locations are lines and columns
    of the file's own text (a formatter may quote the line), a paged one's are pages.

    ``interruptible`` says that ``read`` runs Python code and regular expressions only, never a C
    library or a tool that could go on without returning to the interpreter: a timer signal can stop
    it, so a run of one such file reads it in the calling process (``gklint.inplace``), not in a
    forked worker. Leave it False when in doubt: the worker is always safe.
    """

    name: ClassVar[str] = ""
    version: ClassVar[str] = "1"
    suffixes: ClassVar[tuple[str, ...]] = ()
    line_based: ClassVar[bool] = False
    paged: ClassVar[bool] = False
    mime_type: ClassVar[str] = ""
    interruptible: ClassVar[bool] = False

    @classmethod
    def traits(cls) -> SourceTraits:
        return SourceTraits(line_based=cls.line_based, paged=cls.paged, mime_type=cls.mime_type)

    def sniff(self, head: bytes) -> bool:
        return False

    @staticmethod
    def directives_in(lines: Sequence[str]) -> tuple[Directive, ...]:
        """The suppression comments (``<!-- gklint: disable=GK107 -->``) standing on lines of their
        own, with 1-based line numbers: a reader of a line-based format puts them on its Document."""
        return scan_directives(list(lines))

    @staticmethod
    def pipe_cells(line: str) -> list[tuple[str, int]]:
        """A ``| a | b |`` table row as (cell text, 0-based start column) pairs; ``\\|`` is a literal pipe."""
        return split_pipe_row(line)

    @staticmethod
    def pipe_row(number: int, line: str, stripped: bool = False) -> tuple[TextCell, ...] | None:
        """The cells of the ``| a | b |`` row on line ``number``, each at the 1-based columns of its
        stripped text, its text as written (``stripped``: stripped, a blank cell at its end); made in
        one pass. None when the line holds a backslash (an escaped pipe): ``pipe_cells`` then."""
        return plain_pipe_row(number, line, stripped)

    def connect(self, readers: Mapping[str, Reader]) -> None:
        """Called once every plugin is loaded, with each loaded reader by name (a blocked plugin's
        are not there): a reader that reads through another, as a converter does, keeps it here."""

    def read(self, path: str, data: bytes) -> Document:
        raise NotImplementedError
