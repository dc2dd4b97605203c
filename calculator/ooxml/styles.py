"""The styles part, appended to: the trust's fonts, fills, formats and cell styles keep their ids."""
from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from . import xml
from .package import Package

STYLES_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
STYLES_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
BUILT_IN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "0%": 9, "0.00%": 10}
FIRST_CUSTOM_FORMAT = 164
# the children of styleSheet in schema order
STYLESHEET_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
                    "tableStyles", "colors", "extLst")
EMPTY_STYLESHEET = (
    f'<styleSheet xmlns="{xml.MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/>'
    '</font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
    '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/>'
    '<diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '</cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
).encode()


@dataclass(frozen=True)
class CellStyle:
    """How one of jobplan's cells looks. Every cell is top-aligned, so a wrapped row reads as one line."""

    bold: bool = False
    wrap: bool = False
    fill: str | None = None  # RGB, e.g. "FFF2CC"
    number_format: str | None = None
    indent: int = 0  # a column of words beside a column of figures reads apart from it


def _section(sheet: etree._Element, name: str) -> etree._Element:
    found = xml.child(sheet, xml.MAIN, name)
    if found is None:
        found = etree.Element(xml.tag(xml.MAIN, name))
        xml.insert_in_order(sheet, found, STYLESHEET_ORDER[STYLESHEET_ORDER.index(name) + 1:])
    return found


def _append(section: etree._Element, element: etree._Element) -> int:
    """Append to a counted list (fonts, fills, cellXfs...); the new item's index."""
    index = len(section.findall(element.tag))
    section.append(element)
    section.set("count", str(index + 1))
    return index


def _element(name: str, children: tuple = (), **attributes: str) -> etree._Element:
    element = etree.Element(xml.tag(xml.MAIN, name), {k: v for k, v in attributes.items()})
    for item in children:
        element.append(item)
    return element


def styles_part(package: Package) -> str:
    """The workbook's styles part, made when a package has none."""
    book_part = package.workbook_part()
    found = package.related(book_part, STYLES_TYPE)
    if found and package.has(found[0][1]):
        return found[0][1]
    part = package.free_name("xl/styles{}.xml")
    package.put(part, EMPTY_STYLESHEET)
    package.declare(part, STYLES_CONTENT)
    package.relate(book_part, STYLES_TYPE, part)
    return part


def add_styles(package: Package, wanted: set[CellStyle]) -> dict[CellStyle, int]:
    """Append what jobplan's cells need; the cell style (xf) id of each."""
    sheet = package.tree(styles_part(package))
    fonts = _section(sheet, "fonts")
    font_ids = {
        bold: _append(fonts, _element("font", (
            *((_element("b"),) if bold else ()), _element("sz", val="11"), _element("name", val="Calibri"),
            _element("family", val="2"))))
        for bold in sorted({style.bold for style in wanted})
    }
    fills = _section(sheet, "fills")
    fill_ids = {None: 0}
    for rgb in sorted({style.fill for style in wanted if style.fill}):
        pattern = _element("patternFill", (_element("fgColor", rgb=f"FF{rgb}"), _element("bgColor", indexed="64")),
                           patternType="solid")
        fill_ids[rgb] = _append(fills, _element("fill", (pattern,)))
    format_ids = dict(BUILT_IN_FORMATS)
    custom = sorted({s.number_format for s in wanted if s.number_format and s.number_format not in format_ids})
    if custom:
        formats = _section(sheet, "numFmts")
        used = [int(f.get("numFmtId", "0")) for f in formats if f.get("numFmtId", "").isdigit()]
        next_id = max([FIRST_CUSTOM_FORMAT - 1, *used]) + 1
        for code in custom:
            _append(formats, _element("numFmt", numFmtId=str(next_id), formatCode=code))
            format_ids[code] = next_id
            next_id += 1
    cell_xfs = _section(sheet, "cellXfs")
    ids = {}
    for style in sorted(wanted, key=repr):
        alignment = _element("alignment", vertical="top", **({"wrapText": "1"} if style.wrap else {}),
                             **({"horizontal": "left", "indent": str(style.indent)} if style.indent else {}))
        ids[style] = _append(cell_xfs, _element(
            "xf", (alignment,), numFmtId=str(format_ids[style.number_format or "General"]),
            fontId=str(font_ids[style.bold]), fillId=str(fill_ids[style.fill]), borderId="0", xfId="0",
            applyNumberFormat="1", applyFont="1", applyFill="1", applyAlignment="1"))
    return ids
