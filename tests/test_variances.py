"""Agreed variances in jobplan.toml: "Agreed variance" on Consistency until the end date, a finding after it."""
from datetime import date

import openpyxl
import pytest

from calculator import ConfigError, calculate_folder
from calculator.params import params_from_mapping

from .common import copy_sample_team
from .libreoffice import LibreOffice, values

# Band 7 expected at 60 %; Ben Carter's plan is 17.1875 / 22.5 = 76.39 % DCC, 16.39 points above: outside 5
POLICY = '''[expected_dcc_pct]
"7" = 0.6

[agreed_variances."ben carter"]
agreed_by = "Consistency panel"
agreed_on = 2026-03-10
reason = "MSK triage pilot until the new post is filled"
until = "31/03/2027"
'''
BEN = "Ben Carter FCP job plan.xlsx"


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    folder = copy_sample_team(tmp_path_factory.mktemp("variance") / "team")
    (folder / "jobplan.toml").write_text(POLICY, encoding="utf-8")
    return folder


def _panel(summary, name="Ben Carter"):
    rows = list(openpyxl.load_workbook(summary, data_only=True)["Consistency"].iter_rows(values_only=True))
    headings = next(r for r in rows if r[0] == "Name")
    return dict(zip(headings, next(r for r in rows if r[0] == name)))


def _ben_findings(run):
    return [f.message for f in run.findings if f.file == BEN and ("DCC is" in f.message or "variance" in f.message)]


def test_on_its_last_day_the_variance_holds(team, tmp_path):
    run = calculate_folder(team, tmp_path / "out", as_of=date(2027, 3, 31))
    assert _ben_findings(run) == []
    ben = _panel(run.summary_path)
    assert ben["Panel"] == "Agreed variance"
    assert ben["Difference (points)"] == pytest.approx(16.388889, abs=1e-6)  # (0.763889 - 0.6) * 100
    assert ben["Agreed variance (jobplan.toml)"] == ("MSK triage pilot until the new post is filled (agreed by "
                                                     "Consistency panel on 10/03/2026, until 31/03/2027)")


def test_the_day_after_it_is_a_finding_and_the_plan_is_for_review(team, tmp_path):
    run = calculate_folder(team, tmp_path / "out", as_of=date(2027, 4, 1))
    messages = _ben_findings(run)
    assert any(m.startswith("The agreed variance for ben carter ended on 31/03/2027") for m in messages)
    assert any(m.startswith("DCC is 76.4% of the job plan; the expected DCC for Band 7 is 60.0%") for m in messages)
    assert _panel(run.summary_path)["Panel"] == "Review"


def test_the_panel_column_follows_as_of_date_in_libreoffice(team, tmp_path):
    run = calculate_folder(team, tmp_path / "out", as_of=date(2027, 3, 31))
    book = openpyxl.load_workbook(run.summary_path)
    sheet = book["Assumptions"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == "as_of_date")
    sheet.cell(row, 3).value = date(2027, 4, 1)
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    unedited, later = LibreOffice(tmp_path / "office").recalculate(run.summary_path, edited)
    assert _panel(unedited)["Panel"] == "Agreed variance"
    assert _panel(later)["Panel"] == "Review"  # the day after 'until'
    shown = [v for (sheet, _), v in values(later).items() if sheet == "Consistency" and isinstance(v, str)]
    assert [v for v in shown if v.startswith(("#", "Err:"))] == []


def test_a_variance_for_a_name_no_plan_has_is_a_finding(tmp_path):
    folder = copy_sample_team(tmp_path / "team")
    (folder / "jobplan.toml").write_text(POLICY.replace("ben carter", "Ben Carte"), encoding="utf-8")
    run = calculate_folder(folder, tmp_path / "out", as_of=date(2027, 1, 1))
    assert [(f.file, f.severity) for f in run.findings if "'Ben Carte'" in f.message] == [("jobplan.toml", "warning")]


@pytest.mark.parametrize("entry, words", [
    ('agreed_by = "Panel"\nagreed_on = 2026-03-10\nreason = "x"', "lacks until"),
    ('agreed_by = "Panel"\nagreed_on = 2026-03-10\nreason = "x"\nuntil = 2025-01-01', "is before 'agreed_on'"),
    ('agreed_by = "Panel"\nagreed_on = "next week"\nreason = "x"\nuntil = 2027-01-01', "'agreed_on'"),
    ('agreed_by = ""\nagreed_on = 2026-03-10\nreason = "x"\nuntil = 2027-01-01', "'agreed_by' must be text"),
    ('agreed_by = "Panel"\nagreed_on = 2026-03-10\nreason = "x"\nuntil = 2027-01-01\nexpires = 1',
     "has 'expires', which jobplan does not know"),
    ('agreed_by = "Panel"\nagreed_on = 2026-03-10\nreason = "x"\nuntil = 45000', "write a date"),
])
def test_a_bad_variance_stops_with_a_message_naming_it(entry, words):
    import tomllib

    data = tomllib.loads(f'[agreed_variances."Ben Carter"]\n{entry}\n')
    with pytest.raises(ConfigError, match=words) as caught:
        params_from_mapping(data, "jobplan.toml")
    assert "agreed_variances.\"Ben Carter\"" in str(caught.value)


def test_the_same_person_twice_is_refused():
    data = {"agreed_variances": {name: {"agreed_by": "P", "agreed_on": date(2026, 1, 1), "reason": "r",
                                        "until": date(2027, 1, 1)} for name in ("Ben Carter", "BEN  CARTER")}}
    with pytest.raises(ConfigError, match="names the same person"):
        params_from_mapping(data, "jobplan.toml")
