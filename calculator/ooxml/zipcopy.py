"""A zip package copied entry by entry, untouched entries as their raw compressed bytes.

Python's zipfile can only copy an entry by decompressing and compressing it again, which changes
its bytes and costs time; an annotated copy must keep every part jobplan does not change exactly as
it was. This module reads each entry's stored bytes (local header, data and any data descriptor) and
writes them unchanged at their new offset, and writes new entries deflated; the central directory is
made for the new layout. ZIP64 packages and split archives are refused (PackageError): the caller
falls back to another way of copying.
"""
from __future__ import annotations

import struct
import time
import zipfile
import zlib
from typing import BinaryIO

from .errors import PackageError

LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # signature, version, flags, method, time, date, crc, sizes, lengths
LOCAL_SIGNATURE = b"PK\x03\x04"
CENTRAL_HEADER = struct.Struct("<4s6H3L5H2L")
CENTRAL_SIGNATURE = b"PK\x01\x02"
END_RECORD = struct.Struct("<4s4H2LH")
END_SIGNATURE = b"PK\x05\x06"
DESCRIPTOR_SIGNATURE = b"PK\x07\x08"
ZIP64_LIMIT = 0xFFFFFFFF
HAS_DESCRIPTOR = 0x08
COMPRESSION_LEVEL = 1  # the parts jobplan writes are small; level 1 is three times faster than 6 and near as small
UTF8_NAME = 0x800


class RawEntry:
    """One entry of the source package: its central-directory facts and where its stored bytes lie."""

    def __init__(self, info: zipfile.ZipInfo, start: int, length: int):
        self.info = info
        self.start = start  # offset of the local header
        self.length = length  # local header + compressed data + data descriptor


def open_archive(source: BinaryIO) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise PackageError(f"not a readable zip package ({exc})") from None


def read_entries(source: BinaryIO, archive: zipfile.ZipFile) -> dict[str, RawEntry]:
    """Every entry of the package by name, checked to be copyable raw."""
    entries: dict[str, RawEntry] = {}
    for info in archive.infolist():
        if info.file_size >= ZIP64_LIMIT or info.compress_size >= ZIP64_LIMIT or info.header_offset >= ZIP64_LIMIT:
            raise PackageError("a ZIP64 package")
        if info.filename in entries:
            raise PackageError(f"the part {info.filename} appears twice")
        source.seek(info.header_offset)
        header = source.read(LOCAL_HEADER.size)
        if len(header) < LOCAL_HEADER.size or header[:4] != LOCAL_SIGNATURE:
            raise PackageError(f"the entry {info.filename} has no local header where the directory says")
        fields = LOCAL_HEADER.unpack(header)
        name_length, extra_length = fields[9], fields[10]
        length = LOCAL_HEADER.size + name_length + extra_length + info.compress_size
        if info.flag_bits & HAS_DESCRIPTOR:
            source.seek(info.header_offset + length)
            descriptor = source.read(4)
            length += 16 if descriptor == DESCRIPTOR_SIGNATURE else 12
        entries[info.filename] = RawEntry(info, info.header_offset, length)
    return entries


def _dos_time(moment: tuple[int, ...]) -> tuple[int, int]:
    year, month, day, hour, minute, second = moment[:6]
    return (hour << 11) | (minute << 5) | (second // 2), ((max(year, 1980) - 1980) << 9) | (month << 5) | day


class RawZipWriter:
    """Writes a zip: copied entries byte for byte, new ones deflated, then the central directory."""

    def __init__(self, target: BinaryIO):
        self.target = target
        self.offset = 0
        self.central: list[bytes] = []
        self.names: set[str] = set()

    def _write(self, data: bytes) -> None:
        self.target.write(data)
        self.offset += len(data)

    def _remember(self, name: str, info_fields: tuple, extra: bytes = b"", comment: bytes = b"") -> None:
        if name in self.names:
            raise PackageError(f"the part {name} would be written twice")
        self.names.add(name)
        self.central.append(info_fields + (extra, comment))

    def copy(self, source: BinaryIO, entry: RawEntry) -> None:
        """The entry's stored bytes, unchanged, at this package's next offset."""
        source.seek(entry.start)
        data = source.read(entry.length)
        if len(data) != entry.length:
            raise PackageError(f"the entry {entry.info.filename} is cut short")
        info = entry.info
        encoded = info.filename.encode("utf-8" if info.flag_bits & UTF8_NAME else "cp437")
        dos_time, dos_date = _dos_time(info.date_time)
        self._remember(info.filename, (
            info.create_version, info.create_system, info.extract_version, info.reserved, info.flag_bits,
            info.compress_type, dos_time, dos_date, info.CRC, info.compress_size, info.file_size,
            info.internal_attr, info.external_attr, self.offset, encoded,
        ), info.extra, info.comment)
        self._write(data)

    def add(self, name: str, data: bytes) -> None:
        """A new or changed part, deflated, dated now."""
        compressor = zlib.compressobj(COMPRESSION_LEVEL, zlib.DEFLATED, -15)
        packed = compressor.compress(data) + compressor.flush()
        crc = zlib.crc32(data)
        encoded = name.encode("utf-8")
        flags = UTF8_NAME if not name.isascii() else 0
        dos_time, dos_date = _dos_time(time.localtime()[:6])
        self._remember(name, (20, 0, 20, 0, flags, zipfile.ZIP_DEFLATED, dos_time, dos_date, crc, len(packed),
                              len(data), 0, 0, self.offset, encoded))
        self._write(LOCAL_HEADER.pack(LOCAL_SIGNATURE, 20, flags, zipfile.ZIP_DEFLATED, dos_time, dos_date, crc,
                                      len(packed), len(data), len(encoded), 0) + encoded)
        self._write(packed)

    def close(self) -> None:
        """The central directory and its end record."""
        if self.offset >= ZIP64_LIMIT or len(self.central) >= 0xFFFF:
            raise PackageError("the copy would need ZIP64")
        start = self.offset
        for (create_version, create_system, extract_version, reserved, flags, method, dos_time, dos_date, crc,
             compressed, size, internal, external, offset, encoded, extra, comment) in self.central:
            self._write(CENTRAL_HEADER.pack(
                CENTRAL_SIGNATURE, create_version | (create_system << 8), extract_version | (reserved << 8),
                flags, method, dos_time, dos_date, crc, compressed, size, len(encoded), len(extra), len(comment),
                0, internal, external, offset) + encoded + extra + comment)
        self._write(END_RECORD.pack(END_SIGNATURE, 0, 0, len(self.central), len(self.central), self.offset - start,
                                    start, 0))
