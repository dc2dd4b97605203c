"""Dates typed or stored in a cell, read in UK order: "10/03/2025", "1st Dec 2025", 45726."""
from __future__ import annotations

import math
import re
import warnings
from datetime import date, datetime, timedelta

from dateutil import parser as dateutil_parser

from calculator.errors import TextParseError
from calculator.text._words import cell_number, quote, tidy

# Excel counts days from 1899-12-30 (after its 1900 leap-year bug); 20000..80000 is 1954..2119
EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_SERIALS = (20000, 80000)

# Two defaults that differ in day, month and year: a part missing from the text shows up
# as a difference between the two readings.
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))

_ISO = re.compile(r"(?P<y>[0-9]{4})[-/.](?P<m>[0-9]{1,2})[-/.](?P<d>[0-9]{1,2})(?:[ tT][0-9:.]+)?")
_MAX_LENGTH = 60

_EXAMPLE = 'write it day first, DD/MM/YYYY, e.g. "10/03/2025", or as "10 March 2025"'
# Figures only, day first: dateutil reads "03/31/2026" month first when the day first cannot be a date, which
# would be a guess; the second figure must be a month.
_FIGURES = re.compile(r"(?P<d>[0-9]{1,2})\s*(?P<sep>[/.\-–])\s*(?P<m>[0-9]{1,2})\s*(?P=sep)\s*[0-9]{2,4}\b")


def _serial(number: float, value) -> date:
    if not (math.isfinite(number) and EXCEL_SERIALS[0] <= number <= EXCEL_SERIALS[1]):
        raise TextParseError(f"{quote(value)} is not a date; {_EXAMPLE}")
    return EXCEL_EPOCH + timedelta(days=int(number))


def _with_default(text: str, default: datetime) -> datetime:
    with warnings.catch_warnings():
        # "10/03/2025 BST" warns about the time zone, which a date does not need
        warnings.simplefilter("ignore")
        return dateutil_parser.parse(text, dayfirst=True, default=default)


def parse_date(value) -> date:
    """A date from a datetime/date, an Excel date serial number (20000-80000), or text in
    UK day-month-year order ("10/03/2025", "10-03-25", "1st Dec 2025", "December 1, 2025");
    year-first ISO "2025-03-10" is read as year-month-day. Figures are never read month first:
    "03/31/2026" is refused, not taken for 31 March. Text lacking a day, month or year
    ("March 2025", "10/03") is refused, as is anything else, with TextParseError."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise TextParseError(f"{quote(value)} is not a date; {_EXAMPLE}")
    if isinstance(value, (int, float)):
        return _serial(cell_number(value), value)
    # dateutil knows time zones such as "BST" only in capitals
    text = tidy(value, lower=False)
    if not text or len(text) > _MAX_LENGTH:
        raise TextParseError(f"{quote(value)} is not a date; {_EXAMPLE}")
    if text.isascii() and text.isdigit():
        # "20250310" and "10032025" are ambiguous; only a serial number is read
        return _serial(float(text), value)
    if (figures := _FIGURES.match(text)) and not 1 <= int(figures["m"]) <= 12:
        raise TextParseError(f"{quote(value)} has no month {int(figures['m'])}: {_EXAMPLE}")
    try:
        if iso := _ISO.fullmatch(text):
            return date(int(iso["y"]), int(iso["m"]), int(iso["d"]))
        first, second = (_with_default(text, default) for default in _DEFAULTS)
    except (ValueError, OverflowError, TypeError) as error:
        raise TextParseError(f"{quote(value)} is not a date; {_EXAMPLE}") from error
    if first != second:
        raise TextParseError(f"{quote(value)} lacks a day, month or year; {_EXAMPLE}")
    return first.date()
