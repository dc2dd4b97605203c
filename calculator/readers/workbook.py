"""Open a workbook and hand back each sheet's values as a Grid; nothing else opens inputs.

Values are read with python-calamine: fast, one reader for .xlsx, .xlsm, .xls and .ods, formulas
as the values the spreadsheet last calculated, and merged ranges reported. Its XML parser does
not expand entities, so a workbook built to explode on parsing is read like any other.
"""
from __future__ import annotations

import re
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


# a cell element that is not self-closing ("<c r="A1"/>") and holds a formula
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"(?:[^>/]|/(?!>))*>(?:(?!</c>).)*?<f[ >/](?:(?!</c>).)*?</c>',
                           re.DOTALL)


# A saved value: "<v>" with something in it, or "<v></v>" in a text cell (t="str"), a saved empty text result.
# No <v> at all, "<v/>", or "<v></v>" in a number cell (openpyxl writes that when lxml is installed) is a
# formula saved without its value.
_SAVED_VALUE = re.compile(rb'<v>[^<]|^<c [^>]*\bt="str".*<v></v>', re.DOTALL)


def uncalculated_formulas(path: Path) -> dict[str, list[str]]:
    """Sheet name -> cells that hold a formula with no value saved (they read as empty).

    Excel saves each formula's last value; workbooks made by some programs do not, and then
    the cell's value is unknown until Excel opens and saves the workbook.
    """
    if path.suffix.lower() not in EXCEL_SUFFIXES or not zipfile.is_zipfile(path):
        return {}
    found: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as archive:
        sheets = _sheet_paths(archive)
        for name, part in sheets.items():
            try:
                xml = archive.read(part)
            except KeyError:
                continue
            if b"<f>" not in xml and b"<f " not in xml:
                continue
            cells = [m.group(1).decode() for m in _FORMULA_CELL.finditer(xml) if not _SAVED_VALUE.search(m.group(0))]
            if cells:
                found[name] = cells
    return found


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part in the zip, from workbook.xml and its relationships."""
    workbook = archive.read("xl/workbook.xml")
    rels = archive.read("xl/_rels/workbook.xml.rels")
    targets = {m.group(1).decode(): m.group(2).decode()
               for m in re.finditer(rb'<Relationship[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)}
    targets.update({m.group(2).decode(): m.group(1).decode()
                    for m in re.finditer(rb'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)})
    paths = {}
    for m in re.finditer(rb'<sheet [^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"', workbook):
        target = targets.get(m.group(2).decode())
        if target:
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            paths[_unescape(m.group(1).decode())] = part
    return paths


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
            .replace("&amp;", "&"))
