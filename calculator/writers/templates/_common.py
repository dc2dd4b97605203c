"""What every blank template shares: formats, protection, row-height estimates, the header block,
the sign-off table, guidance rows and print set-up.

Text is always written with ``write_string`` (never ``write``), so nothing a template says is
taken for a formula, link or number.
"""
from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from ...readers.common import LARGEST_WTE

# ---------------------------------------------------------------------------------------------
# Workbook settings
# ---------------------------------------------------------------------------------------------

#: Write every cell exactly as given: no guessing of formulas, links or numbers from text.
WORKBOOK_OPTIONS: dict[str, bool] = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}

#: Fixed so that regenerating a template gives the same file content.
CREATED = datetime(2025, 1, 1)

INPUT_FILL = "#FFF2CC"
HEADING_FILL = "#DDEBF7"

#: xlsxwriter format properties by role. Input cells are the only unlocked cells (and
#: "editable", the Option 2 activity descriptions a person may adapt).
FORMATS: dict[str, dict[str, object]] = {
    "title_input": {"bold": True, "font_size": 14, "align": "center", "valign": "vcenter",
                    "bg_color": INPUT_FILL, "locked": False},
    "title": {"bold": True, "font_size": 13, "align": "center", "valign": "vcenter"},
    "label": {"bold": True, "valign": "top", "text_wrap": True},
    "section": {"bold": True, "font_size": 12, "valign": "bottom"},
    "sentence": {"text_wrap": True, "valign": "top"},
    "note": {"italic": True, "font_color": "#595959", "font_size": 9, "text_wrap": True,
             "valign": "top"},
    "heading": {"bold": True, "text_wrap": True, "valign": "top", "border": 1,
                "bg_color": HEADING_FILL},
    "fixed": {"bold": True, "text_wrap": True, "valign": "top", "border": 1},
    "fixed_centre": {"bold": True, "align": "center", "valign": "top", "border": 1},
    "input": {"text_wrap": True, "valign": "top", "border": 1, "bg_color": INPUT_FILL,
              "locked": False},
    "input_date": {"valign": "top", "border": 1, "bg_color": INPUT_FILL, "locked": False,
                   "num_format": "dd/mm/yyyy", "align": "left"},
    "input_number": {"valign": "top", "border": 1, "bg_color": INPUT_FILL, "locked": False,
                     "align": "left"},
    # Guidance sheet
    "g_title": {"bold": True, "font_size": 14, "text_wrap": True, "valign": "top"},
    "g_heading": {"bold": True, "font_size": 12, "text_wrap": True, "valign": "bottom",
                  "bottom": 1},
    "g_para": {"text_wrap": True, "valign": "top"},
    "g_note": {"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"},
    "g_bullet": {"text_wrap": True, "valign": "top", "indent": 1},
    # added for the CNS templates (xlsxwriter writes only the formats a sheet uses)
    "heading_centre": {"bold": True, "text_wrap": True, "align": "center", "valign": "top",
                       "border": 1, "bg_color": HEADING_FILL},
    "text": {"text_wrap": True, "valign": "top", "border": 1},
    "editable": {"text_wrap": True, "valign": "top", "border": 1, "locked": False},
}

#: Sheet protection without a password: people may resize columns and rows, and select and
#: type in unlocked cells only.
PROTECT_OPTIONS: dict[str, bool] = {
    "format_columns": True,
    "format_rows": True,
    "select_locked_cells": True,
    "select_unlocked_cells": True,
}

#: Excel's limits on a data validation's input message and its title.
INPUT_MESSAGE_LIMIT = 255
INPUT_TITLE_LIMIT = 32

# ---------------------------------------------------------------------------------------------
# The header block
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NumberRule:
    """A decimal data validation on a header value cell, with the message shown on entry."""

    minimum: float
    maximum: float
    input_title: str
    input_message: str


@dataclass(frozen=True)
class HoursRule:
    """Contracted hours: a number of hours, or text the reader reads ("22.5 hrs", "0.8 WTE").

    The cell accepts any text (jobplan reads it and names the cell if it cannot) and a number
    above ``smallest`` up to ``largest``: a bare number of ``smallest`` or less is refused on
    entry, because jobplan refuses it too (0.8 may be a WTE or hours; it does not guess).
    """

    smallest: float
    largest: float
    input_title: str
    input_message: str
    error_message: str


@dataclass(frozen=True)
class DateRule:
    """A date data validation (and dd/mm/yyyy format) on a header value cell."""

    input_title: str
    input_message: str


@dataclass(frozen=True)
class HeaderField:
    """One row of the header block: label in A, value to its right (merged to the last column).

    Notes go in the value's input message, never in a cell beside it: a reader looks right of a
    label for its value, and a note there would be read as one when the value is left blank.
    """

    label: str
    number: NumberRule | None = None
    height: float | None = None
    date: DateRule | None = None
    hours: HoursRule | None = None


CONTRACTED_HOURS_FIELD = HeaderField(
    "Contracted hours per week:",
    hours=HoursRule(
        LARGEST_WTE, 60, "Contracted hours",
        "Hours a week in your contract, e.g. 37.5 (full time), 22.5 or 22.5 hrs; or your WTE with the "
        "word WTE, e.g. 0.8 WTE. A number on its own is hours.",
        f"A number on its own is hours a week, more than {LARGEST_WTE:g} and at most 60, e.g. 22.5. For a "
        "WTE, add the word: 0.8 WTE.",
    ),
)
NHS_SERVICE_FIELD = HeaderField(
    "NHS service (years):",
    NumberRule(0, 60, "NHS service",
               "Years of reckonable NHS service as a number, e.g. 7. Under 5 years gives "
               "27 days' leave, 5 to under 10 gives 29, 10 or more gives 33."),
)
ANNUAL_LEAVE_FIELD = HeaderField(
    "Annual leave entitlement (days):",
    NumberRule(0, 60, "Annual leave",
               "Full-time days of annual leave, not counting bank holidays, e.g. 27, 29 "
               "or 33. jobplan pro-rates them by your contracted hours."),
)

#: The job planning cycle's dates: when the plan took effect (the NHS England toolkit asks the panel
#: whether the start date is right), when it is next reviewed, and when the person started in the post
#: (BNSSG: new job plans are reviewed at six months).
PLAN_DATE_FIELDS: tuple[HeaderField, ...] = (
    HeaderField("Job plan start date:", date=DateRule(
        "Job plan start date", "The date this job plan takes effect from, e.g. 01/04/2026.")),
    HeaderField("Review date:", date=DateRule(
        "Review date", "The date this job plan is next reviewed, at least a year on; jobplan reports a plan past "
                       "it.")),
    HeaderField("Started in this post:", date=DateRule(
        "Started in this post", "The date you started in this post. A new post's job plan is reviewed at six "
                                "months; jobplan reports when that review is due.")),
)

#: The fields jobplan needs that the seeds' templates lack, in every template's header block.
STAFF_DETAIL_FIELDS: tuple[HeaderField, ...] = (
    HeaderField("Band:"),
    HeaderField("Professional group:"),
    HeaderField("Team / service:"),
    CONTRACTED_HOURS_FIELD,
    NHS_SERVICE_FIELD,
    ANNUAL_LEAVE_FIELD,
    *PLAN_DATE_FIELDS,
)

#: The header block of both Wessex Cancer CNS templates.
CNS_HEADER_FIELDS: tuple[HeaderField, ...] = (
    HeaderField("Name:"),
    HeaderField("Job title:"),
    *STAFF_DETAIL_FIELDS,
    HeaderField(
        "Date agreed:",
        date=DateRule("Date agreed",
                      "The date you and your line manager agreed this job plan, e.g. "
                      "14/03/2025. jobplan takes the latest of this and the sign-off dates."),
    ),
)

#: The range every date cell accepts (header "Date agreed:" and sign-off dates).
DATE_RULE = (date(2000, 1, 1), date(2099, 12, 31))
DATE_ERROR = ("Not a date", "Type a date such as 14/03/2025.")

# ---------------------------------------------------------------------------------------------
# The sign-off table
# ---------------------------------------------------------------------------------------------

SIGN_OFF_HEADINGS: tuple[str, ...] = ("Role", "Name", "Signature", "Date")
SIGN_OFF_DATE_INPUT = ("Date", "The date this person signed, e.g. 14/03/2025.")
SIGN_OFF_ROW_HEIGHT = 30
#: Who signs a Wessex Cancer CNS job plan: the seed's plans are agreed with the line manager.
CNS_SIGN_OFF_ROLES: tuple[str, ...] = ("CNS", "Line manager")

# ---------------------------------------------------------------------------------------------
# Row heights
# ---------------------------------------------------------------------------------------------

#: Points per line of 11 pt Calibri, and characters of body text per unit of column width
#: (a unit is the width of "0"; bold text is wider, hence the lower figure).
LINE_POINTS = 15.0
CHARS_PER_UNIT = {"regular": 1.2, "bold": 1.1}

#: Excel's tallest row, in points.
MAX_ROW_HEIGHT = 409


def _lines(text: str, width: float, weight: str = "regular") -> int:
    """Lines ``text`` takes when word-wrapped in a column ``width`` units wide."""
    chars = max(1, math.floor(width * CHARS_PER_UNIT[weight]) - 1)
    return sum(max(1, len(textwrap.wrap(part, chars))) for part in text.split("\n"))


def _height(cells: Iterable[tuple[str, float, str]], minimum: float = LINE_POINTS) -> float:
    """Row height in points that shows every (text, width, weight) cell without clipping.

    Excel and LibreOffice do not grow rows to fit wrapped text in a file they open (and
    never for merged cells), so rows that need more than one line get an explicit height.
    """
    lines = max((_lines(text, width, weight) for text, width, weight in cells), default=1)
    return max(minimum, lines * LINE_POINTS + 3)


# ---------------------------------------------------------------------------------------------
# Writing helpers
# ---------------------------------------------------------------------------------------------


def _new_workbook(path: Path, properties: dict[str, object]
                  ) -> tuple[xlsxwriter.Workbook, dict[str, Format]]:
    """A workbook at ``path`` with the shared options, ``properties`` and every format."""
    workbook = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    workbook.set_properties(properties)
    return workbook, {name: workbook.add_format(props) for name, props in FORMATS.items()}


def _input_validation(title: str, message: str) -> dict[str, object]:
    """No restriction, only a message shown when the cell is selected."""
    assert len(title) <= INPUT_TITLE_LIMIT and len(message) <= INPUT_MESSAGE_LIMIT, title
    return {"validate": "any", "input_title": title, "input_message": message}


def _list_validation(choices: tuple[str, ...], input_: tuple[str, str],
                     error: tuple[str, str]) -> dict[str, object]:
    """A dropdown that still accepts other text (error type "information")."""
    return {
        "validate": "list",
        "source": list(choices),
        "error_type": "information",
        "input_title": input_[0],
        "input_message": input_[1],
        "error_title": error[0],
        "error_message": error[1],
    }


def _hours_validation(cell: str, rule: HoursRule) -> dict[str, object]:
    """Text as typed, or a number of hours in range (see :class:`HoursRule`)."""
    assert len(rule.input_title) <= INPUT_TITLE_LIMIT and len(rule.input_message) <= INPUT_MESSAGE_LIMIT
    assert len(rule.error_message) <= INPUT_MESSAGE_LIMIT
    return {
        "validate": "custom",
        "value": f"=OR(ISTEXT({cell}),AND(ISNUMBER({cell}),{cell}>{rule.smallest:g},{cell}<={rule.largest:g}))",
        "input_title": rule.input_title,
        "input_message": rule.input_message,
        "error_title": rule.input_title,
        "error_message": rule.error_message,
    }


def _date_validation(input_: tuple[str, str]) -> dict[str, object]:
    """A date between :data:`DATE_RULE`'s ends, with a message shown on entry."""
    return {
        "validate": "date",
        "criteria": "between",
        "minimum": DATE_RULE[0],
        "maximum": DATE_RULE[1],
        "input_title": input_[0],
        "input_message": input_[1],
        "error_title": DATE_ERROR[0],
        "error_message": DATE_ERROR[1],
    }


def _write_headings(ws: Worksheet, row: int, headings: tuple[str, ...],
                    widths: tuple[float, ...], cell_format: Format) -> None:
    """Write a table's heading row from column A, tall enough for its longest heading."""
    ws.set_row(row, _height(
        (heading, widths[col], "bold") for col, heading in enumerate(headings)
    ))
    for col, heading in enumerate(headings):
        ws.write_string(row, col, heading, cell_format)


def _write_merged(ws: Worksheet, row: int, last_col: int, text: str, cell_format: Format,
                  width: float, weight: str = "regular", minimum: float = LINE_POINTS) -> None:
    """``text`` across columns A to ``last_col`` of ``row``, the row tall enough to show it."""
    ws.set_row(row, _height([(text, width, weight)], minimum))
    ws.merge_range(row, 0, row, last_col, "", cell_format)
    ws.write_string(row, 0, text, cell_format)


def _write_header_block(ws: Worksheet, row: int, fields: tuple[HeaderField, ...],
                        fmt: dict[str, Format], label_width: float, last_col: int) -> int:
    """Labels in A, values in B..``last_col`` (merged); returns the row after the block."""
    for field in fields:
        ws.set_row(row, max(field.height or 0, _height([(field.label, label_width, "bold")])))
        ws.write_string(row, 0, field.label, fmt["label"])
        if field.number or field.hours:
            value_fmt = fmt["input_number"]
        elif field.date:
            value_fmt = fmt["input_date"]
        else:
            value_fmt = fmt["input"]
        ws.merge_range(row, 1, row, last_col, "", value_fmt)
        if field.number:
            rule = field.number
            ws.data_validation(row, 1, row, 1, {
                "validate": "decimal",
                "criteria": "between",
                "minimum": rule.minimum,
                "maximum": rule.maximum,
                "input_title": rule.input_title,
                "input_message": rule.input_message,
                "error_title": "Not a number",
                "error_message": f"Type a number between {rule.minimum:g} and "
                                 f"{rule.maximum:g}, without units.",
            })
        elif field.date:
            ws.data_validation(row, 1, row, 1, _date_validation(
                (field.date.input_title, field.date.input_message)
            ))
        elif field.hours:
            ws.data_validation(row, 1, row, 1, _hours_validation(xl_rowcol_to_cell(row, 1), field.hours))
        row += 1
    return row


def _write_sign_off(ws: Worksheet, row: int, roles: tuple[str, ...], fmt: dict[str, Format],
                    widths: tuple[float, ...]) -> int:
    """Role / Name / Signature / Date from column A, one row a role; returns the next row."""
    _write_headings(ws, row, SIGN_OFF_HEADINGS, widths, fmt["heading"])
    date_col = SIGN_OFF_HEADINGS.index("Date")
    row += 1
    first = row
    for role in roles:
        ws.set_row(row, SIGN_OFF_ROW_HEIGHT)
        ws.write_string(row, 0, role, fmt["fixed"])
        for col in range(1, len(SIGN_OFF_HEADINGS)):
            ws.write_blank(row, col, None, fmt["input_date" if col == date_col else "input"])
        row += 1
    ws.data_validation(first, date_col, row - 1, date_col, _date_validation(SIGN_OFF_DATE_INPUT))
    return row


def _write_guidance_rows(ws: Worksheet, row: int, entries: tuple[tuple[str, str], ...],
                         fmt: dict[str, Format], width: float, last_col: int = 0) -> int:
    """(style, text) entries one a row from ``row``, across columns A..``last_col`` (``width``
    units in all); styles are "title", "heading", "para", "bullet", "note", "" (a gap).
    Returns the row after the last entry."""
    for style, text in entries:
        if style == "bullet":
            text = f"• {text}"
            ws.set_row(row, _height([(text, width - 2, "regular")]))
        elif style in ("title", "heading"):
            # larger bold type: 14 pt and 12 pt need taller lines
            ws.set_row(row, 24 if style == "title" else 21)
        elif style:
            ws.set_row(row, _height([(text, width, "regular")]))
        else:
            ws.set_row(row, 8)
            row += 1
            continue
        if last_col:
            ws.merge_range(row, 0, row, last_col, "", fmt[f"g_{style}"])
        ws.write_string(row, 0, text, fmt[f"g_{style}"])
        row += 1
    return row


def _finish_sheet(ws: Worksheet, *, landscape: bool, margins: tuple[float, float],
                  print_area: tuple[int, int] | None = None) -> None:
    """Protect without a password and print on A4, one page wide.

    ``margins`` are (left and right, top and bottom) in inches; ``print_area`` is the last
    (row, column) printed, from A1.
    """
    ws.protect("", PROTECT_OPTIONS)
    ws.set_paper(9)  # A4
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=margins[0], right=margins[0], top=margins[1], bottom=margins[1])
    if print_area is not None:
        ws.center_horizontally()
        ws.print_area(0, 0, *print_area)


def _write_cns_opening(ws: Worksheet, fmt: dict[str, Format], title: str, sentence: str, label_width: float,
                       last_col: int, full_width: float) -> int:
    """Title, the CNS header block and the guide's sentence, as both CNS templates open; the next free row."""
    ws.set_row(0, 22)
    ws.merge_range(0, 0, 0, last_col, "", fmt["title"])
    ws.write_string(0, 0, title, fmt["title"])
    row = _write_header_block(ws, 2, CNS_HEADER_FIELDS, fmt, label_width, last_col) + 1
    _write_merged(ws, row, last_col, sentence, fmt["sentence"], full_width)
    return row + 1
