"""Adding to an existing .xlsx or .xlsm package: every part jobplan does not change is copied byte for
byte; the few it changes are parsed and written with lxml. Knows the file format, nothing of job plans."""
from .comments import Note, add_notes
from .errors import PackageError
from .package import Package
from .styles import CellStyle, add_styles
from .workbook import append_sheet, free_sheet_name, sheets, uses_1904_dates
from .worksheet import Cell, NewSheet, write_sheet

__all__ = ["Cell", "CellStyle", "NewSheet", "Note", "Package", "PackageError", "add_notes", "add_styles",
           "append_sheet", "free_sheet_name", "sheets", "uses_1904_dates", "write_sheet"]
