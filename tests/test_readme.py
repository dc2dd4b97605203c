"""The README's commands are the ones that work: CI runs exactly its test command."""
from .common import ROOT


def _try_it_commands(readme: str) -> list[str]:
    """The commands in the README's "Try it" part: each fenced block's line."""
    part = readme.split("## Try it", 1)[1].split("\n## ", 1)[0]
    return [block.split("\n")[1] for block in part.split("```")[1::2]]


def test_ci_runs_exactly_the_readme_commands_in_the_order_that_once_failed():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    try_it, tests = _try_it_commands(readme)
    assert "jobplan calculate" in try_it and "pytest" in tests
    # the set-up and run first, then the tests, each verbatim
    assert f"\n    {try_it} || exit 1\n" in ci and f"\n    {tests} || exit 1\n" in ci
    assert ci.index(try_it) < ci.index(tests)


def test_ci_also_runs_the_suite_with_the_oldest_versions_setup_cfg_allows():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "--resolution lowest-direct -e \"$repo[test]\"" in ci  # every bound read from setup.cfg itself
    assert ci.count("-m pytest") == 2


def test_readme_runs_the_main_job_on_the_shipped_sample_team():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "jobplan calculate sample_data/specialist-practice-team" in readme
    assert (ROOT / "sample_data" / "specialist-practice-team").is_dir()


def test_every_parameter_is_documented_in_the_readme():
    from calculator.params import PARAM_INFO

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [name for name in PARAM_INFO if f"`{name}`" not in readme] == []
