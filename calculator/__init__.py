"""jobplan: job planning calculator for NHS non-medical clinical staff.

    from calculator import calculate_folder
    result = calculate_folder("sample_data/specialist-practice-team")
    result.summary_path, result.exit_code
    result.tables().staff          # the figures as pandas DataFrames (calculator/team.py)
"""
from .checks import assess
from .errors import ConfigError, JobplanError, TextParseError, WorkbookError
from .hours import CategoryHours, ProductiveHours, productive_hours
from .model import ActivityLine, Finding, JobPlan, Person
from .params import Params, load_params
from .readers.detect import read_workbook
from .run import RunResult, calculate_folder

__all__ = [
    "ActivityLine",
    "CategoryHours",
    "ConfigError",
    "Finding",
    "JobPlan",
    "JobplanError",
    "Params",
    "Person",
    "ProductiveHours",
    "RunResult",
    "TextParseError",
    "WorkbookError",
    "assess",
    "calculate_folder",
    "load_params",
    "productive_hours",
    "read_workbook",
]
