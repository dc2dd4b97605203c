"""Parameters: defaults from method.md §2, and a trust's jobplan.toml overriding them."""
import pytest

from calculator.errors import ConfigError
from calculator.params import Params, assumption_rows, load_params, normalise_band


def write(tmp_path, text):
    path = tmp_path / "jobplan.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_method_md_section_2():
    p = Params()
    assert (p.full_time_hours, p.sessions_per_full_time_week, p.session_hours) == (37.5, 10, 3.75)
    assert p.weeks_per_year == pytest.approx(52.142857, abs=1e-6)
    assert dict(p.annual_leave_days) == {0: 27, 5: 29, 10: 33}
    assert (p.bank_holiday_days, p.study_leave_days) == (8, 5)
    assert (p.sickness_rate, p.other_leave_rate) == (0.045, 0.015)
    assert (p.hours_tolerance, p.consistency_tolerance, p.active_plan_months) == (0.25, 0.05, 12)


def test_policy_file_overrides_numbers_percentages_and_tables(tmp_path):
    path = write(tmp_path, """
sickness_rate = "5.2%"
bank_holiday_days = 10
[annual_leave_days]
0 = 28
5 = 30
[expected_dcc_pct]
"Band 7" = 0.6
"8A" = "50%"
""")
    p = load_params(path)
    assert p.sickness_rate == pytest.approx(0.052)
    assert p.bank_holiday_days == 10
    assert dict(p.annual_leave_days) == {0: 28, 5: 30}
    assert dict(p.expected_dcc_pct) == {"7": 0.6, "8a": 0.5}
    assert p.other_leave_rate == 0.015  # untouched


@pytest.mark.parametrize(
    "text, words",
    [
        ("sicknes_rate = 0.05", ["'sicknes_rate'", "not a jobplan parameter"]),
        ("sickness_rate = 4.5", ["'sickness_rate'", "4.5%"]),
        ("sickness_rate = 'high'", ["'sickness_rate'", "'high'"]),
        ("bank_holiday_days = -1", ["'bank_holiday_days'", "negative"]),
        ("full_time_hours = 0", ["'full_time_hours'", "more than 0"]),
        ("active_plan_months = 12.5", ["'active_plan_months'", "whole number"]),
        ("annual_leave_days = 27", ["'annual_leave_days'", "table"]),
        ("[annual_leave_days]\n5 = 29", ["'annual_leave_days'", "0 years"]),
        ("weeks_per_year = ", ["not a valid TOML file"]),
    ],
)
def test_wrong_key_or_value_names_the_key_and_the_file(tmp_path, text, words):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_params(path)
    message = str(caught.value)
    assert str(path) in message
    for word in words:
        assert word in message


def test_assumption_rows_name_every_parameter_as_in_the_policy_file():
    rows = {row.name: row.value for row in assumption_rows(Params())}
    assert rows["sickness_rate"] == 0.045
    assert rows["annual_leave_days.0"] == 27
    assert rows["annual_leave_days.5"] == 29
    assert rows["annual_leave_days.10"] == 33
    assert rows["expected_dcc_pct"] is None  # listed, with none configured
    configured = Params(expected_dcc_pct={"7": 0.6})
    assert {row.name: row.value for row in assumption_rows(configured)}["expected_dcc_pct.7"] == 0.6


@pytest.mark.parametrize("text, band", [("Band 7", "7"), ("band 8A", "8a"), (" 6 ", "6"), ("AfC Band 8b", "8b")])
def test_normalise_band(text, band):
    assert normalise_band(text) == band


def test_consistency_min_plans_is_a_whole_number_of_at_least_one(tmp_path):
    assert Params().consistency_min_plans == 3
    (tmp_path / "jobplan.toml").write_text("consistency_min_plans = 5\n")
    assert load_params(tmp_path / "jobplan.toml").consistency_min_plans == 5
    for wrong, words in (("2.5", "whole number"), ("0", "at least 1")):
        (tmp_path / "jobplan.toml").write_text(f"consistency_min_plans = {wrong}\n")
        with pytest.raises(ConfigError, match=words):
            load_params(tmp_path / "jobplan.toml")
@pytest.mark.parametrize(
    "text, words",
    [
        ('sickness_rate = "150%"', ["'sickness_rate'", "'150%'", "more than 100%"]),  # refused as 1.5 is
        ("sickness_rate = 1.5", ["'sickness_rate'", "1.5"]),
        ("full_time_hours = 1e308", ["'full_time_hours'", "1e+308", "at most 168"]),
        ("weeks_per_year = 1e308", ["'weeks_per_year'", "at most 53"]),
        ("weeks_per_year = 60", ["'weeks_per_year'", "60", "at most 53"]),
        ("active_plan_months = 9223372036854775807", ["'active_plan_months'", "sensible size"]),
        ("active_plan_months = 0", ["'active_plan_months'", "at least 1"]),
        ("bank_holiday_days = 400", ["'bank_holiday_days'", "400", "at most 366"]),
        ("sickness_rate = 0.6\nother_leave_rate = 0.5", ["'sickness_rate' (60.0%)", "110.0%", "under 100%"]),
        ("bank_holiday_days = 200\nstudy_leave_days = 50", ["adds up to 283 days", "261 working days"]),
        ("[annual_leave_days]\n0 = 27\n1e308 = 30", ["'annual_leave_days.1e308'", "from 0 to 100"]),
        ("[limits]\nseconds_per_workbook = -1", ["'limits.seconds_per_workbook'", "more than 0"]),
        ("[limits]\nsecs = 5", ["'limits.secs'", "not a jobplan limit"]),
        ("a = " + "[" * 2000 + "]" * 2000, ["not a valid TOML file"]),
    ],
)
def test_every_value_is_checked_against_what_a_year_holds(tmp_path, text, words):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_params(path)
    message = str(caught.value)
    assert str(path) in message
    for word in words:
        assert word in message


def test_a_policy_file_that_is_not_text_a_folder_or_huge_is_named(tmp_path):
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00\x01PK\x03\x04" * 10)
    folder = tmp_path / "jobplan.toml"
    folder.mkdir()
    huge = tmp_path / "huge.toml"
    huge.write_text("# a comment\n" * 1_000_000)
    for path, words in ((binary, "not text saved as UTF-8"), (folder, "is a folder"), (huge, "over 1 MB")):
        with pytest.raises(ConfigError) as caught:
            load_params(path)
        assert str(path) in str(caught.value) and words in str(caught.value)


def test_a_folder_named_jobplan_toml_beside_the_plans_is_an_error_not_ignored(tmp_path):
    from calculator.run import params_for_folder

    (tmp_path / "jobplan.toml").mkdir()
    with pytest.raises(ConfigError, match="is a folder"):
        params_for_folder(tmp_path)


def test_a_policy_file_saved_with_a_bom_and_limits_is_read(tmp_path):
    path = tmp_path / "jobplan.toml"
    path.write_bytes('\ufeffsickness_rate = "5%"\n[limits]\nseconds_per_workbook = 120\nsheets = 500\n'.encode())
    params = load_params(path)
    assert params.sickness_rate == pytest.approx(0.05)
    assert (params.limits.seconds_per_workbook, params.limits.sheets, params.limits.file_mb) == (120, 500, 50)
