"""An .xlsx or .xlsm package opened for adding to: parts are read on demand, changed or new parts are
kept aside, and saving copies every other entry byte for byte (zipcopy)."""
from __future__ import annotations

import posixpath
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from . import xml
from .errors import PackageError
from .zipcopy import RawZipWriter, open_archive, read_entries

CONTENT_TYPES_PART = "[Content_Types].xml"
ROOT_RELS_PART = "_rels/.rels"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
STRICT_OFFICE_DOCUMENT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"


def rels_part(part: str) -> str:
    """The relationships part of ``part``: xl/worksheets/sheet1.xml -> xl/worksheets/_rels/sheet1.xml.rels."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def resolve(source_part: str, target: str) -> str:
    """A relationship's target as a part name: relative to the source part's folder, or absolute ('/xl/...')."""
    if target.startswith("/"):
        return posixpath.normpath(target[1:])
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def relative(source_part: str, part: str) -> str:
    return posixpath.relpath(part, posixpath.dirname(source_part) or ".")


class Package:
    """The parts of one package; ``save`` writes the copy."""

    def __init__(self, source: BinaryIO):
        self.source = source
        self.archive = open_archive(source)
        self.entries = read_entries(source, self.archive)
        self._folded = {name.casefold() for name in self.entries}
        self._new: dict[str, bytes] = {}  # parts written whole
        self._parsed: dict[str, etree._Element] = {}
        self._dirty: set[str] = set()  # parsed parts changed in place

    @classmethod
    def open(cls, path: Path) -> "Package":
        return cls(open(path, "rb"))

    def close(self) -> None:
        self.archive.close()
        self.source.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # reading
    def has(self, part: str) -> bool:
        return part in self._new or part in self._parsed or part in self.entries

    def read(self, part: str) -> bytes:
        """The part's bytes as they stand: changed, new or as in the source."""
        if part in self._dirty:
            if part.lower().endswith(".vml"):
                return xml.serialise_vml(self._parsed[part])
            return xml.serialise(self._parsed[part])
        if part in self._new:
            return self._new[part]
        entry = self.entries.get(part)
        if entry is None:
            raise PackageError(f"the part {part} is missing")
        try:
            return self.archive.read(entry.info)
        except Exception as exc:  # zlib.error, BadZipFile, a bad CRC: the part cannot be trusted
            raise PackageError(f"the part {part} cannot be read ({exc})") from None

    def names(self) -> list[str]:
        """Every part, the package's own and those added."""
        return list(dict.fromkeys([*self.entries, *self._new, *self._parsed]))

    def peek(self, part: str) -> etree._Element:
        """The part parsed, to read; parsed once."""
        if part not in self._parsed:
            self._parsed[part] = xml.parse(self.read(part), part)
            self._new.pop(part, None)
        return self._parsed[part]

    def tree(self, part: str) -> etree._Element:
        """The part parsed, to change in place: it is written back when the package is saved."""
        root = self.peek(part)
        self._dirty.add(part)
        return root

    # writing
    def put(self, part: str, data: bytes | etree._Element) -> None:
        """A new part (or one replaced whole)."""
        if isinstance(data, bytes):
            self._parsed.pop(part, None)
            self._dirty.discard(part)
            self._new[part] = data
        else:
            self._parsed[part] = data
            self._dirty.add(part)
        self._folded.add(part.casefold())

    def free_name(self, pattern: str) -> str:
        """The first part name of ``pattern`` ('xl/comments{}.xml') not in the package, any case."""
        number = 1
        while pattern.format(number).casefold() in self._folded:
            number += 1
        name = pattern.format(number)
        self._folded.add(name.casefold())
        return name

    def save(self, target: BinaryIO) -> None:
        writer = RawZipWriter(target)
        written = set()
        for name, entry in sorted(self.entries.items(), key=lambda item: item[1].start):
            if name in self._dirty or name in self._new:
                writer.add(name, self.read(name))
            else:
                writer.copy(self.source, entry)
            written.add(name)
        for name in [*self._new, *self._dirty]:
            if name not in written:
                writer.add(name, self.read(name))
                written.add(name)
        writer.close()

    # relationships
    def relationships(self, part: str) -> etree._Element:
        """The part's relationships, created empty when it has none."""
        name = rels_part(part)
        if not self.has(name):
            self.put(name, etree.Element(xml.tag(xml.PACKAGE_REL, "Relationships"), nsmap={None: xml.PACKAGE_REL}))
        return self.tree(name)

    def related(self, part: str, rel_type: str) -> list[tuple[str, str]]:
        """(relationship id, target part) of the part's relationships of one type; none when it has no rels."""
        name = rels_part(part)
        if not self.has(name):
            return []
        found = []
        for rel in self.peek(name):
            if rel.get("Type") == rel_type and rel.get("TargetMode") != "External":
                found.append((rel.get("Id"), resolve(part, rel.get("Target", ""))))
        return found

    def relate(self, part: str, rel_type: str, target_part: str) -> str:
        """Add a relationship from ``part`` to ``target_part``; its new id."""
        rels = self.relationships(part)
        ids = {rel.get("Id") for rel in rels}
        number = len(ids) + 1
        while f"rId{number}" in ids:
            number += 1
        rel_id = f"rId{number}"
        rel = etree.SubElement(rels, xml.tag(xml.PACKAGE_REL, "Relationship"))
        rel.set("Id", rel_id)
        rel.set("Type", rel_type)
        rel.set("Target", relative(part, target_part))
        return rel_id

    # content types
    def declare(self, part: str, content_type: str) -> None:
        """An Override naming the part's content type."""
        types = self.tree(CONTENT_TYPES_PART)
        override = etree.SubElement(types, xml.tag(xml.CONTENT_TYPES, "Override"))
        override.set("PartName", "/" + part)
        override.set("ContentType", content_type)

    def declare_extension(self, extension: str, content_type: str) -> None:
        """A Default for the extension, unless the package has one."""
        types = self.tree(CONTENT_TYPES_PART)
        for default in types.iter(xml.tag(xml.CONTENT_TYPES, "Default")):
            if default.get("Extension", "").casefold() == extension.casefold():
                return
        element = etree.Element(xml.tag(xml.CONTENT_TYPES, "Default"))
        element.set("Extension", extension)
        element.set("ContentType", content_type)
        types.insert(0, element)

    def workbook_part(self) -> str:
        """The main workbook part, from the package's root relationships."""
        for rel in self.peek(ROOT_RELS_PART):
            if rel.get("Type") == STRICT_OFFICE_DOCUMENT:
                raise PackageError("a Strict Open XML workbook")
            if rel.get("Type") == OFFICE_DOCUMENT:
                return resolve("", rel.get("Target", ""))
        raise PackageError("no workbook part")
