"""The README's commands are the ones that work: CI runs exactly its test command."""
from .common import ROOT


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci_command = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert f"\n{ci_command}\n" in readme


def test_readme_runs_the_main_job_on_the_shipped_sample_team():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "jobplan calculate sample_data/specialist-practice-team" in readme
    assert (ROOT / "sample_data" / "specialist-practice-team").is_dir()


def test_every_parameter_is_documented_in_the_readme():
    from calculator.params import PARAM_INFO

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [name for name in PARAM_INFO if f"`{name}`" not in readme] == []
