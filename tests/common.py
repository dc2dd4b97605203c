"""What several test modules share: where the sample team is, and reading our outputs back."""
import shutil
from pathlib import Path

import openpyxl

from calculator import Params, read_workbook

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_TEAM = ROOT / "sample_data" / "specialist-practice-team"
BNSSG_TEMPLATE = ROOT / "workbook_templates" / "bnssg_appendix1.xlsx"


def copy_sample_team(folder: Path) -> Path:
    """The sample team's workbooks alone: never what a user's own run left beside them (jobplan-output/)."""
    folder.mkdir(parents=True, exist_ok=True)
    for workbook in SAMPLE_TEAM.glob("*.xlsx"):
        shutil.copy2(workbook, folder / workbook.name)
    return folder


def staff_rows(summary_path: Path) -> list[dict]:
    """The Staff sheet as one dict per person, keyed by heading."""
    book = openpyxl.load_workbook(summary_path, data_only=True)  # formulas as the values written with them
    rows = list(book["Staff"].iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def only_plan(path, params=Params()):
    """The one job plan a test workbook holds."""
    plans, findings = read_workbook(path, params)
    assert len(plans) == 1, findings
    return plans[0]
