"""The workbook part: which sheets there are, and a sheet appended last."""
from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from . import xml
from .errors import PackageError
from .package import Package

WORKSHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


@dataclass(frozen=True)
class SheetRef:
    name: str
    part: str | None  # None for a chart sheet or a sheet whose part cannot be found


def sheets(package: Package) -> list[SheetRef]:
    """The workbook's sheets in tab order, each with its part."""
    book_part = package.workbook_part()
    book = package.peek(book_part)
    if etree.QName(book).namespace != xml.MAIN:
        raise PackageError("a Strict Open XML workbook")
    targets = {rel_id: part for rel_id, part in package.related(book_part, WORKSHEET_TYPE)}
    found = []
    holder = xml.child(book, xml.MAIN, "sheets")
    for sheet in holder if holder is not None else ():
        rel_id = sheet.get(xml.tag(xml.REL, "id"))
        found.append(SheetRef(sheet.get("name", ""), targets.get(rel_id)))
    return found


def free_sheet_name(taken: list[str], wanted: str) -> str:
    """``wanted``, or ``wanted (2)`` and so on: Excel's sheet names are unique whatever their case, 31 long."""
    folded = {name.casefold() for name in taken}
    name, number = wanted[:31], 2
    while name.casefold() in folded:
        suffix = f" ({number})"
        name, number = wanted[: 31 - len(suffix)] + suffix, number + 1
    return name


def append_sheet(package: Package, name: str, worksheet: bytes) -> str:
    """Add a worksheet after the last sheet (so no sheet-scoped name or print area moves); its part."""
    book_part = package.workbook_part()
    part = package.free_name("xl/worksheets/sheet{}.xml")
    package.put(part, worksheet)
    package.declare(part, WORKSHEET_CONTENT)
    rel_id = package.relate(book_part, WORKSHEET_TYPE, part)
    book = package.tree(book_part)
    holder = xml.child(book, xml.MAIN, "sheets")
    if holder is None:
        raise PackageError("the workbook lists no sheets")
    ids = [int(s.get("sheetId", "0")) for s in holder if s.get("sheetId", "").isdigit()]
    sheet = etree.SubElement(holder, xml.tag(xml.MAIN, "sheet"))
    sheet.set("name", name)
    sheet.set("sheetId", str(max(ids, default=0) + 1))
    sheet.set(xml.tag(xml.REL, "id"), rel_id)
    return part


def uses_1904_dates(package: Package) -> bool:
    """Whether the workbook counts dates from 1904 (old Mac Excel), so a date's serial number differs."""
    properties = xml.child(package.peek(package.workbook_part()), xml.MAIN, "workbookPr")
    return properties is not None and properties.get("date1904", "").lower() in ("1", "true")
