"""--tables: staff, activities and findings as CSV (and Parquet), reopened with pandas to the same values."""
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from calculator import ActivityLine, JobPlan, Params, assess
from calculator.cli import main
from calculator.team import team_tables
from calculator.writers.tables import has_parquet, read_csv_table, write_csv_table, write_tables

from .common import copy_sample_team

AS_OF = date(2026, 11, 23)
BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = copy_sample_team(tmp_path_factory.mktemp("team") / "team")
    out = folder.parent / "out"
    result = CliRunner().invoke(main, ["calculate", str(folder), "--out", str(out), "--as-of", "23/11/2026",
                                       "--tables"])
    from calculator import calculate_folder

    run = calculate_folder(folder, out=folder.parent / "library-out", as_of=AS_OF)
    return out, result, run.tables()


def test_the_command_writes_the_three_tables(exported):
    out, result, _ = exported
    assert result.exit_code == 0, result.output
    for name in ("staff", "activities", "findings"):
        assert (out / f"{name}.csv").read_bytes().startswith(BOM)  # Excel reads UTF-8 by its BOM
        assert (out / f"{name}.parquet").is_file() == has_parquet()
    assert "Tables: staff.csv" in result.output
    assert not [p for p in out.iterdir() if p.name.startswith(".~jobplan-")]  # nothing half-written left


@pytest.mark.parametrize("name", ["staff", "activities", "findings"])
def test_each_csv_reopens_to_the_same_table(exported, name):
    out, _, tables = exported
    pd.testing.assert_frame_equal(read_csv_table(out / f"{name}.csv"), getattr(tables, name))


@pytest.mark.parametrize("name", ["staff", "activities", "findings"])
def test_each_parquet_reopens_to_the_same_table(exported, name):
    if not has_parquet():
        pytest.skip("pyarrow is not installed: no Parquet")
    out, _, tables = exported
    pd.testing.assert_frame_equal(pd.read_parquet(out / f"{name}.parquet"), getattr(tables, name))


def test_plain_pandas_reads_the_same_numbers_and_iso_dates(exported):
    out, _, tables = exported
    plain = pd.read_csv(out / "staff.csv", encoding="utf-8-sig")
    assert plain["name"].tolist() == tables.staff["name"].tolist()
    assert plain["productive_hours"].tolist() == pytest.approx(tables.staff["productive_hours"].astype(float)
                                                               .tolist())
    # Grace Lewis signed off on 30/06/2026; Chloe Davies is not signed off (only she dated her plan)
    dates = dict(zip(plain["name"], plain["sign_off"]))
    assert dates["Grace Lewis"] == "2026-06-30" and pd.isna(dates["Chloe Davies"])


def tables_with_awkward_text():
    lines = [ActivityLine("=HYPERLINK(\"http://x\",\"clinic\")", "DCC", 37.5, "Job plan", "D10", "clinical",
                          "one session"),
             ActivityLine("-moved out of session 3", "DCC", -1.5, "Job plan", "D11", None, "@every 6 weeks"),
             ActivityLine("Teaching", "SPA", 1.5, "Job plan", "D12", None, "'quoted' by hand")]
    plan = JobPlan(file="+plan.xlsx", sheet="Job plan", template="BNSSG Appendix 1", name="=1+2",
                   job_title="Nurse", band="Band 6", professional_group="Siân's group", contracted_hours=37.5,
                   leave_days=27, sign_off=date(2026, 5, 20), lines=lines)
    return team_tables([assess(plan, Params(), AS_OF)], Params(), AS_OF, default_team="Ward 1")


def test_text_that_looks_like_a_formula_is_written_behind_an_apostrophe(tmp_path):
    tables = tables_with_awkward_text()
    write_tables(tables, tmp_path)
    staff = (tmp_path / "staff.csv").read_bytes()
    assert staff.startswith(BOM + b"name,file,")
    assert b"\r\n'=1+2,'+plan.xlsx,Job plan," in staff
    assert "Siân's group".encode() in staff  # an apostrophe inside text is left alone
    assert b",2026-05-20," in staff  # ISO date
    activities = (tmp_path / "activities.csv").read_bytes().decode("utf-8-sig")
    assert "'=HYPERLINK(\"\"http://x\"\",\"\"clinic\"\")" in activities  # CSV doubles the quotes inside
    assert "'-moved out of session 3" in activities and ",-1.5," in activities  # numbers are never escaped
    assert "'@every 6 weeks" in activities
    assert "''quoted' by hand" in activities  # a leading apostrophe of its own is doubled, so it survives
    for name in ("staff", "activities", "findings"):
        pd.testing.assert_frame_equal(read_csv_table(tmp_path / f"{name}.csv"), getattr(tables, name))


def test_a_failed_write_leaves_the_earlier_file_as_it_was(tmp_path, monkeypatch):
    tables = tables_with_awkward_text()
    path = tmp_path / "staff.csv"
    path.write_bytes(b"earlier run")

    def fail(self, target, *args, **kwargs):
        Path(target).write_text("half")
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", fail)
    with pytest.raises(OSError):
        write_csv_table(tables.staff, path)
    assert path.read_bytes() == b"earlier run"
    assert [p.name for p in tmp_path.iterdir()] == ["staff.csv"]
