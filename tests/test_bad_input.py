"""A manager's folder is whatever people emailed them: every good plan is still calculated, every bad file is
named with what to do, inputs are never changed, and nothing a person typed ever becomes a formula."""
import hashlib
import io
import re
import shutil
import zipfile
from datetime import date

import openpyxl
import pytest
from click.testing import CliRunner

from calculator import calculate_folder
from calculator.cli import main
from calculator.errors import NoJobPlansError
from calculator.hours import category_totals

from .common import ROOT, SAMPLE_TEAM, copy_sample_team
from .test_bnssg_reader import DEV_EXTERNAL, DEV_FIGURES, DEV_INTERNAL, DEV_SESSIONS, seed_like_workbook

DATA = ROOT / "tests" / "data"
DEV = SAMPLE_TEAM / "Dev Patel ACP.xlsx"
GRACE = SAMPLE_TEAM / "Grace Lewis dietitian.xlsx"
AS_OF = date(2026, 11, 23)
# what people type that a spreadsheet would run as a formula, if it were written back carelessly
INJECTED = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1+1", "-2+3", "@SUM(1,1)", "\t=1+1", "\r=1+1"]


# -- hostile files, built here ---------------------------------------------------------------------

def zero_byte(folder):
    (folder / "empty.xlsx").write_bytes(b"")


def cut_short(folder):
    data = DEV.read_bytes()
    (folder / "half downloaded.xlsx").write_bytes(data[: len(data) // 2])


def text_named_xlsx(folder):
    (folder / "notes.xlsx").write_text("Job plan notes, typed in Notepad\n", encoding="utf-8")


def encrypted(folder):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO(GRACE.read_bytes())
    with (folder / "locked plan.xlsx").open("wb") as out:
        OOXMLFile(plain).encrypt("secret", out)


def lock_and_system_files(folder):
    (folder / "~$Dev Patel ACP.xlsx").write_bytes(b"\x00" * 165)
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")


def not_a_job_plan(folder):
    book = openpyxl.Workbook()
    book.active.append(["Rota", "Monday", "Tuesday", "Wednesday"])
    book.active.append(["Early", "AB", "CD", "EF"])
    book.save(folder / "ward rota.xlsx")


def macro_workbook(folder, tmp):
    import xlsxwriter

    vba = tmp / "vbaProject.bin"
    vba.write_bytes(b"\xd0\xcf\x11\xe0 a macro project " * 8)
    book = xlsxwriter.Workbook(str(folder / "macro plan.xlsm"))
    sheet = book.add_worksheet("Job plan")
    rows = [["Name:", "Mo Macro"], ["Contracted hours per week:", 7.5], [],
            ["Session", "Day and time", "Location", "Type of work", "Additional Detail"],
            [1, "Monday AM", "Clinic", "Clinical", "MSK"], [2, "Monday PM", "Office", "SPA", "CPD"]]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.add_vba_project(str(vba))
    book.close()
    return vba.read_bytes()


def formula_without_value(folder):
    """openpyxl saves formulas without their values, as some programs do."""
    path = seed_like_workbook(folder / "uncalculated.xlsx", header=[("Name:", "Una Calc"),
                                                                    ("Contracted hours per week:", "=30+7.5")],
                              sessions={1: (None, "Clinic", "Clinical", "MSK")})
    book = openpyxl.load_workbook(path)
    book.active["B4"] = "=30+7.5"  # a real formula this time
    book.save(path)


def injection(folder):
    seed_like_workbook(folder / "injection.xlsx", header=[("Name:", INJECTED[0]), ("Band:", INJECTED[1]),
                                                          ("Contracted hours per week:", 3.75)],
                       sessions={1: (None, INJECTED[2], "Clinical", INJECTED[3]),
                                 2: (None, INJECTED[4], "Mystery", INJECTED[5])})


def large_sheet(folder):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Name:", "Lara Large"])
    sheet.append(["Session", "Day and time", "Type of work"])
    sheet.append([1, "Monday AM", "Clinical"])
    for row in range(4, 2105):
        sheet.cell(row, 5, f"filler {row}")
    book.save(folder / "large.xlsx")


def entity_bomb(folder):
    laughs = "".join(f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10 if i else "lol"}">' for i in range(10))
    with zipfile.ZipFile(DEV) as source, zipfile.ZipFile(folder / "bomb.xlsx", "w") as bomb:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"^(<\?xml[^>]*\?>)?", b"", data)
                data = (f'<?xml version="1.0"?><!DOCTYPE worksheet [{laughs}]>'.encode() + data
                        .replace(b"<t>Dev Patel</t>", b"<t>&l9;</t>", 1))
            bomb.writestr(item, data)


def awkward_names(folder):
    shutil.copy(GRACE, folder / "Zoë O'Neil – plan 😀.xlsx")
    shutil.copy(DATA / "dev-patel-legacy.xls", folder / "plan.xls")
    shutil.copy(GRACE, folder / "plan.xlsx")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus") / "emailed plans"
    folder.mkdir()
    shutil.copy(DEV, folder)
    shutil.copy(DATA / "dev-patel-libreoffice.ods", folder)
    for build in (zero_byte, cut_short, text_named_xlsx, encrypted, lock_and_system_files, not_a_job_plan,
                  formula_without_value, injection, large_sheet, entity_bomb, awkward_names):
        build(folder)
    vba = macro_workbook(folder, tmp_path_factory.mktemp("vba"))
    (folder / "Ian Ward job plan.docx").write_bytes(b"PK\x03\x04 word")
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    out = folder.parent / "out"
    result = CliRunner().invoke(main, ["calculate", str(folder), "--out", str(out), "--as-of", "23/11/2026"])
    run = calculate_folder(folder, out=folder.parent / "out-library", as_of=AS_OF)
    return folder, out, result, run, before, vba


def findings_for(run, name):
    return [f for f in run.findings if f.file == name]


def test_the_corpus_run_exits_1_and_inputs_are_unchanged(corpus):
    folder, _out, result, _run, before, _vba = corpus
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    assert after == before


def test_good_plans_in_any_format_are_calculated(corpus):
    run = corpus[3]
    by_file = {p.plan.file: p for p in run.people}
    for name in ("Dev Patel ACP.xlsx", "dev-patel-libreoffice.ods", "plan.xls"):
        totals = category_totals(by_file[name].plan.lines)
        assert (totals.DCC, totals.SPA, totals.ANR, totals.ED) == pytest.approx(DEV_FIGURES, abs=1e-6)
    assert by_file["macro plan.xlsm"].hours.DCC == 3.75
    assert by_file["Zoë O'Neil – plan 😀.xlsx"].name == "Grace Lewis"


@pytest.mark.parametrize(
    "name, severity, words",
    [
        ("empty.xlsx", "error", "empty (0 bytes)"),
        ("half downloaded.xlsx", "error", "cut short or damaged"),
        ("notes.xlsx", "error", "not an Excel workbook"),
        ("locked plan.xlsx", "error", "protected with a password"),
        ("ward rota.xlsx", "error", "No job plan was found"),
        ("bomb.xlsx", "error", "could not be opened"),
        ("Ian Ward job plan.docx", "warning", "may be someone's job plan"),
        ("uncalculated.xlsx", "warning", "B4 holds a formula whose result was never saved"),
        ("large.xlsx", "warning", "Only the first 2000 rows"),
        ("plan.xls", "info", "The annotated copy is plan (2).xlsx"),
        ("dev-patel-libreoffice.ods", "info", "The annotated copy is dev-patel-libreoffice.xlsx"),
    ],
)
def test_every_bad_file_is_named_with_what_to_do(corpus, name, severity, words):
    found = [f for f in findings_for(corpus[3], name) if words in f.message]
    assert [f.severity for f in found] == [severity]
    assert found[0].action or severity == "info"


def test_a_password_message_says_how_to_remove_it(corpus):
    [finding] = findings_for(corpus[3], "locked plan.xlsx")
    assert "Encrypt with Password" in finding.message and "delete the password" in finding.action


def test_lock_hidden_and_system_files_are_skipped_quietly(corpus):
    run = corpus[3]
    assert not [f for f in run.findings if f.file in ("~$Dev Patel ACP.xlsx", ".DS_Store", "Thumbs.db")]
    assert "~$Dev Patel ACP.xlsx" not in [p.name for p in run.inputs]


def test_the_same_person_in_several_files_is_a_warning_naming_each_place(corpus):
    run = corpus[3]
    dev = [f for f in run.findings if "Dev Patel has more than one job plan" in f.message]
    assert sorted(f.file for f in dev) == ["Dev Patel ACP.xlsx", "dev-patel-libreoffice.ods", "plan.xls"]
    assert "plan.xls, sheet 'Job plan'" in dev[0].message


def test_macros_are_kept_in_the_annotated_copy(corpus):
    _folder, out, _result, _run, _before, vba = corpus
    with zipfile.ZipFile(out / "annotated" / "macro plan.xlsm") as copy:
        assert copy.read("xl/vbaProject.bin") == vba


def test_copies_that_would_share_a_name_do_not(corpus):
    out = corpus[1]
    names = sorted(p.name for p in (out / "annotated").iterdir())
    assert "plan.xlsx" in names and "plan (2).xlsx" in names
    assert "Zoë O'Neil – plan 😀.xlsx" in names
    assert "dev-patel-libreoffice.xlsx" in names


def test_nothing_typed_becomes_a_formula_in_any_output(corpus):
    out = corpus[1]
    outputs = [out / "team-summary.xlsx", *(out / "annotated").iterdir()]
    for path in outputs:
        book = openpyxl.load_workbook(path)
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    text = getattr(cell.value, "text", cell.value)
                    if cell.data_type == "f":
                        assert not any(typed.strip() in str(text) for typed in INJECTED), (path.name, cell.coordinate)
    summary = openpyxl.load_workbook(out / "team-summary.xlsx")
    names = [c.value for c in summary["Staff"]["A"]]
    assert INJECTED[0] in names
    cell = summary["Staff"][f"A{names.index(INJECTED[0]) + 1}"]
    assert cell.data_type == "s"
    copy = openpyxl.load_workbook(out / "annotated" / "injection.xlsx")
    texts = [c for row in copy["jobplan"].iter_rows() for c in row if isinstance(c.value, str)]
    for typed in (INJECTED[0], INJECTED[1], INJECTED[3]):  # name, band, a session's detail
        assert any(typed in c.value and c.data_type == "s" for c in texts)


def test_an_empty_folder_says_what_was_looked_for_and_where_and_writes_nothing(tmp_path):
    folder = tmp_path / "New plans"
    folder.mkdir()
    (folder / "Ian Ward job plan.docx").write_bytes(b"PK")
    (folder / "notes").mkdir()  # a subfolder without workbooks: no team of a whole trust either
    result = CliRunner().invoke(main, ["calculate", str(folder)])
    assert result.exit_code == 1
    assert f"No job plans to read in {folder}" in result.output
    assert ".xlsx, .xlsm, .xls, .ods" in result.output and "in its team subfolders" in result.output
    assert "Ian Ward job plan.docx" in result.output
    assert "Nothing was written" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["Ian Ward job plan.docx", "notes"]  # no jobplan-output
    with pytest.raises(NoJobPlansError):
        calculate_folder(folder, as_of=AS_OF)


def test_an_empty_folder_leaves_an_earlier_runs_outputs_as_they_were(tmp_path):
    folder = tmp_path / "team"
    out = tmp_path / "out"
    copy_sample_team(folder)
    calculate_folder(folder, out=out, as_of=AS_OF)
    earlier = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    for workbook in folder.iterdir():
        workbook.unlink()
    result = CliRunner().invoke(main, ["calculate", str(folder), "--out", str(out)])
    assert result.exit_code == 1 and "No job plans to read" in result.output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == earlier


def test_an_output_folder_that_cannot_be_written_is_exit_2_and_nothing_is_written(tmp_path):
    folder = tmp_path / "team"
    copy_sample_team(folder)
    blocker = tmp_path / "not a folder"
    blocker.write_text("a file where the output folder would go")
    result = CliRunner().invoke(main, ["calculate", str(folder), "--out", str(blocker / "out")])
    assert result.exit_code == 2
    assert "cannot be written" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not a folder", "team"]


def test_a_run_stopped_half_way_leaves_no_partial_output(tmp_path, monkeypatch):
    folder = tmp_path / "team"
    copy_sample_team(folder)
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["calculate", str(folder), "--out", str(out)]).exit_code == 0
    earlier = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    inputs = {p.name: p.read_bytes() for p in folder.iterdir()}

    from calculator.writers import annotated

    real = annotated.write_annotated
    calls = []

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(annotated, "write_annotated", interrupted)
    result = runner.invoke(main, ["calculate", str(folder), "--out", str(out)])
    assert result.exit_code == 130
    assert "Nothing was left half-written" in result.output
    now = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert now == earlier  # the last complete run's outputs, nothing more
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == inputs


def test_a_second_run_replaces_the_outputs_and_leaves_nothing_stale(tmp_path):
    folder = tmp_path / "team"
    copy_sample_team(folder)
    out = tmp_path / "out"
    calculate_folder(folder, out=out, as_of=AS_OF)
    (folder / "Dev Patel ACP.xlsx").unlink()
    run = calculate_folder(folder, out=out, as_of=AS_OF)
    copies = sorted(p.name for p in (out / "annotated").iterdir())
    assert "Dev Patel ACP.xlsx" not in copies and len(copies) == 9
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    readme = {r[0]: r[1] for r in openpyxl.load_workbook(run.summary_path)["Read me"].iter_rows(values_only=True)}
    assert "Dev Patel" not in readme["Workbooks read"]
    assert readme["Written"] is not None


def test_merged_hidden_blank_and_text_numbers(tmp_path):
    path = seed_like_workbook(tmp_path / "p.xlsx", header=[("Name:", "Hid Den"), ("Contracted hours per week:",
                                                                                   " 7.5 hrs ")],
                              sessions={1: (None, "Clinic", "Clinical", "MSK"), 2: (None, "   ", "SPA", "   ")})
    book = openpyxl.load_workbook(path)
    book.active.row_dimensions[9].hidden = True
    book.create_sheet("Hidden notes").sheet_state = "hidden"
    book.save(path)
    run = calculate_folder(tmp_path, out=tmp_path / "out", as_of=AS_OF)
    [person] = run.people
    assert person.contracted_hours == 7.5
    assert (person.hours.DCC, person.hours.SPA) == (3.75, 3.75)


def test_the_input_formula_value_is_used_when_excel_saved_it(tmp_path):
    """A formula with its saved value reads as that value (LibreOffice saves values like Excel)."""
    path = seed_like_workbook(tmp_path / "calc.xlsx", header=[("Name:", "Cal Q")],
                              sessions=DEV_SESSIONS, internal=DEV_INTERNAL, external=DEV_EXTERNAL)
    book = openpyxl.load_workbook(path)
    book.active["B4"], book.active["A4"] = "=30+7.5", "Contracted hours per week:"
    book.save(path)
    from .libreoffice import LibreOffice

    [saved] = LibreOffice(tmp_path / "lo").recalculate(path)
    (tmp_path / "in").mkdir()
    shutil.copy(saved, tmp_path / "in" / "calc.xlsx")
    run = calculate_folder(tmp_path / "in", out=tmp_path / "out", as_of=AS_OF)
    assert run.people[0].contracted_hours == 37.5
    assert not [f for f in run.findings if "never saved" in f.message]


def _with_sheet_xml(path, edit):
    with zipfile.ZipFile(path) as source:
        items = [(item, source.read(item.filename)) for item in source.infolist()]
    with zipfile.ZipFile(path, "w") as target:
        for item, data in items:
            target.writestr(item, edit(data) if item.filename == "xl/worksheets/sheet1.xml" else data)


def test_only_formulas_saved_without_a_value_are_reported(tmp_path):
    from calculator.readers.workbook import uncalculated_formulas

    book = openpyxl.Workbook()
    book.active["A1"] = 1
    book.save(tmp_path / "f.xlsx")
    # an empty styled cell, then a formula with no value (as some programs save), then one whose saved
    # result is empty text (as Excel and LibreOffice save =IF(A1>0,"",1)), then one with a number
    cells = (b'<c r="B1" s="0"/><c r="C1"><f>SUM(A1:A1)</f></c>'
             b'<c r="D1" t="str"><f>IF(A1&gt;0,"",1)</f><v></v></c><c r="E1"><f>A1*2</f><v>2</v></c>')
    _with_sheet_xml(tmp_path / "f.xlsx", lambda xml: xml.replace(b"</row>", cells + b"</row>", 1))
    assert uncalculated_formulas(tmp_path / "f.xlsx") == {"Sheet": ["C1"]}


def test_groups_and_bands_differing_only_in_case_are_one_in_the_summary(tmp_path):
    from dataclasses import replace

    folder = tmp_path / "team"
    copy_sample_team(folder)
    run = calculate_folder(folder, out=tmp_path / "out", as_of=AS_OF)
    for i, person in enumerate(run.people[:2]):
        run.people[i] = replace(person, plan=replace(person.plan, professional_group=["Nursing", "nursing"][i],
                                                     band=["Senior", "senior"][i]))
    from calculator.run import summary_info
    from calculator.team import team_tables
    from calculator.writers.summary import write_summary

    tables = team_tables(run.people, run.params, run.as_of, run.file_findings)
    write_summary(tables, summary_info(run), tmp_path / "summary.xlsx")
    book = openpyxl.load_workbook(tmp_path / "summary.xlsx", data_only=True)
    groups = [r for r in book["KPIs"].iter_rows(values_only=True) if r[0] and str(r[0]).lower() == "nursing"]
    assert len(groups) == 1 and groups[0][1] == 2 + 6  # the two renamed plus the team's six nurses
    rows = list(book["Consistency"].iter_rows(values_only=True))
    assert [r[0] for r in rows if str(r[0]).lower() == "senior"] == ["Senior"]  # one band row
    people = [r for r in rows if str(r[1]).lower() == "senior"]
    assert len(people) == 2 and people[0][3] == people[1][3]  # both against the same expected DCC %
