"""A folder of workbooks in, annotated copies and a team summary out: the library's main call."""
from __future__ import annotations

import dataclasses
import errno
import stat
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .checks import assess, review_against_band_medians
from .cycle import Changes, Previous, compare, match_demand, read_previous
from .errors import (
    JobplanError,
    NoJobPlansError,
    OutputError,
    UnusableOutputFolder,
    WorkbookError,
)
from .limits import Limits
from .model import SEVERITIES, Finding, Person
from .params import CONFIG_FILE_NAME, Params, load_params
from .readers.delivered import (
    DELIVERED_NAMES,
    MAX_LISTED,
    find_delivered,
    name_key,
    read_delivered,
)
from .readers.demand import DEMAND_NAMES, Demand, find_demand, read_demand
from .readers.detect import read_workbook
from .readers.workbook import EXCEL_SUFFIXES, READABLE_SUFFIXES
from .text.xml_safe import EXCEL_CELL_MAX, fits_a_cell, xml_safe
from .variances import unmatched_variances
from .workers import Lost, Workers, available_cores  # noqa: F401 - available_cores: the benchmark's
from .writers.outputs import OutputSet, os_error_in, plain_os_error

if TYPE_CHECKING:  # pandas is imported when the tables are first asked for
    from .team import TeamTables

OUTPUT_FOLDER_NAME = "jobplan-output"
SUMMARY_NAME = "team-summary.xlsx"
ANNOTATED_FOLDER_NAME = "annotated"
# files a manager's folder holds that are ours or the system's, passed over without a word
QUIET_NAMES = {CONFIG_FILE_NAME, "desktop.ini", "thumbs.db", *DELIVERED_NAMES, *DEMAND_NAMES}
# other formats a job plan arrives in: named so the manager knows that person is missing
LIKELY_JOB_PLANS = {".xlsb", ".numbers", ".doc", ".docx", ".odt", ".pdf"}


@dataclass
class RunResult:
    """What one run read, worked out and wrote."""

    folder: Path
    out: Path
    as_of: date
    params: Params
    people: list[Person] = field(default_factory=list)
    file_findings: list[Finding] = field(default_factory=list)
    inputs: list[Path] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    summary_path: Path | None = None
    annotated: list[Path] = field(default_factory=list)
    # workbooks read whose annotated copy could not be written: they count in the exit code too
    not_written: list[str] = field(default_factory=list)
    # (file, traceback) of unexpected errors, shown with --debug
    tracebacks: list[tuple[str, str]] = field(default_factory=list)
    # seconds spent in each stage, for the benchmark
    timings: dict[str, float] = field(default_factory=dict)
    # what changed since an earlier summary (--previous), see calculator/cycle.py
    changes: "Changes | None" = None
    # the service's demand, from demand.csv or demand.xlsx beside the plans
    demand: "Demand | None" = None
    # a whole trust's run: the team folder of each file, as the findings name it ("Oncology/Ann.xlsx" -> "Oncology");
    # empty for one team's folder
    folder_teams: dict[str, str] = field(default_factory=dict)
    # how each input is named in findings and the summary: its path below the folder
    display_names: dict[Path, str] = field(default_factory=dict)
    # staff.csv, activities.csv, findings.csv (and .parquet) when asked for
    table_paths: list[Path] = field(default_factory=list)
    # outputs of an earlier run that this run removed, so none is left with other figures (tables)
    removed: list[Path] = field(default_factory=list)
    _tables: "TeamTables | None" = field(default=None, repr=False)

    @property
    def trust(self) -> bool:
        """True when the folder held one subfolder per team."""
        return bool(self.folder_teams)

    def tables(self) -> "TeamTables":
        """The run's figures as pandas DataFrames (calculator/team.py): ``.staff``, ``.activities``,
        ``.findings`` and the roll-ups. Worked out once, when first asked for (the run asks for them
        after the annotated copies, to write the summary)."""
        if self._tables is None:
            from .team import team_tables

            default_team = None if self.trust else (self.folder.resolve().name or str(self.folder))
            self._tables = team_tables(self.people, self.params, self.as_of, self.file_findings,
                                       self.folder_teams, default_team)
        return self._tables

    @property
    def findings(self) -> list[Finding]:
        """Every finding: about files first, then each person's, in the order people were read."""
        return self.file_findings + [f for person in self.people for f in person.findings]

    @property
    def exit_code(self) -> int:
        """0 when every workbook was read and every copy written, 1 when some were not."""
        return 1 if self.unreadable or self.not_written else 0

    def severity_counts(self) -> dict[str, int]:
        counts = Counter(f.severity for f in self.findings)
        return {severity: counts.get(severity, 0) for severity in SEVERITIES}


def default_out(folder: Path) -> Path:
    return Path(folder) / OUTPUT_FOLDER_NAME


def params_for_folder(folder: Path, config: Path | None = None) -> Params:
    """The trust policy: the given file, else jobplan.toml in the folder, else method.md's defaults."""
    if config is not None:
        return load_params(config)
    local = Path(folder) / CONFIG_FILE_NAME
    # a folder (or anything else) by that name is an error, not a file to pass over without a word
    return load_params(local) if local.exists() or local.is_symlink() else Params()


def _our_outputs() -> frozenset[str]:
    from .writers.tables import TABLE_FILES

    return frozenset({SUMMARY_NAME, SUMMARY_NAME.replace(".xlsx", ".pdf"), ANNOTATED_FOLDER_NAME, *TABLE_FILES})


def find_inputs(folder: Path, out: Path) -> tuple[list[Path], list[Finding]]:
    """The workbooks in the folder (not its subfolders, nor our own outputs), and notes on files passed over."""
    workbooks, passed_over = [], []
    out = out.resolve()
    inside = Path(folder).resolve()
    ours = _our_outputs()
    for path in sorted(Path(folder).iterdir(), key=lambda p: p.name.casefold()):
        if path.name.startswith((".", "~$")) or path.name.casefold() in QUIET_NAMES:
            continue
        suffix = path.suffix.casefold()
        odd = _not_a_plain_file(path, inside)
        if odd is not None:
            if odd[0] == "folder" and suffix not in READABLE_SUFFIXES:
                continue  # subfolders are not read (docs/decisions.md)
            passed_over.append(Finding(path.name, "", "", "warning" if suffix in READABLE_SUFFIXES else "info",
                                       f"Not read: {odd[1]}", odd[2]))
            continue
        if path.resolve().parent == out and path.name in ours:
            continue  # a run whose --out is the folder itself: its own outputs are not plans
        if suffix in READABLE_SUFFIXES:
            workbooks.append(path)
        elif suffix in LIKELY_JOB_PLANS:
            passed_over.append(Finding(path.name, "", "", "warning",
                                       "Not read: jobplan reads spreadsheets (.xlsx, .xlsm, .xls, .ods), and this is a "
                                       f"{path.suffix} file, which may be someone's job plan.",
                                       "Open it, copy the plan into the jobplan template, save as .xlsx, run again."))
        else:
            passed_over.append(Finding(path.name, "", "", "info",
                                       "Not read: jobplan reads spreadsheets (.xlsx, .xlsm, .xls, .ods).",
                                       "Save the job plan as an Excel workbook if it is one."))
    return workbooks, passed_over


def _not_a_plain_file(path: Path, folder: Path) -> tuple[str, str, str] | None:
    """(kind, what it is, what to do) for what is not an ordinary file in the folder; None for a file.

    Nothing here opens the file: a pipe would wait for ever, a link could lead anywhere.
    """
    copy_it = "Copy the workbook itself into the folder, and run again."
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):  # a loop, or a link to something gone
            return ("link", "this is a shortcut (symbolic link) that leads nowhere: it points at itself or at a "
                            "file that is no longer there.", copy_it)
        if folder not in target.parents:
            return ("link", f"this is a shortcut (symbolic link) to a file outside the folder ({target}); jobplan "
                            "reads only the files in the folder.", copy_it)
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return ("unknown", f"jobplan could not look at this file ({exc.strerror or exc}).",
                "Check the file's sharing permissions, and run again.")
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return ("folder", "this is a folder, not a workbook.",
                "Move the job plans in it into the team's folder (or rename the folder), and run again.")
    kind = "a pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return ("special", f"this is {kind}, not a file.", "Remove it from the folder.")


def _nothing_to_read(folder: Path, passed_over: list[Finding]) -> str:
    """What was looked for and where, what was there instead, and what to do."""
    kinds = ", ".join(READABLE_SUFFIXES)
    lines = [f"No job plans to read in {folder}: jobplan reads the spreadsheets ({kinds}) in that folder, or, "
             "for a whole trust, in its team subfolders."]
    if passed_over:
        lines.append("It holds only: " + ", ".join(f.file for f in passed_over) + ".")
    lines.append("Put the team's job plan workbooks in the folder and run again. Nothing was written.")
    return "\n".join(lines)


Progress = Callable[[str, int, int], None]  # (stage, done, total)


def calculate_folder(folder: Path | str, out: Path | str | None = None, params: Params | None = None,
                     as_of: date | None = None, jobs: int | None = None,
                     progress: Progress | None = None, previous: Path | str | None = None,
                     tables: bool = False) -> RunResult:
    """Read every job plan in ``folder``, work out and check each, and write the outputs into ``out``.

    ``params`` defaults to the folder's jobplan.toml (or method.md's defaults); ``as_of`` to today;
    ``jobs`` (worker processes) to the cores available. Results come back in file order, so the
    outputs are the same whatever ``jobs`` is. ``previous`` (an earlier jobplan-output folder or its
    team-summary.xlsx) adds what changed since then. One bad workbook never stops the others: it becomes
    an error finding and an entry in ``unreadable``. Inputs are only read. Each output is written
    whole or not at all, and the annotated copies of an earlier run into the same ``out`` are
    replaced as a set, so none is left over from it.

    A folder that holds no workbooks but subfolders that do is a whole trust, one subfolder per team
    (``find_team_folders``). ``tables`` also writes staff, activities and findings as CSV (and Parquet
    when pyarrow is installed) into ``out``.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise JobplanError(f"{folder} is not a folder.")
    out = Path(out) if out is not None else default_out(folder)
    if (out / ANNOTATED_FOLDER_NAME).resolve() == folder.resolve():
        raise JobplanError(f"The annotated copies would be written over the workbooks in {folder}: "
                           "choose another output folder.")
    params = params if params is not None else params_for_folder(folder)
    earlier = read_previous(previous) if previous is not None else None  # before anything is written over it
    result = RunResult(folder, out, as_of or date.today(), params)
    _discover(result)
    if not result.inputs:  # before anything is written: an empty summary would only mislead
        raise NoJobPlansError(_nothing_to_read(folder, result.file_findings))
    _check_writable(out)
    # a plan that could not be read counts in the exit code; a note on a side file (a team's jobplan.toml) does not
    result.unreadable.extend(f.file for f in result.file_findings if f.severity == "warning"
                             and Path(f.file).suffix.casefold() in (*READABLE_SUFFIXES, *LIKELY_JOB_PLANS))

    with OutputSet(out, SUMMARY_NAME, ANNOTATED_FOLDER_NAME) as outputs:
        with Workers(jobs, len(result.inputs), params.limits) as workers:
            started = time.perf_counter()
            people_by_file: dict[Path, list[Person]] = {}
            tasks = [(path, params, result.as_of, result.display_names[path]) for path in result.inputs]
            for done, (path, read) in enumerate(zip(result.inputs, workers.map(_read_one, tasks)), start=1):
                if isinstance(read, Lost):
                    read = _lost_read(result.display_names[path], read, params.limits)
                people_by_file[path] = _take(result, path, read)
                if progress:
                    progress("read", done, len(tasks))
            result.timings["read and compute"] = time.perf_counter() - started
            _flag_same_person_twice(result.people)
            review_against_band_medians(result.people, params, result.as_of)  # the whole team: each band's median
            result.file_findings.extend(unmatched_variances([p.plan.name for p in result.people],
                                                            params.agreed_variances, CONFIG_FILE_NAME))
            _attach_all_delivered(result)
            if earlier is not None:
                _compare_with_previous(result, earlier)
            demand_path = find_demand(folder)
            if demand_path is not None:
                _attach_demand(result, demand_path)
            started = time.perf_counter()
            _write_annotated_copies(result, people_by_file, workers, outputs.annotated, progress)
            result.timings["annotate"] = time.perf_counter() - started
        started = time.perf_counter()
        result.tables()
        result.timings["team tables"] = time.perf_counter() - started
        started = time.perf_counter()
        result.summary_path = out / SUMMARY_NAME
        _write_summary(result, outputs.summary)
        result.timings["summary"] = time.perf_counter() - started
        if tables:
            _write_tables(result, outputs.extras)
        outputs.commit()  # the summary, the copies and the tables together, or the earlier ones kept
    _remove_stale_tables(result)
    return result


def summary_info(result: RunResult):
    """What the summary says of the run besides its figures."""
    from .writers.summary import SummaryInfo

    annotated_folder = result.out / ANNOTATED_FOLDER_NAME
    return SummaryInfo(result.folder, [result.display_names[path] for path in result.inputs],
                       {path.relative_to(annotated_folder).as_posix() for path in result.annotated},
                       result.people, result.changes, result.demand)


def _write_tables(result: RunResult, staging: Path) -> None:
    """--tables: the tidy tables as CSV (and Parquet), staged to go in beside the summary."""
    from .writers.tables import write_tables

    started = time.perf_counter()
    try:
        written = write_tables(result.tables(), staging)
    except OSError as exc:
        raise OutputError(plain_os_error(exc, result.out) or f"The tables could not be written ({exc}).") from None
    result.table_paths = [result.out / path.name for path in written]
    result.timings["tables"] = time.perf_counter() - started


def _remove_stale_tables(result: RunResult) -> None:
    """Tables an earlier run wrote that this one did not (no --tables, or no pyarrow now): never left beside
    a summary with other figures."""
    from .writers.tables import TABLE_FILES

    written = {path.name for path in result.table_paths}
    for name in TABLE_FILES:
        stale = result.out / name
        if name not in written and stale.is_file():
            try:
                stale.unlink()
                result.removed.append(stale)
            except OSError:
                result.file_findings.append(Finding(name, "", "", "warning",
                                                    f"{name} from an earlier run could not be removed, and its "
                                                    "figures are not this run's.", "Delete it by hand."))


# -- which files are read: one team's folder, or a whole trust's ---------------------------------------------

def find_team_folders(folder: Path, out: Path) -> list[Path]:
    """The team folders of a whole trust: the subfolders holding workbooks, when the folder itself holds none.

    Otherwise (the folder holds workbooks, or no subfolder does) it is one team's: an empty list. A whole
    trust is told by what is there rather than by an option, since a folder of only subfolders could not
    be read at all before; hidden folders and jobplan's own outputs are never teams.
    """
    if _workbooks_in(folder, out):
        return []
    return [sub for sub in _subfolders(folder, out) if _workbooks_in(sub, out)]


def _subfolders(folder: Path, out: Path) -> list[Path]:
    out = out.resolve()
    return [path for path in sorted(Path(folder).iterdir(), key=lambda p: p.name.casefold())
            if path.is_dir() and not path.name.startswith((".", "~$")) and path.name != OUTPUT_FOLDER_NAME
            and path.resolve() not in (out, out / ANNOTATED_FOLDER_NAME)]


def _workbooks_in(folder: Path, out: Path) -> bool:
    return bool(find_inputs(folder, out)[0])


def _discover(result: RunResult) -> None:
    """The workbooks to read and how each is named, and notes on the files passed over.

    One team: the workbooks at the top of the folder, named by their file names. A whole trust: those
    at the top of each team folder, named with it ("Oncology/Ann.xlsx"); each is of that team unless its
    plan names another in its Team / service field.
    """
    folder, out = result.folder, result.out
    teams = find_team_folders(folder, out)
    if not teams:
        result.inputs, result.file_findings = find_inputs(folder, out)
        result.display_names = {path: path.name for path in result.inputs}
        result.file_findings.extend(_subfolders_not_read(folder, out))
        return
    for team in teams:
        inputs, passed_over = find_inputs(team, out)
        for path in inputs:
            result.display_names[path] = f"{team.name}/{path.name}"
            result.folder_teams[result.display_names[path]] = team.name
        for finding in passed_over:
            finding = replace(finding, file=f"{team.name}/{finding.file}")
            result.folder_teams[finding.file] = team.name
            result.file_findings.append(finding)
        result.file_findings.extend(_subfolders_not_read(team, out, prefix=f"{team.name}/"))
        if (team / CONFIG_FILE_NAME).is_file():  # one policy for the whole run: say so rather than ignore it
            result.file_findings.append(Finding(
                f"{team.name}/{CONFIG_FILE_NAME}", "", "", "warning",
                "A team folder's policy file is not used: a whole trust's run uses the one in the trust's folder "
                "(or --config) for every team.",
                "Move the settings into the trust folder's jobplan.toml, or run this team's folder on its own."))
        result.inputs.extend(inputs)
    # files beside the team folders: named like any other file passed over
    result.file_findings.extend(find_inputs(folder, out)[1])
    # a team folder with no workbook but what may be plans in other formats (.pdf, .docx, .xlsb): named too,
    # so no one's plan is left out unseen
    for other in _subfolders(folder, out):
        if other not in teams:
            result.file_findings.extend(replace(finding, file=f"{other.name}/{finding.file}")
                                        for finding in find_inputs(other, out)[1] if finding.severity == "warning")


def _subfolders_not_read(folder: Path, out: Path, prefix: str = "") -> list[Finding]:
    """A note for each subfolder holding workbooks that is not read, so no one's plan is left out unseen."""
    return [Finding(f"{prefix}{sub.name}", "", "", "info",
                    "A folder of workbooks that was not read: jobplan reads the workbooks at the top of a team's "
                    "folder, and a trust's folder holds only team folders.",
                    "Move the job plans up into the team's folder if they belong to the team, and run again.")
            for sub in _subfolders(folder, out) if _workbooks_in(sub, out)]


def _attach_all_delivered(result: RunResult) -> None:
    """delivered.csv beside the plans: the folder's, for everyone; in a trust, a team folder's for its team."""
    delivered_path = find_delivered(result.folder)
    if delivered_path is not None:
        _attach_delivered(result, delivered_path)
    for team in sorted(set(result.folder_teams.values())):
        path = find_delivered(result.folder / team)
        if path is not None:
            members = [p for p in result.people if result.folder_teams.get(p.plan.file) == team]
            _attach_delivered(result, path, members, f"{team}/{path.name}")


@dataclass
class _Read:
    """What a worker sends back for one workbook: small, never the workbook itself."""

    people: list[Person]
    findings: list[Finding]
    readable: bool
    tracebacks: list[tuple[str, str]]
    seconds_reading: float
    seconds_computing: float


def _read_one(task: tuple[Path, Params, date, str]) -> _Read:
    """One workbook's people and findings; a workbook that cannot be read becomes a finding.
    ``name`` is how findings name the workbook (its path below the folder read)."""
    path, params, as_of, name = task
    started = time.perf_counter()
    tracebacks = []
    try:
        plans, findings = read_workbook(path, params, display_name=name)
    except WorkbookError as exc:
        plans, findings = [], [Finding(name, exc.sheet, exc.cell, "error", str(exc), exc.action)]
    except PermissionError:
        plans, findings = [], [Finding(name, "", "", "error",
                                       "jobplan is not allowed to open this file.",
                                       "Check the file's sharing permissions (or ask its owner to share it with "
                                       "you), and run again.")]
    except FileNotFoundError:
        plans, findings = [], [Finding(name, "", "", "error",
                                       "This file was moved or deleted while jobplan was running.",
                                       "Put it back in the folder, and run again.")]
    except MemoryError:  # over the worker's memory budget: one finding, the worker lives on
        return _lost_read(name, Lost("memory"), params.limits)
    except Exception as exc:  # one broken workbook must not stop the team's run
        tracebacks.append((name, traceback.format_exc()))
        plans, findings = [], [Finding(name, "", "", "error",
                                       f"jobplan could not read this workbook ({type(exc).__name__}: {exc}).",
                                       "Open it in Excel, save it as .xlsx, and run again; if it still fails, "
                                       "send the workbook and this message to the jobplan team.")]
    read = time.perf_counter()
    people = [assess(plan, params, as_of) for plan in plans]
    for person in people:
        _writable_text(person)
    return _Read(people, findings, bool(plans), tracebacks, read - started, time.perf_counter() - read)


def _writable_text(person: Person) -> None:
    """Clean the plan's text as the outputs will write it (calculator/text/xml_safe.py), with a finding where
    it changes: characters no spreadsheet can store left out, text over Excel's 32,767 characters cut."""
    plan = person.plan
    cleaned, cut = [], []

    def clean(text, cell):
        if not isinstance(text, str):
            return text
        safe = xml_safe(text)
        if safe != text:
            cleaned.append(cell)
        if len(safe) > EXCEL_CELL_MAX:
            cut.append(cell)
            safe = fits_a_cell(safe)
        return safe

    for key in ("name", "job_title", "band", "professional_group", "team"):
        setattr(plan, key, clean(getattr(plan, key), plan.cells.get(key, "")))
    plan.lines[:] = [dataclasses.replace(line, activity=clean(line.activity, line.cell),
                                         note=clean(line.note, line.cell), pillar=clean(line.pillar, line.cell))
                     for line in plan.lines]
    person.findings[:] = [dataclasses.replace(f, message=clean(f.message, f.cell), action=clean(f.action, f.cell))
                          for f in person.findings]
    where = lambda cells: ", ".join(dict.fromkeys(c for c in cells if c)) or "this sheet"  # noqa: E731
    if cleaned:
        person.findings.append(Finding(plan.file, plan.sheet, next((c for c in cleaned if c), ""), "warning",
                                       f"Text in {where(cleaned)} holds characters a spreadsheet cannot store "
                                       "(control characters or broken symbols, perhaps pasted from another "
                                       "system); the outputs show it without them.",
                                       "Check the text in Excel and retype it if it looks wrong."))
    if cut:
        person.findings.append(Finding(plan.file, plan.sheet, next((c for c in cut if c), ""), "warning",
                                       f"Text in {where(cut)} is longer than the {EXCEL_CELL_MAX:,} characters an "
                                       f"Excel cell holds; the outputs show the first {EXCEL_CELL_MAX:,}.",
                                       "Shorten the text in the job plan."))


def _lost_read(name: str, lost: Lost, limits: Limits) -> _Read:
    """The error finding for a workbook whose reading was stopped or crashed: the run goes on without it."""
    message, action = LOST_MESSAGES[lost.reason]
    finding = Finding(name, "", "", "error", message.format(what="read", seconds=limits.seconds_per_workbook,
                                                            memory=limits.memory_mb), action)
    return _Read([], [finding], False, [(name, lost.detail)] if lost.detail else [], 0.0, 0.0)


# why a worker gave no result, in a manager's words: (message, what to do)
LOST_MESSAGES = {
    "time": ("jobplan stopped on this workbook: it took longer than {seconds:g} s to {what}, far longer than a job "
             "plan takes.",
             "Open it in Excel, save it again, and run again; if it still takes too long, copy the job plan into a "
             "fresh jobplan template."),
    "memory": ("jobplan stopped on this workbook: it needed more than {memory:,} MB of memory to {what}, far more "
               "than a job plan needs (it may hold something very large, or be damaged).",
               "Open it in Excel, delete what is not the job plan, save it again, and run again."),
    "crash": ("jobplan's spreadsheet reader failed on this workbook and stopped (it may be damaged, or hold "
              "something the reader cannot handle).",
              "Open it in Excel, save it again, and run again; if it still fails, send the workbook to the "
              "jobplan team."),
    "error": ("jobplan could not {what} this workbook.",
              "Open it in Excel, save it again, and run again; if it still fails, send the workbook and this "
              "message to the jobplan team."),
}


def _take(result: RunResult, path: Path, read: _Read) -> list[Person]:
    result.file_findings.extend(read.findings)
    result.tracebacks.extend(read.tracebacks)
    if not read.readable:
        result.unreadable.append(result.display_names.get(path, path.name))
    result.people.extend(read.people)
    result.timings["reading (all workers)"] = result.timings.get("reading (all workers)", 0) + read.seconds_reading
    result.timings["computing (all workers)"] = (result.timings.get("computing (all workers)", 0)
                                                 + read.seconds_computing)
    return read.people


def _annotate_one(task: tuple[Path, Path, list[Person], Params, Path]) -> tuple[tuple[str, str, str] | None, list]:
    """Write one annotated copy: (None, notes on how it was made), or, when it could not be written,
    ((kind, message, traceback), []), kind "disk" when the output folder or its disk is at fault (the
    whole run stops then), "file" when this workbook is."""
    from .writers.annotated import write_annotated

    source, target, people, params, out = task
    try:
        return None, write_annotated(source, target, people, params)
    except MemoryError:
        return ("file", LOST_REASONS["memory"].format(memory=params.limits.memory_mb), ""), []
    except Exception as exc:  # the summary is still worth writing
        disk = plain_os_error(exc, out)
        if disk and getattr(os_error_in(exc), "errno", None) != errno.ENAMETOOLONG:
            return ("disk", disk, traceback.format_exc()), []
        return ("file", disk or f"{type(exc).__name__}: {exc}", traceback.format_exc()), []


# why a copy could not be written when its worker gave no answer
LOST_REASONS = {
    "time": "it took longer than {seconds:g} s",
    "memory": "it needed more than {memory:,} MB of memory",
    "crash": "the spreadsheet library stopped on it",
    "error": "an unexpected error",
}


def _write_annotated_copies(result: RunResult, people_by_file: dict[Path, list[Person]], workers: Workers,
                            staging: Path, progress: Progress | None = None) -> None:
    """Every copy into the staging folder; a copy that cannot be written is an error finding, and counts."""
    final = result.out / ANNOTATED_FOLDER_NAME
    limits = result.params.limits
    names = _annotated_names(result, people_by_file, staging)
    paths = [path for path in people_by_file if people_by_file[path]]
    tasks = [(path, staging / names[path], people_by_file[path], result.params, result.out) for path in paths]
    for done, (path, answer) in enumerate(zip(paths, workers.map(_annotate_one, tasks)), start=1):
        if isinstance(answer, Lost):
            answer = (("file", LOST_REASONS[answer.reason].format(seconds=limits.seconds_per_workbook,
                                                                  memory=limits.memory_mb), answer.detail), [])
        error, notes = answer
        if progress:
            progress("annotate", done, len(tasks))
        name, display = names[path], result.display_names.get(path, path.name)
        result.file_findings.extend(Finding(display, "", "", "info", note.message, note.action) for note in notes)
        if error is not None:
            kind, message, trace = error
            if kind == "disk":
                raise OutputError(message)
            if trace:
                result.tracebacks.append((display, trace))
            result.not_written.append(display)
            result.file_findings.append(Finding(display, "", "", "error",
                                                f"The annotated copy could not be written ({message}); the "
                                                "workbook's figures are in the summary.",
                                                "Open the workbook in Excel, save it again, and run again."))
            continue
        result.annotated.append(final / name)
        if name != display:
            result.file_findings.append(Finding(display, "", "", "info",
                                                f"The annotated copy is {name}: jobplan writes .xlsx copies.",
                                                ""))


def _annotated_names(result: RunResult, people_by_file: dict[Path, list[Person]], staging: Path) -> dict[Path, str]:
    """Each copy's path below annotated/: its file name, inside its team folder in a whole trust's run.

    A workbook copied under its own name keeps it; a converted one (.xls, .ods) takes what is left.
    """
    from .writers.annotated import annotated_name

    names: dict[Path, str] = {}
    taken: dict[str, set[str]] = defaultdict(set)  # names taken in each team folder ("" for one team)
    for path in sorted(people_by_file, key=lambda p: p.suffix.lower() not in EXCEL_SUFFIXES):
        if people_by_file[path]:
            team = result.folder_teams.get(result.display_names.get(path, path.name), "")
            names[path] = f"{team}/{annotated_name(path, taken[team])}" if team else annotated_name(path, taken[team])
            if team:
                (staging / team).mkdir(exist_ok=True)
    return names


def _write_summary(result: RunResult, path: Path) -> None:
    """The summary into staging; a full disk is a plain message, without the zip library's noise."""
    from .writers.summary import write_summary

    try:
        write_summary(result.tables(), summary_info(result), path)
    except Exception as exc:
        message = plain_os_error(exc, result.out)
        if message is None:
            raise
        _collect_quietly()  # XlsxWriter's unclosed zip would complain as it is collected
        raise OutputError(message) from None


def _collect_quietly() -> None:
    import gc
    import sys

    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _check_writable(out: Path) -> None:
    """Fail before reading anything when the outputs cannot be written (and leave no folder made to find out)."""
    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(prefix=".jobplan-probe-", dir=out)
        probe.close()
    except OSError as exc:
        raise UnusableOutputFolder(f"The output folder {out} cannot be written to ({exc.strerror or exc}). "
                                   "Choose another with --out.") from None
    finally:
        if created and out.is_dir():
            try:
                out.rmdir()  # the run makes it again, and removes it if it fails
            except OSError:
                pass


def _attach_delivered(result: RunResult, path: Path, people: list[Person] | None = None,
                       display: str | None = None) -> None:
    """Delivered hours onto each person by name (of ``people``, else everyone); a name that matches no job
    plan is reported. ``display`` names the file in findings (a team folder's: "Oncology/delivered.csv")."""
    display = display or path.name
    try:
        delivered = read_delivered(path)
    except Exception as exc:  # a broken side file must not stop the team's run
        result.file_findings.append(Finding(display, "", "", "warning",
                                            f"The delivered hours could not be read ({exc}).",
                                            "Save it as a .csv or .xlsx with Name and Delivered hours columns."))
        return
    result.file_findings.extend(replace(f, file=display) if f.file == path.name else f for f in delivered.findings)
    people = {name_key(p.plan.name): p for p in (result.people if people is None else people) if p.plan.name}
    unmatched = []
    for key, (hours, row, name) in delivered.hours.items():
        if key in people:
            people[key].delivered_hours = hours
        else:
            unmatched.append((row, name))
    if len(unmatched) > MAX_LISTED:  # one finding that counts them, not 100,000 rows that bury the rest
        shown = ", ".join(f"'{name}' (row {row})" for row, name in unmatched[:5])
        result.file_findings.append(Finding(display, "", f"row {unmatched[0][0]}", "warning",
                                            f"{len(unmatched):,} names in the delivered hours match no job plan, "
                                            f"e.g. {shown}.",
                                            "Check this is the team's delivered hours file and that the names are "
                                            "spelled as on the job plans."))
        return
    for row, name in unmatched:
        result.file_findings.append(Finding(display, "", f"row {row}", "warning",
                                            f"Delivered hours for '{name}', a name that matches no job plan.",
                                            "Check the spelling matches the name on the job plan."))


def _flag_same_person_twice(people: list[Person]) -> None:
    """method.md §5: the same person in two files (or twice in one workbook) is a warning on each."""
    by_name: dict[str, list[Person]] = defaultdict(list)
    for person in people:
        if person.plan.name:
            by_name[name_key(person.plan.name)].append(person)
    for same in by_name.values():
        if len(same) < 2:
            continue
        places = "; ".join(f"{p.plan.file}, sheet '{p.plan.sheet}'" for p in same)
        for person in same:
            person.findings.append(Finding(
                person.plan.file, person.plan.sheet, person.plan.cells.get("name", ""), "warning",
                f"{person.plan.name} has more than one job plan: {places}.",
                "Keep one current job plan per person and move the others out of the folder.",
            ))


def _compare_with_previous(result: RunResult, previous: Previous) -> None:
    """What changed since the earlier summary; its findings (ambiguous names, copied-forward plans) join the run's."""
    result.changes = compare(result.people, previous, result.params)
    result.file_findings.extend(previous.findings + result.changes.findings)


def _attach_demand(result: RunResult, path: Path) -> None:
    """The service's demand; a row naming no plan's team or group is reported."""
    try:
        result.demand = read_demand(path)
    except Exception as exc:  # a broken side file must not stop the team's run
        result.file_findings.append(Finding(path.name, "", "", "warning", f"The demand could not be read ({exc}).",
                                            "Save it as a .csv or .xlsx with Team and Demand DCC hours a week "
                                            "columns."))
        return
    result.file_findings.extend(result.demand.findings + match_demand(result.people, result.demand)[1])
