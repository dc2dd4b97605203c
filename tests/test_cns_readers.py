"""The Cancer CNS readers: Option 1 (typical week) and Option 2 (sessions per activity), found by content."""
import openpyxl
import pytest

from calculator import Params, read_workbook
from calculator.hours import category_totals

from .common import only_plan

# The Wessex guide's Figure 1, typed in as printed: (AM, PM, Daily and when required) for Monday..Friday.
FIGURE_1 = {
    "AM": [
        "Clinical phone calls\nCheck inpatient lists & identify patients, review Clinic /MDT list for week ahead & "
        "plan week.\nClinics or meetings – define type, frequency e.g. MDT meetings, nurse led clinics",
        "Clinical phone calls\nClinics - define\nSACT Unit – review patients",
        "Clinical phone calls\nClinics – define\nRegular meetings e.g. governance, CNS meeting, clinical supervision "
        "– Define & confirm frequency",
        "Clinical phone calls\nClinics – define\nTeam/staff management – 1-1's, team meetings (frequency)",
        "Clinical phone calls\nSACT Unit – review patients\nClinics – define\nLeadership activities – define & "
        "frequency e.g. Clinical Advisory Group",
    ],
    "PM": [
        "Clinics – define\nReview inpatients\nInformal teaching\nClinical Phone calls - Assessment, prevention of "
        "unscheduled care",
        "Review inpatients\nInformal teaching\nClinical Phone calls - Assessment, prevention of unscheduled care",
        "Evidence based practice and quality – describe regular commitments\nClinical phone calls - Assessment, "
        "prevention of unscheduled care",
        "Research – describe any regular commitments e.g. meetings, clinics\nClinical phone calls - Assessment, "
        "prevention of unscheduled care",
        "Review inpatients\nInformal teaching\nClinical phone calls Assessment, prevention of unscheduled care",
    ],
    "Daily and when required": [
        "Clinical Administration", "Staff management – 1-1's, AL, sickness, Annual appraisals & PDR",
        "Personal education & development", "Teaching", None,
    ],
}


def week_workbook(path, grid, *, first_col=1, top_rows=0, header=(("Name:", "Sam Lee"),
                  ("Contracted hours per week:", 37.5)), sheet="Typical week", labels=None):
    """An Option 1 grid: header block, then a weekday heading row with the grid's rows beneath."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    row = 1 + top_rows
    for label, value in header:
        ws.cell(row, first_col, label)
        ws.cell(row, first_col + 1, value)
        row += 1
    row += 1
    for i, day in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]):
        ws.cell(row, first_col + 1 + i, day)
    for kind, cells in grid.items():
        row += 1
        ws.cell(row, first_col, (labels or {}).get(kind, kind))
        for i, text in enumerate(cells):
            ws.cell(row, first_col + 1 + i, text)
    book.save(path)
    return path


def totals(plan):
    t = category_totals(plan.lines)
    return pytest.approx((t.DCC, t.SPA, t.ANR, t.ED), abs=1e-6)


def test_figure_1_as_printed_reads_with_no_unrecognised_activity(tmp_path):
    plan = only_plan(week_workbook(tmp_path / "fig1.xlsx", FIGURE_1))
    assert plan.template == "CNS Option 1"
    assert not [f for f in plan.findings if "recognises" in f.message]
    # Worked by hand from the dictionary's categories (docs/activities-decisions.md):
    # Mon AM 3 DCC lines; Tue AM 3 DCC; Wed AM phone + clinics DCC, regular meetings SPA; Thu AM 2 DCC + staff
    # management SPA; Fri AM 3 DCC + leadership SPA (0.9375 each); Mon PM clinics, inpatients, phone DCC +
    # informal teaching SPA (0.9375 each); Tue PM 2 DCC + informal teaching SPA (1.25 each); Wed PM EBP SPA +
    # phone DCC; Thu PM research SPA + phone DCC (1.875 each); Fri PM as Tue PM.
    dcc = 3.75 + 3.75 + 2.5 + 2.5 + 3 * 0.9375 + 3 * 0.9375 + 2.5 + 1.875 + 1.875 + 2.5
    spa = 1.25 + 1.25 + 0.9375 + 0.9375 + 1.25 + 1.875 + 1.875 + 1.25
    assert totals(plan) == (dcc, spa, 0, 0)
    assert dcc + spa == 37.5
    # the daily row gives no weekly hours: each line is reported, none counted
    assert sorted(f.cell for f in plan.findings if "gives no weekly hours" in f.message) == ["B7", "C7", "D7", "E7"]


def test_a_made_up_activity_gives_exactly_one_finding_naming_its_cell(tmp_path):
    grid = {k: list(v) for k, v in FIGURE_1.items()}
    grid["PM"][2] = "Underwater basket weaving\nClinical phone calls"
    plan = only_plan(week_workbook(tmp_path / "made-up.xlsx", grid))
    [finding] = [f for f in plan.findings if "recognises" in f.message]
    assert finding.cell == "D6" and finding.severity == "warning"
    assert "Underwater basket weaving" in finding.message and "1.88 h" in finding.message
    assert "[SPA]" in finding.action


def test_lines_with_their_own_time_share_and_tags(tmp_path):
    grid = {"AM": ["MDT meeting (1.5h)\nClinic\nAudit [SPA]", "Clinic (40%)\nClinical phone calls", None, None,
                   "CAG [ANR] (90 min)\nResearch"],
            "PM": [None, None, None, None, None],
            "Daily and when required": ["Clinical administration (2h)", None, None, None, "Teaching (1h a day)"]}
    plan = only_plan(week_workbook(tmp_path / "p.xlsx", grid))
    # Mon AM: MDT 1.5 DCC, rest 2.25 split: clinic 1.125 DCC, audit 1.125 SPA
    # Tue AM: clinic 40 % = 1.5 DCC, phone calls the rest 2.25 DCC
    # Fri AM: CAG 1.5 ANR, research 2.25 SPA; daily: admin 2 DCC, teaching 1 h a day = 5 SPA
    assert totals(plan) == (1.5 + 1.125 + 1.5 + 2.25 + 2, 1.125 + 2.25 + 5, 1.5, 0)
    assert plan.sessions == 3


def test_time_over_the_session_is_a_finding(tmp_path):
    grid = {"AM": ["Clinic (3h)\nMDT meeting (2h)", None, None, None, None]}
    plan = only_plan(week_workbook(tmp_path / "p.xlsx", grid))
    [finding] = [f for f in plan.findings if "more than the session" in f.message]
    assert finding.cell == "B5"


def test_week_grid_moved_relabelled_and_renamed_reads_the_same(tmp_path):
    plain = only_plan(week_workbook(tmp_path / "a.xlsx", FIGURE_1))
    moved = only_plan(week_workbook(tmp_path / "b.xlsx", FIGURE_1, first_col=3, top_rows=5, sheet="Sam's week",
                                    header=(("contracted hours per week", 37.5), ("NAME", "Sam Lee")),
                                    labels={"AM": "Morning", "PM": "Afternoon", "Daily and when required": "Daily"}))
    assert (moved.name, moved.contracted_hours, moved.sheet) == ("Sam Lee", 37.5, "Sam's week")
    assert totals(moved) == tuple(category_totals(plain.lines).__dict__.values())


def test_times_in_the_row_label_set_the_session_length(tmp_path):
    grid = {"AM": ["Clinic", None, None, None, None], "PM": ["Audit [SPA]", None, None, None, None]}
    plan = only_plan(week_workbook(tmp_path / "p.xlsx", grid, labels={"AM": "AM 08:30-12:30",
                                                                    "PM": "PM 13:00-16:30"}))
    assert totals(plan) == (4.0, 3.5, 0, 0)


# Figure 2 rows: the activity cell starts with the name, then the guide's description.
FIGURE_2_ROWS = [
    ("Coordination of Care\nCare coordination is crucial to patient outcomes and experience of care.", "2"),
    ("Clinical phone calls\nA significant aspect of the role involves regular communication via telephone.", "1 ½"),
    ("Inpatient Service\nDescribe your role with inpatients such as –", "1.5"),
    ("Outpatient Service\nDescribe outpatient activity that you are involved in, such as –", "1 session"),
    ("Clinical Administration Updating patient records within hospital systems;", 1),
    ("Professional Activities", None),
    ("Leadership & Management\nStaff/Team Management - Providing management and supervision,", "1"),
    ("Research Describe your involvement in research activity such as", "0.5 session"),
    ("Evidence-based practice & quality Describe your activity in this area such as –", None),
    ("Educating self and others\nTeaching - Describe your activity such as", "1.5 sessions"),
]


def sessions_workbook(path, rows, *, total="10 sessions", first_col=1, top_rows=0, category=None,
                      header=(("Name:", "Jo Rivers"), ("Contracted hours per week:", 37.5))):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Option 2"
    row = 1 + top_rows
    for label, value in header:
        ws.cell(row, first_col, label)
        ws.cell(row, first_col + 1, value)
        row += 1
    row += 1
    ws.cell(row, first_col, "Clinical Activity")
    ws.cell(row, first_col + 1, "*Proposed regular number of sessions")
    if category is not None:
        ws.cell(row, first_col + 2, "Category")
    for i, (activity, sessions) in enumerate(rows):
        ws.cell(row + 1 + i, first_col, activity)
        ws.cell(row + 1 + i, first_col + 1, sessions)
        if category and i in category:
            ws.cell(row + 1 + i, first_col + 2, category[i])
    ws.cell(row + 1 + len(rows), first_col, "Total")
    ws.cell(row + 1 + len(rows), first_col + 1, total)
    book.save(path)
    return path


def test_figure_2_sessions_become_hours_by_section(tmp_path):
    plan = only_plan(sessions_workbook(tmp_path / "fig2.xlsx", FIGURE_2_ROWS))
    assert plan.template == "CNS Option 2"
    # clinical 2 + 1.5 + 1.5 + 1 + 1 = 7 sessions = 26.25 h; professional 1 + 0.5 + 1.5 = 3 sessions = 11.25 h
    assert totals(plan) == (26.25, 11.25, 0, 0)
    assert plan.sessions == 10
    assert [line.activity for line in plan.lines][:2] == ["Co-ordination of care", "Clinical phone calls"]
    assert plan.findings == []


def test_the_total_row_is_checked_against_the_sum(tmp_path):
    plan = only_plan(sessions_workbook(tmp_path / "p.xlsx", FIGURE_2_ROWS, total="9 sessions"))
    [finding] = plan.findings
    assert finding.cell == "B15" and "says 9 sessions, but the rows add up to 10" in finding.message


def test_a_category_cell_overrides_the_section(tmp_path):
    rows = FIGURE_2_ROWS + [("Freedom to Speak Up guardian", "0.5")]
    plan = only_plan(sessions_workbook(tmp_path / "p.xlsx", rows, total="10.5", category={10: "ANR"}))
    assert totals(plan) == (26.25, 11.25, 1.875, 0)


def test_sessions_table_moved_with_header_reordered(tmp_path):
    plan = only_plan(sessions_workbook(tmp_path / "p.xlsx", FIGURE_2_ROWS, first_col=3, top_rows=4,
                                       header=(("Contracted Hours Per Week:", "37.5 hrs"), ("name", "Jo Rivers"))))
    assert (plan.name, plan.contracted_hours) == ("Jo Rivers", 37.5)
    assert totals(plan) == (26.25, 11.25, 0, 0)


def test_a_team_workbook_holds_one_plan_per_sheet(tmp_path):
    week = openpyxl.load_workbook(week_workbook(tmp_path / "a.xlsx", FIGURE_1))
    sessions = openpyxl.load_workbook(sessions_workbook(tmp_path / "b.xlsx", FIGURE_2_ROWS))
    team = week
    copy = team.create_sheet("Jo Rivers")
    for row in sessions.active.iter_rows(values_only=True):
        copy.append(row)
    team.create_sheet("Guidance").append(["Monday", "Tuesday", "Wednesday"])
    team.save(tmp_path / "team.xlsx")
    plans, findings = read_workbook(tmp_path / "team.xlsx", Params())
    assert [(p.sheet, p.template, p.name) for p in plans] == [
        ("Typical week", "CNS Option 1", "Sam Lee"), ("Jo Rivers", "CNS Option 2", "Jo Rivers")]
    assert findings == []
