"""A new worksheet part: values, formulas with their cached results, styles, widths and print set-up;
and the one element jobplan adds to an existing worksheet (legacyDrawing, for comments)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime

from lxml import etree

from . import xml
from .styles import CellStyle
from .text import xml_text

# what may follow legacyDrawing in a worksheet (CT_Worksheet's sequence); controls and oleObjects are
# often wrapped in mc:AlternateContent, which therefore comes after it too
AFTER_LEGACY_DRAWING = ("legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems",
                        "tableParts", "extLst", "AlternateContent")
EXCEL_EPOCH = date(1899, 12, 30)
MAC_EPOCH = date(1904, 1, 1)


@dataclass
class Cell:
    """A value, or a formula (no leading '=') with the value it computes to. Text is always text."""

    value: object = None
    formula: str | None = None
    style: CellStyle = CellStyle()


@dataclass
class NewSheet:
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)  # (row, column), from 1
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    landscape: bool = True

    def styles(self) -> set[CellStyle]:
        return {cell.style for cell in self.cells.values()}


def column_letter(column: int) -> str:
    letters = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _serial(moment: date, date1904: bool) -> float:
    epoch = MAC_EPOCH if date1904 else EXCEL_EPOCH
    if isinstance(moment, datetime):
        delta = moment - datetime.combine(epoch, datetime.min.time())
        return delta.days + delta.seconds / 86400
    return float((moment - epoch).days)


def _number(value: float) -> str:
    return repr(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))


def _put_value(element: etree._Element, value: object, date1904: bool, formula: bool) -> None:
    """The cell's type attribute and its value (or cached result) child."""
    sub = etree.SubElement
    if isinstance(value, bool):
        element.set("t", "b")
        sub(element, xml.tag(xml.MAIN, "v")).text = "1" if value else "0"
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if math.isfinite(value):
            sub(element, xml.tag(xml.MAIN, "v")).text = _number(value)
    elif isinstance(value, date):
        sub(element, xml.tag(xml.MAIN, "v")).text = _number(_serial(value, date1904))
    elif value is not None:
        text = xml_text(str(value))
        if formula:  # a formula's text result
            element.set("t", "str")
            sub(element, xml.tag(xml.MAIN, "v")).text = text
        else:  # inline, so the workbook's shared strings stay as they were
            element.set("t", "inlineStr")
            t = sub(sub(element, xml.tag(xml.MAIN, "is")), xml.tag(xml.MAIN, "t"))
            t.text = text
            if text != text.strip() or "\n" in text:
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def write_sheet(sheet: NewSheet, style_ids: dict[CellStyle, int], date1904: bool = False) -> bytes:
    """The worksheet part."""
    main = xml.MAIN
    root = etree.Element(xml.tag(main, "worksheet"), nsmap={None: main, "r": xml.REL})
    sub = etree.SubElement
    properties = sub(root, xml.tag(main, "sheetPr"))
    sub(properties, xml.tag(main, "pageSetUpPr"), fitToPage="1")
    rows = sorted({row for row, _ in sheet.cells})
    columns = sorted({column for _, column in sheet.cells})
    if rows:
        sub(root, xml.tag(main, "dimension"), ref=f"A1:{column_letter(max(columns))}{max(rows)}")
    views = sub(root, xml.tag(main, "sheetViews"))
    sub(views, xml.tag(main, "sheetView"), workbookViewId="0")
    sub(root, xml.tag(main, "sheetFormatPr"), defaultRowHeight="15")
    if sheet.widths:
        cols = sub(root, xml.tag(main, "cols"))
        for column, width in sorted(sheet.widths.items()):
            sub(cols, xml.tag(main, "col"), min=str(column), max=str(column), width=_number(width),
                customWidth="1")
    data = sub(root, xml.tag(main, "sheetData"))
    by_row: dict[int, list[tuple[int, Cell]]] = {}
    for (row, column), cell in sheet.cells.items():
        by_row.setdefault(row, []).append((column, cell))
    for row in sorted(set(by_row) | set(sheet.heights)):
        row_element = sub(data, xml.tag(main, "row"), r=str(row))
        if row in sheet.heights:
            row_element.set("ht", _number(sheet.heights[row]))
            row_element.set("customHeight", "1")
        for column, cell in sorted(by_row.get(row, ())):
            element = sub(row_element, xml.tag(main, "c"), r=f"{column_letter(column)}{row}")
            style = style_ids.get(cell.style)
            if style:
                element.set("s", str(style))
            if cell.formula is not None:
                sub(element, xml.tag(main, "f")).text = xml_text(cell.formula)
            _put_value(element, cell.value, date1904, formula=cell.formula is not None)
    sub(root, xml.tag(main, "pageMargins"), left="0.5", right="0.5", top="0.75", bottom="0.75", header="0.3",
        footer="0.3")
    setup = sub(root, xml.tag(main, "pageSetup"), paperSize="9", fitToHeight="0")
    if sheet.landscape:
        setup.set("orientation", "landscape")
    return xml.serialise(root)


def add_legacy_drawing(worksheet: etree._Element, rel_id: str) -> None:
    """The worksheet's pointer to its comments' drawing, in the place the schema gives it."""
    declared = xml.REL in worksheet.nsmap.values()
    element = etree.Element(xml.tag(etree.QName(worksheet).namespace, "legacyDrawing"),
                            nsmap=None if declared else {"r": xml.REL})
    element.set(xml.tag(xml.REL, "id"), rel_id)
    xml.insert_in_order(worksheet, element, AFTER_LEGACY_DRAWING)
