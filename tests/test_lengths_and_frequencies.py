"""How long each occurrence lasts, written in the Detail or the Frequency cell, and the one frequency rule."""
import pytest

from calculator.errors import TextParseError
from calculator.hours import category_totals, occurrences_per_week
from calculator.text import parse_frequency, parse_length

from .common import only_plan
from .test_bnssg_reader import seed_like_workbook


@pytest.mark.parametrize("text, amount, unit", [
    ("1 day", 2, "sessions"), ("(1 day)", 2, "sessions"), ("annually (1 day)", 2, "sessions"),
    ("half day", 1, "sessions"), ("Half-day", 1, "sessions"), ("half a day", 1, "sessions"),
    ("2 days", 4, "sessions"), ("1.5 days", 3, "sessions"), ("Conference - 2 days", 4, "sessions"),
    ("a morning", 1, "sessions"), ("an afternoon", 1, "sessions"), ("full day", 2, "sessions"),
    ("2 sessions", 2, "sessions"), ("one session", 1, "sessions"),
    ("30 mins", 0.5, "hours"), ("2 hours", 2, "hours"), ("09:00-12:30", 3.5, "hours"),
    ("1 day (7.5 hours)", 7.5, "hours"),  # the hours say it exactly
])
def test_lengths_people_write(text, amount, unit):
    length = parse_length(text)
    assert (length.amount, length.unit) == (amount, unit)


@pytest.mark.parametrize("text", ["Team meeting", "monthly", "every 10 days", "twice a day", "", None, 3])
def test_text_without_a_length(text):
    assert parse_length(text) is None


@pytest.mark.parametrize("text", ["a few hours", "1-2 days", "a couple of days", "1 day or 2 hours"])
def test_a_length_that_is_not_one_figure_is_refused(text):
    with pytest.raises(TextParseError):
        parse_length(text)


@pytest.mark.parametrize("text, count, period", [
    ("annually (1 day)", 1, "year"), ("1 day a month", 1, "month"), ("2 days per quarter", 4, "year"),
    ("a month", 1, "month"),
])
def test_a_length_in_the_frequency_cell_leaves_how_often(text, count, period):
    frequency = parse_frequency(text)
    assert (frequency.count, frequency.period) == (count, period)


def test_the_one_frequency_rule():
    """Calendar periods (months, quarters, years) are counted a year and spread over the weeks the plan runs;
    days and weeks are counted in the plan's own working weeks (method.md §4)."""
    weeks = 44.142857  # 52.142857 - (27 + 8 + 5) / 5
    assert occurrences_per_week(1, "month", weeks) == pytest.approx(12 / weeks)  # 0.272
    assert occurrences_per_week(13, "year", weeks) == pytest.approx(13 / weeks)  # 0.295
    assert occurrences_per_week(0.25, "week", weeks) == 0.25  # every 4 weeks: once in 4 working weeks
    assert occurrences_per_week(1, "day", weeks) == 5


def test_lengths_in_either_cell_and_the_how_text_names_the_rule(tmp_path):
    path = seed_like_workbook(
        tmp_path / "p.xlsx", header=[("Name:", "X"), ("Contracted hours per week:", 7.5)],
        internal=[("Trust HQ", "SPA", "Mandatory training", "annually (1 day)", None),
                  ("Trust HQ", "SPA", "Audit meeting - a morning", "every 4 weeks", None),
                  ("Ward", "Clinical", "Huddle", "weekly (30 mins)", None),
                  ("Trust HQ", "SPA", "Governance", "monthly", None),
                  ("Trust HQ", "SPA", "Peer review, a few hours", "quarterly", None)],
        external=[("University", "SPA", "Conference (2 days)", "quarterly", None)])
    plan = only_plan(path)
    weeks = 52 + 1 / 7 - (27 + 8 + 5) / 5  # 44.142857 job-planned weeks (no leave given: 27 days)
    by_name = {line.activity: line for line in plan.lines}
    # rows: title 19, headings 20, activities from row 21 (Detail in C, Frequency in D).
    # 1 day = 2 sessions = 7.5 h once a year; a morning = 3.75 h once in 4 working weeks; 0.5 h weekly;
    # governance one session monthly; peer review: length unreadable, one session assumed, 4 a year;
    # conference 2 days = 15 h four times a year, external so ED
    assert by_name["Mandatory training"].hours == pytest.approx(7.5 / weeks)
    assert by_name["Audit meeting - a morning"].hours == pytest.approx(3.75 / 4)
    assert by_name["Huddle"].hours == pytest.approx(0.5)
    assert by_name["Governance"].hours == pytest.approx(3.75 * 12 / weeks)
    assert by_name["Peer review, a few hours"].hours == pytest.approx(3.75 * 4 / weeks)
    assert by_name["Conference (2 days)"].hours == pytest.approx(15 * 4 / weeks)
    t = category_totals(plan.lines)
    assert (t.DCC, t.ED) == (pytest.approx(0.5), pytest.approx(60 / weeks))
    assert by_name["Governance"].note == ("monthly: 12 a year over 44.14 job-planned weeks = 0.272 a week; one "
                                          "session of 3.75 h each (no length written) = 1.02 h a week")
    assert by_name["Audit meeting - a morning"].note == (
        "every 4 weeks: once in 4 working weeks = 0.250 a week; a morning (C22) = 3.75 h each = 0.94 h a week")
    assert by_name["Mandatory training"].note.startswith("annually (1 day): 1 a year over 44.14 job-planned weeks "
                                                         "= 0.023 a week; 1 day (D21) = 7.5 h each")
    [vague] = [f for f in plan.findings if "few hours" in f.message]
    assert (vague.cell, vague.severity) == ("C25", "warning")
    assert "One session of 3.75 h each time is assumed" in vague.message
