"""The BNSSG Appendix 1 reader finds everything by label, in the layouts trusts make of the Word template."""
from datetime import date, datetime

import openpyxl
import pytest

from calculator import Params, read_workbook

from .common import SAMPLE_TEAM, only_plan

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def seed_like_workbook(path, *, first_col=1, top_rows=0, gap_rows=0, header=None, sheet="Job plan",
                       sessions=None, internal=(), external=(), sign_off=(), session_label="Session"):
    """Appendix 1 typed into Excel the way a trust might: table starting in ``first_col``, ``top_rows`` extra
    rows above, ``gap_rows`` blank rows between the blocks, header fields in the given order."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    row = 1 + top_rows
    c = first_col

    def put(r, col, value):
        cell = ws.cell(r, col, value)
        if isinstance(value, str):
            cell.data_type = "s"  # what a person typed, even "=..."; openpyxl would store a formula

    put(row, c, "NHS Somewhere Trust")
    row += 2
    for label, value in header or []:
        if isinstance(value, tuple) and value[0] == "below":
            put(row, c, label)
            put(row + 1, c, value[1])
            row += 2
        else:
            put(row, c, label)
            put(row, c + 1, value)
            row += 1
    row += 1 + gap_rows
    put(row, c, "Timetable of activities which have a specific location and time (e.g. 8am – 8pm Monday-Friday)")
    row += 1
    for i, heading in enumerate([session_label, "Day and time", "Location", "Type of work (Clinical, SPA or Integrated)",
                                 "Additional Detail", "Estimated no. of patients reviewed (if appropriate)"]):
        put(row, c + i, heading)
    for n in range(1, 11):
        row += 1
        times, location, kind, detail = (sessions or {}).get(n, (None, None, None, None))
        put(row, c, n)
        day = f"{DAYS[(n - 1) // 2]}\n{('Morning', 'Afternoon')[(n - 1) % 2]} session\n{times or '(times)'}"
        put(row, c + 1, day)
        put(row, c + 2, location)
        put(row, c + 3, kind)
        put(row, c + 4, detail)
    for title, activities in (("a) Additional Activities (internal)", internal),
                              ("b) Additional Activities (External)", external)):
        row += 2 + gap_rows
        put(row, c, title)
        row += 1
        for i, heading in enumerate(["Location", "Type of work (Clinical, SPA or Integrated)", "Additional Detail",
                                     "Frequency", "Session usually undertaken in"]):
            put(row, c + i, heading)
        for activity in list(activities) + [(None,) * 5] * 3:
            row += 1
            for i, value in enumerate(activity):
                put(row, c + i, value)
    row += 2
    put(row, c, "This job plan will be subject to review at least annually or more often if the re-design of "
                "services or changes to staffing resources, working practices or where the practitioner’s "
                "circumstances require it.")
    row += 2
    for i, heading in enumerate(["Role", "Name", "Signature", "Date"]):
        put(row, c + i, heading)
    for role, name, signed in sign_off:
        row += 1
        put(row, c, role)
        put(row, c + 1, name)
        put(row, c + 3, signed)
    book.save(path)
    return path


DEV_SESSIONS = {
    1: ("09:00-12:45", "Riverside Surgery", "Clinical", "Urgent care"),
    2: ("13:15-17:00", "Riverside Surgery", "Clinical", "Urgent care"),
    3: ("09:00-12:45", "Riverside Surgery", "Integrated (80/20)", "Clinic and supervising trainees"),
    4: ("13:15-17:00", "Riverside Surgery", "Clinical", "Minor illness clinic"),
    5: ("09:00-12:45", "Riverside Surgery", "Clinical", "Urgent care"),
    6: ("13:15-17:00", "Riverside Surgery", "Clinical", "Home visits"),
    7: ("09:00-12:45", "Riverside Surgery", "Clinical", "Urgent care"),
    8: ("13:15-17:00", "Office", "SPA", "Audit and governance"),
    9: ("09:00-12:45", "Riverside Surgery", "Clinical", "Complex polypharmacy reviews"),
    10: ("13:15-17:00", "Office", "SPA", "CPD"),
}
DEV_INTERNAL = [("Trust HQ", "ANR", "Freedom to Speak Up guardian (2 hours)", "Fortnightly", "Friday PM")]
DEV_EXTERNAL = [("RCN", "SPA", "Royal College of Nursing forum", "twice a year", "Session 7")]
# by hand (see test_sample_team): DCC 26.25 + 3.0 - 7.5/43.742857; SPA 0.75 + 7.5 - 1; ANR 1; ED 7.5/43.742857
DEV_FIGURES = (29.078543, 7.25, 1.0, 0.171457)


def totals(plan):
    from calculator.hours import category_totals

    t = category_totals(plan.lines)
    return (t.DCC, t.SPA, t.ANR, t.ED)


def test_seed_layout_moved_reordered_and_renamed_reads_to_the_same_figures(tmp_path):
    path = seed_like_workbook(
        tmp_path / "trust conversion.xlsx",
        first_col=3, top_rows=4, gap_rows=2, sheet="Dev's plan 2026",
        header=[  # reordered, other capitals, some without colons, one value below its label
            ("CONTRACTED HOURS PER WEEK", "37.5"), ("nhs service (years):", "5 yrs"), ("Band", "8a"),
            ("Employed Role :", "Advanced Clinical Practitioner"), ("NAME:", ("below", "Dev Patel")),
            ("Professional Group", "Nursing"),
        ],
        sessions=DEV_SESSIONS, internal=DEV_INTERNAL, external=DEV_EXTERNAL,
        sign_off=[("Employee", "Dev Patel", "10/03/2025"), ("Practice/PCN Manager", "H Marsh", datetime(2025, 3, 11))],
    )
    plan = only_plan(path)
    assert plan.sheet == "Dev's plan 2026"
    assert (plan.name, plan.band, plan.job_title, plan.professional_group) == (
        "Dev Patel", "Band 8a", "Advanced Clinical Practitioner", "Nursing")
    assert (plan.contracted_hours, plan.service_years) == (37.5, 5)
    assert totals(plan) == pytest.approx(DEV_FIGURES, abs=1e-6)
    assert plan.sign_off == date(2025, 3, 11)
    assert plan.findings == []


def test_sample_workbook_and_seed_layout_agree(tmp_path):
    sample = only_plan(SAMPLE_TEAM / "Dev Patel ACP.xlsx")
    assert totals(sample) == pytest.approx(DEV_FIGURES, abs=1e-6)


def test_line_cells_point_at_the_source(tmp_path):
    path = seed_like_workbook(tmp_path / "p.xlsx", first_col=2, header=[("Name:", "A N Other"),
                              ("Contracted hours per week:", 7.5)],
                              sessions={1: (None, "Clinic", "Clinical", "MSK"), 2: (None, "Office", "SPA", "CPD")})
    plan = only_plan(path)
    # header at rows 3-4, sentence row 6, headings row 7, session 1 on row 8, type in column E (2 + 3)
    assert [(line.category, line.hours, line.cell) for line in plan.lines] == [("DCC", 3.75, "E8"), ("SPA", 3.75, "E9")]
    assert plan.cells["contracted_hours"] == "C4"


@pytest.mark.parametrize(
    "kind, detail, dcc, warned",
    [
        ("Integrated (60/40)", "", 2.25, False),
        ("Integrated 70:30", "", 2.625, False),
        ("integrated", "approx 70% clinical", 2.625, False),
        ("Integrated", "Clinic then 40% SPA", 2.25, False),
        ("Integrated", "Clinic and audit", 1.875, True),  # no share: 50/50 with a warning
        ("Clinical/SPA", "", 1.875, True),
    ],
)
def test_integrated_share_from_type_or_detail(tmp_path, kind, detail, dcc, warned):
    path = seed_like_workbook(tmp_path / "p.xlsx", header=[("Name:", "X"), ("Contracted hours per week:", 3.75)],
                              sessions={1: (None, "Clinic", kind, detail)})
    plan = only_plan(path)
    assert totals(plan)[:2] == pytest.approx((dcc, 3.75 - dcc))
    assert any("clinical" in f.message and f.severity == "warning" for f in plan.findings) == warned


@pytest.mark.parametrize(
    "frequency, per_week",
    [
        # 3.75 h a time; monthly and yearly spread over 44.142857 job-planned weeks (27 days' leave)
        ("monthly", 3.75 * 12 / 44.142857),
        ("every 6 weeks", 3.75 / 6),
        ("2 x per month", 3.75 * 24 / 44.142857),
        ("fortnightly", 1.875),
        ("twice a year", 7.5 / 44.142857),
        ("quarterly", 15 / 44.142857),
        ("3 per year", 11.25 / 44.142857),
    ],
)
def test_additional_activity_frequencies_become_weekly_averages(tmp_path, frequency, per_week):
    path = seed_like_workbook(tmp_path / "p.xlsx", header=[("Name:", "X"), ("Contracted hours per week:", 37.5)],
                              internal=[("Office", "SPA", "Network meeting", frequency, None)])
    plan = only_plan(path)
    assert totals(plan) == pytest.approx((0, per_week, 0, 0), abs=1e-6)


@pytest.mark.parametrize("ref", ["3", 3, "Session 3", "Tuesday AM", "Tue am", "tues morning"])
def test_activity_in_place_of_a_session_moves_time_between_categories(tmp_path, ref):
    path = seed_like_workbook(tmp_path / "p.xlsx", header=[("Name:", "X"), ("Contracted hours per week:", 7.5)],
                              sessions={3: (None, "Clinic", "Clinical", "MSK"), 4: (None, "Office", "SPA", "CPD")},
                              internal=[("Office", "SPA", "Audit meeting (1.5 hours)", "fortnightly", ref)])
    plan = only_plan(path)
    # 1.5 h every other week = 0.75 h a week out of session 3 (clinical) into SPA; total unchanged
    assert totals(plan) == pytest.approx((3.0, 4.5, 0, 0))
    assert not [f for f in plan.findings if f.severity != "info" and "sign" not in f.message]


def test_external_activity_is_ed_and_a_blank_session_adds_it(tmp_path):
    path = seed_like_workbook(tmp_path / "p.xlsx", header=[("Name:", "X"), ("Contracted hours per week:", 3.75)],
                              sessions={1: (None, "Clinic", "Clinical", "MSK")},
                              external=[("University", "SPA", "Lecture, 3 hours", "3 per year", "")])
    plan = only_plan(path)
    assert totals(plan) == pytest.approx((3.75, 0, 0, 9 / 44.142857), abs=1e-6)


def test_session_naming_a_day_off_is_added_with_a_warning(tmp_path):
    path = seed_like_workbook(tmp_path / "p.xlsx", header=[("Name:", "X"), ("Contracted hours per week:", 3.75)],
                              sessions={1: (None, "Clinic", "Clinical", "MSK")},
                              internal=[("Office", "SPA", "Audit", "weekly", "Friday PM")])
    plan = only_plan(path)
    assert totals(plan) == pytest.approx((3.75, 3.75, 0, 0))
    [warning] = [f for f in plan.findings if "Friday PM" in f.message]
    assert warning.severity == "warning" and "added on top" in warning.message


def test_unreadable_frequency_is_reported_with_its_cell_and_not_counted(tmp_path):
    path = seed_like_workbook(tmp_path / "p.xlsx", header=[("Name:", "X"), ("Contracted hours per week:", 3.75)],
                              internal=[("Office", "SPA", "Audit", "ad hoc", None)])
    plan = only_plan(path)
    assert totals(plan) == (0, 0, 0, 0)
    [warning] = plan.findings
    assert warning.severity == "warning" and "ad hoc" in warning.message
    assert warning.cell == "D21"  # internal title row 19, headings row 20, first entry row 21: Frequency in D


def test_sign_off_is_the_latest_date_in_the_table(tmp_path):
    path = seed_like_workbook(tmp_path / "p.xlsx", header=[("Name:", "X")],
                              sign_off=[("Employee", "X", "1 December 2025"), ("Manager", "Y", "10/03/2025"),
                                        ("Educational Supervisor", "Z", datetime(2025, 12, 2))])
    assert only_plan(path).sign_off == date(2025, 12, 2)


def test_a_workbook_without_a_timetable_is_not_a_job_plan(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Rota", "Monday", "Tuesday"])
    book.save(tmp_path / "rota.xlsx")
    plans, findings = read_workbook(tmp_path / "rota.xlsx", Params())
    assert plans == []
    [error] = findings
    assert error.severity == "error" and "Day and time" in error.message


@pytest.mark.parametrize(
    "detail, frequency, each",
    [
        ("Network meeting", "monthly", 3.75),  # one session when nothing says otherwise
        ("Network meeting, 2 hours", "monthly", 2.0),
        ("Network meeting 10:00-11:30", "monthly", 1.5),
        ("Network meeting", "Monthly (90 min)", 1.5),
        ("Training, full day", "monthly", 7.5),
    ],
)
def test_occurrence_length_from_detail_or_frequency(tmp_path, detail, frequency, each):
    path = seed_like_workbook(tmp_path / "p.xlsx", header=[("Name:", "X"), ("Contracted hours per week:", 37.5)],
                              internal=[("Office", "SPA", detail, frequency, None)])
    assert totals(only_plan(path))[1] == pytest.approx(each * 12 / 44.142857, abs=1e-6)


def plan_with(tmp_path, header=(), sessions=None, **kwargs):
    path = seed_like_workbook(tmp_path / "p.xlsx", header=list(header), sessions=sessions, **kwargs)
    return only_plan(path)


@pytest.mark.parametrize(
    "typed, category",
    [("Clinical", "DCC"), ("SPA (audit)", "SPA"), ("Clinical governance", "SPA"), ("ANR", "ANR"),
     ("Clinical - MSK clinic", "DCC")],
)
def test_type_of_work_words(tmp_path, typed, category):
    plan = plan_with(tmp_path, [("Name:", "X"), ("Contracted hours per week:", 3.75)],
                     {1: (None, "Clinic", typed, "")})
    assert [line.category for line in plan.lines] == [category]


def test_non_clinical_is_reported_not_guessed(tmp_path):
    plan = plan_with(tmp_path, [("Name:", "X"), ("Contracted hours per week:", 3.75)],
                     {1: (None, "Office", "Non-clinical", "")})
    assert plan.lines == []
    assert [f.cell for f in plan.findings if "not Clinical, SPA or Integrated" in f.message] == ["D8"]


@pytest.mark.parametrize(
    "typed, hours, warned",
    [
        ("37.5 hrs", 37.5, False),
        ("0.8 WTE", 30.0, False),  # with an info finding saying how
        ("0.8", None, True),  # a WTE in an hours box
        ("2 WTE", None, True),
        ("0", None, True),
        ("40", 40.0, True),  # over a full-time week: used, with a warning
    ],
)
def test_contracted_hours_as_people_type_them(tmp_path, typed, hours, warned):
    plan = plan_with(tmp_path, [("Name:", "X"), ("Contracted hours per week:", typed)])
    assert plan.contracted_hours == hours
    assert any(f.severity == "warning" and f.cell == "B4" for f in plan.findings) == warned


@pytest.mark.parametrize("field, typed", [("Annual leave entitlement (days):", 35), ("NHS service (years):", 2015)])
def test_implausible_leave_or_service_is_refused(tmp_path, field, typed):
    plan = plan_with(tmp_path, [("Name:", "X"), (field, typed)])
    assert (plan.leave_days, plan.service_years) == (None, None)
    [warning] = [f for f in plan.findings if "not used" in f.message]
    assert warning.cell == "B4"


def test_a_label_to_the_right_is_not_a_value(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Name:", "Pat Jones"])
    ws.append(["Band:", None, None, None, "Review date:", "01/04/2026"])
    ws.append([])
    ws.append(["Session", "Day and time", "Location", "Type of work"])
    ws.append([1, "Monday AM", "Clinic", "Clinical"])
    book.save(tmp_path / "p.xlsx")
    plan = only_plan(tmp_path / "p.xlsx")
    assert plan.band is None and plan.name == "Pat Jones"


def test_separate_time_column_and_no_session_column(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Name:", "Pat Jones"])
    ws.append(["Day", "Time", "Type of work", "Additional detail"])
    ws.append(["Monday AM", "09:00-12:00", "Clinical", "Clinic"])
    ws.append(["Monday PM", "13:00-16:30", "SPA", "Prep for additional activities"])
    book.save(tmp_path / "p.xlsx")
    assert totals(only_plan(tmp_path / "p.xlsx")) == pytest.approx((3.0, 3.5, 0, 0))


def test_employee_only_sign_off_is_reported(tmp_path):
    plan = plan_with(tmp_path, [("Name:", "X")], sign_off=[("Employee", "X", "01/06/2026"),
                                                           ("Practice/PCN Manager", None, None)])
    assert (plan.sign_off, plan.employee_signed) == (None, date(2026, 6, 1))


def test_a_type_merged_over_a_days_two_sessions_counts_for_both(tmp_path):
    path = seed_like_workbook(tmp_path / "p.xlsx", header=[("Name:", "X"), ("Contracted hours per week:", 7.5)],
                              sessions={1: (None, "Clinic", "Clinical", "MSK")})
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("D8:D9")  # session 1's type over session 2's row too
    book.save(path)
    assert totals(only_plan(path)) == pytest.approx((7.5, 0, 0, 0))
