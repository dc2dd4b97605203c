"""The small tables a manager may put beside the job plans (delivered.csv, demand.xlsx): found by name,
and read as rows whichever way Excel or another program saved them."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from .workbook import load_grids

# more problems of one kind than this become one finding that counts them: 100,000 rows would bury the rest
MAX_LISTED = 20
MAX_CSV_BYTES = 64 << 20  # a row per person: a trust's whole workforce is a few MB


def find_side_file(folder: Path, names: tuple[str, ...]) -> Path | None:
    """The first of ``names`` that is a file in ``folder``."""
    return next((folder / name for name in names if (folder / name).is_file()), None)


def table_rows(path: Path, columns: int = 10) -> tuple[str, list[list]]:
    """(sheet name, or "" for a CSV; its rows): a CSV's, or the first sheet's first ``columns`` columns."""
    if path.suffix.lower() == ".csv":
        return "", _csv_rows(path)
    grid = load_grids(path)[0]
    return grid.sheet, [[grid.get(r, c) for c in range(1, columns + 1)] for r in range(1, grid.max_row + 1)]


def _csv_rows(path: Path) -> list[list[str]]:
    """The rows of a CSV as Excel and other programs save it: UTF-8 (with or without a BOM), UTF-16, or
    Windows-1252 (Excel's "CSV" on Windows), separated by commas, semicolons (Excel where the decimal mark
    is a comma) or tabs."""
    with path.open("rb") as handle:
        raw = handle.read(MAX_CSV_BYTES + 1)
    if len(raw) > MAX_CSV_BYTES:
        raise ValueError(f"the file is over {MAX_CSV_BYTES >> 20} MB, far more than a row per person needs")
    text = _decode(raw)
    first = next((line for line in text.splitlines() if line.strip()), "")
    separator = max((",", ";", "\t"), key=first.count) if first else ","
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator)]


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw[1:200:2].count(0) > len(raw[1:200:2]) // 2:  # UTF-16 without its mark: every other byte 0
        return raw.decode("utf-16-le", errors="replace")
    if raw[0:200:2].count(0) > len(raw[0:200:2]) // 2:
        return raw.decode("utf-16-be", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # every byte but five is a character in it
