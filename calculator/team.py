"""The team's figures as pandas tables (method.md §6): what the summary lays out and `--tables` exports.

``team_tables(people, params, as_of)`` turns a run's people into tidy DataFrames, one row per thing:

- ``staff``: one row per person, the Staff sheet's inputs and results (``STAFF_SCHEMA``);
- ``activities``: one row per activity line, with the cell it was read from (``ACTIVITY_SCHEMA``);
- ``findings``: one row per finding (``FINDING_SCHEMA``);

and the roll-ups a job planning committee reads, each worked out here and only here:

- ``kpis``: the team's KPIs (a Series, ``KPI_MEANINGS``);
- ``capacity``: hours a week, annual hours and WTE by category, with a Total row;
- ``by_group`` and ``by_team``: staff, WTE, active plans and DCC share by professional group and by team;
- ``delivered_by_group``: planned vs delivered hours by professional group, as a percentage variance;
- ``pillars``: weekly hours by the four pillars per person, and ``pillar_totals`` for the team;
- ``band_medians``: each band's median DCC share, the number of plans behind it, and the expected DCC share
  the consistency panel uses; ``consistency``: each plan against it, in the order the panel reads them.

Grouping follows Excel's COUNTIF and SUMIF, which the summary's formulas use: groups, teams and bands that
differ only in case are one, shown as first spelt. The arithmetic of one person stays in hours.py; this
module only adds people up.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Mapping

import pandas as pd

from .activities import PILLARS
from .checks import sign_off_status
from .cycle import plan_fingerprint
from .model import CATEGORIES, SEVERITIES, Finding, Person
from .params import Params, normalise_band
from .variances import variance_for

NOT_GIVEN = "(not given)"
CATEGORY_DTYPE = pd.CategoricalDtype(list(CATEGORIES))
# ordered, so sorting findings puts the most serious first
SEVERITY_DTYPE = pd.CategoricalDtype(list(SEVERITIES), ordered=True)

# column: (dtype, meaning). "string", "Float64" and "Int64" are pandas' nullable types: <NA> where the plan
# does not give the figure, never a made-up 0 or "".
STAFF_SCHEMA: dict[str, tuple[object, str]] = {
    "name": ("string", "the name on the plan"),
    "file": ("string", "the workbook, with its team folder in a whole-trust run (Oncology/Ann.xlsx)"),
    "sheet": ("string", "the sheet the plan is on"),
    "template": ("string", "the template it was read as"),
    "team": ("string", "the plan's Team / service field, else its team folder (the folder run)"),
    "job_title": ("string", "the employed role"),
    "band": ("string", "Agenda for Change band as written by jobplan (Band 7, Band 8a)"),
    "professional_group": ("string", "professional group"),
    "contracted_hours": ("Float64", "contracted hours a week as used (read, or the timetable's when missing)"),
    "leave_days": ("float64", "full-time annual leave days as used"),
    "dcc_hours": ("float64", "Direct Clinical Care hours a week"),
    "spa_hours": ("float64", "Supporting Professional Activities hours a week"),
    "anr_hours": ("float64", "Additional NHS Responsibilities hours a week"),
    "ed_hours": ("float64", "External Duties hours a week"),
    "job_plan_hours": ("float64", "the four categories' sum, hours a week"),
    "dcc_pct": ("Float64", "DCC share of the job plan, 0 to 1 (<NA> for an empty plan)"),
    "wte": ("Float64", "contracted hours / full_time_hours"),
    "unallocated_hours": ("Float64", "contracted hours - job plan hours"),
    "productive_hours": ("Float64", "annual productive hours (method.md §3)"),
    "annual_dcc_hours": ("Float64", "annual DCC capacity: DCC share x productive hours (method.md §4)"),
    "annual_spa_hours": ("Float64", "annual SPA capacity"),
    "annual_anr_hours": ("Float64", "annual ANR capacity"),
    "annual_ed_hours": ("Float64", "annual ED capacity"),
    "unavailable_pct": ("Float64", "share of contracted time lost to leave and absence, 0 to 1"),
    "headroom_uplift": ("Float64", "uplift to establishment that covers the absence, 0 to 1"),
    "sign_off": ("datetime64[ns]", "the date the plan was agreed (NaT when not signed off)"),
    "sign_off_status": ("string", "Active, Expired, No sign-off or Dated after as-of"),
    "active": ("bool", "signed off within active_plan_months of the as-of date"),
    "delivered_hours": ("Float64", "hours a week delivered, where delivered.csv gave them"),
    "plan_fingerprint": ("string", "identifies the plan's content, so next year's run (--previous) can tell a plan "
                                   "copied forward (calculator/cycle.py)"),
}
ACTIVITY_SCHEMA: dict[str, tuple[object, str]] = {
    "person_id": ("int64", "the person's row in staff (0-based)"),
    "name": ("string", "the person's name"),
    "team": ("string", "the person's team"),
    "file": ("string", "the workbook"),
    "sheet": ("string", "the sheet the line was read from"),
    "cell": ("string", "the cell the line was read from"),
    "activity": ("string", "the activity"),
    "category": (CATEGORY_DTYPE, "DCC, SPA, ANR or ED"),
    "pillar": ("string", "clinical, leadership and management, education or research (<NA> when not known)"),
    "weekly_hours": ("float64", "hours a week; negative where an activity takes its time out of a session"),
    "how_read": ("string", "how the hours were worked out from what the cell says"),
}
FINDING_SCHEMA: dict[str, tuple[object, str]] = {
    "person_id": ("Int64", "the person's row in staff (<NA> for a finding about a whole file)"),
    "name": ("string", "the person's name"),
    "team": ("string", "the person's team, or the file's team folder"),
    "file": ("string", "the workbook (or other file) the finding is about"),
    "sheet": ("string", "the sheet"),
    "cell": ("string", "the cell"),
    "severity": (SEVERITY_DTYPE, "error, warning or info"),
    "message": ("string", "what is wrong"),
    "action": ("string", "what to do"),
}
KPI_MEANINGS: dict[str, str] = {
    "staff": "people with a job plan",
    "wte": "their whole-time equivalents",
    "active": "plans signed off within active_plan_months",
    "active_pct": "share of staff with an active job plan (<NA> with no staff)",
    "active_plan_target": "the target for active_pct",
    "planned_hours": "planned hours a week",
    "dcc_hours": "planned DCC hours a week",
    "spa_hours": "planned SPA hours a week",
    "dcc_share": "DCC hours / planned hours (<NA> with none planned)",
    "dcc_spa_ratio": "DCC hours / SPA hours (<NA> with no SPA)",
    "delivered_staff": "staff whose delivered hours were supplied",
    "delivered_hours": "their delivered hours a week",
    "delivered_planned_hours": "their planned hours a week",
    "delivered_pct": "delivered hours / planned hours of the same staff",
    "variance_pct": "delivered / planned - 1: the percentage variance (NHS England's toolkit)",
}
# the pillars in the NHS England toolkit's order, then the hours no pillar was given for
PILLAR_COLUMNS: tuple[str, ...] = (*PILLARS, NOT_GIVEN)


@dataclass
class TeamTables:
    """A run's figures as DataFrames: see the module's docstring for each."""

    params: Params
    as_of: date
    staff: pd.DataFrame
    activities: pd.DataFrame
    findings: pd.DataFrame
    kpis: pd.Series = field(init=False)
    capacity: pd.DataFrame = field(init=False)
    by_group: pd.DataFrame = field(init=False)
    by_team: pd.DataFrame = field(init=False)
    delivered_by_group: pd.DataFrame = field(init=False)
    pillars: pd.DataFrame = field(init=False)
    pillar_totals: pd.Series = field(init=False)
    band_medians: pd.DataFrame = field(init=False)
    consistency: pd.DataFrame = field(init=False)

    def __post_init__(self) -> None:
        staff, params = self.staff, self.params
        self.kpis = team_kpis(staff, params)
        self.capacity = capacity(staff, params)
        self.by_group = grouped_kpis(staff, "professional_group")
        self.by_team = grouped_kpis(staff, "team")
        self.delivered_by_group = delivered_by_group(staff)
        self.pillars = pillars(self.activities, staff)
        self.pillar_totals = self.pillars[list(PILLAR_COLUMNS)].sum()
        self.band_medians = band_medians(staff, params)
        self.consistency = consistency(staff, self.band_medians, params, self.as_of)


def team_tables(people: list[Person], params: Params, as_of: date, file_findings: Iterable[Finding] = (),
                folder_teams: Mapping[str, str] | None = None, default_team: str | None = None) -> TeamTables:
    """The tables and roll-ups of a run's people (in the order read) and the findings about files.

    A person's team is their plan's Team / service field; where it is blank, the team folder their
    file came from (``folder_teams``: file as the findings name it -> folder), else ``default_team``.
    """
    folder_teams = folder_teams or {}
    teams = [team_of(p.plan.team, folder_teams.get(p.plan.file, default_team)) for p in people]
    staff = staff_table(people, params, as_of, teams)
    activities = activity_table(people, teams)
    findings = finding_table(people, teams, list(file_findings), folder_teams, default_team)
    return TeamTables(params, as_of, staff, activities, findings)


def team_of(field_value: str | None, folder_team: str | None) -> str | None:
    """The plan's own Team / service field wins; a blank one leaves the team folder's name."""
    if field_value and field_value.strip():
        return field_value.strip()
    return folder_team


def _frame(columns: dict[str, list], schema: dict[str, tuple[object, str]]) -> pd.DataFrame:
    """A DataFrame of exactly the schema's columns and dtypes, None read as <NA>."""
    frame = pd.DataFrame({name: pd.Series(columns[name], dtype=object) for name in schema})
    return frame.astype({name: dtype for name, (dtype, _) in schema.items()})


def staff_table(people: list[Person], params: Params, as_of: date, teams: list[str | None]) -> pd.DataFrame:
    """One row per person: ``STAFF_SCHEMA``."""
    plans = [p.plan for p in people]
    contracted = [p.contracted_hours for p in people]
    # the Staff sheet's formulas show these only for contracted hours above 0; so does the table
    paid = [c is not None and c > 0 for c in contracted]
    productive = [p.productive for p in people]
    annual = [p.annual if p.productive else None for p in people]
    planned = [p.job_plan_hours for p in people]
    statuses: dict[date | None, str] = {}  # a team's plans share few sign-off dates: each worked out once
    status = [statuses.get(plan.sign_off) or statuses.setdefault(plan.sign_off, sign_off_status(plan.sign_off,
                                                                                                params, as_of))
              for plan in plans]
    columns = {
        "name": [plan.name for plan in plans],
        "file": [plan.file for plan in plans],
        "sheet": [plan.sheet for plan in plans],
        "template": [plan.template for plan in plans],
        "team": teams,
        "job_title": [plan.job_title for plan in plans],
        "band": [plan.band for plan in plans],
        "professional_group": [plan.professional_group for plan in plans],
        "contracted_hours": contracted,
        "leave_days": [p.leave_days for p in people],
        **{f"{c.lower()}_hours": [getattr(p.hours, c) for p in people] for c in CATEGORIES},
        "job_plan_hours": planned,
        "dcc_pct": [p.dcc_pct if total else None for p, total in zip(people, planned)],
        "wte": [c / params.full_time_hours if ok else None for c, ok in zip(contracted, paid)],
        "unallocated_hours": [c - total if ok else None for c, ok, total in zip(contracted, paid, planned)],
        "productive_hours": [h.productive_hours if h else None for h in productive],
        **{f"annual_{c.lower()}_hours": [getattr(a, c) if a else None for a in annual] for c in CATEGORIES},
        "unavailable_pct": [h.unavailable_pct if h else None for h in productive],
        "headroom_uplift": [h.headroom_uplift if h else None for h in productive],
        "sign_off": [pd.Timestamp(plan.sign_off) if plan.sign_off else None for plan in plans],
        "sign_off_status": status,
        "active": [s == "Active" for s in status],
        "delivered_hours": [p.delivered_hours for p in people],
        "plan_fingerprint": [plan_fingerprint(p) for p in people],
    }
    return _frame(columns, STAFF_SCHEMA)


def activity_table(people: list[Person], teams: list[str | None]) -> pd.DataFrame:
    """One row per activity line of every plan: ``ACTIVITY_SCHEMA``."""
    owners = [i for i, p in enumerate(people) for _ in p.plan.lines]
    lines = [line for p in people for line in p.plan.lines]
    names, files = [p.plan.name for p in people], [p.plan.file for p in people]
    columns = {
        "person_id": owners,
        "name": [names[i] for i in owners],
        "team": [teams[i] for i in owners],
        "file": [files[i] for i in owners],
        **{key: [getattr(line, attribute) for line in lines]
           for key, attribute in (("sheet", "sheet"), ("cell", "cell"), ("activity", "activity"),
                                  ("category", "category"), ("pillar", "pillar"), ("weekly_hours", "hours"),
                                  ("how_read", "note"))},
    }
    return _frame(columns, ACTIVITY_SCHEMA)


def finding_table(people: list[Person], teams: list[str | None], file_findings: list[Finding],
                  folder_teams: Mapping[str, str], default_team: str | None) -> pd.DataFrame:
    """Every finding, about files first and then each person's in the order read: ``FINDING_SCHEMA``."""
    rows = [(None, None, folder_teams.get(f.file, default_team), f) for f in file_findings]
    rows += [(i, p.plan.name, team, f) for i, (p, team) in enumerate(zip(people, teams)) for f in p.findings]
    columns = {
        "person_id": [r[0] for r in rows],
        "name": [r[1] for r in rows],
        "team": [r[2] for r in rows],
        **{key: [getattr(r[3], key) for r in rows] for key in ("file", "sheet", "cell", "severity", "message",
                                                                "action")},
    }
    return _frame(columns, FINDING_SCHEMA)


# -- roll-ups ------------------------------------------------------------------------------------------

def _ratio(numerator: float, denominator: float) -> float:
    """numerator / denominator, <NA> where the denominator is 0 (nothing to share out)."""
    return numerator / denominator if denominator else pd.NA


def team_kpis(staff: pd.DataFrame, params: Params) -> pd.Series:
    """The team's KPIs (method.md §6), named as in ``KPI_MEANINGS``."""
    planned = staff["job_plan_hours"].sum()
    dcc, spa = staff["dcc_hours"].sum(), staff["spa_hours"].sum()
    supplied = staff[staff["delivered_hours"].notna()]
    delivered = supplied["delivered_hours"].sum()
    delivered_planned = supplied["job_plan_hours"].sum()
    values = {
        "staff": len(staff),
        "wte": staff["wte"].sum(),
        "active": int(staff["active"].sum()),
        "active_pct": _ratio(staff["active"].sum(), len(staff)),
        "active_plan_target": params.active_plan_target,
        "planned_hours": planned,
        "dcc_hours": dcc,
        "spa_hours": spa,
        "dcc_share": _ratio(dcc, planned),
        "dcc_spa_ratio": _ratio(dcc, spa),
        "delivered_staff": len(supplied),
        "delivered_hours": delivered,
        "delivered_planned_hours": delivered_planned,
        "delivered_pct": _ratio(delivered, delivered_planned),
        "variance_pct": _ratio(delivered - delivered_planned, delivered_planned),
    }
    return pd.Series(values, dtype=object, name="kpis")


def capacity(staff: pd.DataFrame, params: Params) -> pd.DataFrame:
    """Hours a week, annual hours and WTE by category, and their Total (method.md §4, §6).

    A category's WTE is the team's WTE split by its annual capacity mix: annual hours / productive hours x WTE.
    """
    productive, wte = staff["productive_hours"].sum(), staff["wte"].sum()
    rows = {}
    for category in CATEGORIES:
        annual = staff[f"annual_{category.lower()}_hours"].sum()
        rows[category] = (staff[f"{category.lower()}_hours"].sum(), annual,
                          annual / productive * wte if productive else 0.0)
    annual_total = sum(row[1] for row in rows.values())
    rows["Total"] = (staff["job_plan_hours"].sum(), annual_total,
                     annual_total / productive * wte if productive else 0.0)
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=["weekly_hours", "annual_hours", "wte"])
    frame.index.name = "category"
    return frame.astype("float64")


def _labels(staff: pd.DataFrame, column: str) -> tuple[pd.Series, pd.Series]:
    """Each row's group label (NOT_GIVEN where blank) and its key: groups that differ only in case are one,
    shown as first spelt, as Excel's COUNTIF and SUMIF see them."""
    labels = staff[column].fillna(NOT_GIVEN).astype(object)
    keys = labels.str.casefold()
    first = dict(zip(keys[::-1], labels[::-1]))  # the first spelling of each key: later ones written over
    return keys.map(first), keys


def grouped_kpis(staff: pd.DataFrame, column: str) -> pd.DataFrame:
    """Staff, WTE, active plans and DCC share for each value of ``column`` (professional_group or team).

    Columns: staff, wte, active, active_pct, planned_hours, dcc_hours, dcc_share; index: the group,
    sorted by its label.
    """
    labels, _ = _labels(staff, column)
    grouped = staff.assign(_label=labels.values).groupby("_label", sort=True)
    frame = pd.DataFrame({
        "staff": grouped.size().astype("int64"),
        "wte": grouped["wte"].sum().astype("float64"),
        "active": grouped["active"].sum().astype("int64"),
        "planned_hours": grouped["job_plan_hours"].sum(),
        "dcc_hours": grouped["dcc_hours"].sum(),
    })
    frame.insert(3, "active_pct", (frame["active"] / frame["staff"]).astype("Float64"))
    frame["dcc_share"] = (frame["dcc_hours"] / frame["planned_hours"]).where(frame["planned_hours"] > 0)
    frame["dcc_share"] = frame["dcc_share"].astype("Float64")
    frame.index.name = column
    return frame


def delivered_by_group(staff: pd.DataFrame) -> pd.DataFrame:
    """Planned vs delivered hours a week by professional group, over the staff whose delivered hours were
    supplied; ``variance_pct`` is delivered / planned - 1, as the NHS England toolkit words it.

    Columns: staff, planned_hours, delivered_hours, variance_pct; only groups with delivered hours.
    """
    labels, _ = _labels(staff, "professional_group")
    supplied = staff.assign(_label=labels.values)
    supplied = supplied[supplied["delivered_hours"].notna()]
    grouped = supplied.groupby("_label", sort=True)
    frame = pd.DataFrame({
        "staff": grouped.size().astype("int64"),
        "planned_hours": grouped["job_plan_hours"].sum().astype("float64"),
        "delivered_hours": grouped["delivered_hours"].sum().astype("float64"),
    })
    variance = (frame["delivered_hours"] / frame["planned_hours"] - 1).where(frame["planned_hours"] > 0)
    frame["variance_pct"] = variance.astype("Float64")
    frame.index.name = "professional_group"
    return frame


def pillars(activities: pd.DataFrame, staff: pd.DataFrame) -> pd.DataFrame:
    """Weekly hours of each person by the four pillars of practice, and those no pillar was given for
    (so each row adds up to the person's job plan hours). Index: person_id; columns: name, team, then
    ``PILLAR_COLUMNS``."""
    pillar = activities["pillar"].fillna(NOT_GIVEN).astype(object)
    table = (activities.assign(_pillar=pillar)
             .pivot_table(index="person_id", columns="_pillar", values="weekly_hours", aggfunc="sum",
                          observed=True)
             .reindex(index=range(len(staff)), columns=list(PILLAR_COLUMNS))
             .fillna(0.0).astype("float64"))
    table.columns.name = None
    table.index.name = "person_id"
    table.insert(0, "team", staff["team"].values)
    table.insert(0, "name", staff["name"].values)
    return table


def band_medians(staff: pd.DataFrame, params: Params) -> pd.DataFrame:
    """For each band: how many plans have hours (``plans``), their median DCC share, and the expected
    DCC share the consistency panel measures against: the one set in jobplan.toml, else that median
    (method.md §6), with where it comes from (``source``). Index: band, sorted ignoring case."""
    known = staff[staff["band"].notna()]
    labels, keys = _labels(known, "band")
    frame = known.assign(_label=labels.values, _key=keys.values)
    rows = []
    for key, members in sorted(frame.groupby("_key", sort=False), key=lambda item: item[0]):
        band = members["_label"].iloc[0]
        shares = members.loc[members["job_plan_hours"] > 0, "dcc_pct"].astype("float64")
        median = shares.median() if len(shares) else pd.NA
        configured = params.expected_dcc_pct.get(normalise_band(band))
        expected, source = expected_dcc(configured, median, len(shares), params.consistency_min_plans)
        rows.append((band, len(shares), median, configured, expected, source))
    result = pd.DataFrame(rows, columns=["band", "plans", "median_dcc_pct", "configured_dcc_pct",
                                         "expected_dcc_pct", "source"])
    result = result.astype({"band": "string", "plans": "int64", "median_dcc_pct": "Float64",
                            "configured_dcc_pct": "Float64", "expected_dcc_pct": "Float64", "source": "string"})
    return result.set_index("band")


def expected_dcc(configured: float | None, median, plans: int, min_plans: int = 3) -> tuple[object, str]:
    """A band's expected DCC share and where it comes from: the trust's setting, else the band's median when
    it has at least ``min_plans`` plans (consistency_min_plans), else none (as checks.band_expectations)."""
    if configured is not None:
        return configured, "set in jobplan.toml"
    if plans >= min_plans:
        return median, f"median of the band's {plans} plans"
    return pd.NA, (f"no expected value: set expected_dcc_pct for this band in jobplan.toml (a median needs more "
                   f"plans than {'this one' if plans == 1 else f'these {plans}'})")


def consistency(staff: pd.DataFrame, bands: pd.DataFrame, params: Params, as_of: date) -> pd.DataFrame:
    """Each plan's DCC share against its band's expected share, in the panel's order: plans outside
    consistency_tolerance first (but not those the panel agreed a variance for, while it holds), the furthest
    out first, then as read.

    Index: person_id; columns: name, band, dcc_pct, expected_dcc_pct, difference_points (DCC % - expected,
    in percentage points), panel ("Review", "Agreed variance", "Within tolerance", "No expected value" for a plan
    whose band has none, or <NA> where the plan has no hours), and the panel's agreement from jobplan.toml where
    there is one (calculator/variances.py): agreed_on, agreed_until, agreed_variance (its description).
    """
    expected_by_key = {band.casefold(): value for band, value in bands["expected_dcc_pct"].items()}
    expected = pd.Series([expected_by_key.get(b.casefold(), pd.NA) if isinstance(b, str) else pd.NA
                          for b in staff["band"].astype(object)], index=staff.index, dtype="Float64")
    has_plan = staff["job_plan_hours"] > 0
    difference = ((staff["dcc_pct"] - expected) * 100).where(has_plan)
    outside = (difference.abs() > params.consistency_tolerance * 100 + 1e-9).fillna(False).astype(bool)
    variances = [variance_for(name, params.agreed_variances) if isinstance(name, str) else None
                 for name in staff["name"].astype(object)]
    agreed = outside & pd.Series([v is not None and v.current(as_of) for v in variances], index=staff.index)
    panel = pd.Series(pd.NA, index=staff.index, dtype="string")
    panel[has_plan & expected.isna()] = "No expected value"
    panel[difference.notna()] = "Within tolerance"
    panel[outside] = "Review"
    panel[agreed] = "Agreed variance"
    frame = pd.DataFrame({
        "name": staff["name"], "band": staff["band"], "dcc_pct": staff["dcc_pct"], "expected_dcc_pct": expected,
        "difference_points": difference.astype("Float64"), "panel": panel,
        "agreed_on": pd.Series([pd.Timestamp(v.agreed_on) if v else None for v in variances], index=staff.index,
                               dtype="datetime64[ns]"),
        "agreed_until": pd.Series([pd.Timestamp(v.until) if v else None for v in variances], index=staff.index,
                                  dtype="datetime64[ns]"),
        "agreed_variance": pd.Series([v.describe() if v else None for v in variances], index=staff.index,
                                     dtype="string"),
    })
    order = pd.DataFrame({"inside": ~outside | agreed, "distance": -difference.abs().fillna(0.0).astype("float64"),
                          "row": range(len(staff))}, index=staff.index)
    frame = frame.loc[order.sort_values(["inside", "distance", "row"]).index]
    frame.index.name = "person_id"
    return frame
