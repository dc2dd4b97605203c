"""Plan start, review and started-in-post dates: read from the templates, and the reviews they make due."""
from datetime import date, datetime

import openpyxl
import pytest

from calculator.checks import assess
from calculator.params import Params

from .common import BNSSG_TEMPLATE, only_plan
from .test_checks import plan

AS_OF = date(2026, 11, 23)


def _dated(findings, words):
    return [(f.severity, f.cell) for f in findings if words in f.message]


def test_the_dates_are_read_from_the_blank_template(tmp_path):
    book = openpyxl.load_workbook(BNSSG_TEMPLATE)
    sheet = book["Job plan"]
    rows = {c.value: c.row for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    for label, value in (("Name:", "Pat Jones"), ("Job plan start date:", datetime(2026, 4, 1)),
                         ("Review date:", "31/03/2027"), ("Started in this post:", "1 June 2026")):
        sheet.cell(rows[label], 2, value)
    sheet.cell(rows["Day and time"] + 1, 4, "Clinical")
    book.save(tmp_path / "pat.xlsx")
    read = only_plan(tmp_path / "pat.xlsx")
    assert (read.start_date, read.review_date, read.post_start) == (date(2026, 4, 1), date(2027, 3, 31),
                                                                    date(2026, 6, 1))
    assert read.cells["review_date"] == f"B{rows['Review date:']}"


def test_a_date_that_is_not_one_is_a_warning(tmp_path):
    book = openpyxl.load_workbook(BNSSG_TEMPLATE)
    sheet = book["Job plan"]
    row = next(c.row for r in sheet.iter_rows() for c in r if c.value == "Review date:")
    sheet.cell(row, 2, "next spring")
    book.save(tmp_path / "p.xlsx")
    read = only_plan(tmp_path / "p.xlsx")
    assert read.review_date is None
    assert _dated(read.findings, "Review date:") == [("warning", f"B{row}")]


def test_past_review_date_unless_signed_off_since():
    cells = {"review_date": "B20", "post_start": "B21", "name": "B3", "sign_off": "D40"}
    late = assess(plan(review_date=date(2026, 3, 1), sign_off=date(2026, 2, 10), cells=cells), Params(), AS_OF)
    assert _dated(late.findings, "review date, 01/03/2026, has passed") == [("warning", "B20")]
    reviewed = assess(plan(review_date=date(2026, 3, 1), sign_off=date(2026, 3, 5), cells=cells), Params(), AS_OF)
    assert _dated(reviewed.findings, "has passed") == []
    ahead = assess(plan(review_date=date(2027, 3, 1), sign_off=date(2026, 2, 10), cells=cells), Params(), AS_OF)
    assert _dated(ahead.findings, "has passed") == []


def test_a_new_posts_six_month_review():
    cells = {"post_start": "B21", "name": "B3"}
    # started 01/06/2026: six months on is 01/12/2026, after 23/11/2026: due, an info
    due = assess(plan(post_start=date(2026, 6, 1), sign_off=date(2026, 6, 5), cells=cells), Params(), AS_OF)
    assert _dated(due.findings, "six-month review of this new post's job plan is due by 01/12/2026") == [
        ("info", "B21")]
    # started 01/05/2026: due 01/11/2026, passed, and signed off only before it: a warning
    late = assess(plan(post_start=date(2026, 5, 1), sign_off=date(2026, 5, 10), cells=cells), Params(), AS_OF)
    assert _dated(late.findings, "reviewed at six months, due 01/11/2026") == [("warning", "B21")]
    # ... signed off on 02/11/2026, after the due date: the review was held
    held = assess(plan(post_start=date(2026, 5, 1), sign_off=date(2026, 11, 2), cells=cells), Params(), AS_OF)
    assert _dated(held.findings, "six") == []
    # started 01/10/2025, more than active_plan_months (12) before 23/11/2026: not a new post any more
    settled = assess(plan(post_start=date(2025, 10, 1), sign_off=date(2026, 6, 1), cells=cells), Params(), AS_OF)
    assert _dated(settled.findings, "six") == []


@pytest.mark.parametrize("kind, sheet", [("cns_option1_typical_week.xlsx", "Typical week"),
                                         ("cns_option2_sessions.xlsx", "Sessions")])
def test_the_cns_templates_have_the_dates_too(kind, sheet):
    book = openpyxl.load_workbook(BNSSG_TEMPLATE.parent / kind)
    labels = {c.value for row in book[sheet].iter_rows() for c in row}
    assert {"Job plan start date:", "Review date:", "Started in this post:"} <= labels
