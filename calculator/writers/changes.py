"""The Changes sheet of the team summary: what changed since the summary jobplan wrote last time.

This year's figures are formulas over the Staff sheet (so a correction there follows through);
last time's are values read from the earlier summary, shaded as inputs; every change is a
formula, now minus last time. The comparison itself is calculator/cycle.py.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..cycle import Changes
from ..model import CATEGORIES
from .summary import ANNUAL_BY_CATEGORY, staff, write_cell, write_formula

if TYPE_CHECKING:
    from .summary import SummaryWriter

SHEET_NAME = "Changes"


def write_changes(writer: "SummaryWriter", sheet, changes: Changes) -> None:
    """The whole sheet: the team's capacity then and now, starters, leavers, and everyone in both years."""
    f = writer.f
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 24)
    sheet.set_column(2, 21, 11)
    previous = changes.previous
    sheet.write_string(0, 0, "What changed since the last team summary", f["title"])
    when = f" (as of {previous.as_of:%d/%m/%Y})" if previous.as_of else ""
    sheet.write_string(1, 0, f"Compared with {previous.path}{when}. This year's figures are formulas over Staff; "
                             "last time's are read from that summary (yellow).", f[None])
    row = _team(writer, sheet, changes, 3)
    row = _starters(writer, sheet, changes, row + 2)
    row = _leavers(writer, sheet, changes, row + 2)
    row = _stayers(writer, sheet, changes, row + 2)
    _not_compared(writer, sheet, changes, row + 2)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)


def _headings(writer, sheet, row: int, headings: list[str]) -> None:
    for col, heading in enumerate(headings):
        sheet.write_string(row, col, heading, writer.f["heading"])
    sheet.set_row(row, 45)


def _team(writer: "SummaryWriter", sheet, changes: Changes, top: int) -> int:
    """Staff, WTE, then each category's hours a week, annual hours and WTE: last time, now, change."""
    f, rng, before, now = writer.f, writer.staff_range, changes.before, changes.now
    sheet.write_string(top, 0, "The team", f["bold"])
    _headings(writer, sheet, top + 1, ["", "", "Last time", "Now", "Change"])
    rows = [
        ("Staff with a job plan", before.staff, f"=COUNTA({rng('File')})", now.staff, None),
        ("WTE", before.wte, f"=SUM({rng('WTE')})", now.wte, "wte"),
    ]
    row = top + 2
    for label, last, formula, value, kind in rows:
        sheet.write_string(row, 0, label, f[None])
        write_cell(sheet, row, 2, last, writer._input(kind or "number"))
        write_formula(sheet, row, 3, formula, value, f[kind])
        write_formula(sheet, row, 4, f"=D{row + 1}-C{row + 1}", value - last, f[kind])
        row += 1
    for label, count in (("Starters", len(changes.starters)), ("Leavers", len(changes.leavers)),
                         ("Plans the same as last time", len(changes.copied_forward)),
                         ("Plans not signed off again since", len(changes.not_re_signed))):
        sheet.write_string(row, 0, label, f[None])
        sheet.write_number(row, 3, count, f[None])
        row += 1

    row += 1
    sheet.write_string(row, 0, "Capacity by category", f["bold"])
    row += 1
    _headings(writer, sheet, row, ["Category", "", "Hours a week last time", "Hours a week now", "Change",
                                   "Annual hours last time", "Annual hours now", "Change", "WTE last time",
                                   "WTE now", "Change"])
    productive, wte = f"SUM({rng('Productive hours a year')})", f"SUM({rng('WTE')})"
    for category in CATEGORIES:
        row += 1
        r = row + 1
        sheet.write_string(row, 0, category, f[None])
        weekly_now, annual_now = now.weekly[category], now.annual[category]
        sheet.write_number(row, 2, before.weekly[category], writer._input("hours"))
        write_formula(sheet, row, 3, f"=SUM({rng(f'{category} hours')})", weekly_now, f["hours"])
        write_formula(sheet, row, 4, f"=D{r}-C{r}", weekly_now - before.weekly[category], f["hours"])
        sheet.write_number(row, 5, before.annual[category], writer._input("hours"))
        write_formula(sheet, row, 6, f"=SUM({rng(ANNUAL_BY_CATEGORY[category])})", annual_now, f["hours"])
        write_formula(sheet, row, 7, f"=G{r}-F{r}", annual_now - before.annual[category], f["hours"])
        # WTE of a category: the team's WTE split by its annual capacity mix, as on KPIs
        sheet.write_number(row, 8, before.category_wte(category), f["wte"])
        write_formula(sheet, row, 9, f"=IF({productive}>0,G{r}/{productive}*{wte},0)", now.category_wte(category),
                      f["wte"])
        write_formula(sheet, row, 10, f"=J{r}-I{r}", now.category_wte(category) - before.category_wte(category),
                      f["wte"])
    return row


def _starters(writer: "SummaryWriter", sheet, changes: Changes, top: int) -> int:
    f = writer.f
    sheet.write_string(top, 0, f"Starters: in this year's plans, not in the last summary ({len(changes.starters)})",
                       f["bold"])
    headings = ["Name", "File", "Band", "Professional group", "Contracted hours", "DCC hours", "Annual DCC hours"]
    _headings(writer, sheet, top + 1, headings)
    row = top + 1
    for index, person in changes.starters:
        row += 1
        staff_row = index + 2
        texts = [person.plan.name or "", person.plan.file, person.plan.band or "",
                 person.plan.professional_group or "(not given)"]
        for col, (heading, value) in enumerate(zip(headings, texts)):
            write_formula(sheet, row, col, f'={staff(heading, staff_row)}&""', value, f[None])
        write_formula(sheet, row, 4, f"=N({staff('Contracted hours', staff_row)})", person.contracted_hours or 0,
                      f["hours"])
        write_formula(sheet, row, 5, f"={staff('DCC hours', staff_row)}", person.hours.DCC, f["hours"])
        write_formula(sheet, row, 6, f"={staff('Annual DCC hours', staff_row)}",
                      person.annual.DCC if person.productive else "", f["hours"])
    return row


def _leavers(writer: "SummaryWriter", sheet, changes: Changes, top: int) -> int:
    f = writer.f
    sheet.write_string(top, 0, f"Leavers: in the last summary, not in this year's plans ({len(changes.leavers)})",
                       f["bold"])
    headings = ["Name", "File last time", "Band", "Professional group", "Contracted hours", "DCC hours",
                "Annual DCC hours"]
    _headings(writer, sheet, top + 1, headings)
    row = top + 1
    for leaver in changes.leavers:
        row += 1
        values = [leaver.name, leaver.file, leaver.band, leaver.professional_group, leaver.contracted_hours,
                  leaver.hours["DCC"], leaver.annual["DCC"]]
        for col, value in enumerate(values):
            write_cell(sheet, row, col, value if value != "" else None, f["hours"] if col >= 4 else f[None])
    return row


STAYER_HEADINGS = ["Name", "File", "Contracted hours last time", "Contracted hours now", "Change",
                   "DCC hours change", "SPA hours change", "ANR hours change", "ED hours change",
                   "DCC % last time", "DCC % now", "DCC % change (points)", "Annual DCC hours change",
                   "Signed off last time", "Signed off now", "Signed off again since?", "Plan content",
                   "DCC hours last time", "SPA hours last time", "ANR hours last time", "ED hours last time",
                   "Annual DCC hours last time"]


def _stayers(writer: "SummaryWriter", sheet, changes: Changes, top: int) -> int:
    """One row per person in both years: their changes as formulas over Staff and last time's values."""
    f = writer.f
    sheet.write_string(top, 0, f"In both: what changed for each person ({len(changes.stayers)}); plans the same as "
                               "last time, or not signed off again, first", f["bold"])
    _headings(writer, sheet, top + 1, STAYER_HEADINGS)
    col = {h: i for i, h in enumerate(STAYER_HEADINGS)}
    letter = {h: chr(ord("A") + i) for i, h in enumerate(STAYER_HEADINGS)}
    stayers = sorted(changes.stayers, key=lambda s: (s.content == "Changed" and s.re_signed, s.index))
    row = top + 1
    for stayer in stayers:
        row += 1
        r, s, now, before = row + 1, stayer.index + 2, stayer.now, stayer.before

        def cell(heading: str) -> str:
            return f"{letter[heading]}{r}"

        write_formula(sheet, row, 0, f'={staff("Name", s)}&""', now.plan.name or "")
        write_formula(sheet, row, 1, f'={staff("File", s)}&""', now.plan.file)
        # last time's values, shaded as the inputs they are
        for category in CATEGORIES:
            sheet.write_number(row, col[f"{category} hours last time"], before.hours[category], writer._input("hours"))
        write_cell(sheet, row, col["Annual DCC hours last time"], before.annual["DCC"], writer._input("hours"))
        write_cell(sheet, row, col["Contracted hours last time"], before.contracted_hours, writer._input("hours"))
        write_cell(sheet, row, col["DCC % last time"], before.dcc_pct, writer._input("percent"))
        write_cell(sheet, row, col["Signed off last time"], before.sign_off, writer._input("date"))
        # this year's, and the changes
        contracted = now.contracted_hours
        write_formula(sheet, row, col["Contracted hours now"], f'=IF(N({staff("Contracted hours", s)})>0,'
                      f'{staff("Contracted hours", s)},"")', contracted if contracted else "", f["hours"])
        last, this = cell("Contracted hours last time"), cell("Contracted hours now")
        write_formula(sheet, row, col["Change"], f'=IF(OR({last}="",{this}=""),"",{this}-{last})',
                      contracted - before.contracted_hours if contracted and before.contracted_hours is not None
                      else "", f["hours"])
        for category in CATEGORIES:
            write_formula(sheet, row, col[f"{category} hours change"],
                          f"={staff(f'{category} hours', s)}-{cell(f'{category} hours last time')}",
                          stayer.change(category), f["hours"])
        dcc_now = now.dcc_pct if now.job_plan_hours else ""
        write_formula(sheet, row, col["DCC % now"], f"={staff('DCC %', s)}", dcc_now, f["percent"])
        last, this = cell("DCC % last time"), cell("DCC % now")
        write_formula(sheet, row, col["DCC % change (points)"], f'=IF(OR({last}="",{this}=""),"",({this}-{last})*100)',
                      (dcc_now - before.dcc_pct) * 100 if dcc_now != "" and before.dcc_pct is not None else "",
                      f["points"])
        annual_now = now.annual.DCC if now.productive else 0.0
        write_formula(sheet, row, col["Annual DCC hours change"],
                      f"=N({staff('Annual DCC hours', s)})-{cell('Annual DCC hours last time')}",
                      annual_now - before.annual["DCC"], f["hours"])
        signed = now.plan.sign_off
        write_formula(sheet, row, col["Signed off now"], f'=IF({staff("Sign-off", s)}="","",{staff("Sign-off", s)})',
                      signed if signed else "", f["date"])
        last, this = cell("Signed off last time"), cell("Signed off now")
        write_formula(sheet, row, col["Signed off again since?"],
                      f'=IF({this}="","No",IF({last}="","Yes",IF({this}>{last},"Yes","No")))',
                      "Yes" if stayer.re_signed else "No")
        sheet.write_string(row, col["Plan content"], stayer.content, f[None])
    if stayers:
        first, last_row = top + 2, row
        for heading, value in (("Signed off again since?", '"No"'), ("Plan content", '"Same as last time"')):
            sheet.conditional_format(first, col[heading], last_row, col[heading],
                                     {"type": "cell", "criteria": "==", "value": value, "format": f["amber"]})
    return row


def _not_compared(writer: "SummaryWriter", sheet, changes: Changes, top: int) -> None:
    f = writer.f
    if not changes.not_compared:
        return
    sheet.write_string(top, 0, "Not compared (see Findings)", f["bold"])
    _headings(writer, sheet, top + 1, ["Name", "Why"])
    for row, (name, why) in enumerate(changes.not_compared, start=top + 2):
        sheet.write_string(row, 0, name, f[None])
        sheet.write_string(row, 1, why, f[None])
