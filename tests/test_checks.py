"""method.md §5 checks on one plan, each with a plan built by hand."""
from datetime import date

import pytest

from calculator.checks import assess, is_active
from calculator.model import ActivityLine, JobPlan
from calculator.params import Params

AS_OF = date(2026, 11, 23)


def plan(**fields):
    base = dict(file="f.xlsx", sheet="S", template="T", name="Pat", band="Band 7", job_title="CNS",
                contracted_hours=7.5, sign_off=date(2026, 6, 1), sessions=2.0, timetable_hours=7.5,
                lines=[ActivityLine("Clinic", "DCC", 3.75, "S", "D8"), ActivityLine("CPD", "SPA", 3.75, "S", "D9")],
                cells={"contracted_hours": "B4", "band": "B5", "sign_off": "D40", "name": "B3"})
    base.update(fields)
    return JobPlan(**base)


def messages(person):
    return [(f.severity, f.cell, f.message) for f in person.findings if "leave" not in f.message]


def test_a_plan_in_order_has_no_findings():
    assert messages(assess(plan(), Params(), AS_OF)) == []


def test_hours_more_than_tolerance_from_contract():
    person = assess(plan(contracted_hours=7.76), Params(), AS_OF)  # 0.26 h short
    assert [m[:2] for m in messages(person)] == [("warning", "B4")]
    assert "0.26 h less than" in messages(person)[0][2]
    assert messages(assess(plan(contracted_hours=7.75), Params(), AS_OF)) == []  # 0.25: within tolerance


def test_sessions_beyond_contracted_sessions():
    # 5 h pays for 1.33 sessions, so up to 2 may be planned; 3 may not
    assert messages(assess(plan(contracted_hours=7.5, sessions=2.0), Params(), AS_OF)) == []
    person = assess(plan(contracted_hours=5.0, sessions=3.0, lines=[]), Params(), AS_OF)
    assert any("plans 3 sessions" in m[2] for m in messages(person))


def test_dcc_share_against_the_band_expected_value():
    params = Params(expected_dcc_pct={"7": 0.6})
    # DCC 50 %: 10 points below 60 % is outside 5 points
    [(severity, cell, text)] = messages(assess(plan(), params, AS_OF))
    assert (severity, cell) == ("warning", "B5") and "10.0 points below" in text
    assert messages(assess(plan(), Params(expected_dcc_pct={"7": 0.55}), AS_OF)) == []  # exactly 5 points


@pytest.mark.parametrize(
    "signed, words",
    [(None, "no sign-off date"), (date(2025, 11, 22), "no longer active"), (date(2026, 12, 1), "after 23/11/2026")],
)
def test_sign_off_missing_old_or_in_the_future(signed, words):
    [(severity, cell, text)] = messages(assess(plan(sign_off=signed), Params(), AS_OF))
    assert severity == "warning" and words in text


def test_active_is_within_active_plan_months():
    assert is_active(plan(sign_off=date(2025, 11, 23)), Params(), AS_OF)
    assert not is_active(plan(sign_off=date(2025, 11, 22)), Params(), AS_OF)


def test_no_contracted_hours_takes_the_timetable_or_is_an_error():
    person = assess(plan(contracted_hours=None), Params(), AS_OF)
    assert person.contracted_hours == 7.5
    assert any(f.severity == "warning" and "No contracted hours" in f.message for f in person.findings)
    empty = assess(plan(contracted_hours=None, lines=[], sessions=0.0, timetable_hours=0.0), Params(), AS_OF)
    assert empty.productive is None
    assert [f.severity for f in empty.findings if "No contracted hours" in f.message] == ["error"]


def test_missing_name_band_and_role_and_an_odd_band():
    person = assess(plan(name=None, band=None, job_title=None), Params(), AS_OF)
    assert sorted(m[2] for m in messages(person)) == sorted([
        "The Name box is empty.", "The Band box is empty.", "The Employed Role / job title box was not found."])
    odd = assess(plan(band="Senior"), Params(), AS_OF)
    assert any("not an Agenda for Change band" in m[2] for m in messages(odd))


def test_leave_below_the_smallest_entitlement_is_used_with_a_warning():
    person = assess(plan(leave_days=17.4), Params(), AS_OF)
    assert person.leave_days == 17.4
    assert any(f.severity == "warning" and "below the smallest" in f.message for f in person.findings)
