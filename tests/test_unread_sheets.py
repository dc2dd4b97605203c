"""Nothing silent: a sheet that looks like someone's job plan but cannot be read is named, and counted."""
import openpyxl
from click.testing import CliRunner

from calculator import Params, read_workbook
from calculator.cli import main
from calculator.readers.detect import unread_sheet_count

from .test_cns_readers import FIGURE_1


def team_workbook(path):
    """One person per sheet, as a team keeps them: Guidance first (the guide's example week), two plans
    the readers know, a plan laid out in a way no reader knows, and a Lists sheet for drop-downs."""
    book = openpyxl.Workbook()
    guidance = book.active
    guidance.title = "Guidance"
    guidance.append(["How to fill in your typical week"])
    guidance.append([None, "Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])
    for kind in ("AM", "PM"):
        guidance.append([kind, *FIGURE_1[kind]])
    for name in ("Ann Bell", "Cal Dunn"):
        ws = book.create_sheet(name)
        ws.append(["Name:", name])
        ws.append(["Contracted hours per week:", 7.5])
        ws.append([])
        ws.append([None, "Monday", "Tuesday", "Wednesday"])
        ws.append(["AM", "Clinics [DCC]", None, None])
        ws.append(["PM", "Teaching [SPA]", None, None])
    odd = book.create_sheet("Eve Ford")
    odd.append(["Name:", "Eve Ford"])  # A1, B1
    odd.append(["Band:", 7])
    odd.append([])
    odd.append(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])  # A4: days, but no AM / PM anywhere
    odd.append(["Clinic", "Clinic", "Audit", "Clinic", "Teaching"])
    lists = book.create_sheet("Lists")
    for value in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Clinical", "SPA", "Integrated"):
        lists.append([value])
    book.save(path)
    return path


def test_a_sheet_that_looks_like_a_plan_but_cannot_be_read_is_a_warning_naming_it(tmp_path):
    plans, findings = read_workbook(team_workbook(tmp_path / "team.xlsx"), Params())
    assert [p.name for p in plans] == ["Ann Bell", "Cal Dunn"]
    [unread] = [f for f in findings if f.sheet == "Eve Ford"]
    assert (unread.severity, unread.cell) == ("warning", "A1")
    assert unread.message == ("Sheet 'Eve Ford' looks like a job plan (a Name field, a Band field, weekday "
                              "headings) but could not be read as any template, so nobody on it is counted.")
    # Guidance (the example week) and Lists (drop-down choices) hold nobody's plan: passed over quietly
    assert not [f for f in findings if f.sheet in ("Guidance", "Lists")]
    assert unread_sheet_count(findings) == 1


def test_the_console_says_how_many_sheets_looked_like_plans_and_how_many_were_read(tmp_path):
    folder = tmp_path / "team"
    folder.mkdir()
    team_workbook(folder / "team.xlsx")
    result = CliRunner().invoke(main, ["calculate", str(folder), "--as-of", "01/01/2026", "--quiet"])
    assert f"3 sheets looked like job plans; 2 were read (from 1 workbook(s) in {folder})." in result.output


def test_a_staff_list_or_a_guidance_text_alone_is_not_a_plan(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Staff"
    ws.append(["Name", "Band", "Contracted hours"])
    ws.append(["Ann Bell", 7, 37.5])
    book.create_sheet("Notes").append(["Job plans are reviewed every year with your manager."])
    book.save(tmp_path / "list.xlsx")
    plans, findings = read_workbook(tmp_path / "list.xlsx", Params())
    assert not plans
    assert [f.severity for f in findings] == ["error"]  # no job plan in the workbook: one error, no sheet warnings
