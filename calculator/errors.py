"""The exceptions jobplan raises; each message is meant for a service manager to read."""


class JobplanError(Exception):
    """Base of every error jobplan raises on purpose."""


class ConfigError(JobplanError):
    """A trust policy file (jobplan.toml) holds a key or value jobplan cannot use."""


class TextParseError(JobplanError, ValueError):
    """Text typed into a cell could not be read as the thing it should be (a time, a frequency, ...)."""


class WorkbookError(JobplanError):
    """A workbook could not be opened or holds no job plan; ``action`` says what the manager can do."""

    def __init__(self, message: str, action: str = "Open it in Excel, save it as .xlsx, and run again.",
                 sheet: str = "", cell: str = ""):
        super().__init__(message)
        self.action = action
        self.sheet, self.cell = sheet, cell  # where in the workbook, when one sheet is the trouble


class OutputError(JobplanError):
    """An output file could not be written."""


class NoJobPlansError(JobplanError):
    """The folder holds no workbook to read: nothing is written, and the run ends with exit 1."""


class UnusableOutputFolder(OutputError):
    """The output folder given cannot be written at all: a usage error (choose another --out)."""
