"""method.md §3 worked examples to the cent, and §2's leave-by-service boundaries."""
import pytest

from calculator.hours import (
    CategoryHours,
    category_totals,
    job_planned_weeks,
    leave_days_for_service,
    occurrences_per_week,
    productive_hours,
)
from calculator.model import ActivityLine
from calculator.params import Params

DEFAULTS = Params()


def test_worked_example_full_time_on_appointment():
    p = productive_hours(37.5, 27, DEFAULTS)
    assert round(p.annual_hours, 2) == 1955.36
    assert round(p.annual_leave_hours, 2) == 202.50
    assert round(p.bank_holiday_hours, 2) == 60.00
    assert round(p.study_leave_hours, 2) == 37.50
    assert round(p.sickness_hours, 2) == 87.99
    assert round(p.other_leave_hours, 2) == 29.33
    assert round(p.productive_hours, 2) == 1538.04
    assert round(p.productive_weeks, 2) == 41.01
    assert round(p.job_planned_weeks, 2) == 44.14
    assert round(p.unavailable_pct * 100, 2) == 21.34
    assert round(p.headroom_uplift * 100, 2) == 27.13
    assert p.wte == 1.0


def test_worked_example_part_time_29_days():
    p = productive_hours(22.5, 29, DEFAULTS)
    assert round(p.productive_hours, 2) == 913.82
    assert round(p.unavailable_pct * 100, 2) == 22.11
    assert p.wte == 0.6


@pytest.mark.parametrize(
    "years, days",
    [(None, 27), (0, 27), (4.99, 27), (5, 29), (9.99, 29), (10, 33), (25, 33)],
)
def test_leave_days_by_service_boundaries(years, days):
    assert leave_days_for_service(years, DEFAULTS) == days


def test_job_planned_weeks_subtracts_leave_bank_holidays_and_study_in_weeks():
    # 52.142857 - (33 + 8 + 5) / 5 = 52.142857 - 9.2
    assert job_planned_weeks(33, DEFAULTS) == pytest.approx(42.942857, abs=1e-6)


@pytest.mark.parametrize(
    "count, period, per_week",
    [
        (1, "day", 5),
        (1, "week", 1),
        (0.5, "week", 0.5),
        (1 / 6, "week", 1 / 6),
        (1, "month", 12 / 44.142857),
        (4, "year", 4 / 44.142857),
        (2, "year", 2 / 44.142857),
    ],
)
def test_occurrences_per_week_spreads_monthly_and_yearly_over_job_planned_weeks(count, period, per_week):
    assert occurrences_per_week(count, period, 44.142857) == pytest.approx(per_week, rel=1e-6)


def test_category_totals_and_shares():
    lines = [
        ActivityLine("Clinic", "DCC", 3.75, "S", "A1"),
        ActivityLine("Integrated clinical part", "DCC", 2.25, "S", "A2"),
        ActivityLine("Integrated SPA part", "SPA", 1.5, "S", "A2"),
        ActivityLine("Network meeting", "SPA", 0.5, "S", "A3"),
        ActivityLine("Network meeting in place of session 1", "DCC", -0.5, "S", "A3"),
        ActivityLine("University lecture", "ED", 0.25, "S", "A4"),
    ]
    totals = category_totals(lines)
    assert totals == CategoryHours(DCC=5.5, SPA=2.0, ANR=0.0, ED=0.25)
    assert totals.total == 7.75
    assert totals.share("DCC") == pytest.approx(5.5 / 7.75)
    annual = totals.scaled_to(1538.04)
    assert annual.DCC == pytest.approx(1538.04 * 5.5 / 7.75)
    assert CategoryHours().share("DCC") == 0.0


def test_productive_hours_refuses_zero_hours():
    with pytest.raises(ValueError):
        productive_hours(0, 27, DEFAULTS)
