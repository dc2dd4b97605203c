"""Sessions marked as not worked: no hours, no unknown-activity finding, not among the planned sessions."""
import json
from datetime import date

import openpyxl
import pytest

from calculator import Params, read_workbook
from calculator.checks import assess
from calculator.errors import ConfigError
from calculator.hours import category_totals
from calculator.params import load_params
from calculator.text import is_not_working

from .common import only_plan
from .test_bnssg_reader import seed_like_workbook

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def totals(plan):
    t = category_totals(plan.lines)
    return pytest.approx((t.DCC, t.SPA, t.ANR, t.ED), abs=1e-9)


@pytest.mark.parametrize("text", ["Non-working day", "NON WORKING", "Day off", "Not working", "N/A", "n/a", "—",
                                  "-", "Off", "Rest day", " non-working day. "])
def test_the_usual_words_mark_a_session_not_worked(text):
    assert is_not_working(text)


@pytest.mark.parametrize("text", ["Office", "Clinic off site", "Offload meeting", "", None, "Non-working day clinic"])
def test_other_text_is_not_read_as_not_working(text):
    assert not is_not_working(text)


def test_a_trusts_own_words_count_too():
    assert is_not_working("compressed  DAY", ("Compressed day",))
    assert not is_not_working("compressed day")


def option1_week(path, friday):
    book = openpyxl.Workbook()
    ws = book.active
    ws["A1"], ws["B1"] = "Name:", "Sam Lee"
    ws["A2"], ws["B2"] = "Contracted hours per week:", 22.5
    for i, day in enumerate(DAYS):
        ws.cell(4, 2 + i, day)
    ws["A5"], ws["A6"] = "AM", "PM"
    for col in "BCD":  # Monday to Wednesday: a clinic each morning, SPA each afternoon
        ws[f"{col}5"], ws[f"{col}6"] = "Clinic [DCC]", "Audit [SPA]"
    ws["E5"], ws["E6"] = "Off", "N/A"  # Thursday not worked
    ws["F5"] = friday  # Friday: a whole day merged over AM and PM
    ws.merge_cells("F5:F6")
    book.save(path)
    return path


def test_non_working_days_in_an_option1_week_are_not_sessions(tmp_path):
    plan = only_plan(option1_week(tmp_path / "w.xlsx", "Non-working day"))
    assert not plan.findings
    # Monday to Wednesday: 3 x 3.75 DCC and 3 x 3.75 SPA; Thursday and Friday not worked: 6 sessions of 22.5 h
    assert totals(plan) == (11.25, 11.25, 0, 0)
    assert plan.sessions == 6
    person = assess(plan, Params(), as_of=date(2026, 1, 1))
    assert not [f for f in person.findings if "sessions" in f.message and "timetable plans" in f.message]


def test_a_trusts_own_word_from_jobplan_toml(tmp_path):
    config = tmp_path / "jobplan.toml"
    config.write_text('not_working_words = ["Compressed day"]\n', encoding="utf-8")
    params = load_params(config)
    plans, _ = read_workbook(option1_week(tmp_path / "w.xlsx", "Compressed day"), params)
    assert plans[0].sessions == 6 and not plans[0].findings
    # without the trust's word it is an activity jobplan does not know, named at the merged cell
    plan = only_plan(tmp_path / "w.xlsx")
    assert [(f.cell, f.severity) for f in plan.findings] == [("F5", "warning"), ("F5", "warning")]
    assert plan.sessions == 8


@pytest.mark.parametrize("value, words", [
    ("Compressed day", "must be a list of words"),
    (["Compressed day", 3], "not_working_words[1]"),
    (["--"], "not_working_words[0]"),
])
def test_not_working_words_are_checked(tmp_path, value, words):
    config = tmp_path / "jobplan.toml"


    config.write_text(f"not_working_words = {json.dumps(value)}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=words.replace("[", r"\[").replace("]", r"\]")):
        load_params(config)


def test_bnssg_sessions_marked_not_worked_in_type_or_detail(tmp_path):
    path = seed_like_workbook(tmp_path / "p.xlsx", header=[("Name:", "X"), ("Contracted hours per week:", 7.5)],
                              sessions={1: (None, "Clinic", "Clinical", "MSK"), 2: (None, None, "Day off", None),
                                        3: (None, None, None, "Non-working day"), 4: (None, "—", "SPA", "CPD")})
    plan = only_plan(path)
    # sessions 1 (Clinical) and 4 (SPA: a dash in the location does not stop a typed session) are worked
    assert totals(plan) == (3.75, 3.75, 0, 0)
    assert plan.sessions == 2
    assert not plan.findings
