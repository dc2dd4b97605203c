"""calculator.ooxml on its own: the raw zip copy, appended styles and sheets, notes, and text as Excel reads it."""
from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
import xlsxwriter
from lxml import etree
from python_calamine import CalamineWorkbook

from calculator.ooxml import (
    Cell,
    CellStyle,
    NewSheet,
    Note,
    Package,
    PackageError,
    add_notes,
    add_styles,
    append_sheet,
    free_sheet_name,
    sheets,
    write_sheet,
)
from calculator.ooxml.text import xml_text
from calculator.ooxml.xml import MAIN
from calculator.ooxml.zipcopy import open_archive, read_entries


def _book(build=None) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Plan")
    sheet.write("A1", "Name")
    sheet.write("B1", "Ann")
    if build:
        build(book, sheet)
    book.close()
    return buffer.getvalue()


def _saved(package: Package) -> bytes:
    out = io.BytesIO()
    package.save(out)
    return out.getvalue()


def _raw(data: bytes) -> dict[str, bytes]:
    handle = io.BytesIO(data)
    entries = read_entries(handle, open_archive(handle))
    return {name: data[e.start:e.start + e.length] for name, e in entries.items()}


def test_an_unchanged_package_is_copied_entry_for_entry_byte_for_byte():
    original = _book()
    copy = _saved(Package(io.BytesIO(original)))
    assert _raw(copy) == _raw(original)
    assert zipfile.ZipFile(io.BytesIO(copy)).testzip() is None


class _Unseekable(io.BytesIO):
    """A stream zipfile cannot seek back in, so it writes each entry's sizes after its data."""

    def seekable(self):
        return False

    def seek(self, *args):
        raise io.UnsupportedOperation("not seekable")


def test_entries_written_with_data_descriptors_are_copied_whole():
    buffer = _Unseekable()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("[Content_Types].xml", "xl/workbook.xml"):
            with archive.open(name, "w") as part:  # streamed: sizes follow the data in a descriptor
                part.write(b"<x/>" * 50)
    original = buffer.getvalue()
    infos = zipfile.ZipFile(io.BytesIO(original)).infolist()
    assert all(info.flag_bits & 0x08 for info in infos)
    copy = _saved(Package(io.BytesIO(original)))
    assert _raw(copy) == _raw(original)
    assert zipfile.ZipFile(io.BytesIO(copy)).read("xl/workbook.xml") == b"<x/>" * 50


def test_what_is_not_a_zip_is_a_package_error():
    with pytest.raises(PackageError, match="not a readable zip"):
        Package(io.BytesIO(b"just text"))


def test_styles_are_appended_and_the_trusts_ids_stay():
    original = _book(lambda book, sheet: sheet.write("A2", 1.5, book.add_format({"num_format": "0.000",
                                                                                  "bold": True})))
    package = Package(io.BytesIO(original))
    before = etree.fromstring(package.read("xl/styles.xml"))
    wanted = {CellStyle(bold=True, number_format="0.00"), CellStyle(fill="FFF2CC", number_format="0.0%")}
    ids = add_styles(package, wanted)
    after = etree.fromstring(_saved_part(package, "xl/styles.xml"))
    for section in ("numFmts", "fonts", "fills", "cellXfs"):
        old = before.find(f"{{{MAIN}}}{section}")
        new = after.find(f"{{{MAIN}}}{section}")
        kept = [etree.tostring(e) for e in old] if old is not None else []
        assert [etree.tostring(e) for e in new][: len(kept)] == kept  # the trust's entries, in place
        assert new.get("count") == str(len(new))
    assert sorted(ids.values()) == [len(before.find(f"{{{MAIN}}}cellXfs")), len(before.find(f"{{{MAIN}}}cellXfs")) + 1]
    codes = {f.get("formatCode"): int(f.get("numFmtId")) for f in after.find(f"{{{MAIN}}}numFmts")}
    assert codes["0.000"] == 164 and codes["0.0%"] == 165  # XlsxWriter's 164 kept; ours after it; 0.00 is built in


def _saved_part(package: Package, part: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(_saved(package))).read(part)


def test_a_sheet_appended_last_with_a_name_free_in_any_case():
    package = Package(io.BytesIO(_book(lambda book, sheet: book.add_worksheet("JOBPLAN"))))
    name = free_sheet_name([s.name for s in sheets(package)], "jobplan")
    assert name == "jobplan (2)"
    sheet = NewSheet()
    sheet.cells[(1, 1)] = Cell("Total")
    sheet.cells[(1, 2)] = Cell(7.5, "3.75*2", CellStyle(number_format="0.00"))
    sheet.cells[(2, 1)] = Cell("=not a formula")
    append_sheet(package, name, write_sheet(sheet, add_styles(package, sheet.styles())))
    book = openpyxl.load_workbook(io.BytesIO(_saved(package)))
    assert book.sheetnames == ["Plan", "JOBPLAN", "jobplan (2)"]
    added = book["jobplan (2)"]
    assert added["B1"].value == "=3.75*2" and added["A2"].value == "=not a formula"
    assert added["A2"].data_type == "s"
    cached = openpyxl.load_workbook(io.BytesIO(_saved(package)), data_only=True)["jobplan (2)"]
    assert cached["B1"].value == 7.5


def test_text_excel_would_misread_is_escaped_and_what_xml_cannot_hold_left_out(tmp_path):
    assert xml_text("Ann\x01 O'Neil _x0041_") == "Ann O'Neil _x005F_x0041_"
    package = Package(io.BytesIO(_book()))
    sheet = NewSheet()
    sheet.cells[(1, 1)] = Cell("Ann\x01 <b> & _x0041_")
    append_sheet(package, "jobplan", write_sheet(sheet, {}))
    path = tmp_path / "escaped.xlsx"
    path.write_bytes(_saved(package))
    # as Excel, calamine and LibreOffice read it (openpyxl does not undo the escape in inline text)
    assert CalamineWorkbook.from_path(str(path)).get_sheet_by_name("jobplan").to_python() == [["Ann <b> & _x0041_"]]


def test_notes_on_a_sheet_with_none_and_no_rels_part():
    package = Package(io.BytesIO(_book()))
    [plan] = sheets(package)
    assert not package.has("xl/worksheets/_rels/sheet1.xml.rels")
    add_notes(package, plan.part, {"B1": [Note("jobplan warning", "Check the name.", 1)]}, "jobplan")
    book = openpyxl.load_workbook(io.BytesIO(_saved(package)))
    comment = book["Plan"]["B1"].comment
    assert comment.author == "jobplan" and comment.text == "jobplan warning\nCheck the name."


def test_a_note_on_a_merged_cell_hangs_on_its_top_left():
    package = Package(io.BytesIO(_book(lambda book, sheet: sheet.merge_range("C3:D4", "Clinic"))))
    [plan] = sheets(package)
    add_notes(package, plan.part, {"D4": [Note("jobplan info", "Merged.", 1)]}, "jobplan")
    book = openpyxl.load_workbook(io.BytesIO(_saved(package)))
    assert book["Plan"]["C3"].comment is not None


def test_two_runs_of_notes_get_unique_shape_ids_in_one_drawing():
    package = Package(io.BytesIO(_book(lambda book, sheet: sheet.write_comment("A1", "Trust's own note"))))
    [plan] = sheets(package)
    add_notes(package, plan.part, {"B1": [Note("jobplan warning", "One.", 1)],
                                   "A1": [Note("jobplan info", "Two.", 1)]}, "jobplan")
    data = _saved(package)
    vml = zipfile.ZipFile(io.BytesIO(data)).read("xl/drawings/vmlDrawing1.vml")
    ids = [s.get("id") for s in etree.fromstring(vml).iter("{urn:schemas-microsoft-com:vml}shape")]
    assert ids == ["_x0000_s1025", "_x0000_s1026"]  # the trust's note, then ours on B1 (A1 gains text only)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book["Plan"]["A1"].comment.text == "Trust's own note\n\njobplan info\nTwo."
