"""A reader for the plain subset of YAML that rulesets are written in, so a run need not import ruamel.yaml.

The subset: comments; ``key: value`` at the top level; a value that is a plain word or phrase, a
flow list of plain words (``[GK, HN]``), or a block of ``key: word`` lines indented under its key.
Within it the result equals ruamel's round-trip load (strings, lists, mappings with line numbers);
anything else (quotes, numbers, booleans, nulls, anchors, block lists, deeper nesting, a duplicate
key, a tab) is declined with ``None`` and the caller reads the file with ruamel, whose answer and
error messages then stand.
"""

from __future__ import annotations

import re
from typing import Any

KEY = r"(?P<indent> *)(?P<key>[A-Za-z_][A-Za-z0-9_.\-]*):(?: +(?P<value>.*))?$"  # compiled by re when a file is read
INDICATORS = tuple("-?:,[]{}#&*!|>'\"%@`")
RESERVED = {"true", "false", "null", "~", "yes", "no", "on", "y", "n"}  # "off" alone is ruamel's plain text


class Declined(Exception):
    """Outside the subset: let ruamel read it."""


class Positions:
    """ruamel's ``.lc`` for the one question gklint asks of it: the (line, column) of a key."""

    def __init__(self) -> None:
        self.keys: dict[str, tuple[int, int]] = {}

    def key(self, name: str) -> tuple[int, int]:
        return self.keys[name]


class Mapping(dict[str, Any]):
    """A mapping that knows where each of its keys was written."""

    def __init__(self) -> None:
        super().__init__()
        self.lc = Positions()

    def put(self, key: str, value: Any, line: int, column: int) -> None:
        if key in self:
            raise Declined(f"duplicate key {key!r}")
        self[key] = value
        self.lc.keys[key] = (line, column)


def load(text: str) -> Mapping | None:
    """The mapping ``text`` holds, or None when it is not within the subset."""
    try:
        return _document(text.split("\n"))
    except Declined:
        return None


def _document(lines: list[str]) -> Mapping:
    top = Mapping()
    block: Mapping | None = None
    block_indent = 0
    for number, raw in enumerate(lines):
        line = _without_comment(raw)
        if not line.strip():
            continue
        match = re.match(KEY, line)
        if match is None or "\t" in raw or "\ufeff" in raw:
            raise Declined(f"line {number + 1}")
        indent, key, value = len(match["indent"]), match["key"], match["value"]
        _check_plain(key)
        if indent == 0:
            block = None
            if value is None:
                block = Mapping()
                top.put(key, block, number, 0)
            else:
                top.put(key, _value(value), number, 0)
        elif block is not None and value is not None and (not block or indent == block_indent):
            block_indent = indent
            block.put(key, _scalar(value), number, indent)
        else:
            raise Declined(f"line {number + 1}: nesting")
    if not top or any(isinstance(value, Mapping) and not value for value in top.values()):
        raise Declined("an empty document, or a key with nothing under it (null)")
    return top


def _without_comment(line: str) -> str:
    """The line without a trailing ``# comment`` (a ``#`` after a space, or at the start)."""
    stripped = line.lstrip(" ")
    if stripped.startswith("#"):
        return ""
    at = line.find(" #")
    return (line if at < 0 else line[:at]).rstrip(" ")


def _value(text: str) -> Any:
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1].strip()
        if not inner:
            return []
        return [_scalar(item.strip(), flow=True) for item in inner.split(",")]
    return _scalar(text)


def _scalar(text: str, flow: bool = False) -> str:
    _check_plain(text)
    if flow and any(mark in text for mark in "[]{},"):
        raise Declined(f"{text!r} in a flow list")
    return text


def _check_plain(text: str) -> None:
    """A plain scalar that ruamel reads as this very string (not a number, boolean, null or date)."""
    if not text or text.startswith(INDICATORS):
        raise Declined(repr(text))
    # ruamel's patterns for numbers and dates are ASCII: text with other characters is text to it.
    if text.isascii() and (text[0].isdigit() or text[0] in "+."):
        raise Declined(repr(text))
    if ": " in text or text.endswith(":") or " #" in text or text.lower() in RESERVED:
        raise Declined(repr(text))
    if text != text.strip():
        raise Declined(repr(text))
