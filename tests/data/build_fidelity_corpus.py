"""Build the fidelity corpus: small job plans carrying what trust templates carry, made the way Excel writes
them (XlsxWriter writes Excel's own part layout), each with a finding on D6 (an integrated session with no
clinical share) so its copy gains a note there.

    python tests/data/build_fidelity_corpus.py FOLDER

The tests build it afresh in a temporary folder; nothing here is committed but this script.
"""
from __future__ import annotations

import struct
import sys
import zlib
from io import BytesIO
from pathlib import Path

from lxml import etree

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PLAN = [["Name:", "Mo Fidelity"], ["Contracted hours per week:", 7.5], [],
        ["Session", "Day and time", "Location", "Type of work", "Additional Detail"],
        [1, "Monday AM", "Clinic", "Clinical", "MSK"], [2, "Monday PM", "Office", "Integrated", "CPD"]]
FINDING_CELL = "D6"  # Integrated with no share: a warning the copy notes here


def png(width: int = 60, height: int = 24, rgb: tuple[int, int, int] = (0, 94, 184)) -> bytes:
    """A small solid PNG (NHS blue): a trust logo's stand-in."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _plan_sheet(book, name="Job plan"):
    sheet = book.add_worksheet(name)
    for r, row in enumerate(PLAN):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 4, 14)
    return sheet


def _workbook(path: Path, build, **options) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), options)
    build(book, _plan_sheet(book))
    book.close()
    return path


FEATURES = {
    "logo": lambda book, sheet: sheet.insert_image("G1", "logo.png", {"image_data": BytesIO(png())}),
    "text box": lambda book, sheet: sheet.insert_textbox("G3", "Please type only in the shaded cells",
                                                          {"width": 240, "height": 60}),
    "data bar": lambda book, sheet: (
        [sheet.write_number(9 + i, 0, v) for i, v in enumerate((10, 40, 80))],
        sheet.conditional_format("A10:A12", {"type": "data_bar", "data_bar_2010": True, "bar_solid": True})),
    "header logo": lambda book, sheet: sheet.set_header("&L&G", {"image_left": "logo.png",
                                                                 "image_data_left": BytesIO(png())}),
    "chart": lambda book, sheet: _chart(book, sheet),
    "rich text": lambda book, sheet: sheet.write_rich_string(
        "A9", "Sessions are ", book.add_format({"bold": True, "font_color": "red"}), "four hours", " long"),
    "note on the finding cell": lambda book, sheet: sheet.write_comment(
        FINDING_CELL, "Trust note: agree the split with your manager", {"author": "Service Lead", "font_size": 10,
                                                                       "x_scale": 1.5}),
    "form button": lambda book, sheet: sheet.insert_button("G8", {"caption": "Submit", "macro": "submit"}),
    "in-cell checkbox": lambda book, sheet: (sheet.insert_checkbox("F5", True), sheet.insert_checkbox("F6", False)),
    "list from another sheet": lambda book, sheet: _validation(book, sheet),
    "protected and hidden": lambda book, sheet: _protected(book, sheet),
    "names and cached formulas": lambda book, sheet: _names(book, sheet),
}


def _chart(book, sheet):
    for i, v in enumerate((3.75, 1.875, 1.875)):
        sheet.write_number(14 + i, 0, v)
    chart = book.add_chart({"type": "pie"})
    chart.add_series({"values": "='Job plan'!$A$15:$A$17"})
    chart.set_style(26)
    sheet.insert_chart("G12", chart)


def _validation(book, sheet):
    lists = book.add_worksheet("Lists")
    for i, kind in enumerate(("Clinical", "SPA", "Integrated")):
        lists.write(i, 0, kind)
    sheet.data_validation("D5:D14", {"validate": "list", "source": "=Lists!$A$1:$A$3"})


def _protected(book, sheet):
    sheet.protect("", {"select_locked_cells": True})
    hidden = book.add_worksheet("Hidden workings")
    hidden.write(0, 0, "kept out of sight")
    hidden.hide()


def _names(book, sheet):
    sheet.write_formula("B12", "=B2*52", None, 390)
    book.define_name("Hours", "='Job plan'!$B$2")
    book.define_name("'Job plan'!Local", "='Job plan'!$B$1")
    sheet.print_area("A1:E12")


def _everything(book, sheet):
    for name, build in FEATURES.items():
        if name not in ("in-cell checkbox",):
            build(book, sheet)


def build(folder: Path) -> dict[str, Path]:
    """Every workbook of the corpus, by feature name."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {name: _workbook(folder / f"{name}.xlsx", build) for name, build in FEATURES.items()}
    made["everything"] = _workbook(folder / "everything.xlsx", _everything)
    made["macros"] = _macro_workbook(folder / "macros.xlsm")
    made["prefixed"] = _prefixed(made["note on the finding cell"], folder / "prefixed.xlsx")
    made["threaded"] = _threaded(folder / "threaded.xlsx")
    return made


def _macro_workbook(path: Path) -> Path:
    import xlsxwriter

    vba = path.with_suffix(".bin")
    vba.write_bytes(b"\xd0\xcf\x11\xe0 a macro project " * 64)
    book = xlsxwriter.Workbook(str(path))
    _plan_sheet(book)
    book.add_vba_project(str(vba))
    book.close()
    vba.unlink()
    return path


def _rewrite(source: Path, target: Path, change) -> Path:
    """A copy of ``source`` with each XML part passed through ``change(name, bytes) -> bytes``."""
    import zipfile

    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, change(info.filename, zin.read(info.filename)))
    return target


def _prefixed(source: Path, target: Path) -> Path:
    """The workbook and sheet parts with the main namespace under the prefix x:, as some tools write them."""
    def with_prefix(element):
        nsmap = {("x" if uri == MAIN else prefix): uri for prefix, uri in element.nsmap.items()}
        copy = etree.Element(element.tag, dict(element.attrib), nsmap=nsmap)
        copy.text, copy.tail = element.text, element.tail
        for child in element:
            copy.append(with_prefix(child) if isinstance(child.tag, str) else child)
        return copy

    def change(name, data):
        if name.startswith("xl/") and name.endswith(".xml") and b'xmlns="' + MAIN.encode() in data:
            return etree.tostring(with_prefix(etree.fromstring(data)), xml_declaration=True, encoding="UTF-8",
                                  standalone=True)
        return data

    return _rewrite(source, target, change)


THREADED = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
THREADED_TYPE = "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment"


def _threaded(path: Path) -> Path:
    """Excel 365's threaded comment on the finding cell, beside its legacy placeholder note."""
    plain = _workbook(path.with_name("threaded-base.xlsx"), FEATURES["note on the finding cell"])

    def change(name, data):
        if name == "xl/worksheets/_rels/sheet1.xml.rels":
            root = etree.fromstring(data)
            etree.SubElement(root, f"{{{root.nsmap[None]}}}Relationship", Id="rId99", Type=THREADED_TYPE,
                             Target="../threadedComments/threadedComment1.xml")
            return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        if name == "[Content_Types].xml":
            root = etree.fromstring(data)
            etree.SubElement(root, f"{{{root.nsmap[None]}}}Override",
                             PartName="/xl/threadedComments/threadedComment1.xml",
                             ContentType="application/vnd.ms-excel.threadedcomments+xml")
            return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return data

    _rewrite(plain, path, change)
    plain.unlink()
    import zipfile

    with zipfile.ZipFile(path, "a") as package:
        package.writestr("xl/threadedComments/threadedComment1.xml", (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<ThreadedComments xmlns="{THREADED}">'
            f'<threadedComment ref="{FINDING_CELL}" dT="2026-10-01T09:00:00.00" '
            'personId="{00000000-0000-0000-0000-000000000001}" id="{00000000-0000-0000-0000-000000000002}">'
            "<text>Can we agree the split at supervision?</text></threadedComment></ThreadedComments>"))
    return path


if __name__ == "__main__":
    for name, made in build(Path(sys.argv[1])).items():
        print(f"{name}: {made}")
