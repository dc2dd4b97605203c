"""Every cell jobplan names is the cell in Excel's own A1 terms, wherever the form starts and whatever saved it.

python-calamine hands back each sheet from its first used cell; a form below empty rows or right of empty
columns must still be reported at its real address, in .xlsx, .xls and .ods alike.
"""
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from calculator import Params, read_workbook
from calculator.hours import category_totals
from calculator.readers.workbook import load_grids

from .common import SAMPLE_TEAM, only_plan
from .libreoffice import soffice
from .test_bnssg_reader import seed_like_workbook


def totals(plan):
    t = category_totals(plan.lines)
    return pytest.approx((t.DCC, t.SPA, t.ANR, t.ED), abs=1e-9)


def integrated_plan(path, *, first_col=1, top_rows=0):
    """Appendix 1 with one integrated session that gives no share: a warning on its type cell."""
    return seed_like_workbook(path, first_col=first_col, top_rows=top_rows,
                              header=[("Name:", "Pat Jones"), ("Contracted hours per week:", 7.5)],
                              sessions={1: (None, "Clinic", "Clinical", "MSK"),
                                        2: (None, "Office", "Integrated", "Clinic and audit")})


def finding_cells(plan):
    return {f.message.split(" is integrated")[0]: f.cell for f in plan.findings if "is integrated" in f.message}


@pytest.mark.parametrize("first_col, top_rows, cells", [
    # the title at A1: header A3:B4, headings row 7, session 1 on row 8, type in column D
    (1, 0, {"name": "B3", "hours": "B4", "s1": "D8", "s2": "D9"}),
    # the title at C5: everything 4 rows down and 2 columns right
    (3, 4, {"name": "D7", "hours": "D8", "s1": "F12", "s2": "F13"}),
])
def test_cells_are_named_where_excel_shows_them(tmp_path, first_col, top_rows, cells):
    plan = only_plan(integrated_plan(tmp_path / "p.xlsx", first_col=first_col, top_rows=top_rows))
    assert (plan.cells["name"], plan.cells["contracted_hours"]) == (cells["name"], cells["hours"])
    assert finding_cells(plan) == {"Session 2 (Monday PM)": cells["s2"]}
    assert [line.cell for line in plan.lines] == [cells["s1"], cells["s2"], cells["s2"]]
    # 3.75 clinical + an integrated session split 50/50: 3.75 + 1.875 DCC, 1.875 SPA
    assert totals(plan) == (5.625, 1.875, 0, 0)


def test_formatted_empty_rows_and_columns_above_the_form_do_not_move_it(tmp_path):
    path = integrated_plan(tmp_path / "p.xlsx", first_col=2, top_rows=3)
    book = openpyxl.load_workbook(path)
    ws = book.active
    for row in (1, 2, 3):  # a coloured, bold title band left empty, as trusts' letterheads are
        for col in (1, 2, 3, 8):
            ws.cell(row, col).fill = PatternFill("solid", fgColor="DDEEFF")
            ws.cell(row, col).font = Font(bold=True)
        ws.row_dimensions[row].height = 30
    book.save(path)
    plan = only_plan(path)
    # the title at B4 (first_col 2, 3 rows down): header B6:C7, headings row 10, sessions from row 11, type in E
    assert (plan.cells["name"], plan.cells["contracted_hours"]) == ("C6", "C7")
    assert finding_cells(plan) == {"Session 2 (Monday PM)": "E12"}


def test_a_merged_type_below_empty_rows_covers_the_right_sessions(tmp_path):
    """A whole day typed once and merged over both its sessions counts twice, named at the merged cell."""
    path = seed_like_workbook(tmp_path / "p.xlsx", first_col=3, top_rows=4,
                              header=[("Name:", "X"), ("Contracted hours per week:", 15)],
                              sessions={1: (None, "Clinic", "Clinical", "MSK"), 3: (None, "Office", "SPA", "CPD")})
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("F12:F13")  # session 1's type over session 2's row
    book.active.merge_cells("F14:F15")  # session 3's type over session 4's row
    book.save(path)
    plan = only_plan(path)
    # sessions 1 and 2 Clinical, 3 and 4 SPA: 7.5 h each
    assert totals(plan) == (7.5, 7.5, 0, 0)
    assert plan.sessions == 4
    assert [line.cell for line in plan.lines] == ["F12", "F12", "F14", "F14"]


def test_a_wrong_dimension_element_does_not_move_the_form(tmp_path):
    """The <dimension> a program wrote may be anything; the cells' own references decide."""
    import zipfile

    path = integrated_plan(tmp_path / "p.xlsx", first_col=3, top_rows=4)
    wrong = tmp_path / "wrong.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(wrong, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B2"/>', data)
            target.writestr(item, data)
    assert finding_cells(only_plan(wrong)) == {"Session 2 (Monday PM)": "F13"}


@pytest.fixture(scope="module")
def libreoffice_saved(tmp_path_factory):
    """The C5 form with merged types, saved by LibreOffice as .xlsx, .ods and .xls."""
    binary = soffice()
    work = tmp_path_factory.mktemp("lo")
    path = seed_like_workbook(work / "form.xlsx", first_col=3, top_rows=4,
                              header=[("Name:", "X"), ("Contracted hours per week:", 15)],
                              sessions={1: (None, "Clinic", "Clinical", "MSK"),
                                        3: (None, "Office", "Integrated", "Audit")})
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("F12:F13")
    book.active.merge_cells("F14:F15")
    book.save(path)
    profile = work / "profile"
    saved = {}
    for suffix, filter_name in (("xlsx", "xlsx"), ("ods", "ods"), ("xls", "xls")):
        out = work / suffix
        subprocess.run([binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                        "--convert-to", filter_name, "--outdir", str(out), str(path)],
                       check=True, capture_output=True, timeout=300)
        saved[suffix] = out / f"form.{suffix}"
        assert saved[suffix].exists()
    return saved


@pytest.mark.parametrize("suffix", ["xlsx", "ods", "xls"])
def test_files_saved_by_libreoffice_keep_their_cells_and_merges(libreoffice_saved, suffix):
    plan = only_plan(libreoffice_saved[suffix])
    # sessions 1-2 Clinical (merged), 3-4 Integrated with no share (merged): 7.5 DCC + 2 x 1.875 each way
    assert totals(plan) == (7.5 + 3.75, 3.75, 0, 0)
    assert (plan.cells["name"], plan.cells["contracted_hours"]) == ("D7", "D8")
    assert finding_cells(plan) == {"Session 3 (Tuesday AM)": "F14", "Session 4 (Tuesday PM)": "F14"}


def test_an_ods_merge_across_columns_is_read_from_the_file(tmp_path):
    """calamine reports no merges for .ods: they are read from content.xml, repeated rows and cells counted."""
    binary = shutil.which("soffice") or soffice()
    book = openpyxl.Workbook()
    ws = book.active
    ws["C5"] = "whole day"
    ws.merge_cells("C5:D5")
    ws["B9"] = "two rows"
    ws.merge_cells("B9:B10")
    ws["F30"] = "end"
    book.save(tmp_path / "m.xlsx")
    subprocess.run([binary, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless", "--norestore",
                    "--convert-to", "ods", "--outdir", str(tmp_path), str(tmp_path / "m.xlsx")],
                   check=True, capture_output=True, timeout=300)
    [grid] = load_grids(tmp_path / "m.ods")
    assert sorted(grid.merged) == [(5, 3, 5, 4), (9, 2, 10, 2)]
    assert (grid.covering(5, 4), grid.where(5, 4), grid.get(10, 2), grid.where(10, 2)) == \
        ("whole day", "C5", "two rows", "B9")
    assert grid.get(30, 6) == "end"


# -- the property: moving a plan down and right moves every cell it names by the same amount ----------------

def shifted_copy(source: Path, target: Path, rows: int, cols: int) -> None:
    """The workbook with ``rows`` empty rows above and ``cols`` empty columns left of every sheet."""
    original = openpyxl.load_workbook(source)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for ws in original.worksheets:
        copy = book.create_sheet(ws.title)
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    new = copy.cell(cell.row + rows, cell.column + cols, cell.value)
                    new.data_type = cell.data_type
                    new.number_format = cell.number_format
        for merged in ws.merged_cells.ranges:
            copy.merge_cells(start_row=merged.min_row + rows, start_column=merged.min_col + cols,
                             end_row=merged.max_row + rows, end_column=merged.max_col + cols)
    book.save(target)


def shift(cell: str, rows: int, cols: int) -> str:
    if not cell:
        return cell
    letters, number = re.fullmatch(r"([A-Z]+)([0-9]+)", cell).groups()
    from openpyxl.utils import column_index_from_string

    return f"{get_column_letter(column_index_from_string(letters) + cols)}{int(number) + rows}"


SAMPLE_PLANS = sorted(p.name for p in SAMPLE_TEAM.glob("*.xlsx"))


def reading(path: Path):
    plans, findings = read_workbook(path, Params())
    return plans, findings


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(SAMPLE_PLANS), rows=st.integers(0, 12), cols=st.integers(0, 6))
def test_empty_rows_and_columns_before_a_plan_shift_every_cell_and_change_no_figure(tmp_path, name, rows, cols):
    target = tmp_path / f"shifted-{rows}-{cols}-{name}"
    shifted_copy(SAMPLE_TEAM / name, target, rows, cols)
    before_plans, before_findings = reading(SAMPLE_TEAM / name)
    after_plans, after_findings = reading(target)
    assert [f.message for f in after_findings] == [f.message for f in before_findings]
    assert len(after_plans) == len(before_plans)
    for before, after in zip(before_plans, after_plans):
        assert totals(after) == tuple(totals(before).expected)
        assert [(line.activity, line.category, line.hours) for line in after.lines] == \
            [(line.activity, line.category, line.hours) for line in before.lines]
        assert [line.cell for line in after.lines] == [shift(line.cell, rows, cols) for line in before.lines]
        assert [(f.severity, f.message, f.cell) for f in after.findings] == \
            [(f.severity, f.message, shift(f.cell, rows, cols)) for f in before.findings]
        assert after.cells == {key: shift(cell, rows, cols) for key, cell in before.cells.items()}
