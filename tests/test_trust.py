"""A whole trust in one run: a folder of team folders, each read as one team.

The trust is seven of the sample team's plans in three team folders, with their Team / service field
cleared so the folder names the team, except Amara Okafor's, which still says "Riverside PCN":

    Community/     Ella Hughes, Grace Lewis (and a delivered.csv for the team: Grace 15 h)
    Oncology/      Hannah Price, Ian Roberts
    Primary care/  Ben Carter, Dev Patel, Amara Okafor (team "Riverside PCN" by her plan)

Their figures are the hand-worked ones of tests/test_sample_team.py.
"""
import shutil
from datetime import date

import openpyxl
import pytest
from click.testing import CliRunner

from calculator import Params, calculate_folder, read_workbook
from calculator.cli import main

from .common import SAMPLE_TEAM
from .libreoffice import LibreOffice, formula_cells, same, values

AS_OF = date(2026, 11, 23)
TEAMS = {
    "Community": ["Ella Hughes OT job plan.xlsx", "Grace Lewis dietitian.xlsx"],
    "Oncology": ["Hannah Price lung CNS.xlsx", "Ian Roberts colorectal CNS.xlsx"],
    "Primary care": ["Ben Carter FCP job plan.xlsx", "Dev Patel ACP.xlsx", "Amara Okafor - job plan 2026.xlsx"],
}
KEEPS_TEAM_FIELD = "Amara Okafor - job plan 2026.xlsx"


def build_trust(folder):
    for team, files in TEAMS.items():
        (folder / team).mkdir(parents=True)
        for name in files:
            target = folder / team / name
            shutil.copy(SAMPLE_TEAM / name, target)
            if name != KEEPS_TEAM_FIELD:
                [plan], _ = read_workbook(target, Params())
                book = openpyxl.load_workbook(target)
                book[plan.sheet][plan.cells["team"]] = None
                book.save(target)
    (folder / "Community" / "delivered.csv").write_text("Name,Delivered hours\nGrace Lewis,15\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def trust(tmp_path_factory):
    folder = build_trust(tmp_path_factory.mktemp("trust") / "North Trust")
    return calculate_folder(folder, as_of=AS_OF)


def test_every_team_folder_is_read_and_named_in_the_findings(trust):
    assert trust.trust and trust.exit_code == 0
    assert sorted(p.name for p in trust.people) == ["Amara Okafor", "Ben Carter", "Dev Patel", "Ella Hughes",
                                                    "Grace Lewis", "Hannah Price", "Ian Roberts"]
    assert {p.plan.file for p in trust.people} == {f"{team}/{name}" for team, files in TEAMS.items()
                                                   for name in files}
    dev = [f for f in trust.findings if f.file == "Primary care/Dev Patel ACP.xlsx"]
    assert any("signed off on 10/03/2025" in f.message for f in dev)


def test_the_team_is_the_folder_unless_the_plan_names_its_own(trust):
    staff = trust.tables().staff.set_index("name")
    assert staff.loc["Hannah Price", "team"] == "Oncology"
    assert staff.loc["Ben Carter", "team"] == "Primary care"
    assert staff.loc["Amara Okafor", "team"] == "Riverside PCN"


def test_by_team_kpis_worked_by_hand(trust):
    teams = trust.tables().by_team
    assert list(teams.index) == ["Community", "Oncology", "Primary care", "Riverside PCN"]
    # columns: staff, wte, active, active_pct, planned_hours, dcc_hours, dcc_share
    # Community: Ella 30 h (signed 02/12/2025: active) + Grace 15 h (30/06/2026); planned 30.279441 + 14.75,
    # DCC 25.588323 + 9.875 = 35.463323: 35.463323 / 45.029441 = 0.787559
    assert teams.loc["Community"].tolist() == pytest.approx([2, 1.2, 2, 1.0, 45.029441, 35.463323, 0.787559],
                                                            abs=1e-6)
    # Oncology: Hannah 37.5 h (30 DCC of 37.5) + Ian 30 h (22.5 DCC of 30), both active: 52.5 / 67.5 = 0.777778
    assert teams.loc["Oncology"].tolist() == pytest.approx([2, 1.8, 2, 1.0, 67.5, 52.5, 0.777778], abs=1e-6)
    # Primary care: Ben 22.5 h (17.1875 DCC, active) + Dev 37.5 h (29.078543 DCC, expired since 10/03/2025):
    # 46.266043 / 60 = 0.771101, one of two active
    assert teams.loc["Primary care"].tolist() == pytest.approx([2, 1.6, 1, 0.5, 60, 46.266043, 0.771101], abs=1e-6)
    # Riverside PCN: Amara alone, 28.422904 DCC of 37.639721 = 0.755131
    assert teams.loc["Riverside PCN"].tolist() == pytest.approx([1, 1.0, 1, 1.0, 37.639721, 28.422904, 0.755131],
                                                                abs=1e-6)


def kpi_rows(path):
    return [r for r in openpyxl.load_workbook(path, data_only=True)["KPIs"].iter_rows(values_only=True)]


def test_the_summary_has_a_team_column_and_the_by_team_kpis(trust):
    book = openpyxl.load_workbook(trust.summary_path, data_only=True)
    rows = list(book["Staff"].iter_rows(values_only=True))
    staff = [dict(zip(rows[0], row)) for row in rows[1:]]
    assert {row["Name"]: row["Team"] for row in staff}["Amara Okafor"] == "Riverside PCN"
    assert {row["Name"]: row["Team"] for row in staff}["Ian Roberts"] == "Oncology"
    kpis = kpi_rows(trust.summary_path)
    heading = next(i for i, r in enumerate(kpis) if r[0] == "Team")
    assert kpis[heading][:8] == ("Team", "Staff", "WTE", "Planned hours a week", "DCC hours a week", "DCC share",
                                 "Active plans", "% active")
    primary = next(r for r in kpis[heading:] if r[0] == "Primary care")
    assert primary[1:8] == pytest.approx((2, 1.6, 60, 46.266043, 0.771101, 1, 0.5), abs=1e-6)


def test_every_formula_of_the_trust_summary_recalculates_to_the_value_written(trust, tmp_path):
    office = LibreOffice(tmp_path)
    formulas = formula_cells(trust.summary_path)
    written = values(trust.summary_path)
    [recalculated] = office.recalculate(trust.summary_path)
    again = values(recalculated)
    assert {key: (written[key], again.get(key)) for key in formulas if not same(written[key], again.get(key))} == {}


def test_a_team_folders_delivered_hours_are_for_that_team(trust):
    grace = next(p for p in trust.people if p.name == "Grace Lewis")
    assert grace.delivered_hours == 15
    delivered = trust.tables().delivered_by_group
    # Grace is the only one: Dietetics, 15 delivered of 14.75 planned: 15 / 14.75 - 1 = +1.69 %
    assert delivered.loc["Dietetics"].tolist() == pytest.approx([1, 14.75, 15, 0.016949], abs=1e-6)


def test_annotated_copies_keep_the_team_folders_and_the_findings_link_to_them(trust):
    annotated = trust.out / "annotated"
    assert sorted(p.relative_to(annotated).as_posix() for p in trust.annotated) == sorted(
        f"{team}/{name}" for team, files in TEAMS.items() for name in files)
    assert all(p.is_file() for p in trust.annotated)
    findings = openpyxl.load_workbook(trust.summary_path)["Findings"]
    links = {cell.value: cell.hyperlink.target for cell in findings["A"][1:] if cell.hyperlink}
    # XlsxWriter writes a relative link to a file as Excel does: backslashes, spaces as %20
    assert links["Primary care/Dev Patel ACP.xlsx"] == r"annotated\Primary%20care\Dev%20Patel%20ACP.xlsx"


def test_the_command_says_how_many_team_folders_it_read(tmp_path):
    folder = build_trust(tmp_path / "trust")
    result = CliRunner().invoke(main, ["calculate", str(folder), "--as-of", "23/11/2026", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "Read 7 job plan(s) from 7 workbook(s) in 3 team folder(s)" in result.output


def test_workbooks_beside_subfolders_are_one_team_and_the_subfolder_is_named(tmp_path):
    folder = tmp_path / "team"
    (folder / "old plans").mkdir(parents=True)
    shutil.copy(SAMPLE_TEAM / "Grace Lewis dietitian.xlsx", folder)
    shutil.copy(SAMPLE_TEAM / "Dev Patel ACP.xlsx", folder / "old plans")
    run = calculate_folder(folder, as_of=AS_OF)
    assert not run.trust and [p.name for p in run.people] == ["Grace Lewis"]
    [note] = [f for f in run.findings if f.file == "old plans"]
    assert note.severity == "info" and "was not read" in note.message


def test_a_team_folders_policy_file_is_named_not_silently_ignored(tmp_path):
    folder = build_trust(tmp_path / "trust")
    (folder / "Oncology" / "jobplan.toml").write_text("sickness_rate = 0.06\n", encoding="utf-8")
    run = calculate_folder(folder, as_of=AS_OF)
    [warning] = [f for f in run.findings if f.file == "Oncology/jobplan.toml"]
    assert warning.severity == "warning" and "not used" in warning.message
    assert run.params.sickness_rate == 0.045
    assert run.exit_code == 0 and run.unreadable == []  # a note on a side file, not a plan that was not read


def test_a_team_folder_holding_only_a_plan_in_word_is_named(tmp_path):
    folder = build_trust(tmp_path / "trust")
    (folder / "Physio").mkdir()
    (folder / "Physio" / "Zoe job plan.docx").write_bytes(b"PK\x03\x04 a Word document")
    run = calculate_folder(folder, as_of=AS_OF)
    [warning] = [f for f in run.findings if f.file == "Physio/Zoe job plan.docx"]
    assert warning.severity == "warning" and "may be someone's job plan" in warning.message
    assert run.exit_code == 1 and "Physio/Zoe job plan.docx" in run.unreadable
