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
BNSSG_TEMPLATE = HERE.parent / "workbook_templates" / "bnssg_appendix1.xlsx"

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


def _cell_with(sheet, text: str):
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise LookupError(f"{text!r} is not in the template")


def fill_bnssg(person: dict, target: Path) -> None:
    book = openpyxl.load_workbook(BNSSG_TEMPLATE)
    sheet = book["Job plan"]
    for label, value in person["header"].items():
        sheet.cell(_cell_with(sheet, label).row, 2, value)
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
    for role, signed in person["sign_off"].items():
        row = _cell_with(sheet, role).row
        sheet.cell(row, 2, person["header"]["Name:"] if role == "Employee" else "Helen Marsh")
        sheet.cell(row, 4, signed)
    book.properties.creator = "jobplan sample data"
    book.properties.created = book.properties.modified = datetime(2026, 1, 1)
    book.save(target)


def main() -> None:
    TEAM.mkdir(exist_ok=True)
    for person in BNSSG_PEOPLE:
        fill_bnssg(person, TEAM / person["file"])
    print(f"Wrote {len(BNSSG_PEOPLE)} workbooks to {TEAM}", file=sys.stderr)


if __name__ == "__main__":
    main()
