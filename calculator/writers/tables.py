"""`--tables`: the tidy tables (staff, activities, findings) as files an analyst opens in Excel, Power BI,
SQL or a notebook.

CSV is UTF-8 with a byte order mark, so Excel reads names like "Siân" right, with dates in ISO form
(2026-05-20). Excel runs a cell that starts with =, +, -, @, a tab or a carriage return as a formula even
from a CSV, so such text is written with a leading apostrophe (OWASP's advice), and so is text that already
starts with one, so that ``read_csv_table`` can take exactly one off and give back what was read. Numbers and
dates are never changed. Parquet, written when pyarrow is installed, keeps the values and dtypes as they are.
Each file is written whole or not at all.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..team import ACTIVITY_SCHEMA, FINDING_SCHEMA, STAFF_SCHEMA, TeamTables
from .atomic import atomic_path

SCHEMAS = {"staff": STAFF_SCHEMA, "activities": ACTIVITY_SCHEMA, "findings": FINDING_SCHEMA}
# every file --tables may write into the output folder
TABLE_FILES = tuple(f"{name}{suffix}" for name in SCHEMAS for suffix in (".csv", ".parquet"))
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
DATE_FORMAT = "%Y-%m-%d"


def has_parquet() -> bool:
    """Parquet needs pyarrow, an optional extra (pip install 'jobplan[parquet]'); one that is installed but
    cannot be imported (built for another NumPy) counts as missing."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def write_tables(tables: TeamTables, out: Path) -> list[Path]:
    """staff, activities and findings as .csv, and as .parquet when pyarrow is installed; the paths written."""
    written = []
    for name in SCHEMAS:
        frame = getattr(tables, name)
        written.append(write_csv_table(frame, Path(out) / f"{name}.csv"))
        if has_parquet():
            path = Path(out) / f"{name}.parquet"
            with atomic_path(path) as tmp:
                frame.to_parquet(tmp, index=False)
            written.append(path)
    return written


def _is_text(series: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(series.dtype) or isinstance(series.dtype, pd.CategoricalDtype)


def escape(value: str) -> str:
    """Text that Excel would run as a formula (or that starts with the escape itself) behind an apostrophe."""
    return ESCAPE + value if value.startswith((*FORMULA_STARTS, ESCAPE)) else value


def unescape(value: str) -> str:
    return value[1:] if value.startswith(ESCAPE) else value


def write_csv_table(frame: pd.DataFrame, path: Path) -> Path:
    """One table as CSV: UTF-8 with BOM, CRLF line ends, ISO dates, formula-looking text escaped."""
    safe = frame.copy()
    for column in safe.columns:
        if _is_text(safe[column]):
            text = safe[column].astype("string")
            safe[column] = text.where(text.isna(), text.map(escape, na_action="ignore"))
    with atomic_path(path) as tmp:
        safe.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\r\n", date_format=DATE_FORMAT)
    return path


def read_csv_table(path: Path, schema: dict[str, tuple[object, str]] | None = None) -> pd.DataFrame:
    """A table written by ``write_csv_table`` back as it was: the schema's dtypes, the escapes taken off.

    ``schema`` defaults to the one of the file's name (staff.csv: team.STAFF_SCHEMA).
    """
    path = Path(path)
    schema = schema or SCHEMAS[path.stem]
    dates = [name for name, (dtype, _) in schema.items() if str(dtype).startswith("datetime64")]
    # read every text column as text ("007" stays "007"), the rest by their dtype
    dtypes = {name: ("string" if _text_dtype(dtype) else dtype) for name, (dtype, _) in schema.items()
              if name not in dates}
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=dtypes, parse_dates=dates, keep_default_na=False,
                        na_values={name: [""] for name in schema})
    for name, (dtype, _) in schema.items():
        if _text_dtype(dtype):
            frame[name] = frame[name].map(unescape, na_action="ignore").astype(dtype)
        elif name in dates:
            frame[name] = frame[name].astype(dtype)
    return frame


def _text_dtype(dtype: object) -> bool:
    return dtype == "string" or isinstance(dtype, pd.CategoricalDtype)
