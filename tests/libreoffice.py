"""Recalculating our workbooks in a real spreadsheet engine: LibreOffice, headless.

LibreOffice recalculates an xlsx on load only when its profile says so
(/org.openoffice.Office.Calc/Formula/Load OOXMLRecalcMode = 0, "always"); the tests give it a
throw-away profile holding that setting.
"""
from __future__ import annotations

import math
import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <item oor:path="/org.openoffice.Office.Calc/Formula/Load">
    <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop>
  </item>
</oor:items>
"""


def soffice() -> str:
    """The LibreOffice binary; in CI its absence is a failure, elsewhere the test is skipped."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is not installed: .ci/run installs libreoffice-calc-nogui")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    return found


class LibreOffice:
    def __init__(self, work: Path):
        self.profile = work / "profile"
        (self.profile / "user").mkdir(parents=True, exist_ok=True)
        (self.profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
        self.work = work
        self.binary = soffice()

    def recalculate(self, *paths: Path) -> list[Path]:
        """Open each workbook in LibreOffice, recalculate every formula, save a copy; return the copies."""
        out = self.work / f"recalculated-{len(list(self.work.glob('recalculated-*')))}"
        out.mkdir()
        subprocess.run(
            [self.binary, f"-env:UserInstallation={self.profile.as_uri()}", "--headless", "--norestore",
             "--convert-to", "xlsx", "--outdir", str(out), *map(str, paths)],
            check=True, capture_output=True, timeout=300,
        )
        copies = [out / Path(p).name for p in paths]
        missing = [c for c in copies if not c.exists()]
        assert not missing, f"LibreOffice wrote no copy of {missing}"
        return copies


def formula_cells(path: Path) -> dict[tuple[str, str], str]:
    """(sheet, cell) -> formula text, for every formula cell of the workbook."""
    book = openpyxl.load_workbook(path)
    found = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                text = getattr(value, "text", value)  # array formulas
                if cell.data_type == "f" or (isinstance(text, str) and text.startswith("=")):
                    found[(sheet.title, cell.coordinate)] = str(text)
    return found


def values(path: Path) -> dict[tuple[str, str], object]:
    book = openpyxl.load_workbook(path, data_only=True)
    return {(s.title, c.coordinate): c.value for s in book.worksheets for row in s.iter_rows() for c in row}


def same(expected, actual, rel: float = 1e-6) -> bool:
    """Equal as a spreadsheet shows it: numbers to a relative 1e-6, blanks and empty text alike."""
    if expected in (None, "") and actual in (None, ""):
        return True
    if isinstance(expected, datetime) or isinstance(actual, datetime):
        return expected == actual
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return math.isclose(expected, actual, rel_tol=rel, abs_tol=1e-9)
    return expected == actual
