"""Delivered hours files as Excel and other programs save them (issue 15)."""
from datetime import date

import pytest

from calculator import calculate_folder
from calculator.readers.delivered import read_delivered

from .hostile_corpus import copy_good

AS_OF = date(2026, 11, 23)
ROWS = [("Name", "Delivered hours"), ("Siân Jones", "30"), ("Ben Carter", "20.5")]


@pytest.mark.parametrize("encoding, separator", [
    ("utf-8", ","), ("utf-8-sig", ","),  # Excel's "CSV UTF-8" starts with a byte order mark
    ("cp1252", ","), ("cp1252", ";"),  # Excel's plain "CSV" on Windows; semicolons where 1,5 is one and a half
    ("utf-16", "\t"), ("utf-16-le", ","),  # "Unicode text", with and without its mark
])
def test_delivered_csv_in_every_encoding_excel_saves(tmp_path, encoding, separator):
    path = tmp_path / "delivered.csv"
    path.write_bytes("\r\n".join(separator.join(row) for row in ROWS).encode(encoding))
    delivered = read_delivered(path)
    assert {name: hours for hours, _row, name in delivered.hours.values()} == {"Siân Jones": 30.0, "Ben Carter": 20.5}
    assert delivered.findings == []


def test_a_name_given_twice_is_a_finding(tmp_path):
    path = tmp_path / "delivered.csv"
    path.write_text("Name,Delivered hours\nBen Carter,20\nben carter,22\n")
    delivered = read_delivered(path)
    assert [hours for hours, _, _ in delivered.hours.values()] == [22.0]
    [finding] = delivered.findings
    assert finding.cell == "row 3" and "given twice (rows 2 and 3)" in finding.message


def test_a_hundred_thousand_strangers_are_one_finding(tmp_path):
    folder = tmp_path / "plans"
    copy_good(folder)
    lines = ["Name,Delivered hours", "Ben Carter,20"] + [f"Stranger {n},30" for n in range(100_000)]
    (folder / "delivered.csv").write_text("\n".join(lines))
    run = calculate_folder(folder, out=tmp_path / "out", as_of=AS_OF, jobs=1)
    about = [f for f in run.findings if f.file == "delivered.csv"]
    assert len(about) == 1
    assert "100,000 names in the delivered hours match no job plan, e.g. 'Stranger 0' (row 3)" in about[0].message
    assert [p.delivered_hours for p in run.people if p.plan.name == "Ben Carter"] == [20.0]
