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
    made["form checkbox"] = _form_checkbox(folder / "form checkbox.xlsx")
    made["list in extLst"] = _list_in_extlst(folder / "list in extLst.xlsx")
    made["locked structure"] = _locked_structure(made["protected and hidden"], folder / "locked structure.xlsx")
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


def _appended(data: bytes, *children: tuple[str, dict]) -> bytes:
    """A part (rels, content types) with elements appended to its root, in the root's own namespace."""
    root = etree.fromstring(data)
    for name, attributes in children:
        etree.SubElement(root, f"{{{root.nsmap[None]}}}{name}", attributes)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


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
            return _appended(data, ("Relationship", {"Id": "rId99", "Type": THREADED_TYPE,
                                                     "Target": "../threadedComments/threadedComment1.xml"}))
        if name == "[Content_Types].xml":
            return _appended(data, ("Override", {"PartName": "/xl/threadedComments/threadedComment1.xml",
                                                 "ContentType": "application/vnd.ms-excel.threadedcomments+xml"}))
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


X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CHECKBOX_VML = (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/>'
    '</o:shapelayout><v:shapetype id="_x0000_t201" coordsize="21600,21600" o:spt="201" '
    'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path shadowok="f" o:extrusionok="f" '
    'strokeok="f" fillok="f" o:connecttype="rect"/><o:lock v:ext="edit" shapetype="t"/></v:shapetype>'
    '<v:shape id="_x0000_s1025" type="#_x0000_t201" style="position:absolute;margin-left:300pt;margin-top:60pt;'
    'width:90pt;height:18pt;z-index:1" filled="f" fillcolor="window [65]" stroked="f" strokecolor="windowText [64]" '
    'o:insetmode="auto"><v:path shadowok="t" strokeok="t" fillok="t"/><o:lock v:ext="edit" rotation="t"/>'
    '<v:textbox style="mso-direction-alt:auto" o:singleclick="f"><div style="text-align:left">'
    '<font face="Segoe UI" size="160" color="auto">Agreed</font></div></v:textbox>'
    '<x:ClientData ObjectType="Checkbox"><x:Anchor>6, 0, 4, 0, 7, 40, 5, 4</x:Anchor><x:AutoFill>False</x:AutoFill>'
    '<x:AutoLine>False</x:AutoLine><x:TextVAlign>Center</x:TextVAlign><x:Checked>1</x:Checked><x:NoThreeD/>'
    '</x:ClientData></v:shape></xml>'
)
CONTROLS = (
    f'<mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="x14"><controls><mc:AlternateContent '
    f'xmlns:mc="{MC}"><mc:Choice Requires="x14"><control shapeId="1025" r:id="rId9" name="Check Box 1">'
    '<controlPr defaultSize="0" autoFill="0" autoLine="0" autoPict="0"><anchor moveWithCells="1"><from>'
    '<xdr:col>6</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>4</xdr:row><xdr:rowOff>0</xdr:rowOff></from><to>'
    '<xdr:col>7</xdr:col><xdr:colOff>40</xdr:colOff><xdr:row>5</xdr:row><xdr:rowOff>4</xdr:rowOff></to></anchor>'
    '</controlPr></control></mc:Choice></mc:AlternateContent></controls></mc:Choice></mc:AlternateContent>'
)


def _form_checkbox(path: Path) -> Path:
    """A form-control checkbox as Excel 2010+ saves one: a VML shape, a control in the sheet, its ctrlProp."""
    import zipfile

    plain = _workbook(path.with_name("checkbox-base.xlsx"), lambda book, sheet: None)
    drawing_ns = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"

    def change(name, data):
        if name == "xl/worksheets/sheet1.xml":  # the text Excel writes: mc declared on the root, then used
            data = data.replace(b"<worksheet ", f'<worksheet xmlns:mc="{MC}" xmlns:xdr="{drawing_ns}" '
                                f'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
                                'mc:Ignorable="x14ac" '.encode(), 1)
            controls = CONTROLS.replace(f' xmlns:mc="{MC}"', "")
            return data.replace(b"</worksheet>", f'<legacyDrawing r:id="rId8"/>{controls}</worksheet>'.encode())
        if name == "[Content_Types].xml":
            return _appended(data,
                             ("Default", {"Extension": "vml",
                                          "ContentType": "application/vnd.openxmlformats-officedocument.vmlDrawing"}),
                             ("Override", {"PartName": "/xl/ctrlProps/ctrlProp1.xml",
                                           "ContentType": "application/vnd.ms-excel.controlproperties+xml"}))
        return data

    _rewrite(plain, path, change)
    plain.unlink()
    with zipfile.ZipFile(path, "a") as package:
        package.writestr("xl/drawings/vmlDrawing1.vml", CHECKBOX_VML)
        package.writestr("xl/ctrlProps/ctrlProp1.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
                         f'<formControlPr xmlns="{X14}" objectType="CheckBox" checked="Checked" lockText="1" '
                         'noThreeD="1"/>')
        package.writestr("xl/worksheets/_rels/sheet1.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId8" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/>'
            '<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2007/relationships/ctrlProp" '
            'Target="../ctrlProps/ctrlProp1.xml"/></Relationships>'))
    return path


def _list_in_extlst(path: Path) -> Path:
    """A list validation whose source is on another sheet, kept as Excel 2010+ keeps it: in the sheet's extLst."""
    plain = _workbook(path.with_name("extlst-base.xlsx"), lambda book, sheet: book.add_worksheet("Lists").write_column(
        "A1", ["Clinical", "SPA", "Integrated"]))

    def change(name, data):
        if name == "xl/worksheets/sheet1.xml":
            root = etree.fromstring(data)
            ext_list = etree.fromstring(
                f'<extLst xmlns="{MAIN}"><ext xmlns:x14="{X14}" uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}">'
                '<x14:dataValidations xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main" count="1">'
                '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">'
                "<x14:formula1><xm:f>Lists!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>D5:D14</xm:sqref>"
                "</x14:dataValidation></x14:dataValidations></ext></extLst>")
            root.append(ext_list)
            return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return data

    _rewrite(plain, path, change)
    plain.unlink()
    return path


def _locked_structure(source: Path, path: Path) -> Path:
    """Workbook structure protected (sheets cannot be added, moved or renamed in Excel without the password)."""
    def change(name, data):
        if name == "xl/workbook.xml":
            root = etree.fromstring(data)
            views = root.find(f"{{{MAIN}}}bookViews")
            protection = etree.Element(f"{{{MAIN}}}workbookProtection", lockStructure="1")
            views.addprevious(protection)
            return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return data

    return _rewrite(source, path, change)


if __name__ == "__main__":
    for name, made in build(Path(sys.argv[1])).items():
        print(f"{name}: {made}")
