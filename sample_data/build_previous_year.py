"""Build last year's team summary for the sample team, to show `--previous`:

    python sample_data/build_previous_year.py

Last year's plans are the sample team's (sample_data/build_sample_team.py) as they stood a year earlier:
sign-offs a year older, except Dev Patel's and Kofi Mensah's, which were not signed off again; Ben Carter
worked 26.25 hours, with a clinic on Thursday morning; Grace Lewis had not yet started; and Owen Hart, a
physiotherapist, has since left. The plans are built in a scratch folder and only jobplan's summary of
them is kept, in specialist-practice-team-2025-output/, as last year's run would have left it.
"""
from __future__ import annotations

import copy
import shutil
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import build_sample_team as team  # noqa: E402

from calculator import calculate_folder  # noqa: E402

OUTPUT = HERE / "specialist-practice-team-2025-output"
LAST_AS_OF = date(2025, 12, 15)
NOT_SIGNED_AGAIN = ("Dev Patel", "Kofi Mensah")


def _year_earlier(value):
    if isinstance(value, datetime):
        return value.replace(year=value.year - 1)
    return value.replace("2026", "2025") if isinstance(value, str) else value


def last_year(person: dict) -> dict:
    person = copy.deepcopy(person)
    if person["header"]["Name:"] not in NOT_SIGNED_AGAIN:
        person["sign_off"] = {role: _year_earlier(signed) for role, signed in person["sign_off"].items()}
    if person["header"]["Name:"] == "Ben Carter":
        person["header"]["Contracted hours per week:"] = "26.25 hrs"
        person["sessions"][7] = ("08:30-12:15", "Hillside Medical Centre", "Clinical", "MSK clinic")
    return person


def leaver() -> dict:
    ben = next(p for p in team.BNSSG_PEOPLE if p["header"]["Name:"] == "Ben Carter")
    owen = last_year(ben)
    owen["file"] = "Owen Hart FCP job plan.xlsx"
    owen["header"]["Name:"] = "Owen Hart"
    owen["header"]["Contracted hours per week:"] = "22.5 hrs"
    owen["sessions"][7] = (None, None, "Not working", None)
    return owen


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "specialist-practice-team"
        folder.mkdir()
        for people, fill in ((team.BNSSG_PEOPLE, team.fill_bnssg), (team.OPTION2_PEOPLE, team.fill_option2),
                             (team.OPTION1_PEOPLE, team.fill_option1)):
            for person in people:
                if person["header"]["Name:"] != "Grace Lewis":
                    fill(last_year(person), folder / person["file"])
        team.fill_bnssg(leaver(), folder / leaver()["file"])
        result = calculate_folder(folder, out=Path(scratch) / "out", as_of=LAST_AS_OF, jobs=1)
        OUTPUT.mkdir(exist_ok=True)
        shutil.copy2(result.summary_path, OUTPUT / result.summary_path.name)
    print(f"Wrote last year's summary of {len(result.people)} plans to {OUTPUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
