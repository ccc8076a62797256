"""Mutations of a report's bytes: at the byte level, on its lines of text, inside a DOCX's XML and a
PDF's streams. Each takes a ``random.Random`` and returns new bytes; ``mutate`` applies a few."""

from __future__ import annotations

import io
import random
import re
import zipfile
import zlib
from collections.abc import Callable

Mutation = Callable[[random.Random, bytes], bytes]
MAX_GROWTH = 300 << 20  # bytes a mutation may add: past the size limit (200 MB), not past the machine
WINDOW = 1 << 20  # bytes a mutation working character by character changes

# Bytes and text that broke or slowed parsers somewhere: encodings, controls, markup, numbers.
TOKENS = [
    b"\x00", b"\xff", b"\xfe\xff", b"\xef\xbb\xbf", b"\xc0\x80", b"\xed\xa0\x80", b"\x1b[31m", b"\x1b]52;c;SGk=\x07",
    "\u202e".encode(), b"\r", b"\r\n", b"\t" * 50, b"|" * 200, "｜".encode() * 50, b"<!--", b"-->", b"[" * 100,
    b"](", b"#" * 7, b"9" * 5000, b"NaN", b"Infinity", b"-0", b"1e999", "〇".encode() * 300, "፩".encode(),
    "²".encode(), b"<!-- gklint: disable-next-line=GK1 -->\n", b"<!ENTITY", b"<meta charset=base64>",
    b'rowspan="99999"', b'colspan="0"', b"</table>", b"<table><tr><td>", b"%PDF-", b"%%EOF", b"PK\x03\x04",
    b"obj", b"endobj", b"stream\n", b"endstream", b" 0 R", b"/Filter /FlateDecode", b"999999999 0 R", b"<<" * 50,
    "一、总体情况".encode(), "（七）总计".encode(), "四、结转下年度继续办理".encode(),
]  # fmt: skip


# --------------------------------------------------------------------------- bytes


def flip_bits(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        if out:
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def random_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def insert_token(rng: random.Random, data: bytes) -> bytes:
    at = rng.randint(0, len(data))
    return data[:at] + rng.choice(TOKENS) * rng.choice([1, 1, 2, 10, 1000]) + data[at:]


def delete_range(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, max(1, len(data) // 10)) :]


def duplicate_range(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    piece = data[start : start + rng.randint(1, 4096)]
    times = min(rng.choice([2, 10, 100, 1000]), MAX_GROWTH // len(piece))
    return data[:start] + piece * times + data[start:]


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randint(0, len(data))]


def cut_front(rng: random.Random, data: bytes) -> bytes:
    return data[rng.randint(1, max(1, len(data) // 4)) :]


# --------------------------------------------------------------------------- text


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def shuffle_lines(rng: random.Random, data: bytes) -> bytes:
    lines = _text(data).split("\n")
    start = rng.randrange(len(lines))
    chunk = lines[start : start + rng.randint(2, 20)]
    rng.shuffle(chunk)
    lines[start : start + len(chunk)] = chunk
    return "\n".join(lines).encode()


def repeat_line(rng: random.Random, data: bytes) -> bytes:
    lines = _text(data).split("\n")
    at = rng.randrange(len(lines))
    times = min(rng.choice([10, 1000, 20_000]), MAX_GROWTH // (len(lines[at]) + 1))  # a crawler's line is 100 KB
    lines[at:at] = [lines[at]] * times
    return "\n".join(lines).encode()


_NUMBER = re.compile(r"(?<![\d.])\d{1,6}(?![\d.])")


def odd_numbers(rng: random.Random, data: bytes) -> bytes:
    """Numbers of the report replaced: huge, negative, NaN, Chinese, full-width, fractional."""
    choices = ["9" * rng.choice([16, 400, 5000]), "-3", "NaN", "inf", "十二", "１２", "3.14159", "1,2,3", "", "/"]
    return _NUMBER.sub(lambda m: rng.choice(choices) if rng.random() < 0.2 else m.group(), _text(data)).encode()


# What OCR reads a scanned report as: look-alike characters for digits and punctuation, a space
# between some characters, a table rule read as a bar or an ell.
OCR_CONFUSIONS = {
    "0": ["O", "o", "〇", "D", "()"], "1": ["l", "I", "|", "丨"], "2": ["Z", "z"], "5": ["S", "s"],
    "8": ["B", "3"], "、": [",", "丶", "."], "（": ["(", "C"], "）": [")", "J"], "|": ["l", "1", "I", "丨"],
    "一": ["-", "—", "_"], "十": ["+", "t"], "口": ["0", "□"], "日": ["曰", "目"],
}  # fmt: skip


def ocr_noise(rng: random.Random, data: bytes) -> bytes:
    """Characters read as their look-alikes, spaces between characters, lines broken mid-word."""
    rate = rng.choice([0.02, 0.1, 0.3])
    start = rng.randrange(max(1, len(data) - WINDOW))  # a character at a time: a window of a large input
    out = []
    for ch in _text(data[start : start + WINDOW]):
        if ch in OCR_CONFUSIONS and rng.random() < rate:
            ch = rng.choice(OCR_CONFUSIONS[ch])
        elif ch != "\n" and rng.random() < rate / 10:
            ch += rng.choice([" ", "  ", "\n", "\u3000"])
        out.append(ch)
    return data[:start] + "".join(out).encode() + data[start + WINDOW :]


CHROME = [
    "当前位置：首页 > 政务公开 > 政府信息公开年报", "【字体：大 中 小】 【打印】 【关闭】", "浏览次数：1234",
    "分享到：微信 微博 QQ空间", "var _hmt = _hmt || [];", "上一篇：无", "下一篇：无", "扫一扫在手机打开当前页",
    "&nbsp;&nbsp;&nbsp;&nbsp;", "&#12288;&#12288;", "&lt;table&gt;", "网站标识码：1234567890 ICP备12345678号",
]  # fmt: skip


def crawler_chrome(rng: random.Random, data: bytes) -> bytes:
    """A page as a crawler saved it: the portal's chrome around the report and between its lines,
    entities left unescaped, whitespace runs, and lines joined or the whole page on one line."""
    lines = _text(data).split("\n")
    for _ in range(rng.randint(1, 20)):
        lines.insert(rng.randint(0, len(lines)), rng.choice(CHROME))
    joiner = rng.choice(["\n", "\n", "\r\n", "\n\n\n", " ", "\t", "&nbsp;"])
    lines = [rng.choice(["", "\u3000\u3000", "\xa0" * 4, "  "]) + line for line in lines]
    return (rng.choice(CHROME) + joiner + joiner.join(lines) + joiner + rng.choice(CHROME)).encode()


def reencode(rng: random.Random, data: bytes) -> bytes:
    """The same text in another encoding (what a portal or Windows might have saved)."""
    codec = rng.choice(["gb18030", "utf-16", "utf-16-be", "big5", "utf-8-sig", "latin-1", "shift_jis"])
    return _text(data).encode(codec, "replace")


# --------------------------------------------------------------------------- structure


def mutate_zip_member(rng: random.Random, data: bytes) -> bytes:
    """A DOCX whose XML part is mutated (then zipped again, so the archive itself is sound)."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    except Exception:
        return random_bytes(rng, data)
    xml = [i for i, (name, _) in enumerate(members) if name.endswith(".xml")]
    if xml:
        index = rng.choice(xml)
        name, body = members[index]
        members[index] = (name, rng.choice(TEXT_MUTATIONS + BYTE_MUTATIONS[:3])(rng, body))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, body in members:
            target.writestr(name, body)
    return out.getvalue()


_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)


def mutate_pdf_stream(rng: random.Random, data: bytes) -> bytes:
    """A PDF with one stream's decoded content mutated and compressed again (its /Length kept)."""
    found = list(_STREAM.finditer(data))
    if not found:
        return random_bytes(rng, data)
    match = rng.choice(found)
    raw = match.group(1)
    try:
        inner = zlib.decompress(raw)
        packed = True
    except zlib.error:
        inner, packed = raw, False
    inner = rng.choice([insert_token, duplicate_range, random_bytes, odd_numbers])(rng, inner)
    body = zlib.compress(inner) if packed else inner
    return data[: match.start(1)] + body + data[match.end(1) :]


def pdf_references(rng: random.Random, data: bytes) -> bytes:
    """Object references pointed elsewhere: at themselves, at missing objects, at object 0."""
    refs = list(re.finditer(rb"(\d+) 0 R", data))
    if not refs:
        return data
    out = data
    for match in rng.sample(refs, min(len(refs), rng.randint(1, 4))):
        target = rng.choice([b"0", b"1", b"2", b"99999", match.group(1)])
        out = out.replace(match.group(), target + b" 0 R", 1)
    return out


BYTE_MUTATIONS: list[Mutation] = [
    flip_bits,
    random_bytes,
    insert_token,
    delete_range,
    duplicate_range,
    truncate,
    cut_front,
]
TEXT_MUTATIONS: list[Mutation] = [shuffle_lines, repeat_line, odd_numbers, insert_token, ocr_noise, crawler_chrome]


def mutations_for(suffix: str) -> list[Mutation]:
    if suffix in (".docx", ".doc", ".wps"):
        return BYTE_MUTATIONS + [mutate_zip_member] * 6
    if suffix == ".pdf":
        return BYTE_MUTATIONS + [mutate_pdf_stream] * 5 + [pdf_references] * 2
    return BYTE_MUTATIONS + TEXT_MUTATIONS * 2 + [reencode]


def mutate(rng: random.Random, suffix: str, data: bytes) -> bytes:
    """``data`` after one to three mutations suited to its format."""
    choices = mutations_for(suffix)
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        data = rng.choice(choices)(rng, data)
    return data
