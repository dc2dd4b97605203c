"""The job planning arithmetic: method.md §3 (productive hours, headroom) and §4 (weekly totals).

Pure functions over numbers and Params; nothing here knows about workbooks.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .model import CATEGORIES, ActivityLine, Category
from .params import Params

DAYS_PER_WEEK = 5  # leave is counted in working days of H / 5 hours (method.md §3)


def leave_days_for_service(service_years: float | None, params: Params) -> float:
    """Full-time annual leave days for years of reckonable NHS service (method.md §2).

    Unknown service counts as under 5 years: the smallest entitlement.
    """
    years = 0.0 if service_years is None else service_years
    days = params.annual_leave_days[min(params.annual_leave_days)]
    for from_years, band_days in sorted(params.annual_leave_days.items()):
        if years >= from_years:
            days = band_days
    return days


def effective_leave_days(leave_days: float | None, service_years: float | None, params: Params) -> float:
    """The person's own entitlement where given, else the entitlement for their service (method.md §2)."""
    return leave_days if leave_days is not None else leave_days_for_service(service_years, params)


def job_planned_weeks(leave_days: float, params: Params) -> float:
    """Weeks a year in which the job plan runs: the year less leave, bank holidays and study days."""
    return params.weeks_per_year - (leave_days + params.bank_holiday_days + params.study_leave_days) / DAYS_PER_WEEK


@dataclass(frozen=True)
class ProductiveHours:
    """One person's year (method.md §3), every figure in hours unless its name says otherwise."""

    contracted_hours: float
    leave_days: float
    wte: float
    annual_hours: float
    annual_leave_hours: float
    bank_holiday_hours: float
    study_leave_hours: float
    sickness_hours: float
    other_leave_hours: float
    productive_hours: float
    productive_weeks: float
    job_planned_weeks: float
    unavailable_pct: float
    headroom_uplift: float


def productive_hours(contracted_hours: float, leave_days: float, params: Params) -> ProductiveHours:
    """Annual productive hours and headroom for H contracted hours a week (method.md §3)."""
    if contracted_hours <= 0:
        raise ValueError(f"contracted hours must be more than 0, not {contracted_hours}")
    day_hours = contracted_hours / DAYS_PER_WEEK
    annual = contracted_hours * params.weeks_per_year
    annual_leave = leave_days * day_hours
    bank_holidays = params.bank_holiday_days * day_hours
    study_leave = params.study_leave_days * day_hours
    sickness = params.sickness_rate * annual
    other_leave = params.other_leave_rate * annual
    productive = annual - annual_leave - bank_holidays - study_leave - sickness - other_leave
    return ProductiveHours(
        contracted_hours=contracted_hours,
        leave_days=leave_days,
        wte=contracted_hours / params.full_time_hours,
        annual_hours=annual,
        annual_leave_hours=annual_leave,
        bank_holiday_hours=bank_holidays,
        study_leave_hours=study_leave,
        sickness_hours=sickness,
        other_leave_hours=other_leave,
        productive_hours=productive,
        productive_weeks=productive / contracted_hours,
        job_planned_weeks=job_planned_weeks(leave_days, params),
        unavailable_pct=1 - productive / annual,
        headroom_uplift=annual / productive - 1,
    )


def occurrences_per_week(count: float, period: str, planned_weeks: float) -> float:
    """Weekly average of an activity done ``count`` times a ``period`` (method.md §4).

    Daily means every working day; monthly and yearly counts are spread over the weeks the
    job plan runs (job_planned_weeks), since the activity does not happen in leave weeks.
    """
    if period == "day":
        return count * DAYS_PER_WEEK
    if period == "week":
        return count
    if period == "month":
        return count * 12 / planned_weeks
    if period == "year":
        return count / planned_weeks
    raise ValueError(f"unknown period {period!r}")


@dataclass(frozen=True)
class CategoryHours:
    """Hours in each category (weekly or annual, as the holder says)."""

    DCC: float = 0.0
    SPA: float = 0.0
    ANR: float = 0.0
    ED: float = 0.0

    @property
    def total(self) -> float:
        # rounded like the categories: 37.5, not 37.50000000000001
        return round(self.DCC + self.SPA + self.ANR + self.ED, 9)

    def share(self, category: Category) -> float:
        """The category's fraction of the total; 0 for an empty plan."""
        return getattr(self, category) / self.total if self.total else 0.0

    def scaled_to(self, total: float) -> "CategoryHours":
        """The same mix spread over ``total`` hours (annual capacity by category, method.md §4)."""
        own = self.total  # once, not once a category: the team tables ask this of every person
        return CategoryHours(**{c: (getattr(self, c) / own if own else 0.0) * total for c in CATEGORIES})


def category_totals(lines: Iterable[ActivityLine]) -> CategoryHours:
    """Weekly hours by category: the sum of the activity lines (method.md §4)."""
    sums = dict.fromkeys(CATEGORIES, 0.0)
    for line in lines:
        sums[line.category] += line.hours
    # float sums of quarter hours leave dust like 1e-15; round to well under a second a week
    return CategoryHours(**{c: round(v, 9) for c, v in sums.items()})
