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
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            rows = sheet.iter_rows()
            grid = grid_from_rows(name, _from_a1(sheet, rows))
            grid.fill_merged_down(
                (r0 + 1, c0 + 1, r1 + 1, c1 + 1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or ())
            )
            grids.append(grid)
    except WorkbookError:
        raise
    except Exception as exc:
        raise WorkbookError(*_why_unreadable(path, exc)) from None
    finally:
        book.close()
    return grids


def _from_a1(sheet, rows):
    """calamine's rows start at the sheet's first used cell; pad them so they start at A1."""
    top, left = sheet.start or (0, 0)
    for _ in range(min(top, MAX_ROWS + 1)):
        yield ()
    padding = [None] * left
    for row in rows:
        yield padding + list(row[: MAX_COLUMNS + 1 - left]) if left else row


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
