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


def _escape(text: str) -> str:
    return xml_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell_xml(ref: str, cell: Cell, style: int | None, date1904: bool) -> str:
    """One <c> element. Built as text: a new part, written whole, with every value escaped."""
    attributes = f' r="{ref}"' + (f' s="{style}"' if style else "")
    formula = f"<f>{_escape(cell.formula)}</f>" if cell.formula is not None else ""
    value = cell.value
    if isinstance(value, bool):
        return f'<c{attributes} t="b">{formula}<v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        shown = f"<v>{_number(value)}</v>" if math.isfinite(value) else ""
        return f"<c{attributes}>{formula}{shown}</c>"
    if isinstance(value, date):
        return f"<c{attributes}>{formula}<v>{_number(_serial(value, date1904))}</v></c>"
    if value is None:
        return f"<c{attributes}>{formula}</c>"
    text = _escape(str(value))
    if cell.formula is not None:  # a formula's text result
        return f'<c{attributes} t="str">{formula}<v>{text}</v></c>'
    # inline, so the workbook's shared strings stay as they were
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return f'<c{attributes} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def write_sheet(sheet: NewSheet, style_ids: dict[CellStyle, int], date1904: bool = False) -> bytes:
    """The worksheet part."""
    parts = [f'<worksheet xmlns="{xml.MAIN}" xmlns:r="{xml.REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>']
    if sheet.cells:
        last_row = max(row for row, _ in sheet.cells)
        last_column = max(column for _, column in sheet.cells)
        parts.append(f'<dimension ref="A1:{column_letter(last_column)}{last_row}"/>')
    parts.append('<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>')
    if sheet.widths:
        parts.append("<cols>")
        parts.extend(f'<col min="{column}" max="{column}" width="{_number(width)}" customWidth="1"/>'
                     for column, width in sorted(sheet.widths.items()))
        parts.append("</cols>")
    parts.append("<sheetData>")
    by_row: dict[int, list[tuple[int, Cell]]] = {}
    for (row, column), cell in sheet.cells.items():
        by_row.setdefault(row, []).append((column, cell))
    for row in sorted(set(by_row) | set(sheet.heights)):
        height = f' ht="{_number(sheet.heights[row])}" customHeight="1"' if row in sheet.heights else ""
        parts.append(f'<row r="{row}"{height}>')
        parts.extend(_cell_xml(f"{column_letter(column)}{row}", cell, style_ids.get(cell.style), date1904)
                     for column, cell in sorted(by_row.get(row, ()), key=lambda item: item[0]))
        parts.append("</row>")
    parts.append('</sheetData><pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" '
                 'footer="0.3"/>')
    orientation = ' orientation="landscape"' if sheet.landscape else ""
    parts.append(f'<pageSetup paperSize="9" fitToHeight="0"{orientation}/>')
    parts.append("</worksheet>")
    return xml.DECLARATION + "".join(parts).encode("utf-8")


def add_legacy_drawing(worksheet: etree._Element, rel_id: str) -> None:
    """The worksheet's pointer to its comments' drawing, in the place the schema gives it."""
    declared = xml.REL in worksheet.nsmap.values()
    element = etree.Element(xml.tag(etree.QName(worksheet).namespace, "legacyDrawing"),
                            nsmap=None if declared else {"r": xml.REL})
    element.set(xml.tag(xml.REL, "id"), rel_id)
    xml.insert_in_order(worksheet, element, AFTER_LEGACY_DRAWING)
