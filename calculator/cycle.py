"""The yearly job planning cycle: this year's plans against the summary jobplan wrote last time.

The NHS England toolkit asks the consistency panel to look at trends and at the plans agreed since
its last meeting. ``read_previous`` reads the Staff sheet of an earlier team-summary.xlsx (its cached
values: every figure was written with the value jobplan worked out); ``compare`` matches people by
name as the same-person check does (``name_key``) and says who started, who left, what changed for
everyone else, which plans are the same as last time (copied forward) and which were not signed
off again. An ambiguous match (the same name twice on either side) is a finding, never a guess.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from .checks import Person
from .errors import JobplanError, WorkbookError
from .model import CATEGORIES, Finding
from .params import Params
from .readers.delivered import name_key
from .readers.demand import Demand, DemandRow
from .text.dates import EXCEL_EPOCH

SUMMARY_NAME = "team-summary.xlsx"
NOT_GIVEN = "(not given)"  # as the summary writes a missing team or group
STAFF_SHEET = "Staff"
# the Staff heading of the column that identifies a plan's content (see plan_fingerprint)
FINGERPRINT_HEADING = "Plan content ID"
# Staff headings read from the earlier summary, by the field they fill
PREVIOUS_COLUMNS = {
    "name": "Name", "file": "File", "band": "Band", "professional_group": "Professional group",
    "contracted_hours": "Contracted hours", "DCC": "DCC hours", "SPA": "SPA hours", "ANR": "ANR hours",
    "ED": "ED hours", "dcc_pct": "DCC %", "productive_hours": "Productive hours a year",
    "annual_DCC": "Annual DCC hours", "annual_SPA": "Annual SPA hours", "annual_ANR": "Annual ANR hours",
    "annual_ED": "Annual ED hours", "wte": "WTE", "sign_off": "Sign-off", "fingerprint": FINGERPRINT_HEADING,
}
# the headings summaries written before the current one used for the same columns
EARLIER_HEADINGS = {"Productive hours": "Productive hours a year"}
# differences smaller than this are rounding, not a change (hours a week, or a share)
SAME = 0.005


def plan_fingerprint(person: Person) -> str:
    """A short code that is the same for two plans with the same content: activity lines (activity,
    category, hours), contracted hours, leave days, band and job title. The name, the file and the
    sign-off dates are left out, so a plan copied forward with only its dates changed keeps its code.
    """
    plan = person.plan
    lines = sorted((line.activity.strip().casefold(), line.category, round(line.hours, 4)) for line in plan.lines)
    content = repr((lines, round(person.contracted_hours or 0, 4), round(person.leave_days, 4),
                    (plan.band or "").casefold(), (plan.job_title or "").strip().casefold()))
    return hashlib.sha256(content.encode("utf-8")).hexdigest()[:12]


@dataclass
class PreviousPerson:
    """One row of the earlier summary's Staff sheet (Excel row ``row``)."""

    row: int
    name: str
    file: str = ""
    band: str = ""
    professional_group: str = ""
    contracted_hours: float | None = None
    hours: dict[str, float] = field(default_factory=dict)  # weekly, by category
    annual: dict[str, float] = field(default_factory=dict)  # annual, by category
    dcc_pct: float | None = None
    productive_hours: float | None = None
    wte: float | None = None
    sign_off: date | None = None
    fingerprint: str = ""


@dataclass
class Previous:
    """The earlier summary: where it is, the date it was worked out for, and its people."""

    path: Path
    as_of: date | None
    people: list[PreviousPerson] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def previous_summary_path(path: Path | str) -> Path:
    """The team-summary.xlsx a --previous argument names: the file itself, or the output folder holding it."""
    path = Path(path)
    if path.is_dir():
        candidate = path / SUMMARY_NAME
        if not candidate.is_file():
            raise JobplanError(f"{path} holds no {SUMMARY_NAME}: give --previous last year's jobplan-output "
                               f"folder or its {SUMMARY_NAME}.")
        return candidate
    if not path.is_file():
        raise JobplanError(f"The earlier summary {path} does not exist.")
    return path


def read_previous(path: Path | str) -> Previous:
    """The Staff sheet of an earlier team-summary.xlsx (or of the jobplan-output folder holding one)."""
    from .readers.workbook import load_grids

    path = previous_summary_path(path)
    try:
        grids = {grid.sheet: grid for grid in load_grids(path)}
    except WorkbookError as exc:
        raise JobplanError(f"The earlier summary {path} could not be read: {exc}") from None
    staff = grids.get(STAFF_SHEET)
    heading_row = _heading_row(staff) if staff is not None else None
    if heading_row is None:
        raise JobplanError(f"{path} has no Staff sheet with a Name column: it is not a team summary written by "
                           "jobplan. Give --previous last year's jobplan-output folder or its team-summary.xlsx.")
    columns = {}
    for col in range(1, 80):
        if staff.get(heading_row, col) is not None:
            heading = str(staff.get(heading_row, col)).strip()
            columns[EARLIER_HEADINGS.get(heading, heading)] = col
    missing = [h for key, h in PREVIOUS_COLUMNS.items() if h not in columns and key != "fingerprint"]
    if "Name" in missing or "DCC hours" in missing:
        raise JobplanError(f"The Staff sheet of {path} lacks the columns {', '.join(missing)}: it is not a team "
                           "summary written by jobplan.")
    previous = Previous(path, _as_of(grids.get("Assumptions")))
    for row in range(heading_row + 1, staff.max_row + 1):
        values = {key: staff.get(row, columns[h]) for key, h in PREVIOUS_COLUMNS.items() if h in columns}
        if all(v in (None, "") for v in values.values()):
            continue
        previous.people.append(_previous_person(row, values))
    return previous


def _heading_row(grid) -> int | None:
    for row in range(1, min(grid.max_row, 10) + 1):
        if any(str(grid.get(row, col)).strip() == "Name" for col in range(1, 5)):
            return row
    return None


def _as_of(grid) -> date | None:
    """The as_of_date of the earlier run, from its Assumptions sheet."""
    if grid is None:
        return None
    for row in range(1, grid.max_row + 1):
        for col in (1, 2):  # the name was in column A before Assumptions gave each a plain label there
            if grid.get(row, col) == "as_of_date":
                return _date(grid.get(row, col + 1))
    return None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and 20000 <= value <= 80000:  # an Excel serial number
        return EXCEL_EPOCH + timedelta(days=int(value))
    return None


def _previous_person(row: int, values: dict[str, Any]) -> PreviousPerson:
    def text(key: str) -> str:
        value = values.get(key)
        return "" if value is None else str(value).strip()

    return PreviousPerson(
        row=row, name=text("name"), file=text("file"), band=text("band"),
        professional_group=text("professional_group"),
        contracted_hours=_number(values.get("contracted_hours")),
        hours={c: _number(values.get(c)) or 0.0 for c in CATEGORIES},
        annual={c: _number(values.get(f"annual_{c}")) or 0.0 for c in CATEGORIES},
        dcc_pct=_number(values.get("dcc_pct")),
        productive_hours=_number(values.get("productive_hours")),
        wte=_number(values.get("wte")),
        sign_off=_date(values.get("sign_off")),
        fingerprint=text("fingerprint"),
    )


# -- the comparison --------------------------------------------------------------------------------

@dataclass
class Stayer:
    """A person in both years: this year's Person (at ``index`` in the run's people) and last year's row."""

    index: int
    now: Person
    before: PreviousPerson

    @property
    def re_signed(self) -> bool:
        """Signed off after last year's sign-off (a plan with no sign-off now was not)."""
        signed = self.now.plan.sign_off
        return signed is not None and (self.before.sign_off is None or signed > self.before.sign_off)

    @property
    def content(self) -> str:
        """'Same as last time', 'Changed', or 'Same figures' when last year's summary has no content ID."""
        if self.before.fingerprint:
            return "Same as last time" if self.before.fingerprint == plan_fingerprint(self.now) else "Changed"
        return "Same figures" if self.same_figures else "Changed"

    @property
    def same_figures(self) -> bool:
        before, now = self.before, self.now
        return (abs((now.contracted_hours or 0) - (before.contracted_hours or 0)) < SAME
                and all(abs(getattr(now.hours, c) - before.hours[c]) < SAME for c in CATEGORIES))

    def change(self, category: str) -> float:
        return getattr(self.now.hours, category) - self.before.hours[category]


@dataclass
class TeamCapacity:
    """The team's weekly and annual hours by category, its WTE and each category's share of it."""

    staff: int
    wte: float
    weekly: dict[str, float]
    annual: dict[str, float]
    productive: float

    def category_wte(self, category: str) -> float:
        """WTE of a category: the team's WTE split by its annual capacity mix (as the KPIs sheet does)."""
        return self.annual[category] / self.productive * self.wte if self.productive else 0.0


@dataclass
class Changes:
    """What changed since the earlier summary."""

    previous: Previous
    starters: list[tuple[int, Person]] = field(default_factory=list)  # (index in the run's people, person)
    leavers: list[PreviousPerson] = field(default_factory=list)
    stayers: list[Stayer] = field(default_factory=list)
    # names that could not be compared, and why
    not_compared: list[tuple[str, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    before: TeamCapacity | None = None
    now: TeamCapacity | None = None

    @property
    def copied_forward(self) -> list[Stayer]:
        return [s for s in self.stayers if s.content != "Changed"]

    @property
    def not_re_signed(self) -> list[Stayer]:
        return [s for s in self.stayers if not s.re_signed]


def compare(people: list[Person], previous: Previous, params: Params) -> Changes:
    """This year's people against the earlier summary's, matched by name (``name_key``)."""
    changes = Changes(previous)
    now_by_key: dict[str, list[int]] = defaultdict(list)
    for index, person in enumerate(people):
        if person.plan.name:
            now_by_key[name_key(person.plan.name)].append(index)
        else:
            changes.not_compared.append((person.name, "no name on this year's plan"))
    before_by_key: dict[str, list[PreviousPerson]] = defaultdict(list)
    for row in previous.people:
        if row.name:
            before_by_key[name_key(row.name)].append(row)
        else:
            changes.not_compared.append((f"(no name: row {row.row} of the earlier Staff sheet)",
                                         "no name in the earlier summary"))
    label = previous.path.name
    for key in sorted(set(now_by_key) | set(before_by_key)):
        now, before = now_by_key.get(key, []), before_by_key.get(key, [])
        if now and not before:
            changes.starters.extend((i, people[i]) for i in now)
        elif before and not now:
            changes.leavers.extend(before)
        elif len(now) == 1 and len(before) == 1:
            changes.stayers.append(Stayer(now[0], people[now[0]], before[0]))
        else:
            name = people[now[0]].plan.name
            rows = ", ".join(str(b.row) for b in before)
            changes.not_compared.append((name, f"{len(now)} plan(s) this year and {len(before)} last time"))
            changes.findings.append(Finding(
                label, STAFF_SHEET, f"A{before[0].row}", "warning",
                f"{name} cannot be compared with last time: there are {len(now)} job plan(s) with this name now "
                f"and {len(before)} in the earlier summary (Staff row(s) {rows}), so jobplan does not guess "
                "which is which.",
                "Keep one current job plan per person; if two people share a name, add a middle initial to each."))
    for stayer in changes.stayers:
        if stayer.content == "Same as last time":
            plan = stayer.now.plan
            changes.findings.append(Finding(
                plan.file, plan.sheet, plan.cells.get("name", ""), "info",
                f"{plan.name}'s job plan is the same as last time (activities, hours and band unchanged"
                + ("" if stayer.re_signed else ", and not signed off again") + "): it may have been copied forward "
                "without a review.",
                "Check the plan was reviewed with the practitioner this year."))
    changes.now = team_capacity_now(people, params)
    changes.before = _team_capacity_before(previous.people)
    return changes


def team_capacity_now(people: list[Person], params: Params) -> TeamCapacity:
    return TeamCapacity(
        staff=len(people),
        wte=sum(p.contracted_hours / params.full_time_hours for p in people if p.contracted_hours),
        weekly={c: sum(getattr(p.hours, c) for p in people) for c in CATEGORIES},
        annual={c: sum(getattr(p.annual, c) for p in people if p.productive) for c in CATEGORIES},
        productive=sum(p.productive.productive_hours for p in people if p.productive),
    )


def _team_capacity_before(rows: list[PreviousPerson]) -> TeamCapacity:
    return TeamCapacity(
        staff=len(rows),
        wte=sum(r.wte or 0 for r in rows),
        weekly={c: sum(r.hours[c] for r in rows) for c in CATEGORIES},
        annual={c: sum(r.annual[c] for r in rows) for c in CATEGORIES},
        productive=sum(r.productive_hours or 0 for r in rows),
    )


# -- capacity against demand -----------------------------------------------------------------------

def person_team(person: Person) -> str:
    return person.plan.team or NOT_GIVEN


def person_group(person: Person) -> str:
    return person.plan.professional_group or NOT_GIVEN


def match_demand(people: list[Person], demand: Demand) -> tuple[list[tuple[DemandRow, str, list[int]]],
                                                                  list[Finding]]:
    """Each demand row with what it was matched to ("team" or "group") and the indices of its people;
    a name that matches no plan's team or group is a finding."""
    matched, findings = [], []
    for row in demand.rows:
        key = row.name.casefold()
        by_team = [i for i, p in enumerate(people) if person_team(p).casefold() == key]
        by_group = [i for i, p in enumerate(people) if person_group(p).casefold() == key]
        if row.by == "team" or (row.by == "either" and by_team):
            matched.append((row, "team", by_team))
        elif row.by == "group" or by_group:
            matched.append((row, "group", by_group))
        else:
            matched.append((row, "team", []))
        if not matched[-1][2]:
            what = {"team": "team", "group": "professional group"}.get(row.by, "team or professional group")
            findings.append(Finding(demand.file, demand.sheet, f"row {row.row}", "warning",
                                    f"Demand for '{row.name}', which is no plan's {what}.",
                                    "Check the spelling matches the plans' 'Team / service' or 'Professional "
                                    "group' box."))
    return matched, findings
