"""The shipped sample team, end to end, against figures worked out by hand from method.md.

Hand working, with W = 365/7 = 52.142857 weeks, a session of 3.75 h, and
job_planned_weeks(d) = W - (d + 8 + 5) / 5: 44.142857 (27 days), 43.742857 (29), 42.942857 (33).
productive(H, d) = H*W*(1 - 0.045 - 0.015) - (H/5)*(d + 8 + 5).
"""
from datetime import date

import openpyxl
import pytest

from calculator import calculate_folder

from .common import SAMPLE_TEAM, staff_rows

AS_OF = date(2026, 11, 23)

# name: (DCC, SPA, ANR, ED, contracted, productive, annual DCC, unavailable %, headroom %, sign-off)
EXPECTED = {
    # 6 clinical sessions 22.5 + Integrated 60/40 (2.25 DCC, 1.5 SPA) + Integrated 70:30 (2.625, 1.125)
    # + 2 SPA sessions 7.5; MDT monthly in session 10 (SPA): 3.75*12/42.942857 = 1.047904 SPA -> DCC;
    # university teaching 2 h x 3 a year added: 6/42.942857 = 0.139721 ED.
    # productive(37.5, 33) = 1955.357143*0.94 - 7.5*46 = 1493.035714; annual DCC = 28.422904/37.639721 * that
    "Amara Okafor": (28.422904, 9.077096, 0.0, 0.139721, 37.5, 1493.035714, 1127.436932, 0.236438, 0.309652,
                     date(2026, 5, 20)),
    # 4 clinical 15 + integrated "approx 70% clinical" (2.625, 1.125) + SPA 3.75; peer review every 6 weeks
    # in "Tue pm" (the integrated session): 3.75/6 = 0.625 h, out of it 70/30 (0.4375 DCC, 0.1875 SPA), into SPA.
    # productive(22.5, 29) = 913.821429 (method.md's worked example)
    "Ben Carter": (17.1875, 5.3125, 0.0, 0.0, 22.5, 913.821429, 698.058036, 0.221096, 0.283855, date(2026, 2, 3)),
    # 5 clinical 18.75 + two 50/50 integrated (one with no share stated) 1.875 + 1.875 each way + SPA 3.75;
    # RCN forum quarterly, half day = one session, added as ED: 15/44.142857 = 0.339806.
    # No contracted hours: taken as the 8 timetabled sessions' 30 h; 27 days assumed;
    # productive = 30 * 41.014286 = 1230.428571; annual DCC = 22.5 / 30.339806 * that = 912.485829
    # Only Chloe has dated her plan (01/09/2026): not signed off until her manager does.
    "Chloe Davies": (22.5, 7.5, 0.0, 0.339806, 30.0, 1230.428571, 912.485829, 0.213425, 0.271334, None),
    # 7 clinical 26.25 + Integrated 80/20 (3.0, 0.75) + 2 SPA 7.5; FTSU guardian ANR 2 h fortnightly = 1 h out
    # of session 10 (SPA); RCN forum twice a year in session 7: 7.5/43.742857 = 0.171457 out of DCC into ED.
    # productive(37.5, 29) = 1838.035714 - 7.5*42 = 1523.035714
    "Dev Patel": (29.078543, 7.25, 1.0, 0.171457, 37.5, 1523.035714, 1181.004271, 0.221096, 0.283855,
                  date(2025, 3, 10)),
    # 6 clinical 22.5 + integrated "60% clinical, 40% SPA" in the detail (2.25, 1.5) + SPA 3.75;
    # falls MDT 1.5 h twice a month in session 5 (SPA): 36/42.942857 = 0.838323 SPA -> DCC;
    # team meeting 1 h monthly added: 12/42.942857 = 0.279441 SPA. productive(30, 33) = 1194.428571
    "Ella Hughes": (25.588323, 4.691118, 0.0, 0.0, 30.0, 1194.428571, 1009.378753, 0.236438, 0.309652,
                    date(2025, 12, 2)),
    # 9am-12.30pm 3.5 + 13:15-17:00 3.75 clinical; 09:00-12:45 Integrated 70:30 (2.625, 1.125); 13:00-16:45 SPA
    # productive(15, 27) = 15 * 41.014286 = 615.214286
    "Grace Lewis": (9.875, 4.875, 0.0, 0.0, 15.0, 615.214286, 411.880751, 0.213425, 0.271334, date(2026, 6, 30)),
    # CNS Option 2: clinical 2 + 1.5 + 1.5 + 2 + 1 = 8 sessions = 30 h; professional 4 x 0.5 = 7.5 h.
    # productive(37.5, 29) = 1523.035714; annual DCC = 0.8 * that
    "Hannah Price": (30.0, 7.5, 0.0, 0.0, 37.5, 1523.035714, 1218.428571, 0.221096, 0.283855, date(2026, 4, 15)),
    # clinical 1.5 + 1 + 1 + 1.5 + 1 = 6 sessions = 22.5 h; leadership 0.5 + educating 1 = 5.625 h SPA;
    # own row "Cancer alliance Clinical Advisory Group" 0.5 session with Category ANR = 1.875 h.
    # productive(30, 27) = 30 * 41.014286 = 1230.428571; annual DCC = 0.75 * that
    "Ian Roberts": (22.5, 5.625, 1.875, 0.0, 30.0, 1230.428571, 922.821429, 0.213425, 0.271334, date(2026, 10, 21)),
    # CNS Option 1, sessions of 3.75 h; lines without a time share what the timed ones leave:
    # Mon AM phone + clinic 3.75 DCC; Mon PM MDT 1.5 + inpatients 2.25 DCC; Tue AM clinics + SACT 3.75 DCC;
    # Tue PM supervision 1 SPA, then 2.75 / 2: informal teaching 1.375 SPA, phone 1.375 DCC;
    # Wed AM audit 40% = 1.5 SPA, phone + clinics 1.125 each DCC; Wed PM research [SPA] 3.75;
    # Thu AM 3.75 DCC; Thu PM team meeting 1.875 DCC + staff management 1.875 SPA;
    # Fri AM CAG [ANR] 2, phone 1.75 DCC; Fri PM personal development 3.75 SPA;
    # daily: clinical administration 2.5 h a week DCC, "Teaching" without hours not counted.
    # DCC 24.75, SPA 13.25, ANR 2: 40 h on 37.5 contracted. productive(37.5, 33) = 1493.035714;
    # annual DCC = 24.75 / 40 * that = 923.815848
    "Jess Morgan": (24.75, 13.25, 2.0, 0.0, 37.5, 1493.035714, 923.815848, 0.236438, 0.309652, date(2026, 7, 3)),
    # Mon AM clinic + phone 3.75 DCC; Mon PM ward round 2 + inpatients 1.75 DCC; Tue AM SACT 3.75 DCC;
    # Tue PM EBP 1.875 SPA + phone 1.875 DCC; Wed AM phone 50% = 1.875 DCC + leadership 1.875 SPA;
    # Wed PM teaching 1.5 + research 2.25 SPA. DCC 15, SPA 7.5.
    # productive(22.5, 33) = 1173.214286 * 0.94 - 4.5 * 46 = 895.821429; annual DCC = 15 / 22.5 * that
    "Kofi Mensah": (15.0, 7.5, 0.0, 0.0, 22.5, 895.821429, 597.214286, 0.236438, 0.309652, date(2025, 9, 15)),
}
TEMPLATE_OF = {"Hannah Price": "CNS Option 2", "Ian Roberts": "CNS Option 2", "Jess Morgan": "CNS Option 1",
               "Kofi Mensah": "CNS Option 1"}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return calculate_folder(SAMPLE_TEAM, out=tmp_path_factory.mktemp("out"), as_of=AS_OF)


def test_every_sample_workbook_is_read(run):
    assert run.exit_code == 0
    assert sorted(p.name for p in run.people) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_category_hours_and_productive_hours_match_the_hand_working(run, name):
    dcc, spa, anr, ed, contracted, productive, annual_dcc, unavailable, headroom, signed = EXPECTED[name]
    person = next(p for p in run.people if p.name == name)
    assert person.hours.DCC == pytest.approx(dcc, abs=1e-6)
    assert person.hours.SPA == pytest.approx(spa, abs=1e-6)
    assert person.hours.ANR == pytest.approx(anr, abs=1e-6)
    assert person.hours.ED == pytest.approx(ed, abs=1e-6)
    assert person.contracted_hours == pytest.approx(contracted, abs=1e-6)
    assert person.productive.productive_hours == pytest.approx(productive, abs=1e-6)
    assert person.annual.DCC == pytest.approx(annual_dcc, abs=1e-6)
    assert person.productive.unavailable_pct == pytest.approx(unavailable, abs=1e-6)
    assert person.productive.headroom_uplift == pytest.approx(headroom, abs=1e-6)
    assert person.plan.sign_off == signed


def test_staff_sheet_carries_the_same_figures_under_the_agreed_headings(run):
    rows = staff_rows(run.summary_path)
    by_name = {row["Name"]: row for row in rows}
    for name, (dcc, spa, anr, ed, contracted, productive, annual_dcc, unavailable, headroom, _) in EXPECTED.items():
        row = by_name[name]
        assert row["Template"] == TEMPLATE_OF.get(name, "BNSSG Appendix 1")
        assert row["DCC hours"] == pytest.approx(dcc, abs=1e-6)
        assert row["SPA hours"] == pytest.approx(spa, abs=1e-6)
        assert row["ANR hours"] == pytest.approx(anr, abs=1e-6)
        assert row["ED hours"] == pytest.approx(ed, abs=1e-6)
        assert row["Job plan hours"] == pytest.approx(dcc + spa + anr + ed, abs=1e-6)
        assert row["DCC %"] == pytest.approx(dcc / (dcc + spa + anr + ed), abs=1e-6)
        assert row["Contracted hours"] == pytest.approx(contracted, abs=1e-6)
        assert row["Productive hours a year"] == pytest.approx(productive, abs=1e-6)
        assert row["Annual DCC hours"] == pytest.approx(annual_dcc, abs=1e-6)
        assert row["Unavailable %"] == pytest.approx(unavailable, abs=1e-6)
        assert row["Headroom uplift %"] == pytest.approx(headroom, abs=1e-6)
    assert by_name["Ben Carter"]["Band"] == "Band 7"
    assert by_name["Dev Patel"]["Band"] == "Band 8a"


def test_the_sample_teams_findings_are_the_ones_a_manager_should_see(run):
    summary = sorted((f.file, f.cell, f.severity, f.message.split(":")[0].split(",")[0]) for f in run.findings)
    assert summary == sorted([
        ("chloe davies.xlsx", "D27", "warning", "Session 8 (Thursday PM) is integrated but does not say how much "
                                                "is clinical; it is split 50% clinical / 50% SPA."),
        ("chloe davies.xlsx", "B14", "warning", "No contracted hours given"),
        # (and no "0.34 h more than the 30.00 contracted hours": there were none to compare with)
        ("chloe davies.xlsx", "B16", "info", "No annual leave entitlement or NHS service given"),
        ("chloe davies.xlsx", "D49", "warning", "Only the employee has dated the sign-off table (01/09/2026)"),
        ("Dev Patel ACP.xlsx", "D49", "warning", "The job plan was signed off on 10/03/2025"),
        # against the band medians (no jobplan.toml): Band 7 Ben 76.39, Ella 84.51, Hannah 80.00, Jess 61.88 ->
        # (76.39 + 80.00) / 2 = 78.19, Ella +6.3 and Jess -16.3 points; Band 6 Chloe 74.16, Grace 66.95, Ian 75.00
        # -> 74.16, Grace -7.2; Band 8a Amara 75.51, Dev 77.54, Kofi 66.67 -> 75.51, Kofi -8.8 (tolerance 5)
        ("Ella Hughes OT job plan.xlsx", "B11", "warning", "DCC is 84.5% of the job plan"),
        ("Grace Lewis dietitian.xlsx", "B11", "warning", "DCC is 66.9% of the job plan"),
        ("Jess Morgan breast CNS week.xlsx", "B5", "warning", "DCC is 61.9% of the job plan"),
        ("Kofi Mensah haematology CNS.xlsx", "B5", "warning", "DCC is 66.7% of the job plan"),
        ("Ella Hughes OT job plan.xlsx", "B14", "warning", "The job plan adds up to 30.28 h a week"),
        ("Jess Morgan breast CNS week.xlsx", "B8", "warning", "The job plan adds up to 40.00 h a week"),
        ("Jess Morgan breast CNS week.xlsx", "C17", "info", "'Teaching' in the 'Daily and when required' row gives "
                                                           "no weekly hours"),
        ("Kofi Mensah haematology CNS.xlsx", "D27", "warning", "The job plan was signed off on 15/09/2025"),
    ])


def test_summary_lists_findings_and_assumptions(run):
    book = openpyxl.load_workbook(run.summary_path)
    findings = list(book["Findings"].iter_rows(values_only=True))
    assert findings[0] == ("File", "Sheet", "Cell", "Severity", "Message", "What to do")
    assert len(findings) == 1 + len(run.findings)
    assert findings[1][3] == "warning" and findings[-1][3] == "info"  # most serious first
    assumptions = {row[1]: row[2] for row in book["Assumptions"].iter_rows(min_row=2, values_only=True)}
    assert assumptions["sickness_rate"] == 0.045
    assert assumptions["annual_leave_days.10"] == 33
    assert assumptions["full_time_hours"] == 37.5


def test_the_summary_speaks_the_committees_language(run):
    """No code references, and parameter names only in their own column on Assumptions (or where a text says
    which key of jobplan.toml to set)."""
    from calculator.params import PARAM_INFO

    book = openpyxl.load_workbook(run.summary_path)
    names = [*PARAM_INFO, "as_of_date"]
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                text = cell.value
                if not isinstance(text, str) or (sheet.title == "Assumptions" and cell.column == 2):
                    continue
                assert "method.md" not in text and "§" not in text, (sheet.title, cell.coordinate, text)
                if "jobplan.toml" not in text and not text.startswith("="):
                    assert not [n for n in names if n in text], (sheet.title, cell.coordinate, text)
    assumptions = book["Assumptions"]
    weeks = next(r for r in assumptions.iter_rows(min_row=2) if r[1].value == "weeks_per_year")
    assert weeks[0].value == "Weeks in a year" and weeks[2].number_format == "0.00"  # 52.14, not 52.142857143
    assert "Productive hours a year" in [c.value for c in book["Staff"][1]]


def test_file_names_fit_their_columns(run):
    book = openpyxl.load_workbook(run.summary_path)
    longest = max(len(p.plan.file) for p in run.people)  # "Amara Okafor - job plan 2026.xlsx", 33 characters
    assert longest == 33
    assert book["Staff"].column_dimensions["B"].width >= longest
    assert book["Findings"].column_dimensions["A"].width >= longest


def test_the_charts_show_contracted_against_planned_hours_per_person(run):
    import zipfile

    with zipfile.ZipFile(run.summary_path) as archive:
        charts = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/charts/chart")]
    [per_person] = [c for c in charts if "Contracted hours" in c]
    from calculator.writers.summary import STAFF_LETTERS

    column = STAFF_LETTERS["Contracted hours"]
    assert f"Staff!${column}$2:${column}$11" in per_person  # the contracted hours of the ten people
    assert all(f"<c:v>{category}</c:v>" in per_person for category in ("DCC", "SPA", "ANR", "ED"))
