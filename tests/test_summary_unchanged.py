"""The summary's figures did not move when the writer began taking them from the team tables (issue 12).

tests/data/sample-summary-figures.json was written by the summary writer as it was before (commit 4105c69),
on the sample team with Band 7 set at 60 % and delivered hours for three people (the run of
tests/test_live_workbooks.py): every Staff cell by name and heading, and every number on KPIs and Consistency.
Each of those must still be there, at the same place on Staff; KPIs may have gained figures (by team, by
group), so there each earlier number must still be found, once for each time it was there.
"""
import json
from datetime import date, datetime

import openpyxl
import pytest

from calculator import calculate_folder

from .common import ROOT, copy_sample_team

RENAMED = {"Productive hours": "Productive hours a year"}
BEFORE = json.loads((ROOT / "tests" / "data" / "sample-summary-figures.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    folder = copy_sample_team(tmp_path_factory.mktemp("team") / "team")
    (folder / "jobplan.toml").write_text('[expected_dcc_pct]\n"7" = 0.6\n', encoding="utf-8")
    (folder / "delivered.csv").write_text("Name,Delivered hours\nAmara Okafor,35\nben carter,20.5\n"
                                          "Grace Lewis,15\nNobody Here,10\n", encoding="utf-8")
    run = calculate_folder(folder, as_of=date(2026, 11, 23))
    return openpyxl.load_workbook(run.summary_path, data_only=True)


def close(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a))
    return a == b


def test_every_staff_figure_is_unchanged(book):
    rows = list(book["Staff"].iter_rows(values_only=True))
    now = {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}
    assert sorted(now) == sorted(BEFORE["Staff"])
    changed = {}
    for name, before in BEFORE["Staff"].items():
        for heading, value in before.items():
            # issue 13 renamed one heading for the committee; its figures are the same
            after = now[name][RENAMED.get(heading, heading)]
            after = after.date().isoformat() if isinstance(after, datetime) else after
            if not close(value, after):
                changed[(name, heading)] = (value, after)
    assert changed == {}


@pytest.mark.parametrize("sheet", ["KPIs", "Consistency"])
def test_every_earlier_number_is_still_there(book, sheet):
    now = [v for row in book[sheet].iter_rows(values_only=True) for v in row
           if isinstance(v, (int, float)) and not isinstance(v, bool)]
    missing = []
    for value in BEFORE[sheet]:
        match = next((i for i, v in enumerate(now) if close(value, v)), None)
        if match is None:
            missing.append(value)
        else:
            now.pop(match)
    assert missing == []
    if sheet == "Consistency":
        assert now == []  # the panel gained nothing
