"""Option 1 typical weeks in every layout people make of Figure 1: days across or down, AM / PM as rows or
columns, the daily line as a row or a column, whole days merged over both sessions; in a team workbook
behind a Guidance sheet and below empty rows. Each is read to the same figures, with each line's own cell."""
import openpyxl
import pytest

from calculator import Params, read_workbook
from calculator.hours import category_totals

from .test_cns_readers import FIGURE_1

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
# (day, half) -> what is typed; Wednesday is a whole day, merged over both halves where the layout merges
WEEK = {
    (0, "AM"): "Clinic [DCC]",
    (0, "PM"): "Audit [SPA]",
    (1, "AM"): "Clinic [DCC]\nTeaching [SPA]",
    (2, "AM"): "Ward round [DCC]",
    (2, "PM"): "Ward round [DCC]",
}
DAILY = "Clinical admin [DCC] (2h)"
# By hand: Mon AM 3.75 DCC, Mon PM 3.75 SPA, Tue AM 1.875 DCC + 1.875 SPA, Wed AM and PM 3.75 DCC each,
# daily 2 h DCC a week. DCC 3.75 + 1.875 + 7.5 + 2 = 15.125; SPA 3.75 + 1.875 = 5.625; 5 sessions.
FIGURES = (15.125, 5.625, 0, 0)
SESSIONS = 5


def totals(plan):
    t = category_totals(plan.lines)
    return pytest.approx((t.DCC, t.SPA, t.ANR, t.ED), abs=1e-9)


def new_sheet(book, title, top=3, left=2):
    """A person's sheet: three empty rows, then the header block from column B."""
    ws = book.create_sheet(title)
    ws.cell(top + 1, left, "Name:")
    ws.cell(top + 1, left + 1, title)
    ws.cell(top + 2, left, "Contracted hours per week:")
    ws.cell(top + 2, left + 1, 22.5)
    return ws


def days_across(ws, *, merge_wednesday, daily_as_column):
    """The guide's figure from B8: weekdays across row 8 (C..G), AM row 9, PM row 10, daily row 11 or a
    'Daily and when required' column H."""
    for i, day in enumerate(DAYS):
        ws.cell(8, 3 + i, day)
    ws["B9"], ws["B10"] = "AM", "PM"
    for (day, half), text in WEEK.items():
        if merge_wednesday and (day, half) == (2, "PM"):
            continue
        ws.cell(9 if half == "AM" else 10, 3 + day, text)
    if merge_wednesday:
        ws.merge_cells("E9:E10")
    if daily_as_column:
        ws["H8"] = "Daily and when required"
        ws["H9"] = DAILY
        return {"mon_am": "C9", "wed_pm": "E9" if merge_wednesday else "E10", "daily": "H9"}
    ws["B11"] = "Daily and when required"
    ws["C11"] = DAILY
    return {"mon_am": "C9", "wed_pm": "E9" if merge_wednesday else "E10", "daily": "C11"}


def days_down(ws, *, merge_wednesday, daily_as_row):
    """The transpose: weekdays down column B (rows 9..13), AM in column C, PM in D (headings on row 8),
    daily a column E or a row 14."""
    for i, day in enumerate(DAYS):
        ws.cell(9 + i, 2, day)
    ws["C8"], ws["D8"] = "AM", "PM"
    for (day, half), text in WEEK.items():
        if merge_wednesday and (day, half) == (2, "PM"):
            continue
        ws.cell(9 + day, 3 if half == "AM" else 4, text)
    if merge_wednesday:
        ws.merge_cells("C11:D11")
    if daily_as_row:
        ws["B14"] = "Daily and when required"
        ws["C14"] = DAILY
        return {"mon_am": "C9", "wed_pm": "C11" if merge_wednesday else "D11", "daily": "C14"}
    ws["E8"] = "Daily and when required"
    ws["E9"] = DAILY
    return {"mon_am": "C9", "wed_pm": "C11" if merge_wednesday else "D11", "daily": "E9"}


def halves_across(ws, *, merge_wednesday):
    """Each day a heading merged over two columns, AM | PM beneath it (row 9), the activities on row 10;
    the daily line a row 11."""
    for i, day in enumerate(DAYS):
        ws.cell(8, 3 + 2 * i, day)
        ws.merge_cells(start_row=8, start_column=3 + 2 * i, end_row=8, end_column=4 + 2 * i)
        ws.cell(9, 3 + 2 * i, "AM")
        ws.cell(9, 4 + 2 * i, "PM")
    ws["B10"] = "Activities"
    for (day, half), text in WEEK.items():
        if merge_wednesday and (day, half) == (2, "PM"):
            continue
        ws.cell(10, 3 + 2 * day + (half == "PM"), text)
    if merge_wednesday:
        ws.merge_cells("G10:H10")
    ws["B11"] = "Daily and when required"
    ws["C11"] = DAILY
    return {"mon_am": "C10", "wed_pm": "G10" if merge_wednesday else "H10", "daily": "C11"}


def halves_down(ws, *, merge_wednesday):
    """The transpose of halves_across: each day merged over two rows in column B, AM / PM in C, activities
    in D; the daily line a column E."""
    for i, day in enumerate(DAYS):
        ws.cell(9 + 2 * i, 2, day)
        ws.merge_cells(start_row=9 + 2 * i, start_column=2, end_row=10 + 2 * i, end_column=2)
        ws.cell(9 + 2 * i, 3, "AM")
        ws.cell(10 + 2 * i, 3, "PM")
    ws["D8"] = "Activities"
    for (day, half), text in WEEK.items():
        if merge_wednesday and (day, half) == (2, "PM"):
            continue
        ws.cell(9 + 2 * day + (half == "PM"), 4, text)
    if merge_wednesday:
        ws.merge_cells("D13:D14")
    ws["E8"] = "Daily and when required"
    ws["E9"] = DAILY
    return {"mon_am": "D9", "wed_pm": "D13" if merge_wednesday else "D14", "daily": "E9"}


LAYOUTS = {
    "days across, daily row": lambda ws, merge: days_across(ws, merge_wednesday=merge, daily_as_column=False),
    "days across, daily column": lambda ws, merge: days_across(ws, merge_wednesday=merge, daily_as_column=True),
    "days down, daily column": lambda ws, merge: days_down(ws, merge_wednesday=merge, daily_as_row=False),
    "days down, daily row": lambda ws, merge: days_down(ws, merge_wednesday=merge, daily_as_row=True),
    "AM/PM columns under each day": lambda ws, merge: halves_across(ws, merge_wednesday=merge),
    "AM/PM rows beside each day": lambda ws, merge: halves_down(ws, merge_wednesday=merge),
}


@pytest.mark.parametrize("merge", [False, True], ids=["Wednesday typed twice", "Wednesday merged"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_reads_to_the_same_figures_with_each_lines_own_cell(tmp_path, layout, merge):
    book = openpyxl.Workbook()
    guidance = book.active
    guidance.title = "Guidance"  # the guide's example week, which is nobody's plan
    for i, day in enumerate(DAYS):
        guidance.cell(1, 2 + i, day)
    for r, kind in enumerate(("AM", "PM"), start=2):
        guidance.cell(r, 1, kind)
        for i, text in enumerate(FIGURE_1[kind]):
            guidance.cell(r, 2 + i, text)
    cells = LAYOUTS[layout](new_sheet(book, "Sam Lee"), merge)
    book.save(tmp_path / "team.xlsx")
    plans, findings = read_workbook(tmp_path / "team.xlsx", Params())
    assert not findings
    [plan] = plans
    assert plan.template == "CNS Option 1" and plan.name == "Sam Lee"
    assert (plan.cells["name"], plan.cells["contracted_hours"]) == ("C4", "C5")
    assert totals(plan) == FIGURES
    assert plan.sessions == SESSIONS and plan.timetable_hours == pytest.approx(SESSIONS * 3.75)
    where = {line.activity: line.cell for line in plan.lines}
    assert where["Monday AM: Clinic"] == cells["mon_am"]
    assert where["Wednesday PM: Ward round"] == cells["wed_pm"]
    assert where["Daily and when required: Clinical admin"] == cells["daily"]


def test_session_times_in_the_am_pm_headings_give_the_sessions_length(tmp_path):
    book = openpyxl.Workbook()
    ws = new_sheet(book, "Sam Lee")
    for i, day in enumerate(DAYS):
        ws.cell(9 + i, 2, day)
    ws["C8"], ws["D8"] = "AM 09:00-12:00", "PM 13:00-17:00"
    ws["C9"], ws["D9"] = "Clinic [DCC]", "Audit [SPA]"
    book.remove(book["Sheet"])
    book.save(tmp_path / "t.xlsx")
    [plan], _ = read_workbook(tmp_path / "t.xlsx", Params())
    # a 3 h morning and a 4 h afternoon
    assert totals(plan) == (3.0, 4.0, 0, 0)
    assert [line.note for line in plan.lines] == ["session of 3 h (C8)", "session of 4 h (D8)"]


def test_the_bapo_ar_tag_is_anr(tmp_path):
    book = openpyxl.Workbook()
    ws = new_sheet(book, "Sam Lee")
    for i, day in enumerate(DAYS):
        ws.cell(8, 3 + i, day)
    ws["B9"], ws["B10"] = "AM", "PM"
    ws["C9"] = "Shape capture\nFitting"  # BAPO clinical work: DCC from the dictionary
    ws["C10"] = "Staff side rep [AR]"
    book.remove(book["Sheet"])
    book.save(tmp_path / "t.xlsx")
    [plan], findings = read_workbook(tmp_path / "t.xlsx", Params())
    assert not findings and not plan.findings
    assert totals(plan) == (3.75, 0, 3.75, 0)
