"""Capacity against demand (demand.csv beside the plans), and planned patients a week, by hand.

The sample team's figures are worked out in test_sample_team.py. A full-time post on appointment
(37.5 h, 27 days) has productive(37.5, 27) = 1955.357143 * 0.94 - 7.5 * 40 = 1538.035714 hours a year.
"""
from datetime import date

import openpyxl
import pytest

from calculator import calculate_folder
from calculator.text.patients import appointment_slots, parse_patients

from .common import BNSSG_TEMPLATE, copy_sample_team, only_plan
from .libreoffice import LibreOffice, formula_cells, same, values

AS_OF = date(2026, 11, 23)
FULL_TIME = 1538.035714
W = 365 / 7
# "Team or group": the frailty team by its team, physiotherapy (Ben Carter alone) by its professional group
DEMAND = ("Team or group,Demand DCC hours a week,Patient contacts a week,Contacts per DCC hour\n"
          "community frailty team,40,,\n"
          "Physiotherapy,,30,1.2\n"
          "Podiatry,5,,\n")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = copy_sample_team(tmp_path_factory.mktemp("capacity") / "team")
    (folder / "demand.csv").write_text(DEMAND, encoding="utf-8")
    return calculate_folder(folder, as_of=AS_OF)


def _rows(path):
    rows = list(openpyxl.load_workbook(path, data_only=True)["Capacity"].iter_rows(values_only=True))
    headings = next(r for r in rows if r[0] == "Team or group")
    return {r[0]: dict(zip(headings, r)) for r in rows if r[0] in ("community frailty team", "Physiotherapy",
                                                                    "Podiatry")}


def test_demand_in_hours_against_the_frailty_team(run):
    frailty = _rows(run.summary_path)["community frailty team"]
    assert frailty["Matched to"] == "team" and frailty["Staff"] == 2
    # Ella Hughes 0.8 WTE, DCC 25.588323, annual 1009.378753; Grace Lewis 0.4, 9.875, 411.880751
    assert frailty["WTE"] == pytest.approx(1.2)
    assert frailty["Planned DCC hours a week"] == pytest.approx(35.463323, abs=1e-6)
    assert frailty["Annual DCC hours"] == pytest.approx(1421.259504, abs=1e-5)
    # demand 40 h a week, every week: 40 * 52.142857 = 2085.714286 a year
    assert frailty["Gap: DCC hours a week (+ short, - spare)"] == pytest.approx(4.536677, abs=1e-6)
    assert frailty["Gap: annual DCC hours"] == pytest.approx(664.454782, abs=1e-5)
    # 664.454782 / 1538.035714 = 0.432015 of a full-time post
    assert frailty["Gap: WTE"] == pytest.approx(0.432015, abs=1e-6)


def test_demand_in_contacts_against_a_professional_group(run):
    physio = _rows(run.summary_path)["Physiotherapy"]
    assert physio["Matched to"] == "professional group" and physio["Staff"] == 1
    # 30 contacts a week at 1.2 a DCC hour = 25 DCC hours; Ben Carter plans 17.1875 (annual 698.058036)
    assert physio["Demand: DCC hours a week"] == pytest.approx(25)
    assert physio["Gap: DCC hours a week (+ short, - spare)"] == pytest.approx(7.8125)
    # 25 * 52.142857 = 1303.571429 - 698.058036 = 605.513393; / 1538.035714 = 0.393693 WTE
    assert physio["Gap: annual DCC hours"] == pytest.approx(605.513393, abs=1e-5)
    assert physio["Gap: WTE"] == pytest.approx(0.393693, abs=1e-6)


def test_demand_for_a_team_nobody_is_in_is_a_finding(run):
    assert [(f.file, f.cell, f.severity) for f in run.findings if "Podiatry" in f.message] == [
        ("demand.csv", "row 4", "warning")]
    assert not any(f.file == "demand.csv" and "Not read" in f.message for f in run.findings)


def test_the_gap_follows_a_changed_demand_in_libreoffice(run, tmp_path):
    office = LibreOffice(tmp_path)
    book = openpyxl.load_workbook(run.summary_path)
    sheet = book["Capacity"]
    headings = next(r for r in sheet.iter_rows() if r[0].value == "Team or group")
    col = {c.value: c.column for c in headings}
    rows = {r[0].value: r[0].row for r in sheet.iter_rows() if r[0].value in ("community frailty team",
                                                                               "Physiotherapy")}
    sheet.cell(rows["community frailty team"], col["Demand: DCC hours a week"]).value = 50
    sheet.cell(rows["Physiotherapy"], col["Demand: patient contacts a week"]).value = 36
    book.save(tmp_path / "edited.xlsx")
    unedited, edited = office.recalculate(run.summary_path, tmp_path / "edited.xlsx")
    # every formula of the sheet recalculates to what jobplan wrote
    written, again = values(run.summary_path), values(unedited)
    keys = [k for k in formula_cells(run.summary_path) if k[0] == "Capacity"]
    assert len(keys) > 50
    assert {k: (written[k], again.get(k)) for k in keys if not same(written[k], again.get(k))} == {}
    after = _rows(edited)
    # 50 - 35.463323 = 14.536677 a week; 50 * 52.142857 - 1421.259504 = 1185.883353; / 1538.035714 = 0.771038
    frailty = after["community frailty team"]
    assert frailty["Gap: DCC hours a week (+ short, - spare)"] == pytest.approx(14.536677, abs=1e-6)
    assert frailty["Gap: annual DCC hours"] == pytest.approx(1185.883353, abs=1e-5)
    assert frailty["Gap: WTE"] == pytest.approx(0.771038, abs=1e-6)
    # 36 / 1.2 = 30 DCC hours: 30 - 17.1875 = 12.8125 a week
    assert after["Physiotherapy"]["Gap: DCC hours a week (+ short, - spare)"] == pytest.approx(12.8125)


@pytest.mark.parametrize("typed, patients", [
    (12, 12), ("12", 12), ("approx 8", 8), ("4-6", 5), ("4 to 6 new", 5),
    ("4-6 new patients face-to-face, 8-10 return patients and 2-4 telephone contacts", 17),  # 5 + 9 + 3
    ("n/a", None), ("", None), (None, None), ("varies", None),
])
def test_patients_typed_in_a_session(typed, patients):
    assert parse_patients(typed) == patients


def test_appointment_slots_in_the_cns_outpatient_text():
    assert appointment_slots("virtual consultations—typically covering 12 appointment slots per week.") == 12
    assert appointment_slots("typically covering [insert number] appointment slots per week") is None


def test_planned_patients_a_week_from_the_bnssg_sessions(tmp_path):
    book = openpyxl.load_workbook(BNSSG_TEMPLATE)
    sheet = book["Job plan"]
    rows = {c.value: c.row for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    sheet.cell(rows["Name:"], 2, "Pat Jones")
    first = rows["Day and time"] + 1
    # session 1: 4-6 new and 8-10 return (5 + 9 = 14); session 2: 12; session 3 is not worked: its 20 not counted
    for offset, (kind, patients) in enumerate((("Clinical", "4-6 new, 8-10 return"), ("Clinical", 12),
                                               ("Not working", 20))):
        sheet.cell(first + offset, 4, kind)
        sheet.cell(first + offset, 6, patients)
    book.save(tmp_path / "pat.xlsx")
    plan = only_plan(tmp_path / "pat.xlsx")
    assert plan.patients_per_week == 26
    assert plan.cells["patients"] == f"F{first}"


@pytest.mark.parametrize("encoding, separator", [("utf-8-sig", ","), ("cp1252", ";"), ("utf-16", "\t")])
def test_a_demand_file_saved_by_excel_in_any_encoding_is_read(tmp_path, encoding, separator):
    from calculator.readers.demand import read_demand

    path = tmp_path / "demand.csv"
    text = f"Team{separator}Demand DCC hours a week\r\nSiân's frailty team{separator}40\r\n"
    path.write_bytes(text.encode(encoding))
    demand = read_demand(path)
    assert [(row.name, row.by, row.row, row.hours) for row in demand.rows] == [("Siân's frailty team", "team", 2, 40)]
    assert demand.findings == []
