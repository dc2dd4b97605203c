"""Text as a spreadsheet can hold it: the one place outputs clean what workbooks may carry.

An .xlsx is XML 1.0, which cannot hold most control characters (U+0000 to U+001F but tab, line
feed and carriage return), lone surrogates, U+FFFE or U+FFFF; a writer that puts them in makes a
file Excel repairs and openpyxl and LibreOffice refuse or empty. Workbooks carry them anyway,
stored the legal OOXML way as ``_xHHHH_`` escapes (``_x0001_``), which a reader decodes, or pasted
in from other systems. Excel also decodes any ``_xHHHH_`` it finds in a cell's text, so such text
is written as what Excel would show for it.
"""
from __future__ import annotations

import re

# the most characters an Excel cell holds
EXCEL_CELL_MAX = 32_767

_ILLEGAL = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_REMOVE = re.compile(f"[{_ILLEGAL}]")
_has_illegal = _REMOVE.search


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold left out (``_xHHHH_`` escapes read as Excel reads
    them first); text with none is returned as it is, cheaply."""
    if "_x" not in text and _has_illegal(text) is None:  # nearly always: the cheap test first
        return text
    return _REMOVE.sub("", _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text))


def fits_a_cell(text: str) -> str:
    """``text`` cut to the 32,767 characters an Excel cell holds."""
    return text if len(text) <= EXCEL_CELL_MAX else text[:EXCEL_CELL_MAX]
