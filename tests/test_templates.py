"""The blank templates: the committed files match the generator, and carry what readers need."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from calculator.writers.templates import TEMPLATES, write_bnssg_appendix1

COMMITTED = Path(__file__).resolve().parents[1] / "workbook_templates" / "bnssg_appendix1.xlsx"

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
)
NUMBER_LABELS = HEADER_LABELS[-3:]
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


def test_committed_template_matches_generator(tmp_path: Path) -> None:
    fresh = tmp_path / "bnssg_appendix1.xlsx"
    write_bnssg_appendix1(fresh)

    expected = _snapshot(fresh)
    committed = _snapshot(COMMITTED)
    assert list(committed) == list(expected) == ["Job plan", "Guidance"]
    for sheet, parts in expected.items():
        for part, value in parts.items():
            assert committed[sheet][part] == value, (
                f"{COMMITTED.name} sheet {sheet!r} differs in {part}: regenerate it with "
                "calculator.writers.templates.write_bnssg_appendix1"
            )


def test_registry_names_the_bnssg_template() -> None:
    assert TEMPLATES["bnssg-appendix1"] is write_bnssg_appendix1


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
