"""Plain data flowing from readers, through the arithmetic, to the writers: a plan and its person."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # hours.py imports this module: the types are for readers of the code only
    from .hours import CategoryHours, ProductiveHours

Category = Literal["DCC", "SPA", "ANR", "ED"]
CATEGORIES: tuple[Category, ...] = ("DCC", "SPA", "ANR", "ED")

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """One thing a manager should know about a workbook, pointing at the cell it concerns."""

    file: str
    sheet: str
    cell: str
    severity: Severity
    message: str
    action: str = ""


@dataclass(frozen=True)
class ActivityLine:
    """Weekly hours of one activity in one category, and the cell they were read from.

    Hours may be negative: an additional activity done in place of a session takes its time
    out of that session's category (method.md §4), and that move is a line of its own.
    """

    activity: str
    category: Category
    hours: float
    sheet: str
    cell: str
    pillar: str | None = None
    note: str = ""


@dataclass
class JobPlan:
    """What a reader found in one person's job plan: their details, activity lines and findings."""

    file: str
    sheet: str
    template: str
    name: str | None = None
    job_title: str | None = None
    band: str | None = None
    professional_group: str | None = None
    team: str | None = None
    contracted_hours: float | None = None
    service_years: float | None = None
    leave_days: float | None = None
    sign_off: date | None = None
    # the employee's own date when no one else has dated the plan: not a sign-off
    employee_signed: date | None = None
    # the job planning cycle's dates, where the template has them
    start_date: date | None = None
    review_date: date | None = None
    post_start: date | None = None
    # patients a week the plan expects to see (BNSSG "Estimated no. of patients reviewed", CNS appointment slots)
    patients_per_week: float | None = None
    # sessions the timetable plans and their hours, to compare with what the contract pays for
    sessions: float | None = None
    timetable_hours: float | None = None
    lines: list[ActivityLine] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # where each detail was read, for findings that point at it ("contracted_hours" -> "B9")
    cells: dict[str, str] = field(default_factory=dict)


@dataclass
class Person:
    """One job plan with its figures worked out and every finding about it."""

    plan: JobPlan
    hours: CategoryHours  # weekly, by category
    contracted_hours: float | None  # as used: read, or derived from the plan when missing
    leave_days: float
    productive: ProductiveHours | None
    findings: list[Finding] = field(default_factory=list)
    # hours a week actually delivered, where the manager supplied them (delivered.csv)
    delivered_hours: float | None = None

    @property
    def name(self) -> str:
        return self.plan.name or f"(no name: {self.plan.file}, {self.plan.sheet})"

    @property
    def job_plan_hours(self) -> float:
        return self.hours.total

    @property
    def dcc_pct(self) -> float:
        return self.hours.share("DCC")

    @property
    def annual(self) -> CategoryHours:
        """Annual capacity by category: the plan's mix over the productive hours (method.md §4)."""
        return self.hours.scaled_to(self.productive.productive_hours if self.productive else 0.0)

    @property
    def unallocated(self) -> float | None:
        return None if self.contracted_hours is None else self.contracted_hours - self.job_plan_hours
