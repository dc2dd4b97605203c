"""The summary and the annotated copies are live calculators: proven by recalculating them in LibreOffice."""
import io
import zipfile
from datetime import date

import openpyxl
import pytest
from lxml import etree

from calculator import Params, calculate_folder, productive_hours
from calculator.ooxml.xml import MAIN

from .common import copy_sample_team
from .libreoffice import LibreOffice, formula_cells, same, values

AS_OF = date(2026, 11, 23)
ERRORS = ("#VALUE!", "#DIV/0!", "#NAME?", "#REF!", "#N/A", "#NUM!", "#NULL!", "Err:")


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    return LibreOffice(tmp_path_factory.mktemp("libreoffice"))


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("team") / "team"
    copy_sample_team(folder)
    # one band configured, the others by their median; delivered hours for three people and a stranger
    (folder / "jobplan.toml").write_text('[expected_dcc_pct]\n"7" = 0.6\n', encoding="utf-8")
    (folder / "delivered.csv").write_text("Name,Delivered hours\nAmara Okafor,35\nben carter,20.5\n"
                                          "Grace Lewis,15\nNobody Here,10\n", encoding="utf-8")
    return calculate_folder(folder, as_of=AS_OF)


def test_every_formula_in_the_summary_recalculates_to_the_value_python_wrote(run, office):
    formulas = formula_cells(run.summary_path)
    assert len(formulas) >= 150
    written = values(run.summary_path)
    [recalculated_path] = office.recalculate(run.summary_path)
    recalculated = values(recalculated_path)
    wrong = {key: (written[key], recalculated.get(key)) for key in formulas
             if not same(written[key], recalculated.get(key))}
    assert wrong == {}
    shown = [v for v in recalculated.values() if isinstance(v, str) and v.startswith(ERRORS)]
    assert shown == []


def staff_table(path):
    book = openpyxl.load_workbook(path, data_only=True)
    rows = list(book["Staff"].iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def edited(run, tmp_path, edit):
    """A copy of the summary with one input changed by openpyxl, as a committee member would in Excel."""
    book = openpyxl.load_workbook(run.summary_path)
    edit(book)
    path = tmp_path / "edited.xlsx"
    book.save(path)
    return path


def test_changing_sickness_rate_moves_every_productive_hours_figure(run, office, tmp_path):
    def set_sickness(book):
        sheet = book["Assumptions"]
        row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == "sickness_rate")
        assert sheet.cell(row, 1).value == "Sickness absence"  # the plain label beside the parameter's name
        sheet.cell(row, 3).value = 0.06

    [path] = office.recalculate(edited(run, tmp_path, set_sickness))
    params = Params(sickness_rate=0.06)
    for row in staff_table(path):
        expected = productive_hours(row["Contracted hours"], row["Leave days"], params)
        assert row["Productive hours a year"] == pytest.approx(expected.productive_hours, rel=1e-9)
        assert row["Headroom uplift %"] == pytest.approx(expected.headroom_uplift, rel=1e-9)
    # Grace Lewis by hand: 15 h, 27 days: 15*52.142857*(1 - 0.06 - 0.015) - 3*40 = 603.482143
    grace = next(row for row in staff_table(path) if row["Name"] == "Grace Lewis")
    assert grace["Productive hours a year"] == pytest.approx(603.482143, abs=1e-6)


def test_changing_one_persons_hours_moves_their_figures_and_the_kpis(run, office, tmp_path):
    before = staff_table(run.summary_path)
    grace_row = 2 + [row["Name"] for row in before].index("Grace Lewis")
    kpis_before = {r[0]: r[1] for r in openpyxl.load_workbook(run.summary_path, data_only=True)["KPIs"]
                   .iter_rows(values_only=True) if r[0]}

    def set_hours(book):
        sheet = book["Staff"]
        col = [c.value for c in sheet[1]].index("Contracted hours") + 1
        sheet.cell(grace_row, col).value = 22.5

    [path] = office.recalculate(edited(run, tmp_path, set_hours))
    grace = staff_table(path)[grace_row - 2]
    # 22.5 h with 27 days: 22.5 * 41.014286 = 922.821429; WTE 0.6
    assert grace["Productive hours a year"] == pytest.approx(922.821429, abs=1e-6)
    assert grace["WTE"] == pytest.approx(0.6)
    assert grace["Unallocated hours"] == pytest.approx(22.5 - 14.75)
    kpis = {r[0]: r[1] for r in openpyxl.load_workbook(path, data_only=True)["KPIs"].iter_rows(values_only=True)
            if r[0]}
    assert kpis["WTE"] == pytest.approx(kpis_before["WTE"] + 0.2)


def test_kpis_consistency_and_delivered_hours(run):
    book = openpyxl.load_workbook(run.summary_path, data_only=True)
    kpis = {r[0]: r[1:] for r in book["KPIs"].iter_rows(values_only=True) if r[0]}
    assert kpis["Staff with a job plan"][0] == 10
    # active on 23/11/2026: all but Dev Patel (10/03/2025), Kofi Mensah (15/09/2025) and Chloe Davies (only she
    # has dated her plan)
    assert kpis["% of staff with an active job plan"][0] == pytest.approx(0.7)
    # delivered: Amara 35 + Ben 20.5 + Grace 15 = 70.5 against planned 37.639721 + 22.5 + 14.75
    assert kpis["Delivered hours a week"][0] == pytest.approx(70.5)
    assert kpis["Planned vs delivered %"][0] == pytest.approx(70.5 / (37.639721 + 22.5 + 14.75), rel=1e-6)
    assert any("'Nobody Here', a name that matches no job plan" in f.message for f in run.findings)
    panel = [r for r in book["Consistency"].iter_rows(values_only=True)]
    bands = {r[0]: (r[1], r[2]) for r in panel[3:3 + 4]}
    assert bands["Band 7"] == (0.6, "set in jobplan.toml")
    # Band 6: Chloe 22.5/30.339806, Grace 9.875/14.75, Ian 22.5/30 -> median 0.741600 (Chloe)
    assert bands["Band 6"][0] == pytest.approx(22.5 / 30.339806, rel=1e-6)
    assert bands["Band 6"][1] == "median of the band's 3 plans"  # three: enough for a median
    people = panel[panel.index(next(r for r in panel if r[0] == "Name")) + 1:]
    reviews = [r for r in people if r[5] == "Review"]
    assert people[:len(reviews)] == reviews  # outside tolerance first
    # Band 7 at 60 %: Ella 84.5 %, Ben 76.4 %, Hannah 80 % and Jess 61.9 % -> all but Jess for review
    assert sorted(r[0] for r in reviews if r[1] == "Band 7") == ["Ben Carter", "Ella Hughes", "Hannah Price"]


def test_the_annotated_copy_is_a_one_person_calculator(run, office):
    dev = next(p for p in run.people if p.name == "Dev Patel")
    copy = next(path for path in run.annotated if path.name == "Dev Patel ACP.xlsx")
    [recalculated] = office.recalculate(copy)
    book = openpyxl.load_workbook(recalculated, data_only=True)
    rows = {r[0]: r[2] for r in book["jobplan"].iter_rows(values_only=True) if r[0]}
    assert rows["Productive hours a year"] == pytest.approx(dev.productive.productive_hours, rel=1e-9)
    assert rows["Direct clinical care hours a year"] == pytest.approx(dev.annual.DCC, rel=1e-9)
    assert rows["Time unavailable"] == pytest.approx(dev.productive.unavailable_pct, rel=1e-9)
    assert rows["Headroom uplift"] == pytest.approx(dev.productive.headroom_uplift, rel=1e-9)
    assert rows["Job plan hours"] == pytest.approx(37.5)
    assert rows["DCC"] == pytest.approx(29.078543, abs=1e-6)
    assert rows["ANR"] == pytest.approx(1.0)
    shown = [v for r in book["jobplan"].iter_rows(values_only=True) for v in r
             if isinstance(v, str) and v.startswith(ERRORS)]
    assert shown == []


def test_every_annotated_formula_is_written_with_the_value_libreoffice_recalculates(run, office):
    """The jobplan sheets carry cached values (previews and pandas see numbers) that a real engine agrees with,
    and no recalculation on opening is forced on the trust's own sheets."""
    copies = sorted(run.annotated)
    checked = 0
    for copy, recalculated in zip(copies, office.recalculate(*copies)):
        with zipfile.ZipFile(copy) as package, zipfile.ZipFile(run.folder / copy.name) as original:
            calculation = [dict(next(etree.fromstring(p.read("xl/workbook.xml")).iter(f"{{{MAIN}}}calcPr")).attrib)
                           for p in (package, original)]
            assert calculation[0] == calculation[1]  # the trust's own setting, not jobplan's
        formulas = formula_cells(copy)
        cached, worked = values(copy), values(recalculated)
        added = [key for key in formulas if key[0].startswith("jobplan")]
        assert added, copy
        for key in added:
            assert cached[key] not in (None,) or worked[key] in (None, ""), (copy.name, key)
            assert same(cached[key], worked[key]), (copy.name, key, cached[key], worked[key])
            checked += 1
    assert checked == 10 * 19  # ten people: four category totals, the plan total, hours not planned, 13 of the year


def test_the_fast_path_for_plain_formulas_gives_what_xlsxwriter_would(run):
    """The summary skips XlsxWriter's renaming of newer Excel functions for formulas that use none."""
    import xlsxwriter
    from xlsxwriter.worksheet import Worksheet

    from calculator.writers.summary import _plain

    sheet = xlsxwriter.Workbook(io.BytesIO()).add_worksheet()
    formulas = formula_cells(run.summary_path)
    plain = [text for text in formulas.values() if _plain(text)]
    assert len(plain) >= 150
    for text in plain:
        assert Worksheet._prepare_formula(sheet, text) == text[1:]
    assert not _plain("=IFS(A1>0,1)") and not _plain("{=MEDIAN(A1:A2)}") and not _plain("=SUM(Table1[@x])")


def test_consistency_with_one_two_and_three_plans_in_a_band(tmp_path, office):
    """Band 5 one plan (80 %), Band 6 two (50 %, 80 %), Band 7 three (50 %, 60 %, 80 %: median 60 %)."""
    from calculator.checks import review_against_band_medians
    from calculator.run import RunResult, summary_info
    from calculator.writers.summary import write_summary

    from .test_checks import ONE_TWO_THREE, _team

    people = _team(*ONE_TWO_THREE)
    review_against_band_medians(people, Params(), AS_OF)
    result = RunResult(tmp_path, tmp_path, AS_OF, Params(), people=people)
    path = tmp_path / "team-summary.xlsx"
    write_summary(result.tables(), summary_info(result), path)
    [recalculated] = office.recalculate(path)
    for summary in (path, recalculated):  # as written, and as LibreOffice works it out
        rows = list(openpyxl.load_workbook(summary, data_only=True)["Consistency"].iter_rows(values_only=True))
        bands = {r[0]: (r[1], r[2]) for r in rows[3:6]}
        assert bands["Band 5"][0] in (None, "") and bands["Band 5"][1].startswith("no expected value: set "
                                                                                  "expected_dcc_pct")
        assert bands["Band 6"][0] in (None, "") and "these 2" in bands["Band 6"][1]
        assert bands["Band 7"][0] == pytest.approx(0.6)
        panel = {r[0]: (r[4], r[5]) for r in rows[rows.index(next(r for r in rows if r[0] == "Name")) + 1:]}
        assert panel["P1"] == (None, "No expected value") or panel["P1"] == ("", "No expected value")
        assert panel["P2"][1] == panel["P3"][1] == "No expected value"  # not -15 / +15 against their own median
        assert panel["P4"][0] == pytest.approx(-10.0) and panel["P4"][1] == "Review"
        assert panel["P5"][0] == pytest.approx(0.0) and panel["P5"][1] == "Within tolerance"
        assert panel["P6"][0] == pytest.approx(20.0) and panel["P6"][1] == "Review"
    # every plan marked for review is a finding too
    findings = list(openpyxl.load_workbook(path)["Findings"].iter_rows(values_only=True))
    assert sorted(r[4].split(",")[0] for r in findings if "median" in str(r[4])) == [
        "DCC is 50.0% of the job plan", "DCC is 80.0% of the job plan"]
