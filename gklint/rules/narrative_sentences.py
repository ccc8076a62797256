"""Where the sentences and clauses of report prose stand, for the narrative rules (imported by them
only): a sentence a PDF's line breaks cut goes on over the lines before and after it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from gklint.plugin import Paragraph, lazy_pattern
from gklint.rules.narrative_topics import ANY_NOUN

_SENTENCES = lazy_pattern(r"[^。；;！？!?\n]+")
# Clauses end at full stops, semicolons and commas, but not at the comma of "1,300".
_CLAUSES = lazy_pattern(r"(?:[^。；;！？!?\n,]|(?<=\d),(?=\d{3}))+")
_SENTENCE_STOPS = lazy_pattern(r"[。；;！？!?\n]")


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where the sentences of ``text`` stand, but a semicolon before a piece that goes on counting the
    规范性文件 of the piece before (制发规范性文件3件；废止1件；现行有效52件) joins them."""
    joined: tuple[int, int] | None = None
    for sentence in _SENTENCES.finditer(text):
        start, end = sentence.span()
        if (
            joined is not None
            and text[joined[1] : start] in (";", "；")
            and _GOES_ON_NORMATIVE.match(sentence.group(0))
            and "规范性文件" in text[joined[0] : joined[1]]
            and ANY_NOUN.search(sentence.group(0)) is None
        ):
            joined = (joined[0], end)
            continue
        if joined is not None:
            yield joined
        joined = (start, end)
    if joined is not None:
        yield joined


_GOES_ON_NORMATIVE = lazy_pattern(r"\s*(?:其中)?(?:废止|现行有效|制发|印发|出台|制定|新增|修订|修改)")


def sentence_run_on(texts: Sequence[str], index: int) -> str:
    """The head of the lines after ``texts[index]`` (folded paragraph texts) when it stops
    mid-sentence (line breaks copied from a PDF: 共收到政府信息公开 / 申请5件，均已办结。): up to the end
    of the sentence, over a few lines that stop nowhere; nothing when no stop comes, or a numbered
    item starts."""
    own = texts[index]
    if not own.strip() or _SENTENCE_STOPS.search(own[-1:] or "。"):
        return ""
    lines = ""
    for rest in texts[index + 1 : index + 1 + _RUN_ON_LINES]:
        if _ITEM_START.match(rest):
            return ""
        head = _SENTENCE_HEAD.match(rest)
        if head is not None:
            return lines + head.group(0)
        lines += rest
    return ""


def sentence_run_back(paragraphs: Sequence[Paragraph], texts: Sequence[str], index: int) -> str:
    """The tail of the lines before ``texts[index]`` (the folded texts of ``paragraphs``) when the
    sentence it opens with began there (所有办结的信息公开 / 申请中同意公开答复9件…): from the last stop,
    over a few lines that stop nowhere; nothing when the line starts a numbered item or no stop comes."""
    if index == 0 or _ITEM_START.match(texts[index]):
        return ""
    lines = ""
    for before in range(index - 1, max(0, index - _RUN_ON_LINES) - 1, -1):
        text = texts[before]
        if not text.strip() or paragraphs[before].heading_level:
            return lines
        stops = [stop.end() for stop in _SENTENCE_STOPS.finditer(text)]
        if stops:
            return text[stops[-1] :] + lines
        lines = text + lines
        if _ITEM_START.match(text):
            return lines  # the sentence begins with the item
    return lines if index <= _RUN_ON_LINES else ""  # the text's first line begins a sentence


_RUN_ON_LINES = 4  # a sentence a PDF's page laid out over more lines than this is no sentence of prose
_SENTENCE_HEAD = lazy_pattern(r"[^。；;！？!?\n]*[。；;！？!?]")
_ITEM_START = lazy_pattern(r"\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．])")


def clause_spans(sentence: str) -> Iterator[tuple[int, int]]:
    """Where ``_CLAUSES`` finds the clauses of a sentence (which ``_SENTENCES`` cut at every other
    stop): between its commas, but for the comma of "1,300"; ``str.split`` is many times cheaper
    than the expression's look-behind at every character."""
    if _SENTENCE_STOPS.search(sentence):
        yield from (match.span() for match in _CLAUSES.finditer(sentence))
        return
    start = position = 0
    for piece in sentence.split(","):
        end = position + len(piece)  # where the comma after the piece stands
        digits = sentence[end + 1 : end + 4]
        if not (piece[-1:].isdecimal() and len(digits) == 3 and digits.isdecimal()):  # \d,\d{3} joins
            if end > start:
                yield start, end
            start = end + 1
        position = end + 1


def count_at(text: str, start: int, end: int) -> int:
    """Where the count of the statement ``text[start:end]`` stands (its last digit or numeral), or its
    start for one with none (未收到申请): the paragraph holding it states it, once."""
    counted = [m.start() for m in _COUNT_CHARACTER.finditer(text, start, end)]
    return counted[-1] if counted else start


_COUNT_CHARACTER = lazy_pattern(r"[0-9〇零一二两三四五六七八九十百千万]")


def goes_on_handling(text: str, before: int, begin: int, finish: int) -> bool:
    """Whether the sentence from ``begin`` to ``finish`` goes on after a semicolon with the handling of
    the applications the sentence before (from ``before``) counted: its first clause names nothing else."""
    after_semicolon = text[begin - 1 : begin] in (";", "；")
    if not after_semicolon or "申请" not in text[before:begin] or not _HANDLING.match(text, begin):
        return False
    comma = text.find(",", begin, finish)
    return ANY_NOUN.search(text, begin, comma if comma >= 0 else finish) is None


_HANDLING = lazy_pattern(r"\s*(?:共|共计|全年|累计|已)?(?:办理|办结|答复|受理)")
