"""Two years of a small team: --previous compares this year's plans with the summary written last time.

The team, built from the sample team's workbooks (their figures are worked out in test_sample_team.py):
last year Amara Okafor, Ben Carter with session 6 typed Clinical (it is SPA this year) signed off
01/02/2025, and Zoe Leaver (Ben's workbook under another name); this year Amara (the same workbook:
copied forward, and not signed off again), Ben as he is in the sample team (signed off 03/02/2026), and
Sam Starter (Ben's workbook under another name).
"""
from datetime import date, datetime

import openpyxl
import pytest

from calculator import calculate_folder
from calculator.cycle import PreviousPerson, Previous, compare, read_previous
from calculator.errors import JobplanError

from .common import SAMPLE_TEAM
from .libreoffice import LibreOffice, formula_cells, same, values

AMARA, BEN = "Amara Okafor - job plan 2026.xlsx", "Ben Carter FCP job plan.xlsx"
# Ben this year (test_sample_team.py): DCC 17.1875, SPA 5.3125, 22.5 h, productive 913.821429, annual DCC 698.058036
BEN_DCC, BEN_SPA, BEN_PRODUCTIVE, BEN_ANNUAL_DCC = 17.1875, 5.3125, 913.821429, 698.058036
AMARA_PRODUCTIVE = 1493.035714


def _edit(source, target, name=None, session_6=None, signed=None):
    book = openpyxl.load_workbook(source)
    sheet = book["Job plan"]
    cells = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    if name:
        sheet.cell(cells["Name:"].row, 2, name)
    if session_6:
        sheet.cell(cells["Day and time"].row + 6, 4, session_6)
    if signed:
        for role in ("Employee", "Practice/PCN Manager"):
            sheet.cell(cells[role].row, 4, signed)
    book.save(target)


@pytest.fixture(scope="module")
def years(tmp_path_factory):
    root = tmp_path_factory.mktemp("years")
    last, now = root / "2025", root / "2026"
    last.mkdir()
    now.mkdir()
    _edit(SAMPLE_TEAM / AMARA, last / AMARA)
    _edit(SAMPLE_TEAM / BEN, last / BEN, session_6="Clinical", signed=datetime(2025, 2, 1))
    _edit(SAMPLE_TEAM / BEN, last / "Zoe.xlsx", name="Zoe Leaver")
    _edit(SAMPLE_TEAM / AMARA, now / AMARA)
    _edit(SAMPLE_TEAM / BEN, now / BEN)
    _edit(SAMPLE_TEAM / BEN, now / "Sam.xlsx", name="Sam Starter")
    before = calculate_folder(last, as_of=date(2025, 11, 23))
    after = calculate_folder(now, as_of=date(2026, 11, 23), previous=before.out)
    return before, after


def test_starters_leavers_and_people_in_both(years):
    _, run = years
    changes = run.changes
    assert [p.plan.name for _, p in changes.starters] == ["Sam Starter"]
    assert [p.name for p in changes.leavers] == ["Zoe Leaver"]
    assert sorted(s.now.plan.name for s in changes.stayers) == ["Amara Okafor", "Ben Carter"]
    assert changes.previous.as_of == date(2025, 11, 23)


def test_a_changed_plan_by_hand(years):
    _, run = years
    ben = next(s for s in run.changes.stayers if s.now.plan.name == "Ben Carter")
    # last year session 6 (3.75 h) was Clinical: DCC 17.1875 + 3.75 = 20.9375, SPA 5.3125 - 3.75 = 1.5625
    assert ben.before.hours["DCC"] == pytest.approx(20.9375)
    assert ben.change("DCC") == pytest.approx(-3.75)
    assert ben.change("SPA") == pytest.approx(3.75)
    assert ben.content == "Changed"
    assert ben.re_signed  # 03/02/2026 after 01/02/2025


def test_an_unchanged_plan_is_copied_forward_and_not_signed_again(years):
    _, run = years
    amara = next(s for s in run.changes.stayers if s.now.plan.name == "Amara Okafor")
    assert amara.content == "Same as last time"
    assert not amara.re_signed  # 20/05/2026 both years
    assert [s.now.plan.name for s in run.changes.copied_forward] == ["Amara Okafor"]
    note = [f for f in run.findings if "same as last time" in f.message]
    assert [(f.file, f.severity) for f in note] == [(AMARA, "info")]
    assert "not signed off again" in note[0].message


def test_the_changes_sheet_by_hand(years):
    _, run = years
    book = openpyxl.load_workbook(run.summary_path, data_only=True)
    assert "Changes" in book.sheetnames
    rows = list(book["Changes"].iter_rows(values_only=True))
    by_label = {row[0]: row for row in rows if row and row[0]}
    # staff 3 both years; WTE 1 + 0.6 + 0.6 = 2.2 both years
    assert by_label["Staff with a job plan"][2:5] == (3, 3, 0)
    assert by_label["WTE"][4] == pytest.approx(0)
    # DCC a week: now Ben + Sam (17.1875 each), last Ben 20.9375 + Zoe 17.1875, Amara in both: change -3.75
    dcc = by_label["DCC"]
    assert dcc[4] == pytest.approx(-3.75)
    # annual DCC: Ben's share of his 913.821429 productive hours falls by 3.75/22.5: -152.303571
    assert dcc[7] == pytest.approx(-3.75 / 22.5 * BEN_PRODUCTIVE, abs=1e-5)
    # WTE of DCC = annual DCC / productive (the same both years: 1493.035714 + 2 x 913.821429) x 2.2
    productive = AMARA_PRODUCTIVE + 2 * BEN_PRODUCTIVE  # 3320.678572
    assert dcc[10] == pytest.approx(-152.3035715 / productive * 2.2, abs=1e-5)  # -0.100904
    assert by_label["SPA"][4] == pytest.approx(3.75)
    ben = by_label["Ben Carter"]
    headings = next(row for row in rows if row[0] == "Name" and "DCC hours change" in row)
    ben = dict(zip(headings, ben))
    assert ben["Contracted hours last time"] == 22.5 and ben["Change"] == 0
    assert ben["DCC hours change"] == pytest.approx(-3.75)
    # DCC % 20.9375/22.5 = 93.06 % last time, 17.1875/22.5 = 76.39 % now: -16.67 points
    assert ben["DCC % change (points)"] == pytest.approx(-3.75 / 22.5 * 100)
    assert ben["Signed off again since?"] == "Yes"
    assert ben["Plan content"] == "Changed"
    amara = dict(zip(headings, by_label["Amara Okafor"]))
    assert amara["Signed off again since?"] == "No" and amara["Plan content"] == "Same as last time"
    assert amara["DCC hours change"] == 0
    assert by_label["Sam Starter"][5] == pytest.approx(BEN_DCC)
    assert by_label["Zoe Leaver"][6] == pytest.approx(BEN_ANNUAL_DCC)


def test_the_changes_sheet_recalculates_in_libreoffice(years, tmp_path):
    _, run = years
    office = LibreOffice(tmp_path)
    formulas = {key for key in formula_cells(run.summary_path) if key[0] == "Changes"}
    assert len(formulas) > 40
    written = values(run.summary_path)
    [path] = office.recalculate(run.summary_path)
    recalculated = values(path)
    assert {k: (written[k], recalculated.get(k)) for k in formulas if not same(written[k], recalculated.get(k))} == {}


def test_previous_may_be_the_file_or_its_folder_and_nothing_else(years, tmp_path):
    before, _ = years
    assert len(read_previous(before.summary_path).people) == 3
    assert len(read_previous(before.out).people) == 3
    with pytest.raises(JobplanError, match="holds no team-summary.xlsx"):
        read_previous(tmp_path)
    with pytest.raises(JobplanError, match="not a team summary"):
        read_previous(SAMPLE_TEAM / AMARA)


def test_an_ambiguous_name_is_a_finding_not_a_guess(years):
    _, run = years
    # last time two rows were "Ben Carter" (spaced and cased differently): which one is this year's is not known
    twice = Previous(run.out / "team-summary.xlsx", date(2025, 11, 23), [
        PreviousPerson(2, "Ben Carter", hours=dict.fromkeys(("DCC", "SPA", "ANR", "ED"), 0.0),
                       annual=dict.fromkeys(("DCC", "SPA", "ANR", "ED"), 0.0)),
        PreviousPerson(3, " ben  carter", hours=dict.fromkeys(("DCC", "SPA", "ANR", "ED"), 0.0),
                       annual=dict.fromkeys(("DCC", "SPA", "ANR", "ED"), 0.0)),
    ])
    changes = compare(run.people, twice, run.params)
    assert "Ben Carter" not in [s.now.plan.name for s in changes.stayers]
    assert "Ben Carter" not in [p.plan.name for _, p in changes.starters]
    assert [(f.cell, f.severity) for f in changes.findings if "cannot be compared" in f.message] == [("A2", "warning")]
    assert ("Ben Carter", "1 plan(s) this year and 2 last time") in changes.not_compared


def test_the_sample_team_against_last_years_sample_summary(tmp_path):
    """sample_data/build_previous_year.py: Grace Lewis started, Owen Hart left, Ben Carter went from 26.25 h
    (a Thursday clinic too) to 22.5 h, Dev Patel and Kofi Mensah were not signed off again."""
    run = calculate_folder(SAMPLE_TEAM, tmp_path / "out", as_of=date(2026, 11, 23),
                           previous=SAMPLE_TEAM.parent / "specialist-practice-team-2025-output")
    changes = run.changes
    assert [p.plan.name for _, p in changes.starters] == ["Grace Lewis"]
    assert [p.name for p in changes.leavers] == ["Owen Hart"]
    ben = next(s for s in changes.stayers if s.now.plan.name == "Ben Carter")
    assert ben.now.contracted_hours - ben.before.contracted_hours == pytest.approx(-3.75)
    assert ben.change("DCC") == pytest.approx(-3.75) and ben.content == "Changed"
    assert {s.now.plan.name for s in changes.stayers if not s.re_signed} >= {"Dev Patel", "Kofi Mensah"}
    # the demand file beside the plans is read as demand, not reported as a file that is not a job plan
    assert not any(f.file == "demand.csv" for f in run.findings)
    assert {"Changes", "Capacity"} <= set(openpyxl.load_workbook(run.summary_path).sheetnames)
