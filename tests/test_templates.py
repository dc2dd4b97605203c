"""The blank templates: the committed files match the generator, and carry what readers need."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.worksheet import Worksheet

from calculator import Params, read_workbook
from calculator.writers.template_kinds import TEMPLATE_KINDS
from calculator.writers.templates import (
    TEMPLATES,
    write_bnssg_appendix1,
    write_cns_option1,
    write_cns_option2,
)

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "workbook_templates"
COMMITTED = TEMPLATE_DIR / "bnssg_appendix1.xlsx"

#: kind -> (committed file, its sheets in order)
COMMITTED_TEMPLATES = {
    "bnssg-appendix1": ("bnssg_appendix1.xlsx", ["Job plan", "Guidance"]),
    "cns-option1": ("cns_option1_typical_week.xlsx", ["Typical week", "Guidance"]),
    "cns-option2": ("cns_option2_sessions.xlsx", ["Sessions", "Guidance"]),
}

HEADER_LABELS = (
    "Name:",
    "Employed Role:",
    "Principal Place of work:",
    "PCN/Practice Manager:",
    "Educational Supervisor:",
    "Scope of Practice:",
    "Band:",
    "Professional group:",
    "Team / service:",
    "Contracted hours per week:",
    "NHS service (years):",
    "Annual leave entitlement (days):",
    "Job plan start date:",
    "Review date:",
    "Started in this post:",
)
NUMBER_LABELS = HEADER_LABELS[-5:-3]
HOURS_LABEL = "Contracted hours per week:"  # hours or a WTE, as the reader takes them
DATE_LABELS = HEADER_LABELS[-3:]
SESSION_HEADINGS = (
    "Session",
    "Day and time",
    "Location",
    "Type of work (Clinical, SPA or Integrated)",
    "Additional Detail",
    "Estimated no. of patients reviewed (if appropriate)",
)
ADDITIONAL_HEADINGS = (
    "Location",
    "Type of work (Clinical, SPA or Integrated)",
    "Additional Detail",
    "Frequency",
    "Session usually undertaken in",
)
SIGN_OFF_HEADINGS = ("Role", "Name", "Signature", "Date")
SIGN_OFF_ROLES = ("Employee", "Practice/PCN Manager", "Educational Supervisor")
TYPE_OF_WORK = "Type of work (Clinical, SPA or Integrated)"
TYPE_OF_WORK_CHOICES = [
    "Clinical",
    "SPA",
    "Integrated (50/50)",
    "Integrated (60/40)",
    "Integrated (70/30)",
    "Integrated (80/20)",
    "Integrated (40/60)",
]
FREQUENCY_CHOICES = [
    "Weekly",
    "Fortnightly",
    "Monthly",
    "Every 6 weeks",
    "Bi-monthly",
    "Quarterly",
    "Twice a year",
    "Annually",
]


def _snapshot(path: Path) -> dict[str, dict[str, object]]:
    """What a person sees and can do in each sheet, independent of xlsxwriter's byte layout."""
    workbook = openpyxl.load_workbook(path)
    sheets: dict[str, dict[str, object]] = {}
    for ws in workbook.worksheets:
        cells = [c for row in ws.iter_rows() for c in row]
        sheets[ws.title] = {
            "values": {c.coordinate: c.value for c in cells if c.value is not None},
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "validations": sorted(
                (str(dv.sqref), dv.type, dv.operator, dv.formula1, dv.formula2, dv.errorStyle)
                for dv in ws.data_validations.dataValidation
            ),
            "locked": {c.coordinate: c.protection.locked for c in cells},
            "protected": ws.protection.sheet,
        }
    return sheets


@pytest.mark.parametrize("kind", sorted(COMMITTED_TEMPLATES))
def test_committed_template_matches_generator(kind: str, tmp_path: Path) -> None:
    name, sheets = COMMITTED_TEMPLATES[kind]
    fresh = tmp_path / name
    TEMPLATES[kind](fresh)

    expected = _snapshot(fresh)
    committed = _snapshot(TEMPLATE_DIR / name)
    assert list(committed) == list(expected) == sheets
    for sheet, parts in expected.items():
        for part, value in parts.items():
            assert committed[sheet][part] == value, (
                f"{name} sheet {sheet!r} differs in {part}: regenerate it with "
                f"python -m calculator template {kind} workbook_templates/{name} --force"
            )


def test_registry_names_the_templates() -> None:
    assert TEMPLATES == {
        "bnssg-appendix1": write_bnssg_appendix1,
        "cns-option1": write_cns_option1,
        "cns-option2": write_cns_option2,
    }
    assert sorted(COMMITTED_TEMPLATES) == sorted(TEMPLATES)


def test_command_line_kinds_are_the_registry() -> None:
    assert TEMPLATE_KINDS == tuple(sorted(TEMPLATES))


@pytest.fixture(scope="module")
def job_plan(tmp_path_factory: pytest.TempPathFactory) -> Worksheet:
    path = tmp_path_factory.mktemp("template") / "bnssg_appendix1.xlsx"
    write_bnssg_appendix1(path)
    return openpyxl.load_workbook(path)["Job plan"]


def _cells(ws: Worksheet, value: object) -> list[str]:
    return [c.coordinate for row in ws.iter_rows() for c in row if c.value == value]


def _heading_rows(ws: Worksheet, headings: tuple[str, ...]) -> list[int]:
    """Rows holding ``headings`` in consecutive columns from A."""
    return [
        row[0].row
        for row in ws.iter_rows(max_col=len(headings))
        if tuple(c.value for c in row) == headings
    ]


def _input_rows_below(ws: Worksheet, header_row: int, column: int) -> list[int]:
    """The rows of unlocked cells directly below a table's heading, in ``column``."""
    rows = []
    row = header_row + 1
    while not ws.cell(row, column).protection.locked:
        rows.append(row)
        row += 1
    return rows


def _validation(ws: Worksheet, coordinate: str):
    found = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) == 1, f"{coordinate} has {len(found)} data validations"
    return found[0]


def _choices(formula1: str) -> list[str]:
    assert formula1.startswith('"') and formula1.endswith('"')
    return formula1[1:-1].split(",")


def test_header_labels_have_unlocked_value_cells(job_plan: Worksheet) -> None:
    for label in HEADER_LABELS:
        assert _cells(job_plan, label) and _cells(job_plan, label)[0].startswith("A"), label
        row = job_plan[_cells(job_plan, label)[0]].row
        assert f"B{row}:F{row}" in {str(r) for r in job_plan.merged_cells.ranges}, label
        assert job_plan.cell(row, 2).protection.locked is False, label
        dv = [d for d in job_plan.data_validations.dataValidation if f"B{row}" in d.sqref]
        if label in NUMBER_LABELS:
            assert len(dv) == 1 and dv[0].type == "decimal" and dv[0].prompt, label
        elif label == HOURS_LABEL:
            assert len(dv) == 1 and dv[0].type == "custom" and "0.8 WTE" in dv[0].prompt, label
        elif label in DATE_LABELS:
            assert len(dv) == 1 and dv[0].type == "date" and dv[0].prompt, label
            assert job_plan.cell(row, 2).number_format == "dd/mm/yyyy", label
        else:
            assert dv == [], label
    # the labels are in seed order, one a row
    rows = [job_plan[_cells(job_plan, label)[0]].row for label in HEADER_LABELS]
    assert rows == list(range(rows[0], rows[0] + len(HEADER_LABELS)))
    assert job_plan["A1"].value == "NHS xxxxx"
    assert job_plan.protection.sheet is True


def test_session_table(job_plan: Worksheet) -> None:
    (header,) = _heading_rows(job_plan, SESSION_HEADINGS)
    numbers = [job_plan.cell(header + i, 1).value for i in range(1, 11)]
    assert numbers == list(range(1, 11))
    assert job_plan.cell(header + 1, 2).value == "Monday\nMorning session\n(times)"
    assert job_plan.cell(header + 10, 2).value == "Friday\nAfternoon session\n(times)"
    assert job_plan.cell(header + 11, 1).value is None
    for i in range(1, 11):
        assert all(not job_plan.cell(header + i, col).protection.locked for col in range(2, 7))
        assert job_plan.cell(header + i, 1).protection.locked


def test_additional_activity_tables(job_plan: Worksheet) -> None:
    internal, external = _heading_rows(job_plan, ADDITIONAL_HEADINGS)
    assert job_plan.cell(internal - 1, 1).value == "a) Additional Activities (internal)"
    assert job_plan.cell(external - 1, 1).value == "b) Additional Activities (External)"
    assert len(_input_rows_below(job_plan, internal, 1)) == 5
    assert len(_input_rows_below(job_plan, external, 1)) == 4


def test_sign_off_table(job_plan: Worksheet) -> None:
    (header,) = _heading_rows(job_plan, SIGN_OFF_HEADINGS)
    roles = tuple(job_plan.cell(header + i, 1).value for i in range(1, 4))
    assert roles == SIGN_OFF_ROLES
    for i in range(1, 4):
        assert job_plan.cell(header + i, 1).protection.locked
        assert all(not job_plan.cell(header + i, col).protection.locked for col in (2, 3, 4))
        date_cell = job_plan.cell(header + i, 4)
        assert date_cell.number_format == "dd/mm/yyyy"
        assert _validation(job_plan, date_cell.coordinate).type == "date"


def test_type_of_work_and_frequency_cells_have_dropdowns(job_plan: Worksheet) -> None:
    checked = {"type": 0, "frequency": 0, "session": 0}
    for coordinate in _cells(job_plan, TYPE_OF_WORK):
        heading = job_plan[coordinate]
        for row in _input_rows_below(job_plan, heading.row, heading.column):
            dv = _validation(job_plan, job_plan.cell(row, heading.column).coordinate)
            assert dv.type == "list" and dv.errorStyle == "information" and dv.prompt
            assert _choices(dv.formula1) == TYPE_OF_WORK_CHOICES
            checked["type"] += 1
    for heading_text, key, choices in (
        ("Frequency", "frequency", FREQUENCY_CHOICES),
        ("Session usually undertaken in", "session", None),
    ):
        for coordinate in _cells(job_plan, heading_text):
            heading = job_plan[coordinate]
            for row in _input_rows_below(job_plan, heading.row, heading.column):
                dv = _validation(job_plan, job_plan.cell(row, heading.column).coordinate)
                if choices is None:
                    assert dv.type is None and "session number 1–10" in dv.prompt
                else:
                    assert dv.type == "list" and dv.errorStyle == "information"
                    assert _choices(dv.formula1) == choices
                checked[key] += 1
    assert checked == {"type": 10 + 5 + 4, "frequency": 5 + 4, "session": 5 + 4}


def test_guidance_sheet_explains_how_jobplan_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_bnssg_appendix1(path)
    guidance = openpyxl.load_workbook(path)["Guidance"]
    text = "\n".join(str(c.value) for c in guidance["A"] if c.value)
    for needle in (
        "What are clinical sessions?",
        "Supporting Professional Activity",
        "integrated clinical and SPA",
        "location",
        "How jobplan reads this template",
        "3.75 hours",
        "09:00-12:45",
        "Integrated (60/40)",
        "70% clinical",
        "every 6 weeks",
        "External Duties (ED)",
        "12 months",
    ):
        assert needle in text, needle


# ---------------------------------------------------------------------------------------------
# Wessex Cancer CNS templates
# ---------------------------------------------------------------------------------------------

CNS_HEADER_LABELS = (
    "Name:",
    "Job title:",
    "Band:",
    "Professional group:",
    "Team / service:",
    "Contracted hours per week:",
    "NHS service (years):",
    "Annual leave entitlement (days):",
    "Job plan start date:",
    "Review date:",
    "Started in this post:",
    "Date agreed:",
)
CNS_NUMBER_LABELS = CNS_HEADER_LABELS[6:8]
CNS_SIGN_OFF_ROLES = ("CNS", "Line manager")
WEEKDAY_HEADINGS = (None, "Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
GRID_ROWS = ("AM", "PM", "Daily and when required")
CNS2_HEADINGS = (
    "Clinical Activity",
    "*Proposed regular number of sessions",
    "Category (only if not the section's: DCC, SPA, ANR or ED)",
)
CNS2_CLINICAL = (
    "Coordination of Care",
    "Clinical phone calls",
    "Inpatient Service",
    "Outpatient Service",
    "Clinical Administration",
)
CNS2_PROFESSIONAL = (
    "Leadership & Management",
    "Research",
    "Evidence-based practice & quality",
    "Educating self and others",
)


@pytest.fixture(scope="module")
def cns_books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, openpyxl.Workbook]:
    folder = tmp_path_factory.mktemp("cns")
    write_cns_option1(folder / "option1.xlsx")
    write_cns_option2(folder / "option2.xlsx")
    return {
        "cns-option1": openpyxl.load_workbook(folder / "option1.xlsx"),
        "cns-option2": openpyxl.load_workbook(folder / "option2.xlsx"),
    }


@pytest.fixture(scope="module")
def typical_week(cns_books) -> Worksheet:
    return cns_books["cns-option1"]["Typical week"]


@pytest.fixture(scope="module")
def sessions(cns_books) -> Worksheet:
    return cns_books["cns-option2"]["Sessions"]


def _width(ws: Worksheet, letter: str) -> float:
    """A column's width; xlsxwriter writes adjacent equal columns as one range (min..max)."""
    index = column_index_from_string(letter)
    for dimension in ws.column_dimensions.values():
        if dimension.min and dimension.min <= index <= dimension.max:
            return dimension.width
    raise AssertionError(f"column {letter} has no width set")


def _row_of(ws: Worksheet, value: object) -> int:
    (coordinate,) = _cells(ws, value)
    return ws[coordinate].row


@pytest.mark.parametrize("kind, sheet, last", [
    ("cns-option1", "Typical week", "F"),
    ("cns-option2", "Sessions", "E"),
])
def test_cns_header_block(cns_books, kind: str, sheet: str, last: str) -> None:
    ws = cns_books[kind][sheet]
    merged = {str(r) for r in ws.merged_cells.ranges}
    rows = []
    for label in CNS_HEADER_LABELS:
        coordinates = _cells(ws, label)
        assert len(coordinates) == 1 and coordinates[0].startswith("A"), label
        row = ws[coordinates[0]].row
        rows.append(row)
        assert f"B{row}:{last}{row}" in merged, label
        value = ws.cell(row, 2)
        assert value.value is None and value.protection.locked is False, label
        # nothing else on the row: a reader looks right of the label for its value
        assert [c.coordinate for c in ws[row] if c.value is not None] == [f"A{row}"], label
        dv = [d for d in ws.data_validations.dataValidation if f"B{row}" in d.sqref]
        if label in CNS_NUMBER_LABELS:
            assert len(dv) == 1 and dv[0].type == "decimal" and dv[0].prompt, label
        elif label == HOURS_LABEL:
            assert len(dv) == 1 and dv[0].type == "custom" and "0.8 WTE" in dv[0].prompt, label
        elif label in ("Date agreed:", *DATE_LABELS):
            assert len(dv) == 1 and dv[0].type == "date" and dv[0].prompt, label
            assert value.number_format == "dd/mm/yyyy"
        else:
            assert dv == [], label
    assert rows == list(range(rows[0], rows[0] + len(CNS_HEADER_LABELS)))
    # the row below the block is empty, so no value is looked for under "Date agreed:"
    assert all(c.value is None for c in ws[rows[-1] + 1])
    assert ws.protection.sheet is True


@pytest.mark.parametrize("kind, sheet", [("cns-option1", "Typical week"),
                                         ("cns-option2", "Sessions")])
def test_cns_sign_off_table(cns_books, kind: str, sheet: str) -> None:
    ws = cns_books[kind][sheet]
    (header,) = _heading_rows(ws, SIGN_OFF_HEADINGS)
    assert tuple(ws.cell(header + i, 1).value for i in (1, 2)) == CNS_SIGN_OFF_ROLES
    assert ws.cell(header + 3, 1).value is None
    for i in (1, 2):
        assert ws.cell(header + i, 1).protection.locked
        assert all(not ws.cell(header + i, col).protection.locked for col in (2, 3, 4))
        date_cell = ws.cell(header + i, 4)
        assert date_cell.number_format == "dd/mm/yyyy"
        assert _validation(ws, date_cell.coordinate).type == "date"


def test_cns_option1_grid(typical_week: Worksheet) -> None:
    ws = typical_week
    assert ws["A1"].value == ("Cancer CNS Job Plan – Option 1: Job plan summarised into a "
                              "typical week")
    (header,) = _heading_rows(ws, WEEKDAY_HEADINGS)
    assert ws.cell(header - 1, 1).value.startswith(
        "The template below describes potential distribution of work across the week, "
        "without accounting for unforeseen or emergency activities."
    )
    assert "Guidance sheet" in ws.cell(header - 1, 1).value
    assert tuple(ws.cell(header + i, 1).value for i in (1, 2, 3)) == GRID_ROWS
    assert ws.cell(header + 4, 1).value is None
    for col in "BCDEF":
        assert _width(ws, col) >= 28
    for i in (1, 2, 3):
        assert ws.row_dimensions[header + i].height >= 100
        for col in range(2, 7):
            cell = ws.cell(header + i, col)
            assert cell.value is None and cell.protection.locked is False
            assert cell.alignment.wrap_text
            assert _validation(ws, cell.coordinate).prompt
    assert "(3h)" in _validation(ws, ws.cell(header + 3, 2).coordinate).prompt
    assert "3.75 h" in _validation(ws, ws.cell(header + 1, 2).coordinate).prompt


def test_cns_option1_how_to_is_below_the_grid(typical_week: Worksheet) -> None:
    ws = typical_week
    (header,) = _heading_rows(ws, WEEKDAY_HEADINGS)
    how_to = _row_of(ws, "How to fill this in")
    (sign_off,) = _heading_rows(ws, SIGN_OFF_HEADINGS)
    assert header + 3 < how_to < sign_off
    notes = [ws.cell(row, 1).value for row in range(how_to + 1, sign_off)]
    text = "\n".join(n for n in notes if n)
    for needle in ("Alt+Enter", "(1.5h)", "(90 min)", "(40%)", "[SPA]", "[ANR]", "[ED]",
                   "[DCC]", "3.75 h", "Clinical administration (3h)"):
        assert needle in text, needle
    merged = {str(r) for r in ws.merged_cells.ranges}
    for row in range(how_to + 1, sign_off):
        if ws.cell(row, 1).value:
            assert f"A{row}:F{row}" in merged


def test_cns_option1_guidance_reproduces_figure_1(cns_books) -> None:
    ws = cns_books["cns-option1"]["Guidance"]
    heading = _row_of(ws, "Example from the Wessex Cancer CNS guide (Figure 1)")
    (header,) = _heading_rows(ws, WEEKDAY_HEADINGS)
    assert header > heading
    assert tuple(ws.cell(header + i, 1).value for i in (1, 2, 3)) == GRID_ROWS
    assert ws.cell(header + 1, 2).value == (
        "Clinical phone calls\n"
        "Check inpatient lists & identify patients, review Clinic /MDT list for week ahead & "
        "plan week.\n"
        "Clinics or meetings – define type, frequency e.g. MDT meetings, nurse led clinics"
    )
    assert ws.cell(header + 1, 3).value == (
        "Clinical phone calls\nClinics - define\nSACT Unit – review patients"
    )
    assert ws.cell(header + 2, 6).value == (
        "Review inpatients\nInformal teaching\n"
        "Clinical phone calls Assessment, prevention of unscheduled care"
    )
    assert [ws.cell(header + 3, col).value for col in range(2, 7)] == [
        "Clinical Administration",
        "Staff management – 1-1's, AL, sickness, Annual appraisals & PDR",
        "Personal education & development",
        "Teaching",
        None,
    ]
    assert all(c.protection.locked for row in ws.iter_rows() for c in row)
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    for needle in ("What is a job plan?", "10 sessions", "3.75 hours", "four pillars",
                   "Leary A, (2011)"):
        assert needle in text, needle


def test_cns_option2_table(sessions: Worksheet) -> None:
    ws = sessions
    assert ws["A1"].value == "Cancer CNS Job Plan – Option 2: High Level Cancer CNS Job Plan"
    header = _row_of(ws, "Clinical Activity")
    assert [ws.cell(header, col).value for col in range(1, 6)] == [
        CNS2_HEADINGS[0], None, None, CNS2_HEADINGS[1], CNS2_HEADINGS[2]
    ]
    assert ws.cell(header - 1, 1).value == (
        "Please complete the table below with the average time spent each week in the "
        "activity. This table needs adapted to appropriately reflect your role. A full-time "
        "Clinical Nurse Specialist's (CNS) week is often divided into 10 sessions: five "
        "morning and five afternoon sessions, as part of a 37.5 hour week."
    )
    names = CNS2_CLINICAL + ("Professional Activities",) + CNS2_PROFESSIONAL
    cells = [ws.cell(header + 1 + i, 1).value for i in range(len(names))]
    for name, cell in zip(names, cells):
        assert cell == name or cell.startswith(name + "\n"), name
    section = header + 1 + len(CNS2_CLINICAL)
    assert all(ws.cell(section, col).protection.locked for col in range(1, 6))
    assert ws.cell(section, 1).font.b
    own = list(range(section + 1 + len(CNS2_PROFESSIONAL), section + 4 + len(CNS2_PROFESSIONAL)))
    for row in own:
        assert ws.cell(row, 1).value is None and not ws.cell(row, 1).protection.locked
        assert "SPA" in _validation(ws, f"A{row}").prompt
    total = own[-1] + 1
    assert ws.cell(total, 1).value == "Total"
    assert not ws.cell(total, 4).protection.locked and ws.cell(total, 4).value is None
    assert "sum" in _validation(ws, f"D{total}").prompt
    assert ws.cell(total + 1, 1).value == ("*Based on the assumption that a normal week "
                                           "consists of 10 sessions for a fulltime post.")
    activity_rows = [r for r in range(header + 1, total) if r != section]
    assert len(activity_rows) == len(CNS2_CLINICAL) + len(CNS2_PROFESSIONAL) + 3
    for row in activity_rows:
        assert f"A{row}:C{row}" in {str(r) for r in ws.merged_cells.ranges}
        for col in (4, 5):
            assert not ws.cell(row, col).protection.locked
        dv = _validation(ws, f"D{row}")
        assert dv.type is None and "3.75 h" in dv.prompt and "1 ½" in dv.prompt
        dv = _validation(ws, f"E{row}")
        assert dv.type == "list" and dv.errorStyle == "information"
        assert _choices(dv.formula1) == ["DCC", "SPA", "ANR", "ED"]
        text = ws.cell(row, 1).value or ""
        assert ws.row_dimensions[row].height >= 15 * (text.count("\n") + 1)
    assert sum(_width(ws, c) for c in "ABC") >= 85


def test_cns_option2_descriptions_are_the_seeds(sessions: Worksheet) -> None:
    text = {c.value.split("\n")[0]: c.value for c in sessions["A"] if isinstance(c.value, str)}
    assert text["Coordination of Care"].startswith(
        "Coordination of Care\nCare coordination is crucial to patient outcomes and experience "
        "of care.")
    assert text["Clinical phone calls"].endswith(
        "\nConsider including the average number of calls in a week – if known")
    # the paragraph the guide's page break splits is whole again
    assert ("provide input within radiotherapy outpatient clinics. In the Systemic Anti-Cancer "
            "Therapy (SACT) unit, the CNS") in text["Outpatient Service"]
    assert text["Research"].startswith("Research\nDescribe your involvement in research")
    assert text["Educating self and others"].endswith(
        "\nPersonal education & development - Participation and completion of mandatory "
        "training, action learning sets, webinars, study days, academic courses, conferences "
        "and sourcing funding opportunities.")
    for value in text.values():
        assert "<p>" not in value and "</i>" not in value


def test_cns_option2_guidance(cns_books) -> None:
    guidance = cns_books["cns-option2"]["Guidance"]
    text = "\n".join(str(c.value) for c in guidance["A"] if c.value)
    for needle in ("3.75 hours", "1 ½", "Category cell", "Total row", "Direct Clinical Care (DCC)",
                   "Supporting Professional Activities (SPA)", "ANR", "ED", "12 months"):
        assert needle in text, needle


# What a person may type as contracted hours, whether Excel lets it in, and what jobplan reads from it
# (full time 37.5 h): the template's check and the reader agree on every one.
CONTRACTED_HOURS_TYPED = [
    (22.5, True, 22.5),
    (37.5, True, 37.5),
    ("22.5", True, 22.5),        # typed with a leading apostrophe: text
    ("22.5 hrs", True, 22.5),
    ("0.8 WTE", True, 30.0),     # 0.8 x 37.5
    ("1 FTE", True, 37.5),
    (0.8, False, None),          # a WTE or hours? refused by both, never guessed
    (1.5, False, None),
    (0, False, None),
]


@pytest.mark.parametrize("kind", sorted(COMMITTED_TEMPLATES))
def test_contracted_hours_check_lets_in_what_the_reader_reads(kind: str, tmp_path: Path) -> None:
    from .libreoffice import LibreOffice

    name, _sheets = COMMITTED_TEMPLATES[kind]
    book = openpyxl.load_workbook(TEMPLATE_DIR / name)
    sheet = book.worksheets[0]
    [label] = _cells(sheet, HOURS_LABEL)
    cell = sheet.cell(sheet[label].row, 2).coordinate
    rule = _validation(sheet, cell)
    assert rule.type == "custom" and rule.showErrorMessage
    assert "22.5 hrs" in rule.prompt and "0.8 WTE" in rule.prompt and "on its own is hours" in rule.prompt
    # LibreOffice works the rule's formula out for each value typed into the cell, on a copy of the template
    formula = rule.formula1.lstrip("=")
    probes = []
    for number, (typed, _allowed, _hours) in enumerate(CONTRACTED_HOURS_TYPED):
        probe = book.create_sheet(f"probe{number}")
        probe[cell] = typed
        probe["A1"] = "=" + formula
        probes.append(probe.title)
    book.save(tmp_path / "probe.xlsx")
    [done] = LibreOffice(tmp_path).recalculate(tmp_path / "probe.xlsx")
    checked = openpyxl.load_workbook(done, data_only=True)
    for title, (typed, allowed, hours) in zip(probes, CONTRACTED_HOURS_TYPED):
        assert checked[title]["A1"].value is allowed, typed
        filled = openpyxl.load_workbook(TEMPLATE_DIR / name)
        filled.worksheets[0][cell] = typed
        filled.save(tmp_path / "filled.xlsx")
        plans, findings = read_workbook(tmp_path / "filled.xlsx", Params())
        [plan] = plans
        assert plan.contracted_hours == hours, (typed, findings)
