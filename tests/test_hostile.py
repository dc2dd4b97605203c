"""One hostile file never costs the team's run (issue 15).

Every case of tests/hostile_corpus.py (built here, small; the benchmark measures the full sizes) sits
in one folder with three good plans whose figures test_sample_team.py works out by hand. The run must
finish, name each bad file with what to do, get the good plans' figures right, change no input and
print no traceback.
"""
import hashlib
from datetime import date

import openpyxl
import pytest
from click.testing import CliRunner

from calculator import Params, calculate_folder
from calculator.cli import main
from calculator.limits import Limits

from . import hostile_corpus
from .common import staff_rows
from .test_sample_team import EXPECTED

AS_OF = date(2026, 11, 23)
GOOD_PEOPLE = ("Ben Carter", "Hannah Price", "Kofi Mensah")


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


def assert_good_figures(rows):
    by_name = {r["Name"]: r for r in rows}
    for name in GOOD_PEOPLE:
        dcc, spa, anr, ed, contracted, productive = EXPECTED[name][:6]
        row = by_name[name]
        assert (row["DCC hours"], row["SPA hours"], row["ANR hours"], row["ED hours"]) == pytest.approx(
            (dcc, spa, anr, ed), abs=1e-6)
        assert row["Productive hours a year"] == pytest.approx(productive, abs=1e-4)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "plans"
    hostile_corpus.copy_good(folder)
    bad = {case: build(folder).name for case, build in hostile_corpus.CASES.items()}
    before = digest(folder)
    out = folder.parent / "out"
    result = CliRunner().invoke(main, ["calculate", str(folder), "--out", str(out), "--as-of", "23/11/2026"])
    return folder, out, result, before, bad, findings_rows(out / "team-summary.xlsx")


def findings_rows(summary):
    """The Findings sheet as one dict per finding, keyed by heading (File, Sheet, Cell, Severity, Message, ...)."""
    book = openpyxl.load_workbook(summary, read_only=True)
    rows = list(book["Findings"].iter_rows(values_only=True))
    book.close()
    top = next(i for i, row in enumerate(rows) if "Severity" in row)
    return [dict(zip(rows[top], row)) for row in rows[top + 1:]]


def test_the_run_finishes_and_names_every_bad_file(hostile):
    folder, out, result, before, bad, _ = hostile
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "Error" not in result.output
    for case in ("cell at XFD1048576", "cell at XFD10000", "empty rows bomb", "whitespace bomb",
                 "shared strings bomb", "many sheets", "60 MB workbook", "not a zip"):
        assert f"Could not read: {bad[case]}" in result.output
    assert digest(folder) == before  # inputs unchanged


def test_the_good_plans_are_right_beside_the_bad(hostile):
    assert_good_figures(staff_rows(hostile[1] / "team-summary.xlsx"))


def _finding(findings, file_name):
    [found] = [f for f in findings if f["File"] == file_name and f["Severity"] == "error"]
    return found


@pytest.mark.parametrize("case, words, sheet, cell", [
    ("cell at XFD1048576", "as far out as XFD1048576", "Job plan", "XFD1048576"),
    ("cell at XFD10000", "163,840,000 cells", "Job plan", "XFD10000"),
    ("empty rows bomb", "unpacks to more than 40 MB (its part xl/worksheets/sheet1.xml", None, None),
    ("whitespace bomb", "unpacks to more than 40 MB (its part xl/worksheets/sheet1.xml", None, None),
    ("shared strings bomb", "(its part xl/sharedStrings.xml alone)", None, None),
    ("many sheets", "has 602 sheets", None, None),  # and the plan's own two
    ("60 MB workbook", "This file is 60 MB", None, None),
    ("not a zip", "cut short or damaged", None, None),
])
def test_each_refusal_says_what_is_wrong_and_what_to_do(hostile, case, words, sheet, cell):
    findings, bad = hostile[5], hostile[4]
    found = _finding(findings, bad[case])
    assert words in found["Message"]
    assert "run again" in found["What to do"]
    if sheet:
        assert (found["Sheet"], found["Cell"]) == (sheet, cell)


def test_a_sheet_that_only_claims_the_whole_grid_is_read(hostile):
    """A <dimension> of A1:XFD1048576 sizes nothing in the readers (measured: 0.8 s, 128 MiB): the plan is read."""
    folder, out, *_ = hostile
    assert "Amara Okafor" in [r["Name"] for r in staff_rows(out / "team-summary.xlsx")]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_reader_crash_costs_only_its_workbook(tmp_path, jobs):
    """With the look-before-parsing check lifted, calamine aborts the process on a cell at XFD1048576:
    the worker dies, that workbook is one error finding, and the others are calculated and written."""
    folder = tmp_path / "plans"
    hostile_corpus.copy_good(folder)
    hostile_corpus.cell_far_out(folder)
    params = Params(limits=Limits(sheet_cells=10**15))
    run = calculate_folder(folder, out=tmp_path / "out", params=params, as_of=AS_OF, jobs=jobs)
    assert run.unreadable == ["far cell XFD1048576.xlsx"]
    [finding] = [f for f in run.findings if f.file == "far cell XFD1048576.xlsx" and f.severity == "error"]
    assert "stopped" in finding.message and finding.action
    assert sorted(p.plan.name for p in run.people) == list(GOOD_PEOPLE)
    assert_good_figures(staff_rows(tmp_path / "out" / "team-summary.xlsx"))
    assert sorted(p.name for p in (tmp_path / "out" / "annotated").iterdir()) == sorted(hostile_corpus.GOOD)


def test_a_workbook_over_its_time_is_one_finding_and_the_run_goes_on(tmp_path):
    """The shared strings bomb, let past the size check, takes calamine (or openpyxl) well over half a second."""
    folder = tmp_path / "plans"
    hostile_corpus.copy_good(folder)
    hostile_corpus.shared_strings_bomb(folder)
    params = Params(limits=Limits(part_mb=1000, package_mb=1000, inflation_ratio=10**6, seconds_per_workbook=0.5))
    run = calculate_folder(folder, out=tmp_path / "out", params=params, as_of=AS_OF, jobs=2)
    [finding] = [f for f in run.findings if f.file == "shared strings bomb.xlsx" and f.severity == "error"]
    assert "longer than 0.5 s" in finding.message
    assert "open it in excel, save it again" in finding.action.lower()
    assert run.exit_code == 1
    assert_good_figures(staff_rows(tmp_path / "out" / "team-summary.xlsx"))


def test_xml_safe_leaves_out_what_xml_cannot_hold():
    from calculator.text.xml_safe import xml_safe

    assert xml_safe("Amara Okafor") == "Amara Okafor"
    # NUL, control characters (what _x0001_ and _x001F_ decode to), half a surrogate pair and U+FFFE: left
    # out; tab and line feed are legal XML; a literal _x0041_ stays (a raw-XML writer escapes it again)
    assert xml_safe("Am\x00ara\x01 Oka\x1ffor\ud801\ufffe\tline\n_x0041_") == "Amara Okafor\tline\n_x0041_"


def test_control_characters_and_overlong_text_are_cleaned_and_said(hostile):
    folder, out, result, before, bad, findings = hostile
    book = openpyxl.load_workbook(out / "team-summary.xlsx", data_only=True)  # it opens: no illegal XML in it
    names = [c.value for c in book["Staff"]["A"]]
    # stored as "Amara_x0001_ Oka_x001F_for_xD800_": the control characters left out; the reader cannot decode
    # half a surrogate pair, so that escape stays as text (and is escaped again where raw XML is written)
    assert "Amara Okafor_xD800_" in names
    consistency = [c.value for row in book["Consistency"].iter_rows() for c in row if isinstance(c.value, str)]
    assert "Amara Okafor_xD800_" in consistency  # a formula's cached value
    [cleaned] = [f for f in findings if f["File"] == bad["control characters"] and "cannot store" in f["Message"]]
    assert cleaned["Severity"] == "warning" and cleaned["Cell"]
    [cut] = [f for f in findings if f["File"] == bad["text over 32,767 characters"] and "32,767" in f["Message"]]
    assert cut["Severity"] == "warning"
    assert max(len(n) for n in names if n) == 32_767
    for case in ("control characters", "text over 32,767 characters"):
        openpyxl.load_workbook(out / "annotated" / bad[case]).close()


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="pipes and symbolic links as on Linux")
def test_what_is_not_a_plain_file_is_named_and_never_blocks(tmp_path):
    import os

    folder = tmp_path / "plans"
    hostile_corpus.copy_good(folder)
    os.mkfifo(folder / "pipe.xlsx")  # opening it would wait for ever
    os.symlink("loop.xlsx", folder / "loop.xlsx")
    outside = tmp_path / "secret.xlsx"
    outside.write_bytes((folder / hostile_corpus.GOOD[0]).read_bytes())
    os.symlink(outside, folder / "link out.xlsx")
    (folder / "old plans.xlsx").mkdir()
    (folder / "archive").mkdir()  # a subfolder: passed over without a word, as before
    before = digest(folder)
    result = CliRunner().invoke(main, ["calculate", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    findings = {f["File"]: f for f in findings_rows(tmp_path / "out" / "team-summary.xlsx")}
    assert "this is a pipe" in findings["pipe.xlsx"]["Message"]
    assert "leads nowhere" in findings["loop.xlsx"]["Message"]
    assert "outside the folder" in findings["link out.xlsx"]["Message"]
    assert "this is a folder" in findings["old plans.xlsx"]["Message"]
    assert "archive" not in findings
    assert {findings[n]["Severity"] for n in ("pipe.xlsx", "loop.xlsx", "link out.xlsx", "old plans.xlsx")} == {
        "warning"}
    assert_good_figures(staff_rows(tmp_path / "out" / "team-summary.xlsx"))
    assert digest(folder) == before


def test_a_file_jobplan_may_not_open_says_to_check_its_sharing(tmp_path, monkeypatch):
    """Root reads any file, so the refusal is what the operating system would say to a manager."""
    from calculator.readers import workbook

    folder = tmp_path / "plans"
    hostile_corpus.copy_good(folder)

    def refused(path, limits=None):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(workbook, "check_package", refused)
    run = calculate_folder(folder, out=tmp_path / "out", as_of=AS_OF, jobs=1)
    assert {f.action for f in run.findings if f.severity == "error"} == {
        "Check the file's sharing permissions (or ask its owner to share it with you), and run again."}
