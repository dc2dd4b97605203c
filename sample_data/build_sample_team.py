"""Build the sample team: job plans a service manager could have collected, filled in on the blank templates.

    python sample_data/build_sample_team.py

Each person is data below; the tests assert their figures, worked out by hand in tests/test_sample_team.py.
The workbooks are committed, so a user never needs to run this; it is here to change the team in one place.
"""
from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
TEAM = HERE / "specialist-practice-team"
TEMPLATES = HERE.parent / "workbook_templates"
BNSSG_TEMPLATE = TEMPLATES / "bnssg_appendix1.xlsx"
OPTION1_TEMPLATE = TEMPLATES / "cns_option1_typical_week.xlsx"
OPTION2_TEMPLATE = TEMPLATES / "cns_option2_sessions.xlsx"

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")

# BNSSG Appendix 1 people: header fields by their template label; sessions 1-10 as (times, location,
# type, detail); additional activities as (location, type, detail, frequency, session); sign-off dates by role.
BNSSG_PEOPLE = [
    {
        "file": "Amara Okafor - job plan 2026.xlsx",
        "header": {"Name:": "Amara Okafor", "Employed Role:": "Advanced Clinical Practitioner (Paramedic)",
                   "Principal Place of work:": "Riverside Surgery", "PCN/Practice Manager:": "Helen Marsh",
                   "Educational Supervisor:": "Dr Tom Reid", "Scope of Practice:": "Urgent care, frailty",
                   "Band:": "Band 8a", "Professional group:": "Paramedic", "Team / service:": "Riverside PCN",
                   "Contracted hours per week:": 37.5, "NHS service (years):": 12},
        "sessions": {
            1: (None, "Riverside Surgery", "Clinical", "Urgent care 'on the day' clinic"),
            2: (None, "Riverside Surgery", "Clinical", "Urgent care 'on the day' clinic"),
            3: (None, "Care homes", "Clinical", "Care home rounds"),
            4: (None, "Riverside Surgery", "Integrated (60/40)", "Triage and supervision of paramedics"),
            5: (None, "Riverside Surgery", "Clinical", "Frailty clinic"),
            6: (None, "Office", "SPA", "CPD and audit"),
            7: (None, "Riverside Surgery", "Clinical", "Home visits"),
            8: (None, "Riverside Surgery", "Integrated 70:30", "Telephone consultations, teaching"),
            9: (None, "Riverside Surgery", "Clinical", "Urgent care 'on the day' clinic"),
            10: (None, "Office", "SPA", "Service improvement"),
        },
        "internal": [("Riverside Surgery", "Clinical", "MDT case conference", "Monthly", "Session 10")],
        "external": [("UWE Bristol", "SPA", "Teaching at university (2 hours)", "3 per year", None)],
        "sign_off": {"Employee": "14/05/2026", "Practice/PCN Manager": datetime(2026, 5, 20)},
    },
    {
        "file": "Ben Carter FCP job plan.xlsx",
        "header": {"Name:": "Ben Carter", "Employed Role:": "First Contact Physiotherapist",
                   "Principal Place of work:": "Hillside Medical Centre", "Band:": 7,
                   "Professional group:": "Physiotherapy", "Team / service:": "Riverside PCN",
                   "Contracted hours per week:": "22.5 hrs", "NHS service (years):": 6},
        "sessions": {
            1: ("08:30-12:15", "Hillside Medical Centre", "Clinical", "MSK clinic"),
            2: ("13:00-16:45", "Hillside Medical Centre", "Clinical", "MSK clinic"),
            3: ("08:30-12:15", "Hillside Medical Centre", "Clinical", "MSK clinic"),
            4: ("13:00-16:45", "Hillside Medical Centre", "Integrated", "Clinic and case reviews, approx 70% clinical"),
            5: ("08:30-12:15", "Hillside Medical Centre", "Clinical", "MSK clinic"),
            6: ("13:00-16:45", "Office", "SPA", "CPD, audit"),
            7: (None, None, "Not working", None),
            8: (None, None, "Not working", None),
        },
        "internal": [("Hillside Medical Centre", "SPA", "Peer review", "every 6 weeks", "Tue pm")],
        "external": [],
        "sign_off": {"Employee": "3 February 2026", "Practice/PCN Manager": "03/02/2026"},
    },
    {
        "file": "chloe davies.xlsx",
        "header": {"Name:": "Chloe Davies", "Employed Role:": "Enhanced Practice Nurse", "Band:": "6",
                   "Professional group:": "Nursing", "Team / service:": "Riverside PCN"},
        "sessions": {
            1: (None, "Treatment room", "Clinical", "Chronic disease management"),
            2: (None, "Treatment room", "Clinical", "Asthma & COPD clinic"),
            3: (None, "Office", "SPA", "CPD"),
            4: (None, "Treatment room", "Clinical", "Chronic disease management"),
            5: (None, "Treatment room", "Clinical", "Telephone consultations"),
            6: (None, "Treatment room", "Integrated (50/50)", "Clinic and protocol writing"),
            7: (None, "Treatment room", "Clinical", "Diabetes clinic"),
            8: (None, "Treatment room", "Integrated", "Clinic and nurse forum"),
        },
        "internal": [],
        "external": [("RCN", "SPA", "RCN professional forum, half day", "Quarterly", None)],
        "sign_off": {"Employee": datetime(2026, 9, 1)},
    },
    {
        "file": "Dev Patel ACP.xlsx",
        "header": {"Name:": "Dev Patel", "Employed Role:": "Advanced Clinical Practitioner", "Band:": "8A",
                   "Professional group:": "Nursing", "Team / service:": "Riverside PCN",
                   "Contracted hours per week:": 37.5, "NHS service (years):": 5},
        "sessions": {
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
        },
        "internal": [("Trust HQ", "ANR", "Freedom to Speak Up guardian (2 hours)", "Fortnightly", "Friday PM")],
        "external": [("RCN", "SPA", "Royal College of Nursing forum", "twice a year", "Session 7")],
        "sign_off": {"Employee": "10/03/2025", "Practice/PCN Manager": "10/03/2025"},
    },
    {
        "file": "Ella Hughes OT job plan.xlsx",
        "header": {"Name:": "Ella Hughes", "Employed Role:": "Advanced Occupational Therapist",
                   "Band:": "Band 7", "Professional group:": "Occupational therapy",
                   "Team / service:": "Community frailty team", "Contracted hours per week:": 30,
                   "NHS service (years):": 10, "Annual leave entitlement (days):": 33},
        "sessions": {
            1: (None, "Patients' homes", "Clinical", "Frailty assessments"),
            2: (None, "Patients' homes", "Clinical", "Frailty assessments"),
            3: (None, "Community hub", "Integrated", "Clinic, then service development: 60% clinical, 40% SPA"),
            4: (None, "Community hub", "Clinical", "Falls clinic"),
            5: (None, "Office", "SPA", "Supervision and CPD"),
            6: (None, "Patients' homes", "Clinical", "Home visits"),
            7: (None, "Community hub", "Clinical", "Falls clinic"),
            8: (None, "Patients' homes", "Clinical", "Home visits"),
            9: (None, None, "Non-working day", None),
            10: (None, None, "Non-working day", None),
        },
        "internal": [
            ("Community hub", "Clinical", "Falls MDT case review, 1.5 hours", "2 x per month", "Session 5"),
            ("Community hub", "SPA", "Team meeting (1 hour)", "monthly", None),
        ],
        "external": [],
        "sign_off": {"Employee": "1 December 2025", "Practice/PCN Manager": "02/12/2025"},
    },
    {
        "file": "Grace Lewis dietitian.xlsx",
        "header": {"Name:": "Grace Lewis", "Employed Role:": "Specialist Dietitian", "Band:": 6,
                   "Professional group:": "Dietetics", "Team / service:": "Community frailty team",
                   "Contracted hours per week:": 15, "NHS service (years):": "3 years"},
        "sessions": {
            3: ("Tuesday\nMorning session\n9am – 12.30pm", "Community hub", "Clinical", "Nutrition clinic"),
            4: ("Tuesday\nAfternoon session\n13:15–17:00", "Patients' homes", "Clinical", "Home visits"),
            7: ("Thursday\nMorning session\n09:00-12:45", "Community hub", "Integrated 70:30",
                "Clinic and care home training"),
            8: ("Thursday\nAfternoon session\n13:00-16:45", "Office", "SPA", "Research and audit"),
        },
        "internal": [],
        "external": [],
        "sign_off": {"Employee": datetime(2026, 6, 30), "Practice/PCN Manager": datetime(2026, 6, 30)},
    },
]


# Cancer CNS Option 2 people: sessions by the activity name their row starts with; own rows as
# (activity, sessions, category); the Total row as typed.
OPTION2_PEOPLE = [
    {
        "file": "Hannah Price lung CNS.xlsx",
        "header": {"Name:": "Hannah Price", "Job title:": "Lung Cancer Clinical Nurse Specialist", "Band:": "7",
                   "Professional group:": "Nursing", "Team / service:": "Oncology CNS team",
                   "Contracted hours per week:": 37.5, "NHS service (years):": 8},
        "sessions": {"Coordination of Care": 2, "Clinical phone calls": "1 ½", "Inpatient Service": 1.5,
                     "Outpatient Service": "2 sessions", "Clinical Administration": 1,
                     "Leadership & Management": 0.5, "Research": 0.5, "Evidence-based practice & quality": 0.5,
                     "Educating self and others": 0.5},
        "own": [],
        "total": "10 sessions",
        "sign_off": {"CNS": datetime(2026, 4, 15), "Line manager": datetime(2026, 4, 15)},
    },
    {
        "file": "Ian Roberts colorectal CNS.xlsx",
        "header": {"Name:": "Ian Roberts", "Job title:": "Colorectal Cancer CNS", "Band:": "Band 6",
                   "Professional group:": "Nursing", "Team / service:": "Oncology CNS team",
                   "Contracted hours per week:": 30, "NHS service (years):": 2},
        "sessions": {"Coordination of Care": 1.5, "Clinical phone calls": 1, "Inpatient Service": 1,
                     "Outpatient Service": 1.5, "Clinical Administration": 1, "Leadership & Management": 0.5,
                     "Educating self and others": 1},
        "own": [("Cancer alliance Clinical Advisory Group", 0.5, "ANR")],
        "total": 8,
        "sign_off": {"CNS": "20/10/2026", "Line manager": "21/10/2026"},
    },
]

# Cancer CNS Option 1 people: the typical-week grid by row label, Monday to Friday.
OPTION1_PEOPLE = [
    {
        "file": "Jess Morgan breast CNS week.xlsx",
        "header": {"Name:": "Jess Morgan", "Job title:": "Breast Cancer CNS", "Band:": 7,
                   "Professional group:": "Nursing", "Team / service:": "Oncology CNS team",
                   "Contracted hours per week:": 37.5, "NHS service (years):": 12},
        "grid": {
            "AM": ["Clinical phone calls\nNurse led clinic", "Clinics - define\nSACT Unit – review patients",
                   "Clinical phone calls\nClinics – define\nAudit (40%)", "Clinical phone calls\nOutpatient clinic",
                   "Clinical Advisory Group (2h) [ANR]\nClinical phone calls"],
            "PM": ["MDT meeting (1.5h)\nReview inpatients",
                   "Clinical supervision (1h)\nInformal teaching\nClinical phone calls",
                   "Breast cancer research trial recruitment [SPA]", "Team meeting\nStaff management – 1-1's",
                   "Personal education & development"],
            "Daily and when required": ["Clinical Administration (2.5h)", "Teaching", None, None, None],
        },
        "sign_off": {"CNS": datetime(2026, 7, 1), "Line manager": datetime(2026, 7, 3)},
    },
    {
        "file": "Kofi Mensah haematology CNS.xlsx",
        "header": {"Name:": "Kofi Mensah", "Job title:": "Haematology CNS", "Band:": "8a",
                   "Professional group:": "Nursing", "Team / service:": "Oncology CNS team",
                   "Contracted hours per week:": "22.5 hours", "NHS service (years):": 20,
                   "Date agreed:": "12/09/2025"},
        "grid": {
            "AM": ["Haematology clinic\nClinical phone calls", "SACT Unit – review patients",
                   "Clinical phone calls (50%)\nLeadership activities – define & frequency e.g. Clinical Advisory "
                   "Group", None, None],
            "PM": ["Ward round (2h)\nReview inpatients",
                   "Evidence based practice and quality – describe regular commitments\nClinical phone calls",
                   "Teaching (1.5h)\nResearch", None, None],
            "Daily and when required": [None] * 5,
        },
        "sign_off": {"CNS": "12/09/2025", "Line manager": "15/09/2025"},
    },
]


def _cell_with(sheet, text: str):
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise LookupError(f"{text!r} is not in the template")


def fill_bnssg(person: dict, target: Path) -> None:
    book = openpyxl.load_workbook(BNSSG_TEMPLATE)
    sheet = book["Job plan"]
    _fill_header(sheet, person["header"])
    first_session_row = _cell_with(sheet, "Day and time").row + 1
    for number, (times, location, kind, detail) in person["sessions"].items():
        row = first_session_row + number - 1
        if times:
            day, half = DAYS[(number - 1) // 2], ("Morning", "Afternoon")[(number - 1) % 2]
            sheet.cell(row, 2, times if "\n" in times else f"{day}\n{half} session\n{times}")
        for col, value in zip((3, 4, 5), (location, kind, detail)):
            sheet.cell(row, col, value)
    tables = [c.row for c in sheet["D"] if c.value == "Frequency"]
    for header_row, activities in zip(tables, (person["internal"], person["external"])):
        for offset, activity in enumerate(activities, start=1):
            for col, value in enumerate(activity, start=1):
                sheet.cell(header_row + offset, col, value)
    _fill_sign_off(sheet, person, "Employee")
    _save(book, target)


def _fill_header(sheet, header: dict) -> None:
    for label, value in header.items():
        sheet.cell(_cell_with(sheet, label).row, 2, value)


def _fill_sign_off(sheet, person: dict, employee_role: str) -> None:
    for role, signed in person["sign_off"].items():
        row = _cell_with(sheet, role).row
        sheet.cell(row, 2, person["header"]["Name:"] if role == employee_role else "Helen Marsh")
        sheet.cell(row, 4, signed)


def _save(book, target: Path) -> None:
    book.properties.creator = "jobplan sample data"
    book.properties.created = book.properties.modified = datetime(2026, 1, 1)
    book.save(target)


def fill_option2(person: dict, target: Path) -> None:
    book = openpyxl.load_workbook(OPTION2_TEMPLATE)
    sheet = book["Sessions"]
    _fill_header(sheet, person["header"])
    sessions_col = _cell_with(sheet, "*Proposed regular number of sessions").column
    for name, sessions in person["sessions"].items():
        row = next(c.row for c in sheet["A"] if isinstance(c.value, str) and c.value.startswith(name))
        sheet.cell(row, sessions_col, sessions)
    total_row = _cell_with(sheet, "Total").row
    for offset, (activity, sessions, category) in enumerate(person["own"]):
        row = total_row - 3 + offset  # the template's three blank rows above Total
        sheet.cell(row, 1, activity)
        sheet.cell(row, sessions_col, sessions)
        sheet.cell(row, sessions_col + 1, category)
    sheet.cell(total_row, sessions_col, person["total"])
    _fill_sign_off(sheet, person, "CNS")
    _save(book, target)


def fill_option1(person: dict, target: Path) -> None:
    book = openpyxl.load_workbook(OPTION1_TEMPLATE)
    sheet = book["Typical week"]
    _fill_header(sheet, person["header"])
    for label, cells in person["grid"].items():
        row = _cell_with(sheet, label).row
        for offset, text in enumerate(cells):
            sheet.cell(row, 2 + offset, text)
    _fill_sign_off(sheet, person, "CNS")
    _save(book, target)


def main() -> None:
    TEAM.mkdir(exist_ok=True)
    for people, fill in ((BNSSG_PEOPLE, fill_bnssg), (OPTION2_PEOPLE, fill_option2), (OPTION1_PEOPLE, fill_option1)):
        for person in people:
            fill(person, TEAM / person["file"])
    count = len(BNSSG_PEOPLE) + len(OPTION2_PEOPLE) + len(OPTION1_PEOPLE)
    print(f"Wrote {count} workbooks to {TEAM}", file=sys.stderr)


if __name__ == "__main__":
    main()
