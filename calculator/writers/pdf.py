"""team-summary.pdf for email, printed by LibreOffice from the summary workbook."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import OutputError

INSTALL_HINT = ("LibreOffice is needed to write the PDF and was not found. Install it (Debian or Ubuntu: "
                "sudo apt-get install libreoffice-calc-nogui; Windows or Mac: from libreoffice.org) and run again "
                "with --pdf, or print team-summary.xlsx to PDF from Excel.")


def find_libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def write_pdf(summary: Path, target: Path) -> None:
    """Print ``summary`` to ``target`` with LibreOffice headless, atomically; OutputError if it cannot."""
    binary = find_libreoffice()
    if binary is None:
        raise OutputError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="jobplan-pdf-") as work:
        # a profile of its own: a LibreOffice the user has open, or its settings, cannot get in the way
        profile = Path(work, "profile").as_uri()
        try:
            subprocess.run([binary, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                            "--convert-to", "pdf", "--outdir", work, str(summary)],
                           check=True, capture_output=True, timeout=600)
        except (OSError, subprocess.SubprocessError) as exc:
            raise OutputError(f"LibreOffice could not print the summary to PDF ({exc}).") from None
        printed = Path(work, summary.with_suffix(".pdf").name)
        if not printed.exists():
            raise OutputError("LibreOffice wrote no PDF of the summary.")
        staged = target.with_name(f".~jobplan-{target.name}")
        try:
            shutil.copyfile(printed, staged)
            os.replace(staged, target)
        except OSError as exc:  # open in a PDF viewer, a full disk: the manager is told, nothing is left over
            staged.unlink(missing_ok=True)
            raise OutputError(f"{target.name} could not be written ({exc.strerror or exc}): close it if it is open, "
                              "and run again.") from None
