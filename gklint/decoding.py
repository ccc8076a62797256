"""Report bytes to text: a byte-order mark, UTF-8 (with a few damaged bytes counted), GB18030, else a
statistical detector; binary data refused."""

from __future__ import annotations

import codecs
from typing import NamedTuple

from gklint.model import Location, ReadNote


class DecodeError(ValueError):
    """The bytes are not text in any encoding gklint recognises: why, in Chinese (``zh``) and English
    (``en``; a plugin that gives one message gives it for both)."""

    def __init__(self, zh: str, en: str | None = None) -> None:
        super().__init__(en or zh)
        self.zh = zh
        self.en = en or zh


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BOM_STARTS = frozenset(bom[:1] for bom, _ in _BOMS)


class Decoded(NamedTuple):
    """Decoded report text: ``replaced`` counts the invalid byte sequences shown as U+FFFD, from
    line ``first_bad`` on (0: none)."""

    text: str
    encoding: str
    replaced: int = 0
    first_bad: int = 0


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode report bytes, returning ``(text, encoding)``; see ``decode_report``."""
    decoded = decode_report(data)
    return decoded.text, decoded.encoding


def decode_report(data: bytes) -> Decoded:
    """Decode report bytes.

    Order: a byte-order mark; strict UTF-8; UTF-8 with a few damaged bytes (replaced, and counted:
    one bad byte must not turn a UTF-8 page into mojibake of another encoding); strict GB18030 (a
    superset of GBK and GB2312, what Chinese Windows saves); then a statistical detector. Binary
    data raises ``DecodeError``.
    """
    if data[:1] in _BOM_STARTS:  # most files start with no byte a mark starts with: no mark to look for
        for bom, encoding in _BOMS:
            if data.startswith(bom):
                try:
                    return Decoded(data.decode(encoding), encoding.replace("-sig", ""))
                except UnicodeDecodeError as exc:
                    raise DecodeError(
                        f"文件开头的字节顺序标记表明是 {encoding} 编码，但其后的内容不是有效的 {encoding}",
                        f"invalid {encoding} after its byte-order mark: {exc.reason}",
                    ) from None
    if b"\x00" in data[:8192]:
        raise DecodeError("文件含有二进制数据（NUL 字节），不是文本文件", "binary data (NUL bytes), not a text file")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return damaged
    try:
        return Decoded(data.decode("gb18030"), "gb18030")
    except UnicodeDecodeError:
        pass
    import charset_normalizer  # lazily: only for the rare file that is neither UTF-8 nor GB18030

    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise DecodeError("不是任何已知编码的文本", "not text in any known encoding")
    return Decoded(str(best), best.encoding)


def decoding_notes(decoded: Decoded) -> tuple[ReadNote, ...]:
    """A GK003 note for the bytes ``decode_report`` had to replace, if any."""
    if not decoded.replaced:
        return ()
    line, count, encoding = decoded.first_bad, decoded.replaced, decoded.encoding.upper()
    return (
        ReadNote(
            f"从第 {line} 行起有 {count} 处字节不是有效的 {encoding} 编码，已替换为 �",
            f"{count} byte sequence(s) from line {line} on are not valid {encoding}; replaced by �",
            Location(line=line),
        ),
    )


_REPLACEMENT = "\ufffd"
_DAMAGE_RATIO = 20  # at least this many good non-ASCII characters per bad sequence


def _damaged_utf8(data: bytes) -> Decoded | None:
    """UTF-8 text with a few invalid sequences, or None when the bytes are not UTF-8 at heart.

    Text in another encoding read as UTF-8 fails at most of its non-ASCII characters; UTF-8 with a
    damaged byte or a cut-off last character fails once or twice among thousands."""
    text = data.decode("utf-8", "replace")
    bad = text.count(_REPLACEMENT) - data.count(_REPLACEMENT.encode("utf-8"))
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    if bad <= 0 or bad * _DAMAGE_RATIO > good:
        return None
    first = text.find(_REPLACEMENT)
    return Decoded(text, "utf-8", bad, text.count("\n", 0, first) + 1)
