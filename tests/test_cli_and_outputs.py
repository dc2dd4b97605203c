"""The jobplan command and what it writes: exit codes, console summary, outputs, inputs left untouched."""
import hashlib
import shutil
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from calculator import calculate_folder
from calculator.cli import main

from .common import SAMPLE_TEAM, copy_sample_team, staff_rows
from .test_bnssg_reader import DEV_EXTERNAL, DEV_INTERNAL, DEV_SESSIONS, seed_like_workbook


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def team(tmp_path):
    folder = tmp_path / "team"
    copy_sample_team(folder)
    return folder


def test_calculate_on_the_sample_team(team):
    before = digest(team)
    result = CliRunner().invoke(main, ["calculate", str(team), "--as-of", "23/11/2026"])
    assert result.exit_code == 0, result.output
    out = team / "jobplan-output"
    assert result.output.splitlines() == [
        f"Read 10 job plan(s) from 10 workbook(s) in {team}.",
        "Findings: 0 error(s), 11 warning(s), 2 info.",
        f"Team summary: {out / 'team-summary.xlsx'}",
        f"Annotated copies: {out / 'annotated'}",
    ]
    assert digest(team) == before  # inputs are never modified
    assert sorted(p.name for p in (out / "annotated").iterdir()) == sorted(before)
    assert len(staff_rows(out / "team-summary.xlsx")) == 10
    assert not list(out.rglob(".~jobplan-*"))  # no temporary files left behind


def test_outputs_written_into_the_input_folder_are_not_read_back(team):
    runner = CliRunner()
    runner.invoke(main, ["calculate", str(team), "--out", str(team), "--as-of", "23/11/2026", "--tables"])
    assert (team / "team-summary.xlsx").is_file() and (team / "staff.csv").is_file()
    again = runner.invoke(main, ["calculate", str(team), "--out", str(team), "--as-of", "23/11/2026", "--tables"])
    assert again.exit_code == 0
    assert "from 10 workbook(s)" in again.output  # not 11: its own summary is passed over
    named = {f.file for f in calculate_folder(team, out=team, as_of=date(2026, 11, 23)).findings}
    assert not named & {"staff.csv", "findings.csv", "team-summary.xlsx", "annotated"}  # its own outputs


def test_tables_go_in_with_the_summary_and_none_is_left_from_an_earlier_run(team, tmp_path):
    out = tmp_path / "out"
    runner = CliRunner()
    first = runner.invoke(main, ["calculate", str(team), "--out", str(out), "--as-of", "23/11/2026", "--tables"])
    assert first.exit_code == 0 and (out / "staff.csv").is_file() and (out / "findings.csv").is_file()
    assert not any(p.name.startswith(".") for p in out.iterdir() if p.name != ".jobplan.lock")  # no staging left
    again = runner.invoke(main, ["calculate", str(team), "--out", str(out), "--as-of", "23/11/2026"])
    assert again.exit_code == 0
    assert not (out / "staff.csv").exists() and not (out / "findings.csv").exists()
    assert "Removed staff.csv" in again.output and "Run with --tables for new ones." in again.output


def test_a_pdf_that_cannot_be_replaced_is_a_plain_message_and_leaves_nothing_behind(team, tmp_path):
    from .libreoffice import soffice

    soffice()  # skipped without LibreOffice (a failure in CI)
    out = tmp_path / "out"
    (out / "team-summary.pdf").mkdir(parents=True)  # what cannot be replaced: here a folder of that name
    result = CliRunner().invoke(main, ["calculate", str(team), "--out", str(out), "--as-of", "23/11/2026", "--pdf"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "PDF not written: team-summary.pdf could not be written" in result.output
    assert not any(p.name.startswith(".~jobplan") for p in out.iterdir())


def test_an_output_folder_whose_annotated_copies_would_replace_the_inputs_is_refused(tmp_path):
    folder = tmp_path / "annotated"
    copy_sample_team(folder)
    inputs = digest(folder)
    result = CliRunner().invoke(main, ["calculate", str(folder), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "written over the workbooks" in result.output
    assert digest(folder) == inputs


def test_a_job_plan_in_word_is_named_and_counts_as_not_read(team):
    (team / "Ian Ward job plan.docx").write_bytes(b"PK\x03\x04 not really")
    result = CliRunner().invoke(main, ["calculate", str(team), "--out", str(team.parent / "out")])
    assert result.exit_code == 1
    assert "Could not read: Ian Ward job plan.docx" in result.output


def test_one_bad_workbook_gives_exit_1_and_the_rest_are_still_written(team):
    (team / "broken.xlsx").write_text("this is not a workbook")
    result = CliRunner().invoke(main, ["calculate", str(team), "--out", str(team.parent / "out")])
    assert result.exit_code == 1
    assert "Could not read: broken.xlsx" in result.output
    assert len(staff_rows(team.parent / "out" / "team-summary.xlsx")) == 10
    findings = openpyxl.load_workbook(team.parent / "out" / "team-summary.xlsx")["Findings"]
    [row] = [r for r in findings.iter_rows(values_only=True) if r[0] == "broken.xlsx"]
    assert row[3] == "error" and "not an Excel workbook" in row[4]


@pytest.mark.parametrize(
    "args, words",
    [
        (["calculate", "no-such-folder"], "does not exist"),
        (["calculate", "{team}", "--as-of", "someday"], "someday"),
        # day first, as everywhere: a month-first date is refused, not turned round into 31 March
        (["calculate", "{team}", "--as-of", "03/31/2026"], "'03/31/2026' has no month 31: write it day first, "
                                                          "DD/MM/YYYY"),
        (["calculate", "{team}", "--config", "{team}/jobplan.toml"], "sicknes_rate"),
        (["template", "no-such-kind", "x.xlsx"], "no-such-kind"),
    ],
)
def test_usage_errors_exit_2_with_a_plain_message(team, args, words):
    (team / "jobplan.toml").write_text("sicknes_rate = 0.05\n")
    args = [a.replace("{team}", str(team)) for a in args]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert words in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("typed", ["01/02/2026", "1.2.26", "1 February 2026", "2026-02-01"])
def test_as_of_is_read_day_first(team, tmp_path, typed):
    result = CliRunner().invoke(main, ["calculate", str(team), "--out", str(tmp_path / "o"), "--as-of", typed])
    assert result.exit_code == 0, result.output
    readme = {r[0]: r[1] for r in openpyxl.load_workbook(tmp_path / "o" / "team-summary.xlsx", data_only=True)
              ["Read me"].iter_rows(values_only=True)}
    assert readme["As of"] == datetime(2026, 2, 1)  # 1 February, never 2 January


def test_policy_file_in_the_folder_is_used(team):
    (team / "jobplan.toml").write_text('sickness_rate = "6%"\n')
    result = calculate_folder(team, as_of=date(2026, 11, 23))
    grace = next(p for p in result.people if p.name == "Grace Lewis")
    # productive(15, 27) with 6 % sickness: 15*52.142857*(1 - 0.06 - 0.015) - 3*40 = 603.482143
    assert grace.productive.productive_hours == pytest.approx(603.482143, abs=1e-6)
    assumptions = openpyxl.load_workbook(result.summary_path)["Assumptions"]
    assert ("sickness_rate", 0.06) in [r[1:3] for r in assumptions.iter_rows(values_only=True)]


def test_template_command_writes_the_committed_template(tmp_path):
    target = tmp_path / "blank.xlsx"
    result = CliRunner().invoke(main, ["template", "bnssg-appendix1", str(target)])
    assert result.exit_code == 0
    assert openpyxl.load_workbook(target)["Job plan"]["B22"].value == "Day and time"


def test_template_never_overwrites_a_plan_unless_forced(tmp_path):
    plan = tmp_path / "Jess Morgan breast CNS week.xlsx"
    shutil.copy(SAMPLE_TEAM / plan.name, plan)
    before = plan.read_bytes()
    refused = CliRunner().invoke(main, ["template", "cns-option1", str(plan)])
    assert refused.exit_code == 2
    assert "already exists" in refused.output and "--force" in refused.output
    assert plan.read_bytes() == before and list(tmp_path.iterdir()) == [plan]
    forced = CliRunner().invoke(main, ["template", "cns-option1", str(plan), "--force"])
    assert forced.exit_code == 0
    assert plan.read_bytes() != before
    assert openpyxl.load_workbook(plan).sheetnames == ["Typical week", "Guidance"]  # the blank template
    assert list(tmp_path.iterdir()) == [plan]  # no temporary file left beside it


@pytest.mark.parametrize("name", ["blank.xlsm", "blank.xls", "blank.ods", "blank.csv", "blank"])
def test_template_refuses_a_suffix_it_does_not_write(tmp_path, name):
    result = CliRunner().invoke(main, ["template", "bnssg-appendix1", str(tmp_path / name)])
    assert result.exit_code == 2
    assert ".xlsx" in result.output
    assert list(tmp_path.iterdir()) == []


def test_annotated_copy_keeps_the_sheets_and_comments_the_finding_cells(team, tmp_path):
    result = calculate_folder(team, out=tmp_path / "out", as_of=date(2026, 11, 23))
    original = openpyxl.load_workbook(team / "Dev Patel ACP.xlsx")
    copy = openpyxl.load_workbook(tmp_path / "out" / "annotated" / "Dev Patel ACP.xlsx")
    assert copy.sheetnames == original.sheetnames + ["jobplan"]
    for name in original.sheetnames:
        assert original[name].dimensions == copy[name].dimensions
        assert sorted(map(str, original[name].merged_cells.ranges)) == sorted(map(str, copy[name].merged_cells.ranges))
        for row_a, row_b in zip(original[name].iter_rows(), copy[name].iter_rows()):
            for a, b in zip(row_a, row_b):
                assert (a.value, a.fill.fgColor.rgb, a.font.b, a.number_format) == \
                       (b.value, b.fill.fgColor.rgb, b.font.b, b.number_format)
    comment = copy["Job plan"]["D49"].comment
    assert comment is not None and "signed off on 10/03/2025" in comment.text
    added = [row for row in copy["jobplan"].iter_rows(values_only=True)]
    assert ("Freedom to Speak Up guardian (2 hours)", "ANR", 1.0, None, "Job plan", "B33") == added[
        [r[0] for r in added].index("Freedom to Speak Up guardian (2 hours)")][:6]
    productive = next(r for r in added if r[0] == "Productive hours a year")[2]
    assert productive.startswith("=IF(")  # a live formula: its value is proven in test_live_workbooks
    assert result.exit_code == 0


def test_text_that_looks_like_a_formula_is_written_back_as_text(tmp_path):
    folder = tmp_path / "team"
    folder.mkdir()
    seed_like_workbook(folder / "formula text.xlsx", header=[("Name:", "=HYPERLINK(\"http://x\")"),
                                                             ("Contracted hours per week:", 37.5)],
                       sessions=DEV_SESSIONS, internal=DEV_INTERNAL, external=DEV_EXTERNAL,
                       sign_off=[("Employee", "+danger", "@nope")])
    result = calculate_folder(folder, as_of=date(2026, 11, 23))
    summary = openpyxl.load_workbook(result.summary_path)
    assert summary["Staff"]["A2"].value == "=HYPERLINK(\"http://x\")"
    assert summary["Staff"]["A2"].data_type == "s"
    finding_cells = [c for row in summary["Findings"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("@nope" in c.value for c in finding_cells)
    assert all(c.data_type == "s" for c in finding_cells)
    copy = openpyxl.load_workbook(result.annotated[0])
    name_cell = next(c for row in copy["jobplan"].iter_rows() for c in row if c.value == "=HYPERLINK(\"http://x\")")
    assert name_cell.data_type == "s"


def _contents(path):
    """Every cell of every sheet of a workbook, as text, except the Read me's run time."""
    book = openpyxl.load_workbook(path)
    return {(s.title, c.coordinate): str(getattr(c.value, "text", c.value))  # array formulas by their text
            for s in book.worksheets for row in s.iter_rows() for c in row
            if not (s.title == "Read me" and c.coordinate == "B4")}


def test_the_outputs_are_the_same_whatever_jobs_is(team, tmp_path):
    runner = CliRunner()
    for jobs in ("1", "2"):
        result = runner.invoke(main, ["calculate", str(team), "--out", str(tmp_path / jobs), "--jobs", jobs,
                                      "--as-of", "23/11/2026", "--quiet"])
        assert result.exit_code == 0, result.output
    assert _contents(tmp_path / "1" / "team-summary.xlsx") == _contents(tmp_path / "2" / "team-summary.xlsx")
    copies = sorted(p.name for p in (tmp_path / "1" / "annotated").iterdir())
    assert copies == sorted(p.name for p in (tmp_path / "2" / "annotated").iterdir())
    for name in copies:
        assert _contents(tmp_path / "1" / "annotated" / name) == _contents(tmp_path / "2" / "annotated" / name)


def test_no_progress_bar_when_output_is_not_a_terminal(team, tmp_path):
    result = CliRunner().invoke(main, ["calculate", str(team), "--out", str(tmp_path / "o")])
    assert "Reading job plans" not in result.output


def test_pdf_for_email(team, tmp_path):
    from .libreoffice import soffice

    soffice()  # skipped without LibreOffice (a failure in CI)
    result = CliRunner().invoke(main, ["calculate", str(team), "--out", str(tmp_path / "o"), "--pdf", "--quiet"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o" / "team-summary.pdf").read_bytes().startswith(b"%PDF")
    assert f"PDF for email: {tmp_path / 'o' / 'team-summary.pdf'}" in result.output


def test_pdf_without_libreoffice_says_how_to_install_it(team, tmp_path, monkeypatch):
    from calculator.writers import pdf

    monkeypatch.setattr(pdf, "find_libreoffice", lambda: None)
    result = CliRunner().invoke(main, ["calculate", str(team), "--out", str(tmp_path / "o"), "--pdf"])
    assert result.exit_code == 0  # the workbooks were all read: only the PDF is missing
    assert "PDF not written: LibreOffice is needed" in result.output
    assert "apt-get install libreoffice-calc-nogui" in result.output
    assert not (tmp_path / "o" / "team-summary.pdf").exists()


def test_a_pdf_from_an_earlier_run_is_replaced_or_removed_and_the_console_says_so(team, tmp_path):
    from .libreoffice import soffice

    soffice()  # skipped without LibreOffice (a failure in CI)
    out = tmp_path / "o"
    pdf = out / "team-summary.pdf"
    first = CliRunner().invoke(main, ["calculate", str(team), "--out", str(out), "--pdf", "--as-of", "23/11/2026"])
    assert first.exit_code == 0 and "earlier run" not in first.output
    pdf.write_bytes(b"%PDF an earlier run's")  # to tell the replacement from it
    again = CliRunner().invoke(main, ["calculate", str(team), "--out", str(out), "--pdf", "--as-of", "24/11/2026"])
    assert f"PDF for email: {pdf} (replaces the one from an earlier run)" in again.output
    assert pdf.read_bytes() != b"%PDF an earlier run's" and pdf.read_bytes().startswith(b"%PDF")
    without = CliRunner().invoke(main, ["calculate", str(team), "--out", str(out)])
    assert without.exit_code == 0
    assert "Removed team-summary.pdf from an earlier run" in without.output
    assert not pdf.exists() and (out / "team-summary.xlsx").is_file()


def test_a_pdf_that_cannot_be_printed_again_does_not_stay_from_an_earlier_run(team, tmp_path, monkeypatch):
    from calculator.writers import pdf as printer

    out = tmp_path / "o"
    out.mkdir()
    (out / "team-summary.pdf").write_bytes(b"%PDF an earlier run's")
    monkeypatch.setattr(printer, "find_libreoffice", lambda: None)
    result = CliRunner().invoke(main, ["calculate", str(team), "--out", str(out), "--pdf"])
    assert "PDF not written: LibreOffice is needed" in result.output
    assert "Removed team-summary.pdf from an earlier run" in result.output
    assert not (out / "team-summary.pdf").exists()
