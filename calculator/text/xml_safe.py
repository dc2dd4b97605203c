"""Text as a spreadsheet can hold it: the one place outputs clean what workbooks may carry.

An .xlsx is XML 1.0, which cannot hold most control characters (U+0000 to U+001F but tab, line
feed and carriage return), lone surrogates, U+FFFE or U+FFFF; a writer that puts them in makes a
file Excel repairs and openpyxl and LibreOffice refuse or empty. Workbooks carry them anyway:
stored the legal OOXML way as ``_xHHHH_`` escapes (``_x0001_``), which the reader decodes into the
character itself, or pasted in from other systems. Text that merely looks like an escape (a
literal ``_x0041_``, which the reader has already decoded from ``_x005F_x0041_``) is left as it is:
a writer of raw XML escapes it again (calculator/ooxml/text.py; XlsxWriter does so for cells).
"""
from __future__ import annotations

import re

# the most characters an Excel cell holds
EXCEL_CELL_MAX = 32_767

_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_has_unwritable = _NOT_IN_XML.search


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold left out; text with none is returned as it is."""
    if _has_unwritable(text) is None:  # nearly always: the cheap test first
        return text
    return _NOT_IN_XML.sub("", text)


def fits_a_cell(text: str) -> str:
    """``text`` cut to the 32,767 characters an Excel cell holds."""
    return text if len(text) <= EXCEL_CELL_MAX else text[:EXCEL_CELL_MAX]
