"""The PDF reader's cheaper paths on LibreOffice-made files: what each must keep.

* pdfminer's quieted debug calls cost no Python frame: the stand-in is a builtin that takes any
  arguments pdfminer passes, records nothing, and leaves every other level to the logger.
"""

from __future__ import annotations

import logging
import types
from typing import Any

import pytest

from gklint.readers.pdf.guard import Meter, bounded


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def records() -> Any:
    logger = logging.getLogger("pdfminer.psparser")
    handler = _Records()
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


def test_a_quieted_debug_call_is_a_builtin_that_takes_any_arguments_and_records_nothing(records: _Records) -> None:
    from pdfminer import psparser

    with bounded(Meter()):
        debug = psparser.log.debug
        assert isinstance(debug, types.BuiltinFunctionType)  # no Python frame per call
        debug("nexttoken: %r", (0, b"x"))
        debug("%s %s", 1)  # too few arguments for the format: pdfminer's text is never formatted
        debug("exec: %s", "Tj", exc_info=True, stacklevel=2)
        debug()
        logging.getLogger("pdfminer").setLevel(logging.WARNING)  # bounded() set CRITICAL: let one through
        psparser.log.warning("kept: %d", 1)
    assert [record.getMessage() for record in records.records] == ["kept: 1"]
