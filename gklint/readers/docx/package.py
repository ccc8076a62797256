"""The .docx file as an untrusted zip archive: sizes checked before anything is inflated, parts read
with a cap, XML parsed without entities, DTDs or network, external relationships never followed."""

from __future__ import annotations

import posixpath
from typing import IO, TYPE_CHECKING

from gklint.plugin import ReadError, empty_file, xml_out_of_memory
from gklint.readers.docx.names import OLE_MAGIC, ZIP_MAGIC

if TYPE_CHECKING:
    import zipfile

    from lxml.etree import _Element

_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
MAX_ENTRIES = 10_000
MAX_TOTAL = 256 * 1024 * 1024  # all entries, uncompressed; photos make real files large, not this large
MAX_PART = 64 * 1024 * 1024  # one XML part; a long report's document.xml is a few MB


def check_magic(data: bytes) -> None:
    if not data:
        raise empty_file()
    if data.startswith(OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise ReadError(
                "文件是加密（设有打开密码）的 Word 文档，无法读取；请去掉密码后另存为 .docx",
                "the Word document is encrypted (password-protected); remove the password and save it as .docx",
            )
        raise ReadError(
            "文件是旧版 Word 97-2003（.doc，OLE 复合文件）格式而非 .docx；请将扩展名改为 .doc 或另存为 .docx",
            "the file is an old Word 97-2003 document (.doc, an OLE compound file), not .docx; "
            "rename it to .doc or save it as .docx",
        )
    if data.startswith(b"PK\x05\x06"):  # a ZIP's end record first: the archive holds no file at all
        raise ReadError(
            "文件是空的 ZIP 压缩包，不含 Word 文档内容，不是有效的 .docx 文件",
            "the file is an empty ZIP archive with no Word document in it, not a valid .docx",
        )
    if not data.startswith(ZIP_MAGIC):
        raise ReadError(
            "文件不是 ZIP 压缩包，因而不是有效的 .docx 文件", "the file is not a zip archive, so not a valid .docx"
        )


class Package:
    """The zip archive, opened only after its size has been checked."""

    def __init__(self, data: bytes) -> None:
        import io
        import zipfile

        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except MemoryError:
            raise
        except Exception as exc:  # zipfile meets damage with BadZipFile, but also ValueError, struct.error…
            raise ReadError(
                f".docx 文件已损坏或不完整（ZIP 结构无法读取：{_brief(exc)}）",
                f"the .docx file is damaged or truncated (its zip structure cannot be read: {_brief(exc)})",
            ) from None
        if len(infos) > MAX_ENTRIES:
            raise ReadError(
                f".docx 压缩包中的文件过多（{len(infos)} 个），疑为恶意文件",
                f"the .docx archive holds too many entries ({len(infos)}); it looks malicious",
            )
        total = sum(info.file_size for info in infos)
        if total > MAX_TOTAL:
            raise _too_large(total)
        self.names = {info.filename for info in infos}
        self.relationships: dict[str, _Element] = {}

    def read(self, name: str) -> bytes:
        info = self.checked(name)
        try:
            with self.zip.open(info) as handle:
                # zipfile stops at the size the header states and then checks the CRC, so a header
                # that understates the size fails; the cap is a second fence.
                data = handle.read(MAX_PART + 1)
        except MemoryError:
            raise
        except Exception as exc:  # a damaged local header: BadZipFile, zlib.error, "negative seek value"…
            raise ReadError(
                f".docx 文件已损坏：{name} 无法解压（{_brief(exc)}）",
                f"the .docx file is damaged: {name} cannot be unpacked ({_brief(exc)})",
            ) from None
        if len(data) > MAX_PART:
            raise _too_large(len(data), name)
        return data

    def open(self, name: str) -> IO[bytes]:
        """The part as a stream, for a reader that needs only its beginning; checked as ``read`` checks
        it, and the caller reads no more than ``MAX_PART``. Damaged data raises what zipfile raises."""
        return self.zip.open(self.checked(name))

    def checked(self, name: str) -> zipfile.ZipInfo:
        """The entry of a part that may be inflated: not encrypted, deflated or stored, not too large."""
        import zipfile

        info = self.zip.getinfo(name)
        if info.flag_bits & 0x1:
            raise ReadError(f".docx 中的 {name} 已加密，无法读取", f"{name} in the .docx is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            # Word only deflates; zipfile inflates bzip2 and LZMA data without an output bound.
            raise ReadError(
                f".docx 中的 {name} 使用了 Word 不会使用的压缩方式，拒绝读取",
                f"{name} in the .docx uses a compression method Word never uses; refused",
            )
        if info.file_size > MAX_PART:
            raise _too_large(info.file_size, name)
        return info

    def xml(self, name: str) -> _Element:
        from lxml import etree

        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
        )
        data = self.read(name)
        if data.find(b"<!DOCTYPE", 0, 65536) >= 0:
            # Word never writes a DTD; one that declares entities is an expansion attack.
            raise ReadError(
                f".docx 中的 {name} 含有 DTD 声明，拒绝读取", f"{name} in the .docx declares a DTD; refused"
            )
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            if xml_out_of_memory(exc):
                raise MemoryError from None
            raise ReadError(
                f".docx 中的 {name} 不是有效的 XML：{exc}", f"{name} in the .docx is not valid XML: {exc}"
            ) from None
        if root.getroottree().docinfo.doctype:
            raise ReadError(
                f".docx 中的 {name} 含有 DTD 声明，拒绝读取", f"{name} in the .docx declares a DTD; refused"
            )
        return root

    def target(self, rels_name: str, kind: str, base: str) -> str | None:
        """The internal part a relationship of ``kind`` points to; external targets are never followed."""
        if rels_name not in self.names:
            return None
        if rels_name not in self.relationships:  # asked for a part of each kind, parsed once
            self.relationships[rels_name] = self.xml(rels_name)
        for rel in self.relationships[rels_name].iter(_REL):
            if rel.get("Type", "").endswith("/" + kind) and rel.get("TargetMode", "Internal") != "External":
                target = rel.get("Target", "")
                name = posixpath.normpath(posixpath.join(base, target)).lstrip("/")
                return name if name in self.names else None
        return None

    def main_part(self) -> str:
        name = self.target("_rels/.rels", "officeDocument", "") or "word/document.xml"
        if name not in self.names:
            raise ReadError(
                "压缩包中没有 word/document.xml，不是 Word 文档（.docx）",
                "the archive has no word/document.xml: it is not a Word document (.docx)",
            )
        return name


def _brief(exc: BaseException, limit: int = 200) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= limit else text[:limit] + "…"


def _too_large(size: int, name: str = "") -> ReadError:
    where = f"{name} " if name else ""
    return ReadError(
        f".docx 文件{where}解压后过大（{size // 1_048_576} MB），疑为压缩炸弹，拒绝读取",
        f"the .docx {where}is too large once unpacked ({size // 1_048_576} MB); it looks like a zip bomb, refused",
    )
