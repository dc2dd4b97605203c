"""The team tables and roll-ups (calculator/team.py) on a small team built in code, against figures worked
out by hand; no workbook is read.

The team, with W = 365/7 = 52.142857 weeks and productive(H, d) = H*W*0.94 - H/5*(d + 8 + 5) (method.md §3):

| who | file   | folder | Team field | group         | band   | H    | leave | DCC | SPA | ANR | ED | sign-off   |
| Ann | a.xlsx | Ward A |            | Nursing       | Band 7 | 37.5 | 27    | 30  | 7.5 |     |    | 01/06/2026 |
| Bob | b.xlsx | Ward B |            | nursing       | Band 7 | 22.5 | 27    | 15  | 7.5 |     |    | 10/01/2025 |
| Cat | c.xlsx | Ward A | Ward A     | Physiotherapy | Band 6 | 30   | 27    | 20  |     | 5   | 5  |            |
| Dan | d.xlsx | Ward B | Community  | Physiotherapy | Band 7 | 15   | 33    | 9   | 6   |     |    | 01/11/2026 |

productive: Ann 37.5*W*0.94 - 7.5*40 = 1838.035714 - 300 = 1538.035714; Bob 1102.821429 - 180 = 922.821429;
Cat 1470.428571 - 240 = 1230.428571; Dan 735.214286 - 3*46 = 597.214286; together 4288.5.
As of 23/11/2026 a plan is active when signed off on or after 23/11/2025: Ann and Dan.
"""
from datetime import date

import pandas as pd
import pytest

from calculator import ActivityLine, Finding, JobPlan, Params, assess
from calculator.team import (
    ACTIVITY_SCHEMA,
    FINDING_SCHEMA,
    NOT_GIVEN,
    PILLAR_COLUMNS,
    STAFF_SCHEMA,
    team_tables,
)

AS_OF = date(2026, 11, 23)
PARAMS = Params(expected_dcc_pct={"6": 0.7})  # Band 6 set by the trust; Band 7 from its median


def line(category, hours, pillar=None, activity="Activity"):
    return ActivityLine(activity, category, hours, "Job plan", "D10", pillar, "as typed")


def plan(name, file, group, band, hours, leave, lines, sign_off=None, team=None):
    return JobPlan(file=file, sheet="Job plan", template="BNSSG Appendix 1", name=name, job_title="Specialist",
                   band=band, professional_group=group, team=team, contracted_hours=hours, leave_days=leave,
                   sign_off=sign_off, lines=lines)


def small_team(params=PARAMS):
    plans = [
        plan("Ann", "a.xlsx", "Nursing", "Band 7", 37.5, 27,
             [line("DCC", 30, "clinical"), line("SPA", 3.75, "research"), line("SPA", 3.75, "education")],
             date(2026, 6, 1)),
        plan("Bob", "b.xlsx", "nursing", "Band 7", 22.5, 27, [line("DCC", 15, "clinical"), line("SPA", 7.5)],
             date(2025, 1, 10)),
        plan("Cat", "c.xlsx", "Physiotherapy", "Band 6", 30, 27,
             [line("DCC", 20, "clinical"), line("ANR", 5, "leadership and management"), line("ED", 5)],
             team="Ward A"),
        plan("Dan", "d.xlsx", "Physiotherapy", "Band 7", 15, 33, [line("DCC", 9, "clinical"),
                                                                   line("SPA", 6, "education")],
             date(2026, 11, 1), team="Community"),
    ]
    people = [assess(p, params, AS_OF) for p in plans]
    people[0].delivered_hours = 35
    people[3].delivered_hours = 12
    folder_teams = {"a.xlsx": "Ward A", "b.xlsx": "Ward B", "c.xlsx": "Ward A", "d.xlsx": "Ward B",
                    "notes.pdf": "Ward B"}
    note = Finding("notes.pdf", "", "", "info", "Not read.", "")
    return team_tables(people, params, AS_OF, [note], folder_teams)


@pytest.fixture(scope="module")
def tables():
    return small_team()


def test_each_table_has_its_documented_columns_and_dtypes(tables):
    for frame, schema in ((tables.staff, STAFF_SCHEMA), (tables.activities, ACTIVITY_SCHEMA),
                          (tables.findings, FINDING_SCHEMA)):
        assert list(frame.columns) == list(schema)
        assert {name: str(dtype) for name, dtype in frame.dtypes.items()} == \
            {name: str(dtype) for name, (dtype, _) in schema.items()}


def test_staff_one_row_per_person_with_their_figures(tables):
    staff = tables.staff.set_index("name")
    assert list(staff.index) == ["Ann", "Bob", "Cat", "Dan"]
    # the Team field wins over the folder (Dan), a blank one leaves the folder's name (Ann, Bob)
    assert list(staff["team"]) == ["Ward A", "Ward B", "Ward A", "Community"]
    assert staff.loc["Ann", "productive_hours"] == pytest.approx(1538.035714, abs=1e-6)
    # Ann's annual DCC: 30/37.5 = 0.8 of 1538.035714
    assert staff.loc["Ann", "annual_dcc_hours"] == pytest.approx(1230.428571, abs=1e-6)
    assert staff.loc["Dan", "productive_hours"] == pytest.approx(597.214286, abs=1e-6)
    assert staff.loc["Bob", "dcc_pct"] == pytest.approx(2 / 3)
    assert staff.loc["Cat", "wte"] == pytest.approx(0.8)
    assert list(staff["sign_off_status"]) == ["Active", "Expired", "No sign-off", "Active"]
    assert list(staff["active"]) == [True, False, False, True]
    assert staff.loc["Ann", "sign_off"] == pd.Timestamp(2026, 6, 1)
    assert pd.isna(staff.loc["Cat", "sign_off"]) and pd.isna(staff.loc["Bob", "delivered_hours"])


def test_activities_one_row_per_line_and_findings_one_per_finding(tables):
    activities = tables.activities
    assert len(activities) == 3 + 2 + 3 + 2
    assert activities.groupby("name")["weekly_hours"].sum().to_dict() == {"Ann": 37.5, "Bob": 22.5, "Cat": 30.0,
                                                                         "Dan": 15.0}
    assert list(activities.loc[activities["name"] == "Dan", "team"]) == ["Community", "Community"]
    findings = tables.findings
    # the file's note first, with no person but its folder's team; then each person's (Cat: no sign-off; Bob:
    # expired; Dan's leave of 33 days is no finding)
    assert findings.iloc[0][["file", "team", "severity"]].tolist() == ["notes.pdf", "Ward B", "info"]
    assert pd.isna(findings.iloc[0]["person_id"])
    assert set(findings["name"].dropna()) == {"Bob", "Cat"}
    assert findings.loc[findings["name"] == "Cat", "person_id"].unique().tolist() == [2]


def test_team_kpis(tables):
    kpis = tables.kpis
    assert kpis["staff"] == 4
    assert kpis["wte"] == pytest.approx(105 / 37.5)  # (37.5 + 22.5 + 30 + 15) / 37.5 = 2.8
    assert kpis["active"] == 2 and kpis["active_pct"] == pytest.approx(0.5)
    assert kpis["planned_hours"] == pytest.approx(105)
    # DCC 30 + 15 + 20 + 9 = 74, SPA 7.5 + 7.5 + 6 = 21
    assert kpis["dcc_share"] == pytest.approx(0.704762, abs=1e-6)
    assert kpis["dcc_spa_ratio"] == pytest.approx(3.523810, abs=1e-6)
    # delivered: Ann 35 of 37.5 planned, Dan 12 of 15: 47 of 52.5
    assert kpis["delivered_staff"] == 2
    assert kpis["delivered_pct"] == pytest.approx(0.895238, abs=1e-6)
    assert kpis["variance_pct"] == pytest.approx(-0.104762, abs=1e-6)


def test_capacity_by_category(tables):
    capacity = tables.capacity
    assert list(capacity.index) == ["DCC", "SPA", "ANR", "ED", "Total"]
    assert capacity["weekly_hours"].tolist() == pytest.approx([74, 21, 5, 5, 105])
    # annual DCC: 0.8*1538.035714 + 2/3*922.821429 + 2/3*1230.428571 + 0.6*597.214286 = 3024.257143
    # annual SPA: 0.2*1538.035714 + 1/3*922.821429 + 0.4*597.214286 = 854.1; ANR = ED = 1230.428571/6
    assert capacity["annual_hours"].tolist() == pytest.approx([3024.257143, 854.1, 205.071429, 205.071429, 4288.5],
                                                              abs=1e-6)
    # WTE by the annual mix: 3024.257143 / 4288.5 * 2.8 = 1.974565; the total is the team's 2.8
    assert capacity.loc["DCC", "wte"] == pytest.approx(1.974565, abs=1e-6)
    assert capacity.loc["Total", "wte"] == pytest.approx(2.8)


def test_by_professional_group_and_by_team(tables):
    # "nursing" is Bob's spelling of Ann's "Nursing": one group, shown as first spelt
    groups = tables.by_group
    assert list(groups.index) == ["Nursing", "Physiotherapy"]
    assert groups.loc["Nursing"].tolist() == pytest.approx([2, 1.6, 1, 0.5, 60, 45, 0.75])
    # Cat and Dan: 0.8 + 0.4 WTE, Dan active, 30 + 15 planned, 20 + 9 DCC: 29/45 = 0.644444
    assert groups.loc["Physiotherapy"].tolist() == pytest.approx([2, 1.2, 1, 0.5, 45, 29, 0.644444], abs=1e-6)
    teams = tables.by_team
    assert list(teams.index) == ["Community", "Ward A", "Ward B"]
    # Ward A: Ann and Cat, 37.5 + 30 planned, 30 + 20 DCC: 50/67.5 = 0.740741; only Ann active
    assert teams.loc["Ward A"].tolist() == pytest.approx([2, 1.8, 1, 0.5, 67.5, 50, 0.740741], abs=1e-6)
    assert teams.loc["Ward B"].tolist() == pytest.approx([1, 0.6, 0, 0.0, 22.5, 15, 2 / 3])
    assert teams.loc["Community"].tolist() == pytest.approx([1, 0.4, 1, 1.0, 15, 9, 0.6])


def test_planned_vs_delivered_by_group_as_a_percentage_variance(tables):
    delivered = tables.delivered_by_group
    # Nursing: Ann 35 of 37.5: 35/37.5 - 1 = -6.67 %; Physiotherapy: Dan 12 of 15: -20 %
    assert delivered.loc["Nursing"].tolist() == pytest.approx([1, 37.5, 35, -0.066667], abs=1e-6)
    assert delivered.loc["Physiotherapy"].tolist() == pytest.approx([1, 15, 12, -0.2])


def test_the_four_pillars_per_person_and_for_the_team(tables):
    pillars = tables.pillars.set_index("name")
    assert list(pillars.columns) == ["team", *PILLAR_COLUMNS]
    assert pillars.loc["Ann", ["clinical", "research", "education"]].tolist() == [30, 3.75, 3.75]
    assert pillars.loc["Bob", NOT_GIVEN] == 7.5  # his SPA names no pillar: never guessed
    assert pillars.loc["Cat", ["leadership and management", NOT_GIVEN]].tolist() == [5, 5]
    # clinical 30+15+20+9; leadership 5 (Cat's ANR); education 3.75 + 6; research 3.75; not given 7.5 + 5
    assert tables.pillar_totals.tolist() == pytest.approx([74, 5, 9.75, 3.75, 12.5])
    assert tables.pillar_totals.sum() == pytest.approx(tables.kpis["planned_hours"])


def test_band_medians_and_the_consistency_panel(tables):
    bands = tables.band_medians
    # Band 7: Ann 0.8, Bob 0.666667, Dan 0.6: median 0.666667 of 3 plans; Band 6: Cat alone, set at 70 %
    assert bands.loc["Band 7", ["plans", "median_dcc_pct", "expected_dcc_pct"]].tolist() == \
        pytest.approx([3, 2 / 3, 2 / 3])
    assert bands.loc["Band 7", "source"] == "median of the band's 3 plans"
    assert bands.loc["Band 6", ["plans", "median_dcc_pct", "expected_dcc_pct"]].tolist() == \
        pytest.approx([1, 2 / 3, 0.7])
    assert bands.loc["Band 6", "source"] == "set in jobplan.toml"
    panel = tables.consistency
    # Ann +13.3 points and Dan -6.7 are outside 5 points: first, furthest first; then Cat -3.3 and Bob 0
    assert panel["name"].tolist() == ["Ann", "Dan", "Cat", "Bob"]
    assert panel["difference_points"].tolist() == pytest.approx([13.333333, -6.666667, -3.333333, 0], abs=1e-6)
    assert panel["panel"].tolist() == ["Review", "Review", "Within tolerance", "Within tolerance"]


def test_a_plan_with_nothing_to_work_out_is_a_row_of_blanks_not_zeros():
    empty = assess(JobPlan(file="e.xlsx", sheet="Job plan", template="BNSSG Appendix 1", name="Eve"), PARAMS, AS_OF)
    tables = team_tables([empty], PARAMS, AS_OF, default_team="Ward C")
    row = tables.staff.iloc[0]
    assert row["team"] == "Ward C" and row["job_plan_hours"] == 0
    for column in ("contracted_hours", "dcc_pct", "wte", "productive_hours", "annual_dcc_hours", "band",
                   "professional_group"):
        assert pd.isna(row[column]), column
    assert tables.by_group.index.tolist() == [NOT_GIVEN]
    assert pd.isna(tables.by_group.loc[NOT_GIVEN, "dcc_share"])
    assert tables.band_medians.empty and pd.isna(tables.consistency.iloc[0]["panel"])
    assert pd.isna(tables.kpis["dcc_share"]) and tables.capacity.loc["Total", "wte"] == 0
    assert tables.activities.empty and list(tables.activities.columns) == list(ACTIVITY_SCHEMA)



def test_an_agreed_variance_takes_a_plan_off_the_review_list_while_it_holds():
    from dataclasses import replace

    from calculator.variances import AgreedVariance

    agreed = AgreedVariance("Ann", "Consistency panel", date(2026, 3, 10), "Pilot clinics", date(2027, 3, 31))
    panel = small_team(replace(PARAMS, agreed_variances={"ann": agreed})).consistency
    # Ann (+13.3 points) is agreed until 31/03/2027: she moves below Dan, the one left for review
    assert panel["name"].tolist() == ["Dan", "Ann", "Cat", "Bob"]
    assert panel["panel"].tolist() == ["Review", "Agreed variance", "Within tolerance", "Within tolerance"]
    ann = panel.set_index("name").loc["Ann"]
    assert ann["agreed_until"] == pd.Timestamp(2027, 3, 31) and ann["agreed_variance"].startswith("Pilot clinics")
