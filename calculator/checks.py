"""method.md §5: the checks a job planning consistency panel makes on every plan."""
from __future__ import annotations

import math
from datetime import date

from dateutil.relativedelta import relativedelta

from .hours import category_totals, effective_leave_days, productive_hours
from .model import Finding, JobPlan, Person, Severity
from .params import Params, normalise_band
from .variances import expired_variance_finding, variance_for


def assess(plan: JobPlan, params: Params, as_of: date) -> Person:
    """Work out a plan's figures (method.md §3, §4) and check it (§5)."""
    findings = list(plan.findings)

    def note(severity: Severity, cell_key: str, message: str, action: str) -> None:
        findings.append(_finding(plan, cell_key, severity, message, action))

    hours = category_totals(plan.lines)
    leave_days = effective_leave_days(plan.leave_days, plan.service_years, params)
    if plan.leave_days is None:
        if plan.service_years is None:
            note("info", "leave_days", f"No annual leave entitlement or NHS service given: {leave_days:g} days "
                 "(under 5 years' service) assumed.",
                 "Fill in 'Annual leave entitlement (days)' or 'NHS service (years)'.")
    elif leave_days < min(params.annual_leave_days.values()):
        note("warning", "leave_days", f"Annual leave of {leave_days:g} days is below the smallest entitlement "
             f"({min(params.annual_leave_days.values()):g} days); if it is a part-time pro-rata figure, jobplan "
             "pro-rates by hours already.", "Enter the full-time entitlement in days (27, 29 or 33).")

    contracted = plan.contracted_hours
    if contracted is None:
        if plan.timetable_hours:
            contracted = plan.timetable_hours
            note("warning", "contracted_hours", f"No contracted hours given: taken as the {contracted:.2f} h a "
                 "week the timetable's sessions cover.", "Fill in 'Contracted hours per week'.")
        else:
            note("error", "contracted_hours", "No contracted hours given and no sessions planned, so nothing "
                 "can be worked out for this plan.", "Fill in 'Contracted hours per week' and the timetable.")

    productive = productive_hours(contracted, leave_days, params) if contracted else None
    person = Person(plan, hours, contracted, leave_days, productive, findings)
    findings.extend(_detail_checks(plan))
    if contracted:
        findings.extend(_hours_checks(person, params))
        findings.extend(_consistency_checks(person, params, as_of))
    findings.extend(_sign_off_checks(plan, params, as_of))
    findings.extend(_plan_date_checks(plan, params, as_of))
    return person


def _finding(plan: JobPlan, cell_key: str, severity: Severity, message: str, action: str) -> Finding:
    return Finding(plan.file, plan.sheet, plan.cells.get(cell_key, ""), severity, message, action)


def _detail_checks(plan: JobPlan) -> list[Finding]:
    found = []
    for key, label in (("name", "Name"), ("band", "Band"), ("job_title", "Employed Role / job title")):
        if not getattr(plan, key):
            where = "is empty" if key in plan.cells else "was not found"
            found.append(_finding(plan, key, "warning", f"The {label} box {where}.",
                                  f"Fill in '{label}' at the top of the job plan."))
    if plan.band and not plan.band.startswith("Band "):
        found.append(_finding(plan, "band", "warning", f"The band '{plan.band}' is not an Agenda for Change band.",
                              "Write the band as 5, 6, 7, 8a, 8b, 8c, 8d or 9."))
    return found


def _hours_checks(person: Person, params: Params) -> list[Finding]:
    plan, contracted = person.plan, person.contracted_hours
    found = []
    gap = contracted - person.job_plan_hours
    if abs(gap) > params.hours_tolerance:
        more_or_less = "less" if gap > 0 else "more"
        found.append(_finding(
            plan, "contracted_hours", "warning",
            f"The job plan adds up to {person.job_plan_hours:.2f} h a week, {abs(gap):.2f} h {more_or_less} than "
            f"the {contracted:.2f} contracted hours.",
            "Plan the missing time in the timetable or additional activities." if gap > 0
            else "Take time out of the plan, or check the contracted hours.",
        ))
    contracted_sessions = contracted / params.session_hours
    if plan.sessions is not None and plan.sessions > math.ceil(contracted_sessions - 1e-9):
        found.append(_finding(
            plan, "contracted_hours", "warning",
            f"The timetable plans {plan.sessions:g} sessions; {contracted:.2f} contracted hours pay for "
            f"{contracted_sessions:.2f} sessions of {params.session_hours:g} h.",
            "Clear the sessions that are not worked, or check the contracted hours.",
        ))
    return found


def _consistency_checks(person: Person, params: Params, as_of: date) -> list[Finding]:
    """DCC % against the band's configured expected value; an agreed variance that holds stills the warning,
    and one that has lapsed is a finding of its own (calculator/variances.py)."""
    plan = person.plan
    found = []
    variance = variance_for(plan.name, params.agreed_variances)
    current = variance is not None and variance.current(as_of)
    if variance is not None and as_of > variance.until:
        found.append(expired_variance_finding(plan.file, plan.sheet, plan.cells.get("band", ""), variance, as_of))
    expected = params.expected_dcc_pct.get(normalise_band(plan.band)) if plan.band else None
    if expected is not None and person.job_plan_hours > 0 and not current:
        off = person.dcc_pct - expected
        if abs(off) > params.consistency_tolerance + 1e-12:
            found.append(_finding(
                plan, "band", "warning",
                f"DCC is {person.dcc_pct:.1%} of the job plan; the expected DCC for {plan.band} is "
                f"{expected:.1%}, {abs(off) * 100:.1f} points {'above' if off > 0 else 'below'} it.",
                "Review the balance of clinical and SPA time with the job planning panel.",
            ))
    return found


def _sign_off_checks(plan: JobPlan, params: Params, as_of: date) -> list[Finding]:
    if plan.sign_off is None and plan.employee_signed is not None:
        return [_finding(plan, "sign_off", "warning",
                         f"Only the employee has dated the sign-off table ({plan.employee_signed:%d/%m/%Y}): the plan "
                         "is not yet agreed with a manager, so it does not count as signed off.",
                         "Ask the manager to sign and date the plan.")]
    if plan.sign_off is None:
        return [_finding(plan, "sign_off", "warning", "The job plan has no sign-off date.",
                         "Agree the plan and date the sign-off table.")]
    if plan.sign_off > as_of:
        return [_finding(plan, "sign_off", "warning",
                         f"The sign-off date {plan.sign_off:%d/%m/%Y} is after {as_of:%d/%m/%Y}, the date plans are "
                         "checked against.",
                         "Check the date in the sign-off table.")]
    if plan.sign_off < as_of - relativedelta(months=params.active_plan_months):
        return [_finding(plan, "sign_off", "warning",
                         f"The job plan was signed off on {plan.sign_off:%d/%m/%Y}, more than "
                         f"{params.active_plan_months} months before {as_of:%d/%m/%Y}: it is no longer active.",
                         "Review the job plan with the practitioner and sign it off again.")]
    return []


# BNSSG guidance: "New job plans should be reviewed at six-months (or before)"
NEW_POST_REVIEW_MONTHS = 6


def _plan_date_checks(plan: JobPlan, params: Params, as_of: date) -> list[Finding]:
    """A plan past its review date, and a new post's six-month review (due, or overdue), where the plan gives
    the dates. A plan signed off on or after the date has had its review."""
    found = []
    signed = plan.sign_off
    if plan.review_date is not None and plan.review_date < as_of and (signed is None or signed < plan.review_date):
        found.append(_finding(plan, "review_date", "warning",
                              f"The job plan's review date, {plan.review_date:%d/%m/%Y}, has passed and the plan has "
                              "not been signed off since.",
                              "Review the plan with the practitioner, sign it off and set the next review date."))
    if plan.post_start is not None and plan.post_start <= as_of:
        due = plan.post_start + relativedelta(months=NEW_POST_REVIEW_MONTHS)
        new_post = plan.post_start >= as_of - relativedelta(months=params.active_plan_months)
        if new_post and (signed is None or signed < due):
            started = f"started in this post on {plan.post_start:%d/%m/%Y}"
            if due <= as_of:
                found.append(_finding(plan, "post_start", "warning",
                                      f"{plan.name or 'This person'} {started}: a new post's job plan is reviewed at "
                                      f"six months, due {due:%d/%m/%Y}, and it has not been signed off since.",
                                      "Hold the six-month review and sign the plan off again."))
            else:
                found.append(_finding(plan, "post_start", "info",
                                      f"{plan.name or 'This person'} {started}: the six-month review of this new "
                                      f"post's job plan is due by {due:%d/%m/%Y}.",
                                      "Book the six-month review."))
    return found


def is_active(plan: JobPlan, params: Params, as_of: date) -> bool:
    """Signed off within active_plan_months of the as-of date, and not after it."""
    return sign_off_status(plan.sign_off, params, as_of) == "Active"


def sign_off_status(signed: date | None, params: Params, as_of: date) -> str:
    """'Active', 'Expired', 'No sign-off' or 'Dated after as-of': the Staff sheet's formula, in Python."""
    if signed is None:
        return "No sign-off"
    if signed > as_of:
        return "Dated after as-of"
    return "Active" if signed >= as_of - relativedelta(months=params.active_plan_months) else "Expired"
