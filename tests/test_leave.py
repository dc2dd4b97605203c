"""Leave as people state it: days that disagree with the stated NHS service, and part-timers' pro-rata days."""
from datetime import date

import pytest

from calculator import Params
from calculator.checks import assess

from .common import only_plan
from .test_bnssg_reader import seed_like_workbook


def plan_with(tmp_path, hours, leave, service=None):
    header = [("Name:", "X"), ("Contracted hours per week:", hours), ("Annual leave entitlement (days):", leave)]
    if service is not None:
        header.append(("NHS service (years):", service))
    return only_plan(seed_like_workbook(tmp_path / "p.xlsx", header=header,
                                        sessions={1: (None, "Clinic", "Clinical", "MSK")}))


def test_pro_rata_days_for_a_part_timer_are_taken_back_to_full_time_days(tmp_path):
    plan = plan_with(tmp_path, 22.5, 17.4)
    # 29 full-time days x 22.5 / 37.5 = 17.4: the pro-rata share of 29 days
    assert plan.leave_days == 29
    [note] = [f for f in plan.findings if "pro-rata" in f.message]
    assert (note.severity, note.cell) == ("info", "B5")
    person = assess(plan, Params(), as_of=date(2026, 1, 1))
    assert not [f for f in person.findings if "below the smallest entitlement" in f.message]
    # 29 days of 22.5 / 5 = 4.5 h: 130.5 h of leave, as method.md §3's second worked example
    assert person.productive.annual_leave_hours == pytest.approx(130.5)
    assert person.productive.productive_hours == pytest.approx(913.82, abs=0.01)


def test_a_low_figure_that_is_no_pro_rata_share_is_still_a_warning(tmp_path):
    plan = plan_with(tmp_path, 22.5, 12)  # 27, 29, 33 x 0.6 = 16.2, 17.4, 19.8: 12 is none of them
    assert plan.leave_days == 12
    person = assess(plan, Params(), as_of=date(2026, 1, 1))
    assert [f.severity for f in person.findings if "below the smallest entitlement" in f.message] == ["warning"]


def test_stated_leave_that_differs_from_the_service_is_used_and_noted(tmp_path):
    plan = plan_with(tmp_path, 37.5, 30, service=12)
    assert plan.leave_days == 30
    [note] = [f for f in plan.findings if "years of NHS service gives" in f.message]
    assert note.severity == "info" and note.cell == "B5"
    assert note.message == ("Annual leave is stated as 30 days; 12 years of NHS service gives 33. The stated 30 days "
                            "are used.")


def test_leave_that_agrees_with_the_service_says_nothing(tmp_path):
    plan = plan_with(tmp_path, 37.5, 29, service=6)
    assert not [f for f in plan.findings if "leave" in f.message.lower()]
