"""method.md §5: the checks a job planning consistency panel makes on every plan."""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
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
            beyond = hours.total - contracted
            more = (f" (the whole plan, with what is done beyond the sessions, adds up to {hours.total:.2f} h)"
                    if abs(beyond) > params.hours_tolerance else "")
            note("warning", "contracted_hours", f"No contracted hours given: taken as the {contracted:.2f} h a "
                 f"week the timetable's sessions cover{more}.", "Fill in 'Contracted hours per week'.")
        else:
            note("error", "contracted_hours", "No contracted hours given and no sessions planned, so nothing "
                 "can be worked out for this plan.", "Fill in 'Contracted hours per week' and the timetable.")

    productive = productive_hours(contracted, leave_days, params) if contracted else None
    person = Person(plan, hours, contracted, leave_days, productive, findings)
    findings.extend(_detail_checks(plan))
    if contracted:
        # hours and sessions against a contract that was not given would contradict the finding above
        findings.extend(_hours_checks(person, params, against_contract=plan.contracted_hours is not None))
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


def _hours_checks(person: Person, params: Params, against_contract: bool = True) -> list[Finding]:
    plan, contracted = person.plan, person.contracted_hours
    found = []
    gap = contracted - person.job_plan_hours
    if against_contract and abs(gap) > params.hours_tolerance:
        more_or_less = "less" if gap > 0 else "more"
        found.append(_finding(
            plan, "contracted_hours", "warning",
            f"The job plan adds up to {person.job_plan_hours:.2f} h a week, {abs(gap):.2f} h {more_or_less} than "
            f"the {contracted:.2f} contracted hours.",
            "Plan the missing time in the timetable or additional activities." if gap > 0
            else "Take time out of the plan, or check the contracted hours.",
        ))
    contracted_sessions = contracted / params.session_hours
    if against_contract and plan.sessions is not None and plan.sessions > math.ceil(contracted_sessions - 1e-9):
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


@dataclass(frozen=True)
class BandExpectation:
    """A band's expected DCC share for the consistency panel, and where it comes from."""

    band: str  # as the first plan of the band spells it
    expected: float | None  # None: nothing to compare with
    configured: bool  # set in jobplan.toml (else the band's median, when it has enough plans)
    plans: int  # the band's plans with hours, which a median is taken over

    @property
    def source(self) -> str:
        """Where the expected value comes from, in a manager's words."""
        if self.configured:
            return "set in jobplan.toml"
        if self.expected is not None:
            return f"median of the band's {self.plans} plans"
        return (f"no expected value: set expected_dcc_pct for this band in jobplan.toml (a median needs more "
                f"plans than {'this one' if self.plans == 1 else f'these {self.plans}'})")


def band_expectations(people: list[Person], params: Params) -> dict[str, BandExpectation]:
    """Band (case-folded: Excel compares text ignoring case) -> its expected DCC share: set in jobplan.toml,
    else the median of the band's plans when there are at least consistency_min_plans of them. With fewer,
    there is none: one plan is always its own median, and two always lie either side of theirs."""
    members: dict[str, list[Person]] = {}
    for person in people:
        if person.plan.band:
            members.setdefault(person.plan.band.casefold(), []).append(person)
    bands = {}
    for key, group in sorted(members.items()):
        band = group[0].plan.band
        shares = [p.dcc_pct for p in group if p.job_plan_hours > 0]
        configured = params.expected_dcc_pct.get(normalise_band(band))
        if configured is not None:
            bands[key] = BandExpectation(band, configured, True, len(shares))
        else:
            median = statistics.median(shares) if len(shares) >= params.consistency_min_plans else None
            bands[key] = BandExpectation(band, median, False, len(shares))
    return bands


def consistency_difference(person: Person, bands: dict[str, BandExpectation]) -> float | None:
    """Points between a plan's DCC % and its band's expected value; None when there is nothing to compare."""
    band = bands.get(person.plan.band.casefold()) if person.plan.band else None
    if band is None or band.expected is None or person.job_plan_hours <= 0:
        return None
    return (person.dcc_pct - band.expected) * 100


def for_review(difference: float | None, params: Params) -> bool:
    """Outside consistency_tolerance: the Consistency sheet's "Review", in Python."""
    return difference is not None and abs(difference) > params.consistency_tolerance * 100 + 1e-9


def review_against_band_medians(people: list[Person], params: Params, as_of: date) -> None:
    """A finding on every plan the consistency panel should review against its band's median (a plan against
    an expected value set in jobplan.toml has had its finding from assess() already): so that every plan the
    Consistency sheet marks for review is on Findings too. A variance the panel agreed, still in force, is not
    for review (as in _consistency_checks)."""
    bands = band_expectations(people, params)
    for person in people:
        difference = consistency_difference(person, bands)
        band = bands.get(person.plan.band.casefold()) if person.plan.band else None
        if band is None or band.configured or not for_review(difference, params):
            continue
        variance = variance_for(person.plan.name, params.agreed_variances)
        if variance is not None and variance.current(as_of):
            continue
        person.findings.append(_finding(
            person.plan, "band", "warning",
            f"DCC is {person.dcc_pct:.1%} of the job plan, {abs(difference):.1f} points "
            f"{'above' if difference > 0 else 'below'} the median of the {band.plans} {band.band} plans "
            f"({band.expected:.1%}); the consistency panel reviews plans more than "
            f"{params.consistency_tolerance * 100:g} points from their band's.",
            "Review the balance of clinical and SPA time with the job planning panel; if the band's expected DCC "
            "share is known, set it under [expected_dcc_pct] in jobplan.toml.",
        ))


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
