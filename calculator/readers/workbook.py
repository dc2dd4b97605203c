"""Open a workbook and hand back each sheet's values as a Grid; nothing else opens inputs.

Values are read with python-calamine: fast, one reader for .xlsx, .xlsm, .xls and .ods, formulas
as the values the spreadsheet last calculated, and merged ranges reported. Its XML parser does
not expand entities, so a workbook built to explode on parsing is read like any other.
"""
from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path

from ..errors import WorkbookError
from ..limits import MB, Limits
from .cells import MAX_COLUMNS, MAX_ROWS, Grid, grid_from_rows

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
# read too, and annotated as an .xlsx copy
OTHER_SPREADSHEET_SUFFIXES = (".xls", ".ods")
READABLE_SUFFIXES = EXCEL_SUFFIXES + OTHER_SPREADSHEET_SUFFIXES

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a Compound File: legacy .xls, or an encrypted .xlsx
_ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")


def load_grids(path: Path, limits: Limits | None = None) -> list[Grid]:
    """The values of every worksheet, as the spreadsheet last calculated them; raises WorkbookError.

    The package is looked over first (``check_package``): what a job plan could never be is refused
    before any of it is parsed.
    """
    from python_calamine import CalamineWorkbook

    path = Path(path)
    _refuse_what_cannot_be_read(path)
    check_package(path, limits or Limits())
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


# -- looking before parsing ----------------------------------------------------------------------

_END_OF_DIRECTORY = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
# a cell's reference beyond column ZZ or row 9,999, e.g. <c r="XFD1048576" ...> (rows' r= have numbers only,
# merged ranges are ref=); nearer cells make at most 702 x 9,999 = 7 million, below the sheet_cells limit, and
# looking only for far ones keeps this cheap (a plan's sheet has hundreds of near ones)
_CELL_REF = re.compile(rb'\sr="([A-Z]{3,7}(?=[0-9])|[A-Z]{1,2}(?=[0-9]{5}))([0-9]{1,12})"')
_SHEET_ENTRY = re.compile(rb"<(?:\w+:)?sheet\s")
_CHUNK = 1 << 20

_TOO_BIG_ACTION = ("Open it in Excel, delete what is not the job plan, save it, and run again; if it came from "
                   "outside the trust, ask the sender for the job plan again instead.")
_FAR_CELL_ACTION = ("Open it in Excel, select the rows and columns after the job plan, delete them (right-click, "
                    "Delete), save, and run again.")


def check_package(path: Path, limits: Limits) -> None:
    """Refuse, before parsing, a workbook no job plan could be: too large, a zip bomb, too many parts or
    sheets, or a sheet whose cells reach so far that a reader would build a grid of billions of cells.

    Only the zip's central directory, workbook.xml and each XML part as a stream are looked at, each
    bounded, so a hostile file costs a few milliseconds here rather than gigabytes in the parser.
    """
    size = path.stat().st_size
    if size > limits.file_mb * MB:
        raise WorkbookError(
            f"This file is {size / MB:,.0f} MB, larger than any job plan workbook (jobplan reads files of up to "
            f"{limits.file_mb:g} MB): it may hold large pictures or other data.", _TOO_BIG_ACTION)
    with path.open("rb") as handle:
        if handle.read(2) != b"PK":
            return  # not a zip: .xls, or a renamed file that calamine names
    parts = _central_directory_entries(path)
    if parts is None:
        raise WorkbookError("This workbook is cut short or damaged (it may not have finished downloading).",
                            "Save it again from the email or from Excel, and run again.")
    if parts > limits.parts:
        raise WorkbookError(f"This workbook is made of {parts:,} parts, far more than any job plan workbook "
                            f"(jobplan reads up to {limits.parts:,}).", _TOO_BIG_ACTION)
    try:
        with zipfile.ZipFile(path) as archive:
            _check_parts(archive, limits)
    except zipfile.BadZipFile:
        raise WorkbookError("This workbook is cut short or damaged (it may not have finished downloading).",
                            "Save it again from the email or from Excel, and run again.") from None
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, OSError) as exc:
        raise WorkbookError(f"This workbook could not be opened ({exc}); it may be damaged.",
                            "Open it in Excel, save it again, and run again.") from None


def _central_directory_entries(path: Path) -> int | None:
    """How many parts the zip says it holds, read from its end record before the directory itself."""
    with path.open("rb") as handle:
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - (1 << 16) - 22))
        tail = handle.read()
        at = tail.rfind(_END_OF_DIRECTORY)
        if at < 0 or len(tail) < at + 22:
            return None
        count = struct.unpack("<H", tail[at + 10:at + 12])[0]
        locator = tail.rfind(_ZIP64_LOCATOR, 0, at)
        if count == 0xFFFF and locator >= 0 and len(tail) >= locator + 20:
            handle.seek(struct.unpack("<Q", tail[locator + 8:locator + 16])[0])
            record = handle.read(56)
            if record[:4] == b"PK\x06\x06" and len(record) == 56:
                count = struct.unpack("<Q", record[32:40])[0]
        return count


def _check_parts(archive: zipfile.ZipFile, limits: Limits) -> None:
    infos = archive.infolist()
    declared = sum(info.file_size for info in infos)
    if declared > limits.package_mb * MB:
        raise WorkbookError(_unpacks_to(declared, f"{limits.package_mb:g} MB"), _TOO_BIG_ACTION)
    for info in infos:
        _check_size(info.filename, info.file_size, info.compress_size, limits)
    names = {info.filename for info in infos}
    sheet_names = _sheet_names_by_part(archive) if "xl/workbook.xml" in names else {}
    if len(sheet_names) > limits.sheets:
        raise WorkbookError(f"This workbook has {len(sheet_names):,} sheets; jobplan reads workbooks of up to "
                            f"{limits.sheets:,} (a team's workbook may hold one sheet per person).",
                            "Split it into workbooks of fewer sheets, and run again.")
    # the sizes above are what the zip says; the XML is inflated here as a stream to see what it really is
    total = 0
    for info in infos:
        if not info.filename.endswith((".xml", ".rels", ".vml")):
            total += info.file_size  # pictures and binaries are not parsed, only copied
            continue
        total += _inflate_and_scan(archive, info, limits, sheet_names.get(info.filename))
        if total > limits.package_mb * MB:
            raise WorkbookError(_unpacks_to(total, f"{limits.package_mb:g} MB"), _TOO_BIG_ACTION)


def _check_size(name: str, inflated: int, compressed: int, limits: Limits) -> None:
    if inflated > limits.part_mb * MB:
        raise WorkbookError(_unpacks_to(inflated, f"{limits.part_mb:g} MB", name), _TOO_BIG_ACTION)
    if inflated > MB and inflated > limits.inflation_ratio * max(compressed, 1):
        raise WorkbookError(
            f"Part of this workbook ({name}) unpacks to {inflated / max(compressed, 1):,.0f} times its size, as "
            "nothing a person types does: it may be damaged, or built to overload the computer reading it.",
            _TOO_BIG_ACTION)


def _unpacks_to(size: int, limit: str, part: str = "") -> str:
    where = f" (its part {part} alone)" if part else ""
    return (f"This workbook unpacks to more than {size / MB:,.0f} MB{where}, more than any job plan could hold "
            f"(jobplan reads up to {limit}): it may be damaged, or built to overload the computer reading it.")


def _inflate_and_scan(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, sheet: str | None) -> int:
    """The part's real inflated size, stopping at the limit; a sheet's cells are checked on the way."""
    seen, far_row, far_col, carry = 0, 0, "", b""
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            seen += len(chunk)
            _check_size(info.filename, seen, info.compress_size, limits)
            if sheet is None:
                continue
            text = carry + chunk
            refs = _CELL_REF.findall(text)
            if refs:
                far_col = max([far_col, *(col.decode() for col, _ in refs)], key=lambda c: (len(c), c))
                far_row = max(far_row, max(int(row) for _, row in refs))
                if far_row * _column_number(far_col) > limits.sheet_cells:
                    _refuse_far_cell(sheet, far_col, far_row, limits)
            carry = text[-64:]
    return seen


def _refuse_far_cell(sheet: str, col: str, row: int, limits: Limits) -> None:
    """The sheet reaches a cell so far out that reading it would mean a grid of billions of cells."""
    # the farthest row and the farthest column may be in different cells: name the corner they make
    corner = f"{col}{row}"
    raise WorkbookError(
        f"Sheet '{sheet}' has something in it as far out as {corner}: reading it would mean a grid of "
        f"{row * _column_number(col):,} cells, far beyond any job plan (jobplan reads sheets of up to "
        f"{limits.sheet_cells:,} cells, from A1 to the last one used).",
        _FAR_CELL_ACTION, sheet=sheet, cell=corner if row <= 1048576 and _column_number(col) <= 16384 else "")


def _column_number(letters: str | bytes) -> int:
    number = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        number = number * 26 + ord(ch) - 64
    return number


def _sheet_names_by_part(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet part -> sheet name; the sheets are counted from workbook.xml, read only once it is known small."""
    workbook = archive.read("xl/workbook.xml")
    count = len(_SHEET_ENTRY.findall(workbook))
    try:
        by_name = _sheet_paths(archive)
    except KeyError:
        by_name = {}
    by_part = {part: name for name, part in by_name.items()}
    for n in range(len(by_part), count):  # sheets whose relationships could not be followed still count
        by_part[f"?{n}"] = f"sheet {n + 1}"
    return by_part


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
