"""Open a workbook and hand back each sheet's values as a Grid; nothing else opens inputs.

Values are read with python-calamine: fast, one reader for .xlsx, .xlsm, .xls and .ods, formulas
as the values the spreadsheet last calculated, and merged ranges reported. Its XML parser does
not expand entities, so a workbook built to explode on parsing is read like any other.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import WorkbookError
from .cells import MAX_COLUMNS, MAX_ROWS, Grid, grid_from_rows

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
# read too, and annotated as an .xlsx copy
OTHER_SPREADSHEET_SUFFIXES = (".xls", ".ods")
READABLE_SUFFIXES = EXCEL_SUFFIXES + OTHER_SPREADSHEET_SUFFIXES

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a Compound File: legacy .xls, or an encrypted .xlsx
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")


def load_grids(path: Path) -> list[Grid]:
    """The values of every worksheet, as the spreadsheet last calculated them; raises WorkbookError."""
    from python_calamine import CalamineWorkbook

    path = Path(path)
    _refuse_what_cannot_be_read(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine has its own error classes for zip, XML and format problems
        raise WorkbookError(*_why_unreadable(path, exc)) from None
    grids = []
    try:
        ods_merges = _ods_merged_ranges(path) if path.suffix.lower() == ".ods" else {}
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            rows = sheet.iter_rows()
            grid = grid_from_rows(name, _from_a1(sheet, rows))
            # calamine's merged ranges are 0-based and absolute (A1 is (0, 0)), whatever the data's start;
            # it reports none for .ods, whose merges are read from the file itself
            merged = ods_merges.get(name) or [
                (r0 + 1, c0 + 1, r1 + 1, c1 + 1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or ())]
            grid.fill_merged_down(merged)
            grids.append(grid)
    except WorkbookError:
        raise
    except Exception as exc:
        raise WorkbookError(*_why_unreadable(path, exc)) from None
    finally:
        book.close()
    return grids


def _from_a1(sheet, rows):
    """Rows from A1, so every cell keeps its Excel address whatever empty rows and columns precede the form.

    calamine's iterator (python-calamine 0.2.3 on) already yields an empty row for each row above
    the first used one, but each row starts at the first used *column*: pad the columns only.
    (Padding the rows too put every address off by the empty rows above the form.)
    tests/test_coordinates.py holds this to forms at A1, at C5 and below formatted empty rows,
    in .xlsx, .xls and .ods.
    """
    _top, left = sheet.start or (0, 0)
    if not left:
        yield from rows
        return
    padding = [None] * left
    for row in rows:
        yield padding + list(row[: MAX_COLUMNS + 1 - left])


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_merged_ranges(path: Path) -> dict[str, list[tuple[int, int, int, int]]]:
    """Sheet name -> merged ranges (1-based first row, first column, last row, last column) of an .ods file.

    A merged cell in OpenDocument is a table:table-cell with number-rows-spanned /
    number-columns-spanned; rows and cells may be repeated (number-*-repeated), so positions are
    counted, not read. Nothing past the reading bounds is kept.
    """
    import xml.etree.ElementTree as ElementTree

    found: dict[str, list[tuple[int, int, int, int]]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            with archive.open("content.xml") as stream:
                head = stream.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:  # OpenDocument has none; such a file is not read
                return {}
            with archive.open("content.xml") as stream:
                sheet, row, col = None, 0, 0
                for event, element in ElementTree.iterparse(stream, events=("start", "end")):
                    tag = element.tag
                    if event == "start":
                        if tag == f"{_ODS_TABLE}table":
                            sheet, row = element.get(f"{_ODS_TABLE}name"), 0
                            found.setdefault(sheet, [])
                        elif tag == f"{_ODS_TABLE}table-row":
                            col = 0
                        elif tag in (f"{_ODS_TABLE}table-cell", f"{_ODS_TABLE}covered-table-cell"):
                            rows_spanned = int(element.get(f"{_ODS_TABLE}number-rows-spanned", 1))
                            cols_spanned = int(element.get(f"{_ODS_TABLE}number-columns-spanned", 1))
                            if (rows_spanned > 1 or cols_spanned > 1) and sheet is not None \
                                    and row < MAX_ROWS and col < MAX_COLUMNS:
                                found[sheet].append((row + 1, col + 1, row + rows_spanned, col + cols_spanned))
                            col += int(element.get(f"{_ODS_TABLE}number-columns-repeated", 1))
                    elif tag == f"{_ODS_TABLE}table-row":
                        row += int(element.get(f"{_ODS_TABLE}number-rows-repeated", 1))
                        element.clear()
    except (KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
        return {}  # calamine read the values; without the merges each merged value stays in its first cell
    return found


def _refuse_what_cannot_be_read(path: Path) -> None:
    """Empty, encrypted and cut-short files get a message that says what they are."""
    size = path.stat().st_size
    if size == 0:
        raise WorkbookError("This file is empty (0 bytes): it may not have been saved or downloaded properly.",
                            "Ask for the job plan again, or save it again from the email, and run again.")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _OLE_MAGIC and path.suffix.lower() in EXCEL_SUFFIXES:
        with path.open("rb") as handle:
            body = handle.read(min(size, 1 << 20))
        if _ENCRYPTED_MARK in body:
            raise WorkbookError(
                "This workbook is protected with a password (Excel's 'Encrypt with Password'), so it cannot be read.",
                "Open it in Excel, choose File > Info > Protect Workbook > Encrypt with Password, delete the password, "
                "save, and run again.",
            )
    if path.suffix.lower() in EXCEL_SUFFIXES and head[:2] == b"PK" and not zipfile.is_zipfile(path):
        raise WorkbookError("This workbook is cut short or damaged (it may not have finished downloading).",
                            "Save it again from the email or from Excel, and run again.")


def _why_unreadable(path: Path, exc: Exception) -> tuple[str, str]:
    """The message and what to do, for a file calamine could not open."""
    head = path.read_bytes()[:8]
    if path.suffix.lower() in EXCEL_SUFFIXES and head[:2] != b"PK":
        kind = "an old-style .xls workbook" if head == _OLE_MAGIC else "not an Excel workbook"
        return (f"This file is named {path.suffix} but is {kind} (perhaps another kind of file renamed).",
                "Open it in Excel and save it as an Excel Workbook (.xlsx), then run again.")
    return (f"This workbook could not be opened ({type(exc).__name__}: {exc}); it may be damaged.",
            "Open it in Excel, save it again, and run again.")


def uncalculated_formulas(path: Path) -> dict[str, list[str]]:
    """Sheet name -> cells that hold a formula with no value saved (they read as empty).

    Excel saves each formula's last value; workbooks made by some programs do not, and then
    the cell's value is unknown until Excel opens and saves the workbook. An empty saved value
    counts as saved only for a text result (t="str"): a number cannot be empty.
    """
    from ..ooxml import Package, PackageError, sheets

    if path.suffix.lower() not in EXCEL_SUFFIXES or not zipfile.is_zipfile(path):
        return {}
    found: dict[str, list[str]] = {}
    try:
        with Package.open(path) as package:
            for sheet in sheets(package):
                if sheet.part is None or not package.has(sheet.part):
                    continue
                data = package.read(sheet.part)
                if b"<f" not in data and b":f" not in data:  # most sheets: no formula to look at
                    continue
                cells = [cell.get("r", "") for cell in _formula_cells(package.peek(sheet.part))
                         if not _value_saved(cell)]
                if cells:
                    found[sheet.name] = cells
    except PackageError:
        return {}  # the reader has said what is wrong with the file, if anything
    return found


def _formula_cells(worksheet):
    namespace = worksheet.nsmap.get(worksheet.prefix)
    formula = f"{{{namespace}}}f"
    for cell in worksheet.iter(f"{{{namespace}}}c"):
        if cell.find(formula) is not None:
            yield cell


def _value_saved(cell) -> bool:
    value = cell.find(cell.tag[: -1] + "v")
    return value is not None and (bool(value.text) or cell.get("t") in ("str", "s", "inlineStr"))
