"""Text sources read line by line: table rows between pipes, and suppression comments on lines of
their own (``<!-- gklint: disable-next-line=GK107 -->``). Readers reach them through ``Reader``."""

from __future__ import annotations

from gklint.decoding import DecodeError, decode_text
from gklint.model import Directive, Location, TextCell
from gklint.text import lazy_pattern

_NEWLINE = lazy_pattern(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines of ``text``, split at ``\\r\\n``, ``\\r`` or ``\\n`` (how readers number lines, and so
    how findings point at them); a text without a carriage return is split by ``str.split`` in one
    C call, where the pattern runs a search per line."""
    return text.split("\n") if "\r" not in text else _NEWLINE.split(text)


def source_lines(data: bytes) -> list[str] | None:
    """A source's lines as outputs show them under findings: decoded as reports are, split as
    readers number lines; None when the bytes are no text. The worker that carries a result's
    lines and the output that reads a file for the others both take them from here."""
    try:
        text, _ = decode_text(data)
    except (DecodeError, ValueError):
        return None
    return split_lines(text)


# --------------------------------------------------------------------------- layout


def split_pipe_row(line: str) -> list[tuple[str, int]]:
    """Split a ``| a | b |`` row into ``(cell text, 0-based start column)`` pairs.

    One leading and one trailing pipe are dropped; ``\\|`` is kept as a literal pipe.
    """
    start, end = pipe_bounds(line)
    if "\\" not in line:  # no escaped pipe: plain splitting, no walk over every character
        return _split_plain(line, start, end)
    cells: list[tuple[str, int]] = []
    cell_start = start
    i = start
    while i < end:
        if line[i] == "\\" and i + 1 < end and line[i + 1] == "|":
            i += 2
            continue
        if line[i] == "|":
            cells.append((line[cell_start:i].replace("\\|", "|"), cell_start))
            cell_start = i + 1
        i += 1
    cells.append((line[cell_start:end].replace("\\|", "|"), cell_start))
    return cells


def pipe_bounds(line: str) -> tuple[int, int]:
    """Where a ``| a | b |`` row's cells begin and end (0-based offsets): past one leading pipe and
    before one trailing pipe, an escaped ``\\|`` at the end being no trailing pipe."""
    stripped = line.rstrip()
    start = len(line) - len(line.lstrip())
    if stripped[start : start + 1] == "|":
        start += 1
    end = len(stripped)
    if end > start and stripped[end - 1] == "|" and not stripped.endswith("\\|"):
        end -= 1
    return start, end


def plain_pipe_row(number: int, line: str, stripped: bool = False) -> tuple[TextCell, ...] | None:
    """The cells of the ``| a | b |`` row on source line ``number``, each at the 1-based columns of its
    stripped text (``TextCell.split_at``, which says what ``stripped`` does), made in one pass; None
    when the line holds a backslash, which may escape a pipe (``split_pipe_row`` then)."""
    if "\\" in line:
        return None
    start, end = pipe_bounds(line)
    return TextCell.split_at(number, line[start:end], "|", start, stripped)


def _split_plain(line: str, start: int, end: int) -> list[tuple[str, int]]:
    cells: list[tuple[str, int]] = []
    for text in line[start:end].split("|"):
        cells.append((text, start))
        start += len(text) + 1
    return cells


# --------------------------------------------------------------------------- suppression comments

# The full-width ：＝， a Chinese input method types are read as : = , (gklint：disable=GK107).
_DIRECTIVE = lazy_pattern(  # compiled when a file first has a comment
    r"^gklint\s*[:：]\s*(disable-next-line|disable-file|disable|enable)\s*[=＝]\s*([A-Za-z0-9,， ]+?)\s*(?:--.*)?$"
)


def _comment_body(line: str) -> str | None:
    """The inside of a line that is one ``<!-- … -->`` comment, stripped; None for any other line."""
    stripped = line.strip()
    if len(stripped) >= 7 and stripped.startswith("<!--") and stripped.endswith("-->"):
        return stripped[4:-3].strip()
    return None


_MAX_DIRECTIVE = 1000  # characters: a suppression comment is one short line


def parse_directive(comment: str) -> tuple[str, tuple[str, ...]] | None:
    """``(kind, codes)`` for a gklint suppression comment, ``("invalid", ())`` for a comment that
    names gklint but is malformed, ``None`` for any other text.

    Accepts the whole ``<!-- … -->`` or only its inside, e.g. ``gklint: disable=GK107,GK2``;
    a reason may follow ``--``.
    """
    inner = _comment_body(comment)
    text = (inner if inner is not None else comment).strip()
    if not text.lower().startswith("gklint"):
        return None
    match = _DIRECTIVE.match(text) if len(text) <= _MAX_DIRECTIVE else None
    if match is None:
        return "invalid", ()
    codes = tuple(c.strip().upper() for c in match.group(2).replace("，", ",").split(",") if c.strip())
    return (match.group(1), codes) if codes else ("invalid", ())


def is_comment_line(line: str) -> bool:
    return _comment_body(line) is not None


def scan_directives(lines: list[str]) -> tuple[Directive, ...]:
    """Suppression comments standing on lines of their own (1-based line numbers)."""
    if "<!--" not in "\n".join(lines):
        return ()  # most reports have no comment at all: no need to look at each line
    found: list[Directive] = []
    comments = [is_comment_line(line) for line in lines]
    following: int | None = None  # the next line (1-based) holding more than a comment, scanning up
    next_content: list[int | None] = [None] * len(lines)
    for index in range(len(lines) - 1, -1, -1):
        next_content[index] = following
        if lines[index].strip() and not comments[index]:
            following = index + 1
    for index, line in enumerate(lines):
        if not comments[index]:
            continue
        parsed = parse_directive(line)
        if parsed is None:
            continue
        kind, codes = parsed
        target = next_content[index] if kind == "disable-next-line" else None
        column = len(line) - len(line.lstrip()) + 1
        location = Location(line=index + 1, column=column, end_line=index + 1, end_column=len(line.rstrip()) + 1)
        found.append(Directive(kind, codes, location, line.strip(), target))
    return tuple(found)
