"""The Capacity sheet of the team summary: planned DCC hours against what the service needs.

Per team or professional group in demand.csv: staff, WTE, planned DCC hours a week and a year (formulas
over a per-person table, itself formulas over Staff), the demand (yellow inputs: DCC hours a week, or
patient contacts a week and the contacts one DCC hour covers), and the gap: demand less capacity, in
hours a week, hours a year, and WTE through the productive hours of a full-time post. Change a demand
figure, or a person's hours on Staff, and the gap follows. Planned patients a week (BNSSG's "Estimated
no. of patients reviewed", the CNS guide's appointment slots) are shown per person and per team.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..checks import Person
from ..cycle import match_demand, person_group, person_team
from ..hours import leave_days_for_service, productive_hours
from ..readers.demand import Demand
from .summary import staff, write_cell, write_formula

if TYPE_CHECKING:
    from .summary import SummaryWriter

SHEET_NAME = "Capacity"
PERSON_HEADINGS = ["Name", "Team / service", "Professional group", "WTE", "DCC hours a week", "Annual DCC hours",
                   "Planned patients a week", "Patients per DCC hour"]
DEMAND_HEADINGS = ["Team or group", "Matched to", "Staff", "WTE", "Planned DCC hours a week", "Annual DCC hours",
                   "Demand: patient contacts a week", "Contacts per DCC hour", "Demand: DCC hours a week",
                   "Annual demand (DCC hours)", "Gap: DCC hours a week (+ short, - spare)", "Gap: annual DCC hours",
                   "Gap: WTE", "Planned patients a week"]


def should_write(people: list[Person], demand: Demand | None) -> bool:
    return bool(demand and demand.rows) or any(p.plan.patients_per_week is not None for p in people)


def write_capacity(writer: "SummaryWriter", sheet, demand: Demand | None) -> None:
    f, params, people = writer.f, writer.params, writer.people
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 2, 24)
    sheet.set_column(3, 13, 12)
    sheet.write_string(0, 0, "Capacity against demand", f["title"])
    sheet.write_string(1, 0, "Planned DCC hours (formulas over Staff) against the demand in demand.csv (yellow: "
                             "change a figure and the gap follows). A positive gap is a shortfall.", f[None])
    full_time = productive_hours(params.full_time_hours, leave_days_for_service(0, params), params).productive_hours
    sheet.write_string(3, 0, "Productive hours of a full-time post", f["bold"])
    # method.md §3 for full_time_hours on appointment (annual_leave_days from 0 years' service)
    write_formula(sheet, 3, 2, "=full_time_hours*weeks_per_year*(1-sickness_rate-other_leave_rate)"
                               "-full_time_hours/5*(annual_leave_days_0+bank_holiday_days+study_leave_days)",
                  full_time, f["hours"])
    sheet.write_string(3, 3, "a year, on appointment: the gap in WTE is the annual gap over this", f[None])
    ft_cell = "$C$4"

    matched = match_demand(people, demand)[0] if demand else []
    top = 6
    person_top = top + len(matched) + 5
    first, last = person_top + 2, person_top + 1 + max(len(people), 1)  # Excel rows of the per-person table

    def column(letter: str) -> str:
        return f"${letter}${first}:${letter}${last}"

    # -- per team or group -------------------------------------------------------------------
    sheet.write_string(top - 1, 0, "Capacity against demand, per team or professional group", f["bold"])
    for col, heading in enumerate(DEMAND_HEADINGS):
        sheet.write_string(top, col, heading, f["heading"])
    sheet.set_row(top, 60)
    if not matched:
        sheet.write_string(top + 1, 0, "No demand was supplied: put a demand.csv with Team (or Professional group) and "
                                       "Demand DCC hours a week beside the job plans.", f[None])
    for row, (demand_row, by, members) in enumerate(matched, start=top + 1):
        r = row + 1
        key = f"$A{r}"
        match = column("B" if by == "team" else "C")
        sheet.write_string(row, 0, demand_row.name, f[None])
        sheet.write_string(row, 1, "team" if by == "team" else "professional group", f[None])
        chosen = [people[i] for i in members]
        wte = sum(p.contracted_hours / params.full_time_hours for p in chosen if p.contracted_hours)
        dcc = sum(p.hours.DCC for p in chosen)
        annual = sum(p.annual.DCC for p in chosen if p.productive)
        patients = sum(p.plan.patients_per_week or 0 for p in chosen)
        write_formula(sheet, row, 2, f"=COUNTIF({match},{key})", len(chosen))
        write_formula(sheet, row, 3, f"=SUMIF({match},{key},{column('D')})", wte, f["wte"])
        write_formula(sheet, row, 4, f"=SUMIF({match},{key},{column('E')})", dcc, f["hours"])
        write_formula(sheet, row, 5, f"=SUMIF({match},{key},{column('F')})", annual, f["hours"])
        needed = demand_row.dcc_hours
        if demand_row.hours is not None:
            write_cell(sheet, row, 6, demand_row.contacts, writer._input("number"))
            write_cell(sheet, row, 7, demand_row.per_hour, writer._input("number"))
            sheet.write_number(row, 8, demand_row.hours, writer._input("hours"))
        else:
            sheet.write_number(row, 6, demand_row.contacts, writer._input("number"))
            sheet.write_number(row, 7, demand_row.per_hour, writer._input("number"))
            write_formula(sheet, row, 8, f'=IF(N(H{r})>0,G{r}/H{r},"")', needed, f["hours"])
        # demand is every week of the year; capacity is the plan's hours over the weeks people are at work
        write_formula(sheet, row, 9, f'=IF(I{r}="","",I{r}*weeks_per_year)', needed * params.weeks_per_year,
                      f["hours"])
        write_formula(sheet, row, 10, f'=IF(I{r}="","",I{r}-E{r})', needed - dcc, f["hours"])
        gap = needed * params.weeks_per_year - annual
        write_formula(sheet, row, 11, f'=IF(J{r}="","",J{r}-F{r})', gap, f["hours"])
        write_formula(sheet, row, 12, f'=IF(L{r}="","",L{r}/{ft_cell})', gap / full_time, f["wte"])
        write_formula(sheet, row, 13, f"=SUMIF({match},{key},{column('G')})", patients, f["hours"])
    if matched:
        first_row, last_row = top + 1, top + len(matched)
        for col in (10, 11, 12):
            sheet.conditional_format(first_row, col, last_row, col, {"type": "cell", "criteria": ">",
                                                                     "value": 0, "format": f["amber"]})

    # -- per person --------------------------------------------------------------------------
    sheet.write_string(person_top - 1, 0, "Per person: planned DCC hours and patients a week (from Staff, and the "
                                          "plans' patient estimates or appointment slots)", f["bold"])
    for col, heading in enumerate(PERSON_HEADINGS):
        sheet.write_string(person_top, col, heading, f["heading"])
    sheet.set_row(person_top, 45)
    for i, person in enumerate(people):
        row, s = person_top + 1 + i, i + 2
        r = row + 1
        write_formula(sheet, row, 0, f'={staff("Name", s)}&""', person.plan.name or "")
        sheet.write_string(row, 1, person_team(person), f[None])
        write_formula(sheet, row, 2, f'={staff("Professional group", s)}&""', person_group(person))
        wte = person.contracted_hours / params.full_time_hours if person.contracted_hours else ""
        write_formula(sheet, row, 3, f"={staff('WTE', s)}", wte, f["wte"])
        write_formula(sheet, row, 4, f"={staff('DCC hours', s)}", person.hours.DCC, f["hours"])
        write_formula(sheet, row, 5, f"={staff('Annual DCC hours', s)}",
                      person.annual.DCC if person.productive else "", f["hours"])
        patients = person.plan.patients_per_week
        write_cell(sheet, row, 6, patients, writer._input("number"))
        write_formula(sheet, row, 7, f'=IF(AND(N(G{r})>0,N(E{r})>0),G{r}/E{r},"")',
                      patients / person.hours.DCC if patients and person.hours.DCC > 0 else "", f["hours"])
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
